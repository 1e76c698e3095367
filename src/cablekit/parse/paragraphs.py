"""The text of a cable after its opening block: paragraphs, headings, summary, comment,
signature and redactions (§3.7, §7 items 12–17, §8.1 step 5).

:func:`parse_text` receives what ``parse/opening.py`` leaves after the opening block (``rest``)
and returns :class:`TextParts`. Conventions:

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
import string
from dataclasses import dataclass, field
from operator import itemgetter

import cython

from cablekit.model import Heading, Paragraph, ReaderWarning
from cablekit.parse.markings import level_rank, parse_portion_marking
from cablekit.parse.pages import remove_page_markers
from cablekit.parse.summary import mark_summary_and_comment

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import find_char, only_spaces, rfind_char, skip_blanks, substring
    from cython.cimports.cpython.unicode import PyUnicode_DATA, PyUnicode_New
    from cython.cimports.libc.string import memchr, memcpy
    from cython.cimports.cablekit.parse.markings import portion_mark_at
else:
    from cablekit.formats.scan import find_char, only_spaces, rfind_char, skip_blanks, substring
    from cablekit.parse.markings import portion_mark_at


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


# no line break in this many characters: the text lost its line breaks (paragraph starts in
# such texts: "… sentence. 12. (C) Text", the number and what precedes it checked behind)
# Landmark lines (see _landmarks): numbered paragraph starts "1.", "1.(C)", "¶1." and rule
# lines of dashes, "=" or asterisks
_LANDMARK = re.compile(
    r"\n(?=[ \t¶\d=*-])[ \t]*+"
    r"(?:¶?(?P<number>\d{1,3})\.(?=[ \t(\n])|(?P<rule>-{3,}|={3,}|\*{5,})[-=* \t]*(?=\n))"
)
_LONG_LINE = cython.declare(cython.Py_ssize_t, 100)
_INLINE_NUMBER_BEFORE = re.compile(r"[.!?\"”)\]][ \t]+(\d{1,3})$")
# Telegram lines are hard-wrapped at 60–69 columns: a line shorter than this ended where the
# writer ended it (a list, an address, a table row), and the line break is kept.
_SHORT_LINE = cython.declare(cython.Py_ssize_t, 36)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# a line break that joining may not simply turn into a space: before a line that is not plain
# prose — one starting with a blank, a sub-item or anything but a letter, a digit or a quote,
# one after blanks, a short line (but the last)
_NOT_PLAIN_WRAP = re.compile(
    r"\n(?![A-Za-z\d\"“](?<!\s\n.)(?![.)][ \t\n]|\d[.)][ \t\n])"
    rf"(?:[^\n]{{{_SHORT_LINE - 1}}}|[^\n]*+\Z))")
# a heading whose framing dashes were glued onto a line: "End Summary. ---- Heading ----", or
# else one underlined by glued dashes: "… End Summary. Heading ----", "Heading ----"
_GLUED_FRAMED = re.compile(
    r"(?P<before>[^\n]*?\S)?[ \t]*-{4,}(?:[ \t]+-+)*[ \t]+(?P<framed>[^\n-][^\n]{0,100}?)"
    r"[ \t]+-{4,}[- \t]*")
_GLUED_UNDERLINED = re.compile(
    r"(?P<text>[^\n]*[.!?:][ \t]+)(?P<under>[A-Z][^\n.!?]{0,80}?)[ \t]+-{4,}[- \t]*"
    r"|[ \t]*(?P<alone>[A-Za-z][^\n]{0,100}?)[ \t]+-{4,}[- \t]*"
)
_LEAD_IN = re.compile(r"(?:[A-Z][A-Za-z]*[ \t]+){0,2}[A-Z][A-Za-z]*:[ \t]*(?=\()")
_REDACTED = re.compile(r"XXXX[Xx]*")  # a redacted name, upper-cased
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
_BANNER_TEXT = re.compile(r"[Cc]lassified [Ww]eb ?[Ss]ite|intelink\.|sgov\.gov")
_MAX_BANNER = 300  # characters of a banner at most
_MAX_BANNER_LINES = 8
_NOT_SIGNER = frozenset(
    "END UNQUOTE QUOTE TEXT ENDS NOTE COMMENT SUMMARY THANKS THANK YOU BT NNNN NNN PAGE "
    "REGARDS BEGIN ACTION REQUEST CONCLUSION THE A AN AND OR OF FOR TO IN ON AT BY WITH FROM AS "
    "IS ARE WAS BE THIS THAT IT WE OUR MINIMIZE CONSIDERED".split()
)
_URL = re.compile(r"https?:|www\.", re.I)
_BLANK_LINE_END = re.compile(r"\n[ \t]*\n[ \t]*$")

_MAX_GAP = cython.declare(cython.Py_ssize_t, 5)  # largest jump of paragraph numbers after a blank


def _warning(code: str, message: str, where: str = "body.text") -> ReaderWarning:
    return ReaderWarning(code=code, message=message, where=where)


# --- characters and lines, read one character at a time (compiled, these are C loops) ----------
# The scans below stand for what regular expressions once said; "digit" is ``\d`` of a str
# pattern (any decimal digit), "space" is ``\s`` (any Unicode white space).


@cython.cfunc
@cython.inline
def _is_digit(c: cython.Py_UCS4) -> cython.bint:
    return "0" <= c <= "9" or (c >= "\x80" and c.isdecimal())


@cython.cfunc
@cython.inline
def _is_ascii_letter(c: cython.Py_UCS4) -> cython.bint:
    return "a" <= c <= "z" or "A" <= c <= "Z"


if not cython.compiled:  # interpreted, the builtins that say the same (no Python frame a call)
    _is_digit = str.isdecimal  # noqa: F811  (of one character)
    _is_ascii_letter = frozenset(string.ascii_letters).__contains__  # noqa: F811



@cython.cfunc
@cython.inline
@cython.boundscheck(False)
@cython.wraparound(False)
def _skip_digits(text: str, i: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    while i < end and _is_digit(text[i]):
        i += 1
    return i


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _only_rule_chars(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.bint:
    """``text[a:b]`` is not empty and holds only dashes, "=", "*", "_" and blanks."""
    if a >= b:
        return False
    c: cython.Py_UCS4
    while a < b:
        c = text[a]
        if not (c == "-" or c == "=" or c == "*" or c == "_" or c == " " or c == "\t"):
            return False
        a += 1
    return True


@cython.cfunc
def _is_rule_line(line: str) -> cython.bint:
    return _only_rule_chars(line, 0, len(line))


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


# --- signature -----------------------------------------------------------------------------


@cython.cfunc
def _split_signature(text: str) -> tuple:
    """Where the text ends before its signer line (§3.7 signature, §7 item 17), the signers and
    the warnings.

    The signer is the last line (``Kaplan``, ``KEEGAN PAAL``), possibly followed by scraps of
    page furniture (``...``, ``.``, a truncated title ``T ONE ORDERED RELEASED ON...``, an SQL
    line of a mirror), or glued to the end of the last sentence (``… ahead. KAIDANOW``,
    ``END COMMENT EIKENBERRY``, ``****** KURTZER``). Only the end of the text is looked at:
    positions count in ``text``, from ``window`` to ``stop`` (the end without blanks)."""
    window: cython.Py_ssize_t = max(0, len(text) - _SIGNATURE_WINDOW)
    stop: cython.Py_ssize_t = _rstrip_end(text, window, len(text))
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
                is_noise or _may_be_banner(stripped) and _BANNER_LINE.fullmatch(stripped)):
            break
        noise.insert(0, (cut, end))
        end = cut - 1
    return len(text), [], []


@cython.cfunc
def _framed_text(text: str, end: cython.Py_ssize_t) -> str:
    """``text[:end]`` between line breaks: every line, the first included, follows a newline.
    (Compiled, an ASCII text is copied once, not sliced and then joined.)"""
    if cython.compiled:
        if text.isascii():
            framed: str = PyUnicode_New(end + 2, 127)
            data: cython.p_char = cython.cast(cython.p_char, PyUnicode_DATA(framed))
            memcpy(data + 1, PyUnicode_DATA(text), end)
            data[0] = data[end + 1] = 10  # "\n"
            return framed
    return f"\n{text[:end]}\n"


@cython.cfunc
def _may_be_noise(line: str) -> cython.bint:
    """Whether :data:`_NOISE_LINE` may match the stripped ``line``: what each of its branches
    needs first (most signature lines are none of them, and the expression backtracks)."""
    return (len(line) <= 20 or line.endswith("...") or " @ " in line or line.startswith("SELECT ")
            or line.startswith("ID:") or line.startswith("Declassified/Released ")
            or line.startswith("Systematic Review "))


@cython.cfunc
def _before(text: str, window: cython.Py_ssize_t, cut: cython.Py_ssize_t) -> str:
    """What the signer's tests read of the text above the line at ``cut``: its last line with
    text and at least its last 40 characters (a shorter end of ``text[window:cut]``)."""
    last: cython.Py_ssize_t = _rstrip_end(text, window, cut)
    start: cython.Py_ssize_t = max(window, min(cut - 40, rfind_char(text, "\n", window, last)))
    return text[start:cut]


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _rstrip_end(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Where ``text[a:b].rstrip()`` ends."""
    while b > a and text[b - 1].isspace():
        b -= 1
    return b


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
            warnings.append(_warning("signer-redacted", "the signer's name is redacted",
                                     "body.signature"))
    dropped = [text[a:b].strip() for a, b in noise if not _BANNER_LINE.fullmatch(text[a:b].strip())]
    if dropped:  # (a website banner after the signature goes silently, as everywhere)
        warnings.append(_warning("signature-noise", f"dropped {dropped!r} after the signature",
                                 "body.signature"))
    unique: list[str] = []
    seen: list[str] = []
    for name in signers or []:  # "SHANNON Shannon", "BRUSH BRUSH": one signer
        if name.upper() not in seen:
            unique.append(name)
            seen.append(name.upper())
    return kept, unique, warnings


