"""The opening block (§3): the seed cable pinned field by field, malformations from the spec, and
every body of the corpus read and checked against its page's own metadata (title, TAGS links,
classification column), the raw telegrams and the PlusD page."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablekit.model import Section
from cablekit.parse.classification import (
    classification_rank,
    level_of_wikileaks,
    parse_classification_line,
)
from cablekit.parse.opening import _REASON_WRAP, Opening, parse_opening, reason_wraps

from paths import FIXTURES, SEED, corpus_or_skip


# --- corpus helpers ------------------------------------------------------------------------------

_PRE = re.compile(r"<code><pre>(.*?)</pre></code>", re.S)
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)
_TAG_LINK = re.compile(r"<a href='/tag/[^']*'>(.*?)</a>")
_TITLE = re.compile(r"<h3>Viewing cable (\S+?),\s*(.*?)</h3>", re.S)
_CLASSIFICATION = re.compile(r"<a href='/classification/[^']*'[^>]*>(.*?)</a>")
_NON_ALNUM = re.compile(r"[^A-Z0-9]+")
_LEADING_MARK = re.compile(r"^\(?[A-Z/ ]{1,10}\)\s*", re.I)  # WikiLeaks keeps "S) " of "(S) …"


@dataclass(frozen=True)
class Page:
    path: Path
    id: str
    title: str
    classification: str
    tag_links: tuple[str, ...]
    body: str


def clean_pre(block: str) -> str:
    """Minimal container cleaning (the formats package does it for real): entities, ¶, links."""
    return html.unescape(_LINK.sub(lambda m: m.group(1), block)).replace("¶", "")


@cache
def wikileaks_pages() -> tuple[Page, ...]:
    pages = []
    for path in sorted(corpus_or_skip().glob("wikileaks-html*/**/*.html")):
        page = path.read_text(encoding="utf-8")
        body = _PRE.findall(page)[-1]
        title = _TITLE.search(page)
        table = page[page.find("<table class='cable'>"):]
        pages.append(Page(
            path=path,
            id=title.group(1),
            title=html.unescape(title.group(2)),
            classification=_CLASSIFICATION.search(table).group(1),
            tag_links=tuple(html.unescape(t) for t in _TAG_LINK.findall(body)),
            body=clean_pre(body),
        ))
    return tuple(pages)


@cache
def read_pages() -> tuple[tuple[Page, Opening], ...]:
    return tuple((page, parse_opening(page.body, reference_id=page.id)) for page in wikileaks_pages())


def squash(text: str | None) -> str:
    return _NON_ALNUM.sub("", (text or "").upper())


def tag_words(codes) -> set[str]:
    """Tag codes as WikiLeaks links them: one link per word ("CLINTON, HILLARY" → two)."""
    return {w for code in codes for w in _NON_ALNUM.split(code.upper()) if w}


def seed_text() -> str:
    path = SEED if SEED.exists() else FIXTURES / "09RABAT904.txt"
    return path.read_text(encoding="utf-8")


def seed_body() -> str:
    """The seed page's body: what follows its routing header's last line."""
    return seed_text().split("RUCNMGH/MAGHREB COLLECTIVE\n", 1)[1]


# --- the seed, field by field ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Opening:
    return parse_opening(seed_body(), cable_date=date(2009, 11, 10), reference_id="09RABAT904")


def test_lines_kept_as_captions_only_read_as_new(monkeypatch):
    """A line read from the kept caption-only lines (SIPDIS, NOFORN …) is read as it is read afresh:
    on every corpus body, and on each with such lines put after another line of its block (inside
    a SUBJECT, REF, TAGS or Classified By that they may continue)."""
    from cablekit.parse import opening as module

    bodies = []
    for k, page in enumerate(wikileaks_pages()):
        lines = page.body.split("\n")
        bodies.append(page.body)
        for at, caption in ((k % 10 + 1, "SIPDIS"), ((k * 7) % 10 + 1, "NOFORN, SIPDIS"), (k % 4 + 2, "  NOFORN")):
            bodies.append("\n".join(lines[:at] + [caption] + lines[at:]))
    monkeypatch.setattr(module, "_CAPTIONS_ONLY_LINES", {})
    warm = [parse_opening(body, reference_id="09RABAT904") for body in bodies + bodies]
    assert {"SIPDIS", "NOFORN, SIPDIS"} <= set(module._CAPTIONS_ONLY_LINES)
    monkeypatch.setattr(module, "_MAX_CAPTION_LINES", 0)
    monkeypatch.setattr(module, "_CAPTIONS_ONLY_LINES", {})
    monkeypatch.setattr(module, "_CAPTION_LINES", {})
    fresh = [parse_opening(body, reference_id="09RABAT904") for body in bodies + bodies]
    assert not module._CAPTIONS_ONLY_LINES
    assert warm == fresh


def test_seed_classification_line(seed):
    assert seed.classification == "SECRET"
    assert seed.classification_line == "S E C R E T RABAT 000904"
    assert (seed.location, seed.serial, seed.section) == ("RABAT", "000904", None)
    assert seed.caveats == ["NOFORN"]
    assert seed.captions == ["SIPDIS"]
    assert seed.sensitive is False
    assert seed.preamble == ""


def test_seed_passing_and_eo(seed):
    assert seed.passing == ["STATE FOR PM - CPETRONE AND NEA/RA - SSOUCEK"]
    assert seed.eo.order == "12958"
    assert seed.eo.declassify_on == date(2019, 11, 9)
    assert not seed.eo.not_applicable and not seed.eo.exemptions


def test_seed_tags(seed):
    assert [(t.code, t.kind) for t in seed.tags] == [
        ("MARR", "subject"), ("PREL", "subject"), ("MASS", "subject"), ("MO", "geographic")
    ]
    assert seed.tags[3].meaning == "Morocco"
    assert all(t.meaning for t in seed.tags)


def test_seed_subject_and_reference(seed):
    assert seed.subject == "U.S.-MOROCCO SECURITY DIALOGUES"
    assert seed.subject_portion_marking is None
    (ref,) = seed.references
    assert (ref.reference_id, ref.origin, ref.number, ref.year, ref.year_inferred, ref.kind) == (
        "09STATE112900", "STATE", 112900, 2009, True, "cable"
    )


def test_seed_classified_by(seed):
    cb = seed.classified_by
    assert (cb.name, cb.title) == ("Robert P. Jackson", "DCM")
    assert [(r.section, r.letter) for r in cb.reasons] == [("1.4", "b"), ("1.4", "c")]
    assert cb.reasons[0].meaning == "foreign government information"
    assert "intelligence" in cb.reasons[1].meaning


def test_seed_repeated_block_is_dropped(seed):
    assert seed.repeated_block
    assert [w.code for w in seed.warnings] == ["opening-block-repeated"]
    assert seed.rest.lstrip("\n").startswith("1. (S/NF) Summary: The United States and Morocco")
    assert "E.O. 12958" not in seed.rest  # neither copy of the block is left in the text
    # nothing of the cable is lost: the body is the two blocks, then exactly the rest
    assert seed_body().endswith(seed.rest)


def test_seed_with_crlf_line_ends():
    body = seed_body().replace("\n", "\r\n")
    o = parse_opening(body, reference_id="09RABAT904")
    assert (o.subject, o.passing, o.repeated_block) == (
        "U.S.-MOROCCO SECURITY DIALOGUES", ["STATE FOR PM - CPETRONE AND NEA/RA - SSOUCEK"], True)
    assert body.endswith(o.rest) and o.rest.lstrip().startswith("1. (S/NF) Summary")


def test_seed_whole_page_text_keeps_metadata_and_header_as_preamble():
    opening = parse_opening(seed_text(), reference_id="09RABAT904")
    assert opening.preamble.startswith("Identifier\nCreated")
    assert "FM AMEMBASSY RABAT" in opening.preamble
    assert "text-before-classification-line" in {w.code for w in opening.warnings}
    assert opening.subject == "U.S.-MOROCCO SECURITY DIALOGUES" and opening.repeated_block


# --- the classification line (§3.1) ----------------------------------------------------------------


@pytest.mark.parametrize(
    "line, expected",
    [
        ("S E C R E T RABAT 000904", ("SECRET", [], None, "RABAT", "000904")),
        ("C O N F I D E N T I A L SECTION 01 OF 02 STATE 000284",
         ("CONFIDENTIAL", [], Section(number=1, of=2), "STATE", "000284")),
        ("UNCLAS SECTION 01 OF 03 RABAT 001117", ("UNCLASSIFIED", [], Section(number=1, of=3), "RABAT", "001117")),
        ("UNCLAS E F T O", ("UNCLASSIFIED", ["EFTO"], None, None, None)),
        ("LIMITED OFFICIAL USE ATHENS 2959", ("LIMITED OFFICIAL USE", [], None, "ATHENS", "2959")),
        ("SECRET UNVIE VIENNA 000289", ("SECRET", [], None, "UNVIE VIENNA", "000289")),
        ("S e c r e t nairobi 001938", ("SECRET", [], None, "NAIROBI", "001938")),
        ("CONFIDENTIAL SECTION 1 OF 2 TEHRAN 2069", ("CONFIDENTIAL", [], Section(number=1, of=2), "TEHRAN", "2069")),
        ("S E C R E T NOFORN SIPDIS STATE 000123", ("SECRET", ["NOFORN"], None, "STATE", "000123")),
        ("T O P S E C R E T STATE 000001", ("TOP SECRET", [], None, "STATE", "000001")),
        ("UNCLAS SAO PAULO 000335", ("UNCLASSIFIED", [], None, "SAO PAULO", "000335")),
        ("S  E  C  R  E  T  RABAT 000904", ("SECRET", [], None, "RABAT", "000904")),
        ("UNCLAS SENSITIVE SECTION 02 OF 02 KABUL 003934", ("UNCLASSIFIED", [], Section(number=2, of=2), "KABUL", "003934")),
    ],
)
def test_classification_line_forms(line, expected):
    classification, caveats, section, location, serial, warnings = parse_classification_line(line)
    assert (classification, caveats, section, location, serial) == expected
    assert not warnings


@pytest.mark.parametrize("line", ["SS E C R E T MOSCOW 000123", "E C R E T SANAA 000001",
                                  "CSE C R E T SHENYANG 000004", "UUNCLAS MANAGUA 000321"])
def test_misspelt_letter_spacing_is_read_with_a_warning(line):
    classification, *_, location, serial, warnings = parse_classification_line(line)
    assert classification in ("SECRET", "UNCLASSIFIED") and location and serial
    assert [w.code for w in warnings] == ["classification-misspelt"]


@pytest.mark.parametrize("line", ["Secretary Clinton said", "", "1. (C) Summary", "CLASSIFICATION: SECRET"])
def test_text_is_not_a_classification_line(line):
    assert parse_classification_line(line)[0] is None


def test_levels_rank_and_wikileaks_values():
    assert [classification_rank(x) for x in ("UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL",
                                             "SECRET", "TOP SECRET", None)] == [0, 1, 2, 3, 4, -1]
    assert level_of_wikileaks("SECRET//NOFORN") == ("SECRET", ["NOFORN"])
    assert level_of_wikileaks("UNCLASSIFIED//FOR OFFICIAL USE ONLY") == ("UNCLASSIFIED", ["SBU"])
    assert level_of_wikileaks("CONFIDENTIAL") == ("CONFIDENTIAL", [])
    assert level_of_wikileaks("SECRETARY") == (None, [])  # OCR junk in AAD attributes (§1.5)


# --- malformations of the block (§3, §7 items 5–11) ------------------------------------------------


def test_several_elements_on_one_line_and_passing_before_eo():
    body = ("C O N F I D E N T I A L SECTION 01 OF 04 BRASILIA 004227\n\nSIPDIS\n\n"
            "DEPT FOR WHA/BSC E.O. 12958: DECL: 11/22/2012 TAGS: PGOV PREL ECON BR\n"
            "SUBJECT: LULA MEETS REICH REF: BRASILIA 1234\n\n1.(C) SUMMARY. Text.\n")
    o = parse_opening(body, reference_id="02BRASILIA4227")
    assert o.passing == ["DEPT FOR WHA/BSC"]
    assert o.eo.declassify_on == date(2012, 11, 22)
    assert [t.code for t in o.tags] == ["PGOV", "PREL", "ECON", "BR"]
    assert o.subject == "LULA MEETS REICH"
    assert [r.reference_id for r in o.references] == ["02BRASILIA1234"]
    assert o.rest == "\n1.(C) SUMMARY. Text.\n"  # from the line after the block's last, blank lines kept


def test_wrapped_subject_tags_ref_and_reasons():
    body = ("S E C R E T SECTION 01 OF 02 KIGALI 000123\n\nSIPDIS\nNOFORN\n\n"
            "E.O. 12958: DECL: 06/16/2034\nTAGS: PINR PREL\nNATO, UK, CN\n"
            "SUBJECT: (S) REPORTING AND COLLECTION NEEDS: AFRICAN GREAT\nLAKES (DROC, BURUNDI, RWANDA)\n\n"
            "REF: A. 08 KIGALI 00830\n     B. STATE 122706\n\n"
            "Classified By: Political Minister-Counselor Kathleen H. Allegrone, for\nreasons 1.4 (b) a\nnd (d).\n\n"
            "1. (S/NF) This cable …\n")
    o = parse_opening(body, cable_date=date(2009, 4, 16))
    assert [t.code for t in o.tags] == ["PINR", "PREL", "NATO", "UK", "CN"]
    assert "tags-wrapped" in {w.code for w in o.warnings}
    assert o.subject == "REPORTING AND COLLECTION NEEDS: AFRICAN GREAT LAKES (DROC, BURUNDI, RWANDA)"
    assert o.subject_portion_marking == "S"
    assert [(r.label, r.reference_id) for r in o.references] == [("A", "08KIGALI830"), ("B", "09STATE122706")]
    assert o.classified_by.name == "Kathleen H. Allegrone"
    assert [r.letter for r in o.classified_by.reasons] == ["b", "d"]
    assert o.rest.lstrip().startswith("1. (S/NF)")


def test_partner_page_date_line_and_missing_blank_lines():
    body = ("Sunday, 20 April 2008, 17:11\nS E C R E T SECTION 01 OF 02 DJIBOUTI 000380 \nSIPDIS \nSIPDIS \n"
            "DEPARTMENT FOR AF, AF/E, AND INR/AA \nCJTF-HOA FOR POLAD \nEO 12958 DECL: 04/20/2032 \n"
            "TAGS PREL, MOPS, PBTS, DJ, ER, ET \nSUBJECT: DJIBOUTI FM REPORTS TALKS UNDERWAY WITH ERITREA TO \n"
            "DEFUSE BORDER INCIDENT\nREF: A. DJIBOUTI 378  B. DJIBOUTI 377\n"
            "Classified By: ERIC WONG, CHARGE D’AFFAIRES, A.I.\n1. (S) SUMMARY. On April 20 …")
    o = parse_opening(body, reference_id="08DJIBOUTI380")
    assert o.preamble == "Sunday, 20 April 2008, 17:11\n"
    assert o.captions == ["SIPDIS"]
    assert o.passing == ["DEPARTMENT FOR AF, AF/E, AND INR/AA", "CJTF-HOA FOR POLAD"]
    assert o.subject == "DJIBOUTI FM REPORTS TALKS UNDERWAY WITH ERITREA TO DEFUSE BORDER INCIDENT"
    assert [r.reference_id for r in o.references] == ["08DJIBOUTI378", "08DJIBOUTI377"]
    assert (o.classified_by.name, o.classified_by.title) == ("ERIC WONG", "CHARGE D’AFFAIRES, A.I.")
    assert o.rest.startswith("1. (S) SUMMARY.")


def test_sbu_notice_restated_level_and_corrected_copy():
    body = ("UNCLAS TEL AVIV 001098\n\nC O R R E C T E D C O P Y (CORRECTED ADDEE)\n\n"
            "SECRET NOFORN\n\nE.O. 12958:N/A\nTAGS: CVIS SNAR\nSUBJECT: ORGANISED CRIME\n\n"
            "SENSITIVE BUT UNCLASSIFIED - PLEASE HANDLE ACCORDINGLY\n\n1. (SBU) Text\n")
    o = parse_opening(body)
    assert o.sensitive and "SENSITIVE" in o.captions
    assert o.eo.not_applicable
    assert "NOFORN" in o.caveats
    codes = {w.code for w in o.warnings}
    assert {"corrected-copy", "classification-restated-differs"} <= codes
    assert o.rest == "\n1. (SBU) Text\n"


def test_paragraph_glued_to_classified_by_line_starts_the_rest():
    body = ("C O N F I D E N T I A L TRIPOLI 000663\n\nE.O. 12958: DECL: 8/16/2019\nTAGS: PREL LY\n"
            "SUBJECT: MEGRAHI\n\nCLASSIFIED BY: Joan Polaschik, Charge d’Affaires. REASON: 1.4 (b), (d) "
            "1. (C) Summary: Libyan Foreign Minister …\n2. (C) More\n")
    o = parse_opening(body)
    assert [r.letter for r in o.classified_by.reasons] == ["b", "d"]
    assert o.rest.startswith("1. (C) Summary: Libyan")
    assert body.endswith(o.rest)


def test_repeated_cable_reads_the_quoted_block():
    body = ("S E C R E T STATE 127892\n\nNOFORN\n\nFOLLOWING STATE 127892 DATED 150910Z DEC 09 SENT ACTION RIGA,\n"
            "IS BEING REPEATED FOR YOUR ACTION.\nQUOTE:\n\nS E C R E T STATE 127892\n\nSIPDIS\nNOFORN\n\n"
            "E.O. 12958: DECL: 12/03/2019\nTAGS: NATO MARR\nSUBJECT: NATO CONTINGENCY PLANNING\n\n"
            "1. (U) This is an action cable.\n")
    o = parse_opening(body)
    assert o.subject == "NATO CONTINGENCY PLANNING" and [t.code for t in o.tags] == ["NATO", "MARR"]
    assert o.captions == ["SIPDIS"] and o.caveats == ["NOFORN"]
    assert o.rest == "\n1. (U) This is an action cable.\n"


def test_unnumbered_text_is_not_swallowed():
    body = "UNCLAS STATE 000001\n\n" + "THE DEPARTMENT WISHES TO INFORM ALL POSTS OF THE FOLLOWING. " * 40
    o = parse_opening(body)
    assert o.classification == "UNCLASSIFIED"
    assert o.passing == [] and o.rest.startswith("\nTHE DEPARTMENT WISHES")
    assert {"eo-missing", "tags-missing", "subject-missing"} <= {w.code for w in o.warnings}


def test_missing_classification_line():
    o = parse_opening("SIPDIS\nE.O. 12958: DECL: 12/15/2027\nTAGS: ASEC\nSUBJECT: X\n\n1. (S) Text")
    assert o.classification is None and o.captions == ["SIPDIS"] and o.subject == "X"
    assert "classification-line-missing" in {w.code for w in o.warnings}


@pytest.mark.parametrize("body", ["", "\n\n\n", "1. (C) Text only", "x" * 100_000, "S E C R E T", "SUBJECT:"])
def test_degenerate_bodies(body):
    o = parse_opening(body)
    assert isinstance(o, Opening)
    assert (o.preamble + body[len(o.preamble):]).endswith(o.rest)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_parse_opening_never_raises(text):
    o = parse_opening(text, cable_date=date(2009, 1, 1), reference_id="09RABAT904")
    assert text.endswith(o.rest)


_PIECES = st.sampled_from([
    "S E C R E T RABAT 000904", "SIPDIS", "NOFORN", "STATE FOR PM", "E.O. 12958: DECL: 11/09/2019",
    "EO 12958 DECL:", "TAGS: MARR PREL", "TAGS", "SUBJECT: X", "SUBJECT:", "REF: A. STATE 1 B.", "REF:",
    "Classified By: DCM X for reasons 1.4 (b", "1. (S) Text", "(C) x", "", "-----", "SUMMARY", "\u00b6",
    "CLASSIFIED BY: REASON 1.", "C O R R E C T E D COPY", "SENSITIVE BUT UNCLASSIFIED", "\r",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40), st.lists(st.text(max_size=20), max_size=5))
def test_shuffled_opening_elements_never_raise(pieces, noise):
    text = "\n".join(pieces + noise)
    o = parse_opening(text)
    assert text.endswith(o.rest)


def _full_line_kind(text):
    """What a line is by the one regex of all kinds (after the page-header stamp): (kind, value start)."""
    from cablekit.parse.line_kinds import _LINE, _SKIP, KEEP_KEYWORD, KEYWORDS
    m = _SKIP.match(text) or _LINE.match(text)
    kind = m.lastgroup if m else None
    if kind not in KEYWORDS:
        return kind, 0
    return kind, m.start(kind) if kind in KEEP_KEYWORD else m.end()


def _line_kinds(text):
    """The kind as the scanner reads it, and as its typed reading of ASCII lines does."""
    from cablekit.parse.line_kinds import _line_kind_matched, line_kind, line_kind_typed
    kinds = {line_kind(text), _line_kind_matched(text)}
    if text.isascii():
        kinds.add(line_kind_typed(text))
    return kinds


_LINE_PIECES = st.sampled_from(["E.O. 12958:", "EO", "DECL:", "TAGS", "TAGE", "AGS:", "SUBJ", "UBJECT-", "REFTEL",
                                "PROGRAM REF", "RETELS", "(U) CLASSIFIED BY", "DERIVED FROM", "CORRECTED COPY",
                                "1.", "(2)", "---", "====", "**", "SUMMARY", "BEGIN SUMMARY", "INTRODUCTION:",
                                "S E C R E T", "UNCLAS", "LIMITED OFFICIAL USE", "RABAT 00000904 002 OF 003",
                                " ", "\t", "*", "x", "\u00e9", "\u0130", "\u017f", "7", ":", "."])
# Pieces of the keywords, in both cases, with the blanks, digits and marks their regexes test for.
_KEYWORD_PIECES = st.sampled_from([
    "E", "e", "O", "o", ".", " ", "  ", "\t", "\x1c", "\n", "\xa0", "1", "12", "958", "XXX", "x", "DECL", "decl",
    ":", ";", "-", "TAG", "tag", "S", "s", "E", "TAB", "TG", "TAS", "AGS", "UBJ", "ubj", "ECT", "ect", "SUBJECT",
    "PROGRAM", "program", "REF", "ref", "TEL", "tel", "(S)", "ERENCE", "RET", "(U)", "(u)", "CLAS", "clas", "I", "i",
    "F", "D", "BY", "by", "DERIVED", "FROM", "C", "OR", "RECT", "CO", "PY", "COPY", "(", ")", "_", "~", "=", "*",
    "BEGIN", "SUMM", "AR", "Y", "summary", "INTRODUCTION", "BACKGROUND", "T O P", " S E C R E T", "CONFIDENTIAL",
    "C O N F I D E N T I A L", "UNCLAS", "SIFIED", "LIMITED OFFICIAL USE", "12345678", "Declassified/Released",
    "Systematic Review", "OF", "a", "Z", "0", "\u212a", "\u017f", "\u0130", "\u0131",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(_LINE_PIECES, min_size=1, max_size=6).map("".join).filter(str.strip))
def test_line_kinds_by_first_character_agree_with_the_full_regex(text):
    """The scanner tries a line only for the kinds its first character allows: same answers."""
    assert _line_kinds(text) == {_full_line_kind(text)}


@settings(max_examples=3000, deadline=None)
@given(st.lists(_KEYWORD_PIECES, min_size=1, max_size=8).map("".join).filter(str.strip))
def test_line_kinds_read_by_character_agree_with_the_full_regex(text):
    """The typed reading of each keyword and stop gives the regexes' answers, value start included."""
    assert _line_kinds(text) == {_full_line_kind(text)}


