"""Cross-checks between metadata and text (cablekit.parse.consistency): their fast paths read as the
general ones, on the corpus's titles and SUBJECT lines and on random text."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from cablekit.formats import read_path
from cablekit.model import Container
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


def _created_warnings_as_before(container, dtg):
    """_check_created's codes (a mismatch's message) as computed with datetime arithmetic before it read integers."""
    created = container.created
    if created.tzinfo is None:
        created = datetime.combine(created, created.time(), dtg.tzinfo)
    if abs(created - dtg) <= consistency.DTG_TOLERANCE:
        return []
    if consistency.garbled_created_minute(container):
        if abs(created.replace(minute=0) - dtg.replace(minute=0, second=0)) <= consistency.DTG_TOLERANCE:
            return ["created-minute-garbled"]
        dtg = dtg.replace(minute=0, second=0)
    return [consistency._mismatch("dtg", f"metadata created {container.created:%Y-%m-%d %H:%M} but the DTG is "
                                  f"{dtg:%Y-%m-%d %H:%MZ}", "header.FL5").message]


def test_created_is_checked_as_with_datetime_arithmetic():
    rng = random.Random(11)
    start = datetime(2003, 12, 31, 23, 40)
    for _ in range(20000):
        dtg = start + timedelta(days=rng.randint(0, 2), minutes=rng.randint(0, 1440), seconds=rng.choice([0, 0, 59]))
        dtg = dtg.replace(tzinfo=rng.choice([timezone.utc, None]))
        shift = timedelta(minutes=rng.choice([0, 29, 30, 31, 60, 600, 1439, 1440]) * rng.choice([1, -1]))
        created = (dtg.replace(tzinfo=None) + shift + timedelta(seconds=rng.choice([0, 0, 1, -1]),
                                                            microseconds=rng.choice([0, 0, 1, -1])))
        if rng.random() < 0.5:  # the garbled minute: the hour on a 12-hour clock
            created = created.replace(minute=created.hour % 12 or 12)
        container = Container(format=rng.choice(["wikileaks-html-2010", "wikileaks-html-2011"]), created=created)
        expected = _created_warnings_as_before(container, dtg)
        warnings = []
        consistency._check_created(container, created, dtg, warnings)
        found = [w.message if w.code == "dtg-created-mismatch" else w.code for w in warnings]
        assert found == expected, (created, dtg)


def _subjects_agree_squashed(title: str, subject: str) -> bool:
    t = consistency._squash(consistency._TITLE_MARK_REMNANT.sub("", title))
    s = consistency._squash(subject)
    return t == s or (bool(t) and bool(s) and (s.startswith(t) or t.startswith(s) or t.endswith(s)))


def test_a_title_that_starts_its_subject_agrees_as_squashed():
    rng = random.Random(5)
    texts = corpus_titles_and_subjects() + ["", "(U)", "ßtrasse", "ı", "- -", "...X"]
    for text in texts:
        for cut in {0, 1, 2, len(text) // 2, rng.randint(0, len(text)), len(text)}:
            title = text[:cut]
            assert consistency.subjects_agree(title, text) == _subjects_agree_squashed(title, text), (title, text)


def test_squash_is_the_regex_deletion_of_the_upper_cased_text():
    """_squash keeps the ASCII capitals and digits of ``text.upper()``, also where the text is not ASCII
    (upper-casing may make ASCII letters of others: ſ → S, ﬀ → FF)."""
    import re

    non_alnum = re.compile(r"[^A-Z0-9]+")
    rng = random.Random(7)
    alphabet = "abcAZ09 -,.’ſıİﬀßéÉ\u212aµx"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert consistency._squash(text) == non_alnum.sub("", text.upper()), text
