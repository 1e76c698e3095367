"""Dates and times as cables and their containers write them (§2.3, §2.5, §3.5, §6).

Small pure helpers: each takes a string and returns an aware UTC ``datetime`` (or a ``date``),
or None when the text holds no valid date. None of them raises.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

# "07" → 7: the two-digit numbers of DTGs; a lookup costs less than int()
# (``_NUMBERS.get(s) or int(s)``: "00" and any other string go to int()).
_NUMBERS = {f"{n:02d}": n for n in range(100)}
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


def _datetime(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime | None:
    try:
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
    return dtg_of_match(m, year_hint) if m else None


def dtg_of_match(m: re.Match[str], year_hint: int | None = None) -> datetime | None:
    """The datetime of a match of :data:`DTG` (or of a pattern that embeds it)."""
    day, hour, minute, month_name, year = m.group("day", "hour", "minute", "month", "year")
    month = MONTHS.get(month_name.upper())
    if month is None:
        return None
    numbers = _NUMBERS
    return _datetime(
        year_of_two_digits(numbers.get(year) or int(year), year_hint), month,
        numbers.get(day) or int(day), numbers.get(hour) or int(hour), numbers.get(minute) or int(minute),
    )


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
        day, hour, minute = int(julian[:3]), int(julian[3:5]), int(julian[5:])
        if dtg and dtg.month == 12 and day <= 7:
            year += 1
        elif dtg and dtg.month == 1 and day >= 359:
            year -= 1
        start = _datetime(year, 1, 1, hour, minute) if 1 <= day <= 366 else None
        if start is None:
            return None
        filed = start + timedelta(day - 1)
        return filed if filed.year == year else None
    m = _DAY_SLASH.match(julian)
    if m and dtg:
        return _datetime(dtg.year, dtg.month, *(int(g) for g in m.groups()))
    return None


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
