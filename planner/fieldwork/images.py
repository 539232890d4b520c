"""Checking and copying photos (pure: bytes in, bytes out; no database).

A photo goes through, in this order, each step refusing with a ``PhotoRefused`` that names
the reason: its size in bytes (known before the file is read whole); its type, from its first
bytes (JPEG, PNG or WebP; HEIC is named, with what to do); its pixel count from the header
alone, before any pixel is decoded (the decompression-bomb guard: a few kilobytes may declare
a gigapixel); then the decoding itself (a truncated or damaged file is refused, never
completed with grey). EXIF gives the time taken, the GPS position and the device.

Two copies are made once, re-encoded as JPEG from the decoded pixels (turned upright by the
EXIF orientation): the public copy and the thumbnail. Re-encoding carries no EXIF, XMP, ICC
or comment, so no position, device or serial number; :func:`metadata_left` reads a copy back
with Pillow to prove it, and :func:`process_photo` checks every copy it makes.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import IO, TYPE_CHECKING, Any

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from planner.errors import Refused

if TYPE_CHECKING:
    from planner.settings import PlannerSettings

#: Pillow format → MIME type of the originals we keep.
CONTENT_TYPES: dict[str, str] = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
#: Formats Pillow names for a file of one of ours: a multi-picture JPEG is a JPEG.
FRAME_FORMATS: dict[str, str] = {"MPO": "JPEG"}
#: File name endings offered by upload widgets.
EXTENSIONS: tuple[str, ...] = ("jpg", "jpeg", "png", "webp")
HEAD_BYTES = 32
PUBLIC_QUALITY, THUMB_QUALITY = 82, 75
#: Photos taken in the city carry local time without an offset: China Standard Time.
LOCAL_TIME = timezone(timedelta(hours=8))

# EXIF tags (numbers from the EXIF 2.3 standard, as Pillow's ExifTags names them).
MAKE, MODEL, ORIENTATION = 0x010F, 0x0110, 0x0112
DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 0x9003, 0x9011
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON = 1, 2, 3, 4
#: Tags that identify a device or a person: never in a public copy.
DEVICE_TAGS: frozenset[int] = frozenset(
    {MAKE, MODEL, 0xA430, 0xA431, 0xA433, 0xA434, 0xA435, 0x013B, 0x8298}
)  # make, model, owner, body serial, lens make, lens model, lens serial, artist, copyright


class PhotoRefused(Refused):
    """A file that is not stored (a message key and its placeholders' values)."""


@dataclass(frozen=True)
class PhotoLimits:
    """What a photo may be: bytes, megapixels, and the sizes of the copies made."""

    max_bytes: int = 30_000_000
    max_megapixels: float = 64.0
    public_px: int = 1600
    thumb_px: int = 320
    #: Memory the decoded pixels may take (pixels × bytes per pixel of the decoder).
    max_decode_mb: int = 192
    #: A file in a zip may unpack to at most this many times its packed size.
    zip_max_ratio: float = 8.0

    @classmethod
    def from_settings(cls, settings: PlannerSettings) -> PhotoLimits:
        """The limits of ``PlannerSettings``."""
        return cls(
            max_bytes=settings.photo_max_bytes,
            max_megapixels=settings.photo_max_megapixels,
            public_px=settings.photo_public_px,
            thumb_px=settings.photo_thumb_px,
            max_decode_mb=settings.photo_max_decode_mb,
            zip_max_ratio=settings.photo_zip_max_ratio,
        )


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}"


def check_byte_size(size: int, limits: PhotoLimits) -> None:
    """Refuse an empty file or one above ``limits.max_bytes`` (before it is read)."""
    if size <= 0:
        raise PhotoRefused("photo.error.empty")
    if size > limits.max_bytes:
        raise PhotoRefused("photo.error.too_big", size=_mb(size), limit=_mb(limits.max_bytes))


