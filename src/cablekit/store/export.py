"""Export archive tables as JSON Lines, Parquet or CSV that pandas, Polars and DuckDB load directly.

Streamed in batches (memory stays flat). Types follow the schema: INTEGER → int64, 0/1 flags →
bool, TEXT → string; JSON-array columns (caveats, captions, tags) become lists in Parquet and
JSON Lines and stay JSON text in CSV; date columns become timestamps in Parquet and stay ISO
text (``2009-11-10 14:16:00``, UTC) in JSON Lines and CSV; the revisions' compressed records
become their JSON text.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from cablekit.store import schema

FORMATS = ("jsonl", "parquet", "csv")
# Export name → table (``references`` is a reserved word in SQL, so the table is ``refs``).
TABLES = {
    "cables": "cables",
    "paragraphs": "paragraphs",
    "references": "refs",
    "tags": "tags",
    "addressees": "addressees",
    "warnings": "warnings",
    "revisions": "revisions",
    "quarantine": "quarantine",
    "inputs": "inputs",
}
DEFAULT_TABLES = ("cables", "paragraphs", "references", "tags")
LIST_COLUMNS = {"caveats", "captions", "tags"}
DATE_COLUMNS = {"date", "dtg", "created", "released", "ingested", "quarantined"}
FLAG_COLUMNS = {"in_summary", "in_comment", "year_inferred", "resolved", "collective"}
BATCH_ROWS = 5000
_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


class ExportError(ValueError):
    pass


def _columns(db: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    return [(name, decl.upper()) for _, name, decl, *_ in db.execute(f"PRAGMA table_info({table})")]


def _raw_type(name: str, decl: str) -> pa.DataType:
    if name in FLAG_COLUMNS:
        return pa.bool_()
    return pa.int64() if decl.startswith("INT") else pa.string()


def _typed_type(name: str, decl: str) -> pa.DataType:
    if name in LIST_COLUMNS:
        return pa.list_(pa.string())
    if name in DATE_COLUMNS:
        return pa.timestamp("s")
    return _raw_type(name, decl)


# Values that change on the way out: 0/1 flags → bool; the compressed record → its JSON text.
_CONVERT = {"flag": bool, "record": lambda data: zlib.decompress(data).decode("utf-8")}


def _batches(db: sqlite3.Connection, table: str, columns: list[tuple[str, str]]) -> Iterator[pa.RecordBatch]:
    """Batches with the SQLite values as they are (flags as bool)."""
    names = [name for name, _ in columns]
    raw = pa.schema([(name, _raw_type(name, decl)) for name, decl in columns])
    cursor = db.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY rowid")
    convert = [_CONVERT.get("flag" if name in FLAG_COLUMNS else name) for name in names]
    while rows := cursor.fetchmany(BATCH_ROWS):
        arrays = [
            pa.array([row[i] for row in rows] if f is None else [None if row[i] is None else f(row[i]) for row in rows],
                     type=raw.field(i).type)
            for i, f in enumerate(convert)
        ]  # fmt: skip
        yield pa.RecordBatch.from_arrays(arrays, schema=raw)


def _typed(batch: pa.RecordBatch, typed: pa.Schema) -> pa.RecordBatch:
    arrays = []
    for name, column in zip(batch.schema.names, batch.columns):
        if name in LIST_COLUMNS:
            column = pa.array([None if v is None else msgspec.json.decode(v) for v in column.to_pylist()], pa.list_(pa.string()))
        elif name in DATE_COLUMNS:
            column = pc.strptime(column, format=_DATE_FORMAT, unit="s", error_is_null=True)
        arrays.append(column)
    return pa.RecordBatch.from_arrays(arrays, schema=typed)


def export_table(db: sqlite3.Connection, name: str, format: str, path: Path) -> int:
    """Write one table; returns the number of rows."""
    table = TABLES[name]
    columns = _columns(db, table)
    typed = pa.schema([(n, _typed_type(n, decl)) for n, decl in columns])
    count = 0
    if format == "parquet":
        with pq.ParquetWriter(path, typed) as out:
            for batch in _batches(db, table, columns):
                out.write_batch(_typed(batch, typed))
                count += batch.num_rows
        if not count:
            pq.write_table(typed.empty_table(), path)
    elif format == "csv":
        raw = pa.schema([(n, _raw_type(n, decl)) for n, decl in columns])
        with pcsv.CSVWriter(path, raw) as out:
            for batch in _batches(db, table, columns):
                out.write_batch(batch)
                count += batch.num_rows
    else:
        encoder = msgspec.json.Encoder()
        names = [n for n, _ in columns]
        lists = [n in LIST_COLUMNS for n in names]
        with open(path, "wb") as out:
            for batch in _batches(db, table, columns):
                for row in zip(*(c.to_pylist() for c in batch.columns)):
                    record = {n: (msgspec.json.decode(v) if is_list and v is not None else v) for n, v, is_list in zip(names, row, lists)}
                    out.write(encoder.encode(record) + b"\n")
                count += batch.num_rows
    return count


def export(db_path: str | Path, out_dir: str | Path, format: str, tables: list[str] | tuple[str, ...] = DEFAULT_TABLES) -> dict[str, tuple[Path, int]]:
    """Export tables to ``out_dir/<table>.<format>``; returns table → (path, rows)."""
    if format not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        raise ExportError(f"unknown table {unknown[0]!r}; tables: {', '.join(TABLES)}")
    db_path = Path(db_path)
    if not db_path.is_file():
        raise ExportError(f"no archive at {db_path}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        schema.configure(db, writer=False)
        db.execute("BEGIN")  # one snapshot for every table, even while an ingest runs
        written = {}
        for name in tables:
            path = out_dir / f"{name}.{format}"
            written[name] = (path, export_table(db, name, format, path))
        db.execute("COMMIT")
        return written
    finally:
        db.close()
