"""The Classified By line (§3.6): classifier name and title in either order, reasons in every spelling."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablekit.parse.classified_by import _REASON_WORD, _USUAL_HEAD, parse_classified_by, parse_reasons, read_line
from element_inputs import edited, element_lines


def read(text):
    cb, warnings = parse_classified_by(text)
    return cb.name, cb.title, [f"{r.section}{r.letter}" for r in cb.reasons], [w.code for w in warnings]


def test_seed_line():
    cb, warnings = parse_classified_by("Classified By: DCM Robert P. Jackson for reasons 1.4 (b) and (c).")
    assert (cb.name, cb.title) == ("Robert P. Jackson", "DCM")
    assert [(r.section, r.letter) for r in cb.reasons] == [("1.4", "b"), ("1.4", "c")]
    assert cb.reasons[0].meaning == "foreign government information"
    assert cb.reasons[1].meaning.startswith("intelligence activities")
    assert cb.raw.startswith("Classified By:") and warnings == []


@pytest.mark.parametrize("text, name, title", [
    ("Classified By: Ambassador Glyn T. Davies, for reasons 1.4 (b) and (d)", "Glyn T. Davies", "Ambassador"),
    ("Karin L. Look, Acting ASSISTANT SECRETARY, VCI, for reasons 1.4 (b)", "Karin L. Look",
     "Acting ASSISTANT SECRETARY, VCI"),
    ("Bodde Peter, Ambassador; Reasons 1.4(B), (D)", "Bodde Peter", "Ambassador"),
    ("Classified By: POL/ECONOFF. S.K. ABEYTA, REASON 1.5 (d)", "S.K. ABEYTA", "POL/ECONOFF"),
    ("Classified By: CDA NABEEL KHOURY, FOR REASONS 1.4 (B) AND (D).", "NABEEL KHOURY", "CDA"),
    ("Classified By: USEU Charge d’Affaires Christopher Murray, for reasons 1 .4(b) and (d)",
     "Christopher Murray", "USEU Charge d’Affaires"),
    ("Classified By: (U) CLASSIFIED BY EAP DAS DAVID B. SHEAR,\nREASON: 1.4 (C).", "DAVID B. SHEAR", "EAP DAS"),
    ("Classified By: Classified by Ambassador Craig R. Stapleton, for reasons 1.5 (b) and (d)",
     "Craig R. Stapleton", "Ambassador"),
    ("CLASSIFIED BY: RBlau, CDA, DOS; REASON: 1.4(D)", "RBlau", "CDA, DOS"),
    ("Classified By: Charge d'Affaires, for reasons 1.4 (b) and (d)", None, "Charge d'Affaires"),
    ("Classified By: ERIC WONG, CHARGE D’AFFAIRES, A.I.", "ERIC WONG", "CHARGE D’AFFAIRES, A.I."),
    ("Classified By: Anne W. Patterson, reasons 1.4 (b) and (d)", "Anne W. Patterson", None),
    ("Classfied By: Charge Richard Miles, reasons 1.4 (b) and (d).", "Richard Miles", "Charge"),
    ("Classified By: PolMinCouns Scott Bellard, reason 1.4 (d)", "Scott Bellard", "PolMinCouns"),
    ("Classified By: SCA A/S Robert O. Blake, Jr. reasons 1.4 (b,d)", "Robert O. Blake, Jr", "SCA A/S"),
    ("Classified By: Political Minister-Counselor Josiah Rosenblatt for reaso\nns 1.4 b and d",
     "Josiah Rosenblatt", "Political Minister-Counselor"),
])
def test_name_and_title_in_either_order(text, name, title):
    assert read(text)[:2] == (name, title)


@pytest.mark.parametrize("text, reasons", [
    ("for reasons 1.4 (b) and (d)", ["1.4b", "1.4d"]),
    ("REASON: 1.4(B), (D)", ["1.4b", "1.4d"]),
    ("for reasons 1.4 b and d.", ["1.4b", "1.4d"]),
    ("reasons 1.4 (b/d).", ["1.4b", "1.4d"]),
    ("reasons 1.4 (b,d)", ["1.4b", "1.4d"]),
    ("reasons 1.4 ( b, d)", ["1.4b", "1.4d"]),
    ("Reason 1.5 (d)", ["1.5d"]),
    ("reasons 1.5 B,D", ["1.5b", "1.5d"]),
    ("reason 1.5.D", ["1.5d"]),
    ("reasons 1.4(b) and 1.4(d)", ["1.4b", "1.4d"]),
    ("reasons 1.4 (b/\n d).", ["1.4b", "1.4d"]),
    ("for reasons 1.\n4 (b,d).", ["1.4b", "1.4d"]),
    ("FOR REAS\nONS 1.4 B/D", ["1.4b", "1.4d"]),
    ("for reasons 1.4 (b) a\nnd (d).", ["1.4b", "1.4d"]),  # a line wrapped mid-word
    ("for reason s 1.4 (c) and (d).", ["1.4c", "1.4d"]),
    ("REASONS 1.4 (B) & (D)", ["1.4b", "1.4d"]),
    ("REASON: 1.4(b,d,e)", ["1.4b", "1.4d", "1.4e"]),
    ("for E.O. 12958 reasons 1.4 (b ) and (d).", ["1.4b", "1.4d"]),
    ("REASON: 1.4(D) 1. (C)", ["1.4d"]),  # paragraph 1 glued after the reasons
])
def test_reasons_in_every_spelling(text, reasons):
    name, title, read_reasons, warnings = read("Classified By: Ambassador X Y " + text)
    assert read_reasons == reasons and warnings == []
    assert (name, title) == ("X Y", "Ambassador")


def test_misspelt_section_is_read_with_a_warning():
    assert read("Classified By: CDA Robert Silverman for reasons: 1/4 (B), (D)")[2:] == (
        ["1.4b", "1.4d"], ["reason-section-misspelt"])
    assert read("Classified By: X for Reasons 1:4 b,d")[2] == ["1.4b", "1.4d"]


def test_missing_parts_are_warned():
    assert read("Classified By: Ambassador Clifford Sobel")[3] == ["classification-reason-missing"]
    assert read("for reasons 1.4 (b)")[2:] == (["1.4b"], ["classifier-missing"])
    assert read("1.4 (b)")[2:] == (["1.4b"], ["classifier-missing"])
    assert parse_reasons("(b) and (d)")[0][0].section == ""
    cb, warnings = parse_classified_by("Classified By: Derived from Multiple Sources")
    assert (cb.name, cb.title, cb.reasons) == (None, None, []) and warnings[0].code == "classification-derived"


@pytest.mark.parametrize("text", ["", "Classified By:", "1.4", "((((", "Classified By: " + "A " * 5000, "\x00\x01",
                                  "for reasons 1.4 (" * 100])
def test_odd_input_never_raises(text):
    cb, warnings = parse_classified_by(text)
    assert cb.raw == " ".join(text.split())


def test_long_runs_take_linear_time():
    import time

    start = time.process_time()
    for filler in (", ", ". ", "for ", "(b ", "1."):
        parse_classified_by("Classified By: " + filler * 5000 + "x")
    assert time.process_time() - start < 2


def test_corpus_classified_by_lines():
    from test_opening import read_pages

    lines = with_reasons = named = 0
    for _, opening in read_pages():
        cb = opening.classified_by
        if cb:
            lines += 1
            with_reasons += bool(cb.reasons)
            named += bool(cb.name)
            assert all(r.meaning for r in cb.reasons if r.section)
    assert lines >= 780 and with_reasons / lines >= 0.98 and named / lines >= 0.95, (lines, with_reasons, named)


_PIECES = st.sampled_from(["Classified By:", "for", "FOR", "Reasons", "REAS ONS", "reaso ns", "R E A S O N S", "reason s",
                           "1.4", "1. 5", "1.45", "(b)", "(D)", "and", "E.O. 12958", "EO 13526", ",", ".", ":", " ",
                           "\t", "\x1c", "\u00a0", "\u0130", "DCM", "Robert", "FORD", "Freason", "21.4", "x"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=12).map(" ".join))
def test_fast_searches_agree_with_the_regexes(text):
    """The reasons' start and the joiner before them are searched with faster regexes: same answers."""
    from cablekit.parse.classified_by import _JOINER, _JOINER_CHARS, _REASONS_START, _reasons_start

    m = _REASONS_START.search(text)
    assert _reasons_start(text) == (m.span() if m else None)
    start = len(text.rstrip(_JOINER_CHARS)) if text.isascii() else 0
    fast, full = _JOINER.search(text, start), _JOINER.search(text)
    assert (fast and fast.span()) == (full and full.span())


