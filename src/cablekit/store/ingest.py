"""Ingest: files, directories, globs, cables.csv and zip/tar archives of pages → the archive.

::

    from cablekit.store.ingest import ingest
    summary = ingest(["dump/", "cables.csv"], "archive.db", jobs=4)
    summary.read == summary.ingested + summary.revised + summary.unchanged + summary.quarantined

Pipeline (memory stays flat whatever the corpus size):

* the **producer** walks the inputs lazily and makes one task per file, archive member or
  cables.csv row (rows are streamed by ``formats.read_path``); an input the archive already
  holds with the same fingerprint (file size + mtime, member size + CRC, row hash) is counted and
  skipped without being parsed, which makes a second ingest cheap and a resumed one exact;
* a ``multiprocessing`` pool (``jobs`` processes) reads each task: container → RawCable →
  ``parse.reader.read_raw`` → Cable → table rows (``store/rows.py``); any failure, expected or
  not, becomes a quarantine entry with its reason;
* the **writer** (this process) stores results in transactions of about ``batch`` inputs; each
  input's key and fingerprint are committed with its cable, so a process killed at any point
  (``kill -9``) leaves whole cables only, and a rerun skips exactly what was committed.

The number of tasks in flight is bounded (a semaphore around the task iterator), so neither the
pool's queues nor its result cache grow with the corpus. WAL mode lets readers search meanwhile.
"""

from __future__ import annotations

import glob
import hashlib
import multiprocessing
import os
import sqlite3
import tarfile
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from cablekit.formats import NotACable, RawCable, read_bytes, read_path
from cablekit.parse.reader import read_raw
from cablekit.store import schema
from cablekit.store.archive import ArchiveError
from cablekit.store.rows import CableRows, cable_rows
from cablekit.store.writer import INGESTED, OUTCOMES, QUARANTINED, REVISED, UNCHANGED, Writer

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
CSV_SUFFIX = ".csv"
COMMIT_SECONDS = 5.0  # readers see progress at least this often
OPTIMIZE_SHARE = 10  # merge the whole full-text index when 1 cable in this many is new or revised
SMALL_MERGE_PAGES = 2000
# Tasks per message to a worker: each message costs the writer's process about a millisecond of
# thread hand-overs (chunks of 4 cost it 0.45 ms a cable, of 32 0.19 ms).
CHUNK = 32
MISSING = "missing"
# Test hook: seconds to sleep after each commit, so a test can kill an ingest half-way.
DELAY_ENV = "CABLEKIT_INGEST_COMMIT_DELAY"


class Summary(msgspec.Struct, kw_only=True):
    """What an ingest did: every input read is accounted for exactly once."""

    read: int = 0
    ingested: int = 0  # new cables
    revised: int = 0  # new revisions of cables already archived
    unchanged: int = 0  # already in the archive (same text)
    quarantined: int = 0
    skipped: int = 0  # of the above: inputs recognised by fingerprint, not parsed again
    bytes: int = 0
    seconds: float = 0.0
    peak_rss_bytes: int = 0  # all processes of the ingest together, sampled
    reasons: dict[str, int] = {}  # quarantine reasons → inputs

    @property
    def balanced(self) -> bool:
        return self.read == self.ingested + self.revised + self.unchanged + self.quarantined

    def count(self, outcome: str, reason: str | None = None) -> None:
        self.read += 1
        setattr(self, outcome, getattr(self, outcome) + 1)
        if reason is not None:
            self.reasons[reason] = self.reasons.get(reason, 0) + 1


# --- tasks ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Task:
    """One input for a worker: a file path, an archive member's bytes, or one CSV row's result."""

    kind: str  # path | bytes | item
    file: str  # key of the file (or archive member) the input comes from
    fingerprint: str
    size: int  # bytes, for the progress bar
    payload: object = None  # path | bytes | RawCable | NotACable
    key: str | None = None  # input key when it differs from ``file`` (CSV rows)
    forget: bool = False  # the file changed since an earlier ingest: drop what it recorded


@dataclass(slots=True)
class Done:
    """A worker's answer for one task: an outcome per input (cable rows or a quarantine reason)."""

    file: str
    fingerprint: str
    size: int
    forget: bool
    items: list[tuple[str, CableRows | str, int | None]] = field(default_factory=list)  # (key, rows | reason, line)