@cache
def _corpus_lines():
    return {line for page in wikileaks_pages() for line in page.body.splitlines()[:40] if line.strip()}


@cache
def _sorted_corpus_lines():
    return sorted(_corpus_lines())


def test_line_kinds_of_the_corpus_agree_with_the_full_regex():
    lines = _corpus_lines()
    assert len(lines) > 5000
    assert [line for line in lines if _line_kinds(line) != {_full_line_kind(line)}] == []


@settings(max_examples=1000, deadline=None)
@given(st.data())
def test_line_kinds_of_edited_corpus_lines_agree_with_the_full_regex(data):
    """Corpus lines with a few characters replaced, dropped or doubled, or their case changed."""
    line = data.draw(st.sampled_from(_sorted_corpus_lines()))
    for _ in range(data.draw(st.integers(0, 3))):
        i = data.draw(st.integers(0, len(line)))
        edit = data.draw(st.sampled_from(["drop", "double", "blank", "char", "case"]))
        if edit == "drop":
            line = line[:i] + line[i + 1:]
        elif edit == "double":
            line = line[:i] + line[i:i + 1] * 2 + line[i + 1:]
        elif edit == "blank":
            line = line[:i] + data.draw(st.sampled_from([" ", "\t", "", "  "])) + line[i:]
        elif edit == "char":
            line = line[:i] + data.draw(st.characters(max_codepoint=0x17f)) + line[i + 1:]
        else:
            line = line.swapcase() if i % 2 else line.lower()
    if line.strip():
        assert _line_kinds(line) == {_full_line_kind(line)}


