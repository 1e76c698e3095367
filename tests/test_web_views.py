"""The reading room's pure helpers: highlighting, marking levels, glossed header lines, histogram,
graph layout, side-by-side diff and the query edits behind facet and histogram links."""

from __future__ import annotations

import math
from datetime import date

import pytest

import cablekit
from cablekit.explain import ExplainedLine, Gloss, explain
from cablekit.model import Paragraph
from cablekit.web import views
from cablekit.web.query_links import Narrowing, origin_url
from paths import SEED, corpus_or_skip

S, E = "\x02", "\x03"


@pytest.fixture(scope="module")
def seed():
    corpus_or_skip()
    return cablekit.read(SEED)


# --- text ------------------------------------------------------------------------------------


def test_highlight_escapes_first_then_marks():
    html = views.highlight(f"a <b>&c {S}x<y{E} and {S}z", S, E)
    assert html == "a &lt;b&gt;&amp;c <mark>x&lt;y</mark> and z"  # an unclosed marker is dropped
    assert views.highlight(f"{S}{S}one{E}{E}", S, E) == "<mark>one</mark>"
    assert views.highlight("", S, E) == ""


def test_printable_replaces_control_characters_and_lone_surrogates():
    assert views.printable("a\x00b\x01\tc\nd\udcff") == "a\ufffdb\ufffd\tc\nd\ufffd"


@pytest.mark.parametrize(
    "marking, classification, level",
    [("S/NF", None, "s"), ("S//NF", None, "s"), ("SBU", "UNCLASSIFIED", "sbu"), ("SBU/NF", None, "sbu"), ("LOU", None, "sbu"),
     ("C", None, "c"), ("C/REL LIBYA", None, "c"), ("TS", None, "ts"), ("U", None, "u"), (None, "SECRET", "s"),
     (None, "LIMITED OFFICIAL USE", "sbu"), (None, "TOP SECRET", "ts"), ("NF", None, "other"), (None, None, "other")],
)  # fmt: skip
def test_marking_levels(marking, classification, level):  # portion marks of §3.7
    assert views.level(marking, classification) == level


def test_tag_meaning_comes_from_the_tags_table():
    assert "External Political Relations" in views.tag_meaning("PREL")
    assert views.tag_meaning("NOSUCHTAG") == ""


# --- the header as a person reads it ---------------------------------------------------------


def test_segments_keep_the_line_and_gloss_whole_tokens_only():
    line = ExplainedLine("X", "ADE DE RUEHRB #0904", [Gloss("DE", "calling"), Gloss("RUEHRB", "Rabat"), Gloss("ZZH", "absent")])
    segments, extra = views.segments(line)
    assert "".join(s.text for s in segments) == line.text
    assert [(s.text, s.meaning) for s in segments if s.meaning] == [("DE", "calling"), ("RUEHRB", "Rabat")]
    assert [(s.text, s.meaning) for s in extra] == [("ZZH", "absent")]


def test_read_lines_of_the_seed_cable(seed):
    lines = {line.element: line for line in views.read_lines(explain(seed))}
    fl3 = lines["FL3"]
    assert "".join(s.text for s in fl3.segments) == "DE RUEHRB #0904/01 3141416"
    glossed = {s.text for s in fl3.segments if s.meaning}
    assert {"DE", "RUEHRB", "#0904", "/01"} <= glossed
    assert {s.text for s in lines["TAGS"].segments if s.meaning} == {"MARR", "PREL", "MASS", "MO"}
    to = lines["TO"]
    assert "".join(s.text for s in to.segments).endswith("RUEHC/SECSTATE WASHDC PRIORITY 0817")
    assert to.element_meaning  # the TO keyword's meaning labels the line when the line does not spell it


def test_marking_meanings_come_from_the_explanation(seed):
    meanings = views.marking_meanings(explain(seed))
    assert set(meanings) == {"S/NF", "SBU", "C", "U"}
    assert "SECRET" in meanings["S/NF"]


def test_paragraph_blocks_of_the_seed_cable(seed):
    blocks = views.paragraph_blocks(seed, views.marking_meanings(explain(seed)))
    paragraphs = [p for b in blocks for p in b.paragraphs]
    assert [p.anchor for p in paragraphs[:9]] == [f"p{n}" for n in range(1, 10)]
    assert blocks[0].part == "summary" and [p.anchor for p in blocks[0].paragraphs] == ["p1"]
    assert any(b.part == "comment" for b in blocks)
    assert paragraphs[1].heading == "Security Dialogue with Interior Ministry"
    assert len({p.anchor for p in paragraphs}) == len(paragraphs)


