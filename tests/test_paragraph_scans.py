"""The two readings of the paragraph readers' scans (§3.7): the typed scan the compiled reader
runs and the regular expression the interpreter runs read every text alike — a plain hard wrap
(flow.py), the landmark lines (numbered starts and rules, landmarks.py), a blank line, the
names glued to the last sentence (signature.py)."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.parse.flow import plain_wrap_regex, plain_wrap_scan
from cablekit.parse.landmarks import landmarks_regex, landmarks_scan
from cablekit.parse.signature import glued_names_regex, glued_names_scan
from cablekit.parse.text_scan import blank_line_regex, blank_line_scan
from paths import corpus_or_skip

# lines of any length around the short-line limit, starting with anything a line may start with
_LINE = st.text(alphabet='aB.)(1٣" “\t-•*xé', max_size=48)
_BLOCK = st.lists(_LINE, min_size=1, max_size=6).map(lambda lines: "\n".join(lines).strip())


def _both(block: str, indent: int) -> tuple[str | None, str | None]:
    return (plain_wrap_scan(block, 0, len(block), indent),
            plain_wrap_regex(block, 0, len(block), indent))


@settings(max_examples=1500, deadline=None)
@given(_BLOCK, st.integers(0, 40))
def test_scan_reads_what_the_regex_reads(block, indent):
    scanned, matched = _both(block, indent)
    assert scanned == matched


def test_scan_reads_a_window_of_the_text():
    text = ("1. (C) Officials said the talks would go\n"
            "on for as long as the two sides wished.\n\n2. ...")
    a, b = 7, text.index("\n\n")
    assert plain_wrap_scan(text, a, b, 7) == text[a:b].replace("\n", " ")
    assert plain_wrap_scan(text, a, b + 3, 7) is None  # the blank line is no plain wrap


@pytest.fixture(scope="module")
def corpus_blocks() -> list[str]:
    from test_paragraphs import wikileaks_bodies

    blocks = []
    for _, body, _ in wikileaks_bodies(corpus_or_skip()):
        blocks += [block.strip() for block in re.split(r"\n[ \t]*\n", body) if block.strip()]
    return blocks


def test_corpus_blocks_agree(corpus_blocks):
    plain = 0
    for block in corpus_blocks:
        for indent in (0, 7, 36):
            scanned, matched = _both(block, indent)
            assert scanned == matched, block
            plain += scanned is not None
    assert plain > 5000  # (a good share of real blocks are plain prose: both branches are read)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_edited_corpus_blocks_agree(corpus_blocks, data):
    block = data.draw(st.sampled_from(corpus_blocks))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(block)))
        cut = data.draw(st.integers(0, 3))
        edit = data.draw(st.sampled_from(["", "\n", " \n", "\na. ", "\n12) ", "\n" + "x" * 40, "“"]))
        block = block[:at] + edit + block[at + cut:]
    block = block.strip()
    scanned, matched = _both(block, data.draw(st.integers(0, 40)))
    assert scanned == matched


# lines that are, or nearly are, numbered starts and rules
_LANDMARKISH = st.lists(
    st.text(alphabet="1٣0¶.(-=*_ \tab", max_size=12), max_size=8
).map(lambda lines: "\n" + "\n".join(lines) + "\n")


@settings(max_examples=1500, deadline=None)
@given(_LANDMARKISH)
def test_landmark_scan_reads_what_the_regex_reads(text):
    assert landmarks_scan(text) == landmarks_regex(text)


def test_landmarks_of_a_text():
    numbered, rules = landmarks_scan("\n1. (C) A\n  ---- \n¶2.Text\n2004. no\n*****\n***\n")
    assert numbered == [(1, 1, 3, False)]
    assert rules == [(10, 17, False), (35, 40, True)]


def test_corpus_landmarks_agree(corpus_texts):
    found = 0
    for text in corpus_texts:
        scanned = landmarks_scan(text)
        assert scanned == landmarks_regex(text)
        found += len(scanned[0]) + len(scanned[1])
    assert found > 10000


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_edited_corpus_landmarks_agree(corpus_texts, data):
    text = data.draw(st.sampled_from(corpus_texts))
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(1, len(text) - 1))
        edit = data.draw(st.sampled_from(
            ["\n", "\n1.", "\n ¶12.(", "\n----", "\n=== -", "\n*****\n", "\n1234. ", "."]))
        text = text[:at] + edit + text[at:]
    assert landmarks_scan(text) == landmarks_regex(text)


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    from test_paragraphs import wikileaks_bodies

    return [f"\n{body}\n" for _, body, _ in wikileaks_bodies(corpus_or_skip())]


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="\n \t\rxa", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_blank_line_scan_reads_what_the_regex_reads(text, a, b):
    a, b = min(a, len(text)), min(b, len(text))
    assert blank_line_scan(text, a, b) == blank_line_regex(text, a, b)


def test_blank_lines_of_a_text(corpus_texts):
    assert blank_line_scan("a\n \t\nb\n\nc", 0, 11) == (1, 5)
    assert blank_line_scan("a\n \t\nb\n\nc", 2, 11) == (6, 8)
    assert blank_line_scan("a\n \t\nb", 0, 4) == (-1, -1)  # the second line break lies past b
    for text in corpus_texts[:200]:
        start, found = 0, []
        while (blank := blank_line_scan(text, start, len(text)))[0] >= 0:
            found.append(blank)
            start = blank[1]
        regex_found = []
        start = 0
        while (blank := blank_line_regex(text, start, len(text)))[0] >= 0:
            regex_found.append(blank)
            start = blank[1]
        assert found == regex_found


# the ends of lines that may hold names glued after the last sentence (signature.py)
_NAMEISH = st.text(alphabet="ABKZabz'’-. \t!?\"”)*,\xa0\n", max_size=100)


@settings(max_examples=3000, deadline=None)
@given(_NAMEISH, st.text(alphabet="ab .", max_size=60))
def test_glued_names_scan_reads_what_the_regex_reads(end, before):
    line = before + end
    assert glued_names_scan(line) == glued_names_regex(line)


def test_glued_names_of_lines():
    assert glued_names_scan("… ahead. KAIDANOW") == (9, 17)
    assert glued_names_scan("END COMMENT EIKENBERRY ") == (4, 22)  # (no character before END)
    assert glued_names_scan("in Burma.  Martinez\t") == (11, 19)
    assert glued_names_scan("fooBAR") is None
    assert glued_names_scan("x. " + "a" * 80 + " AB") == (84, 86)  # from 80 characters before the end


def test_corpus_glued_names_agree(corpus_texts):
    for text in corpus_texts:
        for line in text[-2000:].split("\n"):
            assert glued_names_scan(line) == glued_names_regex(line), line
