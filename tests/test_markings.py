"""Portion markings (§3.7): parse_portion_marking, PORTION_MARK and portion_mark_at, glossary
tokens."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.data import meaning
from cablekit.parse.markings import (
    LEVELS,
    PORTION_MARK,
    level_rank,
    parse_portion_marking,
    portion_mark_at,
    portion_marking_token,
)


@pytest.mark.parametrize(
    ("mark", "classification", "caveats"),
    [
        ("U", "UNCLASSIFIED", []),
        ("SBU", "UNCLASSIFIED", ["SBU"]),
        ("SBU/N", "UNCLASSIFIED", ["SBU", "NOFORN"]),
        ("SBU/NF", "UNCLASSIFIED", ["SBU", "NOFORN"]),
        ("C", "CONFIDENTIAL", []),
        ("C/NF", "CONFIDENTIAL", ["NOFORN"]),
        ("C/NOFORN", "CONFIDENTIAL", ["NOFORN"]),
        ("C NF", "CONFIDENTIAL", ["NOFORN"]),
        ("S", "SECRET", []),
        ("S/NF", "SECRET", ["NOFORN"]),
        ("S//NF", "SECRET", ["NOFORN"]),
        ("SNF", "SECRET", ["NOFORN"]),
        ("TS", "TOP SECRET", []),
        ("C/REL LIBYA", "CONFIDENTIAL", ["REL LIBYA"]),
        ("S/REL to USA, FVEY", "SECRET", ["REL TO USA, FVEY"]),
        ("S//FGI//NF", "SECRET", ["FGI", "NOFORN"]),
        ("Secret/Rel Armenia", "SECRET", ["REL ARMENIA"]),
        ("LOU", "LIMITED OFFICIAL USE", []),
        ("s/nf", "SECRET", ["NOFORN"]),
        ("c", "CONFIDENTIAL", []),
        ("(S/NF)", "SECRET", ["NOFORN"]),
        ("( C )", "CONFIDENTIAL", []),
        ("/Rel UK", None, ["REL UK"]),
    ],
)
def test_parse_portion_marking(mark, classification, caveats):
    assert parse_portion_marking(mark) == (classification, caveats)


@pytest.mark.parametrize("mark", ["", "()", "   ", "X", "hello world", "\x00\x01"])
def test_not_a_mark_has_no_level(mark):
    classification, caveats = parse_portion_marking(mark)
    assert classification is None
    assert caveats == []


def test_result_is_a_fresh_list():
    first = parse_portion_marking("S/NF")[1]
    first.append("ORCON")
    assert parse_portion_marking("S/NF") == ("SECRET", ["NOFORN"])


@pytest.mark.parametrize(
    ("text", "mark", "rest"),
    [
        ("(S/NF) Summary: The United States", "S/NF", "Summary: The United States"),
        ("(C)Morocco", "C", "Morocco"),
        ("( C ) text", "C", "text"),
        ("(c) lower case", "c", "lower case"),
        ("(SBU/N) text", "SBU/N", "text"),
        ("(S//REL SAU) text", "S//REL SAU", "text"),
        ("(C/REL LIBYA) text", "C/REL LIBYA", "text"),
        ("(SNF) text", "SNF", "text"),
        ("(C NF) text", "C NF", "text"),
        ("(/Rel UK) text", "/Rel UK", "text"),
        ("  (U) indented", "U", "indented"),
    ],
)
def test_portion_mark_at_paragraph_start(text, mark, rest):
    m = PORTION_MARK.match(text)
    assert m is not None
    assert m["mark"] == mark
    assert text[m.end():] == rest


@pytest.mark.parametrize(
    "text", ["(U.S.) officials", "(A) first item", "(CNN) reported", "(SOFA) talks",
             "(Continued) text", "(Note: x)", "no mark", "(S", "(S/NF text without close"],
)
def test_not_a_portion_mark(text):
    assert PORTION_MARK.match(text) is None


def test_portion_mark_for_subject_lines():
    """opening.py reuses PORTION_MARK for ``SUBJECT: (C) …`` (§3.9)."""
    subject = "SUBJECT: (C/NF) WHO WOULD REPLACE THE MINISTER"
    m = PORTION_MARK.match(subject, len("SUBJECT:"))
    assert m["mark"] == "C/NF"
    assert subject[m.end():] == "WHO WOULD REPLACE THE MINISTER"


@pytest.mark.parametrize(
    ("mark", "token"),
    [("S//NF", "S/NF"), ("C/NOFORN", "C/NF"), ("sbu/n", "SBU/NF"), ("SBU", "SBU"),
     ("C/REL LIBYA", "C"), ("U", "U"), ("LOU", "LOU"), ("TS", "TS"), ("/Rel UK", None)],
)
def test_glossary_token(mark, token):
    assert portion_marking_token(mark) == token
    if token:
        assert meaning("portion_marking", token)  # display meanings come from the glossary


def test_levels_are_ordered():
    assert LEVELS == ("UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET",
                      "TOP SECRET")
    assert level_rank("SECRET") > level_rank("CONFIDENTIAL") > level_rank("UNCLASSIFIED")
    assert level_rank(None) == level_rank("BOGUS") == -1


_WRITTEN_MARK = re.compile(r"^\s*\d{1,3}\.\s*(\([^)\n]{1,30}\))", re.M)


def test_corpus_portion_marks_read_a_level(corpus):
    """Every mark written after a paragraph number in the real cables that PORTION_MARK
    recognises names a level (or a REL caveat), and nearly all written marks are recognised."""
    from test_paragraphs import wikileaks_bodies

    written = recognised = 0
    for _, body, _ in wikileaks_bodies(corpus):
        for m in _WRITTEN_MARK.finditer(body):
            written += 1
            found = PORTION_MARK.match(m[1])
            if found is None:
                continue
            recognised += 1
            classification, caveats = parse_portion_marking(found["mark"])
            assert classification is not None or any(c.startswith("REL") for c in caveats), m[1]
    assert written > 5000
    # a few parentheses after a number are not marks: "(N/SF)", "(C XXXX…", "(1)"
    assert recognised / written > 0.98


def _as_written(text: str, pos: int = 0, endpos: int | None = None) -> tuple[str, int] | None:
    m = PORTION_MARK.match(text, pos, len(text) if endpos is None else endpos)
    return None if m is None else (m["mark"], m.end())


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("(C) Text", ("C", 4)),
        ("  ( S//NF )\tText", ("S//NF", 12)),
        ("(S/REL to USA, FVEY) x", ("S/REL to USA, FVEY", 21)),
        ("(C\n) wrapped", ("C", 5)),
        ("(see ref A) text", None),
        ("(C (NF)) text", None),
        ("(C", None),
        ("x (C)", None),
    ],
)
def test_portion_mark_at(text, found):
    assert portion_mark_at(text) == found == _as_written(text)


def test_portion_mark_at_respects_the_window():
    assert portion_mark_at("1. (C) text", 2) == ("C", 7)
    assert portion_mark_at("1. (C) text", 2, 5) is None  # the ")" lies past endpos


_MARKISH = st.text(alphabet="()/ \t\nCSUNFTBOLRELrelcsnf,.X1", max_size=24)


@settings(max_examples=400, deadline=None)
@given(_MARKISH, st.integers(0, 4))
def test_portion_mark_at_reads_what_portion_mark_reads(text, pos):
    """portion_mark_at is PORTION_MARK in two steps: the same mark and end, or nothing."""
    pos = min(pos, len(text))
    assert portion_mark_at(text, pos) == _as_written(text, pos)


def test_corpus_portion_mark_at_agrees(corpus):
    """On every paragraph number of the real cables, both readings of the mark agree."""
    from test_paragraphs import wikileaks_bodies

    seen = 0
    for _, body, _ in wikileaks_bodies(corpus):
        for m in _WRITTEN_MARK.finditer(body):
            seen += 1
            assert portion_mark_at(body, m.start(1)) == _as_written(body, m.start(1)), m[1]
    assert seen > 5000
