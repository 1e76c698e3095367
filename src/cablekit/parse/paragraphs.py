"""The text of a cable after its opening block: paragraphs, headings, summary, comment,
signature and redactions (§3.7, §7 items 12–17, §8.1 step 5).

:func:`parse_text` receives what ``parse/opening.py`` leaves after the opening block (``rest``)
and returns :class:`TextParts`; this module assembles the paragraphs, and the parts of the
grammar are read by their own modules: ``signature.py`` (the signer line), ``landmarks.py``
(numbered starts and rule lines), ``headings.py`` (headings and banners), ``flow.py`` (the text
of a paragraph), with the scans they share in ``text_scan.py``. Conventions:

* **Paragraphs** start at numbered lines ``1.``, ``1.(C)``, ``¶1.``; a number is taken when it
  follows the previous one (a gap of up to five is taken after a blank line, with a warning), so
  a wrapped line starting ``2004.`` or a numbered list inside a paragraph does not split it.
  In texts whose line breaks were lost, ``sentence. 12. (C) Text`` also starts paragraph 12.
  Text before paragraph 1 is one unnumbered paragraph; so is a whole unnumbered message. Inside
  unnumbered text a portion mark after a blank line starts a new unnumbered paragraph.
  ``Paragraph.index`` counts from 0 in text order.
* **Paragraph text** has its number and portion mark removed; hard line-wraps are joined with a
  space; a line break is kept before a sub-item (``a.``, ``--``, ``-``, ``(A)``, ``(1)``) and
  after a line shorter than 36 characters (lists, addresses, tables: telegram lines wrap at 60–69
  columns); blank lines inside a paragraph become ``\n\n``; lines of dashes are dropped.
* **Portion markings**: each paragraph keeps its mark as written and the parsed level and
  caveats (``markings.py``); a mark after a short label counts too (``Summary: (C) …``, the label
  stays in the text). An unmarked paragraph keeps ``portion_marking`` and ``classification``
  None — the access layer decides — except in an UNCLASSIFIED cable, where the cable's level (and
  caveats, e.g. SBU) is also the paragraph's. A paragraph marked above the cable is reported.
* **Headings**: a line framed by dash or ``=`` lines, or underlined by one (also when the dashes
  were glued onto the line); the heading text is in no paragraph; it heads every paragraph up to
  the next heading (``Heading.paragraphs`` lists their indexes).
* **Summary** and **comment**: found over the paragraphs by ``summary.py``; ``summary`` and
  ``comment`` are their texts without the markers (every comment of the cable, joined by blank
  lines); ``in_summary`` / ``in_comment`` mark every paragraph they touch.
* **Signers**: the surname line closing the text (``Kaplan``, ``CLINTON``, ``KEEGAN PAAL`` → two
  signers), also glued after the last sentence (``… ahead. KAIDANOW``, ``END COMMENT
  EIKENBERRY``); a few scraps of page furniture after it are dropped with a warning (``...``,
  ``.``, a mirror's SQL line, a media partner's tag). The signer line is in no paragraph. A
  redacted signer (``XXXXXXXXXXXX``) gives no signer, a warning, and counts as a redaction.
* **Banners**: the classified-website banner (``Visit Embassy Rabat's Classified Website;
  http://…``) framed by asterisks or dashes, or closing the text as a block of its own, or
  following the signature, is page furniture of the post and is dropped like a page marker (the
  seed's ``Kaplan`` is its signer all the same). A banner written as a numbered paragraph
  (``10. (U) Visit New Delhi's Classified Website: …``) stays a paragraph.
* **Redactions**: tokens of four or more ``X``/``x`` (``XXXXXXXXXXXX``), counted over the text.
* Page markers are removed first (``pages.py``); ``page_markers`` is their count. Nothing raises:
  every repair is a :class:`ReaderWarning` in ``warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import itemgetter

import cython

from cablekit.model import Heading, Paragraph, ReaderWarning
from cablekit.parse.headings import find_headings, trailing_banner, unglue_headings
from cablekit.parse.landmarks import landmarks, paragraph_starts
from cablekit.parse.markings import level_rank, parse_portion_marking
from cablekit.parse.pages import remove_page_markers
from cablekit.parse.signature import split_signature
from cablekit.parse.summary import mark_summary_and_comment

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import ascii_end, find_char, only_spaces, skip_blanks
    from cython.cimports.cablekit.cpython_extra import PyUnicode_IS_ASCII
    from cython.cimports.cpython.unicode import (
        PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_New)
    from cython.cimports.libc.string import memcpy
    from cython.cimports.cablekit.parse.markings import PortionMark, portion_mark_at, read_portion_mark
    from cython.cimports.cablekit.parse.flow import paragraph_text
else:
    from cablekit.formats.scan import find_char, only_spaces, skip_blanks
    from cablekit.parse.markings import PortionMark, portion_mark_at, read_portion_mark
    from cablekit.parse.flow import paragraph_text


@dataclass(slots=True)
class TextParts:
    """What :func:`parse_text` reads from the text after the opening block."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    summary: str | None = None
    comment: str | None = None
    signers: list[str] = field(default_factory=list)
    redactions: int = 0
    page_markers: int = 0
    warnings: list[ReaderWarning] = field(default_factory=list)


