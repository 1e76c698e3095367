"""The text after the opening block: paragraphs, headings, summary, comment, signers,
redactions (§3.7, §7 items 12–17)."""

import html
import re
import time
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablekit.model import Heading, Paragraph
from cablekit.parse.paragraphs import TextParts, count_redactions, new_text_parts, parse_text
from paths import SEED, corpus_or_skip

# --- the seed cable ------------------------------------------------------------------------------


@pytest.fixture
def seed_rest() -> str:
    """09RABAT904 after its (repeated) opening block: from ``1. (S/NF) Summary:`` to ``Kaplan``."""
    corpus_or_skip()
    text = SEED.read_text(encoding="utf-8")
    rest = text[text.index("1. (S/NF) Summary:"):]
    year_list = re.search(r"\n1966\n1972", rest)  # the page's year-list furniture, if present
    rest = rest[:year_list.start()] if year_list else rest
    assert rest.rstrip().endswith("Kaplan")
    return rest


def test_new_text_parts_are_text_parts():
    paragraphs, headings = [Paragraph(index=0, text="a")], [Heading(text="H", paragraphs=[0])]
    made = new_text_parts(paragraphs, headings, ["Kaplan"], 2, 1, [])
    assert made == TextParts(paragraphs=paragraphs, headings=headings, signers=["Kaplan"], redactions=2,
                             page_markers=1, warnings=[])
    assert made.paragraphs is paragraphs and made.summary is None and made.comment is None


def test_seed_paragraphs(seed_rest):
    parts = parse_text(seed_rest, classification="SECRET", caveats=["NOFORN"])
    numbered = [p for p in parts.paragraphs if p.number is not None]
    assert [p.number for p in numbered] == list(range(1, 10))
    assert [p.portion_marking for p in numbered] == [
        "S/NF", "SBU", "C", "S/NF", "SBU", "SBU", "U", "SBU", "SBU"]
    assert [p.classification for p in numbered] == [
        "SECRET", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "UNCLASSIFIED",
        "UNCLASSIFIED", "UNCLASSIFIED", "UNCLASSIFIED"]
    assert numbered[0].caveats == ["NOFORN"] and numbered[1].caveats == ["SBU"]
    assert [p.index for p in parts.paragraphs] == list(range(len(parts.paragraphs)))
    # number and mark are not in the text; hard wraps are joined
    assert numbered[0].text.startswith("Summary: The United States and Morocco maintain several")
    assert "\n" not in numbered[0].text
    assert numbered[2].text.startswith("Morocco and the United States have maintained formal")
    # paragraph 4 has a blank line inside (a page break of the original)
    assert numbered[3].text == (
        "The U.S. and Morocco also maintain a long-standing military intelligence sharing "
        "agreement. Renewed every five years, the agreement is accompanied by annual "
        "consultations\n\nin Morocco and/or the U.S. about how to improve intelligence sharing. "
        "Moreover, the Directors of Military Intelligence meet at least annually in the context "
        "of the Trans-Saharan Counterterrorism Partnership (TSCTP).")
    # the asterisk-framed classified-website banner is furniture: in no paragraph
    assert len(parts.paragraphs) == 9
    assert numbered[-1].text.endswith("leader in the North Africa region. End Comment.")
    assert all("Classified Website" not in p.text and "*" not in p.text for p in parts.paragraphs)


def test_seed_headings(seed_rest):
    parts = parse_text(seed_rest)
    assert [h.text for h in parts.headings] == [
        "Security Dialogue with Interior Ministry", "Defense Consultative Committee",
        "Intelligence Sharing and TSCTP", "Financial Management Review",
        "Theater Security Cooperation Plan", "State Partnership Program",
        "Global Peacekeeping Operations Initiative", "Comment"]
    by_number = {p.number: p for p in parts.paragraphs}
    assert by_number[1].heading is None
    for number, heading in zip(range(2, 10), parts.headings):
        assert by_number[number].heading == heading.text
        assert heading.paragraphs == [by_number[number].index]
    # the heading lines and their dashes are in no paragraph
    assert by_number[1].text.endswith("in the region. End summary.")
    assert by_number[2].text.startswith("In early October, a multi-agency")
    assert all("---" not in p.text for p in parts.paragraphs)


