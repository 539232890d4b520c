"""The sheets around the forms: 封面, 扉页, 总说明, 取费及参数 (the rates every form's
formulas read), 编码及来源, 工程量汇总 and the optional 估算核对; each paginated on A4 with its own
page numbers.

Nothing here cites an internal file or uses English status words: sources are named as the
project's compiled notes (编码资料汇编), statuses in Chinese.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planner.boq.bill import Bill, BoqLine
from planner.boq.catalogue import CodeStatus, Edition
from planner.boq.choices import OutdoorUnit
from planner.boq.fees import (
    FEE_TEXT,
    MEASURE_CODE_STATUS,
    PROFESSION_UNITS,
    FeeKey,
    FeeStatus,
    total_measures,
)
from planner.boq.generated import GROUNDWORK_FIELDS, GROUNDWORK_SOURCE, MAIN_NAMES
from planner.boq.groundworks import PIPE_WORK_SOURCE, assumption_rows
from planner.boq.measured import MEASURE_NOTE, outdoor_note
from planner.boq.units import bill_unit, quantity_places
from planner.boq_workbook.fastsheet import FastWorksheet
from planner.boq_workbook.layout import (
    BODY_PT,
    ROW_PT,
    Formats,
    cell,
    page_setup,
    ref,
    row_height,
)
from planner.catalogue import SCOPE_BY_KEY, SCOPE_TYPES
from planner.spreadsheets import write_cell

STATUS_ZH = {
    CodeStatus.VERIFIED: "已核实",
    CodeStatus.VERIFIED_WEAK: "弱核实（仅见于测试数据）",
    CodeStatus.UNVERIFIED: "未核实",
    CodeStatus.SUPPLEMENTARY: "补充项目",
    FeeStatus.VERIFIED: "已核实",
    FeeStatus.UNVERIFIED: "未核实",
    FeeStatus.USER: "工程师设定",
}
BASIS_TEXT = {
    "planned": "工程量为各工作项计划工程量之和",
    "completed": "工程量为各工作项已完成工程量之和",
}
NUMBERING_TEXT = {
    "bill": "项目编码第 10–12 位在整份清单内按项目特征顺序编号，各单位工程之间不重码",
    "site": "项目编码第 10–12 位在每个单位工程内分别从 001 编号",
}


def public(text: str) -> str:
    """A source as the workbook prints it: the project's notes by name, Chinese part only."""
    text = text.replace("shared/domain/boq-and-rules.md", "编码资料汇编").replace(
        "boq-and-rules.md", "编码资料汇编"
    )
    return text.split(" / ")[0]


@dataclass(frozen=True)
class Formula:
    """A formula cell and the value it carries."""

    text: str
    value: float | str = 0.0


Cells = Sequence[tuple[Any, Any]]  # (value: str | number | Formula | None, format)


def table_sheet(
    ws: FastWorksheet,
    f: Formats,
    *,
    title: str,
    label: str,
    widths: Sequence[float],
    orientation: str,
    rows: Sequence[tuple[float, Cells]],
    header: Sequence[str] = (),
    subtitle: str = "",
) -> list[int]:
    """Write a paginated table (title, subtitle and header on every page); return the sheet
    row of each input row. A row of one cell spans the table."""
    last = len(widths) - 1
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    head_pt = 26.0 + (ROW_PT if subtitle else 0.0)
    header_pt = row_height([(h, widths[i]) for i, h in enumerate(header)]) if header else 0.0
    capacity = BODY_PT[orientation] - head_pt - header_pt
    r, used, breaks, placed = 0, capacity + 1, [], []

    def page_head() -> int:
        nonlocal r
        if r:
            breaks.append(r)
        ws.height(r, 26.0)
        ws.merged(r, 0, r, last)
        ws.write_string(r, 0, title, f.title)
        r += 1
        if subtitle:
            ws.merged(r, 0, r, last)
            write_cell(ws, r, 0, subtitle, f.info)
            r += 1
        if header:
            ws.height(r, header_pt)
            for col, text in enumerate(header):
                ws.write_string(r, col, text, f.header)
            r += 1
        return r

    for height, cells in rows:
        height = min(height, capacity)
        if used + height > capacity:
            page_head()
            used = 0.0
        ws.height(r, height)
        if len(cells) == 1 and last > 0:
            ws.merged(r, 0, r, last)
        for col, (value, fmt) in enumerate(cells):
            if isinstance(value, Formula):
                ws.write_formula(r, col, "=" + value.text, fmt, value.value)
            else:
                write_cell(ws, r, col, value, fmt)
        placed.append(r)
        used += height
        r += 1
    if not rows:
        page_head()
    ws.set_h_pagebreaks(breaks)
    page_setup(ws, orientation, label, len(breaks) + 1)
    ws.print_area(0, 0, max(r - 1, 0), last)
    return placed


