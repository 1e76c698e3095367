"""The classification line, first line of the text (§3.1), and classification levels.

``S E C R E T RABAT 000904`` → SECRET, location RABAT, serial 000904. The level may be letter-spaced
with irregular spacing and case (``S e c r e t nairobi 001938``), with a doubled or lost first
letter (``SS E C R E T``, ``E C R E T``, ``CSE C R E T`` — §7 item 5); captions, caveats, ``E F T O``
and ``SECTION NN OF NN`` may sit between the level and the location. Caption and caveat words come
from the glossary (kinds ``caption`` and ``caveat``), never from lists in this module.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

import cython

from cablekit.data import glossary

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import digits_end, only_spaces, substring, word_at
    from cython.cimports.cpython.unicode import PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND
else:
    from cablekit.formats.scan import digits_end, only_spaces, substring, word_at
from cablekit.model import ReaderWarning, Section

LEVELS = ("UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET", "TOP SECRET")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}


def _spaced(word: str) -> str:
    """A word whose letters may be separated by single spaces (ACP ¶209 letter spacing)."""
    return r"\s{0,2}".join(re.escape(c) for c in word)


def _sloppy(word: str) -> str:
    """A letter-spaced word whose first letter may be doubled, lost or preceded by a stray letter."""
    return rf"[A-Za-z]?\s{{0,2}}(?:{re.escape(word[0])}\s{{0,2}})?{_spaced(word[1:])}"


# Order matters: TOP SECRET before SECRET, UNCLASSIFIED before UNCLAS.
_LEVEL = re.compile(
    rf"""^[\s*>]*(?:
        (?P<ts>{_spaced("TOP")}\s*{_spaced("SECRET")})
      | (?P<lou>LIMITED\s+OFFICIAL\s+USE)
      | (?P<sbu>SENSITIVE\s+BUT\s+UNCLASSIFIED)
      | (?P<u>{_sloppy("UNCLASSIFIED")}|{_sloppy("UNCLAS")})
      | (?P<c>{_sloppy("CONFIDENTIAL")})
      | (?P<s>{_sloppy("SECRET")})
    )(?![A-Za-z])""",
    re.I | re.X,
)
_GROUP_LEVEL = {"ts": "TOP SECRET", "lou": "LIMITED OFFICIAL USE", "sbu": "UNCLASSIFIED",
                "u": "UNCLASSIFIED", "c": "CONFIDENTIAL", "s": "SECRET"}
# The usual spellings, blanks between words or letters of any kind and length.
_CANONICAL_SPELLING = re.compile(
    "^(?:" + "|".join(w.replace(" ", r"\s+") for w in (
        "TOP SECRET", "S E C R E T", "SECRET", "C O N F I D E N T I A L", "CONFIDENTIAL", "UNCLAS", "UNCLASSIFIED",
        "LIMITED OFFICIAL USE", "T O P S E C R E T", "SENSITIVE BUT UNCLASSIFIED")) + ")$",
    re.I,
)

_SECTION = re.compile(r"S?E?CTION\s*(\d{1,2})\s*OF\s*(\d{1,2})\b", re.I)
_FINAL_SECTION = re.compile(r"FINAL\s+SECTION\s+OF\s+(\d{1,2})\b", re.I)
_EFTO = re.compile(rf"{_spaced('EFTO')}(?![A-Za-z])", re.I)
_SEPARATORS = ",;/()-"  # and blanks: a run of them reads as one blank
# LOCATION SERIAL at the end of the line: words (station names, redaction runs) then the number.
_LOCATION_SERIAL = re.compile(r"^(?P<location>[A-Za-z][A-Za-z .'-]*?)[\s.,:]+(?P<serial>\d{1,7})\s*[.,]?\s*$")


def _marking_word(token: str) -> str:
    """Regex of one caption or caveat as written: letter-spaced, or its words joined by blanks or dashes."""
    words = token.split()
    if len(words) == 1 and len(token) >= 5:
        return _spaced(token)  # S I P D I S, E X D I S
    return r"[\s-]+".join(re.escape(w) for w in words)  # OFFICIAL-INFORMAL


class _Markings(NamedTuple):
    """Regexes of every caption and caveat word of the glossary, and token → kind.

    ``any_case`` reads any text. For ASCII text, upper-cased, two faster ways (None if a token is not
    ASCII): ``upper_case`` finds the same words ~10× faster (each starts with its first letter, not
    with a look-behind, and without re.I, so the regex engine skips ahead to those letters), and
    ``squashed``, the tokens without their blanks, tells whether the text, without its blanks and
    dashes, holds any (a substring test each, cheaper than one regex search)."""

    any_case: re.Pattern[str]
    upper_case: re.Pattern[str] | None
    squashed: tuple[str, ...] | None
    kinds: dict[str, str]


@cache
def _marking_words() -> _Markings:
    g = glossary()
    kinds = {token: "caption" for token in g.get("caption", {})}
    kinds.update({token: "caveat" for token in g.get("caveat", {})})
    tokens = sorted(kinds, key=len, reverse=True)
    words = "|".join(_marking_word(token) for token in tokens)
    any_case = re.compile(rf"(?<![A-Za-z])(?:{words})(?![A-Za-z])", re.I)
    if not all(token.isascii() for token in tokens):
        return _Markings(any_case, None, None, kinds)
    upper = [token.upper() for token in tokens]
    by_first = _by_first_letter({token: _marking_word(token) for token in upper}, r"(?<![A-Za-z]{first})")
    squashed = tuple(_squashed(token) for token in upper)
    return _Markings(any_case, re.compile(rf"{by_first}(?![A-Za-z])"), squashed, kinds)


def _by_first_letter(regexes: dict[str, str], after_first: str) -> str:
    """Alternatives (token → its regex, in order) grouped by the token's first letter, ``after_first``
    (where ``{first}`` is that letter) right after it: a regex the engine searches fast, skipping to
    those letters without trying every alternative at each."""
    groups: dict[str, list[str]] = {}
    for token, regex in regexes.items():
        first = re.escape(token[0])
        groups.setdefault(first, []).append(regex[len(first):])  # each regex starts with its first letter
    return "(?:" + "|".join(
        first + after_first.format(first=first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items()) + ")"


@cython.cfunc
def _squashed(text: str) -> str:
    """Without blanks and dashes."""
    return "".join(text.replace("-", " ").split())


@cython.cfunc
def _holds_any(text: str, words: tuple) -> cython.bint:
    word: str
    for word in words:
        if word in text:
            return True
    return False


@cython.cclass
class SquashedWords:
    """Upper-case ASCII words (two letters at least) that :func:`_may_hold` looks for: listed by first
    letter (A → 0), and which pairs of first two letters start one (A, B → 1, the pair's byte)."""

    usable: cython.bint  # False where a word is not ASCII: the test is not made
    by_first: list
    pairs: bytes

    def __init__(self, words: tuple | None) -> None:
        self.usable = words is not None
        self.by_first = [() for _ in range(26)]
        pairs = bytearray(26 * 26)
        for word in words or ():
            first, second = ord(word[0]) - ord("A"), ord(word[1]) - ord("A")
            self.by_first[first] += (word,)
            pairs[first * 26 + second] = 1
        self.pairs = bytes(pairs)


# The squashed caption and caveat tokens (``_marking_words().squashed``), and the ends of the level
# words (:func:`has_level_word_str`), bound on first use.
_marking_tokens = cython.declare(SquashedWords, None)
_level_words = cython.declare(SquashedWords, None)


@cython.cfunc
def _squashed_tokens() -> SquashedWords:
    global _marking_tokens
    if _marking_tokens is None:
        _marking_tokens = SquashedWords(_marking_words().squashed)
    return _marking_tokens


_NOT_ASCII = cython.declare(cython.int, 2)


@cython.cfunc
def _may_hold(text: str, end: cython.Py_ssize_t, words: SquashedWords, spaces_only: cython.bint) -> cython.int:
    """Whether ``text[:end]``, upper-cased, without its blanks and dashes (``spaces_only``: without
    its spaces), holds one of ``words``: 1 if it does, 0 if not; _NOT_ASCII for text that is not
    ASCII (where upper-casing may change lengths: the test is not made). Compiled only."""
    if PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND:
        return _NOT_ASCII
    data: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(text))
    pairs: cython.p_char = words.pairs
    i: cython.Py_ssize_t
    c: cython.int
    letter: cython.int
    first: cython.int = -1  # the last letter (A → 0) if only skipped characters follow it, else -1
    word: str
    for i in range(end):  # one pass: each letter is tried as the second letter of a word
        c = data[i]
        if c >= 128:
            return _NOT_ASCII
        letter = _upper(c) - ord("A")
        if 0 <= letter < 26:
            if first >= 0 and pairs[first * 26 + letter]:
                for word in cython.cast(tuple, words.by_first[first]):
                    if ord(word[1]) - ord("A") == letter and _squashed_at(data, i + 1, end, word, spaces_only):
                        return 1
            first = letter
        elif not _skipped(c, spaces_only):
            first = -1
    return 0



