"""The signature closing a cable's text (§3.7 signature, §7 item 17): its signers, the scraps of
page furniture after it, and where the text before it ends.

The signer is the surname line closing the text (``Kaplan``, ``CLINTON``, ``KEEGAN PAAL`` → two
signers), also glued after the last sentence (``… ahead. KAIDANOW``, ``END COMMENT
EIKENBERRY``); a few scraps of page furniture after it are dropped with a warning (``...``,
``.``, a mirror's SQL line, a media partner's tag). A redacted signer (``XXXXXXXXXXXX``) gives
no signer and a warning. A classified-website banner after the signature goes silently.
"""

from __future__ import annotations

import re

import cython

from cablekit.model import ReaderWarning

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import find_char, only_spaces, rfind_char
    from cython.cimports.cablekit.parse.text_scan import banner_clue, is_rule_line, may_be_banner, rstrip_end
else:
    from cablekit.formats.scan import find_char, only_spaces, rfind_char
    from cablekit.parse.text_scan import banner_clue, is_rule_line, may_be_banner, rstrip_end

from cablekit.parse.text_scan import URL

_TERMINAL = frozenset(".!?:;\"”’')]/*")

_SIGNER_WORD = r"[A-Z][A-Za-z'’-]*"

_SIGNER_LINE = re.compile(
    rf"[ \t]*({_SIGNER_WORD}(?:[ \t]+{_SIGNER_WORD}){{0,2}}(?:[ \t]+[Jj][Rr]\.?)?)[ \t]*\.?"
    r"(?:[ \t]+\d{4}-\d\d-\d\d)?[ \t]*"  # "SOBEL 2008-01-08"
)

_LOWER_SIGNER = re.compile(r"[a-z][a-z'’-]+")

# the last words of a line, when they may be names glued after the last sentence
_GLUED_NAMES = re.compile(
    r"(?<=[\s.!?\"”)*])(?P<names>(?:[A-Z][A-Za-z'’-]*[ \t]+){0,3}[A-Z][A-Za-z'’-]+)[ \t]*$"
)

_GLUE_AFTER = frozenset(".!?\"”)*")

_MARKER_WORDS = frozenset(
    "UNQUOTE QUOTE END ENDS COMMENT SUMMARY TEXT NOTE POINTS CONSIDERED".split())

# "END COMMENT", "End of Part One" before a glued signer
_END_PHRASE = re.compile(r"\b(?:END|End|end)(?:[ \t]+\w+){0,3}$")

_MIXED_CASE = re.compile(r"[a-z]{3}")

# scraps after a signature: punctuation, a truncated title "…", a mirror's SQL line, a media
# partner's tag "EPET @ EL PAÍS"
_NOISE_LINE = re.compile(
    r"[^A-Za-z]{1,20}|.{0,80}\.\.\.|SELECT .{0,200}|.{1,60} @ .{1,80}|ID:\s*\d+"
    r"|Declassified/Released .{0,60}|Systematic Review .{0,30}"  # a 1970s review stamp
)

# a classified-website banner (dropped wherever it stands)
_BANNER_LINE = re.compile(r".{0,120}(?:https?:|www\.|\.gov\b|[Cc]lassified [Ww]eb).{0,120}")

_MAX_SIGNATURE_NOISE = 2  # lines of furniture tolerated after the signature

_SIGNATURE_WINDOW = 2000  # characters at the end of the text where the signature is looked for

_NOT_SIGNER = frozenset(
    "END UNQUOTE QUOTE TEXT ENDS NOTE COMMENT SUMMARY THANKS THANK YOU BT NNNN NNN PAGE "
    "REGARDS BEGIN ACTION REQUEST CONCLUSION THE A AN AND OR OF FOR TO IN ON AT BY WITH FROM AS "
    "IS ARE WAS BE THIS THAT IT WE OUR MINIMIZE CONSIDERED".split()
)

_BLANK_LINE_END = re.compile(r"\n[ \t]*\n[ \t]*$")

_REDACTED = re.compile(r"XXXX[Xx]*")  # a redacted name, upper-cased


