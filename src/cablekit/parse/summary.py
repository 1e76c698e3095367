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
from typing import TYPE_CHECKING

import cython
import msgspec

from cablekit.model import ReaderWarning

if TYPE_CHECKING:
    from cablekit.parse.paragraphs import TextParts

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import skip_blanks, skip_blanks_back, word_at
    from cython.cimports.cpython.unicode import PyUnicode_DATA, PyUnicode_KIND, PyUnicode_New
else:
    from cablekit.formats.scan import skip_blanks, skip_blanks_back, word_at

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
_SUMMARY_WITHIN = 6  # a summary starts in one of the first paragraphs


@cython.cfunc
def _warning(code: str, message: str, where: str) -> ReaderWarning:
    return ReaderWarning(code=code, message=message, where=where)


@cython.cclass
class _Span:
    """From offset ``start`` of paragraph ``first`` to offset ``end`` of paragraph ``last``."""
    first = cython.declare(cython.Py_ssize_t, visibility="readonly")
    start = cython.declare(cython.Py_ssize_t, visibility="readonly")
    last = cython.declare(cython.Py_ssize_t, visibility="readonly")
    end = cython.declare(cython.Py_ssize_t, visibility="readonly")

    def __init__(self, first: cython.Py_ssize_t, start: cython.Py_ssize_t, last: cython.Py_ssize_t,
                 end: cython.Py_ssize_t):
        self.first, self.start, self.last, self.end = first, start, last, end


@cython.cfunc
def _span_text(texts: list[str], span: _Span) -> str:
    parts = []
    i: cython.Py_ssize_t
    for i in range(span.first, span.last + 1):
        a = span.start if i == span.first else 0
        b = span.end if i == span.last else len(texts[i])
        part = texts[i][a:b].strip()
        if part:
            parts.append(part)
    return "\n\n".join(parts).rstrip(" \n([—-").strip()


@cython.cfunc
def _end_marker(low: str, places: list, pos: cython.Py_ssize_t = 0) -> tuple[int, int] | None:
    """The first ``End summ…`` marker (``End summary.``, ``(END SUMMARY)``) at or after pos;
    ``places``: where "summ" stands in ``low``."""
    k: cython.Py_ssize_t
    start: cython.Py_ssize_t
    for k in places:
        if k >= pos:
            start = _end_before(low, max(pos, k - 12), k)
            if start >= 0:
                return start, _marker_tail(low, k + 4)
    return None


@cython.cfunc
def _after_word(low: str, places: list, word: str) -> cython.bint:
    """Whether one of the marker words at ``places`` follows ``word`` (``"begin summ" in low``)."""
    k: cython.Py_ssize_t
    n: cython.Py_ssize_t = len(word)
    for k in places:
        if k >= n and word_at(low, k - n, word):
            return True
    return False


@cython.cfunc
def _comment_events(low: str, places: list) -> list[tuple[bool, int, int]]:
    """(is_start, start, end) of comment markers in a lower-cased paragraph text; ``places``:
    where "comment" stands in it."""
    events = []
    k: cython.Py_ssize_t
    start: cython.Py_ssize_t
    end: cython.Py_ssize_t
    for k in places:
        start = _end_before(low, max(0, k - 12), k)
        if start >= 0:
            events.append((False, start, _marker_tail(low, k + 7)))
        else:
            end = _comment_opening_end(low, k)
            if end >= 0 and _opens_comment(low, k):
                events.append((True, k, end))
    return events


# The markers around a "summary"/"comment" word, read by typed scans of the lower-cased text. Each
# says what one pattern would (the tests hold them to it):
#   _end_before            [ \t(\[]*\bend[ \t]+(?:of[ \t]+)?$        searched in low[start:k]
#   _marker_tail           [a-z]*(?:[ \t]+and[ \t]+comments?)?[ \t.)\]]*     matched at i
#   _comment_opening_end   comments?(?:[ \t]*[:.]|[ \t]*--|[ \t]*(?=\n)|[ \t]*$)[ \t]*   matched at k
#   _opens_comment         (?:^|[(\n]|[.!?][ \t]{1,3})[ \t]*(?:begin[ \t]+)?(?:(?:embassy|post|mission|
#                          consulate|usun|usnato|useu|usoas)[ \t]+)?$       searched in low[k - 40:k]

_COMMENT_OPENERS = frozenset(["embassy", "post", "mission", "consulate", "usun", "usnato", "useu", "usoas"])