def test_seed_summary_comment_signer(seed_rest):
    parts = parse_text(seed_rest)
    assert parts.summary.startswith("The United States and Morocco maintain several security")
    assert parts.summary.endswith("help ensure the country is a stable ally in the region.")
    assert "End summary" not in parts.summary
    assert [p.number for p in parts.paragraphs if p.in_summary] == [1]
    nine = next(p for p in parts.paragraphs if p.number == 9)
    assert parts.comment == nine.text.removesuffix(" End Comment.")
    assert [p.number for p in parts.paragraphs if p.in_comment] == [9]
    assert parts.signers == ["Kaplan"]
    assert all("Kaplan" not in p.text for p in parts.paragraphs)
    assert parts.redactions == 0 and parts.page_markers == 0
    assert parts.warnings == []


# --- paragraphs ----------------------------------------------------------------------------------


def test_numbered_starts_and_unnumbered_text_before_paragraph_one():
    parts = parse_text("This is an action request.\nSee para 3.\n\n1.(C) No space after the number,"
                       " and the line goes on\nto the next one.\n\n¶2. (U) A pilcrow.\n\n"
                       "3. Unmarked.\n")
    assert [(p.number, p.portion_marking, p.text) for p in parts.paragraphs] == [
        (None, None, "This is an action request.\nSee para 3."),  # short lines keep their breaks
        (1, "C", "No space after the number, and the line goes on to the next one."),
        (2, "U", "A pilcrow."),
        (3, None, "Unmarked."),
    ]


def test_single_paragraph_message_is_unnumbered():
    parts = parse_text("(SBU) Post requests that the Department provide guidance on the\n"
                       "new visa rules before the end of the month.\n\nSMITH\n")
    assert len(parts.paragraphs) == 1
    p = parts.paragraphs[0]
    assert (p.number, p.portion_marking, p.classification, p.caveats) == (
        None, "SBU", "UNCLASSIFIED", ["SBU"])
    assert p.text == ("Post requests that the Department provide guidance on the new visa "
                      "rules before the end of the month.")
    assert parts.signers == ["SMITH"]


def test_sub_items_stay_in_their_paragraph():
    text = ("1. (C) The Minister made three points about the coming election and the\n"
            "way the parties will campaign in the provinces:\n"
            "-- the vote will be held in May;\n"
            "-- observers are welcome;\n"
            "a. first lettered item\n"
            "(A) a parenthesised item\n\n"
            "2. (U) Next paragraph.\n")
    one, two = parse_text(text).paragraphs
    assert one.text == ("The Minister made three points about the coming election and the way "
                        "the parties will campaign in the provinces:\n-- the vote will be held in "
                        "May;\n-- observers are welcome;\na. first lettered item\n"
                        "(A) a parenthesised item")
    assert two.number == 2


def test_numbers_that_do_not_follow_do_not_split_a_paragraph():
    text = ("1. (C) The partnership began in\n2004. It has grown since, and the talks\n\n"
            "2. (C) Second paragraph. The parties listed these steps:\n1. first step\n"
            "2. second step\n\n4. (C) A gap after a blank line.\n")
    parts = parse_text(text)
    assert [p.number for p in parts.paragraphs] == [1, 2, 4]
    assert "2004. It has grown" in parts.paragraphs[0].text
    assert parts.paragraphs[1].text.endswith("steps:\n1. first step\n2. second step")
    assert [w.code for w in parts.warnings] == ["paragraph-number-gap"]


def test_lost_line_breaks_inline_paragraph_starts():
    text = ("1. (C) First paragraph " + "words " * 40 + "ends here. 2. (S) Second one "
            + "words " * 40 + "ends. 3. (U) Third.")
    parts = parse_text(text)
    assert [(p.number, p.portion_marking) for p in parts.paragraphs] == [
        (1, "C"), (2, "S"), (3, "U")]
    assert parts.paragraphs[0].text.endswith("ends here.")


def test_unmarked_paragraphs():
    text = "1. Unmarked text.\n\n2. (C) Marked.\n"
    secret = parse_text(text, classification="SECRET")
    assert [(p.portion_marking, p.classification) for p in secret.paragraphs] == [
        (None, None), ("C", "CONFIDENTIAL")]
    unclassified = parse_text("1. Unmarked text.\n", classification="UNCLASSIFIED",
                              caveats=["SBU"])
    assert unclassified.paragraphs[0].classification == "UNCLASSIFIED"
    assert unclassified.paragraphs[0].caveats == ["SBU"]


def test_paragraph_marked_above_the_cable_is_reported():
    parts = parse_text("1. (S) Too high.\n\n2. (C) Fine.\n", classification="CONFIDENTIAL")
    assert [(w.code, w.where) for w in parts.warnings] == [("portion-above-cable", "paragraph 1")]


