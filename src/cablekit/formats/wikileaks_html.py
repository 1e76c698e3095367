"""WikiLeaks Cablegate cable pages, December 2010 and August 2011 layouts (§1.1).

A page is 60–200 KB, nearly all of it sidebar; the cable is the ``<h3>Viewing cable ID, SUBJECT``
heading, the ``<table class='cable'>`` and one or two ``<code><pre>`` blocks at the end. No DOM
parser: the heading is found in the bytes, only the part from there on is decoded, and its
pieces are located with ``str.find`` and unescaped one by one.
Both layouts hold the cable the same way; they differ in the sidebar (see ``detect.py``).
"""

from __future__ import annotations

import re
from datetime import datetime

import cython

from cablekit.formats.base import NotACable, RawCable, new_raw_cable
from cablekit.formats.pre_block import block_text
from cablekit.formats.text import add_once, clean_text, decode_from, dedupe, parse_iso_datetime, unescape, warning
from cablekit.model import Container, ReaderWarning

if cython.compiled:
    from cython.cimports.cpython.unicode import PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND
    from cython.cimports.libc.string import memchr, memcmp, memrchr
    from cython.cimports.cablekit.formats.scan import find_char, substring, word_at
else:
    from cablekit.formats.scan import find_char, substring, word_at

# Located in the page's bytes; everything from the heading on is decoded once and read as text.
HEADING_BYTES = b"<h3>Viewing cable "
TABLE_BYTES = b"<table class='cable'>"
H3_BYTES = b"<h3>"
PAGE_END = b"</html>"
HEADING = "<h3>Viewing cable "
HEADING_END = "</h3>"
TABLE = "<table class='cable'>"
TABLE_END = "</table>"
# Where each is looked for, the character of it fewest others share ('<' elsewhere): the quote of
# the table's class (the help text before it holds many tags), the 'b' of </table> (the table holds
# many tags), the quote of a cell's link.
TABLE_KEY = cython.declare(cython.Py_ssize_t, TABLE.index("'"))
TABLE_END_KEY = cython.declare(cython.Py_ssize_t, TABLE_END.index("b"))
PRE = "<code><pre>"
PRE_END = "</pre></code>"

# The metadata cells are links; the path says which column a cell is (§1.1). The classification
# link's title attribute disagrees with its text on most pages: the text is kept.
# A cell is tried at each link, where it is (a cell never holds a '<' but its '</a>', so it
# never reaches the next link).
CELL_LINK = "<a href='/"
_CELL = re.compile(r"(cable|date|reldate|classification|origin)/[^'<>]*'(?: title='[^'<>]*')?>([^<]*)</a>")
_CELL_NAMES = {"cable": "Reference ID", "date": "Created", "reldate": "Released",
               "classification": "Classification", "origin": "Origin"}
_CELL_PATHS = cython.declare(tuple, tuple(kind + "/" for kind in _CELL_NAMES))  # _CELL's alternatives, in order
_CELL_COLUMNS = cython.declare(tuple, tuple(_CELL_NAMES.values()))
CELL_LINK_KEY = cython.declare(cython.Py_ssize_t, CELL_LINK.index("'"))
CELL_TITLE = " title='"
LINK_END = "</a>"

# Put by WikiLeaks in the header block of cables it only had in part.
PARTIAL_EXTRACT = "This record is a partial extract"
# Lines some body blocks open with, from the media partners' copies, not from the telegram:
# a dateline ("Monday, 30 November 2009, 14:02") or a record stub ("<<220571>>", created, id,
# origin, classification, one line each).
_PREAMBLE = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d{1,2} [A-Z][a-z]+ \d{4},? \d{1,2}:\d{2}"
    r"|<<\d+>>\n\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}\n[0-9A-Z-]+\n[^\n]*\n[A-Z/ ]+)\n+"
)


def find_cable(data: bytes) -> int:
    """Offset of the 'Viewing cable' heading (the last <h3> of the page), else of the table."""
    last = _last_h3(data)
    if last >= 0 and data.startswith(HEADING_BYTES, last):
        return last
    heading = data.find(HEADING_BYTES)
    return heading if heading >= 0 else data.find(TABLE_BYTES)


