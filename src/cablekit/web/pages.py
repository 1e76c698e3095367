"""The reading room's HTML pages: search, cable, raw text, revision diff, reference graph, browse."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import HTMLResponse

from cablekit.explain import explain
from cablekit.store import QuerySyntaxError
from cablekit.web import views
from cablekit.web.query_links import PAGE_SIZE, Narrowing, origin_url, search_url
from cablekit.web.source import MARK_END, MARK_START, BadQuery, NotFound, SearchPage, Source

router = APIRouter(include_in_schema=False)

CABLE_ID = Path(..., max_length=80, description="Cable id, e.g. 09RABAT904")
ORDER = Query("rank", pattern="^(rank|date)$")
PAGE = Query(1, ge=1, le=500)
DEPTH = Query(1, ge=1, le=3)

# Facets of a search: archive facet name → (heading, query field or "year").
FACETS = (
    ("tag", "Tags", "tag"),
    ("origin", "Origin", "origin"),
    ("classification", "Classification", "class"),
    ("caveat", "Caveats", "caveat"),
    ("year", "Year", "year"),
)
BROWSE = {"tags": "tag", "origins": "origin", "classifications": "classification", "months": "month"}


def _source(request: Request) -> Source:
    return request.app.state.source


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    html = request.app.state.templates.get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status)


# --- search ----------------------------------------------------------------------------------


def link(make: Callable[[], str]) -> str | None:
    """A link built from a value of the archive, or None when the query language cannot express it."""
    try:
        return make()
    except (QuerySyntaxError, ValueError):
        return None


def facet_links(result: SearchPage, narrowing: Narrowing) -> list[dict]:
    """Each facet's values with the link that narrows the search by it (or widens it again)."""
    groups = []
    for name, heading, term in FACETS:
        values = []
        for value, count in result.facets.get(name, ()):
            value = str(value)
            if term == "year":
                active, url = False, link(lambda: search_url(narrowing.year(int(value)), result.order))
            else:
                toggled = link(lambda: narrowing.toggle(term, value))
                active, url = (toggled[1], search_url(toggled[0], result.order)) if toggled else (False, None)
            meaning = views.tag_meaning(value) if term == "tag" else None
            values.append({"value": value, "count": count, "url": url, "active": active, "meaning": meaning})
        if values:
            groups.append({"name": name, "heading": heading, "values": values})
    return groups


def search_view(result: SearchPage) -> dict:
    """Everything the search page shows (the API returns the same)."""
    narrowing = Narrowing(result.query)
    months = [(m, c) for m, c in result.months if views.is_month(m)]
    urls = {m: search_url(q, result.order) for m, q in narrowing.months([m for m, _ in months]).items()}
    histogram = views.histogram(months, urls)
    return {
        "query": result.query,
        "order": result.order,
        "page": result.page,
        "pages": result.pages,
        "total": result.total,
        "facet_sample": result.facet_sample,
        "hits": [
            {**asdict(h), "snippet_html": views.highlight(h.snippet, MARK_START, MARK_END),
             "level": views.level(None, h.classification)}
            for h in result.hits
        ],
        "facets": facet_links(result, narrowing),
        "histogram": histogram,
        "months": [{"month": m, "count": c, "url": urls[m]} for m, c in months],
        "page_urls": {p: search_url(result.query, result.order, p) for p in _pager(result.page, result.pages)},
        "order_urls": {o: search_url(result.query, o) for o in ("rank", "date")},
    }


def _pager(page: int, pages: int) -> list[int]:
    return sorted({1, pages, *range(max(1, page - 3), min(pages, page + 3) + 1)})


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    source = _source(request)
    return render(request, "home.html", title="Reading room", stats=source.stats(), histogram=browse_view(source, "months")["histogram"])


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "", order: str = ORDER, page: int = PAGE):
    result = _source(request).search(q, order=order, page=page, limit=PAGE_SIZE)
    return render(request, "search.html", title=q or "Search", **search_view(result))


def search_error(request: Request, error: BadQuery) -> HTMLResponse:
    """The search page again, with the message and a caret under where the query went wrong."""
    return render(request, "search.html", status=400, title="Bad query", query=error.query, error=error)


# --- cable -----------------------------------------------------------------------------------


def cable_view(source: Source, cable_id: str, revision: int | None = None) -> dict:
    cable = source.cable(cable_id, revision)
    lines = explain(cable)
    meanings = views.marking_meanings(lines)
    header = [line for line in lines if line.element not in views.NOT_IN_HEADER]
    everything = Narrowing("")
    origin = cable.container.origin or cable.body.location
    return {
        "cable": cable,
        "revision": revision,
        "origin": origin,
        "origin_url": origin_url(origin) if origin else None,
        "revisions": source.revisions(cable.id),
        "header_lines": views.read_lines(header),
        "signers": views.read_lines([line for line in lines if line.element == "signer"]),
        "blocks": views.paragraph_blocks(cable, meanings),
        "level": views.level(None, cable.body.classification or cable.container.classification),
        "tags": [{"code": t.code, "meaning": t.meaning or views.tag_meaning(t.code),
                  "url": link(lambda: search_url(everything.toggle("tag", t.code)[0], "date"))} for t in cable.body.tags],
        "references": source.references(cable.id),
        "cited_by": source.cited_by(cable.id),
    }


