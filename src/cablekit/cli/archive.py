"""Commands of the archive: ``ingest``, ``search``, ``show``, ``refs``, ``diff``, ``export`` and
``bench ingest`` / ``bench search``. They print; ``cablekit.store`` does the work."""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from typing import Optional

import msgspec
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from cablekit.cli.app import app, bench_app
from cablekit.model import Cable
from cablekit.store import MARK_END, MARK_START, Archive, ArchiveError, QuerySyntaxError, SearchResult
from cablekit.store.ingest import Summary

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

DB_OPTION = typer.Option(Path("archive.db"), "--db", help="The archive file (SQLite).")


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


def _open(db: Path) -> Archive:
    try:
        return Archive(db)
    except ArchiveError as exc:
        raise _fail(str(exc)) from None


def _json(value: object) -> None:
    sys.stdout.buffer.write(msgspec.json.format(msgspec.json.encode(value), indent=2) + b"\n")


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


# --- ingest --------------------------------------------------------------------------------


class RichProgress:
    """The ingest progress bar on stderr: bytes read, cables/s, ETA."""

    def __init__(self, console: Console):
        self.bar = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TextColumn("{task.fields[done]:,} inputs · {task.fields[rate]:,.0f}/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.task = None
        self.started = time.monotonic()

    def start(self, total: int) -> None:
        self.started = time.monotonic()
        self.task = self.bar.add_task("ingesting", total=max(total, 1), done=0, rate=0.0)
        self.bar.start()

    def advance(self, size: int, summary: Summary) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.bar.update(self.task, advance=size, done=summary.read, rate=summary.read / elapsed)

    def stage(self, text: str) -> None:
        self.bar.update(self.task, description=text)

    def stop(self) -> None:
        if self.task is not None:
            self.bar.update(self.task, completed=self.bar.tasks[0].total)
        self.bar.stop()


def print_summary(summary: Summary, db: Path, console: Console) -> None:
    table = Table(title=f"Ingest into {db}", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("read", f"{summary.read:,}")
    table.add_row("  ingested (new cables)", f"{summary.ingested:,}")
    table.add_row("  revised (new revisions)", f"{summary.revised:,}")
    table.add_row("  unchanged (already archived)", f"{summary.unchanged:,}")
    table.add_row("  quarantined", f"{summary.quarantined:,}")
    table.add_row("recognised without parsing", f"{summary.skipped:,}")
    table.add_row("time", f"{summary.seconds:,.1f} s ({summary.read / max(summary.seconds, 1e-6):,.0f} inputs/s)")
    table.add_row("peak memory (all processes)", _mib(summary.peak_rss_bytes))
    if db.exists():
        table.add_row("archive size", _mib(db.stat().st_size))
    console.print(table)
    if summary.reasons:
        reasons = Table(title="Quarantined (see table quarantine)", title_justify="left")
        reasons.add_column("inputs", justify="right")
        reasons.add_column("reason")
        for reason, n in sorted(summary.reasons.items(), key=lambda kv: -kv[1])[:15]:
            reasons.add_row(f"{n:,}", escape(reason))
        console.print(reasons)
    if not summary.balanced:  # never expected: say so loudly rather than print wrong figures
        console.print("[red]the counts do not add up: please report this[/red]")


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, cables.csv, zip/tar archives of pages."),
    db: Path = DB_OPTION,
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Parsing processes (default: one per core)."),
    batch: int = typer.Option(2000, "--batch", help="Inputs per transaction (also committed every few seconds)."),
    force: bool = typer.Option(False, "--force", help="Parse inputs again even when already ingested unchanged."),
    optimize: bool = typer.Option(True, "--optimize/--no-optimize", help="Merge the full-text index at the end (faster searches)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show the progress bar on stderr."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Build or update a searchable archive; ingesting the same inputs again changes nothing."""
    from cablekit.store.ingest import ingest as run_ingest

    try:
        summary = run_ingest(
            paths, db, jobs=jobs, batch=batch, force=force, optimize=optimize, progress=RichProgress(err) if progress else None
        )
    except (ArchiveError, RuntimeError) as exc:
        raise _fail(str(exc)) from None
    if as_json:
        _json(msgspec.structs.asdict(summary) | {"balanced": summary.balanced})
    else:
        print_summary(summary, db, out)


# --- search --------------------------------------------------------------------------------


def highlighted(snippet: str) -> Text:
    text = Text()
    rest = snippet
    while MARK_START in rest:
        before, _, tail = rest.partition(MARK_START)
        word, _, rest = tail.partition(MARK_END)
        text.append(before)
        text.append(word, style="bold yellow")
    text.append(rest)
    return text


def print_result(result: SearchResult, console: Console, took: float) -> None:
    shown = f"{result.offset + 1}–{result.offset + len(result.hits)} of " if result.hits else ""
    console.print(f"[bold]{shown}{result.total:,}[/bold] cables · ordered by {result.order} · {took * 1000:.0f} ms")
    if result.order == "rank" and result.ranked < result.total:
        console.print(f"[dim]BM25 ranks the {result.ranked:,} newest matches; older ones follow by date[/dim]")
    for hit in result.hits:
        console.print()
        meta = " · ".join(v for v in (hit.date and hit.date[:10], hit.origin, hit.classification) if v)
        console.print(f"[bold cyan]{hit.id}[/bold cyan]  {escape(hit.subject or '(no subject)')}")
        console.print(f"[dim]{escape(meta)}[/dim]")
        console.print(highlighted(" ".join(hit.snippet.split())))
    if result.facets:
        console.print()
        approx = "~" if result.facet_sample > 1 else ""
        if approx:
            console.print(f"[dim]facets counted on 1 in {result.facet_sample} hits[/dim]")
        for name, pairs in result.facets.items():
            if pairs:
                shown = pairs if name == "year" else pairs[:10]
                values = ", ".join(f"{escape(str(v))} ({approx}{n:,})" for v, n in shown)
                console.print(f"[bold]{name}[/bold]: {values}")


def query_error(query: str, exc: QuerySyntaxError) -> typer.Exit:
    err.print(f"[red]error in query:[/red] {escape(exc.message)}")
    err.print(f"  {escape(query)}")
    err.print("  " + " " * max(exc.position, 0) + "^")
    return typer.Exit(2)


class Order(str, Enum):
    rank = "rank"
    date = "date"


@app.command()
def search(
    query: list[str] = typer.Argument(..., help='Words, "phrases", prefix*, AND/OR/NOT, ( ), tag: origin: class: caveat: from: to: ref: subject: id:'),
    db: Path = DB_OPTION,
    order: Order = typer.Option(Order.rank, "--order", help="rank (BM25) or date (newest first)."),
    limit: int = typer.Option(10, "--limit", "-n", min=0),
    offset: int = typer.Option(0, "--offset", min=0),
    facets: bool = typer.Option(True, "--facets/--no-facets"),
    as_json: bool = typer.Option(False, "--json", help=f"JSON for scripts (snippet marks: U+{ord(MARK_START):04X} … U+{ord(MARK_END):04X})."),
) -> None:
    """Search the archive: ranked hits with highlighted snippets and facets."""
    text = " ".join(query)
    with _open(db) as archive:
        started = time.perf_counter()
        try:
            result = archive.search(text, order=order.value, limit=limit, offset=offset, facets=facets)
        except QuerySyntaxError as exc:
            raise query_error(text, exc) from None
        except ArchiveError as exc:
            raise _fail(str(exc)) from None
    if as_json:
        _json(result)
    else:
        print_result(result, out, time.perf_counter() - started)


# --- show, refs, diff ----------------------------------------------------------------------


class ShowFormat(str, Enum):
    text = "text"
    json = "json"
    raw = "raw"


def print_cable(cable: Cable, revision: str, console: Console) -> None:
    body, header, container = cable.body, cable.header, cable.container
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    when = header.dtg or container.created
    for label, value in (
        ("Cable", cable.id),
        ("Subject", body.subject),
        ("Sent", when and f"{when:%Y-%m-%d %H:%M} UTC"),
        ("Origin", container.origin or header.originator),
        ("Classification", " // ".join([body.classification or container.classification or "?", *body.caveats])),
        ("Captions", ", ".join(body.captions)),
        ("Tags", " ".join(t.code for t in body.tags)),
        ("References", "; ".join(r.raw for r in body.references)),
        ("Revision", revision),
        ("Source", container.source),
    ):
        if value:
            grid.add_row(label, escape(str(value)))
    console.print(grid)
    console.print()
    heading = None
    for p in body.paragraphs:
        number = f"{p.number}. " if p.number is not None else ""
        mark = f"({p.portion_marking}) " if p.portion_marking else ""
        if p.heading and p.heading != heading:
            console.print(f"[bold underline]{escape(p.heading)}[/bold underline]")
        heading = p.heading
        console.print(f"{number}[bold]{escape(mark)}[/bold]{escape(p.text)}")
        console.print()
    if body.signers:
        console.print(escape(" ".join(body.signers)))


@app.command()
def show(
    cable_id: str = typer.Argument(..., metavar="ID"),
    db: Path = DB_OPTION,
    format: ShowFormat = typer.Option(ShowFormat.text, "--format", "-f", help="text, json (the full record) or raw (as read)."),
    revision: Optional[int] = typer.Option(None, "--revision", "-r", help="An earlier revision (default: current)."),
) -> None:
    """Show one archived cable."""
    with _open(db) as archive:
        try:
            cable = archive.require(cable_id, revision)
            infos = archive.revisions(cable_id)
        except ArchiveError as exc:
            raise _fail(str(exc)) from None
    number = revision or next(r.revision for r in infos if r.current)
    if format is ShowFormat.json:
        _json(cable)
    elif format is ShowFormat.raw:
        sys.stdout.write((cable.header_text + "\n\n" if cable.header_text else "") + cable.body_text + "\n")
    else:
        print_cable(cable, f"{number} of {len(infos)}" + (" (current)" if any(r.current and r.revision == number for r in infos) else ""), out)


@app.command()
def refs(
    cable_id: str = typer.Argument(..., metavar="ID"),
    db: Path = DB_OPTION,
    depth: int = typer.Option(1, "--depth", "-d", min=1, max=6, help="Citation steps to follow, both directions."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """What a cable cites and what cites it, resolved to archived cables."""
    with _open(db) as archive:
        try:
            cites = archive.references(cable_id)
            cited_by = archive.cited_by(cable_id)
            graph = archive.neighbourhood(cable_id, depth) if depth > 1 else None
        except ArchiveError as exc:
            raise _fail(str(exc)) from None
    if as_json:
        _json({"id": cable_id, "cites": cites, "cited_by": cited_by, "neighbourhood": graph})
        return
    out.print(f"[bold]{cable_id} cites[/bold] ({len(cites)})")
    for r in cites:
        mark = "[green]✓[/green]" if r.resolved else "[dim]·[/dim]"
        target = r.target_id or "—"
        out.print(f"  {mark} {escape(r.label or ''):3} {target:22} {escape(r.subject or r.raw or '')}")
    out.print(f"[bold]cited by[/bold] ({len(cited_by)})")
    for c in cited_by:
        out.print(f"  [green]✓[/green] {c.cable_id:22} {escape((c.date or '')[:10])} {escape(c.subject or '')}")
    if graph:
        out.print(f"[bold]within {depth} steps[/bold]: {len(graph.nodes)} cables, {len(graph.edges)} citations"
                  + (" (truncated)" if graph.truncated else ""))  # fmt: skip
        for node in sorted(graph.nodes, key=lambda n: (n.depth, n.id)):
            if node.depth:
                state = "" if node.archived else " [dim](not archived)[/dim]"
                out.print(f"  {node.depth}  {node.id:22} {escape(node.subject or '')}{state}")
        out.print("[dim]✓ archived · not in the archive[/dim]")


@app.command()
def diff(
    cable_id: str = typer.Argument(..., metavar="ID"),
    db: Path = DB_OPTION,
    a: Optional[int] = typer.Option(None, "--from", help="Older revision (default: the one before the current)."),
    b: Optional[int] = typer.Option(None, "--to", help="Newer revision (default: the current)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """What changed between revisions of a cable (WikiLeaks re-released changed cables)."""
    with _open(db) as archive:
        try:
            infos = archive.revisions(cable_id)
            change = archive.diff(cable_id, a, b)
        except ArchiveError as exc:
            raise _fail(str(exc)) from None
    if as_json:
        _json({"revisions": infos, "diff": change})
        return
    for r in infos:
        flag = " (current)" if r.current else ""
        out.print(f"revision {r.revision}{flag}: released {r.released or '?'} · {r.format} · {escape(r.source or '')}")
    if change.a == change.b:
        out.print(f"{cable_id} has a single revision: nothing to compare.")
        return
    out.print(f"\n[bold]revision {change.a} → {change.b}[/bold]")
    for f in change.fields:
        out.print(f"  {f.name}: [red]{escape(str(f.old))}[/red] → [green]{escape(str(f.new))}[/green]")
    for line in change.text:
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else "cyan" if line.startswith("@@") else ""
        out.print(Text(line, style=style))
    if not change.fields and not change.text:
        out.print("no difference in the text")


# --- export --------------------------------------------------------------------------------


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"
    csv = "csv"


@app.command()
def export(
    db: Path = DB_OPTION,
    format: ExportFormat = typer.Option(ExportFormat.parquet, "--format", "-f"),
    out_dir: Path = typer.Option(Path("export"), "--out", "-o", help="Directory for <table>.<format> files."),
    tables: Optional[list[str]] = typer.Option(None, "--table", "-t", help="cables, paragraphs, references, tags (default), addressees, warnings, revisions, quarantine, inputs."),
) -> None:
    """Export tables for pandas / Polars / DuckDB (JSON Lines, Parquet or CSV)."""
    from cablekit.store.export import DEFAULT_TABLES, ExportError
    from cablekit.store.export import export as run_export

    try:
        written = run_export(db, out_dir, format.value, tuple(tables or DEFAULT_TABLES))
    except ExportError as exc:
        raise _fail(str(exc)) from None
    for name, (path, rows) in written.items():
        out.print(f"{name:12} {rows:>10,} rows  {path}")


# --- benchmarks ----------------------------------------------------------------------------


@bench_app.command("ingest")
def bench_ingest(
    count: int = typer.Option(251_287, "--count", help="Synthetic cables (Cablegate holds 251,287)."),
    seed: int = typer.Option(0, "--seed"),
    workdir: Optional[Path] = typer.Option(None, "--dir", help="Where the corpus and archive go (default: a temp directory, kept for bench search)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j"),
    corpus_format: str = typer.Option("html", "--format", help="html (one page per cable) or csv (one cables.csv)."),
) -> None:
    """Ingest a synthetic Cablegate-size corpus; print wall time, peak memory and archive size."""
    from cablekit.store import bench

    err.print(f"writing the synthetic corpus (once; reused by later runs) under {workdir or bench.default_workdir()} …")
    figures = bench.bench_ingest(count=count, seed=seed, workdir=workdir, jobs=jobs, format=corpus_format,
                                 progress=RichProgress(err))  # fmt: skip
    bench.print_figures(figures, out)


@bench_app.command("search")
def bench_search(
    db: Optional[Path] = typer.Option(None, "--db", help="Archive to search (default: the one bench ingest built)."),
    rounds: int = typer.Option(3, "--rounds", help="Times each of the 50 queries runs."),
) -> None:
    """Search latency p50/p95 over a fixed set of 50 queries, with facets."""
    from cablekit.store import bench

    try:
        figures = bench.bench_search(db, rounds=rounds)
    except ArchiveError as exc:
        raise _fail(str(exc)) from None
    bench.print_figures(figures, out)
