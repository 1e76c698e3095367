"""Typed scans of a cable's text that the readers of its paragraphs share (``paragraphs.py``,
``signature.py``, ``headings.py``, ``landmarks.py``, ``flow.py``): characters, rule lines, blank
lines and the clues of a classified-website banner (§3.7).

Compiled, these are C functions (declared in ``text_scan.pxd``) that those modules cimport (most
raise nothing and are called without a check for an exception). The scans stand for what
regular expressions once said: "digit" is ``\\d`` of a str pattern (any decimal digit), "space"
is ``\\s`` (any Unicode white space).
"""

from __future__ import annotations

import re
import string

import cython

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import find_char, rfind_char, only_spaces, skip_blanks
    from cython.cimports.cpython.unicode import PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND
    from cython.cimports.libc.string import memchr
else:
    from cablekit.formats.scan import find_char, only_spaces, rfind_char, skip_blanks

BLANK_LINE = re.compile(r"\n[ \t]*\n")
# a classified-website banner's words and its link
BANNER_TEXT = re.compile(r"[Cc]lassified [Ww]eb ?[Ss]ite|intelink\.|sgov\.gov")
URL = re.compile(r"https?:|www\.", re.I)


@cython.cfunc
@cython.exceptval(check=False)
def is_digit(c: cython.Py_UCS4) -> cython.bint:
    return "0" <= c <= "9" or (c >= "\x80" and c.isdecimal())


@cython.cfunc
@cython.exceptval(check=False)
def is_ascii_letter(c: cython.Py_UCS4) -> cython.bint:
    return "a" <= c <= "z" or "A" <= c <= "Z"


