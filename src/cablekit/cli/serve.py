"""Commands: ``serve`` (the reading room on localhost) and ``bench serve`` (its server time)."""

from __future__ import annotations

import logging
import statistics
import warnings
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from cablekit.cli.app import app, bench_app

err = Console(stderr=True)
out = Console()

DB_HELP = "The archive (an SQLite file written by `cablekit ingest`)."

# A fixed mix for `bench serve`: words, phrases, fields, boolean operators, wide and narrow.
BENCH_QUERIES = (
    "morocco",
    "security dialogue",
    '"human rights"',
    "tag:PREL",
    "tag:MARR origin:rabat",
    "class:secret from:2009",
    "nuclear OR uranium",
    "terrorism -iraq",
    "caveat:noforn election*",
    "oil gas from:2008-01 to:2009-12",
    "president",
    "",
)


def _archive_or_exit(db: Path) -> Path:
    if not db.is_file():
        err.print(f"[red]error:[/red] no archive at {escape(str(db))}. Build one first, e.g. "
                  f"[bold]cablekit ingest ../shared/corpus --db {escape(str(db))}[/bold]")
        raise typer.Exit(2)
    return db


@app.command()
def serve(
    db: Path = typer.Option(Path("archive.db"), "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Open the reading room: search, read and browse the archive in a browser."""
    import uvicorn

    from cablekit.web import create_app

    application = create_app(_archive_or_exit(db))
    out.print(f"Reading room for [bold]{escape(str(db))}[/bold] on http://{host}:{port}/ (Ctrl-C stops it)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def server_times(response) -> tuple[float, float]:
    """Milliseconds the application spent on a request, and in the archive (its Server-Timing header)."""
    metrics = dict(part.strip().split(";dur=", 1) for part in response.headers.get("server-timing", "").split(",") if ";dur=" in part)
    return float(metrics.get("app", "nan")), float(metrics.get("archive", "nan"))


@bench_app.command("serve")
def bench_serve(
    db: Path = typer.Option(Path("archive.db"), "--db", help=DB_HELP),
    cables: int = typer.Option(50, "--cables", help="How many cables to open (a fixed sample of the archive)."),
    rounds: int = typer.Option(3, "--rounds", help="Times each search and cable page is requested."),
) -> None:
    """Server time of the search page and the cable page (p50 / p95 / max, milliseconds)."""
    with warnings.catch_warnings():  # Starlette's notice that its TestClient will move to httpx2
        warnings.filterwarnings("ignore", message=".*httpx2")
        from fastapi.testclient import TestClient

    from cablekit.web import create_app

    client = TestClient(create_app(_archive_or_exit(db)), raise_server_exceptions=False)  # errors are listed, not fatal
    logging.getLogger("cablekit.web").disabled = True  # … and not logged with their tracebacks
    sample = client.get("/api/search", params={"q": "", "order": "date", "limit": 100}).json().get("hits", [])
    ids = [h["id"] for h in sample][:cables]
    targets = {
        "search page": [("/search", {"q": q}) for q in BENCH_QUERIES] + [("/search", {"q": q, "page": 2}) for q in BENCH_QUERIES[:3]],
        "cable page": [(f"/cable/{i}", {}) for i in ids],
    }
    for requests in targets.values():  # warm the caches once
        for path, params in requests:
            client.get(path, params=params)
    for name, requests in targets.items():
        times, archive_times, failed = [], [], set()
        for _ in range(rounds):
            for path, params in requests:
                response = client.get(path, params=params)
                if response.status_code != 200:
                    failed.add(f"{path} {params or ''} → {response.status_code}")
                    continue
                total, in_archive = server_times(response)
                times.append(total)
                archive_times.append(in_archive)
        if not times:
            out.print(f"{name:12}  nothing to measure (empty archive?)")
            continue
        out.print(f"{name:12}  n={len(times):4}  p50 {statistics.median(times):7.1f} ms   "
                  f"p95 {_percentile(times, 95):7.1f} ms   max {max(times):7.1f} ms   "
                  f"in the archive: p50 {statistics.median(archive_times):.1f} ms, p95 {_percentile(archive_times, 95):.1f} ms",
                  soft_wrap=True)
        for failure in sorted(failed):
            err.print(f"[yellow]not 200:[/yellow] {escape(failure)}")
