"""A restore refuses a backup whose schema this planner does not know (a newer planner's),
with revisions named "0013_money" rather than numbered."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.backup import BackupError, _refuse_newer
from db.migrate import head_revision, is_known_revision


def test_a_known_revision_restores_and_an_unknown_one_is_refused():
    assert all(is_known_revision(r) for r in ("0001", "0011", "0013_money", head_revision()))
    _refuse_newer(head_revision(), Path("b.dump"))
    _refuse_newer("0011", Path("b.dump"))
    with pytest.raises(BackupError, match="newer than this planner"):
        _refuse_newer("0099_from_the_future", Path("b.dump"))
