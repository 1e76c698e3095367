"""Ingest on real corpus cables: accounting, idempotence, revisions, quarantine, containers
(directories, globs, cables.csv, zip, tar), kill -9 and resume, reading while an ingest runs."""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
from paths import CORPUS, REPO, corpus_or_skip

from cablekit.store import Archive, ArchiveError
from cablekit.store import ingest as ingest_module
from cablekit.store.ingest import DELAY_ENV, ingest

HTML = CORPUS / "wikileaks-html"
# Real pages (and their references to each other, checked in test_store.py).
PAGES = [
    "2007/05/07PARIS1995", "2007/05/07PARIS1844", "2007/03/07PARIS921", "2006/07/06MADRID1914",
    "2006/10/06MADRID2657", "2007/09/07MADRID1805", "2009/04/09MADRID347", "2009/12/09RABAT988",
]  # fmt: skip
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
CONTENT_TABLES = ("cables", "revisions", "paragraphs", "tags", "refs", "addressees", "warnings", "search_docs", "quarantine")


def page(name: str) -> Path:
    """A corpus page (the test is skipped where ../shared/corpus is not present)."""
    corpus_or_skip()
    return HTML / f"{name}.html"


def copy_pages(target: Path, names=PAGES) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(page(name), target / Path(name).name)
    return target


def first_pages(n: int) -> list[Path]:
    return sorted(HTML.glob("*/*/*.html"))[:n]


def table_rows(db: Path, tables=CONTENT_TABLES, drop=("ingested", "quarantined")) -> dict[str, list]:
    """Every row of the content tables (timestamps left out), in a stable order."""
    con = sqlite3.connect(db)
    dump = {}
    for table in tables:
        names = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] not in drop]
        dump[table] = sorted(con.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall(), key=repr)
    con.close()
    return dump


def integrity(db: Path) -> None:
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.execute("INSERT INTO search (search) VALUES ('integrity-check')")  # raises when the index is off
    assert con.execute("SELECT count(*) FROM search_docs").fetchone() == con.execute("SELECT count(*) FROM cables").fetchone()
    assert con.execute("SELECT count(*) FROM (SELECT id FROM cables GROUP BY id HAVING count(*) > 1)").fetchone() == (0,)
    assert con.execute(
        "SELECT count(*) FROM (SELECT 1 FROM paragraphs GROUP BY cable_id, position HAVING count(*) > 1)"
    ).fetchone() == (0,)
    # every current revision has its record and every cable its inputs
    assert con.execute(
        "SELECT count(*) FROM cables c LEFT JOIN revisions r ON r.cable_id = c.id AND r.revision = c.revision WHERE r.record IS NULL"
    ).fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM cables WHERE id NOT IN (SELECT cable_id FROM inputs WHERE cable_id IS NOT NULL)").fetchone() == (0,)
    con.close()


def cli(*args: str, env: dict | None = None, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cablekit.cli.main", *args],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw,
    )  # fmt: skip


def count(db: Path, sql: str = "SELECT count(*) FROM cables") -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    except sqlite3.OperationalError:  # not created yet
        return 0
    try:
        return con.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # no tables yet
        return 0
    finally:
        con.close()


# --- accounting, idempotence ---------------------------------------------------------------


def test_every_input_is_accounted_for_and_a_second_ingest_changes_nothing(corpus, tmp_path):
    inputs = copy_pages(tmp_path / "in")
    (inputs / "scan.png").write_bytes(PNG)
    (inputs / "empty.html").write_bytes(b"")
    db = tmp_path / "a.db"

    first = ingest([inputs], db, jobs=1)
    assert first.read == 10
    assert (first.ingested, first.revised, first.unchanged, first.quarantined) == (8, 0, 0, 2)
    assert first.balanced
    integrity(db)
    before = table_rows(db)
    with Archive(db) as archive:
        quarantined = {Path(q.source).name: q.reason for q in archive.quarantined()}
        assert archive.stats().inputs == 10
    assert set(quarantined) == {"scan.png", "empty.html"}
    assert "PNG" in quarantined["scan.png"]
    assert "empty" in quarantined["empty.html"].lower()

    file_before = db.read_bytes()
    second = ingest([inputs], db, jobs=1)
    assert (second.read, second.ingested, second.revised, second.unchanged, second.quarantined) == (10, 0, 0, 8, 2)
    assert second.skipped == 10 and second.balanced
    assert db.read_bytes() == file_before  # not a byte changed

    # --force parses everything again: same archive, same counts, nothing skipped
    forced = ingest([inputs], db, jobs=1, force=True)
    assert (forced.read, forced.unchanged, forced.quarantined, forced.skipped) == (10, 8, 2, 0)
    assert table_rows(db) == before
    integrity(db)


