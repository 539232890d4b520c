"""Write the survey test files of this folder (run: ``python tests/data/surveys/make_files.py``).

The files are shaped like real exports: a 问卷星 (Wenjuanxing) CSV saved by Chinese Excel in
GBK, the same layout as XLSX, a UTF-8 CSV with a byte-order mark, and broken ones. Every
name-like value is invented; IP addresses are from the documentation ranges (RFC 5737).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

WJX_HEADER = [
    "序号",
    "提交答卷时间",
    "所用时间",
    "来源",
    "来源详情",
    "来自IP",
    "1、您是否支持本小区改造？",
    "2、您所在楼栋",
    "3、单元",
    "4、房屋建筑面积（㎡）",
    "5、您最关心哪些方面？（多选）",
    "6、您的意见和建议",
]
WJX_ROWS = [
    [
        "1",
        "2023/2/3 9:15:02",
        "95秒",
        "微信",
        "N/A",
        "192.0.2.11(甘肃-嘉峪关)",
        "支持",
        "1号楼",
        "1单元",
        "72.5",
        "停车┋照明",
        "晚上小区太暗，建议加密路灯",
    ],
    [
        "2",
        "2023/2/3 10:02:40",
        "120秒",
        "手机提交",
        "N/A",
        "192.0.2.12(甘肃-嘉峪关)",
        "不支持",
        "2号楼",
        "2单元",
        "65",
        "排水",
        "(空)",
    ],
    [
        "3",
        "2023/2/4 18:30:00",
        "60秒",
        "微信",
        "N/A",
        "198.51.100.7(甘肃-嘉峪关)",
        "无所谓",
        "2号楼",
        "1单元",
        "80.25",
        "绿化┋停车",
        "希望增加停车位，规范停车",
    ],
    [
        "4",
        "2023/2/5 8:01:59",
        "210秒",
        "链接",
        "N/A",
        "198.51.100.8(甘肃-嘉峪关)",
        "支持",
        "3号楼",
        "2单元",
        "(跳过)",
        "电梯",
        "老人上下楼困难，希望加装电梯",
    ],
    [
        "5",
        "2023/2/5 20:45:10",
        "75秒",
        "微信",
        "N/A",
        "203.0.113.5(甘肃-嘉峪关)",
        "支持",
        "3",
        "3",
        "90",
        "照明",
        "",
    ],
    [
        "6",
        "2023/2/6 7:20:33",
        "88秒",
        "微信",
        "N/A",
        "203.0.113.6(甘肃-嘉峪关)",
        "非常支持",
        "1栋",
        "2",
        "68.4",
        "排水┋绿化",
        "雨后路面积水严重，建议改造排水管",
    ],
]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def main() -> None:
    """Write every file."""
    (HERE / "wjx_gbk.csv").write_bytes(_csv([WJX_HEADER, *WJX_ROWS]).encode("gbk"))
    (HERE / "simple_utf8_bom.csv").write_bytes(
        _csv(
            [
                ["是否支持", "楼栋", "单元", "面积", "意见建议"],
                ["支持", "1", "1", "70", "建议在公交站台加装候车亭"],
                ["不支持", "1", "2", "75.5", ""],
                ["弃权", "2", "1", "", ""],
                ["支持", "2", "2", "66", "小区绿化太少，建议补植树木"],
            ]
        ).encode("utf-8-sig")
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(WJX_HEADER)
    for row in WJX_ROWS:
        cells: list[object] = list(row)
        cells[0] = int(row[0])
        cells[1] = datetime.strptime(row[1], "%Y/%m/%d %H:%M:%S")
        sheet.append(cells)
    workbook.save(HERE / "wjx_layout.xlsx")
    (HERE / "missing_support_column.csv").write_bytes(
        _csv([["序号", "楼栋", "意见建议"], ["1", "1", "多装路灯"], ["2", "2", ""]]).encode("utf-8")
    )
    (HERE / "bad_values.csv").write_bytes(
        _csv(
            [
                ["序号", "提交答卷时间", "是否支持", "面积"],
                ["1", "2023/2/3 9:15:02", "支持", "70"],
                ["2", "2023/2/3 9:20:00", "也许吧", "70"],
                ["3", "2023/2/3 9:25:00", "支持", "七十"],
                ["4", "昨天下午", "不支持", "60"],
                ["5", "2023/2/3 9:35:00", "", "60"],
            ]
        ).encode("gbk")
    )
    (HERE / "empty.csv").write_bytes(b"")
    (HERE / "header_only.csv").write_bytes("是否支持,楼栋\r\n".encode("utf-8-sig"))


if __name__ == "__main__":
    main()
