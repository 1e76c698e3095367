"""What a line of the opening block is, read from its start: the lexer of :mod:`opening`.

A line is an element's keyword line (E.O., TAGS, SUBJECT, REF, Classified By, typos included, with
where its value starts), a page header or review stamp to skip, a corrected-copy notice, a stop (the
text begins: a numbered paragraph, SUMMARY, a row of dashes, a classification written out) or none
of these (§8.1 step 3). The regexes below are the definition; ASCII lines are read by a typed scan
that gives the same answers (tests/test_opening.py holds them equal). Its small character tests
(``blank``, ``blanks``, ``same_letter``, ``any_case_at``, ``holds``) serve :mod:`opening`,
:mod:`classified_by` and :mod:`references` too, through ``line_kinds.pxd``.
"""

from __future__ import annotations

import re

import cython

# Element kinds.
EO, TAGS, SUBJECT, REF, CLASSIFIED_BY = "eo", "tags", "subject", "ref", "classified_by"
KEEP_KEYWORD = (EO, CLASSIFIED_BY)  # their modules read the keyword too (E.O. order, "(U) Classified by")

# What a line of the block is, from its start — one match per line (§8.1 step 3):
_LEAD = r"^[\s*]*"  # blanks and stray asterisks
KEYWORDS = {  # keywords at the start of a line, typos included (§7 items 7-11)
    EO: r"E\s?\.?\s?O\b\.?\s*(?:\d{3,5}|X{3,})|DECL\s*:",
    TAGS: r"(?:TAGS?|TAGE|TABS|TGS)\b\s*[:;.]?|(?:TAS|AGS)\s*:",
    SUBJECT: r"S?UBJ(?:ECT)?\b\s*[:.;-]?",
    REF: r"(?:(?:PROGRAM\s+)?REF(?:S|TELS?|\(S\)|ERENCES?)?|RETELS?)\b\s*[:.]?",
    CLASSIFIED_BY: r"(?:\(U\)\s*)?(?:CLASS?I?FI?E?D\s+BY|DERIVED\s+FROM)\b",
}
_KEYWORD = re.compile(_LEAD + "(?:" + "|".join(f"(?P<{k}>{p})" for k, p in KEYWORDS.items()) + ")", re.I)
# Page headers (§3.2) and NARA's review stamp (1970s texts) are no elements; tried first, but only
# on lines with their words (OF, RELEASED, SYSTEMAT, in upper case).
_SKIP = re.compile(
    _LEAD + r"(?P<skip>[A-Za-z][A-Za-z ]*?\s+\d{8}\s+\d{3}(?:\.\d+)?\s+OF\s+(?:\d{1,3}|\.\.\.|…)\S*\s*$"
    r"|Declassified/Released\b|Systematic\s+Review\b)",
    re.I,
)
# The other kinds of line, in the order tried, with the characters each can start with (in upper
# case, after the lead): a line is only tried for the kinds its first character allows.
_LINE_KINDS = {
    "corrected": (r"C\s?O\s?R\s?R\s?E\s?C\s?T(?:\s?E\s?D)?\s+C\s?O\s?P\s?Y\b", "C"),
    EO: (KEYWORDS[EO], "ED"),
    TAGS: (KEYWORDS[TAGS], "TA"),
    SUBJECT: (KEYWORDS[SUBJECT], "SU"),
    REF: (KEYWORDS[REF], "PR"),
    CLASSIFIED_BY: (KEYWORDS[CLASSIFIED_BY], "(CD"),
    # the text begins: numbered paragraph, SUMMARY / INTRODUCTION heading, dashes, a new classification line
    "stop": (r"\(?\d{1,3}\s?[.)](?!\d)\s*\S|-*\s*(?:BEGIN\s+)?SUMM?AR?Y\b|(?:INTRODUCTION|BACKGROUND)\s*[:.]"
             r"|[-=_~*]{4,}\s*$|(?:T O P S E C R E T|S E C R E T|C O N F I D E N T I A L|UNCLAS(?:SIFIED)?|"
             r"LIMITED OFFICIAL USE)\b", "(0123456789-=_~*BSILTCU"),
}


