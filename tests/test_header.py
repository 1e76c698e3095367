"""The ACP-127 routing header (§2): split_header and parse_header on the seed, the corpus and
small examples of the malformations of §7."""

from __future__ import annotations

import html
import re
import time
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.parse.header import parse_header, split_header

from paths import CORPUS, SEED, corpus_or_skip

_PRE = re.compile(r"<code><pre>(.*?)</pre></code>", re.S)
_TAG = re.compile(r"<[^>]+>")
_FL5_LINE = re.compile(r"^\s*(?:[A-Z]\s+){0,2}\d{6}\s?Z\s+[A-Za-z]{3}\s+\d{2,4}\b", re.M)
_CLASSIFICATION_LINE = re.compile(
    r"^(S E C R E T|C O N F I D E N T I A L|SECRET|CONFIDENTIAL|UNCLAS|LIMITED OFFICIAL USE)\b"
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def non_blank_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def codes(warnings) -> list[str]:
    return [w.code for w in warnings]


def year_of(cable_id: str) -> int:
    yy = int(cable_id[:2])
    return 1900 + yy if yy >= 66 else 2000 + yy


@cache
def html_blocks() -> list[tuple[str, list[str]]]:
    """(cable id, its <pre> blocks, unescaped) of every WikiLeaks page of the corpus."""
    corpus = corpus_or_skip()
    pages = []
    for path in sorted(corpus.glob("wikileaks-html*/**/*.html")):
        blocks = _PRE.findall(path.read_text(encoding="utf-8"))
        pages.append((path.stem, [html.unescape(_TAG.sub("", block)) for block in blocks]))
    return pages


def html_headers() -> list[tuple[str, str]]:
    """(cable id, header text) of every WikiLeaks page with two <pre> blocks."""
    return [(cable_id, blocks[0]) for cable_id, blocks in html_blocks() if len(blocks) == 2]


def telegram_text(path: Path) -> str:
    return path.read_bytes().decode("latin-1").replace("\r\n", "\n")


# --- the seed cable (§0, §11) ----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> tuple[str, str]:
    corpus_or_skip()
    return split_header(SEED.read_text(encoding="utf-8"))


def test_seed_split(seed):
    header, body = seed
    assert body.startswith("S E C R E T RABAT 000904")
    assert header.rstrip().endswith("RUCNMGH/MAGHREB COLLECTIVE")
    assert "VZCZCXYZ0000\nPP RUEHWEB\n\nDE RUEHRB" in header


def test_seed_header(seed):
    header, warnings = parse_header(seed[0], year_hint=2009)
    assert header.transmission_id == "VZCZCXYZ0000"
    assert header.precedence == "PRIORITY"
    assert header.called == ["RUEHWEB"]
    de = header.de
    assert (de.routing_indicator, de.station, de.serial, de.section) == ("RUEHRB", "AMEMBASSY RABAT", "0904", 1)
    assert de.filing_day == 314 and de.filing_time == utc(2009, 11, 10, 14, 16)
    fl4 = header.security_warning
    assert (fl4.signal, fl4.class_letters, fl4.classification) == ("ZNY", "SSSSS", "SECRET")
    assert fl4.operating_signals == ["ZZH"]
    assert header.action_precedence == "PRIORITY" and header.info_precedence is None
    assert header.dtg == utc(2009, 11, 10, 14, 16) and header.dtg_raw == "101416Z NOV 09"
    assert header.originator == "AMEMBASSY RABAT"
    assert header.originator_routing_indicator == "RUEHRB"  # from DE (§0)
    [to] = header.to
    assert (to.role, to.routing_indicator, to.name) == ("to", "RUEHC", "SECSTATE WASHDC")
    assert (to.precedence, to.mcn) == ("PRIORITY", "0817")
    assert to.station == "DEPT OF STATE WASHINGTON DC" and not to.collective
    assert [a.raw for a in header.info] == [
        "RHMFISS/HQ USAFRICOM STUTTGART GE PRIORITY",
        "RUEKJCS/JOINT STAFF WASHDC PRIORITY",
        "RUEKJCS/SECDEF WASHDC PRIORITY",
        "RUCNMGH/MAGHREB COLLECTIVE",
    ]
    assert [a.precedence for a in header.info] == ["PRIORITY", "PRIORITY", "PRIORITY", None]
    maghreb = header.info[-1]
    assert maghreb.collective and maghreb.name == "MAGHREB COLLECTIVE" and maghreb.routing_indicator == "RUCNMGH"
    assert header.info[1].station == "JOINT STAFF WASHINGTON DC"
    # The mirror page's metadata block above VZCZC stays in the header and is reported.
    assert "header-line-unknown" in codes(warnings)


# --- the real corpus ----------------------------------------------------------------------------


def test_corpus_html_headers():
    headers = html_headers()
    assert len(headers) > 800
    started = time.perf_counter()
    parsed = [parse_header(text, year_hint=year_of(cable_id)) for cable_id, text in headers]
    elapsed = time.perf_counter() - started
    print(f"\nparse_header: {len(headers)} corpus headers, {len(headers) / elapsed:,.0f} headers/s")
    with_fm = fm_found = to_found = 0
    unknown = []
    for (cable_id, text), (header, warnings) in zip(headers, parsed):
        if _FL5_LINE.search(text):
            assert header.dtg is not None, cable_id
            assert abs(header.dtg.year - year_of(cable_id)) <= 1, cable_id
        if re.search(r"^FM ", text, re.M):
            with_fm += 1
            fm_found += header.originator is not None
            to_found += bool(header.to)
        else:  # WikiLeaks' partial extracts carry only a DTG (e.g. 05BRASILIA2767)
            assert "header-partial-extract" in codes(warnings), cable_id
        if "header-line-unknown" in codes(warnings):
            unknown.append(cable_id)
    assert with_fm > 0.9 * len(headers)
    assert fm_found == with_fm
    assert to_found >= 0.99 * with_fm
    assert len(unknown) <= 0.01 * len(headers), unknown  # only the e-mail-export preambles (03ABUDHABI2641)


def test_corpus_split():
    """Joined again, each page's header and body blocks split where WikiLeaks split them; a body
    block alone has no header (unless it quotes a whole telegram, as 09NAIROBI2497 does)."""
    for cable_id, blocks in html_blocks():
        body = blocks[-1]
        if len(blocks) == 2:
            header, rest = split_header(blocks[0] + "\n" + body)
            assert header.strip() == blocks[0].strip(), cable_id
            assert non_blank_lines(rest) == non_blank_lines(body), cable_id
        if not re.search(r"^VZCZC", body, re.M):
            assert split_header(body) == ("", body), cable_id


def test_corpus_header_details():
    headers = dict(html_headers())
    header, warnings = parse_header(headers["09STATE119085"], year_hint=2009)
    # Classification line above FL1, FL2 wrapped over six lines (§7.2).
    assert "header-classification-line" in codes(warnings)
    assert len(header.called) == 9 + 10 + 9 + 9 + 10 + 6 and header.called[-1] == "RUEHVC"
    assert header.to[0].name == "ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE" and header.to[0].collective
    assert header.to[0].precedence == "PRIORITY" and header.to[0].routing_indicator is None
    fbi = next(a for a in header.to if a.routing_indicator == "RHMCSUU")
    assert (fbi.name, fbi.precedence, fbi.mcn) == ("FBI WASHINGTON DC//", "PRIORITY", "6949")

    header, warnings = parse_header(headers["08STATE50524"], year_hint=2008)
    # "O P" dual precedence; "INFO PAGE 02 …" opens INFO and the page marker is dropped (§2.7).
    assert (header.action_precedence, header.info_precedence) == ("IMMEDIATE", "PRIORITY")
    assert [a.raw for a in header.info] == ["AMEMBASSY BAGHDAD PRIORITY"]
    assert not warnings

    header, warnings = parse_header(headers["09BAKU179"], year_hint=2009)
    fixed = next(a for a in header.to + header.info if a.raw == "AMEMBASSY NEW DELHI PIORITY")
    assert fixed.precedence == "PRIORITY" and fixed.name == "AMEMBASSY NEW DELHI"
    assert "precedence-typo" in codes(warnings)

    header, warnings = parse_header(headers["90CAPETOWN97"], year_hint=1990)
    assert header.distribution[0] == "ACTION AF-00"
    assert header.distribution[-2:] == ["P-02 T-01 /037 W", "------------------352654 200910Z /23"]
    assert header.originator == "AMCONSUL CAPE TOWN" and header.to[0].mcn == "5365"
    assert len(header.info) == 7 and not warnings

    header, warnings = parse_header(headers["07PARIS159"], year_hint=2007)
    assert header.security_warning.operating_signals == ["ZZH", "(CCY AD6CB6C9 WSC6493 634)"]
    assert not warnings

    header, warnings = parse_header(headers["05BRASILIA2767"], year_hint=2005)
    assert header.dtg == utc(2005, 10, 17, 18, 35) and header.action_precedence is None
    assert set(codes(warnings)) == {"header-partial-extract", "fl5-no-precedence"}


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPUS / "telegram-text").glob("*.txt")))
def test_telegram_text(name):
    path = corpus_or_skip() / "telegram-text" / name
    cable_id = path.stem
    header_text, body = split_header(telegram_text(path))
    assert _CLASSIFICATION_LINE.match(body), body[:80]
    serial = re.search(r"(\d+)$", cable_id).group(1)
    assert body.split("\n", 1)[0].rstrip().endswith(serial.zfill(6))
    header, warnings = parse_header(header_text, year_hint=year_of(cable_id))
    assert set(codes(warnings)) <= {"signal-unknown"}  # ZDS is missing from the glossary
    assert header.transmission_id.startswith("VZCZC")
    assert header.de.serial == serial.zfill(4)[-4:]
    assert header.dtg.year == year_of(cable_id)
    assert header.de.filing_time.date() == header.dtg.date()
    assert header.originator and header.to
    lines = [s for s in header_text.split("\n") if s.strip()]
    first_address = next(i for i, s in enumerate(lines) if s.startswith("TO "))
    assert len(header.to) + len(header.info) + len(header.xmt) == len(lines) - first_address


