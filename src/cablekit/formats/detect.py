"""Which container a file is (§1), from its first bytes; NotACable when it is none of them."""

from __future__ import annotations

import re

from cablekit.formats.base import NotACable
from cablekit.formats.cables_csv import looks_like_csv
from cablekit.formats.text import decode
from cablekit.formats.wikileaks_text import looks_like_page_text

WIKILEAKS_HTML_2010 = "wikileaks-html-2010"
WIKILEAKS_HTML_2011 = "wikileaks-html-2011"
WIKILEAKS_TEXT = "wikileaks-text"
TELEGRAM_TEXT = "telegram-text"
CABLES_CSV = "cables-csv"
PLUSD_HTML = "plusd-html"
FORMATS = (WIKILEAKS_HTML_2010, WIKILEAKS_HTML_2011, WIKILEAKS_TEXT, TELEGRAM_TEXT, CABLES_CSV, PLUSD_HTML)

HEAD = 64 * 1024  # detection looks at no more than this (CSV sniffing, text markers)

_MAGIC = (
    (b"\xff\xd8\xff", "a JPEG image"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"), (b"\x1f\x8b", "gzip data"), (b"PK\x03\x04", "a ZIP archive"),
    (b"BZh", "bzip2 data"), (b"\xfd7zXZ", "xz data"), (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"SQLite format 3", "an SQLite database"), (b"\x7fELF", "an executable"),
)
_MAGIC_PREFIXES = tuple(magic for magic, _ in _MAGIC)

# Cable pages (§1.1). The two layouts hold the cable alike; their sidebars differ: the 2011 one
# shows the image from /static/gfx/, a month picker for releases (id='rdate_…') and loads
# cables.js; the 2010 one shows /img/ja-cg.jpg and loads js.js. Markers are looked for in the
# first few KB (pages are 60–200 KB); the whole page is searched only when those are missing.
PAGE_HEAD = 4096
CABLE_PAGE_HEAD_MARKERS = (b"<title>Cable Viewer</title>",)
CABLE_PAGE_MARKERS = (b"<h3>Viewing cable ", b"<table class='cable'>")
LAYOUT_2011_MARKERS = (b"/static/gfx/ja-cg.jpg", b"id='rdate_", b"/static/js/cables.js")
LAYOUT_2010_MARKERS = (b"src='/img/ja-cg.jpg'", b"/static/js/js.js")
_RELEASE_YEAR = re.compile(rb"/reldate/(\d{4})-")
PLUSD_HEAD_MARKERS = (b'src="/plusd/js/',)
PLUSD_MARKERS = (b'<table id="synopsis">', b'<div class="s_key">')

# Telegram text: lines only a cable has (§2, §3). Two different kinds make it a telegram.
_TELEGRAM_LINES = re.compile(
    r"^[ \t]*(?:(?P<fl1>VZCZC[A-Z])"
    r"|(?P<fl3>DE [A-Z]{4,7} )"
    r"|(?P<fl4>ZN[RY] [A-Z]{5})"
    r"|(?P<fl5>(?:[ZOPRY] ){1,2}\d{6}Z [A-Z]{3} \d{2})"
    r"|(?P<fl6>FM [A-Z])"
    r"|(?P<fl7>TO [A-Z])"
    r"|(?P<classification>UNCLAS|C O N F|S E C R|CONFIDENTIAL |SECRET |LIMITED OFFICIAL USE)"
    r"|(?P<eo>E\.?[Oo]\.? ?1\d{4})"
    r"|(?P<tags>TAGS?:? [A-Z]{2})"
    r"|(?P<subject>SUBJ(?:ECT)?:|Subject:))",
    re.M,
)
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32), 127])


_HTML_STARTS = (b"<!doctype", b"<html", b"<?xml", b"<head", b"<body")


def _is_html(head: bytes) -> bool:
    if head[:9].lower().startswith(_HTML_STARTS):  # the usual page: its first bytes decide
        return True
    start = head[:2048].lstrip()[:512].lower()
    return start.startswith(_HTML_STARTS) or b"<html" in start


# Pages of one site open with the same few KB (the sidebar): the last sample found to be text
# is kept, and a sample equal to it (one memcmp) is text without counting its control bytes.
# The verdict depends on the sample alone; any sample kept here was checked, so threads sharing
# it are safe.
_text_sample: bytes | None = None


def _binary_kind(head: bytes) -> str | None:
    global _text_sample
    sample = head[:4096]
    if sample == _text_sample:
        return None
    if sample.startswith(_MAGIC_PREFIXES):
        return next(kind for magic, kind in _MAGIC if sample.startswith(magic))
    if sample.find(0) >= 0:
        return "binary data (NUL bytes)"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls * 20 > len(sample):
        return "binary data (control characters)"
    _text_sample = sample
    return None