def _item_key(task: Task, index: int) -> str:
    base = task.key or task.file
    return base if index == 0 else f"{base}#{index + 1}"


def _read(item: RawCable | NotACable) -> CableRows | NotACable:
    """One input → rows, or a NotACable saying why not. Never raises."""
    if isinstance(item, NotACable):
        return item
    source = item.container.source
    try:
        cable = read_raw(item)
        if cable.id in ("", "UNKNOWN"):
            return NotACable(source, "no reference id could be found")
        return cable_rows(cable)
    except Exception as exc:  # noqa: BLE001 — the reader failing on one cable must not stop the ingest
        return NotACable(source, f"reader failed: {type(exc).__name__}: {exc}")


def process(task: Task) -> Done:
    """Worker: read every input of a task."""
    if task.kind == "path":
        items: Iterable[RawCable | NotACable] = read_path(task.payload)
    elif task.kind == "bytes":
        items = read_bytes(task.payload, task.file)
    else:
        items = (task.payload,)
    done = Done(task.file, task.fingerprint, task.size, task.forget)
    for index, item in enumerate(items):
        result = _read(item)
        key = _item_key(task, index)
        if isinstance(result, NotACable):
            done.items.append((key, result.reason, result.line))
        else:
            done.items.append((key, result, None))
    if not done.items:
        done.items.append((_item_key(task, 0), "no cable in this input", None))
    return done


# --- the producer --------------------------------------------------------------------------


def _is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


