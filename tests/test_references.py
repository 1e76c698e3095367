"""The REF line and reference ids (§5.1, §5.3, §5.4), on the forms quoted in the spec and the corpus."""

import pytest

from cablekit.parse.references import canonical_reference_id, normalise_origin, parse_references


def refs(raw, year=2009, origin=None, number=None):
    found, warnings = parse_references(raw, citing_year=year, citing_origin=origin, citing_number=number)
    return found, [w.code for w in warnings]


def ids(raw, **kw):
    return [(r.label, r.reference_id) for r in refs(raw, **kw)[0]]


def test_seed_reference_takes_the_citing_year():
    (ref,), warnings = refs("STATE 112900")
    assert (ref.kind, ref.origin, ref.number, ref.year, ref.year_inferred) == ("cable", "STATE", 112900, 2009, True)
    assert ref.reference_id == "09STATE112900" and ref.raw == "STATE 112900" and warnings == []


def test_canonical_reference_id():
    assert canonical_reference_id(2009, "STATE", 112900) == "09STATE112900"
    assert canonical_reference_id(1974, "STATE", 97844) == "74STATE97844"
    assert canonical_reference_id(2010, "USUNNEWYORK", 84) == "10USUNNEWYORK84"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("A. TBILISI 1605  B. TBILISI 1352  C. TBILISI 1100  D. 06 TBILISI 2601",
         [("A", "09TBILISI1605"), ("B", "09TBILISI1352"), ("C", "09TBILISI1100"), ("D", "06TBILISI2601")]),
        ("(A)STATE 071143, (B)STATE 073601, (C)STATE 72896, (D)BEIJING\n5361, (E) STATE 148514",
         [("A", "09STATE71143"), ("B", "09STATE73601"), ("C", "09STATE72896"), ("D", "09BEIJING5361"),
          ("E", "09STATE148514")]),
        ("A. A) SECSTATE 54183 B. B) 07 BRASILIA 1868", [("A", "09STATE54183"), ("B", "07BRASILIA1868")]),
        ("REF A) LONDON 002351 B) STATE 069339", [("A", "09LONDON2351"), ("B", "09STATE69339")]),
        ("A) 2008 BRASILIA 672", [("A", "08BRASILIA672")]),
        ("A) 08 RIO DE JAN 138", [("A", "08RIODEJANEIRO138")]),
        ("A. (A) PARIS 7682 AND PREVIOUS", [("A", "09PARIS7682")]),
        ("10 GENEVA 231 (SFO-GVA-VIII-088)", [(None, "09GENEVA231")]),
        ("A. SECSTATE 15113       B. DOHA 152 (08)      C. DOHA 75 (08)",
         [("A", "09STATE15113"), ("B", "08DOHA152"), ("C", "08DOHA75")]),
        ("BRASILIA 1250; RECIFE 66; (08) SAO PAULO 581",
         [(None, "09BRASILIA1250"), (None, "09RECIFE66"), (None, "08SAOPAULO581")]),
        ("09 NAIROBI 1811; 10 NAIROBI 31; 10 NAIROBI 11 09 NAIROBI 2485",
         [(None, "09NAIROBI1811"), (None, "10NAIROBI31"), (None, "10NAIROBI11"), (None, "09NAIROBI2485")]),
        ("A. 09DHAHRAN 201  B. BELGRADE743", [("A", "09DHAHRAN201"), ("B", "09BELGRADE743")]),
        ("STATE 297614 AND PREVIOUS 03 RANGOON 1427", [(None, "09STATE297614"), (None, "03RANGOON1427")]),
        ("a) vienna 350 b) 05 state 220738", [("A", "09VIENNA350"), ("B", "05STATE220738")]),
        ("A. 09 COLOMBO 1180  B. COLOMBO 8\nCOLOMBO 00000032 001.2 OF 003", [("A", "09COLOMBO1180"), ("B", "09COLOMBO8")]),
        ("USUN 123; UNVIE 45; USEU 6; HCMC 7; TEL AVIV 8",
         [(None, "09USUNNEWYORK123"), (None, "09UNVIEVIENNA45"), (None, "09USEUBRUSSELS6"),
          (None, "09HOCHIMINHCITY7"), (None, "09TELAVIV8")]),
    ],
)
def test_reference_forms(raw, expected):
    assert ids(raw, year=2010 if "10 NAIROBI" in raw else 2009) == expected