def test_the_same_cable_in_other_containers_is_unchanged(corpus, tmp_path):
    # 66BUENOSAIRES2481: a 2010 page, a 2011 page and a cables.csv row of the same text
    db = tmp_path / "a.db"
    summary = ingest(
        [CORPUS / "cables-csv", HTML / "1966", CORPUS / "wikileaks-html-2011" / "1966"], db, jobs=1
    )
    assert (summary.read, summary.ingested, summary.unchanged, summary.revised) == (4, 2, 2, 0)
    with Archive(db) as archive:
        assert [r.revision for r in archive.revisions("66BUENOSAIRES2481")] == [1]
        assert archive.get("66BUENOSAIRES2481").container.format == "cables-csv"  # first read
    assert count(db, "SELECT count(*) FROM inputs WHERE outcome = 'unchanged'") == 2


# --- revisions -----------------------------------------------------------------------------


def revised_page(tmp_path: Path, name: str, old: str, new: str, released: str, folder: str) -> Path:
    """A copy of a real page with one phrase of the body changed and another release date."""
    data = page(name).read_text(encoding="utf-8")
    assert old in data
    data = data.replace(old, new, 1)
    data, n = re.subn(r"(/reldate/)\d{4}-\d{2}-\d{2}(_0\.html'>)\d{4}-\d{2}-\d{2}", rf"\g<1>{released}\g<2>{released}", data, count=1)
    assert n == 1
    target = tmp_path / folder / Path(name).name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(data, encoding="utf-8")
    return target


def test_changed_text_is_a_new_revision_and_the_latest_release_is_current(corpus, tmp_path):
    db = tmp_path / "a.db"
    name = "2007/05/07PARIS1995"
    original = page(name)
    later = revised_page(tmp_path, name, "Heiligendamm", "Wyoming", "2011-08-30", "re-released")
    earlier = revised_page(tmp_path, name, "Heiligendamm", "Nevada", "2010-11-01", "draft")

    assert ingest([original], db, jobs=1).ingested == 1
    summary = ingest([later], db, jobs=1)
    assert (summary.read, summary.revised) == (1, 1)
    with Archive(db) as archive:
        infos = archive.revisions("07PARIS1995")
        assert [(r.revision, r.current) for r in infos] == [(1, False), (2, True)]
        assert infos[1].released.startswith("2011-08-30")
        assert "Wyoming" in archive.get("07PARIS1995").body_text
        assert "Heiligendamm" in archive.get("07PARIS1995", revision=1).body_text
        # search sees the current revision only
        assert [h.id for h in archive.search("wyoming").hits] == ["07PARIS1995"]
        assert archive.search("heiligendamm").total == 0
        change = archive.diff("07PARIS1995")
        assert (change.a, change.b) == (1, 2)
        assert [f.name for f in change.fields] == ["released"]
        removed = [line for line in change.text if line.startswith("-") and not line.startswith("---")]
        added = [line for line in change.text if line.startswith("+") and not line.startswith("+++")]
        assert len(removed) == len(added) == 1
        assert "Heiligendamm" in removed[0] and "Wyoming" in added[0]

    # an older release read afterwards is kept, but does not become current
    assert ingest([earlier], db, jobs=1).revised == 1
    # the original again: unchanged (revision 1 holds its text)
    assert ingest([original], db, jobs=1, force=True).unchanged == 1
    with Archive(db) as archive:
        assert [(r.revision, r.current) for r in archive.revisions("07PARIS1995")] == [(1, False), (2, True), (3, False)]
        assert archive.search("wyoming").total == 1 and archive.search("nevada").total == 0
        assert archive.diff("07PARIS1995", 3, 2).text  # any two revisions compare
    integrity(db)


