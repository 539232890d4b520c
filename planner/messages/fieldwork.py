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
}
