"""TAGS (§4.2–4.5): splitting, typing and glossing, with the malformations seen in real cables."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.parse.tags import parse_tags, read_codes_only, read_tags, split_glued, type_tag
from element_inputs import edited, element_lines


def codes(raw, year=2009):
    tags, warnings = parse_tags(raw, year=year)
    return [(t.code, t.kind) for t in tags], sorted({w.code for w in warnings})


def test_seed_line_typed_and_glossed():
    tags, warnings = parse_tags("MARR PREL MASS MO", year=2009)
    assert [(t.code, t.kind) for t in tags] == [
        ("MARR", "subject"), ("PREL", "subject"), ("MASS", "subject"), ("MO", "geographic")
    ]
    assert tags[0].meaning == "Military and Defense Arrangements"
    assert tags[3].meaning == "Morocco"  # FIPS MO, not ISO (Macao) — §4.4
    assert warnings == []


@pytest.mark.parametrize("raw", ["PREL, MOPS, PBTS, DJ", "PREL MOPS PBTS DJ", "PREL,MOPS ,PBTS,DJ ", "prel, mops, pbts, dj"])
def test_commas_spaces_and_case(raw):
    tags, _ = codes(raw)
    assert tags == [("PREL", "subject"), ("MOPS", "subject"), ("PBTS", "subject"), ("DJ", "geographic")]


def test_lower_case_is_warned():
    assert codes("asec, pins, prel,\ncf")[1] == ["tags-lower-case"]


def test_wrapped_lines_with_and_without_comma():
    assert [c for c, _ in codes("PREL FR EUN NATO UNO\nKPAL")[0]] == ["PREL", "FR", "EUN", "NATO", "UNO", "KPAL"]
    assert [c for c, _ in codes("PTER PREL PGOV PINR PINS MOPS MASS MCAP ASEC\nEAIR, ABLD, SA, UK, YM")[0]][-5:] == [
        "EAIR", "ABLD", "SA", "UK", "YM"]


def test_duplicates_removed():
    tags, warnings = codes("PHUM, OPRC, OPRC, OPRC")
    assert [c for c, _ in tags] == ["PHUM", "OPRC"]
    assert "tags-duplicate" in warnings


def test_glued_codes_split():
    assert split_glued("PHUMPGOV") == ["PHUM", "PGOV"]
    assert split_glued("EINDETRD") == ["EIND", "ETRD"]
    assert split_glued("KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG") == [
        "KFRD", "KIRF", "CVIS", "CMGT", "KOCI", "ASEC", "PHUM", "SMIG", "EG"]
    tags, warnings = codes("ECON EINDETRD KIPR")
    assert [c for c, _ in tags] == ["ECON", "EIND", "ETRD", "KIPR"] and "tags-glued" in warnings


@pytest.mark.parametrize("word", ["BRUSSELS", "INTERPOL", "TERRORISM", "MTCRE", "PHUM"])
def test_words_are_not_cut_into_codes(word):
    assert split_glued(word) is None


def test_person_tags():
    tags, _ = codes("OVIP (STEINBERG, JAMES B.), PREL, MNUC, SN")
    assert tags[:2] == [("OVIP", "subject"), ("STEINBERG, JAMES B.", "person")]
    assert tags[2:] == [("PREL", "subject"), ("MNUC", "subject"), ("SN", "geographic")]
    tags, _ = codes("OVIP CLINTON HILLARY PREL KPAL FR")
    assert tags[1] == ("CLINTON, HILLARY", "person") and tags[2] == ("PREL", "subject")
    assert codes("OVIP (KISSINGER, HENRY A)", year=1974)[0][1] == ("KISSINGER, HENRY A", "person")


def test_free_text():
    tags, warnings = codes("PINR, KCRM, PGOV, BU, Organized Crime")
    assert tags[-1] == ("ORGANIZED CRIME", "unknown") and "tags-free-text" in warnings
    # without commas the phrase has no edges: each word is a tag, as WikiLeaks links them
    assert [c for c, _ in codes("PINR PREL PTER YE COUNTER TERRORISM")[0]][-2:] == ["COUNTER", "TERRORISM"]


def test_sipdis_in_tags_is_dropped():
    tags, warnings = codes("PREL SIPDIS MO")
    assert [c for c, _ in tags] == ["PREL", "MO"] and warnings == ["tags-sipdis"]


def test_fallbacks_for_codes_not_in_the_table():
    assert type_tag("KZZZ")[0].kind == "program"
    assert type_tag("QQ")[0].kind == "geographic"
    tag, warnings = type_tag("POGOV")  # misspelt PGOV (§4.2)
    assert tag.kind == "unknown" and warnings[0].code == "tag-unknown"


def test_era_of_the_cable_decides():
    assert type_tag("PFOR", year=1974)[0].meaning == "Foreign Policy and Relations"
    tag, warnings = type_tag("UR", year=2009)  # the USSR's 1974 code in a 2009 cable
    assert tag.meaning == "Soviet Union" and warnings[0].code == "tag-other-era"
    assert type_tag("UR", year=1975)[1] == []
    # AL is a country in both lists and an organization in the Cablegate one: a 2-letter code is a country
    assert type_tag("AL", year=2009)[0].kind == "geographic"
    assert type_tag("NATO", year=2009)[0].kind == "organization"
    assert type_tag("XF", year=2009)[0].kind == "region"


@pytest.mark.parametrize("raw", ["", "   ", ",,,", "()", "(", "OVIP ()", "\x00\x01", "A" * 10_000, "X, " * 2000])
def test_odd_input_never_raises(raw):
    tags, warnings = parse_tags(raw, year=None)
    assert isinstance(tags, list) and isinstance(warnings, list)


def test_every_tag_in_the_corpus_is_typed():
    from test_opening import read_pages

    kinds = {}
    for _, opening in read_pages():
        for tag in opening.tags:
            kinds[tag.kind] = kinds.get(tag.kind, 0) + 1
            assert tag.code == tag.code.upper()
    total = sum(kinds.values())
    print(kinds)
    assert total > 4000 and kinds.get("unknown", 0) / total < 0.02


# --- the usual line (codes only) is read by a fast path: it must read as the general path does ----

_YEARS = [1975, 2009, None]


@pytest.mark.parametrize("year", _YEARS)
def test_usual_corpus_lines_read_as_the_general_path_reads_them(year):
    lines = element_lines("tags")
    usual = [line for line in lines if read_codes_only(line, year) is not None]
    assert len(usual) > len(lines) / 3  # (half the lines are a TAGS line with the line after it)
    assert [line for line in usual if read_codes_only(line, year) != read_tags(line, year)] == []


@settings(max_examples=1000, deadline=None)
@given(edited(lambda: element_lines("tags"), [" ", ",", ", ", "\n", "OVIP ", "OREP ", "KXYZ ", "PREL ", "UR", "SIPDIS",
                                              "(", ")", ".", ";", "|", "p", "1", "\u00e9", "\u00df", "\u0130"]),
       st.sampled_from(_YEARS))
def test_edited_lines_read_as_the_general_path_reads_them(line, year):
    fast = read_codes_only(line, year)
    assert fast is None or fast == read_tags(line, year)