def test_mark_after_a_summary_label():
    p = parse_text("1. Summary: (C) President Karzai has appointed a mayor.\n").paragraphs[0]
    assert (p.portion_marking, p.text) == ("C", "Summary: President Karzai has appointed a mayor.")


# --- headings ------------------------------------------------------------------------------------


def test_underlined_and_framed_headings():
    text = ("1. (C) Summary: short. End Summary.\n \n"
            "The Left Gearing-up for Action \n------------------------------ \n \n"
            "2. (U) Communist leaders.\n\n"
            "=========\nBackground\n=========\n3. (U) History.\n\n"
            "But Willing to Compromise\n--------------------------------------------- - \n\n"
            "4. (U) Press reports.\n5. (U) More.\n")
    parts = parse_text(text)
    assert parts.headings == [
        Heading(text="The Left Gearing-up for Action", paragraphs=[1]),
        Heading(text="Background", paragraphs=[2]),
        Heading(text="But Willing to Compromise", paragraphs=[3, 4]),
    ]
    assert [p.heading for p in parts.paragraphs] == [
        None, "The Left Gearing-up for Action", "Background", "But Willing to Compromise",
        "But Willing to Compromise"]


def test_dash_line_under_a_paragraph_is_not_a_heading():
    parts = parse_text("1. (C) The paragraph runs over a first line of ordinary length\n"
                       "and ends here.\n-----------\n\n2. (C) Next.\n")
    assert parts.headings == []
    assert parts.paragraphs[0].text == ("The paragraph runs over a first line of ordinary "
                                        "length and ends here.")


def test_website_banner_is_dropped():
    text = ("1. (C) The Minister spoke at length about the coming elections in the\n"
            "provinces and the role of observers.\n\n"
            "---------------------------------------------\n"
            "Visit Embassy Madrid's Classified Website; http://www.state.sgov.gov/p/eur/madrid/\n"
            "---------------------------------------------\n\nAGUIRRE\n")
    parts = parse_text(text)
    assert parts.headings == []
    assert [(p.number, p.text) for p in parts.paragraphs] == [
        (1, "The Minister spoke at length about the coming elections in the provinces and the "
            "role of observers.")]
    assert parts.signers == ["AGUIRRE"]
    # unframed, as the last block of the text, or after the signature: dropped all the same
    for tail in ["\n\nPlease visit Paris' Classified Website at:\nhttp://www.state.sgov.gov/p/eur/paris/",
                 "\nSTAPLETON\n\n\"Visit Ankara's Classified Web Site at http://www.intelink.s\n"
                 "gov.gov/wiki/Portal:Turkey\""]:
        parts = parse_text("1. (C) The talks went on for a long time and ended well for all the "
                           "parties.\n(Comment: A first remark. End Comment.)" + tail)
        assert [p.text for p in parts.paragraphs] == [
            "The talks went on for a long time and ended well for all the parties. "
            "(Comment: A first remark. End Comment.)"]
        assert parts.comment == "A first remark."


def test_headings_glued_into_lines():
    text = ("1. (C) Long text. End Summary. ---------------------------- Policy-Level "
            "Sensitivities ------------------------- \n2. (C) Text under it.\n")
    parts = parse_text(text)
    assert [h.text for h in parts.headings] == ["Policy-Level Sensitivities"]
    assert parts.paragraphs[0].text == "Long text. End Summary."
    assert parts.paragraphs[1].heading == "Policy-Level Sensitivities"
    assert "heading-unglued" in [w.code for w in parts.warnings]


# --- summary and comment -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "summary", "flags"),
    [
        ("BEGIN SUMMARY\n\nGENERAL AZIMI ASKS FOR F-4ES. END SUMMARY\n\n1. ON FEB 24 THE CHARGE.\n",
         "GENERAL AZIMI ASKS FOR F-4ES.", [True, False]),
        ("SUMMARY: TERRORIST ACTIVITIES SEEM TO BE INCREASING.\n\n1. DESPITE THE CAMPAIGN.\n",
         "TERRORIST ACTIVITIES SEEM TO BE INCREASING.", [True, False]),
        ("1. (C) Summay: A typo. End Summary.\n\n2. (C) Next.\n", "A typo.", [True, False]),
        ("1. (C) Summary: Starts here.\n\n2. (C) Goes on. (End Summary)\n\n3. (C) After.\n",
         "Starts here.\n\nGoes on.", [True, True, False]),
        ("--------\nSUMMARY\n--------\n2. THE SAG IS CONCERNED.\n\n3. TENSIONS EASED.\n\n"
         "-----\nDETAILS\n-----\n4. MORE.\n", "THE SAG IS CONCERNED.\n\nTENSIONS EASED.",
         [True, True, False]),
        ("1. (C) The minister is worried. End summary.\n\n2. (C) Details.\n",
         "The minister is worried.", [True, False]),
    ],
)
def test_summary_forms(text, summary, flags):
    parts = parse_text(text)
    assert parts.summary == summary
    assert [p.in_summary for p in parts.paragraphs] == flags


