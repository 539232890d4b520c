"""Import N photos from a zip and make their copies: the planner's path against a naive one.

    .venv/bin/python benchmarks/photo_import_benchmark.py              # 1,000 photos, 3 MP
    .venv/bin/python benchmarks/photo_import_benchmark.py --count 200 --width 4032 --height 3024

Both variants read the same zip into a fresh copy of the same seeded SQLite database, each in
its own process (so peak memory is its own):

- planner: ``planner.fieldwork.actions.import_photos`` (the page's and the command's): size
  and type checked before a member is read whole, JPEGs decoded at the smallest DCT scale
  that covers the public copy, copies spooled, then one transaction for every photo;
- naive: every member read whole unchecked, decoded in full, ``thumbnail()`` with default
  settings for both copies, one transaction per photo (the same ``store_photo`` to store).

Photos are one synthetic picture with a different EXIF block each (time, GPS), so every file
is distinct to the duplicate check while the generation stays fast. Prints time, photos per
second, peak memory above the process's start (ru_maxrss) and the database size.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_zip(path: Path, count: int, width: int, height: int) -> int:
    """A zip of ``count`` distinct JPEGs (``width``×``height``) with GPS; returns its size."""
    from PIL import ExifTags, Image, ImageFilter

    base = Image.effect_noise((width // 4, height // 4), 24).resize((width, height))
    base = Image.merge("RGB", (base, base.filter(ImageFilter.GaussianBlur(3)), base))
    out = io.BytesIO()
    base.save(out, "JPEG", quality=88)
    body = out.getvalue()[2:]  # without SOI: an APP1 segment goes in front
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for i in range(count):
            exif = Image.Exif()
            exif[0x010F], exif[0x0110] = "HUAWEI", "P60 Pro"
            sub = exif.get_ifd(ExifTags.IFD.Exif)
            sub[0x9003] = f"2024:06:{1 + i % 28:02d} {8 + i % 10:02d}:{i % 60:02d}:00"
            gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
            gps[1], gps[2] = "N", (39.0, 48.0, 10.0 + (i % 500) / 100)
            gps[3], gps[4] = "E", (98.0, 17.0, 24.0 + (i % 300) / 100)
            payload = b"Exif\x00\x00" + exif.tobytes()
            segment = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
            folder = ("施工前", "施工中", "完工后")[i % 3]
            archive.writestr(f"{folder}/IMG_{i:05d}.jpg", b"\xff\xd8" + segment + body)
    return path.stat().st_size


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_variant(variant: str, zip_path: Path, db_path: Path) -> dict:
    """Run one import in this process; return its figures."""
    from sqlmodel import Session, select

    from db.models import Site
    from db.session import make_engine, session_scope
    from planner.fieldwork import imports as imp
    from planner.fieldwork.actions import import_photos
    from planner.fieldwork.images import PhotoLimits
    from planner.fieldwork.locate import BuildingLocator

    engine = make_engine(f"sqlite:///{db_path}")
    with Session(engine) as session:
        site_id = session.exec(select(Site.id).where(Site.key == "c2023_01")).one()
    limits = PhotoLimits()
    start_rss = _rss_mb()
    started = time.perf_counter()
    with zipfile.ZipFile(zip_path) as archive:
        if variant == "planner":
            report = import_photos(
                engine, site_id, imp.zip_sources(archive), actor="benchmark", limits=limits,
                max_files=100_000, building_match_m=60,
            )  # fmt: skip
            stored = len(report.imported)
        else:
            stored = naive_import(engine, archive, site_id, limits, session_scope, BuildingLocator)
    seconds = time.perf_counter() - started
    engine.dispose()
    return {
        "variant": variant,
        "photos": stored,
        "seconds": round(seconds, 2),
        "photos_per_s": round(stored / seconds, 1),
        "peak_rss_above_start_mb": round(_rss_mb() - start_rss, 1),
        "db_mb": round(db_path.stat().st_size / 1e6, 1),
    }


def naive_import(engine, archive, site_id, limits, session_scope, locator_cls) -> int:  # noqa: ANN001
    """Read whole, decode in full, default thumbnails, one transaction per photo."""
    import hashlib

    from PIL import Image, ImageOps

    from planner.fieldwork.images import CONTENT_TYPES, ProcessedPhoto, read_exif
    from planner.fieldwork.photos import PhotoTarget, store_photo

    stored = 0
    for info in archive.infolist():
        data = archive.read(info)
        with Image.open(io.BytesIO(data)) as image:
            facts = read_exif(image)
            image.load()
            upright = ImageOps.exif_transpose(image).convert("RGB")
        copies = []
        for edge in (limits.public_px, limits.thumb_px):
            copy = upright.copy()
            copy.thumbnail((edge, edge))
            out = io.BytesIO()
            copy.save(out, "JPEG")
            copies.append(out.getvalue())
        photo = ProcessedPhoto(
            data, CONTENT_TYPES["JPEG"], upright.width, upright.height,
            hashlib.sha256(data).hexdigest(), facts, copies[0], copies[1],
        )  # fmt: skip
        with session_scope(engine) as session:
            locator = locator_cls.for_site(session, site_id, 60)
            store_photo(
                session, photo, PhotoTarget(site_id), actor="benchmark", file_name=info.filename,
                locator=locator,
            )  # fmt: skip
        stored += 1
    return stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--width", type=int, default=2048)
    parser.add_argument("--height", type=int, default=1536)
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--zip", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:  # a child process: one variant
        print(json.dumps(run_variant(args.variant, Path(args.zip), Path(args.db))))
        return

    from db.session import make_engine
    from planner.runtime.startup import ensure_database_ready

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        zip_path = folder / "photos.zip"
        t0 = time.perf_counter()
        size = make_zip(zip_path, args.count, args.width, args.height)
        print(
            f"{args.count} photos of {args.width}×{args.height}, zip {size / 1e6:.0f} MB "
            f"(made in {time.perf_counter() - t0:.0f} s)"
        )
        template = folder / "template.db"
        engine = make_engine(f"sqlite:///{template}")
        ensure_database_ready(engine)
        engine.dispose()
        results = []
        for variant in ("planner", "naive"):
            db_path = folder / f"{variant}.db"
            shutil.copy(template, db_path)
            child = subprocess.run(
                [sys.executable, __file__, "--variant", variant, "--zip", str(zip_path),
                 "--db", str(db_path)],
                capture_output=True, text=True, check=True, cwd=ROOT,
            )  # fmt: skip
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    print(
        "| variant | photos | time (s) | photos/s | peak memory above start (MB) | database (MB) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['variant']} | {r['photos']:,} | {r['seconds']:.1f} | {r['photos_per_s']:.1f} "
            f"| {r['peak_rss_above_start_mb']:.0f} | {r['db_mb']:.0f} |"
        )
    planner, naive = results
    memory = planner["peak_rss_above_start_mb"] / max(naive["peak_rss_above_start_mb"], 1)
    print(
        f"planner/naive: time {planner['seconds'] / naive['seconds']:.2f}×, "
        f"peak memory {memory:.2f}×"
    )


if __name__ == "__main__":
    main()
