"""The ``cablekit`` Typer application; command modules register on it."""

import typer

app = typer.Typer(
    name="cablekit",
    help="Read, archive, search and serve US State Department cables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
bench_app = typer.Typer(help="Benchmarks that print their figures (cables/s, MB/s, latency, memory).", no_args_is_help=True)
app.add_typer(bench_app, name="bench")