@cython.cfunc
@cython.inline
def _upper(letter: cython.int) -> cython.int:
    """The code of an ASCII letter upper-cased; any other code as it is."""
    return letter - 32 if ord("a") <= letter <= ord("z") else letter


@cython.cfunc
@cython.inline
def _skip(data: cython.p_uchar, i: cython.Py_ssize_t, end: cython.Py_ssize_t,
          spaces_only: cython.bint) -> cython.Py_ssize_t:
    """The first position from ``i`` on that :func:`_may_hold` does not skip (or ``end``)."""
    while i < end and _skipped(data[i], spaces_only):
        i += 1
    return i


@cython.cfunc
@cython.inline
def _skipped(c: cython.int, spaces_only: cython.bint) -> cython.bint:
    """Whether :func:`_may_hold` skips character ``c``."""
    return c == ord(" ") if spaces_only else _blank_or_dash(c)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _squashed_at(data: cython.p_uchar, i: cython.Py_ssize_t, end: cython.Py_ssize_t, word: str,
                 spaces_only: cython.bint) -> cython.bint:
    """Whether the rest of ``word`` (after its first two letters) follows in ``data[i:end]`` as
    :func:`_may_hold` reads the text."""
    k: cython.Py_ssize_t
    for k in range(2, len(word)):
        i = _skip(data, i, end, spaces_only)
        if i == end or _upper(data[i]) != ord(word[k]):
            return False
        i += 1
    return True


