"""Messages of bounded uploads (planner/uploads.py) and of the other security refusals."""

MESSAGES: dict[str, dict[str, str]] = {
    "upload.error.too_large": {
        "zh": "文件超过 {limit_mb} MB，请拆分后再上传。",
        "en": "The file is larger than {limit_mb} MB; split it and upload again.",
    },
    "upload.error.too_many_rows": {
        "zh": "文件超过 {limit} 行，请拆分后导入。",
        "en": "The file has more than {limit} rows; split it.",
    },
    "upload.error.too_many_columns": {
        "zh": "文件有一行超过 {limit} 列，不像是表格导出，未读取。",
        "en": "A row of the file has more than {limit} columns; it does not look like an "
        "exported table and was not read.",
    },
    "upload.error.too_many_cells": {
        "zh": "文件超过 {limit} 个单元格，请拆分后导入。",
        "en": "The file has more than {limit} cells; split it.",
    },
    "upload.error.unpacked": {
        "zh": "压缩文件解压后超过 {limit_mb} MB，未读取。",
        "en": "The packed file unpacks to more than {limit_mb} MB; it was not read.",
    },
    "upload.error.too_many_entries": {
        "zh": "压缩文件包含超过 {limit} 个文件，未读取。",
        "en": "The packed file holds more than {limit} files; it was not read.",
    },
    "upload.error.too_slow": {
        "zh": "读取文件超过 {seconds} 秒，已停止。请拆分后再导入。",
        "en": "Reading the file took more than {seconds} s and was stopped; split it.",
    },
    "upload.error.bad_zip": {
        "zh": "文件已损坏，或不是有效的压缩文件（xlsx 与 zip 都是压缩文件）。",
        "en": "The file is damaged or not a valid packed file (xlsx and zip files are packed).",
    },
    "upload.error.xlsx": {
        "zh": "无法读取该 XLSX 文件：文件已损坏或不是 Excel 文件。"
        "请在 Excel 中另存为 .xlsx 后重新导入。",
        "en": "This XLSX file cannot be read: it is damaged or not an Excel file. Save it as "
        ".xlsx in Excel and import it again.",
    },
    "upload.error.csv": {
        "zh": "无法读取该 CSV 文件：内容不是有效的表格（例如有超长的单元格）。"
        "请在 Excel 中另存为 CSV 后重新导入。",
        "en": "This CSV file cannot be read: its content is not a valid table (for example "
        "an overlong cell). Save it as CSV in Excel and import it again.",
    },
}
