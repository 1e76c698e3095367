"""The REF line: references to earlier messages (§5.1, §5.3, §5.4).

``REF: STATE 112900`` in a 2009 cable → ``09STATE112900`` (year inferred from the citing cable).
Items may carry labels (``A.``, ``A)``, ``(A)``, ``A. A)``, ``REF A``), explicit years (``08``,
``2008``, ``(08)``), multi-word origins (``SAO PAULO``) and aliases (``SECSTATE``), qualifiers
(``AND PREVIOUS``, ``NOTAL``, ``CIRCULAR``); some are not cables at all: e-mails, intelligence and
Open Source Center reports, DTG-referenced military messages.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from string import ascii_uppercase

import cython

from cablekit.data import origin_aliases, stations
from cablekit.model import Reference, ReaderWarning
from cablekit.parse.dates import year_of_two_digits

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import digits_end
    from cython.cimports.cablekit.parse.line_kinds import any_case_at, holds
else:
    from cablekit.formats.scan import digits_end
    from cablekit.parse.line_kinds import any_case_at, holds

# Words that end a run of origin words: no cable origin is spelt like these (§5.3 free-text items).
_NOT_ORIGIN = frozenset(
    "JAN JANUARY FEB FEBRUARY MAR MARCH APR APRIL MAY JUN JUNE JUL JULY AUG AUGUST SEP SEPT SEPTEMBER "
    "OCT OCTOBER NOV NOVEMBER DEC DECEMBER FAM FAH PARA PARAS PARAGRAPH PARAGRAPHS POINTS POINT DAILY REPORT "
    "REPORTS EMAIL MAIL DTG IIR TD CA PAGE PAGES SECTION OF AND OR THE NO NR NUMBER AIRGRAM TELCON NOTAL "
    "PREVIOUS OSC RES RESOLUTION UNSCR ON DATED SEE REF REFS REFTEL REFTELS SUBJ FOR IN AT TO BY FROM SVTC "
    "LETTER MEETING DOC YEAR YEARS DAY DAYS WEEK WEEKS CABLE CABLES TEXT PARTS PART ITEM ITEMS PLUS "
    "ARTICLE ARTICLES CHAPTER LAW DECREE VERSION TABLE ANNEX TAB ROUND PHASE GROUP ZONE".split()
)
# Page headers glued into running text (§3.2): "RABAT 00000904 002 OF 003" — found by their numbers,
# then the location words just before them.
_PAGE_NUMBERS = re.compile(r"\s\d{8}\s+\d{3}(?:\.\d+)?\s+OF\s+\d{3}\b", re.I)
_PAGE_LOCATION = re.compile(r"(?:\b[A-Za-z]+ ?){1,4}$")
_LEADING_KEYWORD = re.compile(r"^\s*(?:REF(?:S|TELS?|\(S\))?|RETELS?)\b\s*[:.]?\s*", re.I)
_NONE = re.compile(r"^\s*(?:NONE|N/A)\s*\.?\s*$", re.I)
# A label candidate: A.  A)  (A)  A:  with an optional doubled form (A. A)  A. (A)) and REF prefix.
_LABEL = re.compile(
    r"(?<![A-Za-z0-9.'/-])(?:REF\s+)?\(?(?P<letter>[A-Za-z])[.):](?:\s*\(?(?P<again>[A-Za-z])[.):])?(?=\s|\(|[A-Za-z0-9]|$)"
    r"|(?:(?<=^)|(?<=[\n/;]))\s*(?:REF\s+)?(?P<bare>[A-Za-z])(?=\s+[A-Z0-9])",
    re.I,
)
# What a label needs unless it is at the start: a "." ")" or ":" after its letter, or (bare labels)
# a new line, slash or semicolon before it.
_LABEL_MARK = re.compile(r"[.):\n/;]")
_WORD = r"[A-Za-z]+"
# [YEAR] ORIGIN-WORDS NUMBER [(YEAR)] — the year glued (09DHAHRAN) or in parentheses ((08) SAO PAULO).
_CABLE = re.compile(
    rf"(?<![A-Za-z0-9/.-])(?:(?P<year>\d{{4}}|\d{{2}})\s*|\((?P<pyear>\d{{2}}|\d{{4}})\)\s*)?"
    rf"(?P<origin>{_WORD}(?:\s+{_WORD}){{0,3}}?)(?:\s+-?[ \t]*|(?<=[A-Za-z])(?=\d))"
    r"(?P<number>\d{1,7})(?![\d/]|[.:-]\d)"
    r"(?:[ \t]*\((?P<tyear>\d{2}|\d{4})\)(?![ \t]*[A-Za-z][A-Za-z ]*[ \t]\d))?",
)
_DTG = re.compile(r"(?<![0-9])(\d{6})\s?Z\s?([A-Z]{3})\s?(\d{4}|\d{2})(?!\d)", re.I)
_EMAIL = re.compile(r"\bE-?\s?MAILS?\b", re.I)
# Intelligence and Open Source Center reports: IIR 6 832 0617 08, OSC EUP20080707950031, TD-314/…
_REPORT_NUMBER = re.compile(r"\b(?:OSC|IIR|TD-\d)|\b[A-Z]{3}\s?\d{8,}", re.I)
_REPORT = re.compile(rf"{_REPORT_NUMBER.pattern}|\bREPORTS?\b", re.I)
_NOT_CABLE = re.compile(rf"{_EMAIL.pattern}|{_REPORT_NUMBER.pattern}|{_DTG.pattern}", re.I)
_SPLIT_UNLABELLED = re.compile(r"\s*(?:;|\n|\s/\s)\s*")
_SPACES = re.compile(r"\s+")
_EIGHT_DIGITS = re.compile(r"\d{8}")
_ALNUM = re.compile(r"[A-Za-z0-9]")
# The commonest REF lines, read without the label and item scans: bare cables, one without a label or
# several labelled A, B, C … (``A.``, ``A)``, ``(A)``, doubled ``A. A)``), each [YY|YYYY] ORIGIN NUMBER
# [AND PREVIOUS|(NOTAL)], single-spaced: ``A. 08 SAO PAULO 112900``.
_USUAL_ITEM = re.compile(
    r"\s*(?:\(?([A-Z])[.)] (?:\(?\1[.)] )?)?"
    r"((?:([0-9]{4}|[0-9]{2}) )?([A-Z]{2,}(?: [A-Z]{2,}){0,3}) ([0-9]{1,7})(?: AND PREVIOUS| \(NOTAL\))?)(?!\S)")


@cache
def _multiword_origins() -> dict[str, str]:
    """Multi-word post names of the station table (SAO PAULO → SAOPAULO), plus aliases."""
    names: dict[str, str] = {}
    for name in stations().values():
        m = re.match(r"(?:AMEMBASSY|AMCONSUL|USMISSION|USMISSIN|US MISSION)\s+(.+)$", name)
        if m and " " in m.group(1):
            words = m.group(1).split()
            while len(words) > 1 and len(words[-1]) == 2 and words[-1] not in ("AU", "ES"):  # … BRUSSELS BE
                words.pop()
            names[" ".join(words)] = "".join(words)
    names.update({k: v for k, v in origin_aliases().items() if v})
    return names


@lru_cache(maxsize=4096)  # origins are a small vocabulary (posts, aliases, the words before numbers)
def normalise_origin(words: str) -> str | None:
    """The origin of a reference from the words before the number: the longest known multi-word
    suffix (``09 SAN SALVADOR`` → SANSALVADOR), an alias (SECSTATE → STATE), else the last word."""
    parts = _SPACES.split(words.strip().upper())
    known = _multiword_origins()
    aliases = origin_aliases()
    for n in range(min(len(parts), 4), 0, -1):
        candidate = " ".join(parts[-n:])
        if candidate in aliases and aliases[candidate] is None:
            return None
        if candidate in known:
            return known[candidate]
    last = parts[-1] if parts else ""
    if not last or last in _NOT_ORIGIN or len(last) < 3:
        return None
    return last


def strip_page_markers(text: str) -> str:
    """Text without the page headers glued into it (``… STATE 90303 STATE 00016220 001.2 OF 005 M) …``)."""
    if cython.compiled:
        if not _blank_and_eight_digits(text):  # quick test: no page number can be there
            return text
    elif text.isascii() and "OF" not in text.upper():  # (the same, faster when interpreted)
        return text
    out, pos = [], 0
    for m in _PAGE_NUMBERS.finditer(text):
        before = text[max(pos, m.start() - 40):m.start()]
        words = _PAGE_LOCATION.search(before)
        out.append(text[pos:m.start() - (len(words.group()) if words else 0)])
        pos = m.end()
    return "".join(out) + text[pos:] if out else text


@cython.ccall
def _blank_and_eight_digits(text: str) -> cython.bint:
    """Whether ``\\s\\d{8}`` (how ``_PAGE_NUMBERS`` starts) is in ``text``."""
    run: cython.int = -1  # the digits since a blank; -1 where the last character is no blank or digit
    c: cython.Py_UCS4
    for c in text:
        if c <= "\x7f":  # (the Unicode tests below, in ASCII)
            if "0" <= c <= "9":
                if run >= 0:
                    run += 1
                    if run == 8:
                        return True
            else:
                run = 0 if c == " " or "\t" <= c <= "\r" or "\x1c" <= c <= "\x1f" else -1
        elif c.isdecimal():
            if run >= 0:
                run += 1
                if run == 8:
                    return True
        else:
            run = 0 if c.isspace() else -1
    return False


@cython.ccall
def canonical_reference_id(year: cython.int, origin: str, number: cython.long) -> str:
    """``canonical_reference_id(2009, "STATE", 112900)`` → ``09STATE112900`` (§5.1)."""
    two_digits: cython.int = year % 100
    return f"{two_digits // 10}{two_digits % 10}{origin}{number}"


@cython.cfunc
def _warning(code: str, message: str) -> ReaderWarning:
    return ReaderWarning(code=code, message=message, where="body.references")


@cython.cfunc
def _labelled_items(text: str) -> list[tuple[str | None, str]]:
    """(label, item text) in order; labels must run A, B, C … to count (so U.S. is no label)."""
    if not _LABEL_MARK.search(text) and not _LABEL.match(text):
        return [(None, text)] if text.strip() else []
    items: list[tuple[str | None, str]] = []
    expected = "A"
    label: str | None = None
    start = 0
    for m in _labels(text):
        letter = (m.group("letter") or m.group("bare") or "").upper()
        again = (m.group("again") or letter).upper()
        if letter != expected or again != letter:
            continue
        if text[start:m.start()].strip() or label:
            items.append((label, text[start:m.start()]))
        label, start = letter, m.end()
        expected = chr(ord(expected) + 1) if expected < "Z" else "A"
    items.append((label, text[start:]))
    return [(lab, t) for lab, t in items if t.strip() or lab]


@cython.ccall
def _labels(text: str) -> list:
    """``list(_LABEL.finditer(text))``, the pattern tried only where a label can begin: it starts with a
    look-behind, so sre would try it at every position of the text."""
    labels = []
    starts: bytearray = _label_starts(text)
    pos: cython.Py_ssize_t = 0
    start: cython.Py_ssize_t
    for start in range(len(starts)):
        if starts[start] and start >= pos and (m := _LABEL.match(text, start)):
            pos = m.end()
            labels.append(m)
    return labels


@cython.cfunc
def _label_starts(text: str) -> bytearray:
    """1 at every position where a label may begin: the start; after a new line, slash or semicolon
    (bare labels); before a "." ")" or ":" its letter, an opening parenthesis, a REF and blanks."""
    n: cython.Py_ssize_t = len(text)
    starts = bytearray(n + 1)
    starts[0] = 1
    i: cython.Py_ssize_t
    before: cython.Py_ssize_t
    blanks: cython.Py_ssize_t
    c: cython.Py_UCS4
    for i in range(n):
        c = text[i]
        if c == "\n" or c == "/" or c == ";":
            starts[i + 1] = 1
        elif (c == "." or c == ")" or c == ":") and i:
            before = i - 2 if i >= 2 and text[i - 2] == "(" else i - 1
            starts[i - 1] = 1
            starts[before] = 1
            blanks = before
            while blanks > 0 and text[blanks - 1].isspace():
                blanks -= 1
            if 3 <= blanks < before:
                starts[blanks - 3] = 1
    return starts


@cython.cfunc
def _other(raw: str, label: str | None) -> Reference | None:
    """A reference that is not a cable number: e-mail, report, DTG message or free text."""
    if not _ALNUM.search(raw):
        return None
    if raw.isascii() and not _words_of_no_cable(raw) and not holds(raw, "REPORT"):
        return Reference(raw=raw, label=label, kind="other")  # (no word the regexes below look for)
    if _EMAIL.search(raw):
        return Reference(raw=raw, label=label, kind="email")
    dtg = _DTG.search(raw)
    if dtg:
        before = raw[:dtg.start()].split()
        words = [w for w in before if w.isalpha() and w.upper() not in ("DTG", "MSG", "R", "O", "P", "Z", "REPORT")]
        origin = normalise_origin(words[0]) if words else None
        return Reference(raw=raw, label=label, kind="dtg", origin=origin,
                         year=year_of_two_digits(int(dtg.group(3))))
    if _REPORT.search(raw):
        return Reference(raw=raw, label=label, kind="report")
    return Reference(raw=raw, label=label, kind="other")


@cython.cfunc
def _cable(m: re.Match[str], raw: str, label: str | None, citing_year: int | None, citing_origin: str | None,
           citing_number: int | None, warnings: list[ReaderWarning]) -> Reference | None:
    origin = normalise_origin(m.group("origin"))
    if origin is None:
        return None
    year_before, year_in_parentheses, year_after = m.group("year", "pyear", "tyear")
    return _cable_reference(raw, label, origin, int(m.group("number")), year_before or year_in_parentheses or year_after,
                            citing_year, citing_origin, citing_number, warnings)


@cython.cfunc
def _cable_reference(raw: str, label: str | None, origin: str, number: int, written: str | None,
                     citing_year: int | None, citing_origin: str | None, citing_number: int | None,
                     warnings: list[ReaderWarning]) -> Reference:
    """A cable reference, its year as written (``written``) or inferred from the citing cable (§5.4)."""
    inferred = False
    year: int | None
    if written:
        year = int(written) if len(written) == 4 else year_of_two_digits(int(written), citing_year)
        if citing_year and year > citing_year:
            warnings.append(_warning("reference-year-future",
                                     f"{raw!r}: year {year} is after the citing cable's; read as {citing_year}"))
            year, inferred = citing_year, True
    else:
        # §5.4: a bare reference is of the citing cable's year — unless it is the same post's
        # series at or past the citing number, which restarted on 1 January: then the year before.
        year, inferred = citing_year, True
        if year and origin == citing_origin and citing_number is not None and number >= citing_number:
            year -= 1
            warnings.append(_warning("reference-year-previous",
                                     f"{raw!r}: {origin} {number} ≥ the citing cable's own number; read as {year}"))
    return Reference(
        raw=raw, label=label, kind="cable", origin=origin, number=number, year=year, year_inferred=inferred,
        reference_id=canonical_reference_id(year, origin, number) if year else None,
    )


def parse_references(
    raw: str,
    *,
    citing_year: int | None,
    citing_origin: str | None = None,
    citing_number: int | None = None,
) -> tuple[list[Reference], list[ReaderWarning]]:
    """Read the text of a REF line (keyword removed or not; may span wrapped lines)."""
    text = raw or ""
    if text.lstrip()[:2].upper() == "RE":
        text = _LEADING_KEYWORD.sub("", text, count=1)
    return (read_usual_references(text, citing_year, citing_origin, citing_number)
            or read_references(text, citing_year, citing_origin, citing_number))


def read_usual_references(text: str, citing_year: int | None, citing_origin: str | None,
                          citing_number: int | None) -> tuple[list[Reference], list[ReaderWarning]] | None:
    """The usual REF text (keyword removed), as :func:`read_references` reads it: bare cables of known
    origins, one without a label or several labelled A, B, C … in order; None for any other text."""
    items: list | None = usual_items_scan(text) if cython.compiled else usual_items(text)
    if items is None or not _labelled_in_order(items):
        return None
    references: list[Reference] = []
    warnings: list[ReaderWarning] = []
    for label, raw, year, origin_words, number in items:
        origin = _cable_origin(origin_words)
        if origin is None:
            return None
        references.append(_cable_reference(raw, label, origin, number, year, citing_year, citing_origin,
                                           citing_number, warnings))
    return references, warnings


def usual_items(text: str) -> list[tuple[str | None, str, str | None, str, int]] | None:
    """(label, raw, year, origin words, number) of each ``_USUAL_ITEM`` of ``text``; None unless
    they make up all of it."""
    items = []
    end = len(text.rstrip())
    pos = 0
    while pos < end and (m := _USUAL_ITEM.match(text, pos)):
        label, raw, year, origin_words, number = m.groups()
        items.append((label, raw, year, origin_words, int(number)))
        pos = m.end()
    return items if items and pos == end else None


@cython.ccall
def usual_items_scan(text: str) -> list | None:
    """:func:`usual_items` by a typed scan."""
    items: list = []
    end: cython.Py_ssize_t = len(text)
    while end and text[end - 1].isspace():
        end -= 1
    pos: cython.Py_ssize_t = 0
    while pos < end:
        pos = _usual_item_at(text, pos, items)
        if pos < 0:
            break
    return items if items and pos == end else None


@cython.cfunc
def _usual_item_at(text: str, i: cython.Py_ssize_t, items: list) -> cython.Py_ssize_t:
    """Where the ``_USUAL_ITEM`` at ``i`` ends, its groups appended to ``items``; -1 for none. Each part
    is read once: the pattern's optional parts cannot give way to a shorter reading."""
    n: cython.Py_ssize_t = len(text)
    while i < n and text[i].isspace():
        i += 1
    label: str | None = None
    j: cython.Py_ssize_t = i + 1 if i < n and text[i] == "(" else i
    if _label_at(text, j):  # A.  A)  (A)  and doubled: A. A)  A. (A)
        label = text[j]
        i = j + 3
        j = i + 1 if i < n and text[i] == "(" else i
        if _label_at(text, j) and text[j] == text[i - 3]:
            i = j + 3
    start: cython.Py_ssize_t = i
    year: str | None = None
    j = digits_end(text, i, n)
    if (j - i == 4 or j - i == 2) and j < n and text[j] == " ":
        year = text[i:j]
        i = j + 1
    origin: cython.Py_ssize_t = i
    words: cython.int = 0
    while True:  # one to four words of two capitals or more, single-spaced
        j = i
        while i < n and "A" <= text[i] <= "Z":
            i += 1
        if i - j < 2:
            return -1
        words += 1
        if words == 4 or i + 1 >= n or text[i] != " " or not "A" <= text[i + 1] <= "Z":
            break
        i += 1
    origin_end: cython.Py_ssize_t = i
    if i + 1 >= n or text[i] != " " or not "0" <= text[i + 1] <= "9":
        return -1
    j = digits_end(text, i + 1, n)
    if j - i - 1 > 7:
        return -1
    number: cython.long = int(text[i + 1:j])
    end: cython.Py_ssize_t = j
    if text.startswith(" AND PREVIOUS", j) and (j + 13 == n or text[j + 13].isspace()):
        end = j + 13
    elif text.startswith(" (NOTAL)", j) and (j + 8 == n or text[j + 8].isspace()):
        end = j + 8
    elif j < n and not text[j].isspace():
        return -1
    items.append((label, text[start:end], year, text[origin:origin_end], number))
    return end


