"""``planner import-photos``, run as a user would run it: a zip with good and hostile files,
a folder, names and reasons of refused files, a second run that stores nothing twice."""

from __future__ import annotations

import json
import zipfile

from sqlmodel import Session, select

from db.models import PhotoBlob, SitePhoto
from db.session import make_engine
from tests.planner.fieldwork_images import bomb_png, gps_jpeg, not_an_image, truncated_jpeg
from tests.test_cli import run_planner


def _photos(url: str) -> list[SitePhoto]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return list(session.exec(select(SitePhoto).order_by(SitePhoto.id)).all())
    finally:
        engine.dispose()


def test_import_a_zip_names_each_refused_file_and_why(db_url, tmp_path):
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("施工前/屋面防水/2号楼/IMG_0001.jpg", gps_jpeg(seed=1))
        z.writestr("after/IMG_0002.jpg", gps_jpeg(seed=2))
        z.writestr("notes.jpg", not_an_image())
        z.writestr("bomb.png", bomb_png())
        z.writestr("cut.jpg", truncated_jpeg())
        z.writestr("__MACOSX/._IMG_0001.jpg", b"\x00\x05\x16\x07")
    result = run_planner("import-photos", str(archive), "--site", "广汇小区", "--json", url=db_url)
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    assert [p["name"] for p in report["imported"]] == [
        "施工前/屋面防水/2号楼/IMG_0001.jpg",
        "after/IMG_0002.jpg",
    ]
    reasons = {r["file"]: r["reason"] for r in report["refused"]}
    assert set(reasons) == {"notes.jpg", "bomb.png", "cut.jpg"}
    assert reasons["notes.jpg"].startswith("Not an image")
    assert "decompression bomb" in reasons["bomb.png"]
    assert "truncated or damaged" in reasons["cut.jpg"]
    first, second = _photos(db_url)
    assert (first.stage, first.located_by, first.work_item_id is not None) == (
        "before",
        "work",
        True,
    )
    assert second.stage == "after" and second.work_item_id is None
    assert first.lon is not None and first.device == "HUAWEI P60 Pro"

    # The same archive again: nothing is stored twice, and the command says so.
    again = run_planner("import-photos", str(archive), "--site", "c2023_01", url=db_url)
    assert again.returncode == 1
    assert "IMG_0001.jpg: This photo is already stored for this compound." in again.stderr
    assert len(_photos(db_url)) == 2


def test_import_a_folder_and_refuse_an_unknown_site(sqlite_url, tmp_path):
    folder = tmp_path / "photos" / "during"
    folder.mkdir(parents=True)
    (folder / "a.jpg").write_bytes(gps_jpeg(seed=5))
    (folder / ".hidden.jpg").write_bytes(not_an_image())
    result = run_planner("import-photos", str(folder.parent), "--site", "c2023_01", url=sqlite_url)
    assert result.returncode == 0, result.stderr
    assert "1 imported, 0 refused" in result.stdout
    engine = make_engine(sqlite_url)
    with Session(engine) as session:
        assert len(session.exec(select(PhotoBlob.variant)).all()) == 3
    engine.dispose()
    unknown = run_planner("import-photos", str(folder), "--site", "没有这个小区", url=sqlite_url)
    assert unknown.returncode == 1
    assert "No compound “没有这个小区”." in unknown.stderr
