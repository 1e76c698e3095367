"""The text of a paragraph: its hard-wrapped lines joined (§3.7).

Hard line-wraps are joined with a space; a line break is kept before a sub-item (``a.``, ``--``,
``-``, ``(A)``, ``(1)``) and after a line shorter than 36 characters (lists, addresses, tables:
telegram lines wrap at 60–69 columns); blank lines inside a paragraph become two line breaks; lines of
dashes are dropped. Positions count in the cable's text: the lines are not copied one by one.
"""

from __future__ import annotations

import re

import cython

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import find_char, rfind_char, skip_blanks, substring
    from cython.cimports.cpython.unicode import (
        PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_New, PyUnicode_READ)
    from cython.cimports.libc.string import memchr, memcpy
    from cython.cimports.cablekit.cpython_extra import PyUnicode_IS_ASCII
    from cython.cimports.cablekit.parse.text_scan import (
        blank_line, is_ascii_letter, is_digit, is_rule_line, only_rule_chars, strip_bounds)
else:
    from cablekit.formats.scan import find_char, rfind_char, skip_blanks, substring
    from cablekit.parse.text_scan import (
        blank_line, is_ascii_letter, is_digit, is_rule_line, only_rule_chars, strip_bounds)

# Telegram lines are hard-wrapped at 60–69 columns: a line shorter than this ended where the
# writer ended it (a list, an address, a table row), and the line break is kept.
_SHORT_LINE = cython.declare(cython.Py_ssize_t, 36)
# a line break that joining may not simply turn into a space: before a line that is not plain
# prose — one starting with a blank, a sub-item or anything but a letter, a digit or a quote,
# one after blanks, a short line (but the last)
_NOT_PLAIN_WRAP = re.compile(
    r"\n(?![A-Za-z\d\"“](?<!\s\n.)(?![.)][ \t\n]|\d[.)][ \t\n])"
    rf"(?:[^\n]{{{_SHORT_LINE - 1}}}|[^\n]*+\Z))")


