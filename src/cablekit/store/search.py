"""Search: a parsed query (``store/query.py``) → SQL over the archive, ranked hits, facets.

Translation (:func:`plan`). Words, phrases and the indexed fields (``tag:`` ``origin:``
``class:`` ``caveat:`` ``subject:``: columns of the full-text index, see schema.py) become one
FTS5 MATCH expression that drives the query and gives the BM25 rank; top-level ``from:``/``to:``
become a range of rowids (cable keys follow dates); ``ref:``, ``id:`` and anything FTS5 cannot
express (a field it does not hold under OR / NOT) become SQL predicates on ``cables c``, with
text parts as ``c.key IN (SELECT … MATCH …)``. User words only ever reach FTS5 as quoted
strings (:func:`fts5_quote`), so no query can cause an FTS5 syntax error.

Cost is bounded whatever the number of matches, so that a search matching most of the archive
is about as fast as a narrow one:

* cable keys grow with the date, so "newest first" reads the index backwards and stops after
  the page;
* BM25 orders the :data:`RANK_WINDOW` newest matches (every match when fewer match;
  ``SearchResult.ranked`` says how many were ranked);
* facets are counted in one pass over the hits' rows; above :data:`FACET_EXACT_LIMIT` hits, over
  a uniform 1-in-k sample, scaled by k (``SearchResult.facet_sample``; 1 = exact);
* snippets are made for the page shown only, in one full-text query.
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter
from itertools import chain
from datetime import timedelta

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
    fts5_match,
    fts5_quote,
    parse_query,
    to_text,
)
from cablekit.store.schema import ANCHOR, DOC_KEY_SHIFT, KEY_HASH_BITS, RANK_WEIGHTS, cable_key, label

MARK_START, MARK_END = "\x02", "\x03"  # around each highlighted word of a snippet
ELLIPSIS = "…"
SNIPPET_TOKENS = 32
FACET_EXACT_LIMIT = 5_000
RANK_WINDOW = 10_000
FACET_SIZE = 20
FACETS = ("tag", "origin", "classification", "year")
LEAD_CHARS = 240

_tag_list = msgspec.json.Decoder(list[str])


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
    """A query as SQL: a full-text expression (or None) + predicates on ``cables c`` + a key range."""

    match: str | None  # drives the query when set
    where: list[str]  # predicates on cables c (need the join)
    params: list
    low: int | None = None  # cable keys in [low, high): the top-level from: / to:
    high: int | None = None
    scored: bool = False  # has words or subject terms to rank by
    highlight: str | None = None  # FTS5 expression of every positive word, for snippets


_COLUMN = {"tag": "tags", "origin": "origin", "subject": "subject"}
_LABEL = {"class": "class", "caveat": "caveat"}


def fts(node: Node) -> str | None:
    """An FTS5 expression selecting exactly the cables matching ``node``, or None.

    :func:`fts5_match` (query.py) extended with the indexed fields: ``tag:`` ``origin:``
    ``subject:`` become column filters, ``class:`` ``caveat:`` tokens of the labels column
    (schema.label). None for from/to, ref, id and purely negative nodes (FTS5's NOT is binary).
    """
    if isinstance(node, Field):
        if node.name in _COLUMN:
            return f"{_COLUMN[node.name]} : {fts5_quote(node.value)}"
        if node.name in _LABEL:
            return f"labels : {fts5_quote(label(_LABEL[node.name], node.value))}"
        return None
    if isinstance(node, Or):
        parts = [fts(item) for item in node.items]
        return None if None in parts else "(" + " OR ".join(parts) + ")"
    if isinstance(node, And):
        positive, negative = [], []
        for item in node.items:
            part = fts(item.item if isinstance(item, Not) else item)
            if part is None:
                return None
            (negative if isinstance(item, Not) else positive).append(part)
        return _and_not(positive, negative)
    return fts5_match(node) if not isinstance(node, (Not, DateRange)) else None


def _and_not(positive: list[str], negative: list[str]) -> str | None:
    if not positive:
        return None
    expression = "(" + " AND ".join(positive) + ")"
    for part in negative:
        expression = f"({expression} NOT {part})"
    return expression


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


def predicate(node: Node, indexed: bool = True) -> tuple[str, list]:
    """SQL boolean expression over ``cables c`` that holds exactly for cables matching ``node``.

    Under OR and NOT, columns are written ``+c.x`` (not indexable): SQLite's multi-index OR plan
    would otherwise run a full-text sub-select once per row of another branch (seconds instead of
    milliseconds); a scan testing each cable against sub-selects computed once is linear.
    """
    col = "c." if indexed else "+c."
    if (expression := fts(node)) is not None:
        return f"{col}key IN (SELECT rowid >> {DOC_KEY_SHIFT} FROM search WHERE search MATCH ?)", [expression]
    if isinstance(node, Not):
        sql, params = predicate(node.item, indexed=False)
        return f"NOT ({sql})", params
    if isinstance(node, (And, Or)):
        parts = [predicate(item, indexed=indexed and isinstance(node, And)) for item in node.items]
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(sql for sql, _ in parts) + ")", [p for _, params in parts for p in params]
    if isinstance(node, DateRange):
        sql, params = _in_range(f"{col}key", *key_range(node))
        return f"({sql})", params
    if isinstance(node, Field) and node.name == "ref":
        return f"{col}id IN (SELECT cable_id FROM refs WHERE target_id = ?)", [node.value]
    if isinstance(node, Field) and node.name == "id":
        return f"{col}id = ?", [node.value]
    raise QuerySyntaxError(f"cannot search for {node!r}", 0)  # a node type this module does not know


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
    a range of keys; the rest SQL predicates. A query with no positive full-text conjunct is
    anchored on the label every document carries, unless SQL predicates or a range can drive it."""
    root = query.root
    items = root.items if isinstance(root, And) else (() if root is None else (root,))
    positive, negative, where, params = [], [], [], []
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
        else:
            sql, values = predicate(item)
            where.append(sql)
            params.extend(values)
    if not positive and (negative or not (where or low is not None)):
        positive.append(f"labels : {fts5_quote(ANCHOR)}")
    terms = _ranked_terms(root)
    return Plan(
        match=_and_not(positive, negative), where=where, params=params, low=low, high=high,
        scored=bool(terms), highlight=" OR ".join(terms) or None,
    )  # fmt: skip


# --- execution -----------------------------------------------------------------------------


def _from_where(p: Plan) -> tuple[str, str, list, str]:
    """FROM, WHERE, parameters, and the newest-first order: cable keys grow with the date
    (schema.py), so the full-text index, read backwards by rowid, yields the newest first and a
    page costs what it shows, not what matches; a date range is a range of rowids."""
    if p.match is not None:
        source = f"search JOIN cables c ON c.key = search.rowid >> {DOC_KEY_SHIFT}"
        where, params = ["search MATCH ?"], [p.match]
        key, newest = "search.rowid", "search.rowid DESC"
        shift = DOC_KEY_SHIFT
    else:
        source, where, params = "cables c", [], []
        key, newest, shift = "c.key", "c.key DESC", 0
    if p.low is not None:
        sql, values = _in_range(key, p.low, p.high, shift)
        where.append(sql)
        params += values
    return source, " AND ".join(where + p.where) or "1", params + p.params, newest


_HIT_COLUMNS = "c.key, c.id, c.subject, c.date, c.dtg, c.origin, c.classification"


def run(db: sqlite3.Connection, query: Query, *, order: str, limit: int, offset: int, facets: bool) -> SearchResult:
    """Run a parsed query: hits of one page, the total and (optionally) facets."""
    if order not in ("rank", "date"):
        raise ValueError(f"order must be 'rank' or 'date', not {order!r}")
    p = plan(query)
    source, where, params, newest = _from_where(p)
    counted = "search" if p.match is not None and not p.where else source  # no join needed to count
    total = db.execute(f"SELECT count(*) FROM {counted} WHERE {where}", params).fetchone()[0]
    ranked = order == "rank" and p.scored and p.match is not None  # BM25 needs the full-text driver
    page = f"SELECT {_HIT_COLUMNS}, NULL FROM {source} WHERE {where} ORDER BY {newest} LIMIT ? OFFSET ?"
    rows: list[tuple] = []
    if ranked and offset < RANK_WINDOW:
        # BM25 orders the RANK_WINDOW newest matches (all of them, unless more match); only the
        # page's keys leave the window, and only the page's cables are read …
        score = f"bm25(search, {', '.join(map(str, RANK_WEIGHTS))})"
        key = f"search.rowid >> {DOC_KEY_SHIFT}" if not p.where else "c.key"
        window = f"SELECT {key} AS key, {score} AS score FROM {counted} WHERE {where} ORDER BY {newest} LIMIT {RANK_WINDOW}"
        chosen = f"SELECT key, score FROM ({window}) ORDER BY score, key DESC LIMIT ? OFFSET ?"
        rows = db.execute(
            f"SELECT {_HIT_COLUMNS}, w.score FROM ({chosen}) w CROSS JOIN cables c ON c.key = w.key ORDER BY w.score, w.key DESC",
            [*params, limit, offset],
        ).fetchall()
    if len(rows) < limit and total > (RANK_WINDOW if ranked else offset):
        # … and the older ones follow, newest first
        start = max(offset, RANK_WINDOW) if ranked else offset
        rows += db.execute(page, [*params, limit - len(rows), start]).fetchall()
    fragments = snippets(db, [row[0] for row in rows], p.highlight)
    hits = [
        Hit(
            id=cid, subject=subject, date=date, dtg=dtg, origin=origin, classification=classification,
            snippet=fragments[key], score=None if score is None else -score,
        )
        for key, cid, subject, date, dtg, origin, classification, score in rows
    ]  # fmt: skip
    result = SearchResult(
        query=str(query), order="rank" if ranked else "date", total=total, offset=offset, hits=hits,
        ranked=min(total, RANK_WINDOW) if ranked else 0,
    )  # fmt: skip
    if facets and total:
        count_facets(db, p, total, result)
    return result


def snippets(db: sqlite3.Connection, keys: list[int], highlight: str | None) -> dict[int, str]:
    """For each cable key: the best fragment with every query word marked, else the opening words.

    One full-text query for the whole page (a prefix such as ``econ*`` is expanded once), over
    the rowid range of the page; snippet() runs only for the page's own documents.
    """
    found: dict[int, str] = {}
    if highlight and keys:
        marks = ", ".join(str(k) for k in keys)
        for key, text in db.execute(
            f"SELECT rowid >> {DOC_KEY_SHIFT}, snippet(search, -1, ?, ?, ?, ?) FROM search WHERE search MATCH ?"
            f" AND rowid >= ? AND rowid < ? AND rowid >> {DOC_KEY_SHIFT} IN ({marks})",
            (MARK_START, MARK_END, ELLIPSIS, SNIPPET_TOKENS, highlight,
             min(keys) << DOC_KEY_SHIFT, (max(keys) + 1) << DOC_KEY_SHIFT),
        ):  # fmt: skip
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


def count_facets(db: sqlite3.Connection, p: Plan, total: int, result: SearchResult) -> None:
    """Facets and the month histogram of the hits: one pass over the cables matched (or over a
    uniform sample of them), counted here."""
    # k is a power of two; a key's low bits are a hash of the cable id (schema.cable_key), so
    # "key % k = 0" is a uniform 1-in-k sample, whatever the dates, origins or ingest order.
    sample = 1 << math.ceil(math.log2(total / FACET_EXACT_LIMIT)) if total > FACET_EXACT_LIMIT else 1
    source, where, params, _ = _from_where(p)
    key = f"(search.rowid >> {DOC_KEY_SHIFT})" if p.match is not None else "c.key"  # sampled before the join
    sampled = f"{key} % {sample} = 0 AND " if sample > 1 else ""
    rows = db.execute(f"SELECT c.origin, c.classification, c.month, c.tags FROM {source} WHERE {sampled}{where}", params).fetchall()
    origins, levels, months, tag_lists = zip(*rows) if rows else ((), (), (), ())
    counters = {name: Counter(values) for name, values in (("origin", origins), ("classification", levels), ("month", months))}
    for counter in counters.values():
        counter.pop(None, None)
    counters["tag"] = Counter(chain.from_iterable(map(_tag_list.decode, tag_lists)))

    def top(counter: Counter[str]) -> list[tuple[str, int]]:
        return [(value, n * sample) for value, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]]

    years: Counter[str] = Counter()
    for month, n in counters["month"].items():
        years[month[:4]] += n * sample
    result.facets = {name: top(counters[name]) for name in ("tag", "origin", "classification")}
    result.facets["year"] = sorted(years.items())
    result.months = [(month, n * sample) for month, n in sorted(counters["month"].items())]
    result.facet_sample = sample


def browse_query(field: str, value: str) -> Query:
    """The query for one field value (``tag``, ``origin``, ``class``, ``from`` …), normalised by
    the query parser exactly as if typed: what ``Archive.browse`` and facet links use."""
    return parse_query(to_text(Field(field, value)))
