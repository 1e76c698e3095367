"""Where the tests find their inputs (importable as ``paths`` from any test module)."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"  # read-only; CI has it there too
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = CORPUS / "seed" / "09RABAT904.txt"


def corpus_or_skip() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS
