"""Test images made in the test (nothing big is committed): a phone photo with GPS and device
EXIF, and the hostile files: not an image, a decompression bomb, an oversized and a truncated
JPEG."""

from __future__ import annotations

import io
import os
import struct
import zlib

from PIL import ExifTags, Image

#: Where the sample photo says it was taken: 广汇小区 in the sample data (illustrative).
LON, LAT = 98.2900, 39.8030


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 4)
    return (float(degrees), float(minutes), seconds)


def gps_jpeg(
    *,
    seed: int = 0,
    size: tuple[int, int] = (1200, 900),
    lon: float | None = LON,
    lat: float | None = LAT,
    taken: str = "2024:06:01 09:30:00",
    orientation: int = 1,
) -> bytes:
    """A JPEG like a phone's: GPS position, make, model, serial number, time taken."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.paste((seed * 37 % 256, 90, 160), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "HUAWEI", "P60 Pro", orientation
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[0x9003], sub[0x9011], sub[0xA431] = taken, "+08:00", "SN-8842-PRIVATE"
    if lon is not None and lat is not None:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[1], gps[2] = "N" if lat >= 0 else "S", _dms(abs(lat))
        gps[3], gps[4] = "E" if lon >= 0 else "W", _dms(abs(lon))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def not_an_image() -> bytes:
    """A text file named like a photo."""
    return "施工日志：今天完成东侧管沟回填。\n".encode() * 20


def bomb_png(side: int = 40_000) -> bytes:
    """A PNG of a few kilobytes that declares ``side``² pixels (1.6 gigapixels by default)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" + b"\x00" * side  # one filter byte, then one grey byte per pixel
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", body)
        + chunk(b"IEND", b"")
    )


def oversized_jpeg(size_bytes: int = 2_500_000) -> bytes:
    """A real JPEG of more than ``size_bytes`` (random pixels hardly compress)."""
    side = int(size_bytes**0.5) + 100
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    data = out.getvalue()
    assert len(data) > size_bytes, len(data)
    return data


def truncated_jpeg() -> bytes:
    """A phone photo cut off half way (an interrupted upload)."""
    data = gps_jpeg(seed=99)
    return data[: len(data) // 2]


def mpo_jpeg(*, seed: int = 0, size: tuple[int, int] = (800, 600)) -> bytes:
    """A multi-picture JPEG (MPO) as phones write it: two frames, made by Pillow."""
    first = Image.linear_gradient("L").resize(size).convert("RGB")
    first.paste((seed * 41 % 256, 200, 40), (0, 0, size[0] // 3, size[1] // 3))
    second = Image.new("RGB", size, (10, 10, 200))
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second], quality=85)
    return out.getvalue()
