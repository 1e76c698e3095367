"""The typed scans of a WikiLeaks page's metadata table (compiled) against the regex they read.

Inputs are the tables of the real pages, as they are and with pieces spliced in; the reference
is ``_CELL.match`` at every link, as the interpreter runs it.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.formats import read_bytes
from cablekit.formats.detect import WIKILEAKS_HTML_2010
from cablekit.formats.text import unescape
from cablekit.formats.wikileaks_html import (
    _CELL,
    _CELL_NAMES,
    CELL_LINK,
    HEADING,
    TABLE,
    TABLE_END,
    cell_at,
    read_heading,
    read_table,
)
from paths import CORPUS

PIECES = ["x", " ", "'", "<", ">", "/", "</a>", "</a", "<a", CELL_LINK, " title='", " title='x'", "title=", "cable/",
          "date/", "reldate/", "classification/", "origin/", "cables/", "dat", "&amp;", "\xe9", "\u2019", TABLE_END]
EDITABLE_TABLE = (
    "<table class='cable'>\n<tr>\n<td>\n<a href='/cable/1975/03/75TEHRAN2254.html'>75TEHRAN2254</a>\n</td>\n"
    "<td>\n<a href='/date/1975-03_0.html'>1975-03-04 12:00</a>\n</td>\n"
    "<td>\n<a href='/reldate/2010-11-28_0.html'>2010-11-28 18:06</a>\n</td>\n"
    "<td>\n<a href='/classification/5_0.html' title='unclassified//fouo'>UNCLASSIFIED</a>\n</td>\n"
    "<td>\n<a href='/origin/79_0.html'>Embassy Tehran</a>\n</td>\n</tr>\n</table>"
)


def reference_cell(data: str, at: int, end: int) -> tuple[str, str] | None:
    cell = _CELL.match(data, at, end)
    return (_CELL_NAMES[cell[1]], cell[2]) if cell else None


def assert_cells_read_as_the_regex_reads_them(table: str) -> None:
    for end in (len(table), max(len(table) - 7, 0)):
        at = table.find(CELL_LINK)
        while at >= 0:
            for start in (at + len(CELL_LINK), at + len(CELL_LINK) + 1):
                assert cell_at(table, start, end) == reference_cell(table, start, end), (table, start, end)
            at = table.find(CELL_LINK, at + 1)
    end = table.find(TABLE_END)
    expected = {}
    for link in table[: len(table) if end < 0 else end].split(CELL_LINK)[1:]:  # the old reading: a split
        cell = _CELL.match(link)
        if cell:
            expected.setdefault(_CELL_NAMES[cell[1]], unescape(cell[2]).strip())
    assert read_table(table, 0, [])[0] == expected, table


def test_corpus_tables_read_as_the_regex_reads_them(corpus):
    pages = [path.read_text("utf-8", "replace") for path in sorted((CORPUS / "wikileaks-html").rglob("*.html"))[::7]]
    tables = [page[page.find(TABLE):] for page in pages if TABLE in page]
    assert len(tables) > 50
    for table in tables:
        assert_cells_read_as_the_regex_reads_them(table[: table.find(TABLE_END) + 200])


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_edited_tables_read_as_the_regex_reads_them(data):
    table = EDITABLE_TABLE
    for piece in data.draw(st.lists(st.sampled_from(PIECES), max_size=10)):
        at = data.draw(st.integers(0, len(table)))
        table = table[:at] + piece + table[at:]
    assert_cells_read_as_the_regex_reads_them(table)


def test_random_links_read_as_the_regex_reads_them():
    rng = random.Random(3)
    for _ in range(5000):
        assert_cells_read_as_the_regex_reads_them("".join(rng.choice(PIECES) for _ in range(rng.randrange(14))))


def test_the_page_end_is_found_as_rstrip_and_endswith_find_it(corpus):
    """Compiled, the closing </html> is looked for in place; the reference strips a copy of the
    last 256 bytes. The page-truncated warning says which way it went."""
    page = sorted((CORPUS / "wikileaks-html").rglob("*.html"))[0].read_bytes()
    page = page[: page.rindex(b"</html>")]
    rng = random.Random(13)
    pieces = [b"</html>", b"</html", b"html>", b" ", b"\t", b"\n", b"\r", b"\x0b", b"\x0c", b"\xa0", b"\x00", b"x" * 120]
    for _ in range(400):
        data = page[: len(page) - rng.randrange(3)] + b"".join(rng.choice(pieces) for _ in range(rng.randrange(8)))
        raw = next(read_bytes(data, "page", WIKILEAKS_HTML_2010))
        truncated = any(w.code == "page-truncated" for w in raw.warnings)
        assert truncated == (not data[-256:].rstrip().endswith(b"</html>")), data[-300:]


def reference_heading(heading: str) -> tuple[str | None, str | None]:
    """The old reading of the heading's text: partition, strip, split and join."""
    reference_id, comma, title = unescape(heading).partition(",")
    reference_id, title = reference_id.strip(), " ".join(title.split())
    return reference_id or None, (title or None) if comma else None


def test_headings_read_as_partition_and_split_read_them():
    """Compiled, the title is cut out as it is when its blanks are single spaces before words."""
    rng = random.Random(17)
    pieces = ["08MOSCOW2700", ",", ", ", " ", "  ", "\t", "\n", "\xa0", "\x85", "\u2003", "WORD", "A", "&amp;", "&#44;",
              "\xe9"]
    headings = ["08MOSCOW2700, SUBJECT OF IT", "08MOSCOW2700,", "08MOSCOW2700", "", ",", " , X"]
    headings += ["".join(rng.choice(pieces) for _ in range(rng.randrange(10))) for _ in range(5000)]
    for heading in headings:
        page = HEADING + heading + "</h3>"
        assert read_heading(page, 0, [])[:2] == reference_heading(heading), heading
