"""Bad input never raises a traceback: junk gets a clear NotACable, broken cables get warnings."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cablekit
from cablekit.formats import NotACable, read_bytes
from cablekit.parse.reader import iter_cables

from paths import FIXTURES, SEED


def _read_all(data: bytes, name: str = "<fuzz>"):
    return list(iter_cables(read_bytes(data, name)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise(data):
    for item in _read_all(data):
        assert isinstance(item, (NotACable, cablekit.Cable))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_arbitrary_text_never_raises(text):
    for item in _read_all(text.encode("utf-8", "surrogatepass")):
        assert isinstance(item, (NotACable, cablekit.Cable))


def _seed_bytes() -> bytes:
    return (SEED if SEED.exists() else FIXTURES / "09RABAT904.txt").read_bytes()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_seed_yields_a_record_or_a_clear_error(data):
    raw = bytearray(_seed_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        op = data.draw(st.sampled_from(["cut", "insert", "flip", "delete"]))
        pos = data.draw(st.integers(0, max(0, len(raw) - 1)))
        if op == "cut":
            raw = raw[:pos]
        elif op == "insert":
            raw[pos:pos] = data.draw(st.binary(min_size=1, max_size=40))
        elif op == "flip" and raw:
            raw[pos] = data.draw(st.integers(0, 255))
        elif raw:
            del raw[pos : pos + data.draw(st.integers(1, 200))]
    for item in _read_all(bytes(raw)):
        assert isinstance(item, (NotACable, cablekit.Cable))


def test_truncated_html_pages_still_give_records(corpus):
    pages = sorted((corpus / "wikileaks-html").rglob("*.html"))[:40]
    rng = random.Random(7)
    for page in pages:
        data = page.read_bytes()
        for cut in sorted(rng.sample(range(1, len(data)), 5)):
            for item in _read_all(data[:cut], str(page)):
                assert isinstance(item, (NotACable, cablekit.Cable))


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02" * 100, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20,
                                  b"<html><body>hello</body></html>", b"just a line of text\n"])
def test_not_a_cable_is_a_clear_error(data, tmp_path):
    path = tmp_path / "input.bin"
    path.write_bytes(data)
    with pytest.raises(NotACable) as excinfo:
        cablekit.read(path)
    assert str(path) in str(excinfo.value)


def test_non_utf8_bytes_are_read_with_a_warning():
    text = _seed_bytes().decode("utf-8").replace("exemplary partner", "exemplary partn\u00e9r")
    cable = cablekit.read(text.encode("latin-1"))
    assert cable.id == "09RABAT904"
    assert cable.warnings


def test_fifty_megabyte_file(tmp_path):
    """A 50 MB text file of junk around a cable is read without blowing up."""
    seed = _seed_bytes()
    big = seed + (b"FILLER LINE OF TEXT WITHOUT MEANING " * 60 + b"\n") * 24000
    assert len(big) > 50_000_000
    path = tmp_path / "big.txt"
    path.write_bytes(big)
    cable = cablekit.read(path)
    assert cable.id == "09RABAT904"
