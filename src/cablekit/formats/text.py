"""Text helpers every container reader shares: decoding, entities, markup, line cleaning.

All functions are pure, linear in their input and never raise on odd input.
"""

from __future__ import annotations

import re
from datetime import datetime
from html.entities import html5

import cython

from cablekit.model import ReaderWarning

if cython.compiled:
    from cython.cimports.cpython.unicode import PyUnicode_2BYTE_DATA, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_New
    from cython.cimports.libc.string import memcpy
    from cython.cimports.cablekit.formats.scan import ascii_end, find_char
else:
    from cablekit.formats.scan import find_char

# --- warnings ------------------------------------------------------------------------------


def warning(code: str, message: str, where: str = "container") -> ReaderWarning:
    return ReaderWarning(code=code, message=message, where=where)


def add_once(warnings: list[ReaderWarning], new: ReaderWarning | None) -> None:
    """Append ``new`` unless a warning with the same code is already there."""
    if new is not None and all(w.code != new.code for w in warnings):
        warnings.append(new)


# --- decoding ------------------------------------------------------------------------------


def decode(data: bytes | memoryview, where: str = "container") -> tuple[str, ReaderWarning | None]:
    """UTF-8 (a BOM is dropped); else cp1252; else Latin-1, which cannot fail.

    ``data`` may be a memoryview of part of a file, decoded in place with no copy of that part
    (a memoryview has no decode(); ``str(data, encoding)``, ~400 instructions more, reads it).
    """
    try:
        text = data.decode("utf-8") if type(data) is bytes else str(data, "utf-8")
        return (text[1:] if text.startswith("\ufeff") else text), None
    except UnicodeDecodeError as exc:
        bad = exc.start
    for encoding in ("cp1252", "latin-1"):
        try:
            text = str(data, encoding)
        except UnicodeDecodeError:
            continue
        return text, warning(
            "encoding-fallback",
            f"not valid UTF-8 (byte {bad}); decoded as {encoding}",
            where,
        )
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def decode_from(data: bytes, start: int, where: str = "container") -> tuple[str, ReaderWarning | None]:
    """``decode(data[start:], where)``, with no copy of that part. Compiled, UTF-8 text with no
    character beyond U+FFFF is decoded by ``_decode_bmp``: CPython's decoder copies one character
    at a time from the first non-ASCII one on (a page's first ¶), this one copies runs."""
    if cython.compiled:
        text: str = _decode_bmp(data, start)
        if text is not None:
            return text, None
    return decode(memoryview(data)[start:], where)


MAX_NON_ASCII = cython.declare(cython.Py_ssize_t, 2048)  # text with more is left to CPython's decoder


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _decode_bmp(data: bytes, start: cython.Py_ssize_t) -> str:
    """``data[start:].decode("utf-8")``, or None when it is not valid UTF-8, holds a character
    beyond U+FFFF or more than ``MAX_NON_ASCII`` non-ASCII ones, or opens with a BOM.

    A first pass finds the non-ASCII sequences (ASCII is skipped 32 bytes at a time) and checks
    them as CPython does; the second copies the ASCII runs between them into the new str.
    """
    src: cython.p_const_uchar = cython.cast(cython.p_const_uchar, cython.cast(cython.p_const_char, data))
    size: cython.Py_ssize_t = len(data)
    if start + 3 <= size and src[start] == 0xEF and src[start + 1] == 0xBB and src[start + 2] == 0xBF:  # a BOM
        return None
    sequences: cython.Py_ssize_t[2048]  # (MAX_NON_ASCII) where each non-ASCII sequence starts
    count: cython.Py_ssize_t = 0
    chars: cython.Py_ssize_t = size - start
    widest: cython.int = 127
    code: cython.int
    i: cython.Py_ssize_t = ascii_end(src, start, size)
    while i < size:
        code = _sequence_at(src, i, size)
        if code < 0 or count == MAX_NON_ASCII:
            return None
        sequences[count] = i
        count += 1
        widest = max(widest, code)
        length: cython.Py_ssize_t = 2 if src[i] < 0xE0 else 3
        chars -= length - 1
        i = ascii_end(src, i + length, size)
    text: str = PyUnicode_New(chars, widest)
    kind: cython.int = PyUnicode_KIND(text)
    out: cython.p_char = cython.cast(cython.p_char, PyUnicode_DATA(text))
    o: cython.Py_ssize_t = 0
    done: cython.Py_ssize_t = start
    j: cython.Py_ssize_t
    for j in range(count):
        i = sequences[j]
        o = _copy_ascii(src + done, i - done, out, kind, o)
        code = _sequence_at(src, i, size)
        if kind == 1:
            out[o] = cython.cast(cython.char, code)
        else:
            cython.cast(cython.p_ushort, out)[o] = code
        o += 1
        done = i + (2 if src[i] < 0xE0 else 3)
    _copy_ascii(src + done, size - done, out, kind, o)
    return text


