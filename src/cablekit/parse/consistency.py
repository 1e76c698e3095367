"""Cross-checks between the container's metadata and the cable's own text (§1.3, §2, consistency
checks of §0). A disagreement is not repaired: it is reported as a warning, since either side may
be the source's error. Each check has its own warning code, so a corpus can be scored per field.
"""

from __future__ import annotations

import re
from datetime import timedelta

from cablekit.model import Body, Container, Header, ReaderWarning
from cablekit.parse.classification import level_of_wikileaks

# Created is usually the DTG, but WikiLeaks' value can differ by minutes (§1.3: 10STATE284
# Created 18:06, DTG 18:20) — allow what the sources show, flag the rest.
DTG_TOLERANCE = timedelta(minutes=30)

CHECK_CODES = {
    "classification": "classification-mismatch",
    "dtg": "dtg-created-mismatch",
    "origin": "origin-mismatch",
    "subject": "subject-title-mismatch",
    "tags": "tags-mismatch",
    "serial": "serial-mismatch",
}

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")
# Post-type words that differ between WikiLeaks' origin names and FM lines (§1.3, §2.6).
_POST_WORDS = frozenset(
    "AMEMBASSY EMBASSY AMCONSUL CONSULATE USMISSION MISSION US USDEL DELEGATION OFFICE AMERICAN "
    "WASHDC WASHINGTON DC THE OF AND USLO REO AIT INSTITUTE IN TAIWAN BRANCH".split()
)
_ORIGIN_SYNONYMS = {"SECSTATE": "STATE", "SECRETARY": "STATE", "SECDEF": "DEFENSE"}


def _words(text: str) -> set[str]:
    words = {_ORIGIN_SYNONYMS.get(w, w) for w in _NON_ALNUM.split(text.upper()) if w}
    return words - _POST_WORDS


def origins_agree(origin_name: str, originator: str) -> bool:
    """'Embassy Rabat' ~ 'AMEMBASSY RABAT'; 'Secretary of State' ~ 'SECSTATE WASHDC'."""
    a, b = _words(origin_name), _words(originator)
    if not a or not b:
        return True
    joined_a, joined_b = "".join(sorted(a)), "".join(sorted(b))
    return bool(a & b) or joined_a in "".join(b) or joined_b in "".join(a)


def _squash(text: str) -> str:
    return _NON_ALNUM.sub("", text.upper())


def subjects_agree(title: str, subject: str) -> bool:
    t, s = _squash(title), _squash(subject)
    if t == s:
        return True
    # WikiLeaks titles are sometimes truncated ("RUSSIAN SCIEN...") or keep a portion mark (§3.9).
    return bool(t) and bool(s) and (s.startswith(t) or t.startswith(s) or t.endswith(s))


def _mismatch(field: str, message: str, where: str) -> ReaderWarning:
    return ReaderWarning(code=CHECK_CODES[field], message=message, where=where)


def cross_check(container: Container, header: Header, body: Body, cable_id: str) -> list[ReaderWarning]:
    warnings: list[ReaderWarning] = []
    if container.classification and body.classification:
        level, _ = level_of_wikileaks(container.classification)
        if level and level != body.classification:
            warnings.append(_mismatch(
                "classification",
                f"metadata says {container.classification}, the classification line says {body.classification}",
                "body.classification_line",
            ))
    if container.created and header.dtg:
        created = container.created if container.created.tzinfo else container.created.replace(tzinfo=header.dtg.tzinfo)
        if abs(created - header.dtg) > DTG_TOLERANCE:
            warnings.append(_mismatch(
                "dtg",
                f"metadata created {container.created:%Y-%m-%d %H:%M} but the DTG is {header.dtg:%Y-%m-%d %H:%MZ}",
                "header.FL5",
            ))
    if container.origin and header.originator and not origins_agree(container.origin, header.originator):
        warnings.append(_mismatch(
            "origin", f"metadata origin {container.origin!r} but FM {header.originator!r}", "header.FL6"
        ))
    if container.title is not None and body.subject is not None and not subjects_agree(container.title, body.subject):
        warnings.append(_mismatch(
            "subject", f"page title {container.title!r} but SUBJECT {body.subject!r}", "body.subject"
        ))
    if container.tags:
        linked = {t.upper() for t in container.tags}
        read = {t.code.upper() for t in body.tags}
        if linked != read:
            warnings.append(_mismatch(
                "tags",
                f"tag links {sorted(linked)} but TAGS line read as {sorted(read)}",
                "body.tags",
            ))
    if header.de and header.de.serial and body.serial:
        de_serial = header.de.serial.lstrip("0")
        if de_serial.isdigit() and body.serial.isdigit() and int(body.serial) % 10000 != int(de_serial) % 10000:
            warnings.append(_mismatch(
                "serial", f"DE serial #{header.de.serial} is not the cable number {body.serial}", "header.FL3"
            ))
    return warnings
