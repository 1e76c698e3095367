"""Search: a parsed query (``store/query.py``) → SQL over the archive, ranked hits, facets.

Translation. The top-level text conjuncts (words, phrases, ``subject:``) become one FTS5
MATCH expression that drives the query and gives the BM25 rank; every other conjunct becomes a
SQL predicate on ``cables c`` (fields as column tests or indexed sub-selects; text under OR / NOT
mixed with fields as ``c.key IN (SELECT … MATCH …)``). User words only ever reach FTS5 as
quoted strings (:func:`fts5_quote`), so no query can cause an FTS5 syntax error.

Cost. BM25 is computed for every match, snippets only for the page shown. Facets are counted on
a temp table of hit keys; above :data:`FACET_EXACT_LIMIT` hits they are counted on a systematic
sample (keys divisible by k) and scaled, which keeps a search that matches most of the archive
as fast as a narrow one. ``SearchResult.facet_sample`` says which (1 = exact).
"""

from __future__ import annotations

import math
import sqlite3
from datetime import timedelta

import msgspec

from cablekit.store.query import (
    And,
    DateRange,
    Field,
    Node,
    Not,
    Or,
    Query,
    QuerySyntaxError,
    fts5_match,
    fts5_quote,
    is_text,
    parse_query,
    split_text,
    text_terms,
    to_text,
)
from cablekit.store.schema import DOC_KEY_SHIFT

MARK_START, MARK_END = "\x02", "\x03"  # around each highlighted word of a snippet
ELLIPSIS = "…"
SNIPPET_TOKENS = 32
FACET_EXACT_LIMIT = 20_000
FACET_SIZE = 20
FACETS = ("tag", "origin", "classification", "year")
SUBJECT_WEIGHT, BODY_WEIGHT = 4.0, 1.0
LEAD_CHARS = 240

_json = msgspec.json.Encoder()


