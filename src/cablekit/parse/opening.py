"""The opening block of the body (§3, §8.1 step 3): classification line, captions, passing lines,
E.O. line, TAGS, SUBJECT, REF and Classified By, up to the first paragraph.

The block is read line by line; a line may hold several elements (``E.O. 12958: N/A TAGS: AMGT``,
``SUBJECT: … REF: …``), so lines are split at every keyword the element allows after it. Elements
may be missing or out of order; TAGS, SUBJECT, REF and Classified By wrap onto following lines.
Reading stops at the first numbered or portion-marked paragraph, a SUMMARY or dashed heading,
another classification line, or after ~1,200 characters of text that is none of these (cablemap's
limit). WikiLeaks mirrors print the whole block twice (§1.1): an exact repetition right after the
block is dropped from ``rest`` with the warning ``opening-block-repeated``. What kind each line is
(keyword, stop, page header …) is read by :mod:`cablekit.parse.line_kinds`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import cython

from cablekit.data import tags as tag_table
from cablekit.model import ClassifiedBy, DeclassificationInstruction, Reference, ReaderWarning, Section, Tag
from cablekit.parse.classification import ClassificationLine, find_markings, read_classification_line
from cablekit.parse.classified_by import parse_classified_by
from cablekit.parse.eo import parse_eo
from cablekit.parse.ids import CABLEGATE_ID, NARA_MRN, year_of_id
from cablekit.parse.line_kinds import CLASSIFIED_BY, EO, KEEP_KEYWORD, KEYWORDS, REF, SUBJECT, TAGS
from cablekit.parse.references import normalise_origin, parse_references, strip_page_markers
from cablekit.parse.tags import parse_tags

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import digits_end, find_char, only_spaces, substring
    from cython.cimports.cablekit.parse.blanks import single_blanks
    from cython.cimports.cablekit.parse.markings import portion_mark_at
    from cython.cimports.cablekit.parse.line_kinds import (
        blank, blanks, has_digit_run, holds, keyword_at_start, line_kind, numbered_paragraph, ref_item,
        same_letter)
else:
    from cablekit.formats.scan import digits_end, find_char, only_spaces, substring
    from cablekit.parse.blanks import single_blanks
    from cablekit.parse.markings import portion_mark_at
    from cablekit.parse.line_kinds import (
        blank, blanks, has_digit_run, holds, keyword_at_start, line_kind, numbered_paragraph, ref_item,
        same_letter)


@dataclass(slots=True)
class Opening:
    """What the opening block says; the fields map one to one onto :class:`~cablekit.model.Body`."""

    classification: str | None = None
    classification_line: str | None = None
    sensitive: bool = False
    caveats: list[str] = field(default_factory=list)
    section: Section | None = None
    location: str | None = None
    serial: str | None = None
    captions: list[str] = field(default_factory=list)
    passing: list[str] = field(default_factory=list)
    eo: DeclassificationInstruction | None = None
    tags: list[Tag] = field(default_factory=list)
    subject: str | None = None
    subject_portion_marking: str | None = None
    references: list[Reference] = field(default_factory=list)
    classified_by: ClassifiedBy | None = None
    rest: str = ""  # the body after the opening block, exactly as written: the paragraphs start here
    repeated_block: bool = False
    preamble: str = ""  # text before the classification line (partner-site date lines, metadata dumps)
    warnings: list[ReaderWarning] = field(default_factory=list)


@cython.ccall
def new_opening() -> Opening:
    """``Opening()`` without the dataclass' ``__init__``, which runs interpreted (tests/test_opening.py
    holds the two equal)."""
    opening = Opening.__new__(Opening)
    opening.classification = opening.classification_line = opening.section = opening.location = None
    opening.serial = opening.eo = opening.subject = opening.subject_portion_marking = opening.classified_by = None
    opening.sensitive = opening.repeated_block = False
    opening.caveats, opening.captions, opening.passing, opening.tags = [], [], [], []
    opening.references, opening.warnings = [], []
    opening.rest = opening.preamble = ""
    return opening


MAX_UNKNOWN_CHARS = 1200  # cablemap's limit for the opening block (§8.1 step 3)
SCAN_CHARS = 2_000  # first window read; widened when the block runs past it
MAX_SCAN_LINES = 120  # how far to look for the classification line
MAX_CONTINUATION = {TAGS: 4, SUBJECT: 5, REF: 30, CLASSIFIED_BY: 4, EO: 0}
_MAX_TRAILING_PASSING = 10  # passing lines with no keyword after them, before the text
_OWN_BLOCK_LINES = 20  # a classification line found after keywords must have its block this close

_MARKUP = re.compile(r"</?(?:br|strong|b|i|em|p|u|span|font)\b[^>]*>", re.I)
# Keywords inside a line: stricter forms, and only those that may follow the element before them.
_MID = {
    EO: re.compile(r"E(?<![A-Za-z]E)\.?\s?O\.?\s*\d{4,5}\s*(?::|\s+DECL|\s+N/A|\s+AS\s+AMENDED)", re.I),
    TAGS: re.compile(r"(?<![A-Za-z])TAGS?\s*:|(?<![A-Za-z])TAGS?\s+(?=[A-Z]{2,4}\b)"),
    SUBJECT: re.compile(r"(?<![A-Za-z])SUBJ(?:ECT)?\s*:"),
    REF: re.compile(r"REF(?:S|TELS?)?\s*:"),  # may be glued to the subject: "…EGYPTREF: CAIRO 493" (§3.9)
    CLASSIFIED_BY: re.compile(r"C(?<![A-Za-z]C)LASSIFIED\s+BY\b", re.I),
}  # (a look-behind after the first letter, not before it: the regex engine skips ahead to that letter)
_MAY_FOLLOW = {
    None: (EO, TAGS, SUBJECT, REF, CLASSIFIED_BY),
    EO: (TAGS, SUBJECT),
    TAGS: (SUBJECT,),
    SUBJECT: (REF, CLASSIFIED_BY),
    REF: (CLASSIFIED_BY, SUBJECT),
    CLASSIFIED_BY: (),
}
# A word of each keyword: a line without it is not searched for the keyword (in upper case for the
# case-insensitive one: no letter of CLASS is matched by another letter's capital, as I by İ).
_MID_NEEDLE = {TAGS: "TAG", SUBJECT: "SUBJ", REF: "REF"}
_MID_NEEDLE_UPPER = {CLASSIFIED_BY: "CLASS"}
# Words of the keywords that may follow each element, in upper case, two each (padded with a
# character no line holds): a value without either is not cut.
_CUT_WORDS = {kind: (*((_MID_NEEDLE | _MID_NEEDLE_UPPER)[other] for other in others), "\n", "\n")[:2]
              for kind, others in _MAY_FOLLOW.items() if kind is not None}
# What _split tries after each element: (keyword, its regex, a word of it that the line must hold or
# None, whether that word is looked for in the upper-cased line, whether the line needs an E.O. number).
_FOLLOWERS = cython.declare(dict, {
    kind: tuple((other, _MID[other], (_MID_NEEDLE | _MID_NEEDLE_UPPER).get(other), other in _MID_NEEDLE_UPPER,
                 other == EO) for other in others)
    for kind, others in _MAY_FOLLOW.items()})
# Any keyword at all, each with its own case rule.
_ANY_MID = re.compile("|".join(f"(?i:{p.pattern})" if p.flags & re.I else p.pattern for p in _MID.values()))

_SBU_NOTICE = re.compile(r"SENSITIVE,?\s+BUT\s+UNCLASSIFIED", re.I)
_NOTICE_TAIL = re.compile(r"^\s*[a-z][a-z ]{0,25}\.\s*$")  # "… Please protect" / "accordingly."
# Passing lines name offices (EUR/WE, ISN/MTR) and say FOR / PASS / ATTN (§3.4).
_PASSING_WORD = re.compile(r"\b(?:FOR|PASS|PLEASE|ATTN|ATTENTION|INFO|ALSO)\b|\b[A-Za-z]{1,5}/[A-Za-z]{1,5}\b", re.I)
_REF_ITEM_ANYWHERE = re.compile(
    r"(?<![A-Za-z])\(?[A-Z][.)]\s*(?:\(?[A-Z][.)]\s*)?(?:\d{2,4}\s*)?[A-Z][A-Z'-]*(?:\s[A-Z][A-Z'-]*){0,3}\s\d", re.I)
# Reasons of a Classified By line that wrap: onto the next line (after a blank even), or mid-word.
_REASON_WRAP = re.compile(r"^\s*(?:\(?[a-hA-H]\s?\)|1\s*\.\s*[45]|REASONS?\b|and\s+\(?[a-h]\b)", re.I)
_REASON_REMNANT = re.compile(r"^\s*(?:(?:\b(?:n?d|and|or)\b|[&(),.;:/]|(?<![A-Za-z])[a-h](?![A-Za-z]))\s*)+$", re.I)
_REASONS_AT = re.compile(r"1\s*\.\s*[45]")
_REASON_LETTER = re.compile(r"(?<![A-Za-z])[a-hA-H](?![A-Za-z])")
_OPEN_END = re.compile(r"(?:[,/&(]|\band|\bor|1\s*\.)\s*$", re.I)
_OPEN_END_CHARS = ",/&(andorANDOR1. \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # all an open end is made of (ASCII)
_GLUED_NUMBER = re.compile(r"\d(?<=[\s.;)]\d)\d?\s?\.\s*(?=\()")  # "1. (", after a blank, dot, ; or )
_DIGIT = re.compile(r"\d")
_REDACTION = re.compile(r"[Xx]{4,}")
_LOWER = re.compile(r"[a-z]")
_TAG_TOKEN = re.compile(r"[\s,;]+")


_NO_LINE = read_classification_line("")


@cython.cfunc
def _warning(code: str, message: str, where: str = "body.opening") -> ReaderWarning:
    return ReaderWarning(code=code, message=message, where=where)


@cython.cclass
class _Lines:
    """The lines (without newline and trailing CRs) of the top ``window`` characters of the body, cut
    at a line end (the opening block is there; the rest of the body is not split); each is split
    from the body when first asked for (the block takes a few of the lines of the window)."""

    body: str
    cut: cython.bint  # the lines end at the window's last newline (else at the body's end)
    end: cython.Py_ssize_t  # where the lines end
    next: cython.Py_ssize_t  # where the first line not yet split starts; -1 when all are
    crs: cython.bint  # a CR in the lines: each loses its trailing CRs
    split: list  # the lines split so far
    starts: list  # and their offsets in the body

    def __init__(self, body: str, window: int):
        cut = body.rfind("\n", 0, window) + 1 if len(body) > window else 0
        self.body, self.cut, self.end, self.next = body, cut > 0, cut if cut else len(body), 0
        self.crs = body.find("\r", 0, self.end) >= 0
        self.split = []
        self.starts = []

    @cython.cfunc
    def more(self) -> cython.bint:
        """Split the next line; False when all are."""
        start: cython.Py_ssize_t = self.next
        if start < 0:
            return False
        newline: cython.Py_ssize_t = find_char(self.body, "\n", start, self.end)
        if newline < 0:  # the text after the last newline: a line when the window holds the whole body
            self.next = -1
            if self.cut:
                return False
            line = substring(self.body, start, self.end)
        else:
            line = substring(self.body, start, newline)
            self.next = newline + 1
        self.split.append(line.rstrip("\r") if self.crs else line)
        self.starts.append(start)
        return True

    @cython.cfunc
    def has(self, index: cython.Py_ssize_t) -> cython.bint:
        """Whether there is a line ``index``."""
        if index < len(self.split):
            return True
        while len(self.split) <= index:
            if not self.more():
                return False
        return True

    @cython.cfunc
    def line(self, index: cython.Py_ssize_t) -> str:
        if not self.has(index):
            raise IndexError(index)
        return self.split[index]

    @cython.cfunc
    def start(self, index: cython.Py_ssize_t) -> cython.Py_ssize_t:
        """Offset in the body of line ``index`` (one split already)."""
        return self.starts[index]

    @cython.cfunc
    def count(self) -> cython.Py_ssize_t:
        while self.more():
            pass
        return len(self.split)


@cython.cfunc
def _has_ascii_alnum(text: str) -> cython.bint:
    c: cython.Py_UCS4
    for c in text:
        if "0" <= c <= "9" or "A" <= c <= "Z" or "a" <= c <= "z":
            return True
    return False



@cython.cfunc
def _split(text: str, kind: str | None) -> list[tuple[str | None, str]]:
    """A line's text cut at the keywords that may follow ``kind``: [(kind, value), …]."""
    segments: list[tuple[str | None, str]] = []
    is_ascii: cython.bint = cython.compiled and text.isascii()  # (so is every rest of it)
    needs_upper: cython.bint
    needs_number: cython.bint
    while True:
        cut = None
        upper = None
        for other, regex, needle, needs_upper, needs_number in cython.cast(tuple, _FOLLOWERS.get(kind, ())):
            if needs_number:
                if is_ascii and not has_digit_run(text, 4):
                    continue  # (no E.O. number in the line)
            elif needs_upper:
                upper = text.upper() if upper is None else upper
                if needle not in upper:
                    continue
            elif needle not in text:
                continue
            m = regex.search(text, 1 if kind is None else 0)
            if m and (cut is None or m.start() < cut[1]):
                cut = (other, m.start(), m.end())
        if cut is None:
            break
        other, start, end = cut
        segments.append((kind, text[:start]))
        kind, text = other, (text[start:] if other in KEEP_KEYWORD else text[end:])
    segments.append((kind, text))
    return segments


