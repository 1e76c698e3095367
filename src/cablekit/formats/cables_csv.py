"""Cablegate ``cables.csv`` (§1.2): 8 columns, comma-delimited, ``"``-quoted, backslash escapes.

Columns: running id, created ``M/D/YYYY H:MM``, reference id, origin name, classification,
WikiLeaks-computed references (``|``- or comma-separated ids), header, body.

The file is streamed line by line (constant memory, any size). It is a database export: quotes
inside fields are written ``\\"`` (never doubled), a backslash ``\\\\``, and fields hold newlines.
Records are first cut at lines that open a row (``"N","M/D/YYYY H:MM",``) and each record is then
read by :mod:`csv`: a broken row (stray quote, missing column) costs that row only, never the
rows after it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import datetime

from cablekit.formats.base import NotACable, RawCable
from cablekit.formats.text import add_once, clean_text, decode, make_datetime, warning
from cablekit.model import Container, ReaderWarning

COLUMNS = ("row", "created", "reference_id", "origin", "classification", "references", "header", "body")
CSV_DIALECT = {"delimiter": ",", "quotechar": '"', "escapechar": "\\", "doublequote": False, "strict": False}

# The start of a row; nothing in a cable's text starts a line like this.
ROW_START = re.compile(rb'"?\d+"?,"?\d{1,2}/\d{1,2}/\d{4}[ 0-9:]*"?,')
_CREATED = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")
_DIGIT = re.compile(rb"\d")
_REFERENCE_SEPARATORS = re.compile(r"[|,;\s]+")

BOM = b"\xef\xbb\xbf"
FIELD_SIZE_LIMIT = 1 << 28
MAX_RECORD_BYTES = 32 << 20  # a row larger than this is not a cable: skipped, reported


def looks_like_csv(head: bytes) -> bool:
    return ROW_START.match(head.removeprefix(BOM)) is not None


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


def records(lines: Iterable[bytes]) -> Iterator[tuple[int, list[bytes]]]:
    """Group the file's lines into (first line number, lines) per row."""
    record: list[bytes] = []
    size = 0
    start = 1
    for number, line in enumerate(lines, 1):
        if number == 1:
            line = line.removeprefix(BOM)
        if ROW_START.match(line):
            if record:
                yield start, record
            record, size, start = [line], len(line), number
        elif size < MAX_RECORD_BYTES:
            record.append(line)
            size += len(line)
    if record:
        yield start, record


def read_record(start: int, lines: list[bytes], source: str, ordinal: int, format: str) -> RawCable | NotACable:
    warnings: list[ReaderWarning] = []
    decoded: list[str] = []
    for line in lines:
        text, problem = decode(line, "container")
        add_once(warnings, problem)
        decoded.append(text)
    if sum(map(len, lines)) >= MAX_RECORD_BYTES:
        return NotACable(source, f"row is larger than {MAX_RECORD_BYTES >> 20} MB", start)
    try:
        rows = [row for row in csv.reader(decoded, **CSV_DIALECT) if row]
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


def read_cables_csv(lines: Iterable[bytes], source: str, format: str = "cables-csv") -> Iterator[RawCable | NotACable]:
    """One RawCable per row, a NotACable (with its line) per malformed row; never raises."""
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    ordinal = 0
    for start, lines_of_row in records(lines):
        if not ROW_START.match(lines_of_row[0]):
            if any(line.strip() for line in lines_of_row[1:]) or not is_header_row(lines_of_row[0]):
                yield NotACable(source, "lines before the first row are not a row", start)
            continue
        ordinal += 1
        try:
            yield read_record(start, lines_of_row, source, ordinal, format)
        except Exception as exc:  # noqa: BLE001 — one bad row must not end the stream
            yield NotACable(source, f"row unreadable: {type(exc).__name__}: {exc}", start)
