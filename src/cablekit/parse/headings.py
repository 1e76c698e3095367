"""Headings of a cable's text and the classified-website banners among them (§3.7).

A heading is a line framed by dash or ``=`` lines, or underlined by one (also when the dashes were
glued onto the line: ``… End Summary. ---- Heading ----``, put back on lines of their own first).
A classified-website banner (``Visit Embassy Rabat's Classified Website; http://…``) framed by
asterisks or dashes, or closing the text as a block of its own, is page furniture.
The rule lines come from ``landmarks.py``, as (start, end, is_star) in text order.
"""

from __future__ import annotations

import re

import cython

from cablekit.model import ReaderWarning

if cython.compiled:
    from cython.cimports.cablekit.formats.scan import find_char, skip_blanks
    from cython.cimports.cpython.unicode import PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND
    from cython.cimports.libc.string import memchr
    from cython.cimports.cablekit.parse.text_scan import (
        banner_clue, banner_text_clue, blank_line, is_blank_before, may_be_banner,
        only_rule_chars, prev_line_start, rstrip_end, skip_digits, strip_bounds)
else:
    from cablekit.formats.scan import find_char, skip_blanks
    from cablekit.parse.text_scan import (
        banner_clue, blank_line, is_blank_before, may_be_banner, only_rule_chars, prev_line_start,
        rstrip_end, skip_digits, strip_bounds)

from cablekit.parse.text_scan import BANNER_TEXT, URL

# a heading whose framing dashes were glued onto a line: "End Summary. ---- Heading ----", or
# else one underlined by glued dashes: "… End Summary. Heading ----", "Heading ----"
# (the framed one: the text before the dashes, lazily ``(?P<before>[^\n]*?\S)?``, then this tail)
_FRAMED_TAIL = re.compile(r"[ \t]*-{4,}(?:[ \t]+-+)*[ \t]+(?P<framed>[^\n-][^\n]{0,100}?)[ \t]+-{4,}[- \t]*")

_GLUED_UNDERLINED = re.compile(
    r"(?P<text>[^\n]*[.!?:][ \t]+)(?P<under>[A-Z][^\n.!?]{0,80}?)[ \t]+-{4,}[- \t]*"
    r"|[ \t]*(?P<alone>[A-Za-z][^\n]{0,100}?)[ \t]+-{4,}[- \t]*"
)

_MAX_BANNER = 300  # characters of a banner at most

_MAX_BANNER_LINES = 8


def unglue_headings(text: str, rules: list, warnings: list[ReaderWarning]) -> str:
    """Put headings glued into a line back on lines of their own (texts whose line breaks
    were lost: ``… End Summary. ---- Policy-Level Sensitivities ----``); ``text`` itself when
    no "----" stands outside its rule lines ``rules`` or none is a glued heading."""
    if not _dashes_outside(text, rules):
        return text
    out = []
    cursor = 0
    pos = _find_dashes(text, 0)
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        glued = glued_heading(text, start, end)
        if glued is not None:
            before, heading = glued
            out.append(text[cursor:start])
            if heading.lower().startswith("end "):  # "END SUMMARY ----": a marker, not a heading
                out.append(f"{before.rstrip()} {heading}\n\n----")
            else:
                out.append(f"{before.rstrip()}\n\n----\n{heading}\n----")
                warnings.append(ReaderWarning(code="heading-unglued", where="body.text",
                                              message=f"heading {heading!r} was glued into a line of text"))
            cursor = end
        pos = _find_dashes(text, end)
    if not out:
        return text
    out.append(text[cursor:])
    return "".join(out)


