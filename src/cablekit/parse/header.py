"""The ACP-127 routing header (§2): where it ends, and what its format lines say.

Every line is classified by its first token (§8.1 step 2) with a little context: the lines after
FL2 that hold only routing indicators belong to FL2, the lines after ``TO``/``INFO``/``XMT`` are
more addressees of that kind, and the 1970s distribution block (§1.5) runs from the ``PAGE 01``
line to the DTG. Token meanings (precedences, stations, signals) come from ``cablekit.data``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import cython

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import find_char
    from cython.cimports.cablekit.parse.header_lines import is_collective, spaced_words, usual_addressee
else:
    from cablekit.formats.scan import find_char
    from cablekit.parse.header_lines import is_collective, spaced_words, usual_addressee

from cablekit.data import glossary
from cablekit.model import Addressee, DeLine, Header, ReaderWarning, SecurityWarning
from cablekit.parse.dates import DTG, dtg_of_text, filing_time
from cablekit.parse.header_lines import (
    DE_PARTS, FORMAT_LINES, MAX_LINE, NO_STATION, PREAMBLE_PARTS, known_stations, precedence_ranks, precedence_variants,
    prosign_precedences, usual_format_lines,
)

# Line kinds (the format line where there is one, §2).
BLANK, RI_LINE = "blank", "FL2+"
FL1, FL2, FL3, FL4, FL5, FL6 = FORMAT_LINES
TO, INFO, XMT, ADDRESSEE, PAGE, BREAK = "to", "info", "xmt", "addressee", "page", "break"
DISTRIBUTION, CLEARANCE = "distribution", "clearance"
CLASSIFICATION, BODY, NOTE, UNKNOWN = "classification", "body", "note", "unknown"

_ROLES = {"TO": TO, "INFO": INFO, "XMT": XMT}
_KEYWORDS = {role: keyword for keyword, role in _ROLES.items()}
_KEYWORD_ROLES = {len(keyword): role for keyword, role in _ROLES.items()}  # (TO, XMT, INFO: one length each)
_WHERE = {TO: "header.FL7", INFO: "header.FL8", XMT: "header.FL9"}
_OTHER = "other"  # context after a single format line: no continuation lines expected
_CONTEXT_AFTER = {
    FL2: FL2, RI_LINE: FL2, TO: TO, INFO: INFO, XMT: XMT, DISTRIBUTION: DISTRIBUTION, CLEARANCE: CLEARANCE,
    FL3: _OTHER, FL4: _OTHER, FL5: _OTHER, FL6: _OTHER, BREAK: _OTHER,
}  # kinds not listed keep the context
# Kinds that may sit in a header; any other line starts the body (split_header).
_HEADER_KINDS = frozenset(
    {BLANK, FL1, FL2, RI_LINE, FL3, FL4, FL5, FL6, TO, INFO, XMT, ADDRESSEE, PAGE, BREAK, DISTRIBUTION, CLEARANCE, NOTE}
)
_HEADER_STARTS = frozenset({FL1, FL2, FL3, FL4, FL5, FL6, PAGE, DISTRIBUTION, NOTE})
_MAX_LINE = cython.declare(cython.Py_ssize_t, MAX_LINE)
_PREAMBLE_LINES = 60  # how far below the top a VZCZC line still opens the header

_FL5 = re.compile(r"(?:(?P<action>[A-Z])\s+(?:(?P<info>[A-Z])\s+)?)?(?P<dtg>" + DTG.pattern + r")(?P<signals>.*)$")
_FL2 = re.compile(r"(?:[A-Z]{2}\s+)*[A-Z]{2}(?:\s+[A-Z]{4,7})*$")
_RI_LIST = re.compile(r"[A-Z]{4,7}(?:\s+[A-Z]{4,7})*$")
# DE RI [#]SERIAL[/SECTION] FILING — filing as Julian DDDHHMM or ACP DD/HHMMZ (§2.3).
_DE = re.compile(
    r"DE\s+(?P<ri>[A-Z][A-Z0-9]{2,7})"
    r"(?:\s+#?\s*(?P<serial>\d{1,5}[A-Z]?)\b(?:\s*/\s*(?P<section>\d{1,3})\b)?)?"
    r"(?:\s+(?P<filing>\d{7}|\d{2}/\d{4}Z?)\b)?"
    r"\s*(?P<rest>.*)$"
)
# "INFO PAGE 02  STATE 050524 131535Z": a page marker glued to the keyword (§2.7, 08STATE50524).
_PAGE = re.compile(r"(?:(TO|INFO|XMT)\s+)?PAGE\s+\d{1,3}\s+[A-Z][A-Z .]*\s\d{3,}")
# Distribution block (§1.5; also 1990s and some 2009 headers): ACTION/ORIGIN office, INFO
# office-count pairs wrapped over indented lines, the "/096 W" total, the dash counter line,
# a bare copy count ("11") under the PAGE 01 line; in Department telegrams DRAFTED BY / APPROVED BY
# lines and their clearances up to the counter line.
_OFFICES = r"[A-Z][A-Z0-9]*-\d{2}(?:\s+[A-Z][A-Z0-9]*-\d{2})*(?:\s*/\d+\s*[A-Z]?)?$"
_OFFICE_LINE = re.compile(r"(?:ACTION|ORIGIN|INFO)\s+" + _OFFICES)
_OFFICE_COUNTS = re.compile(_OFFICES + r"|/\d+\s*[A-Z]?$")
_COUNTER = re.compile(r"-{5,}\s*[0-9A-F]{6}(?:\s+\d{6}Z)?(?:\s*/\d+)?$")
_CLEARANCE = re.compile(r"(?:DRAFTED|APPROVED|CLEARANCES?|CLEARED|DESIRED DISTRIBUTION)\b")
_NUMBER = re.compile(r"\d{1,4}$")
# Classification words (§3.1), also letter-spaced and with a doubled or stray first letter
# as in "SS E C R E T", "UUNCLAS" [obs].
_CLASSIFICATION = re.compile(
    r"[A-Z]?(?:T\s?O\s?P\s+S\s?E\s?C\s?R\s?E\s?T|S\s?E\s?C\s?R\s?E\s?T|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L"
    r"|U\s?N\s?C\s?L\s?A\s?S(?:\s?S\s?I\s?F\s?I\s?E\s?D)?|LIMITED\s+OFFICIAL\s+USE)\b",
    re.IGNORECASE,
)
# Never an addressee: letter-spaced words with a lost letter ("E C R E T"), a SECTION phrase, a
# dash between words ("NOTE - DO NOT PUBLISH …" above the body of 08STATE93970).
_NOT_ADDRESSEE = re.compile(r"(?:^|\s)(?:[A-Z] ){3,}[A-Z](?:\s|$)|\bSECTION\s+\d+\s+OF\s+\d+|\s-\s", re.IGNORECASE)
# An addressee's routing indicator: R/Q + 3–6 letters (§2.9), or ZEN (delivered otherwise, §2.7).
_RI_PREFIX = re.compile(r"(?P<ri>[RQ][A-Z]{3,6}|ZEN)\s*/(?!/)\s*")
_PARTIAL = re.compile(r"This record is a partial extract", re.IGNORECASE)


# --- reference tables, derived once from cablekit.data ---------------------------------------


@cache
def _precedence_first_words() -> frozenset[str]:
    """First words of the precedences of two words (NIACT IMMEDIATE)."""
    return frozenset(word.split()[0] for word in precedence_ranks() if " " in word)


@cache
def _body_only_lines() -> frozenset[str]:
    """Captions and caveats alone on a line open the body; they never continue an address list."""
    table = glossary()
    return frozenset(table.get("caption", {})) | frozenset(table.get("caveat", {}))


@cache
def _classification_of_letter() -> dict[str, str]:
    """FL4 class letter → classification: the letters repeat the classification's initial (§2.4)."""
    table: dict[str, str] = {}
    for word in glossary().get("classification", {}):
        table.setdefault(word[0], word)
    return table