# Pieces of REF items: labels, years, words, the characters their words may hold, blanks and digits.
_REF_ITEM_PIECES = st.sampled_from([
    "REF", "REF ", "REF\t", "R", "EF", "(", ")", ".", ":", "A", "b", "B.", "(C)", "a:", " ", "  ", "\t", "\xa0",
    "\x85", "\u2003", "0", "08", "2009", "12345", "\u0663", "\uff11", "STATE", "sao paulo", "'", "-", ",", "/",
    "\u00e9", "\u212a", "x", "1",
])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_REF_ITEM_PIECES, max_size=10).map("".join))
def test_ref_item_scan_agrees_with_the_regex(text):
    from cablekit.parse.line_kinds import ref_item, ref_item_by_regex
    assert ref_item(text) == ref_item_by_regex(text)


def test_ref_item_scan_reads_the_corpus_lines_as_the_regex():
    from cablekit.parse.line_kinds import ref_item, ref_item_by_regex
    lines = _corpus_lines()
    assert sum(ref_item_by_regex(line) for line in lines) > 100
    assert [line for line in lines if ref_item(line) != ref_item_by_regex(line)] == []


# --- the whole corpus against the pages' own metadata ---------------------------------------------


def _other_cable(page: Page, o: Opening) -> bool:
    """The body's classification line names another cable than the page (WikiLeaks page error)."""
    m = re.match(r"\d{2}([A-Z]+?)(\d+)$", page.id)
    return bool(o.location and o.serial and m) and (
        squash(o.location) != m.group(1) or int(o.serial) != int(m.group(2)))