@cython.ccall
def glued_heading(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> tuple:
    """(text before, heading) of the line ``text[start:end]`` when a heading was glued into it
    between dashes (``… End Summary. ---- Heading ----``) or before them (``… End Summary.
    Heading ----``, ``Heading ----``); None when it holds none. (The same as a full match of
    the line by :data:`_FRAMED_TAIL` after the shortest text before it, else by
    :data:`_GLUED_UNDERLINED`: tests/test_headings_glued.py holds the two equal.)"""
    if not _ends_in_glued_dashes(text, start, end) or only_rule_chars(text, start, end):
        return None
    if _may_be_framed(text, start, end):
        framed = _glued_framed(text, start, end)
        if framed is not None:
            return framed
    if not _may_be_underlined(text, start, end):
        return None
    m = _GLUED_UNDERLINED.fullmatch(text, start, end)
    if m is None:
        return None
    if m["under"] is not None:
        return m["text"], m["under"].strip()
    return "", m["alone"].strip()


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _ends_in_glued_dashes(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t
                          ) -> cython.bint:
    """``text[start:end]`` ends with a blank, four dashes and only dashes and blanks after them,
    as every line that :func:`_glued_framed` or :data:`_GLUED_UNDERLINED` matches does."""
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
    """Whether :func:`_glued_framed` may find a heading in ``text[start:end]`` (a line that
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
@cython.boundscheck(False)
@cython.wraparound(False)
def _glued_framed(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> tuple:
    """(text before, heading) of a line with a heading between glued dashes, or None: the
    shortest text before (ending in a non-blank; else none) that :data:`_FRAMED_TAIL` follows
    to the line's end. The heading (101 characters at most) ends in the trailing run of dashes
    and blanks, and only dashes and blanks precede it after the text before: the tail is tried
    only from there, not from every position of a long line."""
    run: cython.Py_ssize_t = end  # start of the trailing run of dashes and blanks
    while run > start and (text[run - 1] == "-" or text[run - 1] == " " or text[run - 1] == "\t"):
        run -= 1
    k: cython.Py_ssize_t = max(start, run - 101)
    while k > start and (text[k - 1] == "-" or text[k - 1] == " " or text[k - 1] == "\t"):
        k -= 1
    c: cython.Py_UCS4
    for k in range(max(k, start + 1), end):
        c = text[k]
        if (c == " " or c == "\t" or c == "-") and not text[k - 1].isspace():
            m = _FRAMED_TAIL.fullmatch(text, k, end)
            if m is not None:
                return text[start:k], m["framed"].strip()
    m = _FRAMED_TAIL.fullmatch(text, start, end)
    return None if m is None else ("", m["framed"].strip())


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _may_be_underlined(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.bint:
    """Whether :data:`_GLUED_UNDERLINED` may match ``text[start:end]`` (a line that
    :func:`_ends_in_glued_dashes`): its heading ends in the trailing run of dashes and blanks
    and starts at most 81 characters before that run, either alone on the line (after blanks, a
    letter) or after a sentence's end (".!?:" and blanks, then a capital, with no ".!?" up to
    the run). (On a long line, the expression backtracks over every sentence end.)"""
    run: cython.Py_ssize_t = end  # start of the trailing run of dashes and blanks
    while run > start and (text[run - 1] == "-" or text[run - 1] == " " or text[run - 1] == "\t"):
        run -= 1
    first: cython.Py_ssize_t = skip_blanks(text, start, end)
    c: cython.Py_UCS4
    if first < end and run - first <= 101:
        c = text[first]
        if "A" <= c <= "Z" or "a" <= c <= "z":
            return True
    p: cython.Py_ssize_t = run - 1
    q: cython.Py_ssize_t
    while p > start and p >= run - 81:
        c = text[p]
        if c == "." or c == "!" or c == "?":
            return False
        if "A" <= c <= "Z" and (text[p - 1] == " " or text[p - 1] == "\t"):
            q = p - 1
            while q >= start and (text[q] == " " or text[q] == "\t"):
                q -= 1
            if q >= start and (text[q] == "." or text[q] == "!" or text[q] == "?" or text[q] == ":"):
                return True
        p -= 1
    return False


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
    every fifth character, dashes being rare). Compiled, a one-byte text is read from its bytes,
    without a call a dash."""
    n: cython.Py_ssize_t = len(text)
    if cython.compiled:
        if PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND:
            data: cython.p_char = cython.cast(cython.p_char, PyUnicode_DATA(text))
            dash: cython.p_char
            while start < n:
                dash = cython.cast(cython.p_char, memchr(data + start, 45, n - start))  # "-"
                if dash == cython.NULL:
                    return -1
                start = dash - data
                if start + 3 < n and dash[1] == 45 and dash[2] == 45 and dash[3] == 45:
                    return start
                start += 1
            return -1
    k: cython.Py_ssize_t = find_char(text, "-", start, n)
    while k >= 0:
        if k + 3 < n and text[k + 1] == "-" and text[k + 2] == "-" and text[k + 3] == "-":
            return k
        k = find_char(text, "-", k + 1, n)
    return -1



def find_headings(text: str, rules: list) -> tuple:
    """Dash-framed and dash-underlined headings as (block start, block end, text), and the
    classified-website banners framed by asterisks or dashes as (start, end)."""
    headings: list = []
    banners: list = []
    used_until: cython.Py_ssize_t = -1
    start: cython.Py_ssize_t
    end: cython.Py_ssize_t
    above: cython.Py_ssize_t
    star: cython.bint
    i: cython.Py_ssize_t
    for i in range(len(rules)):
        start, end, star = rules[i]
        if start < used_until:
            continue
        if star:
            closing = _closing_rule(text, end, rules, i + 1, True)
            if closing and _is_banner(text[end:closing[0]]):
                banners.append((start, closing[1]))
                used_until = closing[1] + 1
            continue
        framed = _framed(text, start, end, rules, i + 1)
        if framed:
            if _is_banner(framed[2]):
                banners.append(framed[:2])  # a website banner framed by dashes
            else:
                headings.append(framed)
            used_until = framed[1] + 1
            continue
        # underlined: a lone short text line right above the rule
        if start >= 2:
            above = prev_line_start(text, start)
            if (above > used_until and is_blank_before(text, above) and _heading_line(text, above, start - 1)
                    and not _is_banner(line := text[above:start - 1])):
                headings.append((above, end, line.strip()))
                used_until = end + 1
    return headings, banners


