"""Summary and comment finding (cablekit.parse.summary): the marker words are found in the
paragraphs holding them, in any case, as lower-casing every paragraph would."""

from __future__ import annotations

import random
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cablekit.parse import summary
from cablekit.parse.paragraphs import parse_text
from paths import corpus_or_skip
from test_paragraphs import wikileaks_bodies


def _rows_by_lowering(texts: list[str]) -> tuple[list[int], list[int]]:
    lows = [t.lower() for t in texts]
    return ([i for i, low in enumerate(lows) if "summ" in low],
            [i for i, low in enumerate(lows) if "comment" in low])


_WORDS = ["summary", "Summary", "SUMMARY", "sUmMaRy", "comment", "Comment", "COMMENT", "cOmMeNt",
          "commment", "summit", "recommend", "ſumm", "\u212aomment", "İ", "\u2019", "mm", "MM",
          "Mm", " ", "\n", ".", "(", "co", "su"]


def _edited(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(_WORDS) + text[at + rng.randint(0, 3):]
    return text


def test_marker_rows_are_those_of_lowered_corpus_paragraphs():
    corpus = corpus_or_skip()
    rng = random.Random(5)
    found = 0
    for _, rest, _ in wikileaks_bodies(corpus)[::3]:
        texts = [p.text for p in parse_text(rest).paragraphs]
        edited = [_edited(t, rng) if rng.random() < 0.3 else t for t in texts]
        for case in (texts, edited):
            rows = summary._marker_rows(case)
            assert rows == _rows_by_lowering(case), case
            found += len(rows[0]) + len(rows[1])
    assert found > 500


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("sumcoentSUMCOENT mM.İ\u212a")) | st.characters(),
                        max_size=30), max_size=6))
def test_marker_rows_are_those_of_lowered_random_texts(texts):
    assert summary._marker_rows(texts) == _rows_by_lowering(texts)


def _lowered_by_bytes(text: str) -> str:
    """The lower-casing the markers are read in: ASCII letters only, but whole for K and İ."""
    if text.isascii() or "\u212a" in text or "\u0130" in text:
        return text.lower()
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZmM é\u2019\U0001f600İ\u212a")) | st.characters(), max_size=200))
def test_lowered_is_the_ascii_lowering(text):
    lowered = summary._lowered(text)
    assert lowered == _lowered_by_bytes(text)
    assert lowered.isascii() == _lowered_by_bytes(text).isascii()  # (a canonical string)


# The typed readers of the markers around a marker word say what these patterns do.
_END_BEFORE = re.compile(r"[ \t(\[]*\bend[ \t]+(?:of[ \t]+)?$")
_MARKER_TAIL = re.compile(r"[a-z]*(?:[ \t]+and[ \t]+comments?)?[ \t.)\]]*")
_COMMENT_BEFORE = re.compile(
    r"(?:^|[(\n]|[.!?][ \t]{1,3})[ \t]*(?:begin[ \t]+)?"
    r"(?:(?:embassy|post|mission|consulate|usun|usnato|useu|usoas)[ \t]+)?$"
)
_COMMENT_AFTER = re.compile(r"comments?(?:[ \t]*[:.]|[ \t]*--|[ \t]*(?=\n)|[ \t]*$)[ \t]*")

_NEAR_MARKERS = st.lists(st.sampled_from(
    ["end", "of", "comment", "comments", "begin", "embassy", "post", "usun", "and", " ", "\t", "\n", "(", "[",
     ".", "!", "?", ":", "-", "--", ")", "]", "x", "_", "d", "f", "s", "é", "\u2019"]), max_size=24).map("".join)


def _assert_readers_match_patterns(low: str, k: int, back: int) -> None:
    start = max(0, k - back)
    end = _END_BEFORE.search(low, start, k)
    assert summary._end_before(low, start, k) == (end.start() if end else -1), (low, start, k)
    assert summary._marker_tail(low, k) == _MARKER_TAIL.match(low, k).end(), (low, k)
    if low.startswith("comment", k):
        after = _COMMENT_AFTER.match(low, k)
        assert summary._comment_opening_end(low, k) == (after.end() if after else -1), (low, k)
        assert summary._opens_comment(low, k) == bool(_COMMENT_BEFORE.search(low, max(0, k - 40), k)), (low, k)


@settings(max_examples=2000, deadline=None)
@given(_NEAR_MARKERS, st.integers(0, 40))
@example("end \ncomment", 12)
@example("(end of\tcomment", 12)
@example("x. embassy comment--", 12)
@example("blend comment", 12)
@example("begin post comment", 12)
def test_marker_readers_are_the_patterns(low, back):
    for k in range(len(low) + 1):
        _assert_readers_match_patterns(low, k, back)


def test_marker_readers_are_the_patterns_in_corpus_paragraphs():
    corpus = corpus_or_skip()
    checked = 0
    for _, rest, _ in wikileaks_bodies(corpus)[::5]:
        for paragraph in parse_text(rest).paragraphs:
            low = summary._lowered(paragraph.text)
            for word in ("comment", "summ"):
                k = low.find(word)
                while k >= 0:
                    _assert_readers_match_patterns(low, k, 12)
                    _assert_readers_match_patterns(low, k + len(word), 12)
                    checked += 1
                    k = low.find(word, k + 1)
    assert checked > 200