def test_telegram_text_details():
    corpus = corpus_or_skip() / "telegram-text"
    header, _ = parse_header(split_header(telegram_text(corpus / "09PARIS1007.txt"))[0], year_hint=2009)
    de = header.de
    assert (de.serial, de.section, de.filing_day, de.filing_time) == ("1007", None, 205, utc(2009, 7, 24, 15, 55))
    assert header.called[-1] == "RUEHSR" and len(header.called) == 8
    assert [(a.routing_indicator, a.name, a.precedence, a.mcn) for a in header.to] == [
        ("RHEHNSC", "WHITE HOUSE NSC WASHINGTON DC", "IMMEDIATE", None),
        ("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "6830"),
    ]
    assert all(a.collective and a.precedence == "PRIORITY" for a in header.info)

    header, _ = parse_header(split_header(telegram_text(corpus / "09PARIS1052.txt"))[0], year_hint=2009)
    assert len(header.called) == 19 and header.called[-1] == "RUEHYG"  # FL2 over three lines
    assert header.security_warning.classification == "UNCLASSIFIED"

    header, _ = parse_header(split_header(telegram_text(corpus / "09USEUBRUSSELS948.txt"))[0], year_hint=2009)
    assert header.dtg_signals == ["ZDS", "ZDK"] and header.action_precedence == "ROUTINE"
    assert [a.name for a in header.to] == ["SECSTATE WASHDC", "NSC WASHDC"]

    header, _ = parse_header(split_header(telegram_text(corpus / "07KINGSTON382.txt"))[0], year_hint=2007)
    [to] = header.to  # no RI (§2.7)
    assert (to.routing_indicator, to.name, to.precedence, to.mcn) == (None, "SECSTATE WASHDC", "PRIORITY", "4496")

    header, _ = parse_header(split_header(telegram_text(corpus / "07BOGOTA1232.txt"))[0], year_hint=2007)
    assert header.info[-1].name == "SECDEF WASHDC//USDP ADMIN/CHAIRS//"
    assert header.info[1].raw == "RUEHLP/AMEMBASSY LA PAZ FEB LIMA 4783" and header.info[1].mcn == "4783"


def test_plusd_content_pane():
    page = (corpus_or_skip() / "plusd-html" / "1974ATHENS02959_b.html").read_text(encoding="utf-8")
    m = re.search(r'<div class="text-header hidden">(.*?)</div>.*?<div id="tagged-text">(.*?)</div>', page, re.S)
    header_text, body = split_header(html.unescape(m.group(1) + "\n" + m.group(2)))
    assert header_text.startswith("LIMITED OFFICIAL USE\n\nPAGE 01  ATHENS 02959  171944Z")
    assert body.startswith("LIMITED OFFICIAL USE ATHENS 2959\n")
    header, warnings = parse_header(header_text, year_hint=1974)
    assert not warnings
    assert header.distribution == [
        "11",
        "ACTION EUR-25",
        "INFO OCT-01 EA-11 ISO-00 CIAE-00 COME-00 EB-11 INR-10",
        "LAB-06 NSAE-00 RSC-01 SIL-01 USIA-15 DRC-01 NEA-14",
        "/096 W",
        "--------------------- 064536",
    ]
    assert header.action_precedence == "ROUTINE" and header.dtg == utc(1974, 5, 17, 16, 0)
    assert header.originator == "AMEMBASSY ATHENS"
    assert [(a.name, a.mcn) for a in header.to] == [("SECSTATE WASHDC", "3410")]
    assert [a.name for a in header.info] == ["AMEMBASSY LONDON", "AMEMBASSY CANBERRA", "AMCONSUL THESSALONIKI"]


# --- malformations of §7, as small examples ------------------------------------------------------


def test_split_without_header():
    text = "CONFIDENTIAL PARIS 001007\n\nSIPDIS\n"
    assert split_header(text) == ("", text)
    for text in ("DE GAULLE SAID NO.\nMORE", "PAGE 2 OF THE REPORT\nMORE", "CONFIDENTIAL\n\n1. TEXT"):
        assert split_header(text) == ("", text)
    assert split_header("") == ("", "")
    assert split_header("\n\n") == ("", "\n\n")


@pytest.mark.parametrize(
    "body_start",
    [
        "CONFIDENTIAL PARIS 001007",
        "S E C R E T RABAT 000904",
        "E C R E T SANAA 000473",  # lost first letter [obs]
        "SS E C R E T MOSCOW 000226",  # doubled first letter [obs]
        "UUNCLAS MANAGUA 001002",
        "LIMITED OFFICIAL USE ATHENS 2959",
        "S e c r e t nairobi 001938",  # §3.1
        "UNCLAS SECTION 01 OF 03 KINGSTON 000482",
        "SIPDIS",  # a caption line first (§3.3)
        "1. (C) Summary: text",
    ],
)
def test_split_stops_at_the_body(body_start):
    text = (
        "P 101416Z NOV 09\nFM AMEMBASSY RABAT\nTO SECSTATE WASHDC\nINFO AMEMBASSY PARIS\n"
        f"EUROPEAN POLITICAL COLLECTIVE\n{body_start}\nmore"
    )
    header, body = split_header(text)
    assert header.endswith("EUROPEAN POLITICAL COLLECTIVE")
    assert body == f"{body_start}\nmore"


def test_addressees():
    header, warnings = parse_header(
        "P R 041820Z JAN 10\n"
        "FM SECSTATE WASHDC\n"
        "TO AMEMBASSY TRIPOLI NIACT IMMEDIATE 4696\n"
        "ZEN/AMEMBASSY SOFIA\n"
        "PAGE 02        STATE   015113  182333Z\n"
        "ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE PRIORITY\n"
        "INFO RUEHNEW/AMEMBASSY NEW DELHI PIORITY\n"
        "XMT/AMEMBASSY SOFIA\n"
        "AMEMBASSY BELGRADE",
        year_hint=2010,
    )
    assert (header.action_precedence, header.info_precedence) == ("PRIORITY", "ROUTINE")
    assert header.dtg == utc(2010, 1, 4, 18, 20)
    tripoli, sofia, all_posts = header.to
    assert (tripoli.name, tripoli.precedence, tripoli.mcn) == ("AMEMBASSY TRIPOLI", "NIACT IMMEDIATE", "4696")
    assert (sofia.routing_indicator, sofia.name, sofia.station) == ("ZEN", "AMEMBASSY SOFIA", None)
    assert all_posts.collective and all_posts.precedence == "PRIORITY"
    [delhi] = header.info
    assert delhi.precedence == "PRIORITY" and delhi.name == "AMEMBASSY NEW DELHI"
    assert [(a.role, a.name) for a in header.xmt] == [("xmt", "AMEMBASSY SOFIA"), ("xmt", "AMEMBASSY BELGRADE")]
    assert codes(warnings) == ["precedence-typo"]


def test_missing_to_and_unknown_lines():
    text = "R 010000Z JAN 09\nFM AMEMBASSY RABAT\nwhat is this\nand this\nINFO SECSTATE WASHDC"
    header, warnings = parse_header(text)
    assert header.info[0].name == "SECSTATE WASHDC"
    assert codes(warnings) == ["header-line-unknown", "fl7-missing"]
    assert "line 3" in warnings[0].message and "1 more" in warnings[0].message


@pytest.mark.parametrize(
    "line, ri, serial, section, day, filed",
    [
        ("DE RUEHRB #0904/01 3141416", "RUEHRB", "0904", 1, 314, utc(2009, 11, 10, 14, 16)),
        ("DE RUEHFR #1007 2051555", "RUEHFR", "1007", None, 205, utc(2009, 7, 24, 15, 55)),
        ("DE RUWSPH 174 1360920", "RUWSPH", "174", None, 136, utc(2009, 5, 16, 9, 20)),  # no # (§2.3)
        ("DE RXFPSA 114B 14/1625Z", "RXFPSA", "114B", None, None, utc(2009, 11, 14, 16, 25)),  # ACP form
        ("DE RUEHC 3221739", "RUEHC", None, None, 322, utc(2009, 11, 18, 17, 39)),  # no serial
    ],
)
def test_de_line_forms(line, ri, serial, section, day, filed):
    header, warnings = parse_header(f"{line}\nP 101416Z NOV 09\nFM X\nTO Y", year_hint=2009)
    de = header.de
    assert (de.raw, de.routing_indicator, de.serial, de.section, de.filing_day, de.filing_time) == (
        line, ri, serial, section, day, filed)
    assert not warnings


def test_filing_time_rolls_over_the_year():
    header, _ = parse_header("DE RUEHC #0001/01 0010005\nO 312358Z DEC 09\nFM SECSTATE WASHDC\nTO X")
    assert header.de.filing_time == utc(2010, 1, 1, 0, 5)


def test_fl2_and_fl4_oddities():
    header, warnings = parse_header("RR PP RUEHAA RUEHBB\nRUEHCC\nDE RUEHC #0001 0010005\nZNY CCCCC/AAAAA ZZH ZQQ\n")
    assert header.precedence == "PRIORITY" and header.called == ["RUEHAA", "RUEHBB", "RUEHCC"]
    fl4 = header.security_warning
    assert (fl4.class_letters, fl4.classification) == ("CCCCC/AAAAA", "CONFIDENTIAL")
    assert fl4.operating_signals == ["ZZH", "ZQQ"]
    assert codes(warnings) == ["fl2-precedences", "signal-unknown"]
    header, warnings = parse_header("ZNR ZZH")
    assert header.security_warning.class_letters is None and codes(warnings) == ["fl4-no-class-letters"]


def test_1970s_department_header():
    """Distribution block with DRAFTED/APPROVED lines before the counter (§1.5)."""
    text = (
        "CONFIDENTIAL\n\nPAGE 01 STATE 095768\nORIGIN EUR-12\n\nINFO OCT-01 ISO-00 SS-15 /028 R\n\n"
        "DRAFTED BY EUR/SE:JDOE:MM\nAPPROVED BY EUR:AHARTMAN\nEUR/SE - MR. SMITH\n"
        "------------------ 012345 101420Z /12\n"
        "R 101234Z MAY 75\nFM SECSTATE WASHDC\nTO AMEMBASSY ATHENS\n\n"
        "C O N F I D E N T I A L STATE 095768\n\nE.O. 11652: GDS\n"
    )
    header_text, body = split_header(text)
    assert body.startswith("C O N F I D E N T I A L STATE 095768")
    header, warnings = parse_header(header_text, year_hint=1975)
    assert not warnings
    assert header.distribution[0] == "ORIGIN EUR-12" and header.distribution[-1].startswith("------------------ 012345")
    assert "EUR/SE - MR. SMITH" in header.distribution
    assert header.dtg == utc(1975, 5, 10, 12, 34) and header.to[0].name == "AMEMBASSY ATHENS"


def test_info_office_line_is_not_an_addressee():
    header, _ = parse_header("R 010000Z JAN 09\nFM SECSTATE WASHDC\nTO AMEMBASSY KABUL\nINFO CJTF-101 BAGRAM AF")
    assert [a.name for a in header.info] == ["CJTF-101 BAGRAM AF"] and header.distribution == []


def test_huge_line_is_fast():
    text = "TO " + "A " * 500_000 + "\n" + "RUEHC/" + "B" * 1_000_000
    started = time.perf_counter()
    split_header(text)
    parse_header(text)
    assert time.perf_counter() - started < 2


_FRAGMENTS = st.sampled_from([
    "VZCZCXYZ0000", "PP RUEHWEB", "DE RUEHRB #0904/01 3141416", "DE", "ZNY SSSSS ZZH", "ZNR", "P 101416Z NOV 09",
    "O R 999999Z FOO 09", "FM AMEMBASSY RABAT", "FM", "TO RUEHC/SECSTATE WASHDC PRIORITY 0817", "TO", "INFO", "XMT/",
    "RUCNMGH/MAGHREB COLLECTIVE", "PAGE 02 STATE 015113 182333Z", "INFO PAGE 02", "ACTION EUR-25", "/096 W",
    "----------------- 064536", "CONFIDENTIAL", "S E C R E T RABAT 000904", "11", "BT", "", " ", "#", "/",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(_FRAGMENTS, st.text(max_size=20)), max_size=30).map("\n".join)),
       st.one_of(st.none(), st.integers(min_value=-5000, max_value=5000)))
def test_never_raises(text, year_hint):
    header_text, body = split_header(text)
    if header_text:  # nothing is lost but blank lines
        assert non_blank_lines(header_text + "\n" + body) == non_blank_lines(text)
    else:
        assert body == text
    parse_header(text, year_hint=year_hint)
    parse_header(header_text, year_hint=year_hint)
