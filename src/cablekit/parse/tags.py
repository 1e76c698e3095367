"""TAGS: Traffic Analysis by Geography and Subject (§4.2–4.5).

``MARR PREL MASS MO`` → four typed, glossed tags. The line is tolerant of commas and/or spaces,
wrapped lines, lower case, duplicates, codes glued together (``PHUMPGOV``), person tags
(``(STEINBERG, JAMES B.)``, ``OVIP CLINTON HILLARY``), free text and ``SIPDIS`` leaking in. Each
code is typed and glossed from the bundled TAGS table, preferring the era of the cable (the 1974
handbook for cables before 1980, the Cablegate-era list after).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import cython

from cablekit.data import TagInfo, tags as tag_table
from cablekit.model import ReaderWarning, Tag

# Person tags follow these visit/travel subject tags (§4.5).
_PERSON_AFTER = frozenset({"OVIP", "OREP"})
_SPLIT = re.compile(r"[\s,;|]+")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9&./'-]*$")
_LETTERS = re.compile(r"^[A-Z]+$")
_MIN_GLUED = 6  # two codes glued: 4 + 2 letters at least
_ERA = {True: "1974", False: "cablegate"}  # the TAGS list of the cable's era (§4.3, §4.4)
_KIND_ORDER = {2: ("geographic", "region", "organization", "subject", "program"),
               4: ("subject", "program", "organization", "geographic", "region")}


def _warning(code: str, message: str) -> ReaderWarning:
    return ReaderWarning(code=code, message=message, where="body.tags")


@cache
def _entry(code: str, early: bool) -> TagInfo | None:
    """The table entry of a code for the cable's era (a code may have several entries)."""
    entries = tag_table().get(code)
    if not entries:
        return None
    era, kinds = _ERA[early], _KIND_ORDER.get(len(code), _KIND_ORDER[4])

    def rank(e: TagInfo) -> tuple[int, int]:
        # An entry of the cable's era (or of both) first; then the kind the code's shape suggests.
        return (e.era not in (era, "both")), (kinds.index(e.kind) if e.kind in kinds else len(kinds))

    return min(entries, key=rank)


def type_tag(code: str, *, year: int | None = None) -> tuple[Tag, list[ReaderWarning]]:
    """One code → Tag(kind, meaning) from the table; fallbacks: 2 letters → geographic,
    K + 3 letters → program, anything else → unknown (with a warning)."""
    tag, warnings = _typed(code, year)
    return tag, list(warnings)


@cython.cfunc
def _early(year: object) -> cython.bint:
    """Whether a cable of ``year`` uses the 1974 TAGS list (1973–79, §4.3)."""
    return year is not None and year < 1980


@lru_cache(maxsize=8192)  # codes are a small vocabulary: each is typed once per year
def _typed(code: str, year: int | None) -> tuple[Tag, tuple[ReaderWarning, ...]]:
    early = _early(year)
    entry = _entry(code, early)
    if entry:
        tag = Tag(code=code, kind=entry.kind, meaning=entry.meaning or None)
        if year is not None and entry.era not in (_ERA[early], "both"):
            return tag, (_warning("tag-other-era", f"{code} is a code of the {entry.era} TAGS list, not of {year}"),)
        return tag, ()
    if len(code) == 2 and _LETTERS.match(code):
        return Tag(code=code, kind="geographic"), (_warning("tag-unknown-geographic", f"{code} is not in the TAGS table"),)
    if len(code) == 4 and code.startswith("K") and _LETTERS.match(code):
        return Tag(code=code, kind="program"), (_warning("tag-unknown-program", f"{code} is not in the TAGS table"),)
    return Tag(code=code, kind="unknown"), (_warning("tag-unknown", f"{code} is not a known TAGS code"),)