def test_classification_agrees_with_the_page():
    disagree = []
    for page, o in read_pages():
        level, _ = level_of_wikileaks(page.classification)
        if o.classification != level:
            disagree.append((page.id, page.classification, o.classification_line))
            # every disagreement is the source's: no classification line at all, or a body of another cable
            assert o.classification is None or _other_cable(page, o), (page.id, page.classification, o.classification)
    with_line = [o for _, o in read_pages() if o.classification]
    agreement = 1 - sum(1 for d in disagree if d[2]) / len(with_line)
    print(f"classification: {1 - len(disagree) / len(read_pages()):.2%} of {len(read_pages())} pages agree, "
          f"{agreement:.2%} of the {len(with_line)} with a classification line; disagreeing: {disagree}")
    assert agreement >= 0.99 and len(disagree) <= 0.015 * len(read_pages())


def test_sbu_agrees_with_the_page_for_unclassified_cables():
    checked = disagree = 0
    for page, o in read_pages():
        level, caveats = level_of_wikileaks(page.classification)
        if level == "UNCLASSIFIED" and not _other_cable(page, o):
            checked += 1
            disagree += ("SBU" in caveats) != o.sensitive
    assert checked >= 70 and disagree <= 2  # 07PARIS1791, 07PARIS2027: SBU notice, page says UNCLASSIFIED


