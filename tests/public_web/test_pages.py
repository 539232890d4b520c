"""The plain pages over HTTP: what they show, in which language, compressed, cached, and
fresh after a change made by another process (the data version lives in the database)."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import textwrap

import brotli

from planner.portal import reads
from tests.browser.helpers import PROJECT_ROOT
from tests.public_web.conftest import SITE, settings
from tests.public_web.serving import Client, serving


def _change_in_another_process(engine, site_key: str) -> None:  # noqa: ANN001
    """Set every work of a compound to nothing done, from a process of its own (as a staff
    page in another app process, or a command, would)."""
    url = engine.url.render_as_string(hide_password=False)
    script = textwrap.dedent(
        f"""
        from sqlalchemy import create_engine, text
        engine = create_engine({url!r})
        with engine.begin() as connection:
            connection.execute(text(
                "UPDATE work_item SET completed_quantity = 0 "
                "WHERE site_id = (SELECT id FROM site WHERE key = :key)"
            ), {{"key": {site_key!r}}})
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=PROJECT_ROOT, timeout=60)


def test_an_unchanged_page_is_a_304_and_a_change_elsewhere_makes_it_fresh(plain):
    visitor = plain.visitor()
    first = visitor.get(f"/p/{SITE}")
    assert first.status == 200
    # A finished work of the sample: done as much as planned (the first such line on the page).
    done = re.search(r"已完成 ([\d,]+) / 计划 \1\b", first.text)
    assert done, first.text
    planned = done.group(1)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert visitor.get(f"/p/{SITE}", If_None_Match=etag).status == 304
    assert visitor.get(f"/p/{SITE}", If_Modified_Since=modified).status == 304
    # Another compound changes: this page is still the same.
    _change_in_another_process(plain.engine, "c2023_02")
    assert visitor.get(f"/p/{SITE}", If_None_Match=etag).status == 304
    # This compound changes in another process: the next visit gets the new page.
    _change_in_another_process(plain.engine, SITE)
    fresh = visitor.get(f"/p/{SITE}", If_None_Match=etag)
    assert fresh.status == 200 and fresh.headers["etag"] != etag
    assert f"已完成 0 / 计划 {planned}" in fresh.text
    notice = visitor.get(f"/p/{SITE}/notice")
    assert notice.status == 200 and "0%" in notice.text


def test_the_pages_go_out_compressed_as_the_client_takes_them(plain):
    visitor = plain.visitor()
    identity = visitor.get(f"/p/{SITE}")
    assert "content-encoding" not in identity.headers
    br = visitor.get(f"/p/{SITE}", Accept_Encoding="gzip, deflate, br")
    assert br.headers["content-encoding"] == "br"
    assert brotli.decompress(br.body) == identity.body
    assert len(br.body) < len(identity.body) / 3
    gz = visitor.get(f"/p/{SITE}", Accept_Encoding="gzip")
    assert gz.headers["content-encoding"] == "gzip" and gzip.decompress(gz.body) == identity.body
    assert br.headers["vary"] == "Accept-Encoding"
    # The stylesheet comes inside the page: no second request before it can draw.
    assert "<style>" in identity.text and 'rel="stylesheet"' not in identity.text


def test_chinese_by_default_english_at_lang_en_kept_in_every_link(plain):
    visitor = plain.visitor()
    zh = visitor.get(f"/p/{SITE}")
    assert '<html lang="zh-CN">' in zh.text and "<h1>广汇小区</h1>" in zh.text
    en = visitor.get(f"/p/{SITE}?lang=en")
    assert '<html lang="en">' in en.text and "What is being done" in en.text
    links = [part.split('"')[0] for part in en.text.split('href="')[1:]]
    own = [link for link in links if link.startswith("/p/") and "site.css" not in link]
    switch = [link for link in own if "lang=en" not in link]
    assert switch == [f"/p/{SITE}"]  # the one link back to Chinese
    form = visitor.get(f"/p/{SITE}/feedback?lang=en")
    assert 'action="/p/c2023_01/feedback?lang=en"' in form.text and "Your message" in form.text


def test_headings_in_order_and_a_label_for_every_field(plain):
    visitor = plain.visitor()
    for path in ("/p/", f"/p/{SITE}", f"/p/{SITE}/feedback"):
        page = visitor.get(path).text
        levels = [
            int(page[i + 2])
            for i in range(len(page))
            if page.startswith("<h", i) and page[i + 2].isdigit()
        ]
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)
    form = visitor.get(f"/p/{SITE}/feedback").text
    for field in ("text", "category", "building", "unit", "phone"):
        assert f'<label for="{field}">' in form and f'id="{field}"' in form


def test_the_finder_lists_every_compound_and_searches(plain):
    visitor = plain.visitor()
    page = visitor.get("/p/")
    assert page.status == 200 and f'href="/p/{SITE}"' in page.text
    found = visitor.get("/p/?q=%E5%B9%BF%E6%B1%87")  # 广汇
    assert f'href="/p/{SITE}"' in found.text and "广汇" in found.text
    none = visitor.get("/p/?q=%3Cscript%3E")
    assert "<script>" not in none.text and "&lt;script&gt;" in none.text