def sniff(head: bytes) -> str:
    """The image format from a file's first bytes; refuses anything but JPEG, PNG, WebP."""
    if head[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        raise PhotoRefused("photo.error.heic")
    raise PhotoRefused("photo.error.not_image")


def read_checked(stream: IO[bytes], size: int, limits: PhotoLimits) -> bytes:
    """Read a file whose size is ``size``, checking size and type before reading it whole.

    Reads at most ``limits.max_bytes + 1`` bytes, so a stream longer than it said (a zip
    entry with a false size) is refused too.
    """
    check_byte_size(size, limits)
    head = stream.read(HEAD_BYTES)
    sniff(head)
    rest = stream.read(limits.max_bytes + 1 - len(head))
    data = head + rest
    check_byte_size(len(data), limits)
    return data


@dataclass(frozen=True)
class ExifFacts:
    """What a photo's EXIF says: when (UTC), where (WGS84 lon/lat) and with what device."""

    taken_at: datetime | None = None
    lon: float | None = None
    lat: float | None = None
    device: str = ""


@dataclass(frozen=True)
class ProcessedPhoto:
    """A checked photo: the original bytes, what it is, and the copies made from it."""

    original: bytes
    content_type: str
    width: int
    height: int
    sha256: str
    facts: ExifFacts
    public: bytes = field(repr=False)
    thumb: bytes = field(repr=False)


def _ratio(value: Any) -> float:
    number = float(value)
    if number != number:  # NaN: a rational with a zero denominator
        raise ValueError("not a number")
    return number


def _degrees(dms: Any, ref: Any, negative: str) -> float:
    d, m, s = (_ratio(v) for v in dms)
    value = d + m / 60 + s / 3600
    return -value if str(ref).strip().upper() == negative else value


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).replace("\x00", "").strip()


def _taken_at(exif_ifd: Any) -> datetime | None:
    raw = _text(exif_ifd.get(DATETIME_ORIGINAL, ""))
    try:
        local = datetime.strptime(raw, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = _text(exif_ifd.get(OFFSET_TIME_ORIGINAL, ""))
    zone = LOCAL_TIME
    if len(offset) == 6 and offset[0] in "+-":
        try:
            hours, minutes = int(offset[1:3]), int(offset[4:6])
            sign = -1 if offset[0] == "-" else 1
            zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
        except ValueError:
            pass
    return local.replace(tzinfo=zone).astimezone(UTC)


def read_exif(image: Image.Image) -> ExifFacts:
    """Time, position and device from an opened image's EXIF (empty facts when unreadable)."""
    try:
        exif = image.getexif()
        exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:  # malformed EXIF: the photo is still a photo
        return ExifFacts()
    lon = lat = None
    try:
        if GPS_LAT in gps and GPS_LON in gps:
            lat = _degrees(gps[GPS_LAT], gps.get(GPS_LAT_REF, "N"), "S")
            lon = _degrees(gps[GPS_LON], gps.get(GPS_LON_REF, "E"), "W")
            if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
                lon = lat = None
    except (TypeError, ValueError, ZeroDivisionError):
        lon = lat = None
    device = " ".join(p for p in (_text(exif.get(MAKE, "")), _text(exif.get(MODEL, ""))) if p)
    return ExifFacts(
        taken_at=_taken_at(exif_ifd),
        lon=round(lon, 7) if lon is not None else None,
        lat=round(lat, 7) if lat is not None else None,
        device=device[:200],
    )


def open_checked(data: bytes, limits: PhotoLimits) -> Image.Image:
    """Open ``data`` as an image (header only) after the size and type checks; refuses
    too many pixels before any is decoded."""
    check_byte_size(len(data), limits)
    fmt = sniff(data[:HEAD_BYTES])
    try:
        image = Image.open(io.BytesIO(data), formats=[fmt])
    except Image.DecompressionBombError:
        raise PhotoRefused("photo.error.bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoRefused("photo.error.damaged") from None
    width, height = image.size
    megapixels = width * height / 1_000_000
    if megapixels > limits.max_megapixels:
        image.close()
        raise PhotoRefused(
            "photo.error.too_many_pixels",
            width=width,
            height=height,
            megapixels=f"{megapixels:,.0f}",
            limit=f"{limits.max_megapixels:g}",
        )
    return image


#: Bytes per pixel Pillow's decoder stores for a mode (RGB is kept in four bytes too).
_PIXEL_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}


def decode_bytes(image: Image.Image, full_size: tuple[int, int] | None = None) -> int:
    """Memory decoding ``image`` takes, from its header (after any ``draft``): its pixels ×
    the bytes per pixel of its mode; a progressive JPEG also keeps every DCT coefficient of
    the full-size image (``full_size``; two bytes per sample, whatever the draft scale)."""
    width, height = image.size
    total = width * height * _PIXEL_BYTES.get(image.mode, 4)
    if image.format == "JPEG" and image.info.get("progressive"):
        full_width, full_height = full_size or image.size
        total += full_width * full_height * len(image.getbands()) * 2
    return total


def check_decode_memory(
    image: Image.Image, limits: PhotoLimits, *, full_size: tuple[int, int] | None = None
) -> None:
    """Refuse a photo whose decoded pixels would take more than ``limits.max_decode_mb``."""
    needed = decode_bytes(image, full_size)
    if needed > limits.max_decode_mb * 1_000_000:
        width, height = full_size or image.size
        raise PhotoRefused(
            "photo.error.too_much_memory",
            width=width,
            height=height,
            needed_mb=f"{needed / 1_000_000:,.0f}",
            limit_mb=limits.max_decode_mb,
        )


def _encode(image: Image.Image, long_edge: int, quality: int) -> tuple[bytes, Image.Image]:
    """A JPEG of ``image`` scaled to fit ``long_edge``, with no metadata at all, and the
    scaled image (the next, smaller copy is made from it)."""
    copy = image.copy()
    copy.thumbnail((long_edge, long_edge))  # bicubic, reducing in steps: fast and sharp
    copy.info = {}  # nothing of the original's info (exif, xmp, icc, comments) goes along
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=quality)
    return out.getvalue(), copy


