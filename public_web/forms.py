"""The plain feedback form: a CSRF token, a one-time key, and refusals beside their fields.

- **CSRF**: the form page sets a random cookie (``planner_form``: HttpOnly, SameSite=Lax,
  path ``/p/``) and puts in the form an HMAC of that cookie and the form's one-time key under
  the app's signing key (``planner.secrets``). A POST without the cookie, or whose token does
  not match it, is refused (another site can make a browser post, but cannot read the cookie
  or make its token) and the typed text comes back with a fresh token.
- **One message, however often it is sent**: ``submit_feedback`` stores a message once per
  ``request_key`` and answers a second send with the first one's reference. That key is
  :func:`message_key`: what was typed, from this browser (its form cookie), about this
  compound, on this day of the city, signed. A double tap sends the same form twice; Back
  after sending, then 提交 again, sends a fresh form (a new one-time key) with the text the
  browser kept; both are the same message and store once. A changed text or phone number is a
  new message (what the resident added is not dropped).
- **Nothing typed is lost**: a refusal (too short, too long, a phone number that is no
  number, a busy database) renders the form again with what was typed and the reason beside
  its field. No ``maxlength`` on the text: a browser would cut a pasted text silently.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import date

from planner.errors import Busy, Refused
from planner.i18n import t
from planner.secrets import SigningKeys

COOKIE = "planner_form"
#: Fields of the form and how long each may be before it is not read at all (the text is
#: checked against its stated limit by the action; a body past these is not a resident's).
FIELD_LIMITS = {
    "text": 20_000,
    "category": 32,
    "building": 32,
    "unit": 16,
    "phone": 32,
    "request_key": 64,
    "csrf": 128,
}


def new_request_key() -> str:
    """A fresh one-time key for a form (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def new_cookie() -> str:
    """A fresh value for the form cookie."""
    return secrets.token_urlsafe(24)


def token(keys: SigningKeys, cookie: str, request_key: str) -> str:
    """The CSRF token of a form: its cookie and one-time key signed."""
    return keys.sign(f"feedback-form|{cookie}|{request_key}")


def token_valid(keys: SigningKeys, cookie: str, request_key: str, given: str) -> bool:
    """Whether ``given`` is the token of this cookie and key (the current or an older key)."""
    if not cookie or not request_key or not given:
        return False
    return keys.verify(f"feedback-form|{cookie}|{request_key}", given)


def message_key(keys: SigningKeys, cookie: str, site_id: int, typed: Typed, day: date) -> str:
    """The key of a message by what it says (64 hex characters): the browser's form cookie,
    the compound, the city's day and every field typed (without its whitespace), signed.
    The same form sent twice, or sent again after Back, has the same key."""
    fields = (typed.text, typed.category, typed.building, typed.unit, typed.phone)
    said = json.dumps(["".join(value.split()) for value in fields], ensure_ascii=False)
    return keys.sign(f"feedback-message|{cookie}|{int(site_id)}|{day.isoformat()}|{said}")


@dataclass
class Typed:
    """What the resident typed (kept through a refusal), each field cut to its limit."""

    text: str = ""
    category: str = ""
    building: str = ""
    unit: str = ""
    phone: str = ""
    request_key: str = ""
    csrf: str = ""

    @classmethod
    def from_form(cls, form: dict[str, str]) -> Typed:
        """The fields of a posted form (line ends as one character each, as typed)."""
        values = {k: str(form.get(k, ""))[:limit] for k, limit in FIELD_LIMITS.items()}
        values["text"] = values["text"].replace("\r\n", "\n")
        return cls(**values)


@dataclass
class Problems:
    """Why a form was not sent: for the form as a whole, and per field."""

    general: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.general or self.fields)


def problems(refused: Refused, typed: Typed, lang: str, max_chars: int) -> Problems:
    """The reasons of a refusal, each beside its field (the form's own when it has none)."""
    found = Problems()
    if isinstance(refused, Busy):
        found.general.append(t("web.busy", lang))
        return found
    found.general.append(t("web.form_refused", lang))
    for reason in refused.walk():
        text = reason.message(lang)
        if reason.key == "feedback.error.too_long":
            count = len(typed.text.strip())
            text = t(
                "web.too_long_by", lang, count=count, maximum=max_chars, excess=count - max_chars
            )
        if reason.field:
            found.fields.setdefault(reason.field, []).append(text)
        else:
            found.general.append(text)
    return found
