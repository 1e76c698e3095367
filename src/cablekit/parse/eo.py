"""The E.O. line: declassification instruction (§3.5).

``E.O. 12958: DECL: 11/09/2019`` → order 12958, declassify on 2019-11-09. Also ``EO 12958 DECL:``,
``E.o. 12958: decl:``, ``N/A``, ``AS AMENDED``, exemption codes (``1.6X1``, ``X1``, ``25X1``),
schedules of older orders (``GDS``, ``XGDS-2``, ``ADS, DECLAS 12-31-74``, ``OADR``), event text
(``AFTER KOREAN UNIFICATION``) and NARA's ``DECLASSIFIED …`` statements. Meanings of exemptions
and the schedule words come from the glossary (kinds ``exemption``, ``schedule``, ``eo``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import cython

from cablekit.data import glossary
from cablekit.model import DeclassificationInstruction, ReaderWarning
from cablekit.parse.dates import MONTHS, parse_us_date

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import digits_end, word_at
    from cython.cimports.cablekit.parse.blanks import single_blanks
else:
    from cablekit.formats.scan import digits_end, word_at
    from cablekit.parse.blanks import single_blanks

# The keyword: E.O. / EO / E.o. / E.O (§7 item 7), possibly inside stray markup (<strong>EO …</strong>).
EO_KEYWORD = re.compile(r"(?<![A-Za-z])E\s?\.?\s?O\b\.?\s*(?:</?\w+>\s*)*(?P<order>\d{3,5}|X{3,})?", re.I)
_AMENDED = re.compile(r"\bAS\s+AMENDED\b[;:,.]?", re.I)
_DECL = re.compile(r"\bDECL(?:ASSIFY)?\b\s*(?:ON)?\s*[:;.]?", re.I)
_NOT_APPLICABLE = re.compile(r"^\s*N\s*/\s*A\b", re.I)
_EXEMPTION = re.compile(r"(?<![A-Za-z0-9])(?:(1\.6)\s*)?(25\s*X\s*[1-9]|X\s*[1-8])(?![0-9])", re.I)
_DOWNGRADE = re.compile(r"^\s*DNG\b", re.I)
_WORD_DATE = re.compile(r"\b([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_REDACTED = re.compile(r"^X{4,}$", re.I)
_WORDS = re.compile(r"[A-Za-z]{2}")
_MARKUP = re.compile(r"</?\w+\s*/?>")


@cache
def _usual_line() -> re.Pattern[str]:
    """Most E.O. lines, blanks already single, with a known order: ``E.O. 12958: DECL: 11/09/2019``,
    ``EO 12958 DECL: 2019/11/09``, ``E.O. 12958: N/A``."""
    orders = "|".join(map(re.escape, glossary().get("eo", {})))
    return re.compile(rf"(?:E\.O\.|EO) ({orders}):? (?:DECL: (?:([0-9]{{1,2}})/([0-9]{{1,2}})/([0-9]{{4}})"
                      rf"|([0-9]{{4}})/([0-9]{{1,2}})/([0-9]{{1,2}}))|N/A)")


@cache
def _schedule_re() -> re.Pattern[str]:
    """GDS, ADS, XGDS-1 … OADR from the glossary; RDS/XDS may carry a number (RDS-2)."""
    words = sorted(glossary().get("schedule", {}), key=len, reverse=True)
    alternatives = [re.escape(w) + (r"(?:-\d)?" if not w[-1].isdigit() else "") for w in words]
    return re.compile(rf"(?<![A-Za-z])(?:{'|'.join(alternatives)})(?![A-Za-z0-9])", re.I)


def _warning(code: str, message: str) -> ReaderWarning:
    return ReaderWarning(code=code, message=message, where="body.eo")


def _known_order(order: str) -> tuple[str, ReaderWarning | None]:
    """The order as written, or the one known order it is a typo of (``1295`` → 12958)."""
    orders = glossary().get("eo", {})
    if not order or order in orders or _REDACTED.match(order):
        return order, None
    # Cut short (1295), or its digits swapped (19528, 12598).
    near = [o for o in orders if o.startswith(order) or order.startswith(o) or sorted(o) == sorted(order)]
    if len(near) == 1:
        return near[0], _warning("eo-order-typo", f"E.O. {order} read as E.O. {near[0]}")
    return order, _warning("eo-order-unknown", f"E.O. {order} is not a known executive order")


def _date_in(text: str, cable_date: date | None) -> date | None:
    found = parse_us_date(text)
    if found is None:
        m = _WORD_DATE.search(text)
        month = MONTHS.get(m.group(1).upper()) if m else None
        if m and month:
            try:
                found = date(int(m.group(3)), month, int(m.group(2)))
            except ValueError:
                found = None
    return found


def exemption_meanings(exemptions: list[str]) -> list[str]:
    table = glossary().get("exemption", {})
    return [table.get(e.removeprefix("1.6"), "") for e in exemptions]


def _before_cable(declassify_on: date | None, cable_date: date | None, event: str | None) -> list[ReaderWarning]:
    if declassify_on and cable_date and declassify_on < cable_date and not (event and "DECLASSIFIED" in event.upper()):
        return [_warning("eo-declassify-before-cable", f"declassify on {declassify_on} is before the cable's date {cable_date}")]
    return []


def parse_eo(line: str, *, cable_date: date | None = None) -> tuple[DeclassificationInstruction, list[ReaderWarning]]:
    """Read one E.O. line (keyword included or not)."""
    raw = single_blanks(line or "")
    return read_usual_line(raw, cable_date) or read_line(raw, cable_date)


def read_usual_line(raw: str, cable_date: date | None) -> tuple[DeclassificationInstruction, list[ReaderWarning]] | None:
    """The usual line (blanks single), as :func:`read_line` reads it: a known order, and N/A or a
    valid date alone (MM/DD/YYYY or YYYY/MM/DD); None for any other line."""
    if cython.compiled and raw.isascii():
        groups = _usual_groups(raw)
    else:
        m = _usual_line().fullmatch(raw)
        groups = None if m is None else m.groups()
    if groups is None:
        return None
    order, month, day, year, year_first, month_second, day_third = groups
    if year is None and year_first is None:
        return DeclassificationInstruction(raw=raw, order=order, amended=False, not_applicable=True), []
    if (year or year_first).startswith("00"):
        return None  # "0018": a two-digit year written wide, which the general path reads as 2018
    try:
        declassify_on = date(int(year), int(month), int(day)) if year else date(
            int(year_first), int(month_second), int(day_third))
    except ValueError:
        return None
    return DeclassificationInstruction(raw=raw, order=order, amended=False, declassify_on=declassify_on,
                                       exemptions=[], exemption_meanings=[]), _before_cable(declassify_on, cable_date, None)


# The known orders, where each is digits only (then :func:`_usual_groups` may read them), bound on first use.
_digit_orders = cython.declare(object, None)


@cython.cfunc
def _usual_groups(raw: str) -> tuple:
    """``_usual_line().fullmatch(raw).groups()`` (None where it does not match) of ASCII ``raw``,
    read by a scan."""
    global _digit_orders
    if _digit_orders is None:
        orders = glossary().get("eo", {})
        _digit_orders = frozenset(orders) if all(o.isdigit() and o.isascii() for o in orders) else False
    if _digit_orders is False:
        m = _usual_line().fullmatch(raw)
        return None if m is None else m.groups()
    size: cython.Py_ssize_t = len(raw)
    i: cython.Py_ssize_t = 5 if word_at(raw, 0, "E.O. ") else 3 if word_at(raw, 0, "EO ") else -1
    if i < 0:
        return None
    j: cython.Py_ssize_t = digits_end(raw, i, size)
    order = raw[i:j]
    if order not in _digit_orders:
        return None
    if j < size and raw[j] == ":":
        j += 1
    if j >= size or raw[j] != " ":
        return None
    j += 1
    if j + 3 == size and word_at(raw, j, "N/A"):
        return (order, None, None, None, None, None, None)
    if not word_at(raw, j, "DECL: "):
        return None
    j += 6
    a: cython.Py_ssize_t = digits_end(raw, j, size)  # the three numbers end at a, b and the end of the line
    if a >= size or raw[a] != "/":
        return None
    b: cython.Py_ssize_t = digits_end(raw, a + 1, size)
    if b >= size or raw[b] != "/" or digits_end(raw, b + 1, size) != size:
        return None
    first, second, third = a - j, b - a - 1, size - b - 1
    if 1 <= first <= 2 and 1 <= second <= 2 and third == 4:
        return (order, raw[j:a], raw[a + 1:b], raw[b + 1:], None, None, None)
    if first == 4 and 1 <= second <= 2 and 1 <= third <= 2:
        return (order, None, None, None, raw[j:a], raw[a + 1:b], raw[b + 1:])
    return None


def read_line(raw: str, cable_date: date | None) -> tuple[DeclassificationInstruction, list[ReaderWarning]]:
    """Any E.O. line (blanks single): misspelt keyword or order, AS AMENDED, exemptions, schedules,
    event text, downgrades, redactions, dates in words."""
    warnings: list[ReaderWarning] = []
    text = _MARKUP.sub(" ", raw) if "<" in raw else raw
    order = None
    m = EO_KEYWORD.search(text)
    if m and m.start() <= 3:
        order = m.group("order")
        text = text[m.end():]
        if order:
            order, typo = _known_order(order)
            if typo:
                warnings.append(typo)
    # Each regex only where its word is (a quick test on the upper-cased text).
    upper = text.upper()
    amended = "AMENDED" in upper and bool(_AMENDED.search(text))
    if amended:
        text = _AMENDED.sub(" ", text)
    if "DECL" in upper:
        text = _DECL.sub(" ", text, count=1)
    text = text.strip(" :;,.")
    result = dict(raw=raw, order=order, amended=amended)
    if not order:
        warnings.append(_warning("eo-order-missing", f"no executive order number in {raw!r}"))
    if not text:
        if not amended:
            warnings.append(_warning("eo-instruction-missing", f"no declassification instruction in {raw!r}"))
        return DeclassificationInstruction(**result), warnings
    if "/" in text and _NOT_APPLICABLE.match(text):
        return DeclassificationInstruction(**result, not_applicable=True), warnings
    if "X" in upper and _REDACTED.match(text):
        warnings.append(_warning("eo-redacted", f"declassification instruction redacted: {raw!r}"))
        return DeclassificationInstruction(**result, declassify_event=text), warnings

    exemptions = [(m.group(1) or "") + re.sub(r"\s", "", m.group(2)).upper() for m in _EXEMPTION.finditer(text)] \
        if "X" in upper else []
    remainder = (_EXEMPTION.sub(" ", text) if exemptions else text).strip(" :;,.")
    declassify_on = _date_in(remainder, cable_date)
    words = _WORDS.search(remainder)  # none in a bare date; every schedule word has letters
    schedule = _schedule_re().search(remainder) if words else None
    event: str | None = None
    if schedule:
        event = schedule.group(0).upper()
    elif words:
        # Event text (AFTER KOREAN UNIFICATION), a downgrade (DNG: CO 01/26/2021), NARA's statement.
        event = remainder
    if "DNG" in upper and _DOWNGRADE.match(remainder):
        declassify_on = None
    elif remainder and declassify_on is None and event is None and not exemptions:
        warnings.append(_warning("eo-date-unread", f"could not read the date in {raw!r}"))
    warnings += _before_cable(declassify_on, cable_date, event)
    return DeclassificationInstruction(
        **result,
        declassify_on=declassify_on,
        declassify_event=event or None,
        exemptions=exemptions,
        exemption_meanings=exemption_meanings(exemptions),
    ), warnings