@cython.cfunc
def _signer_line(line: str, before: str) -> list:
    """The names of a signature line standing alone ([] when redacted), or None."""
    stripped = line.strip()
    if stripped[:1] in "Xx" and _REDACTED.fullmatch(stripped.upper()):
        return []
    first: cython.Py_UCS4 = stripped[0]  # (the line is not blank)
    m = _SIGNER_LINE.fullmatch(stripped) if "A" <= first <= "Z" else None
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
    """Whether :data:`_URL` finds a link in ``line`` (a long line of a text without breaks:
    compiled, tried only where :func:`_banner_clue` finds what it needs)."""
    if cython.compiled and not _banner_clue(line):
        return False
    return _URL.search(line) is not None


@cython.cfunc
def _glued_signer(line: str, text: str, window: cython.Py_ssize_t, stop: cython.Py_ssize_t
                  ) -> tuple:
    """(where the last sentence ends in ``line``, names) of a signer glued to it, or None."""
    if not _ends_in_name_letter(line):
        return None
    m = _GLUED_NAMES.search(line, max(0, len(line) - 80))
    if m is None:
        return None
    words = m["names"].split()
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
    start = m.end("names") - len(names)
    lead = line[:start].rstrip()
    if not lead:
        return None
    if words[0].isupper() and len(names) > 1 and (
            lead[-1] in _GLUE_AFTER or _END_PHRASE.search(lead, max(0, len(lead) - 30))
            or lead[lead.rfind(" ") + 1:].upper() in _MARKER_WORDS or (mixed and _has_url(line))):
        return len(lead), words  # "… ahead. KAIDANOW", "END COMMENT EIKENBERRY"
    if mixed and len(words) == 1 and names == m["names"] and (
            lead[-1] in ".!?\"”" or _has_url(line)):
        return len(lead), words  # "… inside Burma. Martinez", "… index.cfm Tuttle"
    return None


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
    return _URL.search(prev) is not None or _is_rule_line(prev)


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