if not cython.compiled:  # interpreted, the builtins that say the same (no Python frame a call)
    is_digit = str.isdecimal  # noqa: F811  (of one character)
    is_ascii_letter = frozenset(string.ascii_letters).__contains__  # noqa: F811


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def skip_digits(text: str, i: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    while i < end and is_digit(text[i]):
        i += 1
    return i


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def only_rule_chars(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.bint:
    """``text[a:b]`` is not empty and holds only dashes, "=", "*", "_" and blanks."""
    if a >= b:
        return False
    c: cython.Py_UCS4
    while a < b:
        c = text[a]
        if not (c == "-" or c == "=" or c == "*" or c == "_" or c == " " or c == "\t"):
            return False
        a += 1
    return True


@cython.cfunc
def is_rule_line(line: str) -> cython.bint:
    return only_rule_chars(line, 0, len(line))


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def strip_bounds(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t
                 ) -> tuple[cython.Py_ssize_t, cython.Py_ssize_t]:
    """Where ``text[a:b].strip()`` starts and ends."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def rstrip_end(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Where ``text[a:b].rstrip()`` ends."""
    while b > a and text[b - 1].isspace():
        b -= 1
    return b


@cython.cfunc
@cython.exceptval(check=False)
def prev_line_start(text: str, line_start: cython.Py_ssize_t) -> cython.Py_ssize_t:
    return rfind_char(text, "\n", 0, line_start - 1) + 1


@cython.cfunc
@cython.exceptval(check=False)
def is_blank_before(text: str, line_start: cython.Py_ssize_t) -> cython.bint:
    """The line before ``line_start`` is blank or a rule, or there is none."""
    if line_start <= 1:
        return True
    above: cython.Py_ssize_t = prev_line_start(text, line_start)
    end: cython.Py_ssize_t = line_start - 1
    return only_spaces(text, above, end) or only_rule_chars(text, above, end)


@cython.cfunc
@cython.exceptval(check=False)
def blank_line(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t
               ) -> tuple[cython.Py_ssize_t, cython.Py_ssize_t]:
    """(start, end) of the first blank line in ``text[a:b]`` — a line break, blanks and a line
    break — or (-1, -1). Compiled, a typed scan finds it; interpreted, a regular expression."""
    if cython.compiled:
        return blank_line_scan(text, a, b)
    else:
        return blank_line_regex(text, a, b)


def blank_line_regex(text: str, a: int, b: int) -> tuple[int, int]:
    """:func:`blank_line` by :data:`BLANK_LINE`."""
    m = BLANK_LINE.search(text, a, b)
    return (-1, -1) if m is None else m.span()


@cython.ccall
@cython.exceptval(check=False)
def blank_line_scan(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t
                    ) -> tuple[cython.Py_ssize_t, cython.Py_ssize_t]:
    """:func:`blank_line` by a scan of the line breaks (compiled, those of a one-byte text are read
    from its bytes)."""
    if cython.compiled:
        if PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND:
            return _blank_line_bytes(cython.cast(cython.p_uchar, PyUnicode_DATA(text)), a, b)
    after: cython.Py_ssize_t
    nl: cython.Py_ssize_t = find_char(text, "\n", a, b)
    while nl >= 0:
        after = skip_blanks(text, nl + 1, b)
        if after < b and text[after] == "\n":
            return nl, after + 1
        nl = find_char(text, "\n", nl + 1, b)
    return -1, -1


@cython.cfunc
@cython.exceptval(check=False)
def _blank_line_bytes(data: cython.p_uchar, a: cython.Py_ssize_t, b: cython.Py_ssize_t
                      ) -> tuple[cython.Py_ssize_t, cython.Py_ssize_t]:
    """:func:`blank_line_scan` of the bytes ``data`` of a one-byte text (each line break found by
    memchr, without a call to look at the text's kind)."""
    found: cython.p_uchar
    after: cython.Py_ssize_t
    while a < b:
        found = cython.cast(cython.p_uchar, memchr(data + a, 10, b - a))
        if found == cython.NULL:
            break
        a = found - data + 1  # after the line break
        after = a
        while after < b and (data[after] == 32 or data[after] == 9):
            after += 1
        if after < b and data[after] == 10:
            return a - 1, after + 1
    return -1, -1


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def banner_clue(s: str) -> cython.bint:
    """Whether ``s`` may hold what :data:`BANNER_TEXT` or :data:`URL` find, by the character
    before each ":" ("http:", "https:") and "." ("www.", "intelink.", "sgov.gov") and the "f" of
    a "lassified" ("Classified Web Site"), each found at memchr speed: a typed reading, tighter
    than :func:`may_be_banner`."""
    n: cython.Py_ssize_t = len(s)
    before: cython.Py_UCS4
    i: cython.Py_ssize_t = find_char(s, ":", 1, n)
    while i >= 0:
        before = s[i - 1]
        if before == "p" or before == "P" or before == "s" or before == "S":
            return True
        i = find_char(s, ":", i + 1, n)
    i = find_char(s, ".", 1, n)
    while i >= 0:
        before = s[i - 1]
        if before == "w" or before == "W" or before == "k" or before == "v":
            return True
        i = find_char(s, ".", i + 1, n)
    i = find_char(s, "f", 6, n - 3)  # "lassified": the "f" five after the "l" (not the first)
    while i >= 0:
        if s[i - 5] == "l" and s[i - 4] == "a" and s[i + 3] == "d":
            return True
        i = find_char(s, "f", i + 1, n - 3)
    return False


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def banner_text_clue(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.bint:
    """Whether ``text[a:b]`` may hold what :data:`BANNER_TEXT` finds: a "." after "k" or "v"
    ("intelink.", "sgov.gov") or "Web", "web" ("Classified Web Site"), found by their "." and
    "b" at memchr speed (a block of prose has few of them)."""
    i: cython.Py_ssize_t = find_char(text, ".", a + 1, b)
    while i >= 0:
        if text[i - 1] == "k" or text[i - 1] == "v":
            return True
        i = find_char(text, ".", i + 1, b)
    i = find_char(text, "b", a + 2, b)
    while i >= 0:
        if text[i - 1] == "e" and (text[i - 2] == "W" or text[i - 2] == "w"):
            return True
        i = find_char(text, "b", i + 1, b)
    return False


@cython.cfunc
def may_be_banner(s: str) -> cython.bint:
    """Whether ``s`` may hold a banner's link or words (:data:`BANNER_TEXT`, :data:`URL`, the
    banner line of ``signature.py``): each needs a "." or ":" or "lassified" (most lines have
    none)."""
    n: cython.Py_ssize_t = len(s)
    return find_char(s, ".", 0, n) >= 0 or find_char(s, ":", 0, n) >= 0 or "lassified" in s
