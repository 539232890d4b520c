"""When each edition of the bill-of-quantities standard is in force, and what a bill says when
it is exported under the wrong one.

- GB 50500-2013: in force from 2013-07-01 (the standard's own 实施日期, quoted from memory, not
  checked against a stored copy) until GB/T 50500-2024 replaces it.
- GB/T 50500-2024 and the GB/T 50854-2024 family: in force from 2025-09-01
  (``shared/domain/boq-and-rules.md`` §0).

A bill whose programme starts (earliest planned start of its work items; without dates,
1 January of its year) outside its edition's period gets a warning, in the workbook (封面, 扉页
and 总说明) and on the page. A 2024 bill always names the status of its forms: the 2024 form
set was not available, so the workbook keeps the 2013 form numbers and 分部 names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.boq.catalogue import Edition

IN_FORCE: dict[Edition, tuple[date, date | None]] = {
    Edition.GB2013: (date(2013, 7, 1), date(2025, 9, 1)),
    Edition.GB2024: (date(2025, 9, 1), None),
}
EDITION_NAMES: dict[Edition, str] = {
    Edition.GB2013: "GB 50500-2013",
    Edition.GB2024: "GB/T 50500-2024",
}

FORMS_2024 = {
    "zh": "2024 版表式状态：未核实。GB/T 50500-2024 的表格样式未能取得，本文件沿用 GB 50500-2013 "
    "的表格编号（表-02…表-13）、表名及分部名称，仅编码按 2024 版目录（已知部分）编制；"
    "正式使用前须按 2024 版标准文本核对表式。",
    "en": "2024 form set: UNVERIFIED. The GB/T 50500-2024 forms were not available: this file "
    "keeps the GB 50500-2013 form numbers (表-02 … 表-13), titles and 分部 names and uses the "
    "2024 codes only where they are known. Check the forms against the 2024 standard before use.",
}


@dataclass(frozen=True)
class EditionNotice:
    """What the bill says about its edition: zh and en, and whether it is a warning."""

    zh: str
    en: str
    warning: bool

    def text(self, lang: str) -> str:
        """The notice in ``lang`` (Chinese unless "en")."""
        return self.en if lang == "en" else self.zh


def in_force(edition: Edition, day: date) -> bool:
    """Whether ``edition`` is in force on ``day``."""
    start, end = IN_FORCE[edition]
    return start <= day and (end is None or day < end)


def edition_notice(
    edition: Edition, dates: tuple[date | None, date | None], year: int
) -> EditionNotice | None:
    """The warning for a programme outside its edition's period, the 2024 forms' status, both
    or None."""
    first, last = dates
    start = first or date(year, 1, 1)
    zh: list[str] = []
    en: list[str] = []
    warning = False
    if not in_force(edition, start):
        warning = True
        begin, end = IN_FORCE[edition]
        period_zh = f"{begin.isoformat()} 起实施" + (f"，{end.isoformat()} 起被替代" if end else "")
        period_en = f"in force from {begin.isoformat()}" + (
            f", replaced from {end.isoformat()}" if end else ""
        )
        span = f"{start.isoformat()} – {(last or start).isoformat()}"
        better = next((e for e in Edition if in_force(e, start)), None)
        hint_zh = f"该日期适用 {EDITION_NAMES[better]}。" if better else ""
        hint_en = f" {EDITION_NAMES[better]} applies on that date." if better else ""
        zh.append(
            f"版本警告：本计划计划工期 {span}，而 {EDITION_NAMES[edition]}（{period_zh}）"
            f"在计划开工日 {start.isoformat()} 不在实施期内。{hint_zh}请按招标日期及当地计价依据"
            "选用版本（待住建局确认）。"
        )
        en.append(
            f"Edition warning: the programme runs {span}, but {EDITION_NAMES[edition]} "
            f"({period_en}) is not in force on its planned start {start.isoformat()}.{hint_en} "
            "Choose the edition by the tender date and the local pricing rules (to be confirmed "
            "by the bureau)."
        )
    if edition == Edition.GB2024:
        zh.append(FORMS_2024["zh"])
        en.append(FORMS_2024["en"])
    if not zh:
        return None
    return EditionNotice(" ".join(zh), " ".join(en), warning)
