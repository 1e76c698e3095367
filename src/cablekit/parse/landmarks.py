"""The landmark lines of a cable's text and the paragraph numbers among them (§3.7).

Landmarks are the lines that may open a paragraph — a number ``1.``, ``1.(C)``, ``¶1.`` after
blanks — and the rule lines of dashes, "=" or asterisks that frame headings and banners
(``headings.py``). A number is taken when it follows the previous one (a gap of up to five is
taken after a blank line, with a warning), so a wrapped line starting ``2004.`` or a numbered list
inside a paragraph does not split it. In texts whose line breaks were lost, ``sentence. 12. (C)
Text`` also starts paragraph 12.
"""

from __future__ import annotations

import re

import cython

from cablekit.model import ReaderWarning

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import find_char, rfind_char, skip_blanks
    from cython.cimports.cablekit.parse.markings import portion_mark_at
    from cython.cimports.cablekit.parse.text_scan import is_blank_before, is_digit, skip_digits
    from cython.cimports.cpython.unicode import PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND
    from cython.cimports.libc.string import memchr
else:
    from cablekit.formats.scan import find_char, rfind_char, skip_blanks
    from cablekit.parse.markings import portion_mark_at
    from cablekit.parse.text_scan import is_blank_before, is_digit, skip_digits

# Landmark lines (see landmarks): numbered paragraph starts "1.", "1.(C)", "¶1." and rule
# lines of dashes, "=" or asterisks
_LANDMARK = re.compile(
    r"\n(?=[ \t¶\d=*-])[ \t]*+"
    r"(?:¶?(?P<number>\d{1,3})\.(?=[ \t(\n])|(?P<rule>-{3,}|={3,}|\*{5,})[-=* \t]*(?=\n))"
)
# no line break in this many characters: the text lost its line breaks (paragraph starts in
# such texts: "… sentence. 12. (C) Text", the number and what precedes it checked behind)
_LONG_LINE = cython.declare(cython.Py_ssize_t, 100)
_INLINE_NUMBER_BEFORE = re.compile(r"[.!?\"”)\]][ \t]+(\d{1,3})$")
_MAX_GAP = cython.declare(cython.Py_ssize_t, 5)  # largest jump of paragraph numbers after a blank


def landmarks(text: str) -> tuple:
    """Numbered starts (position, number, after, inline=False) and rule lines (start, end,
    is_star) of a newline-framed text: after blanks, a number ``1.``, ``1.(C)``, ``¶1.`` (one to
    three digits, the period followed by a blank, "(" or the line's end), or a rule of three
    dashes or "=" or five asterisks and nothing but these and blanks after it. Compiled, a
    typed scan of the lines that may be landmarks reads them; interpreted, one regular
    expression (tests hold the two equal)."""
    if cython.compiled:
        return landmarks_scan(text)
    else:
        return landmarks_regex(text)


def landmarks_regex(text: str
                    ) -> tuple[list[tuple[int, int, int, bool]], list[tuple[int, int, bool]]]:
    """:func:`landmarks` by :data:`_LANDMARK`."""
    numbered = []
    rules = []
    for m in _LANDMARK.finditer(text):
        start, end = m.span()
        if m.lastgroup == "number":
            numbered.append((start + 1, int(m["number"]), end, False))
        else:
            rules.append((start + 1, end, m["rule"][0] == "*"))
    return numbered, rules


