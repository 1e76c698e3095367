"""The ``Classified By`` line: who classified the cable, and why (§3.6).

``Classified By: DCM Robert P. Jackson for reasons 1.4 (b) and (c).`` → name Robert P. Jackson,
title DCM, reasons 1.4(b) and 1.4(c) with their meanings (glossary kind ``reason``). Title and name
come in either order (``Karin L. Look, Acting ASSISTANT SECRETARY, VCI``); reasons are spelt in
many ways (``1.4(B), (D)``, ``1.4 b and d``, ``1.4 (b/d)``, ``Reason 1.5 (d)``, ``1.5.D``,
``1.4(b) and 1.4(d)``) and wrap across lines, sometimes mid-word (``reas`` / ``ons``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import cython

from cablekit.data import glossary
from cablekit.model import ClassifiedBy, Reason, ReaderWarning

if cython.compiled:
    from cython.cimports.cablekit.parse.blanks import single_blanks
    from cython.cimports.cablekit.parse.line_kinds import any_case_at, blanks
    from cython.cimports.cpython.unicode import PyUnicode_DATA, PyUnicode_New
else:
    from cablekit.parse.blanks import single_blanks
    from cablekit.parse.line_kinds import any_case_at, blanks

_KEYWORD = re.compile(r"^\s*(?:\(U\)\s*)?CLASS?I?FI?E?D\s+BY\b\s*[:;.]?\s*", re.I)
# Derivative classification: "Derived from: DSCG 05-1 B, D", "Classified By: Derived from Multiple Sources".
_DERIVED = re.compile(r"^\s*DERIVED\s+FROM\b\s*[:;.]?\s*", re.I)
_SECTION = r"1\s*\.\s*[45](?![0-9])"
_SECTION_MISSPELT = r"1\s*[:/,]?\s*[45](?![0-9])"  # 1:4, 1/4, 14 — read only where reasons are expected
# Where the reasons start: "for reasons", "Reason:", "REASONS", "E.O. 12958, reasons", or a bare 1.4.
# "REASONS", also cut by a line wrap anywhere ("REAS ONS", "reaso ns") or typed "reason s".
_WORD = r"R\s?E\s?A\s?S\s?O\s?N(?:\s?S)?\b\s*[:.]?"
_REASONS_START = re.compile(rf"\b{_WORD}|(?={_SECTION})", re.I)
# Its two halves, searched apart in ASCII text (the upper-cased text for the word): each starts with a
# character the regex engine skips ahead to, where the whole is tried at every character.
_REASON_WORD = re.compile(rf"R(?<=\bR){_WORD[1:]}")
_SECTION_AT = re.compile(rf"1(?={_SECTION[1:]})")
# What joins the classifier to the reasons: "…, for E.O. 12958, reasons", "… for reasons", "… reasons".
_JOINER = re.compile(r"(?:\bfor\b|\bE\.?\s?O\.?\s*\d+|[\s,;.:])+$", re.I)
_JOINER_SPAN = 30  # the joiner is looked for in the last characters only (no quadratic search)
_JOINER_CHARS = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f,;.:0123456789fFoOrReE"  # all a joiner is made of (ASCII)
# The tokens of the reasons, and any other character (where reading stops).
_REASON_TOKEN = re.compile(
    rf"(?P<section>{_SECTION})(?:\s*\.)?|(?P<misspelt>{_SECTION_MISSPELT})|(?P<letter>(?<![A-Za-z])[a-hA-H])(?![A-Za-z])"
    r"|[\s,;/&().:-]+|\b(?:and|or)\b|(?P<other>.)",
    re.I | re.S,
)
# Words of titles (from the right, the name ends at the first of them): offices, ranks, bureaus.
TITLE_WORDS = frozenset(
    "AMBASSADOR AMB DCM CDA CHARGE D'AFFAIRES D’AFFAIRES D,AFFAIRES DAFFAIRES AFFAIRES A.I. AI POLITICAL POL "
    "POLOFF POLCOUNS POLCOUNSELOR ECON ECONOMIC ECONOFF ECONCOUNS COUNSELOR COUNSELLOR COUNS MINISTER MIN MC "
    "M/C CHIEF OFFICER OFFICE DIRECTOR DEPUTY ASSISTANT SECRETARY UNDER ACTING CONSUL GENERAL CG PRINCIPAL "
    "SECTION HEAD MISSION DAS PDAS SENIOR ADVISER ADVISOR SPECIAL REPRESENTATIVE ENVOY COORDINATOR PRT LEADER "
    "TEAM MANAGEMENT MGMT PUBLIC AFFAIRS MILITARY DEFENSE DEFENCE ATTACHE REGIONAL SECURITY RSO LEGAT ESTH "
    "SCIENCE ENVIRONMENT HEALTH TECHNOLOGY COMMERCIAL ECONOMICS POLITICO POL-MIL POLMIL POLECON ECOPOL "
    "ECON/POL POL/ECON EXECUTIVE ASSISTANT STAFF AIDE INTERIM INTERAGENCY PROVINCIAL CHAIRMAN PRESIDENT "
    "DELEGATION HEAD USDEL DELEGATE CONSULATE EMBASSY STATE DEPARTMENT DOS BUREAU DIVISION UNIT NSC "
    "EUR EAP NEA WHA AF SCA INR IO ISN PM EB EEB OES DRL PRM CA DS VCI SECSTATE USEU USNATO USUN USOSCE UNVIE "
    "A/S DAS A/DCM DEP ADMIN LABOR ATTACHE ACTG SPECIAL-ENVOY AMBASSADOR-AT-LARGE NARCOTICS LAW POLMC ECONMC "
    "POLMINCOUNS ECONMINCOUNS POLCHIEF ECONCHIEF POLECONCOUNS "
    "ENFORCEMENT REFUGEE CONSULAR HUMAN RIGHTS INTELLIGENCE ANALYSIS RESEARCH OPS".split()
)
_TITLE_STEMS = frozenset(word[:-1] for word in TITLE_WORDS if word.endswith("."))  # A.I → A.I.
_PARTS = re.compile(r"[,;]")
_AND_CUT = re.compile(r"\b(?:a\s+nd|an\s+d)\b", re.I)  # "(b) a" / "nd (d)": a line wrapped mid-word
_MAX_NAME_WORDS = 5
_NAME_SUFFIX = re.compile(r"^(?:JR|SR|II|III|IV)\.?$", re.I)  # "Clark T. Randt, Jr., Ambassador"
# What precedes the first REASONS word in most lines: the keyword once, the classifier (no digit, so no
# 1.4 before the word; not ending in a joiner), one joiner ("for", ", for", "," …).
_USUAL_HEAD = re.compile(
    r"(?i:classified by):? (?!(?i:cla|derived)|\()(?P<classifier>[^0-9]*[A-Za-z)'])(?<!(?i:for))(?:,? (?i:for)|[,.:;])? ")


def _warning(code: str, message: str) -> ReaderWarning:
    return ReaderWarning(code=code, message=message, where="body.classified_by")


@lru_cache(maxsize=8192)  # words of titles and names are a small vocabulary
def _is_title_word(word: str) -> bool:
    w = word.strip(".,;:()").upper()
    return _title_word(w) if w else False


@cython.cfunc
def _title_word(w: str) -> cython.bint:
    """Whether the upper-case word ``w`` (edge punctuation removed) is a word of titles."""
    if w in TITLE_WORDS or w in _TITLE_STEMS or "/" in w:  # ISN/MTR
        return True
    if "-" not in w:
        return False
    parts = [p for p in w.split("-") if p]  # POL-MIL, AMBASSADOR-DESIGNATE
    return len(parts) > 1 and any(p in TITLE_WORDS for p in parts)


def _name_in(part: str) -> tuple[str | None, str | None]:
    """(name, title) of one comma-separated part: the name is the run of words after the last title word."""
    words = part.split()
    cut = len(words)
    while cut > 0 and not _is_title_word(words[cut - 1]):
        cut -= 1
    name_words, title_words = words[cut:], words[:cut]
    if len(name_words) > _MAX_NAME_WORDS:
        return None, part.strip() or None
    return _tidy(" ".join(name_words)), _tidy(" ".join(title_words))


def _tidy(text: str) -> str | None:
    """Without edge punctuation, but keeping the dot of an abbreviation (``A.I.``, ``Amb.``)."""
    text = text.strip(" ,;:")
    last = text.rsplit(" ", 1)[-1]
    if text.endswith(".") and last.count(".") == 1 and len(last) > 3:
        text = text[:-1]
    return text.strip(" ,;:") or None


def split_classifier(text: str) -> tuple[str | None, str | None]:
    """(name, title) from the classifier text, title and name in either order (§3.6)."""
    if cython.compiled and _single_spaced(text):
        return split_single_spaced(text)
    return _split_words(text)


def _split_words(text: str) -> tuple[str | None, str | None]:
    """:func:`split_classifier` of any text, by splits and joins."""
    pieces = _PARTS.split(text) if "," in text or ";" in text else [text]
    parts = [p.strip() for p in pieces if p.strip(" .")]
    name: str | None = None
    titles: list[str] = []
    for part in parts:
        if name is not None and len(part) <= 4 and _NAME_SUFFIX.match(part):
            name = f"{name}, {part}"
            continue
        part_name, part_title = _name_in(part) if name is None else (None, _tidy(part))
        if part_name and name is None:
            name = part_name
        if part_title:
            titles.append(part_title)
    return name, ", ".join(titles) or None


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cfunc
def _single_spaced(text: str) -> cython.bint:
    """Whether the only blanks of ``text`` are single spaces between other characters."""
    size: cython.Py_ssize_t = len(text)
    i: cython.Py_ssize_t
    c: cython.Py_UCS4
    for i in range(size):
        c = text[i]
        if c == " ":
            if i == 0 or i == size - 1 or text[i - 1] == " ":
                return False
        elif c.isspace():
            return False
    return True


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.ccall
def split_single_spaced(text: str) -> tuple:
    """:func:`split_classifier` of a text whose only blanks are single spaces between other characters
    (as :func:`single_blanks` leaves them): parts and words read as spans, without splits and joins."""
    name: object = None
    titles: list = []
    size: cython.Py_ssize_t = len(text)
    start: cython.Py_ssize_t = 0
    end: cython.Py_ssize_t
    a: cython.Py_ssize_t
    b: cython.Py_ssize_t
    while start <= size:
        end = start
        while end < size and text[end] != "," and text[end] != ";":
            end += 1
        a, b = start, end
        start = end + 1
        if a < b and text[a] == " ":
            a += 1
        if a < b and text[b - 1] == " ":
            b -= 1
        if _only_spaces_and_dots(text, a, b):
            continue
        if name is not None and b - a <= 4 and _NAME_SUFFIX.match(text[a:b]):
            name = f"{name}, {text[a:b]}"
            continue
        if name is None:
            part_name, part_title = _name_in_span(text, a, b)
            name = part_name
        else:
            part_title = _tidy_span(text, a, b)
        if part_title is not None:
            titles.append(part_title)
    return name, ", ".join(titles) or None


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cfunc
def _only_spaces_and_dots(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.bint:
    i: cython.Py_ssize_t
    for i in range(a, b):
        if text[i] != " " and text[i] != ".":
            return False
    return True


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cfunc
def _name_in_span(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> tuple:
    """:func:`_name_in` of the single-spaced part ``text[a:b]``."""
    cut: cython.Py_ssize_t = b  # where the name starts
    word_end: cython.Py_ssize_t = b
    word_start: cython.Py_ssize_t
    name_words: cython.Py_ssize_t = 0
    while word_end > a:
        word_start = word_end
        while word_start > a and text[word_start - 1] != " ":
            word_start -= 1
        if _is_title_span(text, word_start, word_end):
            break
        name_words += 1
        if name_words > _MAX_NAME_WORDS:
            return None, text[a:b]
        cut = word_start
        word_end = word_start - 1
    title_end: cython.Py_ssize_t = cut - 1 if cut < b else b  # (before the space)
    return _tidy_span(text, cut, b), _tidy_span(text, a, title_end) if cut > a else None


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cfunc
def _is_title_span(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.bint:
    """:func:`_is_title_word` of the word ``text[a:b]``."""
    while a < b and _in(text[a], ".,;:()"):
        a += 1
    while b > a and _in(text[b - 1], ".,;:()"):
        b -= 1
    return a < b and _title_word(_upper_span(text, a, b))


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cfunc
def _upper_span(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> str:
    """``text[a:b].upper()``, made in one copy where the span is ASCII."""
    i: cython.Py_ssize_t
    c: cython.Py_UCS4
    if not cython.compiled:
        return text[a:b].upper()
    for i in range(a, b):
        if text[i] > "\x7f":
            return text[a:b].upper()
    upper: str = PyUnicode_New(b - a, 127)
    data: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(upper))
    for i in range(a, b):
        c = text[i]
        data[i - a] = ord(c) - 32 if "a" <= c <= "z" else ord(c)
    return upper


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cfunc
def _tidy_span(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> object:
    """:func:`_tidy` of the single-spaced ``text[a:b]``."""
    while a < b and _in(text[a], " ,;:"):
        a += 1
    while b > a and _in(text[b - 1], " ,;:"):
        b -= 1
    if b > a and text[b - 1] == ".":
        last: cython.Py_ssize_t = b
        dots: cython.Py_ssize_t = 0
        while last > a and text[last - 1] != " ":
            last -= 1
            dots += text[last] == "."
        if dots == 1 and b - last > 3:
            b -= 1
            while b > a and _in(text[b - 1], " ,;:"):
                b -= 1
    return text[a:b] if b > a else None


@cython.cfunc
@cython.inline
def _in(c: cython.Py_UCS4, chars: str) -> cython.bint:
    """Whether ``c`` is one of the ASCII ``chars``."""
    i: cython.Py_ssize_t
    for i in range(len(chars)):
        if chars[i] == c:
            return True
    return False


def parse_reasons(text: str) -> tuple[list[Reason], list[ReaderWarning]]:
    """``1.4 (b) and (d)`` → [Reason(1.4, b), Reason(1.4, d)] with glossary meanings."""
    reasons, warnings = _reasons(text)
    return list(reasons), list(warnings)


@lru_cache(maxsize=4096)  # the reasons are written in a few hundred ways
def _reasons(text: str) -> tuple[tuple[Reason, ...], tuple[ReaderWarning, ...]]:
    meanings = glossary().get("reason", {})
    reasons: list[Reason] = []
    warnings: list[ReaderWarning] = []
    read: set[tuple[str, str]] = set()
    section = ""
    for written, misspelt, letter, other in _REASON_TOKEN.findall(text):
        if other:
            break
        if written:
            section = "".join(written.split())
        elif misspelt:
            section = "1." + misspelt[-1]
            warnings.append(_warning("reason-section-misspelt", f"{misspelt!r} read as {section}"))
        elif letter:
            letter = letter.lower()
            if not section:
                warnings.append(_warning("reason-section-missing", f"reason ({letter}) without 1.4 or 1.5"))
            if (section, letter) not in read:
                read.add((section, letter))
                reasons.append(Reason(section=section, letter=letter, meaning=meanings.get(letter)))
    return tuple(reasons), tuple(warnings)


@lru_cache(maxsize=4096)  # (the same vocabulary as _reasons')
def _reasons_of_line(text: str) -> tuple[tuple[Reason, ...], tuple[ReaderWarning, ...]]:
    """The reasons of the text after the REASONS word, "and" rejoined where a line wrap cut it."""
    if cython.compiled and text.isascii():
        return reasons_scan(text)
    return reasons_by_regex(text)


def reasons_by_regex(text: str) -> tuple[tuple[Reason, ...], tuple[ReaderWarning, ...]]:
    """:func:`_reasons_of_line` by the regexes ``_AND_CUT`` and ``_REASON_TOKEN`` (any text)."""
    return _reasons(_AND_CUT.sub("and", text))


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.ccall
def reasons_scan(text: str) -> tuple:
    """:func:`reasons_by_regex` of ASCII ``text`` by a typed tokenizer: the tokens of ``_REASON_TOKEN`` in
    their order of preference, an ``and`` cut by a line wrap (``_AND_CUT``) read as ``and``."""
    meanings: dict = glossary().get("reason", {})
    reasons: list = []
    warnings: list = []
    read: set = set()
    section: str = ""
    size: cython.Py_ssize_t = len(text)
    i: cython.Py_ssize_t = 0
    j: cython.Py_ssize_t
    c: cython.Py_UCS4
    word_before: cython.bint
    letter: str
    while i < size:
        c = text[i]
        if c == "1":
            j = _section_end(text, i, True)
            if j >= 0:
                section = "1." + text[j - 1]
                i = _blanks_then_dot(text, j)
                continue
            j = _section_end(text, i, False)
            if j >= 0:
                section = "1." + text[j - 1]
                warnings.append(_warning("reason-section-misspelt", f"{text[i:j]!r} read as {section}"))
                i = j
                continue
            break
        word_before = i > 0 and _word_char(text[i - 1])
        j = -1 if word_before else _and_cut_end(text, i)
        if j >= 0:
            i = j  # "a nd", "an d": and
        elif _lower_letter(c) and not (i > 0 and _ascii_letter(text[i - 1])) and not (
                i + 1 < size and _ascii_letter(text[i + 1])):
            letter = chr(_lower_letter(c))
            if not section:
                warnings.append(_warning("reason-section-missing", f"reason ({letter}) without 1.4 or 1.5"))
            if (section, letter) not in read:
                read.add((section, letter))
                reasons.append(Reason(section=section, letter=letter, meaning=meanings.get(letter)))
            i += 1
        elif _blank(c) or _in(c, ",;/&().:-"):
            i += 1
        elif not word_before and (any_case_at(text, size, i, "AND") or any_case_at(text, size, i, "OR")):
            j = i + (3 if any_case_at(text, size, i, "AND") else 2)
            if j < size and _word_char(text[j]):
                break
            i = j
        else:
            break
    return tuple(reasons), tuple(warnings)


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cfunc
def _section_end(text: str, i: cython.Py_ssize_t, dot: cython.bint) -> cython.Py_ssize_t:
    """End of ``1\\s*\\.\\s*[45](?![0-9])`` at ``i`` (``dot``), else of the misspelt ``1\\s*[:/,]?\\s*[45](?![0-9])``;
    -1 if none."""
    size: cython.Py_ssize_t = len(text)
    i = blanks(text, len(text), i + 1)
    if i < size and (text[i] == "." if dot else _in(text[i], ":/,")):
        i = blanks(text, len(text), i + 1)
    elif dot:
        return -1
    if i < size and (text[i] == "4" or text[i] == "5") and not (i + 1 < size and "0" <= text[i + 1] <= "9"):
        return i + 1
    return -1


@cython.cfunc
def _blanks_then_dot(text: str, i: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Past ``\\s*\\.`` at ``i``, or ``i``."""
    j: cython.Py_ssize_t = blanks(text, len(text), i)
    return j + 1 if j < len(text) and text[j] == "." else i