@cython.cfunc
def _last_h3(data: bytes) -> cython.Py_ssize_t:
    """``data.rfind(b"<h3>")``; compiled, memrchr from '3' to '3' back through the blocks (a
    cable has a sixth as many as '<'), where ``bytes.rfind`` steps through every byte."""
    if not cython.compiled:
        return data.rfind(H3_BYTES)
    start: cython.p_const_char = data
    size: cython.Py_ssize_t = len(data)
    left: cython.Py_ssize_t = size
    at: cython.Py_ssize_t
    while left > 0:
        hit: cython.p_const_char = cython.cast(cython.p_const_char, memrchr(start, ord("3"), left))
        if not hit:
            return -1
        left = hit - start
        at = left - 2  # where its "<h3>" would start
        if at >= 0 and left + 2 <= size and start[at] == ord("<") and start[at + 1] == ord("h") and hit[1] == ord(">"):
            return at
    return -1


@cython.ccall
def pre_texts(page: str, start: int, tags: list[str]) -> tuple[list[str], bool]:
    """The <code><pre> blocks after ``start``, markup and line ends stripped (``pre_block.py``);
    True when the last one is cut off.

    A block ends at the first </pre></code>: markup never takes in a '<' but a link's '</a>'.
    """
    texts: list[str] = []
    size: cython.Py_ssize_t = len(page)
    pos: cython.Py_ssize_t = _find_tag(page, PRE, 0, start, size)
    begin: cython.Py_ssize_t
    end: cython.Py_ssize_t
    while pos >= 0:
        begin = pos + len(PRE)
        end = _find_tag(page, PRE_END, 0, begin, size)
        texts.append(block_text(page, begin, end if end >= 0 else size, tags))
        if end < 0:
            return texts, True
        pos = _find_tag(page, PRE, 0, end, size)
    return texts, False


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _find_tag(
    data: str, tag: str, key: cython.Py_ssize_t, start: cython.Py_ssize_t, end: cython.Py_ssize_t
) -> cython.Py_ssize_t:
    """``data.find(tag, start, end)`` for an ASCII ``tag`` (``0 <= start``, ``end <= len(data)``);
    compiled, a walk from one ``tag[key]`` to the next (a memchr: a character rare where the tag is
    looked for) comparing the tag around each, where ``str.find`` reads every character."""
    if not cython.compiled:
        return data.find(tag, start, end)
    size: cython.Py_ssize_t = len(tag)
    mark: cython.Py_UCS4 = tag[key]
    at: cython.Py_ssize_t
    if PyUnicode_KIND(data) != PyUnicode_1BYTE_KIND:
        at = find_char(data, mark, start + key, end)
        while at >= 0 and not _has_at(data, at - key, end, tag):
            at = find_char(data, mark, at + 1, end)
        return at - key if at >= 0 else -1
    chars: cython.p_const_char = cython.cast(cython.p_const_char, PyUnicode_DATA(data))
    wanted: cython.p_const_char = cython.cast(cython.p_const_char, PyUnicode_DATA(tag))
    hit: cython.p_const_char
    at = start + key
    while at < end:
        hit = cython.cast(cython.p_const_char, memchr(chars + at, mark, end - at))
        if not hit:
            break
        at = hit - chars - key  # where the tag would start
        if at + size <= end and memcmp(chars + at, wanted, size) == 0:
            return at
        at += key + 1
    return -1


@cython.cfunc
def _clean_block(text: str, warnings: list[ReaderWarning], where: str) -> str:
    """``clean_text`` of a block's text (its line ends already stripped) once its entities are
    decoded; a block with no entity to decode, no CR and no backslash only loses its outer blank lines."""
    size: cython.Py_ssize_t = len(text)
    line_ends_clean: cython.bint = True
    if find_char(text, "&", 0, size) >= 0:  # rare: entities may bring spaces or newlines of their own
        unescaped: str = unescape(text)
        line_ends_clean = len(unescaped) == size  # (none decoded: each one decoded shortens the text)
        text = unescaped
    if line_ends_clean and find_char(text, "\r", 0, size) < 0 and find_char(text, "\\", 0, size) < 0:
        return text.strip("\n")
    text, problems = clean_text(text, where, line_ends_clean)
    warnings += problems
    return text