@cython.cfunc
@cython.inline
def _sequence_at(src: cython.p_const_uchar, i: cython.Py_ssize_t, size: cython.Py_ssize_t) -> cython.int:
    """The character of the two- or three-byte UTF-8 sequence at ``i``; -1 when there is none
    (overlong forms and surrogates are not UTF-8; four-byte sequences are left to CPython)."""
    lead: cython.int = src[i]
    if 0xC2 <= lead <= 0xDF:
        if i + 1 < size and src[i + 1] & 0xC0 == 0x80:
            return (lead & 0x1F) << 6 | src[i + 1] & 0x3F
        return -1
    if lead < 0xE0 or lead > 0xEF or i + 2 >= size or src[i + 1] & 0xC0 != 0x80 or src[i + 2] & 0xC0 != 0x80:
        return -1
    if (lead == 0xE0 and src[i + 1] < 0xA0) or (lead == 0xED and src[i + 1] >= 0xA0):
        return -1
    return (lead & 0x0F) << 12 | (src[i + 1] & 0x3F) << 6 | src[i + 2] & 0x3F


@cython.cfunc
@cython.inline
@cython.boundscheck(False)
@cython.wraparound(False)
def _copy_ascii(
    src: cython.p_const_uchar, length: cython.Py_ssize_t, out: cython.p_char, kind: cython.int, o: cython.Py_ssize_t
) -> cython.Py_ssize_t:
    """ASCII bytes written at ``o`` of a one- or two-byte-wide str; where the writing ends."""
    j: cython.Py_ssize_t
    if kind == 1:
        memcpy(out + o, src, length)
    else:
        wide: cython.p_ushort = cython.cast(cython.p_ushort, out) + o
        for j in range(length):
            wide[j] = src[j]
    return o + length


# --- entities and markup --------------------------------------------------------------------

# Only well-formed references with their ';' are decoded: the pages leave '&' and '<' of the
# cable text unescaped ("R&D;", "<<220571>>"), so html.unescape would corrupt the text.
_ENTITY = re.compile(r"&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));")
NEWLINE_ENTITY = "&#x000A;"


def _entity(match: re.Match[str]) -> str:
    hex_digits, dec_digits, name = match.groups()
    if name is not None:
        return html5.get(name + ";", match.group(0))
    code = int(hex_digits, 16) if hex_digits is not None else int(dec_digits)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return match.group(0)
    return chr(code)


def unescape(text: str) -> str:
    """Decode character references (``&#x000A;``, ``&amp;``, ``&quot;`` …)."""
    if "&" not in text:
        return text
    if cython.compiled:
        return _unescape_at_ampersands(text)
    text = text.replace(NEWLINE_ENTITY, "\n")
    if "&" not in text:
        return text
    return _ENTITY.sub(_entity, text)


