"""Odd input: not-a-cable files, truncated pages, arbitrary and mutated bytes. Nothing raises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablekit.formats import FORMATS, NotACable, RawCable, detect_format, read_bytes, read_path
from paths import FIXTURES

PAGE = (FIXTURES / "08MOSCOW2700.html").read_bytes()
FULL = next(read_bytes(PAGE))


def results_of(data: bytes, **kwargs) -> list[RawCable | NotACable]:
    results = list(read_bytes(data, "input", **kwargs))
    assert results
    for result in results:
        assert isinstance(result, (RawCable, NotACable))
        # The reader's own safety net must not be what caught a problem: that would be a bug.
        assert not (isinstance(result, NotACable) and result.reason.startswith(("reader failed", "row unreadable")))
    return results


# --- not a cable ------------------------------------------------------------------------------


@pytest.mark.parametrize("data, why", [
    (b"", "empty"),
    (b"  \n\r\n\t ", "empty"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4, "JPEG"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (bytes(range(256)) * 8, "NUL"),
    (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 100, "control"),
    (b"<!DOCTYPE html><html><head><title>Recipes</title></head><body><p>Soup</p></body></html>", "HTML"),
    (b"<html><body><h3>Viewing photos</h3><pre>x</pre></body></html>", "HTML"),
    (b"Dear Sir,\nThank you for your letter of May 3.\nYours,\nA. Smith\n", "not a cable"),
    (b"a,b,c\n1,2,3\n", "not a cable"),
])
def test_not_a_cable(data, why):
    with pytest.raises(NotACable) as info:
        detect_format(data, "upload.bin")
    assert info.value.source == "upload.bin"
    assert why in str(info.value)
    [result] = results_of(data)
    assert isinstance(result, NotACable) and why in result.reason



def test_control_bytes_counted_in_a_page_head_unlike_the_last_one():
    """detect_format keeps the last head it found to be text; a head differing anywhere is checked."""
    assert detect_format(PAGE) == "wikileaks-html-2010"
    for spoiled, why in [
        (PAGE[:1000] + b"\x01" * 300 + PAGE[1300:], "control"),
        (PAGE[:4095] + b"\x00" + PAGE[4096:], "NUL"),
    ]:
        with pytest.raises(NotACable, match=why):
            detect_format(spoiled)
        assert detect_format(PAGE) == "wikileaks-html-2010"

def test_missing_file_and_directory_are_notacables(tmp_path):
    [missing] = list(read_path(tmp_path / "nope.html"))
    assert isinstance(missing, NotACable) and missing.source.endswith("nope.html")
    [directory] = list(read_path(tmp_path))
    assert isinstance(directory, NotACable)


def test_a_telegram_without_container_is_recognised():
    text = b"S E C R E T RABAT 000904\n\nSIPDIS\nE.O. 12958: DECL: 11/09/2019\nTAGS: MARR PREL\nSUBJECT: X\n"
    assert detect_format(text) == "telegram-text"


# --- truncated pages ----------------------------------------------------------------------------


def cut_at(marker: bytes, offset: int = 0) -> bytes:
    """The page cut ``offset`` bytes after ``marker`` (first seen in the cable, past the sidebar)."""
    return PAGE[: PAGE.index(marker, PAGE.index(b"<h3>Viewing cable")) + offset]


def test_cut_in_the_sidebar_is_a_notacable():
    [result] = results_of(PAGE[:5000])
    assert isinstance(result, NotACable) and "cut off" in result.reason


def test_cut_inside_the_heading():
    [raw] = results_of(cut_at(b"<h3>Viewing cable", len(b"<h3>Viewing cable 08MOSCOW2700, MOSCOW TOL")))
    assert isinstance(raw, RawCable)
    assert raw.container.reference_id == "08MOSCOW2700"
    assert raw.container.title == "MOSCOW TOL"
    assert {"page-truncated", "heading-truncated", "metadata-missing"} <= {w.code for w in raw.warnings}


def test_cut_inside_the_table_keeps_the_cells_before_the_cut():
    [raw] = results_of(cut_at(b"/classification/"))
    c = raw.container
    assert (c.reference_id, c.created, c.released) == (FULL.container.reference_id, FULL.container.created,
                                                       FULL.container.released)
    assert c.classification is None and c.origin is None
    assert raw.text == "" and raw.header_text is None
    assert {"page-truncated", "table-truncated", "metadata-missing", "body-missing"} <= {w.code for w in raw.warnings}


def test_cut_inside_the_header_block():
    [raw] = results_of(cut_at(b"FM AMEMBASSY MOSCOW", 5))
    assert raw.header_text == (
        "VZCZCXRO8625\nRR RUEHLN RUEHPOD RUEHVK RUEHYG\nDE RUEHMO #2700 2531405\nZNR UUUUU ZZH\nR 091405Z SEP 08\nFM AM"
    )
    assert raw.text == ""
    assert {"page-truncated", "block-truncated", "body-missing"} <= {w.code for w in raw.warnings}
    # The table is whole; the tags are links of the body, which is gone.
    table = ("reference_id", "created", "released", "classification", "origin", "title")
    assert [getattr(raw.container, f) for f in table] == [getattr(FULL.container, f) for f in table]
    assert raw.container.tags == []


@pytest.mark.parametrize("offset", range(1, 30))
def test_cut_inside_the_body_block_gives_a_prefix_of_the_text(offset):
    # Cuts at every byte of a stretch holding a ¶ anchor, an entity and a tag link.
    page = cut_at(b"<a href='/tag/PHUM_0.html'>", offset)
    [raw] = results_of(page)
    assert raw.header_text == FULL.header_text
    whole_lines = raw.text.split("\n")[:-1]  # the last line may end in half an entity or tag
    assert FULL.text.startswith("\n".join(whole_lines))
    assert "page-truncated" in {w.code for w in raw.warnings}


def test_cut_just_before_the_end_of_the_page():
    [raw] = results_of(PAGE[: PAGE.index(b"</html>")])
    assert raw.text == FULL.text and raw.header_text == FULL.header_text
    assert [w.code for w in raw.warnings] == ["page-truncated"]


@pytest.mark.parametrize("fraction", [i / 20 for i in range(1, 20)])
def test_every_fixture_cut_anywhere_never_raises(fraction):
    for path in sorted(FIXTURES.iterdir()):
        data = path.read_bytes()
        results_of(data[: int(len(data) * fraction)])


# --- arbitrary and mutated bytes ---------------------------------------------------------------

FIXTURE_BYTES = [p.read_bytes() for p in sorted(FIXTURES.iterdir()) if p.name != ".gitattributes"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_never_raise(data):
    results_of(data)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=512), st.sampled_from(FORMATS))
def test_arbitrary_bytes_read_as_any_format_never_raise(data, format):
    results_of(data, format=format)


@st.composite
def mutated_fixture(draw):
    data = bytearray(draw(st.sampled_from(FIXTURE_BYTES)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["delete", "insert", "replace", "truncate", "duplicate"]))
        size = draw(st.integers(1, 200))
        if kind == "delete":
            del data[at: at + size]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from([
                b"<", b">", b"&", b"&#x", b"&#x000A;", b"\\\n", b"\r", b"\xb6", b"\xff\xfe", b"\x00", b'"', b"\\\"",
                b"<code><pre>", b"</pre></code>", b"<table class='cable'>", b"<h3>Viewing cable ",
                b"\n\"7\",\"1/2/2003 4:05\",",
                b"<a href='/tag/X_0.html'>", b"</a>", b"<div class=\"s_key\">", b"</div>", b"Tags:", b"Cable title:",
            ]))
        elif kind == "replace":
            data[at: at + size] = draw(st.binary(min_size=0, max_size=size))
        elif kind == "truncate":
            del data[at:]
        else:
            data[at:at] = data[max(0, at - size): at]
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_fixture())
def test_mutated_real_files_never_raise(data):
    results_of(data)