def test_the_finder_says_what_it_found_once_and_in_words_that_fit(plain):
    visitor = plain.visitor()
    for lang in ("", "&lang=en"):
        page = visitor.get("/p/?q=x" + lang).text
        assert "地图" not in page and " map" not in page  # the plain finder has no map
    none = visitor.get("/p/?q=%E4%B8%8D%E5%AD%98%E5%9C%A8").text  # 不存在
    assert none.count("不存在") == 2, none  # said once (the search box holds it too)
    assert "找到 0 个" not in none
    assert '<a href="/p/">查看全部小区</a>' in none  # and the way back to the whole list
    one = visitor.get("/p/?q=%E5%B9%BF%E6%B1%87&lang=en").text  # 广汇
    assert "1 compound with “广汇”" in one and "1 compounds" not in one
    spaced = visitor.get("/p/?q=%E5%B9%BF%E6%B1%87+%E5%B0%8F%E5%8C%BA").text  # 广汇 小区
    assert f'href="/p/{SITE}"' in spaced


def test_the_finder_pages_through_every_compound_of_every_programme_newest_first(plain):
    everyone = reads.find_compounds(plain.engine, "", 1, 10_000)
    assert everyone.total > 20, "the sample must hold more compounds than one page"
    visitor = plain.visitor()
    listed: list[str] = []
    path = "/p/"
    while path:
        page = visitor.get(path)
        assert page.status == 200
        keys = re.findall(r'href="/p/([\w-]+)"', page.text)
        assert len(keys) <= 20
        listed += keys
        following = re.search(r'href="([^"]+)" rel="next"', page.text)
        path = following.group(1).replace("&amp;", "&") if following else ""
    assert listed == [hit.key for hit in everyone.hits], (
        "every compound once, newest programme first"
    )
    assert listed[0].startswith("c2024"), listed[:3]


def test_the_notice_and_qr_code_point_to_the_plain_page(seeded_engine):
    with serving(seeded_engine, settings(public_base_url="https://gz.example.cn")) as (base, _p):
        notice = Client(base).get(f"/p/{SITE}/notice")
    assert notice.status == 200
    assert f"https://gz.example.cn/p/{SITE}" in notice.text and "<svg" in notice.text


def test_unknown_compounds_and_forged_keys_are_404(plain):
    visitor = plain.visitor()
    for path in ("/p/nope", "/p/nope/notice", "/p/nope/feedback", "/p/%00x", "/p/photo/99999"):
        assert visitor.get(path).status == 404, path


def test_photos_are_thumbnails_with_their_sizes_loaded_lazily_and_public_only(plain):
    import io
    import re
    import zipfile

    from planner.fieldwork import imports
    from planner.fieldwork.actions import import_photos, set_photo_public
    from planner.fieldwork.images import PhotoLimits
    from planner.portal import reads
    from tests.planner.fieldwork_images import gps_jpeg

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("2号楼/roof_waterproofing/before/a.jpg", gps_jpeg(seed=1))
        z.writestr("2号楼/roof_waterproofing/after/b.jpg", gps_jpeg(seed=2))
    site = reads.site_version(plain.engine, SITE)
    assert site is not None
    sources, close = imports.zip_or_folder_sources(io.BytesIO(buffer.getvalue()))
    try:
        report = import_photos(
            plain.engine, site[0], sources, actor="test", limits=PhotoLimits(), max_files=5,
            building_match_m=60,
        )  # fmt: skip
    finally:
        close()
    ids = [p.photo_id for p in report.imported]
    assert len(ids) == 2
    visitor = plain.visitor()
    assert "<img" not in visitor.get(f"/p/{SITE}").text  # not public yet
    assert visitor.get(f"/p/photo/{ids[0]}").status == 404
    for photo_id in ids:
        set_photo_public(plain.engine, photo_id, True, actor="test")
    page = visitor.get(f"/p/{SITE}").text
    images = re.findall(r"<img [^>]*>", page)
    assert len(images) == 2, images
    for tag in images:
        assert 'loading="lazy"' in tag and 'alt="屋面防水：' in tag
        width, height = (int(v) for v in re.search(r'width="(\d+)" height="(\d+)"', tag).groups())
        assert max(width, height) == 320  # the thumbnail's long edge, not the photo's 1200
    thumb = visitor.get(f"/p/photo/{ids[0]}")
    assert thumb.headers["content-type"] == "image/jpeg" and len(thumb.body) < 40_000
    set_photo_public(plain.engine, ids[1], False, actor="test")
    assert len(re.findall(r"<img ", visitor.get(f"/p/{SITE}").text)) == 1
    assert visitor.get(f"/p/photo/{ids[1]}").status == 404


def test_pages_rendered_ahead_are_served_as_rendered_and_are_the_same_page(
    seeded_engine, monkeypatch
):
    """After a start each process renders the compounds' pages ahead (newest programme first),
    so the first resident gets a ready page, the same one a visit would have rendered; a
    change made afterwards still gives a fresh page."""
    from public_web import views

    with serving(seeded_engine, settings()) as (base, pages):
        visitor = Client(base)
        rendered_ahead = pages.prerender(limit=3)
        assert rendered_ahead == 6  # three compounds: the page and its notice each
        first_key = reads.find_compounds(seeded_engine, "", 1, 1).hits[0].key
        renders: list[str] = []
        real = views.compound
        monkeypatch.setattr(
            views, "compound", lambda engine, key, *a: renders.append(key) or real(engine, key, *a)
        )
        ahead = visitor.get(f"/p/{first_key}")
        assert ahead.status == 200 and renders == []  # served as rendered ahead
        english = visitor.get(f"/p/{first_key}?lang=en")
        assert english.status == 200 and renders == [first_key]  # only Chinese is ahead
    with serving(seeded_engine, settings()) as (base, pages):
        # The same page as a first visit renders, in another process that rendered nothing.
        assert Client(base).get(f"/p/{first_key}").body == ahead.body
    with serving(seeded_engine, settings(prerender_pages=0)) as (_base, pages):
        assert pages.prerender_in_background() is None  # switched off
