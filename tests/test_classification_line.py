"""The classification line (§3.1): the usual shape is read by a fast path, which must read as the
general path does, on the corpus' first lines and on random edits of them."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.parse.classification import (
    _has_level_word,
    _read_line,
    _read_usual_line,
    find_markings,
    has_level_word_str,
    markings_by_regex,
    read_classification_line,
    usual_line_by_regex,
    usual_line_by_scan,
)
from element_inputs import edited, first_lines


def test_usual_corpus_lines_read_as_the_general_path_reads_them():
    usual = [line for line in first_lines() if _read_usual_line(line) is not None]
    assert len(usual) > 800
    assert [line for line in usual if _read_usual_line(line) != _read_line(line)] == []


@settings(max_examples=1500, deadline=None)
@given(edited(lambda: tuple(line for line in first_lines() if _read_line(line).classification), [
    " ", "  ", "S", "SIFIED", " S I F I E D", "SECTION 1 OF 2 ", "SIPDIS ", "NOFORN ", "EFTO ", "E F T O ",
    "SENSITIVE ", "0", "9", ".", ",", "/", "-", "\t", "X", "UNCLAS ", "TOP ", "FINAL SECTION OF 2 "]))
def test_edited_lines_read_as_the_general_path_reads_them(line):
    fast = _read_usual_line(line)
    assert fast is None or fast == _read_line(line)


@pytest.mark.parametrize("line, location", [
    ("UNCLAS STATE 012345", "STATE"), ("UNCLAS SIFIED ROME 1", "ROME"), ("UNCLAS S IFIED ROME 1", "ROME"),
    ("S E C R E T SECTION 01 OF 02 SAO PAULO 000104 ", "SAO PAULO"), ("SECRET NOFORN ROME 12", "ROME"),
])
def test_usual_lines(line, location):
    assert read_classification_line(line).location == location


# --- the compiled reader skips lines without a marking or a level word by typed scans: same answers ----

_MARKING_PIECES = ["SIPDIS", "S I P D I S", "sip-dis", "NO FORN", "NOFORN", "noforn", "E F T O", "EFTO", "REL", "rel",
                   "ROGER  CHANNEL", "roger-channel", "OFFICIAL INFORMAL", "FOUO", "x", " ", "-", "\t", "\x1c", "\u00a0",
                   "\u017f", "\u0131", "CONFIDENTIAL", "C O N F I D E N T I A L", "S e c r e t", "UNCLAS", "U N C L A S",
                   "LIMITED OFFICIAL USE", "limited official-use", "E", "N", "O", "L", "1", ",", "SECTION 1 OF 2 "]


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_MARKING_PIECES), max_size=12).map("".join),
                 st.lists(st.sampled_from(_MARKING_PIECES), max_size=12).map(" ".join),
                 edited(first_lines, _MARKING_PIECES)))
def test_typed_tests_read_as_the_str_ones(text):
    assert find_markings(text) == markings_by_regex(text)
    assert _has_level_word(text) == has_level_word_str(text)


def test_typed_tests_read_the_corpus_lines_as_the_str_ones():
    for line in first_lines():
        assert find_markings(line) == markings_by_regex(line), line
        assert _has_level_word(line) == has_level_word_str(line), line


# --- compiled, the usual line is read by a typed scan: it reads as the regex does ---------------------

_USUAL_PIECES = [" ", "  ", "S", "SIFIED", " S I F I E D", "SECTION ", "SECTION 1 OF 2 ", "SECTION 123 OF 2 ", " OF ",
                 "0", "9", "1234567", "\t", "\u00a0", "\u2003", "X", "x", "É", "UNCLAS ", "TOP ", "SIPDIS ", ".", "-"]


@settings(max_examples=3000, deadline=None)
@given(edited(first_lines, _USUAL_PIECES))
def test_usual_line_scan_reads_as_the_regex(line):
    assert usual_line_by_scan(line) == usual_line_by_regex(line)


def test_usual_line_scan_reads_the_corpus_lines_as_the_regex():
    for line in first_lines():
        assert usual_line_by_scan(line) == usual_line_by_regex(line), line
