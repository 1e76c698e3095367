"""Cross-checks between the container's metadata and the cable's own text (§1.3, §2, consistency
checks of §0). A disagreement is not repaired: it is reported as a warning, since either side may
be the source's error. Each check has its own warning code, so a corpus can be scored per field.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import cython

from cablekit.data import tags as tag_table
from cablekit.model import Body, Container, Header, ReaderWarning
from cablekit.parse.classification import level_of_wikileaks

if cython.compiled:  # its fields are read from the C struct
    from cython.cimports.cpython.datetime import datetime as Moment
else:
    Moment = datetime

# Created is usually the DTG, but WikiLeaks' value can differ by minutes (§1.3) — allow that.
DTG_TOLERANCE = timedelta(minutes=30)

CHECK_CODES = {
    "classification": "classification-mismatch",
    "dtg": "dtg-created-mismatch",
    "origin": "origin-mismatch",
    "subject": "subject-title-mismatch",
    "tags": "tags-mismatch",
    "serial": "serial-mismatch",
}

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")
# Post-type words that differ between WikiLeaks' origin names and FM lines (§1.3, §2.6).
_POST_WORDS = frozenset(
    "AMEMBASSY EMBASSY AMCONSUL CONSULATE USMISSION MISSION US USDEL DELEGATION OFFICE AMERICAN "
    "WASHDC WASHINGTON DC THE OF AND USLO REO AIT INSTITUTE IN TAIWAN BRANCH".split()
)
_ORIGIN_SYNONYMS = {"SECSTATE": "STATE", "SECRETARY": "STATE", "SECDEF": "DEFENSE"}


@cython.cfunc
def _words(text: str) -> set:
    """The words of an origin name or FM line that name the post (_NON_ALNUM splits them)."""
    words = {_ORIGIN_SYNONYMS.get(w, w) for w in _alnum_runs(text)}
    return words - _POST_WORDS


@cython.cfunc
def _alnum_runs(text: str) -> list:
    """``[w for w in _NON_ALNUM.split(text.upper()) if w]``, in bytes for ASCII text."""
    if text.isascii():
        return text.encode("ascii").upper().translate(_SPACE_FOR_NON_ALNUM_ASCII).decode("ascii").split()
    return [w for w in _NON_ALNUM.split(text.upper()) if w]


# (origin name, FM line) → whether they agree: the pairs of a few hundred posts recur.
_AGREEING = cython.declare(dict, {})
_MAX_PAIRS = 4096


@cython.ccall
def origins_agree(origin_name: str, originator: str) -> cython.bint:
    """'Embassy Rabat' ~ 'AMEMBASSY RABAT'; 'Secretary of State' ~ 'SECSTATE WASHDC'."""
    key = (origin_name, originator)
    agree = _AGREEING.get(key)
    if agree is None:
        if len(_AGREEING) >= _MAX_PAIRS:
            _AGREEING.clear()
        agree = _AGREEING[key] = _words_agree(_words(origin_name), _words(originator))
    return agree


@cython.cfunc
def _words_agree(a: set, b: set) -> cython.bint:
    if not a or not b:
        return True
    joined_a, joined_b = "".join(sorted(a)), "".join(sorted(b))
    return bool(a & b) or joined_a in joined_b or joined_b in joined_a


# Every ASCII character but A-Z and 0-9: _NON_ALNUM's matches in upper-cased ASCII text, deleted
# faster from its bytes.
_NON_ALNUM_ASCII = bytes(c for c in range(128) if _NON_ALNUM.fullmatch(chr(c)))
_SPACE_FOR_NON_ALNUM_ASCII = bytes.maketrans(_NON_ALNUM_ASCII, b" " * len(_NON_ALNUM_ASCII))


@cython.ccall
def _squash(text: str) -> str:
    """``_NON_ALNUM.sub("", text.upper())``: the ASCII capitals and digits of the upper-cased text, in bytes
    (every other character is one _NON_ALNUM deletes)."""
    if text.isascii():
        return text.encode("ascii").upper().translate(None, _NON_ALNUM_ASCII).decode("ascii")
    return text.upper().encode("ascii", "ignore").translate(None, _NON_ALNUM_ASCII).decode("ascii")


# WikiLeaks built some titles from "SUBJECT: (S/NF) …" by cutting at the parenthesis, leaving
# "S/NF) PROGRESS ON …", and cut long ones at a word boundary (§3.9).
_TITLE_MARK_REMNANT = re.compile(r"^\(?[A-Z]{1,3}(?:/{1,2}[A-Z]{1,6}(?: [A-Z]{2,})?)?\)\s*")


@cython.ccall
def subjects_agree(title: str, subject: str) -> cython.bint:
    if ")" not in title and subject.startswith(title):
        # no mark remnant to cut from the title, and squashing (a per-character upper case and
        # deletion) keeps prefixes: the title's squash starts the subject's, so they agree unless it is empty
        if title == subject or (len(title) > 0 and _ascii_alnum(title[0])):
            return True
    t, s = _squash(_TITLE_MARK_REMNANT.sub("", title) if ")" in title else title), _squash(subject)
    if t == s:
        return True
    # WikiLeaks titles are sometimes truncated ("RUSSIAN SCIEN...") or keep a portion mark (§3.9).
    return bool(t) and bool(s) and (s.startswith(t) or t.startswith(s) or t.endswith(s))


@cython.cfunc
def _ascii_alnum(c: cython.Py_UCS4) -> cython.bint:
    return "A" <= c <= "Z" or "a" <= c <= "z" or "0" <= c <= "9"


@cython.ccall
def _mismatch(field: str, message: str, where: str) -> ReaderWarning:
    return ReaderWarning(CHECK_CODES[field], message, where)  # (positional: code, message, where)


@cython.ccall
def garbled_created_minute(container: Container) -> cython.bint:
    """The 2010 WikiLeaks pages print Created's minute as the hour on a 12-hour clock
    (10STATE284: DTG 041820Z, Created 18:06 — §1.3's "differ by minutes" is this artifact; the
    2011 pages and the mirrors print the real minute)."""
    created = container.created
    return (
        container.format == "wikileaks-html-2010"
        and created is not None
        and created.minute == (created.hour % 12 or 12)
    )


@cython.cfunc
def _hour_minute(moment: Moment) -> str:
    """``f"{moment:%H:%M}"``, without strftime's cost."""
    return _TWO_DIGITS[moment.hour] + ":" + _TWO_DIGITS[moment.minute]