# --- the usual line is read by a fast path (one regex): it must read as the general path does ------


def _usual(raw):
    word = _REASON_WORD.search(raw.upper())
    return word and _USUAL_HEAD.fullmatch(raw, 0, word.start())


def _both(line):
    raw = " ".join(line.split())
    return parse_classified_by(raw), read_line(raw)


def test_usual_corpus_lines_read_as_the_general_path_reads_them():
    lines = element_lines("classified_by")
    usual = [line for line in lines if _usual(" ".join(line.split()))]
    assert len(usual) > len(lines) / 2
    assert [line for line in usual if _both(line)[0] != _both(line)[1]] == []


@settings(max_examples=1000, deadline=None)
@given(edited(lambda: element_lines("classified_by"), [
    " ", ",", ", for", " for", "For ", ";", ":", ".", "(", ")", "'", "1", "1.4", "1.5 ", "E.O. 12958 ", "Reason",
    "REASONS", "rea sons", "R EASON", "for", "Classified by ", "CLA", "Derived from ", "(U) ", "a nd", "\u017f"]))
def test_edited_lines_read_as_the_general_path_reads_them(line):
    fast, general = _both(line)
    assert fast == general


# --- the compiled reader finds the REASONS word and reads the head by typed scans: same answers -----


def _scanned(raw):
    from cablekit.parse.classified_by import reason_word_end, reason_word_scan, usual_head_scan

    start = reason_word_scan(raw.upper())
    if start < 0:
        return None, None
    end = usual_head_scan(raw, start)
    return (start, reason_word_end(raw.upper(), start)), (end if end >= 0 else None)


