"""Messages of the boq pages and commands."""

MESSAGES: dict[str, dict[str, str]] = {
    "page.boq_export": {"zh": "工程量清单", "en": "Bills of quantities"},
    "boq.title": {"zh": "工程量清单导出", "en": "Bill of quantities export"},
    "boq.intro": {
        "zh": "按 GB 50500 表-08 格式导出分部分项工程量清单（Excel，合价为公式）及 CSV。"
        "工程量取自工作项，不混入几何估算。",
        "en": "Exports the GB 50500 form 08 bill of quantities (Excel with live formulas) "
        "and CSV. Quantities come from the work items; geometry estimates are never mixed in.",
    },
    "boq.edition_warning": {
        "zh": "编码版本提示：GB/T 50500-2024 及 GB/T 50854-2024 系列自 2025-09-01 起替代 2013 版；"
        "两版中同一 9 位编码可能指不同项目（如 031001008），版本选错会串库。嘉峪关项目应按招标日期"
        "及当地计价依据选用版本（待住建局确认）。标为“未核实”的编码未与标准文本核对，"
        "招标前须逐项核对。",
        "en": "Edition warning: GB/T 50500-2024 and the GB/T 50854-2024 family replace the 2013 "
        "editions from 2025-09-01; the same 9 digits can mean different items in the two editions "
        "(e.g. 031001008), so the wrong edition mixes up items. Which edition a Jiayuguan tender "
        "uses depends on its date and the local pricing rules (to be confirmed by the bureau). "
        "Codes marked UNVERIFIED have not been checked against the printed standards: check each "
        "one before a tender.",
    },
    "boq.tab.export": {"zh": "导出清单", "en": "Export"},
    "boq.tab.catalogue": {"zh": "清单编码目录", "en": "Code catalogue"},
    "boq.tab.rates": {"zh": "综合单价库", "en": "Rate library"},
    "boq.programme": {"zh": "改造计划", "en": "Programme"},
    "boq.scope": {"zh": "导出范围", "en": "What to export"},
    "boq.scope.programme": {"zh": "整个计划", "en": "Whole programme"},
    "boq.scope.site": {"zh": "单个小区/工程", "en": "One site"},
    "boq.scope.map": {"zh": "地图选中", "en": "Selected on the map"},
    "boq.site": {"zh": "小区/工程", "en": "Site"},
    "boq.map_none": {
        "zh": "地图上尚未选中本计划的小区或楼栋：请先在“规划地图”中点击一个小区或楼栋。",
        "en": "Nothing of this programme is selected on the map: click a compound or a "
        "building on the planning map first.",
    },
    "boq.map_site": {
        "zh": "地图选中：{name}（全部楼栋及小区级工程）",
        "en": "Selected on the map: {name} (all its buildings and site-wide works)",
    },
    "boq.map_buildings": {
        "zh": "地图选中：{name} 的 {count} 栋楼（{numbers}）",
        "en": "Selected on the map: {count} building(s) of {name} ({numbers})",
    },
    "boq.edition": {"zh": "计价规范版本", "en": "Standard edition"},
    "boq.edition.2013": {"zh": "2013 版（GB 50500-2013）", "en": "2013 (GB 50500-2013)"},
    "boq.edition.2024": {"zh": "2024 版（GB/T 50500-2024）", "en": "2024 (GB/T 50500-2024)"},
    "boq.basis": {"zh": "工程量口径", "en": "Quantity"},
    "boq.basis.planned": {"zh": "计划工程量", "en": "Planned quantities"},
    "boq.basis.completed": {"zh": "已完成工程量", "en": "Completed quantities"},
    "boq.numbering": {"zh": "编码第 10–12 位", "en": "Code digits 10–12"},
    "boq.numbering.bill": {
        "zh": "整份清单连续编号（单位工程间不重码）",
        "en": "Numbered over the whole bill (no repeats across sites)",
    },
    "boq.numbering.site": {
        "zh": "每个单位工程分别编号",
        "en": "Numbered within each site",
    },
    "boq.estimates": {
        "zh": "另附几何估算核对表（不计入清单）",
        "en": "Add a geometry-estimate check sheet (not billed)",
    },
    "boq.generate": {"zh": "生成清单", "en": "Make the bill"},
    "boq.progress": {"zh": "正在生成：{name}", "en": "Writing: {name}"},
    "boq.done": {
        "zh": "已生成：{projects} 个单项工程、{units} 个单位工程，{lines} 项，招标控制价 {total} 元"
        "（含措施、其他项目、规费和税金）。",
        "en": "Done: {projects} project(s), {units} unit(s) of work, {lines} lines; tender "
        "ceiling CNY {total} (measures, other items, statutory fees and VAT included).",
    },
    "boq.fees_unverified": {
        "zh": "本清单使用 {count} 项未核实的取费费率（占位值，无甘肃费用定额来源），"
        "招标控制价仅供估算参考：请在“取费及参数”中按现行计价依据设定后再导出。",
        "en": "This bill uses {count} UNVERIFIED fee rate(s) (placeholders; no Gansu fee "
        "schedule was available): its total is an estimate only. Set them from the current "
        "local rules under “Fees and parameters” and export again.",
    },
    "boq.settings": {"zh": "取费及参数（本次导出）", "en": "Fees and parameters (this export)"},
    "boq.settings.intro": {
        "zh": "各专业（单位工程）的取费费率与管沟参数"
        "。改动只用于本次导出，并以“工程师设定”写入工作簿"
        "的“取费及参数”表；工作簿中各表公式引用该表，在 Excel 中修改费率同样会重算。",
        "en": "The fee rates of each profession (unit of work) and the trench assumptions. "
        "Changes apply to this export and are written to the workbook's fees and parameters "
        "sheet (取费及参数) as set by the engineer; every form's formulas read that sheet, so "
        "a rate changed in Excel recalculates too.",
    },
    "boq.col.profession": {"zh": "专业", "en": "Profession"},
    "boq.col.fee": {"zh": "费用或参数", "en": "Fee or parameter"},
    "boq.col.value": {"zh": "费率（%）或取值", "en": "Rate (%) or value"},
    "boq.col.base": {"zh": "计算基础或单位", "en": "Base or unit"},
    "boq.col.fee_status": {"zh": "状态", "en": "Status"},
    "boq.status.USER": {"zh": "工程师设定", "en": "set by the engineer"},
    "boq.err.pricing": {"zh": "定额组价失败：", "en": "Pricing through the quotas (定额) failed:"},
    "boq.err.setting": {
        "zh": "取费或参数设置有误：",
        "en": "A fee or parameter setting is wrong:",
    },
    "boq.err.fee_range": {
        "zh": "{name}：{value} 不是 0 到 100 之间的百分数。",
        "en": "{name}: {value} is not a percentage between 0 and 100.",
    },
    "boq.err.fee_unknown": {"zh": "没有名为 {name} 的费率。", "en": "No rate is named {name}."},
    "boq.err.fee_shares": {
        "zh": "{profession}：人工费与机械费占比合计 {share}%，超过 100%。",
        "en": "{profession}: labour and machine shares add up to {share} %, more than 100 %.",
    },
    "boq.err.groundwork_unknown": {
        "zh": "没有名为 {name} 的沟槽参数。",
        "en": "No groundwork setting is named {name}.",
    },
    "boq.err.groundwork_range": {
        "zh": "{name}：{value} 超出允许范围。",
        "en": "{name}: {value} is out of range.",
    },
    "boq.stale": {
        "zh": "选择已改变，请重新生成清单。",
        "en": "The choices changed: make the bill again.",
    },
    "boq.download_xlsx": {"zh": "下载 Excel（.xlsx）", "en": "Download Excel (.xlsx)"},
    "boq.download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "boq.download_unpriced": {
        "zh": "下载招标工程量清单（不含价格）",
        "en": "Download the bill without prices",
    },
    "boq.download_unpriced.help": {
        "zh": "招标人发给投标人的工程量清单：编码、名称、项目特征、单位和工程量，金额栏留空",
        "en": "The bill the bidders price: codes, names, features, units and quantities; "
        "the amount columns are left blank",
    },
    "boq.unrated": {
        "zh": "以下内容无综合单价，合价为 0，请在单价库中补充：{scopes}",
        "en": "No rate for: {scopes}; their amounts are 0 until a rate is set in the library.",
    },
    "boq.unverified_in_bill": {
        "zh": "本清单含 {count} 个未核实编码（表中橙色底纹）：{codes}",
        "en": "This bill has {count} UNVERIFIED code(s) (orange in the sheet): {codes}",
    },
    "boq.preview": {"zh": "清单预览", "en": "Preview"},
    "boq.col.site": {"zh": "单位工程", "en": "Site"},
    "boq.col.code": {"zh": "项目编码", "en": "Code"},
    "boq.col.name": {"zh": "项目名称", "en": "Item"},
    "boq.col.unit": {"zh": "计量单位", "en": "Unit"},
    "boq.col.quantity": {"zh": "工程量", "en": "Quantity"},
    "boq.col.completed": {"zh": "已完成工程量", "en": "Completed"},
    "boq.col.rate": {"zh": "综合单价", "en": "Unit rate"},
    "boq.col.amount": {"zh": "合价", "en": "Amount"},
    "boq.col.status": {"zh": "编码状态", "en": "Code status"},
    "boq.col.scope": {"zh": "改造内容", "en": "Scope"},
    "boq.col.std_name": {"zh": "标准项目名称", "en": "Name in the standard"},
    "boq.col.appendix": {"zh": "附录", "en": "Appendix"},
    "boq.col.reference": {"zh": "参考国标项目", "en": "Nearest national item"},
    "boq.col.note": {"zh": "说明", "en": "Note"},
    "boq.col.source": {"zh": "来源", "en": "Source"},
    "boq.source.assumption": {"zh": "假定值", "en": "Assumption"},
    "boq.source.notes": {"zh": "公开资料汇编", "en": "the project's compiled public sources"},
    "boq.status.VERIFIED": {"zh": "已核实", "en": "VERIFIED"},
    "boq.status.VERIFIED-weak": {
        "zh": "弱核实（仅见于测试数据）",
        "en": "VERIFIED-weak (fixtures only)",
    },
    "boq.status.UNVERIFIED": {"zh": "⚠ 未核实", "en": "⚠ UNVERIFIED"},
    "boq.status.SUPPLEMENTARY": {"zh": "补充项目", "en": "Supplementary item"},
    "boq.catalogue.intro": {
        "zh": "每个改造内容在所选版本中的 9 位清单编码、标准名称、计量单位与核实状态。"
        "“未核实”编码来自标准结构，未与标准文本核对；补充项目编码为“专业代码 + `B` + 三位序号”，"
        "在每份清单中编号。来源：公开清单与代码（见 `docs/boq.md`）。",
        "en": "The 9-digit item code, the name as the standard spells it, the unit and the "
        "verification status of each scope type in the chosen edition. UNVERIFIED codes come "
        "from the standard's structure and were not checked against its text; supplementary "
        "items are coded profession + `B` + 3 digits, numbered per bill.",
    },
    "boq.rates.intro": {
        "zh": "每个改造计划一套综合单价。默认值为参考单价（数量级参考，非甘肃定额或嘉峪关信息价），"
        "来源见每行。修改单价而不改来源时，来源记为“人工修改”。",
        "en": "One rate set per programme. The defaults are indicative (an order of magnitude, "
        "not Gansu norms or Jiayuguan information prices); each row names its source. A rate "
        "changed without a new source is recorded as edited by hand.",
    },
    "boq.rates.defaults_only": {
        "zh": "本计划尚无自己的单价库：下表为默认参考单价，保存或导入时创建。",
        "en": "This programme has no rate set of its own yet: the defaults are shown; saving "
        "or importing creates it.",
    },
    "boq.rates.save": {"zh": "保存单价", "en": "Save rates"},
    "boq.rates.saved": {"zh": "已保存 {count} 项单价。", "en": "Saved {count} rate(s)."},
    "boq.rates.unchanged": {"zh": "没有修改。", "en": "Nothing changed."},
    "boq.rates.import": {
        "zh": "导入单价（xlsx 或 csv，列：`scope_key`、`unit_rate` 等）",
        "en": "Import rates (xlsx or csv; columns `scope_key`, `unit_rate`, ...)",
    },
    "boq.rates.import_button": {"zh": "导入", "en": "Import"},
    "boq.rates.imported": {
        "zh": "已导入，{count} 项单价有变化。",
        "en": "Imported: {count} rate(s) changed.",
    },
    "boq.rates.rejected": {
        "zh": "文件有错误，未写入任何数据：",
        "en": "The file has errors; nothing was written:",
    },
    "boq.rates.export_xlsx": {"zh": "导出单价（xlsx）", "en": "Export rates (xlsx)"},
    "boq.rates.export_csv": {"zh": "导出单价（csv）", "en": "Export rates (csv)"},
    "boq.rates.col.indicative": {"zh": "参考价", "en": "Indicative"},
    "boq.rates.col.provisional": {"zh": "其中暂估单价", "en": "Provisional part"},
    "boq.rates.col.description": {"zh": "项目特征描述", "en": "Item description"},
    "boq.rates.row_error": {
        "zh": "第 {row} 行，{column}：{message}",
        "en": "Row {row}, {column}: {message}",
    },
    "boq.rates.file_error": {"zh": "文件：{message}", "en": "File: {message}"},
    # Errors (rates and bills)
    "boq.err.unknown_scope": {
        "zh": "未知的改造内容“{scope}”",
        "en": "unknown scope key “{scope}”",
    },
    "boq.err.duplicate": {
        "zh": "与第 {first} 行重复",
        "en": "repeats row {first}",
    },
    "boq.err.not_number": {"zh": "“{value}”不是数字", "en": "“{value}” is not a number"},
    "boq.err.negative": {"zh": "不能为负数", "en": "must not be negative"},
    "boq.err.provisional_above": {
        "zh": "暂估单价不能大于综合单价",
        "en": "the provisional part cannot exceed the rate",
    },
    "boq.err.unit": {
        "zh": "单位“{unit}”与目录单位“{expected}”不一致",
        "en": "unit “{unit}” differs from the catalogue's “{expected}”",
    },
    "boq.err.flag": {
        "zh": "“{value}”应为 1/0、是/否",
        "en": "“{value}” should be 1/0, yes/no",
    },
    "boq.err.file_type": {
        "zh": "只能导入 .xlsx 或 .csv 文件",
        "en": "only .xlsx or .csv files can be imported",
    },
    "boq.err.unreadable": {
        "zh": "无法读取文件：文件已损坏，或不是有效的 XLSX / CSV 表格。"
        "请另存为 .xlsx 或 .csv 后重新导入",
        "en": "the file cannot be read: it is damaged or not a valid XLSX / CSV table. Save it "
        "as .xlsx or .csv and import it again",
    },
    "boq.err.empty": {"zh": "文件中没有单价行", "en": "the file has no rate rows"},
    "boq.err.missing_column": {
        "zh": "缺少列“{column}”",
        "en": "column “{column}” is missing",
    },
    "boq.err.no_programme": {
        "zh": "没有编号为 {programme} 的计划",
        "en": "no programme {programme}",
    },
    "boq.err.no_programme_year": {
        "zh": "{year} 年没有相应的改造计划",
        "en": "no matching programme for {year}",
    },
    "boq.err.several_programmes": {
        "zh": "有多个计划符合，请用 --programme 指定：{keys}",
        "en": "several programmes match; choose one with --programme: {keys}",
    },
    "boq.err.no_site": {
        "zh": "{year} 年的计划中没有名为“{site}”的小区或工程",
        "en": "no site named “{site}” in the programmes of {year}",
    },
    "boq.err.no_building": {
        "zh": "“{site}”没有楼号 {numbers}",
        "en": "“{site}” has no building {numbers}",
    },
    "boq.err.empty_selection": {
        "zh": "所选范围内没有工作项，无清单可导出",
        "en": "the selection has no work items: nothing to bill",
    },
    "boq.err.sequence_overflow": {
        "zh": "编码 {base} 的第 10–12 位超过 999：请按单位工程分别编号或分标段导出",
        "en": "code {base} would need more than 999 sequence numbers: number per site or "
        "export fewer sites",
    },
    # --- 定额 pricing (issue #23) ---
    "boq.quota.err.required": {"zh": "不能为空", "en": "must not be empty"},
    "boq.quota.err.kind": {
        "zh": "“{value}”不是人工、材料、主材或机械",
        "en": "“{value}” is not 人工, 材料, 主材 or 机械",
    },
    "boq.quota.err.places": {
        "zh": "“{value}”须为不小于 0 的数，最多 {places} 位小数",
        "en": "“{value}” must be a number ≥ 0 with at most {places} decimals",
    },
    "boq.quota.err.status": {
        "zh": "状态“{value}”须为已核实、弱核实或未核实",
        "en": "status “{value}” must be 已核实, 弱核实 or 未核实",
    },
    "boq.quota.err.head": {
        "zh": "同一定额编号的名称或单位与第 {first} 行不同",
        "en": "name or unit differs from row {first} of the same quota (定额) code",
    },
    "boq.quota.err.tax_status": {
        "zh": "“{value}”须为除税或含税",
        "en": "“{value}” must be 除税 (net) or 含税 (with VAT)",
    },
    "boq.quota.err.tax_rate": {
        "zh": "“{resource}”为含税价但未注明税率：一般计税法须按注明税率换算为除税价",
        "en": "“{resource}” is priced with VAT but states no rate: the general method needs "
        "the net price, converted at the stated rate",
    },
    "boq.quota.err.tax_range": {"zh": "税率须小于 100%", "en": "the tax rate must be below 100 %"},
    "boq.quota.err.no_quota": {
        "zh": "定额库中没有子目“{quota}”",
        "en": "the quota library (定额库) has no item “{quota}”",
    },
    "boq.quota.err.orphan": {
        "zh": "对应关系中“{scope}”引用的子目“{quota}”不在新定额库中：请一并导入对应关系",
        "en": "the mapping of “{scope}” names “{quota}”, which the new library lacks: import "
        "the mapping with it",
    },
    "boq.quota.err.zero": {"zh": "含量须大于 0", "en": "the content must be above 0"},
    "boq.quota.err.no_price": {
        "zh": "子目 {quota} 的“{resource}”在信息价表中没有价格",
        "en": "“{resource}” of quota item {quota} has no price in the information prices (信息价)",
    },
    "boq.quota.err.price_unit": {
        "zh": "“{resource}”的信息价单位为 {unit}，定额消耗量单位为 {expected}",
        "en": "the price of “{resource}” is per {unit}, the quota consumes it in {expected}",
    },
    "boq.quota.err.no_file": {
        "zh": "请至少选择一个文件（定额、信息价或对应关系）",
        "en": "choose at least one file (quotas, information prices or mapping)",
    },
    "boq.quota.imported": {
        "zh": "已导入：定额资源 {quota} 行，信息价 {prices} 行，对应关系 {mapping} 行",
        "en": "Imported: {quota} quota resource rows, {prices} prices, {mapping} mapping rows",
    },
    "boq.quota.estimated": {
        "zh": "以下清单项未对应定额，按全费用参考价估算（非定额组价）：{items}",
        "en": "These items have no quota mapping and are priced at the all-in list price (an "
        "estimate, not quota pricing): {items}",
    },
    "boq.quota.heading": {
        "zh": "定额及信息价组价",
        "en": "Pricing through quotas (定额) and information prices (信息价)",
    },
    "boq.quota.intro": {
        "zh": "导入本计划的定额库（子目、人材机消耗量、来源及版本）、信息价（期次、地区、材料、"
        "价格、含税状态）及清单项目与定额子目的对应关系（含量）。导入全部检查通过才写入。"
        "已对应定额的清单项按定额 × 除税价 + 管理费 + 利润组价，其余按全费用参考价估算。",
        "en": "Import this programme's quota library (定额库), with its items, "
        "labour/material/machine consumption, source and edition; its information prices "
        "(信息价), with period, region, material, price and tax status; and the mapping of bill "
        "items to quota items with their content (含量). Nothing is written unless every row "
        "passes. Mapped items are priced as quota × net prices + overheads + profit, the "
        "others at the all-in list prices as an estimate.",
    },
    "boq.quota.file.quota": {"zh": "定额库文件", "en": "Quota library file"},
    "boq.quota.file.prices": {"zh": "信息价文件", "en": "Information prices file"},
    "boq.quota.file.mapping": {"zh": "对应关系文件", "en": "Mapping file"},
    "boq.quota.import": {"zh": "导入定额及信息价", "en": "Import quotas and prices"},
    "boq.quota.summary": {
        "zh": "本计划：定额子目 {quotas} 个，信息价 {prices} 条，已对应清单项 {scopes} 个",
        "en": "This programme: {quotas} quota items, {prices} prices, {scopes} bill items mapped",
    },
    "boq.quota.mapping": {
        "zh": "清单项目与定额子目对应（可编辑）",
        "en": "Bill item → quota (定额) mapping (editable)",
    },
    "boq.quota.save_mapping": {"zh": "保存对应关系", "en": "Save mapping"},
    "boq.quota.illustrative": {
        "zh": "示例定额及信息价（未核实，非甘肃定额）：`docs/boq.md` 说明如何换为"
        "住建局购买的甘肃定额。",
        "en": "Illustrative quotas and prices (unverified, not the Gansu quotas): `docs/boq.md` "
        "says how to load the bureau's licensed Gansu quotas (定额) instead.",
    },
    "boq.outdoor": {"zh": "室外管道及其土方", "en": "Outdoor pipes and their groundworks"},
    "boq.outdoor.combined": {
        "zh": "合为一个室外配套单位工程",
        "en": "One unit of outdoor works (室外配套)",
    },
    "boq.outdoor.profession": {
        "zh": "按专业分列（管道归安装或市政，土方归市政）",
        "en": "By profession (pipes under installation or municipal works, groundworks under "
        "municipal works)",
    },
    "boq.outdoor.combined.fees": {
        "zh": "室外配套工程按市政工程（04）取费：管理费、利润、措施费率及措施项目编码（041109）"
        "取“取费及参数”中市政工程一行。改造概览、资金与合同中的招标控制价按专业分列计算，"
        "与本导出的合计不同。",
        "en": "The outdoor works unit (室外配套) is priced with the municipal (04) fee set: its "
        "management, profit and measure rates and measure codes (041109) are the municipal "
        "rows of the fees and parameters. The control price on the overview, in the money "
        "pages and in contracts is the by-profession bill's, so this export's total differs "
        "from it.",
    },
    "boq.outdoor.profession.fees": {
        "zh": "管道按其编码所属专业取费（小区内给水、排水、供热为安装工程 03，雨水、绿化给水为"
        "市政工程 04），管沟土方、路面及井按市政工程取费。",
        "en": "Pipes take the fees of their code's profession: compound water, drainage and "
        "heating mains those of installation works (安装), profession 03; storm drains and "
        "greening water supply those of municipal works (市政), profession 04. Trenches, "
        "pavements and chambers take the municipal fees.",
    },
    "boq.pricing": {"zh": "组价方式", "en": "Pricing"},
    "boq.col.pricing": {"zh": "组价", "en": "Priced"},
    "boq.pricing.by_quota": {"zh": "定额", "en": "by quota (定额)"},
    "boq.pricing.by_estimate": {"zh": "估算（参考价）", "en": "estimate (list price)"},
    "boq.quota.col.scope": {"zh": "清单项目", "en": "Bill item"},
    "boq.quota.col.quota": {"zh": "定额编号", "en": "Quota code"},
    "boq.quota.col.content": {
        "zh": "含量（定额单位/清单单位）",
        "en": "Content (quota units per bill unit)",
    },
    "boq.quota.col.note": {"zh": "备注", "en": "Note"},
    "boq.quota.load_illustrative": {
        "zh": "载入示例定额（未核实）",
        "en": "Load the illustrative quotas (unverified)",
    },
    "boq.pricing.quota": {
        "zh": "定额组价（未对应定额的清单项按参考价估算）",
        "en": "Through quotas (定额); items without a mapping at the list price, as an estimate",
    },
    "boq.pricing.estimate": {
        "zh": "快速估算（全部按全费用参考价）",
        "en": "Quick estimate (all items at the all-in list prices)",
    },
}