@cython.ccall
def read_heading(data: str, start: int, warnings: list[ReaderWarning]) -> tuple[str | None, str | None, int]:
    """``<h3>Viewing cable 08MOSCOW2700, SUBJECT</h3>`` → (id, title, end offset)."""
    end = _find_tag(data, HEADING_END, 0, start, len(data))
    if end < 0:
        warnings.append(warning("heading-truncated", "the 'Viewing cable' heading is cut off", "container.title"))
        end = data.find("\n", start)
        end = len(data) if end < 0 else end
    heading: str = substring(data, start + len(HEADING), end)
    if find_char(heading, "&", 0, len(heading)) >= 0:
        heading = unescape(heading)
    size: cython.Py_ssize_t = len(heading)
    comma: cython.Py_ssize_t = find_char(heading, ",", 0, size)
    reference_id = _stripped(substring(heading, 0, comma if comma >= 0 else size))
    if comma < 0:
        return reference_id or None, None, end
    return reference_id or None, _joined_words(heading, comma + 1, size) or None, end


@cython.cfunc
def _stripped(text: str) -> str:
    """``text.strip()``, with no call where neither end is blank."""
    if not cython.compiled:
        return text.strip()
    size: cython.Py_ssize_t = len(text)
    if size and not text[0].isspace() and not text[size - 1].isspace():
        return text
    return text.strip()


