"""The lines of a routing header in their usual shape, read by typed scans: the format lines FL1–FL6
at the top (§2) and an addressee line ``RUEHC/SECSTATE WASHDC PRIORITY 0817`` (§2.7). A line of any
other shape is left to the general readers of ``header.py``, which read these ones alike (see
tests/test_header_addressee.py). The tables they read against come from ``cablekit.data``.
"""

from __future__ import annotations

import re
from functools import cache

import cython

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import digits_end, find_char, substring, word_at
    from cython.cimports.cpython.unicode import PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND
    from cython.cimports.libc.string import memcmp
else:
    from cablekit.formats.scan import digits_end, find_char, substring, word_at

from cablekit.data import glossary, station_name, stations
from cablekit.model import Addressee

FORMAT_LINES = ("FL1", "FL2", "FL3", "FL4", "FL5", "FL6")
DE_PARTS = ("ri", "serial", "section", "filing", "rest")  # (the groups of the DE line's regex)
PREAMBLE_PARTS = ("action", "info", "dtg", "signals")  # (the groups of the preamble's regex)
MAX_LINE = 1000  # ACP lines are ≤ 69 characters (§2); a longer line is no header line
_MAX_LINE = cython.declare(cython.Py_ssize_t, MAX_LINE)
NO_STATION = (None, False)


# --- reference tables, derived once from cablekit.data ---------------------------------------


@cache
def precedence_ranks() -> dict[str, int]:
    """Precedence word → rank (0 = highest), in the glossary's order."""
    return {word: rank for rank, word in enumerate(glossary().get("precedence", {}))}


@cache
def prosign_precedences() -> dict[str, str]:
    """Prosign → precedence (RR → ROUTINE)."""
    return glossary().get("prosign", {})


