"""Commands: serve, bench serve (see cli/main.py)."""

from cablekit.cli.app import app, bench_app  # noqa: F401
