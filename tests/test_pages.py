"""Page markers, later sections' openings and end markers in body text (§3.2, §3.8, §2.8)."""

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.parse import pages
from cablekit.parse.pages import remove_page_markers
from element_inputs import edited
from test_opening import wikileaks_pages


def test_page_marker_between_lines_of_a_sentence_is_cut_and_the_sentence_rejoined():
    text = ("the agreement is accompanied by annual consultations\n\n"
            "RABAT 00000904 002 OF 003\n\n\n"
            "in Morocco and/or the U.S. about how to improve intelligence\n")
    cleaned, n = remove_page_markers(text)
    assert n == 1
    assert cleaned == ("the agreement is accompanied by annual consultations\n"
                       "in Morocco and/or the U.S. about how to improve intelligence\n")


def test_page_marker_before_a_paragraph_keeps_the_paragraph_break():
    text = "region. End summary.\n\nRABAT 00000904 002 OF 003\n\n2. (SBU) In early October\n"
    cleaned, n = remove_page_markers(text)
    assert n == 1
    assert cleaned == "region. End summary.\n\n2. (SBU) In early October\n"


@pytest.mark.parametrize(
    "marker",
    ["MADRID 00000869 001.2 OF 004", "NEW DELHI 00005138  002 OF 003", "KUALA LUMP 00001403  002 OF 003",
     "RIO DE JAN 00000329 002 OF 004", "STATE 00000284 002 OF 002", "BRASILIA 00000028 002.4 OF 003"],
)
def test_page_marker_forms(marker):
    cleaned, n = remove_page_markers(f"first line of text\n{marker} \nsecond line\n")
    assert (cleaned, n) == ("first line of text\nsecond line\n", 1)


def test_page_marker_glued_into_running_text():
    text = ("rom opponents of the bill. The BRASILIA 00000504 002 OF 004 influential Ordem\n"
            "was disrupted in BRASILIA 00001383 002 OF 005 transmission, thereby\n")
    cleaned, n = remove_page_markers(text)
    assert n == 2
    assert cleaned == ("rom opponents of the bill. The influential Ordem\n"
                       "was disrupted in transmission, thereby\n")


def test_glued_page_marker_in_capitals_keeps_the_prose_word_before_it():
    cleaned, _ = remove_page_markers("THE TALKS TURNED TO ROME 00001234 002 OF 003 AND ITS PORT\n")
    assert cleaned == "THE TALKS TURNED TO AND ITS PORT\n"
    # the location written on the marker lines alone is used for glued ones
    text = ("A\nTHE HAGUE 00000012 002 OF 003\nB\nAS FOR THE HAGUE 00000012 003 OF 003 C\n")
    assert remove_page_markers(text) == ("A\nB\nAS FOR C\n", 2)


def test_old_page_headers_with_classification_lines():
    # 90CAPETOWN97: "CONFIDENTIAL\n\nCONFIDENTIAL\n\nPAGE 02 …" between two lines of a sentence
    text = ("THE RETURN OF POLITICAL EXILES TO SOUTH AFRICA, AND THE\nCONFIDENTIAL \n \n"
            "CONFIDENTIAL \n \nPAGE 02        CAPE T  00097  01 OF 03  182017Z \n \n"
            "RELEASE OF SEVERAL POLITICAL PRISONERS\n")
    assert remove_page_markers(text) == (
        "THE RETURN OF POLITICAL EXILES TO SOUTH AFRICA, AND THE\n"
        "RELEASE OF SEVERAL POLITICAL PRISONERS\n", 1)
    for header in ["PAGE 02 ROME 01196 01 OF 02 082030Z", "PAGE 01 STATE 095768",
                   "PAGE 02 RUEHFRA2440 C O N F I D E N T I A L PARIS 002440"]:
        assert remove_page_markers(f"FOR THE\n{header}\nPERSIAN GULF\n") == (
            "FOR THE\nPERSIAN GULF\n", 1)