_GLUED_TITLE = re.compile(r"(?:REF(?:TELS?|S)?:|\bCLASSIFIED BY)", re.I)  # "…UK PRIMEREF: A. …"


def test_subject_agrees_with_the_page_title():
    disagree = []
    for page, o in read_pages():
        title = squash(_LEADING_MARK.sub("", page.title.replace("<br>", "")))
        subject = squash(o.subject)
        # WikiLeaks shows the first line of the subject only
        if title == subject or (title and subject.startswith(title)):
            continue
        disagree.append((page.id, page.title, o.subject))
        # WikiLeaks did not cut the subject at the REF / Classified By glued after it (§3.9)
        assert _GLUED_TITLE.search(page.title) and title.startswith(subject), (page.id, page.title, o.subject)
    agreement = 1 - len(disagree) / len(read_pages())
    print(f"subject: {agreement:.2%} agree; disagreeing: {disagree}")
    assert agreement >= 0.99


def test_tags_agree_with_the_page_links():
    pages = [(p, o) for p, o in read_pages() if p.tag_links]
    exact = 0
    for page, o in pages:
        links, read = set(page.tag_links), tag_words(t.code for t in o.tags)
        if links == read:
            exact += 1
            continue
        # WikiLeaks linked the first TAGS line only (the codes of the wrapped lines are in our
        # warning), and kept glued codes whole (EINDETRD) where we split them.
        wrapped = next((w.message for w in o.warnings if w.code == "tags-wrapped"), "")
        wrapped_codes = tag_words(wrapped.split(": ", 1)[-1].split(", ")) if wrapped else set()
        glued = {w.message.split()[0] for w in o.warnings if w.code == "tags-glued"}
        split = tag_words(c for w in o.warnings if w.code == "tags-glued" for c in w.message.split(" into ")[1].split())
        assert links - glued == read - wrapped_codes - split, (page.id, sorted(links), sorted(read))
    print(f"tags: {exact / len(pages):.2%} of {len(pages)} pages agree exactly; the rest only by WikiLeaks' "
          "first-line links and glued codes")
    assert len(pages) >= 600 and exact / len(pages) >= 0.95


