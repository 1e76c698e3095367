"""Cable reference ids (§5.1): canonical form, year, and derivation from the classification line."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

import cython

from cablekit.model import Body, Container, ReaderWarning
from cablekit.parse.dates import year_of_two_digits

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import word_at
else:
    from cablekit.formats.scan import word_at

# Cablegate id: YY + ORIGIN + SERIAL; NARA MRN: YYYY + STATION + zero-padded SERIAL (§5.1, §5.2).
CABLEGATE_ID = re.compile(r"^(\d{2})([A-Z][A-Z-]{1,39}?)(\d{1,7})$")
NARA_MRN = re.compile(r"^(19\d{2}|20\d{2})([A-Z][A-Z-]{1,19}?)(\d{1,7})$")

# Words WikiLeaks' id extraction swallowed from a mis-read classification line (§5.1).
_JUNK = re.compile(r"S?E?CTION\d+OF\d+|EFTO|AMEMBASSY|EMBASSY|USMISSION|NOFORN|SIPDIS")
_DOUBLED_YEAR = re.compile(r"^(\d{2})\1(?=[A-Z])")
_NOT_ID_CHAR = re.compile(r"[^0-9A-Z-]")
_NOT_LETTER = re.compile(r"[^A-Z]")
# An id clean_reference_id leaves as it is: upper case, the year not doubled, no junk word after it.
_CLEAN = re.compile(r"[0-9]{2}(?![A-Z0-9-]*?(?:CTION[0-9]+OF[0-9]|EFTO|EMBASSY|USMISSION|NOFORN|SIPDIS))[A-Z][A-Z0-9-]*")


def year_of_id(reference_id: str | None) -> int | None:
    if not reference_id:
        return None
    if cython.compiled:
        digits: cython.int = year_digits_scan(reference_id)
        if digits >= 0:
            return None if digits == 0 else int(reference_id[:digits]) if digits == 4 else year_of_two_digits(
                int(reference_id[:2]))
    return year_of_id_regex(reference_id)


def year_of_id_regex(reference_id: str) -> int | None:
    """:func:`year_of_id` by the two regexes of ids (any text)."""
    m = NARA_MRN.match(reference_id)
    if m:
        return int(m.group(1))
    m = CABLEGATE_ID.match(reference_id)
    return year_of_two_digits(int(m.group(1))) if m else None


@cython.ccall
def year_digits_scan(rid: str) -> cython.int:
    """How :func:`year_of_id_regex` reads an id made of ASCII digits, capitals and dashes only: 4 (a
    NARA MRN), 2 (a Cablegate id) or 0 (neither); -1 for any other id (the regexes read those)."""
    size: cython.Py_ssize_t = len(rid)
    i: cython.Py_ssize_t
    c: cython.Py_UCS4
    for i in range(size):
        c = rid[i]
        if not ("0" <= c <= "9" or "A" <= c <= "Z" or c == "-"):
            return -1
    if _id_shape(rid, 4, 20) and (rid[:2] == "19" or rid[:2] == "20"):
        return 4
    return 2 if _id_shape(rid, 2, 40) else 0


@cython.cfunc
def _id_shape(rid: str, year: cython.Py_ssize_t, longest_origin: cython.Py_ssize_t) -> cython.bint:
    """``rid`` (digits, capitals and dashes) is ``year`` digits, an origin of 2 to ``longest_origin``
    capitals and dashes (a capital first), and 1 to 7 digits (§5.1, §5.2)."""
    size: cython.Py_ssize_t = len(rid)
    i: cython.Py_ssize_t
    if size < year + 3:
        return False
    for i in range(year):
        if not "0" <= rid[i] <= "9":
            return False
    if not "A" <= rid[year] <= "Z":
        return False
    i = year + 1
    while i < size and not "0" <= rid[i] <= "9":
        i += 1
    digits: cython.Py_ssize_t = i
    while i < size and "0" <= rid[i] <= "9":
        i += 1
    return i == size and 2 <= digits - year <= longest_origin and 1 <= size - digits <= 7


def clean_reference_id(reference_id: str) -> str:
    """Strip the section phrases, EFTO, AMEMBASSY … that malformed WikiLeaks ids carry (§5.1)."""
    if cython.compiled:
        clean: cython.bint = clean_id_scan(reference_id)
    else:
        clean = _CLEAN.fullmatch(reference_id) is not None
    return reference_id if clean else _cleaned(reference_id)


@cython.ccall
def clean_id_scan(rid: str) -> cython.bint:
    """Whether ``_CLEAN`` matches all of ``rid``: two digits, a capital, then capitals, digits and
    dashes, with no junk word after the year."""
    size: cython.Py_ssize_t = len(rid)
    i: cython.Py_ssize_t
    c: cython.Py_UCS4
    if size < 3 or not ("0" <= rid[0] <= "9" and "0" <= rid[1] <= "9" and "A" <= rid[2] <= "Z"):
        return False
    for i in range(3, size):
        c = rid[i]
        if not ("0" <= c <= "9" or "A" <= c <= "Z" or c == "-"):
            return False
    for i in range(2, size):
        if _junk_at(rid, i):
            return False
    return True


@cython.cfunc
def _junk_at(rid: str, i: cython.Py_ssize_t) -> cython.bint:
    """Whether a word of ``_CLEAN``'s look-ahead starts at ``rid[i]``: CTION<digits>OF<digit>,
    EFTO, EMBASSY, USMISSION, NOFORN or SIPDIS."""
    c: cython.Py_UCS4 = rid[i]
    if c == "E":
        return word_at(rid, i, "EFTO") or word_at(rid, i, "EMBASSY")
    if c == "U":
        return word_at(rid, i, "USMISSION")
    if c == "N":
        return word_at(rid, i, "NOFORN")
    if c == "S":
        return word_at(rid, i, "SIPDIS")
    if c != "C" or not word_at(rid, i, "CTION"):
        return False
    size: cython.Py_ssize_t = len(rid)
    j: cython.Py_ssize_t = i + 5
    while j < size and "0" <= rid[j] <= "9":
        j += 1
    return j > i + 5 and word_at(rid, j, "OF") and j + 2 < size and "0" <= rid[j + 2] <= "9"


def _cleaned(reference_id: str) -> str:
    rid = _NOT_ID_CHAR.sub("", reference_id.upper())
    if NARA_MRN.match(rid):
        return rid
    rid = _DOUBLED_YEAR.sub(r"\1", rid)
    head, tail = rid[:2], rid[2:]
    return head + _JUNK.sub("", tail)


def id_from_classification_line(body: Body, sent: datetime | None) -> str | None:
    """YY + location with spaces removed + serial without leading zeros (§5.1)."""
    if not (body.location and body.serial and sent):
        return None
    serial = body.serial.lstrip("0") or "0"
    origin = _origin_of_location(body.location)
    if not origin:
        return None
    year: cython.int = sent.year % 100
    return f"{year // 10}{year % 10}{origin}{serial}"


@lru_cache(maxsize=4096)  # locations are a small vocabulary
def _origin_of_location(location: str) -> str:
    return _NOT_LETTER.sub("", location.upper())


def canonical_id(container: Container, body: Body, sent: datetime | None) -> tuple[str, list[ReaderWarning]]:
    warnings: list[ReaderWarning] = []
    derived = id_from_classification_line(body, sent)
    given = container.reference_id
    if given:
        cleaned = clean_reference_id(given)
        if cleaned != given:
            warnings.append(ReaderWarning(
                code="id-canonicalised",
                message=f"container id {given!r} is malformed; canonical id {cleaned!r}",
                where="container.reference_id",
            ))
        if derived and derived != cleaned and not NARA_MRN.match(cleaned):
            warnings.append(ReaderWarning(
                code="id-mismatch",
                message=f"container id {cleaned} differs from the classification line's {derived}",
                where="body.classification_line",
            ))
        return cleaned, warnings
    if derived:
        warnings.append(ReaderWarning(
            code="id-derived",
            message=f"no id in the container; {derived} derived from the classification line and date",
            where="body.classification_line",
        ))
        return derived, warnings
    warnings.append(ReaderWarning(code="id-missing", message="no reference id could be found", where="container"))
    return "UNKNOWN", warnings
