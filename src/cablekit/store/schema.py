"""The archive's SQLite schema: plain tables a user can open with any SQLite tool.

Every table and column is documented in ``docs/archive-schema.md``; keep the two in step.
Dates are ISO 8601 text in UTC (``2009-11-10 14:16``), lists are JSON arrays, booleans 0/1.
"""

from __future__ import annotations

import re
import sqlite3
import zlib
from datetime import datetime, timezone

SCHEMA_VERSION = 2  # 1: archives of development builds (no metadata columns in the full-text index)

# Classification levels in ascending order; a paragraph's or cable's ``level`` is the index.
# Unknown markings count as the most restrictive level, so access by clearance fails closed.
LEVELS = ("UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET", "TOP SECRET")
UNKNOWN_LEVEL = len(LEVELS) - 1

# Full-text documents: one row of ``search`` per (cable, view). A view is the text a reader
# at some clearance sees; its rowid packs the cable key, the view's level and the next level
# up that has its own view (NO_VIEW_ABOVE when none), so a clearance filter needs no join:
#   rowid = key << 6 | level << 3 | above      visible to clearance C iff level <= C < above
DOC_KEY_SHIFT = 6
NO_VIEW_ABOVE = 7

# A cable's key orders by date: minutes since 1900 (when sent) above 10 bits of a hash of its id.
# So the newest cables have the largest keys (date order is the index order, read backwards), and
# ``key % 2**n`` for n <= 10 picks a uniform sample (facet counting on huge result sets).
KEY_HASH_BITS = 10
_EPOCH = datetime(1900, 1, 1)

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);