def test_summary_and_comment():
    parts = parse_text("1. (C) Summary and Comment: Both at once. End Summary and Comment.\n\n"
                       "2. (C) Details.\n")
    assert parts.summary == parts.comment == "Both at once."
    assert [(p.in_summary, p.in_comment) for p in parts.paragraphs] == [(True, True),
                                                                       (False, False)]


def test_comments_inline_and_by_heading():
    text = ("1. (C) He met the minister. (Comment: A first remark. End Comment.) Then he left.\n\n"
            "2. (C) Nothing to note here.\n\n"
            "-------\nComment\n-------\n3. (C) The closing view.\n\n4. (C) More of it. End "
            "Comment.\n\n5. (U) Cleared by the Deputy Secretary.\n")
    parts = parse_text(text)
    assert parts.comment == "A first remark.\n\nThe closing view.\n\nMore of it."
    assert [p.in_comment for p in parts.paragraphs] == [True, False, True, True, False]


def test_comment_without_end_marker_is_its_paragraph():
    parts = parse_text("1. (C) Talks.\n\n2. (C) COMMENT: WE DOUBT IT.\n\n3. (U) Cleared.\n")
    assert parts.comment == "WE DOUBT IT."
    assert [p.in_comment for p in parts.paragraphs] == [False, True, False]


def test_comment_word_in_prose_is_not_a_marker():
    parts = parse_text("1. (C) He declined to comment: the talks go on. No comments were made.\n")
    assert parts.comment is None


# --- signature, redactions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "signers"),
    [
        ("a sentence ends here.\n\nCLINTON\n", ["CLINTON"]),
        ("a sentence ends here.\nKEEGAN PAAL\nNNNN\n", ["KEEGAN", "PAAL"]),
        ("PRIOR TRADE UNION ACTIVITY.\nHELMS\n\n\nLIMITED OFFICIAL USE\n\n\nNNN\n", ["HELMS"]),
        ("with a renewed sense of confidence ahead. KAIDANOW", ["KAIDANOW"]),
        ("should appropriately caveat our release. END COMMENT EIKENBERRY", ["EIKENBERRY"]),
        ("had already left.\nBEYRLE\n..", ["BEYRLE"]),
        ("the comment line ends and\nthe last line wraps", []),
        ("THE SENTENCE WAS LONG AND\nWRAPPED HERE", []),
        ("the talks will go on in coordination with\nNATO ISAF", []),
    ],
)
def test_signers(tail, signers):
    opening = "1. (U) OPENING TEXT.\n\n" if tail.isupper() else "1. (U) Opening text.\n\n"
    parts = parse_text(opening + "2. (U) " + tail)
    assert parts.signers == signers
    for name in signers:
        assert all(name not in p.text for p in parts.paragraphs)


def test_redacted_signer():
    parts = parse_text("1. (C) The text.\n\nXXXXXXXXXXXX\n")
    assert parts.signers == [] and parts.redactions == 1
    assert [w.code for w in parts.warnings] == ["signer-redacted"]
    assert parts.paragraphs[-1].text == "The text."


def test_redactions():
    assert count_redactions("met XXXXXXXXXXXX and xxxxxxxxxxxx's aide; XXX and "
                            "XXXXXXXXXXXXXXXXXXXXXXXX. Also FOXXXX and XXXXy") == 3
    assert parse_text("1. (S) XXXXXXXXXXXX told us.\n").redactions == 1
    # a first run glued to a word is no token, but the runs are read from it on
    assert count_redactions("FOXXXXX met XXXX; axxxx and xxxx") == 2


