"""Dates and times as cables and their containers write them (§2.3, §2.5, §3.5, §6).

Small pure helpers: each takes a string and returns an aware UTC ``datetime`` (or a ``date``),
or None when the text holds no valid date. None of them raises.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import cython

if cython.compiled:
    from cython.cimports.cpython.datetime import datetime_new, import_datetime

    import_datetime()

MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}

# DTG: DD HH MM "Z" MON YY[YY] (§2.5); tolerant of a space before Z, lower case ("301601z SEP 08",
# "171835Z Oct 05") and full month names.
DTG = re.compile(
    r"\b(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})\s?[Zz]"
    r"\s+(?P<month>[A-Za-z]{3})[A-Za-z]*\.?\s+(?P<year>\d{4}|\d{2})\b"
)
# FL3 filing time: Julian DDDHHMM (§2.3), or the ACP alternative DD/HHMMZ (§6).
_DAY_SLASH = re.compile(r"^(\d{2})/(\d{2})(\d{2})Z?$")
# E.O. DECL dates (§3.5): MM/DD/YYYY, M/D/YY, YYYY/MM/DD; separators / - . and stray spaces.
_YMD = re.compile(r"(?<!\d)(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)")
_MDY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})(?!\d)")
# Container dates (§1.1–1.5, §6).
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_US_TIME = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_PLUSD = re.compile(r"^(\d{4})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{1,2}),?(?:\s+(\d{1,2}):(\d{2}))?")
_AAD = re.compile(
    r"^(\d{1,2})[\s-]+([A-Za-z]{3})[A-Za-z]*\.?[\s-]+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
)


@cython.ccall
def year_of_two_digits(yy: int, year_hint: int | None = None) -> int:
    """Four-digit year for a two-digit one (§2.5): the one nearest ``year_hint`` when given,
    else the Cablegate window 66–99 → 19xx, 00–65 → 20xx. Years ≥ 100 are returned as they are."""
    if yy >= 100:
        return yy
    if year_hint is None:
        return 1900 + yy if yy >= 66 else 2000 + yy
    year = year_hint - year_hint % 100 + yy
    if year - year_hint > 50:
        return year - 100
    return year + 100 if year_hint - year > 50 else year


@cython.cfunc
def _datetime(year, month, day, hour=0, minute=0, second=0) -> datetime | None:
    try:
        if cython.compiled:
            return datetime_new(year, month, day, hour, minute, second, 0, UTC)  # (the C constructor)
        return datetime(year, month, day, hour, minute, second, 0, UTC)  # (positional: cheaper than tzinfo=)
    except (ValueError, OverflowError):
        return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def parse_dtg(text: str, year_hint: int | None = None) -> datetime | None:
    """The first date-time group in ``text`` (``101416Z NOV 09`` → 2009-11-10 14:16 UTC)."""
    m = DTG.search(text or "")
    return dtg_of_text(m.group(), year_hint) if m else None


@cython.ccall
def dtg_of_text(dtg: str, year_hint: int | None = None) -> datetime | None:
    """The datetime of a text that :data:`DTG` matches whole (``101416Z NOV 09``)."""
    month_at: cython.Py_ssize_t = 7 if dtg[6] == "Z" or dtg[6] == "z" else 8
    while dtg[month_at].isspace():
        month_at += 1
    month: cython.int = _month_at(dtg, month_at)
    if month == 0:
        return None
    year_at: cython.Py_ssize_t = len(dtg) - 2
    if not dtg[year_at - 1].isspace():
        year_at -= 2
    return _datetime(
        year_of_two_digits(_number(dtg, year_at, len(dtg)), year_hint), month,
        _number(dtg, 0, 2), _number(dtg, 2, 4), _number(dtg, 4, 6),
    )


_MONTH_LETTERS = cython.declare(str, "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC")


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _month_at(s: str, at: cython.Py_ssize_t) -> cython.int:
    """The month (1–12) whose abbreviation ``s[at:at + 3]`` writes in any case; 0 for none."""
    if not cython.compiled or at + 3 > len(s) or s[at] > "~" or s[at + 1] > "~" or s[at + 2] > "~":
        return MONTHS.get(s[at:at + 3].upper(), 0)  # (str.upper maps some other letters to ASCII: ſ → S)
    letters: str = _MONTH_LETTERS
    a: cython.Py_UCS4 = _upper_ascii(s[at])
    b: cython.Py_UCS4 = _upper_ascii(s[at + 1])
    c: cython.Py_UCS4 = _upper_ascii(s[at + 2])
    m: cython.int
    for m in range(12):
        if letters[3 * m] == a and letters[3 * m + 1] == b and letters[3 * m + 2] == c:
            return m + 1
    return 0


@cython.cfunc
@cython.inline
def _upper_ascii(c: cython.Py_UCS4) -> cython.Py_UCS4:
    """``c`` in capitals where it is an ASCII letter."""
    if "a" <= c <= "z":
        return cython.cast(cython.Py_UCS4, ord(c) - 32)
    return c


@cython.cfunc
def _number(s: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.int:
    """The number the decimal digits ``s[start:end]`` write (ASCII ones by hand: cheaper than int())."""
    i: cython.Py_ssize_t
    value: cython.int = 0
    digit: cython.int
    for i in range(start, end):
        digit = ord(s[i]) - 48
        if not 0 <= digit <= 9:
            return int(s[start:end])  # (other Unicode digits)
        value = value * 10 + digit
    return value


def filing_time(julian: str, dtg: datetime | None, year_hint: int | None = None) -> datetime | None:
    """FL3 filing time as UTC (``3141416`` → day 314, 14:16Z of the DTG's year, §2.3).

    The year is the DTG's (else ``year_hint``); a filing day early in January for a late-December
    DTG belongs to the next year, a late-December day for an early-January DTG to the previous one.
    The ACP form ``DD/HHMMZ`` takes month and year from the DTG.
    """
    julian = (julian or "").strip()
    if len(julian) == 7 and julian.isdecimal():
        year = dtg.year if dtg else year_hint
        if year is None:
            return None
        day: cython.int = _number(julian, 0, 3)
        if dtg and dtg.month == 12 and day <= 7:
            year += 1
        elif dtg and dtg.month == 1 and day >= 359:
            year -= 1
        return _datetime_of_day(year, day, _number(julian, 3, 5), _number(julian, 5, 7))
    m = _DAY_SLASH.match(julian)
    if m and dtg:
        return _datetime(dtg.year, dtg.month, int(m[1]), int(m[2]), int(m[3]))
    return None


@cython.cfunc
def _datetime_of_day(year: cython.longlong, day: cython.int, hour: cython.int, minute: cython.int) -> datetime | None:
    """The ``day``-th day of ``year`` (1: 1 January) at ``hour:minute`` UTC; None past the year's end."""
    leap: cython.bint = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    month: cython.int = 1
    if day < 1:
        return None
    while month <= 12 and day > _days_in_month(month, leap):
        day -= _days_in_month(month, leap)
        month += 1
    return _datetime(year, month, day, hour, minute) if month <= 12 else None


@cython.cfunc
def _days_in_month(month: cython.int, leap: cython.bint) -> cython.int:
    if month == 2:
        return 29 if leap else 28
    return 30 + (month + month // 8) % 2  # 31 for January, March, May, July, August, October, December


def parse_us_date(s: str) -> date | None:
    """A DECL date (§3.5): ``11/09/2019``, ``6/30/08``, ``2020/02/23``, ``12-31-74``."""
    s = s or ""
    m = _YMD.search(s)
    if m:
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _MDY.search(s)
    if m:
        return _date(year_of_two_digits(int(m.group(3))), int(m.group(1)), int(m.group(2)))
    return None


def parse_created(s: str) -> datetime | None:
    """A container date as UTC (§6): ``2009-11-10 14:16[:00]``, ``11/10/2009 14:16``,
    ``1974 May 17, 16:00 (Friday)``, ``01 APR 1973``, ``01-Jan-1994 12:00:00 am``."""
    s = (s or "").strip()
    m = _ISO.match(s) or _US_TIME.match(s)
    if m:
        g = [int(x) if x else 0 for x in m.groups()]
        if m.re is _ISO:
            return _datetime(g[0], g[1], g[2], g[3], g[4], g[5])
        return _datetime(g[2], g[0], g[1], g[3], g[4], g[5])
    m = _PLUSD.match(s)
    if m:
        month = MONTHS.get(m.group(2).upper())
        hour, minute = int(m.group(4) or 0), int(m.group(5) or 0)
        return _datetime(int(m.group(1)), month, int(m.group(3)), hour, minute) if month else None
    m = _AAD.match(s)
    if m:
        month = MONTHS.get(m.group(2).upper())
        hour, minute, second = int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0)
        if m.group(7) and hour <= 12:  # 12-hour clock: 12:00:00 am is midnight
            hour = hour % 12 + (12 if m.group(7).lower() == "pm" else 0)
        return _datetime(int(m.group(3)), month, int(m.group(1)), hour, minute, second) if month else None
    return None
