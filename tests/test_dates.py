"""Date helpers (§2.3, §2.5, §3.5, §6)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.parse.dates import (
    DTG, MONTHS, dtg_of_text, filing_time, parse_created, parse_dtg, parse_us_date, year_of_two_digits,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, hint, expected",
    [
        ("101416Z NOV 09", None, utc(2009, 11, 10, 14, 16)),  # 09RABAT904 FL5 (§0)
        ("P R 041820Z JAN 10", None, utc(2010, 1, 4, 18, 20)),  # 10STATE284, dual precedence
        ("281848Z DEC 66", None, utc(1966, 12, 28, 18, 48)),  # 66BUENOSAIRES2481: window 66–99 → 19xx
        ("171835Z Oct 05", None, utc(2005, 10, 17, 18, 35)),  # mixed-case month (05BRASILIA2767)
        ("MSG DTG 301601z SEP 08", None, utc(2008, 9, 30, 16, 1)),  # DTG cited in text (§6)
        ("201405Z DEC 1989", None, utc(1989, 12, 20, 14, 5)),  # four-digit year
        ("171600Z MAY 74", 1974, utc(1974, 5, 17, 16, 0)),
        ("101416Z NOV 99", 2001, utc(1999, 11, 10, 14, 16)),  # nearest to the hint, across a century
        ("101416Z NOV 01", 1999, utc(2001, 11, 10, 14, 16)),
        ("101416Z NOV 65", 1965, utc(1965, 11, 10, 14, 16)),  # the hint overrides the window
    ],
)
def test_parse_dtg(text, hint, expected):
    assert parse_dtg(text, hint) == expected
    assert parse_dtg(text, hint).tzinfo is UTC


@pytest.mark.parametrize(
    "text", ["", "no date", "321416Z NOV 09", "102516Z NOV 09", "101416Z XYZ 09", "301416Z FEB 09"]
)
def test_parse_dtg_invalid(text):
    assert parse_dtg(text) is None


@pytest.mark.parametrize("yy, hint, year", [(66, None, 1966), (99, None, 1999), (0, None, 2000), (65, None, 2065),
                                            (9, 2009, 2009), (75, 1975, 1975), (10, 1975, 2010), (2009, None, 2009)])
def test_year_of_two_digits(yy, hint, year):
    assert year_of_two_digits(yy, hint) == year


@pytest.mark.parametrize(
    "julian, dtg, hint, expected",
    [
        ("3141416", utc(2009, 11, 10, 14, 16), None, utc(2009, 11, 10, 14, 16)),  # 09RABAT904 (§11)
        ("2051555", utc(2009, 7, 24, 15, 55), None, utc(2009, 7, 24, 15, 55)),  # 09PARIS1007
        ("0010005", utc(2009, 12, 31, 23, 58), None, utc(2010, 1, 1, 0, 5)),  # December DTG, filed in January
        ("3652355", utc(2010, 1, 1, 0, 5), None, utc(2009, 12, 31, 23, 55)),  # January DTG, day 365 of last year
        ("3660001", utc(2008, 12, 31, 0, 0), None, utc(2008, 12, 31, 0, 1)),  # leap year day 366
        ("3141416", None, 2009, utc(2009, 11, 10, 14, 16)),  # year from the hint
        ("3141416", None, None, None),  # no year at all
        ("3660001", utc(2009, 6, 1), None, None),  # 2009 has no day 366
        ("0001416", utc(2009, 6, 1), None, None),
        ("3142516", utc(2009, 6, 1), None, None),
        ("02/0009Z", utc(2009, 11, 1, 23, 0), None, utc(2009, 11, 2, 0, 9)),  # ACP DD/HHMMZ (§2.3)
        ("garbage", utc(2009, 6, 1), None, None),
    ],
)
def test_filing_time(julian, dtg, hint, expected):
    assert filing_time(julian, dtg, hint) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("11/09/2019", date(2019, 11, 9)),  # 09RABAT904 DECL
        ("6/30/08", date(2008, 6, 30)),
        ("6/3/08", date(2008, 6, 3)),
        ("2020/02/23", date(2020, 2, 23)),
        ("DECL:  1/20/2019", date(2019, 1, 20)),  # stray spaces (§3.5)
        ("ADS, DECLAS 12-31-74", date(1974, 12, 31)),  # E.O. 11652 (§3.5)
        ("13/45/2019", None),
        ("AFTER KOREAN UNIFICATION", None),
        ("1.6X1", None),
        ("", None),
    ],
)
def test_parse_us_date(text, expected):
    assert parse_us_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2009-11-10 14:16:00", utc(2009, 11, 10, 14, 16)),  # seed Created
        ("2010-01-04 18:06", utc(2010, 1, 4, 18, 6)),  # WikiLeaks page
        ("11/10/2009 14:16", utc(2009, 11, 10, 14, 16)),  # cables.csv
        ("12/28/1966 18:48", utc(1966, 12, 28, 18, 48)),  # cables_sample.csv row 1
        ("1974 May 17, 16:00 (Friday)", utc(1974, 5, 17, 16, 0)),  # PlusD
        ("2010 February 26, 11:30 (Friday)", utc(2010, 2, 26, 11, 30)),
        ("01 APR 1973", utc(1973, 4, 1)),  # AAD
        ("31 jan 1978", utc(1978, 1, 31)),
        ("01-Jan-1994 12:00:00 am", utc(1994, 1, 1, 0, 0)),
        ("01-Jan-1994 01:30:00 pm", utc(1994, 1, 1, 13, 30)),
        ("2009-02-30 10:00", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_created(text, expected):
    assert parse_created(text) == expected


@given(st.text(), st.one_of(st.none(), st.integers(min_value=-10**6, max_value=10**6)))
def test_helpers_never_raise(text, hint):
    parse_dtg(text, hint)
    parse_us_date(text)
    parse_created(text)
    filing_time(text, None, hint)
    filing_time(text[:7], utc(2009, 12, 31), hint)


def dtg_by_groups(m, year_hint):
    """The reading of a DTG match by its groups: the reference for dtg_of_text."""
    month = MONTHS.get(m["month"].upper())
    if month is None:
        return None
    try:
        return datetime(year_of_two_digits(int(m["year"]), year_hint), month, int(m["day"]), int(m["hour"]),
                        int(m["minute"]), tzinfo=UTC)
    except ValueError:
        return None


_DIGITS = st.sampled_from("0123456789" * 3 + "\u0661\u0669\uff11")


@settings(max_examples=2000)
@given(st.lists(_DIGITS, min_size=6, max_size=6), st.sampled_from(["Z", "z", " Z", "\tZ"]),
       st.sampled_from([" ", "  ", "\xa0", "\t"]), st.sampled_from(["NOV", "Nov", "nov", "NOVEMBER", "Sept.", "FOO", "MAY"]),
       st.sampled_from([" ", "  ", "\n"]), st.lists(_DIGITS, min_size=2, max_size=2) | st.lists(_DIGITS, min_size=4, max_size=4),
       st.none() | st.integers(min_value=1, max_value=9000))
def test_dtg_read_as_its_groups_say(digits, zulu, gap, month, gap2, year, hint):
    text = "".join(digits) + zulu + gap + month + gap2 + "".join(year)
    m = DTG.fullmatch(text)
    assert m is not None
    assert dtg_of_text(text, hint) == dtg_by_groups(m, hint)


@pytest.mark.parametrize("year", [1900, 1975, 2000, 2008, 2009, 2100])
def test_filing_days_counted_as_timedelta_does(year):
    for day in range(1, 368):
        start = datetime(year, 1, 1, 14, 16, tzinfo=UTC) + timedelta(day - 1)
        expected = start if start.year == year else None
        assert filing_time(f"{day:03d}1416", None, year) == expected
