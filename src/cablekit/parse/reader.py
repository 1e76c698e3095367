"""The reader: one RawCable (container + text) → one complete :class:`Cable` record.

Each element is read by its own module (header, opening block, page markers, paragraphs); this
module only wires them together, derives the cable's id and date, and records the cross-checks
between the container's metadata and the cable's own text (see ``consistency.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from cablekit.formats import NotACable, RawCable
from cablekit.formats import read_bytes, read_path, read_text
from cablekit.model import Body, Cable, ReaderWarning
from cablekit.parse.consistency import cross_check
from cablekit.parse.header import parse_header, split_header
from cablekit.parse.ids import canonical_id, year_of_id
from cablekit.parse.opening import parse_opening
from cablekit.parse.paragraphs import parse_text


def read_raw(raw: RawCable) -> Cable:
    """Read one cable. Never raises on odd text: every repair is a warning on the record."""
    warnings: list[ReaderWarning] = list(raw.warnings)
    container = raw.container

    if raw.header_text is None:
        header_text, body_text = split_header(raw.text)
    else:
        header_text, body_text = raw.header_text, raw.text

    year_hint = year_of_id(container.reference_id) or (container.created.year if container.created else None)
    header, header_warnings = parse_header(header_text, year_hint=year_hint)
    warnings += header_warnings

    sent: datetime | None = header.dtg or container.created
    opening = parse_opening(body_text, cable_date=sent.date() if sent else None, reference_id=container.reference_id)
    warnings += opening.warnings

    parts = parse_text(opening.rest, classification=opening.classification, caveats=opening.caveats)
    warnings += parts.warnings

    body = Body(
        classification=opening.classification,
        classification_line=opening.classification_line,
        sensitive=opening.sensitive,
        caveats=opening.caveats,
        section=opening.section,
        location=opening.location,
        serial=opening.serial,
        captions=opening.captions,
        passing=opening.passing,
        eo=opening.eo,
        tags=opening.tags,
        subject=opening.subject,
        subject_portion_marking=opening.subject_portion_marking,
        references=opening.references,
        classified_by=opening.classified_by,
        paragraphs=parts.paragraphs,
        headings=parts.headings,
        summary=parts.summary,
        comment=parts.comment,
        signers=parts.signers,
        redactions=parts.redactions,
    )
    cable_id, id_warnings = canonical_id(container, body, sent)
    warnings += id_warnings
    warnings += cross_check(container, header, body, cable_id)
    return Cable(
        id=cable_id,
        container=container,
        header=header,
        body=body,
        header_text=header_text,
        body_text=body_text,
        warnings=warnings,
    )


def iter_cables(items: Iterator[RawCable | NotACable]) -> Iterator[Cable | NotACable]:
    """Read every RawCable of a container stream; errors pass through as values."""
    for item in items:
        yield item if isinstance(item, NotACable) else read_raw(item)


_LOOKS_LIKE_TEXT = re.compile(r"[\n<]")


def read(source: str | bytes | Path, *, format: str | None = None) -> Cable | list[Cable]:
    """Read a path, bytes or text: one Cable, or a list for a multi-cable container (cables.csv).

    Raises :class:`NotACable` (naming the source and line) when the input holds no cable.
    """
    if isinstance(source, bytes):
        items = read_bytes(source, "<bytes>", format)
    elif isinstance(source, Path) or (isinstance(source, str) and not _LOOKS_LIKE_TEXT.search(source)):
        items = read_path(source, format)
    else:
        items = read_text(source, "<text>", format)
    cables: list[Cable] = []
    for item in iter_cables(items):
        if isinstance(item, NotACable):
            raise item
        cables.append(item)
    if not cables:
        raise NotACable(str(source)[:80], "no cable found")
    return cables[0] if len(cables) == 1 else cables