@cython.cfunc
def _label_at(text: str, i: cython.Py_ssize_t) -> cython.bint:
    """A capital, a "." or ")" and a space at ``i``."""
    return (i + 2 < len(text) and "A" <= text[i] <= "Z" and (text[i + 1] == "." or text[i + 1] == ")")
            and text[i + 2] == " ")


@cython.cfunc
def _labelled_in_order(items: list) -> cython.bint:
    """The labels of the items (None for none) are A, B, C … in order, or one item has none."""
    labels = ""
    for item in items:
        labels += item[0] or ""
    return labels == ascii_uppercase[:len(items)] or (len(items) == 1 and not labels)


@lru_cache(maxsize=4096)  # (the vocabulary of normalise_origin)
def _cable_origin(words: str) -> str | None:
    """The origin of a cable written ``WORDS NUMBER``; None for an unknown origin or words that make
    the item no cable (OSCE …, EMAILS: report and e-mail words)."""
    return None if _NOT_CABLE.search(words) else normalise_origin(words)


def read_references(text: str, citing_year: int | None, citing_origin: str | None,
                    citing_number: int | None) -> tuple[list[Reference], list[ReaderWarning]]:
    """Any REF text (keyword removed): labelled or not, page headers glued in, cables, e-mails,
    reports, DTG messages and free text."""
    text = strip_page_markers(text)
    if _NONE.match(text) or not text.strip():
        return [], []
    warnings: list[ReaderWarning] = []
    references: list[Reference] = []
    for label, item in _labelled_items(text):
        segments = [item] if label else _unlabelled_items(item)
        for segment in segments:
            found = [] if _not_a_cable(segment) else _cables_in(
                segment, label, citing_year, citing_origin, citing_number, warnings)
            if not found:
                other = _other(" ".join(segment.split()).strip(" ,;/"), label)
                if other:
                    found.append(other)
            references += found
    return references, warnings