@cython.cclass
class _Block:
    """Raw texts of the elements of one opening block, as the scan collects them."""

    fields: dict
    captions: list
    caveats: list
    passing: list
    sensitive: cython.bint
    warnings: list
    lines: list
    identity: tuple
    levels: list

    def __init__(self, lines: list[str] | None = None, identity: tuple[str | None, str | None] = (None, None)):
        self.fields = {}  # kind → its lines
        self.captions = []
        self.caveats = []
        self.passing = []
        self.sensitive = False
        self.warnings = []
        self.lines = [] if lines is None else lines  # the block's non-blank lines, for repetition checks
        self.identity = identity  # location and serial of the classification line
        self.levels = []  # levels restated inside the block

    @cython.cfunc
    def add(self, kind: str, text: str) -> None:
        texts = self.fields.get(kind)
        if texts is None:
            self.fields[kind] = [text]
        else:
            texts.append(text)

    @cython.cfunc
    def add_markings(self, text: str) -> str:
        """Take the captions and caveats out of ``text``, in the order written; return what is left."""
        found = find_markings(text)
        self.add_found(found)
        for start, end, _, _ in reversed(found):
            text = text[:start] + " " + text[end:]
        return text

    @cython.cfunc
    def add_found(self, found: list[tuple[int, int, str, str]]) -> None:
        """Add the markings found in a line (by :func:`find_markings`), in the order written."""
        for _, _, token, kind in found:
            self.add_marking(token, kind)

    @cython.cfunc
    def add_marking(self, token: str, kind: str) -> None:
        target = self.captions if kind == "caption" else self.caveats
        if token not in target:
            target.append(token)
        self.sensitive = self.sensitive or token == "SENSITIVE"

    @cython.cfunc
    def restated(self, line: ClassificationLine) -> None:
        """"SECRET NOFORN", "SECRET/NOFORN": the classification said again, with its caveats."""
        for token in line.captions:
            self.add_marking(token, "caption")
        for token in line.caveats:
            self.add_marking(token, "caveat")
        self.sensitive = self.sensitive or line.sensitive
        if line.classification:
            self.levels.append(line.classification)

    @cython.cfunc
    def commit(self, texts: list[str]) -> None:
        """Unknown lines turn out to lie inside the block: passing lines (or captions mixed in)."""
        for text in texts:
            text = (_MARKUP.sub(" ", text) if "<" in text else text).strip()
            self.lines.append(text)
            left = self.add_markings(text).strip(" ,;/")
            if not _has_ascii_alnum(left):  # (nor is a row of dashes)
                continue
            if _passing_like(left):
                left = single_blanks(left)
                if self.passing and self.passing[-1].endswith(","):  # "… EUR/PPD," / "AND EB"
                    self.passing[-1] = f"{self.passing[-1]} {left}"
                else:
                    self.passing.append(left)
            else:
                self.warnings.append(_warning("opening-line-unread", f"line in the opening block not read: {left!r}"))


