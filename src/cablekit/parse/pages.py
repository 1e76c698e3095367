"""Page and section furniture inside the body text (§3.2, §3.8, §2.8, §1.5).

What is removed, each counted once:

* print-page markers ``RABAT 00000904 002 OF 003``, ``MADRID 00000869 001.2 OF 004``,
  ``NEW DELHI 00005138  002 OF 003``, on their own line or glued into running text (§3.2);
* older page headers ``PAGE 02 ROME 01196 01 OF 02 082030Z``, ``PAGE 02  ATHENS 02959  171944Z``,
  ``PAGE 02 RUEHFRA2440 C O N F I D E N T I A L PARIS 002440``, with the bare classification
  lines printed at the foot and head of each page around them (1970s: ``LIMITED OFFICIAL USE``);
* the repeated opening of a later transmission section (§3.8): DTG/FM/TO/INFO lines, the
  ``… SECTION 02 OF 03 …`` classification line, passing lines, E.O., TAGS, SUBJECT, REF;
* end-of-message lines ``NNN``/``NNNN``/``BT`` (§2.8) and the few short lines after a final
  ``NNNN`` (``End Cable Text``, ``2004CARACA02200 - CONFIDENTIAL``), and a bare classification
  line closing the text (the foot of the last page).

A marker that interrupted a sentence is cut out so that the sentence runs on: the lines around
it are rejoined with one newline, or with a blank line where the next line starts a paragraph
(a number, a portion mark, a dash line). Prose lines are never deleted.
"""

from __future__ import annotations

import re

import cython

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import (find_char, only_spaces, rfind_char, skip_blanks,
                                                       skip_blanks_back, substring, word_at)
    from cython.cimports.cpython.unicode import PyUnicode_DATA, PyUnicode_KIND, PyUnicode_New, PyUnicode_WRITE
    from cython.cimports.libc.string import memchr, memcpy
else:
    from cablekit.formats.scan import (find_char, only_spaces, rfind_char, skip_blanks, skip_blanks_back, substring,
                                       word_at)

# "002 OF 003" is found by its literal "OF", then the 8-digit serial is checked behind it
_PAGE_SERIAL = re.compile(r"\d{8}(?<![\d.]\d{8})[ \t]{1,4}\d{3}(?:\.\d{1,2})?[ \t]{1,4}$")
# The origin of a page marker is cut to 10 characters: "RIO DE JAN", "KUALA LUMP", "UNVIE VIEN".
_LOCATION_ALONE = re.compile(r"[ \t]*(?=[A-Z][A-Z .'&-]{0,9}[ \t]*$)[A-Z][A-Z .'&-]*[ \t]*")
_LOCATION_TAIL = re.compile(r"(?<![A-Za-z0-9.'&-])[A-Z][A-Z.'&-]*(?: [A-Z][A-Z.'&-]*)*$")
_NOT_LOCATION = frozenset(
    "A AN AND AS AT BUT BY FOR FROM IN IS NOT OF ON OR RPT THE TO WITH".split()
)
_PAGE_HEADER = re.compile(
    r"[ \t]*PAGE[ \t]+\d{1,3}[ \t]+[A-Z][A-Z0-9 ./'&-]{0,40}?[ \t]+\d{4,6}"
    r"(?:[ \t]+\d{1,2}[ \t]+OF[ \t]+\d{1,2})?(?:[ \t]+\d{6}Z)?[ \t]*"
)
_END_LINE = re.compile(r"[ \t]*(?:NNNN?[A-Z]*|Nnnn?|BT|<< END OF DOCUMENT >>)[ \t]*")
_SECTION_LINE = re.compile(
    r"[ \t]*(?:UNCLAS\w*|LIMITED OFFICIAL USE|CONFIDENTIAL|SECRET|TOP SECRET|(?:[A-Z] ){3,}[A-Z])"
    r"\b[^\n]{0,40}?\bSECTION[ \t]+0*(?:[2-9]|[1-9]\d)[ \t]+OF[ \t]+\d{1,3}\b[^\n]*",
    re.I,
)
_BARE_CLASSIFICATION = re.compile(
    r"[ \t]*(?:UNCLASSIFIED|UNCLAS(?:[ \t]+E[ \t]?F[ \t]?T[ \t]?O)?|LIMITED OFFICIAL USE|"
    r"CONFIDENTIAL|SECRET|TOP SECRET|C O N F I D E N T I A L|S E C R E T|T O P S E C R E T)"
    r"(?:[ \t]*/{0,2}[ \t]*(?:NOFORN|SIPDIS|NODIS|EXDIS|LIMDIS|STADIS|EFTO|SENSITIVE))*[ \t]*"
)
_DTG_LINE = re.compile(r"[ \t]*[ZOPRY](?:[ \t][ZOPRY])?[ \t]+\d{6}Z[ \t]+[A-Z]{3}[ \t]+\d{2,4}\b.*")
_ADDRESS_LINE = re.compile(r"[ \t]*(?:(?:FM|TO|INFO|XMT)[ \t/].*|[A-Z0-9][A-Z0-9 /.,&()'-]*)")
_OPENING_KEYWORD = re.compile(
    r"[ \t]*(?:E\.?[ \t]?O\.?[ \t]*\d|TAGS\b|S?UBJ(?:ECT)?\b|REFS?\b|REFTELS?\b|CLASSIFIED[ \t]+BY\b)",
    re.I,
)
_PASSING_LINE = re.compile(r"[ \t]*[A-Z][A-Z0-9 /.,&()'-]*[ \t]*")
#: A line that begins a paragraph: a number, a portion mark or a dash line.
PARAGRAPH_START = re.compile(r"[ \t]*(?:¶?\d{1,3}\.(?:[ \t(]|$)|\(|[-=]{4,})")
_DASH_LINE = re.compile(r"[ \t]*[-=*_]{3,}[ \t-]*")