def _kinds_regex(kinds: list[str]) -> str:
    return "(?:" + "|".join(f"(?P<{kind}>{_LINE_KINDS[kind][0]})" for kind in kinds) + ")"


_LINE = re.compile(_LEAD + _kinds_regex(list(_LINE_KINDS)), re.I)
_LINE_BY_FIRST = {  # the same regex, for lines starting (after blanks) with a given ASCII character
    first: re.compile(_kinds_regex([kind for kind, (_, firsts) in _LINE_KINDS.items() if first in firsts]), re.I)
    for first in sorted(set("".join(firsts for _, firsts in _LINE_KINDS.values())))
}


_PARAGRAPH = re.compile(r"^\s*\(?\d{1,3}\s?[.)](?!\d)\s*\S")  # a numbered paragraph: the text begins
_SKIPPED, _CORRECTED, _STOPS, _NOT_KNOWN = ("skip", 0), ("corrected", 0), ("stop", 0), (None, 0)


@cython.cfunc
def has_digit_run(text: str, run: cython.Py_ssize_t) -> cython.bint:
    """Whether ``text`` holds ``run`` ASCII digits in a row (a page header's date-time group)."""
    count: cython.Py_ssize_t = 0
    c: cython.Py_UCS4
    for c in text:
        if "0" <= c <= "9":
            count += 1
            if count >= run:
                return True
        else:
            count = 0
    return False


def _line_kind_matched(text: str) -> tuple:
    """:func:`line_kind` by the regexes (the definition; the typed reading below must agree)."""
    upper = text.upper() if text.isascii() else None  # (upper-casing other text costs ~50x more)
    if upper is None or ("OF" in upper and has_digit_run(text, 8)) or "RELEASED" in upper or "SYSTEMAT" in upper:
        if _SKIP.match(text):
            return _SKIPPED
    start = len(text) - len(text.lstrip()) if text[0].isspace() else 0
    first = text[start]
    if first == "*" or not first.isascii():  # (a lead of asterisks may be given back to a row of them)
        m = _LINE.match(text)
    else:
        regex = _LINE_BY_FIRST.get(first.upper())
        m = regex.match(text, start) if regex else None
    if m is None:
        return _NOT_KNOWN
    kind = m.lastgroup
    if kind in KEYWORDS:
        return _keyword_of(m)
    return _CORRECTED if kind == "corrected" else _STOPS


@cython.ccall
def line_kind(text: str) -> tuple:
    """What a line of the block is, from its start (not blank): (kind, where its value starts);
    kind is an element, "skip", "corrected", "stop" or None."""
    if cython.compiled and text.isascii():
        return line_kind_typed(text)
    return _line_kind_matched(text)


# --- the same, read character by character (ASCII lines): each function below is one regex of
# KEYWORDS or _LINE_KINDS matched at ``p`` (what it consumes, or -1 / False). In ASCII text, re.I
# folds only the ASCII letters, ``\s`` is " \t\n\v\f\r" and \x1c-\x1f, ``\b`` is between [A-Za-z0-9_]
# and anything else.

@cython.cfunc
@cython.exceptval(check=False)
def blank(c: cython.Py_UCS4) -> cython.bint:
    return c == " " or "\t" <= c <= "\r" or "\x1c" <= c <= "\x1f"


@cython.cfunc
@cython.inline
def _digit(c: cython.Py_UCS4) -> cython.bint:
    return "0" <= c <= "9"


@cython.cfunc
@cython.inline
def _word_char(c: cython.Py_UCS4) -> cython.bint:
    return "0" <= c <= "9" or "A" <= c <= "Z" or "a" <= c <= "z" or c == "_"


