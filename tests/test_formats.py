"""Container readers on real cables: WikiLeaks pages (2010, 2011), page text, telegram text, PlusD.

Expected values were read off the files themselves (the page's table and <pre> blocks, the
seed's metadata lines, the PlusD synopsis), not copied from the reader's output.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from cablekit.formats import FORMATS, NotACable, RawCable, detect_format, read_bytes, read_path, read_text
from paths import CORPUS, FIXTURES, SEED

SEED_PATH = SEED if SEED.exists() else FIXTURES / "09RABAT904.txt"
FORMAT_OF_DIR = {
    "wikileaks-html": "wikileaks-html-2010",
    "wikileaks-html-2011": "wikileaks-html-2011",
    "seed": "wikileaks-text",
    "telegram-text": "telegram-text",
    "cables-csv": "cables-csv",
    "plusd-html": "plusd-html",
}
TAG_LINK = re.compile(r"<a href='/tag/[^']*'>([^<]*)</a>")


def one(results) -> RawCable:
    results = list(results)
    assert len(results) == 1, results
    assert isinstance(results[0], RawCable), results[0]
    return results[0]


def fixture(name: str) -> Path:
    return FIXTURES / name


def codes(raw: RawCable) -> set[str]:
    return {w.code for w in raw.warnings}


# --- the whole corpus -------------------------------------------------------------------------


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []


def test_every_corpus_file_gives_cables_with_text_and_id(corpus):
    files = corpus_files()
    assert len(files) > 900
    for path in files:
        results = list(read_path(path))
        assert results, path
        for raw in results:
            assert isinstance(raw, RawCable), (path, raw)
            assert raw.text.strip(), path
            assert raw.container.reference_id, path
            assert raw.container.format == FORMAT_OF_DIR[path.relative_to(CORPUS).parts[0]], path


def test_detect_format_names_the_corpus_directories(corpus):
    for path in corpus_files():
        assert detect_format(path.read_bytes(), str(path)) == FORMAT_OF_DIR[path.relative_to(CORPUS).parts[0]]
    assert set(FORMAT_OF_DIR.values()) == set(FORMATS)


def test_html_pages_id_date_and_tags_agree_with_url_and_links(corpus):
    # §1.1: the page lives at YYYY/MM/<ID>.html, YYYY/MM being the month of Created.
    for path in sorted(CORPUS.glob("wikileaks-html*/*/*/*.html")):
        raw = one(read_path(path))
        c = raw.container
        assert c.reference_id == path.stem
        assert (c.created.year, c.created.month) == (int(path.parts[-3]), int(path.parts[-2]))
        assert c.released is not None and c.released > c.created
        assert c.classification in {"UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "CONFIDENTIAL",
                                    "CONFIDENTIAL//NOFORN", "SECRET", "SECRET//NOFORN"}
        pre_blocks = re.findall(r"<code><pre>(.*?)</pre></code>", path.read_text(encoding="utf-8"), re.S)
        links = [tag for block in pre_blocks for tag in TAG_LINK.findall(block)]
        assert c.tags == list(dict.fromkeys(links))
        for junk in ("¶", "&#x", "<a ", "</a>", "<br", "</pre>"):
            assert junk not in raw.text and junk not in (raw.header_text or ""), (path, junk)
        assert not re.search(r"[ \t]$", raw.text, re.M), path


def test_pages_of_the_2011_layout_and_the_csv_hold_the_same_cables(corpus):
    pages = {one(read_path(p)).container.reference_id: one(read_path(p))
             for p in CORPUS.glob("wikileaks-html-2011/*/*/*.html")}
    rows = list(read_path(CORPUS / "cables-csv" / "cables_sample.csv"))
    assert len(rows) == 2
    for row in rows:
        page = pages[row.container.reference_id]
        assert page.container.created == row.container.created
        assert page.container.origin == row.container.origin
        assert page.header_text == row.header_text
        # Same body except the TAGS line, which the page renders as links without the commas.
        assert strip_tags_line(page.text) == strip_tags_line(row.text)


def strip_tags_line(text: str) -> str:
    return re.sub(r"^TAGS:.*$", "TAGS", text, flags=re.M)


# --- the seed (page text of a mirror) ---------------------------------------------------------


def test_seed_container_metadata():
    raw = one(read_path(SEED_PATH))
    c = raw.container
    assert c.format == "wikileaks-text"
    assert c.reference_id == "09RABAT904"
    assert c.created == datetime(2009, 11, 10, 14, 16)
    assert c.classification == "SECRET//NOFORN"
    assert c.origin == "Embassy Rabat"
    assert c.title == "U.S.-MOROCCO SECURITY DIALOGUES"
    assert c.tags == ["MARR", "PREL", "MASS", "MO"]
    assert raw.header_text is None


def test_seed_text_is_the_telegram_without_page_furniture():
    raw = one(read_path(SEED_PATH))
    assert raw.text.startswith("VZCZCXYZ0000\nPP RUEHWEB\n\nDE RUEHRB #0904/01 3141416\n")
    assert raw.text.endswith("Kaplan")
    assert "how-to read a cable" not in raw.text and "Cable title" not in raw.text
    # The mirror prints the opening block twice; de-duplicating it is the parser's job (§1.1).
    assert raw.text.count("S E C R E T RABAT 000904") == 2
    assert raw.warnings == []


def test_seed_with_the_mirrors_year_list_glued_to_the_signer():
    data = SEED_PATH.read_bytes().rstrip() + b"1966\n1972\n1975\n1979\n1985\n2009\n2010\n"
    raw = one(read_bytes(data, "seed-with-years"))
    assert raw.text.endswith("\nKaplan")
    assert "trailing-furniture-removed" in codes(raw)


def test_page_text_ending_with_one_year_is_left_alone():
    data = SEED_PATH.read_bytes().rstrip() + b"\n\nSEE YOU IN\n2010\n"
    raw = one(read_bytes(data))
    assert raw.text.endswith("SEE YOU IN\n2010")
    assert "trailing-furniture-removed" not in codes(raw)


def test_read_text_reads_the_seed_as_a_string():
    raw = one(read_text(SEED_PATH.read_text(encoding="utf-8")))
    assert raw.container.reference_id == "09RABAT904"
    assert raw.container.source == "<text>"


# --- WikiLeaks HTML pages ---------------------------------------------------------------------


def test_html_2010_page_metadata_from_the_table():
    raw = one(read_path(fixture("08MOSCOW2700.html")))
    c = raw.container
    assert c.format == "wikileaks-html-2010"
    assert c.reference_id == "08MOSCOW2700"
    assert c.created == datetime(2008, 9, 9, 14, 2)
    assert c.released == datetime(2010, 12, 1, 21, 9)
    # The link's title attribute says 'unclassified//fouo'; the text is what counts (§1.1).
    assert c.classification == "UNCLASSIFIED"
    assert c.origin == "Embassy Moscow"
    assert c.title == "MOSCOW TOLERANCE MUSEUM TO OPEN IN 2011"
    assert c.tags == ["PGOV", "PHUM", "PREL", "RS"]
    assert raw.warnings == []


def test_html_2010_page_header_and_body_blocks():
    raw = one(read_path(fixture("08MOSCOW2700.html")))
    assert raw.header_text.split("\n") == [
        "VZCZCXRO8625", "RR RUEHLN RUEHPOD RUEHVK RUEHYG", "DE RUEHMO #2700 2531405", "ZNR UUUUU ZZH",
        "R 091405Z SEP 08", "FM AMEMBASSY MOSCOW", "TO RUEHC/SECSTATE WASHDC 9906",
        "INFO RUCNCIS/CIS COLLECTIVE", "RUEHXD/MOSCOW POLITICAL COLLECTIVE", "RUEHTV/AMEMBASSY TEL AVIV 2210",
    ]
    assert raw.text.startswith(
        "UNCLAS MOSCOW 002700\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PGOV PHUM PREL RS\n"
        "SUBJECT: MOSCOW TOLERANCE MUSEUM TO OPEN IN 2011\n\n1.  (U) Summary. The Federation"
    )


def test_html_2011_layout_is_told_apart():
    raw = one(read_path(fixture("66BUENOSAIRES2481.html")))
    assert raw.container.format == "wikileaks-html-2011"
    assert raw.container.released == datetime(2011, 8, 30, 1, 44)
    assert raw.header_text.startswith("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n")
    assert raw.container.tags == ["EFIS", "PBTS", "AR"]


def test_partial_extract_note_is_not_a_header():
    raw = one(read_path(fixture("06VIENNA515.html")))
    assert raw.header_text == ""
    assert raw.container.fields["note"].startswith("This record is a partial extract")
    assert raw.text.startswith("S E C R E T SECTION 01 OF 03 VIENNA 000515\n")
    assert "partial-extract" in codes(raw)


def test_media_partner_dateline_is_removed_and_utf8_kept():
    raw = one(read_path(fixture("09BELGRADE765.html")))
    assert raw.container.fields["preamble"] == "Wednesday, 29 July 2009, 13:51"
    assert raw.text.startswith("C O N F I D E N T I A L SECTION 01 OF 04 BELGRADE 000765\nSIPDIS\n")
    assert "SUBJECT: SERBIA IN THE WAKE OF VICE PRESIDENT BIDEN\u2019S VISIT" in raw.text
    assert "encoding-fallback" not in codes(raw)


def test_br_tags_keep_one_line_break():
    raw = one(read_path(fixture("09TRIPOLI475.html")))
    assert "HYPERTENSION & DIABETES,\nBUT NOT CANCER\n\n4. (S/NF)  Separately" in raw.text


def test_entities_other_than_newline_are_decoded_but_raw_ampersands_kept():
    page = fixture("08MOSCOW2700.html").read_bytes().replace(
        b"SIPDIS &#x000A;", b"SIPDIS &amp; R&D; &quot;Q&quot; &#39;x&#39; &#x000D;&#x000A;", 1
    )
    raw = one(read_bytes(page))
    assert "SIPDIS & R&D; \"Q\" 'x'\n" in raw.text



def test_page_not_in_utf8_is_read_as_cp1252_from_the_heading_on():
    page = fixture("08MOSCOW2700.html").read_bytes().replace(b"SIPDIS &#x000A;", b"SIPDIS \x92Q\x92 &#x000A;", 1)
    raw = one(read_bytes(page))
    assert "\nSIPDIS \u2019Q\u2019\n" in raw.text
    assert [w.code for w in raw.warnings if w.code == "encoding-fallback"] == ["encoding-fallback"]

def test_page_with_only_the_body_block():
    page = fixture("08MOSCOW2700.html").read_bytes()
    start = page.index(b"<code><pre>VZCZC")
    page = page[:start] + page[page.index(b"</pre></code>", start) + len(b"</pre></code>\n"):]
    raw = one(read_bytes(page))
    assert raw.header_text == ""
    assert raw.text.startswith("UNCLAS MOSCOW 002700\n")
    assert "header-missing" in codes(raw)


def test_page_with_the_table_but_no_text_blocks():
    page = fixture("08MOSCOW2700.html").read_bytes()
    page = page[: page.index(b"<code><pre>")] + b"</div>\n</div>\n</body>\n</html>\n"
    raw = one(read_bytes(page))
    assert raw.text == ""
    assert raw.container.reference_id == "08MOSCOW2700"
    assert raw.container.created == datetime(2008, 9, 9, 14, 2)
    assert "body-missing" in codes(raw)


def test_backslash_newlines_are_folded():
    page = fixture("08MOSCOW2700.html").read_bytes().replace(b"SIPDIS &#x000A;", b"SIPDIS \\&#x000A;", 1)
    raw = one(read_bytes(page))
    assert "\nSIPDIS\n" in raw.text and "\\" not in raw.text
    assert "backslash-newline-folded" in codes(raw)



# --- telegram text ----------------------------------------------------------------------------


def test_telegram_text_latin1_crlf_and_pilcrows():
    path = fixture("06NEWDELHI5238.txt")
    data = path.read_bytes()
    assert b"\r\n" in data and b"\xb6" in data
    raw = one(read_path(path))
    assert raw.container.format == "telegram-text"
    assert raw.header_text is None
    assert "\r" not in raw.text and "¶" not in raw.text
    lines = raw.text.split("\n")
    for raw_line in data.split(b"\r\n"):
        if raw_line.startswith(b"\xb6"):
            assert raw_line[1:].decode("latin-1").rstrip() in lines
    assert raw.text.startswith("VZCZCXRO1359\n")
    assert raw.text.endswith("\nPYATT")


def test_telegram_text_id_from_file_name_is_said():
    raw = one(read_path(fixture("09PARIS1007.txt")))
    assert raw.container.reference_id == "09PARIS1007"
    assert {"reference-id-from-filename", "encoding-fallback"} <= codes(raw)
    assert "is \u00ac a \ngadget" not in raw.text and "is \u00ac a\ngadget" in raw.text  # 0xAC kept, line end stripped


def test_telegram_page_markers_are_left_for_the_parser(corpus):
    raw = one(read_path(CORPUS / "telegram-text" / "06NEWDELHI5138.txt"))
    assert "\nNEW DELHI 00005138  002 OF 003\n" in raw.text


def test_telegram_text_inline_without_an_id_in_the_name():
    data = (b"VZCZCXYZ0000\r\nPP RUEHWEB\r\n\r\nDE RUEHRB #0904/01 3141416\r\nFM AMEMBASSY RABAT\r\n"
            b"SUBJECT: X \r\n\r\n\xb61. (C) First.\r\n\xb6A. sub\r\nKAPLAN\r\n")
    raw = one(read_bytes(data, "upload.txt"))
    assert raw.container.reference_id is None
    assert "reference-id-from-filename" not in codes(raw)
    assert raw.text.endswith("SUBJECT: X\n\n1. (C) First.\nA. sub\nKAPLAN")


# --- PlusD ------------------------------------------------------------------------------------


def test_plusd_synopsis_fields():
    raw = one(read_path(fixture("1974ATHENS02959_b.html")))
    c = raw.container
    assert c.format == "plusd-html"
    assert c.reference_id == "1974ATHENS02959"
    assert c.created == datetime(1974, 5, 17, 16, 0)
    assert c.classification == "LIMITED OFFICIAL USE"
    assert c.title == "ARRESTS OF KALOUDIS AND AMBATIELOS"
    assert c.tags == ["AMBATIELOS, ANTHONY", "GR", "KALOUDIS, NICK", "PINS"]
    f = c.fields
    assert f["Date"] == "1974 May 17, 16:00 (Friday)"
    assert f["Canonical ID"] == "1974ATHENS02959_b"
    assert f["Current Classification"] == "UNCLASSIFIED"
    assert f["Character Count"] == "1888"
    assert f["Handling Restrictions"] == "-- N/A or Blank --"
    assert f["Locator"] == "TEXT ON MICROFILM,TEXT ONLINE"
    assert f["Type"] == "TE"
    assert f["Office Action"] == "ACTION EUR - Bureau of European and Eurasian Affairs"
    assert f["Archive Status"] == "Electronic Telegrams"
    assert f["Markings"] == "Declassified/Released US Department of State EO Systematic Review 30 JUN 2005"
    assert f["Concepts"] == "CONCENTRATION CAMPS | PRISONERS | WELFARE & WHEREABOUTS | YIAROS"


def test_plusd_metadata_pane_attributes():
    f = one(read_path(fixture("1974ATHENS02959_b.html"))).container.fields
    assert f["Film Number"] == "D740123-0751"
    assert f["Draft Date"] == "17 MAY 1974"
    assert f["Line Count"] == "71"  # YAML quotes '71' dropped
    assert f["Review History"] == (
        "RELEASED <15 MAY 2002 by elyme>; APPROVED <25 FEB 2003 by GarlanWA>; APPROVED <08 JUN 2005 by powellba2>"
    )
    assert f["Review Markings"] == "n/a US Department of State EO Systematic Review 30 JUN 2005"
    assert f["From (metadata)"] == "ATHENS" and f["From"] == "Greece Athens"
    assert f["TAGS (metadata)"] == "PINS, GR, (KALOUDIS, NICK), (AMBATIELOS, ANTHONY)"


def test_plusd_content_pane_is_the_whole_telegram():
    page = fixture("1974ATHENS02959_b.html").read_bytes()
    raw = one(read_bytes(page))
    assert raw.header_text is None
    assert raw.text.startswith("LIMITED OFFICIAL USE\n\nPAGE 01  ATHENS 02959  171944Z\n\n11\nACTION EUR-25\n")
    assert "SUBJECT: ARRESTS OF KALOUDIS AND AMBATIELOS\n\nREF: STATE -097844\n\n1. INQUIRIES MADE" in raw.text
    assert 'ITS "DEVOTION\nTO INTERNATIONAL LABOR CONVENTION"' in raw.text
    assert raw.text.endswith("LIMITED OFFICIAL USE\n\n\n\n\nNNN")
    # The Raw content pane holds the same text: without the Content pane it is the fallback.
    start = page.index(b'<div class="pane-header">Content</div>')
    end = page.index(b'<div class="pane-header">Raw content</div>')
    fallback = one(read_bytes(page[:start] + page[end:]))
    assert fallback.text == raw.text


# --- formats given explicitly -----------------------------------------------------------------


@pytest.mark.parametrize("name, format", [
    ("08MOSCOW2700.html", "wikileaks-html-2010"),
    ("66BUENOSAIRES2481.html", "wikileaks-html-2011"),
    ("09RABAT904.txt", "wikileaks-text"),
    ("06NEWDELHI5238.txt", "telegram-text"),
    ("cables_sample.csv", "cables-csv"),
    ("1974ATHENS02959_b.html", "plusd-html"),
])
def test_fixtures_detected_and_read_with_the_format_given(name, format):
    data = fixture(name).read_bytes()
    assert detect_format(data, name) == format
    results = list(read_bytes(data, name, format=format))
    assert results and all(isinstance(r, RawCable) and r.container.format == format for r in results)


def test_unknown_format_name_is_a_notacable():
    results = list(read_bytes(b"anything", "x", format="word-document"))
    assert len(results) == 1 and isinstance(results[0], NotACable)
    assert "unknown format" in results[0].reason


def test_new_raw_cable_is_the_dataclass_built_by_its_init():
    from cablekit.formats.base import new_raw_cable
    from cablekit.model import Container

    container = Container(format="wikileaks-html-2010", source="x")
    warnings = []
    made = new_raw_cable(container, "TEXT", None, warnings)
    assert made == RawCable(container=container, text="TEXT", header_text=None, warnings=warnings)
    assert made.warnings is warnings and type(made) is RawCable