@cython.cfunc
def _unlabelled_items(text: str) -> list[str]:
    """Items without labels: separated by semicolons, new lines or slashes between blanks."""
    if ";" in text or "\n" in text or "/" in text:
        return [item for item in _SPLIT_UNLABELLED.split(text) if item.strip()]
    return [text] if text.strip() else []


@cython.cfunc
def _not_a_cable(segment: str) -> bool:
    """An e-mail, a report or a DTG; the regex is only tried on ASCII text with a word it looks for."""
    if segment.isascii():
        if cython.compiled:
            if not _words_of_no_cable(segment):
                return False
        else:
            upper = segment.upper()
            if not ("MAIL" in upper or "OSC" in upper or "IIR" in upper or "TD-" in upper or "Z" in upper
                    or _EIGHT_DIGITS.search(segment)):
                return False
    return _NOT_CABLE.search(segment) is not None


@cython.ccall
def _words_of_no_cable(text: str) -> cython.bint:
    """Whether ASCII ``text`` has, in any case, MAIL, OSC, IIR, TD-, a Z or eight digits in a row."""
    n: cython.Py_ssize_t = len(text)
    digits: cython.int = 0
    i: cython.Py_ssize_t
    c: cython.Py_UCS4
    for i in range(n):
        c = text[i]
        if "0" <= c <= "9":
            digits += 1
            if digits == 8:
                return True
            continue
        digits = 0
        if "a" <= c <= "z":
            c = chr(ord(c) - 32)
        if c == "Z" or (c == "M" and any_case_at(text, n, i + 1, "AIL")) or (
                c == "O" and any_case_at(text, n, i + 1, "SC")) or (
                c == "I" and any_case_at(text, n, i + 1, "IR")) or (c == "T" and any_case_at(text, n, i + 1, "D-")):
            return True
    return False


