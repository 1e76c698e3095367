"""The <pre> blocks of WikiLeaks pages: the typed pass, the str-method reference and _MARKUP;
the search for the cable in the page.

Inputs are the blocks of the real pages, as they are and with pieces of markup, entities and
blanks spliced in; the references are the plain readings (a regex substitution, a split).
"""

from __future__ import annotations

import random
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.formats.pre_block import (
    ANCHOR,
    ANCHOR_END,
    TAG_LINK,
    _MARKUP,
    _markup_replacement,
    strip_markup,
    typed_block_text,
)
from cablekit.formats.text import NEWLINE_ENTITY, strip_line_ends
from cablekit.formats.wikileaks_html import find_cable, pre_texts
from paths import CORPUS

RAW_PRE_BLOCK = re.compile(r"<code><pre>(.*?)(</pre></code>|\Z)", re.S)
# Pieces spliced into real blocks: markup the pattern takes and markup it leaves, entities
# whole and cut, blanks, and characters the \b, \s and strip() of the pattern read as Unicode.
PIECES = ["x", " ", "  ", "\t", "\n", ";", "&", "<", ">", "<<1>>", "<a id='par1' href='#par1'>", "¶", " ¶ ", "</a>",
          "<br>", "<br />", "<br\xa0/>", "<br\x85>", "<br/ >", NEWLINE_ENTITY, "&#x000", "A;", "&#x00<b>0A;", "&amp;",
          "<a href='/tag/PREL_0.html'>", "PREL", "<b>", "</span>", "<abbr>", "<a>", "<a\xe9>", "<b\xaa>", "<b\xbf>",
          "<TABLE>", "<sub_>", "</pre>", "<code>", ANCHOR, ANCHOR_END, TAG_LINK, "'>", "1'", "\xa0", "\xb6", "\xe9"]

# Short real blocks (a header block and a few body blocks' first lines), so an edit lands near
# markup and line ends often.
EDITABLE_BLOCKS = [
    "R 041125Z MAR 75&#x000A;FM AMEMBASSY TEHRAN&#x000A;TO SECSTATE WASHDC 475",
    "E.O. 11652: GDS &#x000A;TAGS: <a href='/tag/PINT_0.html'>PINT</a> <a href='/tag/IR_0.html'>IR</a>&#x000A;"
    "SUBJECT: IRANIAN RESURGENCE PARTY CREATED BY SHAH &#x000A;&#x000A;",
    "LEAVE IT UNQTE STANCE IN DEALING WITH OPPOSITION. &#x000A;&#x000A;<a id='par7' href='#par7'>¶</a>7. IN A-19 "
    "EMBASSY NOTED THAT SHAH HOPES TO MOVE TOWARD SITUATION &#x000A;IN WHICH HE GIVES POLICY GUIDANCE",
    "HELMS &#x000A;&#x000A;Declassified/Released US Department of State EO &#x000A;Systematic Review 05 JUL 2006",
]


def corpus_blocks(step: int = 1) -> list[str]:
    pages = sorted((CORPUS / "wikileaks-html").rglob("*.html"))[::step]
    return [block for path in pages for block, _ in RAW_PRE_BLOCK.findall(path.read_text("utf-8", "replace"))]


def lines_stripped_one_by_one(text: str, newline: str) -> str:
    return "\n".join(line.rstrip(" \t") for line in text.split(newline))


def reference_block_text(block: str, tags: list[str]) -> str:
    return strip_line_ends(strip_markup(block, tags), NEWLINE_ENTITY)


def test_line_end_fast_path_strips_like_the_line_by_line_reading(corpus):
    """strip_line_ends replaces instead of splitting when it can; the output must not differ."""
    texts = [strip_markup(block, []) for block in corpus_blocks(10)]
    assert sum(" " + NEWLINE_ENTITY in text for text in texts) > 20  # the fast path is taken
    rng = random.Random(7)
    pieces = ["A", "B.", " ", " ", "\t", "\n", NEWLINE_ENTITY, "&#x000", "A;", "&"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(12))) for _ in range(3000)]
    for text in texts:
        for newline in (NEWLINE_ENTITY, "\n"):
            assert strip_line_ends(text, newline) == lines_stripped_one_by_one(text, newline), (text, newline)