def test_year_of_a_bare_reference():
    # same post, number at or past the citing cable's own: the series restarted on 1 January (§5.4)
    (ref,), warnings = refs("RABAT 1200", origin="RABAT", number=1000)
    assert ref.reference_id == "08RABAT1200" and ref.year_inferred and warnings == ["reference-year-previous"]
    assert refs("RABAT 0988", origin="RABAT", number=1000)[0][0].reference_id == "09RABAT988"
    assert refs("STATE 1200", origin="RABAT", number=1000)[0][0].reference_id == "09STATE1200"
    # an explicit year after the citing cable's cannot be: no future references
    (ref,), warnings = refs("10 STATE 10152", year=2009)
    assert ref.year == 2009 and warnings == ["reference-year-future"]


def test_1970s_negative_serial():
    (ref,), _ = refs("STATE -097844", year=1974)
    assert ref.reference_id == "74STATE97844" and ref.number == 97844


def test_other_kinds():
    found, _ = refs("A. OSC EUP20080707950031  B. 2007 STATE 162091  C. USDAO RANGOON IIR 6 812 0131 08  "
                    "D. JOHNSON-STEVENS/GODFREY E-MAIL 10/15/07  E. SECDEF R162245Z OCT 08  F. PARIS POINTS JULY 15")
    assert [(r.label, r.kind) for r in found] == [
        ("A", "report"), ("B", "cable"), ("C", "report"), ("D", "email"), ("E", "dtg"), ("F", "other")]
    assert found[4].origin == "SECDEF" and found[4].year == 2008 and found[4].number is None


def test_qualifiers_stay_in_raw():
    found, _ = refs("STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966", year=1966)
    assert [(r.kind, r.reference_id, r.raw) for r in found] == [
        ("cable", "66STATE106206", "STATE 106206 CIRCULAR"), ("other", None, "STATE CA-3400 NOV 2, 1966")]
    found, _ = refs("A. LONDON 2186 (NOTAL)  B. 7 FAM 180")
    assert found[0].raw == "LONDON 2186 (NOTAL)" and found[1].kind == "other"


def test_origins():
    assert normalise_origin("SECSTATE") == "STATE"
    assert normalise_origin("09 SAN SALVADOR".split(" ", 1)[1]) == "SANSALVADOR"
    assert normalise_origin("RIO DE JAN") == "RIODEJANEIRO"
    assert normalise_origin("EMBASSY VIENNA") == "VIENNA"
    assert normalise_origin("PARIS POINTS JULY") is None


@pytest.mark.parametrize("raw", ["", "NONE", "N/A", "(", "A.", "A. B. C.", "1234567890" * 50, "\x00 STATE 1",
                                 "REF: REF: REF:", "A) " * 500])
def test_odd_input_never_raises(raw):
    found, warnings = parse_references(raw, citing_year=None)
    assert isinstance(found, list) and all(r.raw for r in found)


def test_long_runs_take_linear_time():
    import time

    start = time.process_time()
    for filler in ("A ", "A. ", "1 ", "STATE ", "AB , ", "(A) "):
        parse_references(filler * 5000 + " 12345678 001 OF 002", citing_year=2009)
    assert time.process_time() - start < 3


def test_without_citing_year_no_id_is_invented():
    (ref,), _ = refs("STATE 112900", year=None)
    assert ref.year is None and ref.reference_id is None and ref.kind == "cable"