def _matched(raw):
    word = _REASON_WORD.search(raw.upper())
    if word is None:
        return None, None
    head = _USUAL_HEAD.fullmatch(raw, 0, word.start())
    return word.span(), (head.end("classifier") if head else None)


_ASCII_PIECES = [" ", "  ", ",", ", for", " for", "For ", "FOR", ";", ":", ".", "(", ")", "'", "1", "1.4", "_", "\t",
                 "\x1c", "R", "r", "Reason", "REASONS", "rea sons", "R EASON", "reason s", "REASONSx", "reasons1",
                 "Classified by ", "Classified By: ", "classified by:", "CLA", "Derived from ", "(U) ", "a nd", "X"]


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_ASCII_PIECES), max_size=14).map("".join),
                 edited(lambda: element_lines("classified_by"), _ASCII_PIECES).filter(str.isascii)))
def test_scans_read_as_the_regexes(raw):
    assert _scanned(raw) == _matched(raw)
    normal = " ".join(raw.split())
    assert _scanned(normal) == _matched(normal)


def test_scans_read_the_corpus_lines_as_the_regexes():
    for line in element_lines("classified_by"):
        raw = " ".join(line.split())
        if raw.isascii():
            assert _scanned(raw) == _matched(raw), raw


# --- the compiled reader splits single-spaced classifiers by spans: same answers as splits and joins ----

_CLASSIFIER_PIECES = [" ", "  ", ",", ";", ".", "..", ":", "(", ")", "'", "-", "/", "\t", "\u00a0", "\u00df", "Jr.",
                      "JR", "III", "A.I.", "Amb.", "amb", "Pol-Mil", "POL-", "-DCM", "ISN/MTR", "Ambassador", "dcm",
                      "Robert", "P.", "Jackson", "Acting", "Deputy Chief of Mission", "a b c d e f", "x"]


def _classifiers():
    """The corpus lines, blanks single (the classifier is a part of them)."""
    return [" ".join(line.split()) for line in element_lines("classified_by")]


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_CLASSIFIER_PIECES), max_size=14).map("".join),
                 edited(_classifiers, _CLASSIFIER_PIECES)))
def test_split_by_spans_reads_as_splits_and_joins(text):
    from cablekit.parse.classified_by import _split_words, split_classifier, split_single_spaced

    normal = " ".join(text.split())
    assert split_single_spaced(normal) == _split_words(normal)
    assert split_classifier(text) == _split_words(text)


def test_split_by_spans_reads_the_corpus_as_splits_and_joins():
    from cablekit.parse.classified_by import _split_words, split_single_spaced

    for line in _classifiers():
        for cut in range(0, len(line), 7):  # the whole line and its tails: the classifier is somewhere in it
            assert split_single_spaced(line[cut:]) == _split_words(line[cut:]), line[cut:]


# --- the compiled reader reads the reasons by a typed tokenizer: same answers as the regexes ----------

_REASON_PIECES = [" ", "  ", ",", ";", ".", ":", "/", "&", "(", ")", "-", "\t", "\x1c", "_", "1", "1.4", "1. 5",
                  "1 . 4 .", "1.45", "14", "1:4", "1 /5", "1,4", "21.4", "a", "b", "H", "i", "x", "(b)", "(D)", "b/d",
                  "and", "AND", "andx", "or", "OR", "a nd", "A  ND", "an d", "an  D", "a ndx", "xa nd", "reasons", "b1",
                  "4b"]


def _reasons_lines():
    lines = []
    for line in element_lines("classified_by"):
        raw = " ".join(line.split())
        word = _REASON_WORD.search(raw.upper())
        lines.append(raw[word.end():] if word else raw)
    return lines


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_REASON_PIECES), max_size=14).map("".join),
                 edited(_reasons_lines, _REASON_PIECES).filter(str.isascii)))
def test_reasons_scan_reads_as_the_regexes(text):
    from cablekit.parse.classified_by import reasons_by_regex, reasons_scan

    assert reasons_scan(text) == reasons_by_regex(text)


def test_reasons_scan_reads_the_corpus_as_the_regexes():
    from cablekit.parse.classified_by import reasons_by_regex, reasons_scan

    for text in _reasons_lines():
        if text.isascii():
            assert reasons_scan(text) == reasons_by_regex(text), text