def expand(specs: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """(absolute path, exists) for every file named, found under a directory, or matched by a
    glob, lazily and in a stable order; a spec that names nothing comes out with exists=False."""
    for spec in specs:
        if os.path.isdir(spec):
            for root, dirs, files in os.walk(spec):
                dirs.sort()
                for name in sorted(files):
                    yield os.path.abspath(os.path.join(root, name)), True
        elif os.path.exists(spec):
            yield os.path.abspath(spec), True
        elif glob.has_magic(spec):
            matches = sorted(glob.iglob(spec, recursive=True))
            if not matches:
                yield spec, False
            yield from expand(matches)
        else:
            yield spec, False


def scan_size(specs: Iterable[str]) -> int:
    """Total bytes of the inputs (for the progress bar's ETA): one walk, stat only."""
    total = 0
    for path, exists in expand(specs):
        if exists:
            try:
                total += os.stat(path).st_size
            except OSError:
                pass
    return total


class Producer:
    """Makes the tasks; skips (and counts) inputs the archive holds with the same fingerprint."""

    def __init__(self, db_path: str, specs: list[str], summary: Summary, lock: threading.Lock, *, force: bool,
                 on_skip: Callable[[int], None]):  # fmt: skip
        self.db_path, self.specs, self.summary, self.lock = db_path, specs, summary, lock
        self.force, self.on_skip = force, on_skip
        self.db: sqlite3.Connection | None = None

    def _recorded(self, column: str, key: str) -> list[tuple[str, str, str | None]]:
        if self.db is None:  # opened in the thread that iterates
            self.db = sqlite3.connect(self.db_path, check_same_thread=False)
            schema.configure(self.db, writer=False)
        return self.db.execute(f"SELECT fingerprint, outcome, reason FROM inputs LEFT JOIN quarantine USING (source) "
                               f"WHERE inputs.{column} = ?", (key,)).fetchall()  # fmt: skip

    def _skip(self, column: str, key: str, fingerprint: str, size: int) -> tuple[bool, bool]:
        """(skip, forget): skip when every input recorded for ``key`` has this fingerprint."""
        if self.force:
            return False, bool(self._recorded(column, key))
        rows = self._recorded(column, key)
        if rows and all(fp == fingerprint for fp, _, _ in rows):
            with self.lock:
                for _, outcome, reason in rows:
                    self.summary.count(QUARANTINED if outcome == QUARANTINED else UNCHANGED, reason)
                    self.summary.skipped += 1
            self.on_skip(size)
            return True, False
        return False, bool(rows)

    def tasks(self) -> Iterator[Task]:
        for path, exists in expand(self.specs):
            if not exists:
                task = Task("item", path, MISSING, 0, NotACable(path, "no such file or directory"))
                if not self._skip("file", path, MISSING, 0)[0]:
                    yield task
            elif _is_archive(path):
                yield from self._archive_tasks(path)
            elif path.lower().endswith(CSV_SUFFIX):
                yield from self._csv_tasks(path)
            else:
                try:
                    st = os.stat(path)
                except OSError as exc:
                    yield Task("item", path, MISSING, 0, NotACable(path, f"cannot read: {exc.strerror or exc}"))
                    continue
                fingerprint = f"{st.st_size}:{st.st_mtime_ns}"
                skip, forget = self._skip("file", path, fingerprint, st.st_size)
                if not skip:
                    yield Task("path", path, fingerprint, st.st_size, path, forget=forget)

    def _csv_tasks(self, path: str) -> Iterator[Task]:
        """One task per row, read here (streamed) so that the rows are parsed in parallel."""
        for index, item in enumerate(read_path(path)):
            key = f"{path}#{index + 1}"
            if isinstance(item, NotACable):
                size, digest = 0, f"{item.reason}:{item.line}".encode()
            else:
                size = len(item.text) + len(item.header_text or "")
                digest = (item.header_text or "").encode("utf-8", "surrogatepass") + b"\0" + item.text.encode("utf-8", "surrogatepass")
            fingerprint = hashlib.blake2b(digest, digest_size=16).hexdigest()
            if not self._skip("source", key, fingerprint, size)[0]:
                yield Task("item", path, fingerprint, size, item, key=key)

    def _archive_tasks(self, path: str) -> Iterator[Task]:
        """One task per member of a zip or tar archive of pages (bytes read here, one at a time)."""
        try:
            members = _zip_members(path) if path.lower().endswith(".zip") else _tar_members(path)
            for name, fingerprint, size, read in members:
                key = f"{path}!{name}"
                skip, forget = self._skip("file", key, fingerprint, size)
                if not skip:
                    yield Task("bytes", key, fingerprint, size, read(), forget=forget)
        except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
            yield Task("item", path, MISSING, 0, NotACable(path, f"unreadable archive: {exc}"), key=f"{path}!")


def _zip_members(path: str) -> Iterator[tuple[str, str, int, Callable[[], bytes]]]:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.is_dir():
                yield info.filename, f"{info.file_size}:{info.CRC}", info.compress_size, lambda i=info: archive.read(i)


def _tar_members(path: str) -> Iterator[tuple[str, str, int, Callable[[], bytes]]]:
    with tarfile.open(path) as archive:  # streamed: members are read in order
        for info in archive:
            if info.isfile():
                yield info.name, f"{info.size}:{info.mtime}", info.size, lambda i=info: archive.extractfile(i).read()


# --- memory --------------------------------------------------------------------------------


def _rss(pid: str | int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def rss_total() -> int:
    """Resident memory of this process and its children (Linux /proc; 0 elsewhere)."""
    total = _rss("self")
    for children in glob.glob("/proc/self/task/*/children"):
        try:
            with open(children) as f:
                total += sum(_rss(pid) for pid in f.read().split())
        except OSError:
            pass
    return total


# --- the pool ------------------------------------------------------------------------------


def _watch_parent(parent: int) -> None:
    """Workers end when the ingest process dies (kill -9 gives them no other notice)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _bounded(tasks: Iterator[Task], slots: threading.Semaphore) -> Iterator[Task]:
    for task in tasks:
        slots.acquire()
        yield task


def _results(tasks: Iterator[Task], jobs: int, slots: threading.Semaphore) -> Iterator[Done]:
    if jobs <= 1:
        for task in tasks:
            yield process(task)
        return
    context = multiprocessing.get_context("spawn")  # no inherited threads, locks or connections
    with context.Pool(jobs, initializer=_watch_parent, initargs=(os.getpid(),)) as pool:
        for done in pool.imap(process, _bounded(tasks, slots), chunksize=CHUNK):
            slots.release()
            yield done


# --- the writer ----------------------------------------------------------------------------


class NullProgress:
    def start(self, total: int) -> None: ...
    def advance(self, size: int, summary: Summary) -> None: ...
    def stage(self, text: str) -> None: ...
    def stop(self) -> None: ...


def ingest(
    specs: Iterable[str | os.PathLike],
    db_path: str | os.PathLike,
    *,
    jobs: int | None = None,
    batch: int = 2000,
    force: bool = False,
    progress: NullProgress | None = None,
    optimize: bool = True,
) -> Summary:
    """Ingest every input into the archive at ``db_path`` (created when missing).

    ``jobs``: parsing processes (default: one per core; 1 parses in this process).
    ``force``: parse inputs again even when their fingerprint is known (after a reader upgrade).
    ``optimize``: merge the full-text index at the end (faster searches): wholly after a bulk
    ingest (a tenth of the archive or more changed), a bounded amount after a small one.
    """
    started = time.monotonic()
    specs = [os.fspath(s) for s in specs]
    db_path = os.fspath(db_path)
    jobs = jobs or os.cpu_count() or 1
    progress = progress or NullProgress()
    delay = float(os.environ.get(DELAY_ENV) or 0)
    summary = Summary()
    lock = threading.Lock()

    try:
        db = sqlite3.connect(db_path, isolation_level=None)
        schema.configure(db, writer=True)
        schema.create(db)
    except (sqlite3.Error, RuntimeError) as exc:
        raise ArchiveError(f"cannot write an archive at {db_path}: {exc}") from None
    writer = Writer(db)
    progress.start(scan_size(specs))

    def skipped(size: int) -> None:
        with lock:
            summary.bytes += size
        progress.advance(size, summary)

    producer = Producer(db_path, specs, summary, lock, force=force, on_skip=skipped)
    slots = threading.Semaphore(jobs * CHUNK * 4)  # each worker busy with a chunk, two more queued
    pending = 0
    last_commit = time.monotonic()
    last_sample = 0.0
    try:
        db.execute("BEGIN IMMEDIATE")
        for done in _results(producer.tasks(), jobs, slots):
            if done.forget:
                writer.forget(done.file)
            outcomes = []
            for key, rows, line in done.items:
                if isinstance(rows, CableRows):
                    outcomes.append((writer.cable(rows, key, done.file, done.fingerprint)[0], None))
                else:
                    writer.quarantine(key, done.file, done.fingerprint, rows, line)
                    outcomes.append((QUARANTINED, rows))
            with lock:
                for outcome, reason in outcomes:
                    summary.count(outcome, reason)
                summary.bytes += done.size
            pending += len(done.items)
            now = time.monotonic()
            if pending >= batch or now - last_commit >= COMMIT_SECONDS:
                writer.commit()
                if delay:
                    time.sleep(delay)
                db.execute("BEGIN IMMEDIATE")
                pending, last_commit = 0, now
            if now - last_sample >= 0.5:
                summary.peak_rss_bytes = max(summary.peak_rss_bytes, rss_total())
                last_sample = now
            progress.advance(done.size, summary)
        writer.commit()
        summary.peak_rss_bytes = max(summary.peak_rss_bytes, rss_total())
        changed = summary.ingested + summary.revised
        if optimize and changed:
            # One merged index searches about twice as fast as the segments a bulk ingest leaves;
            # merging rewrites the whole index, so a small update only tidies up, boundedly.
            progress.stage("merging the full-text index")
            if changed * OPTIMIZE_SHARE >= db.execute("SELECT count(*) FROM cables").fetchone()[0]:
                db.execute("INSERT INTO search (search) VALUES ('optimize')")
            else:
                db.execute(f"INSERT INTO search (search, rank) VALUES ('merge', {SMALL_MERGE_PAGES})")
            db.execute("PRAGMA optimize")
        db.execute("PRAGMA busy_timeout = 1000")  # readers may hold the log: then it stays, no harm
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:  # e.g. another ingest holding the archive: what is committed stays
        raise ArchiveError(f"{db_path}: {exc}") from None
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()
        if producer.db is not None:
            producer.db.close()
        progress.stop()
    summary.seconds = time.monotonic() - started
    return summary


__all__ = ["INGESTED", "OUTCOMES", "QUARANTINED", "REVISED", "Summary", "UNCHANGED", "expand", "ingest", "process"]