def test_corpus_references():
    from cablekit.parse.ids import year_of_id
    from test_opening import read_pages

    kinds = {}
    for page, opening in read_pages():
        for ref in opening.references:
            kinds[ref.kind] = kinds.get(ref.kind, 0) + 1
            if ref.kind == "cable":
                assert ref.reference_id and ref.reference_id[:2].isdigit() and ref.number > 0, (page.id, ref)
                assert ref.year <= year_of_id(page.id), (page.id, ref)  # never a future reference
    print(kinds)
    assert kinds["cable"] > 1000 and kinds["cable"] / sum(kinds.values()) > 0.85


def corpus_ref_lines(monkeypatch):
    """(text, citing cable) of every REF line of the wikileaks-html cables, as the opening reader passes them."""
    from cablekit.parse import opening
    from test_opening import wikileaks_pages

    lines = []

    def spy(raw, **citing):
        lines.append((raw, citing))
        return parse_references(raw, **citing)

    with monkeypatch.context() as patch:
        patch.setattr(opening, "parse_references", spy)
        for page in wikileaks_pages():
            opening.parse_opening(page.body, reference_id=page.id)
    return lines


def edits(text, rng):
    """A few random one-character edits of a REF line, and the line cut short."""
    for _ in range(4):
        at = rng.randrange(len(text) + 1)
        char = rng.choice(" .;/()\n\tA1Z-:,0aOSC")
        yield rng.choice([text[:at] + char + text[at:], text[:at] + char + text[at + 1:], text[:at] + text[at + 1:]])
    yield text[:rng.randrange(len(text) + 1)]


def corpus_cases(monkeypatch):
    """Every corpus REF line and random edits of it, with its citing cable."""
    import random

    rng = random.Random(5)
    lines = corpus_ref_lines(monkeypatch)
    assert len(lines) > 400
    return [(text, citing) for raw, citing in lines for text in (raw, *edits(raw or "", rng))]


def test_labels_are_found_as_by_the_label_pattern_everywhere(monkeypatch):
    from cablekit.parse.references import _LABEL, _labels

    texts = [text for text, _ in corpus_cases(monkeypatch)]
    texts += ["REF\n A. X", "REF (A. X", "ref  (a) X", "REF\u3000A. X", "x;A B", "x/REF A 1", "A. A) X B. (B) Y",
              "U.S. A. X", "REF", "(A", ".A. .B.", "REFREF A. X", " REF\t\tB: X"]
    spans = [[(m.span(), m.groups()) for m in _labels(text)] for text in texts]
    everywhere = [[(m.span(), m.groups()) for m in _LABEL.finditer(text)] for text in texts]
    assert sum(map(bool, everywhere)) > 1000
    assert spans == everywhere, [(t, a, b) for t, a, b in zip(texts, spans, everywhere) if a != b][:3]


def test_usual_lines_read_as_the_general_path_reads_them(monkeypatch):
    """Bare cables (one, or labelled A. B. C.) are read by a fast path: it must read as the general path."""
    from cablekit.parse.references import read_references, read_usual_references

    cases = [(text, (c["citing_year"], c.get("citing_origin"), c.get("citing_number")))
             for text, c in corpus_cases(monkeypatch)]
    cases += [(f" {text} ", (2009, "STATE", 5000))
              for text in ("STATE 4999", "STATE 5000", "STATE 12", "REF 12", "A 12", "AB 12", "ABC 12", "OSC 123",
                           "IIR 123", "OSCAR 123", "EMAILS 12", "BELIZE 123", "SOFIA 12345678", "SECSTATE 77",
                           "NONE 1", "JAN 2009", "A. STATE 1 B. 08 ROME 2", "A. STATE 1 C. ROME 2", "B. STATE 1",
                           "A. STATE 1\nB. STATE 1", "A. STATE 1 B. ROME 2 (08)", "A. STATE 123456 Z. JAN 09",
                           "STATE 1 ROME 2", "A. STATE 1 ROME 2", "A. 2010 STATE 1", "A. 123 STATE 1",
                           "A) ROME 1 B) ROME 2", "(A) ROME 1 (B) ROME 2", "A. A) ROME 1 B. B) ROME 2", "A. B) ROME 1",
                           "A. A. SAO PAULO 1 B. B. LA PAZ 2 AND PREVIOUS", "(A. ROME 1", "A. (A) ROME 1 (NOTAL)",
                           "LA PAZ 1 AND PREVIOUS", "SAINZ EMAIL 12", "A. OSCE 12", "A. US OSCE 12", "TEL AVIV 12 (NOTAL)",
                           "A. ROME 12 (08)", "A. ROME 12 AND PREVIOUS 03 RANGOON 1427", "A. ROME 123456 Z JAN 09")]
    usual = [(text, citing, read_usual_references(text, *citing)) for text, citing in cases]
    usual = [(text, citing, fast) for text, citing, fast in usual if fast is not None]
    assert len(usual) > len(cases) / 4
    assert [(text, fast) for text, citing, fast in usual if fast != read_references(text, *citing)] == []


