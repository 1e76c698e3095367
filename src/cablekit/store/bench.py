"""Scale benchmarks of the archive: ``cablekit bench ingest`` and ``cablekit bench search``.

``bench_ingest`` writes a synthetic corpus (``cablekit.synth``, Cablegate size by default) once
into a work directory, then ingests it into a fresh archive and reports wall time, peak memory of
all ingest processes, archive size and rate. ``bench_search`` runs a fixed set of 50 queries
(words, phrases, prefixes, booleans, fields, mixtures; facets on) against that archive and
reports latency percentiles. Targets (2-core machine): ingest ≤ 10 min, peak RSS ≤ 1 GiB,
search p95 ≤ 100 ms.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from cablekit.store.archive import Archive, ArchiveError
from cablekit.store.ingest import NullProgress, ingest

CABLEGATE = 251_287
TARGETS = {"ingest_seconds": 600, "peak_rss_bytes": 1 << 30, "search_p95_ms": 100}

# 50 queries, fixed; the two ``{…}`` ones are filled from the archive (its most cited cable).
QUERIES = (
    "government", "minister", "security", "election", "economic", "nuclear", "refugees",
    "corruption", "terrorism", "sanctions",
    '"prime minister"', '"human rights"', '"foreign minister"', '"united nations"', '"end summary"',
    "terror*", "elect*", "negotiat*", "econ*", "milit*",
    "iran AND nuclear", "iraq OR afghanistan", "oil NOT gas", "(china OR russia) trade",
    "security -military", "(visa OR consular) -fraud",
    "tag:PREL", "tag:PGOV tag:ECON", "origin:baghdad", "origin:state", "class:secret",
    "caveat:noforn", "from:2009-01 to:2009-12", "subject:visit", 'subject:"codel"',
    "election tag:PGOV", "nuclear class:secret", '"human rights" origin:beijing',
    "minister from:2008 to:2008", "iran caveat:noforn", "trade tag:ETRD -tag:EAGR",
    "police OR army tag:PHUM", "(tag:PTER OR terrorism) from:2006",
    "ambassador meeting", '"press reports" -rumors', "energy pipeline gas",
    "", "NOT tag:PREL", "{ref}", "{id} OR summit",
)  # fmt: skip
assert len(QUERIES) == 50


def default_workdir() -> Path:
    return Path(tempfile.gettempdir()) / "cablekit-bench"


def _corpus(workdir: Path, count: int, seed: int, format: str) -> tuple[Path, float]:
    """The synthetic corpus for (count, seed, format), written once and reused."""
    from cablekit.synth import write_corpus

    corpus = workdir / f"corpus-{format}-{count}-{seed}"
    marker = workdir / f"{corpus.name}.complete"  # outside the corpus: it is no cable
    if marker.exists():
        return corpus, 0.0
    started = time.monotonic()
    write_corpus(corpus, count, seed=seed, format=format)
    marker.write_text(json.dumps({"count": count, "seed": seed, "format": format}))
    return corpus, time.monotonic() - started


def bench_ingest(
    *, count: int = CABLEGATE, seed: int = 0, workdir: Path | None = None, jobs: int | None = None,
    format: str = "html", progress=None,
) -> dict:  # fmt: skip
    workdir = Path(workdir or default_workdir())
    workdir.mkdir(parents=True, exist_ok=True)
    corpus, generated = _corpus(workdir, count, seed, format)
    db = workdir / "archive.db"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    load_before = os.getloadavg()[0]
    own_before, workers_before = _cpu_seconds()
    summary = ingest([corpus], db, jobs=jobs, progress=progress or NullProgress())
    own, workers = (after - before for after, before in zip(_cpu_seconds(), (own_before, workers_before)))
    size = db.stat().st_size
    return {
        "bench": "ingest",
        "cables": count,
        "corpus": str(corpus),
        "corpus_written_seconds": round(generated, 1),
        "archive": str(db),
        "jobs": jobs or os.cpu_count(),
        "cores": os.cpu_count(),
        "read": summary.read,
        "ingested": summary.ingested,
        "quarantined": summary.quarantined,
        "ingest_seconds": round(summary.seconds, 1),
        "cpu_seconds": round(own + workers, 1),  # what a quiet machine needs, over its cores
        "cpu_seconds_writer": round(own, 1),  # this process: producer and writer
        "cpu_seconds_workers": round(workers, 1),  # the parsing processes
        "load_average": f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after",
        "cables_per_second": round(summary.read / max(summary.seconds, 1e-9)),
        "peak_rss_bytes": summary.peak_rss_bytes,
        "archive_bytes": size,
        "targets": {k: v for k, v in TARGETS.items() if k != "search_p95_ms"},
    }


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process and of its (finished) children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _fill(query: str, archive: Archive) -> str:
    if "{" not in query:
        return query
    with archive._reading() as db:  # the archive's most cited cable: a fixed choice for a given archive
        row = db.execute(
            "SELECT target_id FROM refs WHERE resolved GROUP BY target_id ORDER BY count(*) DESC, target_id LIMIT 1"
        ).fetchone()
        first = db.execute("SELECT id FROM cables ORDER BY key LIMIT 1").fetchone()
    target = row[0] if row else (first[0] if first else "09RABAT904")
    return query.format(ref=f"ref:{target}", id=f"id:{first[0] if first else target}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def bench_search(db: Path | None = None, *, rounds: int = 3, limit: int = 20) -> dict:
    db = Path(db or default_workdir() / "archive.db")
    if not db.exists():
        raise ArchiveError(f"no archive at {db}: run `cablekit bench ingest` first (or give --db)")
    timings: dict[str, list[float]] = {}
    cpu: list[float] = []
    load_before = os.getloadavg()[0]
    with Archive(db) as archive:
        queries = [_fill(q, archive) for q in QUERIES]
        stats = archive.stats()
        totals = {}
        for q in queries:  # warm-up pass, not counted: the page cache holds the index afterwards
            totals[q] = archive.search(q, limit=limit, facets=True).total
        for _ in range(rounds):
            for q in queries:
                started, cpu_started = time.perf_counter(), time.process_time()
                archive.search(q, limit=limit, facets=True)
                timings.setdefault(q, []).append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
    every = [t for ts in timings.values() for t in ts]
    slowest = sorted(((statistics.median(ts), q) for q, ts in timings.items()), reverse=True)[:5]
    return {
        "bench": "search",
        "archive": str(db),
        "cables": stats.cables,
        "queries": len(queries),
        "runs": len(every),
        "p50_ms": round(percentile(every, 50), 1),
        "p95_ms": round(percentile(every, 95), 1),
        "max_ms": round(max(every), 1),
        "cpu_p50_ms": round(percentile(cpu, 50), 1),  # CPU time: the latency on an idle core
        "cpu_p95_ms": round(percentile(cpu, 95), 1),
        "load_average": f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after",
        "slowest": [{"query": q or "<all cables>", "median_ms": round(ms, 1), "hits": totals[q]} for ms, q in slowest],
        "targets": {"search_p95_ms": TARGETS["search_p95_ms"]},
    }


def print_figures(figures: dict, console: Console) -> None:
    table = Table(title=f"bench {figures['bench']}", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    for name, value in figures.items():
        if name in ("bench", "targets", "slowest"):
            continue
        if name.endswith("_bytes"):
            value = f"{value / 2**20:,.0f} MiB"
        elif isinstance(value, int):
            value = f"{value:,}"
        table.add_row(name.replace("_", " "), str(value))
    for name, target in figures["targets"].items():
        measured = figures.get(name)
        if measured is not None:
            ok = measured <= target
            shown = f"{target / 2**20:,.0f} MiB" if name.endswith("_bytes") else f"{target:,}"
            table.add_row(f"target {name.replace('_', ' ')}", f"≤ {shown} [{'green' if ok else 'red'}]{'met' if ok else 'MISSED'}[/]")
    console.print(table)
    for row in figures.get("slowest", []):
        console.print(f"  slow: {row['median_ms']:>7.1f} ms  {row['hits']:>8,} hits  {row['query']}")
