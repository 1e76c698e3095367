"""The readers of the usual shapes against the general readers: an addressee line of the usual
shape (``RUEHC/SECSTATE WASHDC PRIORITY 0817``, §2.7) and the usual format lines (FL1–FL6, §2)
are read as the general reader reads them, on the corpus' lines and on edits of them; the typed
scan of the format lines finds what their regular expression finds."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cablekit.parse.header import _RI_PREFIX, _addressee, parse_header
from cablekit.parse.header_lines import usual_addressee

from test_header import html_headers

_ROLES = ("to", "info", "xmt")


def general_reading(role: str, line: str):
    warnings: list = []
    return _addressee(role, line, _RI_PREFIX.match(line), warnings), warnings


def assert_read_alike(role: str, line: str) -> bool:
    """Whether the usual reader took ``line``; when it did, the general reader reads the same, unwarned."""
    usual = usual_addressee(role, line)
    if usual is not None:
        assert general_reading(role, line) == (usual, []), line
    return usual is not None


def corpus_addressee_lines() -> list[str]:
    """Every line of the corpus' headers that starts with a routing indicator and a slash."""
    return [s for _, text in html_headers() for s in (line.strip() for line in text.split("\n")) if _RI_PREFIX.match(s)]


def test_corpus_addressees_read_alike():
    lines = corpus_addressee_lines()
    assert len(lines) > 4000
    taken = sum(assert_read_alike(role, line) for line in lines for role in _ROLES)
    assert taken >= 0.95 * 3 * len(lines)  # the usual shape is the usual one


_EDITS = [
    (r" (\d{3})\d$", r" \1"),  # 3-digit MCN
    (r" PRIORITY( \d{4})?$", r" PRIORTY\1"),  # misspelt precedence
    (r" IMMEDIATE( \d{4})?$", r" NIACT IMMEDIATE\1"),
    (r"/[A-Z ]+ (\d{4})$", r"/ \1"),  # no name
    (r"/", r"//"),
    (r"/", r" / "),
    (r" ", r"  "),
    (r" ", "\t"),
    (r" ", "\xa0"),
    (r"(\d)", "\u0661"),  # an Arabic-Indic digit
    (r" (\w+)$", r" \1 0817"),
    (r" (\w+)$", r" \1 081"),
    (r"$", r" PRIORITY"),
    (r"^(\w+/)", r"\1ALL "),
    (r" \w+$", r" POSTS"),
]


def test_corpus_addressee_edits_read_alike():
    for line in corpus_addressee_lines():
        for pattern, replacement in _EDITS:
            assert_read_alike("info", re.sub(pattern, replacement, line, count=1))


_WORDS = st.sampled_from([
    "SECSTATE", "WASHDC", "AMEMBASSY", "NEW", "DELHI", "ALL", "POSTS", "COLLECTIVE", "FBI", "DC//", "//",
    "PRIORITY", "PIORITY", "PRIORTY", "IMMEDIATE", "NIACT", "ROUTINE", "FLASH", "EMERGENCY", "COMMAND",
    "0817", "081", "12345", "1", "\u00b2\u00b3\u00b9\u2070", "\u0660\u0661\u0662\u0663", "e", "-",
])
_SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "\t", "\xa0"])


@st.composite
def addressee_lines(draw) -> str:
    ri = draw(st.sampled_from(["RUEHC", "RUCNMGH", "RHMCSUU", "ZEN", "RUEHXX", "QABC", "RUEHC ", "RUEHCXYZ"]))
    slash = draw(st.sampled_from(["/", "/", "//", " / ", "/ "]))
    words = draw(st.lists(_WORDS, max_size=7))
    separators = draw(st.lists(_SEPARATORS, min_size=len(words), max_size=len(words)))
    return ri + slash + "".join(w + sep for w, sep in zip(words, separators)).rstrip(" ")