@cython.cfunc
def _cables_in(segment: str, label: str | None, citing_year: int | None, citing_origin: str | None,
               citing_number: int | None, warnings: list[ReaderWarning]) -> list[Reference]:
    """Every cable reference in one item; each keeps the text up to the next one as ``raw``."""
    matches = []
    pos = 0
    while (m := _next_cable(segment, pos)) is not None:
        if normalise_origin(m.group("origin")) is None:
            pos = m.start("number")  # "AND PREVIOUS 03 RANGOON 1427": the number may be the next year
            continue
        matches.append(m)
        pos = m.end()
    found = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(segment)
        start = 0 if i == 0 and label else m.start()
        raw = " ".join(segment[start:end].split()).strip(" ,;/")
        ref = _cable(m, raw, label, citing_year, citing_origin, citing_number, warnings)
        if ref:
            found.append(ref)
    return found


@cython.cfunc
def _next_cable(segment: str, pos: cython.Py_ssize_t) -> re.Match[str] | None:
    """``_CABLE.search(segment, pos)``. The pattern starts with a look-behind, so sre would try it at
    every position: compiled, it is tried only where :func:`cable_may_start` allows, before the last digit."""
    if not cython.compiled:
        return _CABLE.search(segment, pos)
    last: cython.Py_ssize_t = len(segment) - 1
    while last > pos and not segment[last].isdecimal():
        last -= 1
    start: cython.Py_ssize_t
    for start in range(pos, last):
        if cable_may_start(segment, start):
            m = _CABLE.match(segment, start)
            if m is not None:
                return m
    return None


