"""The Archive API on real corpus cables: records, references in both directions, the
neighbourhood, paragraphs with their markings, errors, the commands, and the schema document."""

from __future__ import annotations

import json
import re
import sqlite3

import msgspec
import pytest
from paths import CORPUS, REPO
from test_ingest import PAGES, cli, page

from cablekit.model import Cable
from cablekit.store import Archive, ArchiveError, CableNotFound
from cablekit.store.ingest import ingest
from cablekit.store.schema import LEVELS


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    path = tmp_path_factory.mktemp("store") / "archive.db"
    ingest([page(name) for name in PAGES], path, jobs=1)
    return path


@pytest.fixture
def archive(archive_path):
    with Archive(archive_path) as opened:
        yield opened


# --- references, both directions (REF lines checked against the pages) --------------------


def test_references_are_resolved_to_archived_cables(archive):
    # 07PARIS1844: "REF: A. PARIS 1789 / B. PARIS 921 / C. PARIS 777 / D. PARIS 1817 /
    # E. EMBASSY PARIS DAILY SIPRNET REPORTS"; of these the archive holds 07PARIS921 only.
    refs = archive.references("07PARIS1844")
    assert [(r.label, r.target_id, r.resolved) for r in refs] == [
        ("A", "07PARIS1789", False),
        ("B", "07PARIS921", True),
        ("C", "07PARIS777", False),
        ("D", "07PARIS1817", False),
        ("E", None, False),
    ]
    assert refs[1].subject.startswith("FRENCH FOREIGN POLICY UNDER NICOLAS SARKOZY")
    assert refs[4].raw == "EMBASSY PARIS DAILY SIPRNET REPORTS"


def test_cited_by_finds_every_citing_cable(archive):
    # 06MADRID2657 "A. MADRID 1914" (same year), 07MADRID1805 "B. 2006 MADRID 1914",
    # 09MADRID347 "C. 06 MADRID 1914" all cite 06MADRID1914 ("COURT FREES 'SPANISH TALIBAN'")
    citing = archive.cited_by("06MADRID1914")
    assert [(c.cable_id, c.label) for c in citing] == [("06MADRID2657", "A"), ("07MADRID1805", "B"), ("09MADRID347", "C")]
    assert archive.cited_by("07PARIS1844")[0].cable_id == "07PARIS1995"  # "REF: A. PARIS 1844"
    assert archive.cited_by("99NOWHERE1") == []


def test_the_refs_column_is_maintained_whichever_cable_comes_first(tmp_path):
    # citing first, cited later (and the other way round): the resolved flag ends up the same
    for order in (["2007/05/07PARIS1995", "2007/05/07PARIS1844"], ["2007/05/07PARIS1844", "2007/05/07PARIS1995"]):
        db = tmp_path / f"{order[0][-4:]}.db"
        for name in order:
            ingest([page(name)], db, jobs=1)
        flags = sqlite3.connect(db).execute(
            "SELECT resolved FROM refs WHERE cable_id = '07PARIS1995' AND target_id = '07PARIS1844'"
        ).fetchall()
        assert flags == [(1,)]


def test_neighbourhood_walks_both_directions(archive):
    graph = archive.neighbourhood("07PARIS1995", depth=2)
    depth = {n.id: n.depth for n in graph.nodes}
    assert depth["07PARIS1995"] == 0
    assert depth["07PARIS1844"] == 1 and depth["07PARIS1871"] == 1  # "B. PARIS 1871", not archived
    assert depth["07PARIS921"] == 2  # cited by 07PARIS1844
    assert ("07PARIS1844", "07PARIS921") in graph.edges and ("07PARIS1995", "07PARIS1844") in graph.edges
    archived = {n.id: n.archived for n in graph.nodes}
    assert archived["07PARIS921"] and not archived["07PARIS1871"]
    one = archive.neighbourhood("07PARIS1995", depth=1)
    assert "07PARIS921" not in {n.id for n in one.nodes}
    small = archive.neighbourhood("07PARIS1995", depth=2, limit=3)
    assert small.truncated and len(small.nodes) == 3


def test_search_by_reference(archive):
    assert {h.id for h in archive.search("ref:06MADRID1914").hits} == {"06MADRID2657", "07MADRID1805", "09MADRID347"}


# --- records, paragraphs ------------------------------------------------------------------


def test_get_returns_the_full_record(archive):
    cable = archive.get("07PARIS1995")
    assert isinstance(cable, Cable) and cable.id == "07PARIS1995"
    assert cable.body.subject.startswith("THE PRESIDENT'S JUNE 6 MEETING WITH FRENCH")
    assert "Heiligendamm" in cable.body_text
    assert archive.get("99NOWHERE1") is None
    assert archive.get("07PARIS1995", revision=2) is None
    with pytest.raises(CableNotFound):
        archive.require("99NOWHERE1")
    with pytest.raises(CableNotFound):
        archive.revisions("99NOWHERE1")
    with pytest.raises(CableNotFound):
        archive.references("99NOWHERE1")
    with pytest.raises(CableNotFound):
        archive.neighbourhood("99NOWHERE1")