def new_text_parts(paragraphs: list[Paragraph], headings: list[Heading], signers: list[str], redactions: int,
                   page_markers: int, warnings: list[ReaderWarning]) -> TextParts:
    """``TextParts(...)`` of these, summary and comment None, without the dataclass' ``__init__``, which
    runs interpreted (tests/test_paragraphs.py holds the two equal)."""
    parts = TextParts.__new__(TextParts)
    parts.paragraphs, parts.headings, parts.signers, parts.warnings = paragraphs, headings, signers, warnings
    parts.summary = parts.comment = None
    parts.redactions, parts.page_markers = redactions, page_markers
    return parts


_LEAD_IN = re.compile(r"(?:[A-Z][A-Za-z]*[ \t]+){0,2}[A-Z][A-Za-z]*:[ \t]*(?=\()")

def count_redactions(text: str) -> int:
    """Runs of four or more X (``XXXXXXXXXXXX``, ``xxxxxxxxxxxx``) standing as a token (§1.1):
    a run of X and x that starts with ``XXXX`` or ``xxxx`` and has no letter or digit around it."""
    return _redaction_tokens(text, "X") + _redaction_tokens(text, "x")


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _redaction_tokens(text: str, letter: cython.Py_UCS4) -> cython.Py_ssize_t:
    """The tokens that start with four ``letter``; the letter alone is looked for (at memchr
    speed: "x" is rare in any text)."""
    count: cython.Py_ssize_t = 0
    n: cython.Py_ssize_t = len(text)
    end: cython.Py_ssize_t
    start: cython.Py_ssize_t = find_char(text, letter, 0, n)
    while start >= 0:
        end = start + 1
        if (end + 2 < n and text[end] == letter and text[end + 1] == letter
                and text[end + 2] == letter):
            end += 3
            while end < n and (text[end] == "X" or text[end] == "x"):
                end += 1
            if ((start == 0 or not text[start - 1].isalnum())
                    and (end == n or not text[end].isalnum())):
                count += 1
            # (a run starting inside this one has an X before it)
        start = find_char(text, letter, end, n)
    return count


@cython.cfunc
def _framed_text(text: str, end: cython.Py_ssize_t) -> str:
    """``text[:end]`` between line breaks: every line, the first included, follows a newline.
    (Compiled, a one-byte text, or a two-byte one whose ``text[:end]`` keeps a character above
    Latin-1, is copied once, not sliced and then joined.)"""
    if cython.compiled:
        if PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND:
            is_ascii: cython.bint = PyUnicode_IS_ASCII(text)
            if is_ascii or ascii_end(cython.cast(cython.p_const_uchar, PyUnicode_DATA(text)), 0, end) < end:
                framed: str = PyUnicode_New(end + 2, 127 if is_ascii else 255)
                data: cython.p_char = cython.cast(cython.p_char, PyUnicode_DATA(framed))
                memcpy(data + 1, PyUnicode_DATA(text), end)
                data[0] = data[end + 1] = 10  # "\n"
                return framed
        if PyUnicode_KIND(text) == PyUnicode_2BYTE_KIND and _above_latin1(text, end):
            framed = PyUnicode_New(end + 2, 0xFFFF)
            wide: cython.p_ushort = cython.cast(cython.p_ushort, PyUnicode_DATA(framed))
            memcpy(wide + 1, PyUnicode_DATA(text), end * 2)
            wide[0] = wide[end + 1] = 10
            return framed
    return f"\n{text[:end]}\n"