_MAX_SECTION_SCAN = 60  # lines looked at around a later section's classification line
_MAX_PASSING_LINES = 8  # passing lines tolerated before a later section's E.O./TAGS/SUBJECT
_NEAR = 48  # characters looked at around a page marker on its line
_MAX_TRAILER_LINES = 3  # lines of furniture tolerated after the final NNNN
# "2004CARACA02200 - CONFIDENTIAL", "End Cable Text", a classification
_TRAILER_LINE = re.compile(
    r"[ \t]*(?:\d{4}[A-Z]{2,10}\d{3,6}\b[^\n]{0,40}|End(?: of)? Cable(?: Text)?"
    r"|UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)[ \t]*",
    re.I,
)


@cython.cfunc
def _line_start(text: str, pos: cython.Py_ssize_t) -> cython.Py_ssize_t:
    return rfind_char(text, "\n", 0, pos) + 1


@cython.cfunc
def _line_end(text: str, pos: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Index just past the line's newline (or the end of the text)."""
    size: cython.Py_ssize_t = len(text)
    end: cython.Py_ssize_t = find_char(text, "\n", pos, size)
    return size if end < 0 else end + 1


@cython.cfunc
@cython.inline
def _is_digit(c: cython.Py_UCS4) -> cython.bint:
    """``\\d`` of a ``str`` pattern: any decimal digit."""
    return "0" <= c <= "9" or (c > "\x7f" and c.isdecimal())


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.exceptval(check=False)
def _page_number_end(text: str, i: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The end of the page number ``[ \\t]{1,4}\\d{3}`` (no fourth digit) after the "OF" of a page
    marker, its blanks starting at ``i``; -1 where there is none."""
    size: cython.Py_ssize_t = len(text)
    digits: cython.Py_ssize_t = skip_blanks(text, i, min(size, i + 5))
    if digits == i or digits - i > 4 or digits + 3 > size:
        return -1
    if not (_is_digit(text[digits]) and _is_digit(text[digits + 1]) and _is_digit(text[digits + 2])):
        return -1
    if digits + 3 < size and _is_digit(text[digits + 3]):
        return -1
    return digits + 3


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def _serial_start(text: str, lo: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Where ``_PAGE_SERIAL.search(text, lo, end)`` matches (the serial and page number of a marker
    ending at ``end``, or at a newline ending ``text[:end]``), by a typed scan back; -1 where it
    does not."""
    if end > lo and text[end - 1] == "\n":
        end -= 1
    number: cython.Py_ssize_t = skip_blanks_back(text, lo, end)
    if not 1 <= end - number <= 4:
        return -1
    digits: cython.Py_ssize_t = _digits_back(text, lo, number)
    if number - digits in (1, 2) and digits > lo and text[digits - 1] == ".":
        number = digits - 1
        digits = _digits_back(text, lo, number)
    if number - digits != 3:
        return -1
    serial_end: cython.Py_ssize_t = skip_blanks_back(text, lo, digits)
    if not 1 <= digits - serial_end <= 4:
        return -1
    start: cython.Py_ssize_t = _digits_back(text, lo, serial_end)
    if serial_end - start < 8:
        return -1
    start = serial_end - 8
    if start > 0 and (text[start - 1] == "." or _is_digit(text[start - 1])):
        return -1
    return start


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.exceptval(check=False)
def _digits_back(text: str, lo: cython.Py_ssize_t, i: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The start of the digits ending at ``i`` (not before ``lo``)."""
    while i > lo and _is_digit(text[i - 1]):
        i -= 1
    return i


# Whole-line furniture: the starts of its words, by one of two readers held equal by the tests. The
# interpreter runs the pattern (its scan is C); the compiled module runs the typed scan of the line
# starts, which is cheaper than the pattern's search through every character.
_FURNITURE_AT = re.compile(r"[ \t]*(?P<word>NNN|Nnn|BT|<< END|PAGE)")
_LINE_FURNITURE = re.compile(r"\n(?=[ \tNB<P])" + _FURNITURE_AT.pattern)


def furniture_lines_matched(text: str) -> tuple[list[int], list[int]]:
    """Where the lines starting (after blanks) with ``PAGE`` start their word, and where those
    starting with an end word (``NNN``, ``Nnn``, ``BT``, ``<< END``) do."""
    pages: list[int] = []
    ends: list[int] = []
    first = _FURNITURE_AT.match(text)
    for m in ([first] if first else []) + list(_LINE_FURNITURE.finditer(text)):
        (pages if m["word"] == "PAGE" else ends).append(m.start("word"))
    return pages, ends


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def furniture_lines_scanned(text: str) -> tuple:
    """``furniture_lines_matched``, by a scan of the line starts (compiled, a memchr from line to
    line)."""
    pages: list = []
    ends: list = []
    size: cython.Py_ssize_t = len(text)
    start: cython.Py_ssize_t = 0
    word: cython.Py_ssize_t
    c: cython.Py_UCS4
    one_byte: cython.bint = cython.compiled and PyUnicode_KIND(text) == 1
    data: cython.p_uchar
    newline: cython.p_uchar
    if one_byte:
        data = cython.cast(cython.p_uchar, PyUnicode_DATA(text))
    while start < size:
        word = start
        c = data[word] if one_byte else text[word]
        if c == " " or c == "\t":
            word = skip_blanks(text, start, size)
            c = text[word] if word < size else "\n"
        if c == "P":
            if word_at(text, word, "PAGE"):
                pages.append(word)
        elif c == "N":
            if word_at(text, word, "NNN") or word_at(text, word, "Nnn"):
                ends.append(word)
        elif c == "B":
            if word_at(text, word, "BT"):
                ends.append(word)
        elif c == "<" and word_at(text, word, "<< END"):
            ends.append(word)
        if one_byte:
            newline = cython.cast(cython.p_uchar, memchr(data + start, 10, size - start))
            if not newline:
                break
            start = newline - data + 1
        else:
            start = find_char(text, "\n", start, size) + 1
            if start == 0:
                break
    return pages, ends


@cython.cfunc
def _prev_line(text: str, start: cython.Py_ssize_t) -> tuple[int, str] | None:
    """The line ending right before ``start`` (a line start), or None at the top."""
    if start <= 0:
        return None
    begin = text.rfind("\n", 0, start - 1) + 1
    return begin, text[begin:start - 1]


@cython.cfunc
def _next_line(text: str, end: cython.Py_ssize_t) -> tuple[int, str] | None:
    """The line starting at ``end`` (just past a newline), or None at the bottom."""
    if end >= len(text):
        return None
    stop = _line_end(text, end)
    return stop, text[end:stop].rstrip("\n")


@cython.cfunc
def _is_bare_classification(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """Whether ``text[start:end]`` is a bare classification line; its first word's letter is
    tested before the pattern is run."""
    first: cython.Py_ssize_t = skip_blanks(text, start, end)
    if first < end and text[first] not in "ULCST":
        return False
    return _BARE_CLASSIFICATION.fullmatch(text, start, end) is not None


@cython.cfunc
def _absorb(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t,
            classification_lines: cython.int) -> tuple:
    """Widen a whole-line span over the blank lines (and up to ``classification_lines`` bare
    classification lines on each side, the page's foot and head) around it."""
    begin: cython.Py_ssize_t
    stop: cython.Py_ssize_t
    for_lines: cython.int = classification_lines
    while start > 0:  # the lines above
        begin = _line_start(text, start - 1)
        if not only_spaces(text, begin, start - 1):
            if not (for_lines and _is_bare_classification(text, begin, start - 1)):
                break
            for_lines -= 1
        start = begin
    for_lines = classification_lines
    size: cython.Py_ssize_t = len(text)
    while end < size:  # the lines below
        stop = _line_end(text, end)
        if not only_spaces(text, end, stop):
            if not (for_lines and _is_bare_classification(text, end, stop - (text[stop - 1] == "\n"))):
                break
            for_lines -= 1
        end = stop
    return start, end


@cython.cfunc
def _page_marker_spans(text: str) -> list:
    found = []
    size: cython.Py_ssize_t = len(text)
    f: cython.Py_ssize_t = find_char(text, "F", 1, size)  # (a memchr: "F" is rarer than "O")
    number_end: cython.Py_ssize_t
    serial: cython.Py_ssize_t
    core_end: cython.Py_ssize_t
    near_end: cython.Py_ssize_t
    newline: cython.Py_ssize_t
    while f >= 0:
        if text[f - 1] == "O":
            number_end = _page_number_end(text, f + 1)
            if number_end >= 0:
                if cython.compiled:
                    serial = _serial_start(text, max(0, f - 25), f - 1)
                else:
                    serial = m.start() if (m := _PAGE_SERIAL.search(text, max(0, f - 25), f - 1)) else -1
                if serial >= 0:
                    found.append((serial, number_end))
        f = find_char(text, "F", f + 1, size)
    if not found:
        return []
    # what stands before each marker on its line, looked at within a short window only (a text
    # that lost its line breaks may hold thousands of glued markers on one line)
    prefixes = []
    alone: dict[str, int] = {}  # origins standing alone before a marker, with their counts
    start: cython.Py_ssize_t
    window: cython.Py_ssize_t
    line_start: cython.Py_ssize_t
    for start, _ in found:
        window = max(0, start - _NEAR)
        line_start = rfind_char(text, "\n", window, start) + 1
        if line_start == 0:
            line_start = window
        prefix = text[line_start:start]
        alone_line = (line_start > window or window == 0)
        origin_alone = alone_line and (not prefix.strip() or _location_alone(text, line_start, start))
        prefixes.append((line_start, prefix, alone_line, origin_alone))
        if origin_alone and (origin := prefix.strip()):
            alone[origin] = alone.get(origin, 0) + 1
    consensus = _most_frequent(alone)
    spans = []
    for (_, core_end), (line_start, prefix, alone_line, origin_alone) in zip(found, prefixes):
        near_end = min(size, core_end + _NEAR)
        newline = find_char(text, "\n", core_end, near_end)
        ends_line = only_spaces(text, core_end, near_end if newline < 0 else newline) and (
            newline >= 0 or core_end + _NEAR >= size)
        if origin_alone:
            start = line_start
        else:
            start = line_start + _glued_location_start(prefix.rstrip(), consensus)
        if start == line_start and alone_line and ends_line:
            line_end = newline + 1 if newline >= 0 else size
            spans.append((*_absorb(text, line_start, line_end, 2), "line"))
        else:
            spans.append((start, core_end, "inline"))
    return spans


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def _location_alone(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """Whether _LOCATION_ALONE matches ``text[start:end]`` whole: blanks, a capital and at most 9
    more capitals, spaces or ``.'&-``, blanks."""
    if not cython.compiled:
        return _LOCATION_ALONE.fullmatch(text[start:end]) is not None
    i: cython.Py_ssize_t = skip_blanks(text, start, end)
    end = skip_blanks_back(text, i, end)
    if i == end or end - i > 10 or not "A" <= text[i] <= "Z":
        return False
    c: cython.Py_UCS4
    k: cython.Py_ssize_t
    for k in range(i + 1, end):
        c = text[k]
        if not ("A" <= c <= "Z" or c == " " or c == "." or c == "'" or c == "&" or c == "-"):
            return False
    return True


@cython.cfunc
def _most_frequent(counts: dict) -> str | None:
    """The key of the highest count, the first of them on a tie (None for no keys)."""
    best = None
    most: cython.Py_ssize_t = 0
    count: cython.Py_ssize_t
    for key, count in counts.items():
        if count > most:
            best, most = key, count
    return best


@cython.cfunc
def _glued_location_start(prefix: str, consensus: str | None) -> cython.Py_ssize_t:
    """Where the origin of a page marker glued into running text starts (§3.2)."""
    if consensus and prefix.endswith(consensus):
        start = len(prefix) - len(consensus)
        if start == 0 or not prefix[start - 1].isalnum():
            return start
    m = _LOCATION_TAIL.search(prefix, max(0, len(prefix) - 10))
    if not m:
        return len(prefix)
    start = m.start()
    words = m.group().split(" ")
    while words and words[0] in _NOT_LOCATION:  # "... FOR ROME 00000123 …": FOR is prose
        start += len(words.pop(0)) + 1
    return min(start, len(prefix))


@cython.cfunc
def _whole_lines(text: str, positions: list[int], line: re.Pattern) -> list[tuple[int, int]]:
    """(line start, end past its newline) of the lines at ``positions`` that ``line`` matches
    whole."""
    found = []
    for pos in positions:
        start = _line_start(text, pos)
        end = _line_end(text, pos)
        if line.fullmatch(text, start, end - 1 if text[end - 1:end] == "\n" else end):
            found.append((start, end))
    return found


@cython.cfunc
def _find_all(text: str, word: str, pos: cython.Py_ssize_t) -> list[int]:
    """The places of ``word`` from ``pos``, the first of them (or -1)."""
    found = []
    while pos >= 0:
        found.append(pos)
        pos = text.find(word, pos + len(word))
    return found


@cython.cfunc
def _page_header_spans(text: str, positions: list) -> list:
    return [(*_absorb(text, start, end, 2), "line")
            for start, end in _whole_lines(text, positions, _PAGE_HEADER)]


@cython.cfunc
def _section_spans(text: str) -> list:
    """The opening block repeated by a later transmission section (§3.8)."""
    first: cython.Py_ssize_t = _first_section(text) if cython.compiled else text.find("SECTION")
    if first < 0:
        return []
    spans = []
    floor = 0  # no scan goes back over an earlier section line
    for start, line_end in _whole_lines(text, _find_all(text, "SECTION", first), _SECTION_LINE):
        # back over the routing lines (INFO, TO, FM) up to the DTG line, if there is one
        cursor, found_dtg = start, False
        for _ in range(_MAX_SECTION_SCAN):
            prev = _prev_line(text, cursor)
            if prev is None or prev[0] < floor:
                break
            begin, line = prev
            if not line.strip():
                cursor = begin
            elif _DTG_LINE.fullmatch(line):
                cursor, found_dtg = begin, True
                break
            elif _ADDRESS_LINE.fullmatch(line):
                cursor = begin
            else:
                break
        if found_dtg:
            start = cursor
        end = _section_opening_end(text, line_end)
        floor = end
        spans.append((*_absorb(text, start, end, 2), "line"))
    return spans


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _first_section(text: str) -> cython.Py_ssize_t:
    """``text.find("SECTION")``, by a memchr over the text's bytes for its "O" (the rarest of its
    letters in mixed-case text), each checked for the word around it (faster than the search).
    In 2-byte text a byte "O" is only an "O" where the character holding it is one."""
    kind: cython.int = PyUnicode_KIND(text)
    if kind == 4:
        return text.find("SECTION")
    data: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(text))
    size: cython.Py_ssize_t = len(text)
    nbytes: cython.Py_ssize_t = size * kind
    byte: cython.Py_ssize_t = 5 * kind  # (the "O" stands at offset 5 of "SECTION")
    found: cython.p_uchar
    o: cython.Py_ssize_t
    while byte < nbytes:
        found = cython.cast(cython.p_uchar, memchr(data + byte, 0x4F, nbytes - byte))
        if not found:
            return -1
        o = (found - data) // kind
        byte = (o + 1) * kind
        if o + 1 < size and text[o] == "O" and text[o - 5] == "S" and text[o - 4] == "E" and \
                text[o - 3] == "C" and text[o - 2] == "T" and text[o - 1] == "I" and text[o + 1] == "N":
            return o - 5
    return -1


@cython.cfunc
def _section_opening_end(text: str, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """End of the passing/E.O./TAGS/SUBJECT/REF lines after a section's classification line."""
    cursor, last, in_keyword, passing = end, end, False, 0
    for _ in range(_MAX_SECTION_SCAN):
        nxt = _next_line(text, cursor)
        if nxt is None:
            break
        stop, line = nxt
        if not line.strip():
            in_keyword = False
        elif _OPENING_KEYWORD.match(line):
            in_keyword, last = True, stop
        elif PARAGRAPH_START.match(line) or _DASH_LINE.fullmatch(line):
            break
        elif in_keyword:
            last = stop  # continuation of a SUBJECT or REF line
        elif (not _PASSING_LINE.fullmatch(line) or last > end or _SECTION_LINE.fullmatch(line)
              or passing == _MAX_PASSING_LINES):
            break
        else:
            passing += 1
        cursor = stop
    return last


@cython.cfunc
def _end_spans(text: str, positions: list) -> list:
    spans = [(*_absorb(text, start, end, 0), "line")
             for start, end in _whole_lines(text, positions, _END_LINE)]
    if spans:
        # furniture after the final NNNN is outside the message
        start, end, kind = spans[-1]
        lines = [t for t in text[end:].split("\n") if t.strip()]
        if 0 < len(lines) <= _MAX_TRAILER_LINES and all(_TRAILER_LINE.fullmatch(t) for t in lines):
            spans[-1] = (start, len(text), kind)
    # a bare classification line closing the text is the foot of the last page (1970s)
    end = _text_end(text, spans[-1][0] if spans and spans[-1][1] == len(text) else len(text))
    begin = text.rfind("\n", 0, end) + 1
    if end and _is_bare_classification(text, begin, end):
        spans.append((*_absorb(text, begin, _line_end(text, begin), 0), "line"))
    return spans


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _text_end(text: str, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """``end`` moved back over trailing white space."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


@cython.cfunc
def _merged(spans: list) -> list:
    """The spans in order, those that overlap merged ("line" where one of them is)."""
    merged: list = []
    for start, end, kind in sorted(spans):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            if kind == "line":
                last[2] = "line"
        else:
            merged.append([start, end, kind])
    return merged


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _join(text: str, spans: list) -> str:
    """The text without the spans: ``pieces`` holds the (start, end) of each kept part, or
    (-1, code) for a character put in (see ``_concatenated``)."""
    start: cython.Py_ssize_t
    end: cython.Py_ssize_t
    cursor: cython.Py_ssize_t = 0
    cut: cython.Py_ssize_t
    stop: cython.Py_ssize_t
    size: cython.Py_ssize_t = len(text)
    pieces: list = []
    for start, end, kind in _merged(spans):
        cut = max(start, cursor)
        if kind == "inline":
            while cut > cursor and (text[cut - 1] == " " or text[cut - 1] == "\t"):
                cut -= 1
            pieces.append(cursor)
            pieces.append(cut)
            stop = _first_newline(text, end, min(size, end + _NEAR))
            if cut > cursor and text[cut - 1] != "\n" and not only_spaces(text, end, stop):
                pieces.append(-1)
                pieces.append(0x20)
            cursor = skip_blanks(text, end, size)
            continue
        pieces.append(cursor)
        pieces.append(cut)
        if start and end < size and _paragraph_break_at(text, start, end):
            pieces.append(-1)  # a paragraph break sat at the page break: keep a blank line
            pieces.append(0x0A)
        cursor = end
    pieces.append(cursor)
    pieces.append(size)
    return _concatenated(text, pieces)


@cython.cfunc
def _paragraph_break_at(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """Whether the line at ``end`` (after a cut whole-line span) starts a paragraph, or the line
    before ``start`` is a dash line; each first character is tested before its pattern is run."""
    stop: cython.Py_ssize_t = _line_end(text, end)
    stop -= text[stop - 1] == "\n"
    first: cython.Py_ssize_t = skip_blanks(text, end, stop)
    c: cython.Py_UCS4
    if first < stop:
        c = text[first]
        if (c == "(" or c == "-" or c == "=" or c == "\u00b6" or _is_digit(c)) and \
                PARAGRAPH_START.match(text, end, stop):
            return True
    begin: cython.Py_ssize_t = _line_start(text, start - 1)
    first = skip_blanks(text, begin, start - 1)
    if first >= start - 1:
        return False
    c = text[first]
    return (c == "-" or c == "=" or c == "*" or c == "_") and \
        _DASH_LINE.fullmatch(text, begin, start - 1) is not None


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _concatenated(text: str, pieces: list) -> str:
    """The parts of ``text`` and the characters that ``pieces`` names, in one string. Compiled, it
    is written at once (no substrings, no join) while the characters cut out leave the widest
    character of the text in it (then the result has the text's kind); else by a join."""
    i: cython.Py_ssize_t
    a: cython.Py_ssize_t
    b: cython.Py_ssize_t
    n: cython.Py_ssize_t = len(pieces)
    if cython.compiled and _keeps_widest(text, pieces):
        size: cython.Py_ssize_t = 0
        for i in range(0, n, 2):
            a, b = pieces[i], pieces[i + 1]
            size += 1 if a < 0 else b - a
        kind: cython.int = PyUnicode_KIND(text)
        top: cython.Py_UCS4 = 0x7F if text.isascii() else 0xFF if kind == 1 else 0xFFFF if kind == 2 else 0x10FFFF
        joined: str = PyUnicode_New(size, top)
        src: cython.p_char = cython.cast(cython.p_char, PyUnicode_DATA(text))
        dst: cython.p_char = cython.cast(cython.p_char, PyUnicode_DATA(joined))
        at: cython.Py_ssize_t = 0
        for i in range(0, n, 2):
            a, b = pieces[i], pieces[i + 1]
            if a < 0:
                PyUnicode_WRITE(kind, dst, at, b)
                at += 1
            else:
                memcpy(dst + at * kind, src + a * kind, (b - a) * kind)
                at += b - a
        return joined
    out = []
    for i in range(0, n, 2):
        a, b = pieces[i], pieces[i + 1]
        out.append(chr(b) if a < 0 else substring(text, a, b))
    return "".join(out)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _keeps_widest(text: str, pieces: list) -> cython.bint:
    """Whether no character cut out between the kept parts of ``pieces`` is as wide as the
    widest of the text can be (beyond ASCII in Latin-1 text, beyond Latin-1 in 2-byte text…)."""
    kind: cython.int = PyUnicode_KIND(text)
    if kind == 1 and text.isascii():
        return True
    floor: cython.Py_UCS4 = 0x80 if kind == 1 else 0x100 if kind == 2 else 0x10000
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    cursor: cython.Py_ssize_t = 0
    a: cython.Py_ssize_t
    for i in range(0, len(pieces), 2):
        a = pieces[i]
        if a < 0:
            continue
        for j in range(cursor, a):
            if text[j] >= floor:
                return False
        cursor = pieces[i + 1]
    for j in range(cursor, len(text)):
        if text[j] >= floor:
            return False
    return True


@cython.cfunc
def _first_newline(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Where the first newline in ``text[start:end]`` is, or ``end``."""
    found: cython.Py_ssize_t = find_char(text, "\n", start, end)
    return end if found < 0 else found


def remove_page_markers(text: str) -> tuple[str, int]:
    """Cut page markers, later sections' opening lines and end markers out of body text.

    Returns the cleaned text and the number of items removed (each page marker with the
    classification lines around it, each section opening, each end-marker line and a closing
    classification line count one).
    """
    if not text:
        return text, 0
    pages, ends = furniture_lines_scanned(text) if cython.compiled else furniture_lines_matched(text)
    spans = (_page_marker_spans(text) + _page_header_spans(text, pages) + _section_spans(text)
             + _end_spans(text, ends))
    if not spans:
        return text, 0
    return _join(text, spans), len(spans)