@cython.cfunc
def _names_a_cable(text: str) -> bool:
    """A classification line with location and serial (it ends in the serial): a new block."""
    return _ends_in_digit(text) and read_classification_line(text).location is not None


@cython.cfunc
def _ends_in_digit(text: str) -> cython.bint:
    """``text.rstrip()[-1:].isdigit()``, without the two copies."""
    i: cython.Py_ssize_t = len(text) - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i].isdigit()


_CAPTION_LINES: dict[str, list[tuple[int, int, str, str]]] = {}  # a small vocabulary: SIPDIS, NOFORN …
_MAX_CAPTION_LINES = 4096
_CAPTIONS_ONLY_LINES: dict[str, list[tuple[int, int, str, str]]] = {}  # lines other_line read as captions


@cython.cfunc
def _caption_line(text: str) -> list[tuple[int, int, str, str]]:
    """The markings of a line of only captions, caveats and separators (``SIPDIS``, ``NOFORN, SIPDIS``,
    ``E X D I S``); empty for any other line."""
    if len(text) > 80:
        return []
    if text in _CAPTION_LINES:
        return _CAPTION_LINES[text]
    found = find_markings(text)
    if not found:
        return []
    covered = sum(end - start for start, end, _, _ in found)
    if covered < len(text.strip(" \t,;/.-")) - (len(found) - 1) * 3:
        return []
    if len(_CAPTION_LINES) < _MAX_CAPTION_LINES:
        _CAPTION_LINES[text] = found
    return found


