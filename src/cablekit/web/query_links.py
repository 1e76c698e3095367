"""Links that narrow a search: facet values and histogram bars as edits of the query's AST.

Every edit parses the query with the archive's own grammar (``cablekit.store.query``), changes
the top-level conjuncts and writes the canonical text back, so a narrowed query means exactly
"the old query AND the new term" whatever the user typed (``a OR b`` becomes ``(a OR b) tag:X``).
"""

from __future__ import annotations

import calendar
from datetime import date
from urllib.parse import urlencode

from cablekit.store.query import And, DateRange, Field, Node, Query, parse_query, to_text

PAGE_SIZE = 20


def _conjuncts(root: Node | None) -> list[Node]:
    if root is None:
        return []
    return list(root.items) if isinstance(root, And) else [root]


def _text(items: list[Node]) -> str:
    if not items:
        return ""
    return to_text(Query(items[0] if len(items) == 1 else And(tuple(items))))


def _parsed(query: str) -> list[Node]:
    return _conjuncts(parse_query(query).root)


def field_node(name: str, value: str) -> Field | DateRange:
    """The node a facet value stands for (its value normalised as the grammar does)."""
    return _conjuncts(parse_query(to_text(Field(name, value))).root)[0]


def has_term(query: str, name: str, value: str) -> bool:
    """True when ``name:value`` is one of the query's top-level conjuncts."""
    return field_node(name, value) in _parsed(query)


def with_term(query: str, name: str, value: str) -> str:
    """The query AND ``name:value`` (unchanged when already there)."""
    items = _parsed(query)
    node = field_node(name, value)
    return _text(items if node in items else items + [node])


def without_term(query: str, name: str, value: str) -> str:
    node = field_node(name, value)
    return _text([i for i in _parsed(query) if i != node])


def month_bounds(month: str) -> tuple[date, date]:
    """'2009-11' → (2009-11-01, 2009-11-30)."""
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])


def _dated(items: list[Node], start: date | None, end: date | None) -> str:
    items = [i for i in items if not isinstance(i, DateRange)]
    if start:
        items.append(DateRange(start=start))
    if end:
        items.append(DateRange(end=end))
    return _text(items)


def with_dates(query: str, start: date | None, end: date | None) -> str:
    """The query with its top-level date bounds replaced by ``start``/``end``."""
    return _dated(_parsed(query), start, end)


def with_month(query: str, month: str) -> str:
    return with_dates(query, *month_bounds(month))


def month_queries(query: str, months: list[str]) -> dict[str, str]:
    """For each YYYY-MM, the query narrowed to that month (the query is parsed once)."""
    items = _parsed(query)
    return {m: _dated(items, *month_bounds(m)) for m in months}


def with_year(query: str, year: int) -> str:
    return with_dates(query, date(year, 1, 1), date(year, 12, 31))


def search_url(query: str, order: str = "rank", page: int = 1) -> str:
    """The URL that reproduces a search (all state is in it)."""
    params: dict[str, str | int] = {"q": query}
    if order != "rank":
        params["order"] = order
    if page > 1:
        params["page"] = page
    return "/search?" + urlencode(params)
