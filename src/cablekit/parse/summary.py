"""Summary and comment of a cable's text (§3.7, §7 items 14–15), found over its paragraphs.

* **Summary**: ``Summary:`` … ``End summary.`` (or ``BEGIN SUMMARY`` … ``END SUMMARY``, a
  ``SUMMARY`` heading, ``Summary and Comment:``, ``Summay``) in the first paragraphs; without an
  end marker the summary is its paragraph (or the paragraphs under its heading); an ``End
  summary`` without a start makes the text before it the summary (with a warning).
* **Comment**: ``Comment:`` / ``(Comment: …`` / ``BEGIN COMMENT`` … ``End Comment.``, or a
  ``Comment`` heading (its paragraphs, up to ``End Comment`` or the next heading); a comment
  opened in a paragraph without an end marker is the rest of that paragraph.

The conventions of the results are in ``paragraphs.py``'s docstring.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cython
import msgspec

from cablekit.model import Paragraph, ReaderWarning

if TYPE_CHECKING:
    from cablekit.parse.paragraphs import TextParts

if cython.compiled:
    from cython.cimports.cpython.unicode import PyUnicode_DATA, PyUnicode_KIND, PyUnicode_New
    from cython.cimports.libc.string import memcpy

# summary and comment markers, matched on lower-cased text
_SUMMARY_START = re.compile(
    r"(?:begin[ \t]+)?(?:executive[ \t]+)?(?:summary|summay|sumary)"
    r"(?P<and>[ \t]+and[ \t]+comments?)?[ \t]*(?:[:.]|--|-(?=[ \t])|\n|$)[ \t\n]*"
)
_BEGIN_SUMMARY = re.compile(r"(?:^|(?<=\n\n))[ \t]*begin[ \t]+summary\b[ \t:.]*\n*")
_SUMMARY_HEADING = re.compile(r"(?:executive\s+)?(?:summary|summay)(?:\s+and\s+comments?)?\W*")
_COMMENT_HEADING = re.compile(
    r"(?:(?:embassy|post|mission|consulate)\s+)?comments?(?:\s+and\s+\w+)?\W*")
_SUMMARY_AND_COMMENT = re.compile(r"(?:summary|summay)\s+and\s+comments?\W*")
_END_BEFORE = re.compile(r"[ \t(\[]*\bend[ \t]+(?:of[ \t]+)?$")
_MARKER_TAIL = re.compile(r"[a-z]*(?:[ \t]+and[ \t]+comments?)?[ \t.)\]]*")
_COMMENT_BEFORE = re.compile(
    r"(?:^|[(\n]|[.!?][ \t]{1,3})[ \t]*(?:begin[ \t]+)?"
    r"(?:(?:embassy|post|mission|consulate|usun|usnato|useu|usoas)[ \t]+)?$"
)
_COMMENT_AFTER = re.compile(r"comments?(?:[ \t]*[:.]|[ \t]*--|[ \t]*(?=\n)|[ \t]*$)[ \t]*")

_SUMMARY_WITHIN = 6  # a summary starts in one of the first paragraphs


def _warning(code: str, message: str, where: str) -> ReaderWarning:
    return ReaderWarning(code=code, message=message, where=where)


@dataclass(slots=True)
class _Span:
    first: int  # paragraph index
    start: int  # offset in that paragraph's text
    last: int
    end: int


def _span_text(texts: list[str], span: _Span) -> str:
    parts = []
    for i in range(span.first, span.last + 1):
        a = span.start if i == span.first else 0
        b = span.end if i == span.last else len(texts[i])
        parts.append(texts[i][a:b].strip())
    return "\n\n".join(p for p in parts if p).rstrip(" \n([—-").strip()


def _end_marker(low: str, word: str, pos: int = 0) -> tuple[int, int] | None:
    """The first ``End <word>`` marker (``End summary.``, ``(END COMMENT)``) at or after pos."""
    k = low.find(word, pos)
    while k >= 0:
        m = _END_BEFORE.search(low, max(pos, k - 12), k)
        if m:
            return m.start(), _MARKER_TAIL.match(low, k + len(word)).end()
        k = low.find(word, k + len(word))
    return None


def _comment_events(low: str) -> list[tuple[bool, int, int]]:
    """(is_start, start, end) of comment markers in a lower-cased paragraph text."""
    events = []
    k = low.find("comment")
    while k >= 0:
        # "end" looked for first (str.find): most "comment"s have none before them, and the
        # pattern, holding it, has no literal prefix its search could skip by
        start = max(0, k - 12)
        end_before = _END_BEFORE.search(low, start, k) if low.find("end", start, k) >= 0 else None
        if end_before:
            events.append((False, end_before.start(), _MARKER_TAIL.match(low, k + 7).end()))
        else:
            after = _COMMENT_AFTER.match(low, k)
            if after and _COMMENT_BEFORE.search(low, max(0, k - 40), k):
                events.append((True, k, after.end()))
        k = low.find("comment", k + 7)
    return events


def _find_summary(texts: list[str], lows: dict[int, str], heads: list[str | None] | None,
                  warnings: list[ReaderWarning]) -> tuple[_Span | None, bool]:
    """The summary span and whether it is also the comment (``Summary and Comment:``);
    ``lows``: the lower-cased texts of the paragraphs holding "summ"; ``heads``: the paragraphs'
    headings, None when no heading holds "summ"."""
    rows = sorted(lows)
    starts = [i for i in rows if i < _SUMMARY_WITHIN]
    if heads is not None:
        starts = sorted(set(starts).union(range(min(len(texts), _SUMMARY_WITHIN))))
    for i in starts:
        low = lows.get(i, "")
        m = _SUMMARY_START.match(low) if "umm" in low[:40] else None
        if m is None and "begin summ" in low:
            m = _BEGIN_SUMMARY.search(low)
        heading = heads[i] if heads is not None and (i == 0 or heads[i] != heads[i - 1]) else None
        by_heading = (heading is not None and "umm" in heading.lower()
                      and _SUMMARY_HEADING.fullmatch(heading.lower()))
        if not m and not by_heading:
            continue
        both = bool(m["and"]) if m and m.re is _SUMMARY_START else False
        both = both or bool(by_heading and "comment" in heading.lower())
        start = m.end() if m else 0
        last = i
        if by_heading and not m:
            while last + 1 < len(texts) and heads[last + 1] == heads[i]:
                last += 1
        stop = last if by_heading and not m else len(texts) - 1
        for j in rows:
            if i <= j <= stop and (end := _end_marker(lows[j], "summ", start if j == i else 0)):
                return _Span(i, start, j, end[0]), both
        return _Span(i, start, last, len(texts[last])), both
    # "End summary" without a start: the text before it is the summary
    for i in rows:
        end = _end_marker(lows[i], "summ") if i < _SUMMARY_WITHIN else None
        if end:
            warnings.append(_warning("summary-start-missing", "'End summary' without a start: "
                                     "the text before it is taken as the summary",
                                     f"paragraph {i}"))
            return _Span(0, 0, i, end[0]), False
    return None, False


def _find_comments(texts: list[str], lows: dict[int, str], heads: list[str | None] | None,
                   warnings: list[ReaderWarning]) -> list[tuple[_Span, str]]:
    """Comment spans with their texts; ``lows``: the lower-cased texts of the paragraphs holding
    "comment"; ``heads``: the paragraphs' headings, None when no heading holds "omment"."""
    events = {i: found for i in sorted(lows) if (found := _comment_events(lows[i]))}
    # whether the next marker after paragraph i (in a later paragraph) is an end marker; a
    # paragraph without markers needs none: a comment open before it was left open as its next
    # marker is an end marker
    ends_later: dict[int, bool] = {}
    following = False
    for i in reversed(events):
        ends_later[i] = following
        following = not events[i][0][0]
    spans: list[_Span] = []
    opened: tuple[int, int] | None = None
    opened_by: str | None = None  # the heading that opened the comment
    # without a comment heading a paragraph without markers changes nothing: only those with
    # markers are read
    rows: Iterable[int] = events if heads is None else range(len(texts))
    for i in rows:
        if heads is not None:
            if opened and opened_by is not None and heads[i] != opened_by:
                spans.append(_Span(opened[0], opened[1], i - 1, len(texts[i - 1])))
                opened = opened_by = None
            new_heading = heads[i] if i == 0 or heads[i] != heads[i - 1] else None
            if not opened and new_heading and "omment" in new_heading.lower():
                low_heading = new_heading.lower()
                if (_COMMENT_HEADING.fullmatch(low_heading)
                        and not _SUMMARY_AND_COMMENT.fullmatch(low_heading)):
                    opened, opened_by = (i, 0), new_heading
            if i not in events:
                continue
        for is_start, start, end in events[i]:
            if is_start:
                opened = opened or (i, end)
            elif opened:
                spans.append(_Span(opened[0], opened[1], i, start))
                opened = opened_by = None
            else:
                warnings.append(_warning("comment-start-missing", "'End comment' without a "
                                         "start: its paragraph is taken as the comment",
                                         f"paragraph {i}"))
                spans.append(_Span(i, 0, i, start))
        if opened and opened_by is None and not ends_later[i]:
            # opened in the text and never closed: the comment is the rest of its paragraph
            spans.append(_Span(opened[0], opened[1], i, len(texts[i])))
            opened = None
    if opened:
        spans.append(_Span(opened[0], opened[1], len(texts) - 1, len(texts[-1])))
    return [(span, text) for span in spans if (text := _span_text(texts, span))]


