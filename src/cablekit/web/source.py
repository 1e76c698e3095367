"""The one place the reading room meets the archive (``cablekit.store``).

Every archive call the pages and the API make goes through :class:`Source`, which turns the
archive's answers into the small dataclasses below and its errors into :class:`NotFound` and
:class:`BadQuery`. A renamed archive method is a change here only.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import msgspec

from cablekit.model import Cable
from cablekit.store import MARK_END, MARK_START, Archive, ArchiveError, CableNotFound, QuerySyntaxError  # noqa: F401  markers re-exported to the pages
from cablekit.web.views import GraphNode

T = TypeVar("T")
# Seconds the current request spent waiting for and in the archive (set by the app's timing middleware).
ARCHIVE_TIME: ContextVar[list[float] | None] = ContextVar("archive_time", default=None)
MAX_QUERY = 2000  # characters; longer queries are refused with a 400
MAX_PAGE = 500


class NotFound(LookupError):
    """An unknown cable id, revision or page."""


class BadQuery(ValueError):
    """A query the archive's grammar rejects (or a bad parameter), with where it went wrong."""

    def __init__(self, message: str, position: int | None = None, query: str = ""):
        super().__init__(message)
        self.message = message
        self.position = position
        self.query = query


@dataclass(frozen=True, slots=True)
class CableSummary:
    id: str
    subject: str | None = None
    date: datetime | None = None  # when sent (the DTG, else the container's created date)
    origin: str | None = None
    classification: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    subject: str | None
    date: datetime | None  # when sent
    origin: str | None
    classification: str | None
    snippet: str  # the matched words between MARK_START and MARK_END
    score: float | None