_TWO_DIGITS = cython.declare(tuple, tuple(f"{n:02d}" for n in range(60)))


@cython.cfunc
def _wall_seconds(moment: Moment, minute: cython.int, second: cython.int) -> cython.longlong:
    return (moment.hour * 60 + minute) * 60 + second


@cython.cfunc
def _close_on_the_wall(created: Moment, dtg: Moment, minutes_garbled: cython.bint) -> cython.bint:
    """``abs(created - dtg) <= DTG_TOLERANCE`` for wall-clock times, in integers; with
    minutes_garbled, as if both minutes and the DTG's seconds were 0."""
    days: cython.longlong = 0
    if created.day != dtg.day or created.month != dtg.month or created.year != dtg.year:
        days = created.toordinal() - dtg.toordinal()
    seconds: cython.longlong = days * 86400
    if minutes_garbled:
        seconds += _wall_seconds(created, 0, created.second) - _wall_seconds(dtg, 0, 0)
    else:
        seconds += _wall_seconds(created, created.minute, created.second) - _wall_seconds(dtg, dtg.minute, dtg.second)
    microseconds: cython.longlong = seconds * 1000000 + created.microsecond - dtg.microsecond
    return -_TOLERANCE_MICROSECONDS <= microseconds <= _TOLERANCE_MICROSECONDS


_TOLERANCE_MICROSECONDS: cython.longlong = DTG_TOLERANCE // timedelta(microseconds=1)


@cython.ccall
def _check_created(container: Container, created: Moment, dtg: datetime, warnings: list):
    """Warn where the container's Created time and the DTG disagree."""
    if created.tzinfo is not None:  # aware on both sides: offsets count
        close = abs(created - dtg) <= DTG_TOLERANCE
    else:  # read in the DTG's zone, so the wall clocks are compared
        close = _close_on_the_wall(created, dtg, False)
    if close:
        return
    if garbled_created_minute(container):
        if created.tzinfo is not None:
            close = abs(created.replace(minute=0) - dtg.replace(minute=0, second=0)) <= DTG_TOLERANCE
        else:
            close = _close_on_the_wall(created, dtg, True)
        if close:
            warnings.append(ReaderWarning(
                code="created-minute-garbled",
                message=f"WikiLeaks' Created {_hour_minute(created)} prints the hour in place of the minute; "
                "it agrees with the DTG by date and hour",
                where="container.created",
            ))
            return
        dtg = dtg.replace(minute=0, second=0)  # (as the message has long printed it)
    message = f"metadata created {created:%Y-%m-%d %H:%M} but the DTG is {dtg:%Y-%m-%d %H:%MZ}"
    warnings.append(_mismatch("dtg", message, "header.FL5"))


@cython.cfunc
def _check_tags(links: list, body: Body, warnings: list):
    """WikiLeaks linked the codes of the first TAGS line only, and linked each word of a
    person tag or glued run on its own (§4.2); a difference of that kind is the source's
    inconsistency, any other is a mismatch."""
    if _linked_as_read(links, body.tags):
        return
    linked = {t.upper() for t in links}
    read = {t.code.upper() for t in body.tags}
    if linked == read:
        return
    unexplained_links = _unexplained_links(linked - read, read)
    tables = tag_table()
    unlinked = read - linked
    unknown_extra = {c for c in unlinked if c not in tables and "," not in c}
    if not unexplained_links and not unknown_extra:
        if unlinked:
            warnings.append(ReaderWarning(
                code="tags-unlinked",
                message=f"WikiLeaks linked only {sorted(linked)}; the TAGS line also has {sorted(unlinked)}",
                where="container.tags",
            ))
        return
    warnings.append(_mismatch("tags", f"tag links {sorted(linked)} but TAGS line read as {sorted(read)}", "body.tags"))


