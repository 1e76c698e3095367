"""The whole dev corpus: every file reads, and the reader's reading of the text agrees with
WikiLeaks' metadata table (classification, DTG vs created, origin vs FM, subject vs title,
TAGS vs tag links) on ≥ 99% of pages; each disagreement is a warning on the record."""

from collections import Counter

import pytest

from cablekit.formats import NotACable, read_path
from cablekit.parse.consistency import CHECK_CODES
from cablekit.parse.reader import iter_cables

from paths import corpus_or_skip


@pytest.fixture(scope="module")
def corpus_cables():
    corpus = corpus_or_skip()
    results = []
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        results.append((path, list(iter_cables(read_path(path)))))
    return results


def test_every_file_parses(corpus_cables):
    assert len(corpus_cables) >= 900
    for path, items in corpus_cables:
        assert items, path
        errors = [i for i in items if isinstance(i, NotACable)]
        assert not errors, errors
        for cable in items:
            assert cable.id and cable.id != "UNKNOWN", path
            # WikiLeaks' partial extracts stop inside the opening block ("BUT MUCH DEPENDS ON
            # RESULT..."): only such short texts may come out without paragraphs.
            assert cable.body.paragraphs or len(cable.body_text) < 1500, path


def _html_pages(corpus_cables):
    return [items[0] for path, items in corpus_cables if path.suffix == ".html" and "wikileaks-html" in str(path)]


def _checked(cable, field):
    c, h, b = cable.container, cable.header, cable.body
    return {
        "classification": bool(c.classification and b.classification),
        "dtg": bool(c.created and h.dtg),
        "origin": bool(c.origin and h.originator),
        "subject": c.title is not None and b.subject is not None,
        "tags": bool(c.tags),
    }[field]


MIN_COMPARED = {"classification": 0.95, "dtg": 0.8, "origin": 0.8, "subject": 0.95, "tags": 0.6}


@pytest.mark.parametrize("field", ["classification", "dtg", "origin", "subject", "tags"])
def test_text_agrees_with_wikileaks_metadata(corpus_cables, field):
    pages = _html_pages(corpus_cables)
    checked = [c for c in pages if _checked(c, field)]
    # the comparison must actually happen: older pages have no header block (no DTG, no FM)
    # and no tag links in the body, so those fields are compared on fewer pages
    assert len(checked) >= MIN_COMPARED[field] * len(pages)
    code = CHECK_CODES[field]
    disagreeing = [c for c in checked if any(w.code == code for w in c.warnings)]
    for cable in disagreeing:
        print(cable.id, [w.message for w in cable.warnings if w.code == code])
    agreement = 1 - len(disagreeing) / len(checked)
    assert agreement >= 0.99, f"{field}: {agreement:.2%} agree over {len(checked)} pages"


def test_warnings_are_specific(corpus_cables):
    """Every warning names its element and says what happened, so a user can act on it."""
    codes = Counter()
    for _, items in corpus_cables:
        for cable in items:
            for w in cable.warnings:
                assert w.code and w.message and w.where is not None
                codes[w.code] += 1
    print(codes.most_common())