@cython.cfunc
@cython.inline
def _blank_or_dash(c: cython.int) -> cython.bint:
    """A dash, or an ASCII character that ``str.split()`` splits at."""
    return c == ord(" ") or c == ord("-") or 9 <= c <= 13 or 28 <= c <= 31


@cache
def marking_kind(word: str) -> tuple[str, str] | None:
    """Canonical glossary token and kind ("caption" | "caveat") of a marking as written."""
    kinds = _marking_words().kinds
    squashed = re.sub(r"[\s-]+", " ", word.strip().upper())
    if squashed in kinds:
        return squashed, kinds[squashed]
    letters = squashed.replace(" ", "")
    for token, kind in kinds.items():
        if token.replace(" ", "") == letters:
            return token, kind
    return None


def find_markings(text: str) -> list[tuple[int, int, str, str]]:
    """Every caption/caveat in ``text``: (start, end, token, kind)."""
    if cython.compiled:
        tokens: SquashedWords = _squashed_tokens()
        if tokens.usable and not _may_hold(text, len(text), tokens, False):
            return []  # most lines (the squashed test of markings_by_regex, as a typed scan)
    return markings_by_regex(text)


def markings_by_regex(text: str) -> list[tuple[int, int, str, str]]:
    """:func:`find_markings` by the regexes (and a squashed-substring test before them)."""
    markings = _marking_words()
    if markings.upper_case and text.isascii():
        upper = text.upper()
        if not _holds_any(_squashed(upper), markings.squashed):
            return []
        matches = markings.upper_case.finditer(upper)
    else:
        matches = markings.any_case.finditer(text)
    found = []
    for m in matches:
        known = marking_kind(m.group(0))
        if known:
            found.append((m.start(), m.end(), *known))
    return found


