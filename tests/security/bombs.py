"""Files that cost a parser far more than their size, made in the test (nothing downloaded).

Each is the attack of issue #21 as it was reproduced against the landed code: the sizes are
those of the report.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path


def csv_cr_only(rows: int = 1_600_000) -> bytes:
    """A survey CSV whose lines end in a lone CR (old Mac style): no LF for a line count."""
    header = "序号,是否支持,楼栋\r".encode()
    return header + b"".join(b"%d,1,3\r" % i for i in range(rows))


def csv_wide(columns: int = 9_500_000) -> bytes:
    """A 19 MB CSV of a header line and one row of 9.5 million columns ("1,1,1,…")."""
    return "序号,是否支持\r\n".encode() + b"1," * columns + b"\r\n"


_XML = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_OOXML = b"application/vnd.openxmlformats-officedocument.spreadsheetml"
_PKG_RELS = b"http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    _XML + b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="' + _OOXML + b'.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="' + _OOXML + b'.worksheet+xml"/></Types>'
)
_RELS = (
    _XML + b'<Relationships xmlns="' + _PKG_RELS + b'">'
    b'<Relationship Id="rId1" Type="' + _DOC_RELS + b'/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    _XML + b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="' + _DOC_RELS + b'">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    _XML + b'<Relationships xmlns="' + _PKG_RELS + b'">'
    b'<Relationship Id="rId1" Type="' + _DOC_RELS + b'/worksheet" '
    b'Target="worksheets/sheet1.xml"/></Relationships>'
)


def xlsx_with_sheet(rows: int, cells_per_row: int, *, header: list[str] | None = None) -> bytes:
    """An XLSX whose one sheet has ``rows`` rows of ``cells_per_row`` numeric cells (written
    as a stream: the sheet's XML is never held whole)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>"
            )
            if header:
                cells = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in header)
                sheet.write(f"<row>{cells}</row>".encode())
            row = b"<row>" + b"<c><v>1</v></c>" * cells_per_row + b"</row>"
            block = row * 1000
            for _ in range(rows // 1000):
                sheet.write(block)
            sheet.write(row * (rows % 1000))
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def xlsx_bomb() -> bytes:
    """An XLSX of well under a megabyte whose sheet unpacks to 168 MB of XML (as reproduced)."""
    return xlsx_with_sheet(rows=560_000, cells_per_row=20)


def write_file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def jpeg_header(width: int = 8000, height: int = 7999) -> bytes:
    """The header of a baseline JPEG declaring ``width`` × ``height`` (no image data)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 10, 10)).save(buffer, "JPEG", quality=90)
    data = bytearray(buffer.getvalue())
    frame = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, frame + 5, height, width)
    scan = data.find(b"\xff\xda")
    length = struct.unpack(">H", data[scan + 2 : scan + 4])[0]
    return bytes(data[: scan + 2 + length])


def padded_jpeg_zip(files: int = 40, padding: int = 29_000_000) -> bytes:
    """A 1.1 MB zip of 40 JPEG headers (8000 × 7999) each padded with 29 MB of zeros."""
    head = jpeg_header()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for i in range(files):
            archive.writestr(f"施工中/屋面防水/p{i:02d}.jpg", head + bytes([i]) + b"\x00" * padding)
    return out.getvalue()


def rgba_png(width: int = 8000, height: int = 7999) -> bytes:
    """An RGBA PNG of ``width`` × ``height`` transparent pixels: about 250 KB."""
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    raw_row = b"\x00" + b"\x00" * (width * 4)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(raw_row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def shapefile_zip_with_huge_dbf(
    folder: Path,
    *,
    records: int = 6_083,
    fields: int = 254,
    field_bytes: int = 255,
    padding: int = 0,
) -> Path:
    """A zipped Shapefile of about 0.5 MB whose attribute table (DBF) unpacks to 394 MB:
    ``records`` small squares, and a DBF of as many records of ``fields`` text fields of
    ``field_bytes`` each (one letter repeated: it packs a thousand to one). GDAL reads every
    record."""
    import geopandas as gpd
    from shapely.geometry import box

    shp_dir = folder / "shp"
    shp_dir.mkdir()
    step = 1e-4
    squares = [
        box(98.27 + (i % 100) * step, 39.80 + (i // 100) * step,
            98.27 + (i % 100 + 0.5) * step, 39.80 + (i // 100 + 0.5) * step)
        for i in range(records)
    ]  # fmt: skip
    frame = gpd.GeoDataFrame({"name": ["新建小区"] * records}, geometry=squares, crs="EPSG:4326")
    frame.to_file(shp_dir / "compounds.shp", engine="pyogrio")
    record_length = 1 + fields * field_bytes
    header_length = 32 + 32 * fields + 1
    header = struct.pack("<BBBBIHH20x", 0x03, 124, 1, 1, records, header_length, record_length)
    descriptors = b"".join(
        f"F{i:03d}".encode().ljust(11, b"\x00")
        + b"C"
        + b"\x00" * 4
        + bytes([field_bytes, 0])
        + b"\x00" * 14
        for i in range(fields)
    )
    target = folder / "compounds.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for part in ("compounds.shp", "compounds.shx", "compounds.prj", "compounds.cpg"):
            if (shp_dir / part).exists():
                archive.write(shp_dir / part, part)
        with archive.open("compounds.dbf", "w", force_zip64=True) as dbf:
            dbf.write(header + descriptors + b"\x0d")
            record = b" " + b"x" * (record_length - 1)  # a live record, every field full
            for _ in range(records):
                dbf.write(record)
            dbf.write(b"\x1a")
            for _ in range(padding // 2**20):  # bytes past the records the header declares
                dbf.write(b" " * 2**20)
    return target
