"""The field progress page at phone size (390 px) in Chromium: a supervisor logs in, uploads a
photo with GPS and device EXIF from the field view, it is stored in the database, made public,
and the public copy the browser receives carries no GPS or device data (read back with Pillow).

The photo, taken "before", then shows on the staff planning map as a dot, and with an "after"
photo of the same work on the public compound page as a before/after pair, whose images again
carry no location or device data.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from PIL import ExifTags, Image
from sqlmodel import Session, select

from db.models import PhotoBlob, Site, SitePhoto
from db.session import make_engine, session_scope
from planner.fieldwork.images import metadata_left
from tests.browser.helpers import PROJECT_ROOT, record_requests, seeded_database
from tests.planner.fieldwork_images import gps_jpeg

USER, PASSWORD = "supervisor_zhao", "field test password"


@pytest.fixture(scope="module")
def field_app(tmp_path_factory: pytest.TempPathFactory, streamlit_server: Callable[..., str]):
    """The whole app on its own seeded database with a staff account; (base URL, db URL)."""
    url = seeded_database(tmp_path_factory.mktemp("field_app"), {USER: (PASSWORD, "staff")})
    return streamlit_server(
        PROJECT_ROOT / "streamlit_app.py", env={"PLANNER_DATABASE_URL": url}
    ), url


@pytest.fixture
def phone(browser: Any):
    """A phone-sized tab (390 px wide), Chinese locale."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, locale="zh-CN"
    )
    context.set_default_timeout(30_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _guanghui(url: str) -> tuple[int, str]:
    engine = make_engine(url)
    with Session(engine) as session:
        site = session.exec(select(Site).where(Site.key == "c2023_01")).one()
        found = site.id, site.key
    engine.dispose()
    return found


def test_a_photo_from_the_field_view_is_stored_and_its_public_copy_is_stripped(
    phone: Any, field_app: tuple[str, str]
) -> None:
    base, url = field_app
    site_id, _key = _guanghui(url)
    requests = record_requests(phone)
    phone.goto(f"{base}/field_progress?site={site_id}")
    phone.get_by_label("用户名").fill(USER)
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.get_by_role("heading", name="现场进度").wait_for()
    phone.get_by_text("显示全部工程（不只今天的）").click()
    phone.get_by_role("button", name="一次保存").wait_for()

    original = gps_jpeg(seed=42, size=(2000, 1500))
    assert {"exif:GPSInfo", "exif:Make", "exif:Model"} <= set(metadata_left(original))
    uploader = phone.get_by_test_id("stFileUploaderDropzoneInput").first
    uploader.set_input_files(
        files=[{"name": "roof.jpg", "mimeType": "image/jpeg", "buffer": original}]
    )
    phone.get_by_text("roof.jpg").first.wait_for()
    phone.get_by_label("现场说明").fill("屋面卷材铺设完成一半")
    phone.get_by_text("施工前", exact=True).first.click()  # the photo shows the state before
    phone.get_by_role("button", name="一次保存").click()
    phone.get_by_text("已保存：工程量、说明和 1 张照片。").wait_for()
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width} px wide"

    engine = make_engine(url)
    with Session(engine) as session:
        photo = session.exec(select(SitePhoto)).one()
        assert session.get(PhotoBlob, (photo.id, "original")).data == original
        assert (photo.lon, photo.device) != (None, "")  # staff keep position and device
    engine.dispose()

    # Make it public from the photos tab, then open what residents will see.
    phone.get_by_test_id("stButtonGroup").get_by_text("照片", exact=True).click()
    phone.get_by_text("对居民公开").first.click()
    phone.get_by_text("居民看到的版本").first.click()
    image = phone.get_by_test_id("stExpander").locator("img").first
    image.wait_for()
    served = phone.request.get(base + image.get_attribute("src").removeprefix(base)).body()
    assert metadata_left(served) == [], "the public copy still carries metadata"
    with Image.open(io.BytesIO(served)) as copy:
        exif = copy.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert 0x010F not in exif and 0x0110 not in exif  # make, model
        assert max(copy.size) <= 1600
    assert b"SN-8842-PRIVATE" not in served and b"HUAWEI" not in served
    engine = make_engine(url)
    with Session(engine) as session:
        stored = session.get(SitePhoto, photo.id)
        assert stored.public is True and stored.stage == "before"
        work_item_id, programme_id = stored.work_item_id, _programme_of(session, stored)
    engine.dispose()

    # On the staff map: a dot for the photo.
    phone.goto(f"{base}/planning_map?programme={programme_id}")
    frame = phone.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator(f".photo-point-{photo.id}").first.wait_for(state="attached", timeout=60_000)

    # With an "after" photo of the same work, residents see the pair on the compound page.
    after_id = _public_after_photo(url, site_id, work_item_id)
    phone.goto(f"{base}/compound?site={_key}")
    phone.get_by_role("heading", name="改造前后对比").wait_for()
    images = phone.get_by_test_id("stImage").locator("img")
    images.nth(1).wait_for()
    assert images.count() == 2
    for index in range(2):
        src = images.nth(index).get_attribute("src")
        assert metadata_left(phone.request.get(base + src.removeprefix(base)).body()) == []
    assert after_id != photo.id
    assert requests.non_local() == []


def _programme_of(session: Session, photo: SitePhoto) -> int:
    from planner.works.queries import get_item

    item = get_item(session, photo.work_item_id)
    assert item is not None
    return item.programme_id


def _public_after_photo(url: str, site_id: int, work_item_id: int) -> int:
    """An "after" photo of the work, made public (as staff would from the photos tab)."""
    from planner.fieldwork import photos as ph
    from planner.fieldwork.images import PhotoLimits, process_photo

    engine = make_engine(url)
    with session_scope(engine) as session:
        row = ph.store_photo(
            session,
            process_photo(gps_jpeg(seed=7), PhotoLimits()),
            ph.PhotoTarget(site_id, "after", work_item_id=work_item_id),
            actor="test",
        )
        ph.set_public(session, row.id, True, actor="test")
        found = row.id
    engine.dispose()
    return found