class ClassificationLine(NamedTuple):
    classification: str | None
    caveats: list[str]
    section: Section | None
    location: str | None
    serial: str | None
    warnings: list[ReaderWarning]
    captions: list[str]
    sensitive: bool


@cython.cfunc
def _made(fields: tuple) -> ClassificationLine:
    """``ClassificationLine(*fields)`` without the NamedTuple's ``__new__`` (interpreted Python)."""
    return tuple.__new__(ClassificationLine, fields)


_NOT_A_LINE = ClassificationLine(None, [], None, None, None, [], [], False)


def _warning(code: str, message: str) -> ReaderWarning:
    return ReaderWarning(code=code, message=message, where="body.classification_line")


def _has_level_word(line: str) -> bool:
    """Quick test: what is left of a level word however it is spaced or misspelt at its start."""
    if cython.compiled:
        global _level_words
        if _level_words is None:
            _level_words = SquashedWords(_LEVEL_WORD_ENDS)
        found: cython.int = _may_hold(line, min(len(line), 40), _level_words, True)
        return found == 1 or (found == _NOT_ASCII and has_level_word_str(line))
    return has_level_word_str(line)


_LEVEL_WORD_ENDS = ("ECRET", "ONFIDENTIAL", "NCLAS", "LIMITEDOFFICIALUSE")


def has_level_word_str(line: str) -> bool:
    """:func:`_has_level_word` by str methods (any text)."""
    head = line[:40].replace(" ", "").upper()
    return "ECRET" in head or "ONFIDENTIAL" in head or "NCLAS" in head or "LIMITEDOFFICIALUSE" in head


# Most classification lines: a level in its usual spelling, [SECTION NN OF NN] LOCATION SERIAL, upper
# case, single-spaced. UNCLAS is not the start of a letter-spaced UNCLAS SIFIED (read as UNCLASSIFIED).
_USUAL_LEVELS = {"S E C R E T": "SECRET", "SECRET": "SECRET", "C O N F I D E N T I A L": "CONFIDENTIAL",
                 "CONFIDENTIAL": "CONFIDENTIAL", "UNCLASSIFIED": "UNCLASSIFIED", "UNCLAS": "UNCLASSIFIED",
                 "TOP SECRET": "TOP SECRET", "T O P S E C R E T": "TOP SECRET",
                 "LIMITED OFFICIAL USE": "LIMITED OFFICIAL USE"}
_UNCLAS_ALONE = rf"UNCLAS(?!\s{{0,2}}{_spaced('SIFIED')}(?![A-Za-z]))"
_USUAL_LINE = re.compile(
    "(" + "|".join(_UNCLAS_ALONE if level == "UNCLAS" else level for level in _USUAL_LEVELS) + ")"
    r" (?:SECTION ([0-9]{1,2}) OF ([0-9]{1,2}) )?([A-Z]+(?: [A-Z]+)*) ([0-9]{1,7})\s*")


@lru_cache(maxsize=4096)  # locations are a small vocabulary (posts)
def _plain_location(location: str) -> bool:
    """No marking, EFTO or section word in the location, nor in the section phrase before it
    (markings are letter runs: digits part them, so each run is tested on its own)."""
    return "SECTION" not in location and not _EFTO.search(location) and not find_markings(f"SECTION 1 OF 1 {location}")


def _section(number: int, of: int, warnings: list[ReaderWarning]) -> Section:
    if not 1 <= number <= of:
        warnings.append(_warning("section-out-of-range", f"section {number} of {of}"))
    return Section(number=number, of=of)


def read_classification_line(line: str) -> ClassificationLine:
    """Everything the classification line says, including captions glued on it (SIPDIS …)."""
    if not line or len(line) > 300:
        return _NOT_A_LINE
    if not _has_level_word(line):  # most lines
        return _NOT_A_LINE
    return _read_usual_line(line) or _read_line(line)


def _read_usual_line(line: str) -> ClassificationLine | None:
    """A line of the usual shape, as :func:`_read_line` reads it: with no marking, EFTO or SECTION word
    among the location's letters, the only section phrase is the one matched; None for other lines."""
    return usual_line_by_scan(line) if cython.compiled else usual_line_by_regex(line)


