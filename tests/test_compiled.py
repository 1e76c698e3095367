"""The compiled reader (setup.py, Cython) against its own Python source (CABLEKIT_PURE=1),
and the training run of its profile-guided build (scripts/build-reader).

The .py files are the reference: every record the compiled modules make must be byte for byte
the record the interpreter makes from the same source, over every real cable at hand.
"""

import json
import os
import re
import subprocess
import sys

import pytest

from paths import CORPUS, FIXTURES, REPO
from cablekit._compiled import reader_build

DUMP_RECORDS = """
import sys, msgspec
from pathlib import Path
from cablekit import Cable
from cablekit._compiled import reader_build
from cablekit.formats import read_path
from cablekit.parse.reader import iter_cables
print(reader_build())
encode = msgspec.json.Encoder().encode
for root in sys.argv[1:]:
    for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
        for item in iter_cables(read_path(path, None)):
            print(encode(item).decode() if isinstance(item, Cable) else repr(item))
"""


def _records(*roots, pure: bool) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "CABLEKIT_PURE"}
    if pure:
        env["CABLEKIT_PURE"] = "1"
    run = subprocess.run([sys.executable, "-c", DUMP_RECORDS, *map(str, roots)],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines()


def test_pure_mode_runs_the_source():
    build, *records = _records(FIXTURES, pure=True)
    assert build.startswith("Python source")
    assert len(records) >= 10


def test_compiled_records_equal_the_sources_records():
    if reader_build() != "compiled (Cython)":
        pytest.skip(f"the reader is not compiled here ({reader_build()}); `make setup` builds it")
    roots = [FIXTURES] + ([CORPUS] if CORPUS.is_dir() else [])
    build, *compiled = _records(*roots, pure=False)
    assert build == "compiled (Cython)"
    _, *source = _records(*roots, pure=True)
    assert len(compiled) == len(source) > 10
    for made, reference in zip(compiled, source):
        if made != reference:
            assert json.loads(made) == json.loads(reference)  # pytest shows the differing field
            assert made == reference


def _train(pure: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CABLEKIT_PURE"}
    if pure:
        env["CABLEKIT_PURE"] = "1"
    return subprocess.run([sys.executable, str(REPO / "scripts" / "train-reader.py")],
                          capture_output=True, text=True, env=env)


def test_the_profile_training_reads_fixtures_and_synthetic_pages_and_rows():
    if reader_build() != "compiled (Cython)":
        pytest.skip(f"the reader is not compiled here ({reader_build()}); `make setup` builds it")
    run = _train(pure=False)
    assert run.returncode == 0, run.stderr
    fixtures = sum(line.startswith("{") for line in _records(FIXTURES, pure=False))  # cables, not refusals
    # "train-reader: 6,011 cables read: 11 from tests/fixtures, 3,000 synthetic ones as pages and as …"
    read, from_fixtures, synthetic = (int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", run.stdout)[:3])
    assert from_fixtures == fixtures > 0
    assert synthetic > 0 and read == fixtures + 2 * synthetic  # each synthetic cable as a page and as a CSV row


def test_the_profile_training_refuses_an_uncompiled_reader():
    """Its failure is what makes scripts/build-reader fall back to a plain build."""
    run = _train(pure=True)
    assert run.returncode == 1
    assert "not compiled" in run.stderr
