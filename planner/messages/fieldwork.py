"""Messages of the work on site: photos, the field progress page, acceptance and warranty."""

MESSAGES: dict[str, dict[str, str]] = {
    "page.field_progress": {"zh": "现场进度", "en": "Field progress"},
    # Photos refused (planner/fieldwork/images.py).
    "photo.error.empty": {"zh": "文件是空的。", "en": "The file is empty."},
    "photo.error.too_big": {
        "zh": "文件 {size} MB，超过上限 {limit} MB。",
        "en": "The file is {size} MB, above the limit of {limit} MB.",
    },
    "photo.error.not_image": {
        "zh": "不是图片（只接受 JPEG、PNG、WebP 照片）。",
        "en": "Not an image (only JPEG, PNG and WebP photos are accepted).",
    },
    "photo.error.heic": {
        "zh": "HEIC 格式暂不支持：请在手机相机设置中选择“兼容性最佳”，或以 JPEG 分享。",
        "en": "HEIC is not supported: set the phone camera to “Most compatible”, or share as JPEG.",
    },
    "photo.error.too_many_pixels": {
        "zh": "图片 {width}×{height}，约 {megapixels} 百万像素，超过上限 {limit} 百万像素"
        "（可能是“解压炸弹”）。",
        "en": "The image is {width}×{height}, about {megapixels} megapixels, above the limit of "
        "{limit} (possibly a decompression bomb).",
    },
    "photo.error.too_much_memory": {
        "zh": "照片 {width}×{height} 像素，解码需要约 {needed_mb} MB 内存，"
        "超过上限 {limit_mb} MB。",
        "en": "The photo is {width}×{height} pixels: decoding it would take about "
        "{needed_mb} MB of memory, more than the limit of {limit_mb} MB.",
    },
    "photo.error.padded": {
        "zh": "压缩包中的这个文件解压后是压缩前的 {ratio} 倍：照片本身已压缩，"
        "这不是正常的照片文件，未读取。",
        "en": "In the zip this file unpacks to {ratio} times its packed size: a photo is "
        "packed already, so this is no ordinary photo and was not read.",
    },
    "photo.error.bomb": {
        "zh": "图片像素数异常巨大（解压炸弹），已拒收。",
        "en": "The image declares an enormous number of pixels (a decompression bomb): refused.",
    },
    "photo.error.damaged": {
        "zh": "图片不完整或已损坏（例如传输中断），请重新拍摄或上传。",
        "en": "The image is truncated or damaged (an interrupted transfer?): take or upload it "
        "again.",
    },
    "photo.error.duplicate": {
        "zh": "这张照片已经上传过（同一小区）。",
        "en": "This photo is already stored for this compound.",
    },
    "photo.error.too_many_files": {
        "zh": "文件太多：最多 {limit} 个。",
        "en": "Too many files: at most {limit}.",
    },
    "photo.error.bad_zip": {
        "zh": "不是有效的 zip 压缩包。",
        "en": "Not a valid zip archive.",
    },
    "photo.error.encrypted": {
        "zh": "压缩包中的文件已加密，无法读取。",
        "en": "The file is encrypted in the archive and cannot be read.",
    },
    "photo.error.no_site": {
        "zh": "没有找到小区「{site}」。",
        "en": "No compound “{site}”.",
    },
    "photo.error.not_found": {"zh": "照片不存在或已删除。", "en": "No such photo (deleted?)."},
    "photo.error.work_not_on_site": {
        "zh": "该工程不属于这个小区。",
        "en": "That work item is not on this compound.",
    },
    "photo.stage.before": {"zh": "施工前", "en": "Before"},
    "photo.stage.during": {"zh": "施工中", "en": "During"},
    "photo.stage.after": {"zh": "完工后", "en": "After"},
    "photo.stage.acceptance": {"zh": "验收", "en": "Acceptance"},
    # The field progress page (pages/field_progress.py and pages/_fieldwork_*.py).
    "field.no_programmes": {"zh": "还没有改造计划。", "en": "There is no programme yet."},
    "field.site": {"zh": "小区 / 工程", "en": "Compound / works"},
    "field.show_all": {
        "zh": "显示全部工程（不只今天的）",
        "en": "Show every work (not only today's)",
    },
    "field.section": {"zh": "功能", "en": "Section"},
    "field.tab.report": {"zh": "上报", "en": "Report"},
    "field.tab.photos": {"zh": "照片", "en": "Photos"},
    "field.tab.acceptance": {"zh": "验收", "en": "Acceptance"},
    "field.tab.import": {"zh": "批量导入", "en": "Import"},
    "field.no_works_today": {
        "zh": "今天没有进行中的工程。打开“显示全部工程”可上报其他工程。",
        "en": "No work goes on today. Turn on “Show every work” to report on another.",
    },
    "field.no_works": {"zh": "这个小区没有工程。", "en": "This compound has no works."},
    "field.work": {"zh": "工程", "en": "Work"},
    "field.quantity_line": {
        "zh": "已完成 {completed} / {planned} {unit}",
        "en": "{completed} of {planned} {unit} done",
    },
    "field.use_camera": {"zh": "用相机拍照", "en": "Take a photo with the camera"},
    "field.completed": {"zh": "累计完成工程量（{unit}）", "en": "Completed so far ({unit})"},
    "field.note": {"zh": "现场说明", "en": "Note from site"},
    "field.stage": {"zh": "照片阶段", "en": "Photos show"},
    "field.photos": {"zh": "照片（可多选）", "en": "Photos (several allowed)"},
    "field.camera": {"zh": "拍照", "en": "Take a photo"},
    "field.save": {"zh": "一次保存", "en": "Save all"},
    "field.saved": {
        "zh": "已保存：工程量、说明和 {photos} 张照片。",
        "en": "Saved: the quantity, the note and {photos} photo(s).",
    },
    "field.refused": {"zh": "未保存：", "en": "Not saved:"},
    "field.refused_photos": {
        "zh": "未保存任何内容：以下照片被拒收。",
        "en": "Nothing was saved: these photos were refused.",
    },
    "field.error.note_too_long": {
        "zh": "说明太长：最多 {max} 字。",
        "en": "The note is too long: at most {max} characters.",
    },
    "field.error.nothing": {
        "zh": "没有需要保存的内容（工程量未变，也没有说明或照片）。",
        "en": "Nothing to save (the quantity is unchanged, no note, no photo).",
    },
    "field.gallery_work": {"zh": "哪项工程的照片", "en": "Photos of"},
    "field.all_works": {"zh": "全部工程", "en": "Every work"},
    "field.no_photos": {"zh": "还没有照片。", "en": "No photos yet."},
    "field.gallery_note": {
        "zh": "最新的 {count} 张。原图（含拍摄位置和设备）只有工作人员可见。",
        "en": "The newest {count}. Originals (with location and device) are for staff only.",
    },
    "field.gps": {"zh": "有定位", "en": "GPS"},
    "field.public": {"zh": "对居民公开", "en": "Show to residents"},
    "field.public_copy": {"zh": "居民看到的版本", "en": "What residents see"},
    "field.public_copy_note": {
        "zh": "公开版本：已去除位置和设备信息。",
        "en": "Public copy: location and device data removed.",
    },
    "field.delete": {"zh": "删除", "en": "Delete"},
    "field.delete_confirm": {
        "zh": "删除照片「{name}」？删除会记入审计日志。",
        "en": "Delete the photo “{name}”? The deletion is recorded in the audit log.",
    },
    "field.delete_yes": {"zh": "确认删除", "en": "Delete it"},
    "field.deleted": {"zh": "照片已删除。", "en": "Photo deleted."},
    # Acceptance and warranty.
    "acceptance.new": {"zh": "记录验收", "en": "Record an acceptance"},
    "acceptance.date": {"zh": "验收日期", "en": "Date"},
    "acceptance.result": {"zh": "验收结论", "en": "Result"},
    "acceptance.result.passed": {"zh": "合格", "en": "Passed"},
    "acceptance.result.failed": {"zh": "不合格", "en": "Failed"},
    "acceptance.participants": {
        "zh": "参加单位和人员（每行一位）",
        "en": "Participants (one per line: organisation and name)",
    },
    "acceptance.defects": {"zh": "发现的问题（每行一条）", "en": "Defects found (one per line)"},
    "acceptance.note": {"zh": "备注", "en": "Note"},
    "acceptance.save": {"zh": "保存验收记录", "en": "Save the acceptance"},
    "acceptance.saved": {"zh": "验收记录已保存。", "en": "Acceptance saved."},
    "acceptance.fixed": {"zh": "已整改", "en": "Fixed"},
    "acceptance.passed_on": {"zh": "{day} 竣工验收合格", "en": "Passed acceptance on {day}"},
    "acceptance.warranty_until": {"zh": "保修期至 {day}", "en": "Under warranty until {day}"},
    "acceptance.no_warranty": {"zh": "此类工作无保修期", "en": "No warranty for this kind of work"},
    "acceptance.error.no_item": {"zh": "工程不存在。", "en": "No such work item."},
    "acceptance.error.result": {"zh": "验收结论无效。", "en": "Unknown result."},
    "acceptance.error.future": {
        "zh": "验收日期 {day} 还没到。",
        "en": "The acceptance date {day} is in the future.",
    },
    "acceptance.error.participants": {
        "zh": "请至少填写一位参加人员。",
        "en": "Name at least one participant.",
    },
    "acceptance.error.too_long": {
        "zh": "内容太长：每项最多 {max} 字。",
        "en": "Too long: at most {max} characters each.",
    },
    "acceptance.error.defect_stale": {
        "zh": "该问题已被他人更新，请刷新。",
        "en": "Someone else changed this defect: reload.",
    },
    # Bulk import.
    "import.intro": {
        "zh": "上传 zip 压缩包或多张照片。文件夹名可注明阶段（施工前/施工中/完工后）、"
        "工程（如 屋面防水）和楼栋（如 3号楼）。",
        "en": "Upload a zip archive or several photos. Folder names may give the stage "
        "(before/during/after), the work (e.g. roof_waterproofing) and the building (3号楼).",
    },
    "import.files": {"zh": "zip 或照片", "en": "Zip or photos"},
    "import.stage": {
        "zh": "未注明阶段的照片算作",
        "en": "Photos whose folders name no stage are",
    },
    "import.run": {"zh": "导入", "en": "Import"},
    "import.working": {"zh": "正在检查和导入照片…", "en": "Checking and importing photos…"},
    "import.done": {
        "zh": "已导入 {imported} 张，拒收 {refused} 个文件。",
        "en": "{imported} photo(s) imported, {refused} file(s) refused.",
    },
    # The public compound page's section and the dashboard's.
    "public.title": {"zh": "改造前后对比", "en": "Before and after"},
    "public.no_photo": {"zh": "{stage}：暂无照片", "en": "{stage}: no photo yet"},
    "public.acceptance_title": {"zh": "竣工验收与保修", "en": "Acceptance and warranty"},
    "public.partly_accepted": {
        "zh": "已验收 {n} / {total} 处",
        "en": "{n} of {total} places accepted",
    },
    "public.report_defect": {
        "zh": "发现质量问题？告诉我们",
        "en": "Found a defect? Tell us",
    },
    "alerts.warranty_title": {
        "zh": "{days} 天内到期的保修",
        "en": "Warranties ending within {days} days",
    },
    "alerts.defects_title": {"zh": "未整改的问题", "en": "Defects still open"},
    "alerts.none": {"zh": "没有。", "en": "None."},
    "alerts.site": {"zh": "小区", "en": "Compound"},
    "alerts.building": {"zh": "楼栋", "en": "Building"},
    "alerts.scope": {"zh": "工程", "en": "Work"},
    "alerts.accepted": {"zh": "验收日期", "en": "Accepted"},
    "alerts.ends": {"zh": "保修截止", "en": "Warranty ends"},
    "alerts.days_left": {"zh": "剩余天数", "en": "Days left"},
    "alerts.found": {"zh": "发现日期", "en": "Found"},
    "alerts.defect": {"zh": "问题", "en": "Defect"},
}