def test_anchors_of_unnumbered_and_repeated_paragraphs():
    assert views.anchor(Paragraph(index=4, text="x", number=3)) == "p3"
    assert views.anchor(Paragraph(index=4, text="x")) == "pi4"


# --- histogram, graph, diff ------------------------------------------------------------------


def test_histogram_fills_gaps_and_scales_bars():
    h = views.histogram([("2009-11", 4), ("2010-02", 2), ("bad", 9), ("2010-13", 1), ("2009-12", 0)], {"2009-11": "/u"})
    assert [b.month for b in h.bars] == ["2009-11", "2010-02"]
    assert h.bars[0].url == "/u" and h.bars[1].url is None
    assert h.bars[0].height > h.bars[1].height and h.bars[1].x > h.bars[0].x
    assert math.isclose(h.bars[1].x - h.bars[0].x, 3 * h.width / 4)  # four monthly slots
    assert (h.bars[0].start, h.bars[0].end) == (date(2009, 11, 1), date(2009, 11, 30))
    assert h.peak == 4 and views.histogram([]) is None


def test_radial_layout_puts_the_centre_in_the_middle_and_rings_by_depth():
    nodes = [views.GraphNode("A", 0, True), views.GraphNode("B", 1, True), views.GraphNode("C", 1, False), views.GraphNode("D", 2, True)]
    layout = views.radial_layout(nodes, [("A", "B"), ("C", "A"), ("B", "D"), ("A", "ZZ")], size=400)
    placed = {n.id: n for n in layout.nodes}
    assert (placed["A"].x, placed["A"].y) == (200, 200)
    radius = {k: math.dist((placed[k].x, placed[k].y), (200, 200)) for k in "BCD"}
    assert math.isclose(radius["B"], radius["C"], abs_tol=0.2) and radius["D"] > radius["B"]
    assert len(layout.edges) == 3  # the edge to a node not in the graph is dropped


def test_side_by_side_aligns_lines():
    rows = views.side_by_side("a\nb\nc", "a\nB\nc\nd")
    assert [(r.kind, r.left_number, r.left, r.right_number, r.right) for r in rows] == [
        ("equal", 1, "a", 1, "a"), ("replace", 2, "b", 2, "B"), ("equal", 3, "c", 3, "c"), ("insert", None, None, 4, "d")]  # fmt: skip


# --- query edits -----------------------------------------------------------------------------


def test_toggle_keeps_the_meaning_of_the_query():
    assert Narrowing("morocco OR algeria").toggle("tag", "prel") == ("(morocco OR algeria) tag:PREL", False)
    assert Narrowing("x tag:prel from:2009").toggle("tag", "PREL") == ("x from:2009-01-01", True)
    assert Narrowing("").toggle("origin", "Embassy Rabat")[0] == 'origin:"EMBASSY RABAT"'
    assert Narrowing("").toggle("class", "LIMITED OFFICIAL USE")[0] == 'class:"LIMITED OFFICIAL USE"'
    assert Narrowing("x tag:prel").has("tag", "PREL") and not Narrowing("x -tag:PREL").has("tag", "PREL")


def test_dates_replace_earlier_dates():
    narrowing = Narrowing("x from:2001 to:2003")
    assert narrowing.month("2009-02") == "x from:2009-02-01 to:2009-02-28"
    assert narrowing.month("2008-02") == "x from:2008-02-01 to:2008-02-29"
    assert narrowing.year(2008) == "x from:2008-01-01 to:2008-12-31"


def test_origin_url_quotes_the_name():
    assert origin_url("Embassy Rabat") == "/origin/Embassy%20Rabat"
    assert origin_url("USUN/NEW YORK?#") == "/origin/USUN%2FNEW%20YORK%3F%23"


@pytest.mark.parametrize("query", ["", "x", "a OR b", "tag:PREL -iraq from:2001 to:2002", '"human rights" (c OR d)', "subject:x OR y"])
def test_months_in_one_pass_equal_months_one_by_one(query):
    narrowing = Narrowing(query)
    months = ["1966-01", "2008-02", "2010-12"]
    assert narrowing.months(months) == {m: narrowing.month(m) for m in months}