@cython.cclass
class _Tables:
    """The tables above, bound once: a typed attribute is read far more cheaply than a cached call."""

    stations: dict
    body_only_lines: frozenset
    prosigns: dict
    signals: dict
    classification_of_letter: dict
    precedence_ranks: dict
    precedence_first_words: frozenset
    precedence_variants: dict

    def __init__(self):
        self.stations = known_stations()
        self.precedence_ranks = precedence_ranks()
        self.precedence_first_words = _precedence_first_words()
        self.precedence_variants = precedence_variants()
        self.body_only_lines = _body_only_lines()
        self.prosigns = prosign_precedences()
        self.signals = glossary().get("signal", {})
        self.classification_of_letter = _classification_of_letter()


_bound_tables = cython.declare(_Tables, None)


@cython.cfunc
def _tables() -> _Tables:
    global _bound_tables
    if _bound_tables is None:
        _bound_tables = _Tables()
    return _bound_tables


# --- line classification ---------------------------------------------------------------------


@cython.cfunc
def _classify(s: str, context: str | None) -> tuple:
    """Kind of one stripped line, and what read it where it is one of an addressee's routing
    indicator (the match of _RI_PREFIX), a DE line or a preamble (their parts, see _de_line and
    _read_fl5; read again by their readers otherwise). ``context``
    is what the lines before opened: FL2, an address role (``to``/``info``/``xmt``), the distribution
    block, another format line, or None at the top."""
    if not s:
        return BLANK, None
    if context in _WHERE and len(s) <= _MAX_LINE and (ri := _ri_prefix(s)):
        return ADDRESSEE, ri  # the common case first
    if len(s) > _MAX_LINE:
        return UNKNOWN, None
    head = s.split(None, 1)[0]
    if head.startswith("VZCZ"):
        return FL1, None
    if head in _ROLES or head.startswith("XMT/"):
        if "PAGE" in s and _PAGE.match(s):
            return PAGE, None
        if head == "INFO" and "-" in s and _OFFICE_LINE.match(s):
            return DISTRIBUTION, None
        return (_ROLES[head[:3]] if head.startswith("XMT") else _ROLES[head]), None
    if head == "PAGE" and _PAGE.match(s):
        return PAGE, None
    if head == "DE" and (de := _de_line(s)):
        return FL3, de
    if head in ("ZNR", "ZNY"):
        return FL4, None
    if head == "FM":
        return FL6, None
    if head in ("BT", "NNNN", "NNN"):
        return BREAK, None
    if (len(head) == 1 or head[0].isdigit()) and (preamble := _FL5.match(s)):
        return FL5, preamble.group(*PREAMBLE_PARTS)
    return _classify_other(s, head, context), None


