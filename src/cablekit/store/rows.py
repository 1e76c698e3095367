"""A Cable record → the rows of the archive's tables. Pure; runs in the ingest workers.

Nothing here touches the database: :func:`cable_rows` returns plain tuples (cheap to pickle
between processes) in the column order of the ``*_COLUMNS`` lists, which the writer uses to
build its INSERT statements.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timezone
from hashlib import blake2b
from typing import NamedTuple

import msgspec

from cablekit.model import Cable
from cablekit.parse.ids import CABLEGATE_ID, NARA_MRN
from cablekit.store.schema import ANCHOR, LEVELS, label, level_of

CABLE_COLUMNS = (
    "id", "date", "month", "dtg", "created", "released", "origin", "station", "location",
    "classification", "level", "classification_wikileaks", "caveats", "captions", "subject",
    "subject_portion_marking", "tags", "precedence", "originator", "serial", "declassify_on",
    "classified_by", "paragraph_count", "reference_count", "warning_count", "redactions",
    "format", "source",
)  # fmt: skip
PARAGRAPH_COLUMNS = (
    "cable_id", "position", "number", "portion_marking", "classification", "caveats", "level",
    "heading", "in_summary", "in_comment", "text",
)  # fmt: skip
TAG_COLUMNS = ("cable_id", "position", "code", "kind", "meaning")
REF_COLUMNS = (
    "cable_id", "position", "raw", "label", "kind", "origin", "number", "year", "year_inferred",
    "target_id", "found_in",
)  # fmt: skip
ADDRESSEE_COLUMNS = (
    "cable_id", "role", "position", "name", "routing_indicator", "station", "precedence", "mcn",
    "collective",
)  # fmt: skip
WARNING_COLUMNS = ("cable_id", "position", "code", "message", "element")

_json = msgspec.json.Encoder()


class CableRows(NamedTuple):
    """Everything the writer stores for one revision of one cable."""

    id: str
    content_hash: str
    released: str | None
    level: int  # the cable's level: its full-text document holds paragraphs up to it
    cable: tuple
    paragraphs: list[tuple]
    tags: list[tuple]
    refs: list[tuple]
    addressees: list[tuple]
    warnings: list[tuple]
    search: tuple[str, str, str]  # indexed metadata: tags, origin, labels (schema.search_docs)
    record: bytes  # the Cable: encode_record()


def iso(value: datetime | None) -> str | None:
    """UTC, to the second: ``2009-11-10 14:16:00`` (sorts as text)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat(sep=" ", timespec="seconds")


# Every ASCII character that is not a letter or digit: spacing and punctuation.
_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())


def content_hash(cable: Cable) -> str:
    """Hash of the body's letters and digits, in order: the same cable read from an HTML page, a
    CSV row or a telegram file hashes the same (containers differ in spacing and punctuation, e.g.
    TAGS shown as links lose their commas), while a re-released text with changed words does not."""
    text = cable.body_text.encode("utf-8", "surrogatepass").translate(None, _NOT_ALNUM)
    return blake2b(text, digest_size=16).hexdigest()


def encode_record(cable: Cable) -> bytes:
    """The record as stored in ``revisions.record``: msgspec JSON, zlib-compressed (level 1)."""
    return zlib.compress(_json.encode(cable), 1)


def decode_record(data: bytes) -> Cable:
    return msgspec.json.decode(zlib.decompress(data), type=Cable)


def station_of(cable_id: str) -> str | None:
    """The origin token of a reference id: 09RABAT904 → RABAT (§5.1), 1975STATE095768 → STATE (§5.2)."""
    m = NARA_MRN.match(cable_id) or CABLEGATE_ID.match(cable_id)
    return m.group(2) if m else None


def cable_classification(cable: Cable) -> str | None:
    """The level the text's classification line gives, else WikiLeaks' metadata level (§1.3)."""
    if cable.body.classification in LEVELS:
        return cable.body.classification
    given = (cable.container.classification or "").split("//")[0].strip().upper()
    return given if given in LEVELS else None


def _list(values: list[str]) -> str:
    return _json.encode(values).decode()


def cable_rows(cable: Cable) -> CableRows:
    body, header, container = cable.body, cable.header, cable.container
    cid = cable.id
    classification = cable_classification(cable)
    level = level_of(classification)
    date = iso(header.dtg or container.created)
    eo = body.eo
    declassify_on = (eo.declassify_on.isoformat() if eo.declassify_on else eo.declassify_event) if eo else None
    paragraphs = [
        (
            cid, p.index, p.number, p.portion_marking, p.classification, _list(p.caveats),
            level_of(p.classification) if p.classification else level,
            p.heading, int(p.in_summary), int(p.in_comment), p.text,
        )
        for p in body.paragraphs
    ]  # fmt: skip
    refs = [
        (cid, i, r.raw, r.label, r.kind, r.origin, r.number, r.year, int(r.year_inferred), r.reference_id, "body")
        for i, r in enumerate(body.references)
    ]
    cited = {r.reference_id for r in body.references}
    for target in container.references:  # WikiLeaks' own list (cables.csv column 6, §1.2)
        if target and target not in cited:
            cited.add(target)
            refs.append((cid, len(refs), target, None, "cable", None, None, None, 0, target, "wikileaks"))
    addressees = [
        (cid, a.role, i, a.name, a.routing_indicator, a.station, a.precedence, a.mcn, int(a.collective))
        for group in (header.to, header.info, header.xmt)
        for i, a in enumerate(group)
    ]
    row = (
        cid, date, date[:7] if date else None, iso(header.dtg), iso(container.created),
        iso(container.released), container.origin or header.originator, station_of(cid), body.location,
        classification, level, container.classification, _list(body.caveats), _list(body.captions),
        body.subject or container.title, body.subject_portion_marking, _list([t.code for t in body.tags]),
        header.action_precedence or header.precedence, header.originator, body.serial, declassify_on,
        body.classified_by and (body.classified_by.name or body.classified_by.raw),
        len(body.paragraphs), len(refs), len(cable.warnings), body.redactions, container.format, container.source,
    )  # fmt: skip
    return CableRows(
        id=cid,
        content_hash=content_hash(cable),
        released=iso(container.released),
        level=max([level, *(p[6] for p in paragraphs)]),
        cable=row,
        paragraphs=paragraphs,
        tags=[(cid, i, t.code, t.kind, t.meaning) for i, t in enumerate(body.tags)],
        refs=refs,
        addressees=addressees,
        warnings=[(cid, i, w.code, w.message, w.where) for i, w in enumerate(cable.warnings)],
        search=(
            " ; ".join(t.code for t in body.tags),
            " ; ".join(v for v in (row[CABLE_COLUMNS.index("station")], body.location, row[CABLE_COLUMNS.index("origin")]) if v),
            " ".join([ANCHOR, label("class", classification or "unknown"), *(label("caveat", v) for v in (*body.caveats, *body.captions))]),
        ),
        record=encode_record(cable),
    )