@cython.cfunc
@cython.exceptval(check=False)
def same_letter(c: cython.Py_UCS4, upper: cython.Py_UCS4) -> cython.bint:
    """``c`` is ``upper`` (an upper-case letter or another ASCII character) or its small letter."""
    return c == upper or ("A" <= upper <= "Z" and ord(c) == ord(upper) + 32)


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def any_case_at(text: str, n: cython.Py_ssize_t, i: cython.Py_ssize_t, word: str) -> cython.bint:
    """``word`` (upper case) is at ``i`` (≥ 0), in any case, and ends before ``n``."""
    k: cython.Py_ssize_t
    if i + len(word) > n:
        return False
    for k in range(len(word)):
        if not same_letter(text[i + k], word[k]):
            return False
    return True


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def holds(text: str, word: str) -> cython.bint:
    """``word`` (upper case) is in ``text``, in any case."""
    n: cython.Py_ssize_t = len(text)
    i: cython.Py_ssize_t
    first: cython.Py_UCS4 = word[0]
    for i in range(n - len(word) + 1):
        if same_letter(text[i], first) and any_case_at(text, n, i, word):
            return True
    return False


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def _boundary(text: str, n: cython.Py_ssize_t, i: cython.Py_ssize_t) -> cython.bint:
    return (i > 0 and _word_char(text[i - 1])) != (i < n and _word_char(text[i]))


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def blanks(text: str, n: cython.Py_ssize_t, i: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The end of the run of blanks at ``i``."""
    while i < n and blank(text[i]):
        i += 1
    return i


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def _value_start(text: str, n: cython.Py_ssize_t, i: cython.Py_ssize_t, marks: str) -> cython.Py_ssize_t:
    r"""The end of ``\s*[marks]?`` at ``i``: blanks, then perhaps one of ``marks``."""
    i = blanks(text, n, i)
    if i < n and text[i] in marks:
        i += 1
    return i


@cython.cfunc
def _word_at(text: str, n: cython.Py_ssize_t, i: cython.Py_ssize_t, word: str) -> cython.bint:
    r"""``word\b`` at ``i``."""
    return any_case_at(text, n, i, word) and _boundary(text, n, i + len(word))


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def _eo_keyword(text: str, n: cython.Py_ssize_t, p: cython.Py_ssize_t) -> cython.bint:
    r"""``E\s?\.?\s?O\b\.?\s*(?:\d{3,5}|X{3,})|DECL\s*:``."""
    q: cython.Py_ssize_t
    k: cython.Py_ssize_t
    if any_case_at(text, n, p, "DECL"):
        q = blanks(text, n, p + 4)
        return q < n and text[q] == ":"
    if not same_letter(text[p], "E"):
        return False
    q = p + 1
    if q < n and blank(text[q]):
        q += 1
    if q < n and text[q] == ".":
        q += 1
    if q < n and blank(text[q]):
        q += 1
    if not (q < n and same_letter(text[q], "O") and _boundary(text, n, q + 1)):
        return False
    q += 1
    if q < n and text[q] == ".":
        q += 1
    q = blanks(text, n, q)
    k = q
    while k < n and _digit(text[k]):
        k += 1
    if k - q >= 3:
        return True
    k = q
    while k < n and same_letter(text[k], "X"):
        k += 1
    return k - q >= 3


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def _tags_keyword(text: str, n: cython.Py_ssize_t, p: cython.Py_ssize_t) -> cython.Py_ssize_t:
    r"""``(?:TAGS?|TAGE|TABS|TGS)\b\s*[:;.]?|(?:TAS|AGS)\s*:``."""
    q: cython.Py_ssize_t
    word: str
    for word in _TAGS_WORDS:
        if _word_at(text, n, p, word):
            return _value_start(text, n, p + len(word), ":;.")
    if any_case_at(text, n, p, "TAS") or any_case_at(text, n, p, "AGS"):
        q = blanks(text, n, p + 3)
        if q < n and text[q] == ":":
            return q + 1
    return -1


_TAGS_WORDS = ("TAGS", "TAG", "TAGE", "TABS", "TGS")


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def _subject_keyword(text: str, n: cython.Py_ssize_t, p: cython.Py_ssize_t) -> cython.Py_ssize_t:
    r"""``S?UBJ(?:ECT)?\b\s*[:.;-]?``."""
    q: cython.Py_ssize_t = p + 1 if same_letter(text[p], "S") else p
    if not any_case_at(text, n, q, "UBJ"):
        return -1
    q += 3
    if _word_at(text, n, q, "ECT"):
        q += 3
    elif not _boundary(text, n, q):
        return -1
    return _value_start(text, n, q, ":.;-")


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def _ref_keyword(text: str, n: cython.Py_ssize_t, p: cython.Py_ssize_t) -> cython.Py_ssize_t:
    r"""``(?:(?:PROGRAM\s+)?REF(?:S|TELS?|\(S\)|ERENCES?)?|RETELS?)\b\s*[:.]?``."""
    q: cython.Py_ssize_t = p
    word: str
    if any_case_at(text, n, p, "PROGRAM") and p + 7 < n and blank(text[p + 7]):
        q = blanks(text, n, p + 7)
    if any_case_at(text, n, q, "REF"):
        for word in _REF_SUFFIXES:
            if _word_at(text, n, q + 3, word):
                return _value_start(text, n, q + 3 + len(word), ":.")
        return -1
    if q != p:
        return -1
    for word in ("RETELS", "RETEL"):
        if _word_at(text, n, p, word):
            return _value_start(text, n, p + len(word), ":.")
    return -1


_REF_SUFFIXES = ("S", "TELS", "TEL", "(S)", "ERENCES", "ERENCE", "")


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def _classified_by_keyword(text: str, n: cython.Py_ssize_t, p: cython.Py_ssize_t) -> cython.bint:
    r"""``(?:\(U\)\s*)?(?:CLASS?I?FI?E?D\s+BY|DERIVED\s+FROM)\b``."""
    q: cython.Py_ssize_t = blanks(text, n, p + 3) if any_case_at(text, n, p, "(U)") else p
    c: cython.Py_UCS4
    last: str
    if any_case_at(text, n, q, "DERIVED"):
        q += 7
        last = "FROM"
    elif any_case_at(text, n, q, "CLAS"):
        q += 4
        for c in "SIFIED":  # S? I? F I? E? D
            if q < n and same_letter(text[q], c):
                q += 1
            elif c == "F" or c == "D":
                return False
        last = "BY"
    else:
        return False
    return q < n and blank(text[q]) and _word_at(text, n, blanks(text, n, q), last)


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def _words_then_date_time(text: str, n: cython.Py_ssize_t, p: cython.Py_ssize_t) -> cython.bint:
    r"""What a page header of _SKIP starts with, ``[A-Za-z][A-Za-z ]*?\s+\d{8}``, may be at ``p``:
    letters and blanks, then eight digits."""
    q: cython.Py_ssize_t = p
    k: cython.Py_ssize_t
    if not ("A" <= text[p] <= "Z" or "a" <= text[p] <= "z"):
        return False
    while q < n and ("A" <= text[q] <= "Z" or "a" <= text[q] <= "z" or blank(text[q])):
        q += 1
    k = q
    while k < n and _digit(text[k]):
        k += 1
    return k - q >= 8


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def _spaced(text: str, n: cython.Py_ssize_t, q: cython.Py_ssize_t, word: str) -> cython.Py_ssize_t:
    r"""``W\s?O\s?R\s?D`` (the letters of ``word`` with a blank between each two, or none) at ``q``."""
    k: cython.Py_ssize_t
    for k in range(len(word)):
        if k and q < n and blank(text[q]):
            q += 1
        if not (q < n and same_letter(text[q], word[k])):
            return -1
        q += 1
    return q


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def _corrected(text: str, n: cython.Py_ssize_t, p: cython.Py_ssize_t) -> cython.bint:
    r"""``C\s?O\s?R\s?R\s?E\s?C\s?T(?:\s?E\s?D)?\s+C\s?O\s?P\s?Y\b``."""
    q: cython.Py_ssize_t = _spaced(text, n, p, "CORRECT")
    if q < 0:
        return False
    ed: cython.Py_ssize_t = _spaced(text, n, q + 1 if q < n and blank(text[q]) else q, "ED")
    if ed >= 0:
        q = ed
    if not (q < n and blank(text[q])):
        return False
    q = _spaced(text, n, blanks(text, n, q), "COPY")
    return q >= 0 and _boundary(text, n, q)


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def _numbered_paragraph(text: str, n: cython.Py_ssize_t, p: cython.Py_ssize_t) -> cython.bint:
    r"""``\(?\d{1,3}\s?[.)](?!\d)\s*\S`` at ``p``: "1. …", "(2) …"."""
    if p >= n:
        return False
    q: cython.Py_ssize_t = p + 1 if text[p] == "(" else p
    k: cython.Py_ssize_t = q
    while k < n and _digit(text[k]):
        k += 1
    if not 1 <= k - q <= 3:
        return False
    if k < n and blank(text[k]):
        k += 1
    return (k < n and (text[k] == "." or text[k] == ")") and not (k + 1 < n and _digit(text[k + 1]))
            and blanks(text, n, k + 1) < n)


@cython.cfunc
def numbered_paragraph(text: str) -> cython.bint:
    """``_PARAGRAPH.match(text)``: the line starts a numbered paragraph (typed for ASCII lines)."""
    n: cython.Py_ssize_t
    if cython.compiled and text.isascii():
        n = len(text)
        return _numbered_paragraph(text, n, blanks(text, n, 0))
    return _PARAGRAPH.match(text) is not None


@cython.cfunc
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def _stop(text: str, n: cython.Py_ssize_t, p: cython.Py_ssize_t) -> cython.bint:
    r"""The "stop" regex of _LINE_KINDS: a numbered paragraph, SUMMARY, INTRODUCTION or BACKGROUND,
    a row of dashes, a classification written out."""
    q: cython.Py_ssize_t
    c: cython.Py_UCS4
    word: str
    if _numbered_paragraph(text, n, p):
        return True
    q = p
    while q < n and text[q] == "-":  # -*\s*(?:BEGIN\s+)?SUMM?AR?Y\b
        q += 1
    q = blanks(text, n, q)
    if any_case_at(text, n, q, "BEGIN") and q + 5 < n and blank(text[q + 5]):
        q = blanks(text, n, q + 5)
    if any_case_at(text, n, q, "SUM"):
        q += 3
        for c in "MARY":  # M? A R? Y
            if q < n and same_letter(text[q], c):
                q += 1
            elif c == "A" or c == "Y":
                q = -1
                break
        if q >= 0 and _boundary(text, n, q):
            return True
    # (?:INTRODUCTION|BACKGROUND)\s*[:.]
    if any_case_at(text, n, p, "INTRODUCTION") or any_case_at(text, n, p, "BACKGROUND"):
        q = blanks(text, n, p + (12 if same_letter(text[p], "I") else 10))
        if q < n and (text[q] == ":" or text[q] == "."):
            return True
    q = p
    while q < n and text[q] in "-=_~*":  # [-=_~*]{4,}\s*$
        q += 1
    if q - p >= 4 and blanks(text, n, q) == n:
        return True
    for word in _WRITTEN_OUT:
        if _word_at(text, n, p, word):
            return True
    return False


_WRITTEN_OUT = ("T O P S E C R E T", "S E C R E T", "C O N F I D E N T I A L", "UNCLASSIFIED", "UNCLAS",
                "LIMITED OFFICIAL USE")


@cython.ccall
@cython.boundscheck(False)  # (every index is tested against n first)
@cython.wraparound(False)
def line_kind_typed(text: str) -> tuple:
    """:func:`line_kind` of an ASCII line, read character by character: each kind is tried only
    where the line starts with one of its first characters (those of _LINE_KINDS), in their order."""
    n: cython.Py_ssize_t = len(text)
    p: cython.Py_ssize_t = blanks(text, n, 0)
    at: cython.Py_ssize_t
    if p == n:
        return _NOT_KNOWN  # (a blank line)
    first: cython.Py_UCS4 = text[p]
    if first == "*":  # (a lead of asterisks may be given back to a row of them)
        return _line_kind_matched(text)
    if "a" <= first <= "z":
        first = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[ord(first) - 97]
    if ((first == "D" and any_case_at(text, n, p, "DECLASSIFIED/RELEASED"))
            or (first == "S" and any_case_at(text, n, p, "SYSTEMATIC"))
            or _words_then_date_time(text, n, p)) and _SKIP.match(text):
        return _SKIPPED  # (NARA's stamp, or a page header with its date-time group)
    if first == "C" and _corrected(text, n, p):
        return _CORRECTED
    if (first == "E" or first == "D") and _eo_keyword(text, n, p):
        return (EO, p)
    if first == "T" or first == "A":
        at = _tags_keyword(text, n, p)
        if at >= 0:
            return (TAGS, at)
    if first == "S" or first == "U":
        at = _subject_keyword(text, n, p)
        if at >= 0:
            return (SUBJECT, at)
    if first == "P" or first == "R":
        at = _ref_keyword(text, n, p)
        if at >= 0:
            return (REF, at)
    if (first == "(" or first == "C" or first == "D") and _classified_by_keyword(text, n, p):
        return (CLASSIFIED_BY, p)
    if first in "(0123456789-=_~BSILTCU" and _stop(text, n, p):
        return _STOPS
    return _NOT_KNOWN


@cython.cfunc
def keyword_at_start(text: str) -> tuple:  # (str, int) or None
    """(element, where its value starts) when ``text`` starts with an element's keyword."""
    m = _KEYWORD.match(text)
    return _keyword_of(m) if m else None


@cython.cfunc
def _keyword_of(m: re.Match[str]) -> tuple[str, int]:
    kind = m.lastgroup or ""
    return kind, (m.start(kind) if kind in KEEP_KEYWORD else m.end())



# A line that starts a REF item (or a label and what follows): A. STATE 1234 / (B) 08 MADRID 881 (§3.10).
_REF_ITEM = re.compile(
    r"^\s*(?:REF\s+)?\(?[A-Za-z][.):]\s*(?:\(?[A-Za-z][.):]\s*)?(?:\d{2,4}\s*)?[A-Za-z][A-Za-z .'-]*\d")


def ref_item_by_regex(text: str) -> bool:
    """:func:`ref_item` by the regex ``_REF_ITEM`` (the definition)."""
    return _REF_ITEM.match(text) is not None


@cython.ccall
def ref_item(text: str) -> cython.bint:
    """Whether ``text`` starts as ``_REF_ITEM`` matches: a typed scan when compiled. Each part of the
    pattern has one way to match (a lone R before EF is no label; blanks can't start a label, a year or
    words) but the second label, which may also be read as the first letter of the words."""
    if not cython.compiled:
        return ref_item_by_regex(text)
    n: cython.Py_ssize_t = len(text)
    i: cython.Py_ssize_t = _spaces_end(text, n, 0)
    if i + 3 < n and text[i] == "R" and text[i + 1] == "E" and text[i + 2] == "F" and text[i + 3].isspace():
        i = _spaces_end(text, n, i + 3)
    i = _label_end(text, n, i)
    if i < 0:
        return False
    i = _spaces_end(text, n, i)
    second: cython.Py_ssize_t = _label_end(text, n, i)
    return (second >= 0 and _ref_item_words(text, n, _spaces_end(text, n, second))) or _ref_item_words(text, n, i)


@cython.cfunc
def _spaces_end(text: str, n: cython.Py_ssize_t, i: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The end of the run of ``\\s`` characters at ``i``."""
    while i < n and text[i].isspace():
        i += 1
    return i


@cython.cfunc
def _ascii_letter(c: cython.Py_UCS4) -> cython.bint:
    return "A" <= c <= "Z" or "a" <= c <= "z"


@cython.cfunc
def _label_end(text: str, n: cython.Py_ssize_t, i: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Where ``\\(?[A-Za-z][.):]`` ends when it matches at ``i``, else -1."""
    if i < n and text[i] == "(":
        i += 1
    if i + 1 < n and _ascii_letter(text[i]) and (text[i + 1] == "." or text[i + 1] == ")" or text[i + 1] == ":"):
        return i + 2
    return -1


@cython.cfunc
def _ref_item_words(text: str, n: cython.Py_ssize_t, i: cython.Py_ssize_t) -> cython.bint:
    """Whether ``(?:\\d{2,4}\\s*)?[A-Za-z][A-Za-z .'-]*\\d`` matches at ``i``."""
    c: cython.Py_UCS4
    start: cython.Py_ssize_t = i
    while i < n and text[i].isdecimal():
        i += 1
    if i > start:
        if not 2 <= i - start <= 4:
            return False
        i = _spaces_end(text, n, i)
    if i >= n or not _ascii_letter(text[i]):
        return False
    i += 1
    while i < n:
        c = text[i]
        if not (_ascii_letter(c) or c == " " or c == "." or c == "'" or c == "-"):
            break
        i += 1
    return i < n and text[i].isdecimal()
