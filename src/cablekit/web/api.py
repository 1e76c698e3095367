"""The JSON API: the data of every page, under ``/api``. Errors are ``{"error": message}``."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel

from cablekit.explain import explain
from cablekit.web import pages
from cablekit.web.encode import JSONResponse
from cablekit.web.query_links import PAGE_SIZE
from cablekit.web.source import Source


class Error(BaseModel):
    error: str
    position: int | None = None


ERRORS = {400: {"model": Error, "description": "Malformed query or parameter"},
          404: {"model": Error, "description": "Unknown cable id, revision or page"}}

router = APIRouter(prefix="/api", default_response_class=JSONResponse, responses=ERRORS)


def _source(request: Request) -> Source:
    return request.app.state.source


@router.get("/search", summary="Search the archive", tags=["search"])
def search(request: Request, q: str = Query("", description="Query in the archive's query language, e.g. `morocco tag:PREL from:2009`"),
           order: str = pages.ORDER, page: int = pages.PAGE, limit: int = Query(PAGE_SIZE, ge=1, le=100)):
    """Ranked (or dated) hits with highlighted snippets, facets with the links that narrow by them,
    and the month histogram of all results. `snippet_html` is escaped HTML with `<mark>` spans."""
    view = pages.search_view(_source(request).search(q, order=order, page=page, limit=limit))
    view.pop("histogram")  # the chart's layout; `months` holds its data
    return JSONResponse(view)


@router.get("/cables/{cable_id}", summary="One cable, read completely", tags=["cables"])
def cable(request: Request, cable_id: str = pages.CABLE_ID, rev: int | None = Query(None, ge=1, description="Revision number; the latest when omitted")):
    """The cable record (header, body, paragraphs, references, warnings, raw text)."""
    return JSONResponse(_source(request).cable(cable_id, rev))


@router.get("/cables/{cable_id}/page", summary="What the cable page shows", tags=["cables"])
def cable_page(request: Request, cable_id: str = pages.CABLE_ID, rev: int | None = Query(None, ge=1)):
    """The header as a person reads it (tokens with meanings), paragraphs grouped into summary,
    comment and headings with their anchors and marking levels, resolved references, cited-by."""
    view = pages.cable_view(_source(request), cable_id, rev)
    view.pop("cable")
    return JSONResponse(view)


@router.get("/cables/{cable_id}/explain", summary="Every header token and marking with its meaning", tags=["cables"])
def explanation(request: Request, cable_id: str = pages.CABLE_ID, rev: int | None = Query(None, ge=1)):
    return JSONResponse(explain(_source(request).cable(cable_id, rev)))


@router.get("/cables/{cable_id}/raw", summary="The raw text as read", tags=["cables"])
def raw(request: Request, cable_id: str = pages.CABLE_ID, rev: int | None = Query(None, ge=1)):
    c = _source(request).cable(cable_id, rev)
    return JSONResponse({"id": c.id, "header_text": c.header_text, "body_text": c.body_text})


@router.get("/cables/{cable_id}/references", summary="References, resolved to archived cables", tags=["cables"])
def references(request: Request, cable_id: str = pages.CABLE_ID):
    """Each REF item; `cable` is null when the cited cable is not in the archive (unresolved)."""
    return JSONResponse(_source(request).references(cable_id))


@router.get("/cables/{cable_id}/cited-by", summary="Archived cables that cite this one", tags=["cables"])
def cited_by(request: Request, cable_id: str = pages.CABLE_ID):
    source = _source(request)
    return JSONResponse(source.cited_by(source.cable(cable_id).id))


@router.get("/cables/{cable_id}/revisions", summary="Revisions of a cable", tags=["cables"])
def revisions(request: Request, cable_id: str = pages.CABLE_ID):
    return JSONResponse(_source(request).revisions(cable_id))


@router.get("/cables/{cable_id}/diff", summary="Two revisions side by side", tags=["cables"])
def diff(request: Request, cable_id: str = pages.CABLE_ID, a: int | None = Query(None, ge=1), b: int | None = Query(None, ge=1)):
    """Aligned rows of the two texts (header and body as read); by default the last two revisions."""
    return JSONResponse(pages.diff_view(_source(request), cable_id, a, b))


@router.get("/cables/{cable_id}/graph", summary="The reference neighbourhood", tags=["cables"])
def graph(request: Request, cable_id: str = pages.CABLE_ID, depth: int = pages.DEPTH):
    """Cables this one cites and that cite it, to `depth` steps; `archived` is false for cited
    cables the archive does not hold."""
    source = _source(request)
    nodes, edges = source.neighbourhood(source.cable(cable_id).id, depth)
    return JSONResponse({"nodes": nodes, "edges": edges})


@router.get("/browse/{kind}", summary="Counts by tag, origin, classification or month", tags=["browse"])
def browse(request: Request, kind: str = Path(..., max_length=40, description="tags | origins | classifications | months")):
    view = pages.browse_view(_source(request), kind)
    view.pop("histogram")
    return JSONResponse(view)


@router.get("/origins/{origin:path}", summary="One post's cables over time", tags=["browse"])
def origin(request: Request, origin: str = Path(..., max_length=120), page: int = pages.PAGE):
    view = pages.origin_view(_source(request), origin, page)
    view.pop("histogram")
    return JSONResponse(view)


@router.get("/stats", summary="Size of the archive", tags=["browse"])
def stats(request: Request):
    return JSONResponse(_source(request).stats())
