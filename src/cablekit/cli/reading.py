"""Commands that read cables: ``parse``, ``explain`` and ``bench parse``."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Optional

import msgspec
import typer
from rich.console import Console
from rich.table import Table

from cablekit.cli.app import app, bench_app
from cablekit.explain import explain
from cablekit.formats import NotACable, read_bytes, read_path
from cablekit.model import Cable
from cablekit._compiled import reader_build
from cablekit.parse.reader import iter_cables, read_raw

FORMAT_HELP = (
    "Container format, detected when omitted: wikileaks-html-2010, wikileaks-html-2011, "
    "wikileaks-text, telegram-text, cables-csv, plusd-html."
)
err = Console(stderr=True)


def _inputs(files: list[str], format: Optional[str]):
    """Cables and errors of every file; '-' reads standard input."""
    for name in files:
        if name == "-":
            yield from iter_cables(read_bytes(sys.stdin.buffer.read(), "<stdin>", format))
        else:
            yield from iter_cables(read_path(name, format))


@app.command()
def parse(
    files: list[str] = typer.Argument(..., help="Cable files (HTML pages, cables.csv, telegram text, PlusD pages); '-' reads stdin."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    pretty: Optional[bool] = typer.Option(None, "--pretty/--compact", help="Indent the JSON (default: indented for one cable, JSON Lines for many)."),
) -> None:
    """Read cables into complete records: JSON for one cable, JSON Lines for many."""
    out = sys.stdout.buffer

    def emit(cable: Cable, indent: bool) -> None:
        data = msgspec.json.encode(cable)
        out.write((msgspec.json.format(data, indent=2) if indent else data) + b"\n")

    failures = count = 0
    first: Cable | None = None  # held back: one cable alone is printed indented unless --compact
    for item in _inputs(files, format):
        if isinstance(item, NotACable):
            failures += 1
            err.print(f"[red]error:[/red] {item}")
            continue
        count += 1
        if pretty is None and count == 1:
            first = item
            continue
        if first is not None:
            emit(first, False)
            first = None
        emit(item, bool(pretty))
    if first is not None:
        emit(first, True)
    out.flush()
    if failures:
        err.print(f"{failures} input(s) could not be read; {count} cable(s) parsed.")
        raise typer.Exit(1)


def render_explanation(cable: Cable, console: Console) -> None:
    c = cable.container
    meta = Table.grid(padding=(0, 2))
    meta.add_row("[bold]Cable[/bold]", f"[bold]{cable.id}[/bold]")
    for label, value in (
        ("Subject", cable.body.subject),
        ("Sent (DTG)", cable.header.dtg and f"{cable.header.dtg:%Y-%m-%d %H:%M} UTC"),
        ("Created / released", " / ".join(str(v) for v in (c.created, c.released) if v)),
        ("Origin", c.origin or cable.header.originator),
        ("Classification", c.classification or cable.body.classification),
        ("Source", f"{c.source} ({c.format})"),
    ):
        if value:
            meta.add_row(label, str(value))
    console.print(meta)
    table = Table(show_lines=False, expand=True)
    table.add_column("element", style="cyan", no_wrap=True)
    table.add_column("as written", style="bold", overflow="fold")
    table.add_column("meaning", overflow="fold")
    for line in explain(cable):
        first = True
        for gloss in line.glosses or [None]:
            table.add_row(
                line.element if first else "",
                (gloss.token if gloss else line.text),
                gloss.meaning if gloss else "",
            )
            first = False
        table.add_row(end_section=True)
    console.print(table)
    body = cable.body
    console.print(f"[bold]{len(body.paragraphs)} paragraphs[/bold]: " + ", ".join(
        f"{p.number if p.number is not None else '–'} ({p.portion_marking or 'unmarked'})" for p in body.paragraphs))
    if body.summary:
        console.print(f"[bold]Summary[/bold]: {body.summary}")
    if body.comment:
        console.print(f"[bold]Comment[/bold]: {body.comment}")
    if cable.warnings:
        console.print(f"[yellow]{len(cable.warnings)} reader warning(s)[/yellow]")
        for w in cable.warnings:
            console.print(f"  [yellow]{w.code}[/yellow] {w.where}: {w.message}", markup=True, highlight=False)


@app.command("explain")
def explain_command(
    file: str = typer.Argument(..., help="One cable file; '-' reads stdin."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Show a cable as a person reads it: every header token and marking with its meaning."""
    console = Console()
    shown = 0
    for item in _inputs([file], format):
        if isinstance(item, NotACable):
            err.print(f"[red]error:[/red] {item}")
            raise typer.Exit(1)
        if shown:
            console.rule()
        render_explanation(item, console)
        shown += 1


DEFAULT_BENCH_CORPUS = Path("../shared/corpus/wikileaks-html")


@bench_app.command("parse")
def bench_parse(
    path: Path = typer.Argument(DEFAULT_BENCH_CORPUS, help="A directory of cable files (default: the dev corpus's HTML pages)."),
    rounds: int = typer.Option(5, help="Passes over the corpus; the best is reported (as timeit repeats 5 times)."),
) -> None:
    """Reading speed on one core: cables/s and MB/s, files already in memory (no disk I/O timed)."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    if not files:
        err.print(f"[red]error:[/red] no files under {path}")
        raise typer.Exit(1)
    blobs = [(str(p), p.read_bytes()) for p in files]
    megabytes = sum(len(b) for _, b in blobs) / 1e6
    best = best_cpu = None
    cables = 0
    for _ in range(max(1, rounds)):
        start, start_cpu = time.perf_counter(), time.process_time()
        cables = 0
        for source, data in blobs:
            for item in read_bytes(data, source):
                if not isinstance(item, NotACable):
                    read_raw(item)
                    cables += 1
        elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        best = elapsed if best is None else min(best, elapsed)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    assert best is not None and best_cpu is not None
    print(f"files: {len(blobs)}  cables: {cables}  size: {megabytes:.1f} MB  reader: {reader_build()}")
    print(f"best of {rounds}: {best:.3f} s  →  {cables / best:,.0f} cables/s, {megabytes / best:,.1f} MB/s (single process)")
    # CPU time counts only this process's own work: a steadier figure on a shared machine.
    print(f"CPU time, best of {rounds}: {best_cpu:.3f} s  →  {cables / best_cpu:,.0f} cables/s")