def test_usual_items_scan_reads_as_the_pattern(monkeypatch):
    from cablekit.parse.references import usual_items, usual_items_scan

    texts = [text for text, _ in corpus_cases(monkeypatch)]
    texts += ["A. A) ROME 1 B. B) ROME 2", "(A) (A) ROME 1", "A. (B) ROME 1", "A. 2009 SAO PAULO 1", "A. 123 ROME 1",
              "ROME 12345678", "ROME 1234567", "ROME 1 AND PREVIOUSLY", "ROME 1 (NOTAL)X", "ROME 1 (NOTAL) ",
              "A B C D E 1", "AB CD EF GH IJ 1", "AB CD EF GH 1", "AB C 1", "AB CD1", "\u3000ROME 1\u3000", "ROME 1\x85",
              "09 ROME 1", "0909 ROME 1", "\u0663\u0663 ROME 1", "ROME \u0663", "(A ROME 1", "A.ROME 1", ""]
    assert sum(usual_items(text) is not None for text in texts) > 300
    assert [t for t in texts if usual_items_scan(t) != usual_items(t)] == []


def test_cables_start_only_where_the_scan_allows(monkeypatch):
    from cablekit.parse.references import _CABLE, cable_may_start

    texts = [text for text, _ in corpus_cases(monkeypatch)]
    texts += ["09DHAHRAN 201", "(08) SAO PAULO 12", "(2008)ROME 1", "(008) ROME 1", "ROME - 12", "ROME -\t12", "ROME -\n12",
              "A B C D 1", "A B C D E 1", "ROME\u3000\u0663", "\u0663\u0663ROME 1", "x.ROME 1", "x ROME 1", "12345 ROME 1"]
    starts = [(t, i) for t in texts for i in range(len(t)) if _CABLE.match(t, i)]
    assert len(starts) > 1000
    assert [(t, i) for t, i in starts if not cable_may_start(t, i)] == []


def test_quick_tests_read_as_the_patterns(monkeypatch):
    import re

    from cablekit.parse.references import _EIGHT_DIGITS, _PAGE_NUMBERS, _blank_and_eight_digits, _words_of_no_cable

    texts = [text for text, _ in corpus_cases(monkeypatch)]
    texts += ["x 12345678", "x 1234567", "x12345678", "\u3000\u0663\u0663\u0663\u0663\u0663\u0663\u0663\u0663",
              "e-mail", "EMAI", "osc", "Iir", "td-3", "TD 3", "z", "MAI", "OS", "II", "T", "12345678", "1234567 8"]
    assert [t for t in texts if _blank_and_eight_digits(t) != bool(re.search(r"\s\d{8}", t))] == []
    assert all(_blank_and_eight_digits(t) for t in texts if _PAGE_NUMBERS.search(t))
    for t in texts:
        if t.isascii():
            upper = t.upper()
            quick = any(w in upper for w in ("MAIL", "OSC", "IIR", "TD-", "Z")) or bool(_EIGHT_DIGITS.search(t))
            assert _words_of_no_cable(t) == quick, t