@cython.cfunc
def _looks_like_tags(text: str, previous: str) -> bool:
    """A TAGS continuation: the line before ended with a comma, or most tokens are TAGS codes."""
    if previous.rstrip().endswith(","):
        return True
    tokens = [t.strip(".()").upper() for t in _TAG_TOKEN.split(text.strip()) if t.strip(".()")]
    known = sum(1 for t in tokens if t in tag_table())
    return bool(tokens) and known * 2 >= len(tokens) and all(len(t) <= 12 for t in tokens)


@cython.cfunc
def _has_lower(text: str) -> cython.bint:
    """``_LOWER.search(text)``: an ASCII small letter in ``text``."""
    c: cython.Py_UCS4
    if not cython.compiled:
        return _LOWER.search(text) is not None
    for c in text:
        if "a" <= c <= "z":
            return True
    return False


@cython.cfunc
def _has_digit(text: str) -> cython.bint:
    """``_DIGIT.search(text)`` (any decimal digit), by character in ASCII text."""
    c: cython.Py_UCS4
    if not cython.compiled or not text.isascii():
        return _DIGIT.search(text) is not None
    for c in text:
        if "0" <= c <= "9":
            return True
    return False


@cython.cfunc
def _passing_like(text: str) -> bool:
    return not _has_lower(text) or bool(_PASSING_WORD.search(text))


_STOP = -1