def paragraph_text(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> str:
    """The text of the paragraph body ``text[a:b]`` (after its number and portion mark), its lines
    joined; how much of its first line precedes ``a`` decides whether that line is short."""
    line_start: cython.Py_ssize_t = rfind_char(text, "\n", max(0, a - _SHORT_LINE), a)
    return _flow(text, a, b, a - line_start - 1 if line_start >= 0 else _SHORT_LINE)


@cython.cfunc
def _flow(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t, indent: cython.Py_ssize_t) -> str:
    """Join the hard-wrapped lines of ``text[a:b]``; keep sub-items on their own lines and blank
    lines as breaks. ``indent`` is how much of the first line (number, portion mark) precedes
    the chunk. (Positions count in ``text``: the lines are not copied one by one.)"""
    a, b = strip_bounds(text, a, b)
    if a == b:
        return ""
    if _next_break(text, a, b) < 0:
        return _one_line(substring(text, a, b))
    kept: cython.Py_ssize_t = _first_kept_break(text, a, b, indent)
    if kept < 0:
        return _spaced(text, a, b)  # the common case: plain prose
    out: list = []
    start: cython.Py_ssize_t = a  # of the block after the last blank line
    blank: tuple[cython.Py_ssize_t, cython.Py_ssize_t] = blank_line(text, kept, b)  # (none before)
    while blank[0] >= 0:
        _add_block(out, text, start, blank[0], indent, kept)
        kept = -1  # (known of the first block only)
        indent = 0
        start = blank[1]
        blank = blank_line(text, start, b)
    if start == a:  # no blank line: the block is the chunk, known not to be plain
        return _flow_block(text, a, b, indent)
    _add_block(out, text, start, b, indent, -1)
    return "\n\n".join(out)


@cython.cfunc
def _add_block(out: list, text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t,
               indent: cython.Py_ssize_t, kept: cython.Py_ssize_t) -> cython.void:
    """Append the text of the block ``text[a:b]`` (up to a blank line) to ``out``. ``kept`` is
    what :func:`_first_kept_break` found from ``a`` on, or -1: at or after the block's end, every
    line break of the block was read as a plain wrap, and the block is not scanned again."""
    a, b = strip_bounds(text, a, b)
    if a < b:
        if kept >= b and _next_break(text, a, b) >= 0:
            joined = _spaced(text, a, b)
        else:
            joined = _plain_wrap(text, a, b, indent)
        if joined is None:
            joined = _flow_block(text, a, b, indent)
        if joined:
            out.append(joined)


@cython.cfunc
def _plain_wrap(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t,
                indent: cython.Py_ssize_t) -> object:
    """The hard-wrapped prose of the stripped ``text[a:b]`` joined with spaces, or None when
    some line break is not a plain wrap (or there is none). Compiled, a typed scan reads it;
    interpreted, a regular expression (one call instead of a Python loop over the lines)."""
    if cython.compiled:
        return plain_wrap_scan(text, a, b, indent)
    else:
        return plain_wrap_regex(text, a, b, indent)


@cython.cfunc
def _first_kept_break(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t,
                      indent: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """-1 when :func:`_plain_wrap` joins the stripped ``text[a:b]`` (which has a line break);
    else a position at or before its first line break that joining keeps (compiled, the break
    where the scan stopped; interpreted, ``a``): no blank line starts before it."""
    if cython.compiled:
        return _kept_break(text, PyUnicode_KIND(text), PyUnicode_DATA(text), a, b, indent)
    else:
        return -1 if plain_wrap_regex(text, a, b, indent) is not None else a


def plain_wrap_regex(text: str, a: int, b: int, indent: int) -> str | None:
    """:func:`_plain_wrap` by :data:`_NOT_PLAIN_WRAP` (tests hold it equal to the scan)."""
    block = text[a:b]
    first = block.find("\n")
    if first > 0 and first + indent >= _SHORT_LINE and _NOT_PLAIN_WRAP.search(block) is None:
        return block.replace("\n", " ")
    return None


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def plain_wrap_scan(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t,
                    indent: cython.Py_ssize_t) -> object:
    """:func:`_plain_wrap` by a scan of the line breaks. A line break is a plain wrap when the
    next line is plain prose: it starts with a letter, a digit or a quote but no sub-item
    (``a.``, ``1)``, ``12.``), the break follows no blank, and the line is not short (unless
    the last)."""
    kind: cython.int = 0
    data: cython.p_void = cython.NULL
    if cython.compiled:
        kind, data = PyUnicode_KIND(text), PyUnicode_DATA(text)
    return _spaced(text, a, b) if _kept_break(text, kind, data, a, b, indent) < 0 else None


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def _kept_break(text: str, kind: cython.int, data: cython.p_void, a: cython.Py_ssize_t,
                b: cython.Py_ssize_t, indent: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """:func:`plain_wrap_scan`'s reading: -1 when every line break of ``text[a:b]`` is a plain
    wrap; else the first that is not, or one before it that starts a short line (``b`` when
    there is none)."""
    nl: cython.Py_ssize_t = _line_break(text, kind, data, a, b)
    if nl < 0:
        return b
    if nl == a or nl - a + indent < _SHORT_LINE:
        return nl
    following: cython.Py_ssize_t
    c: cython.Py_UCS4
    while nl >= 0:
        if nl + 1 >= b or _char(text, kind, data, nl - 1).isspace():
            return nl
        c = _char(text, kind, data, nl + 1)
        if not (is_ascii_letter(c) or is_digit(c) or c == '"' or c == "“"):
            return nl
        if nl + 3 < b and _char(text, kind, data, nl + 2) in ".)" and _char(text, kind, data, nl + 3) in " \t\n":
            return nl  # "a. …"
        if (nl + 4 < b and is_digit(_char(text, kind, data, nl + 2)) and _char(text, kind, data, nl + 3) in ".)"
                and _char(text, kind, data, nl + 4) in " \t\n"):
            return nl  # "12. …"
        following = _line_break(text, kind, data, nl + 1, b)
        if 0 <= following < nl + 1 + _SHORT_LINE:
            return nl  # a short line follows
        nl = following
    return -1


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _char(text: str, kind: cython.int, data: cython.p_void, i: cython.Py_ssize_t) -> cython.Py_UCS4:
    """``text[i]``; compiled, read from the ``kind`` and ``data`` of the text, found once by the
    caller (a scan of every line break of a paragraph)."""
    if cython.compiled:
        return PyUnicode_READ(kind, data, i)
    else:
        return text[i]


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _line_break(text: str, kind: cython.int, data: cython.p_void, i: cython.Py_ssize_t,
                b: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """``text.find("\\n", i, b)``; compiled, a one-byte text is searched by memchr itself (what
    ``scan.find_char`` does, without its call and its look at the text's kind)."""
    if cython.compiled:
        if kind == PyUnicode_1BYTE_KIND:
            if i >= b:
                return -1
            found: cython.p_char = cython.cast(cython.p_char, memchr(cython.cast(cython.p_char, data) + i, 10, b - i))
            return found - cython.cast(cython.p_char, data) if found else -1
    return find_char(text, "\n", i, b)


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _next_break(text: str, i: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """``text.find("\\n", i, b)``, by :func:`_line_break` (the scans of a block's lines)."""
    if cython.compiled:
        return _line_break(text, PyUnicode_KIND(text), PyUnicode_DATA(text), i, b)
    else:
        return find_char(text, "\n", i, b)


@cython.cfunc
def _spaced(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> str:
    """``text[a:b]`` with its line breaks made spaces (compiled, an ASCII text is copied once)."""
    if cython.compiled:
        if PyUnicode_IS_ASCII(text) and b - a > 1:
            n: cython.Py_ssize_t = b - a
            spaced: str = PyUnicode_New(n, 127)
            data: cython.p_char = cython.cast(cython.p_char, PyUnicode_DATA(spaced))
            memcpy(data, cython.cast(cython.p_char, PyUnicode_DATA(text)) + a, n)
            nl: cython.p_char = cython.cast(cython.p_char, memchr(data, 10, n))
            while nl:
                nl[0] = 32  # " "
                nl = cython.cast(cython.p_char, memchr(nl + 1, 10, n - (nl + 1 - data)))
            return spaced
    return text[a:b].replace("\n", " ")


@cython.cfunc
def _flow_block(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t,
                indent: cython.Py_ssize_t) -> str:
    """One stripped block without blank lines, which :func:`_plain_wrap` found is not plain
    prose (it may hold sub-items or rule lines)."""
    first: cython.Py_ssize_t = _next_break(text, a, b)
    if first < 0:
        return _one_line(substring(text, a, b))
    if first - a + indent >= _SHORT_LINE and _reads_as_prose(text, first, b):
        return _join_lines(text, a, b)  # prose with blanks around its breaks
    return _flow_lines(text, a, b, indent)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _reads_as_prose(text: str, nl: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.bint:
    """From the first line break (at ``nl``) on: no line but the last is short, and no line break
    is one that joining keeps, before a blank line, a sub-item (``a.``, ``1)``, ``(``, ``-``,
    ``•``) or a rule line (one pass over the line breaks)."""
    following: cython.Py_ssize_t
    i: cython.Py_ssize_t
    c: cython.Py_UCS4
    while nl >= 0:
        following = _next_break(text, nl + 1, b)
        if following >= 0 and following - nl - 1 < _SHORT_LINE:
            return False  # a short line that is not the last
        i = skip_blanks(text, nl + 1, b)
        if i < b:
            c = text[i]
            if c in "\n-=*_•(":
                return False
            if is_ascii_letter(c):
                if i + 2 < b and text[i + 1] in ".)" and text[i + 2] in " \t\n":
                    return False
            elif is_digit(c):
                if i + 1 < b and is_digit(text[i + 1]):
                    i += 1  # "12." (two digits at most)
                if i + 2 < b and text[i + 1] in ".)" and text[i + 2] in " \t\n":
                    return False
        nl = following
    return True


@cython.cfunc
def _join_lines(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> str:
    """The lines of ``text[a:b]``, each stripped, joined with spaces."""
    joined: _Joined = _joined(text, b - a)
    first: cython.Py_ssize_t
    last: cython.Py_ssize_t
    end: cython.Py_ssize_t = _next_break(text, a, b)
    while end >= 0:
        first, last = strip_bounds(text, a, end)
        joined.add(first, last)
        joined.add_space(False)
        a = end + 1
        end = _next_break(text, a, b)
    first, last = strip_bounds(text, a, b)
    joined.add(first, last)
    return joined.result()


@cython.cfunc
def _one_line(line: str) -> str:
    """A stripped line without line breaks: itself, or "" for a rule line."""
    return "" if is_rule_line(line) else line


@cython.cfunc
def _flow_lines(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t,
                indent: cython.Py_ssize_t) -> str:
    """The lines of a block joined: with a line break after a short line and before a sub-item,
    with a space elsewhere; blank and rule lines dropped."""
    joined: _Joined = _joined(text, b - a)
    started: cython.bint = False
    after_short: cython.bint = False
    line_start: cython.Py_ssize_t = a
    line_end: cython.Py_ssize_t
    first: cython.Py_ssize_t
    last: cython.Py_ssize_t
    while line_start <= b:
        line_end = _next_break(text, line_start, b)
        if line_end < 0:
            line_end = b
        first, last = strip_bounds(text, line_start, line_end)
        if first < last and not only_rule_chars(text, first, last):
            if started:
                joined.add_space(after_short or _is_subitem(text, first, last))
            joined.add(first, last)
            started = True
            after_short = last - line_start + indent < _SHORT_LINE
            indent = 0
        line_start = line_end + 1
    return joined.result()


@cython.cclass
class _Joined:
    """The pieces of ``text`` (lines) and the spaces or line breaks between them, joined in the
    order they come. Compiled, the pieces of an ASCII text are copied into one string as they
    come, not made strings of their own and joined; ``room`` is the most it may hold. (Made by
    :func:`_joined`.)"""

    text: str
    pieces: list
    out: str  # (compiled, an ASCII text) the string written
    length: cython.Py_ssize_t  # of what ``out`` holds
    out_data: cython.p_char  # (compiled, an ASCII text) the characters of ``out`` and ``text``
    text_data: cython.p_char

    @cython.cfunc
    def add(self, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.void:
        """``text[a:b]``."""
        if cython.compiled:
            if self.out_data:
                memcpy(self.out_data + self.length, self.text_data + a, b - a)
                self.length += b - a
                return
        self.pieces.append(substring(self.text, a, b))

    @cython.cfunc
    def add_space(self, line_break: cython.bint) -> cython.void:
        """A line break, or a space."""
        if cython.compiled:
            if self.out_data:
                self.out_data[self.length] = 10 if line_break else 32
                self.length += 1
                return
        self.pieces.append("\n" if line_break else " ")

    @cython.cfunc
    def result(self) -> str:
        if self.out is None:
            return "".join(self.pieces)
        if self.length == len(self.out):
            return self.out
        return substring(self.out, 0, self.length)


@cython.cfunc
def _joined(text: str, room: cython.Py_ssize_t) -> _Joined:
    """An empty :class:`_Joined` of ``text`` (made without a call of the class)."""
    joined: _Joined = _Joined.__new__(_Joined)
    joined.text = text
    joined.pieces = []
    joined.length = 0
    joined.out = None
    if cython.compiled:
        joined.out_data = joined.text_data = cython.NULL
        if PyUnicode_IS_ASCII(text):
            joined.out = PyUnicode_New(room, 127)
            joined.out_data = cython.cast(cython.p_char, PyUnicode_DATA(joined.out))
            joined.text_data = cython.cast(cython.p_char, PyUnicode_DATA(text))
    return joined


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _is_subitem(text: str, a: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.bint:
    """A stripped line ``text[a:n]`` opens a sub-item: ``-``, ``--``, ``---``, ``*``, ``•``,
    ``a.``, ``a)``, ``(a)``, ``(iii)``, ``(12)``, ``1.``, ``12)``, followed by a blank or the
    line's end."""
    c: cython.Py_UCS4 = text[a]
    i: cython.Py_ssize_t = a + 1  # where the blank after the item must stand
    if c == "-":
        while i < n and text[i] == "-":
            i += 1
        if i - a > 3:
            return False
    elif c == "*" or c == "•":
        pass
    elif c == "(":
        while i < n and i - a <= 4 and (is_ascii_letter(text[i]) or "0" <= text[i] <= "9"):
            i += 1
        if not (1 < i - a <= 4 and i < n and text[i] == ")"):
            return False
        i += 1
    elif is_ascii_letter(c) or is_digit(c):
        if is_digit(c) and i < n and is_digit(text[i]):
            i += 1
        if not (i < n and text[i] in ".)"):
            return False
        i += 1
    else:
        return False
    return i == n or text[i] == " " or text[i] == "\t"
