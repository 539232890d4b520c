"""Photo checks and copies (pure): hostile files refused by name of reason, EXIF read, public
copies and thumbnails read back with Pillow and found free of location and device data."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from planner.fieldwork.images import (
    PhotoLimits,
    PhotoRefused,
    metadata_left,
    process_photo,
    read_checked,
)
from tests.planner.fieldwork_images import (
    LAT,
    LON,
    bomb_png,
    gps_jpeg,
    not_an_image,
    oversized_jpeg,
    truncated_jpeg,
)

LIMITS = PhotoLimits(max_bytes=2_000_000, max_megapixels=20)


def test_a_phone_photo_keeps_its_exif_in_the_original_only():
    original = gps_jpeg(size=(2400, 1800), orientation=6)
    assert {"exif:GPSInfo", "exif:Make", "exif:Model"} <= set(metadata_left(original))
    photo = process_photo(original, LIMITS)
    assert photo.original == original and photo.content_type == "image/jpeg"
    assert (photo.width, photo.height) == (2400, 1800)
    assert photo.facts.lon == pytest.approx(LON, abs=1e-6)
    assert photo.facts.lat == pytest.approx(LAT, abs=1e-6)
    assert photo.facts.device == "HUAWEI P60 Pro"
    assert photo.facts.taken_at == datetime(2024, 6, 1, 1, 30, tzinfo=UTC)  # 09:30 +08:00
    for copy, edge in ((photo.public, 1600), (photo.thumb, 320)):
        assert metadata_left(copy) == []
        assert b"SN-8842-PRIVATE" not in copy and b"HUAWEI" not in copy
        with Image.open(io.BytesIO(copy)) as image:
            assert image.format == "JPEG"
            assert not image.getexif()
            # Turned upright by the EXIF orientation (6: rotate 90°): portrait now.
            assert max(image.size) == edge and image.size[0] < image.size[1]


def test_a_png_with_transparency_becomes_a_plain_jpeg_copy():
    out = io.BytesIO()
    Image.new("RGBA", (800, 600), (10, 200, 30, 128)).save(out, "PNG")
    photo = process_photo(out.getvalue(), LIMITS)
    assert photo.content_type == "image/png"
    assert photo.facts.lon is None and photo.facts.taken_at is None
    with Image.open(io.BytesIO(photo.public)) as image:
        assert (image.mode, image.size) == ("RGB", (800, 600))


@pytest.mark.parametrize(
    ("make", "key"),
    [
        (not_an_image, "photo.error.not_image"),
        (bomb_png, "photo.error.bomb"),
        (lambda: bomb_png(6000), "photo.error.too_many_pixels"),
        (oversized_jpeg, "photo.error.too_big"),
        (truncated_jpeg, "photo.error.damaged"),
        (lambda: b"", "photo.error.empty"),
        (lambda: b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64, "photo.error.heic"),
        (lambda: b"\xff\xd8\xff\xe0" + b"garbage" * 50, "photo.error.damaged"),
    ],
)
def test_hostile_files_are_refused_with_their_reason(make, key):
    with pytest.raises(PhotoRefused) as refused:
        process_photo(make(), LIMITS)
    assert refused.value.key == key
    assert refused.value.message("zh") and refused.value.message("en")


def test_size_and_type_are_checked_before_the_file_is_read_whole():
    class Stream(io.BytesIO):
        def __init__(self, data: bytes) -> None:
            super().__init__(data)
            self.reads: list[int] = []

        def read(self, n=-1):
            self.reads.append(n)
            return super().read(n)

    stream = Stream(not_an_image() * 1000)
    with pytest.raises(PhotoRefused, match="not_image"):
        read_checked(stream, len(stream.getvalue()), LIMITS)
    assert stream.reads == [32]  # only the first bytes were read
    big = Stream(b"\xff\xd8\xff" + b"\x00" * 100)
    with pytest.raises(PhotoRefused, match="too_big"):
        read_checked(big, 5_000_000, LIMITS)  # the size said: nothing read at all
    assert big.reads == []
    liar = Stream(gps_jpeg() + b"\x00" * 2_100_000)  # says it is small, is not
    with pytest.raises(PhotoRefused, match="too_big"):
        read_checked(liar, 1000, LIMITS)
    assert max(liar.reads) <= LIMITS.max_bytes + 1
