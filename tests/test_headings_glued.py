"""Headings glued into a line (§3.7): :func:`headings.glued_heading`, a typed search for where
the framed heading's tail may start and a test for where the underlined one may, reads every
line as the two expressions it replaced did (the framed one's lazy text before was tried at
every position of a long line)."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.parse.headings import glued_heading
from paths import corpus_or_skip

_GLUED_FRAMED = re.compile(
    r"(?P<before>[^\n]*?\S)?[ \t]*-{4,}(?:[ \t]+-+)*[ \t]+(?P<framed>[^\n-][^\n]{0,100}?)"
    r"[ \t]+-{4,}[- \t]*")
_GLUED_UNDERLINED = re.compile(
    r"(?P<text>[^\n]*[.!?:][ \t]+)(?P<under>[A-Z][^\n.!?]{0,80}?)[ \t]+-{4,}[- \t]*"
    r"|[ \t]*(?P<alone>[A-Za-z][^\n]{0,100}?)[ \t]+-{4,}[- \t]*"
)
_RULE_CHARS = set("-=*_ \t")


def glued_heading_regex(text: str, start: int, end: int) -> tuple[str, str] | None:
    """:func:`glued_heading` by the two expressions (a line of rule characters only is a rule)."""
    if set(text[start:end]) <= _RULE_CHARS:
        return None
    m = _GLUED_FRAMED.fullmatch(text, start, end)
    if m is not None:
        return m["before"] or "", m["framed"].strip()
    m = _GLUED_UNDERLINED.fullmatch(text, start, end)
    if m is None:
        return None
    if m["under"] is not None:
        return m["text"], m["under"].strip()
    return "", m["alone"].strip()


def _agree(line: str) -> tuple[str, str] | None:
    text = f"a.\n{line}\n-- x"  # (the line as unglue_headings reads it: a window of the text)
    found = glued_heading(text, 3, 3 + len(line))
    assert found == glued_heading_regex(text, 3, 3 + len(line)), line
    return found


def test_glued_headings_of_lines():
    assert _agree("End Summary. ---- Policy-Level Sensitivities ----") == (
        "End Summary.", "Policy-Level Sensitivities")
    assert _agree("It ended. Next Steps ------") == ("It ended. ", "Next Steps")
    assert _agree("  Background -----  ") == ("", "Background")
    assert _agree("---- ----- ----") is None
    assert _agree("it went on - and on ---- and on") is None


# lines of blanks, dashes, sentence ends and words, around the expressions' lengths
_DASHY = st.lists(
    st.sampled_from(["----", "-", "------ ", " ", "\t", ". ", "? ", ": ", "End", "Heading",
                     "word", "A", "b", "é", "x" * 40]),
    max_size=14,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_DASHY)
def test_glued_heading_reads_what_the_expressions_read(line):
    _agree(line)


@pytest.fixture(scope="module")
def dashed_lines() -> list[str]:
    from test_paragraphs import wikileaks_bodies

    lines = []
    for _, body, _ in wikileaks_bodies(corpus_or_skip()):
        lines += [line for line in body.split("\n") if "---" in line]
    return lines


def test_corpus_lines_agree(dashed_lines):
    found = sum(_agree(line) is not None for line in dashed_lines)
    assert found > 0


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_edited_corpus_lines_agree(dashed_lines, data):
    line = data.draw(st.sampled_from(dashed_lines))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(line)))
        cut = data.draw(st.integers(0, 3))
        edit = data.draw(st.sampled_from(["", " ", "----", " ---- ", "-", ". ", " Heading ", "\t", "A"]))
        line = line[:at] + edit + line[at + cut:]
    _agree(line)