def test_diff_command(corpus, tmp_path):
    db = tmp_path / "a.db"
    ingest([page("2007/05/07PARIS1995")], db, jobs=1)
    ingest([revised_page(tmp_path, "2007/05/07PARIS1995", "Heiligendamm", "Wyoming", "2011-08-30", "r")], db, jobs=1)
    out, _ = cli("diff", "07PARIS1995", "--db", str(db)).communicate(timeout=60)
    text = out.decode()
    assert "revision 1 → 2" in text and "Heiligendamm" in text and "Wyoming" in text


# --- quarantine ----------------------------------------------------------------------------


def test_unreadable_inputs_are_quarantined_with_their_reason(corpus, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "scan.png").write_bytes(PNG)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "notes.txt").write_text("shopping list: eggs, milk\n")
    (inputs / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    db = tmp_path / "a.db"
    summary = ingest([inputs, tmp_path / "missing.html", str(tmp_path / "none-*.html")], db, jobs=1)
    assert summary.read == summary.quarantined == 6 and summary.balanced
    with Archive(db) as archive:
        reasons = {Path(q.source.rstrip("!")).name: q.reason for q in archive.quarantined()}
    assert set(reasons) == {"scan.png", "empty.txt", "notes.txt", "broken.zip", "missing.html", "none-*.html"}
    assert "no such file" in reasons["missing.html"] and "no such file" in reasons["none-*.html"]
    assert "archive" in reasons["broken.zip"]
    assert all(reasons.values())
    assert sum(summary.reasons.values()) == 6


def test_a_reader_crash_is_quarantined_and_the_ingest_goes_on(corpus, tmp_path, monkeypatch):
    real = ingest_module.read_raw

    def flaky(raw):
        if "07PARIS921" in raw.container.source:
            raise ZeroDivisionError("simulated reader bug")
        return real(raw)

    monkeypatch.setattr(ingest_module, "read_raw", flaky)
    summary = ingest([copy_pages(tmp_path / "in")], tmp_path / "a.db", jobs=1)
    assert (summary.read, summary.ingested, summary.quarantined) == (8, 7, 1)
    assert summary.reasons == {"reader failed: ZeroDivisionError: simulated reader bug": 1}


# --- containers ----------------------------------------------------------------------------


def test_zip_tar_csv_and_globs(corpus, tmp_path):
    pages = [page(n) for n in PAGES]
    with zipfile.ZipFile(tmp_path / "pages.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for p in pages[:4]:
            z.write(p, f"cables/{p.name}")
        z.writestr("cables/readme.txt", "not a cable")
    with tarfile.open(tmp_path / "pages.tar.gz", "w:gz") as t:
        for p in pages[4:]:
            t.add(p, f"more/{p.name}")
    db = tmp_path / "a.db"
    glob = str(CORPUS / "telegram-text" / "09PARIS*.txt")
    summary = ingest([tmp_path / "pages.zip", tmp_path / "pages.tar.gz", CORPUS / "cables-csv" / "cables_sample.csv", glob], db, jobs=1)
    assert (summary.read, summary.ingested, summary.quarantined) == (8 + 1 + 2 + 4, 14, 1)
    with Archive(db) as archive:
        for cid in ("07PARIS1995", "09RABAT988", "66BUENOSAIRES2481", "72TEHRAN1164", "09PARIS1007", "09PARIS997"):
            assert archive.exists(cid), cid
        sources = {archive.get(c).container.source for c in ("07PARIS1995", "09RABAT988")}
    assert sources == {f"{tmp_path / 'pages.zip'}!cables/07PARIS1995.html", f"{tmp_path / 'pages.tar.gz'}!more/09RABAT988.html"}
    again = ingest([tmp_path / "pages.zip", tmp_path / "pages.tar.gz", CORPUS / "cables-csv" / "cables_sample.csv", glob], db, jobs=1)
    assert (again.read, again.unchanged, again.quarantined, again.skipped) == (15, 14, 1, 15)


def test_parallel_ingest_equals_serial(corpus, tmp_path):
    files = first_pages(30)
    ingest(files, tmp_path / "serial.db", jobs=1)
    summary = ingest(files, tmp_path / "parallel.db", jobs=2)
    assert (summary.read, summary.ingested) == (30, 30)
    assert table_rows(tmp_path / "serial.db") == table_rows(tmp_path / "parallel.db")


# --- kill -9 and resume, reading meanwhile --------------------------------------------------


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def children_of(pid: int) -> list[int]:
    found = []
    for path in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(c) for c in path.read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_killed_ingest_resumes_without_partial_or_duplicate_cables(corpus, tmp_path):
    files = first_pages(40)
    inputs = tmp_path / "in"
    inputs.mkdir()
    for f in files:
        shutil.copy(f, inputs / f.name)
    (inputs / "zz-scan.png").write_bytes(PNG)
    db = tmp_path / "a.db"
    # a slow writer (test hook) with small transactions and two workers
    proc = cli("ingest", str(inputs), "--db", str(db), "--batch", "3", "--jobs", "2", "--no-progress", env={DELAY_ENV: "0.3"})
    wait_for(lambda: count(db) >= 9)
    workers = children_of(proc.pid)
    proc.send_signal(signal.SIGKILL)  # kill -9 of the ingest process alone
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    wait_for(lambda: not any(alive(w) for w in workers), timeout=10)  # the workers notice and end

    done = count(db)
    assert 9 <= done < 40
    integrity(db)  # whole cables only, each with its input recorded
    assert count(db, "SELECT count(*) FROM inputs") == done

    resumed = ingest([inputs], db, jobs=1)
    assert resumed.read == 41 and resumed.balanced
    assert resumed.skipped == done and resumed.unchanged == done
    assert (resumed.ingested, resumed.quarantined) == (40 - done, 1)
    integrity(db)
    assert count(db) == 40
    assert table_rows(db) == table_rows_of_fresh_ingest(inputs, tmp_path / "fresh.db")


def table_rows_of_fresh_ingest(inputs: Path, db: Path) -> dict:
    ingest([inputs], db, jobs=1)
    return table_rows(db)


@pytest.mark.slow
def test_readers_search_while_an_ingest_runs(corpus, tmp_path):
    files = first_pages(40)
    db = tmp_path / "a.db"
    ingest(files[:1], db, jobs=1)  # the archive exists before the long ingest starts
    proc = cli("ingest", *map(str, files), "--db", str(db), "--batch", "4", "--jobs", "1", "--no-progress", env={DELAY_ENV: "0.15"})
    seen = []
    with Archive(db) as archive:
        while proc.poll() is None:
            result = archive.search("", limit=5)  # every cable
            seen.append(result.total)
            assert len(result.hits) == min(5, result.total)
            assert archive.search("the", limit=5).total <= result.total + 4  # full text, same snapshot or later
            time.sleep(0.05)
    assert proc.returncode == 0, proc.stderr.read().decode()
    assert seen == sorted(seen)  # totals only grow
    assert any(1 < n < 40 for n in seen)  # the reader saw committed batches before the end
    with Archive(db) as archive:
        assert archive.search("").total == 40
        assert archive.search("the").total == 39  # 66BUENOSAIRES2481 is telegraphese: no "the"
    integrity(db)


# --- the whole corpus ------------------------------------------------------------------------


@pytest.mark.slow
def test_the_whole_corpus_ingests_with_every_input_accounted_for(corpus, tmp_path):
    files = [p for p in CORPUS.rglob("*") if p.is_file()]
    csv_rows = 2  # cables_sample.csv holds two cables
    db = tmp_path / "a.db"
    summary = ingest([CORPUS], db, jobs=2)
    assert summary.read == len(files) - 1 + csv_rows
    assert summary.balanced
    assert count(db, "SELECT count(*) FROM inputs") == summary.read
    assert count(db) == summary.ingested  # no revision: containers of one cable agree
    assert summary.ingested + summary.unchanged + summary.quarantined == summary.read
    integrity(db)
    with Archive(db) as archive:
        stats = archive.stats()
        assert stats.cables == summary.ingested and stats.quarantined == summary.quarantined
        assert archive.search("").total == stats.cables


def test_ingest_refuses_a_database_that_is_not_an_archive(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE cables (x)").connection.commit()
    with pytest.raises(ArchiveError, match="not a cablekit archive"):
        ingest([tmp_path], other, jobs=1)
    with pytest.raises(ArchiveError, match="cannot write"):
        ingest([tmp_path], tmp_path / "no" / "such" / "dir.db", jobs=1)
    proc = cli("ingest", str(tmp_path), "--db", str(other), "--no-progress")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "not a cablekit archive" in err.decode() and "Traceback" not in err.decode()
