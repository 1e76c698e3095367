"""The text of a <code><pre> block of a WikiLeaks page (§1.1): markup out, line breaks in.

¶ anchors are dropped, links reduced to their text (TAGS links also go to ``tags``), ``<br>``
and the known inline tags dropped (``_MARKUP``, read markup by markup); then every
``&#x000A;`` is a line break and trailing spaces and tabs go off every line.

Two readings of the same rules. ``strip_markup`` then ``strip_line_ends`` work with C-level str
methods (split, find, replace) and are what the interpreter runs, and the reference.
``typed_block_text`` is one pass, compiled, over the block's characters: ``find_char``
(a memchr) goes from one ';' or '<' to the next and the characters in between are copied
(memcpy) into one buffer of the block's own width (for a one- or two-byte block, the new str itself),
with no Python object per line. A test holds the two equal.
"""

from __future__ import annotations

import re

import cython

if cython.compiled:
    from cython.cimports.cpython.unicode import (
        PyUnicode_1BYTE_KIND,
        PyUnicode_4BYTE_KIND,
        PyUnicode_DATA,
        PyUnicode_FromKindAndData,
        PyUnicode_KIND,
        PyUnicode_New,
        PyUnicode_READ,
        PyUnicode_WRITE,
    )
    from cython.cimports.cpython.mem import PyMem_Free, PyMem_Malloc
    from cython.cimports.libc.string import memchr, memcmp, memcpy
    from cython.cimports.cablekit.formats.scan import ascii_end, find_char, substring, word_at
    from cython.cimports.cpython.object import PyObject
    from cython.cimports.cpython.ref import Py_XDECREF
    from cython.cimports.cablekit.cpython_extra import PyUnicode_Resize, new_str_pointer
else:
    from cablekit.formats.scan import find_char, substring, word_at

from cablekit.formats.text import NEWLINE_ENTITY, strip_line_ends, unescape

# Markup inside the <pre> blocks: links (¶ anchors, TAGS links, others), <br>, a few inline
# tags. The cable text itself keeps raw '<' ("<<220571>>"), so only known tags are removed.
_MARKUP = re.compile(
    r"<(?:a\b([^<>]*)>([^<]*)</a>"
    r"|br\s*/?>(?:" + NEWLINE_ENTITY + r")?"
    r"|/?(?:a|b|i|u|em|strong|span|font|p|div|table|tbody|thead|tr|td|th|sup|sub|code|pre)\b[^<>]*>)"
)
INLINE_TAGS = frozenset("a b i u em strong span font p div table tbody thead tr td th sup sub code pre".split())
_TAG_HREF = "href='/tag/"
TAG_LINK = "<a href='/tag/"
ANCHOR = "<a id='par"  # a ¶ anchor: <a id='par3' href='#par3'>¶</a>
ANCHOR_END = "'>¶</a>"


def block_text(page: str, begin: int, end: int, tags: list[str]) -> str:
    """The block ``page[begin:end]`` with its markup stripped and its line ends stripped (see above)."""
    if cython.compiled:
        return typed_block_text(page, begin, end, tags)
    return strip_line_ends(strip_markup(page[begin:end], tags), NEWLINE_ENTITY)


# --- the reference: str methods ---------------------------------------------------------------


def strip_markup(block: str, tags: list[str]) -> str:
    """``block`` with ¶ anchors dropped, links reduced to their text (TAGS links go to ``tags``)
    and tags dropped: what ``_MARKUP.sub`` does, markup by markup.

    A block holds a ¶ anchor per paragraph (§1.1): they are cut out with one ``split`` at their
    end and checked by their attributes alone, so no Python runs per character. Every cut is at
    a '<' or after a '</a>', and a markup reads no further than the next '<' but through its own
    '</a>', so the pieces in between read alone as they read in the block.
    """
    if "<" not in block:
        return block
    parts = block.split(ANCHOR_END)
    kept = []
    for part in parts[:-1]:
        before, opened, attributes = part.rpartition(ANCHOR)
        if opened and "<" not in attributes and ">" not in attributes:
            kept.append(strip_links(before, tags) if "<" in before else before)
        else:
            kept.append(strip_links(part + ANCHOR_END, tags))
    kept.append(strip_links(parts[-1], tags))
    return "".join(kept)