def _upright_rgb(image: Image.Image, long_edge: int) -> Image.Image:
    """The decoded photo upright, in RGB (transparency on white), at most ``long_edge``:
    reduced first, so the copies and conversions are made of the small image, never of a
    second full-size one."""
    if max(image.size) > long_edge:
        image.thumbnail((long_edge, long_edge))  # in place: the full-size pixels are freed
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "P", "PA", "La", "RGBa"):
        upright = upright.convert("RGBA")
        background = Image.new("RGB", upright.size, (255, 255, 255))
        background.paste(upright, mask=upright.getchannel("A"))
        return background
    return upright.convert("RGB") if upright.mode != "RGB" else upright


def process_photo(data: bytes, limits: PhotoLimits) -> ProcessedPhoto:
    """Check ``data`` and make its public copy and thumbnail; raises ``PhotoRefused``.

    JPEGs are decoded at the smallest scale that still covers the public copy (libjpeg's
    DCT scaling: a 12-megapixel photo decodes at a quarter of its pixels), which is most of
    the time and memory saved against decoding in full.
    """
    image = open_checked(data, limits)
    try:
        # A multi-picture JPEG (MPO: what many phones write, a photo and its depth map or a
        # second lens) and an animated PNG or WebP are taken by their first frame, the photo.
        if getattr(image, "n_frames", 1) > 1:
            image.seek(0)
        fmt = FRAME_FORMATS.get(image.format or "JPEG", image.format or "JPEG")
        width, height = image.size
        if fmt == "JPEG":
            scale = limits.public_px / max(width, height)
            if scale < 1:
                image.draft("RGB", (int(width * scale) + 1, int(height * scale) + 1))
        # Pixels × bytes per pixel, before anything decodes (reading a PNG's EXIF does).
        check_decode_memory(image, limits, full_size=(width, height))
        facts = read_exif(image)
        try:
            image.load()
        except Image.DecompressionBombError:
            raise PhotoRefused("photo.error.bomb") from None
        except (OSError, SyntaxError, ValueError):
            raise PhotoRefused("photo.error.damaged") from None
        upright = _upright_rgb(image, limits.public_px)
        public, scaled = _encode(upright, limits.public_px, PUBLIC_QUALITY)
        thumb, _ = _encode(scaled, limits.thumb_px, THUMB_QUALITY)
    finally:
        image.close()
    for copy in (public, thumb):
        left = metadata_left(copy)
        if left:  # never store a public copy that still says where or with what
            raise AssertionError(f"metadata left in a public copy: {left}")
    return ProcessedPhoto(
        original=data,
        content_type=CONTENT_TYPES[fmt],
        width=width,
        height=height,
        sha256=hashlib.sha256(data).hexdigest(),
        facts=facts,
        public=public,
        thumb=thumb,
    )


def metadata_left(data: bytes) -> list[str]:
    """What of location, device and other metadata an image still carries (empty: none).

    Reads the file back with Pillow: every EXIF tag (GPS, make, model, serials, any other),
    the GPS sub-directory, XMP, IPTC, ICC profiles and comments.
    """
    found: list[str] = []
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        found += [f"exif:{ExifTags.TAGS.get(tag, tag)}" for tag in exif]
        if exif.get_ifd(ExifTags.IFD.GPSInfo):
            found.append("exif:GPSInfo")
        found += [f"info:{key}" for key in ("exif", "xmp", "icc_profile", "comment", "photoshop")]
        found = [f for f in found if not f.startswith("info:") or f[5:] in image.info]
        applist = getattr(image, "applist", None)  # JPEG only: its APPn segments
        if image.format == "JPEG" and applist:
            found += [
                f"app:{marker}" for marker, _ in applist if marker not in ("APP0",)
            ]  # APP0 is the JFIF header: no metadata
    return sorted(set(found))
