"""Exports of real corpus cables, read back with pyarrow: every table, every format."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.json as pjson
import pyarrow.parquet as pq
import pytest
from test_ingest import PAGES, cli, page

from cablekit.store.export import DEFAULT_TABLES, TABLES, ExportError, export
from cablekit.store.ingest import ingest

READERS = {"parquet": pq.read_table, "jsonl": pjson.read_json, "csv": pcsv.read_csv}


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory):
    from paths import corpus_or_skip

    corpus_or_skip()
    path = tmp_path_factory.mktemp("export") / "archive.db"
    ingest([page(name) for name in PAGES], path, jobs=1)
    return path


def sqlite_rows(db, table: str) -> list[tuple]:
    return sqlite3.connect(db).execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()


@pytest.mark.parametrize("format", ["parquet", "jsonl", "csv"])
def test_every_table_reads_back_with_pyarrow(archive_path, tmp_path, format):
    written = export(archive_path, tmp_path, format, tuple(TABLES))
    assert set(written) == set(TABLES)
    for name, (path, rows) in written.items():
        assert path == tmp_path / f"{name}.{format}"
        expected = sqlite_rows(archive_path, TABLES[name])
        assert rows == len(expected)
        if not rows:
            continue  # empty JSON Lines / CSV files have no columns to read
        table = READERS[format](path)
        assert table.num_rows == rows, name
        columns = [r[1] for r in sqlite3.connect(archive_path).execute(f"PRAGMA table_info({TABLES[name]})")]
        assert table.column_names == columns


def test_types_and_values_in_parquet(archive_path, tmp_path):
    export(archive_path, tmp_path, "parquet")
    cables = pq.read_table(tmp_path / "cables.parquet")
    schema = cables.schema
    assert schema.field("date").type == pa.timestamp("ms") or schema.field("date").type == pa.timestamp("s")
    assert schema.field("tags").type == pa.list_(pa.string())
    assert schema.field("level").type == pa.int64()
    row = cables.filter(pa.compute.equal(cables["id"], "07PARIS1995")).to_pylist()[0]
    # the page: Created 2007-05-30 …; TAGS PREL FR …; CONFIDENTIAL
    source = sqlite3.connect(archive_path).execute("SELECT date, tags, classification FROM cables WHERE id = '07PARIS1995'").fetchone()
    assert row["date"] == datetime.fromisoformat(source[0])
    assert row["tags"] == __import__("json").loads(source[1]) and "PREL" in row["tags"]
    assert row["classification"] == "CONFIDENTIAL"
    refs = pq.read_table(tmp_path / "references.parquet")
    assert refs.schema.field("resolved").type == pa.bool_()
    resolved = refs.filter(pa.compute.equal(refs["target_id"], "07PARIS921")).to_pylist()
    assert [(r["cable_id"], r["resolved"]) for r in resolved] == [("07PARIS1844", True)]
    paragraphs = pq.read_table(tmp_path / "paragraphs.parquet")
    assert paragraphs.schema.field("caveats").type == pa.list_(pa.string())
    assert paragraphs.schema.field("in_summary").type == pa.bool_()


def test_jsonl_and_csv_keep_lists_and_dates_readable(archive_path, tmp_path):
    export(archive_path, tmp_path / "j", "jsonl")
    export(archive_path, tmp_path / "c", "csv")
    from_json = pjson.read_json(tmp_path / "j" / "cables.jsonl")
    assert from_json.schema.field("tags").type == pa.list_(pa.string())
    from_csv = pcsv.read_csv(tmp_path / "c" / "cables.csv")
    first_tags = from_csv.column("tags")[0].as_py()
    assert first_tags.startswith("[")  # JSON text in CSV
    assert from_json.column("id").to_pylist() == from_csv.column("id").to_pylist()


def test_export_errors_and_command(archive_path, tmp_path):
    with pytest.raises(ExportError, match="format"):
        export(archive_path, tmp_path, "xlsx")
    with pytest.raises(ExportError, match="unknown table"):
        export(archive_path, tmp_path, "csv", ("secrets",))
    with pytest.raises(ExportError, match="no archive"):
        export(tmp_path / "none.db", tmp_path, "csv")
    proc = cli("export", "--db", str(archive_path), "--format", "jsonl", "--out", str(tmp_path / "cmd"))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert sorted(p.name for p in (tmp_path / "cmd").iterdir()) == sorted(f"{t}.jsonl" for t in DEFAULT_TABLES)