@router.get("/cable/{cable_id}", response_class=HTMLResponse)
def cable(request: Request, cable_id: str = CABLE_ID, rev: int | None = Query(None, ge=1)):
    source = _source(request)
    view = cable_view(source, cable_id, rev)
    nodes, edges = source.neighbourhood(view["cable"].id, 1)
    return render(request, "cable.html", title=view["cable"].body.subject or cable_id,
                  graph=views.radial_layout(nodes, edges, size=360), **view)


@router.get("/cable/{cable_id}/raw", response_class=HTMLResponse)
def raw(request: Request, cable_id: str = CABLE_ID, rev: int | None = Query(None, ge=1)):
    cable = _source(request).cable(cable_id, rev)
    return render(request, "raw.html", title=f"{cable.id} as read", cable=cable, revision=rev)


@router.get("/cable/{cable_id}/diff", response_class=HTMLResponse)
def diff(request: Request, cable_id: str = CABLE_ID, a: int | None = Query(None, ge=1), b: int | None = Query(None, ge=1)):
    view = diff_view(_source(request), cable_id, a, b)
    return render(request, "diff.html", title=f"{cable_id}: revisions {view['a']} and {view['b']}", **view)


def diff_view(source: Source, cable_id: str, a: int | None, b: int | None) -> dict:
    """Two revisions side by side (by default the one before the current, and the current)."""
    revisions = source.revisions(cable_id)
    if len(revisions) < 2 and (a is None or b is None):
        raise BadQuery(f"{cable_id} has only one revision: nothing to compare")
    a, b, fields = source.changes(cable_id, a, b)
    left, right = source.cable(cable_id, a), source.cable(cable_id, b)
    rows = views.side_by_side(views.cable_text(left), views.cable_text(right))
    return {"id": left.id, "a": a, "b": b, "revisions": revisions, "fields": fields, "rows": rows,
            "changed": sum(r.kind != "equal" for r in rows)}


@router.get("/cable/{cable_id}/graph", response_class=HTMLResponse)
def graph(request: Request, cable_id: str = CABLE_ID, depth: int = DEPTH):
    source = _source(request)
    cable = source.cable(cable_id)
    nodes, edges = source.neighbourhood(cable.id, depth)
    return render(request, "graph.html", title=f"References around {cable.id}", cable=cable, depth=depth,
                  graph=views.radial_layout(nodes, edges))


# --- browse ----------------------------------------------------------------------------------


def browse_view(source: Source, kind: str) -> dict:
    """Every tag, origin, classification or month with its count and the link that lists them."""
    name = BROWSE.get(kind)
    if name is None:
        raise BadQuery(f"nothing to browse by '{kind}' (use {', '.join(BROWSE)})")
    counts = source.counts(name)
    everything = Narrowing("")
    if name == "month":
        month_urls = {m: search_url(q, "date") for m, q in everything.months([m for m, _ in counts if views.is_month(m)]).items()}
    rows = []
    for value, count in counts:
        if name == "month":
            if not views.is_month(value):
                continue
            url = month_urls[value]
        elif name == "origin":
            url = origin_url(value)
        else:
            url = link(lambda: search_url(everything.toggle("class" if name == "classification" else name, value)[0], "date"))
        rows.append({"value": value, "count": count, "url": url,
                     "meaning": views.tag_meaning(value) if name == "tag" else None})
    histogram = views.histogram(counts, {r["value"]: r["url"] for r in rows}) if name == "month" else None
    return {"kind": kind, "rows": rows, "histogram": histogram}


@router.get("/browse/{kind}", response_class=HTMLResponse)
def browse(request: Request, kind: str = Path(..., max_length=40)):
    view = browse_view(_source(request), kind)
    return render(request, "browse.html", title=f"Browse by {kind}", **view)


def origin_view(source: Source, origin: str, page: int) -> dict:
    """One post's cables over time: a month histogram and the cables by date."""
    query = link(lambda: Narrowing("").toggle("origin", origin)[0])
    result = source.search(query, order="date", page=page, limit=PAGE_SIZE) if query else None
    if result is None or result.total == 0:
        raise NotFound(f"no cables from '{origin}' in this archive")
    return {"origin": origin, **search_view(result)}


@router.get("/origin/{origin:path}", response_class=HTMLResponse)
def origin(request: Request, origin: str = Path(..., max_length=120), page: int = PAGE):
    view = origin_view(_source(request), origin, page)
    return render(request, "origin.html", title=origin, **view)