# --- robustness -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n\n", "\x00\x01\x02binary\xff", "1.", "1. (", "(C)", "-----", "*****\n*****",
     "Kaplan", "1. (C) Summary:", "End Comment.", "BEGIN SUMMARY", "\r\n1. (C) x\r\n",
     "(" * 5000, "-" * 10000 + "\n" + "=" * 10000, ("1. (C) " * 3000), "X" * 50000,
     ("a " * 20000) + "\n", "\n".join(["-- item"] * 3000), "12345678 001 OF 002\n" * 500],
)
def test_odd_input_does_not_raise(text):
    parts = parse_text(text)
    assert isinstance(parts, TextParts)
    assert all(isinstance(p, Paragraph) for p in parts.paragraphs)


@pytest.mark.parametrize(
    "unit",
    [
        ("3. (C) The partnership began in 2004 and includes exchanges of many kinds, with\n"
         "-- two planning conferences (a) and (b) each year; XXXXXXXXXXXX attended.\n"
         "RABAT 00000904 002 OF 003\n(Comment: this is short. End Comment.)\n\n"),
        # a text that lost its line breaks: everything on one line
        "the talks went on. BRASILIA 00000504 002 OF 004 and on. 12. (C) (Comment: a. End comment.) ",
        "C O N F I D E N T I A L SECTION 02 OF 03 X 1\nPAGE 02 ROME 01196 01 OF 02 082030Z\n",
    ],
)
def test_work_is_linear(unit):
    small, large = unit * 50, unit * 1000
    t_small, t_large = _least_cpu(parse_text, small), _least_cpu(parse_text, large)
    assert t_large < 80 * max(t_small, 1e-4)  # 20× the text: far from quadratic (400×)


