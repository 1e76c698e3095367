"""Search: a parsed query (``store/query.py``) → SQL over the archive, ranked hits, facets.

Translation (:func:`plan`). Words, phrases and the indexed fields (``tag:`` ``origin:``
``class:`` ``caveat:`` ``subject:``: columns of the full-text index, see schema.py) become one
FTS5 MATCH expression that drives the query and gives the BM25 rank; top-level ``from:``/``to:``
become a range of rowids (cable keys follow dates); ``ref:``, ``id:`` and what FTS5 cannot
express (those fields under OR / NOT) become sets of keys (:func:`keyset`: UNION, INTERSECT,
EXCEPT of full-text queries, ranges and indexed look-ups) that the query tests membership of.
User words only ever reach FTS5 as quoted strings (:func:`fts5_quote`), so no query can cause
an FTS5 syntax error.

Cost is bounded whatever the number of matches, so that a search matching most of the archive
is about as fast as a narrow one:

* cable keys grow with the date, so "newest first" reads the index backwards and stops after
  the page;
* BM25 orders the :data:`RANK_WINDOW` newest matches (every match when fewer match;
  ``SearchResult.ranked`` says how many were ranked);
* every condition is on the cable key: counting, ranking and sampling read no cable row, and
  only the page's cables are read;
* facets are counted on the hits' keys; above :data:`FACET_EXACT_LIMIT` hits on a uniform
  1-in-k sample, scaled by k (``SearchResult.facet_sample``; 1 = exact);
* snippets are made for the page shown only;
* a prefix (``elect*``) is expanded to the index's words (:func:`expand_prefixes`).
"""

from __future__ import annotations

import heapq
import math
import re
import sqlite3
import unicodedata
from collections import Counter
from datetime import timedelta
from itertools import chain
from operator import add, itemgetter
from typing import NamedTuple

import msgspec

from cablekit.store.query import (
    And,
    DateRange,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    Query,
    QuerySyntaxError,
    Term,
    fts5_and_not,
    fts5_match,
    fts5_quote,
    parse_query,
    to_text,
    walk,
)
from cablekit.store.schema import ANCHOR, DOC_KEY_SHIFT, KEY_HASH_BITS, RANK_WEIGHTS, cable_key, label

MARK_START, MARK_END = "\x02", "\x03"  # around each highlighted word of a snippet
ELLIPSIS = "…"
SNIPPET_TOKENS = 32
FACET_EXACT_LIMIT = 2_000  # sampled above: ±2 % on a top value; 4,000 cost 10 ms more a search at Cablegate size
MAX_EXPANSION = 64
RANK_WINDOW = 2_000  # BM25 costs ~5 µs a document (its size is read from search_docsize)
FINE_SAMPLE = 16  # the counting pass also collects a 1-in-16 sample: enough above 16 × FACET_EXACT_LIMIT hits
FACET_SIZE = 20
LEAD_CHARS = 240

_str_lists = msgspec.json.Decoder(list[list[str]])
_WORD = re.compile(r"[^\W_]+")  # one token of the index (unicode61: letters and digits)


