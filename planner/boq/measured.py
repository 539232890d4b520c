"""Measured by the rules (issue #23, point 2): how a scope type's work items become bill items.

- **A DN per work item.** A pipe's items carry their nominal diameter (``work_item.pipe_dn``);
  a site's pipes of one scope type become one bill line per DN, each describing its own size
  (:func:`pipe_description`: the rate's 项目特征 with its DN replaced, the PE outside
  diameter dn beside it where the text gives one). Items without a size keep the rate's text.
- **Paint by 基层.** Facade paint on a building that gets wall insulation in the programme is
  paint on the new EPS system's render; on the others it is paint on the old plaster, with its
  scraping and repairs: two items (:func:`paint_description`), both measured net, openings
  deducted and reveals added (GB 50854 P.7).
- **The 室外配套 单位工程.** The outdoor pipes and their groundworks in one unit priced with
  the 市政 fee set (:data:`OUTDOOR_FEE_PROFESSION`), or per profession
  (:class:`planner.boq.choices.OutdoorUnit`).
"""

from __future__ import annotations

import re

#: The fee set (profession) the 室外配套 unit is priced with: 市政 (GB 50857 items dominate:
#: trenches, backfill, reinstatement, chambers), stated in the workbook and on the page.
OUTDOOR_FEE_PROFESSION = "04"
OUTDOOR_UNIT_NAME = "室外配套工程"

#: The outside diameter dn of a PE pipe of nominal size DN (GB/T 13663 series, as commonly
#: paired): written beside the DN where the rate's text names a dn.
PE_OUTSIDE: dict[int, int] = {
    20: 25,
    25: 32,
    32: 40,
    40: 50,
    50: 63,
    65: 75,
    80: 90,
    100: 110,
    125: 140,
    150: 160,
    200: 225,
    250: 280,
}
_DN = re.compile(r"DN\s*(\d+)(?:（dn\d+）|\(dn\d+\))?")

#: 基层类型 of facade paint: on the new insulation's render (True) or the old plaster.
SUBSTRATE_TEXT: dict[bool, str] = {
    True: "基层类型：新做 EPS 保温系统抗裂砂浆面（耐碱玻纤网格布已压入），不含旧墙面处理",
    False: "基层类型：原外墙抹灰面（含铲除起皮旧涂层、空鼓及裂缝修补）",
}
#: The measurement rule of facade paint, stated in each paint item's 项目特征.
PAINT_MEASURE = (
    "工程量：按设计图示尺寸以面积计算，扣除门窗洞口及单个 > 0.3 m2 的孔洞，"
    "门窗洞口侧壁面积并入（GB 50854 P.7，净面积加侧壁）"
)
_BASE_LINE = re.compile(r"^(\s*\d+\.\s*)?基层类型：[^\n]*", re.MULTILINE)
_NUMBERED = re.compile(r"^\s*(\d+)\.", re.MULTILINE)


def _append(description: str, text: str) -> str:
    """``description`` with ``text`` as its next numbered feature."""
    numbers = [int(n) for n in _NUMBERED.findall(description)]
    if not description.strip():
        return f"1. {text}"
    return f"{description}\n{max(numbers, default=0) + 1}. {text}"


def pipe_description(description: str, dn: int | None) -> str:
    """The 项目特征 of a pipe line of size ``dn``: every DN in ``description`` becomes
    ``DN<dn>`` (with the PE outside diameter where the text names one), or a feature
    ``公称直径：DN<dn>`` is added; unchanged without a size."""
    if dn is None:
        return description

    def size(match: re.Match[str]) -> str:
        outside = pe_outside(match.group(0), dn)
        return f"DN{dn}" if outside is None else f"DN{dn}（dn{outside}）"

    if _DN.search(description):
        return _DN.sub(size, description)
    return _append(description, f"公称直径：DN{dn}")


def named_dn(text: str) -> int | None:
    """The first nominal diameter ``text`` names: ``"DN100（dn110），1.0 MPa"`` → 100."""
    match = _DN.search(text)
    return int(match.group(1)) if match else None


def pe_outside(text: str, dn: int) -> int | None:
    """The PE outside diameter dn of size ``dn`` where ``text`` names a dn beside its DN (a PE
    pipe: ``"DN100（dn110）"``) and :data:`PE_OUTSIDE` knows it; otherwise None."""
    match = _DN.search(text)
    if match is None or "dn" not in match.group(0):
        return None
    return PE_OUTSIDE.get(dn)


def paint_description(description: str, on_insulation: bool) -> str:
    """The 项目特征 of facade paint on new insulation (``on_insulation``) or on old plaster:
    the rate's 基层类型 replaced (or stated first), the measurement rule added."""
    base = SUBSTRATE_TEXT[on_insulation]
    if _BASE_LINE.search(description):
        text = _BASE_LINE.sub(lambda m: (m.group(1) or "") + base, description, count=1)
    else:
        text = f"{base}\n{description}" if description.strip() else f"1. {base}"
    if "洞口侧壁" in text:
        return text
    return _append(text, PAINT_MEASURE)


def outdoor_note(combined: bool) -> str:
    """What the 总说明 says of the 单位工程 split and the 室外配套 unit's fee set."""
    if combined:
        return (
            "室外给水、排水、供热管道（及雨水、绿化给水管道）连同其管沟土方、路面破除与恢复、"
            f"阀门井及检查井合为一个“{OUTDOOR_UNIT_NAME}”单位工程，按市政工程取费"
            "（取费及参数表中 04 市政工程的费率、措施项目编码 041109）；其余按专业划分"
        )
    return "管道按其编码所属专业（安装 03 或市政 04）计价，管沟土方等列入市政工程，各自取费"


#: What the 总说明 says of pipe sizes and paint by 基层.
MEASURE_NOTE = (
    "管道按工作项所注管径（公称直径 DN）分别列项，项目特征写明各自管径；未注管径的按单价库描述。"
    "外墙涂料按基层分列：同楼另做外墙保温的为“新做 EPS 保温系统抗裂砂浆面”，其余为“原外墙抹灰面”"
    "（含铲除旧涂层及修补）；两者均按净面积计量，扣除门窗洞口，洞口侧壁并入（GB 50854 P.7）。"
    "补充项目的工程量计算规则及工作内容见“补充项目”表，同一补充项目各单位工程共用一个编码。"
)