def _marker_rows(texts: list[str]) -> tuple[list[int], list[int]]:
    """The indexes of the paragraphs holding "summ", and of those holding "comment", in any case.

    Both words hold "mm": its few places are found (compiled, by a word-wide scan; as source, by
    one search of each text with its "M"s folded to "m", which keeps the length), and only the
    letters around each are compared."""
    summ_rows: list[int] = []
    comment_rows: list[int] = []
    i: cython.Py_ssize_t
    k: cython.Py_ssize_t
    text: str
    for i in range(len(texts)):
        text = texts[i]
        if not cython.compiled:
            folded = text.replace("M", "m")
        k = _double_m(text, 2) if cython.compiled else folded.find("mm", 2)
        while k >= 0:
            if _folds_to(text, k - 2, "su"):
                if not summ_rows or summ_rows[-1] != i:
                    summ_rows.append(i)
            elif (_folds_to(text, k - 2, "co") and _folds_to(text, k + 2, "ent")
                  and (not comment_rows or comment_rows[-1] != i)):
                comment_rows.append(i)
            k = _double_m(text, k + 1) if cython.compiled else folded.find("mm", k + 1)
    return summ_rows, comment_rows


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _folds_to(text: str, start: cython.Py_ssize_t, word: str) -> cython.bint:
    """Whether ``text[start:]`` begins with ``word`` (ASCII lower-case letters) in any case (no
    other character lower-cases to one of its letters)."""
    j: cython.Py_ssize_t
    if start + len(word) > len(text):
        return False
    for j in range(len(word)):
        if (ord(text[start + j]) | 0x20) != ord(word[j]):
            return False
    return True