@settings(max_examples=3000, deadline=None)
@given(addressee_lines(), st.sampled_from(_ROLES))
@example("RUEHC/NIACT IMMEDIATE", "to")
@example("RUEHC/X NIACT IMMEDIATE 0817", "to")
@example("RUEHC/PRIORITY 0817", "to")
@example("RUEHC/X 0817 0817", "to")
@example("RUEHC/X IMMEDIATE PRIORITY", "to")
@example("RUEHC/EMERGENCY COMMAND", "to")
@example("RUEHC/SECSTATE WASHDC ", "to")
def test_edited_addressees_read_alike(line, role):
    assert_read_alike(role, line)


# --- the usual format lines (FL1–FL6) --------------------------------------------------------------

_FORMAT_EDITS = [
    (r"^VZCZC", "VZCZ C"),
    (r"^(PP|OO|RR) ", r"\1 XQ "),  # a second, unknown prosign
    (r"^(PP|OO|RR) ", r"\1 PP "),
    (r"^(PP|OO|RR) (\w+)", r"\1 \2\nRUEHXX RUEHYY"),  # FL2 over two lines
    (r"^(PP|OO|RR) ", r"\1  "),
    (r"^\n", ""),
    (r"^(DE \w+) #(\d{4})/(\d\d) (\d{7})$", r"\1 #\2 \4"),
    (r"^(DE \w+ #\d{4}/\d\d) \d{3}", r"\1 999"),  # an invalid filing day
    (r"^(DE \w+ #\d{4}/\d\d \d{7})$", r"\1 X"),
    (r"^ZNY (\w)\1{4}", "ZNY CCCC"),
    (r" ZZH$", " ZQX"),
    (r"^(\w) (\d{6}Z) \w{3}", r"\1 \2 FOO"),
    (r"^(\w) (\d{6}Z)", r"X \2"),
    (r"^(\w) (\d{6}Z)", r"\1 O \2"),
    (r"^(\w) (\d{6}Z \w{3} \d\d)$", r"\1 \2 ZEX"),
    (r"^(\w) (\d{6}Z \w{3} \d\d)$", "\\1 \\2\n\\1 \\2"),  # a second FL5 line
    (r"^FM .*$", "FM"),
    (r"^FM ", "FM RUEHXX/"),
    (r"^FM .*\n", ""),
    (r"\n\n", "\n \n"),
]


def test_usual_format_lines_read_as_the_general_reader_does(monkeypatch):
    """Corpus headers and edits of their format lines, read with and without the usual-lines match."""
    from cablekit.parse import header as module

    texts = [text for _, text in html_headers()]
    texts += [re.sub(pattern, replacement, text, count=1, flags=re.M) for text in texts[::7] for pattern, replacement
              in _FORMAT_EDITS]
    with_usual = [parse_header(text, year_hint=2009) for text in texts]
    taken = sum(bool(module.usual_format_lines(text)[1]) for text in texts)
    assert taken > 0.8 * len(texts)
    monkeypatch.setattr(module, "usual_format_lines", lambda text: (0, []))
    assert [parse_header(text, year_hint=2009) for text in texts] == with_usual


def _format_texts() -> list[str]:
    texts = [text for _, text in html_headers()]
    return texts + [re.sub(pattern, replacement, text, count=1, flags=re.M) for text in texts[::7]
                    for pattern, replacement in _FORMAT_EDITS]


def test_usual_format_lines_scanned_as_matched():
    """The typed scan the compiled reader runs finds the lines and parts the regular expression finds."""
    from cablekit.parse import header_lines as module

    for text in _format_texts():
        assert module._usual_format_lines_scan(text) == module._usual_format_lines_regex(text), text


_FORMAT_LINE_TEXT = st.lists(st.sampled_from([
    "VZCZCXYZ0000", "VZCZ", "VZCZ C", "PP RUEHWEB", "OO RUEHC RUEHAM", "RR RUEHABCDE", "XQ RUEHC", "PP  RUEHC", "PP",
    "DE RUEHRB #0904/01 3141416", "DE RUEHRB #0904 3141416", "DE RU #0904/01 3141416",
    "DE RUEHRB1234 #0904/01 3141416",
    "DE RUEHRB #0904/01 314141", "ZNY SSSSS ZZH", "ZNR UUUUU", "ZNY", "ZNYSSSSS", "ZNY  SSSSS", "ZNY SSSSS ",
    "P 101416Z NOV 09", "P R 101416Z NOV 09", "P R 101416Z NOV 0", "PR 101416Z NOV 09", "P 101416Z Nov 09",
    "P 101416Z NOV 09 ZEX", "FM AMEMBASSY RABAT", "FM", "FM AMEMBASSY  RABAT", "FMX", "TO RUEHC/SECSTATE WASHDC",
    "", "\r", " ", "P 1014\u0661Z NOV 09", "DE \u00c9UEHRB #0904/01 3141416",
]), max_size=8).map(lambda lines: "\n".join(lines))


