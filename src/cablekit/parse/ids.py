"""Cable reference ids (§5.1): canonical form, year, and derivation from the classification line."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from cablekit.model import Body, Container, ReaderWarning
from cablekit.parse.dates import year_of_two_digits

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
    m = NARA_MRN.match(reference_id)
    if m:
        return int(m.group(1))
    m = CABLEGATE_ID.match(reference_id)
    return year_of_two_digits(int(m.group(1))) if m else None


def clean_reference_id(reference_id: str) -> str:
    """Strip the section phrases, EFTO, AMEMBASSY … that malformed WikiLeaks ids carry (§5.1)."""
    return reference_id if _CLEAN.fullmatch(reference_id) else _cleaned(reference_id)


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
    return f"{sent.year % 100:02d}{origin}{serial}"


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
