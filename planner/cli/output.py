"""How every command shows a refusal: the same reasons a page shows, in the command line's
language, on standard error, and an exit code that is not zero.

An action refuses with a :class:`planner.errors.Refused` (``planner/<domain>/actions.py``);
a command catches it and returns ``report_refusal(error)``. With ``--json`` the reasons are printed
as one object on standard output as well, for scripts.
"""

from __future__ import annotations

import json
import sys

from planner.errors import Refused

#: The command line's language: messages in English; files and names stay as they are.
LANG = "en"


def report_refusal(
    error: Refused, *, code: int = 1, as_json: bool = False, prefix: str = ""
) -> int:
    """Print every reason of ``error`` (``prefix`` before the first, e.g. a file name) to
    standard error; returns ``code`` (the command's exit code)."""
    messages = error.messages(LANG)
    if as_json:
        reasons = [
            {"key": r.key, "field": r.field, "message": r.message(LANG)} for r in error.walk()
        ]
        print(
            json.dumps({"ok": False, "error": messages[0], "reasons": reasons}, ensure_ascii=False)
        )
    first, *rest = messages
    print(f"{prefix}{first}", file=sys.stderr)
    for message in rest:
        print(f"  {message}", file=sys.stderr)
    return code
