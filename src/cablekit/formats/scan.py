"""Small character scans shared by the compiled reader's modules.

Compiled, these are C functions (declared in ``scan.pxd``) that the other modules cimport::

    from cython.cimports.cablekit.formats.scan import find_char, skip_blanks

and call without Python's argument handling. Interpreted, the same import gives these functions
(``find_char`` and ``rfind_char`` are then ``str.find`` and ``str.rfind`` themselves).
"""

from __future__ import annotations

import cython

if cython.compiled:
    from cython.cimports.cpython.unicode import (PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_KIND, PyUnicode_DATA,
                                                 PyUnicode_FindChar, PyUnicode_KIND)
    from cython.cimports.cpython.unicode import PyUnicode_Substring
    from cython.cimports.libc.string import memchr, memcmp, memcpy

HIGH_BITS = cython.declare(cython.ulonglong, 0x8080808080808080)  # the high bit of each byte of a word


@cython.boundscheck(False)
@cython.wraparound(False)
def find_char(text: str, char: cython.Py_UCS4, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """``text.find(char, start, end)``: a plain memchr in one-byte text, and over the bytes of
    two-byte text for a Latin-1 character (``PyUnicode_FindChar`` checks its arguments first, which
    costs more than the search of a short line)."""
    kind: cython.int = PyUnicode_KIND(text)
    if kind == PyUnicode_1BYTE_KIND and char < 256:
        if start >= end:
            return -1
        data: cython.p_char = cython.cast(cython.p_char, PyUnicode_DATA(text))
        found: cython.p_char = cython.cast(cython.p_char, memchr(data + start, char, end - start))
        return found - data if found else -1
    if kind == PyUnicode_2BYTE_KIND and 0 < char < 256:
        return _find_in_two_bytes(text, char, start, end)
    return PyUnicode_FindChar(text, char, start, end, 1)


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _find_in_two_bytes(text: str, char: cython.Py_UCS4, start: cython.Py_ssize_t,
                       end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """``find_char`` of a Latin-1 character in two-byte text: a memchr of its byte, a hit counting
    where the unit it falls in is that character (in either byte order)."""
    units: cython.p_ushort = cython.cast(cython.p_ushort, PyUnicode_DATA(text))
    data: cython.p_uchar = cython.cast(cython.p_uchar, units)
    byte: cython.Py_ssize_t = start * 2
    hit: cython.p_uchar
    while byte < end * 2:
        hit = cython.cast(cython.p_uchar, memchr(data + byte, char, end * 2 - byte))
        if not hit:
            return -1
        byte = hit - data
        if units[byte // 2] == char:
            return byte // 2
        byte += 1
    return -1


def rfind_char(text: str, char: cython.Py_UCS4, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """``text.rfind(char, start, end)``."""
    return PyUnicode_FindChar(text, char, start, end, -1)


def substring(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> str:
    """``text[start:end]`` (``0 <= start <= end``). Compiled, by CPython's substring, which copies
    an ASCII text without the scan for its widest character that Cython's slice makes."""
    return PyUnicode_Substring(text, start, end)


if not cython.compiled:  # the builtins that say the same (no Python frame a call)
    find_char = str.find  # noqa: F811
    rfind_char = str.rfind  # noqa: F811

    def substring(text: str, start: int, end: int) -> str:  # noqa: F811
        return text[start:end]


@cython.boundscheck(False)
@cython.wraparound(False)
def digits_end(text: str, i: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The end of the ASCII digits from ``i`` on (before ``end``)."""
    while i < end and "0" <= text[i] <= "9":
        i += 1
    return i


@cython.boundscheck(False)
@cython.wraparound(False)
def skip_blanks(text: str, i: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The first position from ``i`` (before ``end``) that is not a space or a tab."""
    while i < end and (text[i] == " " or text[i] == "\t"):
        i += 1
    return i


@cython.boundscheck(False)
@cython.wraparound(False)
def skip_blanks_back(text: str, lo: cython.Py_ssize_t, i: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The start of the spaces and tabs ending at ``i`` (not before ``lo``)."""
    while i > lo and (text[i - 1] == " " or text[i - 1] == "\t"):
        i -= 1
    return i


@cython.boundscheck(False)
@cython.wraparound(False)
def only_spaces(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """Whether ``text[start:end]`` is white space only (what ``str.strip`` removes), read without
    the copy; True when it is empty."""
    while start < end:
        if not text[start].isspace():
            return False
        start += 1
    return True


@cython.boundscheck(False)
@cython.wraparound(False)
def word_at(text: str, i: cython.Py_ssize_t, word: str) -> cython.bint:
    """Whether ``text`` holds ``word`` at ``i`` (``0 <= i``): ``text.startswith(word, i)``, without
    the boxed bound (compiled, one memcmp where both are as wide)."""
    n: cython.Py_ssize_t = len(word)
    k: cython.Py_ssize_t
    if i + n > len(text):
        return False
    if cython.compiled and PyUnicode_KIND(text) == PyUnicode_KIND(word):
        k = PyUnicode_KIND(word)
        return memcmp(cython.cast(cython.p_char, PyUnicode_DATA(text)) + i * k, PyUnicode_DATA(word), n * k) == 0
    for k in range(n):
        if text[i + k] != word[k]:
            return False
    return True


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def ascii_end(src: cython.p_const_uchar, i: cython.Py_ssize_t, size: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The first non-ASCII byte of ``src`` from ``i`` on, ``size`` when there is none (compiled
    only: 32 bytes are checked at a time)."""
    words: cython.ulonglong[4]
    while i + 32 <= size:
        memcpy(words, src + i, 32)  # (four plain loads)
        if (words[0] | words[1] | words[2] | words[3]) & HIGH_BITS:
            break
        i += 32
    while i < size and src[i] < 0x80:
        i += 1
    return i