class Hit(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    subject: str | None
    date: str | None  # when sent, "YYYY-MM-DD HH:MM:SS" UTC
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
    facet_sample: int = 1  # 1: exact counts; k: counted on every k-th cable and scaled by k


# --- translation ---------------------------------------------------------------------------


class Plan(msgspec.Struct, kw_only=True):
    """A query as SQL: optional FTS5 driver expression + predicates on ``cables c``."""

    match: str | None
    where: list[str]
    params: list
    highlight: str | None  # FTS5 expression of every positive word, for snippets


_IN_TEXT = f"c.key IN (SELECT rowid >> {DOC_KEY_SHIFT} FROM search WHERE search MATCH ?)"


def _like_literal(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _subject(field: Field) -> str:
    return f"subject : {fts5_quote(field.value)}"


def _day_after(day) -> str:
    return (day + timedelta(days=1)).isoformat()


def predicate(node: Node) -> tuple[str, list]:
    """SQL boolean expression over ``cables c`` that holds exactly for cables matching ``node``."""
    if is_text(node) and (expression := fts5_match(node)) is not None:
        return _IN_TEXT, [expression]
    if isinstance(node, Not):
        sql, params = predicate(node.item)
        return f"NOT ({sql})", params
    if isinstance(node, (And, Or)):
        parts = [predicate(item) for item in node.items]
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(sql for sql, _ in parts) + ")", [p for _, params in parts for p in params]
    if isinstance(node, DateRange):
        parts, params = [], []
        if node.start:
            parts.append("c.date >= ?")
            params.append(node.start.isoformat())
        if node.end:
            parts.append("c.date < ?")
            params.append(_day_after(node.end))
        return "(" + " AND ".join(parts or ["1"]) + ")", params
    if isinstance(node, Field):
        return _field_predicate(node)
    raise QuerySyntaxError(f"cannot search for {node!r}", 0)  # a node type this module does not know


def _field_predicate(field: Field) -> tuple[str, list]:
    name, value = field.name, field.value
    if name == "tag":
        return "c.id IN (SELECT cable_id FROM tags WHERE code = ? COLLATE NOCASE)", [value]
    if name == "origin":
        # The id's origin token (SAOPAULO), the classification line's location (SAO PAULO), or
        # the post's name, whole or its last words (Embassy Sao Paulo).
        return (
            "(c.station = ? OR c.location = ? COLLATE NOCASE OR c.origin = ? COLLATE NOCASE"
            " OR c.origin LIKE ? ESCAPE '\\')",
            [value.replace(" ", ""), value, value, "% " + _like_literal(value)],
        )
    if name == "class":
        return "c.classification = ?", [value]
    if name == "caveat":
        pattern = "%" + _like_literal(_json.encode(value).decode()) + "%"  # JSON array element
        return "(c.caveats LIKE ? ESCAPE '\\' OR c.captions LIKE ? ESCAPE '\\')", [pattern, pattern]
    if name == "ref":
        return "c.id IN (SELECT cable_id FROM refs WHERE target_id = ?)", [value]
    if name == "id":
        return "c.id = ?", [value]
    if name == "subject":
        return _IN_TEXT, [_subject(field)]
    raise QuerySyntaxError(f"unknown field '{name}'", 0)


def _is_subject(node: Node) -> bool:
    return isinstance(node, Field) and node.name == "subject"


def _highlight(query: Query) -> str | None:
    words = [fts5_match(term) for term in text_terms(query)]
    return " OR ".join(words) or None


def plan(query: Query) -> Plan:
    """Translate a parsed query (see the module docstring)."""
    expression, rest = split_text(query)
    positive = [expression] if expression else []
    negative: list[Field] = []
    others: list[Node] = []
    for item in rest:
        if _is_subject(item):
            positive.append(_subject(item))
        elif isinstance(item, Not) and _is_subject(item.item):
            negative.append(item.item)
        else:
            others.append(item)
    if positive:
        match = " AND ".join(f"({p})" for p in positive) if len(positive) > 1 else positive[0]
        for field in negative:
            match = f"({match}) NOT ({_subject(field)})"
    else:
        match = None
        others.extend(Not(field) for field in negative)
    where, params = [], []
    for item in others:
        sql, values = predicate(item)
        where.append(sql)
        params.extend(values)
    highlight = _highlight(query)
    subjects = [_subject(item) for item in rest if _is_subject(item)]
    if subjects:
        highlight = " OR ".join([highlight, *subjects] if highlight else subjects)
    return Plan(match=match, where=where, params=params, highlight=highlight)


# --- execution -----------------------------------------------------------------------------


def _from_where(p: Plan) -> tuple[str, str, list]:
    if p.match is not None:
        source = f"search JOIN cables c ON c.key = search.rowid >> {DOC_KEY_SHIFT}"
        where = ["search MATCH ?", *p.where]
        params = [p.match, *p.params]
    else:
        source, where, params = "cables c", p.where, list(p.params)
    return source, " AND ".join(where) or "1", params


_HIT_COLUMNS = "c.key, c.id, c.subject, c.date, c.origin, c.classification"


def run(db: sqlite3.Connection, query: Query, *, order: str, limit: int, offset: int, facets: bool) -> SearchResult:
    """Run a parsed query: hits of one page, the total and (optionally) facets."""
    if order not in ("rank", "date"):
        raise ValueError(f"order must be 'rank' or 'date', not {order!r}")
    p = plan(query)
    source, where, params = _from_where(p)
    total = db.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]
    ranked = order == "rank" and p.match is not None
    if ranked:
        score = f"bm25(search, {SUBJECT_WEIGHT}, {BODY_WEIGHT})"
        sql = f"SELECT {_HIT_COLUMNS}, {score} AS score FROM {source} WHERE {where} ORDER BY score, c.date DESC LIMIT ? OFFSET ?"
    else:
        sql = f"SELECT {_HIT_COLUMNS}, NULL FROM {source} WHERE {where} ORDER BY c.date DESC, c.key LIMIT ? OFFSET ?"
    rows = db.execute(sql, [*params, limit, offset]).fetchall() if total > offset else []
    hits = [
        Hit(
            id=cid, subject=subject, date=date, origin=origin, classification=classification,
            snippet=snippet(db, key, p.highlight), score=-score if ranked else None,
        )
        for key, cid, subject, date, origin, classification, score in rows
    ]  # fmt: skip
    result = SearchResult(query=str(query), order="rank" if ranked else "date", total=total, offset=offset, hits=hits)
    if facets and total:
        count_facets(db, source, where, params, total, result)
    return result


def snippet(db: sqlite3.Connection, key: int, highlight: str | None) -> str:
    """The best fragment with every query word marked; the opening words when none occurs."""
    if highlight:
        row = db.execute(
            f"SELECT snippet(search, -1, ?, ?, ?, ?) FROM search WHERE search MATCH ?"
            f" AND rowid >= ? AND rowid < ? LIMIT 1",
            (MARK_START, MARK_END, ELLIPSIS, SNIPPET_TOKENS, highlight, key << DOC_KEY_SHIFT, (key + 1) << DOC_KEY_SHIFT),
        ).fetchone()
        if row and row[0] and MARK_START in row[0]:
            return row[0]
    row = db.execute(
        "SELECT p.text FROM paragraphs p JOIN cables c ON c.id = p.cable_id WHERE c.key = ? ORDER BY p.position LIMIT 1",
        (key,),
    ).fetchone()
    text = " ".join(row[0].split()) if row else ""
    return text if len(text) <= LEAD_CHARS else text[:LEAD_CHARS].rsplit(" ", 1)[0] + ELLIPSIS


_FACET_SQL = {
    "origin": "SELECT c.origin, count(*) FROM temp.hits h JOIN cables c ON c.key = h.key WHERE c.origin IS NOT NULL GROUP BY 1",
    "classification": "SELECT c.classification, count(*) FROM temp.hits h JOIN cables c ON c.key = h.key WHERE c.classification IS NOT NULL GROUP BY 1",
    "tag": "SELECT t.code, count(*) FROM temp.hits h JOIN cables c ON c.key = h.key JOIN tags t ON t.cable_id = c.id GROUP BY 1",
    "month": "SELECT c.month, count(*) FROM temp.hits h JOIN cables c ON c.key = h.key WHERE c.month IS NOT NULL GROUP BY 1 ORDER BY 1",
}


def count_facets(db: sqlite3.Connection, source: str, where: str, params: list, total: int, result: SearchResult) -> None:
    sample = max(1, math.ceil(total / FACET_EXACT_LIMIT))
    db.execute("CREATE TEMP TABLE IF NOT EXISTS hits (key INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.hits")
    sampled = f" AND c.key % {sample} = 0" if sample > 1 else ""
    db.execute(f"INSERT OR IGNORE INTO temp.hits SELECT c.key FROM {source} WHERE {where}{sampled}", params)

    def counted(name: str) -> list[tuple[str, int]]:
        return [(value, n * sample) for value, n in db.execute(_FACET_SQL[name])]

    def top(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
        return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))[:FACET_SIZE]

    months = counted("month")
    years: dict[str, int] = {}
    for month, n in months:
        years[month[:4]] = years.get(month[:4], 0) + n
    result.facets = {
        "tag": top(counted("tag")),
        "origin": top(counted("origin")),
        "classification": top(counted("classification")),
        "year": sorted(years.items()),
    }
    result.months = months
    result.facet_sample = sample


def browse_query(field: str, value: str) -> Query:
    """The query for one field value (``tag``, ``origin``, ``class``, ``from`` …), normalised by
    the query parser exactly as if typed: what ``Archive.browse`` and facet links use."""
    return parse_query(to_text(Field(field, value)))
