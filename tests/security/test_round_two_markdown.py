"""Issue #21, items 9 and 14: text from a file or a person where Streamlit reads Markdown.

Item 9: a site name from a GIS file rendered a live phishing link and fetched an outside image
on ``/boq_export?site=…`` (also the map panel's subheader and captions, the field gallery, the
dashboard). Item 14: ``www.`` addresses in adopted resident text became links on the public
page. Replayed through the pages; and a test reads every page's source for calls that put
dynamic text where Markdown is read without the one helper (``planner.markup``).
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

from sqlmodel import Session, select

from db.session import make_engine, session_scope
from tests.pages.conftest import page_source

ROOT = Path(__file__).resolve().parents[2]
PHISHING = "广汇小区[请重新登录](http://evil.example/login)![](http://evil.example/p.png)"


def _markdown_sources(at) -> list[str]:
    """Every text the page gave Streamlit's Markdown renderer (bodies and labels)."""
    found = [page_source(at)]
    for kind in ("button", "expander", "tabs", "selectbox", "radio", "checkbox", "text_input"):
        for element in getattr(at, kind, []):
            found.append(str(getattr(element, "label", "")))
    return found


def _links_or_images(sources: list[str]) -> list[str]:
    """Markdown that would render as a link or an image: ``[…](`` or ``](http`` unescaped."""
    bad = []
    for text in sources:
        for marker in ("](http", "![", "](/"):
            index = text.find(marker)
            while index != -1:
                if index == 0 or text[index - 1] != "\\":
                    bad.append(text[max(0, index - 30) : index + 40])
                index = text.find(marker, index + 1)
    return bad


def test_item09_a_site_name_from_a_gis_file_is_no_link_on_staff_pages(app):
    """The site's name as a GIS import wrote it, on the bill of quantities opened from the
    map's link, on the planning map's panel, and on the dashboard."""
    from db.models import Site

    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with session_scope(engine) as session:
        site = session.exec(select(Site).where(Site.key == "c2023_01")).one()
        site.name_zh = site.name_en = PHISHING
        session.add(site)
        site_id = site.id
    engine.dispose()
    at = app.run()
    at.query_params["site"] = str(site_id)
    at.switch_page("pages/boq_export.py").run()
    assert not at.exception
    assert any("evil" in s for s in _markdown_sources(at)), "the site is not on the page"
    assert _links_or_images(_markdown_sources(at)) == []
    at.session_state["map_selected_site"] = site_id
    at.switch_page("pages/planning_map.py").run()
    assert not at.exception
    assert _links_or_images(_markdown_sources(at)) == []
    at.switch_page("pages/dashboard.py").run()
    assert not at.exception
    assert _links_or_images(_markdown_sources(at)) == []


def test_item14_www_addresses_in_adopted_text_are_no_links(anonymous_app):
    """Adopted resident text with ``www.`` addresses, e-mail and http addresses: shown as
    text, never linked (Streamlit autolinks them after reading the escapes)."""
    from db.models import Site, Suggestion
    from planner.surveys import suggestions as sg

    joiner = "\u2060"  # what keeps Streamlit from autolinking (planner.markup.JOINER)

    text = "详情见 www.evil.example/x 或 http://evil.example 联系 a@evil.example"
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with session_scope(engine) as session:
        site_id = session.exec(select(Site.id).where(Site.key == "c2023_06")).one()
        suggestion = Suggestion(site_id=site_id, text=text, category="other")
        session.add(suggestion)
        session.flush()
        change = sg.TriageChange(suggestion.id, status="adopted", public_answer="采纳 www.a.cn")
        sg.apply_triage(session, change, actor="staff")
        adopted_id = suggestion.id
    with Session(engine) as session:
        assert session.get(Suggestion, adopted_id).status == "adopted"
    engine.dispose()
    at = anonymous_app
    at.query_params["site"] = "c2023_06"
    at.run()
    at.switch_page("pages/compound.py").run()
    assert not at.exception
    shown = [m.value for m in at.markdown if "evil" in m.value]
    assert shown, "the adopted text is not on the page: the test proves nothing"
    for value in shown:
        assert f"www{joiner}" in value and f"http\\:{joiner}//" in value, value
        assert f"@{joiner}" in value


