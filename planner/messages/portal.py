"""Messages of the public pages for residents: finding a compound, its page, feedback, notice."""

MESSAGES: dict[str, dict[str, str]] = {
    "feedback.about_work": {
        "zh": "反映「{work}」的问题（质保期内的缺陷由施工单位免费维修）。",
        "en": "About the work “{work}” (defects within the warranty are repaired free of charge).",
    },
    "page.compound": {"zh": "我的小区", "en": "My compound"},
    "portal.find.title": {"zh": "查找我的小区", "en": "Find my compound"},
    "portal.find.intro": {
        "zh": "输入小区或道路名称，或在地图上点选，查看改造内容、进度和居民意见。",
        "en": "Type the name of your compound or road, or pick it on the map, to see the works, "
        "their progress and what residents said.",
    },
    "portal.find.search": {
        "zh": "小区名称、街道或社区",
        "en": "Compound name, street or community",
    },
    "portal.find.count": {
        "zh": "共找到 {total} 个，第 {first}–{last} 个（第 {page}/{pages} 页）",
        "en": "{total} found, {first}–{last} shown (page {page} of {pages})",
    },
    "portal.find.all": {
        "zh": "全部 {total} 个小区和道路，最新改造计划在前；"
        "第 {first}–{last} 个（第 {page}/{pages} 页）",
        "en": "All {total} compounds and roads, the newest programme first; {first}–{last} shown "
        "(page {page} of {pages})",
    },
    "portal.find.prev": {"zh": "上一页", "en": "Previous page"},
    "portal.find.next": {"zh": "下一页", "en": "Next page"},
    "portal.find.go": {"zh": "查找", "en": "Search"},
    "portal.find.placeholder": {"zh": "例如：广汇", "en": "e.g. Guanghui"},
    "portal.find.none": {
        "zh": "没有找到名称、街道或社区包含「{query}」的小区。",
        "en": "No compound has “{query}” in its name, street or community.",
    },
    "portal.find.map": {"zh": "在地图上点选", "en": "Pick on the map"},
    "portal.find.open": {"zh": "查看", "en": "Open"},
    "portal.unknown_site": {
        "zh": "链接中的小区不存在，请重新查找。",
        "en": "The compound in this link does not exist. Please search again.",
    },
    "portal.back": {"zh": "← 查找其他小区", "en": "← Find another compound"},
    "portal.illustrative": {
        "zh": "说明：本系统中的小区位置、楼栋轮廓和部分明细为示意数据（无公开坐标）；"
        "改造总量与 2023 年公开报告一致。",
        "en": "Note: the compound locations, building outlines and some details here are "
        "illustrative (no public coordinates exist); the 2023 totals equal the public report.",
    },
    "portal.illustrative_sample": {
        "zh": "说明：本页的位置、轮廓和各项数字为示意样例数据，仅供演示。",
        "en": "Note: the location, outline and figures on this page are illustrative sample "
        "data, for demonstration only.",
    },
    "portal.length": {"zh": "全长 {length} 米", "en": "{length} m long"},
    "portal.as_of": {"zh": "数据截至 {day}", "en": "Figures as of {day}"},
    "portal.facts": {
        "zh": "{sub_district}　{buildings} 栋楼　{households} 户",
        "en": "{sub_district} · {buildings} buildings · {households} households",
    },
    "portal.programmes": {"zh": "所属改造计划：{names}", "en": "Programme: {names}"},
    "portal.overall": {"zh": "总体进度", "en": "Overall progress"},
    "portal.overall_help": {
        "zh": "按各项工程造价加权计算。",
        "en": "Weighted by the cost of each kind of work.",
    },
    "portal.works": {"zh": "改造内容和进度", "en": "What is being done"},
    "portal.no_works": {
        "zh": "这个小区暂时没有登记改造项目。",
        "en": "No works are registered for this compound yet.",
    },
    "portal.work_line": {
        "zh": "已完成 {completed} / 计划 {planned} {unit}（{percent}）",
        "en": "{completed} of {planned} {unit} done ({percent})",
    },
    "portal.work_buildings": {"zh": "涉及 {count} 栋楼", "en": "{count} buildings"},
    "portal.when": {"zh": "工期：{start} 至 {end}", "en": "When: {start} to {end}"},
    "portal.when_unknown": {"zh": "工期待定", "en": "Dates to be set"},
    "portal.finished": {"zh": "已于 {day} 完工", "en": "Finished on {day}"},
    "portal.overdue": {
        "zh": "逾期：原计划 {day} 完成，至今未完成",
        "en": "Overdue: due by {day}, not finished yet",
    },
    "portal.overdue_mark": {"zh": "逾期", "en": "overdue"},
    "portal.recent": {"zh": "最近更新", "en": "Recent changes"},
    "portal.recent_none": {
        "zh": "最近 {days} 天没有更新。",
        "en": "No changes in the last {days} days.",
    },
    "portal.milestone.started": {"zh": "{scope}：开工", "en": "{scope}: work started"},
    "portal.milestone.progress": {
        "zh": "{scope}：已完成 {percent}%",
        "en": "{scope}: {percent}% done",
    },
    "portal.milestone.finished": {"zh": "{scope}：全部完成", "en": "{scope}: all done"},
    "portal.milestone.accepted": {
        "zh": "{scope}：验收合格",
        "en": "{scope}: passed its acceptance inspection",
    },
    "portal.milestone.adopted": {
        "zh": "采纳居民建议（{category}）",
        "en": "Residents' suggestion adopted ({category})",
    },
    "portal.milestone.adopted_work": {
        "zh": "采纳居民建议（{category}），纳入工程：{scope}",
        "en": "Residents' suggestion adopted ({category}), now part of the works: {scope}",
    },
    "portal.survey": {"zh": "居民意见调查", "en": "Residents' survey"},
    "portal.survey_none": {
        "zh": "这个小区还没有登记居民调查结果。",
        "en": "No survey results are registered for this compound yet.",
    },
    "portal.survey_responses": {"zh": "参与人次", "en": "Responses"},
    "portal.survey_support": {"zh": "支持率", "en": "In favour"},
    "portal.survey_suggestions": {"zh": "收到建议", "en": "Suggestions"},
    "portal.suggestions_received": {
        "zh": "已收到居民意见和建议：{count} 条",
        "en": "Messages and suggestions received: {count}",
    },
    "portal.survey_note": {
        "zh": "仅公开汇总数字，不公开个人答卷。",
        "en": "Only totals are published, never individual answers.",
    },
    "portal.adopted": {"zh": "采纳的居民建议", "en": "Residents' suggestions adopted"},
    "portal.adopted_none": {
        "zh": "暂无已采纳的建议。",
        "en": "No suggestion has been adopted yet.",
    },
    "portal.adopted_answer": {"zh": "住建局答复：", "en": "The bureau's answer: "},
    "portal.adopted_work": {"zh": "已纳入工程：{scope}", "en": "Now part of the works: {scope}"},
    "portal.share": {"zh": "分享与公示", "en": "Share and print"},
    "portal.share_link": {"zh": "本小区固定链接：", "en": "This compound's permanent link:"},
    "portal.qr_png": {"zh": "下载二维码（PNG）", "en": "QR code (PNG)"},
    "portal.qr_svg": {"zh": "下载二维码（SVG）", "en": "QR code (SVG)"},
    "portal.notice": {"zh": "下载公示（可打印）", "en": "Public notice (printable)"},
    "portal.contact": {"zh": "联系：{contact}", "en": "Contact: {contact}"},
    "feedback.title": {"zh": "提交意见或建议", "en": "Send a suggestion"},
    "feedback.intro": {
        "zh": "您的意见会交给住建局工作人员处理。电话号码仅工作人员可见，不会公开。",
        "en": "Your message goes to the housing bureau's staff. A phone number is seen by "
        "staff only and never published.",
    },
    "feedback.category": {"zh": "类别", "en": "Category"},
    "feedback.category_auto": {"zh": "（自动判断）", "en": "(decide from the text)"},
    "feedback.text": {"zh": "意见内容", "en": "Your message"},
    "feedback.building": {"zh": "楼栋（可选）", "en": "Building (optional)"},
    "feedback.building_none": {"zh": "不填", "en": "—"},
    "feedback.unit": {"zh": "单元（可选）", "en": "Entrance (optional)"},
    "feedback.phone": {
        "zh": "联系电话（可选，仅工作人员可见）",
        "en": "Phone (optional, staff only)",
    },
    "feedback.send": {"zh": "提交", "en": "Send"},
    "feedback.sent": {
        "zh": "已收到，感谢您的意见！工作人员会尽快处理。",
        "en": "Received, thank you! Staff will look at it soon.",
    },
    "feedback.sent_held": {
        "zh": "已收到，感谢您的意见！近期留言较多，工作人员审核后处理。",
        "en": "Received, thank you! Many messages came in lately: staff will review yours "
        "before it is handled.",
    },
    "feedback.error.too_short": {
        "zh": "意见内容至少 {minimum} 个字。",
        "en": "Please write at least {minimum} characters.",
    },
    "feedback.error.too_long": {
        "zh": "意见内容最多 {maximum} 个字。",
        "en": "At most {maximum} characters, please.",
    },
    "feedback.error.category": {"zh": "请选择类别。", "en": "Please choose a category."},
    "feedback.error.phone": {
        "zh": "电话号码格式不正确（手机 11 位，或区号-号码）。",
        "en": "That phone number looks wrong (11-digit mobile, or area code and number).",
    },
    "feedback.error.unit": {
        "zh": "单元请填数字，例如 2。",
        "en": "Please give the entrance as a number, e.g. 2.",
    },
    "feedback.error.site": {"zh": "小区不存在。", "en": "Unknown compound."},
    "feedback.error.building": {"zh": "该小区没有这栋楼。", "en": "No such building here."},
    "feedback.error.work": {
        "zh": "链接所指的工程不属于这个小区，请从小区页面重新打开。",
        "en": "The link names a work of another compound: open it again from the compound page.",
    },
    "feedback.contact": {"zh": "联系方式（仅工作人员可见）", "en": "Contact (staff only)"},
    "notice.title": {"zh": "{name}改造工程公示", "en": "Public notice: renovation of {name}"},
    # The notice's opening, by where the works stand (PublicSiteView.stage).
    "notice.intro.planned": {
        "zh": "根据{programmes}，{name}将实施以下改造工程，现予公示，欢迎居民监督并提出意见。",
        "en": "Under {programmes}, the following works will be carried out in {name}. Residents "
        "are welcome to follow them and to send their views.",
    },
    "notice.intro.ongoing": {
        "zh": "根据{programmes}，{name}正在实施以下改造工程，现予公示，欢迎居民监督并提出意见。",
        "en": "Under {programmes}, the following works are being carried out in {name}. "
        "Residents are welcome to follow them and to send their views.",
    },
    "notice.intro.done": {
        "zh": "根据{programmes}，{name}已实施以下改造工程，现予公示，欢迎居民监督并提出意见。",
        "en": "Under {programmes}, the following works were carried out in {name}. Residents are "
        "welcome to follow them and to send their views.",
    },
    "notice.scale": {
        "zh": "改造范围：{buildings} 栋楼，{households} 户。",
        "en": "Scope: {buildings} buildings, {households} households.",
    },
    "notice.length": {"zh": "改造范围：{length}。", "en": "Scope: {length}."},
    "notice.back": {"zh": "← 返回小区页面", "en": "← Back to the compound's page"},
    "notice.scope": {"zh": "改造内容及工期", "en": "Works and schedule"},
    "notice.col.work": {"zh": "工程", "en": "Work"},
    "notice.col.what": {"zh": "说明", "en": "What it means"},
    "notice.col.quantity": {"zh": "工程量", "en": "Quantity"},
    "notice.col.when": {"zh": "计划工期", "en": "Planned dates"},
    "notice.col.progress": {"zh": "进度", "en": "Progress"},
    "notice.contact_title": {"zh": "联系方式", "en": "Contact"},
    "notice.phone": {"zh": "电话：", "en": "Phone: "},
    "notice.link": {"zh": "查看最新进度：", "en": "Latest progress: "},
    "notice.scan": {"zh": "扫码查看进度", "en": "Scan for progress"},
    # What each kind of work means, in plain words (residents do not read BoQ names).
    "portal.plain.roof_waterproofing": {
        "zh": "屋顶重做防水层，解决漏雨渗水",
        "en": "New waterproofing on the roofs, against leaks",
    },
    "portal.plain.wall_insulation": {
        "zh": "外墙加保温层，冬天更暖、更省热",
        "en": "Insulation on the outer walls: warmer winters, less heat lost",
    },
    "portal.plain.facade_paint": {
        "zh": "外墙重新涂刷，修补破损",
        "en": "Outer walls repaired and repainted",
    },
    "portal.plain.water_supply_main": {
        "zh": "更换老旧自来水管，减少漏水和停水",
        "en": "Old drinking-water pipes replaced: fewer leaks and cuts",
    },
    "portal.plain.drainage_main": {
        "zh": "更换排水管道，解决堵塞和返水",
        "en": "Drain pipes replaced, against blockages and backflow",
    },
    "portal.plain.heating_main": {
        "zh": "更换供暖管道，暖气更稳定",
        "en": "Heating pipes replaced for steadier heating",
    },
    "portal.plain.parking_spaces": {
        "zh": "新增和整修停车位",
        "en": "Parking spaces added and repaired",
    },
    "portal.plain.street_lights": {
        "zh": "增设、更换路灯，夜间更亮",
        "en": "More and new street lights",
    },
    "portal.plain.elevator_retrofit": {
        "zh": "给老楼加装电梯（需本单元业主表决同意）",
        "en": "A lift added to the building (the owners of the entrance vote first)",
    },
    "portal.plain.road_repair": {
        "zh": "修补小区内道路",
        "en": "Roads inside the compound repaired",
    },
    "portal.plain.storm_drain": {
        "zh": "铺设雨水管道，减少路面积水",
        "en": "Rainwater pipes laid, against flooded roads",
    },
    "portal.plain.greening_water_supply": {
        "zh": "铺设绿化浇灌水管",
        "en": "Watering pipes for the green areas",
    },
    "portal.plain.pavement_restoration": {
        "zh": "管道施工后恢复路面",
        "en": "Road surface restored after the pipe works",
    },
    "portal.plain.traffic_facilities": {
        "zh": "完善交通标志、标线和站台等设施",
        "en": "Traffic signs, markings, stops and similar",
    },
    "portal.plain.rainwater_pump_station": {
        "zh": "建设雨水泵站，暴雨时及时排水",
        "en": "A rainwater pump station for heavy rain",
    },
    "portal.plain.replanting": {"zh": "补种绿化", "en": "Green areas replanted"},
    "portal.plain.signs": {
        "zh": "设置消防和交通标识",
        "en": "Fire-safety and traffic signs put up",
    },
    "portal.plain.illegal_structure_demolition": {
        "zh": "拆除违法搭建，腾出公共空间",
        "en": "Illegal structures removed, shared space freed",
    },
    "portal.plain.boiler_room_demolition": {
        "zh": "拆除废弃锅炉房",
        "en": "The disused boiler house removed",
    },
    "portal.plain.concrete_road": {"zh": "硬化土路面", "en": "Dirt paths paved with concrete"},
    "portal.plain.debris_removal": {"zh": "清运垃圾杂物", "en": "Rubbish and debris cleared"},
    "portal.plain.smart_security": {
        "zh": "安装门禁、监控等智能安防设施",
        "en": "Door entry, cameras and similar security",
    },
    "portal.share_path": {
        "zh": "本页的链接（二维码和公示需要管理员设置对外网址）：",
        "en": "The link of this page (QR codes and notices need the public address to be set):",
    },
}