@cython.ccall
def landmarks_scan(text: str) -> tuple:
    """:func:`landmarks` by a scan of the lines."""
    numbered: list = []
    rules: list = []
    n: cython.Py_ssize_t = len(text)
    start: cython.Py_ssize_t = _landmark_line(text, 0, n)
    end: cython.Py_ssize_t = 0
    first: cython.Py_ssize_t
    after: cython.Py_ssize_t
    c: cython.Py_UCS4
    while start < n and end >= 0:
        end, first = _line_end_and_first(text, start, n)
        c = text[first] if first < n else "\n"
        if c == "-" or c == "=" or c == "*":
            if end >= 0 and _is_rule(text, first, end):
                rules.append((start, end, c == "*"))
        else:
            if c == "¶":
                first += 1
            after = skip_digits(text, first, n)
            if (0 < after - first <= 3 and after + 1 < n and text[after] == "."
                    and text[after + 1] in " \t(\n"):
                numbered.append((start, _number(text, first, after), after + 1, False))
        start = _landmark_line(text, end, n) if end >= 0 else n
    return numbered, rules


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def _landmark_line(text: str, i: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The start of the first line after a line break at or after ``i`` that may be a landmark:
    one that starts with a blank, "¶", a digit, a dash, "=" or "*" (most lines start otherwise),
    or ``n``. Compiled, a one-byte text is read from its bytes, without a call a line (in Latin-1
    the digits are ASCII)."""
    if cython.compiled:
        if PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND:
            data: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(text))
            found: cython.p_uchar
            c: cython.uchar
            while i < n:
                found = cython.cast(cython.p_uchar, memchr(data + i, 10, n - i))
                if found == cython.NULL:
                    return n
                i = found - data + 1
                if i < n:
                    c = data[i]
                    if (c == 32 or c == 9 or c == 0xB6 or 48 <= c <= 57 or c == 45 or c == 61
                            or c == 42):
                        return i
            return n
    nl: cython.Py_ssize_t = find_char(text, "\n", i, n)
    while nl >= 0:
        i = nl + 1
        if i >= n or _may_open_landmark(text[i]):
            return i
        nl = find_char(text, "\n", i, n)
    return n


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def _line_end_and_first(text: str, start: cython.Py_ssize_t, n: cython.Py_ssize_t
                        ) -> tuple[cython.Py_ssize_t, cython.Py_ssize_t]:
    """The line break ending the line at ``start`` (-1 when none) and the line's first character
    that is not a blank (compiled, a one-byte text is read from its bytes, without a call)."""
    if cython.compiled:
        if PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND:
            data: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(text))
            found: cython.p_uchar = cython.cast(cython.p_uchar, memchr(data + start, 10, n - start))
            first: cython.Py_ssize_t = start
            while first < n and (data[first] == 32 or data[first] == 9):
                first += 1
            return (-1 if found == cython.NULL else found - data), first
    return find_char(text, "\n", start, n), skip_blanks(text, start, n)


@cython.cfunc
@cython.exceptval(check=False)
def _may_open_landmark(c: cython.Py_UCS4) -> cython.bint:
    return c in " \t¶-=*" or is_digit(c)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _number(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> object:
    """``int(text[a:b])`` of digits, without the copy when they are ASCII."""
    value: cython.long = 0
    i: cython.Py_ssize_t
    for i in range(a, b):
        if not "0" <= text[i] <= "9":
            return int(text[a:b])
        value = value * 10 + (ord(text[i]) - 48)
    return value


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _is_rule(text: str, first: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """``text[first:end]`` starts with three dashes or "=" or five asterisks and holds nothing
    but these and blanks. Compiled, a one-byte text is read from its bytes (rules are long)."""
    if cython.compiled:
        if PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND:
            return _is_rule_bytes(cython.cast(cython.p_uchar, PyUnicode_DATA(text)), first, end)
    c: cython.Py_UCS4 = text[first]
    run: cython.Py_ssize_t = first
    while run < end and text[run] == c:
        run += 1
    if run - first < (5 if c == "*" else 3):
        return False
    while run < end:
        c = text[run]
        if not (c == "-" or c == "=" or c == "*" or c == " " or c == "\t"):
            return False
        run += 1
    return True


@cython.cfunc
@cython.exceptval(check=False)
def _is_rule_bytes(data: cython.p_uchar, first: cython.Py_ssize_t, end: cython.Py_ssize_t
                   ) -> cython.bint:
    """:func:`_is_rule` of the bytes ``data`` of a one-byte text."""
    c: cython.uchar = data[first]
    run: cython.Py_ssize_t = first
    while run < end and data[run] == c:
        run += 1
    if run - first < (5 if c == 42 else 3):  # "*"
        return False
    while run < end:
        c = data[run]
        if not (c == 45 or c == 61 or c == 42 or c == 32 or c == 9):  # "-", "=", "*", blanks
            return False
        run += 1
    return True


def paragraph_starts(text: str, candidates: list, blocked: list, warnings: list) -> list:
    """Accepted numbered starts as (position, number, position after the number)."""
    inline = _inline_numbers(text)
    if inline:
        candidates = sorted(candidates + inline)
    starts: list[tuple[int, int, int]] = []
    last = 0
    b: cython.Py_ssize_t = 0
    n_blocked: cython.Py_ssize_t = len(blocked)
    at: cython.Py_ssize_t
    for pos, number, after, inline in candidates:
        at = pos
        while b < n_blocked and _block_end(blocked[b]) <= at:
            b += 1
        if b < n_blocked and _block_start(blocked[b]) <= at:
            continue  # inside a heading block
        if number == last + 1:
            pass
        elif inline:
            continue
        elif last < number <= last + _MAX_GAP and is_blank_before(text, pos):
            warnings.append(_number_warning("paragraph-number-gap", number,
                                            f"paragraph {number} follows paragraph {last}"))
        elif number == last and is_blank_before(text, pos) and portion_mark_at(text, after):
            warnings.append(_number_warning("paragraph-number-repeated", number,
                                            f"paragraph number {number} is used twice"))
        else:
            continue
        if inline:
            warnings.append(_number_warning("paragraph-inline", number, f"paragraph {number} starts "
                                            "inside a line (the text lost its line breaks)"))
        starts.append((pos, number, after))
        last = number
    return starts


@cython.cfunc
def _block_start(block: tuple) -> cython.Py_ssize_t:
    return block[0]


@cython.cfunc
def _block_end(block: tuple) -> cython.Py_ssize_t:
    return block[1]


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _inline_numbers(text: str) -> list:
    """Paragraph numbers inside a line that lost its breaks, as (position, number, after, True):
    a period, blanks and "(" with no line break in the _LONG_LINE characters before the period,
    after a number that closes a sentence (``… sentence. 12. (C) Text``).

    In the first _LONG_LINE characters, str.rfind reads the negative start of the window from the
    end of the text: there a period counts as standing in a long line (so the paragraph 1 at the
    top of a text that lost its breaks is taken)."""
    found: list = []
    n: cython.Py_ssize_t = len(text)
    paren: cython.Py_ssize_t = _find_paren(text, 0, n)
    period: cython.Py_ssize_t
    while paren >= 0:
        period = paren - 1
        while period >= 0 and (text[period] == " " or text[period] == "\t"):
            period -= 1
        if (period >= 0 and text[period] == "." and _after_sentence_number(text, period)
                and rfind_char(text, "\n", period - _LONG_LINE, period) < 0):
            number = _INLINE_NUMBER_BEFORE.search(text, max(0, period - 8), period)
            if number and portion_mark_at(text, paren):
                found.append((number.start(1), int(number[1]), paren, True))
        paren = _find_paren(text, paren + 1, n)
    return found


@cython.cfunc
@cython.exceptval(check=False)
def _find_paren(text: str, start: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """``text.find("(", start, n)`` (compiled, a one-byte text is read from its bytes, without a
    call)."""
    if cython.compiled:
        if PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND:
            if start >= n:
                return -1
            data: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(text))
            found: cython.p_uchar = cython.cast(cython.p_uchar, memchr(data + start, 40, n - start))
            return -1 if found == cython.NULL else found - data
    return find_char(text, "(", start, n)


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def _after_sentence_number(text: str, period: cython.Py_ssize_t) -> cython.bint:
    """Whether one to three digits, blanks and a character closing a sentence stand right before
    ``period``: what :data:`_INLINE_NUMBER_BEFORE` needs there when no line break comes before
    it (most periods before "(" end a paragraph number at the start of a line)."""
    i: cython.Py_ssize_t = period
    while i > 0 and period - i < 4 and is_digit(text[i - 1]):
        i -= 1
    if not 0 < period - i <= 3:
        return False
    blanks: cython.Py_ssize_t = i
    while i > 0 and (text[i - 1] == " " or text[i - 1] == "\t"):
        i -= 1
    return i < blanks and i > 0 and text[i - 1] in ".!?\"”)]"


def _number_warning(code: str, number: int, message: str) -> ReaderWarning:
    return ReaderWarning(code=code, message=message, where=f"paragraph {number}")