@cache
def precedence_variants() -> dict[str, str]:
    """Misspelling → precedence word, for every spelling one edit (deletion, transposition,
    substitution, insertion) away from a one-word precedence (``PIORITY`` → PRIORITY, §2.7)."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    table: dict[str, str] = {}
    for word in precedence_ranks():
        if " " in word or len(word) < 5:
            continue
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        variants = {a + b[1:] for a, b in splits if b}
        variants |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        variants |= {a + c + b[1:] for a, b in splits if b for c in letters}
        variants |= {a + c + b for a, b in splits for c in letters}
        for variant in variants - {word}:
            table.setdefault(variant, word)
    return table


@cache
def _usual_format_regex() -> re.Pattern[str]:
    """FL1–FL6 at the top of the text in their usual shape, a line each (blank lines between them):
    ``VZCZCXYZ0000``, ``PP RUEHWEB``, ``DE RUEHRB #0904/01 3141416``, ``ZNY SSSSS ZZH``,
    ``P 101416Z NOV 09``, ``FM AMEMBASSY RABAT``, each one optional (the DE line may lack its section,
    the preamble may end in signals: ``DE RUEHNO #0067 0431005``, ``P 221431Z FEB 10 ZDK``). Every line it takes is one
    header._classify reads as that format line; its groups are those the readers of FL3 and FL5 use."""
    pairs = "|".join(p for p in prosign_precedences() if len(p) == 2)
    words = r"(?: [!-~]+)*"  # printable ASCII words one space apart
    return re.compile(
        r"\n*(?:(?P<FL1>VZCZ[!-~]*)\n+)?"
        rf"(?:(?P<FL2>(?:{pairs})(?: [A-Z]{{4,7}})*)\n+)?"
        r"(?:(?P<FL3>DE (?P<ri>[A-Z][A-Z0-9]{2,7}) #(?P<serial>[0-9]{4})(?:/(?P<section>[0-9]{2}))?"
        r" (?P<filing>[0-9]{7})(?P<rest>))\n+)?"
        rf"(?:(?P<FL4>ZN[RY]{words})\n+)?"
        r"(?:(?P<FL5>(?P<action>[A-Z]) (?:(?P<info>[A-Z]) )?"
        r"(?P<dtg>(?P<day>[0-9]{2})(?P<hour>[0-9]{2})(?P<minute>[0-9]{2})Z (?P<month>[A-Z]{3}) (?P<year>[0-9]{2}))"
        rf"(?P<signals>{words}))\n+)?"
        rf"(?:(?P<FL6>FM{words})\n+)?"
    )


@cache
def known_stations() -> dict[str, tuple[str | None, bool]]:
    """Routing indicator → (station, whether it is a collective), for every RI cablekit.data names."""
    table = {}
    for ri in stations().keys() | glossary().get("station", {}).keys():
        station = station_name(ri)
        if station is not None:
            table[ri] = (station, "COLLECTIVE" in station.split())
    table.pop("ZEN", None)  # ZEN/ marks delivery by other means (§2.7), never a station
    return table


@cython.cclass
class _Vocabulary:
    """The tables the usual lines are read against, bound once (a typed attribute is cheaper than a cached call)."""

    stations: dict
    precedence_list: list
    precedence_variants: dict
    variant_starts: bytes  # 1 at 128 * ord(a) + ord(b) where a misspelt precedence starts with a, b
    prosign_pairs: list  # the prosigns of two letters (FL2)

    def __init__(self):
        self.stations = known_stations()
        self.precedence_list = list(precedence_ranks())
        self.precedence_variants = precedence_variants()
        starts = bytearray(128 * 128)
        for variant in self.precedence_variants:  # (capital letters, 4 at least)
            starts[128 * ord(variant[0]) + ord(variant[1])] = 1
        self.variant_starts = bytes(starts)
        self.prosign_pairs = [p for p in prosign_precedences() if len(p) == 2]


_bound_vocabulary = cython.declare(_Vocabulary, None)


@cython.cfunc
def _vocabulary() -> _Vocabulary:
    global _bound_vocabulary
    if _bound_vocabulary is None:
        _bound_vocabulary = _Vocabulary()
    return _bound_vocabulary


# --- the usual format lines (FL1–FL6, §2) -------------------------------------------------------


def usual_format_lines(text: str) -> tuple[int, list[tuple[str, str, tuple | None]]]:
    """(where the text after them starts, [(kind, line, parts)]) for the format lines FL1–FL6 at the top
    of ``text`` in their usual shape (see _usual_format_regex); ``parts`` those the readers of FL3 and
    FL5 take (see header._classify), None for the others. The compiled reader scans, the interpreter matches."""
    if cython.compiled:
        return _usual_format_lines_scan(text)
    return _usual_format_lines_regex(text)


@cython.ccall
def _usual_format_lines_regex(text: str) -> tuple:
    m = _usual_format_regex().match(text)
    found = []
    for kind in FORMAT_LINES:
        s = m.group(kind)
        if s is not None:
            parts = m.group(*DE_PARTS) if kind == "FL3" else m.group(*PREAMBLE_PARTS) if kind == "FL5" else None
            found.append((kind, s, parts))
    return m.end(), found


@cython.ccall
def _usual_format_lines_scan(text: str) -> tuple:
    """_usual_format_lines_regex by typed scans: each format line in turn, on the line it has reached."""
    found = []
    i: cython.Py_ssize_t = _past_newlines(text, 0)
    eol: cython.Py_ssize_t
    k: cython.int
    taken: cython.bint
    for k in range(6):
        eol = find_char(text, "\n", i, len(text))
        if eol < 0:
            break
        parts = None
        if k == 2:
            parts = _usual_de_parts(text, i, eol)
            taken = parts is not None
        elif k == 4:
            parts = _usual_preamble_parts(text, i, eol)
            taken = parts is not None
        else:
            taken = _is_usual_format_line(k, text, i, eol)
        if taken:
            found.append((FORMAT_LINES[k], text[i:eol], parts))
            i = _past_newlines(text, eol)
    return i, found


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _is_usual_format_line(k: cython.int, s: str, i: cython.Py_ssize_t, eol: cython.Py_ssize_t) -> cython.bint:
    """Whether ``s[i:eol]`` is FL1, FL2, FL4 or FL6 (``k`` 0, 1, 3, 5) in the usual shape (_usual_format_regex)."""
    n: cython.Py_ssize_t = eol - i
    if k == 0:
        return n >= 4 and word_at(s, i, "VZCZ") and _printable(s, i + 4, eol)
    if k == 1:
        return n >= 2 and _is_prosign_pair(s, i) and _spaced_words_at(s, i + 2, eol, True, 4, 7)
    if k == 3:
        return n >= 3 and s[i] == "Z" and s[i + 1] == "N" and (s[i + 2] == "R" or s[i + 2] == "Y") and (
            _spaced_words_at(s, i + 3, eol, False, 1, n))
    return n >= 2 and s[i] == "F" and s[i + 1] == "M" and _spaced_words_at(s, i + 2, eol, False, 1, n)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _usual_de_parts(s: str, i: cython.Py_ssize_t, eol: cython.Py_ssize_t):
    """The parts (see _de_line) of ``DE RUEHRB #0904/01 3141416`` or ``DE RUEHNO #0067 0431005`` at ``s[i:eol]``;
    None for any other line."""
    if eol - i < 20 or not word_at(s, i, "DE ") or not _is_capital(s[i + 3]):
        return None
    ri: cython.Py_ssize_t = i + 3
    k: cython.Py_ssize_t = ri + 1
    while k < eol and (_is_capital(s[k]) or "0" <= s[k] <= "9"):
        k += 1
    if not 3 <= k - ri <= 8 or eol - k < 14 or s[k] != " " or s[k + 1] != "#" or not _digits(s, k + 2, k + 6):
        return None
    section = None
    filing: cython.Py_ssize_t = k + 7  # (without a section)
    if eol - k == 17 and s[k + 6] == "/" and _digits(s, k + 7, k + 9):
        section = s[k + 7:k + 9]
        filing = k + 10
    if eol - filing != 7 or s[filing - 1] != " " or not _digits(s, filing, eol):
        return None
    return s[ri:k], s[k + 2:k + 6], section, s[filing:eol], ""


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _usual_preamble_parts(s: str, i: cython.Py_ssize_t, eol: cython.Py_ssize_t):
    """The parts (see _read_fl5) of ``P 101416Z NOV 09`` (or ``P R 101416Z NOV 09``, maybe signals after it)
    at ``s[i:eol]``; None for any other line."""
    if eol - i < 16 or not _is_capital(s[i]) or s[i + 1] != " ":
        return None
    info = None
    d: cython.Py_ssize_t = i + 2  # the DTG
    if _is_capital(s[d]) and s[d + 1] == " ":
        info = s[d:d + 1]
        d += 2
    if eol - d < 14 or s[d + 6] != "Z" or s[d + 7] != " " or s[d + 11] != " ":
        return None
    if not (_digits(s, d, d + 6) and _capitals(s, d + 8, d + 11) and _digits(s, d + 12, d + 14)):
        return None
    if not _spaced_words_at(s, d + 14, eol, False, 1, eol):  # the signals
        return None
    return s[i:i + 1], info, s[d:d + 14], s[d + 14:eol]


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _is_prosign_pair(s: str, i: cython.Py_ssize_t) -> cython.bint:
    """Whether a prosign of two letters (the precedence of FL2) is written at ``s[i:i + 2]``."""
    p: str
    for p in _vocabulary().prosign_pairs:
        if s[i] == p[0] and s[i + 1] == p[1]:
            return True
    return False


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _spaced_words_at(s: str, i: cython.Py_ssize_t, end: cython.Py_ssize_t, capitals: cython.bint,
                     shortest: cython.Py_ssize_t, longest: cython.Py_ssize_t) -> cython.bint:
    """Whether ``s[i:end]`` is words of ``shortest`` to ``longest`` characters, each after one space: capital
    letters (FL2's routing indicators) or else printable ASCII."""
    length: cython.Py_ssize_t = -1  # of the word read so far; -1 before the first space
    k: cython.Py_ssize_t
    c: cython.Py_UCS4
    for k in range(i, end):
        c = s[k]
        if c == " ":
            if length >= 0 and not shortest <= length <= longest:
                return False
            length = 0
        elif length < 0 or not (_is_capital(c) if capitals else "!" <= c <= "~"):
            return False
        else:
            length += 1
    return length < 0 or shortest <= length <= longest


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _printable(s: str, i: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """Whether ``s[i:end]`` is printable ASCII without spaces."""
    for i in range(i, end):
        if not "!" <= s[i] <= "~":
            return False
    return True


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _capitals(s: str, i: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    for i in range(i, end):
        if not _is_capital(s[i]):
            return False
    return True


@cython.cfunc
@cython.inline
def _is_capital(c: cython.Py_UCS4) -> cython.bint:
    return "A" <= c <= "Z"


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _past_newlines(s: str, i: cython.Py_ssize_t) -> cython.Py_ssize_t:
    n: cython.Py_ssize_t = len(s)
    while i < n and s[i] == "\n":
        i += 1
    return i


# --- split ------------------------------------------------------------------------------------


# --- the usual addressee line (§2.7) -----------------------------------------------------------


@cython.boundscheck(False)
@cython.wraparound(False)
def usual_addressee(role: str, s: str) -> Addressee | None:
    """The addressee of a line of the usual shape, ``RUEHC/SECSTATE WASHDC PRIORITY 0817``: RI, words
    of printable ASCII one space apart, maybe a precedence and a 4-digit MCN; None for any other line
    (and for one whose last name word _addressee would take for a misspelt precedence or an odd MCN)."""
    end: cython.Py_ssize_t = len(s)  # (of the name)
    slash: cython.Py_ssize_t = _first_slash(s, 8)
    if slash < 3 or end > _MAX_LINE or end == slash + 1 or not _is_routing_indicator(s, slash):
        return None
    if s[slash + 1] == " " or s[slash + 1] == "/" or s[end - 1] == " " or not spaced_words(s):
        return None
    mcn = None
    if end - 5 > slash and s[end - 5] == " " and _digits(s, end - 4, end):
        mcn = substring(s, end - 4, end)
        end -= 5
    tables: _Vocabulary = _vocabulary()
    precedence = _precedence_at_end(tables.precedence_list, s, slash + 1, end)
    cut: cython.Py_ssize_t = end if precedence is None else end - len(precedence) - 1
    if precedence is None:
        space: cython.Py_ssize_t = _last_space(s, slash + 1, end)
        if space >= 0:
            if mcn is None and end - space == 4 and _digits(s, space + 1, end):
                return None
            if _may_be_variant(tables.variant_starts, s, space + 1, end) and (
                    s[space + 1:end] in tables.precedence_variants):
                return None
    name = substring(s, slash + 1, cut)
    ri, station, collective = _station_entry(tables.stations, s, slash)
    # (positional: role, raw, name, routing_indicator, station, precedence, mcn, collective; msgspec matches
    # keywords by name, a cost on every addressee)
    return Addressee(role, s, name, ri, station, precedence, mcn, collective or is_collective(name))


# The routing indicators last read, (RI, station, collective) by a hash of the RI's letters: a few hundred
# stations recur, so most lines find theirs without building the RI and hashing it for the table.
_STATION_SLOTS = cython.declare(cython.Py_ssize_t, 256)
_station_entries = cython.declare(list, [None] * _STATION_SLOTS)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _station_entry(stations: dict, s: str, slash: cython.Py_ssize_t) -> tuple:
    """(RI, station, collective) for the routing indicator ``s[:slash]`` of an ASCII line (see usual_addressee)."""
    if not cython.compiled:
        ri = s[:slash]
        return (ri, *stations.get(ri, NO_STATION))
    data: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(s))
    h: cython.size_t = 0
    i: cython.Py_ssize_t
    for i in range(slash):
        h = h * 31 + data[i]
    slot: cython.Py_ssize_t = h % _STATION_SLOTS
    entry = _station_entries[slot]
    if entry is not None:
        known: str = entry[0]
        if len(known) == slash and memcmp(PyUnicode_DATA(known), data, slash) == 0:
            return entry
    ri = substring(s, 0, slash)
    station, collective = stations.get(ri, NO_STATION)
    entry = (ri, station, collective)
    _station_entries[slot] = entry
    return entry


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _may_be_variant(starts: bytes, s: str, i: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """False where the word ``s[i:end]`` (printable ASCII) starts as no misspelt precedence does."""
    return end - i < 2 or starts[128 * ord(s[i]) + ord(s[i + 1])] != 0


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _first_slash(s: str, limit: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Where the first "/" of ``s[:limit]`` is; -1 without one."""
    if not cython.compiled:
        return s.find("/", 0, limit)
    i: cython.Py_ssize_t
    for i in range(min(limit, len(s))):
        if s[i] == "/":
            return i
    return -1


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _last_space(s: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Where the last space of ``s[start:end]`` is; -1 without one."""
    if not cython.compiled:
        return s.rfind(" ", start, end)
    i: cython.Py_ssize_t
    for i in range(end - 1, start - 1, -1):
        if s[i] == " ":
            return i
    return -1


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _is_routing_indicator(s: str, end: cython.Py_ssize_t) -> cython.bint:
    """Whether ``s[:end]`` is an addressee's routing indicator: ``[RQ][A-Z]{3,6}`` (§2.9), or ``ZEN``
    (delivered by other means, §2.7)."""
    if not cython.compiled:
        letters = s[1:end]
        return s.startswith("ZEN") if end == 3 else (
            4 <= end <= 7 and s[0] in "RQ" and letters.isascii() and letters.isalpha() and letters.isupper())
    i: cython.Py_ssize_t
    if end == 3:
        return s[0] == "Z" and s[1] == "E" and s[2] == "N"
    if end < 4 or end > 7 or (s[0] != "R" and s[0] != "Q"):
        return False
    for i in range(1, end):
        if not "A" <= s[i] <= "Z":
            return False
    return True


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _digits(s: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """Whether ``s[start:end]`` is ASCII digits."""
    return digits_end(s, start, end) == end


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def spaced_words(s: str) -> cython.bint:
    """Whether ``s`` is printable ASCII without two spaces in a row."""
    if not cython.compiled:
        return s.isascii() and s.isprintable() and "  " not in s
    if PyUnicode_KIND(s) != PyUnicode_1BYTE_KIND:
        return False  # (not ASCII)
    data: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(s))
    i: cython.Py_ssize_t
    c: cython.uchar
    after_space: cython.bint = False
    for i in range(len(s)):
        c = data[i]
        if c == 32:  # (a space)
            if after_space:
                return False
            after_space = True
        elif 33 <= c <= 126:  # ("!" to "~")
            after_space = False
        else:
            return False
    return True


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _precedence_at_end(precedences: list, s: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t):
    """The longest precedence the addressee words ``s[start:end]`` end with, a space before it and one
    name word at least left before that; None without one."""
    found = None
    longest: cython.Py_ssize_t = 0
    at: cython.Py_ssize_t
    p: str
    for p in precedences:
        at = end - len(p) - 1  # the space before it
        if start < at and len(p) > longest and s[at] == " " and word_at(s, at + 1, p):
            found, longest = p, len(p)
    return found


@cython.cfunc
def _ends_with(s: str, word: str) -> cython.bint:
    return len(s) >= len(word) and word_at(s, len(s) - len(word), word)


def is_collective(name: str) -> cython.bint:
    """A collective address stands for a group of posts (§2.7): named so (or known as one, known_stations)."""
    n: cython.Py_ssize_t = len(name)
    if n == 0:
        return False
    final: cython.Py_UCS4 = name[n - 1]
    if not ((final == "S" and _ends_with(name, "POSTS")) or (final == "E" and _ends_with(name, "COLLECTIVE"))
            or (name[0] == "A" and n > 4 and word_at(name, 0, "ALL "))):
        return False  # (the usual answer, quickly)
    if "POSTS" not in name and "COLLECTIVE" not in name:
        return False
    last = name[name.rfind(" ") + 1:]
    return last in ("COLLECTIVE", "POSTS") or (name.startswith("ALL ") and "POSTS" in name.split())


