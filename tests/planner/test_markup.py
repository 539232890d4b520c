"""planner.markup with the refusal family: what a refusal names from a file or a person is
shown as typed wherever Streamlit reads Markdown, and nothing is escaped twice."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from planner.errors import Refused
from planner.markup import JOINER, md, md_refusal, md_t
from planner.surveys.files import ImportRefused, RowError

LINK = "[点这里](http://evil.example/login)"


def _as_read(markdown: str) -> str:
    """The text a reader sees: escapes read, the invisible joiner dropped."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(JOINER, "")


def _live_link(markdown: str) -> bool:
    """Whether Markdown would render ``[…](http…)`` as a link (an unescaped ``](``)."""
    return re.search(r"(?<!\\)\]\(", markdown) is not None


def test_a_refusal_of_the_catalogue_has_its_values_escaped():
    refused = Refused("survey.error.at_column", column=LINK, reason="缺少")
    shown = md_refusal(refused, "zh")
    assert not _live_link(shown)
    assert _as_read(shown) == f"列「{LINK}」：缺少"


def test_a_refusal_that_words_its_own_message_is_escaped_whole():
    """A survey file's row error names the file's column in a message it builds itself."""
    refused = ImportRefused.of_errors([RowError(5, LINK, "survey.error.support_empty")])
    reason = refused.reasons[0]
    shown = md_refusal(reason, "zh")
    assert not _live_link(shown)
    assert _as_read(shown) == f"第 5 行，列「{LINK}」：未填写是否支持"


def test_text_made_safe_is_not_escaped_twice():
    once = md("a.b")
    assert md(once) == once == "a\\.b"
    beside = md_t("error.beside_field", "zh", field="金额", reason=md_refusal(
        Refused("survey.error.at_column", column="x.csv", reason="缺少"), "zh"))  # fmt: skip
    assert _as_read(beside) == "金额：列「x.csv」：缺少"
    assert "\\\\" not in beside  # no escaped escape


def _page_showing_a_refusal() -> None:
    from pages._errors import show_refusal
    from planner.errors import Refused
    from planner.surveys.files import ImportRefused, RowError

    link = "[点这里](http://evil.example/login)"
    refused = ImportRefused.of_errors([RowError(2, link, "survey.error.support_empty")])
    show_refusal(refused, "zh", fields={"file": "文件"})
    show_refusal(Refused("survey.error.at_column", field="file", column=link, reason="缺少"), "zh")


def test_show_refusal_puts_no_live_link_on_the_page():
    at = AppTest.from_function(_page_showing_a_refusal).run()
    assert not at.exception
    shown = [e.value for e in at.error]
    assert len(shown) == 3 and not any(_live_link(text) for text in shown), shown
    assert any("点这里" in _as_read(text) for text in shown)


def test_chart_text_keeps_plotly_markup_as_characters():
    from planner.markup import chart_text

    assert (
        chart_text("<b>粗</b> & <a href='x'>链</a>")
        == "&lt;b&gt;粗&lt;/b&gt; &amp; &lt;a href='x'&gt;链&lt;/a&gt;"
    )
    assert chart_text(None) == "" and chart_text("新华路 3 号楼") == "新华路 3 号楼"