@cython.cfunc
@cython.exceptval(check=False)
def _above_latin1(text: str, end: cython.Py_ssize_t) -> cython.bint:
    """Whether ``text[:end]`` of a two-byte text holds a character above Latin-1 (so that its
    copy is a two-byte string too), read four characters at a time as str's own scan does."""
    data: cython.p_ushort = cython.cast(cython.p_ushort, PyUnicode_DATA(text))
    i: cython.Py_ssize_t = 0
    while i + 4 <= end:
        if (data[i] | data[i + 1] | data[i + 2] | data[i + 3]) > 0xFF:
            return True
        i += 4
    while i < end:
        if data[i] > 0xFF:
            return True
        i += 1
    return False


_PORTIONS = cython.declare(dict, {})  # _portion's results by mark (a few dozen ways to write one)

_MAX_PORTIONS = cython.declare(cython.Py_ssize_t, 256)

@cython.cfunc
def _portion(mark: str) -> tuple:
    """A portion mark as written (runs of blanks made one space), its level, caveats and rank."""
    portion = _PORTIONS.get(mark)
    if portion is None:
        portion = _read_portion(mark)
        if len(_PORTIONS) < _MAX_PORTIONS:
            _PORTIONS[mark] = portion
    return portion


def _read_portion(mark: str) -> tuple[str, str | None, tuple[str, ...], int]:
    if "  " in mark or "\n" in mark or "\t" in mark:
        mark = " ".join(mark.split())
    level, caveats = parse_portion_marking(mark)
    return mark, level, tuple(caveats), level_rank(level)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _split_unnumbered(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> list:
    """Unnumbered text splits where a portion mark opens a block after a blank line."""
    pieces: list = []
    nl: cython.Py_ssize_t = find_char(text, "\n", a, b)
    second: cython.Py_ssize_t
    opening: cython.Py_ssize_t
    while nl >= 0:
        second = skip_blanks(text, nl + 1, b)
        if second < b and text[second] == "\n":
            opening = skip_blanks(text, second + 1, b)
            if opening < b and text[opening] == "(" and portion_mark_at(text, opening):
                pieces.append((a, nl))
                a = opening
        nl = find_char(text, "\n", nl + 1, b)
    pieces.append((a, b))
    return pieces


@cython.cclass
class _Assembly:
    """The paragraphs and headings of a text, as :func:`parse_text` meets them in text order."""

    text: str
    classification: object  # the cable's level, or None
    unmarked: tuple  # (level, caveats) of an unmarked paragraph
    cable_rank: cython.Py_ssize_t
    paragraphs: list
    warnings: list
    heading_texts: list
    heading_members: list
    found: PortionMark  # the mark of the paragraph read last

    def __init__(self, text: str, classification: str | None, caveats: list[str] | None,
                 warnings: list[ReaderWarning]) -> None:
        self.text = text
        self.classification = classification
        self.unmarked = (classification, tuple(caveats or ())) if classification == "UNCLASSIFIED" \
            else (None, ())
        self.cable_rank = level_rank(classification)
        self.paragraphs = []
        self.warnings = warnings
        self.heading_texts = []
        self.heading_members = []
        self.found = PortionMark()

    @cython.cfunc
    def heading(self, heading: str) -> cython.void:
        self.heading_texts.append(heading)
        self.heading_members.append([])

    @cython.cfunc
    def emit(self, start: cython.Py_ssize_t, end: cython.Py_ssize_t, number: object) -> cython.void:
        """The paragraph numbered ``number`` between ``start`` and ``end``, or the unnumbered
        ones there."""
        if number is not None:
            self.paragraph(start, end, number)
        elif start < end and not only_spaces(self.text, start, end):
            for a, b in _split_unnumbered(self.text, start, end):
                self.paragraph(a, b, None)

    @cython.cfunc
    def paragraph(self, a: cython.Py_ssize_t, b: cython.Py_ssize_t, number: object) -> cython.void:
        text: str = self.text
        lead_in = ""
        found: PortionMark = self.found
        marked: cython.bint = _portion_mark(text, a, b, found)
        if not marked:
            first: cython.Py_ssize_t = _skip_layout(text, a, b)
            if first == b and number is None:
                return
            a = first
            marked = _portion_mark(text, a, b, found)
            if not marked and find_char(text, ":", a, min(a + 30, len(text))) > 0:
                label = _LEAD_IN.match(text, a, b)
                if label:
                    marked = read_portion_mark(text, label.end(), b, found)  # "Summary: (C) …"
                    if marked:
                        lead_in = text[a:label.end()].strip(" \t\n")
                        lead_in = lead_in + " " if lead_in else ""
        rank: cython.Py_ssize_t = -1
        mark = None
        if marked:
            mark, level, marks, rank = _portion(found.mark)
            a = found.end
        else:
            level, marks = self.unmarked
        body = lead_in + paragraph_text(text, a, b)
        if not body and mark is None and number is None:
            return
        paragraphs = self.paragraphs
        if rank > self.cable_rank >= 0:
            self.warnings.append(ReaderWarning(
                code="portion-above-cable", where=f"paragraph {number or len(paragraphs)}",
                message=f"({mark}) is above the cable's classification {self.classification}"))
        if self.heading_texts:
            self.heading_members[-1].append(len(paragraphs))
        paragraphs.append(Paragraph(  # (positional: index, text, number, portion_marking, classification,
            # caveats, heading; msgspec matches keywords by name, a cost on every paragraph)
            len(paragraphs), body, number, mark, level, list(marks) if marks else [],
            self.heading_texts[-1] if self.heading_texts else None))


@cython.cfunc
def _portion_mark(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t, found: PortionMark) -> cython.bint:
    """:func:`read_portion_mark` at ``a`` (blanks may come before the mark), called only when a "("
    follows the blanks."""
    opening: cython.Py_ssize_t = skip_blanks(text, a, b)
    return opening < b and text[opening] == "(" and read_portion_mark(text, opening, b, found)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _skip_layout(text: str, i: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The first position from ``i`` that is not a space, a tab or a line break (or ``end``)."""
    c: cython.Py_UCS4
    while i < end:
        c = text[i]
        if not (c == " " or c == "\t" or c == "\n"):
            return i
        i += 1
    return end


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    for a, b in spans:
        if a <= pos < b:
            return True
    return False


def parse_text(rest: str, *, classification: str | None = None,
               caveats: list[str] | None = None) -> TextParts:
    """Paragraphs, headings, summary, comment, signers and redactions of the text after the
    opening block. ``classification``/``caveats`` are the cable's own: unmarked paragraphs of an
    UNCLASSIFIED cable take them, and paragraphs marked above the cable raise a warning."""
    warnings: list[ReaderWarning] = []
    text = rest if isinstance(rest, str) else ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, page_markers = remove_page_markers(text)
    kept, signers, signer_warnings = split_signature(text)
    warnings += signer_warnings
    text = _framed_text(text, kept)
    numbered, rules = landmarks(text)
    unglued = unglue_headings(text, rules, warnings)
    if unglued is not text:  # headings were glued into lines
        text = unglued
        numbered, rules = landmarks(text)
    redactions = count_redactions(text)
    redactions += "signer-redacted" in [w.code for w in signer_warnings]
    headings, banners = find_headings(text, rules) if rules else ([], [])
    banner = trailing_banner(text)
    if banner is not None and not _inside(banner, banners):
        banners.append((banner, len(text)))
    blocked = sorted([(a, b) for a, b, _ in headings] + banners)
    starts = paragraph_starts(text, numbered, blocked, warnings)

    events: list[tuple[int, int, str, object]] = (
        [(a, b, "heading", h) for a, b, h in headings] + [(a, b, "banner", None) for a, b in banners]
        + [(pos, after, "number", number) for pos, number, after in starts])
    events.sort(key=itemgetter(0))

    assembly: _Assembly = _Assembly(text, classification, caveats, warnings)
    cursor: cython.Py_ssize_t = 0
    pending = None
    for pos, after, kind, payload in events:
        assembly.emit(cursor, pos, pending)
        pending = None
        if kind == "heading":
            assembly.heading(payload)
        elif kind == "number":
            pending = payload
        cursor = after
    assembly.emit(cursor, len(text), pending)
    paragraphs = assembly.paragraphs

    parts = new_text_parts(
        paragraphs, [Heading(text=t, paragraphs=m) for t, m in zip(assembly.heading_texts, assembly.heading_members)],
        signers, redactions, page_markers, warnings)
    if paragraphs:
        mark_summary_and_comment(parts)
    return parts