@cython.cfunc
def _framed(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t, rules: list,
            later: cython.Py_ssize_t) -> tuple:
    """(block start, block end, text) of one or two heading lines between the dash or "=" rule
    at ``start``–``end`` and a closing one among ``rules[later:]`` (the rules are looked up
    before the lines are read)."""
    n: cython.Py_ssize_t = len(text)
    first_end: cython.Py_ssize_t = find_char(text, "\n", end + 1, n)
    if first_end < 0:
        return None
    closing = _rule_at(rules, later, first_end + 1)
    if closing is not None and not closing[2]:
        return (start, closing[1], text[end + 1:first_end].strip()) if _heading_line(text, end + 1, first_end) \
            else None
    second_end: cython.Py_ssize_t = find_char(text, "\n", first_end + 1, n)
    closing = _rule_at(rules, later, second_end + 1) if second_end >= 0 else None
    if closing is not None and not closing[2]:
        if _heading_line(text, end + 1, first_end) and _heading_line(text, first_end + 1, second_end):
            return start, closing[1], f"{text[end + 1:first_end].strip()} {text[first_end + 1:second_end].strip()}"
    return None


@cython.cfunc
def _rule_at(rules: list, later: cython.Py_ssize_t, position: cython.Py_ssize_t) -> tuple:
    """The rule (start, end, is_star) that starts at ``position``, looked for among the rules
    (in text order) from ``rules[later]`` on, or None."""
    n: cython.Py_ssize_t = len(rules)
    start: cython.Py_ssize_t
    while later < n:
        rule: tuple = rules[later]
        start = rule[0]
        if start >= position:
            return rule if start == position else None
        later += 1
    return None


@cython.cfunc
def _closing_rule(text: str, end: cython.Py_ssize_t, rules: list, later: cython.Py_ssize_t,
                  star: cython.bint) -> tuple:
    """(start, end) of the rule among ``rules[later:]`` closing a framed block that opens at
    ``end``, within a few lines."""
    line_start: cython.Py_ssize_t = end + 1
    line_end: cython.Py_ssize_t
    for _ in range(_MAX_BANNER_LINES):
        closing = _rule_at(rules, later, line_start)
        if closing is not None:
            return (line_start, closing[1]) if closing[2] == star else None
        line_end = find_char(text, "\n", line_start, len(text))
        if line_end < 0:
            return None
        line_start = line_end + 1
    return None


@cython.cfunc
def _heading_line(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.bint:
    """The line ``text[a:b]`` holds 1–100 characters (stripped) with a letter, is not numbered,
    does not start "End …"."""
    a, b = strip_bounds(text, a, b)
    return (0 < b - a <= 100 and _has_letter(text, a, b) and not _number_at(text, a, b)
            and not (b - a >= 4 and text[a] in "Ee" and text[a + 1] in "Nn" and text[a + 2] in "Dd"
                     and text[a + 3] == " "))


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _has_letter(text: str, a: cython.Py_ssize_t, b: cython.Py_ssize_t) -> cython.bint:
    c: cython.Py_UCS4
    while a < b:
        c = text[a]
        if c.isalnum() and not c.isdecimal():
            return True
        a += 1
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
    after: cython.Py_ssize_t = skip_digits(text, i, n)
    if not (0 < after - i <= 3 and after < n and text[after] == "."):
        return False
    after += 1
    return (after == n or text[after] in " \t(" or (after == n - 1 and text[after] == "\n"))


@cython.cfunc
def _is_banner(block: str) -> cython.bint:
    if len(block) > _MAX_BANNER:
        return False
    if cython.compiled:
        if not banner_clue(block):
            return False
    elif not may_be_banner(block):
        return False
    return BANNER_TEXT.search(block) is not None or URL.search(block) is not None



def trailing_banner(text: str) -> object:
    """Start of a classified-website banner closing the text ("Visit Paris' Classified Website
    at: http://…"): the block after the last blank line in its last _MAX_BANNER characters."""
    tail: cython.Py_ssize_t = max(0, len(text) - _MAX_BANNER - 100)
    stop: cython.Py_ssize_t = rstrip_end(text, tail, len(text))
    start: cython.Py_ssize_t = -1
    blank: tuple[cython.Py_ssize_t, cython.Py_ssize_t] = blank_line(
        text, max(tail, stop - _MAX_BANNER), stop)
    while blank[0] >= 0:
        start = blank[1]
        blank = blank_line(text, start, stop)
    if start < 0:
        return None
    if cython.compiled:
        if not banner_text_clue(text, start, stop):
            return None
    if BANNER_TEXT.search(text, start, stop) and not _number_at(text, start, stop):
        return start
    return None