def test_prose_lines_are_never_deleted():
    text = ("PAGE 2 OF THE REPORT SAYS THE OPPOSITE.\n"
            "LIMITED OFFICIAL USE OF THE BASE WAS AGREED\n"
            "CONFIDENTIAL\n"
            "THE 12345678 PEOPLE WHO VOTED\n"
            "SECTION 2 OF THE LAW\n"
            "NNNN IS THE END MARK\n"
            "DEBT AND BT ARE WORDS\n")
    assert remove_page_markers(text) == (text, 0)


def test_end_markers():
    assert remove_page_markers("THEIR ACTIVITY.\nTASCA\n\n\nLIMITED OFFICIAL USE\n\n\n\n\nNNN\n\n") == (
        "THEIR ACTIVITY.\nTASCA\n", 2)
    assert remove_page_markers("LIKELY CONTRIBUTES.\nMCFARLAND\n\nNNNN\n2004CARACA02200 - CONFIDENTIAL") == (
        "LIKELY CONTRIBUTES.\nMCFARLAND\n", 1)
    assert remove_page_markers("text\nBT\nmore text\nNnnn\n") == ("text\nmore text\n", 2)


def test_later_section_opening_is_removed():
    text = (
        "SUITABLE VENUE. END COMMENT.)\n \n\n\n\nCONFIDENTIAL \n\n\n\nR 171512Z JAN 90 \n"
        "FM AMCONSUL CAPE TOWN \nTO SECSTATE WASHDC 5366 \nINFO AMEMBASSY PRETORIA \n"
        "AMCONSUL JOHANNESBURG \n \nC O N F I D E N T I A L SECTION 02 OF 03 CAPE TOWN 00097 \n \n"
        "LONDON FOR KOLKER, PARIS FOR FENDRICK \n \nE.O. 12356:  DECL:  OADR \nTAGS: PGOV PHUM SF\n"
        "SUBJECT:  ESSA MOOSA TALKS ABOUT MANDELA AND OTHER TOPICS \n \n \n"
        "10.  WHEN HE MET SEVERAL WEEKS AGO WITH MANDELA\n")
    assert remove_page_markers(text) == (
        "SUITABLE VENUE. END COMMENT.)\n\n10.  WHEN HE MET SEVERAL WEEKS AGO WITH MANDELA\n", 1)


@pytest.mark.parametrize(
    "text", ["", "\n", "   ", "\x00\xff\ufffd" * 50, "OF 003" * 1000, "PAGE 02\n" * 1000,
             "00000000 000 OF 000", "NNNN", "SECTION 02 OF 03", "\n\n\nCONFIDENTIAL"],
)
def test_odd_input_does_not_raise(text):
    cleaned, n = remove_page_markers(text)
    assert isinstance(cleaned, str) and n >= 0


_MARKER_LINE = re.compile(r"^[A-Z][A-Z ]{0,10}\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\s*$", re.M)


def _telegrams(corpus):
    for path in sorted((corpus / "telegram-text").glob("*.txt")):
        text = path.read_bytes().decode("latin-1").replace("\r\n", "\n").replace("¶", "")
        yield path.stem, text


def test_telegram_text_markers(corpus):
    """The raw telegrams carry page markers on lines of their own: each is removed, nothing else
    is, and every word of the other lines survives in order."""
    total = 0
    for name, text in _telegrams(corpus):
        expected = len(_MARKER_LINE.findall(text))
        cleaned, n = remove_page_markers(text)
        total += n
        assert n == expected, name
        assert not _MARKER_LINE.search(cleaned), name
        kept = _MARKER_LINE.sub("", text)
        assert re.findall(r"\w+", cleaned) == re.findall(r"\w+", kept), name
    assert total >= 15  # not vacuous: most of these telegrams run over several pages