def strip_links(text: str, tags: list[str]) -> str:
    """Markup of ``text`` stripped; TAGS links (``<a href='/tag/…'>``, one split) are the usual."""
    if "<" not in text:
        return text
    parts = text.split(TAG_LINK)
    kept = [strip_any_markup(parts[0], tags)]
    for part in parts[1:]:
        target, opened, rest = part.partition("'>")
        label, closed, rest = rest.partition("</a>")
        if closed and opened and "<" not in target and ">" not in target and "<" not in label:
            if label.strip() != "¶":
                tags.append(unescape(label).strip())
                kept.append(label)
            kept.append(strip_any_markup(rest, tags) if "<" in rest else rest)
        else:
            kept.append(strip_any_markup(TAG_LINK + part, tags))
    return "".join(kept)


def strip_any_markup(text: str, tags: list[str]) -> str:
    """``_MARKUP.sub`` on ``text``, in a walk from '<' to '<' (str.find, a memchr), where sre
    would step through every character."""
    pieces: list[str] = []
    done = 0
    at = text.find("<")
    while at >= 0:
        match = _MARKUP.match(text, at)
        if match is None:
            at = text.find("<", at + 1)
            continue
        pieces += (text[done:at], _markup_replacement(match, tags))
        done = match.end()
        at = text.find("<", done)
    pieces.append(text[done:])
    return "".join(pieces)


def _markup_replacement(match: re.Match[str], tags: list[str]) -> str:
    attributes, text = match.group(1, 2)
    if attributes is None:  # <br> (one newline with the one after it) or an inline tag
        return NEWLINE_ENTITY if match.group(0).startswith("<br") else ""
    if text.strip() == "¶":
        return ""
    if _TAG_HREF in attributes:
        tags.append(unescape(text).strip())
    return text


# --- one typed pass ---------------------------------------------------------------------------
# Interpreted (in the tests), the buffer is a list of characters and the helpers index it.


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def typed_block_text(block: str, begin: cython.Py_ssize_t, end: cython.Py_ssize_t, tags: list[str]) -> str:
    """``block_text`` of ``block[begin:end]``, in one pass, read where it is.

    Markup is read in the block as it is; line breaks in what is left once markup is gone (an
    ``&#x000A;`` is whole when its ';' is written), as the reference reads them.
    """
    if cython.compiled and PyUnicode_KIND(block) != PyUnicode_4BYTE_KIND:
        return _block_text_in_place(block, begin, end, tags)
    kind: cython.int = 1
    out: cython.p_char
    if cython.compiled:
        kind = PyUnicode_KIND(block)
        out = cython.cast(cython.p_char, PyMem_Malloc((end - begin) * kind + 1))  # the text only shortens
        if not out:
            raise MemoryError
    else:
        out = [""] * (end - begin)
    try:
        size: cython.Py_ssize_t = _typed_pass(block, begin, end, tags, out, kind)
        if cython.compiled:
            return _as_str(out, kind, size)
        return "".join(out[:size])
    finally:
        if cython.compiled:
            PyMem_Free(out)