def _para(text: str, width: float, fmt: Any) -> tuple[float, Cells]:
    return row_height([(text, width)]), [(text, fmt)]


def write_fees(ws: FastWorksheet, f: Formats, bill: Bill) -> dict[tuple[str, FeeKey], str]:
    """The 取费及参数 sheet; returns the absolute reference of each rate cell."""
    widths = (22, 20, 9, 30, 9, 26)
    rows: list[tuple[float, Cells]] = []
    keys: list[tuple[str, FeeKey] | None] = []
    for rate in bill.fees.rows():
        if rate.key == FeeKey.TEMPORARY and rate.key not in dict(total_measures(rate.profession)):
            continue  # the 安装 standard has no 临时保护设施 item
        unit = PROFESSION_UNITS[rate.profession]
        cells: Cells = [
            (f"{rate.profession} {unit}", f.text),
            (rate.name, f.text),
            (rate.value, f.rate),
            (rate.base, f.text),
            (STATUS_ZH[rate.status], f.center),
            (public(rate.source), f.text),
        ]
        rows.append((row_height([(public(rate.source), 26), (unit, 22)]), cells))
        keys.append((rate.profession, rate.key))
    note = (
        "管沟土方等随管道生成的工程量按下列假定计算（未核实，须按设计图纸替换）："
        + GROUNDWORK_SOURCE
    )
    rows.append(_para(note, sum(widths), f.bold))
    keys.append(None)
    for main, g in bill.groundworks.items():
        for field, (name, unit) in GROUNDWORK_FIELDS.items():
            value = getattr(g, field)
            if field == "gully_spacing_m" and not value:
                continue
            cells = [
                (f"{MAIN_NAMES[main]}管道", f.text),
                (name, f.text),
                (value, f.percent),
                (unit, f.center),
                ("未核实", f.center),
                ("假定值", f.text),
            ]
            rows.append((ROW_PT, cells))
            keys.append(None)
    rows.append(_para("管道附属工程（路面分层恢复、垫层与管区回填、阀门、补偿器、碰头、临时"
                      "供水/供热、分类检查井）按下列假定计算：" + PIPE_WORK_SOURCE, sum(widths),
                      f.bold))  # fmt: skip
    keys.append(None)
    for subject, name, value, unit in assumption_rows():
        cells = [
            (subject, f.text),
            (name, f.text),
            (value, f.qty[0] if isinstance(value, int) else f.weight),
            (unit, f.center),
            ("未核实", f.center),
            ("假定值", f.text),
        ]
        rows.append((row_height([(name, 20), (subject, 22)]), cells))
        keys.append(None)
    placed = table_sheet(
        ws,
        f,
        title="取费及参数（各表公式引用本表费率；黄色单元格可修改）",
        label="取费及参数",
        widths=widths,
        orientation="landscape",
        rows=rows,
        header=(
            "专业（单位工程）",
            "费用或参数",
            "费率（%）/ 取值",
            "计算基础 / 单位",
            "状态",
            "来源",
        ),
        subtitle="费率为占位值（未核实）时，所得招标控制价仅供估算参考，不得直接用于招标。",
    )
    name = ws.get_name()
    return {
        key: ref(name, cell(row, 2, True)) for key, row in zip(keys, placed, strict=True) if key
    }


