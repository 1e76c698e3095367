"""The archive: one SQLite file (FTS5 full-text index, WAL) holding every cable, its revisions,
paragraphs, tags, references and the inputs it came from. See ``docs/archive-schema.md``.

* :class:`Archive` (``store/archive.py``) — open, search, read, follow references; the API the
  web layer and the commands use (documented in that module).
* :func:`ingest` (``store/ingest.py``) — files, directories, globs, cables.csv, zip/tar → archive.
* :func:`export` (``store/export.py``) — tables as JSON Lines, Parquet or CSV.
"""

from cablekit.store.archive import (
    Archive,
    ArchiveError,
    ArchiveStats,
    CableNotFound,
    Citation,
    GraphNode,
    Neighbourhood,
    ResolvedReference,
    RevisionDiff,
    RevisionInfo,
)
from cablekit.store.query import QuerySyntaxError, parse_query
from cablekit.store.search import MARK_END, MARK_START, Hit, SearchResult

__all__ = [
    "Archive",
    "ArchiveError",
    "ArchiveStats",
    "CableNotFound",
    "Citation",
    "GraphNode",
    "Hit",
    "MARK_END",
    "MARK_START",
    "Neighbourhood",
    "QuerySyntaxError",
    "ResolvedReference",
    "RevisionDiff",
    "RevisionInfo",
    "SearchResult",
    "parse_query",
]