def test_every_body_yields_its_elements():
    missing = {"subject": 0, "tags": 0, "eo": 0}
    for page, o in read_pages():
        missing["subject"] += o.subject is None
        missing["tags"] += not o.tags
        missing["eo"] += o.eo is None
        assert page.body.endswith(o.rest)
    # no subject: WikiLeaks' own title is empty for these pages too (§7 item 9)
    assert missing["subject"] == sum(1 for p in wikileaks_pages() if not p.title)
    assert missing["tags"] <= 3 and missing["eo"] <= 3, missing


# --- raw telegrams, the PlusD page, cables.csv ---------------------------------------------------


_FL4 = {"UUUUU": "UNCLASSIFIED", "EEEEE": "UNCLASSIFIED", "CCCCC": "CONFIDENTIAL", "SSSSS": "SECRET",
        "TTTTT": "TOP SECRET"}


def test_telegram_text_files():
    files = sorted((corpus_or_skip() / "telegram-text").glob("*.txt"))
    assert len(files) >= 18
    at_paragraph = 0
    for path in files:
        text = path.read_bytes().decode("latin-1").replace("\r\n", "\n").replace("¶", "")
        o = parse_opening(text, reference_id=path.stem)
        fl4 = re.search(r"^ZN[YR] (\w{5})", text, re.M).group(1)
        assert o.classification == _FL4[fl4], path.name  # the header's security warning agrees
        origin, number = re.match(r"\d{2}([A-Z]+?)(\d+)$", path.stem).groups()
        assert squash(o.location) == origin and int(o.serial) == int(number), path.name
        assert o.subject and o.tags and o.eo, path.name
        assert "VZCZC" in o.preamble, path.name
        at_paragraph += bool(re.match(r"\s*(?:\d+\.|-{4,}\s*\n|SUMMARY\b)", o.rest))  # paragraph 1 or a heading
    # all but 06NEWDELHI5138, whose REF line runs garbled into the summary ("NEW DELHI 420Q QA"z_1in on …)
    assert at_paragraph >= len(files) - 1