CREATE TABLE IF NOT EXISTS cables (
    key                      INTEGER PRIMARY KEY,   -- stable, grows with the date (see cable_key)
    id                       TEXT NOT NULL UNIQUE,  -- canonical reference id, e.g. 09RABAT904
    revision                 INTEGER NOT NULL,      -- the current revision's number
    revisions                INTEGER NOT NULL,      -- how many revisions the archive holds
    date                     TEXT,                  -- when sent: DTG, else container's created
    month                    TEXT,                  -- YYYY-MM of date
    dtg                      TEXT,
    created                  TEXT,
    released                 TEXT,
    origin                   TEXT,                  -- the post's name, e.g. Embassy Rabat
    station                  TEXT,                  -- origin token of the id, e.g. RABAT, SAOPAULO
    location                 TEXT,                  -- location of the classification line, e.g. SAO PAULO
    classification           TEXT,                  -- one of {LEVELS!r}
    level                    INTEGER NOT NULL,      -- index of classification in that list
    classification_wikileaks TEXT,                  -- the container's value, e.g. SECRET//NOFORN
    caveats                  TEXT NOT NULL DEFAULT '[]',
    captions                 TEXT NOT NULL DEFAULT '[]',
    subject                  TEXT,
    subject_portion_marking  TEXT,
    tags                     TEXT NOT NULL DEFAULT '[]',
    precedence               TEXT,
    originator               TEXT,
    serial                   TEXT,
    declassify_on            TEXT,
    classified_by            TEXT,
    paragraph_count          INTEGER NOT NULL DEFAULT 0,
    reference_count          INTEGER NOT NULL DEFAULT 0,
    warning_count            INTEGER NOT NULL DEFAULT 0,
    redactions               INTEGER NOT NULL DEFAULT 0,
    format                   TEXT,
    source                   TEXT,
    content_hash             TEXT NOT NULL,
    ingested                 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cables_classification ON cables(classification);

CREATE TABLE IF NOT EXISTS revisions (
    cable_id     TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    content_hash TEXT NOT NULL,   -- hash of the body's letters and digits
    released     TEXT,
    format       TEXT,
    source       TEXT,
    ingested     TEXT NOT NULL,
    record       BLOB NOT NULL,   -- the full Cable record: msgspec JSON, zlib-compressed
    UNIQUE (cable_id, revision)
);

CREATE TABLE IF NOT EXISTS paragraphs (
    cable_id        TEXT NOT NULL,
    position        INTEGER NOT NULL,   -- Paragraph.index, from 0
    number          INTEGER,
    portion_marking TEXT,
    classification  TEXT,
    caveats         TEXT NOT NULL DEFAULT '[]',
    level           INTEGER NOT NULL,   -- the marking's level; unmarked → the cable's
    heading         TEXT,
    in_summary      INTEGER NOT NULL DEFAULT 0,
    in_comment      INTEGER NOT NULL DEFAULT 0,
    text            TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS paragraphs_cable ON paragraphs(cable_id, position);

CREATE TABLE IF NOT EXISTS tags (
    cable_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    code     TEXT NOT NULL,
    kind     TEXT,
    meaning  TEXT
);
CREATE INDEX IF NOT EXISTS tags_cable ON tags(cable_id);

CREATE TABLE IF NOT EXISTS refs (
    cable_id      TEXT NOT NULL,       -- the citing cable
    position      INTEGER NOT NULL,
    raw           TEXT,
    label         TEXT,
    kind          TEXT,
    origin        TEXT,
    number        INTEGER,
    year          INTEGER,
    year_inferred INTEGER NOT NULL DEFAULT 0,
    target_id     TEXT,                -- canonical id of the cited cable
    resolved      INTEGER NOT NULL DEFAULT 0,  -- 1 when target_id is in cables
    found_in      TEXT NOT NULL        -- body (the REF line) | wikileaks (the container's list)
);
CREATE INDEX IF NOT EXISTS refs_cable ON refs(cable_id);
CREATE INDEX IF NOT EXISTS refs_target ON refs(target_id);

CREATE TABLE IF NOT EXISTS addressees (
    cable_id          TEXT NOT NULL,
    role              TEXT NOT NULL,   -- to | info | xmt
    position          INTEGER NOT NULL,
    name              TEXT,
    routing_indicator TEXT,
    station           TEXT,
    precedence        TEXT,
    mcn               TEXT,
    collective        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS addressees_cable ON addressees(cable_id);

CREATE TABLE IF NOT EXISTS warnings (
    cable_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    code     TEXT NOT NULL,
    message  TEXT,
    element  TEXT                      -- ReaderWarning.where
);
CREATE INDEX IF NOT EXISTS warnings_cable ON warnings(cable_id);

CREATE TABLE IF NOT EXISTS quarantine (
    source      TEXT PRIMARY KEY,
    file        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    line        INTEGER,
    quarantined TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS inputs (
    source      TEXT PRIMARY KEY,      -- one input: a file, file#row, archive!member
    file        TEXT NOT NULL,         -- the file (or archive member) it came from
    fingerprint TEXT NOT NULL,         -- size:mtime of the file, or hash of a CSV row
    outcome     TEXT NOT NULL,         -- ingested | revised | unchanged | quarantined
    cable_id    TEXT,
    revision    INTEGER,
    ingested    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS inputs_file ON inputs(file);

CREATE TABLE IF NOT EXISTS search_docs (
    doc      INTEGER PRIMARY KEY,      -- key << 6 | level << 3 | above (see schema.py)
    cable_id TEXT NOT NULL,
    level    INTEGER NOT NULL,         -- paragraphs up to this level are in the document
    above    INTEGER NOT NULL,         -- next level with its own document ({NO_VIEW_ABOVE} = none)
    tags     TEXT NOT NULL,            -- indexed metadata: TAGS codes
    origin   TEXT NOT NULL,            -- the origin token of the id, the location, the post's name
    labels   TEXT NOT NULL             -- 'cable', class<level>, caveat<caveat or caption> (see label())
);

-- The text of each full-text document, computed from the paragraphs (nothing stored twice).
CREATE VIEW IF NOT EXISTS search_text(doc, subject, body, tags, origin, labels) AS
SELECT d.doc, c.subject,
       (SELECT group_concat(text, char(10) || char(10))
          FROM (SELECT p.text FROM paragraphs p
                 WHERE p.cable_id = d.cable_id AND p.level <= d.level ORDER BY p.position)),
       d.tags, d.origin, d.labels
  FROM search_docs d JOIN cables c ON c.id = d.cable_id;

-- Words of subject and body are ranked (BM25); tags, origin and labels make field searches
-- (tag: origin: class: caveat:) full-text terms, fast and combinable with the words.
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    subject, body, tags, origin, labels,
    content='search_text', content_rowid='doc',
    tokenize='unicode61 remove_diacritics 2'
);
"""

# BM25 weights of the columns: the subject weighs more than the body; metadata does not rank.
RANK_WEIGHTS = (4.0, 1.0, 0.0, 0.0, 0.0)

# Bulk-ingest settings of the full-text index (kept in the index): bigger leaf pages and fewer,
# larger merges measured ~30 % faster on synthetic Cablegate text; a 64 MiB in-memory index
# (default 1 MiB) writes one segment per transaction instead of one per megabyte, 20 % faster
# again; ``ingest`` optimises at the end.
FTS_SETTINGS = """
INSERT OR IGNORE INTO search (search, rank) VALUES ('hashsize', 67108864);
INSERT OR IGNORE INTO search (search, rank) VALUES ('pgsz', 8000);
INSERT OR IGNORE INTO search (search, rank) VALUES ('automerge', 16);
INSERT OR IGNORE INTO search (search, rank) VALUES ('crisismerge', 64);
"""


def now() -> str:
    """The current time as the archive writes it: UTC, to the second."""
    return datetime.now(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")


def level_of(classification: str | None) -> int:
    """Index of a classification in LEVELS; unknown → the most restrictive level."""
    try:
        return LEVELS.index(classification) if classification else UNKNOWN_LEVEL
    except ValueError:
        return UNKNOWN_LEVEL


# Every document carries the label ANCHOR, so a query made only of negations ("NOT tag:PREL")
# or of nothing is still one full-text query.
ANCHOR = "cable"
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def label(kind: str, value: str) -> str:
    """One token of the labels column: ``label("caveat", "NOFORN")`` → ``caveatnoforn``."""
    return kind + _NOT_WORD.sub("", value.lower())


def cable_key(date: str | None, cable_id: str) -> int:
    """The preferred key of a new cable (the writer takes the next free one on a collision)."""
    minutes = 0
    if date:
        try:
            minutes = max(0, int((datetime.fromisoformat(date) - _EPOCH).total_seconds()) // 60)
        except ValueError:
            pass
    return minutes << KEY_HASH_BITS | zlib.crc32(cable_id.encode("utf-8", "surrogatepass")) & ((1 << KEY_HASH_BITS) - 1)


def doc_rowid(key: int, level: int, above: int = NO_VIEW_ABOVE) -> int:
    return key << DOC_KEY_SHIFT | level << 3 | above


def configure(db: sqlite3.Connection, *, writer: bool) -> None:
    """Connection settings: WAL so readers search while a writer ingests."""
    db.execute("PRAGMA busy_timeout = 30000")
    db.execute("PRAGMA temp_store = MEMORY")
    db.execute(f"PRAGMA cache_size = {-262144 if writer else -131072}")  # KiB: 256 MiB to write, 128 MiB to read
    if not writer:  # pages read in place from the OS cache, not copied: searches ~15 % faster
        db.execute("PRAGMA mmap_size = 68719476736")  # SQLite caps it at its build's maximum (2 GiB here)
    if writer:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # a killed process loses nothing committed
        db.execute("PRAGMA secure_delete = OFF")
        db.execute("PRAGMA foreign_keys = OFF")


def create(db: sqlite3.Connection) -> None:
    """Create every table (idempotent) and record the schema version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return  # nothing written: opening an archive changes nothing
    if version:
        raise RuntimeError(f"archive schema version {version}; this cablekit writes version {SCHEMA_VERSION}")
    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise RuntimeError("the file is an SQLite database but not a cablekit archive")
    from cablekit import __version__

    meta = f"INSERT OR REPLACE INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}'), ('created', '{now()}'), ('created_by', 'cablekit {__version__}');"
    db.executescript("BEGIN;" + SCHEMA + FTS_SETTINGS + meta + f"PRAGMA user_version = {SCHEMA_VERSION};COMMIT;")
