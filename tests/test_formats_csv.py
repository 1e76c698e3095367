"""cables.csv (§1.2): backslash escapes, newlines in fields, malformed rows, streaming."""

from __future__ import annotations

import csv
import re
import tracemalloc
from datetime import datetime

from cablekit.formats import NotACable, RawCable, read_bytes, read_path
from paths import FIXTURES

SAMPLE = FIXTURES / "cables_sample.csv"


def test_sample_rows_and_columns():
    rows = list(read_path(SAMPLE))
    assert [type(r) for r in rows] == [RawCable, RawCable]
    first, second = rows
    c = first.container
    assert c.format == "cables-csv"
    assert c.source == f"{SAMPLE}:row 1"
    assert c.fields["row"] == "1"
    assert c.reference_id == "66BUENOSAIRES2481"
    assert c.created == datetime(1966, 12, 28, 18, 48)
    assert c.origin == "Embassy Buenos Aires"
    assert c.classification == "UNCLASSIFIED"
    assert c.references == ["66STATE106206"]
    assert first.header_text.startswith("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\nTO SECSTATE WASHDC PRIORITY\n")
    assert first.header_text.endswith("\nSTATE GRNC")
    assert first.text.startswith("UNCLASSIFIED BUENOS AIRES 2481\n\nOriginal Telegram was Confidential")
    assert first.text.endswith("\nGP-3\nSACCIO")
    # Column 6 of the second row separates its ids with '|'.
    assert second.container.references == ["72MOSCOW1603", "72TEHRAN1091", "72TEHRAN263"]
    assert second.container.created == datetime(1972, 2, 25, 9, 30)
    lines = SAMPLE.read_bytes().split(b"\n")
    second_line = next(i for i, line in enumerate(lines, 1) if line.startswith(b'"2","'))
    assert second.container.fields["line"] == str(second_line)


def test_backslash_escaped_quotes_come_out_as_quotes():
    raw_bytes = SAMPLE.read_bytes()
    assert b'\\"PREFERENTIAL JURISDICTION\\"' in raw_bytes
    first = next(read_path(SAMPLE))
    assert 'OF "PREFERENTIAL JURISDICTION" FOR FISHING PURPOSES' in first.text
    assert '\\"' not in first.text and "\\" not in first.text
    # Python's csv module reads the file so only with escapechar and doublequote=False.
    with SAMPLE.open(newline="", encoding="utf-8") as f:
        plain = list(csv.reader(f))
    assert any('\\"' in field or len(row) != 8 for row in plain for field in row)


def row(n: int, body: str, refs: str = "", cid: str | None = None) -> bytes:
    cid = cid or f"09RABAT{n}"
    return (f'"{n}","11/10/2009 14:16","{cid}","Embassy Rabat","SECRET//NOFORN","{refs}",'
            f'"P 101416Z NOV 09\nFM AMEMBASSY RABAT","{body}"\n').encode()


def test_malformed_row_is_reported_with_its_line_and_reading_goes_on():
    data = (row(1, "S E C R E T RABAT 000001\n\n1. Text.")
            + b'"2","11/10/2009 14:16","09RABAT2","Embassy Rabat","SECRET"\n'  # 5 columns
            + row(3, 'A \\"quoted\\" word\\\\', cid="09RABAT3")
            + row(4, "Fine\nKAPLAN", refs="09STATE1,09STATE2"))
    results = list(read_bytes(data, "dump.csv"))
    assert [type(r).__name__ for r in results] == ["RawCable", "NotACable", "RawCable", "RawCable"]
    bad = results[1]
    line = data[: data.index(b'"2","')].count(b"\n") + 1
    assert (bad.source, bad.line) == ("dump.csv", line) and line == 5
    assert "dump.csv:5" in str(bad) and "5 columns" in bad.reason
    assert results[2].text == 'A "quoted" word\\'
    assert results[2].container.source == "dump.csv:row 3"
    assert results[3].container.reference_id == "09RABAT4"
    assert results[3].container.references == ["09STATE1", "09STATE2"]
    assert results[3].text == "Fine\nKAPLAN"
    assert results[3].container.source == "dump.csv:row 4"
    assert results[3].container.fields["row"] == "4"


def test_unbalanced_quote_costs_only_its_row():
    broken = b'"2","11/10/2009 14:16","09RABAT2","Embassy","SECRET","","H","unterminated\nbody\n'
    data = row(1, "ok") + broken + row(3, "ok")
    results = list(read_bytes(data, "dump.csv"))
    assert [type(r).__name__ for r in results] == ["RawCable", "NotACable", "RawCable"]
    assert results[1].line == 3 and "unexpected end of data" in results[1].reason
    assert results[2].container.reference_id == "09RABAT3"


def test_crlf_rows_header_line_and_cp1252_row():
    data = (b"id,created,refid,origin,classification,references,header,body\r\n"
            + row(1, "Café line ").replace(b"\n", b"\r\n")
            + row(2, "x").replace(b"Rabat", b"Rab\xe9t"))
    results = list(read_bytes(data, "dump.csv"))
    assert [type(r) for r in results] == [RawCable, RawCable]
    assert results[0].header_text == "P 101416Z NOV 09\nFM AMEMBASSY RABAT"
    assert results[0].text == "Café line"
    assert results[0].warnings == []
    assert results[1].container.origin == "Embassy Rabét"
    assert [w.code for w in results[1].warnings] == ["encoding-fallback"]


def test_junk_before_the_first_row_is_reported():
    results = list(read_bytes(b"garbage 123\n" + row(1, "ok"), "dump.csv", format="cables-csv"))
    assert isinstance(results[0], NotACable) and results[0].line == 1
    assert isinstance(results[1], RawCable)


def test_large_csv_is_streamed_in_flat_memory(tmp_path):
    rows = [r for r in re.split(rb'(?m)^(?="\d+",")', SAMPLE.read_bytes()) if r]
    assert len(rows) == 2
    path = tmp_path / "cables.csv"
    n, window = 20_000, 1_000
    with path.open("wb") as f:
        for i in range(n):
            f.write(re.sub(rb'^"\d+"', f'"{i + 1}"'.encode(), rows[i % 2]))
    size = path.stat().st_size
    assert size > 100 << 20

    # Allocations are traced over the first and the last 1,000 rows (tracing all 20,000 would
    # triple the run time): the peak must be small and must not grow along the file.
    peaks = []
    count = 0
    last = None
    try:
        tracemalloc.start()
        for result in read_path(path):
            assert isinstance(result, RawCable)
            count += 1
            last = result
            if count == window:
                peaks.append(tracemalloc.get_traced_memory()[1])
                tracemalloc.stop()
            elif count == n - window:
                tracemalloc.start()
        peaks.append(tracemalloc.get_traced_memory()[1])
    finally:
        tracemalloc.stop()
    assert count == n
    assert last.container.fields["row"] == str(n)
    assert last.container.source == f"{path}:row {n}"
    early, late = peaks
    assert early < 8 << 20 and late < 8 << 20, (peaks, size)
    assert late < early * 1.5 + (256 << 10), peaks
