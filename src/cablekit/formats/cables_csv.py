"""Cablegate ``cables.csv`` (§1.2): 8 columns, comma-delimited, ``"``-quoted, backslash escapes.

Columns: running id, created ``M/D/YYYY H:MM``, reference id, origin name, classification,
WikiLeaks-computed references (``|``- or comma-separated ids), header, body.

The file is a database export: quotes inside fields are written ``\\"`` (never doubled), a
backslash ``\\\\``, and fields hold newlines. It is streamed in 1 MB chunks (constant memory, any
size). Rows are first cut at the lines that open one (``"N","M/D/YYYY H:MM",``), then each row is
read by :mod:`csv`: a broken row (stray quote, missing column) costs that row only, never the
rows after it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO

from cablekit.formats.base import NotACable, RawCable
from cablekit.formats.text import clean_text, decode, make_datetime, warning
from cablekit.model import Container, ReaderWarning

COLUMNS = ("row", "created", "reference_id", "origin", "classification", "references", "header", "body")
CSV_DIALECT = {"delimiter": ",", "quotechar": '"', "escapechar": "\\", "doublequote": False, "strict": True}

# The start of a row; nothing in a cable's text starts a line like this.
_ROW_START = rb'"?\d+"?,"?\d{1,2}/\d{1,2}/\d{4}[ 0-9:]{0,9}"?,'
ROW_START = re.compile(_ROW_START)
_ROW_BOUNDARY = re.compile(rb"\n(?=" + _ROW_START + rb")")
LOOKAHEAD = 64  # a boundary is recognised with at most this many bytes after its newline
_CREATED = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")
_DIGIT = re.compile(rb"\d")
_REFERENCE_SEPARATORS = re.compile(r"[|,;\s]+")

BOM = b"\xef\xbb\xbf"
CHUNK = 1 << 20
FIELD_SIZE_LIMIT = 1 << 28
MAX_RECORD_BYTES = 32 << 20  # a row larger than this is not a cable: skipped, reported


def looks_like_csv(head: bytes) -> bool:
    """A row opens the data, or follows a line of column names."""
    head = head.removeprefix(BOM)
    if ROW_START.match(head):
        return True
    first_end = head.find(b"\n", 0, 4096)
    return first_end >= 0 and is_header_row(head[:first_end]) and ROW_START.match(head, first_end + 1) is not None


def parse_created(value: str) -> datetime | None:
    m = _CREATED.match(value)
    if not m:
        return None
    month, day, year, hour, minute, second = (int(g) if g else 0 for g in m.groups())
    return make_datetime(year, month, day, hour, minute, second)


def is_header_row(line: bytes) -> bool:
    """A blank line, or a line of column names (no digits) before the first row."""
    return not line.strip() or (b"," in line and _DIGIT.search(line) is None)


def split_references(value: str) -> list[str]:
    return [ref for ref in _REFERENCE_SEPARATORS.split(value) if ref]


def records(stream: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(first line number, bytes) per row, read in chunks; None for a row too large to keep.

    The first piece is whatever precedes the first row start: a row, or column names, or junk.
    """
    pending = b""
    line = 1
    dropping = False  # inside a row found too large: its bytes are counted, not kept
    first = True
    while chunk := stream.read(CHUNK):
        if first:
            chunk, first = chunk.removeprefix(BOM), False
        data = pending + chunk
        start = 0
        for boundary in _ROW_BOUNDARY.finditer(data, max(0, len(pending) - LOOKAHEAD)):
            record = data[start: boundary.end()]
            if not dropping and record:
                yield line, record
            line += record.count(b"\n")
            dropping = False
            start = boundary.end()
        pending = data[start:]
        if len(pending) > MAX_RECORD_BYTES:
            if not dropping:
                yield line, None
                dropping = True
            line += pending.count(b"\n")
            pending = b""
    if pending and not dropping:
        yield line, pending


def read_record(start: int, record: bytes, source: str, ordinal: int, format: str) -> RawCable | NotACable:
    warnings: list[ReaderWarning] = []
    text, problem = decode(record, "container")
    if problem:
        warnings.append(problem)
    try:
        rows = [row for row in csv.reader([text], **CSV_DIALECT) if row]
    except csv.Error as exc:
        return NotACable(source, f"malformed row: {exc}", start)
    if len(rows) != 1 or len(rows[0]) != len(COLUMNS):
        shape = "+".join(str(len(r)) for r in rows) or "0"
        return NotACable(source, f"malformed row: {shape} columns, expected {len(COLUMNS)}", start)
    values = dict(zip(COLUMNS, rows[0]))
    created = parse_created(values["created"])
    if created is None:
        warnings.append(warning("date-unreadable", f"created {values['created']!r} is not M/D/YYYY H:MM", "container"))
    header, problems = clean_text(values["header"], "header")
    warnings += problems
    body, problems = clean_text(values["body"], "body")
    warnings += problems
    container = Container(
        format=format,
        source=f"{source}:row {ordinal}",
        reference_id=values["reference_id"].strip() or None,
        created=created,
        classification=values["classification"].strip() or None,
        origin=values["origin"].strip() or None,
        references=split_references(values["references"]),
        fields={"row": values["row"].strip(), "line": str(start)},
    )
    return RawCable(container=container, text=body, header_text=header, warnings=warnings)


def read_cables_csv(stream: BinaryIO, source: str, format: str = "cables-csv") -> Iterator[RawCable | NotACable]:
    """One RawCable per row, a NotACable (with its line) per malformed row; never raises."""
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    ordinal = problems = 0
    for start, record in records(stream):
        if record is None:
            problems += 1
            yield NotACable(source, f"row larger than {MAX_RECORD_BYTES >> 20} MB: skipped", start)
            continue
        if not ROW_START.match(record):
            if start > 1 or not all(is_header_row(line) for line in record.split(b"\n")):
                problems += 1
                yield NotACable(source, "lines before the first row are not a row", start)
            continue
        ordinal += 1
        try:
            yield read_record(start, record, source, ordinal, format)
        except Exception as exc:  # noqa: BLE001 — one bad row must not end the stream
            yield NotACable(source, f"row unreadable: {type(exc).__name__}: {exc}", start)
    if ordinal == problems == 0:
        yield NotACable(source, "no rows")