def usual_line_by_regex(line: str) -> ClassificationLine | None:
    """:func:`_read_usual_line` by the regex ``_USUAL_LINE``."""
    m = _USUAL_LINE.fullmatch(line)
    if m is None:
        return None
    written, number, of, location, serial = m.groups()
    return _usual(_USUAL_LEVELS[written], int(number) if number else -1, int(of) if of else -1, location, serial)


_USUAL_SPELLINGS = cython.declare(tuple, tuple(_USUAL_LEVELS))  # in the regex's order


@cython.ccall
def usual_line_by_scan(line: str) -> object:
    """:func:`usual_line_by_regex` by a typed scan (it reads any text; the compiled reader's way).
    Where ``SECTION`` follows the level but no section phrase does, the regex could only take it as
    the location, which :func:`_plain_location` refuses: None."""
    n: cython.Py_ssize_t = len(line)
    spelling: cython.Py_ssize_t = _usual_spelling(line)
    if spelling < 0:
        return None
    written: str = _USUAL_SPELLINGS[spelling]
    i: cython.Py_ssize_t = len(written) + 1
    j: cython.Py_ssize_t
    number: cython.int = -1
    of: cython.int = -1
    if word_at(line, i, "SECTION "):
        j = digits_end(line, i + 8, min(n, i + 10))
        if j == i + 8 or not word_at(line, j, " OF "):
            return None
        number = _number(line, i + 8, j)
        i = digits_end(line, j + 4, min(n, j + 6))
        if i == j + 4 or not word_at(line, i, " "):
            return None
        of = _number(line, j + 4, i)
        i += 1
    start: cython.Py_ssize_t = i
    if not (i < n and _capital(line[i])):
        return None
    while True:  # [A-Z]+(?: [A-Z]+)* then a blank and the serial
        while i < n and _capital(line[i]):
            i += 1
        if i + 1 >= n or line[i] != " ":
            return None
        if not _capital(line[i + 1]):
            break
        i += 1
    j = digits_end(line, i + 1, min(n, i + 8))
    if j == i + 1 or not only_spaces(line, j, n):
        return None
    return _usual(_USUAL_LEVELS[written], number, of, substring(line, start, i), substring(line, i + 1, j))


@cython.cfunc
def _usual_spelling(line: str) -> cython.Py_ssize_t:
    """Index in ``_USUAL_SPELLINGS`` of the level written at the start of ``line`` and a blank after
    it (UNCLAS not the start of a letter-spaced UNCLAS SIFIED), -1 if none."""
    k: cython.Py_ssize_t
    written: str
    for k in range(len(_USUAL_SPELLINGS)):
        written = _USUAL_SPELLINGS[k]
        if word_at(line, 0, written) and word_at(line, len(written), " "):
            if written == "UNCLAS" and _spaced_at(line, len(written), "SIFIED"):
                return -1
            return k
    return -1


@cython.cfunc
def _spaced_at(line: str, i: cython.Py_ssize_t, word: str) -> cython.bint:
    """Whether ``word`` is written at ``i`` as :func:`_spaced` reads it, up to two blanks before each
    letter, and no ASCII letter right after it."""
    n: cython.Py_ssize_t = len(line)
    k: cython.Py_ssize_t
    blanks: cython.int
    for k in range(len(word)):
        blanks = 0
        while blanks < 2 and i < n and line[i].isspace():
            i += 1
            blanks += 1
        if i >= n or line[i] != word[k]:
            return False
        i += 1
    return not (i < n and ("A" <= line[i] <= "Z" or "a" <= line[i] <= "z"))


@cython.cfunc
def _capital(c: cython.Py_UCS4) -> cython.bint:
    return "A" <= c <= "Z"