@cython.cfunc
def _and_cut_end(text: str, i: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """End of ``(?:a\\s+nd|an\\s+d)\\b`` at ``i`` (in any case), or -1."""
    size: cython.Py_ssize_t = len(text)
    j: cython.Py_ssize_t
    if not any_case_at(text, size, i, "A"):
        return -1
    j = blanks(text, len(text), i + 1)
    if j > i + 1 and any_case_at(text, size, j, "ND"):
        j += 2
    elif any_case_at(text, size, i + 1, "N") and blanks(text, len(text), i + 2) > i + 2 and any_case_at(
            text, size, blanks(text, len(text), i + 2), "D"):
        j = blanks(text, len(text), i + 2) + 1
    else:
        return -1
    return -1 if j < size and _word_char(text[j]) else j


@cython.cfunc
@cython.inline
def _ascii_letter(c: cython.Py_UCS4) -> cython.bint:
    return "a" <= c <= "z" or "A" <= c <= "Z"


@cython.cfunc
@cython.inline
def _lower_letter(c: cython.Py_UCS4) -> cython.int:
    """The code of the small letter of ``c`` when it is one of a-h or A-H, else 0."""
    if "a" <= c <= "h":
        return ord(c)
    if "A" <= c <= "H":
        return ord(c) + 32
    return 0


def _reasons_start(body: str) -> tuple[int, int] | None:
    """Span of ``_REASONS_START.search(body)``: the REASONS word, or an empty span before a bare 1.4."""
    if not body.isascii():
        m = _REASONS_START.search(body)
        return m.span() if m else None
    word = _REASON_WORD.search(body.upper())
    section = _SECTION_AT.search(body)
    if section and (word is None or section.start() < word.start()):
        return section.start(), section.start()
    return word.span() if word else None


def parse_classified_by(text: str) -> tuple[ClassifiedBy, list[ReaderWarning]]:
    """Read a ``Classified By`` line (keyword included or not; may span wrapped lines)."""
    raw = single_blanks(text or "")
    if not raw.isascii():
        return read_line(raw)
    if cython.compiled:  # the two regexes below, as typed scans
        upper: str = raw.upper()
        word_start: cython.Py_ssize_t = reason_word_scan(upper)
        classifier_end: cython.Py_ssize_t = usual_head_scan(raw, word_start) if word_start >= 0 else -1
        if classifier_end >= 0:
            return _classified_by(raw, raw[_classifier_start(raw):classifier_end], raw[reason_word_end(upper, word_start):])
        return read_line(raw)
    word = _REASON_WORD.search(raw.upper())
    head = word and _USUAL_HEAD.fullmatch(raw, 0, word.start())
    if head:
        return _classified_by(raw, head.group("classifier"), raw[word.end():])
    return read_line(raw)


@cython.cfunc
@cython.inline
def _word_char(c: cython.Py_UCS4) -> cython.bint:
    """An ASCII character of ``\\w``."""
    return "a" <= c <= "z" or "A" <= c <= "Z" or "0" <= c <= "9" or c == "_"


@cython.cfunc
@cython.inline
def _blank(c: cython.Py_UCS4) -> cython.bint:
    """An ASCII character of ``\\s``."""
    return c == " " or "\t" <= c <= "\r" or "\x1c" <= c <= "\x1f"


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cfunc
def _letter_at(text: str, i: cython.Py_ssize_t, letter: cython.Py_UCS4) -> cython.Py_ssize_t:
    """Past ``letter`` at ``i``, or after one blank at ``i`` (``\\s?LETTER``); -1 if neither."""
    size: cython.Py_ssize_t = len(text)
    if i < size and _blank(text[i]):
        i += 1
    return i + 1 if i < size and text[i] == letter else -1


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.ccall
def reason_word_scan(text: str) -> cython.Py_ssize_t:
    """Start of ``_REASON_WORD.search(text)`` in upper-case ASCII ``text``, or -1."""
    i: cython.Py_ssize_t
    for i in range(len(text)):
        if text[i] == "R" and not (i and _word_char(text[i - 1])) and reason_word_end(text, i) >= 0:
            return i
    return -1


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.ccall
def reason_word_end(text: str, i: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """End of ``_REASON_WORD.match(text, i)`` in upper-case ASCII ``text`` (past its R), or -1."""
    size: cython.Py_ssize_t = len(text)
    j: cython.Py_ssize_t = i + 1
    k: cython.Py_ssize_t
    letter: cython.Py_UCS4
    for letter in "EASON":
        j = _letter_at(text, j, letter)
        if j < 0:
            return -1
    k = _letter_at(text, j, "S")  # (?:\s?S)?\b
    if k >= 0 and (k == size or not _word_char(text[k])):
        j = k
    elif j < size and _word_char(text[j]):
        return -1
    while j < size and _blank(text[j]):
        j += 1
    if j < size and (text[j] == ":" or text[j] == "."):
        j += 1
    return j


@cython.cfunc
def _classifier_start(raw: str) -> cython.Py_ssize_t:
    """Where the classifier starts in a line that :func:`usual_head_scan` reads."""
    return 15 if raw[13] == ":" else 14


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.ccall
def usual_head_scan(raw: str, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """End of the classifier of ``_USUAL_HEAD.fullmatch(raw, 0, end)`` in ASCII ``raw``, or -1."""
    if end < 16 or raw[end - 1] != " " or not any_case_at(raw, end, 0, "CLASSIFIED BY"):
        return -1
    start: cython.Py_ssize_t = 13
    if raw[start] == ":":
        start += 1
    if raw[start] != " ":
        return -1
    start += 1
    if any_case_at(raw, end, start, "CLA") or any_case_at(raw, end, start, "DERIVED") or raw[start] == "(":
        return -1
    digit: cython.Py_ssize_t = start  # the classifier has no digit
    while digit < end and not "0" <= raw[digit] <= "9":
        digit += 1
    # The longest classifier first: followed by " ", by one of ",.:;" and " ", by " for ", by ", for ".
    if _ends_classifier(raw, start, end - 1, digit):
        return end - 1
    if _ends_classifier(raw, start, end - 2, digit) and raw[end - 2] in ",.:;":
        return end - 2
    if _ends_classifier(raw, start, end - 5, digit) and any_case_at(raw, end, end - 5, " FOR "):
        return end - 5
    if _ends_classifier(raw, start, end - 6, digit) and any_case_at(raw, end, end - 6, ", FOR "):
        return end - 6
    return -1


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cfunc
def _ends_classifier(raw: str, start: cython.Py_ssize_t, e: cython.Py_ssize_t, digit: cython.Py_ssize_t) -> cython.bint:
    """Whether ``raw[start:e]`` can be a classifier of ``_USUAL_HEAD`` (no digit before ``digit``)."""
    if e <= start or e > digit:
        return False
    last: cython.Py_UCS4 = raw[e - 1]
    if not ("a" <= last <= "z" or "A" <= last <= "Z" or last == ")" or last == "'"):
        return False
    return not any_case_at(raw, e, e - 3, "FOR")


def read_line(raw: str) -> tuple[ClassifiedBy, list[ReaderWarning]]:
    """Any ``Classified By`` line (blanks single): the keyword repeated or misspelt, derivative
    classification, the reasons' start and the joiner before them in any of their spellings."""
    body = raw
    while (m := _KEYWORD.match(body)) and m.end() > 0:  # "Classified By: Classified by …" (§3.6)
        body = body[m.end():]
    derived = _DERIVED.match(body)
    if derived:
        reasons, reason_warnings = parse_reasons(body[derived.end():]) if re.search(_SECTION, body) else ([], [])
        warning = _warning("classification-derived", f"derivative classification: {raw!r}")
        return ClassifiedBy(raw=raw, reasons=reasons), [warning, *reason_warnings]
    start = _reasons_start(body)
    classifier, reason_text = (body[:start[0]], body[start[1]:]) if start else (body, "")
    if start:
        tail = classifier[-_JOINER_SPAN:]
        # The joiner runs to the end: it starts after the last character that is in none of its words.
        joiner = _JOINER.search(tail, len(tail.rstrip(_JOINER_CHARS)) if tail.isascii() else 0)
        classifier = classifier[:len(classifier) - len(tail) + joiner.start()] if joiner else classifier
    return _classified_by(raw, classifier, reason_text)


def _classified_by(raw: str, classifier: str, reason_text: str) -> tuple[ClassifiedBy, list[ReaderWarning]]:
    """The record of a line cut into the classifier (joiner removed) and the text of its reasons."""
    name, title = split_classifier(classifier.strip(" ,;:"))
    reasons, reason_warnings = _reasons_of_line(reason_text)
    warnings = list(reason_warnings)
    if not reasons:
        warnings.append(_warning("classification-reason-missing", f"no classification reason in {raw!r}"))
    if name is None and title is None:
        warnings.append(_warning("classifier-missing", f"no classifier named in {raw!r}"))
    return ClassifiedBy(raw=raw, name=name, title=title, reasons=list(reasons)), warnings