@dataclass(slots=True)
class SearchPage:
    query: str
    order: str
    page: int
    limit: int
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # tag, origin, classification, year …
    months: list[tuple[str, int]] = field(default_factory=list)  # (YYYY-MM, count)
    facet_sample: int = 1  # 1: exact counts; k: counted on every k-th cable and scaled

    @property
    def pages(self) -> int:
        return max(1, min(MAX_PAGE, -(-self.total // self.limit)))


@dataclass(frozen=True, slots=True)
class Revision:
    number: int
    current: bool
    released: datetime | None
    format: str | None
    source: str | None
    ingested: datetime | None


@dataclass(frozen=True, slots=True)
class ReferenceLink:
    raw: str | None
    label: str | None
    kind: str | None
    reference_id: str | None
    found_in: str  # body (the REF line) | wikileaks (the container's list)
    cable: CableSummary | None  # None: not in the archive (unresolved)


@dataclass(frozen=True, slots=True)
class Citation:
    cable: CableSummary
    label: str | None
    raw: str | None


@dataclass(frozen=True, slots=True)
class FieldChange:
    name: str
    old: object
    new: object


def _when(text: str | None) -> datetime | None:
    """The archive's 'YYYY-MM-DD HH:MM:SS' (UTC) → datetime; None for anything else."""
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


class Source:
    """A read-only archive for the server's threads: a small pool of connections, so a slow
    search does not hold up the cable pages (each :class:`Archive` serialises its own calls)."""

    def __init__(self, db_path: str | Path, connections: int = 4):
        self.db_path = Path(db_path)
        self._pool: queue.LifoQueue[Archive] = queue.LifoQueue()
        self._pool.put(self._open())  # fails now, not on the first request, for a missing or bad file
        self._spare = connections - 1
        self._lock = threading.Lock()
        self._cache: dict[tuple, tuple[tuple, object]] = {}

    def _open(self) -> Archive:
        try:
            return Archive(self.db_path)
        except ArchiveError as exc:
            raise FileNotFoundError(str(exc)) from None

    @contextmanager
    def _archive(self) -> Iterator[Archive]:
        start = time.perf_counter()
        try:
            archive = self._pool.get_nowait()
        except queue.Empty:
            with self._lock:
                grow = self._spare > 0
                self._spare -= grow
            archive = self._open() if grow else self._pool.get()
        try:
            yield archive
        except CableNotFound as exc:
            raise NotFound(str(exc)) from None
        except QuerySyntaxError as exc:
            raise BadQuery(exc.message, exc.position) from None
        finally:
            self._pool.put(archive)
            spent = ARCHIVE_TIME.get()
            if spent is not None:
                spent.append(time.perf_counter() - start)

    # --- search -----------------------------------------------------------------------------

    def search(self, query: str, order: str = "rank", page: int = 1, limit: int = 20) -> SearchPage:
        if len(query) > MAX_QUERY:
            raise BadQuery(f"the query is too long ({len(query):,} characters; at most {MAX_QUERY:,})", None, query[:200] + "…")
        if order not in ("rank", "date"):
            raise BadQuery(f"unknown order '{order}' (use rank or date)", None, query)
        if not 1 <= page <= MAX_PAGE:
            raise BadQuery(f"page must be between 1 and {MAX_PAGE}", None, query)
        try:
            with self._archive() as archive:
                result = archive.search(query, order=order, limit=limit, offset=(page - 1) * limit, facets=True)
        except BadQuery as exc:
            raise BadQuery(exc.message, exc.position, query) from None
        hits = [Hit(h.id, h.subject, _when(h.date), h.origin, h.classification, h.snippet or "", h.score) for h in result.hits]
        return SearchPage(query, order, page, limit, result.total, hits, dict(result.facets), list(result.months), result.facet_sample)

    # --- cables -----------------------------------------------------------------------------

    def cable(self, cable_id: str, revision: int | None = None) -> Cable:
        with self._archive() as archive:
            cable = archive.get(cable_id, revision=revision)
        if cable is None:
            raise NotFound(f"no cable {cable_id}" + (f" revision {revision}" if revision else "") + " in this archive")
        return cable

    def revisions(self, cable_id: str) -> list[Revision]:
        with self._archive() as archive:
            infos = archive.revisions(cable_id)
        return [Revision(r.revision, r.current, _when(r.released), r.format, r.source, _when(r.ingested)) for r in infos]

    def changes(self, cable_id: str, a: int | None, b: int | None) -> tuple[int, int, list[FieldChange]]:
        """The two revisions compared (by default the one before the current, and the current) and
        the metadata that differs between them."""
        with self._archive() as archive:
            diff = archive.diff(cable_id, a, b)
        return diff.a, diff.b, [FieldChange(f.name, f.old, f.new) for f in diff.fields]

    def references(self, cable_id: str) -> list[ReferenceLink]:
        with self._archive() as archive:
            refs = archive.references(cable_id)
        return [
            ReferenceLink(r.raw, r.label, r.kind, r.target_id, r.found_in,
                          CableSummary(r.target_id, r.subject, _when(r.date)) if r.resolved else None)
            for r in refs
        ]

    def cited_by(self, cable_id: str) -> list[Citation]:
        with self._archive() as archive:
            citations = archive.cited_by(cable_id)
        return [Citation(CableSummary(c.cable_id, c.subject, _when(c.date)), c.label, c.raw) for c in citations]

    def neighbourhood(self, cable_id: str, depth: int) -> tuple[list[GraphNode], list[tuple[str, str]]]:
        """Cables within ``depth`` citation steps; edges are (citing, cited)."""
        with self._archive() as archive:
            graph = archive.neighbourhood(cable_id, depth)
        return [GraphNode(n.id, n.depth, n.archived, n.subject) for n in graph.nodes], [tuple(e) for e in graph.edges]

    # --- browsing ---------------------------------------------------------------------------

    def counts(self, kind: str) -> list[tuple[str, int]]:
        """(value, count) of every tag, origin, classification, month (YYYY-MM) or year."""

        def count() -> list[tuple[str, int]]:
            with self._archive() as archive:
                return [(str(v), n) for v, n in archive.counts(kind)]

        return self._unless_changed(("counts", kind), count)

    def stats(self) -> dict:
        def stats() -> dict:
            with self._archive() as archive:
                return msgspec.to_builtins(archive.stats())

        return self._unless_changed(("stats",), stats)

    def _unless_changed(self, key: tuple, compute: Callable[[], T]) -> T:
        """Whole-archive figures (a scan of a table) are kept until the archive file changes."""
        stamp = tuple(os.stat(p).st_mtime_ns if os.path.exists(p) else 0 for p in (self.db_path, f"{self.db_path}-wal"))
        cached = self._cache.get(key)
        if cached is None or cached[0] != stamp:
            cached = self._cache[key] = (stamp, compute())
        return cached[1]
