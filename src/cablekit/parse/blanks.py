"""Blanks made single, as the E.O. and Classified By lines are read: ``" ".join(text.split())``.

Compiled, a line that already is so (ASCII, single spaces between words, none at either end, as
most are) is returned itself, without the split into words and the join.
"""

from __future__ import annotations

import cython

if cython.compiled:
    from cython.cimports.cpython.unicode import PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND


def single_blanks(text: str) -> str:
    """``" ".join(text.split())``."""
    if cython.compiled and _single_spaced_ascii(text):
        return text
    return " ".join(text.split())


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _single_spaced_ascii(text: str) -> cython.bint:
    """Whether ``text`` is ASCII without blanks but single spaces between other characters."""
    if PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND:
        return False
    data: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(text))
    size: cython.Py_ssize_t = len(text)
    i: cython.Py_ssize_t
    c: cython.uchar
    for i in range(size):
        c = data[i]
        if c >= 128 or (c <= 32 and (c != 32 or i == 0 or i == size - 1 or data[i - 1] == 32)):
            return False  # (control characters that are not blanks are passed to the slow way too)
    return True