# The scan for "mm" in any case reads eight bytes at a time: in each lane of one character, a
# byte-wise OR with 0x20 makes "M" an "m", and the XOR with "m" a zero, which the lane's top bit
# then flags (exactly: the sum with 0x7f… carries into the top bit from any non-zero lane).


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.exceptval(check=False)
def _double_m(text: str, start: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The first index from ``start`` of "mm" in any case, or -1."""
    size: cython.Py_ssize_t = len(text)
    width: cython.Py_ssize_t = PyUnicode_KIND(text)
    data: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(text))
    bits: cython.int = 8 * width
    lanes: cython.ulonglong = 0x0101010101010101 if width == 1 else 0x0001000100010001
    low: cython.ulonglong = lanes * ((1 << (bits - 1)) - 1)
    word: cython.ulonglong
    flags: cython.ulonglong
    k: cython.Py_ssize_t = start
    lane: cython.int
    per_word: cython.Py_ssize_t = 8 // width
    if width <= 2:
        while k + per_word < size:  # (a character after the word, for a pair across its end)
            memcpy(cython.address(word), data + k * width, 8)
            word = (word | lanes * 0x20) ^ (lanes * 0x6D)
            flags = ~(((word & low) + low) | word | low)
            if flags:
                # a pair: this lane and the next flagged, or the last lane and the next character
                flags &= (flags >> bits) | (cython.cast(cython.ulonglong, _is_m(text[k + per_word])) << 63)
                for lane in range(per_word):
                    if flags >> (lane * bits + bits - 1) & 1:
                        return k + lane
            k += per_word
    while k + 1 < size:
        if _is_m(text[k]) and _is_m(text[k + 1]):
            return k
        k += 1
    return -1


@cython.cfunc
@cython.inline
def _is_m(c: cython.Py_UCS4) -> cython.bint:
    return c == "m" or c == "M"


@cython.ccall
def _lowered(text: str) -> str:
    """The lower-cased text of a paragraph holding a marker word.

    Only its ASCII letters are lower-cased (all that the markers need; as source, in its UTF-8
    bytes: ``str.lower`` is slow on non-ASCII text such as curly quotes), which keeps its length;
    but for the two letters whose lower case is ASCII or longer, K and İ: a text holding one is
    lower-cased whole."""
    if cython.compiled:
        if PyUnicode_KIND(text) > 1 and ("\u212a" in text or "\u0130" in text):
            return text.lower()
        return _ascii_lowered(text)
    if text.isascii() or "\u212a" in text or "\u0130" in text:
        return text.lower()
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _ascii_lowered(text: str) -> str:
    """``text`` with its ASCII letters lower-cased, in a new string of the same kind (a loop
    the C compiler vectorises)."""
    size: cython.Py_ssize_t = len(text)
    kind: cython.int = PyUnicode_KIND(text)
    top: cython.Py_UCS4 = 0x7F if text.isascii() else 0xFF if kind == 1 else 0xFFFF if kind == 2 else 0x10FFFF
    lowered: str = PyUnicode_New(size, top)
    i: cython.Py_ssize_t
    if kind == 1:
        bytes_in: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(text))
        bytes_out: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(lowered))
        for i in range(size):
            bytes_out[i] = bytes_in[i] | (0x20 if cython.cast(cython.uchar, bytes_in[i] - 0x41) < 26 else 0)
    elif kind == 2:
        units_in: cython.p_ushort = cython.cast(cython.p_ushort, PyUnicode_DATA(text))
        units_out: cython.p_ushort = cython.cast(cython.p_ushort, PyUnicode_DATA(lowered))
        for i in range(size):
            units_out[i] = units_in[i] | (0x20 if cython.cast(cython.ushort, units_in[i] - 0x41) < 26 else 0)
    else:
        chars_in: cython.p_uint = cython.cast(cython.p_uint, PyUnicode_DATA(text))
        chars_out: cython.p_uint = cython.cast(cython.p_uint, PyUnicode_DATA(lowered))
        for i in range(size):
            chars_out[i] = chars_in[i] | (0x20 if chars_in[i] - 0x41 < 26 else 0)
    return lowered


def _heading_words(paragraphs: list[Paragraph]) -> str:
    """The paragraphs' distinct headings, lower-cased, one a line ("" without headings)."""
    return "\n".join({p.heading for p in paragraphs if p.heading is not None}).lower()


def mark_summary_and_comment(parts: TextParts) -> None:
    """Summary and comment spans. Only the paragraphs holding the words "summ" or "comment" are
    read, lower-cased (and the headings, for a ``SUMMARY`` or ``Comment`` heading)."""
    paragraphs = parts.paragraphs
    texts = [p.text for p in paragraphs]
    summ_rows, comment_rows = _marker_rows(texts)
    lows = {i: _lowered(texts[i]) for i in {*summ_rows, *comment_rows}}
    summary, both = None, False
    headings = _heading_words(paragraphs)
    heads = [p.heading for p in paragraphs] if headings else None
    summary_heads = heads if "summ" in headings else None
    if summ_rows or summary_heads:
        summary, both = _find_summary(texts, {i: lows[i] for i in summ_rows}, summary_heads,
                                      parts.warnings)
    comments = []
    comment_heads = heads if "omment" in headings else None
    if comment_rows or comment_heads:
        comments = _find_comments(texts, {i: lows[i] for i in comment_rows}, comment_heads,
                                  parts.warnings)
    flags: dict[int, dict[str, bool]] = {}
    if summary:
        text = _span_text(texts, summary)
        parts.summary = text or None
        if both:
            comments.insert(0, (summary, text))
        for i in range(summary.first, summary.last + 1):
            flags.setdefault(i, {})["in_summary"] = True
    if comments:
        parts.comment = "\n\n".join(text for _, text in comments) or None
        for span, _ in comments:
            for i in range(span.first, span.last + 1):
                flags.setdefault(i, {})["in_comment"] = True
    for i, values in flags.items():
        paragraphs[i] = msgspec.structs.replace(paragraphs[i], **values)
