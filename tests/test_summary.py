"""Summary and comment finding (cablekit.parse.summary): the marker words are found in the
paragraphs holding them, in any case, as lower-casing every paragraph would."""

from __future__ import annotations

import random

from hypothesis import given, settings
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