def _has_any(data: bytes, markers: tuple[bytes, ...], start: int = 0, end: int | None = None) -> bool:
    # Not ``marker in data``: bytes.__contains__ first tries the marker as an int, and builds and
    # drops a TypeError for each bytes marker; find() takes bytes first (and no generator here).
    # find() with bounds reads the part in place, where a slice would copy it.
    for marker in markers:
        if data.find(marker, start, end) >= 0:
            return True
    return False


def html_kind(data: bytes) -> str | None:
    """plusd-html, a wikileaks-html layout, or None for other HTML."""
    return _format_of_head(data) or _format_of_whole(data)


def _format_of_head(data: bytes) -> str | None:
    """The format the first 4 KB decide alone, else None (then ``_format_of_whole`` decides)."""
    if _has_any(data, PLUSD_HEAD_MARKERS, 0, PAGE_HEAD):
        return PLUSD_HTML
    if not _has_any(data, CABLE_PAGE_HEAD_MARKERS, 0, PAGE_HEAD):
        return None
    if _has_any(data, LAYOUT_2010_MARKERS, 0, PAGE_HEAD):
        return WIKILEAKS_HTML_2010
    if _has_any(data, LAYOUT_2011_MARKERS, 0, PAGE_HEAD):
        return WIKILEAKS_HTML_2011
    return None


def _format_of_whole(data: bytes) -> str | None:
    """html_kind of a page whose head does not decide: the tail and the whole page are read."""
    if _has_any(data, CABLE_PAGE_HEAD_MARKERS, 0, PAGE_HEAD):
        return html_layout(data)
    if _has_any(data, PLUSD_MARKERS):
        return PLUSD_HTML
    if _has_any(data, CABLE_PAGE_MARKERS):
        return html_layout(data)
    return None


def html_layout(data: bytes) -> str:
    for start, end in ((0, PAGE_HEAD), (max(len(data) - PAGE_HEAD, 0), None)):  # the head, the tail
        if _has_any(data, LAYOUT_2010_MARKERS, start, end):
            return WIKILEAKS_HTML_2010
        if _has_any(data, LAYOUT_2011_MARKERS, start, end):
            return WIKILEAKS_HTML_2011
    # No sidebar left (a stripped or cut page): the 2011 layout served the August 2011 releases.
    m = _RELEASE_YEAR.search(data)
    return WIKILEAKS_HTML_2011 if m and int(m.group(1)) >= 2011 else WIKILEAKS_HTML_2010


def telegram_evidence(text: str) -> set[str]:
    """The kinds of cable lines found in ``text``; stops at two."""
    found: set[str] = set()
    for m in _TELEGRAM_LINES.finditer(text):
        found.add(m.lastgroup or "")
        if len(found) >= 2:
            break
    return found


# The last head (first 4 KB) that decided the format alone, with that format, in one value so
# threads share it safely. _binary_kind, _is_html and _format_of_head read no more than the
# head, so a page opening with the same sidebar is that format: one memcmp finds it.
_head_format: tuple[bytes, str] | None = None


def _format_of_known_head(data: bytes) -> str | None:
    known = _head_format
    if known is None:
        return None
    head, format = known
    same = len(head) == min(len(data), PAGE_HEAD) and data.startswith(head)  # (no copy of the head)
    return format if same else None


def detect_format(data: bytes, name: str = "") -> str:
    """Name of the container format of ``data``; raises NotACable when it is none (§1)."""
    global _head_format
    source = name or "<bytes>"
    if not data or data.isspace():
        raise NotACable(source, "empty input")
    kind = _format_of_known_head(data)
    if kind:
        return kind
    kind = _binary_kind(data)  # (it reads the first 4 KB, _is_html the first 2 KB)
    if kind:
        raise NotACable(source, f"not text: {kind}")
    if _is_html(data):
        kind = _format_of_head(data)
        if kind:
            _head_format = (data[:PAGE_HEAD], kind)
            return kind
        kind = _format_of_whole(data)
        if kind:
            return kind
        raise NotACable(source, "an HTML page that is neither a WikiLeaks cable page nor a PlusD page")
    head = data[:HEAD]
    if looks_like_csv(head):
        return CABLES_CSV
    text, _ = decode(head)
    if looks_like_page_text(text):
        return WIKILEAKS_TEXT
    if len(telegram_evidence(text)) >= 2:
        return TELEGRAM_TEXT
    raise NotACable(source, "text that is not a cable: no header or opening-block lines found")
