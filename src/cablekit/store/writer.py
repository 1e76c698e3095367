"""Writing cables into the archive: revisions, the current revision's rows, the full-text index.

One :class:`Writer` per archive, used by one thread. The caller groups calls into transactions
and ends each with :meth:`Writer.commit`; each input (its key and fingerprint, table ``inputs``) is
recorded in the same transaction as the cable it produced, so a process killed at any moment
leaves either both or neither, and a rerun skips exactly what is done.

Full-text documents are indexed at commit, in rowid order: FTS5 writes out its in-memory index
whenever a rowid comes below the previous one, and cable keys follow dates, which inputs do not
(a corpus in file order gave a segment per three cables, and merging them cost most of an ingest).
"""

from __future__ import annotations

import sqlite3

from cablekit.store.rows import (
    ADDRESSEE_COLUMNS,
    CABLE_COLUMNS,
    PARAGRAPH_COLUMNS,
    REF_COLUMNS,
    TAG_COLUMNS,
    WARNING_COLUMNS,
    CableRows,
)
from cablekit.store.schema import DOC_KEY_SHIFT, KEY_HASH_BITS, NO_VIEW_ABOVE, cable_key, doc_rowid, now

INGESTED, REVISED, UNCHANGED, QUARANTINED = "ingested", "revised", "unchanged", "quarantined"
OUTCOMES = (INGESTED, REVISED, UNCHANGED, QUARANTINED)

# The current revision's child tables; each is also the name of its CableRows field.
_CHILDREN = (
    ("paragraphs", PARAGRAPH_COLUMNS),
    ("tags", TAG_COLUMNS),
    ("refs", REF_COLUMNS),
    ("addressees", ADDRESSEE_COLUMNS),
    ("warnings", WARNING_COLUMNS),
)


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


_CURRENT_COLUMNS = (*CABLE_COLUMNS, "revision", "revisions", "content_hash", "ingested")
_INSERT_CABLE = _insert("cables", ("key", *_CURRENT_COLUMNS))
_UPDATE_CABLE = f"UPDATE cables SET ({', '.join(_CURRENT_COLUMNS)}) = ({', '.join('?' * len(_CURRENT_COLUMNS))}) WHERE key = ?"
_INSERT_CHILDREN = [(table, _insert(table, columns)) for table, columns in _CHILDREN]
_INSERT_REVISION = _insert("revisions", ("cable_id", "revision", "content_hash", "released", "format", "source", "ingested", "record"))
_INSERT_INPUT = "INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?)"
# A document's text is read from search_text, then given to FTS5 as values: the same in one
# INSERT … SELECT cost three times as much CPU.
_DOC_TEXT = "SELECT doc, subject, body, tags, origin, labels FROM search_text WHERE doc = ?"
_INDEX_DOC = "INSERT INTO search (rowid, subject, body, tags, origin, labels) VALUES (?, ?, ?, ?, ?, ?)"
_UNINDEX_DOC = "INSERT INTO search (search, rowid, subject, body, tags, origin, labels) VALUES ('delete', ?, ?, ?, ?, ?, ?)"


