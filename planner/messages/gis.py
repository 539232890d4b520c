"""Messages of the gis pages and commands (geodata import and export)."""

MESSAGES: dict[str, dict[str, str]] = {
    # Page titles
    "page.geodata_import": {"zh": "导入GIS数据", "en": "Import GIS data"},
    "page.geodata_export": {"zh": "导出GIS数据", "en": "Export GIS data"},
    # Errors with a whole file
    "gis.error.suffix": {
        "zh": "无法读取“{name}”：支持的文件类型为 {suffixes}（Shapefile 请打包为 .zip）。",
        "en": "Cannot read “{name}”: supported file types are {suffixes} "
        "(zip a Shapefile with its .shx, .dbf and .prj).",
    },
    "gis.error.missing_file": {
        "zh": "无法读取“{name}”：文件不存在。",
        "en": "Cannot read “{name}”: the file does not exist.",
    },
    "gis.error.empty_file": {
        "zh": "无法读取“{name}”：文件是空的。",
        "en": "Cannot read “{name}”: the file is empty.",
    },
    "gis.error.not_gis_format": {
        "zh": "无法读取“{name}”：内容不是可识别的 GIS 格式（GeoJSON、GeoPackage、KML，"
        "或打包为 .zip 的 Shapefile）。",
        "en": "Cannot read “{name}”: its content is not a GIS format we can read (GeoJSON, "
        "GeoPackage, KML, or a Shapefile in a .zip).",
    },
    "gis.error.damaged": {
        "zh": "无法读取“{name}”：文件已损坏或不完整，请重新导出后再上传。",
        "en": "Cannot read “{name}”: the file is damaged or incomplete; export it again and "
        "upload the new file.",
    },
    "gis.error.attribute_table": {
        "zh": "无法读取“{name}”：Shapefile 的属性表（.dbf）已损坏。",
        "en": "Cannot read “{name}”: the Shapefile's attribute table (.dbf) is damaged.",
    },
    "gis.error.zip_no_shp": {
        "zh": "压缩包“{name}”中没有 .shp 文件。",
        "en": "The zip “{name}” holds no .shp file.",
    },
    "gis.error.no_layers": {"zh": "文件中没有图层。", "en": "The file has no layers."},
    "gis.error.layer_unknown": {
        "zh": "文件中没有图层“{layer}”。可选图层：{layers}",
        "en": "The file has no layer “{layer}”. Its layers: {layers}",
    },
    "gis.error.layer_required": {
        "zh": "文件包含多个图层，请选择一个（--layer）：{layers}",
        "en": "The file has several layers: choose one (--layer): {layers}",
    },
    "gis.error.empty_layer": {
        "zh": "图层“{layer}”中没有要素，未导入任何数据。",
        "en": "Layer “{layer}” has no features: nothing to import.",
    },
    "gis.error.crs_unknown": {
        "zh": "不支持的坐标系“{crs}”。可用：{accepted}",
        "en": "Unsupported coordinate system “{crs}”. Accepted: {accepted}",
    },
    "gis.error.crs_required_lonlat": {
        "zh": "文件未声明坐标系。坐标为经纬度，但无法区分 WGS84、CGCS2000 与 GCJ-02"
        "（高德/腾讯）：请指定坐标系（--crs），可选 {candidates}。",
        "en": "The file declares no coordinate system. Its coordinates are longitude/latitude, "
        "which cannot tell WGS84, CGCS2000 and GCJ-02 (Gaode/Tencent) apart: say which "
        "(--crs), one of {candidates}.",
    },
    "gis.error.crs_required_projected": {
        "zh": "文件未声明坐标系。坐标为投影坐标（米），看起来是 {candidates}"
        "（CGCS2000 3度带高斯-克吕格，中央经线99°E）：请确认并指定（--crs {candidates}）。",
        "en": "The file declares no coordinate system. Its coordinates are projected (metres) "
        "and look like {candidates} (CGCS2000 3-degree Gauss-Kruger, CM 99E): confirm with "
        "--crs {candidates}.",
    },
    "gis.error.crs_required_unknown": {
        "zh": "文件未声明坐标系，坐标既不像经纬度，也不像嘉峪关所在的高斯-克吕格投影带"
        "（EPSG:4542 / 4521）：请在GIS软件中为数据指定坐标系后再导入。",
        "en": "The file declares no coordinate system, and its coordinates look neither like "
        "longitude/latitude nor like Jiayuguan's Gauss-Kruger zone (EPSG:4542 / 4521): "
        "give the data a coordinate system in your GIS and import again.",
    },
    "gis.error.kind": {
        "zh": "未知的导入类型“{kind}”，应为 {kinds}。",
        "en": "Unknown import kind “{kind}”: use one of {kinds}.",
    },
    "gis.error.column_unknown": {
        "zh": "文件中没有属性列“{column}”。可用属性列：{columns}",
        "en": "The file has no attribute column “{column}”. Its columns: {columns}",
    },
    "gis.error.all_outside": {
        "zh": "全部 {n} 个要素都位于嘉峪关市域 {margin:g} 公里以外（按 {crs} 读取）。"
        "坐标系可能有误，未导入任何数据。",
        "en": "All {n} features lie more than {margin:g} km outside Jiayuguan (read as {crs}). "
        "The coordinate system is probably wrong: nothing was imported.",
    },
    "gis.error.outdated": {
        "zh": "预览之后数据库已被修改，请重新预览后再确认。未写入任何数据。",
        "en": "The data changed since the preview: preview again, then confirm. "
        "Nothing was written.",
    },
    "gis.error.refused": {
        "zh": "有 {n} 个要素被拒绝，未写入任何数据。请修正文件，或选择跳过被拒绝的要素"
        "（--skip-invalid）。",
        "en": "{n} feature(s) were refused, so nothing was written. Fix the file, or choose to "
        "leave the refused features out (--skip-invalid).",
    },
    "gis.error.unassigned_unknown": {
        "zh": "没有编号为 {id} 的待归属楼栋。",
        "en": "No unassigned building with id {id}.",
    },
    "gis.error.compound_unknown": {
        "zh": "没有编号为 {id} 的小区。",
        "en": "No compound with id {id}.",
    },
    "gis.error.number_required": {
        "zh": "请填写楼号。",
        "en": "Give the building a number.",
    },
    "gis.error.floors_required": {
        "zh": "请填写层数（至少 1 层）。",
        "en": "Give the number of floors (at least 1).",
    },
    "gis.error.number_taken": {
        "zh": "“{site}”已有 {number} 号楼。",
        "en": "“{site}” already has a building number {number}.",
    },
    "gis.error.format": {
        "zh": "未知的导出格式“{fmt}”，应为 geojson 或 gpkg。",
        "en": "Unknown export format “{fmt}”: use geojson or gpkg.",
    },
    "gis.error.export_crs": {
        "zh": "导出坐标系只能是 {accepted}。",
        "en": "Exports are written in {accepted} only.",
    },
    # Issues of single features
    "gis.issue.empty": {
        "zh": "几何为空、缺失或无法解读（例如坐标嵌套层级错误）：已拒绝。",
        "en": "Empty, missing or unreadable geometry (for example wrongly nested coordinates): "
        "refused.",
    },
    "gis.issue.unreadable": {
        "zh": "几何无法构建（{reason}）：已拒绝。",
        "en": "The geometry cannot be built ({reason}): refused.",
    },
    "gis.issue.not_finite": {
        "zh": "坐标中有非数值（NaN 或无穷大）：已拒绝。",
        "en": "Coordinates that are not numbers (NaN or infinite): refused.",
    },
    "gis.issue.degenerate": {
        "zh": "多边形的环只有 {points} 个点（闭合环至少需要 4 个）：已拒绝。",
        "en": "A polygon ring of only {points} points (a closed ring needs 4): refused.",
    },
    "gis.issue.point": {
        "zh": "几何类型为 {type}，但此处需要 {expected}：已拒绝。",
        "en": "A {type} where {expected} is expected: refused.",
    },
    "gis.issue.wrong_type": {
        "zh": "几何类型 {type} 不适用（需要 {expected}）：已拒绝。",
        "en": "Geometry type {type} does not fit ({expected} expected): refused.",
    },
    "gis.issue.z_dropped": {
        "zh": "三维坐标：已去掉高程，仅保留平面坐标。",
        "en": "3D coordinates: heights dropped, the plan outline is kept.",
    },
    "gis.issue.transform_failed": {
        "zh": "坐标无法转换（{reason}）：已拒绝。",
        "en": "Coordinates could not be transformed ({reason}): refused.",
    },
    "gis.issue.invalid_unsafe": {
        "zh": "多边形自相交（{where}），无法安全修复（修复后分成 {parts} 块）：已拒绝，"
        "请在GIS软件中修正轮廓。",
        "en": "Self-intersecting outline ({where}) that cannot be repaired safely (it would "
        "fall into {parts} parts): refused. Fix the outline in your GIS.",
    },
    "gis.issue.repaired": {
        "zh": "多边形自相交（{where}），已自动修复（去除碎片 {dropped_m2} 平方米）。",
        "en": "Self-intersecting outline ({where}) repaired (slivers of {dropped_m2} m² removed).",
    },
    "gis.issue.outside_city": {
        "zh": "位于嘉峪关市域外约 {km} 公里（允许 {margin:g} 公里）：已拒绝，请检查坐标系。",
        "en": "Lies about {km} km outside Jiayuguan (more than {margin:g} km): refused; check "
        "the coordinate system.",
    },
    "gis.issue.too_small": {
        "zh": "尺寸异常：{size} {unit}，小于合理下限 {low:,.0f} {unit}：已拒绝。",
        "en": "Absurd size: {size} {unit}, below the plausible {low:,.0f} {unit}: refused.",
    },
    "gis.issue.too_large": {
        "zh": "尺寸异常：{size} {unit}，超过合理上限 {high:,.0f} {unit}：已拒绝。",
        "en": "Absurd size: {size} {unit}, above the plausible {high:,.0f} {unit}: refused.",
    },
    "gis.issue.bad_value": {
        "zh": "属性 {field} 的值“{value}”无法识别或不合理：已忽略该值。",
        "en": "Value “{value}” of {field} is not understood or not plausible: ignored.",
    },
    "gis.issue.kind_conflict": {
        "zh": "匹配到的现有场地类型为 {kind}，与几何类型不符：已拒绝。",
        "en": "Matches an existing site of kind {kind} that the geometry does not fit: refused.",
    },
    "gis.issue.duplicate_match": {
        "zh": "与第 {other} 个要素匹配到同一条记录：已拒绝。",
        "en": "Matches the same record as feature {other}: refused.",
    },
    "gis.issue.name_missing": {
        "zh": "新小区缺少名称（请映射名称列）：已拒绝。",
        "en": "A new site needs a name (map the name column): refused.",
    },
    "gis.issue.duplicate_name": {
        "zh": "文件中已有名为“{name}”的新小区：已拒绝。",
        "en": "The file already creates a site named “{name}”: refused.",
    },
    "gis.issue.duplicate_key": {
        "zh": "文件中已有编号“{key}”：已拒绝。",
        "en": "The file already uses key “{key}”: refused.",
    },
    "gis.issue.floors_missing": {
        "zh": "新楼栋缺少层数（请映射层数列）：已拒绝。",
        "en": "A new building needs its number of floors (map the floors column): refused.",
    },
    "gis.issue.number_taken": {
        "zh": "“{site}”已有 {number} 号楼：已拒绝。",
        "en": "“{site}” already has a building number {number}: refused.",
    },
    "gis.issue.auto_number": {
        "zh": "文件未给出楼号：自动编为 {number} 号楼。",
        "en": "No building number in the file: numbered {number}.",
    },
    "gis.issue.zero_default": {
        "zh": "缺少 {field}：记为 0，请稍后补充。",
        "en": "No {field} given: recorded as 0, fill it in later.",
    },
    "gis.issue.was_unassigned": {
        "zh": "此前作为待归属楼栋（编号 {id}）保存，现归入小区。",
        "en": "Was kept as unassigned building {id}; now placed in its compound.",
    },
    "gis.issue.unassigned_outside_compounds": {
        "zh": "不在任何已知小区内：作为待归属楼栋保存，待工作人员指定小区。",
        "en": "Lies in no known compound: kept as unassigned until staff attach it.",
    },
    "gis.issue.unassigned_ambiguous": {
        "zh": "跨越多个小区，无法确定归属：作为待归属楼栋保存，待工作人员指定小区。",
        "en": "Straddles several compounds: kept as unassigned until staff attach it.",
    },
    # Actions, progress, summary
    "gis.action.create": {"zh": "新建", "en": "create"},
    "gis.action.update": {"zh": "更新", "en": "update"},
    "gis.action.unchanged": {"zh": "不变", "en": "unchanged"},
    "gis.action.unassigned": {"zh": "待归属", "en": "unassigned"},
    "gis.action.refused": {"zh": "拒绝", "en": "refused"},
    "gis.progress.checking": {"zh": "正在检查几何…", "en": "Checking geometry…"},
    "gis.progress.matching": {"zh": "正在匹配现有数据…", "en": "Matching existing data…"},
    "gis.progress.writing": {"zh": "正在写入…", "en": "Writing…"},
    "gis.progress.exporting": {"zh": "正在导出…", "en": "Exporting…"},
    "gis.summary": {
        "zh": "新建 {create}，更新 {update}，不变 {unchanged}，待归属 {unassigned}，拒绝 {refused}",
        "en": "create {create}, update {update}, unchanged {unchanged}, "
        "unassigned {unassigned}, refused {refused}",
    },
    "gis.done": {
        "zh": "导入完成：{summary}。",
        "en": "Imported: {summary}.",
    },
    "gis.dry_run": {
        "zh": "试运行，未写入任何数据。",
        "en": "Dry run: nothing was written.",
    },
    # Import page
    "gis.import.title": {"zh": "导入GIS数据", "en": "Import GIS data"},
    "gis.import.intro": {
        "zh": "上传测绘的小区边界或楼栋轮廓（GeoJSON、GeoPackage、压缩的 Shapefile、KML）。"
        "先预览将新建、更新和保持不变的内容，确认后才写入数据库；任何错误都不会写入数据。",
        "en": "Upload surveyed compound boundaries or building footprints (GeoJSON, GeoPackage, "
        "zipped Shapefile, KML). The preview shows what will be created, updated and left "
        "alone; nothing is written until you confirm, and a failure writes nothing.",
    },
    "gis.import.kind": {"zh": "导入内容", "en": "What to import"},
    "gis.kind.sites": {"zh": "小区边界（及线性工程）", "en": "Compounds (and linear works)"},
    "gis.kind.buildings": {"zh": "楼栋轮廓", "en": "Building footprints"},
    "gis.import.file": {"zh": "GIS 文件", "en": "GIS file"},
    "gis.import.layer": {"zh": "图层", "en": "Layer"},
    "gis.import.crs": {"zh": "坐标系", "en": "Coordinate system"},
    "gis.import.crs_file": {"zh": "按文件声明（{crs}）", "en": "As the file declares ({crs})"},
    "gis.import.crs_choose": {"zh": "请选择坐标系", "en": "Choose the coordinate system"},
    "gis.import.crs_used": {
        "zh": "坐标系：{crs}（存储为 WGS84 经纬度）",
        "en": "Coordinate system: {crs} (stored as WGS84 lon/lat)",
    },
    "gis.import.mapping": {"zh": "属性映射", "en": "Attribute mapping"},
    "gis.import.mapping_help": {
        "zh": "已按列名自动推荐，可修改。",
        "en": "Suggested from the column names; change as needed.",
    },
    "gis.import.no_column": {"zh": "（不导入）", "en": "(not imported)"},
    "gis.import.preview": {"zh": "预览", "en": "Preview"},
    "gis.import.skip_refused": {
        "zh": "跳过 {n} 个被拒绝的要素，只导入其余要素",
        "en": "Leave the {n} refused feature(s) out and import the rest",
    },
    "gis.import.actor": {"zh": "操作人（记入审计日志）", "en": "Your name (for the audit log)"},
    "gis.import.confirm": {"zh": "确认导入", "en": "Confirm import"},
    "gis.import.nothing": {
        "zh": "没有需要写入的内容：所有要素都与数据库一致。",
        "en": "Nothing to write: every feature matches the database.",
    },
    "gis.import.map_limited": {
        "zh": "地图仅显示前 {shown} 个要素（共 {total} 个）。",
        "en": "The map shows the first {shown} of {total} features.",
    },
    "gis.import.col.feature": {"zh": "要素", "en": "Feature"},
    "gis.import.col.action": {"zh": "操作", "en": "Action"},
    "gis.import.col.label": {"zh": "名称/楼号", "en": "Name / number"},
    "gis.import.col.site": {"zh": "所属小区", "en": "Compound"},
    "gis.import.col.matched_by": {"zh": "匹配方式", "en": "Matched by"},
    "gis.import.col.changes": {"zh": "变更字段", "en": "Changed fields"},
    "gis.import.col.messages": {"zh": "说明", "en": "Messages"},
    "gis.unassigned.title": {"zh": "待归属楼栋", "en": "Unassigned buildings"},
    "gis.unassigned.none": {
        "zh": "没有待归属楼栋。",
        "en": "No unassigned buildings.",
    },
    "gis.unassigned.building": {"zh": "待归属楼栋", "en": "Unassigned building"},
    "gis.unassigned.compound": {"zh": "归入小区", "en": "Attach to compound"},
    "gis.unassigned.number": {"zh": "楼号", "en": "Number"},
    "gis.unassigned.floors": {"zh": "层数", "en": "Floors"},
    "gis.unassigned.attach": {"zh": "归入小区", "en": "Attach"},
    "gis.unassigned.attached": {
        "zh": "已归入“{site}”，楼号 {number}。",
        "en": "Attached to “{site}” as number {number}.",
    },
    "gis.unassigned.label": {
        "zh": "#{id} · {number} · {area:,.0f} 平方米 · {source}",
        "en": "#{id} · {number} · {area:,.0f} m² · {source}",
    },
    # Export page
    "gis.export.title": {"zh": "导出GIS数据", "en": "Export GIS data"},
    "gis.export.intro": {
        "zh": "导出全部小区、线性工程和楼栋及其状态与进度（按造价加权），可在 QGIS 等GIS软件中"
        "打开。只导出列出的属性，不含个人信息。",
        "en": "Export every compound, linear works and building with status and cost-weighted "
        "progress, readable by QGIS and other GIS software. Only the listed attributes are "
        "written; nothing personal.",
    },
    "gis.export.format": {"zh": "格式", "en": "Format"},
    "gis.export.crs": {"zh": "坐标系", "en": "Coordinate system"},
    "gis.export.crs.EPSG:4326": {
        "zh": "WGS84 经纬度（EPSG:4326）",
        "en": "WGS84 lon/lat (EPSG:4326)",
    },
    "gis.export.crs.EPSG:4542": {
        "zh": "CGCS2000 高斯-克吕格 中央经线99°E（EPSG:4542，米）",
        "en": "CGCS2000 Gauss-Kruger CM 99E (EPSG:4542, metres)",
    },
    "gis.export.columns": {"zh": "导出的属性：{columns}", "en": "Attributes written: {columns}"},
    "gis.export.download": {"zh": "下载 {name}", "en": "Download {name}"},
    "gis.export.counts": {
        "zh": "{sites} 个场地，{buildings} 栋楼，{unassigned} 栋待归属楼栋",
        "en": "{sites} sites, {buildings} buildings, {unassigned} unassigned buildings",
    },
    "gis.export.written": {
        "zh": "已写入 {path}：{counts}",
        "en": "Wrote {path}: {counts}",
    },
    "gis.error.too_many_features": {
        "zh": "该图层有 {n} 个要素，超过上限 {limit}：请分批导入。",
        "en": "The layer has {n} features, more than the limit of {limit}: import it in parts.",
    },
    "gis.error.attributes_too_large": {
        "zh": "{name} 的属性表有 {size_mb} MB，超过上限 {limit_mb} MB："
        "请删去不需要的字段或分批导入。",
        "en": "The attribute table {name} holds {size_mb} MB, more than the limit of "
        "{limit_mb} MB: drop the columns not needed or import it in parts.",
    },
    "gis.error.dbf_size": {
        "zh": "属性表 {name} 有 {size_mb} MB，远大于其 {records} 条记录所需："
        "文件不完整或被改动，未读取。",
        "en": "The attribute table {name} holds {size_mb} MB, far more than its {records} "
        "records need: the file is damaged or altered and was not read.",
    },
    "gis.error.too_large": {
        "zh": "文件 {name} 过大（上限 {limit_mb} MB）。",
        "en": "The file {name} is too large (limit {limit_mb} MB).",
    },
}