def split_glued(token: str) -> list[str] | None:
    """``PHUMPGOV`` → [PHUM, PGOV]; ``KFRDKIRF…SMIGEG`` → [KFRD, KIRF, …, SMIG, EG] (§4.2).

    Only 4-letter subject/program codes, with at most one 2-letter country code at the end, so that
    words such as BRUSSELS are never cut into country codes.
    """
    if len(token) < _MIN_GLUED or not _LETTERS.match(token) or token in tag_table():
        return None
    table = tag_table()
    cut = len(token) - 2 if len(token) % 4 == 2 else len(token)
    if cut % 4 or (cut < len(token) and token[cut:] not in table):
        return None
    codes = [token[i:i + 4] for i in range(0, cut, 4)] + ([token[cut:]] if cut < len(token) else [])
    # Every 4-letter part a listed code or a K (program) code, and most of them listed.
    fours = codes[:cut // 4]
    known = sum(1 for c in fours if c in table)
    if not all(c in table or c.startswith("K") for c in fours) or known * 2 < len(fours):
        return None
    return codes if len(codes) >= 2 else None


def _person(text: str) -> str:
    """``STEINBERG, JAMES B.`` / ``CLINTON HILLARY`` → ``SURNAME, GIVEN`` (§4.5)."""
    words = [w for w in _SPLIT.split(text.strip().upper()) if w]
    if "," in text:
        surname, _, given = text.upper().partition(",")
        return f"{' '.join(surname.split())}, {' '.join(given.split())}".strip(", ")
    return f"{words[0]}, {' '.join(words[1:])}" if len(words) > 1 else " ".join(words)


_TOKEN = re.compile(r"\([^()]*\)|[,;|]|[^\s,;|()]+")  # a parenthesised name, a comma, a word
_COMMAS = frozenset(",;|")


def _tokens(text: str) -> list[str]:
    """The tokens of ``text`` in order: ``(NAME)``, a comma (or ; |), or a word."""
    if "(" in text or ")" in text:
        return _TOKEN.findall(text)
    return text.replace(";", ",").replace("|", ",").replace(",", " , ").split()  # the same, faster


def _lower_case_only(text: str) -> bool:
    if text.isascii():
        return text.islower()
    return any(c.islower() for c in text) and not any(c.isupper() for c in text)


def parse_tags(raw: str, *, year: int | None = None) -> tuple[list[Tag], list[ReaderWarning]]:
    """Read the text of a TAGS line (keyword already removed; may span wrapped lines)."""
    return read_codes_only(raw or "", year) or read_tags(raw, year)


@cache
def _era_tags() -> dict[bool, dict[str, Tag]]:
    """early → code → Tag of every table code that a cable of the era reads without a warning."""
    return {early: {code: tag for code in tag_table() for tag, warnings in [_typed.__wrapped__(code, year)] if not warnings}
            for early, year in ((True, 1979), (False, 1980))}


# _era_tags()[True] and [False], bound on first use (a C variable each when compiled).
_early_tags = cython.declare(dict, None)
_later_tags = cython.declare(dict, None)


@cython.cfunc
def _tags_of_era(early: cython.bint) -> dict:
    global _early_tags, _later_tags
    if _early_tags is None:
        _early_tags, _later_tags = _era_tags()[True], _era_tags()[False]
    return _early_tags if early else _later_tags


@cython.cfunc
def _repeated(words: list, tags: list, all_listed: cython.bint) -> cython.bint:
    """Whether a word occurs twice; with every word listed, the same Tag object twice (one a code)."""
    n: cython.Py_ssize_t = len(tags)
    if not all_listed or n > 16:
        return len(set(words)) < len(words)
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(1, n):
        for j in range(i):
            if tags[i] is tags[j]:
                return True
    return False


def read_codes_only(raw: str, year: int | None) -> tuple[list[Tag], list[ReaderWarning]] | None:
    """The usual line, as :func:`read_tags` reads it: upper-case codes parted by blanks or commas,
    none repeated, no free text or person; None for any other line."""
    words: list = raw.replace(",", " ").split()
    era_tags: dict = _tags_of_era(_early(year))
    tags: list = []
    all_listed: cython.bint = True
    for word in words:
        tag = era_tags.get(word)
        if tag is None:
            all_listed = False
        tags.append(tag)
    if _repeated(words, tags, all_listed):
        return None
    if all_listed:
        return tags, []
    warnings: list[ReaderWarning] = []
    i: cython.Py_ssize_t
    for i in range(len(words)):
        if tags[i] is None:
            word = words[i]
            # A code of the other era, or an unlisted one that reads as a code: short, upper-case
            # letters and digits, not after OVIP (where it is a person's name).
            if word not in tag_table() and not (len(word) <= 5 and word.isascii() and word.isalnum()
                                                and word.upper() == word and not (i and words[i - 1] in _PERSON_AFTER)):
                return None
            tags[i], tag_warnings = _typed(word, year)
            warnings += tag_warnings
    return tags, warnings


def read_tags(raw: str, year: int | None) -> tuple[list[Tag], list[ReaderWarning]]:
    """Any TAGS line: person tags, free text, glued codes, SIPDIS, lower case (§4.2, §4.5)."""
    warnings: list[ReaderWarning] = []
    raw = (raw or "").strip()
    if not raw:
        return [], []
    if _lower_case_only(raw):
        warnings.append(_warning("tags-lower-case", "TAGS written in lower case"))
    tokens = _tokens(raw.upper())
    comma_separated = not _COMMAS.isdisjoint(tokens)
    codes: list[tuple[str, str | None]] = []  # (code, forced kind)
    pending_free: list[str] = []

    def flush_free() -> None:
        """Words that are no codes: a person after OVIP, else free text (§4.2, §4.5)."""
        if pending_free:
            if codes and codes[-1][0] in _PERSON_AFTER:
                codes.append((_person(" ".join(pending_free)), "person"))
            elif comma_separated:
                codes.append((" ".join(pending_free), None))  # free text runs up to the next comma
            else:
                codes.extend((w, None) for w in pending_free)  # without commas, words are the tags
            pending_free.clear()

    table = tag_table()
    for token in tokens:
        if token in _COMMAS:
            if pending_free:
                flush_free()
            continue
        if token[0] == "(":
            flush_free()
            person = token[1:-1]
            if person.strip():
                codes.append((_person(person), "person"))
            continue
        token = token.strip(".;:")
        if not token:
            continue
        if token == "SIPDIS":
            warnings.append(_warning("tags-sipdis", "the SIPDIS caption leaked into TAGS; dropped"))
        elif token in table:
            if pending_free:
                flush_free()
            codes.append((token, None))
        elif glued := split_glued(token):
            flush_free()
            warnings.append(_warning("tags-glued", f"{token} split into {' '.join(glued)}"))
            codes.extend((c, None) for c in glued)
        elif _CODE.match(token) and len(token) <= 5 and not pending_free and not (
                codes and codes[-1][0] in _PERSON_AFTER):
            codes.append((token, None))  # a misspelt or unlisted code (MOPPS, PECON)
        else:
            pending_free.append(token)
    flush_free()

    tags: list[Tag] = []
    seen: set[str] = set()
    for code, kind in codes:
        if code in seen:
            warnings.append(_warning("tags-duplicate", f"{code} repeated; kept once"))
            continue
        seen.add(code)
        if kind == "person":
            tags.append(Tag(code=code, kind="person"))
            continue
        tag, tag_warnings = _typed(code, year)
        if tag.kind == "unknown" and " " in code:
            tag_warnings = (_warning("tags-free-text", f"free text {code!r} in TAGS"),)
        tags.append(tag)
        if tag_warnings:
            warnings += tag_warnings
    return tags, warnings