def split_signature(text: str) -> tuple:
    """Where the text ends before its signer line (§3.7 signature, §7 item 17), the signers and
    the warnings.

    The signer is the last line (``Kaplan``, ``KEEGAN PAAL``), possibly followed by scraps of
    page furniture (``...``, ``.``, a truncated title ``T ONE ORDERED RELEASED ON...``, an SQL
    line of a mirror), or glued to the end of the last sentence (``… ahead. KAIDANOW``,
    ``END COMMENT EIKENBERRY``, ``****** KURTZER``). Only the end of the text is looked at:
    positions count in ``text``, from ``window`` to ``stop`` (the end without blanks)."""
    window: cython.Py_ssize_t = max(0, len(text) - _SIGNATURE_WINDOW)
    stop: cython.Py_ssize_t = rstrip_end(text, window, len(text))
    end: cython.Py_ssize_t = stop
    cut: cython.Py_ssize_t
    noise: list = []  # (start, end) of lines after the signature
    while end > window:
        cut = max(window, rfind_char(text, "\n", window, end) + 1)
        if only_spaces(text, cut, end):
            end = cut - 1
            continue
        line: str = text[cut:end]
        stripped = line.strip()
        is_noise = _may_be_noise(stripped) and _NOISE_LINE.fullmatch(stripped) is not None
        if not is_noise:
            signers = (_signer_line(line, _before(text, window, cut))
                       if window or not only_spaces(text, window, cut) else None)
            glued = None if signers is not None else _glued_signer(line, text, window, stop)
            if signers is not None or glued is not None:
                return _cut_signature(text, cut, glued, signers, noise)
        if len(noise) == _MAX_SIGNATURE_NOISE or not (
                is_noise or may_be_banner(stripped) and _BANNER_LINE.fullmatch(stripped)):
            break
        noise.insert(0, (cut, end))
        end = cut - 1
    return len(text), [], []



@cython.cfunc
def _may_be_noise(line: str) -> cython.bint:
    """Whether :data:`_NOISE_LINE` may match the stripped ``line``: what each of its branches
    needs first (most signature lines are none of them, and the expression backtracks)."""
    if len(line) <= 20 and not _has_ascii_letter(line):
        return True
    first: cython.Py_UCS4 = line[0]
    return (line.endswith("...") or _has_spaced_at(line)
            or first == "S" and (line.startswith("SELECT ") or line.startswith("Systematic Review "))
            or first == "I" and line.startswith("ID:")
            or first == "D" and line.startswith("Declassified/Released "))


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _has_spaced_at(line: str) -> cython.bint:
    """Whether " @ " stands in ``line`` (found by its "@", at memchr speed)."""
    n: cython.Py_ssize_t = len(line)
    i: cython.Py_ssize_t = find_char(line, "@", 1, n - 1)
    while i >= 0:
        if line[i - 1] == " " and line[i + 1] == " ":
            return True
        i = find_char(line, "@", i + 1, n - 1)
    return False


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _has_ascii_letter(line: str) -> cython.bint:
    c: cython.Py_UCS4
    for c in line:
        if "A" <= c <= "Z" or "a" <= c <= "z":
            return True
    return False


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _may_be_signer_line(line: str) -> cython.bint:
    """Whether :data:`_SIGNER_LINE` may match the stripped ``line``: only letters, digits,
    "'’-." and blanks, in six blank-parted pieces at most (three names, "Jr.", a lone "." and a
    date). Most last lines are sentences, on which the expression backtracks."""
    pieces: cython.Py_ssize_t = 0
    blank_before: cython.bint = True
    c: cython.Py_UCS4
    for c in line:
        if c == " " or c == "\t":
            blank_before = True
            continue
        if not ("A" <= c <= "Z" or "a" <= c <= "z" or "0" <= c <= "9" or c == "'" or c == "’"
                or c == "-" or c == "."):
            return False
        if blank_before:
            pieces += 1
            if pieces > 6:
                return False
            blank_before = False
    return True



@cython.cfunc
def _before(text: str, window: cython.Py_ssize_t, cut: cython.Py_ssize_t) -> str:
    """What the signer's tests read of the text above the line at ``cut``: its last line with
    text and at least its last 40 characters (a shorter end of ``text[window:cut]``)."""
    last: cython.Py_ssize_t = rstrip_end(text, window, cut)
    start: cython.Py_ssize_t = max(window, min(cut - 40, rfind_char(text, "\n", window, last)))
    return text[start:cut]