@cython.cfunc
def _classify_other(s: str, head: str, context: str | None) -> str:
    """Kind of a line that is no format line (by its first token)."""
    if len(head) == 2 and _tables().prosigns.get(head) and _FL2.match(s):
        return FL2
    if "-" in s and (_OFFICE_LINE.match(s) or (s.startswith("-----") and _COUNTER.match(s))):
        return DISTRIBUTION
    if head[0] == "/" and _OFFICE_COUNTS.match(s):
        return DISTRIBUTION
    if context == DISTRIBUTION and (_OFFICE_COUNTS.match(s) or _NUMBER.match(s)):
        return DISTRIBUTION
    if context in (DISTRIBUTION, CLEARANCE) and _CLEARANCE.match(s):
        return CLEARANCE
    if _may_be_classification(s) and _CLASSIFICATION.match(s):
        return CLASSIFICATION
    if context == CLEARANCE:
        return CLEARANCE
    if (_may_be_no_addressee(s) and _NOT_ADDRESSEE.search(s)) or s in _tables().body_only_lines:
        return BODY
    if context == FL2 and _RI_LIST.match(s):
        return RI_LINE
    if context in _WHERE and _addressee_like(s):
        return ADDRESSEE
    if _PARTIAL.match(s):
        return NOTE
    return UNKNOWN


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _addressee_like(s: str) -> cython.bint:
    """Whether ``s`` is a capital letter, then capitals, digits, spaces and ``.,&()'/-`` only (an addressee
    without a routing indicator)."""
    n: cython.Py_ssize_t = len(s)
    i: cython.Py_ssize_t
    c: cython.Py_UCS4
    if n == 0 or not "A" <= s[0] <= "Z":
        return False
    for i in range(1, n):
        c = s[i]
        if not ("A" <= c <= "Z" or "0" <= c <= "9" or c == " " or c == "." or c == "," or c == "&" or c == "("
                or c == ")" or c == "'" or c == "/" or c == "-"):
            return False
    return True


@cython.cfunc
def _ri_prefix(s: str):
    """The match of _RI_PREFIX at the start of ``s``, tried only where a routing indicator can start."""
    return _RI_PREFIX.match(s) if s and s[0] in "RQZ" else None


@cython.ccall
def _may_be_classification(s: str) -> cython.bint:
    """False where _CLASSIFICATION cannot match ``s``: neither at its first nor at its second character
    do the first two letters of a classification word start (in any case; ``ſ`` folds to s; a blank may
    stand between them, and any other non-ASCII second letter is let through)."""
    return _may_start_classification(s, 0) or (len(s) > 1 and _may_start_classification(s, 1))


