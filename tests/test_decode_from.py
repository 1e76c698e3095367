"""decode_from: compiled, its own decoder of UTF-8 within the BMP; it must read every byte string
as ``decode`` reads the part (the same text, the same fallback and warning).

Inputs are the real pages from several offsets and random byte strings built from UTF-8 pieces
valid and broken (overlong forms, surrogates, cut sequences, four-byte ones, a BOM).
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.formats.text import decode, decode_from
from paths import CORPUS

PIECES = [b"a", b"<pre>", b" " * 40, b"\xc2\xb6", b"\xc3\xa9", b"\xe2\x80\x99", b"\xe2\x80", b"\xc2", b"\x80",
          b"\xbf", b"\xc0\xaf", b"\xc1\xbf", b"\xe0\x9f\xbf", b"\xe0\xa0\x80", b"\xed\x9f\xbf", b"\xed\xa0\x80",
          b"\xef\xbf\xbf", b"\xef\xbb\xbf", b"\xf0\x9f\x98\x80", b"\xf4\x8f\xbf\xbf", b"\xf5\x80\x80\x80", b"\xff",
          b"\xdf\xbf", b"\xc2\x80", b"\x00", b"\x7f", b"x" * 33]


def assert_decodes_as_decode(data: bytes, start: int) -> None:
    text, problem = decode_from(data, start)
    expected_text, expected_problem = decode(data[start:])
    assert text == expected_text, (data, start)
    assert type(text) is str and text.isascii() == expected_text.isascii()
    assert problem == expected_problem, (data, start)


def test_pages_decode_as_decode(corpus):
    pages = [path.read_bytes() for path in sorted((CORPUS / "wikileaks-html").rglob("*.html"))[::4]]
    assert len(pages) > 100
    for data in pages:
        for start in (0, data.rfind(b"<h3>"), len(data) // 2, len(data) - 1, len(data)):
            assert_decodes_as_decode(data, max(start, 0))


def test_many_non_ascii_characters_decode_as_decode():
    for count in (2047, 2048, 2049, 5000):
        assert_decodes_as_decode(b"x" + b"\xc2\xb6" * count, 1)
        assert_decodes_as_decode(b"\xe2\x80\x99 " * count, 0)


def test_random_pieces_decode_as_decode():
    rng = random.Random(3)
    for _ in range(20000):
        data = b"".join(rng.choice(PIECES) for _ in range(rng.randrange(12)))
        assert_decodes_as_decode(data, rng.randrange(len(data) + 1))


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=200), st.integers(0, 200))
def test_any_bytes_decode_as_decode(data, start):
    assert_decodes_as_decode(data, min(start, len(data)))
