"""The archive as the web layer and the commands use it: open a file, search, read, follow references.

::

    from cablekit.store import Archive, CableNotFound, QuerySyntaxError

    with Archive("archive.db") as archive:                  # read-only; Archive(path, write=True) creates
        result = archive.search('morocco tag:PREL from:2009', order="rank", limit=20, offset=0)
        result.total, result.hits[0].id, result.hits[0].snippet   # snippet marks words MARK_START…MARK_END
        result.facets["tag"], result.facets["origin"]             # [(value, count)], most frequent first
        result.facets["classification"], result.facets["year"], result.months
        cable = archive.get("09RABAT904")                   # Cable | None (current revision)
        archive.get("09RABAT904", revision=1)               # an earlier revision
        archive.revisions("09RABAT904")                     # [RevisionInfo]
        archive.diff("09RABAT904")                          # RevisionDiff: previous → current
        archive.references("09RABAT904")                    # what it cites, resolved to archived cables
        archive.cited_by("09STATE112900")                   # what cites it
        archive.neighbourhood("09RABAT904", depth=2)        # Neighbourhood: nodes and edges
        archive.browse("tag", "PREL", limit=50)             # SearchResult, newest first
        archive.counts("origin")                            # [(value, count)] over the whole archive
        archive.stats()                                     # ArchiveStats

Every method raises :class:`CableNotFound`, :class:`QuerySyntaxError` or :class:`ArchiveError`,
never a ``sqlite3`` error. Results are ``msgspec`` Structs (``msgspec.json.encode`` gives JSON).
One Archive may be shared by threads (calls are serialised); open one per process.
"""

from __future__ import annotations

import difflib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import msgspec

from cablekit.model import Cable
from cablekit.store import schema, search
from cablekit.store.rows import decode_record, iso
from cablekit.store.query import Query, QuerySyntaxError, parse_query
from cablekit.store.search import SearchResult

T = TypeVar("T")


class ArchiveError(Exception):
    """The archive cannot do what was asked (missing file, wrong schema, database trouble)."""


class CableNotFound(ArchiveError, LookupError):
    def __init__(self, cable_id: str, revision: int | None = None):
        self.cable_id = cable_id
        self.revision = revision
        what = f"{cable_id} revision {revision}" if revision else cable_id
        super().__init__(f"no cable {what} in the archive")


class RevisionInfo(msgspec.Struct, frozen=True, kw_only=True):
    revision: int
    current: bool
    content_hash: str
    released: str | None
    format: str | None
    source: str | None
    ingested: str


class FieldChange(msgspec.Struct, frozen=True):
    name: str
    old: object
    new: object


