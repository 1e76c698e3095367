"""Cross-checks between metadata and text (cablekit.parse.consistency): their fast paths read as the
general ones, on the corpus's titles and SUBJECT lines and on random text."""

from __future__ import annotations

import random

from cablekit.formats import read_path
from cablekit.parse import consistency
from cablekit.parse.reader import iter_cables

from paths import corpus_or_skip


def corpus_titles_and_subjects() -> list[str]:
    texts = []
    for path in sorted((corpus_or_skip() / "wikileaks-html").rglob("*.html"))[:300]:
        for cable in iter_cables(read_path(path, None)):
            texts += [cable.container.title or "", cable.body.subject or ""]
    return texts


def test_squash_is_the_regex_on_upper_case():
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(300)] + list("ßıﬁéİ")
    texts = corpus_titles_and_subjects() + ["".join(rng.choices(alphabet, k=rng.randint(0, 30))) for _ in range(5000)]
    assert sum(text.isascii() for text in texts) > 300
    for text in texts:
        assert consistency._squash(text) == consistency._NON_ALNUM.sub("", text.upper()), text


def test_a_title_equal_to_its_subject_agrees_as_squashed():
    for text in corpus_titles_and_subjects() + ["(S) PROGRESS", "S/NF) PROGRESS", "", "(U)"]:
        t = consistency._squash(consistency._TITLE_MARK_REMNANT.sub("", text))
        s = consistency._squash(text)
        general = t == s or (bool(t) and bool(s) and (s.startswith(t) or t.startswith(s) or t.endswith(s)))
        assert consistency.subjects_agree(text, text) == general, text