@cython.cfunc
@cython.inline
def _is_blank(c: cython.Py_UCS4) -> cython.bint:
    return c == " " or c == "\t"


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def _end_before(low: str, start: cython.Py_ssize_t, k: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Where an ``end`` or ``(end of`` with its blanks, ending at k (or at a newline ending
    ``low[:k]``), starts, not before ``start``; -1 where there is none."""
    if k > start and low[k - 1] == "\n":
        k -= 1
    j: cython.Py_ssize_t = skip_blanks_back(low, start, k)
    if j == k:
        return -1
    if j - 2 >= start and low[j - 1] == "f" and low[j - 2] == "o":
        k = j - 2
        j = skip_blanks_back(low, start, k)
        if j == k:
            return -1
    j -= 3
    if j < start or low[j] != "e" or low[j + 1] != "n" or low[j + 2] != "d":
        return -1
    if j > 0 and (low[j - 1].isalnum() or low[j - 1] == "_"):  # (\b looks before start too)
        return -1
    while j > start and (_is_blank(low[j - 1]) or low[j - 1] == "(" or low[j - 1] == "["):
        j -= 1
    return j


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def _marker_tail(low: str, i: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The end of an end marker's word, its ``and comment`` and closing stops and brackets from i."""
    size: cython.Py_ssize_t = len(low)
    while i < size and "a" <= low[i] <= "z":
        i += 1
    j: cython.Py_ssize_t = skip_blanks(low, i, size)
    word: cython.Py_ssize_t
    if j > i and low.startswith("and", j):
        word = skip_blanks(low, j + 3, size)
        if word > j + 3 and low.startswith("comment", word):
            i = word + 7 + (word + 7 < size and low[word + 7] == "s")
    while i < size and (_is_blank(low[i]) or low[i] == "." or low[i] == ")" or low[i] == "]"):
        i += 1
    return i


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def _comment_opening_end(low: str, k: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The end of an opening ``comment:`` (``comments.``, ``comment --``, ``comment`` ending its
    line) at k, with the blanks after it; -1 where the word is not followed so."""
    size: cython.Py_ssize_t = len(low)
    i: cython.Py_ssize_t = k + 7
    if i < size and low[i] == "s":
        i += 1
    i = skip_blanks(low, i, size)
    if i < size and (low[i] == ":" or low[i] == "."):
        i += 1
    elif i + 1 < size and low[i] == "-" and low[i + 1] == "-":
        i += 2
    elif i < size and low[i] != "\n":
        return -1
    return skip_blanks(low, i, size)


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def _opens_comment(low: str, k: cython.Py_ssize_t) -> cython.bint:
    """Whether what stands before the "comment" at k lets it open a comment: the start, a
    parenthesis, line break or sentence end, then perhaps ``begin`` and one of the openers'
    words (``embassy``, ``post``, …), within 40 characters."""
    floor: cython.Py_ssize_t = max(0, k - 40)
    if _after_opening_stop(low, floor, k):
        return True
    end: cython.Py_ssize_t = skip_blanks_back(low, floor, k)
    word: cython.Py_ssize_t = end
    while word > floor and "a" <= low[word - 1] <= "z":
        word -= 1
    if end == k or word == end:
        return False
    if end - word == 5 and low.startswith("begin", word):
        return _after_opening_stop(low, floor, word)
    if low[word:end] not in _COMMENT_OPENERS:
        return False
    if _after_opening_stop(low, floor, word):
        return True
    end = skip_blanks_back(low, floor, word)
    return end < word and end - 5 >= floor and low.startswith("begin", end - 5) and \
        _after_opening_stop(low, floor, end - 5)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _after_opening_stop(low: str, floor: cython.Py_ssize_t, i: cython.Py_ssize_t) -> cython.bint:
    """Whether blanks ending at i follow the start, a parenthesis or a line break, or follow a
    sentence's end (at least one), the stop not before ``floor``."""
    stop: cython.Py_ssize_t = skip_blanks_back(low, floor, i)
    if stop == 0:
        return True  # (floor is 0)
    if stop == floor:
        return False
    c: cython.Py_UCS4 = low[stop - 1]
    return c == "(" or c == "\n" or ((c == "." or c == "!" or c == "?") and stop < i)


@cython.cfunc
def _find_summary(texts: list[str], lows: dict[int, str], places: dict[int, list],
                  heads: list[str | None] | None, warnings: list[ReaderWarning]) -> tuple[_Span | None, bool]:
    """The summary span and whether it is also the comment (``Summary and Comment:``);
    ``lows``: the lower-cased texts of the paragraphs holding "summ", ``places``: where it stands
    in them; ``heads``: the paragraphs' headings, None when no heading holds "summ"."""
    rows = sorted(lows)
    starts = [i for i in rows if i < _SUMMARY_WITHIN]
    if heads is not None:
        starts = sorted(set(starts).union(range(min(len(texts), _SUMMARY_WITHIN))))
    for i in starts:
        low = lows.get(i, "")
        m = _SUMMARY_START.match(low) if "umm" in low[:40] else None
        if m is None and low and _after_word(low, places[i], "begin "):
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
            if i <= j <= stop and (end := _end_marker(lows[j], places[j], start if j == i else 0)):
                return _Span(i, start, j, end[0]), both
        return _Span(i, start, last, len(texts[last])), both
    # "End summary" without a start: the text before it is the summary
    for i in rows:
        end = _end_marker(lows[i], places[i]) if i < _SUMMARY_WITHIN else None
        if end:
            warnings.append(_warning("summary-start-missing", "'End summary' without a start: "
                                     "the text before it is taken as the summary",
                                     f"paragraph {i}"))
            return _Span(0, 0, i, end[0]), False
    return None, False


@cython.cfunc
def _find_comments(texts: list[str], lows: dict[int, str], places: dict[int, list],
                   heads: list[str | None] | None, warnings: list[ReaderWarning]) -> list[tuple[_Span, str]]:
    """Comment spans with their texts; ``lows``: the lower-cased texts of the paragraphs holding
    "comment", ``places``: where it stands in them; ``heads``: the paragraphs' headings, None
    when no heading holds "omment"."""
    events = {}
    for i in sorted(lows):
        found = _comment_events(lows[i], places[i])
        if found:
            events[i] = found
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
    texts_of_spans = []
    for span in spans:
        text = _span_text(texts, span)
        if text:
            texts_of_spans.append((span, text))
    return texts_of_spans


@cython.ccall
def _marker_rows(texts: list[str]) -> tuple[list[int], list[int]]:
    """The indexes of the paragraphs holding "summ", and of those holding "comment", in any case."""
    summ_at, comment_at = _marker_places(texts)
    return list(summ_at), list(comment_at)


@cython.cfunc
def _marker_places(texts: list[str]) -> tuple[dict, dict]:
    """Where "summ" stands in each paragraph holding it, and where "comment" does, in any case
    (two dicts of index → offsets, in order).

    Both words hold "mm": its few places are found (compiled, by a word-wide scan; as source, by
    one search of each text with its "M"s folded to "m", which keeps the length), and only the
    letters around each are compared."""
    summ_at: dict = {}
    comment_at: dict = {}
    i: cython.Py_ssize_t
    k: cython.Py_ssize_t
    text: str
    for i in range(len(texts)):
        text = texts[i]
        if not cython.compiled:
            folded = text.replace("M", "m")
        k = _double_m(text, 2) if cython.compiled else folded.find("mm", 2)
        while k >= 0:
            if _folds_to(text, k - 2, "su") if cython.compiled else text[k - 2:k].lower() == "su":
                _add_place(summ_at, i, k - 2)
            elif (_folds_to(text, k - 2, "co") and _folds_to(text, k + 2, "ent") if cython.compiled
                  else text[k - 2:k + 5].lower() == "comment"):
                _add_place(comment_at, i, k - 2)
            k = _double_m(text, k + 1) if cython.compiled else folded.find("mm", k + 1)
    return summ_at, comment_at


@cython.cfunc
def _add_place(places: dict, row: cython.Py_ssize_t, k: cython.Py_ssize_t) -> cython.void:
    found = places.get(row)
    if found is None:
        places[row] = [k]
    else:
        found.append(k)


@cython.cfunc
def _places(low: str, word: str) -> list:
    """Where ``word`` stands in ``low`` (of a text whose lower case is longer: its places there)."""
    found = []
    k: cython.Py_ssize_t = low.find(word)
    while k >= 0:
        found.append(k)
        k = low.find(word, k + len(word))
    return found


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


@cython.cfunc
@cython.exceptval(check=False)
def _double_m(text: str, start: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The first index from ``start`` of "mm" in any case, or -1."""
    kind: cython.int = PyUnicode_KIND(text)
    if kind == 1:
        return _double_m_in(cython.cast(cython.p_uchar, PyUnicode_DATA(text)), start, len(text))
    if kind == 2:
        return _double_m_in(cython.cast(cython.p_ushort, PyUnicode_DATA(text)), start, len(text))
    return _double_m_in(cython.cast(cython.p_uint, PyUnicode_DATA(text)), start, len(text))


_Units = cython.fused_type(cython.p_uchar, cython.p_ushort, cython.p_uint)  # a text's characters


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.exceptval(check=False)
def _double_m_in(units: _Units, k: cython.Py_ssize_t, size: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """``_double_m`` in the characters of a text: blocks of 64 characters are passed over while
    no pair starts in them (a loop the C compiler vectorises), then one character at a time.
    An OR with 0x20 makes "M" an "m" and no other character one."""
    found: cython.uchar
    i: cython.Py_ssize_t
    while k + 64 < size:  # (the last pair of a block ends in the text)
        found = 0
        for i in range(k, k + 64):
            found |= ((units[i] | 0x20) == 0x6D) & ((units[i + 1] | 0x20) == 0x6D)
        if found:
            break
        k += 64
    while k + 1 < size:
        if (units[k] | 0x20) == 0x6D and (units[k + 1] | 0x20) == 0x6D:
            return k
        k += 1
    return -1


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


@cython.cfunc
def _paragraph_headings(headings: list, count: cython.Py_ssize_t) -> list | None:
    """The heading of each of the ``count`` paragraphs (None before the first), from the
    headings' member lists (as ``Paragraph.heading`` holds it); None without headings."""
    if not headings:
        return None
    heads: list = [None] * count
    i: cython.Py_ssize_t
    for heading in headings:
        for i in heading.paragraphs:
            heads[i] = heading.text
    return heads


@cython.cfunc
def _heading_words(heads: list[str | None]) -> str:
    """The distinct headings, lower-cased, one a line ("" without headings)."""
    return "\n".join({heading for heading in heads if heading is not None}).lower()


def mark_summary_and_comment(parts: TextParts) -> None:
    """Summary and comment spans. Only the paragraphs holding the words "summ" or "comment" are
    read, lower-cased (and the headings, for a ``SUMMARY`` or ``Comment`` heading)."""
    paragraphs = parts.paragraphs
    texts: list[str] = []
    for paragraph in paragraphs:
        texts.append(paragraph.text)
    heads: list[str | None] | None = _paragraph_headings(parts.headings, len(texts))
    summ_at, comment_at = _marker_places(texts)
    lows: dict = {}
    for places, word in ((summ_at, "summ"), (comment_at, "comment")):
        for i in places:
            low = lows.get(i)
            if low is None:
                low = lows[i] = _lowered(texts[i])
            if len(low) != len(texts[i]):  # (an "İ" lower-cases to two characters)
                places[i] = _places(low, word)
    summary, both = None, False
    headings = _heading_words(heads) if heads is not None else ""
    if not headings:
        heads = None
    summary_heads = heads if "summ" in headings else None
    if summ_at or summary_heads:
        summary, both = _find_summary(texts, {i: lows[i] for i in summ_at}, summ_at, summary_heads,
                                      parts.warnings)
    comments = []
    comment_heads = heads if "omment" in headings else None
    if comment_at or comment_heads:
        comments = _find_comments(texts, {i: lows[i] for i in comment_at}, comment_at, comment_heads,
                                  parts.warnings)
    in_summary: dict[int, bool] = {}  # the rows of the summary, with whether they are in a comment too
    if summary:
        text = _span_text(texts, summary)
        parts.summary = text or None
        if both:
            comments.insert(0, (summary, text))
        for i in range(summary.first, summary.last + 1):
            in_summary[i] = False
    in_comment_only: set[int] = set()
    if comments:
        parts.comment = "\n\n".join([text for _, text in comments]) or None
        for span, _ in comments:
            for i in range(span.first, span.last + 1):
                if i in in_summary:
                    in_summary[i] = True
                else:
                    in_comment_only.add(i)
    replace = msgspec.structs.replace
    for i, also_comment in in_summary.items():
        paragraphs[i] = (replace(paragraphs[i], in_summary=True, in_comment=True) if also_comment
                         else replace(paragraphs[i], in_summary=True))
    for i in in_comment_only:
        paragraphs[i] = replace(paragraphs[i], in_comment=True)