@cython.cfunc
def _may_start_classification(s: str, i: cython.Py_ssize_t) -> cython.bint:
    """Whether ``s[i:]`` starts as TOP SECRET, SECRET, CONFIDENTIAL, UNCLASSIFIED or LIMITED do: TO, SE, CO,
    UN, LI in any case (see _may_be_classification)."""
    n: cython.Py_ssize_t = len(s)
    first: cython.Py_UCS4 = s[i]
    second: cython.Py_UCS4
    if first == "T" or first == "t" or first == "C" or first == "c":
        second = "O"
    elif first == "S" or first == "s" or first == "\u017f":
        second = "E"
    elif first == "U" or first == "u":
        second = "N"
    elif first == "L" or first == "l":
        second = "I"
    else:
        return False
    i += 1
    if i < n and s[i].isspace():
        i += 1
    if i >= n:
        return False
    return s[i] > "~" or s[i] == second or ord(s[i]) == ord(second) + 32


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _keyword_end(s: str) -> cython.Py_ssize_t:
    """The length of the keyword TO, INFO or XMT that ``s`` starts with, a space after it; 0 without one
    (and for an overlong line, see _classify)."""
    n: cython.Py_ssize_t = len(s)
    if n > _MAX_LINE or n < 4:
        return 0
    if not cython.compiled:
        return 2 if s.startswith("TO ") else 3 if s.startswith("XMT ") else 4 if s.startswith("INFO ") else 0
    if s[0] == "T" and s[1] == "O" and s[2] == " ":
        return 2
    if s[0] == "X" and s[1] == "M" and s[2] == "T" and s[3] == " ":
        return 3
    if n > 4 and s[0] == "I" and s[1] == "N" and s[2] == "F" and s[3] == "O" and s[4] == " ":
        return 4
    return 0


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def _may_be_no_addressee(s: str) -> cython.bint:
    """False where _NOT_ADDRESSEE cannot match ``s``, an ASCII line without a dash, without "OF" (in
    any case) and without two spaces one character apart (its letter-spaced words). (The interpreter
    tries the regex on every line.)"""
    if not cython.compiled:
        return True
    n: cython.Py_ssize_t = len(s)
    i: cython.Py_ssize_t
    c: cython.Py_UCS4
    for i in range(n):
        c = s[i]
        if c > "~" or c == "-" or (c == " " and i + 2 < n and s[i + 2] == " "):
            return True
        if (c == "O" or c == "o") and i + 1 < n and (s[i + 1] == "F" or s[i + 1] == "f"):
            return True
    return False


