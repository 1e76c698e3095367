"""Realistic synthetic cables, for scale benchmarks only (never mix them with real ones).

>>> from cablekit.synth import generate, write_corpus
>>> raw = next(generate(1, seed=7))           # a RawCable with WikiLeaks-2010 page metadata
>>> write_corpus("bench/", 251_287)           # WikiLeaks-style pages under bench/YYYY/MM/
>>> write_corpus("bench/", 10_000, format="csv")   # bench/cables.csv

Distributions (origins, dates, classifications, TAGS, paragraphs, portion markings, references …)
come from ``profile.json``, measured once on the dev corpus by ``measure.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cablekit.synth.generate import Generator, Synthetic, generate, load_profile, synthesize
from cablekit.synth.render import csv_row, page_html

__all__ = ["FORMATS", "Generator", "Synthetic", "generate", "load_profile", "synthesize", "write_corpus"]

FORMATS = ("html", "csv")


def write_corpus(
    directory: str | Path,
    count: int,
    seed: int = 0,
    format: str = "html",
    progress: Callable[[int], None] | None = None,
) -> list[Path]:
    """Write ``count`` synthetic cables under ``directory``; returns the files written.

    ``html``: one page per cable at ``YYYY/MM/<ID>.html`` (the corpus layout, §1.1);
    ``csv``: one ``cables.csv`` (§1.2). ``progress`` is called with the number of cables
    written so far, every 1,000 cables and at the end.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    done = 0
    if format == "csv":
        path = root / "cables.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            for done, cable in enumerate(synthesize(count, seed), 1):
                out.write(csv_row(done, cable))
                if progress and done % 1000 == 0:
                    progress(done)
        written.append(path)
    else:
        folders: set[str] = set()
        for done, cable in enumerate(synthesize(count, seed), 1):
            relative = cable.container.source
            folder = relative.rpartition("/")[0]
            if folder not in folders:
                (root / folder).mkdir(parents=True, exist_ok=True)
                folders.add(folder)
            path = root / relative
            with open(path, "wb") as out:
                out.write(page_html(cable).encode("utf-8"))
            written.append(path)
            if progress and done % 1000 == 0:
                progress(done)
    if progress:
        progress(done)
    return written