@cython.cfunc
def _block_text_in_place(block: str, begin: cython.Py_ssize_t, end: cython.Py_ssize_t, tags: list[str]) -> str:
    """``typed_block_text`` of a one- or two-byte block, written straight into a str as long as
    the block and as wide (a one-byte block's as ASCII) and cut to its length at the end (a
    realloc, in place), with no copy of the text; copied into a narrower str only where a
    character that made it wide is gone."""
    kind: cython.int = PyUnicode_KIND(block)
    text: cython.pointer(PyObject) = new_str_pointer(end - begin, 127 if kind == 1 else 0xFFFF)  # it only shortens
    try:
        out: cython.p_char = cython.cast(cython.p_char, PyUnicode_DATA(cython.cast(object, text)))
        size: cython.Py_ssize_t = _typed_pass(block, begin, end, tags, out, kind)
        if kind == 1 and ascii_end(cython.cast(cython.p_const_uchar, out), 0, size) < size:
            return PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, out, size)
        if kind == 2 and not _high_bits_of_two_byte(cython.cast(cython.p_ushort, out), size) & TWO_BYTE_HIGH:
            return _as_str(out, kind, size)
        PyUnicode_Resize(cython.address(text), size)
        return cython.cast(object, text)
    finally:
        Py_XDECREF(text)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _typed_pass(
    block: str, begin: cython.Py_ssize_t, end: cython.Py_ssize_t, tags: list[str], out: cython.p_char, kind: cython.int
) -> cython.Py_ssize_t:
    """Writes the text of ``block[begin:end]`` in ``out`` (as wide as the block); its length."""
    i: cython.Py_ssize_t = begin
    o: cython.Py_ssize_t = 0
    link_end: cython.Py_ssize_t = -1  # the '</a>' of the link whose text is being copied
    next_lt: cython.Py_ssize_t = _find(block, "<", i, end)
    next_semicolon: cython.Py_ssize_t = _find(block, ";", i, end)
    markup_end: cython.Py_ssize_t
    text_end: cython.Py_ssize_t
    while i < end:
        if next_semicolon < next_lt:
            o = _copy(block, i, next_semicolon + 1, out, kind, o)
            i = next_semicolon + 1
            if o >= 8 and _ends_with_newline(out, kind, o):
                o = _line_break(out, kind, o - 8)
            next_semicolon = _find(block, ";", i, end)
            continue
        o = _copy(block, i, next_lt, out, kind, o)
        i = next_lt
        if i == end:
            break
        if i == link_end:
            i += 4
        else:
            markup_end = _markup_end(block, i, end)
            if markup_end < 0:  # a '<' of the text
                _write(out, kind, o, "<")
                o += 1
                i += 1
            elif block[i + 1] == "a":  # a known tag, so '<a' is the tag a ('<ab' is none)
                text_end = _find(block, "<", markup_end, end)
                if not _is_link_end(block, text_end, end):
                    i = markup_end  # no link: the tag alone goes
                elif _is_pilcrow(block, markup_end, text_end):
                    i = text_end + 4  # a ¶ anchor goes whole
                else:
                    if _is_tag_link(block, i, markup_end):
                        tags.append(_tag_label(block, markup_end, text_end))
                    link_end = text_end
                    i = markup_end  # the link's text is copied as text
            else:
                if block[i + 1] == "b" and block[i + 2] == "r":  # and '<br', br
                    o = _line_break(out, kind, o)
                i = markup_end
        next_lt = _find(block, "<", i, end)
        if next_semicolon < i:
            next_semicolon = _find(block, ";", i, end)
    return _line_end(out, kind, o)


@cython.cfunc
def _as_str(out: cython.p_char, kind: cython.int, size: cython.Py_ssize_t) -> str:
    """The str of the ``size`` characters written in ``out`` (a two- or four-byte block's),
    copied whole once its widest character is known from a word-wise pass
    (``PyUnicode_FromKindAndData`` looks for it one character at a time)."""
    text: str
    if kind != 2:
        return PyUnicode_FromKindAndData(kind, out, size)
    wide: cython.p_ushort = cython.cast(cython.p_ushort, out)
    high: cython.ulonglong = _high_bits_of_two_byte(wide, size)
    if high & TWO_BYTE_HIGH:  # a character beyond Latin-1: the text stays two bytes wide
        text = PyUnicode_New(size, 0xFFFF)
        memcpy(PyUnicode_DATA(text), out, size * 2)
        return text
    text = PyUnicode_New(size, 255 if high else 127)
    narrow: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(text))
    j: cython.Py_ssize_t
    for j in range(size):
        narrow[j] = cython.cast(cython.uchar, wide[j])
    return text


