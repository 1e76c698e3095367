"""Portion markings: the classification mark at the head of a paragraph (§3.7).

A portion marking is written in parentheses right after the paragraph number (``1. (S/NF)``,
``2.(C)``) and sometimes before a SUBJECT (``SUBJECT: (C) …``). It names a classification level
and, after slashes, dissemination caveats.

Convention of :func:`parse_portion_marking` — ``(classification, caveats)``:

* ``classification`` is the level the mark stands for, one of ``UNCLASSIFIED``,
  ``LIMITED OFFICIAL USE``, ``CONFIDENTIAL``, ``SECRET``, ``TOP SECRET``; ``None`` when the mark
  names no level (``(/Rel UK)``) or is not a portion mark at all.
* ``caveats`` are upper case, in the order written, without repeats:
  ``NOFORN`` (written ``NF``, ``N`` or ``NOFORN``), ``SBU``, ``FGI``, ``ORCON``, ``PROPIN``,
  ``NOCONTRACT``, ``FOUO``, ``EFTO``, and ``REL …`` kept with its countries as written
  (``REL LIBYA``, ``REL TO USA, FVEY``). Unknown tokens after a level are kept as written,
  upper-cased; without a level only known caveats are kept (the text is then hardly a mark).
* **SBU is not a level**: Sensitive But Unclassified is unclassified information handled with
  care, so ``SBU`` → ``("UNCLASSIFIED", ["SBU"])`` and ``SBU/NF`` → ``("UNCLASSIFIED", ["SBU",
  "NOFORN"])``. ``LOU`` is its own level (``LIMITED OFFICIAL USE``).

Display meanings live in the glossary, never here: ``meaning("portion_marking",
portion_marking_token(mark))``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import cython

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import skip_blanks
else:
    from cablekit.formats.scan import skip_blanks

# Levels as they are written, longest first where one is a prefix of another (SBU before S).
_LEVEL_WORDS = r"TOP\s+SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|SBU|LOU|TS|S|C|U"

#: A portion mark at the start of a paragraph (or of a SUBJECT): ``(C)``, ``(S/NF)``,
#: ``(S//NF)``, ``(SBU/N)``, ``(C/REL LIBYA)``, ``(S//FGI//NF)``, ``( C )``, ``(c)``, ``(SNF)``,
#: ``(C NF)``, ``(/Rel UK)``. Use ``.match(text, pos)``; group ``mark`` is the mark as written,
#: ``m.end()`` is where the text after the mark (and its trailing blanks) starts.
_MARK = (
    rf"(?:{_LEVEL_WORDS})(?:NF)?(?:\s*/{{1,2}}\s*[A-Za-z][A-Za-z ,.]{{0,80}}?|\s+N(?:F|OFORN))*"
    r"|/{1,2}\s*REL\b[A-Za-z ,.]{0,80}?"
)
PORTION_MARK = re.compile(rf"[ \t]*\(\s*(?P<mark>{_MARK})\s*\)[ \t]*", re.IGNORECASE)
# the same in two steps (see portion_mark_at): the text in parentheses, then the mark in it
_MARK_INSIDE = re.compile(rf"\s*(?P<mark>{_MARK})\s*", re.IGNORECASE)

_LEVEL = re.compile(
    r"(?P<level>TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE|"
    r"SENSITIVE BUT UNCLASSIFIED|SENSITIVE|SBU|LOU|TS|S|C|U)(?:\s+|(?=NF$)|$)"
)
_SEPARATOR = re.compile(r"\s*/+\s*")
_SPACES = re.compile(r"\s+")

_LEVELS = {
    "U": "UNCLASSIFIED",
    "UNCLAS": "UNCLASSIFIED",
    "UNCLASSIFIED": "UNCLASSIFIED",
    "SBU": "UNCLASSIFIED",
    "SENSITIVE": "UNCLASSIFIED",
    "SENSITIVE BUT UNCLASSIFIED": "UNCLASSIFIED",
    "LOU": "LIMITED OFFICIAL USE",
    "LIMITED OFFICIAL USE": "LIMITED OFFICIAL USE",
    "C": "CONFIDENTIAL",
    "CONFIDENTIAL": "CONFIDENTIAL",
    "S": "SECRET",
    "SECRET": "SECRET",
    "TS": "TOP SECRET",
    "TOP SECRET": "TOP SECRET",
}
_SENSITIVE_LEVELS = frozenset({"SBU", "SENSITIVE", "SENSITIVE BUT UNCLASSIFIED"})
_CAVEATS = {
    "NF": "NOFORN",
    "N": "NOFORN",
    "NOFORN": "NOFORN",
    "SBU": "SBU",
    "FGI": "FGI",
    "ORCON": "ORCON",
    "OC": "ORCON",
    "PROPIN": "PROPIN",
    "NOCONTRACT": "NOCONTRACT",
    "FOUO": "FOUO",
    "EFTO": "EFTO",
}

#: Classification levels, lowest first (for comparing a paragraph with its cable).
LEVELS = ("UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET", "TOP SECRET")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_GLOSSARY_LETTERS = {"UNCLASSIFIED": "U", "LIMITED OFFICIAL USE": "LOU", "CONFIDENTIAL": "C",
                     "SECRET": "S", "TOP SECRET": "TS"}


def portion_mark_at(text: str, pos: cython.Py_ssize_t = 0, endpos: object = None) -> tuple:
    """``(mark, end)`` of a portion mark at ``pos``: what ``PORTION_MARK.match(text, pos, endpos)``
    finds (group ``mark``, ``m.end()``), read faster (by :func:`read_portion_mark`)."""
    n: cython.Py_ssize_t = len(text)
    end: cython.Py_ssize_t = n
    if endpos is not None:
        end = endpos
        if end < 0:
            end = 0
        elif end > n:
            end = n
    if pos < 0:
        pos = 0
    found: PortionMark = _FOUND
    if not read_portion_mark(text, pos, end, found):
        return None
    return (found.mark, found.end)


@cython.cclass
class PortionMark:
    """Where :func:`read_portion_mark` writes the mark it read (as written) and the end of the
    mark and its trailing blanks (one object, reused by its caller: no tuple, no boxed int)."""

    def __init__(self) -> None:
        self.mark = None
        self.end = 0


_FOUND = cython.declare(PortionMark, PortionMark())  # portion_mark_at's


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def read_portion_mark(text: str, pos: cython.Py_ssize_t, end: cython.Py_ssize_t,
                      found: PortionMark) -> cython.bint:
    """Whether a portion mark stands at ``pos`` (``0 <= pos``, ``end <= len(text)``), read into
    ``found``. A mark holds no parenthesis, so it is the text up to the first ")" (blanks, "(",
    no parenthesis, ")", blanks); that text is checked once for each way it is written (kept in
    a bounded table)."""
    opening: cython.Py_ssize_t = skip_blanks(text, pos, end)
    if opening >= end or text[opening] != "(":
        return False
    closing: cython.Py_ssize_t = opening + 1
    c: cython.Py_UCS4
    while closing < end:
        c = text[closing]
        if c == ")":
            break
        if c == "(":
            return False
        closing += 1
    if closing >= end:
        return False
    mark = None
    if closing == opening + 2:  # the usual one-letter mark: (C), (S), (U)
        c = text[opening + 1]
        if c == "C" or c == "S" or c == "U" or c == "c" or c == "s" or c == "u":
            mark = c
    if mark is None:
        mark = _mark_inside(text[opening + 1:closing])
        if mark is None:
            return False
    found.mark = mark
    found.end = skip_blanks(text, closing + 1, end)
    return True


_MARKS_INSIDE = cython.declare(dict, {})  # _mark_inside's results ("" for no mark) by the text read
_MAX_MARKS_INSIDE = cython.declare(cython.Py_ssize_t, 1024)


@cython.cfunc
def _mark_inside(inner: str) -> object:
    """The mark written in ``inner`` (the text between the parentheses), or None."""
    mark = _MARKS_INSIDE.get(inner)
    if mark is None:
        m = _MARK_INSIDE.fullmatch(inner)
        mark = "" if m is None else m["mark"]
        if len(_MARKS_INSIDE) < _MAX_MARKS_INSIDE:
            _MARKS_INSIDE[inner] = mark
    return mark if mark else None


def level_rank(classification: str | None) -> int:
    """Position of a level in :data:`LEVELS` (−1 for None or an unknown level)."""
    return _RANK.get(classification or "", -1)


def _caveat(token: str) -> str:
    token = _SPACES.sub(" ", token.strip(" ,.")).upper()
    if token.startswith("REL ") or token == "REL":
        return token
    return _CAVEATS.get(token, token)


def parse_portion_marking(mark: str) -> tuple[str | None, list[str]]:
    """``"S/NF"`` → ``("SECRET", ["NOFORN"])``; see the module docstring for the convention.

    Accepts the mark with or without its parentheses, in any case, with ``/`` or ``//``.
    """
    classification, caveats = _parse(mark)
    return classification, list(caveats)


@lru_cache(maxsize=512)
def _parse(mark: str) -> tuple[str | None, tuple[str, ...]]:
    text = mark.strip().strip("()").strip().upper()
    tokens = [t for t in _SEPARATOR.split(text) if t]
    if not tokens:
        return None, ()
    classification = None
    caveats: list[str] = []
    head = _LEVEL.match(tokens[0])
    if head:
        level = head["level"]
        classification = _LEVELS.get(_SPACES.sub(" ", level))
        if level in _SENSITIVE_LEVELS:
            caveats.append("SBU")
        rest = tokens[0][head.end():].strip()
        tokens = ([rest] if rest else []) + tokens[1:]
    for token in tokens:
        # "C NF" writes the caveat after a space; "REL TO USA, FVEY" keeps its spaces
        parts = [token] if token.startswith("REL") else token.split()
        for part in parts:
            caveat = _caveat(part)
            known = caveat in _CAVEATS.values() or caveat.startswith("REL")
            if caveat and caveat not in caveats and (classification or known):
                caveats.append(caveat)
    return classification, tuple(caveats)


def portion_marking_token(mark: str) -> str | None:
    """The glossary token for a mark as written: ``S//NF`` → ``S/NF``, ``C/NOFORN`` → ``C/NF``,
    ``sbu/n`` → ``SBU/NF``, ``C/REL LIBYA`` → ``C``. None when the mark names no level."""
    classification, caveats = parse_portion_marking(mark)
    if classification is None:
        return "NF" if caveats == ["NOFORN"] else None
    token = "SBU" if "SBU" in caveats else _GLOSSARY_LETTERS[classification]
    return token + "/NF" if "NOFORN" in caveats else token
