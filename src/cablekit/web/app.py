"""The reading room: a FastAPI application over one archive.

``create_app(db_path)`` builds it: server-rendered pages (``pages.py``, Jinja2 with autoescape on
everywhere), the JSON API under ``/api`` (``api.py``, documented by OpenAPI at ``/docs``) and the
static files. Errors are pages a person can read, with the right status: 400 for a malformed
query or parameter, 404 for an unknown id or page; ``/api`` answers ``{"error": …}`` instead.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, Response

import cablekit
from cablekit.web import api, pages
from cablekit.web.encode import JSONResponse
from cablekit.web.source import ARCHIVE_TIME, BadQuery, NotFound, Source
from cablekit.web.views import printable

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("cablekit.web")


def _finalize(value):
    """Every ``{{ … }}`` output: strings lose control characters and lone surrogates."""
    if isinstance(value, Markup):  # already escaped and cleaned (snippets)
        return value
    return printable(value) if isinstance(value, str) else ("" if value is None else value)


def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("cablekit.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals["version"] = cablekit.__version__
    return env


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _error(request: Request, status: int, title: str, message: str, **extra) -> Response:
    if _is_api(request):
        return JSONResponse({"error": message, **extra}, status_code=status)
    html = request.app.state.templates.get_template("error.html").render(status=status, title=title, message=message)
    return HTMLResponse(html, status_code=status)


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(BadQuery)
    async def bad_query(request: Request, exc: BadQuery) -> Response:
        if _is_api(request):
            return JSONResponse({"error": exc.message, "position": exc.position, "query": exc.query}, status_code=400)
        return pages.search_error(request, exc)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, "Not in the archive", str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}" for e in exc.errors())
        return _error(request, 400, "Bad request", f"bad parameter — {problems}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _error(request, 404, "Page not found", f"there is no page at {request.url.path}")
        return _error(request, exc.status_code, "Request refused", str(exc.detail))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:  # a bug; logged, still a readable page
        log.exception("error serving %s", request.url.path)
        return _error(request, 500, "Something broke", "the reading room failed on this request; the error is logged")


class ServerTiming:
    """ASGI middleware: ``Server-Timing: archive;dur=<ms>, app;dur=<ms>`` on every response: the
    time spent in the archive and the whole time of the request (what ``bench serve`` reads)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        spent: list[float] = []
        token = ARCHIVE_TIME.set(spent)

        async def timed_send(message):
            if message["type"] == "http.response.start":
                elapsed = (time.perf_counter() - start) * 1000
                timing = f"archive;dur={sum(spent) * 1000:.2f}, app;dur={elapsed:.2f}"
                message["headers"] = [*message.get("headers", []), (b"server-timing", timing.encode())]
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            ARCHIVE_TIME.reset(token)


def create_app(db_path: str | Path) -> FastAPI:
    """The reading room over the archive at ``db_path`` (opened read-only)."""
    app = FastAPI(
        title="cablekit reading room",
        version=cablekit.__version__,
        description="Search and read an archive of US State Department cables. Every page of the "
        "reading room has its data here; errors are `{\"error\": message}` with status 400 or 404.",
        openapi_url="/api/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.source = Source(db_path)
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    _install_error_pages(app)
    app.add_middleware(ServerTiming)
    return app