TWO_BYTE_HIGH = cython.declare(cython.ulonglong, 0xFF00FF00FF00FF00)  # the high byte of four two-byte characters
TWO_BYTE_NON_ASCII = cython.declare(cython.ulonglong, 0xFF80FF80FF80FF80)  # what no ASCII character has


@cython.cfunc
@cython.exceptval(check=False)
def _high_bits_of_two_byte(wide: cython.p_ushort, size: cython.Py_ssize_t) -> cython.ulonglong:
    """The bits of ``TWO_BYTE_NON_ASCII`` that some of the ``size`` two-byte characters have
    (each in a word of four); the scan stops at the first character beyond Latin-1."""
    found: cython.ulonglong = 0
    word: cython.ulonglong
    j: cython.Py_ssize_t = 0
    while j + 4 <= size:
        memcpy(cython.address(word), wide + j, 8)
        found |= word & TWO_BYTE_NON_ASCII
        if found & TWO_BYTE_HIGH:
            return found
        j += 4
    while j < size:
        found |= wide[j] & 0xFF80
        j += 1
    return found


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _find(text: str, char: cython.Py_UCS4, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """``text.find(char, start, end)``, ``end`` when it is not there. In one-byte text, memchr
    itself: the pass calls it twice a line, and find_char's call costs more than the search."""
    if cython.compiled and PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND and start < end:
        data: cython.p_const_char = cython.cast(cython.p_const_char, PyUnicode_DATA(text))
        hit: cython.p_const_char = cython.cast(cython.p_const_char, memchr(data + start, char, end - start))
        return hit - data if hit else end
    at: cython.Py_ssize_t = find_char(text, char, start, end)
    return end if at < 0 else at


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _copy(
    text: str, begin: cython.Py_ssize_t, end: cython.Py_ssize_t, out: cython.p_char, kind: cython.int,
    o: cython.Py_ssize_t,
) -> cython.Py_ssize_t:
    """``text[begin:end]`` written at ``o`` (``out`` is as wide as ``text``); where the writing ends."""
    if cython.compiled:
        source: cython.p_char = cython.cast(cython.p_char, PyUnicode_DATA(text))
        memcpy(out + o * kind, source + begin * kind, (end - begin) * kind)
    else:
        out[o:o + end - begin] = text[begin:end]
    return o + end - begin


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _read(out: cython.p_char, kind: cython.int, o: cython.Py_ssize_t) -> cython.Py_UCS4:
    if cython.compiled:
        return PyUnicode_READ(kind, out, o)
    return out[o]


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _write(out: cython.p_char, kind: cython.int, o: cython.Py_ssize_t, char: cython.Py_UCS4) -> cython.void:
    if cython.compiled:
        PyUnicode_WRITE(kind, out, o, char)
    else:
        out[o] = char


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _ends_with_newline(out: cython.p_char, kind: cython.int, o: cython.Py_ssize_t) -> cython.bint:
    """Does what is written before ``o`` end in the newline entity (its ';' checked already)?"""
    if cython.compiled and kind == 1:  # (one 8-byte comparison)
        return memcmp(out + o - 8, b"&#x000A;", 8) == 0  # NEWLINE_ENTITY
    return (
        _read(out, kind, o - 8) == "&" and _read(out, kind, o - 7) == "#" and _read(out, kind, o - 6) == "x"
        and _read(out, kind, o - 5) == "0" and _read(out, kind, o - 4) == "0" and _read(out, kind, o - 3) == "0"
        and _read(out, kind, o - 2) == "A"
    )


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _line_break(out: cython.p_char, kind: cython.int, o: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """End the line written before ``o`` with a newline; where the writing goes on."""
    o = _line_end(out, kind, o)
    _write(out, kind, o, "\n")
    return o + 1


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _line_end(out: cython.p_char, kind: cython.int, o: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Where the line written before ``o`` ends without its trailing spaces and tabs."""
    if cython.compiled and kind == 1:
        while o > 0 and (out[o - 1] == ord(" ") or out[o - 1] == ord("\t")):
            o -= 1
        return o
    c: cython.Py_UCS4
    while o > 0:
        c = _read(out, kind, o - 1)
        if c != " " and c != "\t":
            break
        o -= 1
    return o


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _is_link_end(text: str, at: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """Is there a '</a>' at ``at``, inside the block?"""
    return at + 4 <= end and text[at] == "<" and text[at + 1] == "/" and text[at + 2] == "a" and text[at + 3] == ">"


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _markup_end(block: str, at: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Where the markup at ``at`` (a '<') ends, as ``_MARKUP`` reads it; -1 when the '<' starts
    none. A tag ends after its '>', a <br> after the line break that may follow it; an ``<a …>``
    ends after its '>' here, its text and '</a>' are the caller's."""
    closing: cython.bint = at + 1 < end and block[at + 1] == "/"
    name: cython.Py_ssize_t = at + 2 if closing else at + 1
    word: cython.Py_ssize_t = name  # the name is a word: it ends where \b does
    while word < end and _is_word(block[word]):
        word += 1
    k: cython.Py_ssize_t = word
    if not closing and word == name + 2 and block[name] == "b" and block[name + 1] == "r":
        while k < end and block[k].isspace():
            k += 1
        if k < end and block[k] == "/":
            k += 1
        if k >= end or block[k] != ">":
            return -1
        k += 1
        return k + len(NEWLINE_ENTITY) if block.startswith(NEWLINE_ENTITY, k, end) else k
    if not _is_inline_tag(block, name, word):
        return -1
    k = find_char(block, ">", k, end)  # the tag's '>', with no '<' before it
    return k + 1 if k >= 0 and find_char(block, "<", word, k) < 0 else -1


@cython.cfunc
def _is_inline_tag(block: str, name: cython.Py_ssize_t, word: cython.Py_ssize_t) -> cython.bint:
    """Is ``block[name:word]`` in ``INLINE_TAGS``? (The usual ones, a and b, with no slice.)"""
    if word == name + 1 and (block[name] == "a" or block[name] == "b"):
        return True
    return name < word <= name + 6 and block[name:word] in INLINE_TAGS


@cython.cfunc
def _is_tag_link(block: str, at: cython.Py_ssize_t, markup_end: cython.Py_ssize_t) -> cython.bint:
    """Does the link tag ``block[at:markup_end]`` hold ``_TAG_HREF``? (TAGS links hold it first:
    ``<a href='/tag/…``, read in place; other links are searched.)"""
    if not cython.compiled:
        return block.find(_TAG_HREF, at, markup_end) >= 0
    if at + 3 + len(_TAG_HREF) <= markup_end and word_at(block, at + 3, _TAG_HREF):
        return True
    return block.find(_TAG_HREF, at, markup_end) >= 0


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _tag_label(block: str, begin: cython.Py_ssize_t, end: cython.Py_ssize_t) -> str:
    """``unescape(block[begin:end]).strip()``, the tag a TAGS link names; a label with no '&' (the
    usual) is cut out without its blanks, with no copy and no call to take them off."""
    if find_char(block, "&", begin, end) >= 0:
        return unescape(block[begin:end]).strip()
    while begin < end and block[begin].isspace():
        begin += 1
    while end > begin and block[end - 1].isspace():
        end -= 1
    return substring(block, begin, end)


@cython.cfunc
def _is_pilcrow(block: str, begin: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """Is ``block[begin:end]``, a link's text, a ¶ (blanks around it allowed)?"""
    if end - begin == 1 and block[begin] == "¶":  # the usual anchor: '¶' alone
        return True
    return block[begin:end].strip() == "¶"


@cython.cfunc
@cython.inline
def _is_word(c: cython.Py_UCS4) -> cython.bint:
    """A word character of a str pattern: where a tag's name ends."""
    if c < "\x80":
        return "a" <= c <= "z" or "A" <= c <= "Z" or "0" <= c <= "9" or c == "_"
    return c.isalnum()
