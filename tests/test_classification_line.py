"""The classification line (§3.1): the usual shape is read by a fast path, which must read as the
general path does, on the corpus' first lines and on random edits of them."""

import pytest
from hypothesis import given, settings

from cablekit.parse.classification import _read_line, _read_usual_line, read_classification_line
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