@cython.cclass
class _Scan:
    """One pass over the lines of an opening block, collecting the elements into a :class:`_Block`."""

    lines: _Lines
    block: _Block
    seen: set
    current: str | None
    continued: cython.int
    after_blank: cython.bint
    pending: list
    pending_chars: cython.Py_ssize_t

    def __init__(self, lines: _Lines, block: _Block):
        self.lines, self.block = lines, block
        self.seen = set()
        self.current = None  # the element the next line may continue
        self.continued = 0  # lines the current element has run on
        self.after_blank = False  # a blank line since the current element's last line
        self.pending = []  # unknown lines not yet known to belong to the block
        self.pending_chars = 0

    @cython.cfunc
    @cython.locals(i=cython.Py_ssize_t, last=cython.Py_ssize_t, taken=cython.Py_ssize_t)
    def run(self, first: cython.Py_ssize_t) -> tuple:
        """Read from line ``first``; return (line index, column) where the rest of the body begins:
        right after the last line the block took (blank lines, page markers and unknown text
        after it stay in the rest)."""
        lines, block = self.lines, self.block
        i = last = first
        while lines.has(i):
            raw = lines.line(i)
            if only_spaces(raw, 0, len(raw)):  # (what line() makes of a blank line)
                self.after_blank = True
                i += 1
                continue
            taken = len(block.lines)
            step = self.line(i)
            if isinstance(step, tuple):
                return step
            if step is None:
                return last, 0
            if len(block.lines) > taken:
                last = step
            i = step
        return self.end_of_lines(i, last)

    @cython.cfunc
    def end_of_lines(self, i: cython.Py_ssize_t, last: cython.Py_ssize_t) -> tuple:
        """Out of lines with unknown lines pending: passing lines of a block without E.O. line, or text."""
        lines, pending = self.lines, self.pending
        if pending and i - pending[0] <= _MAX_TRAILING_PASSING and self.pending_chars <= MAX_UNKNOWN_CHARS and all(
                _PASSING_WORD.search(lines.line(k)) and len(lines.line(k).strip()) < 100 for k in pending):
            self.block.commit([lines.line(k) for k in pending])
            return i, 0
        return last, 0

    @cython.cfunc
    def line(self, i: cython.Py_ssize_t):  # -> int | tuple[int, int] | None
        """Read line ``i``: the index of the next line to read, (index, column) where the text
        begins inside this line, or None when the block has ended."""
        block, raw = self.block, self.lines.line(i)
        if self.current is None and (captions := _CAPTIONS_ONLY_LINES.get(raw)):
            block.add_found(captions)  # read as other_line read it (see there)
            block.lines.append(raw.strip())
            return i + 1
        text = _MARKUP.sub(" ", raw) if "<" in raw else raw
        stripped = text.strip()
        if not stripped:
            self.after_blank = True
            return i + 1
        if text is not raw:
            block.warnings.append(_warning("opening-markup", f"HTML markup in the opening block: {raw.strip()!r}"))
        kind, at = line_kind(text)
        if kind in KEYWORDS:
            return self.keyword_line(i, text, stripped, kind, at)
        if kind == "skip":
            return i + 1
        if kind == "corrected":
            block.warnings.append(_warning("corrected-copy", f"corrected copy notice: {stripped!r}"))
            block.lines.append(stripped)
            return i + 1
        stop = kind == "stop"
        if kind is None and "(" in text and (pm := portion_mark_at(text)):
            # A portion mark before a keyword ("(U) Classified by …") does not make a paragraph.
            after = keyword_at_start(text[pm[1]:])
            if after and after[0] in (CLASSIFIED_BY, SUBJECT):
                return self.keyword_line(i, text, stripped, after[0], pm[1] + after[1])
            stop = True  # a portion-marked paragraph
        stop = stop or _names_a_cable(text)
        if self.current and _continues(self.current, text, block, self.after_blank, self.continued, stop):
            self.append(self.current, text, stripped)
            return i + 1
        if stop and numbered_paragraph(text):
            return None  # a numbered paragraph: the text begins
        glued = _glued_paragraph(text, 0) if "(" in text else None
        if glued is not None:
            text, stripped = text[:glued], text[:glued].strip()
        step = self.other_line(i, text, stripped, stop)
        if step == _STOP:
            return None
        if step is not None:
            return step
        cut = _split(text, None)
        if len(cut) == 1:
            return self.unknown(i, text, stripped)
        return self.take(i, cut[0][1], cut[1:], stripped, glued)

    @cython.cfunc
    def keyword_line(self, i: cython.Py_ssize_t, text: str, stripped: str, kind: str, at: cython.Py_ssize_t):
        """Read line ``i``, which starts with the keyword of ``kind``; its value starts at ``at``."""
        if kind == REF and self.current == REF and not self.after_blank:
            self.append(REF, text, stripped)  # "REF A …" / "REF B …" on following lines
            return i + 1
        glued = _glued_paragraph(text, at) if "(" in text else None
        if glued is not None:
            text, stripped = text[:glued], text[:glued].strip()  # "… REASON: 1.4 (b), (d) 1. (C) Summary: …"
        value = text[at:]
        first, second = _CUT_WORDS[kind]
        if first == "\n":  # (nothing may follow the element on its line)
            return self.take(i, "", [(kind, value)], stripped, glued)
        upper = value.upper()
        segments = _split(value, kind) if first in upper or second in upper else [(kind, value)]
        return self.take(i, "", segments, stripped, glued)

    @cython.cfunc
    def take(self, i: cython.Py_ssize_t, lead: str, segments: list, stripped: str, glued):
        """Take the elements of a keyword line (``lead``: text before its first keyword) into the block."""
        seen, block = self.seen, self.block
        for k, _ in segments:
            if k in seen and k != REF:
                return None  # the same element again: a second block, or the text
        # A keyword line: what was pending (and text before the keyword) belongs to the block.
        if self.pending or lead.strip():
            block.commit([self.lines.line(k) for k in self.pending] + ([lead] if lead.strip() else []))
            self.pending, self.pending_chars = [], 0
        for k, value in segments:
            seen.add(k)
            block.add(k, value)
            self.current = k
        block.lines.append(stripped)
        self.continued, self.after_blank = 0, False
        if glued is not None:
            block.warnings.append(_warning("paragraph-glued", "paragraph 1 starts on the line of the opening block"))
            return i, glued
        return i + 1

    @cython.cfunc
    def append(self, kind: str, text: str, stripped: str) -> None:
        self.block.add(kind, text)
        self.block.lines.append(stripped)
        self.continued, self.after_blank = self.continued + 1, False

    @cython.cfunc
    def other_line(self, i: cython.Py_ssize_t, text: str, stripped: str, stop: cython.bint):
        """Lines without keyword that still belong to the block: SBU notice, the classification
        restated, captions. The next line to read; _STOP where the text begins; None: not one of these."""
        block = self.block
        if (len(stripped) < 120 and (not cython.compiled or not text.isascii() or holds(text, "SENSITIVE"))
                and _SBU_NOTICE.search(text)
                and not numbered_paragraph(text)):
            block.add_marking("SENSITIVE", "caption")  # "SENSITIVE BUT UNCLASSIFIED - PLEASE HANDLE ACCORDINGLY"
            block.lines.append(stripped)
            self.current = None
            if self.lines.has(i + 1) and _NOTICE_TAIL.match(self.lines.line(i + 1)):
                block.lines.append(self.lines.line(i + 1).strip())
                return i + 2
            return i + 1
        restated = read_classification_line(text) if len(stripped) < 80 else _NO_LINE
        level, _, section, location, serial, _, _, _ = restated
        if level and not location and len(stripped) < 60:
            block.restated(restated)
            block.lines.append(stripped)
            self.current = None
            return i + 1
        if location and not self.seen and (location, serial) == block.identity and (
                section is None or section.number == 1):
            # A repeated cable ("FOLLOWING STATE 127892 … IS BEING REPEATED … QUOTE:") brings the
            # original's opening block after the notice: read on.
            block.commit([self.lines.line(k) for k in self.pending])
            self.pending, self.pending_chars = [], 0
            block.warnings.append(_warning("classification-line-repeated", f"classification line given again: {stripped!r}"))
            block.lines.append(stripped)
            self.current = None
            return i + 1
        if stop:
            return _STOP
        if captions := _caption_line(text):
            if (text is self.lines.line(i) and "(" not in text and not level and not location
                    and len(_CAPTIONS_ONLY_LINES) < _MAX_CAPTION_LINES):
                # Read so for what the line says alone: no markup, keyword, portion mark or paragraph
                # number, no stop, no classification restated; only an open element could read it
                # otherwise (_continues), so line() reads it so again while none is open.
                _CAPTIONS_ONLY_LINES[text] = captions
            block.add_found(captions)
            block.lines.append(stripped)
            self.current = None
            return i + 1
        if self.current == SUBJECT and _subject_after_blank(self.lines, i, block):
            if not _ANY_MID.search(text):
                self.append(SUBJECT, text, stripped)  # "SUBJECT: … BY BROWN'S" / "" / "QUICK MANEUVERS …" / "REF:"
                block.warnings.append(_warning("subject-split", f"SUBJECT continues after a blank line: {stripped!r}",
                                               "body.subject"))
                return i + 1
        return None

    @cython.cfunc
    def unknown(self, i: cython.Py_ssize_t, text: str, stripped: str):
        """Unknown text: passing lines before the E.O. line, else the start of the text."""
        if self.seen and not (_passing_like(stripped) and len(stripped) < 100 and SUBJECT not in self.seen):
            return None
        self.pending.append(i)
        self.pending_chars += len(stripped)
        if self.pending_chars > MAX_UNKNOWN_CHARS:
            return None
        self.current = None
        return i + 1


@cython.cfunc
def _glued_paragraph(text: str, start: int) -> int | None:
    """Column of a numbered, portion-marked paragraph glued after an element on the same line."""
    if cython.compiled and not _dot_before_parenthesis(text, start + 1):
        return None  # (interpreted, the regex is quicker than the test)
    for m in _GLUED_NUMBER.finditer(text, start + 1):
        if portion_mark_at(text, m.end()) is not None:
            return m.start()
    return None