@cython.cfunc
def _cut_signature(text: str, cut: cython.Py_ssize_t, glued: tuple | None,
                   signers: list | None, noise: list) -> tuple:
    """How much of ``text`` is kept, the signers and the warnings."""
    warnings = []
    if glued is not None:
        kept, signers = cut + glued[0], glued[1]
    else:
        kept = cut
        if not signers:
            warnings.append(_signature_warning("signer-redacted", "the signer's name is redacted"))
    dropped = [text[a:b].strip() for a, b in noise if not _BANNER_LINE.fullmatch(text[a:b].strip())]
    if dropped:  # (a website banner after the signature goes silently, as everywhere)
        warnings.append(_signature_warning("signature-noise",
                                           f"dropped {dropped!r} after the signature"))
    unique: list[str] = []
    seen: list[str] = []
    for name in signers or []:  # "SHANNON Shannon", "BRUSH BRUSH": one signer
        upper = name.upper()
        if upper not in seen:
            unique.append(name)
            seen.append(upper)
    return kept, unique, warnings



@cython.cfunc
def _signer_line(line: str, before: str) -> list:
    """The names of a signature line standing alone ([] when redacted), or None."""
    stripped = line.strip()
    if stripped[:1] in "Xx" and _REDACTED.fullmatch(stripped.upper()):
        return []
    first: cython.Py_UCS4 = stripped[0]  # (the line is not blank)
    m = (_SIGNER_LINE.fullmatch(stripped)
         if "A" <= first <= "Z" and _may_be_signer_line(stripped) else None)
    if m is None or not _plausible_signer(m[1]):
        if "a" <= first <= "z" and _LOWER_SIGNER.fullmatch(stripped) and _after_banner(before):
            return [stripped]  # "misenheimer" under the website banner
        return None
    name = m[1]
    if stripped.endswith("."):
        return name.split() if _ends_before_signature(before) else None
    if " " not in name or _ends_before_signature(before):  # one word without a period: a name
        return name.split()
    return None



@cython.cfunc
def _ends_in_name_letter(line: str) -> cython.bint:
    """Whether ``line``, without its trailing blanks, ends in a character of a name
    (what :data:`_GLUED_NAMES` needs first)."""
    i: cython.Py_ssize_t = len(line) - 1
    while i >= 0 and (line[i] == " " or line[i] == "\t"):
        i -= 1
    if i < 0:
        return False
    c: cython.Py_UCS4 = line[i]
    return "A" <= c <= "Z" or "a" <= c <= "z" or c == "'" or c == "’" or c == "-"