def write_codes(ws: FastWorksheet, f: Formats, bill: Bill) -> None:
    """编码及来源: every code of the bill with its status and source, then every rate's source."""
    widths = (14, 16, 6, 12, 14, 30, 24)
    rows: list[tuple[float, Cells]] = []
    used: dict[str, BoqLine] = {}
    for line in bill.lines:
        used.setdefault(line.code, line)
    for code in sorted(used):
        line = used[code]
        item = line.item
        note = (f"参考国标项目 {item.reference_code}；" if item.reference_code else "") + item.note
        source = public(item.source)
        fmt = f.code_unverified if item.status == CodeStatus.UNVERIFIED else f.code
        cells: Cells = [
            (code, fmt),
            (item.std_name, f.text),
            (bill_unit(item.unit), f.center),
            (STATUS_ZH[item.status], f.center),
            (item.appendix, f.text),
            (source, f.text),
            (note, f.text),
        ]
        rows.append((row_height([(source, 30), (note, 24)]), cells))
    professions = sorted({unit.profession for unit in bill.units})
    for profession in professions:
        for measure, code in total_measures(profession):
            name = FEE_TEXT[measure][0].removesuffix("费")
            cells = [
                (code, f.code_unverified),
                (name, f.text),
                ("项", f.center),
                ("未核实", f.center),
                (f"{PROFESSION_UNITS[profession]} 总价措施项目", f.text),
                (MEASURE_CODE_STATUS, f.text),
                ("表-11", f.text),
            ]
            rows.append((row_height([(name, 16), (MEASURE_CODE_STATUS, 30)]), cells))
    rows.append(
        _para("综合单价来源（“参考”为数量级参考价，非甘肃定额或嘉峪关信息价）", 116, f.bold)
    )
    sources: dict[str, Any] = {}
    for line in bill.lines:
        sources.setdefault(line.scope_key, line)
    for key, line in sources.items():
        name = SCOPE_BY_KEY[key].name_zh if key in SCOPE_BY_KEY else line.name
        rate = line.unit_rate
        text = public(line.rate_source)
        cells = [
            (name, f.text),
            (rate if rate is not None else "未定", f.money if rate is not None else f.text),
            (line.unit, f.center),
            ("参考" if line.rate_indicative else "否", f.center),
            (text, f.text),
            (None, f.text),
            (None, f.text),
        ]
        rows.append((row_height([(text, 14)]), cells))
    table_sheet(
        ws,
        f,
        title="清单编码及单价来源",
        label="编码及来源",
        widths=widths,
        orientation="landscape",
        rows=rows,
        header=("项目编码", "项目名称", "计量单位", "编码状态", "附录", "来源", "说明"),
        subtitle="橙色底纹的项目编码为“未核实”编码（未与标准文本核对），招标前须逐项核对。",
    )


