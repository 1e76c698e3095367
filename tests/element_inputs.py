"""Real element lines of the corpus, and random edits of them: inputs of the differential tests
that hold each element reader's fast path (the usual shape) to its general path."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from hypothesis import strategies as st

from test_opening import wikileaks_pages

_KEYWORDS = {
    "tags": re.compile(r"[ \t]*TAGS?\b[:.]?", re.I),
    "eo": re.compile(r"[ \t]*E\.?\s?O\b", re.I),
    "ref": re.compile(r"[ \t]*REF\w*\b[:.]?", re.I),
    "classified_by": re.compile(r"[ \t]*(?:\(U\)\s*)?CLASSIFIED\s+BY\b", re.I),
}


@cache
def element_lines(kind: str) -> tuple[str, ...]:
    """The lines of the corpus that start with the element's keyword (keyword removed for TAGS and
    REF, kept for E.O. and Classified By, as the reader is given them), alone and with the line
    after them (wrapped values), in the order met, without repeats."""
    keyword = _KEYWORDS[kind]
    found: dict[str, None] = {}
    for page in wikileaks_pages():
        lines = page.body.splitlines()[:60]
        for i, line in enumerate(lines):
            m = keyword.match(line)
            if not m:
                continue
            value = line[m.end():] if kind in ("tags", "ref") else line
            found[value] = None
            if i + 1 < len(lines) and lines[i + 1].strip():
                found[value + "\n" + lines[i + 1]] = None
    return tuple(found)


@cache
def first_lines() -> tuple[str, ...]:
    """The first 40 non-blank lines of every body (the classification line among them), without repeats."""
    return tuple(dict.fromkeys(line for page in wikileaks_pages() for line in page.body.splitlines()[:40] if line.strip()))


def edited(lines: Callable[[], tuple[str, ...]], pieces: list[str]) -> st.SearchStrategy[str]:
    """A real line (of ``lines()``, read when drawn) with a few random edits: a piece inserted, a
    character deleted, or a span doubled."""

    @st.composite
    def strategy(draw: st.DrawFn) -> str:
        text = draw(st.sampled_from(lines()))
        for _ in range(draw(st.integers(1, 3))):
            i = draw(st.integers(0, len(text)))
            edit = draw(st.sampled_from(["insert", "delete", "double"]))
            if edit == "insert":
                text = text[:i] + draw(st.sampled_from(pieces)) + text[i:]
            elif edit == "delete":
                text = text[:i] + text[i + 1:]
            else:
                j = draw(st.integers(i, min(len(text), i + 8)))
                text = text[:j] + text[i:j] + text[j:]
        return text

    return strategy()
