"""The attacks of issue #12, replayed against the planner.

Each test repeats what was done to the landed code as an outsider (or a careless user) would,
and checks that it no longer works. Each failed on the code before the fix (see the report of
issue #12); the imports sit inside the tests so that every test runs, and fails on its own
assertion, against older code too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import tomllib
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session, select

from db.session import make_engine, session_scope
from planner.runtime.startup import ensure_database_ready
from tests.conftest import clean_postgres_url

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long and rather uncommon pass phrase 7"


# ---------------------------------------------------------------------------------------------
# Lockout bypass: ten wrong passwords in parallel


@pytest.mark.postgres
def test_parallel_wrong_passwords_on_postgresql_end_locked():
    from planner.accounts.users import authenticate, create_user, get_user

    engine = make_engine(clean_postgres_url())
    try:
        ensure_database_ready(engine)
        with session_scope(engine) as session:
            create_user(session, username="target", password=PASSWORD, role="admin")
        barrier = threading.Barrier(10)

        def wrong() -> None:
            barrier.wait()
            with session_scope(engine) as session:
                authenticate(session, "target", "wrong password, tried in parallel")

        threads = [threading.Thread(target=wrong) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with Session(engine) as session:
            account = get_user(session, "target")
            locked_until = account.locked_until
            assert locked_until is not None, f"failed_logins={account.failed_logins}, no lock"
            assert locked_until.replace(tzinfo=locked_until.tzinfo or UTC) > datetime.now(UTC)
        with session_scope(engine) as session:  # even the right password waits for the lock
            assert authenticate(session, "target", PASSWORD) is None
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------------------------
# Memory exhaustion: 20 password checks at once

_MEMORY_PROBE = r"""
import json, resource, sys, threading
sys.path.insert(0, sys.argv[1])
from db.migrate import upgrade_to_head
from db.session import make_engine, session_scope
from planner.accounts import users

def peak_kib():  # this process's own peak (ru_maxrss would carry the test process's peak)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

engine = make_engine("sqlite:///" + sys.argv[2])
upgrade_to_head(engine)
with session_scope(engine) as session:  # one check first: the idle process has done one
    users.authenticate(session, "nobody", "warm-up password")
before = peak_kib()
barrier = threading.Barrier(20)

def attempt():
    barrier.wait()
    with session_scope(engine) as session:
        users.authenticate(session, "nobody", "a guess sent by a script")

