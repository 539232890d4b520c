"""Personal numbers in free text, and how long contact data is kept.

**Masking.** Whatever a resident or staff member typed may hold a phone or ID number, written
any way a person writes it: ``13912345678``, ``139 1234 5678``, ``139-1234-5678``,
``+86 139…``, ``(0937) 622 1234``, full-width ``１３９１２３４５６７８``, an ID card number
``62020219800101123X``, and written to slip past a filter: digits joined by zero-width
characters, split by line breaks, tabs, commas or underscores, or as Chinese numerals
(一三九一二三四五六七八). :func:`mask_personal_numbers` first reads the text as a number
parser would (format characters, Unicode category Cf, dropped; full-width, other Unicode and
Chinese digits as ASCII digits; every space and separator alike; each character remembers
where it came from), then finds

- phone numbers with ``phonenumbers`` (Google's libphonenumber; mainland China by default);
- runs of digits that read as a mobile number, a landline, or an ID number once spaces and
  dashes between the digits are dropped (a safety net for what the parser leaves alone);

and replaces each found stretch of the **original** text with asterisks.

**Retention.** Contact data sent with portal feedback is deleted after
``PLANNER_CONTACT_RETENTION_DAYS``, and numbers in the stored text of messages and answers of
that age are masked (``planner privacy purge``, run daily by a timer;
``planner.portal.feedback``, ``planner.surveys.retention``).
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

#: Characters read as a separator inside a number: dashes of every kind, spaces, dots, and
#: what people put between digit groups when they mean to slip past a filter: line breaks,
#: tabs, commas, underscores, slashes. Every Unicode space (category Zs) is a space too.
_SEPARATORS = (
    "-‐‑‒–—―−－﹣ \u00a0\u2009\u202f\u3000.．·()（）\n\r\t\v\f,，、_＿/／\\|｜:：;；~～'\"＂"
)
_DIGITS_WITH_SEPARATORS = re.compile(
    r"(?<![0-9])\+?[0-9](?:[0-9]|[" + re.escape(_SEPARATORS) + r"]+(?=[0-9(（]))*[0-9Xx]?"
)
_MOBILE = re.compile(r"^(?:86)?1[3-9][0-9]{9}$")
_LANDLINE = re.compile(r"^0[1-9][0-9]{1,2}[0-9]{7,8}$")
_ID_NUMBER = re.compile(r"^[0-9]{17}[0-9Xx]$|^[0-9]{15}$")
#: Chinese numerals read digit by digit, as a phone number is read out (幺 is "one" on the
#: phone; 〇 and 零 are both zero), and the financial forms.
_CHINESE_DIGITS = dict(
    zip("〇零一二三四五六七八九幺壹贰貳叁參肆伍陆陸柒捌玖", "001234567891122334566789", strict=True)
)


def _plain(text: str) -> tuple[str, list[int]]:
    """``text`` as a number parser reads it, and where each character came from.

    Format characters (category Cf: zero-width joiners and spaces, directional marks, soft
    hyphens) are dropped; Unicode and Chinese digits become ASCII digits; every space and
    separator becomes one kind each. ``positions[i]`` is the index in ``text`` of the i-th
    character of the result.
    """
    out: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        if char.isdigit() and not char.isascii():
            value = unicodedata.digit(char, None)
            char = str(value) if value is not None else char
        elif char in _CHINESE_DIGITS:
            char = _CHINESE_DIGITS[char]
        elif char in "‐‑‒–—―−－﹣":
            char = "-"
        elif category == "Zs" or char in "\n\r\t\v\f":
            char = " "
        elif char in "（）":
            char = "(" if char == "（" else ")"
        elif char == "＋":
            char = "+"
        out.append(char)
        positions.append(index)
    return "".join(out), positions


def normalise_digits(text: str) -> str:
    """``text`` with every Unicode digit as its ASCII digit and every dash and space of
    another script as ``-`` and `` `` (one character for one: positions stay)."""
    out = []
    for char in text:
        if char.isdigit() and not char.isascii():
            value = unicodedata.digit(char, None)
            out.append(str(value) if value is not None else char)
        elif char in "‐‑‒–—―−－﹣":
            out.append("-")
        elif char in "\u00a0\u2009\u202f\u3000":
            out.append(" ")
        elif char in "（）":
            out.append("(" if char == "（" else ")")
        elif char == "＋":
            out.append("+")
        else:
            out.append(char)
    return "".join(out)


def _looks_personal(run: str) -> bool:
    digits = re.sub(r"[^0-9Xx]", "", run)
    return bool(_MOBILE.match(digits) or _LANDLINE.match(digits) or _ID_NUMBER.match(digits))


def personal_number_spans(text: str, region: str = "CN") -> list[tuple[int, int]]:
    """Where ``text`` holds phone or ID numbers: (start, end) positions in ``text``, merged
    and sorted. Read after dropping format characters, with Chinese numerals as digits and
    line breaks, tabs, commas and underscores as separators (:func:`_plain`)."""
    plain, positions = _plain(text)
    found: list[tuple[int, int]] = []
    for match in phonenumbers.PhoneNumberMatcher(plain, region, phonenumbers.Leniency.VALID):
        found.append((match.start, match.end))
    for digits in _DIGITS_WITH_SEPARATORS.finditer(plain):
        run = digits.group(0).rstrip(_SEPARATORS)
        if _looks_personal(run):
            found.append((digits.start(), digits.start() + len(run)))
    spans = [(positions[a], positions[b - 1] + 1) for a, b in found if b > a]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mask_personal_numbers(text: str, region: str = "CN") -> str:
    """``text`` with every phone-like and ID-like number replaced by asterisks.

    >>> mask_personal_numbers("请联系 139-1234 5678 或 0937-6221234")
    '请联系 ************* 或 ************'
    >>> mask_personal_numbers("１３９１２３４５６７８")
    '***********'
    """
    out = list(text)
    for start, end in personal_number_spans(text, region):
        out[start:end] = "*" * (end - start)
    return "".join(out)


def normalise_phone(text: str, region: str = "CN") -> str | None:
    """A phone number as typed, in E.164 (``+8613912345678``), or None when it is not a
    possible number. Full-width digits, spaces, dashes and brackets are allowed."""
    plain = normalise_digits(text).strip()
    if not plain:
        return None
    try:
        number = phonenumbers.parse(plain, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