def write_quantities(ws: FastWorksheet, f: Formats, bill: Bill) -> None:
    """工程量汇总: exported, planned and completed quantity per scope type."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    items: dict[str, Any] = {}  # scope key → the last unit holding it
    for unit in bill.units:  # a pipe of several DN or paint on two 基层: one unit counted once
        for line in unit.lines:
            if line.generated:
                continue
            t = totals[line.scope_key]
            t[0] += line.quantity
            t[1] += line.planned
            t[2] += line.completed
            t[3] += line.scope_key not in items or items[line.scope_key] is not unit
            items[line.scope_key] = unit
    order = {s.key: i for i, s in enumerate(SCOPE_TYPES)}
    rows: list[tuple[float, Cells]] = []
    for i, key in enumerate(sorted(totals, key=lambda k: order.get(k, 999)), start=1):
        line = next(ln for ln in items[key].lines if ln.scope_key == key)
        qty = f.qty[quantity_places(line.item.unit)]
        cells = [
            (i, f.center),
            (SCOPE_BY_KEY[key].name_zh if key in SCOPE_BY_KEY else key, f.text),
            (line.item.std_name, f.text),
            (line.item.code9 or f"{line.item.profession}B（补充）", f.code),
            (line.unit, f.center),
            *((value, qty) for value in totals[key][:3]),
            (totals[key][3], f.center),
        ]
        widths = (6, 16, 16, 14, 8)
        texts = [(str(v), widths[i]) for i, (v, _) in enumerate(cells[:5]) if isinstance(v, str)]
        rows.append((row_height(texts), cells))
    table_sheet(
        ws,
        f,
        title="工程量汇总",
        label="工程量汇总",
        widths=(6, 16, 16, 14, 8, 14, 14, 14, 10),
        orientation="landscape",
        rows=rows,
        header=("序号", "改造内容", "清单项目名称", "9 位编码 / 补充", "计量单位", "工程量")
        + ("计划工程量", "已完成工程量", "单位工程数"),
        subtitle=BASIS_TEXT[bill.options.basis] + "；随管道生成的土方、拆除、脚手架等不在此表。",
    )


def notices(bill: Bill) -> list[str]:
    """The edition warning and form status the 封面, 扉页 and 总说明 repeat."""
    return [bill.notice.zh] if bill.notice else []


def write_cover(
    ws: FastWorksheet, f: Formats, bill: Bill, project_name: str, *, priced: bool = True
) -> None:
    """封面: 封-2 of the 招标控制价, 封-1 of the 招标工程量清单 (``priced=False``)."""
    kind = "招 标 控 制 价" if priced else "招 标 工 程 量 清 单"
    rows: list[tuple[float, Cells]] = [
        (90.0, [(None, f.info)]),
        (40.0, [(project_name, f.cover)]),
        (50.0, [(kind, f.cover)]),
        (80.0, [(None, f.info)]),
        (30.0, [("招 标 人：＿＿＿＿＿＿＿＿＿＿（单位盖章）", f.info)]),
        (30.0, [("造价咨询人：＿＿＿＿＿＿＿＿＿＿（单位盖章）", f.info)]),
        (30.0, [("　　年　　月　　日", f.info)]),
    ]
    rows += [_para(text, 78, f.warn) for text in notices(bill)]
    title = "封-2" if priced else "封-1"
    table_sheet(ws, f, title=title, label="封面", widths=(78,), orientation="portrait", rows=rows)


def write_quantities_title_page(
    ws: FastWorksheet, f: Formats, bill: Bill, project_name: str
) -> None:
    """扉页 of the 招标工程量清单 (扉-1): no amount, the same signatures."""
    rows: list[tuple[float, Cells]] = [(40.0, [(f"{project_name}　招标工程量清单", f.title)])]
    rows += signature_rows(f)
    rows += [_para(text, 80, f.warn) for text in notices(bill)]
    table_sheet(
        ws, f, title="扉-1", label="扉页", widths=TITLE_PAGE_WIDTHS, orientation="portrait",
        rows=rows,
    )  # fmt: skip


def signature_rows(f: Formats) -> list[tuple[float, Cells]]:
    """The signature block of 扉-1/扉-2 (GB 50500-2013): 招标人 on the left, 造价咨询人 on the
    right, each with its own 法定代表人或其授权人; under each line what it takes (盖章,
    签字或盖章, 专用章); the dates last."""
    rows: list[tuple[float, Cells]] = []
    line = "＿＿＿＿＿＿＿＿"
    pairs = [
        (("招 标 人：", "（单位盖章）"), ("造价咨询人：", "（单位资质专用章）")),
        (
            ("法定代表人\n或其授权人：", "（签字或盖章）"),
            ("法定代表人\n或其授权人：", "（签字或盖章）"),
        ),
        (("编 制 人：", "（造价人员签字盖专用章）"), ("复 核 人：", "（造价工程师签字盖专用章）")),
    ]
    widths = TITLE_PAGE_WIDTHS
    for left, right in pairs:
        label_height = row_height([(left[0], widths[0]), (right[0], widths[2])], 30.0)
        rows.append(
            (label_height, [(left[0], f.bold), (line, f.info), (right[0], f.bold), (line, f.info)])
        )
        note_height = row_height([(left[1], widths[1]), (right[1], widths[3])])
        rows.append(
            (note_height, [(None, f.info), (left[1], f.note), (None, f.info), (right[1], f.note)])
        )
    rows.append(
        (
            30.0,
            [
                ("编制时间：", f.bold),
                ("　　年　　月　　日", f.info),
                ("复核时间：", f.bold),
                ("　　年　　月　　日", f.info),
            ],
        )
    )
    return rows


def write_title_page(
    ws: FastWorksheet, f: Formats, bill: Bill, project_name: str, total_ref: str
) -> None:
    """扉页 (扉-2): the total in figures (a formula) and in words (number formats, live too)."""
    total = float(bill.total)
    cents = int((bill.total * 100).to_integral_value())
    jiao, fen = (cents // 10) % 10, cents % 10
    jiao_shown = jiao if jiao else (-1 if fen else 0)
    cents_ref = f"ROUND({total_ref}*100,0)"
    jiao_formula = (
        f"IF(MOD(INT({cents_ref}/10),10)>0,MOD(INT({cents_ref}/10),10),"
        f"IF(MOD({cents_ref},10)>0,-1,0))"
    )
    rows: list[tuple[float, Cells]] = [
        (40.0, [(f"{project_name}　招标控制价", f.title)]),
        (
            28.0,
            [
                ("招标控制价（小写）：", f.bold),
                (Formula(total_ref, total), f.money_plain),
                (None, f.info),
                (None, f.info),
            ],
        ),
        (
            28.0,
            [
                ("（大写）：", f.bold),
                (Formula(f"INT(ROUND({total_ref},2))", int(total)), f.upper_yuan),
                (Formula(jiao_formula, jiao_shown), f.upper_jiao),
                (Formula(f"MOD({cents_ref},10)", fen), f.upper_fen),
            ],
        ),
    ]
    rows += signature_rows(f)
    rows += [_para(text, 80, f.warn) for text in notices(bill)]
    table_sheet(
        ws,
        f,
        title="扉-2",
        label="扉页",
        widths=TITLE_PAGE_WIDTHS,
        orientation="portrait",
        rows=rows,
    )


#: 扉-2's columns: left label, left line (the amount in figures and words), right label, line.
TITLE_PAGE_WIDTHS = (15.0, 35.0, 14.0, 16.0)


#: The standards a bill is made by, each named once.
BASIS_STANDARDS = {
    Edition.GB2013: "《建设工程工程量清单计价规范》GB 50500-2013，"
    "《房屋建筑与装饰工程工程量计算规范》GB 50854-2013、"
    "《通用安装工程工程量计算规范》GB 50856-2013、"
    "《市政工程工程量计算规范》GB 50857-2013、《园林绿化工程工程量计算规范》GB 50858-2013",
    Edition.GB2024: "《建设工程工程量清单计价标准》GB/T 50500-2024 及 GB/T 50854-2024 "
    "系列工程量计算标准（2025-09-01 起实施）",
}


UNPRICED_NOTE = (
    "本清单为招标工程量清单（不含价格）：综合单价、合价及措施项目、规费、税金由投标人报价；"
    "暂列金额、材料暂估单价及专业工程暂估价由招标人确定，投标人按所列金额计入。"
)


def write_notes(
    ws: FastWorksheet, f: Formats, bill: Bill, project_name: str, *, priced: bool = True
) -> None:
    """总说明: what the bill covers, how it was made, and everything still to confirm; without
    prices (the 招标工程量清单) the paragraphs on prices and amounts give way to a note."""
    edition = bill.options.edition
    units = bill.units
    first, last = bill.dates
    span = f"{first.isoformat()} 至 {last.isoformat()}" if first and last else f"{bill.year} 年"
    rates_note = "本计划的单价库" if bill.rates.stored else "默认参考单价（本计划尚无单价库）"
    paragraphs = [
        f"1. 工程概况：{project_name}，共 {len(bill.projects)} 个单项工程、{len(units)} 个单位工程"
        f"（{outdoor_note(bill.options.outdoor == OutdoorUnit.COMBINED)}）；计划工期 {span}。",
        f"2. 招标范围：{bill.selection_label or '计划内全部工作项'}。",
        f"3. 编制依据：{BASIS_STANDARDS[edition]}；"
        "甘肃省现行建设工程计价定额（建筑与装饰、安装、市政、园林绿化）及甘肃省建设工程费用定额；"
        "嘉峪关市建设工程造价管理机构发布的编制期材料信息价（除税价，增值税一般计税方法）；"
        "改造计划的工作项及其计划工程量。"
        "项目编码取自编码资料汇编（公开工程量清单及代码中所见），标“未核实”者未与标准文本核对。",
        f"4. 工程量：{BASIS_TEXT[bill.options.basis]}"
        "，未混入按楼栋几何估算的数量。计量单位按规范写法"
        "（m2、m3）；以个、套、处、座等计量的取整数，以 t 计量的保留三位小数，其余保留两位小数。",
        "5. 随工程生成的项目：给水、排水、供热、雨水及"
        "绿化给水管道均计入管沟土方（挖沟槽土方、回填方、"
        "余方弃置）、破除路面及沥青路面恢复（本身已列路面恢复的单项工程不重复计列）、阀门井或检查井，"
        "雨水管另计雨水口；参数为假定值，见“取费及参数”表。屋面防水另列旧防水层拆除；外墙涂料或保温"
        "另列外脚手架（单价措施，按各楼外立面施工面积）。" + MEASURE_NOTE,
        f"6. 综合单价：取自{rates_note}；标注“参考”的为数量级参考价（广西价格清单推算或占位值），"
        "并非甘肃省定额或嘉峪关信息价，正式计价前须替换。"
        "表-09 按各专业人工费、机械费比例拆分综合单价，"
        "管理费、利润按“人工费 + 机械费”乘费率计算（公式）。",
        "7. 取费：总价措施（安全文明施工费等）以“分部分"
        "项工程费 + 单价措施项目费”为计算基础；暂列金额以"
        "分部分项工程费为基础；规费以分部分项及单价措施"
        "人工费为基础；税金为增值税一般计税方法 9%，以"
        "分部分项工程费、措施项目费、其他项目费与规费之和为基础。除税率外各费率均为占位值（未核实），"
        "须按甘肃省现行费用定额替换；费率在“取费及参数”表中修改后各表自动重算。"
        "总价措施按各专业计量规范的措施项目编码列项（建筑 011707、安装 031302、市政 041109、"
        "园林 050405，未核实），含地上、地下设施、建筑物的临时保护设施。",
        "7a. 其他项目：暂列金额见表-12-1；材料（工程设备）暂估单价见表-12-2；"
        "以项计的综合项（如雨水泵站、交通及附属设施）不列入分部分项，作为专业工程暂估价列入表-12-3，"
        "计入其他项目费；计日工、总承包服务费见表-12-4、表-12-5；"
        "发包人提供材料见表-20，承包人提供主要材料见表-21（造价信息差额调整法）及表-22（价格指数差额调整法）。",
        "8. 外墙保温：嘉峪关属建筑气候区划 Ⅶ 区（严"
        "寒/寒冷，来源为公开应用数据，弱核实）；热工分区按"
        "严寒 C 区从严考虑（未核实，须按 GB 50176 / JGJ 26 "
        "核定）。保温项目特征按模塑聚苯板薄抹灰系统"
        "80 mm、燃烧性能 B1 级、粘锚结合描述，参考单价为广"
        "西 25 mm 无机保温砂浆价格，与特征不符，须重新组价。",
        f"9. 项目编码：{NUMBERING_TEXT[bill.options.numbering]}"
        "；补充项目编码为“专业代码 + B + 三位顺序码”。"
        "橙色底纹编码为未核实编码。",
        "10. 金额：合价 = ROUND(工程量 × 综合单"
        "价, 2)；本页小计、合计及各汇总表均为公式，修改单价或费率后"
        "由电子表格程序重算；各公式同时保存计算值，供不重算的程序显示。",
        "11. 示例数据：2023 年总量与嘉峪关市公开报道一致，小区、楼栋细分及坐标为示意。",
    ]
    if not priced:
        prices = ("6. ", "10. ")
        paragraphs = [p for p in paragraphs if not p.startswith(prices)] + [UNPRICED_NOTE]
    numbered = [re.sub(r"^\d+a?\. ", "", text) for text in paragraphs]
    warnings = notices(bill)
    rows = [
        _para(f"{i}. {text}", 78, f.warn if text in warnings else f.note)
        for i, text in enumerate(numbered + warnings, start=1)
    ]
    table_sheet(
        ws,
        f,
        title="总说明",
        label="总说明",
        widths=(78,),
        orientation="portrait",
        rows=rows,
        subtitle=f"工程名称：{project_name}",
    )


def write_estimates(ws: FastWorksheet, f: Formats, estimates: list[Any]) -> None:
    """估算核对: planned envelope quantities beside the geometry estimates (never billed)."""
    rows: list[tuple[float, Cells]] = []
    for est in estimates:
        cells: list[tuple[Any, Any]] = [
            (est.site_name_zh, f.text),
            (est.number, f.center),
            (est.floors, f.center),
        ]
        for key in ("roof_waterproofing", "wall_insulation", "facade_paint"):
            cells.append((est.entered.get(key), f.qty[2]))
            cells.append((round(est.estimate.quantities[key], 2), f.qty[2]))
        rows.append((ROW_PT, cells))
    table_sheet(
        ws,
        f,
        title="估算核对（按楼栋几何估算，仅供核对，未计入清单）",
        label="估算核对",
        widths=(24, 8, 6, 13, 13, 13, 13, 13, 13),
        orientation="landscape",
        rows=rows,
        header=("小区", "楼号", "层数", "屋面计划", "屋面估算", "保温计划", "保温估算")
        + ("涂料计划", "涂料估算"),
        subtitle="屋面 = 占地 × (1 + 泛水)，外墙 = 周长 × 层数 × 层高，保温扣除窗洞",
    )