class Writer:
    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._unindexed: set[int] = set()  # documents of this transaction, indexed at commit

    def commit(self) -> None:
        """Index this transaction's documents, in rowid order, and commit."""
        self.db.executemany(_INDEX_DOC, [self._text(doc) for doc in sorted(self._unindexed)])
        self._unindexed.clear()
        self.db.execute("COMMIT")

    def cable(self, rows: CableRows, source: str, file: str, fingerprint: str) -> tuple[str, int]:
        """Store one revision of a cable; returns (outcome, revision number)."""
        db, cid = self.db, rows.id
        stamp = now()
        known = db.execute(
            "SELECT revision FROM revisions WHERE cable_id = ? AND content_hash = ?", (cid, rows.content_hash)
        ).fetchone()
        if known:
            outcome, revision = UNCHANGED, known[0]
        else:
            current = db.execute("SELECT key, revisions, released FROM cables WHERE id = ?", (cid,)).fetchone()
            revision = current[1] + 1 if current else 1
            db.execute(
                _INSERT_REVISION,
                (cid, revision, rows.content_hash, rows.released, rows.cable[CABLE_COLUMNS.index("format")],
                 rows.cable[CABLE_COLUMNS.index("source")], stamp, rows.record),
            )  # fmt: skip
            values = (*rows.cable, revision, revision, rows.content_hash, stamp)
            if current is None:
                outcome = INGESTED
                key = self._free_key(cable_key(rows.cable[CABLE_COLUMNS.index("date")], cid))
                db.execute(_INSERT_CABLE, (key, *values))
                db.execute("UPDATE refs SET resolved = 1 WHERE target_id = ? AND resolved = 0", (cid,))
                self._add_current(key, rows)
            else:
                outcome = REVISED
                key, _, released = current
                # The latest release is current; revisions without a release date count as oldest,
                # and among equals the one ingested last wins (§1.3 Released).
                if (rows.released or "") >= (released or ""):
                    self._remove_current(cid, key)
                    db.execute(_UPDATE_CABLE, (*values, key))
                    preferred = cable_key(rows.cable[CABLE_COLUMNS.index("date")], cid)
                    if preferred >> KEY_HASH_BITS != key >> KEY_HASH_BITS:  # sent at another time: keys follow dates
                        moved = self._free_key(preferred)
                        db.execute("UPDATE cables SET key = ? WHERE key = ?", (moved, key))
                        key = moved
                    self._add_current(key, rows)
                else:
                    db.execute("UPDATE cables SET revisions = ? WHERE key = ?", (revision, key))
        db.execute(_INSERT_INPUT, (source, file, fingerprint, outcome, cid, revision, stamp))
        return outcome, revision

    def _text(self, doc: int) -> tuple:
        return self.db.execute(_DOC_TEXT, (doc,)).fetchone()

    def _free_key(self, key: int) -> int:
        while self.db.execute("SELECT 1 FROM cables WHERE key = ?", (key,)).fetchone():
            key += 1
        return key

    def quarantine(self, source: str, file: str, fingerprint: str, reason: str, line: int | None = None) -> None:
        stamp = now()
        self.db.execute("INSERT OR REPLACE INTO quarantine VALUES (?, ?, ?, ?, ?)", (source, file, reason, line, stamp))
        self.db.execute(_INSERT_INPUT, (source, file, fingerprint, QUARANTINED, None, None, stamp))

    def forget(self, file: str) -> None:
        """Drop what an earlier ingest recorded for a file that changed (its cables stay)."""
        self.db.execute("DELETE FROM inputs WHERE file = ?", (file,))
        self.db.execute("DELETE FROM quarantine WHERE file = ?", (file,))

    def _add_current(self, key: int, rows: CableRows) -> None:
        db = self.db
        for table, sql in _INSERT_CHILDREN:
            values = getattr(rows, table)
            if values:
                db.executemany(sql, values)
        db.execute(
            "UPDATE refs SET resolved = 1 WHERE cable_id = ? AND target_id IN (SELECT id FROM cables)", (rows.id,)
        )
        doc = doc_rowid(key, rows.level)
        db.execute("INSERT INTO search_docs VALUES (?, ?, ?, ?, ?, ?, ?)", (doc, rows.id, rows.level, NO_VIEW_ABOVE, *rows.search))
        self._unindexed.add(doc)

    def _remove_current(self, cid: str, key: int) -> None:
        db = self.db
        docs = (key << DOC_KEY_SHIFT, (key + 1) << DOC_KEY_SHIFT)  # a cable's documents (schema.doc_rowid)
        for (doc,) in db.execute("SELECT doc FROM search_docs WHERE doc >= ? AND doc < ?", docs).fetchall():
            if doc in self._unindexed:
                self._unindexed.discard(doc)
            else:
                db.execute(_UNINDEX_DOC, self._text(doc))
        db.execute("DELETE FROM search_docs WHERE doc >= ? AND doc < ?", docs)
        for table, _ in _CHILDREN:
            db.execute(f"DELETE FROM {table} WHERE cable_id = ?", (cid,))