def test_plusd_1974_page_break(corpus):
    page = (corpus / "plusd-html" / "1974ATHENS02959_b.html").read_text(encoding="utf-8")
    text = html.unescape(re.search(r'<div id="tagged-text">(.*?)</div>', page, re.S)[1])
    cleaned, n = remove_page_markers(text)
    assert n == 3  # the page break with its classification lines, the closing line, NNN
    assert "OF PRIOR TRADE UNION AFFILIATION BUT BECAUSE OF THEIR\nACKNOWLEDGED COMMUNIST" in cleaned
    assert cleaned.rstrip().endswith("PRIOR TRADE UNION ACTIVITY.\nTASCA")
    assert "LIMITED OFFICIAL USE" not in cleaned and "PAGE" not in cleaned


def _bodies() -> tuple[str, ...]:
    return tuple(page.body for page in wikileaks_pages())


_FURNITURE_PIECES = ["\n", "\nPAGE 02 ", "PAGE", "\nNNNN\n", "NNN", "Nnn", "\nBT", "BT", "\n<< END", "<< END",
                     " ", "\t", "\n \t", "P", "N", "B", "<", "\r", "\xa0"]


def test_furniture_scan_finds_what_the_pattern_finds_in_the_corpus():
    bodies = _bodies()
    found = [pages.furniture_lines_scanned(body) for body in bodies]
    assert found == [pages.furniture_lines_matched(body) for body in bodies]
    assert sum(len(p) + len(e) for p, e in found) >= 10  # few, but some (the edits below add more)


@settings(max_examples=1000, deadline=None)
@given(edited(_bodies, _FURNITURE_PIECES))
def test_furniture_scan_finds_what_the_pattern_finds_in_edited_bodies(body):
    assert pages.furniture_lines_scanned(body) == pages.furniture_lines_matched(body)


@given(st.text(alphabet=st.sampled_from(list("PAGENTB<< \t\nx")), max_size=40))
def test_furniture_scan_finds_what_the_pattern_finds_in_random_texts(text):
    assert pages.furniture_lines_scanned(text) == pages.furniture_lines_matched(text)


def _serial_matches_pattern(text: str) -> int:
    checked = 0
    for f in range(1, len(text) + 1):
        for end in (f - 1, f):
            lo = max(0, end - 24)
            m = pages._PAGE_SERIAL.search(text, lo, end)
            assert pages._serial_start(text, lo, end) == (m.start() if m else -1), (text, lo, end)
            checked += m is not None
    return checked


def test_serial_scan_finds_what_the_pattern_finds_in_the_corpus():
    found = 0
    for body in _bodies():
        k = body.find("OF")
        while k >= 0:
            found += _serial_matches_pattern(body[max(0, k - 30):k + 1])
            k = body.find("OF", k + 1)
    assert found >= 10


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 \t.\n O٣x")), max_size=32))
def test_serial_scan_finds_what_the_pattern_finds_in_random_texts(text):
    _serial_matches_pattern(text)


@given(st.lists(st.sampled_from(["12345678", "00000904", " ", "  ", "\t", "     ", "002", "001.2", "01.23",
                                 ".", "1", "٣", "\n", "OF"]), max_size=8).map("".join))
def test_serial_scan_finds_what_the_pattern_finds_in_marker_pieces(text):
    _serial_matches_pattern(text)


def _location_alone_matches_pattern(text: str) -> None:
    for start in range(min(3, len(text) + 1)):
        expected = pages._LOCATION_ALONE.fullmatch(text[start:]) is not None
        assert pages._location_alone(text, start, len(text)) == expected, (text, start)


def test_location_scan_finds_what_the_pattern_finds_before_corpus_markers():
    found = 0
    for body in _bodies():
        k = body.find(" OF ")
        while k >= 0:
            line_start = body.rfind("\n", max(0, k - 60), k) + 1
            _location_alone_matches_pattern(body[line_start:max(line_start, k - 13)])
            found += 1
            k = body.find(" OF ", k + 1)
    assert found >= 10


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ABZ az.'&-_ \t\n0ÀΩ")), max_size=16))
def test_location_scan_finds_what_the_pattern_finds_in_random_texts(text):
    _location_alone_matches_pattern(text)
