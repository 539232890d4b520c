"""Messages of the plain public pages (``/p/…``, public_web/): what they add to the portal's."""

MESSAGES: dict[str, dict[str, str]] = {
    "web.site_title": {"zh": "老旧小区改造公开", "en": "Compound renovation, in the open"},
    "web.skip": {"zh": "跳到正文", "en": "Skip to the content"},
    "web.other_lang": {"zh": "English", "en": "中文"},
    "web.search_button": {"zh": "搜索", "en": "Search"},
    # The plain finder has no map (the Streamlit one's portal.find.intro offers one).
    "web.find_intro": {
        "zh": "输入小区或道路名称，或所在的街道、社区，查看改造内容、进度和居民意见。",
        "en": "Type the name of your compound or road, or its street or community, to see "
        "the works, their progress and what residents said.",
    },
    "web.all_compounds": {
        "zh": "共 {count} 个小区，按改造年度从新到旧排列。",
        "en": "{count} compounds, newest programme first.",
    },
    "web.all_compounds_one": {"zh": "共 1 个小区。", "en": "1 compound."},
    "web.found": {
        "zh": "找到 {count} 个名称、街道或社区包含「{query}」的小区。",
        "en": "{count} compounds with “{query}” in their name, street or community.",
    },
    "web.found_one": {
        "zh": "找到 1 个名称、街道或社区包含「{query}」的小区。",
        "en": "1 compound with “{query}” in its name, street or community.",
    },
    "web.show_all": {"zh": "查看全部小区", "en": "See every compound"},
    "web.page_of": {"zh": "第 {page} / {pages} 页", "en": "Page {page} of {pages}"},
    "web.previous": {"zh": "上一页", "en": "Previous page"},
    "web.next": {"zh": "下一页", "en": "Next page"},
    "web.pages": {"zh": "翻页", "en": "Pages"},
    "web.programme_year": {"zh": "{year} 年度", "en": "Programme {year}"},
    "web.progress_label": {"zh": "完成 {percent}", "en": "{percent} done"},
    "web.photos_before_after": {"zh": "改造前后照片", "en": "Before and after"},
    "web.photo_alt": {"zh": "{work}：{stage}", "en": "{work}: {stage}"},
    "web.feedback_link": {"zh": "提意见或报修", "en": "Send a suggestion or report a defect"},
    "web.notice_link": {"zh": "打印公示", "en": "Printable public notice"},
    "web.text_limit": {
        "zh": "5 到 {maximum} 个字。超出的部分不会被删除，提交时会提示。",
        "en": "5 to {maximum} characters. Nothing you type is cut off: a longer text is sent "
        "back to you to shorten.",
    },
    "web.too_long_by": {
        "zh": "意见内容共 {count} 个字，最多 {maximum} 个字，请删减 {excess} 个字后再提交。",
        "en": "Your message has {count} characters; at most {maximum}, so please remove "
        "{excess} and send again.",
    },
    "web.form_refused": {
        "zh": "没有提交成功，请按下面的提示修改后再提交。您填写的内容都还在。",
        "en": "Not sent yet: please see the notes below and send again. What you typed is kept.",
    },
    "web.form_expired": {
        "zh": "表单已过期或来自其他网站，请再次点击“提交”。您填写的内容都还在。",
        "en": "This form has expired or came from another site: please press Send again. "
        "What you typed is kept.",
    },
    "web.busy": {
        "zh": "系统繁忙，请稍后再提交。您填写的内容都还在。",
        "en": "The system is busy: please send again in a moment. What you typed is kept.",
    },
    "web.sent_title": {"zh": "已收到您的意见", "en": "Your message was received"},
    "web.reference": {"zh": "编号", "en": "Reference"},
    "web.reference_keep": {
        "zh": "请记下编号，或收藏本页，随时查看处理进度。",
        "en": "Keep the reference, or bookmark this page, to follow what happens to it.",
    },
    "web.status_title": {"zh": "意见处理进度", "en": "Where your message stands"},
    "web.status_compound": {"zh": "小区", "en": "Compound"},
    "web.status_sent": {"zh": "提交日期", "en": "Sent on"},
    "web.status_state": {"zh": "状态", "en": "State"},
    "web.state.received": {"zh": "已收到，等待处理", "en": "Received, waiting to be handled"},
    "web.state.evaluating": {"zh": "正在研究", "en": "Being looked into"},
    "web.state.adopted": {"zh": "已采纳", "en": "Adopted"},
    "web.state.not_adopted": {"zh": "未采纳", "en": "Not adopted"},
    "web.status_answer": {"zh": "住建局答复", "en": "The bureau's answer"},
    "web.status_no_answer": {
        "zh": "暂无答复。处理完成后会在这里公布答复。",
        "en": "No answer yet: it is published here once your message has been decided.",
    },
    "web.status_unknown": {
        "zh": "没有这个编号的意见，请核对编号。",
        "en": "No message has this reference: please check it.",
    },
    "web.back_to_compound": {"zh": "返回小区页面", "en": "Back to the compound"},
    "web.not_found": {"zh": "页面不存在", "en": "Page not found"},
    "web.staff_preview": {
        "zh": "这是工作人员的预览页；居民打开的是更快的简洁页面（扫码、链接都直达）。",
        "en": "This is the staff's preview; residents open the faster plain page (QR codes and "
        "links lead there).",
    },
    "web.plain_page": {"zh": "打开居民看到的简洁页面", "en": "Open the residents' plain page"},
}