def test_plusd_page_text():
    page = (corpus_or_skip() / "plusd-html" / "1974ATHENS02959_b.html").read_text(encoding="utf-8")
    header = re.search(r'<div class="text-header hidden">(.*?)</div>', page, re.S).group(1)
    text = re.search(r'<div id="tagged-text">(.*?)</div>', page, re.S).group(1)
    o = parse_opening(html.unescape(header + "\n" + text), reference_id="1974ATHENS02959")
    assert "Original Classification: LIMITED OFFICIAL USE" in re.sub(r"<[^>]+>|\s+", " ", page).replace("  ", " ")
    assert (o.classification, o.location, o.serial) == ("LIMITED OFFICIAL USE", "ATHENS", "2959")
    assert o.eo.order == "11652" and o.eo.not_applicable
    assert [(t.code, t.kind) for t in o.tags] == [("PINS", "subject"), ("GR", "geographic")]
    assert o.subject == "ARRESTS OF KALOUDIS AND AMBATIELOS"  # the PlusD title
    (ref,) = o.references
    assert ref.reference_id == "74STATE97844" and ref.year_inferred
    assert o.rest.lstrip().startswith("1. INQUIRIES MADE")


def test_cables_csv_references_agree_with_wikileaks_column():
    import csv

    path = corpus_or_skip() / "cables-csv" / "cables_sample.csv"
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, escapechar="\\"))
    assert rows
    for row in rows:
        o = parse_opening(row[7], reference_id=row[2])
        listed = set(filter(None, row[5].split("|")))
        assert {r.reference_id for r in o.references if r.kind == "cable"} == listed, row[2]
        assert o.classification == level_of_wikileaks(row[4])[0]