def test_paragraphs_keep_their_marking_and_level(archive_path, archive):
    # 07PARIS1995 is CONFIDENTIAL; "1. (C) The meeting between the President and French President ..."
    db = sqlite3.connect(archive_path)
    rows = db.execute(
        "SELECT position, number, portion_marking, classification, level, text FROM paragraphs WHERE cable_id = ? ORDER BY position",
        ("07PARIS1995",),
    ).fetchall()
    cable = archive.get("07PARIS1995")
    assert len(rows) == len(cable.body.paragraphs)
    first = next(r for r in rows if r[1] == 1)
    assert first[2] == "C" and first[3] == "CONFIDENTIAL" and first[4] == LEVELS.index("CONFIDENTIAL")
    assert first[5].startswith("The meeting between the President and French")
    level, classification = db.execute("SELECT level, classification FROM cables WHERE id = '07PARIS1995'").fetchone()
    assert classification == "CONFIDENTIAL"
    # the full-text document of the cable holds every paragraph up to its level
    assert db.execute("SELECT max(level) FROM paragraphs WHERE cable_id = '07PARIS1995'").fetchone()[0] <= level
    doc, doc_level = db.execute("SELECT doc, level FROM search_docs WHERE cable_id = '07PARIS1995'").fetchone()
    assert doc_level == level and doc >> 3 & 7 == level


def test_stats_and_counts(archive):
    stats = archive.stats()
    assert stats.cables == len(PAGES) and stats.revisions == len(PAGES) and stats.quarantined == 0
    assert stats.resolved_references >= 5  # the links checked above
    assert stats.first_date.startswith("2006-07") and stats.last_date.startswith("2009-12")
    assert sum(n for _, n in archive.counts("year")) == len(PAGES)
    assert dict(archive.counts("origin"))["Embassy Paris"] == 3


def test_archive_is_read_only_unless_asked(archive_path):
    with Archive(archive_path) as a:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            a.db.execute("INSERT INTO meta VALUES ('k', 'v')")


# --- commands ------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    proc = cli(*args)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out.decode(), err.decode()


def test_show_text_json_raw(archive_path):
    code, out, _ = run("show", "07PARIS1995", "--db", str(archive_path))
    assert code == 0 and "07PARIS1995" in out and "Heiligendamm" in out and "1 of 1 (current)" in out
    code, out, _ = run("show", "07PARIS1995", "--db", str(archive_path), "--format", "json")
    assert code == 0 and msgspec.json.decode(out.encode(), type=Cable).id == "07PARIS1995"
    code, out, _ = run("show", "07PARIS1995", "--db", str(archive_path), "--format", "raw")
    assert code == 0 and "REF: A. PARIS 1844" in out
    code, _, err = run("show", "99NOWHERE1", "--db", str(archive_path))
    assert code == 1 and "no cable 99NOWHERE1" in err


def test_refs_command(archive_path):
    code, out, _ = run("refs", "07PARIS1844", "--db", str(archive_path), "--depth", "2")
    assert code == 0 and "07PARIS921" in out and "07PARIS1995" in out and "within 2 steps" in out
    code, out, _ = run("refs", "06MADRID1914", "--db", str(archive_path), "--json")
    data = json.loads(out)
    assert [c["cable_id"] for c in data["cited_by"]] == ["06MADRID2657", "07MADRID1805", "09MADRID347"]


def test_search_command_and_its_errors(archive_path):
    code, out, _ = run("search", "spanish", "taliban", "--db", str(archive_path), "--json")
    data = json.loads(out)
    assert code == 0 and data["hits"][0]["id"] == "06MADRID1914"
    code, out, _ = run("search", "tag:PREL", "--db", str(archive_path), "--order", "date", "-n", "2")
    assert code == 0 and "ordered by date" in out
    code, out, err = run("search", '"unclosed', "--db", str(archive_path))
    assert code == 2 and "unclosed quote" in err and "Traceback" not in err
    code, _, err = run("search", "x", "--db", str(REPO / "no-such.db"))
    assert code == 1 and "no archive" in err


# --- the schema document -------------------------------------------------------------------


def test_every_table_and_column_is_documented(archive_path):
    doc = (REPO / "docs" / "archive-schema.md").read_text(encoding="utf-8")
    db = sqlite3.connect(archive_path)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'search\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'")]
    tables += ["search_docs", "search_text"]
    for table in tables:
        assert re.search(rf"^### `{table}`", doc, re.M), f"table {table} is not documented"
        section = doc.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
        for _, column, *_ in db.execute(f"PRAGMA table_info({table})"):
            assert f"`{column}`" in section, f"{table}.{column} is not documented"


def test_a_revision_sent_at_another_time_moves_with_its_date(tmp_path):
    from datetime import datetime

    from test_store_factory import CABLES, make_cable, write_archive

    moved = make_cable(
        "06BAKU1165", "AZERBAIJAN ENERGY NOTES", [("U", "Gas production rose in the Caspian fields.")],
        classification="UNCLASSIFIED", captions=(), dtg=datetime(2010, 2, 1, 9, 0), released=datetime(2011, 8, 30),
        tags=("EPET", "AJ"), origin="Embassy Baku", location="BAKU",
    )  # fmt: skip
    with Archive(write_archive(tmp_path / "a.db", [*CABLES, moved])) as archive:
        assert [r.current for r in archive.revisions("06BAKU1165")] == [False, True]
        by_key = [cid for (cid,) in archive.db.execute("SELECT id FROM cables ORDER BY key")]
        assert by_key[-1] == "06BAKU1165"  # now the newest
        assert [h.id for h in archive.search("from:2010").hits] == ["06BAKU1165"]
        assert archive.search("to:2006").total == 0
        assert [h.id for h in archive.search("caspian").hits] == ["06BAKU1165"]
        assert archive.search("oil").total == 0  # the old text is no longer indexed


def test_an_archive_of_another_schema_version_is_refused_clearly(tmp_path):
    from test_store_factory import write_archive

    path = write_archive(tmp_path / "a.db")
    sqlite3.connect(path).execute("PRAGMA user_version = 1").connection.commit()
    with pytest.raises(ArchiveError, match="schema"):
        Archive(path)
    with pytest.raises(ArchiveError, match="schema version 1"):
        ingest([tmp_path / "nothing"], path, jobs=1)
