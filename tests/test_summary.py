"""Summary and comment finding (cablekit.parse.summary): the marker words are found in the
paragraphs holding them, in any case, as lower-casing every paragraph would."""

from __future__ import annotations

import random

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


# The pre-tests of the marker patterns only skip them where they cannot match.
_NEAR_MARKERS = st.lists(st.sampled_from(
    ["end", "of", "comment", "comments", "begin", "embassy", "post", "usun", " ", "\t", "\n", "(", "[",
     ".", "!", ":", "-", "--", "x", "d", "f", "s", "é"]), max_size=24).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_NEAR_MARKERS, st.integers(0, 40))
@example("end \ncomment", 12)
@example("(end of\tcomment", 12)
@example("x. embassy comment--", 12)
def test_pre_tests_allow_every_match(low, back):
    for k in range(len(low) + 1):
        start = max(0, k - back)
        if summary._END_BEFORE.search(low, start, k):
            assert summary._may_end_before(low, start, k), (low, start, k)
        if low.startswith("comment", k) and summary._COMMENT_AFTER.match(low, k) and \
                summary._COMMENT_BEFORE.search(low, max(0, k - 40), k):
            assert summary._may_open_comment(low, k), (low, k)


def test_pre_tests_allow_every_match_in_corpus_paragraphs():
    corpus = corpus_or_skip()
    checked = 0
    for _, rest, _ in wikileaks_bodies(corpus)[::7]:
        for paragraph in parse_text(rest).paragraphs:
            low = summary._lowered(paragraph.text)
            for word in ("comment", "summ"):
                k = low.find(word)
                while k >= 0:
                    start = max(0, k - 12)
                    assert bool(summary._END_BEFORE.search(low, start, k)) <= summary._may_end_before(low, start, k)
                    if word == "comment" and summary._COMMENT_AFTER.match(low, k) and \
                            summary._COMMENT_BEFORE.search(low, max(0, k - 40), k):
                        assert summary._may_open_comment(low, k)
                        checked += 1
                    k = low.find(word, k + 1)
    assert checked > 20