class RevisionDiff(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    a: int
    b: int
    fields: list[FieldChange]  # metadata that differs
    text: list[str]  # unified diff of the body text ([] when equal)


class ResolvedReference(msgspec.Struct, frozen=True, kw_only=True):
    """One item a cable cites, with the cited cable when the archive holds it."""

    position: int
    raw: str | None
    label: str | None
    kind: str | None
    target_id: str | None
    resolved: bool
    found_in: str
    subject: str | None = None
    date: str | None = None


class Citation(msgspec.Struct, frozen=True, kw_only=True):
    """A cable that cites the one asked about."""

    cable_id: str
    label: str | None
    raw: str | None
    subject: str | None
    date: str | None


class GraphNode(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    archived: bool
    depth: int
    subject: str | None = None
    date: str | None = None


class Neighbourhood(msgspec.Struct, frozen=True, kw_only=True):
    center: str
    depth: int
    nodes: list[GraphNode]
    edges: list[tuple[str, str]]  # (citing, cited)
    truncated: bool  # True when the node limit stopped the walk


class ArchiveStats(msgspec.Struct, frozen=True, kw_only=True):
    path: str
    size_bytes: int
    schema_version: int
    cables: int
    revisions: int
    revised_cables: int
    paragraphs: int
    references: int
    resolved_references: int
    quarantined: int
    inputs: int
    first_date: str | None
    last_date: str | None


class QuarantineEntry(msgspec.Struct, frozen=True, kw_only=True):
    source: str
    reason: str
    line: int | None
    quarantined: str


COUNT_FIELDS = {
    "origin": "SELECT origin, count(*) FROM cables WHERE origin IS NOT NULL GROUP BY 1",
    "classification": "SELECT classification, count(*) FROM cables WHERE classification IS NOT NULL GROUP BY 1",
    "month": "SELECT month, count(*) FROM cables WHERE month IS NOT NULL GROUP BY 1 ORDER BY 1",
    "year": "SELECT substr(month, 1, 4), count(*) FROM cables WHERE month IS NOT NULL GROUP BY 1 ORDER BY 1",
    "tag": "SELECT code, count(*) FROM tags GROUP BY code COLLATE NOCASE",
}
_CHRONOLOGICAL = ("month", "year")
DIFF_FIELDS = ("subject", "classification", "caveats", "captions", "tags", "dtg", "released", "references", "paragraphs")


def _diff_fields(cable: Cable) -> dict[str, object]:
    body = cable.body
    return {
        "subject": body.subject,
        "classification": body.classification,
        "caveats": body.caveats,
        "captions": body.captions,
        "tags": [t.code for t in body.tags],
        "dtg": iso(cable.header.dtg),
        "released": iso(cable.container.released),
        "references": [r.reference_id or r.raw for r in body.references],
        "paragraphs": len(body.paragraphs),
    }


class Archive:
    """One archive file. ``write=True`` creates it (and its tables) when missing."""

    def __init__(self, path: str | Path, *, write: bool = False):
        self.path = Path(path)
        self.write = write
        self._lock = threading.RLock()
        self._expansions = search.Expansions()
        if not write and not self.path.is_file():
            raise ArchiveError(f"no archive at {self.path} (create one with: cablekit ingest PATH --db {self.path})")
        try:
            if write:
                self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                schema.configure(self.db, writer=True)
                schema.create(self.db)
            else:
                self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                                          check_same_thread=False)  # fmt: skip
                schema.configure(self.db, writer=False)
                version = self.db.execute("PRAGMA user_version").fetchone()[0]
                if version != schema.SCHEMA_VERSION:
                    raise ArchiveError(f"{self.path} is not a cablekit archive of schema {schema.SCHEMA_VERSION} (found {version})")
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"cannot open {self.path}: {exc}") from None
        except RuntimeError as exc:
            raise ArchiveError(str(exc)) from None

    # --- plumbing ---

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One consistent snapshot per call; sqlite3 errors become ArchiveError."""
        with self._lock:
            try:
                self.db.execute("BEGIN")
                try:
                    yield self.db
                finally:
                    self.db.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if "fts5" in str(exc).lower():  # defensive: the translation quotes every user word
                    raise QuerySyntaxError(f"the search engine rejected this query ({exc})", 0) from None
                raise ArchiveError(f"{self.path}: {exc}") from None
            except sqlite3.DatabaseError as exc:
                raise ArchiveError(f"{self.path}: {exc}") from None

    def _one(self, sql: str, params: tuple = ()) -> tuple | None:
        with self._reading() as db:
            return db.execute(sql, params).fetchone()

    def _all(self, sql: str, params: tuple = (), make: Callable[..., T] | None = None) -> list:
        with self._reading() as db:
            rows = db.execute(sql, params).fetchall()
        return [make(*row) for row in rows] if make else rows

    # --- search ---

    def search(
        self, query: str | Query, *, order: str = "rank", limit: int = 20, offset: int = 0, facets: bool = True
    ) -> SearchResult:
        """Search the current revisions. ``order``: 'rank' (BM25; falls back to date when the
        query has no words) or 'date' (newest first)."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        with self._reading() as db:
            return search.run(db, parsed, order=order, limit=limit, offset=offset, facets=facets, expansions=self._expansions)

    def browse(
        self, field: str, value: str, *, order: str = "date", limit: int = 20, offset: int = 0, facets: bool = False
    ) -> SearchResult:
        """Cables with one field value (tag, origin, class, caveat, ref, from, to …), newest first."""
        return self.search(search.browse_query(field, value), order=order, limit=limit, offset=offset, facets=facets)

    def counts(self, field: str) -> list[tuple[str, int]]:
        """Cables per tag / origin / classification / month / year over the whole archive."""
        if field not in COUNT_FIELDS:
            raise ValueError(f"counts are by {', '.join(COUNT_FIELDS)}, not {field!r}")
        pairs = [(value, n) for value, n in self._all(COUNT_FIELDS[field])]
        return pairs if field in _CHRONOLOGICAL else sorted(pairs, key=lambda p: (-p[1], p[0]))

    # --- cables and revisions ---

    def get(self, cable_id: str, revision: int | None = None) -> Cable | None:
        """The cable's record (the current revision unless one is asked for), or None."""
        if revision is None:
            row = self._one(
                "SELECT r.record FROM cables c JOIN revisions r ON r.cable_id = c.id AND r.revision = c.revision WHERE c.id = ?",
                (cable_id,),
            )
        else:
            row = self._one("SELECT record FROM revisions WHERE cable_id = ? AND revision = ?", (cable_id, revision))
        return decode_record(row[0]) if row else None

    def require(self, cable_id: str, revision: int | None = None) -> Cable:
        cable = self.get(cable_id, revision)
        if cable is None:
            raise CableNotFound(cable_id, revision)
        return cable

    def exists(self, cable_id: str) -> bool:
        return self._one("SELECT 1 FROM cables WHERE id = ?", (cable_id,)) is not None

    def revisions(self, cable_id: str) -> list[RevisionInfo]:
        rows = self._all(
            "SELECT r.revision, r.revision = c.revision, r.content_hash, r.released, r.format, r.source, r.ingested"
            " FROM revisions r JOIN cables c ON c.id = r.cable_id WHERE r.cable_id = ? ORDER BY r.revision",
            (cable_id,),
        )
        if not rows:
            raise CableNotFound(cable_id)
        return [
            RevisionInfo(revision=r, current=bool(cur), content_hash=h, released=rel, format=f, source=s, ingested=i)
            for r, cur, h, rel, f, s, i in rows
        ]

    def diff(self, cable_id: str, a: int | None = None, b: int | None = None) -> RevisionDiff:
        """What changed from revision ``a`` to ``b`` (default: the revision before the current one
        → the current one, in release order)."""
        infos = self.revisions(cable_id)
        ordered = sorted(infos, key=lambda r: (r.released or "", r.revision))
        current = next(r.revision for r in infos if r.current)
        if b is None:
            b = current
        if a is None:
            earlier = [r.revision for r in ordered[: [r.revision for r in ordered].index(b)]]
            a = earlier[-1] if earlier else b
        old, new = self.require(cable_id, a), self.require(cable_id, b)
        before, after = _diff_fields(old), _diff_fields(new)
        fields = [FieldChange(name, before[name], after[name]) for name in DIFF_FIELDS if before[name] != after[name]]
        text = list(
            difflib.unified_diff(
                old.body_text.splitlines(), new.body_text.splitlines(),
                f"{cable_id} revision {a}", f"{cable_id} revision {b}", lineterm="",
            )
        )  # fmt: skip
        return RevisionDiff(id=cable_id, a=a, b=b, fields=fields, text=text)

    # --- references ---

    def references(self, cable_id: str) -> list[ResolvedReference]:
        """What the cable cites, in REF-line order, each resolved to the archived cable if any."""
        if not self.exists(cable_id):
            raise CableNotFound(cable_id)
        return self._all(
            "SELECT r.position, r.raw, r.label, r.kind, r.target_id, t.id IS NOT NULL, r.found_in, t.subject, t.date"
            " FROM refs r LEFT JOIN cables t ON t.id = r.target_id WHERE r.cable_id = ? ORDER BY r.position",
            (cable_id,),
            lambda position, raw, label, kind, target, resolved, found_in, subject, date: ResolvedReference(
                position=position, raw=raw, label=label, kind=kind, target_id=target, resolved=bool(resolved),
                found_in=found_in, subject=subject, date=date,
            ),
        )  # fmt: skip

    def cited_by(self, cable_id: str) -> list[Citation]:
        """The archived cables that cite this id (archived or not), oldest first."""
        return self._all(
            "SELECT DISTINCT c.id, r.label, r.raw, c.subject, c.date FROM refs r JOIN cables c ON c.id = r.cable_id"
            " WHERE r.target_id = ? ORDER BY c.date, c.id",
            (cable_id,),
            lambda cid, label, raw, subject, date: Citation(cable_id=cid, label=label, raw=raw, subject=subject, date=date),
        )

    def neighbourhood(self, cable_id: str, depth: int = 1, *, limit: int = 500) -> Neighbourhood:
        """Cables within ``depth`` citation steps, either direction; ids not archived are leaves."""
        if not self.exists(cable_id):
            raise CableNotFound(cable_id)
        seen: dict[str, int] = {cable_id: 0}
        edges: set[tuple[str, str]] = set()
        frontier = [cable_id]
        truncated = False
        with self._reading() as db:
            for step in range(1, depth + 1):
                found: list[str] = []
                for node in frontier:
                    pairs = db.execute(
                        "SELECT cable_id, target_id FROM refs WHERE (cable_id = ? OR target_id = ?) AND target_id IS NOT NULL",
                        (node, node),
                    ).fetchall()
                    for citing, cited in pairs:
                        edges.add((citing, cited))
                        for other in (citing, cited):
                            if other not in seen:
                                if len(seen) >= limit:
                                    truncated = True
                                    continue
                                seen[other] = step
                                found.append(other)
                frontier = [n for n in found if db.execute("SELECT 1 FROM cables WHERE id = ?", (n,)).fetchone()]
            info = {
                cid: (subject, date)
                for cid in seen
                for subject, date in db.execute("SELECT subject, date FROM cables WHERE id = ?", (cid,))
            }
        nodes = [
            GraphNode(id=cid, archived=cid in info, depth=d, subject=info.get(cid, (None, None))[0], date=info.get(cid, (None, None))[1])
            for cid, d in seen.items()
        ]  # fmt: skip
        kept = [e for e in sorted(edges) if e[0] in seen and e[1] in seen]
        return Neighbourhood(center=cable_id, depth=depth, nodes=nodes, edges=kept, truncated=truncated)

    # --- the archive as a whole ---

    def stats(self) -> ArchiveStats:
        with self._reading() as db:
            one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
            # keys follow dates: the first and last dated cables by key, without a scan
            first, last = (
                (db.execute(f"SELECT date FROM cables WHERE date IS NOT NULL ORDER BY key {way} LIMIT 1").fetchone() or (None,))[0]
                for way in ("ASC", "DESC")
            )
            return ArchiveStats(
                path=str(self.path),
                size_bytes=sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists()),
                schema_version=one("PRAGMA user_version"),
                cables=one("SELECT count(*) FROM cables"),
                revisions=one("SELECT count(*) FROM revisions"),
                revised_cables=one("SELECT count(*) FROM cables WHERE revisions > 1"),
                paragraphs=one("SELECT count(*) FROM paragraphs"),
                references=one("SELECT count(*) FROM refs"),
                resolved_references=one("SELECT count(*) FROM refs WHERE resolved"),
                quarantined=one("SELECT count(*) FROM quarantine"),
                inputs=one("SELECT count(*) FROM inputs"),
                first_date=first,
                last_date=last,
            )

    def quarantined(self, limit: int = 100) -> list[QuarantineEntry]:
        return self._all(
            "SELECT source, reason, line, quarantined FROM quarantine ORDER BY source LIMIT ?",
            (limit,),
            lambda source, reason, line, when: QuarantineEntry(source=source, reason=reason, line=line, quarantined=when),
        )