@cython.cfunc
def _dot_before_parenthesis(text: str, start: cython.Py_ssize_t) -> cython.bint:
    r"""A "." after ``start`` with a "(" after it, blanks between (``\.\s*\(``; any other character
    than ASCII counts as a blank here)."""
    n: cython.Py_ssize_t = len(text)
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(start, n):
        if text[i] == ".":
            j = i + 1
            while j < n and (blank(text[j]) or text[j] > "\x7f"):
                j += 1
            if j < n and text[j] == "(":
                return True
    return False


@cython.cfunc
def _continues(kind: str, text: str, block: _Block, after_blank: bool, continued: int, stop: bool) -> bool:
    """Whether ``text`` (no keyword at its start; ``stop``: it would end the block) continues
    element ``kind`` of the line before."""
    before = block.fields[kind]
    if (kind == CLASSIFIED_BY and _starts_with(text, "(abcdefghABCDEFGH1Rr") and reason_wraps(text)
            and not _reasons_complete(" ".join(before))):
        return True  # a reason wrapped, even after a blank line ("… FOR REASON" / "" / "1.4(C).")
    if (kind == REF and after_blank and len(text) < 80 and _REF_ITEM_ANYWHERE.search(text) and not stop
            and continued < MAX_CONTINUATION[kind]):
        return True  # "REF: A. MADRID 881" / "" / "B. MADRID 919"
    if after_blank or continued >= MAX_CONTINUATION[kind]:
        return False
    if kind == CLASSIFIED_BY and len(text.strip()) <= 20 and _REASON_REMNANT.match(text):
        return True
    if kind == REF:
        # More items, or the wrapped end of one; prose (mixed case, no number) is the text (§3.10).
        return ref_item(text) or (
            not stop and len(text) < 100 and (_has_digit(text) or not _has_lower(text)))
    if stop:
        return False
    if kind == TAGS:
        return _looks_like_tags(text, before[-1])
    if kind == SUBJECT:
        # An upper-case subject is not continued by a mixed-case line: that is the text.
        first = before[0]
        return not (_has_lower(text) and not _has_lower(first)) and not _caption_line(text)
    if kind == CLASSIFIED_BY:
        return not _reasons_complete(" ".join(before))
    return False


@cython.cfunc
def _starts_with(text: str, firsts: str) -> cython.bint:
    """Whether the first character of ``text`` after its blanks (``\\s*``) is one of the ASCII ``firsts``
    or not ASCII: a line a regex that starts so may match (where ``re.I`` may match a letter's non-ASCII twin)."""
    c: cython.Py_UCS4
    for c in text:
        if not c.isspace():
            return c > "\x7f" or find_char(firsts, c, 0, len(firsts)) >= 0
    return False


@cython.cfunc
def _subject_after_blank(lines: _Lines, i: cython.Py_ssize_t, block: _Block) -> bool:
    """A short line in the subject's case, between the SUBJECT and a REF or Classified By line."""
    text = lines.line(i).strip()
    first = block.fields[SUBJECT][0]
    if len(text) > 80 or len(block.fields[SUBJECT]) > MAX_CONTINUATION[SUBJECT] or (
            _has_lower(_REDACTION.sub("", text)) != _has_lower(_REDACTION.sub("", first))):
        return False
    following = ""
    k: cython.Py_ssize_t
    for k in range(i + 1, i + 4):
        if not lines.has(k):
            break
        if lines.line(k).strip():
            following = lines.line(k)
            break
    keyword = keyword_at_start(following)
    return bool(keyword) and keyword[0] in (REF, CLASSIFIED_BY)


@cython.ccall
def reason_wraps(text: str) -> cython.bint:
    """``_REASON_WRAP.match(text)``. A line whose first non-blank is "1" (mostly a numbered paragraph,
    ``1. (C) Summary``) can only match the ``1.4`` / ``1.5`` alternative: that is read by character."""
    n: cython.Py_ssize_t = len(text)
    i: cython.Py_ssize_t = 0
    while i < n and text[i].isspace():
        i += 1
    if i == n or text[i] != "1":
        return _REASON_WRAP.match(text) is not None
    i += 1
    while i < n and text[i].isspace():
        i += 1
    if i == n or text[i] != ".":
        return False
    i += 1
    while i < n and text[i].isspace():
        i += 1
    return i < n and (text[i] == "4" or text[i] == "5")


@cython.cfunc
def _reasons_complete(text: str) -> bool:
    """A Classified By line whose reasons are read and not cut off (``… 1.4 (b) and`` is not)."""
    m = _REASONS_AT.search(text)
    return bool(m) and bool(_REASON_LETTER.search(text, m.end())) and not _open_end(text)


@cython.cfunc
def _open_end(text: str) -> bool:
    """``_OPEN_END.search(text)``, from where the run of characters an open end is made of ends the text
    (a search from the start tries the regex at every character)."""
    return _OPEN_END.search(text, len(text.rstrip(_OPEN_END_CHARS)) if text.isascii() else 0) is not None


