"""The archive the reading-room tests read: the corpus ingested by the real ``cablekit ingest``,
plus a second revision of one page and one cable with hostile text. Built once per test session.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
CORPUS = TESTS.parent.parent / "shared" / "corpus"
SEED_ID = "09RABAT904"
REVISED_ID = "09RABAT1009"  # its page ingested twice: the corpus copy, then a modified copy
REVISED_PAGE = CORPUS / "wikileaks-html" / "2009" / "12" / "09RABAT1009.html"
REVISED_FROM, REVISED_TO = "Tripoli minimize considered.", "Tripoli minimize considered. Second revision of this page."
CITED_ID = "09RABAT988"  # 09RABAT1009's REF: RABAT 0988, archived
HOSTILE_ID = "09RABAT9999"
HOSTILE_SUBJECT = "<script>alert('subject')</script> & <b>ODD</b> BYTES"
HOSTILE_TEXT = "<img src=x onerror=alert(1)> AT&T \x01 &amp; </pre>"


def _hostile_cable(seed: str) -> str:
    """The seed cable made hostile: markup, entities and control characters in subject and text."""
    text = seed.replace("09RABAT904", HOSTILE_ID).replace("RABAT 000904", "RABAT 009999").replace("#0904/", "#9999/")
    text = text.replace("U.S.-MOROCCO SECURITY DIALOGUES", HOSTILE_SUBJECT)
    return text.replace("End summary.", f"{HOSTILE_TEXT} End summary.")


def _ingest(db: Path, *paths: Path) -> None:
    command = [sys.executable, "-m", "cablekit.cli.main", "ingest", *map(str, paths), "--db", str(db), "--no-progress", "--jobs", "2"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"cablekit ingest failed:\n{done.stdout}\n{done.stderr}"


def web_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's reading-room archive (built on first use; the API and browser tests share it)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    base = tmp_path_factory.getbasetemp() / "reading-room"
    db, ready = base / "archive.db", base / "ready"
    if ready.is_file():
        return db
    shutil.rmtree(base, ignore_errors=True)
    variants = base / "variants"
    variants.mkdir(parents=True)
    page = REVISED_PAGE.read_text(encoding="utf-8")
    assert REVISED_FROM in page
    (variants / "09RABAT1009.html").write_text(page.replace(REVISED_FROM, REVISED_TO), encoding="utf-8")
    seed = (CORPUS / "seed" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    (variants / f"{HOSTILE_ID}.txt").write_text(_hostile_cable(seed), encoding="utf-8")
    _ingest(db, CORPUS)
    _ingest(db, variants)
    ready.touch()
    return db