@cython.cfunc
def _after_keyword(s: str, i: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Where the addressee after the keyword ``s[:i]`` (TO, INFO, XMT) starts: past blanks, a slash and blanks."""
    n: cython.Py_ssize_t = len(s)
    while i < n and s[i].isspace():
        i += 1
    if i < n and s[i] == "/":
        i += 1
        while i < n and s[i].isspace():
            i += 1
    return i


def _de_line(s: str) -> tuple | None:
    """(RI, serial, section, filing, rest) of ``DE RUEHRB #0904/01 3141416``; None for ``DE GAULLE SAID …``."""
    m = _DE.match(s)
    return m.group(*DE_PARTS) if m is not None and (m["serial"] or m["filing"] or not m["rest"]) else None




def _scan(lines: list[str], start: int) -> Iterator[tuple[int, str, str, str | None, re.Match[str] | None]]:
    """(index, stripped line, kind, context it was read in, match, see _classify) for each line from ``start``."""
    context: str | None = None
    for i in range(start, len(lines)):
        s = lines[i].strip()
        kind, match = _classify(s, context)
        yield i, s, kind, context, match
        context = _context_after(kind, s, context)


@cython.cfunc
def _context_after(kind: str, s: str, context: str | None):
    """The context the line ``s`` of ``kind``, read in ``context``, opens for the next line."""
    if kind == PAGE:
        role = _PAGE.match(s).group(1)
        return _ROLES[role] if role else DISTRIBUTION if context in (None, DISTRIBUTION) else context
    return _CONTEXT_AFTER.get(kind, context)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _stripped(s: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> str:
    """``s[start:end].strip()``, in one slice."""
    if not cython.compiled:
        return s[start:end].strip()
    while start < end and s[start].isspace():
        start += 1
    while end > start and s[end - 1].isspace():
        end -= 1
    return s[start:end]


# --- split ------------------------------------------------------------------------------------


def split_header(text: str) -> tuple[str, str]:
    """Split a telegram into (routing header, body) for containers that do not separate them.

    The header is the run of header lines at the top: FL1–FL9 with their continuation lines,
    ``BT``, ``PAGE nn …`` lines, and for 1970s texts the leading classification word, the page
    line and the distribution block (§1.5, §2, §8.1). The body starts at the first other line,
    normally the classification line. A page preamble a little above a ``VZCZC`` line stays with
    the header (as in WikiLeaks' header boxes). Text without a header → ``("", text)``.
    """
    text = text or ""
    # Split only the top of the text first: headers are short, bodies long.
    lines = text.split("\n", _FIRST_LINES)
    return _split_lines(lines, truncated=len(lines) > _FIRST_LINES) or _split_lines(text.split("\n"), truncated=False)


_FIRST_LINES = 120


def _split_lines(lines: list[str], truncated: bool) -> tuple[str, str] | None:
    """split_header on the text's lines; None when ``lines`` ends in an unsplit remainder that
    the header may reach into."""
    top = _header_top(lines)
    if top is None:
        return "", "\n".join(lines)
    start, first_format_line = top
    end = start + 1  # after the last non-blank header line
    body = len(lines)  # the first body line
    for i, _, kind, _, _ in _scan(lines, first_format_line):
        if truncated and i == len(lines) - 1:
            return None
        if kind not in _HEADER_KINDS:
            body = i
            break
        if kind != BLANK:
            end = i + 1
    return "\n".join(lines[start:end]), "\n".join(lines[body:])


def _header_top(lines: list[str]) -> tuple[int, int] | None:
    """(first line of the header, first line to read as format lines), or None without a header.

    The header opens with a format line; or with a classification line right above one (1970s
    texts, §1.5); or with a preamble a little above an FL1 line."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None
    kind = _classify(lines[first].strip(), None)[0]
    if kind in _HEADER_STARTS:
        return first, first
    if kind == CLASSIFICATION:
        second = next((i for i in range(first + 1, len(lines)) if lines[i].strip()), None)
        if second is not None and _classify(lines[second].strip(), None)[0] in _HEADER_STARTS:
            return first, second
        return None
    for i in range(first + 1, min(len(lines), first + _PREAMBLE_LINES)):
        if lines[i].lstrip().startswith("VZCZ"):
            return first, i
    return None


@cython.cclass
class _Fields:
    """The Header's fields, as the lines read so far have set them (see parse_header)."""

    transmission_id: object
    precedence: object
    called: list
    de: object  # the DE line's parts (see _de_line) until _read_fl3 reads them into a DeLine
    security_warning: object
    action_precedence: object
    info_precedence: object
    dtg: object
    dtg_raw: object
    dtg_signals: list
    originator: object
    originator_routing_indicator: object
    to: list
    info: list
    xmt: list
    distribution: list

    def __init__(self):
        self.transmission_id = self.precedence = self.de = self.security_warning = None
        self.action_precedence = self.info_precedence = self.dtg = self.dtg_raw = None
        self.originator = self.originator_routing_indicator = None
        self.called, self.dtg_signals, self.to, self.info, self.xmt, self.distribution = [], [], [], [], [], []

    @cython.ccall
    def addressees(self, role: str) -> list:
        """The addressees of ``role`` (TO, INFO or XMT) read so far."""
        return self.to if role == TO else self.info if role == INFO else self.xmt

    @cython.ccall
    def header(self) -> Header:
        return Header(  # (positional, in the order of Header's fields: msgspec matches keywords by name)
            self.transmission_id, self.precedence, self.called, self.de, self.security_warning,
            self.action_precedence, self.info_precedence, self.dtg, self.dtg_raw, self.dtg_signals,
            self.originator, self.originator_routing_indicator, self.to, self.info, self.xmt, self.distribution,
        )


# --- parse ------------------------------------------------------------------------------------


def parse_header(text: str, *, year_hint: int | None = None) -> tuple[Header, list[ReaderWarning]]:
    """Read the routing header (FL1–FL9, §2) into a :class:`Header`, with a warning per repair."""
    warnings: list[ReaderWarning] = []
    fields = _Fields()
    first: dict[str, str] = {}  # format line → its first occurrence
    unknown: list[tuple[int, str]] = []  # the current run of unreadable lines
    top = True  # no line read yet
    context: str | None = None  # see _classify
    text = text or ""
    start, usual = usual_format_lines(text)
    if usual:
        for kind, s, parts in usual:
            first[kind] = s
            _read_format_line(kind, s, parts, fields, year_hint, warnings)
        top = False
        context = _CONTEXT_AFTER.get(usual[-1][0])
    n: cython.Py_ssize_t = len(text)
    at: cython.Py_ssize_t
    end: cython.Py_ssize_t
    next_at: cython.Py_ssize_t = start  # (of the next line)
    i: cython.Py_ssize_t = text.count("\n", 0, start) - 1  # the line's index
    while next_at <= n:
        at = next_at
        end = find_char(text, "\n", at, len(text))
        if end < 0:
            end = n
        next_at = end + 1
        i += 1
        s = _stripped(text, at, end)
        if context in _WHERE and (addressee := usual_addressee(context, s)):
            role = context
        elif (keyword := _keyword_end(s)) and (addressee := usual_addressee(
                _KEYWORD_ROLES[keyword], s[_after_keyword(s, keyword):])):  # TO/INFO/XMT and the usual addressee
            role = context = _KEYWORD_ROLES[keyword]
        else:
            addressee = None
        if addressee is not None:
            if unknown:
                warnings.append(_unknown_lines(unknown))
                unknown = []
            fields.addressees(role).append(addressee)
            top = False
            continue
        kind, match = _classify(s, context)
        if unknown and kind not in (UNKNOWN, BODY, BLANK):
            warnings.append(_unknown_lines(unknown))
            unknown = []
        if kind == ADDRESSEE:
            fields.addressees(context).append(_addressee(context, s, match, warnings))
        elif kind in _WHERE:
            rest = s[_after_keyword(s, len(_KEYWORDS[kind])):]
            if rest:
                fields.addressees(kind).append(_read_addressee(kind, rest, warnings))
        elif kind == RI_LINE:
            fields.called += s.split()
        elif kind in (DISTRIBUTION, CLEARANCE):
            fields.distribution.append(" ".join(s.split()))
        elif kind in (FL1, FL2, FL3, FL4, FL5, FL6):
            if kind not in first:
                first[kind] = s
                _read_format_line(kind, s, match, fields, year_hint, warnings)
            elif kind == FL2:
                fields.called += [t for t in s.split() if len(t) != 2]
            elif s != first[kind]:
                message = f"second {kind} line {s!r} ignored"
                warnings.append(_warn(f"{kind.lower()}-repeated", message, f"header.{kind}"))
        elif kind == CLASSIFICATION:
            if not top or _CLASSIFICATION.fullmatch(s) is None:  # a lone first-line word is the 1970s form
                message = f"classification line {s!r} inside the header"
                warnings.append(_warn("header-classification-line", message, "header"))
        elif kind == NOTE:
            warnings.append(_warn("header-partial-extract", s, "header"))
        elif kind in (UNKNOWN, BODY):
            unknown.append((i + 1, s))
        top = top and kind == BLANK
        context = _context_after(kind, s, context)
    if unknown:
        warnings.append(_unknown_lines(unknown))
    if FL3 in first:
        _read_fl3(first[FL3], fields.de, fields, year_hint, warnings)
    if FL6 in first:
        if not fields.to:
            warnings.append(_warn("fl7-missing", "no TO addressee", "header.FL7"))
        if FL5 not in first:
            warnings.append(_warn("fl5-missing", "no preamble (precedence and DTG)", "header.FL5"))
    return fields.header(), warnings


def _warn(code: str, message: str, where: str) -> ReaderWarning:
    return ReaderWarning(code, message, where)  # (positional: code, message, where)


def _unknown_lines(run: list[tuple[int, str]]) -> ReaderWarning:
    n, s = run[0]
    more = f" and {len(run) - 1} more" if len(run) > 1 else ""
    return _warn("header-line-unknown", f"line {n} {s[:80]!r}{more} not read as header lines", "header")


@cython.cfunc
def _read_format_line(kind: str, s: str, parts, fields: _Fields, year_hint, warnings: list):
    """Read the first format line of its ``kind``; ``parts``: the DE line's or the preamble's (see _classify)."""
    number: cython.Py_UCS4 = kind[2]  # (FL1 … FL6: a character compared, not a string)
    if number == "1":
        fields.transmission_id = s
    elif number == "2":
        _read_fl2(s, fields, warnings)
    elif number == "3":
        fields.de = parts  # read last, with the year of the DTG (§2.3): see _read_fl3
    elif number == "4":
        _read_fl4(s, fields, warnings)
    elif number == "5":
        _read_fl5(s, parts, fields, year_hint, warnings)
    else:
        _read_fl6(s, fields, warnings)


@cython.cfunc
def _read_fl2(s: str, fields: _Fields, warnings: list):
    """The routing indicators and the highest precedence of the prosigns of an FL2 line."""
    tokens = s.split()
    table: dict = _tables().prosigns
    if (len(tokens) == 1 or len(tokens[1]) != 2) and table.get(tokens[0]):  # one known prosign, as usual
        fields.called += tokens[1:]
        fields.precedence = table[tokens[0]]
        return
    prosigns = [t for t in tokens if len(t) == 2]
    known = [table[p] for p in prosigns if table.get(p)]
    if len(known) < len(prosigns):
        warnings.append(_warn("precedence-unknown", f"unknown precedence prosign in {s!r}", "header.FL2"))
    if len(set(known)) > 1:
        message = f"several precedences {prosigns} in FL2; kept the highest"
        warnings.append(_warn("fl2-precedences", message, "header.FL2"))
    fields.called += [t for t in tokens if len(t) != 2]
    if known:
        fields.precedence = _highest(known)


def _highest(precedences: list[str]) -> str:
    """The highest of ``precedences`` (the first of them where two rank alike)."""
    rank = precedence_ranks()
    return min(precedences, key=lambda w: rank.get(w, len(rank)))


@cython.cfunc
def _read_fl3(s: str, parts: tuple | None, fields: _Fields, year_hint, warnings: list):
    """``parts``: the DE line's (see _de_line)."""
    if parts is None:
        warnings.append(_warn("fl3-unreadable", f"DE line {s!r} not read", "header.FL3"))
        fields.de = DeLine(raw=s)
        return
    ri, serial, section, filing, rest = parts
    if rest:
        warnings.append(_warn("fl3-extra", f"unread end {rest!r} of DE line {s!r}", "header.FL3"))
    dtg = fields.dtg
    filed = filing_time(filing, dtg, year_hint) if filing else None
    if filing and filed is None and (dtg or year_hint):
        warnings.append(_warn("filing-time-invalid", f"filing time {filing!r} not read", "header.FL3"))
    fields.de = DeLine(  # (positional: raw, routing_indicator, station, serial, section, filing_day, filing_time)
        s, ri, _tables().stations.get(ri, NO_STATION)[0], serial, int(section) if section else None,
        int(filing[:3]) if filing and filing.isdecimal() else None, filed,
    )
    # FL6 carries no RI in Cablegate (§2.6): the DE station is the originator's (§0).
    if fields.originator_routing_indicator is None:
        fields.originator_routing_indicator = ri


@cython.cfunc
def _read_fl4(s: str, fields: _Fields, warnings: list):
    """Signal, class letters, classification and operating signals of an FL4 line."""
    tokens = s.split(None, 2)
    letters = tokens[1] if len(tokens) > 1 and _class_letters(tokens[1]) else None
    if letters is None:
        warnings.append(_warn("fl4-no-class-letters", f"security warning {s!r} has no class letters", "header.FL4"))
        rest = " ".join(tokens[1:])
    else:
        rest = tokens[2] if len(tokens) > 2 else ""
    fields.security_warning = SecurityWarning(  # (positional: raw, signal, class_letters, classification,
        # operating_signals)
        s, tokens[0], letters, _tables().classification_of_letter.get(letters[0]) if letters else None,
        _signals(rest, "header.FL4", warnings),
    )


@cython.cfunc
def _class_letters(token: str) -> cython.bint:
    """Whether ``token`` starts with one letter five times (SSSSS, §2.4)."""
    if len(token) < 5 or not token[0].isalpha():
        return False
    first: cython.Py_UCS4 = token[0]
    return token[1] == first and token[2] == first and token[3] == first and token[4] == first


@cython.cfunc
def _read_fl5(s: str, parts: tuple, fields: _Fields, year_hint, warnings: list):
    """``parts``: the preamble's action and info precedence letters, DTG and signals (see _classify)."""
    action, info, dtg_text, signals = parts
    if action is None:
        warnings.append(_warn("fl5-no-precedence", f"preamble {s!r} has no precedence", "header.FL5"))
    if action:
        fields.action_precedence = _fl5_precedence(action, warnings)
    if info:
        fields.info_precedence = _fl5_precedence(info, warnings)
    dtg_raw = dtg_text if spaced_words(dtg_text) else " ".join(dtg_text.split())  # (no blank at its ends, see DTG)
    dtg = dtg_of_text(dtg_text, year_hint)
    fields.dtg_raw = dtg_raw
    fields.dtg = dtg
    if dtg is None:
        warnings.append(_warn("dtg-invalid", f"date-time group {dtg_raw!r} is no valid date", "header.FL5"))
    fields.dtg_signals = _signals(signals, "header.FL5", warnings)


@cython.cfunc
def _fl5_precedence(letter: str, warnings: list):
    precedence = _tables().prosigns.get(letter)
    if precedence is None:
        warnings.append(_warn("precedence-unknown", f"unknown precedence prosign {letter!r}", "header.FL5"))
    return precedence


@cython.cfunc
def _read_fl6(s: str, fields: _Fields, warnings: list):
    rest = s[2:].strip()
    m = _ri_prefix(rest)
    if m:
        fields.originator_routing_indicator = m["ri"]
        rest = rest[m.end():]
    if not rest:
        warnings.append(_warn("fl6-empty", "FM line without originator", "header.FL6"))
    fields.originator = rest or None


@cython.ccall
def _signals(text: str, where: str, warnings: list) -> list:
    """Operating signals with their arguments (§2.4, §2.5); Z-signals not in the glossary are flagged."""
    if not text:
        return []
    tokens = _signal_tokens(text)
    known: dict = _tables().signals
    for token in tokens:
        if token not in known and _is_z_signal(token):
            warnings.append(_warn("signal-unknown", f"operating signal {token!r} not in the glossary", where))
    return tokens


@cython.cfunc
def _signal_tokens(text: str) -> list:
    """The blank-separated tokens of ``text``, a parenthesised remark such as "(CCY AD6CB6C9 MSI4648-695)"
    one token however many blanks it holds, up to its ")" or the end [obs 07PARIS159]."""
    tokens = []
    n: cython.Py_ssize_t = len(text)
    i: cython.Py_ssize_t = 0
    start: cython.Py_ssize_t
    while i < n:
        start = i
        if text[i].isspace():
            i += 1
            continue
        if text[i] == "(":
            i = text.find(")", i + 1) + 1 or n
        else:
            while i < n and not text[i].isspace() and text[i] != "(":
                i += 1
        tokens.append(text[start:i])
    return tokens


@cython.cfunc
def _is_z_signal(token: str) -> cython.bint:
    """``Z`` and two capital letters: the form of the operating signals (ZNY, ZEX, ZFF …)."""
    return len(token) == 3 and token[0] == "Z" and "A" <= token[1] <= "Z" and "A" <= token[2] <= "Z"


@cython.cfunc
def _read_addressee(role: str, raw: str, warnings: list) -> Addressee:
    """``[RI "/"] PLAD [SP PRECEDENCE] [SP MCN]`` (§2.7), e.g. ``RUEHC/SECSTATE WASHDC PRIORITY 0817``."""
    return usual_addressee(role, raw) or _addressee(role, raw, _ri_prefix(raw), warnings)


@cython.ccall
def _addressee(role: str, raw: str, m: re.Match[str] | None, warnings: list) -> Addressee:
    """Any addressee line; ``m`` the match of _RI_PREFIX on ``raw``."""
    ri = m["ri"] if m else None
    tokens = raw[m.end():].split() if m else raw.split()
    mcn = tokens.pop() if len(tokens) > 1 and 3 <= len(tokens[-1]) <= 4 and tokens[-1].isdigit() else None
    precedence = _take_precedence(tokens, raw, role, warnings)
    name = " ".join(tokens)
    if not name:  # (never with an MCN: one token at least is left after it and the precedence)
        warnings.append(_warn("addressee-no-name", f"addressee {raw!r} without a name", _WHERE[role]))
    if mcn and len(mcn) != 4:
        warnings.append(_warn("mcn-odd", f"message continuity number {mcn!r} is not 4 digits in {raw!r}", _WHERE[role]))
    station, collective = _tables().stations.get(ri, NO_STATION)
    # (positional, as header_lines.usual_addressee builds it)
    return Addressee(role, raw, name, ri, station, precedence, mcn, collective or is_collective(name))


@cython.cfunc
def _take_precedence(tokens: list, raw: str, role: str, warnings: list):
    """Pop the precedence word(s) off the end of an addressee's tokens; mend a misspelt one."""
    if len(tokens) < 2:
        return None
    tables: _Tables = _tables()
    rank: dict = tables.precedence_ranks
    if len(tokens) > 2 and tokens[-2] in tables.precedence_first_words:
        precedence = f"{tokens[-2]} {tokens[-1]}"
        if precedence in rank:
            del tokens[-2:]
            return precedence
    if tokens[-1] in rank:
        return tokens.pop()
    fixed = tables.precedence_variants.get(tokens[-1])
    if fixed:
        warnings.append(_warn("precedence-typo", f"{tokens[-1]!r} read as {fixed} in {raw!r}", _WHERE[role]))
        tokens.pop()
    return fixed


NO_STATION = (None, False)


