"""The E.O. line: declassification instruction (§3.5), every variant the spec lists."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.parse.eo import _usual_line, parse_eo, read_line, read_usual_line
from element_inputs import edited, element_lines


def eo(line, cable_date=date(2009, 11, 10)):
    instruction, warnings = parse_eo(line, cable_date=cable_date)
    return instruction, [w.code for w in warnings]


@pytest.mark.parametrize(
    "line, order, on",
    [
        ("E.O. 12958: DECL: 11/09/2019", "12958", date(2019, 11, 9)),
        ("EO 12958 DECL: 2020/02/23", "12958", date(2020, 2, 23)),
        ("E.o. 12958: decl: 6/30/18", "12958", date(2018, 6, 30)),
        ("E.O. 12958: DECL:  1/20/2019", "12958", date(2019, 1, 20)),
        ("E.O 12958:  DECL:  12/31/34", "12958", date(2034, 12, 31)),
        ("E.O. 12958: 10/09/2016", "12958", date(2016, 10, 9)),
        ("<strong>EO 12958 </strong>DECL: 12/18/2034", "12958", date(2034, 12, 18)),
        ("E.O. 13526: DECL: 02/01/2020", "13526", date(2020, 2, 1)),
    ],
)
def test_declassification_dates(line, order, on):
    instruction, warnings = eo(line)
    assert (instruction.order, instruction.declassify_on, instruction.declassify_event) == (order, on, None)
    assert instruction.raw == " ".join(line.split()) and warnings == []


def test_not_applicable_and_amended():
    assert eo("E.O. 12958: N/A")[0].not_applicable
    assert eo("E.O. 12958:N/A")[0].not_applicable
    assert eo("E.O. 12958: n/a")[0].not_applicable
    instruction, warnings = eo("E.O. 12958 AS AMENDED")
    assert instruction.amended and instruction.order == "12958" and warnings == []


@pytest.mark.parametrize("line, code, meaning_starts", [
    ("E.O. 12958: DECL: 1.6X1", "1.6X1", "Exempt from the 10-year rule: intelligence"),
    ("E.O. 12958: DECL: X5", "X5", "Exempt from the 10-year rule: foreign government"),
    ("E.O. 12958: DECL: 25X1", "25X1", "25-year exemption: human source"),
])
def test_exemptions_with_meanings(line, code, meaning_starts):
    instruction, warnings = eo(line)
    assert instruction.exemptions == [code] and instruction.exemption_meanings[0].startswith(meaning_starts)
    assert instruction.declassify_on is None and warnings == []


def test_decl_without_order():
    instruction, warnings = eo("DECL: 1.6X1")
    assert instruction.order is None and instruction.exemptions == ["1.6X1"] and warnings == ["eo-order-missing"]


def test_event_text():
    instruction, _ = eo("E.O. 12958: DECL: TEN YEARS AFTER KOREAN UNIFICATION")
    assert instruction.declassify_event == "TEN YEARS AFTER KOREAN UNIFICATION" and instruction.declassify_on is None


@pytest.mark.parametrize("line, order, event, on", [
    ("E.O. 11652: GDS", "11652", "GDS", None),
    ("E.O. 11652: XGDS-2", "11652", "XGDS-2", None),
    ("E.O. 11652: ADS, DECLAS 12-31-74", "11652", "ADS", date(1974, 12, 31)),
    ("E.O. 12356: DECL:  OADR", "12356", "OADR", None),
    ("E.O. 12065: RDS-2 5/12/99", "12065", "RDS-2", date(1999, 5, 12)),
])
def test_schedules_of_older_orders(line, order, event, on):
    instruction, _ = eo(line, cable_date=date(1974, 5, 17))
    assert (instruction.order, instruction.declassify_event, instruction.declassify_on) == (order, event, on)


def test_order_typos():
    instruction, warnings = eo("E.O. 1295: DECL: 11/09/2019")
    assert instruction.order == "12958" and warnings == ["eo-order-typo"]
    assert eo("E.O. 19528: DECL: 11/09/2019")[0].order == "12958"  # digits swapped (10PARIS183)
    assert eo("E.O. 99999: DECL: 11/09/2019")[1] == ["eo-order-unknown"]


def test_nara_statements_and_downgrade():
    instruction, warnings = eo("E.O. 12958: AS AMENDED; DECLASSIFIED JUNE 21, 2006", cable_date=date(1972, 2, 28))
    assert instruction.amended and instruction.declassify_on == date(2006, 6, 21)
    assert instruction.declassify_event == "DECLASSIFIED JUNE 21, 2006" and warnings == []
    instruction, _ = eo("E.O. 12958: DNG: CO 01/26/2021")
    assert instruction.declassify_event == "DNG: CO 01/26/2021" and instruction.declassify_on is None


def test_odd_values_are_warned_not_raised():
    assert eo("EO 12958 XXXXXXXXXXXXX")[1] == ["eo-redacted"]
    assert eo("E.O. 12958: DECL: 999/9/2019")[1] == ["eo-date-unread"]
    assert eo("E.O. 12958: DECL: 06/30/2008")[1] == ["eo-declassify-before-cable"]
    assert set(eo("")[1]) == {"eo-order-missing", "eo-instruction-missing"}


@pytest.mark.parametrize("line", ["E.O.", "EO", "E.O. 12958: DECL: 13/45/2019", "E.O. 12958: DECL: 02/30/2019",
                                  "E.O. " + "9" * 500, "\x00", "E.O. 12958: DECL: 1.6X1 X2 25X9 AND 9/9/9999"])
def test_odd_input_never_raises(line):
    instruction, warnings = parse_eo(line)
    assert instruction.raw == " ".join(line.split())


def test_corpus_eo_lines():
    from test_opening import read_pages

    read = dated = 0
    for page, opening in read_pages():
        if opening.eo:
            read += 1
            dated += opening.eo.declassify_on is not None
            known = opening.eo.order in (None, "11652", "12065", "12356", "12958", "13526")
            assert known or "eo-order-unknown" in {w.code for w in opening.warnings}, (page.id, opening.eo)
    assert read >= 875 and dated >= 750


@pytest.mark.parametrize("date_text", ["11/09/2019", "2019/11/09", "6/30/08", "02/30/2019", "13/45/2019", "1/2/3"])
@pytest.mark.parametrize("cable_date", [None, date(2009, 11, 10), date(2030, 1, 1)])
def test_common_lines_read_as_their_variants(date_text, cable_date):
    """The usual spellings (read by a fast path) give what the same line in other case or spacing gives."""
    for common, variant in ((f"E.O. 12958: DECL: {date_text}", f"E.o.  12958: decl: {date_text}"),
                            (f"EO 13526 DECL: {date_text}", f"EO 13526 Decl:  {date_text}"),
                            ("E.O. 12958: N/A", "E.o. 12958: n/a")):
        fast, fast_warnings = parse_eo(common, cable_date=cable_date)
        general, general_warnings = parse_eo(variant, cable_date=cable_date)
        assert [w.code for w in fast_warnings] == [w.code for w in general_warnings]
        assert (fast.order, fast.declassify_on, fast.declassify_event, fast.not_applicable, fast.exemptions) == (
            general.order, general.declassify_on, general.declassify_event, general.not_applicable, general.exemptions)


# --- the usual line is read by a fast path: it must read as the general path does ------------------

_CABLE_DATES = [None, date(1975, 1, 1), date(2009, 11, 10), date(2030, 1, 1)]


@pytest.mark.parametrize("cable_date", _CABLE_DATES)
def test_usual_corpus_lines_read_as_the_general_path_reads_them(cable_date):
    lines = [" ".join(line.split()) for line in element_lines("eo")]
    usual = [line for line in lines if read_usual_line(line, cable_date) is not None]
    assert len(usual) > len(lines) / 3  # (half the lines are an E.O. line with the line after it)
    assert [line for line in usual if read_usual_line(line, cable_date) != read_line(line, cable_date)] == []


@settings(max_examples=1000, deadline=None)
@given(edited(lambda: element_lines("eo"), [" ", ":", "/", "0", "1", "9", "13", "X1", "N/A", "GDS", ".", "e", "AS AMENDED"]),
       st.sampled_from(_CABLE_DATES))
def test_edited_lines_read_as_the_general_path_reads_them(line, cable_date):
    raw = " ".join(line.split())
    fast = read_usual_line(raw, cable_date)
    assert fast is None or fast == read_line(raw, cable_date)


@settings(max_examples=1000, deadline=None)
@given(edited(lambda: element_lines("eo"), [" ", ":", "/", "0", "1", "9", "13", "N/A", "DECL:", "E.O.", "EO", "1295", "é"]))
def test_the_usual_line_is_found_where_its_regex_matches(line):
    """Compiled, read_usual_line reads the line by a scan: it finds the lines of the regex it stands for."""
    raw = " ".join(line.split())
    m = _usual_line().fullmatch(raw)
    fast = read_usual_line(raw, None)
    if m is None or fast is not None:
        assert (fast is None) == (m is None)
        return
    year, month, day = (m[4], m[2], m[3]) if m[4] else (m[5], m[6], m[7])
    assert year is not None  # N/A is always read: only a date may be refused, written wide or invalid
    try:
        date(int(year), int(month), int(day))
        assert year.startswith("00")
    except ValueError:
        pass