@settings(max_examples=3000, deadline=None)
@given(_FORMAT_LINE_TEXT, st.sampled_from(["", "\n", "\nBT"]))
def test_edited_format_lines_scanned_as_matched(text, end):
    from cablekit.parse import header_lines as module

    text += end
    assert module._usual_format_lines_scan(text) == module._usual_format_lines_regex(text)



# --- scans that replaced regexes, against those regexes -------------------------------------------

_SIGNAL_TOKEN = re.compile(r"\([^)]*\)?|[^\s(]+")
_Z_SIGNAL = re.compile(r"Z[A-Z]{2}$")
_SIGNAL_TEXT = st.text(st.sampled_from("ZNYEXFK0( )\t\n\xa0-/A\u017f"), max_size=30)


@settings(max_examples=3000, deadline=None)
@given(_SIGNAL_TEXT)
@example("ZZH (CCY AD6CB6C9 MSI4648-695) ZFF4 (OPEN")
def test_signals_split_as_the_token_regex_does(text):
    from cablekit.parse import header as module

    warnings: list = []
    tokens = module._signals(text, "header.FL4", warnings)
    assert tokens == _SIGNAL_TOKEN.findall(text)
    known = module.glossary().get("signal", {})
    assert len(warnings) == sum(1 for t in tokens if t not in known and _Z_SIGNAL.match(t))


_CLASSIFICATION_TEXT = st.builds(
    lambda prefix, word, rest: prefix + word + rest,
    st.sampled_from(["", "S", "X", "s", "\u017f", "\u0130", "\u0131", "\u212a", "1", " "]),
    st.sampled_from(["SECRET", "secret", "\u017fECRET", "S E C R E T", "TOP SECRET", "CONFIDENTIAL", "UNCLAS",
                     "LIMITED OFFICIAL USE", "Limited official use", "ECRET", "AMEMBASSY"]),
    st.sampled_from(["", " ", " NOFORN", "X"]),
)


@settings(max_examples=1000, deadline=None)
@given(_CLASSIFICATION_TEXT)
def test_classification_gate_lets_every_classification_line_through(text):
    from cablekit.parse import header as module

    if module._CLASSIFICATION.match(text):
        assert module._may_be_classification(text)


_ADDRESS_TEXT = st.builds(
    lambda words, separators: "".join(w + sep for w, sep in zip(words, separators)),
    st.lists(st.sampled_from(["A", "B", "AMEMBASSY", "SECTION", "1", "OF", "of", "oF", "2", "-", "\u017fECTION",
                              "\u212a", "NOTE", "X-Y", "S E C R E T"]), max_size=8),
    st.lists(st.sampled_from([" ", " ", "  ", "\t", "", "\xa0"]), min_size=8, max_size=8),
)


@settings(max_examples=2000, deadline=None)
@given(_ADDRESS_TEXT)
@example("A B C D")
@example("SECTION 1 OF 2")
@example("NOTE - DO NOT PUBLISH")
def test_no_addressee_gate_lets_every_match_through(text):
    from cablekit.parse import header as module

    if module._NOT_ADDRESSEE.search(text):
        assert module._may_be_no_addressee(text)


def test_no_addressee_gate_on_the_corpus_lines():
    from cablekit.parse import header as module

    for _, text in html_headers():
        for line in text.split("\n"):
            s = line.strip()
            if module._NOT_ADDRESSEE.search(s):
                assert module._may_be_no_addressee(s), s