class Hit(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    subject: str | None
    date: str | None  # when sent (DTG, else the container's created), "YYYY-MM-DD HH:MM:SS" UTC
    dtg: str | None  # the header's date-time group, when the cable has one
    origin: str | None
    classification: str | None
    snippet: str  # highlighted words between MARK_START and MARK_END
    score: float | None = None  # BM25 (higher is better); None when ordered by date


class SearchResult(msgspec.Struct, kw_only=True):
    query: str  # canonical query text
    order: str
    total: int
    offset: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = {}
    months: list[tuple[str, int]] = []  # histogram of every month with hits, in order
    facet_sample: int = 1  # 1: exact counts; k: counted on a 1-in-k sample of the hits, scaled by k
    ranked: int = 0  # hits BM25 ordered: all of them, or the RANK_WINDOW newest when more match


# --- translation ---------------------------------------------------------------------------


class Plan(msgspec.Struct, kw_only=True):
    """A query as SQL: a full-text expression (or None), sets of keys, a key range."""

    match: str | None  # drives the query when set
    sets: list[tuple[str, list, bool]]  # (keyset SELECT, its parameters, negated): key IN / NOT IN
    low: int | None = None  # cable keys in [low, high): the top-level from: / to:
    high: int | None = None
    scored: bool = False  # has words or subject terms to rank by
    highlight: str | None = None  # FTS5 expression of every positive word, for snippets


_COLUMN = {"tag": "tags", "origin": "origin", "subject": "subject"}
_LABEL = {"class": "class", "caveat": "caveat"}


def fts(node: Node) -> str | None:
    """An FTS5 expression selecting exactly the cables matching ``node``, or None.

    :func:`fts5_match` (query.py) with the indexed fields: ``tag:`` ``origin:`` ``subject:``
    become column filters, ``class:`` ``caveat:`` tokens of the labels column (schema.label).
    None for from/to, ref, id and purely negative nodes (FTS5's NOT is binary).
    """
    return fts5_match(node, _indexed_field)


def _indexed_field(node: Field) -> str | None:
    if node.name in _COLUMN:
        return f"{_COLUMN[node.name]} : {fts5_quote(node.value)}"
    if node.name in _LABEL:
        return f"labels : {fts5_quote(label(_LABEL[node.name], node.value))}"
    return None


_FIRST_DAY = timedelta(days=1)  # dateless cables have keys below this day of 1900 (schema.cable_key)


def key_range(node: DateRange) -> tuple[int, int | None]:
    """[low, high) of cable keys sent from the first day to the last, inclusive (high None: open)."""
    low = cable_key(node.start.isoformat(), "") if node.start else cable_key("1900-01-02", "")
    high = cable_key((node.end + _FIRST_DAY).isoformat(), "") >> KEY_HASH_BITS << KEY_HASH_BITS if node.end else None
    return low >> KEY_HASH_BITS << KEY_HASH_BITS, high


def _in_range(key: str, low: int, high: int | None, shift: int = 0) -> tuple[str, list]:
    if high is None:
        return f"{key} >= ?", [low << shift]
    return f"{key} >= ? AND {key} < ?", [low << shift, high << shift]


def keyset(node: Node) -> tuple[str, list]:
    """A SELECT of the keys (column ``k``) of the cables matching ``node``: full-text queries,
    key ranges and the small indexed sets of ``ref:`` and ``id:``, combined with UNION,
    INTERSECT and EXCEPT. SQLite computes such a set once; a query then tests membership, so the
    cost follows the sizes of the sets, never a scan of the archive per branch."""
    if (expression := fts(node)) is not None:
        return f"SELECT rowid >> {DOC_KEY_SHIFT} AS k FROM search WHERE search MATCH ?", [expression]
    if isinstance(node, DateRange):
        sql, params = _in_range("key", *key_range(node))
        return f"SELECT key AS k FROM cables WHERE {sql}", params
    if isinstance(node, Field) and node.name == "ref":
        return "SELECT c.key AS k FROM refs r JOIN cables c ON c.id = r.cable_id WHERE r.target_id = ?", [node.value]
    if isinstance(node, Field) and node.name == "id":
        return "SELECT key AS k FROM cables WHERE id = ?", [node.value]
    if isinstance(node, Or):
        return _compound(" UNION ", [keyset(item) for item in node.items])
    if isinstance(node, And):
        positive = [keyset(item) for item in node.items if not isinstance(item, Not)] or [_ALL]
        negative = [keyset(item.item) for item in node.items if isinstance(item, Not)]
        sql, params = _compound(" INTERSECT ", positive)
        for part in negative:
            sql, params = _compound(" EXCEPT ", [(sql, params), part])
        return sql, params
    if isinstance(node, Not):
        return _compound(" EXCEPT ", [_ALL, keyset(node.item)])
    raise QuerySyntaxError(f"cannot search for {node!r}", 0)  # a node type this module does not know


_ALL = ("SELECT key AS k FROM cables", [])


def _compound(operator: str, parts: list[tuple[str, list]]) -> tuple[str, list]:
    if len(parts) == 1:
        return parts[0]
    # each member in its own sub-select: compound operators of SQLite all bind alike, left to right
    sql = operator.join(f"SELECT k FROM ({part})" for part, _ in parts)
    return sql, [p for _, params in parts for p in params]


def _ranked_terms(node: Node | None, negated: bool = False) -> list[str]:
    """FTS5 expressions of the words, phrases and subject: terms a matching cable contains (not
    under NOT): what BM25 ranks by and snippets mark."""
    if isinstance(node, (Term, Phrase)) or (isinstance(node, Field) and node.name == "subject"):
        return [] if negated else [fts(node)]
    if isinstance(node, (And, Or)):
        return [t for item in node.items for t in _ranked_terms(item, negated)]
    if isinstance(node, Not):
        return _ranked_terms(node.item, not negated)
    return []


def plan(query: Query) -> Plan:
    """Translate a parsed query: top-level conjuncts that FTS5 can express (words, phrases and
    the indexed fields, negated or not) become one MATCH that drives the query; top-level from/to
    a range of keys; the rest sets of keys. A query with no positive full-text conjunct is
    anchored on the label every document carries, unless a set or a range can drive it."""
    root = query.root
    items = root.items if isinstance(root, And) else (() if root is None else (root,))
    positive, negative, sets = [], [], []
    low, high = None, None
    for item in items:
        if isinstance(item, DateRange):
            a, b = key_range(item)
            low = max(a, low if low is not None else a)
            high = b if high is None else high if b is None else min(b, high)
        elif (expression := fts(item)) is not None:
            positive.append(expression)
        elif isinstance(item, Not) and (expression := fts(item.item)) is not None:
            negative.append(expression)
        elif isinstance(item, Not):
            sets.append((*keyset(item.item), True))
        else:
            sets.append((*keyset(item), False))
    if not positive and (negative or not (sets or low is not None)):
        positive.append(f"labels : {fts5_quote(ANCHOR)}")
    terms = _ranked_terms(root)
    return Plan(
        match=fts5_and_not(positive, negative), sets=sets, low=low, high=high,
        scored=bool(terms), highlight=" OR ".join(terms) or None,
    )  # fmt: skip


# --- execution -----------------------------------------------------------------------------


class Sql(NamedTuple):
    """A plan as SQL text over the keys: every condition is on the key, so counting, ranking,
    sampling and paging read no cable row; only the page's cables are read, by key."""

    counted: str
    where: str
    params: list
    key: str  # the cable key, in terms of ``counted``
    newest: str  # ORDER BY for newest first
    keyset: bool = False  # a set of keys drives: SQLite computes all of it in every pass


def _sql(p: Plan) -> Sql:
    """Cable keys grow with the date (schema.cable_key): the full-text index read backwards by
    rowid yields the newest first, so a page costs what it shows, not what matches, and a date
    range is a range of rowids. Without a full-text expression, the first set of keys drives."""
    where, params = [], []
    sets = list(p.sets)
    if p.match is not None:
        counted = "search"
        where, params = ["search MATCH ?"], [p.match]
        rowid, key, shift = "search.rowid", f"(search.rowid >> {DOC_KEY_SHIFT})", DOC_KEY_SHIFT
    elif driver := next((s for s in sets if not s[2]), None):
        sets.remove(driver)
        counted = f"({driver[0]}) s"
        params = list(driver[1])
        rowid = key = "s.k"
        shift = 0
    else:
        counted = "cables c"
        rowid = key = "c.key"
        shift = 0
    if p.low is not None:
        sql, values = _in_range(rowid, p.low, p.high, shift)
        where.append(sql)
        params += values
    for sql, values, negated in sets:
        where.append(f"{key} {'NOT IN' if negated else 'IN'} ({sql})")
        params += values
    return Sql(counted, " AND ".join(where) or "1", params, key, f"{rowid} DESC", counted.startswith("("))


_HIT_COLUMNS = "c.key, c.id, c.subject, c.date, c.dtg, c.origin, c.classification"


def _fold(text: str) -> str:
    """A word as the index holds it: lower case, accents dropped (unicode61 remove_diacritics)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))


class Expansions:
    """Words of the index per prefix, for one connection: fts5vocab reads every document list
    of the words it names (20 ms for ``elect*`` on Cablegate), so a search paged through or
    repeated looks them up once. Valid while the archive is unchanged (``PRAGMA data_version``
    counts other connections' commits, ``total_changes`` this one's)."""

    LIMIT = 1024

    def __init__(self) -> None:
        self.state: tuple[int, int] | None = None
        self.known: dict[str, list[str]] = {}

    def words(self, db: sqlite3.Connection, prefix: str) -> list[str]:
        state = (db.execute("PRAGMA data_version").fetchone()[0], db.total_changes)
        if state != self.state or len(self.known) >= self.LIMIT:
            self.state, self.known = state, {}
        if prefix not in self.known:
            self.known[prefix] = [w for (w,) in db.execute(
                f"SELECT term FROM temp.search_vocab WHERE term >= ? AND term < ? LIMIT {MAX_EXPANSION + 1}",
                (prefix, prefix + "\U0010ffff"),
            )]  # fmt: skip
        return self.known[prefix]


def expand_prefixes(db: sqlite3.Connection, node: Node | None, expansions: Expansions | None = None) -> Node | None:
    """``elect*`` → ``election OR elections OR electoral …``: the words of the index with that
    prefix (fts5vocab), when there are at most MAX_EXPANSION. FTS5 answers a prefix by building
    the whole merged list of its words' documents before the first row, and again for each use
    (count, rank, snippets); an OR of words is merged lazily, and a page costs what it shows.
    Same matches either way; a prefix with more words (or none found) is left to FTS5."""
    if isinstance(node, Term) and node.prefix and _WORD.fullmatch(folded := _fold(node.text)):
        words = (Expansions() if expansions is None else expansions).words(db, folded)
        if 1 <= len(words) <= MAX_EXPANSION:
            return Term(words[0]) if len(words) == 1 else Or(tuple(Term(w) for w in words))
        return node
    if isinstance(node, (And, Or)):
        return type(node)(tuple(expand_prefixes(db, item, expansions) for item in node.items))
    if isinstance(node, Not):
        return Not(expand_prefixes(db, node.item, expansions))
    return node


def run(
    db: sqlite3.Connection, query: Query, *, order: str, limit: int, offset: int, facets: bool,
    expansions: Expansions | None = None,
) -> SearchResult:  # fmt: skip
    """Run a parsed query: hits of one page, the total and (optionally) facets."""
    if order not in ("rank", "date"):
        raise ValueError(f"order must be 'rank' or 'date', not {order!r}")
    if any(isinstance(n, Term) and n.prefix for n in walk(query)):
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, search, 'row')")
        p = plan(Query(expand_prefixes(db, query.root, expansions)))
    else:
        p = plan(query)
    counted, where, params, key, newest, keyset = _sql(p)
    ranked = order == "rank" and p.scored and p.match is not None  # BM25 needs the full-text driver
    page: list[tuple[int, float | None]] = []  # (key, score) of the hits shown
    if keyset:  # computed once, here, rather than once per pass; read as one string, sorted here
        every = db.execute(f"SELECT group_concat({key}) FROM {counted} WHERE {where}", params).fetchone()[0]
        every = sorted(map(int, every.split(",")), reverse=True) if every else []
        total, (sample, keys) = len(every), sampled(every) if facets else (1, [])
        page = [(k, None) for k in every[offset : offset + limit]]
    elif ranked and offset < RANK_WINDOW:
        # BM25 orders the RANK_WINDOW newest matches (all of them, unless more match: then only
        # are they counted) …
        score = f"bm25(search, {', '.join(map(str, RANK_WEIGHTS))})"
        window = db.execute(f"SELECT {key}, {score} FROM {counted} WHERE {where} ORDER BY {newest} LIMIT {RANK_WINDOW}", params).fetchall()
        if len(window) < RANK_WINDOW:
            total, (sample, keys) = len(window), sampled([k for k, _ in window]) if facets else (1, [])
        else:
            total, sample, keys = count(db, counted, where, params, key, facets, at_least=len(window))
        # best score first, newest first among equals (the window is newest first; the sort is stable)
        page = heapq.nsmallest(offset + limit, window, key=itemgetter(1))[offset:]
    else:
        total, sample, keys = count(db, counted, where, params, key, facets)
    if len(page) < limit and total > (RANK_WINDOW if ranked else offset) and not keyset:
        # … and the older ones follow, newest first
        start = max(offset, RANK_WINDOW) if ranked else offset
        page += db.execute(
            f"SELECT {key}, NULL FROM {counted} WHERE {where} ORDER BY {newest} LIMIT ? OFFSET ?", [*params, limit - len(page), start]
        ).fetchall()
    # only the page's cables are read
    found = {row[0]: row for row in db.execute(f"SELECT {_HIT_COLUMNS} FROM cables c WHERE c.key IN ({','.join(str(k) for k, _ in page)})")}
    fragments = snippets(db, [k for k, _ in page], p.highlight)
    hits = [
        Hit(
            id=cid, subject=subject, date=date, dtg=dtg, origin=origin, classification=classification,
            snippet=fragments[k], score=None if score is None else -score,
        )
        for k, score in page
        for _, cid, subject, date, dtg, origin, classification in (found[k],)
    ]  # fmt: skip
    result = SearchResult(
        query=str(query), order="rank" if ranked else "date", total=total, offset=offset, hits=hits,
        ranked=min(total, RANK_WINDOW) if ranked else 0,
    )  # fmt: skip
    if facets and total:
        count_facets(db, keys, sample, result)
    return result


_SNIPPET = f"SELECT rowid >> {DOC_KEY_SHIFT}, snippet(search, -1, ?, ?, ?, ?) FROM search WHERE search MATCH ? AND rowid >= ? AND rowid < ?"


def snippets(db: sqlite3.Connection, keys: list[int], highlight: str | None) -> dict[int, str]:
    """For each cable key: the best fragment with every query word marked, else the opening words.

    A query per hit, limited to the hit's own documents (FTS5 seeks to them), costs a few
    milliseconds a page. A prefix (``econ*``) is different: FTS5 expands it to every matching
    term before it can seek, so then one query covers the page's range and snippet() runs only
    for the page's documents.
    """
    found: dict[int, str] = {}
    marks = (MARK_START, MARK_END, ELLIPSIS, SNIPPET_TOKENS, highlight)
    if highlight and keys and '"*' in highlight:
        page = ", ".join(str(k) for k in keys)
        rows = db.execute(
            f"{_SNIPPET} AND rowid >> {DOC_KEY_SHIFT} IN ({page})",
            (*marks, min(keys) << DOC_KEY_SHIFT, (max(keys) + 1) << DOC_KEY_SHIFT),
        ).fetchall()
    elif highlight:
        rows = [row for k in keys for row in db.execute(_SNIPPET, (*marks, k << DOC_KEY_SHIFT, (k + 1) << DOC_KEY_SHIFT))]
    else:
        rows = []
    for key, text in rows:
        if text and MARK_START in text:
            found.setdefault(key, text)
    missing = [k for k in keys if k not in found]
    if missing:
        marks = ", ".join(str(k) for k in missing)
        for key, text in db.execute(
            f"SELECT c.key, (SELECT p.text FROM paragraphs p WHERE p.cable_id = c.id ORDER BY p.position LIMIT 1)"
            f" FROM cables c WHERE c.key IN ({marks})"
        ):
            text = " ".join((text or "").split())
            found[key] = text if len(text) <= LEAD_CHARS else text[:LEAD_CHARS].rsplit(" ", 1)[0] + ELLIPSIS
    return found


def count(
    db: sqlite3.Connection, counted: str, where: str, params: list, key: str, facets: bool, at_least: int = 0
) -> tuple[int, int, list[int]]:
    """(total, k, keys of the hits to count facets on: all of them (k = 1) or a 1-in-k sample).

    A first pass reads at most FACET_EXACT_LIMIT + 1 keys: when that is all (a narrow search,
    often a costly one such as a phrase of common words), it is the only pass. Else one pass
    counts and collects a 1-in-FINE_SAMPLE sample, which k (a power of two) thins; only when
    k < FINE_SAMPLE does a third pass collect the sample. A key's low bits are a hash of the
    cable id (schema.cable_key), so "key % k = 0" is a uniform sample, whatever the dates,
    origins or ingest order.
    """
    if facets and at_least <= FACET_EXACT_LIMIT:  # (the caller may know there are more hits)
        keys = [k for (k,) in db.execute(f"SELECT {key} FROM {counted} WHERE {where} LIMIT {FACET_EXACT_LIMIT + 1}", params)]
        if len(keys) <= FACET_EXACT_LIMIT:
            return len(keys), 1, keys
    if not facets:
        return db.execute(f"SELECT count(*) FROM {counted} WHERE {where}", params).fetchone()[0], 1, []
    total, fine = db.execute(
        f"SELECT count(*), group_concat({key}) FILTER (WHERE {key} % {FINE_SAMPLE} = 0) FROM {counted} WHERE {where}", params
    ).fetchone()
    sample = _sample_size(total)
    if sample >= FINE_SAMPLE:
        return total, *sampled([int(k) for k in fine.split(",")] if fine else [], sample)
    return total, sample, [k for (k,) in db.execute(f"SELECT {key} FROM {counted} WHERE {key} % {sample} = 0 AND {where}", params)]


def _sample_size(total: int) -> int:
    """The power of two k that makes 1 in k of ``total`` hits at most FACET_EXACT_LIMIT."""
    return 1 << max(0, math.ceil(math.log2(total / FACET_EXACT_LIMIT))) if total else 1


def sampled(keys: list[int], sample: int | None = None) -> tuple[int, list[int]]:
    """(k, the keys that are 0 modulo k) for facets counted on the hits ``keys`` (k = 1: all)."""
    sample = sample or _sample_size(len(keys))
    return sample, keys if sample == 1 else [k for k in keys if k % sample == 0]


def _count_lists(*columns: tuple[str, ...]) -> Counter[str]:
    """Cables per value of JSON-list cells, the cells of a row joined (a cable counts once per
    value). Each column is decoded as one JSON array of arrays: one call, not one per cell."""
    decoded = [_str_lists.decode(f"[{','.join(column)}]") for column in columns]
    rows = decoded[0] if len(decoded) == 1 else map(add, *decoded)
    return Counter(chain.from_iterable(map(set, rows)))


def count_facets(db: sqlite3.Connection, keys: list[int], sample: int, result: SearchResult) -> None:
    """Facets and the month histogram of the hits, counted on their keys (or a sample, × k)."""
    rows = db.execute(
        f"SELECT origin, classification, month, tags, caveats, captions FROM cables WHERE key IN ({','.join(map(str, keys))})"
    ).fetchall()
    origins, levels, months, tag_lists, caveats, captions = zip(*rows) if rows else ((),) * 6
    counters = {name: Counter(values) for name, values in (("origin", origins), ("classification", levels), ("month", months))}
    for counter in counters.values():
        counter.pop(None, None)
    counters["tag"] = _count_lists(tag_lists)
    counters["caveat"] = _count_lists(caveats, captions)  # caveat: searches both lists (schema.label)

    def top(counter: Counter[str]) -> list[tuple[str, int]]:
        return [(value, n * sample) for value, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]]

    years: Counter[str] = Counter()
    for month, n in counters["month"].items():
        years[month[:4]] += n * sample
    result.facets = {name: top(counters[name]) for name in ("tag", "origin", "classification", "caveat")}
    result.facets["year"] = sorted(years.items())
    result.months = [(month, n * sample) for month, n in sorted(counters["month"].items())]
    result.facet_sample = sample


def browse_query(field: str, value: str) -> Query:
    """The query for one field value (``tag``, ``origin``, ``class``, ``from`` …), normalised by
    the query parser exactly as if typed: what ``Archive.browse`` and facet links use."""
    return parse_query(to_text(Field(field, value)))