@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _has_lower_run(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.bint:
    """Whether :data:`_MIXED_CASE` finds three lower-case letters in ``text[a:b]`` (compiled, by
    a typed reading: an upper-case text is read to its end)."""
    if not cython.compiled:
        return _MIXED_CASE.search(text, a, b) is not None
    run: cython.Py_ssize_t = 0
    c: cython.Py_UCS4
    while a < b:
        c = text[a]
        run = run + 1 if "a" <= c <= "z" else 0
        if run == 3:
            return True
        a += 1
    return False



@cython.cfunc
def _has_url(line: str) -> cython.bint:
    """Whether :data:`URL` finds a link in ``line`` (a long line of a text without breaks:
    compiled, tried only where :func:`banner_clue` finds what it needs)."""
    if cython.compiled and not banner_clue(line):
        return False
    return URL.search(line) is not None



@cython.cfunc
def _glued_signer(line: str, text: str, window: cython.Py_ssize_t, stop: cython.Py_ssize_t
                  ) -> tuple:
    """(where the last sentence ends in ``line``, names) of a signer glued to it, or None."""
    if not _ends_in_name_letter(line):
        return None
    span: tuple = _glued_names(line)
    if span is None:
        return None
    found: str = line[span[0]:span[1]]
    words = found.split()
    mixed = _has_lower_run(text, max(window, stop - 400), stop)
    if mixed and words[-1].isupper():
        while not words[0].isupper():  # "End of Part One LA LIME": the names are in capitals
            words.pop(0)
    stops = [i for i, w in enumerate(words) if w.upper().strip(".") in _NOT_SIGNER]
    if stops:  # "END COMMENT EIKENBERRY", "CLINTON UNQUOTE CLINTON"
        words = words[stops[-1] + 1:]
    if not words or len(words) > 2:
        return None
    names = " ".join(words)
    start = span[1] - len(names)
    lead = line[:start].rstrip()
    if not lead:
        return None
    if words[0].isupper() and len(names) > 1 and (
            lead[-1] in _GLUE_AFTER or _END_PHRASE.search(lead, max(0, len(lead) - 30))
            or lead[lead.rfind(" ") + 1:].upper() in _MARKER_WORDS or (mixed and _has_url(line))):
        return len(lead), words  # "… ahead. KAIDANOW", "END COMMENT EIKENBERRY"
    if mixed and len(words) == 1 and names == found and (
            lead[-1] in ".!?\"”" or _has_url(line)):
        return len(lead), words  # "… inside Burma. Martinez", "… index.cfm Tuttle"
    return None


@cython.cfunc
def _glued_names(line: str) -> tuple:
    """(start, end) of the names that :data:`_GLUED_NAMES` finds in ``line``, searched from 80
    characters before its end, or None. Compiled, a typed reading of the words before the
    line's end finds them; interpreted, the expression (tests hold the two equal)."""
    if cython.compiled:
        return glued_names_scan(line)
    else:
        return glued_names_regex(line)


def glued_names_regex(line: str) -> tuple[int, int] | None:
    """:func:`_glued_names` by :data:`_GLUED_NAMES`."""
    m = _GLUED_NAMES.search(line, max(0, len(line) - 80))
    return None if m is None else m.span("names")


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def glued_names_scan(line: str) -> tuple:
    """:func:`_glued_names` by a reading of the words from the line's end: up to four words of
    name characters, each starting with a capital (the last of two characters at least), parted
    by blanks; the names start at the leftmost of them that follows a space or a closing
    character (``.!?"”)*``) and starts in the last 80 characters."""
    n: cython.Py_ssize_t = len(line)
    search_from: cython.Py_ssize_t = max(0, n - 80)
    end: cython.Py_ssize_t = n - 1 if n > 0 and line[n - 1] == "\n" else n  # ("$" before it)
    while end > 0 and (line[end - 1] == " " or line[end - 1] == "\t"):
        end -= 1
    word_end: cython.Py_ssize_t = end
    word_start: cython.Py_ssize_t
    start: cython.Py_ssize_t = -1
    words: cython.Py_ssize_t
    for words in range(4):
        word_start = word_end
        while word_start > 0 and _is_name_char(line[word_start - 1]):
            word_start -= 1
        if (word_start == word_end or not "A" <= line[word_start] <= "Z"
                or (words == 0 and word_end - word_start < 2) or word_start < search_from):
            break
        if word_start > 0 and _may_precede_names(line[word_start - 1]):
            start = word_start
        word_end = word_start
        while word_end > 0 and (line[word_end - 1] == " " or line[word_end - 1] == "\t"):
            word_end -= 1
        if word_end == word_start:
            break
    return None if start < 0 else (start, end)


@cython.cfunc
@cython.exceptval(check=False)
def _is_name_char(c: cython.Py_UCS4) -> cython.bint:
    return "A" <= c <= "Z" or "a" <= c <= "z" or c == "'" or c == "’" or c == "-"


@cython.cfunc
@cython.exceptval(check=False)
def _may_precede_names(c: cython.Py_UCS4) -> cython.bint:
    return c.isspace() or c in ".!?\"”)*"


@cython.cfunc
def _plausible_signer(name: str) -> cython.bint:
    for word in name.split():
        if word.upper().strip(".") in _NOT_SIGNER:
            return False
    return True



@cython.cfunc
def _after_banner(before: str) -> cython.bint:
    prev = before.rstrip()
    prev = prev[prev.rfind("\n") + 1:]
    return URL.search(prev) is not None or is_rule_line(prev)



@cython.cfunc
def _ends_before_signature(before: str) -> cython.bint:
    """The line above a signer closes a sentence, a banner, a link or a redacted name, or a
    blank line parts them; otherwise a short last line is the end of a wrapped sentence."""
    if _BLANK_LINE_END.search(before, max(0, len(before) - 40)):
        return True
    prev = before.rstrip()
    prev = prev[prev.rfind("\n") + 1:].strip()
    return (prev[-2:-1] in _TERMINAL or prev[-1:] in _TERMINAL or _after_banner(before)
            or _REDACTED.fullmatch(prev.upper()) is not None)


def _signature_warning(code: str, message: str) -> ReaderWarning:
    return ReaderWarning(code=code, message=message, where="body.signature")