def _least_cpu(function, argument, runs: int = 5) -> float:
    """The least CPU time of a few calls: a single reading swings with the machine's load."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        function(argument)
        times.append(time.process_time() - started)
    return min(times)


# Prose words are lower case or capitalised; furniture is in capitals, so a word of the input
# may only vanish if it is furniture (or went into a heading, a signer or a portion mark).
_PROSE = st.sampled_from("the talks minister said would embassy visit Morocco Rabat Karzai "
                         "progress and of a summary comment end Summary Comment".split())
_FURNITURE = {"RABAT", "OF", "NNNN", "CONFIDENTIAL", "LIMITED", "OFFICIAL", "USE", "PAGE", "Z"}
_MARKERS = ["RABAT 00000904 002 OF 003", "PAGE 02  RABAT 00904  171944Z",
            "CONFIDENTIAL\n\nPAGE 03 RABAT 00904 01 OF 02 082030Z", "NNNN"]


@st.composite
def cable_texts(draw):
    lines = []
    number = 0
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["line", "line", "line", "para", "blank", "heading", "marker",
                                     "glued", "bullet"]))
        words = " ".join(draw(st.lists(_PROSE, min_size=1, max_size=12)))
        if kind == "para":
            number += draw(st.integers(0, 2))
            mark = draw(st.sampled_from(["", "(C) ", "(S/NF) ", "(SBU) ", "(U)"]))
            lines.append(f"{number}. {mark}{words}")
        elif kind == "blank":
            lines.append("")
        elif kind == "heading":
            dashes = "-" * draw(st.integers(3, 20))
            lines += draw(st.sampled_from([["", words, dashes], [dashes, words, dashes]]))
        elif kind == "marker":
            lines.append(draw(st.sampled_from(_MARKERS)))
        elif kind == "glued":
            lines.append(f"{words} RABAT 00000904 002 OF 003 {words}")
        elif kind == "bullet":
            lines.append(f"-- {words}")
        else:
            lines.append(words)
    if draw(st.booleans()):
        lines += ["", draw(st.sampled_from(["Kaplan", "KEEGAN PAAL", "CLINTON"]))]
    return "\n".join(lines)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cable_texts())
def test_no_word_is_lost(text):
    parts = parse_text(text)
    kept = set()
    for p in parts.paragraphs:
        kept |= _words(p.text) | _words(p.portion_marking or "")
    for h in parts.headings:
        kept |= _words(h.text)
    kept |= set(parts.signers)
    assert _words(text) - kept <= _FURNITURE


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_does_not_raise(text):
    parts = parse_text(text)
    assert [p.index for p in parts.paragraphs] == list(range(len(parts.paragraphs)))


# --- the corpus -----------------------------------------------------------------------------------

_PRE = re.compile(r"<code><pre>(.*?)</pre></code>", re.S)
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)
_FIRST_PARAGRAPH = re.compile(r"^\s*1\.\s", re.M)
_CLASSIFICATION = re.compile(r"/classification/[^']*'[^>]*>([^<]+)<")


@cache
def wikileaks_bodies(corpus: Path) -> list[tuple[str, str, str]]:
    """(id, text after a crude stand-in for the opening block, WikiLeaks classification) of
    every HTML page: the last ``<code><pre>`` block, entities decoded, ¶ dropped, links
    reduced to their text, everything before the first ``1.`` line cut."""
    bodies = []
    for path in sorted(corpus.glob("wikileaks-html*/**/*.html")):
        page = path.read_text(encoding="utf-8", errors="replace")
        blocks = _PRE.findall(page)
        if not blocks:
            continue
        text = html.unescape(_LINK.sub(r"\1", blocks[-1])).replace("¶", "")
        first = _FIRST_PARAGRAPH.search(text)
        table = page.find("class='cable'")
        classification = _CLASSIFICATION.search(page, max(table, 0))
        bodies.append((path.stem, text[first.start():] if first else text,
                       classification[1] if classification else ""))
    return bodies


@cache
def _parsed(corpus: Path) -> list[tuple[str, str, TextParts]]:
    return [(cid, cls, parse_text(rest, classification=cls.split("//")[0] or None))
            for cid, rest, cls in wikileaks_bodies(corpus)]


def test_corpus_paragraph_numbers_follow(corpus):
    steps = gaps = 0
    for cid, _, parts in _parsed(corpus):
        numbers = [p.number for p in parts.paragraphs if p.number is not None]
        for a, b in zip(numbers, numbers[1:]):
            steps += 1
            if b != a + 1:
                gaps += 1
                assert any(w.code.startswith("paragraph-number") for w in parts.warnings), cid
    assert steps > 7000
    # the gaps are in the cables: numbers skipped or repeated by the drafter, paragraphs
    # lost to redaction, a numbered annex quoted inside a paragraph
    assert gaps / steps < 0.01


def test_corpus_portion_marks(corpus):
    numbered = marked = 0
    for cid, cls, parts in _parsed(corpus):
        year = int(cid[:2])
        if not 6 <= year <= 10 or not cls or cls.startswith("UNCLASSIFIED"):
            continue
        for p in parts.paragraphs:
            if p.number is not None:
                numbered += 1
                marked += p.portion_marking is not None
    assert numbered > 5000
    assert marked / numbered >= 0.9


def test_corpus_signers(corpus):
    parsed = _parsed(corpus)
    signed = [cid for cid, _, parts in parsed
              if parts.signers or any(w.code == "signer-redacted" for w in parts.warnings)]
    assert len(signed) / len(parsed) >= 0.9
    # a signer is a name: never a word of the furniture
    for _, _, parts in parsed:
        for name in parts.signers:
            assert name.upper() not in {"END", "COMMENT", "SUMMARY", "THE", "UNQUOTE", "NNNN"}


def test_corpus_texts_keep_their_words(corpus):
    """Paragraphs, headings and signers hold every word of the text but the furniture."""
    furniture = re.compile(r"[A-Z][A-Z ]{0,10}\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}|NNNN"
                           r"|(?i:.*(?:classified web|sgov\.gov|http|intelink|\bvisit\b).*)")  # banners
    for cid, rest, _ in wikileaks_bodies(corpus)[::7]:
        parts = parse_text(rest)
        kept = set()
        for p in parts.paragraphs:
            kept |= _words(p.text) | _words(p.portion_marking or "")
        for h in parts.headings:
            kept |= _words(h.text)
        kept |= set(parts.signers)
        lost = _words(furniture.sub(" ", rest)) - kept
        assert len(lost) <= 3, (cid, lost)  # a noise line after the signature at most


def test_corpus_telegrams(corpus):
    for path in sorted((corpus / "telegram-text").glob("*.txt")):
        text = path.read_bytes().decode("latin-1").replace("\r\n", "\n").replace("¶", "")
        first = _FIRST_PARAGRAPH.search(text)
        rest = text[first.start():] if first else text
        parts = parse_text(rest, classification="UNCLASSIFIED" if "UNCLAS" in text[:2000] else None)
        last_line = text.rstrip().rsplit("\n", 1)[-1].strip()
        assert parts.signers == [last_line], path.name
        assert all("00 OF 00" not in p.text for p in parts.paragraphs)
        assert all(re.search(r"\d{8}\s+\d{3}", p.text) is None for p in parts.paragraphs), path.name
