"""Links that narrow a search: facet values and histogram bars as edits of the query's AST.

Every edit parses the query with the archive's own grammar (``cablekit.store.query``), changes
the top-level conjuncts and writes the canonical text back, so a narrowed query means exactly
"the old query AND the new term" whatever the user typed (``a OR b`` becomes ``(a OR b) tag:X``).
"""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache
from urllib.parse import quote, quote_plus

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


@lru_cache(maxsize=8192)
def field_node(name: str, value: str) -> Field | DateRange:
    """The node a facet value stands for (its value normalised as the grammar does)."""
    return _conjuncts(parse_query(to_text(Field(name, value))).root)[0]


def month_bounds(month: str) -> tuple[date, date]:
    """'2009-11' → (2009-11-01, 2009-11-30)."""
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])


_PLACEHOLDER = (date(1, 1, 1), date(1, 1, 2))


class Narrowing:
    """Edits of one query, parsed once: what each facet value and histogram bar links to."""

    def __init__(self, query: str):
        self.items = _parsed(query)

    def has(self, name: str, value: str) -> bool:
        """True when ``name:value`` is one of the query's top-level conjuncts."""
        return field_node(name, value) in self.items

    def toggle(self, name: str, value: str) -> tuple[str, bool]:
        """(the query AND ``name:value``, False), or (the query without it, True) when present."""
        node = field_node(name, value)
        if node in self.items:
            return _text([i for i in self.items if i != node]), True
        return _text(self.items + [node]), False

    def dated(self, start: date | None, end: date | None) -> str:
        """The query with its top-level date bounds replaced by ``start``/``end``."""
        items = [i for i in self.items if not isinstance(i, DateRange)]
        if start:
            items.append(DateRange(start=start))
        if end:
            items.append(DateRange(end=end))
        return _text(items)

    def month(self, month: str) -> str:
        return self.dated(*month_bounds(month))

    def months(self, months: list[str]) -> dict[str, str]:
        """The query narrowed to each YYYY-MM; the query text is written once (pages show ~500 bars).

        Dates are appended last, so the text for a month is the text for a placeholder month with
        the placeholder's dates replaced at the end."""
        placeholder = self.dated(*_PLACEHOLDER)
        tail = f"from:{_PLACEHOLDER[0].isoformat()} to:{_PLACEHOLDER[1].isoformat()}"
        if not placeholder.endswith(tail):  # not expected; the slow way is always right
            return {m: self.month(m) for m in months}
        head = placeholder[: -len(tail)]
        out = {}
        for m in months:
            start, end = month_bounds(m)
            out[m] = f"{head}from:{start.isoformat()} to:{end.isoformat()}"
        return out

    def year(self, year: int) -> str:
        return self.dated(date(year, 1, 1), date(year, 12, 31))


def search_url(query: str, order: str = "rank", page: int = 1) -> str:
    """The URL that reproduces a search (all state is in it)."""
    return "/search?q=" + quote_plus(query) + ("&order=" + order if order != "rank" else "") + (f"&page={page}" if page > 1 else "")


def origin_url(origin: str) -> str:
    """The page of one post's cables over time."""
    return "/origin/" + quote(origin, safe="")