# --- layout: headings and paragraph starts ---------------------------------------------------


def _unglue_headings(text: str, warnings: list[ReaderWarning]) -> str:
    """Put headings glued into a line back on lines of their own (texts whose line breaks
    were lost: ``… End Summary. ---- Policy-Level Sensitivities ----``)."""
    out = []
    cursor = 0
    pos = _find_dashes(text, 0)
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        m = framed = None
        if _ends_in_glued_dashes(text, start, end) and not _only_rule_chars(text, start, end):
            if _may_be_framed(text, start, end):
                framed = _GLUED_FRAMED.fullmatch(text, start, end)
            m = framed or _GLUED_UNDERLINED.fullmatch(text, start, end)
        if m:
            if framed is not None:
                before, heading = m["before"] or "", m["framed"].strip()
            elif m["under"] is not None:
                before, heading = m["text"], m["under"].strip()
            else:
                before, heading = "", m["alone"].strip()
            out.append(text[cursor:start])
            if heading.lower().startswith("end "):  # "END SUMMARY ----": a marker, not a heading
                out.append(f"{before.rstrip()} {heading}\n\n----")
            else:
                out.append(f"{before.rstrip()}\n\n----\n{heading}\n----")
                warnings.append(_warning("heading-unglued",
                                         f"heading {heading!r} was glued into a line of text"))
            cursor = end
        pos = _find_dashes(text, end)
    if not out:
        return text
    out.append(text[cursor:])
    return "".join(out)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _ends_in_glued_dashes(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t
                          ) -> cython.bint:
    """``text[start:end]`` ends with a blank, four dashes and only dashes and blanks after them,
    as every line that :data:`_GLUED_FRAMED` or :data:`_GLUED_UNDERLINED` matches does."""
    run: cython.Py_ssize_t = end  # start of the trailing run of dashes and blanks
    while run > start and (text[run - 1] == "-" or text[run - 1] == " " or text[run - 1] == "\t"):
        run -= 1
    k: cython.Py_ssize_t
    for k in range(run, end - 4):
        if (text[k] == " " or text[k] == "\t") and text[k + 1] == "-" and text[k + 2] == "-" \
                and text[k + 3] == "-" and text[k + 4] == "-":
            return True
    return False


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _may_be_framed(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """Whether :data:`_GLUED_FRAMED` may match ``text[start:end]`` (a line that
    :func:`_ends_in_glued_dashes`): some character but a dash follows a blank after four dashes,
    and a blank and four dashes follow it. (The expression backtracks long on the many
    ``Heading ------`` lines that it does not match.)"""
    dashes: cython.Py_ssize_t = 0  # dashes in a row
    seen: cython.bint = False  # four dashes in a row before
    last: cython.Py_ssize_t = end - 5  # where the last blank before four dashes stands
    while last >= start and not ((text[last] == " " or text[last] == "\t") and text[last + 1] == "-"
                                 and text[last + 2] == "-" and text[last + 3] == "-"
                                 and text[last + 4] == "-"):
        last -= 1
    k: cython.Py_ssize_t
    for k in range(start, last):
        if text[k] == "-":
            dashes += 1
            if dashes == 4:
                seen = True
        else:
            dashes = 0
            if seen and k > start and (text[k - 1] == " " or text[k - 1] == "\t"):
                return True
    return False


@cython.cfunc
def _landmarks(text: str) -> tuple:
    """Numbered starts (position, number, after, inline=False) and rule lines (start, end,
    is_star) of a newline-framed text: after blanks, a number ``1.``, ``1.(C)``, ``¶1.`` (one to
    three digits, the period followed by a blank, "(" or the line's end), or a rule of three
    dashes or "=" or five asterisks and nothing but these and blanks after it. Compiled, a
    typed scan of the lines that may be landmarks reads them; interpreted, one regular
    expression (tests hold the two equal)."""
    if cython.compiled:
        return landmarks_scan(text)
    else:
        return landmarks_regex(text)


def landmarks_regex(text: str
                    ) -> tuple[list[tuple[int, int, int, bool]], list[tuple[int, int, bool]]]:
    """:func:`_landmarks` by :data:`_LANDMARK`."""
    numbered = []
    rules = []
    for m in _LANDMARK.finditer(text):
        start, end = m.span()
        if m.lastgroup == "number":
            numbered.append((start + 1, int(m["number"]), end, False))
        else:
            rules.append((start + 1, end, m["rule"][0] == "*"))
    return numbered, rules


@cython.ccall
def landmarks_scan(text: str) -> tuple:
    """:func:`_landmarks` by a scan of the lines."""
    numbered: list = []
    rules: list = []
    n: cython.Py_ssize_t = len(text)
    start: cython.Py_ssize_t = find_char(text, "\n", 0, n) + 1
    end: cython.Py_ssize_t
    first: cython.Py_ssize_t
    after: cython.Py_ssize_t
    c: cython.Py_UCS4
    while 0 < start < n:
        end = find_char(text, "\n", start, n)
        if _is_ascii_letter(text[start]):  # (most lines)
            start = end + 1
            continue
        first = skip_blanks(text, start, n)
        c = text[first] if first < n else "\n"
        if c == "-" or c == "=" or c == "*":
            if end >= 0 and _is_rule(text, first, end):
                rules.append((start, end, c == "*"))
        else:
            if c == "¶":
                first += 1
            after = _skip_digits(text, first, n)
            if (0 < after - first <= 3 and after + 1 < n and text[after] == "."
                    and text[after + 1] in " \t(\n"):
                numbered.append((start, _number(text, first, after), after + 1, False))
        start = end + 1
    return numbered, rules


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _number(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> object:
    """``int(text[a:b])`` of digits, without the copy when they are ASCII."""
    value: cython.long = 0
    i: cython.Py_ssize_t
    for i in range(a, b):
        if not "0" <= text[i] <= "9":
            return int(text[a:b])
        value = value * 10 + (ord(text[i]) - 48)
    return value


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _is_rule(text: str, first: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """``text[first:end]`` starts with three dashes or "=" or five asterisks and holds nothing
    but these and blanks."""
    c: cython.Py_UCS4 = text[first]
    run: cython.Py_ssize_t = first
    while run < end and text[run] == c:
        run += 1
    if run - first < (5 if c == "*" else 3):
        return False
    while run < end:
        c = text[run]
        if not (c == "-" or c == "=" or c == "*" or c == " " or c == "\t"):
            return False
        run += 1
    return True


@cython.cfunc
def _dashes_outside(text: str, rules: list) -> cython.bint:
    """Whether "----" stands outside the rule lines (which are in text order)."""
    k: cython.Py_ssize_t = _find_dashes(text, 0)
    start: cython.Py_ssize_t
    end: cython.Py_ssize_t
    for start, end, _ in rules:
        if k < start:
            return k >= 0
        if k < end:  # in this rule line: the next one after it
            k = _find_dashes(text, end)
    return k >= 0


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _find_dashes(text: str, start: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """``text.find("----", start)``, by its first dash (at memchr speed; str.find would read
    every fifth character, dashes being rare)."""
    n: cython.Py_ssize_t = len(text)
    k: cython.Py_ssize_t = find_char(text, "-", start, n)
    while k >= 0:
        if k + 3 < n and text[k + 1] == "-" and text[k + 2] == "-" and text[k + 3] == "-":
            return k
        k = find_char(text, "-", k + 1, n)
    return -1


@cython.cfunc
def _prev_line_start(text: str, line_start: cython.Py_ssize_t) -> cython.Py_ssize_t:
    return rfind_char(text, "\n", 0, line_start - 1) + 1


@cython.cfunc
def _is_blank_before(text: str, line_start: cython.Py_ssize_t) -> cython.bint:
    """The line before ``line_start`` is blank or a rule, or there is none."""
    if line_start <= 1:
        return True
    above: cython.Py_ssize_t = _prev_line_start(text, line_start)
    end: cython.Py_ssize_t = line_start - 1
    return only_spaces(text, above, end) or _only_rule_chars(text, above, end)


@cython.cfunc
def _heading_line(line: str) -> cython.bint:
    """A line of 1–100 characters (stripped) with a letter, not numbered, not "End …"."""
    s: str = line.strip()
    n: cython.Py_ssize_t = len(s)
    return (0 < n <= 100 and _has_letter(s) and not _number_at(s, 0, n)
            and s[:4].lower() != "end ")


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _has_letter(s: str) -> cython.bint:
    c: cython.Py_UCS4
    for c in s:
        if c.isalnum() and not c.isdecimal():
            return True
    return False


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _number_at(text: str, i: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.bint:
    """A paragraph number at ``i`` (the end of the text at ``n``): blanks, ``¶``, one to three
    digits and a period followed by a blank, "(" or the end (or a line break ending the text)."""
    i = skip_blanks(text, i, n)
    if i < n and text[i] == "¶":
        i += 1
    after: cython.Py_ssize_t = _skip_digits(text, i, n)
    if not (0 < after - i <= 3 and after < n and text[after] == "."):
        return False
    after += 1
    return (after == n or text[after] in " \t(" or (after == n - 1 and text[after] == "\n"))


@cython.cfunc
def _headings(text: str, rules: list) -> tuple:
    """Dash-framed and dash-underlined headings as (block start, block end, text), and the
    classified-website banners framed by asterisks or dashes as (start, end)."""
    headings: list = []
    banners: list = []
    rule_at: dict = {start: (end, star) for start, end, star in rules}
    used_until: cython.Py_ssize_t = -1
    start: cython.Py_ssize_t
    end: cython.Py_ssize_t
    above: cython.Py_ssize_t
    star: cython.bint
    for start, end, star in rules:
        if start < used_until:
            continue
        if star:
            closing = _closing_rule(text, end, rule_at, True)
            if closing and _is_banner(text[end:closing[0]]):
                banners.append((start, closing[1]))
                used_until = closing[1] + 1
            continue
        framed = _framed(text, start, end, rule_at)
        if framed:
            if _is_banner(framed[2]):
                banners.append(framed[:2])  # a website banner framed by dashes
            else:
                headings.append(framed)
            used_until = framed[1] + 1
            continue
        # underlined: a lone short text line right above the rule
        if start >= 2:
            above = _prev_line_start(text, start)
            line = text[above:start - 1]
            if (above > used_until and _is_blank_before(text, above) and _heading_line(line)
                    and not _is_banner(line)):
                headings.append((above, end, line.strip()))
                used_until = end + 1
    return headings, banners


@cython.cfunc
def _framed(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t, rule_at: dict) -> tuple:
    """(block start, block end, text) of one or two heading lines between the dash or "=" rule
    at ``start``–``end`` and a closing one (the rules are looked up before the lines are read)."""
    n: cython.Py_ssize_t = len(text)
    first_end: cython.Py_ssize_t = find_char(text, "\n", end + 1, n)
    if first_end < 0:
        return None
    closing = rule_at.get(first_end + 1)
    if closing and not closing[1]:
        line = text[end + 1:first_end]
        return (start, closing[0], line.strip()) if _heading_line(line) else None
    second_end: cython.Py_ssize_t = find_char(text, "\n", first_end + 1, n)
    closing = rule_at.get(second_end + 1) if second_end >= 0 else None
    if closing and not closing[1]:
        first, second = text[end + 1:first_end], text[first_end + 1:second_end]
        if _heading_line(first) and _heading_line(second):
            return start, closing[0], f"{first.strip()} {second.strip()}"
    return None


@cython.cfunc
def _closing_rule(text: str, end: cython.Py_ssize_t, rule_at: dict, star: cython.bint) -> tuple:
    """(start, end) of the rule closing a framed block that opens at ``end``, within a few
    lines."""
    line_start: cython.Py_ssize_t = end + 1
    line_end: cython.Py_ssize_t
    for _ in range(_MAX_BANNER_LINES):
        closing = rule_at.get(line_start)
        if closing is not None:
            return (line_start, closing[0]) if closing[1] == star else None
        line_end = find_char(text, "\n", line_start, len(text))
        if line_end < 0:
            return None
        line_start = line_end + 1
    return None


@cython.cfunc
def _is_banner(block: str) -> cython.bint:
    if len(block) > _MAX_BANNER:
        return False
    if cython.compiled:
        if not _banner_clue(block):
            return False
    elif not _may_be_banner(block):
        return False
    return _BANNER_TEXT.search(block) is not None or _URL.search(block) is not None


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _banner_clue(s: str) -> cython.bint:
    """Whether ``s`` may hold what :data:`_BANNER_TEXT` or :data:`_URL` find, by the character
    before each ":" ("http:", "https:") and "." ("www.", "intelink.", "sgov.gov") and a
    "lassified" ("Classified Web Site"): a typed reading, tighter than :func:`_may_be_banner`."""
    n: cython.Py_ssize_t = len(s)
    i: cython.Py_ssize_t
    c: cython.Py_UCS4
    before: cython.Py_UCS4
    for i in range(1, n):
        c = s[i]
        before = s[i - 1]
        if c == ":":
            if before == "p" or before == "P" or before == "s" or before == "S":
                return True
        elif c == ".":
            if before == "w" or before == "W" or before == "k" or before == "v":
                return True
        elif c == "l" and i + 9 <= n and s[i + 8] == "d" and s[i + 1] == "a":
            return True
    return False


@cython.cfunc
def _may_be_banner(s: str) -> cython.bint:
    """Whether ``s`` may hold a banner's link or words (:data:`_BANNER_TEXT`, :data:`_URL`,
    :data:`_BANNER_LINE`): each needs a "." or ":" or "lassified" (most lines have none)."""
    n: cython.Py_ssize_t = len(s)
    return find_char(s, ".", 0, n) >= 0 or find_char(s, ":", 0, n) >= 0 or "lassified" in s


@cython.cfunc
def _trailing_banner(text: str) -> object:
    """Start of a classified-website banner closing the text ("Visit Paris' Classified Website
    at: http://…"): the block after the last blank line in its last _MAX_BANNER characters."""
    tail: cython.Py_ssize_t = max(0, len(text) - _MAX_BANNER - 100)
    stop: cython.Py_ssize_t = _rstrip_end(text, tail, len(text))
    start: cython.Py_ssize_t = -1
    blank: tuple[cython.Py_ssize_t, cython.Py_ssize_t] = _blank_line(
        text, max(tail, stop - _MAX_BANNER), stop)
    while blank[0] >= 0:
        start = blank[1]
        blank = _blank_line(text, start, stop)
    if start < 0:
        return None
    if _BANNER_TEXT.search(text, start, stop) and not _number_at(text, start, stop):
        return start
    return None


@cython.cfunc
def _blank_line(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t
                ) -> tuple[cython.Py_ssize_t, cython.Py_ssize_t]:
    """(start, end) of the first blank line in ``text[a:b]`` — a line break, blanks and a line
    break — or (-1, -1). Compiled, a typed scan finds it; interpreted, a regular expression."""
    if cython.compiled:
        return blank_line_scan(text, a, b)
    else:
        return blank_line_regex(text, a, b)


def blank_line_regex(text: str, a: int, b: int) -> tuple[int, int]:
    """:func:`_blank_line` by :data:`_BLANK_LINE`."""
    m = _BLANK_LINE.search(text, a, b)
    return (-1, -1) if m is None else m.span()


@cython.ccall
def blank_line_scan(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t
                    ) -> tuple[cython.Py_ssize_t, cython.Py_ssize_t]:
    """:func:`_blank_line` by a scan of the line breaks."""
    after: cython.Py_ssize_t
    nl: cython.Py_ssize_t = find_char(text, "\n", a, b)
    while nl >= 0:
        after = skip_blanks(text, nl + 1, b)
        if after < b and text[after] == "\n":
            return nl, after + 1
        nl = find_char(text, "\n", nl + 1, b)
    return -1, -1


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _inline_numbers(text: str) -> list:
    """Paragraph numbers inside a line that lost its breaks, as (position, number, after, True):
    a period, blanks and "(" with no line break in the _LONG_LINE characters before the period,
    after a number that closes a sentence (``… sentence. 12. (C) Text``).

    In the first _LONG_LINE characters, str.rfind reads the negative start of the window from the
    end of the text: there a period counts as standing in a long line (so the paragraph 1 at the
    top of a text that lost its breaks is taken)."""
    found: list = []
    n: cython.Py_ssize_t = len(text)
    paren: cython.Py_ssize_t = find_char(text, "(", 0, n)
    period: cython.Py_ssize_t
    while paren >= 0:
        period = paren - 1
        while period >= 0 and (text[period] == " " or text[period] == "\t"):
            period -= 1
        if (period >= 0 and text[period] == "."
                and rfind_char(text, "\n", period - _LONG_LINE, period) < 0):
            number = _INLINE_NUMBER_BEFORE.search(text, max(0, period - 8), period)
            if number and portion_mark_at(text, paren):
                found.append((number.start(1), int(number[1]), paren, True))
        paren = find_char(text, "(", paren + 1, n)
    return found


@cython.cfunc
def _paragraph_starts(text: str, candidates: list, blocked: list, warnings: list) -> list:
    """Accepted numbered starts as (position, number, position after the number)."""
    inline = _inline_numbers(text)
    if inline:
        candidates = sorted(candidates + inline)
    starts: list[tuple[int, int, int]] = []
    last = 0
    b = 0
    n_blocked = len(blocked)
    for pos, number, after, inline in candidates:
        while b < n_blocked and blocked[b][1] <= pos:
            b += 1
        if b < n_blocked and blocked[b][0] <= pos:
            continue  # inside a heading block
        if number == last + 1:
            pass
        elif inline:
            continue
        elif last < number <= last + _MAX_GAP and _is_blank_before(text, pos):
            warnings.append(_warning("paragraph-number-gap",
                                     f"paragraph {number} follows paragraph {last}",
                                     f"paragraph {number}"))
        elif number == last and _is_blank_before(text, pos) and portion_mark_at(text, after):
            warnings.append(_warning("paragraph-number-repeated",
                                     f"paragraph number {number} is used twice",
                                     f"paragraph {number}"))
        else:
            continue
        if inline:
            warnings.append(_warning("paragraph-inline", f"paragraph {number} starts inside a "
                                     "line (the text lost its line breaks)", f"paragraph {number}"))
        starts.append((pos, number, after))
        last = number
    return starts


# --- paragraph text ---------------------------------------------------------------------------


@cython.cfunc
def _flow(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t, indent: cython.Py_ssize_t) -> str:
    """Join the hard-wrapped lines of ``text[a:b]``; keep sub-items on their own lines and blank
    lines as breaks. ``indent`` is how much of the first line (number, portion mark) precedes
    the chunk. (Positions count in ``text``: the lines are not copied one by one.)"""
    a, b = _strip_bounds(text, a, b)
    if a == b:
        return ""
    if find_char(text, "\n", a, b) < 0:
        return _one_line(substring(text, a, b))
    plain = _plain_wrap(text, a, b, indent)
    if plain is not None:
        return plain  # the common case
    out: list = []
    start: cython.Py_ssize_t = a  # of the block after the last blank line
    blank: tuple[cython.Py_ssize_t, cython.Py_ssize_t] = _blank_line(text, a, b)
    while blank[0] >= 0:
        _add_block(out, text, start, blank[0], indent)
        indent = 0
        start = blank[1]
        blank = _blank_line(text, start, b)
    if start == a:  # no blank line: the block is the chunk, known not to be plain
        return _flow_block(text, a, b, indent)
    _add_block(out, text, start, b, indent)
    return "\n\n".join(out)


@cython.cfunc
def _add_block(out: list, text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t,
               indent: cython.Py_ssize_t) -> cython.void:
    a, b = _strip_bounds(text, a, b)
    if a < b:
        joined = _plain_wrap(text, a, b, indent)
        if joined is None:
            joined = _flow_block(text, a, b, indent)
        if joined:
            out.append(joined)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _strip_bounds(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t
                  ) -> tuple[cython.Py_ssize_t, cython.Py_ssize_t]:
    """Where ``text[a:b].strip()`` starts and ends."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


@cython.cfunc
def _plain_wrap(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t,
                indent: cython.Py_ssize_t) -> object:
    """The hard-wrapped prose of the stripped ``text[a:b]`` joined with spaces, or None when
    some line break is not a plain wrap (or there is none). Compiled, a typed scan reads it;
    interpreted, a regular expression (one call instead of a Python loop over the lines)."""
    if cython.compiled:
        return plain_wrap_scan(text, a, b, indent)
    else:
        return plain_wrap_regex(text, a, b, indent)


def plain_wrap_regex(text: str, a: int, b: int, indent: int) -> str | None:
    """:func:`_plain_wrap` by :data:`_NOT_PLAIN_WRAP` (tests hold it equal to the scan)."""
    block = text[a:b]
    first = block.find("\n")
    if first > 0 and first + indent >= _SHORT_LINE and _NOT_PLAIN_WRAP.search(block) is None:
        return block.replace("\n", " ")
    return None


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def plain_wrap_scan(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t,
                    indent: cython.Py_ssize_t) -> object:
    """:func:`_plain_wrap` by a scan of the line breaks. A line break is a plain wrap when the
    next line is plain prose: it starts with a letter, a digit or a quote but no sub-item
    (``a.``, ``1)``, ``12.``), the break follows no blank, and the line is not short (unless
    the last)."""
    nl: cython.Py_ssize_t = find_char(text, "\n", a, b)
    if nl <= a or nl - a + indent < _SHORT_LINE:
        return None
    following: cython.Py_ssize_t
    c: cython.Py_UCS4
    while nl >= 0:
        if nl + 1 >= b or text[nl - 1].isspace():
            return None
        c = text[nl + 1]
        if not (_is_ascii_letter(c) or _is_digit(c) or c == '"' or c == "“"):
            return None
        if nl + 3 < b and text[nl + 2] in ".)" and text[nl + 3] in " \t\n":
            return None  # "a. …"
        if (nl + 4 < b and _is_digit(text[nl + 2]) and text[nl + 3] in ".)"
                and text[nl + 4] in " \t\n"):
            return None  # "12. …"
        following = find_char(text, "\n", nl + 1, b)
        if 0 <= following < nl + 1 + _SHORT_LINE:
            return None  # a short line
        nl = following
    return _spaced(text, a, b)



@cython.cfunc
def _spaced(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> str:
    """``text[a:b]`` with its line breaks made spaces (compiled, an ASCII text is copied once)."""
    if cython.compiled:
        if text.isascii() and b - a > 1:
            n: cython.Py_ssize_t = b - a
            spaced: str = PyUnicode_New(n, 127)
            data: cython.p_char = cython.cast(cython.p_char, PyUnicode_DATA(spaced))
            memcpy(data, cython.cast(cython.p_char, PyUnicode_DATA(text)) + a, n)
            nl: cython.p_char = cython.cast(cython.p_char, memchr(data, 10, n))
            while nl:
                nl[0] = 32  # " "
                nl = cython.cast(cython.p_char, memchr(nl + 1, 10, n - (nl + 1 - data)))
            return spaced
    return text[a:b].replace("\n", " ")


@cython.cfunc
def _flow_block(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t,
                indent: cython.Py_ssize_t) -> str:
    """One stripped block without blank lines, which :func:`_plain_wrap` found is not plain
    prose (it may hold sub-items or rule lines)."""
    first: cython.Py_ssize_t = find_char(text, "\n", a, b)
    if first < 0:
        return _one_line(substring(text, a, b))
    if (first - a + indent >= _SHORT_LINE and _middle_lines_long(text, first, b)
            and not _has_kept_break(text, a, b)):
        return _join_lines(text, a, b)  # prose with blanks around its breaks
    return _flow_lines(text, a, b, indent)


@cython.cfunc
def _middle_lines_long(text: str, first: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.bint:
    """The lines between the first line break (at ``first``) and the last line are not short."""
    nl: cython.Py_ssize_t = find_char(text, "\n", first + 1, b)
    while nl >= 0:
        if nl - first - 1 < _SHORT_LINE:
            return False
        first = nl
        nl = find_char(text, "\n", first + 1, b)
    return True


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _has_kept_break(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.bint:
    """A line break that joining keeps, or a blank line: before a sub-item (``a.``, ``1)``,
    ``(``, ``-``, ``•``) or a rule line."""
    nl: cython.Py_ssize_t = find_char(text, "\n", a, b)
    i: cython.Py_ssize_t
    c: cython.Py_UCS4
    while nl >= 0:
        i = skip_blanks(text, nl + 1, b)
        if i < b:
            c = text[i]
            if c in "\n-=*_•(":
                return True
            if _is_ascii_letter(c):
                if i + 2 < b and text[i + 1] in ".)" and text[i + 2] in " \t\n":
                    return True
            elif _is_digit(c):
                if i + 1 < b and _is_digit(text[i + 1]):
                    i += 1  # "12." (two digits at most)
                if i + 2 < b and text[i + 1] in ".)" and text[i + 2] in " \t\n":
                    return True
        nl = find_char(text, "\n", nl + 1, b)
    return False


@cython.cfunc
def _join_lines(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> str:
    """The lines of ``text[a:b]``, each stripped, joined with spaces."""
    parts: list = []
    end: cython.Py_ssize_t = find_char(text, "\n", a, b)
    while end >= 0:
        parts.append(_stripped(text, a, end))
        a = end + 1
        end = find_char(text, "\n", a, b)
    parts.append(_stripped(text, a, b))
    return " ".join(parts)


@cython.cfunc
def _stripped(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> str:
    a, b = _strip_bounds(text, a, b)
    return substring(text, a, b)


@cython.cfunc
def _one_line(line: str) -> str:
    """A stripped line without line breaks: itself, or "" for a rule line."""
    return "" if _is_rule_line(line) else line


@cython.cfunc
def _flow_lines(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t,
                indent: cython.Py_ssize_t) -> str:
    """The lines of a block joined: with a line break after a short line and before a sub-item,
    with a space elsewhere; blank and rule lines dropped."""
    parts: list = []
    after_short: cython.bint = False
    line_start: cython.Py_ssize_t = a
    line_end: cython.Py_ssize_t
    first: cython.Py_ssize_t
    last: cython.Py_ssize_t
    while line_start <= b:
        line_end = find_char(text, "\n", line_start, b)
        if line_end < 0:
            line_end = b
        first, last = _strip_bounds(text, line_start, line_end)
        if first < last and not _only_rule_chars(text, first, last):
            if parts:
                parts.append("\n" if after_short or _is_subitem(text, first, last) else " ")
            parts.append(substring(text, first, last))
            after_short = last - line_start + indent < _SHORT_LINE
            indent = 0
        line_start = line_end + 1
    return "".join(parts)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _is_subitem(text: str, a: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.bint:
    """A stripped line ``text[a:n]`` opens a sub-item: ``-``, ``--``, ``---``, ``*``, ``•``,
    ``a.``, ``a)``, ``(a)``, ``(iii)``, ``(12)``, ``1.``, ``12)``, followed by a blank or the
    line's end."""
    c: cython.Py_UCS4 = text[a]
    i: cython.Py_ssize_t = a + 1  # where the blank after the item must stand
    if c == "-":
        while i < n and text[i] == "-":
            i += 1
        if i - a > 3:
            return False
    elif c == "*" or c == "•":
        pass
    elif c == "(":
        while i < n and i - a <= 4 and (_is_ascii_letter(text[i]) or "0" <= text[i] <= "9"):
            i += 1
        if not (1 < i - a <= 4 and i < n and text[i] == ")"):
            return False
        i += 1
    elif _is_ascii_letter(c) or _is_digit(c):
        if _is_digit(c) and i < n and _is_digit(text[i]):
            i += 1
        if not (i < n and text[i] in ".)"):
            return False
        i += 1
    else:
        return False
    return i == n or text[i] == " " or text[i] == "\t"


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


# --- assembly ---------------------------------------------------------------------------------


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
        m = _portion_mark(text, a, b)
        if m is None:
            first: cython.Py_ssize_t = _skip_layout(text, a, b)
            if first == b and number is None:
                return
            a = first
            m = _portion_mark(text, a, b)
            if m is None and 0 < text.find(":", a, a + 30):
                label = _LEAD_IN.match(text, a, b)
                if label:
                    m = portion_mark_at(text, label.end(), b)  # "Summary: (C) …"
                    if m is not None:
                        lead_in = text[a:label.end()].strip(" \t\n")
                        lead_in = lead_in + " " if lead_in else ""
        rank: cython.Py_ssize_t = -1
        mark = None
        if m is not None:
            mark, level, marks, rank = _portion(m[0])
            a = m[1]
        else:
            level, marks = self.unmarked
        line_start: cython.Py_ssize_t = rfind_char(text, "\n", max(0, a - _SHORT_LINE), a)
        body = lead_in + _flow(text, a, b, a - line_start - 1 if line_start >= 0 else _SHORT_LINE)
        if not body and mark is None and number is None:
            return
        paragraphs = self.paragraphs
        if rank > self.cable_rank >= 0:
            self.warnings.append(_warning(
                "portion-above-cable", f"({mark}) is above the cable's classification "
                f"{self.classification}", f"paragraph {number or len(paragraphs)}"))
        if self.heading_texts:
            self.heading_members[-1].append(len(paragraphs))
        paragraphs.append(Paragraph(
            index=len(paragraphs), text=body, number=number, portion_marking=mark,
            classification=level, caveats=list(marks),
            heading=self.heading_texts[-1] if self.heading_texts else None))



@cython.cfunc
def _portion_mark(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> tuple:
    """:func:`portion_mark_at` (which skips the blanks before the mark), called only when a "("
    follows the blanks."""
    opening: cython.Py_ssize_t = skip_blanks(text, a, b)
    if opening < b and text[opening] == "(":
        return portion_mark_at(text, a, b)
    return None


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
    kept, signers, signer_warnings = _split_signature(text)
    warnings += signer_warnings
    text = _framed_text(text, kept)
    numbered, rules = _landmarks(text)
    if _dashes_outside(text, rules):
        text = _unglue_headings(text, warnings)  # glued headings?
        numbered, rules = _landmarks(text)
    redactions = count_redactions(text)
    redactions += "signer-redacted" in [w.code for w in signer_warnings]
    headings, banners = _headings(text, rules) if rules else ([], [])
    banner = _trailing_banner(text)
    if banner is not None and not _inside(banner, banners):
        banners.append((banner, len(text)))
    blocked = sorted([(a, b) for a, b, _ in headings] + banners)
    starts = _paragraph_starts(text, numbered, blocked, warnings)

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

    parts = TextParts(
        paragraphs=paragraphs,
        headings=[Heading(text=t, paragraphs=m)
                  for t, m in zip(assembly.heading_texts, assembly.heading_members)],
        signers=signers, redactions=redactions, page_markers=page_markers, warnings=warnings)
    if paragraphs:
        mark_summary_and_comment(parts)
    return parts