@cython.cfunc
def _joined_words(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> str:
    """``" ".join(text[start:end].split())``; a title as headings hold it (a space before each
    word, no other blank) is cut out as it is."""
    if not cython.compiled:
        return " ".join(text[start:end].split())
    k: cython.Py_ssize_t = start
    while k < end:  # (at a word's space: a word follows it)
        if text[k] != " " or k + 1 >= end or text[k + 1].isspace():
            return " ".join(text[start:end].split())
        k += 2
        while k < end and not text[k].isspace():
            k += 1
    return substring(text, start + 1, end) if end > start else ""


@cython.ccall
def read_table(data: str, start: int, warnings: list[ReaderWarning]) -> tuple[dict[str, str], int]:
    """The five metadata cells (text of each link, unescaped), and the table's end offset."""
    end = _find_tag(data, TABLE_END, TABLE_END_KEY, start, len(data))
    if end < 0:
        warnings.append(warning("table-truncated", "the metadata table is cut off", "container"))
        end = len(data)
    cells: dict[str, str] = {}
    at: cython.Py_ssize_t = _find_tag(data, CELL_LINK, CELL_LINK_KEY, start, end)
    while at >= 0:
        at += len(CELL_LINK)
        cell = cell_at(data, at, end)
        if cell is not None:
            cells.setdefault(cell[0], _cell_text(cell[1]))
        at = _find_tag(data, CELL_LINK, CELL_LINK_KEY, at, end)
    if len(cells) < len(_CELL_NAMES) or not _all_filled(cells):
        missing = [name for name in _CELL_NAMES.values() if not cells.get(name)]
        warnings.append(warning("metadata-missing", "metadata table lacks " + ", ".join(missing), "container"))
    return cells, end


@cython.cfunc
def _cell_text(raw: str) -> str:
    """``unescape(raw).strip()``, with neither call for the usual cell (no '&', no blank at its ends)."""
    if not cython.compiled:
        return unescape(raw).strip()
    size: cython.Py_ssize_t = len(raw)
    if find_char(raw, "&", 0, size) < 0 and (size == 0 or not (raw[0].isspace() or raw[size - 1].isspace())):
        return raw
    return unescape(raw).strip()


@cython.cfunc
def _all_filled(cells: dict[str, str]) -> cython.bint:
    """``"" not in cells.values()`` (a loop, no view object, no comparisons)."""
    for value in cells.values():
        if not value:
            return False
    return True


@cython.ccall
def cell_at(data: str, at: cython.Py_ssize_t, end: cython.Py_ssize_t) -> tuple:
    """(column name, raw text) of the metadata cell whose link path starts at ``at``, read no
    further than ``end``; None when ``_CELL`` does not match there. Compiled, a typed reading of
    ``_CELL``: each of its ``[^…]*`` runs ends at the one character that may follow it."""
    if not cython.compiled:
        cell = _CELL.match(data, at, end)
        return (_CELL_NAMES[cell[1]], cell[2]) if cell else None
    column: cython.Py_ssize_t = _cell_column(data, at, end)
    if column < 0:
        return None
    path: str = _CELL_PATHS[column]
    i: cython.Py_ssize_t = _attribute_end(data, at + len(path), end)
    if i >= end or data[i] != "'":
        return None
    i += 1
    if _has_at(data, i, end, CELL_TITLE):
        title_end: cython.Py_ssize_t = _attribute_end(data, i + len(CELL_TITLE), end)
        if title_end < end and data[title_end] == "'":
            i = title_end + 1
    if i >= end or data[i] != ">":
        return None
    text_end: cython.Py_ssize_t = find_char(data, "<", i + 1, end)
    if text_end < 0 or not _has_at(data, text_end, end, LINK_END):
        return None
    return _CELL_COLUMNS[column], substring(data, i + 1, text_end)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _cell_column(data: str, at: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The index in ``_CELL_PATHS`` of the path at ``at``, picked by its first characters; -1 for none."""
    if at >= end:
        return -1
    first: cython.Py_UCS4 = data[at]
    column: cython.Py_ssize_t
    if first == "c":  # cable/ or classification/
        column = 0 if at + 1 < end and data[at + 1] == "a" else 3
    elif first == "d":
        column = 1
    elif first == "r":
        column = 2
    elif first == "o":
        column = 4
    else:
        return -1
    return column if _has_at(data, at, end, _CELL_PATHS[column]) else -1


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _has_at(text: str, at: cython.Py_ssize_t, end: cython.Py_ssize_t, prefix: str) -> cython.bint:
    """``text.startswith(prefix, at, end)`` for ``0 <= at`` and ``end <= len(text)``; compiled,
    a memcmp where both are one-byte text, else character by character (the method boxes its bounds)."""
    if not cython.compiled:
        return text.startswith(prefix, at, end)
    size: cython.Py_ssize_t = len(prefix)
    if at + size > end:
        return False
    if PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND and PyUnicode_KIND(prefix) == PyUnicode_1BYTE_KIND:
        return memcmp(cython.cast(cython.p_char, PyUnicode_DATA(text)) + at, PyUnicode_DATA(prefix), size) == 0
    k: cython.Py_ssize_t
    for k in range(size):
        if text[at + k] != prefix[k]:
            return False
    return True


@cython.cfunc
def _attribute_end(data: str, i: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The end of the ``[^'<>]*`` run at ``i``; compiled, one-byte text is read as bytes."""
    if cython.compiled and PyUnicode_KIND(data) == PyUnicode_1BYTE_KIND:
        chars: cython.p_const_uchar = cython.cast(cython.p_const_uchar, PyUnicode_DATA(data))
        while i < end and chars[i] != ord("'") and chars[i] != ord("<") and chars[i] != ord(">"):
            i += 1
        return i
    c: cython.Py_UCS4
    while i < end:
        c = data[i]
        if c == "'" or c == "<" or c == ">":
            break
        i += 1
    return i


@cython.ccall
def assign_blocks(texts: list[str], last_cut: bool, warnings: list[ReaderWarning]) -> tuple[str | None, str]:
    """(header_text, text) from the cleaned <pre> blocks: two = header then body (§1.1)."""
    if not texts:
        warnings.append(warning("body-missing", "the page has no <pre> text blocks", "body"))
        return None, ""
    if len(texts) == 1 and last_cut:
        # Cut inside the first block: pages carry two, so what is left is the header.
        warnings.append(warning("body-missing", "the page is cut off before the body block", "body"))
        return texts[0], ""
    if len(texts) == 1:
        warnings.append(warning("header-missing", "the page has only the body block", "header"))
        return "", texts[0]
    if len(texts) > 2:
        warnings.append(warning("extra-blocks", f"{len(texts)} <pre> blocks; the 2nd and later are the body", "body"))
    return texts[0], "\n".join(texts[1:])


@cython.ccall
def remove_furniture(
    header_text: str | None, text: str, fields: dict[str, str], warnings: list[ReaderWarning]
) -> tuple[str | None, str]:
    """WikiLeaks' partial-extract note and media-partner preambles → ``fields``, out of the text."""
    preamble = _PREAMBLE.match(text) if _may_open_with_preamble(text) else None
    if preamble:
        fields["preamble"] = preamble.group(0).strip()
        text = substring(text, preamble.end(), len(text))
        warnings.append(warning("preamble-removed", f"removed {fields['preamble']!r} before the body", "body"))
    if header_text and header_text.startswith(PARTIAL_EXTRACT):
        fields["note"] = header_text
        header_text = ""
        warnings.append(warning("partial-extract", "WikiLeaks: the record is a partial extract of the cable", "header"))
    return header_text, text


@cython.cfunc
def _ends_with_page_end(data: bytes) -> cython.bint:
    """``data[-256:].rstrip().endswith(PAGE_END)``; compiled, read in place."""
    if not cython.compiled:
        return data[-256:].rstrip().endswith(PAGE_END)
    chars: cython.p_const_char = data
    first: cython.Py_ssize_t = max(len(data) - 256, 0)
    end: cython.Py_ssize_t = len(data)
    while end > first and chars[end - 1] in b" \t\n\r\x0b\x0c":  # what bytes.rstrip() strips
        end -= 1
    return end - first >= 7 and memcmp(chars + end - 7, b"</html>", 7) == 0  # (PAGE_END)


@cython.cfunc
def _may_open_with_preamble(text: str) -> cython.bint:
    """False where ``_PREAMBLE`` cannot match: its weekday ends 'day, ' before the 12th character
    (``"day, " in text[:11]``, without the slice)."""
    if not cython.compiled:
        return text.startswith("<<") or "day, " in text[:11]
    if word_at(text, 0, "<<"):
        return True
    comma: cython.Py_ssize_t = find_char(text, ",", 3, min(len(text), 10))  # the comma of a "day, " at 0 to 6
    while comma >= 0:
        if word_at(text, comma - 3, "day, "):
            return True
        comma = find_char(text, ",", comma + 1, min(len(text), 10))
    return False


@cython.cfunc
def _distinct_tags(tags: list[str]) -> list[str]:
    """The non-empty tags, each once, in the order first met (``text.dedupe`` of them, without
    a dict for the few tags of a cable)."""
    if not cython.compiled:
        return dedupe([tag for tag in tags if tag])
    kept: list[str] = []
    tag: str
    other: str
    for tag in tags:
        if not tag:
            continue
        for other in kept:  # (a typed comparison of each, where ``in`` compares through RichCompare)
            if other == tag:
                break
        else:
            kept.append(tag)
    return kept


def read_wikileaks_html(data: bytes, source: str, format: str) -> RawCable | NotACable:
    warnings: list[ReaderWarning] = []
    truncated = not _ends_with_page_end(data)
    if truncated:
        warnings.append(warning("page-truncated", "the page ends before </html>", "container"))

    cable_at = find_cable(data)
    if cable_at < 0:
        reason = "no 'Viewing cable' heading and no cable table"
        return NotACable(source, reason + (" (the page is cut off before the cable)" if truncated else ""))
    page, problem = decode_from(data, cable_at)  # the sidebar before it is never decoded
    if problem is not None:
        add_once(warnings, problem)
    heading_at = 0 if page.startswith(HEADING) else -1
    table_at = _find_tag(page, TABLE, TABLE_KEY, 0, len(page))

    heading_id = title = None
    pos = 0
    if heading_at >= 0:
        heading_id, title, pos = read_heading(page, heading_at, warnings)
    cells: dict[str, str] = {}
    if table_at >= 0:
        cells, pos = read_table(page, table_at, warnings)
    else:
        warnings.append(warning("metadata-missing", "the page has no metadata table", "container"))

    reference_id = cells.get("Reference ID") or heading_id
    if heading_id and cells.get("Reference ID") and heading_id != cells["Reference ID"]:
        warnings.append(warning(
            "id-mismatch", f"heading says {heading_id}, metadata table says {cells['Reference ID']}", "container"
        ))

    tags: list[str] = []
    fields: dict[str, str] = {}
    texts, block_cut = pre_texts(page, pos, tags)
    texts = [_clean_block(text, warnings, "body" if i else "header") for i, text in enumerate(texts)]
    if block_cut:
        where = "body" if len(texts) > 1 else "header"
        warnings.append(warning("block-truncated", "the last <pre> block is cut off", where))

    header_text, text = assign_blocks(texts, block_cut, warnings)
    header_text, text = remove_furniture(header_text, text, fields, warnings)

    container = Container(
        format=format,
        source=source,
        reference_id=reference_id,
        created=_date(cells, "Created", warnings),
        released=_date(cells, "Released", warnings),
        classification=cells.get("Classification") or None,
        origin=cells.get("Origin") or None,
        title=title,
        tags=_distinct_tags(tags),
        fields=fields,
    )
    return new_raw_cable(container, text, header_text, warnings)


@cython.cfunc
def _date(cells: dict[str, str], name: str, warnings: list[ReaderWarning]) -> datetime | None:
    value = cells.get(name)
    if not value:
        return None
    parsed = parse_iso_datetime(value)
    if parsed is None:
        warnings.append(warning("date-unreadable", f"{name} {value!r} is not a date", "container"))
    return parsed
