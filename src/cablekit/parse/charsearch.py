"""``find_char(text, char, start, end, direction)``: the index of ``char`` in ``text[start:end]``
(the first with ``direction`` 1, the last with -1), or -1.

A compiled module imports CPython's ``PyUnicode_FindChar`` (a ``memchr``, without the argument
handling of ``str.find``) in its place::

    if cython.compiled:
        from cython.cimports.cpython.unicode import PyUnicode_FindChar as find_char
    else:
        from cablekit.parse.charsearch import find_char

This is its twin for the modules run as Python source.
"""


def find_char(text: str, char: str, start: int, end: int, direction: int) -> int:
    return text.find(char, start, end) if direction > 0 else text.rfind(char, start, end)