@cython.ccall
def cable_may_start(text: str, i: cython.Py_ssize_t) -> cython.bint:
    """Whether a ``_CABLE`` match may start at ``i``: no letter, digit, "/", "." or "-" before it; a year of
    2 or 4 digits (bare or in parentheses) or none; one to four words of letters; then, glued or after
    blanks (and a dash), a digit (§5.1)."""
    n: cython.Py_ssize_t = len(text)
    c: cython.Py_UCS4
    if i > 0:
        c = text[i - 1]
        if "A" <= c <= "Z" or "a" <= c <= "z" or "0" <= c <= "9" or c == "/" or c == "." or c == "-":
            return False
    j: cython.Py_ssize_t = i + 1 if text[i] == "(" else i
    k: cython.Py_ssize_t = j
    while k < n and text[k].isdecimal():
        k += 1
    if k > j or j > i:
        if not (k - j == 2 or k - j == 4):
            return False
        if j > i:
            if k >= n or text[k] != ")":
                return False
            k += 1
        while k < n and text[k].isspace():
            k += 1
    words: cython.int = 0
    while True:
        j = k
        while k < n and ("A" <= text[k] <= "Z" or "a" <= text[k] <= "z"):
            k += 1
        if k == j:
            return False
        words += 1
        if k < n and text[k].isdecimal():
            return True
        j = k
        while k < n and text[k].isspace():
            k += 1
        if k == j or k == n:
            return False
        if text[k] == "-":
            k += 1
            while k < n and (text[k] == " " or text[k] == "\t"):
                k += 1
            return k < n and text[k].isdecimal()
        if text[k].isdecimal():
            return True
        if words == 4:
            return False