@cython.cfunc
def _unescape_at_ampersands(text: str) -> str:
    """``_ENTITY.sub(_entity, text)`` (which decodes the newline entity too), with the pattern
    tried only at each '&' (find_char, a memchr), where sre would try it at every character."""
    size: cython.Py_ssize_t = len(text)
    done: cython.Py_ssize_t = 0
    at: cython.Py_ssize_t = find_char(text, "&", 0, size)
    pieces: list[str] = []
    while at >= 0:
        if text.startswith(NEWLINE_ENTITY, at):
            pieces += (text[done:at], "\n")
            done = at + len(NEWLINE_ENTITY)
        else:
            match = _ENTITY.match(text, at)
            if match is None:
                at = find_char(text, "&", at + 1, size)
                continue
            pieces += (text[done:at], _entity(match))
            done = match.end()
        at = find_char(text, "&", done, size)
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


_ANY_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")


def strip_tags(html: str) -> str:
    """Markup → text, for HTML whose text is fully escaped (PlusD); then entities decoded."""
    return unescape(_ANY_TAG.sub("", html)) if "<" in html else unescape(html)


# --- line cleaning ---------------------------------------------------------------------------

_BACKSLASH_NEWLINE = "\\\n"


def normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(text: str, where: str = "text", line_ends_clean: bool = False) -> tuple[str, list[ReaderWarning]]:
    r"""CRLF/CR → LF, fold backslash-newlines, strip trailing spaces and outer blank lines.

    Backslash-newline is the escape of a newline in the database export the pages come from
    (§1.1, §1.2): the backslash goes, the line break stays. ``line_ends_clean`` says the caller
    already stripped the line ends (see ``strip_line_ends``). Single characters are looked for
    first: ``"\\" in text`` is a memchr, ``"\\\n" in text`` a much slower two-character search.
    """
    warnings: list[ReaderWarning] = []
    if "\r" in text:
        text = normalise_newlines(text)
        line_ends_clean = False
    if "\\" in text and _BACKSLASH_NEWLINE in text:
        count = text.count(_BACKSLASH_NEWLINE)
        text = text.replace(_BACKSLASH_NEWLINE, "\n")
        line_ends_clean = False
        warnings.append(warning("backslash-newline-folded", f"{count} backslash-newline sequence(s) folded", where))
    if not line_ends_clean:
        text = strip_line_ends(text)
    return text.strip("\n"), warnings


def strip_line_ends(text: str, newline: str = "\n") -> str:
    r"""Trailing spaces and tabs off every line; lines separated by ``newline`` (``\n`` or
    ``&#x000A;``) come out separated by ``\n``.

    split/rstrip/join is several times faster than a ``[ \t]+$`` regex, which sre tries at
    every position. Text with no tab where no line ends in two spaces (nearly all cables) needs
    no list of lines: a line that ends in a blank then ends in exactly one space, so replacing
    space-and-separator by ``\n`` strips it (a separator cannot overlap another, so both
    replaces find the separators ``split`` would), and only the last line is left to rstrip.
    Two blanks can end a line only where one does: the search for them (a whole pass) is
    needed only when the first replace found something.
    """
    if "\t" not in text:
        stripped = text.replace(" " + newline, "\n")
        if len(stripped) == len(text) or "  " + newline not in text:
            return (stripped if newline == "\n" else stripped.replace(newline, "\n")).rstrip(" ")
    return "\n".join([line.rstrip(" \t") for line in text.split(newline)])


# --- dates -----------------------------------------------------------------------------------


def make_datetime(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime | None:
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


_ISO_MINUTES = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")


def parse_iso_datetime(value: str) -> datetime | None:
    """WikiLeaks' ``2009-11-10 14:16`` / ``2009-11-10 14:16:00`` (§1.3, §6)."""
    try:
        parsed = datetime.fromisoformat(value)  # the common, well-formed case, in C
        if parsed.tzinfo is None:
            return parsed
    except ValueError:
        pass
    m = _ISO_MINUTES.match(value)
    if not m:
        return None
    return make_datetime(*(int(g) for g in m.groups() if g is not None))


def dedupe(items: list[str]) -> list[str]:
    """Distinct items, first occurrence order."""
    return list(dict.fromkeys(items))