def test_pre_blocks_read_as_cut_out_and_substituted_one_by_one(corpus):
    """pre_texts cuts the blocks out with find; the reference cuts them out with a regex, runs
    _MARKUP.sub on each and splits its lines."""
    pages = [path.read_text("utf-8", "replace") for path in sorted((CORPUS / "wikileaks-html").rglob("*.html"))[::10]]
    assert sum("<a id='par" in page for page in pages) > 20
    rng = random.Random(7)
    pieces = PIECES + ["</pre></code>", "<code><pre>"]
    pages += ["".join(rng.choice(pieces) for _ in range(rng.randrange(14))) for _ in range(6000)]
    for page in pages:
        page = "<code><pre>" + page if rng.random() < 0.5 else page
        blocks = RAW_PRE_BLOCK.findall(page)
        expected_tags: list[str] = []
        expected = [
            lines_stripped_one_by_one(_MARKUP.sub(lambda match: _markup_replacement(match, expected_tags), block),
                                      NEWLINE_ENTITY)
            for block, _ in blocks
        ]
        expected_cut = bool(blocks) and blocks[-1][1] == ""
        tags: list[str] = []
        assert (pre_texts(page, 0, tags), tags) == ((expected, expected_cut), expected_tags), page


def assert_typed_pass_reads_as_the_reference(block: str) -> None:
    tags: list[str] = []
    expected_tags: list[str] = []
    expected = (reference_block_text(block, expected_tags), expected_tags)
    assert (typed_block_text(block, 0, len(block), tags), tags) == expected, block
    tags = []
    page = "<a>;<br>" + block + "</a>&#x000A;<b>"  # read in place: nothing around it counts
    assert (typed_block_text(page, 8, 8 + len(block), tags), tags) == expected, block


def test_typed_pass_reads_the_corpus_blocks_as_the_str_methods_do(corpus):
    blocks = corpus_blocks(3)
    assert len(blocks) > 200 and sum("<a href='/tag/" in block for block in blocks) > 50
    for block in blocks:
        assert_typed_pass_reads_as_the_reference(block)


@settings(max_examples=600, deadline=None)
@given(st.data())
def test_typed_pass_reads_edited_blocks_as_the_str_methods_do(data):
    block = data.draw(st.sampled_from(EDITABLE_BLOCKS))
    for piece in data.draw(st.lists(st.sampled_from(PIECES), max_size=12)):
        at = data.draw(st.integers(0, len(block)))
        block = block[:at] + piece + block[at:]
    assert_typed_pass_reads_as_the_reference(block)


def test_typed_pass_reads_random_pieces_as_the_str_methods_do():
    rng = random.Random(11)
    for _ in range(6000):
        assert_typed_pass_reads_as_the_reference("".join(rng.choice(PIECES) for _ in range(rng.randrange(16))))


def test_find_cable_finds_the_last_h3_as_rfind_does(corpus):
    """Compiled, find_cable walks back from '<' to '<' with memrchr; rfind is the reference."""
    pages = [path.read_bytes() for path in sorted((CORPUS / "wikileaks-html").rglob("*.html"))[::5]]
    rng = random.Random(5)
    pieces = [b"<h3>", b"<h3>Viewing cable ", b"<h3", b"h3>", b"<", b"<<", b"x", b"<table class='cable'>"]
    pages += [b"".join(rng.choice(pieces) for _ in range(rng.randrange(8))) for _ in range(3000)]
    for data in pages:
        last = data.rfind(b"<h3>")
        if last >= 0 and data.startswith(b"<h3>Viewing cable ", last):
            expected = last
        else:
            heading = data.find(b"<h3>Viewing cable ")
            expected = heading if heading >= 0 else data.find(b"<table class='cable'>")
        assert find_cable(data) == expected, data[-200:]


@pytest.mark.parametrize(
    "block",
    ["", "<b title='\u2013'>", "A\u2013B&#x000A;", "<b title='\u2013'>caf\u00e9 ",
     "<a id='par1' href='#par1'>\u00b6</a>x", "<b title='\u2013'>\u00b6 \U0001F600",
     "<a id='par1' href='#par1'>\u00b6</a>\u00b6"],
)
def test_typed_pass_gives_the_narrowest_str_as_the_reference_does(block):
    """The text is written into a str as wide as the block: it must come out as narrow as its
    characters allow (CPython compares strs of different widths as unequal)."""
    for page in (block, block + "\u2013", block + "\u00e9", block + "\U0001F600"):
        text = typed_block_text(page, 0, len(block), [])
        assert text == reference_block_text(block, []), page
        assert sys.getsizeof(text) == sys.getsizeof("".join(list(text))), page  # (join: the narrowest str)