@cython.cfunc
def _join(parts: list[str]) -> str:
    """Wrapped lines joined with one space; a line ending in a hyphen joins without one."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out.endswith("-") and not out.endswith("--"):
            out += part
        else:
            out = f"{out} {part}" if out else part
    return out


@cython.cfunc
def _citing_year(reference_id: str | None, cable_date: date | None) -> int | None:
    """The year of the cable itself, for tags and references without a year (§5.4)."""
    return year_of_id(reference_id) or (cable_date.year if cable_date else None)


@cython.cfunc
def _citing(reference_id: str | None, location: str | None, serial: str | None) -> tuple[str | None, int | None]:
    """(origin, number) of the cable itself, for references without them (§5.4)."""
    origin = number = None
    if reference_id:
        parts = id_origin_and_number(reference_id)
        if parts is not None:
            origin, number = parts
    if origin is None and location:
        origin = normalise_origin(location) or location.replace(" ", "")
        number = int(serial) if serial and serial.isdigit() else None
    return origin, number


def id_origin_and_number_regex(reference_id: str) -> tuple[str, int] | None:
    """(origin, number) of a cable's id (``09STATE112900`` → STATE, 112900), as ``CABLEGATE_ID`` reads it,
    or ``NARA_MRN``: NARA's numbers start with four digits, Cablegate's ids with two and a letter, so the
    third character says which; None for an id neither reads."""
    m = (NARA_MRN if reference_id[2:3].isdecimal() else CABLEGATE_ID).match(reference_id)
    return (m.group(2), int(m.group(3))) if m else None


@cython.ccall
def id_origin_and_number(reference_id: str) -> tuple:
    """:func:`id_origin_and_number_regex`, by a typed scan of ASCII ids when compiled: the year's digits,
    a capital and capitals or dashes (2–40 in all, 2–20 after a NARA year), 1–7 digits at the end."""
    if not cython.compiled or not reference_id.isascii():
        return id_origin_and_number_regex(reference_id)
    n: cython.Py_ssize_t = len(reference_id)
    nara: cython.bint = n > 2 and "0" <= reference_id[2] <= "9"
    if n and reference_id[n - 1] == "\n":
        n -= 1  # ($ matches before a newline at the end)
    year: cython.Py_ssize_t = 4 if nara else 2
    if digits_end(reference_id, 0, n) < year or (nara and not _century_at_start(reference_id)):
        return None
    k: cython.Py_ssize_t = year + 1
    if not (year < n and "A" <= reference_id[year] <= "Z"):
        return None
    while k < n and ("A" <= reference_id[k] <= "Z" or reference_id[k] == "-"):
        k += 1
    end: cython.Py_ssize_t = digits_end(reference_id, k, n)
    if not (2 <= k - year <= (20 if nara else 40)) or end != n or not 1 <= end - k <= 7:
        return None
    return substring(reference_id, year, k), int(substring(reference_id, k, end))


@cython.cfunc
def _century_at_start(text: str) -> cython.bint:
    return text[0] == "1" and text[1] == "9" or text[0] == "2" and text[1] == "0"


@cython.cfunc
def _subject(parts: list[str], warnings: list[ReaderWarning]) -> tuple[str | None, str | None]:
    text = strip_page_markers(_join(parts)).strip()
    marking = None
    mark = portion_mark_at(text)
    if mark is not None:
        marking = " ".join(mark[0].split()).upper()
        text = text[mark[1]:].strip()
    if not text:
        warnings.append(_warning("subject-empty", "the SUBJECT line is empty", "body.subject"))
        return None, marking
    return text, marking


@cython.cfunc
def _find_classification_line(lines: _Lines) -> tuple[int, ClassificationLine] | None:
    """Index and reading of the classification line: the first with a location and serial (one that
    has its own opening block when keywords came before it, as in metadata dumps), else the first bare one."""
    weak = None
    keyword_before = False
    i: cython.Py_ssize_t
    for i in range(MAX_SCAN_LINES):
        if not lines.has(i):
            break
        text = lines.line(i)
        if len(text) > 300 or only_spaces(text, 0, len(text)):
            continue
        if numbered_paragraph(text):
            break
        cl = read_classification_line(_MARKUP.sub(" ", text) if "<" in text else text)
        if cl.classification:
            if not cl.location:
                weak = (i, cl) if weak is None else weak
            elif not keyword_before or _block_keyword_within(lines, i + 1, i + 1 + _OWN_BLOCK_LINES):
                return i, cl
            else:
                break
        elif not keyword_before and keyword_at_start(text):
            keyword_before = True
    return weak


@cython.cfunc
def _block_keyword_within(lines: _Lines, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """An E.O., TAGS or SUBJECT line among lines ``start`` to ``end``."""
    k: cython.Py_ssize_t
    for k in range(start, end):
        if not lines.has(k):
            break
        keyword = keyword_at_start(lines.line(k))
        if keyword and keyword[0] in (EO, TAGS, SUBJECT):
            return True
    return False


@cython.cfunc
def _normal(line: str) -> str:
    """A line compared with another: blanks squeezed, upper case."""
    return single_blanks(line).upper()


@cython.cfunc
def _is_line(line: str, normal: str) -> bool:
    """``_normal(line) == normal``, first tested on the first letters (lines after the block are long)."""
    if cython.compiled and line.isascii() and normal:
        n: cython.Py_ssize_t = len(line)
        p: cython.Py_ssize_t = blanks(line, n, 0)
        if p == n or not same_letter(line[p], normal[0]):
            return False
    elif line.lstrip()[:1].upper()[:1] != normal[:1]:
        return False
    return _normal(line) == normal


@cython.cfunc
def _same_line(line: str, other: str) -> bool:
    """``_normal(line) == _normal(other)``, where ASCII lines are first tested on their first letters
    (compiled) before ``other`` is normalised."""
    n: cython.Py_ssize_t = len(line)
    m: cython.Py_ssize_t = len(other)
    if cython.compiled and line.isascii() and other.isascii():
        p: cython.Py_ssize_t = blanks(line, n, 0)
        q: cython.Py_ssize_t = blanks(other, m, 0)
        if p < n and q < m and not (line[p] == other[q] or (
                ("A" <= line[p] <= "Z" or "a" <= line[p] <= "z") and (ord(line[p]) ^ 32) == ord(other[q]))):
            return False
    return _is_line(line, _normal(other))


@cython.cfunc
def _normalised(lines: list[str]) -> list[str]:
    return [_normal(line) for line in lines if line.strip()]


def parse_opening(body: str, *, cable_date: date | None = None, reference_id: str | None = None) -> Opening:
    """Read the opening block at the top of ``body`` (the text after the routing header)."""
    body = body if isinstance(body, str) else ""
    window = SCAN_CHARS
    while True:
        lines = _Lines(body, window)
        opening = new_opening()
        block = _Block()
        found = _find_classification_line(lines)
        first = _read_classification_line(opening, body, lines, found, block)
        end = _Scan(lines, block).run(first)
        if found is not None:
            end, block = _drop_repetition(opening, lines, found[0], end, block)
        if lines.has(end[0] + 1) or window >= len(body):
            break
        window *= 4  # the block may go on past the lines read: read more of the body
    opening.rest = substring(body, _offset(lines, end, body), len(body))
    _read_elements(opening, block, cable_date, reference_id)
    return opening


@cython.cfunc
def _offset(lines: _Lines, at: tuple[int, int], body: str) -> int:
    """Offset in the body of (line index, column); past the last line read: where that line ended."""
    index, column = at
    if lines.has(index):
        return lines.start(index) + column
    last: cython.Py_ssize_t = lines.count() - 1
    if last < 0:
        return len(body)
    return min(len(body), lines.start(last) + len(lines.line(last)) + 1)


@cython.cfunc
def _read_classification_line(opening: Opening, body: str, lines: _Lines,
                              found: tuple[int, ClassificationLine] | None, block: _Block) -> int:
    """Fill the classification fields; return the index of the first line after the classification line."""
    if found is None:
        opening.warnings.append(_warning(
            "classification-line-missing", "no classification line at the top of the text", "body.classification_line"
        ))
        return 0
    index, cl = found
    line = lines.line(index)
    if index:
        opening.preamble = body[:lines.start(index)]
        if opening.preamble.strip():
            opening.warnings.append(_warning(
                "text-before-classification-line",
                f"{len(opening.preamble.strip().splitlines())} line(s) before the classification line kept as preamble",
                "body.classification_line",
            ))
    classification, caveats, section, location, serial, warnings, captions, sensitive = cl
    opening.classification = classification
    opening.classification_line = single_blanks(line)
    opening.caveats, opening.captions, opening.sensitive = list(caveats), list(captions), sensitive
    opening.section, opening.location, opening.serial = section, location, serial
    opening.warnings += warnings
    block.lines.append(line.strip())
    block.identity = (location, serial)
    return index + 1


@cython.cfunc
def _drop_repetition(opening: Opening, lines: _Lines, index: int, end: tuple[int, int],
                     block: _Block) -> tuple[tuple[int, int], _Block]:
    """The block printed again right after itself (mirrors, §1.1), perhaps after the page's date
    line again and with a line more: drop the copy, keep the fuller of the two."""
    if end[1]:
        return end, block
    preamble = _normalised([lines.line(k) for k in range(index)]) if index else []
    j = end[0]
    while lines.has(j) and (not lines.line(j) or lines.line(j).isspace() or (
            preamble and any(_is_line(lines.line(j), line) for line in preamble))):
        j += 1
    if not lines.has(j) or not _same_line(lines.line(j), lines.line(index)):
        return end, block
    again = _Block(lines=[lines.line(j).strip()], identity=block.identity)
    end_again = _Scan(lines, again).run(j + 1)
    first, second = _normalised(block.lines), _normalised(again.lines)
    if first == second or second[:len(first)] == first or first[:len(second)] == second:
        opening.repeated_block = True
        opening.warnings.append(_warning(
            "opening-block-repeated", "the opening block is printed twice; the second copy was dropped"
        ))
        return end_again, (again if len(second) > len(first) else block)
    opening.warnings.append(_warning(
        "opening-block-repeated-differs",
        "the classification line is repeated after the opening block, but the block differs; kept in the text",
    ))
    return end, block


@cython.cfunc
def _read_elements(opening: Opening, block: _Block, cable_date: date | None, reference_id: str | None) -> None:
    """Each element of the block read by its own module."""
    for token in block.captions:
        if token not in opening.captions:
            opening.captions.append(token)
    for token in block.caveats:
        if token not in opening.caveats:
            opening.caveats.append(token)
    opening.sensitive = opening.sensitive or block.sensitive
    for level in block.levels:
        if opening.classification is None:
            opening.classification = level
        elif level != opening.classification:
            opening.warnings.append(_warning(
                "classification-restated-differs",
                f"the block restates the classification as {level}, the classification line says "
                f"{opening.classification}", "body.classification_line"))
    opening.passing = block.passing
    warnings: list = opening.warnings
    warnings += block.warnings
    fields = block.fields
    year = _citing_year(reference_id, cable_date) if TAGS in fields or REF in fields else None
    if EO in fields:
        opening.eo, w = parse_eo(" ".join(fields[EO]), cable_date=cable_date)
        warnings += w
    if TAGS in fields:
        opening.tags, w = parse_tags("\n".join(fields[TAGS]), year=year)
        warnings += w
        if len(fields[TAGS]) > 1:
            # WikiLeaks' tag links cover the first line only: say which tags came from the others.
            on_first = {t.code for t in parse_tags(fields[TAGS][0], year=year)[0]}
            wrapped = [t.code for t in opening.tags if t.code not in on_first]
            warnings.append(_warning(
                "tags-wrapped", f"TAGS continue on the next line: {', '.join(wrapped)}", "body.tags"
            ))
    if SUBJECT in fields:
        opening.subject, opening.subject_portion_marking = _subject(fields[SUBJECT], warnings)
    if REF in fields:
        origin, number = _citing(reference_id, opening.location, opening.serial)
        opening.references, w = parse_references(
            "\n".join(fields[REF]), citing_year=year, citing_origin=origin, citing_number=number
        )
        warnings += w
    if CLASSIFIED_BY in fields:
        opening.classified_by, w = parse_classified_by(" ".join(fields[CLASSIFIED_BY]))
        warnings += w
    for kind, code in ((EO, "eo-missing"), (TAGS, "tags-missing"), (SUBJECT, "subject-missing")):
        if kind not in fields:
            warnings.append(_warning(code, f"no {kind.upper()} line in the opening block", f"body.{kind}"))