@pytest.mark.parametrize("rest", [
    "TEHRAN 5055", "SAN SALVADOR 000928", "SECTION 01 OF 03 BAGHDAD 001234", "SECTION 03 OF 02 ROME 12",
    "NOFORN ROME 123", "EXDIS STATE 100", "EFTO PARIS 1", "SECTION 1 OF 2 FINAL SECTION OF 2", "SIP DIS LIMA 4",
    "EXDISX ROME 1", "ROME 12345678", "S I P D I S ROME 77",
])
@pytest.mark.parametrize("level", ["SECRET", "S E C R E T", "UNCLAS", "CONFIDENTIAL", "SENSITIVE BUT UNCLASSIFIED"])
def test_usual_classification_lines_read_as_their_variants(level, rest):
    """A line of the usual shape (read by a fast path) reads as the same line spaced otherwise."""
    assert parse_classification_line(f"{level} {rest}") == parse_classification_line(f"{level}  {rest.replace(' ', '  ')} ")


# --- the compiled reader reads the cable's own id by a typed scan: the same as the id regexes ---------

_ID_PIECES = ["0", "9", "19", "20", "75", "09", "1975", "2009", "STATE", "S", "A-B", "-", "SAOPAULO", "X" * 20,
              "X" * 39, "1", "123456", "1234567", "12345678", "\n", " ", "a", "\u0663", "\u00c9"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_ID_PIECES), max_size=6).map("".join))
def test_id_scan_reads_as_the_id_regexes(reference_id):
    from cablekit.parse.opening import id_origin_and_number, id_origin_and_number_regex

    assert id_origin_and_number(reference_id) == id_origin_and_number_regex(reference_id)


def test_id_scan_reads_real_ids():
    from cablekit.parse.opening import id_origin_and_number

    assert id_origin_and_number("09STATE112900") == ("STATE", 112900)
    assert id_origin_and_number("09STATE112900X") is None
    assert id_origin_and_number("1975SAOPAULO01234") == ("SAOPAULO", 1234)
    assert id_origin_and_number("08USUN-NEWYORK12\n") == ("USUN-NEWYORK", 12)


def test_new_opening_is_an_empty_opening():
    from dataclasses import fields

    from cablekit.parse.opening import new_opening

    made, empty = new_opening(), Opening()
    assert made == empty
    lists = [f.name for f in fields(Opening) if f.default_factory is list]
    assert all(getattr(made, name) is not getattr(empty, name) for name in lists)


# --- the wrapped-reason test read by character -----------------------------------------------------

_REASON_START = st.text(alphabet=" \t\u2003\u00a01.45(aBhRrnd)x", max_size=12)


@settings(max_examples=2000, deadline=None)
@given(_REASON_START, st.text(max_size=6))
def test_reason_wraps_reads_what_the_regex_reads(start, tail):
    text = start + tail
    assert reason_wraps(text) == (_REASON_WRAP.match(text) is not None)


@pytest.mark.parametrize("text", ["1. (C) Summary", " 1 . 4 (b)", "1.5(d)", "1.", "1", "  1.4", "1 .\u20035",
                                  "(b) and (d)", "REASON 1.4", "and (d)"])
def test_reason_wraps_examples(text):
    assert reason_wraps(text) == (_REASON_WRAP.match(text) is not None)