@cython.cfunc
def _number(line: str, i: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.int:
    """The value of the ASCII digits ``line[i:end]``."""
    value: cython.int = 0
    while i < end:
        value = value * 10 + (ord(line[i]) - ord("0"))
        i += 1
    return value


@cython.cfunc
def _usual(level: str, number: cython.int, of: cython.int, location: str, serial: str) -> object:
    """The reading of a usual line (``number`` -1: no section phrase), None if its location holds a
    marking, EFTO or SECTION word."""
    if not _plain_location(location):
        return None
    warnings: list[ReaderWarning] = []
    section = _section(number, of, warnings) if number >= 0 else None
    return _made((level, [], section, location, serial, warnings, [], False))


def _read_line(line: str) -> ClassificationLine:
    """Any line: the level spaced or misspelt, markings, EFTO and the section phrase anywhere."""
    m = _LEVEL.match(line)
    if not m:
        return _NOT_A_LINE
    group = m.lastgroup or ""
    level = _GROUP_LEVEL[group]
    written = m.group(0).strip(" \t*>")
    warnings: list[ReaderWarning] = []
    if not _CANONICAL_SPELLING.match(written):
        warnings.append(_warning("classification-misspelt", f"classification written {written!r}, read as {level}"))
    caveats: list[str] = []
    captions: list[str] = []
    sensitive = group == "sbu"
    section: Section | None = None
    rest = line[m.end():]
    # Markings and the section phrase may sit anywhere before LOCATION SERIAL: take them out.
    for start, end, token, kind in reversed(find_markings(rest)):
        if token == "SENSITIVE":
            sensitive = True
        (captions if kind == "caption" else caveats).insert(0, token)
        rest = rest[:start] + " " + rest[end:]
    efto = _EFTO.search(rest)
    if efto and "EFTO" not in caveats:
        caveats.insert(0, "EFTO")
        rest = rest[:efto.start()] + " " + rest[efto.end():]
    sm = _SECTION.search(rest) or _FINAL_SECTION.search(rest)
    if sm:
        if sm.re is _SECTION:
            section = _section(int(sm.group(1)), int(sm.group(2)), warnings)
        else:
            section = _section(int(sm.group(1)), int(sm.group(1)), warnings)
        rest = rest[:sm.start()] + " " + rest[sm.end():]
    for separator in _SEPARATORS:
        rest = rest.replace(separator, " ")
    rest = " ".join(rest.split())
    location = serial = None
    lm = _LOCATION_SERIAL.match(rest)
    if lm:
        location = lm.group("location").strip(" .'-").upper() or None  # blanks already single
        serial = lm.group("serial")
    elif rest:
        warnings.append(_warning("classification-line-unread", f"could not read {rest!r} on the classification line"))
    return _made((level, caveats, section, location, serial, warnings, captions, sensitive))


def parse_classification_line(
    line: str,
) -> tuple[str | None, list[str], Section | None, str | None, str | None, list[ReaderWarning]]:
    """(classification, caveats, section, location, serial, warnings) of a classification line.

    ``classification`` is None when the line is not a classification line.
    """
    return read_classification_line(line)[:6]


def classification_rank(level: str | None) -> int:
    """UNCLASSIFIED 0 < LIMITED OFFICIAL USE 1 < CONFIDENTIAL 2 < SECRET 3 < TOP SECRET 4; unknown -1."""
    return _RANK.get((level or "").upper(), -1)


_WL_OFFICIAL_USE = re.compile(r"FOR\s+OFFICIAL\s+USE\s+ONLY|FOUO|SBU", re.I)


def level_of_wikileaks(value: str | None) -> tuple[str | None, list[str]]:
    """Level and caveats of a metadata value: ``SECRET//NOFORN`` → (SECRET, [NOFORN]).

    ``UNCLASSIFIED//FOR OFFICIAL USE ONLY`` is how WikiLeaks shows SBU cables (§1.3): its caveat is
    ``SBU``, to compare with the opening block's ``sensitive`` flag.
    """
    if not value:
        return None, []
    head, _, tail = value.partition("//")
    m = _LEVEL.match(head.strip())
    if not m or head.strip()[m.end():].strip():
        return None, []
    level = _GROUP_LEVEL[m.lastgroup or ""]
    caveats = []
    for part in filter(None, (p.strip() for p in tail.split("//"))):
        if _WL_OFFICIAL_USE.fullmatch(part):
            caveats.append("SBU")
        else:
            known = marking_kind(part)
            caveats.append(known[0] if known else part.upper())
    return level, caveats
