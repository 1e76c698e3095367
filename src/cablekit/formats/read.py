"""Read any container: bytes, text or a file → RawCable values, and NotACable values for the rest.

Nothing here raises on input: a problem with one input (or one CSV row) comes out as a
:class:`NotACable` in the stream, so a caller reading a dump can set it aside and go on.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator
from os import PathLike

from cablekit.formats.base import NotACable, RawCable
from cablekit.formats.cables_csv import looks_like_csv, read_cables_csv
from cablekit.formats.detect import (
    CABLES_CSV,
    FORMATS,
    PLUSD_HTML,
    TELEGRAM_TEXT,
    WIKILEAKS_HTML_2010,
    WIKILEAKS_HTML_2011,
    WIKILEAKS_TEXT,
    detect_format,
)
from cablekit.formats.plusd_html import read_plusd_html
from cablekit.formats.telegram_text import read_telegram_text
from cablekit.formats.wikileaks_html import read_wikileaks_html
from cablekit.formats.wikileaks_text import read_page_text

Result = RawCable | NotACable

# Readers of the one-cable containers: (bytes, source, format) → one result.
SINGLE_READERS: dict[str, Callable[[bytes, str, str], Result]] = {
    WIKILEAKS_HTML_2010: read_wikileaks_html,
    WIKILEAKS_HTML_2011: read_wikileaks_html,
    WIKILEAKS_TEXT: read_page_text,
    TELEGRAM_TEXT: read_telegram_text,
    PLUSD_HTML: read_plusd_html,
}
# A single-cable container larger than this is not one (pages are < 1 MB); CSV has no limit.
MAX_SINGLE_BYTES = 64 << 20
WHOLE_READ = 1 << 20
CHUNK_SIZE = 1 << 16


def _guarded(source: str, results: Iterable[Result]) -> Iterator[Result]:
    """Turn a bug met on odd input into a NotACable instead of an exception in the caller."""
    try:
        yield from results
    except Exception as exc:  # noqa: BLE001 — the promise is: never raise on input
        yield NotACable(source, f"reader failed: {type(exc).__name__}: {exc}")


def _dispatch(data: bytes, source: str, format: str | None) -> Iterator[Result]:
    if not data or data.isspace():
        yield NotACable(source, "empty input")
        return
    if format is None:
        try:
            format = detect_format(data, source)
        except NotACable as exc:
            yield exc
            return
    if format == CABLES_CSV:
        yield from read_cables_csv(io.BytesIO(data), source, format)
    elif format in SINGLE_READERS:
        yield SINGLE_READERS[format](data, source, format)
    else:
        yield NotACable(source, f"unknown format {format!r}; known: {', '.join(FORMATS)}")


def read_bytes(data: bytes, source: str = "<bytes>", format: str | None = None) -> Iterator[Result]:
    """Cables in ``data`` (format detected unless given); problems come out as NotACable."""
    data = data if isinstance(data, bytes) else bytes(data)
    return _guarded(source, _dispatch(data, source, format))


def read_text(text: str, source: str = "<text>", format: str | None = None) -> Iterator[Result]:
    return read_bytes(text.encode("utf-8", "replace"), source, format)


def read_path(path: str | PathLike[str], format: str | None = None) -> Iterator[Result]:
    """Cables in the file at ``path``; a cables.csv is streamed row by row in constant memory."""
    source = str(path)
    return _guarded(source, _read_path(source, format))


def _read_path(source: str, format: str | None) -> Iterator[Result]:
    try:
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        yield NotACable(source, f"cannot read: {exc.strerror or exc}")
        return
    try:
        size = os.fstat(fd).st_size
        if size <= WHOLE_READ:  # every page: one read, no buffered file object (measurably faster)
            data = _read_all(fd, size)
        else:  # sniffed first: a cables.csv is streamed, never read whole
            with open(fd, "rb", closefd=False) as file:
                data = file.read(WHOLE_READ)
                if format == CABLES_CSV or (format is None and looks_like_csv(data)):
                    file.seek(0)
                    yield from read_cables_csv(file, source, CABLES_CSV)
                    return
                data += file.read(MAX_SINGLE_BYTES + 1 - len(data))
    except OSError as exc:
        yield NotACable(source, f"cannot read: {exc.strerror or exc}")
        return
    finally:
        os.close(fd)
    if len(data) > MAX_SINGLE_BYTES:
        yield NotACable(source, f"larger than {MAX_SINGLE_BYTES >> 20} MB and not a cables.csv")
        return
    yield from _dispatch(data, source, format)


def _read_all(fd: int, size: int) -> bytes:
    data = os.read(fd, size + 1)
    if len(data) != size or not size:  # a short read, a file that grew, or /proc-like: read on
        chunks = [data]
        while chunk := os.read(fd, CHUNK_SIZE):
            chunks.append(chunk)
        data = b"".join(chunks)
    return data
