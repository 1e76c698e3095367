import pytest

from paths import corpus_or_skip


@pytest.fixture
def corpus():
    return corpus_or_skip()
