"""Entry point of the ``cablekit`` command: imports every command module, then runs the app."""

from cablekit.cli.app import app
from cablekit.cli import reading  # noqa: F401  parse, explain, bench parse
from cablekit.cli import archive  # noqa: F401  ingest, search, show, refs, diff, export, bench ingest/search
from cablekit.cli import synth  # noqa: F401  synth
from cablekit.cli import serve  # noqa: F401  serve, bench serve

__all__ = ["app"]

if __name__ == "__main__":
    app()
