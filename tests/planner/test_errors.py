"""The one refusal family: messages in both languages, reasons beside their fields."""

from __future__ import annotations

from planner.errors import Busy, Refused


def test_refusal_reads_in_the_readers_language():
    refused = Busy()
    assert refused.message("zh") != refused.message("en")
    assert refused.messages("en") == [refused.message("en")]


def test_reasons_are_grouped_by_their_field():
    refused = Refused(
        "error.busy",
        reasons=[Refused("error.busy", field="phone"), Refused("error.unexpected", field="text")],
    )
    grouped = refused.by_field("en")
    assert set(grouped) == {None, "phone", "text"}
    assert len(refused.messages("zh")) == 3
    assert [r.field for r in refused.walk()] == [None, "phone", "text"]