threads = [threading.Thread(target=attempt) for _ in range(20)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
after = peak_kib()
print(json.dumps({"growth_mib": (after - before) / 1024}))
"""


def test_twenty_parallel_password_checks_stay_within_the_memory_bound(tmp_path):
    """Each Argon2 check takes 64 MiB; at most ``per_process`` (2) run at once in a process,
    so the peak memory of 20 parallel wrong logins grows by at most 2 × 64 MiB (+ 32 MiB for
    threads and allocator slack) over a process that has done one check."""
    bound_mib = 2 * 64 + 32
    result = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(ROOT), str(tmp_path / "memory.db")],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    growth = json.loads(result.stdout.strip().splitlines()[-1])["growth_mib"]
    assert growth <= bound_mib, f"peak memory grew by {growth:.0f} MiB (bound {bound_mib} MiB)"


# ---------------------------------------------------------------------------------------------
# Feedback flood from fresh browser sessions


def test_a_flood_from_fresh_sessions_is_limited_and_a_real_message_stays_first(
    anonymous_app, monkeypatch
):
    from streamlit.testing.v1 import AppTest

    import pages._auth as auth
    from db.models import Suggestion

    def send(address: str, text: str, phone: str = "") -> None:
        monkeypatch.setattr(auth, "client_address", lambda: address, raising=False)
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        at.query_params["site"] = "c2023_02"
        at.run()
        at.switch_page("pages/compound.py").run()
        at.text_area(key="feedback_text").input(text)
        at.text_input(key="feedback_phone").input(phone)
        at.button[-1].click().run()
        assert not at.exception

    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with Session(engine) as session:
        before = len(session.exec(select(Suggestion.id)).all())
    for i in range(6):  # a script: every message from a new browser session, one address
        send("203.0.113.66", f"刷屏消息第{i}条：停车位不够用不够用")
    real = "3号楼楼道灯坏了一个月了，晚上老人上下楼很危险，请尽快维修。"
    send("198.51.100.23", real, phone="139 1234 5678")
    with Session(engine) as session:
        rows = session.exec(select(Suggestion.text, Suggestion.status).order_by(Suggestion.id))
        rows = rows.all()[before:]
    engine.dispose()
    # Past the limit a message is held for review, out of the queue (issue #21: a cap must
    # never refuse a resident), so 3 reach the queue and 3 wait.
    flood = [s for t, s in rows if t.startswith("刷屏消息")]
    assert flood.count("received") == 3, f"{flood} from one address"
    assert flood.count("held") == 3
    from planner.surveys.suggestions import triage_queue

    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with Session(engine) as session:
        queue = triage_queue(session, statuses=["received", "evaluating"])
    engine.dispose()
    assert queue.rows[0].text == real  # newest first: the resident is on top


# ---------------------------------------------------------------------------------------------
# Phone numbers published


@pytest.mark.parametrize(
    "typed",
    [
        "13912345678",
        "139 1234 5678",
        "139-1234-5678",
        "１３９１２３４５６７８",
        "１３９－１２３４－５６７８",
        "+86 139 1234 5678",
        "0937-6221234",
        "62020219800101123X",
    ],
)
def test_phone_and_id_numbers_are_masked_however_typed(typed):
    from planner.portal.view import mask_personal_numbers

    masked = mask_personal_numbers(f"路灯坏了，联系我{typed}谢谢")
    digits = [c for c in masked if c.isdigit()]
    assert digits == [], masked
    assert masked.startswith("路灯坏了，联系我") and masked.endswith("谢谢")


# ---------------------------------------------------------------------------------------------
# "database is locked": a public write during a long GIS import


def _grid_of_sites(path: Path, n: int) -> None:
    from pyproj import Transformer

    to_lonlat = Transformer.from_crs("EPSG:4542", "EPSG:4326", always_xy=True)
    x0, y0 = Transformer.from_crs("EPSG:4326", "EPSG:4542", always_xy=True).transform(98.23, 39.75)
    per_row, features = int(n**0.5) + 1, []
    for i in range(n):
        x, y = x0 + (i % per_row) * 60.0, y0 + (i // per_row) * 60.0
        ring = [
            to_lonlat.transform(a, b)
            for a, b in ((x, y), (x + 40, y), (x + 40, y + 40), (x, y + 40), (x, y))
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": f"导入小区{i:05d}"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[round(a, 7), round(b, 7)] for a, b in ring]],
                },
            }
        )
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")


@pytest.mark.slow
def test_a_public_write_during_a_long_import_succeeds(tmp_path):
    from planner.gis import apply as gi
    from planner.gis.actions import import_geodata
    from planner.portal.actions import submit_feedback
    from planner.portal.feedback import Feedback
    from planner.portal.view import get_site_by_key

    engine = make_engine(f"sqlite:///{tmp_path / 'busy.db'}")
    ensure_database_ready(engine)
    big = tmp_path / "sites.geojson"
    _grid_of_sites(big, 6000)  # seconds of writing: a public write waited them all before
    parsed = gi.load_file(big, "sites")
    with Session(engine) as session:
        plan = gi.plan_import(session, parsed)
        site_id = get_site_by_key(session, "c2023_02").id
    writing, finished = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def run_import() -> None:
        try:
            import_geodata(
                engine,
                parsed,
                plan,
                actor="importer",
                progress=lambda _f, key: key == "gis.progress.writing" and writing.set(),
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            writing.set()
            finished.set()

    importer = threading.Thread(target=run_import)
    importer.start()
    assert writing.wait(120)
    time.sleep(0.5)  # well inside the import's writing
    started = time.monotonic()
    message = Feedback(site_id, "导入期间提交的意见：路灯太暗。")
    submit_feedback(engine, message, client="198.51.100.7")
    waited = time.monotonic() - started
    still_importing = not finished.is_set()
    importer.join(300)
    engine.dispose()
    assert not failures, failures
    # A moment, not the whole import (its batches hold the write lock about 0.1 s each).
    assert waited < 1.0, f"the public write waited {waited:.1f} s for the import"
    assert still_importing, "the import ended before the public write: the test proves nothing"


# ---------------------------------------------------------------------------------------------
# Error details to anyone: a NUL byte in the link


def test_error_details_are_off_for_everyone():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


@pytest.mark.postgres
def test_odd_links_on_postgresql_show_a_friendly_page(monkeypatch):
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1 import app_test as app_test_module

    from tests.pages.conftest import _NavigationOnlyPagesManager, page_text

    monkeypatch.setattr(app_test_module, "PagesManager", _NavigationOnlyPagesManager)
    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)
    monkeypatch.setenv("PLANNER_DATABASE_URL", clean_postgres_url())
    monkeypatch.chdir(ROOT)
    odd_links = (
        "c2023_01\x00",  # the attack: SQL text and 22 stack frames on PostgreSQL
        "c2023_01\x00' OR 1=1 --",
        "x" * 20_000,
        "广汇小区\u202e\u0000",
        ["\x00", "c2023_01"],  # repeated: the first counts
    )
    for odd in odd_links:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
        at.query_params["site"] = odd
        at.run()
        at.switch_page("pages/compound.py").run()
        assert not at.exception, at.exception
        text = page_text(at)
        assert "链接中的小区不存在" in text
        assert "Traceback" not in text and "SELECT" not in text


# ---------------------------------------------------------------------------------------------
# Spreadsheet formulas from user text


def test_exports_keep_typed_formulas_inert():
    """The rate library exports (fixed before this issue, in planner/spreadsheets.py)."""
    import csv
    import io

    import openpyxl

    from planner.boq.rates import RateEntry, export_rates_csv, export_rates_xlsx

    hostile = '=HYPERLINK("http://evil.example/x","点击查看")'
    entries = [RateEntry("roof_waterproofing", 52.56, source=hostile, description="+1+2")]
    sheet = openpyxl.load_workbook(io.BytesIO(export_rates_xlsx(entries))).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    rows = list(csv.reader(io.StringIO(export_rates_csv(entries).decode("utf-8-sig"))))
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in rows[1] if cell)


# ---------------------------------------------------------------------------------------------
# Unbounded uploads: a million-row survey CSV


def test_a_million_row_csv_is_refused_within_a_second():
    from planner.surveys.files import FileRefused, read_table

    data = "序号,是否支持\n".encode() + b"1,\xe6\x94\xaf\xe6\x8c\x81\n" * 1_000_000
    started = time.perf_counter()
    with pytest.raises(FileRefused) as refused:
        read_table(data, "million.csv")
    elapsed = time.perf_counter() - started
    assert refused.value.key in ("survey.error.too_many_rows", "survey.error.too_large")
    assert elapsed < 1.0, f"refused after {elapsed:.2f} s (it was read whole first)"


# ---------------------------------------------------------------------------------------------
# The legal gate's side door


def test_the_elevator_side_door_is_closed(seeded_engine):
    from db.models import Building, ConsentVote, Programme, Site
    from planner.surveys import consent
    from planner.works import items as wi

    rules = consent.CIVIL_CODE_2021
    with session_scope(seeded_engine) as session:
        building = session.exec(
            select(Building)
            .join(Site, Site.id == Building.site_id)
            .where(Site.key == "c2024_01", Building.number == "1")
        ).one()
        programme = session.exec(select(Programme).where(Programme.key == "p2024")).one()
        place = (programme.id, building.site_id, building.id, "elevator_retrofit", 1)
        try:
            new = wi.NewWorkItem(*place, unit_number="2")
        except TypeError:  # code before the fix: work items had no 单元
            new = wi.NewWorkItem(*place)
        item_id = wi.add_work_item(session, new, actor="tester").item_id

        def vote(matter: str, unit: str, yes: int) -> None:
            # Stored as it was: a 5-of-8 vote recorded under matter "other" (> 1/2 passes).
            session.add(
                ConsentVote(
                    site_id=building.site_id,
                    building_id=building.id,
                    unit_number=unit,
                    matter=matter,
                    title=f"{unit}单元 {matter}",
                    work_item_id=item_id,
                    owners_area_m2=Decimal("800"),
                    owners_count=8,
                    participants_area_m2=Decimal("800"),
                    participants_count=8,
                    consenting_area_m2=Decimal(yes * 100),
                    consenting_count=yes,
                )
            )
            session.flush()

        vote("other", "2", 5)  # another matter: does not clear an elevator (改建 needs 3/4)
        assert consent.blocked_work_items(session, [item_id], rules), "cleared by matter (9)"
        vote("rebuild", "1", 7)  # passed, but in another 单元
        assert consent.blocked_work_items(session, [item_id], rules), "cleared by 单元 1"
        with pytest.raises(consent.InvalidVoteError):  # and the page refuses such a vote
            consent.record_vote(
                session,
                consent.NewConsentVote(
                    site_id=building.site_id,
                    matter="other",
                    title="走错门的表决",
                    counts=consent.VoteCounts(
                        Decimal("800"), 8, Decimal("800"), 8, Decimal("500"), 5
                    ),
                    building_id=building.id,
                    unit_number="2",
                    work_item_id=item_id,
                ),
                actor="tester",
            )
        vote("rebuild", "2", 7)  # the 单元 the item names, the matter the law requires
        assert not consent.blocked_work_items(session, [item_id], rules)


def test_the_vote_form_does_not_default_to_a_matter(app):
    at = app.run()
    at.switch_page("pages/consent_votes.py").run()
    assert not at.exception
    assert at.selectbox(key="cv_matter").value is None