@cython.cfunc
def _unexplained_links(extra: set, read: set) -> set:
    """The links of ``extra`` (not read as codes) that are no piece of a read code nor a glued run of them."""
    if not extra:  # (the usual case: WikiLeaks linked fewer codes than the TAGS line has)
        return extra
    pieces = read | {w for code in read for w in _NON_ALNUM.split(code) if w}
    glued = "".join(sorted(read))
    return {t for t in extra - pieces if not _is_glue_of(t, read) and t not in glued}


@cython.cfunc
def _linked_as_read(links: list, tags: list) -> cython.bint:
    """The links are the TAGS line's codes in order (the usual page): the sets agree unbuilt."""
    count: cython.Py_ssize_t = len(links)
    if count != len(tags):
        return False
    i: cython.Py_ssize_t
    for i in range(count):
        if links[i] != tags[i].code:
            return False
    return True


@cython.cfunc
def _is_glue_of(link: str, read: set) -> cython.bint:
    """'EINDETRD' is the glued EIND + ETRD."""
    rest = link
    while rest:
        for code in read:
            if code and rest.startswith(code):
                rest = rest[len(code):]
                break
        else:
            return False
    return True


# Metadata classification value → its level: a few values.
_LEVELS = cython.declare(dict, {})
_MAX_LEVELS = 256


@cython.cfunc
def _level_of_metadata(value: str):
    level = _LEVELS.get(value, _UNREAD)
    if level is _UNREAD:
        if len(_LEVELS) >= _MAX_LEVELS:
            _LEVELS.clear()
        # the level only: the caveats after "//" are left unread (reading them loads the glossary)
        level = _LEVELS[value] = level_of_wikileaks(value.partition("//")[0])[0]
    return level


_UNREAD = object()


def cross_check(container: Container, header: Header, body: Body, cable_id: str) -> list[ReaderWarning]:
    warnings: list[ReaderWarning] = []
    metadata_classification = container.classification
    classification = body.classification
    if metadata_classification and classification:
        level = _level_of_metadata(metadata_classification)
        if level and level != classification:
            warnings.append(_mismatch(
                "classification",
                f"metadata says {metadata_classification}, the classification line says {classification}",
                "body.classification_line",
            ))
    dtg = header.dtg
    created = container.created
    if dtg and created:
        _check_created(container, created, dtg, warnings)
    origin = container.origin
    originator = header.originator
    if origin and originator and not origins_agree(origin, originator):
        warnings.append(_mismatch("origin", f"metadata origin {origin!r} but FM {originator!r}", "header.FL6"))
    title = container.title
    subject = body.subject
    if title is not None and subject is not None and not subjects_agree(title, subject):
        warnings.append(_mismatch("subject", f"page title {title!r} but SUBJECT {subject!r}", "body.subject"))
    links = container.tags
    if links:
        _check_tags(links, body, warnings)
    de = header.de
    serial = body.serial
    if de is not None and de.serial and serial:
        _check_serial(de.serial, serial, warnings)
    return warnings


@cython.cfunc
def _check_serial(de_serial: str, serial: str, warnings: list):
    """The DE line's station serial is the cable number, modulo 10,000 (§2.3)."""
    de_number: cython.longlong = _ascii_number(de_serial)
    number: cython.longlong = _ascii_number(serial)
    if de_number < 0 or number < 0:  # (other characters: read as before the typed reading)
        digits = de_serial.lstrip("0")
        if not (digits.isdigit() and serial.isdigit() and int(serial) % 10000 != int(digits) % 10000):
            return
    elif de_number == 0 or number % 10000 == de_number % 10000:
        return
    warnings.append(_mismatch("serial", f"DE serial #{de_serial} is not the cable number {serial}", "header.FL3"))


@cython.cfunc
def _ascii_number(text: str) -> cython.longlong:
    """The number ``text`` writes in 1–18 ASCII digits; -1 for any other text."""
    n: cython.Py_ssize_t = len(text)
    i: cython.Py_ssize_t
    value: cython.longlong = 0
    if n == 0 or n > 18:
        return -1
    if not cython.compiled:
        return int(text) if text.isascii() and text.isdigit() else -1
    c: cython.Py_UCS4
    for i in range(n):
        c = text[i]
        if not "0" <= c <= "9":
            return -1
        value = value * 10 + (ord(c) - 48)
    return value
