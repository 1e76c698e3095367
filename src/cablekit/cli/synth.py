"""Command: ``synth`` — write synthetic cables for scale benchmarks."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cablekit.cli.app import app, bench_app  # noqa: F401
from cablekit.synth import FORMATS, write_corpus

err = Console(stderr=True)


@app.command()
def synth(
    count: int = typer.Option(..., "--count", "-n", min=1, help="How many cables (Cablegate has 251,287)."),
    out: Path = typer.Option(..., "--out", "-o", help="Directory to write into (created if missing)."),
    seed: int = typer.Option(0, "--seed", help="Random seed: the same count and seed give the same cables."),
    format: str = typer.Option("html", "--format", "-f", help="html: one WikiLeaks-style page per cable; csv: one cables.csv."),
) -> None:
    """Write realistic synthetic cables (for benchmarks only: not real documents)."""
    if format not in FORMATS:
        err.print(f"[red]error:[/red] unknown format {format!r}: use one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    start = time.perf_counter()
    with Progress(
        TextColumn("[bold]synth[/bold]"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err, transient=True,
    ) as progress:
        task = progress.add_task("cables", total=count)
        written = write_corpus(out, count, seed=seed, format=format,
                               progress=lambda done: progress.update(task, completed=done))
    seconds = time.perf_counter() - start
    what = f"{len(written):,} pages" if format == "html" else str(written[0])
    err.print(f"{count:,} synthetic cables in {seconds:.1f} s ({count / seconds:,.0f} cables/s) → {what} under {out}")