def test_item14_the_helper_breaks_every_autolink_literal():
    """What GitHub-style Markdown links by itself (after reading escapes): www., http(s)://,
    e-mail. The text reads the same once the invisible joiner is dropped."""
    import re

    from planner.markup import JOINER, md

    for typed in ("www.evil.example", "WWW.EVIL.EXAMPLE", "https://evil.example/a?b=c",
                  "x@evil.example", "ftp://evil.example"):  # fmt: skip
        escaped = md(typed)
        read = re.sub(r"\\(.)", r"\1", escaped)
        assert JOINER in read and read.replace(JOINER, "") == typed
        assert not re.search(r"(?i)www\.|https?://|ftp://|@[\w-]", read), read


# ---------------------------------------------------------------------------------------------
# Every page: dynamic text where Markdown is read goes through the helper

#: Streamlit calls whose first argument is Markdown (the body of a text element).
BODY = {"markdown", "caption", "subheader", "header", "title", "info", "warning", "error",
        "success", "toast", "write"}  # fmt: skip
#: Widgets and containers whose label (first argument or ``label=``) is Markdown.
LABELED = {"button", "checkbox", "toggle", "radio", "selectbox", "multiselect", "text_input",
           "text_area", "number_input", "date_input", "file_uploader", "download_button",
           "link_button", "expander", "popover", "metric", "slider", "select_slider",
           "form_submit_button", "color_picker", "time_input"}  # fmt: skip
#: Calls whose result is safe: the helper, messages without values, numbers and dates.
SAFE_CALLS = {"md", "md_t", "md_refusal", "markdown_text", "isoformat", "len", "int", "float",
              "round", "strftime"}  # fmt: skip
NOT_STREAMLIT = {"logger", "logging", "log", "parser", "warnings"}


class _Checker:
    def __init__(self, tree: ast.Module) -> None:
        self.assigned: dict[str, list[ast.expr]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None:
                if isinstance(node.target, ast.Name):
                    self.assigned.setdefault(node.target.id, []).append(node.value)
        self.seen: set[str] = set()

    def safe(self, node: ast.expr | None) -> bool:  # noqa: PLR0911
        if node is None or isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self.safe(v) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            return node.format_spec is not None or self.safe(node.value)
        if isinstance(node, ast.BinOp):
            return self.safe(node.left) and self.safe(node.right)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body) and self.safe(node.orelse)
        if isinstance(node, ast.List | ast.Tuple):
            return all(self.safe(e) for e in node.elts)
        if isinstance(node, ast.ListComp | ast.GeneratorExp):
            return self.safe(node.elt)
        if isinstance(node, ast.Call):
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            if name in SAFE_CALLS:
                return True
            if name == "t":
                return not node.keywords  # a message of ours, no values put in
            if name == "join" and isinstance(node.func, ast.Attribute):
                return self.safe(node.func.value) and all(self.safe(a) for a in node.args)
            return False
        if isinstance(node, ast.Name):
            if node.id in self.seen:
                return True
            values = self.assigned.get(node.id)
            if not values:
                return False
            self.seen.add(node.id)
            try:
                return all(self.safe(v) for v in values)
            finally:
                self.seen.discard(node.id)
        return False


def _unsafe_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checker = _Checker(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = node.func.value
        if isinstance(receiver, ast.Name) and receiver.id in NOT_STREAMLIT:
            continue
        name = node.func.attr
        checked: list[ast.expr] = []
        if name in BODY and node.args:
            checked.append(node.args[0])
        if name in LABELED:
            label = next((k.value for k in node.keywords if k.arg == "label"), None)
            checked.append(label if label is not None else (node.args or [None])[0])
        if name == "progress":
            checked += [k.value for k in node.keywords if k.arg == "text"]
        if name == "page_link":
            checked += [k.value for k in node.keywords if k.arg == "label"]
        if name == "tabs" and node.args:
            checked.append(node.args[0])
        for argument in checked:
            if argument is not None and not checker.safe(argument):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.append(f"{where} st.{name}({ast.unparse(argument)[:70]})")
    return found


def test_item09_pages_put_no_unescaped_dynamic_text_where_markdown_is_read():
    """Every call of a text element or labelled widget in the pages and the frame gives it
    constant text, a message without values, numbers, or text through ``planner.markup``."""
    files = sorted((ROOT / "pages").glob("*.py")) + [ROOT / "streamlit_app.py"]
    found = [call for path in files for call in _unsafe_calls(path)]
    assert found == [], "dynamic text where Streamlit reads Markdown:\n" + "\n".join(found)
