"""Search: every query form, its translation to SQL, ranking, snippets, facets and every error.

The archive is the small hand-built world of ``test_store_factory.CABLES``: expected hits are read
off the cable texts written there.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import msgspec
import pytest
from test_store_factory import CABLES, make_cable, write_archive

from cablekit.store import MARK_END, MARK_START, Archive, ArchiveError, QuerySyntaxError
from cablekit.store import search as search_module
from cablekit.store.query import And, DateRange, Field, Not, Or, Query, Term, parse_query
from cablekit.store.rows import cable_rows
from cablekit.store.schema import cable_key
from cablekit.store.writer import Writer
from cablekit.store.search import key_range, keyset, plan


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = write_archive(tmp_path_factory.mktemp("search") / "archive.db")
    with Archive(path) as opened:
        yield opened


def ids(archive: Archive, query: str, **kw) -> set[str]:
    return {hit.id for hit in archive.search(query, limit=100, **kw).hits}


# --- every query form ---------------------------------------------------------------------

FORMS = [
    # words: any case, in subject or body
    ("morocco", {"09RABAT904", "09STATE112900", "08PARIS1234"}),
    ("MOROCCO", {"09RABAT904", "09STATE112900", "08PARIS1234"}),
    ("pipeline", {"06BAKU1165"}),
    ("nonexistentword", set()),
    # implicit AND, explicit AND
    ("morocco algeria", {"09STATE112900"}),
    ("morocco AND polisario", {"08PARIS1234"}),
    # phrases: adjacent words only
    ('"western sahara"', {"09RABAT904", "08PARIS1234"}),
    ('"sahara western"', set()),
    # prefix
    ("counterterror*", {"09RABAT904", "09STATE112900"}),
    ("pipe*", {"06BAKU1165"}),
    # OR, NOT, "-"
    ("polisario OR caspian", {"08PARIS1234", "06BAKU1165"}),
    ("morocco NOT sahara", {"09STATE112900"}),
    ("morocco -sahara", {"09STATE112900"}),
    ("NOT morocco", {"06BAKU1165"}),
    ("-morocco -oil", set()),
    # parentheses
    ("(polisario OR algeria) morocco", {"08PARIS1234", "09STATE112900"}),
    ("morocco -(polisario OR algeria)", {"09RABAT904"}),
    ("(morocco OR oil) NOT (sahara OR algeria)", {"06BAKU1165"}),
    # fields
    ("tag:PREL", {"09RABAT904", "09STATE112900", "08PARIS1234"}),
    ("tag:prel", {"09RABAT904", "09STATE112900", "08PARIS1234"}),
    ("tag:MO tag:FR", {"08PARIS1234"}),
    ("origin:rabat", {"09RABAT904"}),
    ("origin:RABAT", {"09RABAT904"}),
    ('origin:"embassy paris"', {"08PARIS1234"}),
    ("origin:state", {"09STATE112900"}),
    ("origin:baku", {"06BAKU1165"}),
    ("class:secret", {"09RABAT904"}),
    ("class:confidential", {"09STATE112900", "08PARIS1234"}),
    ("class:u", {"06BAKU1165"}),
    ("caveat:noforn", {"09RABAT904"}),
    ("caveat:SIPDIS", {"09RABAT904", "09STATE112900", "08PARIS1234"}),
    ("from:2009-01 to:2009-12", {"09RABAT904", "09STATE112900"}),
    ("from:2009-11", {"09RABAT904"}),
    ("morocco from:2009-10-28", {"09RABAT904", "09STATE112900"}),  # open range, full-text driven
    ("morocco to:2009-10-27", {"08PARIS1234"}),
    ("to:2008", {"08PARIS1234", "06BAKU1165"}),
    ("from:2009-10-28 to:2009-10-28", {"09STATE112900"}),
    ("ref:09STATE112900", {"09RABAT904"}),
    ('ref:"09 rabat 904"', {"08PARIS1234"}),
    ("ref:07RABAT1117", {"08PARIS1234"}),
    ("subject:sahara", {"08PARIS1234"}),
    ('subject:"security dialogues"', {"09RABAT904"}),
    ("subject:security -subject:guidance", {"09RABAT904"}),
    ("-subject:sahara tag:PREL", {"09RABAT904", "09STATE112900"}),
    ("id:09RABAT904", {"09RABAT904"}),
    # fields mixed with text, under OR and NOT
    ("morocco tag:FR", {"08PARIS1234"}),
    ("tag:PTER OR caspian", {"09STATE112900", "06BAKU1165"}),
    ("(tag:MO OR origin:state) -sahara", {"09STATE112900"}),
    ("morocco NOT class:secret", {"09STATE112900", "08PARIS1234"}),
    ("NOT tag:PREL", {"06BAKU1165"}),
    ("id:06BAKU1165 OR polisario", {"06BAKU1165", "08PARIS1234"}),  # words under OR with a SQL field
    ("ref:07RABAT1117 OR ref:09STATE112900", {"08PARIS1234", "09RABAT904"}),
    ("morocco -(ref:09STATE112900 OR id:08PARIS1234)", {"09STATE112900"}),
    ("(id:06BAKU1165 OR -ref:09RABAT904) tag:PREL", {"09RABAT904", "09STATE112900"}),
    ("NOT (from:2009 OR id:06BAKU1165)", {"08PARIS1234"}),
    ("-ref:09RABAT904 -id:09RABAT904", {"09STATE112900", "06BAKU1165"}),
    ("(sahara OR subject:guidance) class:confidential", {"09STATE112900", "08PARIS1234"}),
    # the empty query browses everything
    ("", {"09RABAT904", "09STATE112900", "08PARIS1234", "06BAKU1165"}),
    ("-- &", {"09RABAT904", "09STATE112900", "08PARIS1234", "06BAKU1165"}),  # punctuation only: ignored
]


@pytest.mark.parametrize("query,expected", FORMS, ids=[q or "<empty>" for q, _ in FORMS])
def test_query_forms(archive, query, expected):
    result = archive.search(query, limit=100)
    assert {hit.id for hit in result.hits} == expected
    assert result.total == len(expected)


def test_user_text_cannot_break_fts5(archive):
    # FTS5 operators and quotes typed as words are only ever searched as words
    for query in ["NEAR(a b)", "NEAR/2", '"a" * ^b', "don't", "U.S.-MOROCCO", "a+b", "{subject}:x", "x:", "*", "AND*"]:
        archive.search(query)
    assert ids(archive, "U.S.-MOROCCO") == {"09RABAT904"}  # tokenised like the text: u s morocco


# --- translation ---------------------------------------------------------------------------


def test_plan_puts_words_and_indexed_fields_in_one_match():
    p = plan(parse_query('morocco "western sahara" -polisario tag:PREL subject:security class:secret'))
    assert p.match == (
        '(("morocco" AND "western sahara" AND tags : "PREL" AND subject : "security"'
        ' AND labels : "classsecret") NOT "polisario")'
    )
    assert p.sets == [] and p.scored


def test_plan_anchors_negations_and_turns_dates_into_a_key_range():
    p = plan(parse_query("-morocco -tag:PREL"))
    assert p.match == '(((labels : "cable") NOT "morocco") NOT tags : "PREL")'  # every document has the anchor
    assert not p.scored
    p = plan(parse_query("ref:09STATE112900 from:2009-01 to:2009-12"))
    assert p.match is None  # the references and the key range drive it
    assert p.sets == [("SELECT c.key AS k FROM refs r JOIN cables c ON c.id = r.cable_id WHERE r.target_id = ?", ["09STATE112900"], False)]
    assert (p.low, p.high) == key_range(DateRange(date(2009, 1, 1), date(2009, 12, 31)))
    assert p.low == cable_key("2009-01-01 00:00:00", "") >> 10 << 10
    assert p.high == cable_key("2010-01-01 00:00:00", "") >> 10 << 10


def test_keyset_of_hand_built_ast():
    # FTS5 can express this OR as a whole: one full-text query
    sql, params = keyset(Or((Field("tag", "PREL"), And((Term("oil"), Not(Field("class", "SECRET")))))))
    assert sql == "SELECT rowid >> 6 AS k FROM search WHERE search MATCH ?"
    assert params == ['(tags : "PREL" OR (("oil") NOT labels : "classsecret"))']
    # with fields FTS5 does not hold: set algebra over the parts
    sql, params = keyset(Or((Field("ref", "09STATE112900"), And((Term("oil"), Not(DateRange(start=date(2009, 1, 1))))))))
    assert sql == (
        "SELECT k FROM (SELECT c.key AS k FROM refs r JOIN cables c ON c.id = r.cable_id WHERE r.target_id = ?) UNION "
        "SELECT k FROM (SELECT k FROM (SELECT rowid >> 6 AS k FROM search WHERE search MATCH ?) EXCEPT "
        "SELECT k FROM (SELECT key AS k FROM cables WHERE key >= ?))"
    )
    assert params == ["09STATE112900", '"oil"', cable_key("2009-01-01", "") >> 10 << 10]


def test_field_values_are_only_ever_words(archive):
    assert ids(archive, "caveat:NO%") == set()
    assert ids(archive, 'origin:"emb_ssy paris"') == set()
    assert ids(archive, 'tag:"PREL OR MO"') == set()  # one phrase, not an operator
    assert ids(archive, "caveat:no-forn") == {"09RABAT904"}  # labels keep letters and digits only


# --- ranking, order, paging ------------------------------------------------------------------


def test_rank_prefers_the_cable_about_it(archive):
    # "sahara" is in the subject of 08PARIS1234 (weighted) and once in the body of 09RABAT904
    hits = archive.search("sahara").hits
    assert [h.id for h in hits] == ["08PARIS1234", "09RABAT904"]
    assert hits[0].score > hits[1].score > 0


def test_rank_orders_the_newest_matches_when_too_many_match(archive, monkeypatch):
    monkeypatch.setattr(search_module, "RANK_WINDOW", 2)
    result = archive.search("morocco")
    # the two newest (Nov and Oct 2009) by BM25 — MOROCCO is in 09RABAT904's subject — then the rest by date
    assert [h.id for h in result.hits] == ["09RABAT904", "09STATE112900", "08PARIS1234"]
    assert result.ranked == 2 and result.total == 3
    assert result.hits[0].score > result.hits[1].score > 0 and result.hits[2].score is None
    assert [h.id for h in archive.search("morocco", offset=1, limit=2).hits] == ["09STATE112900", "08PARIS1234"]
    assert [h.id for h in archive.search("morocco", offset=2).hits] == ["08PARIS1234"]


def test_keys_grow_with_the_date(archive):
    by_key = [cid for (cid,) in archive.db.execute("SELECT id FROM cables ORDER BY key")]
    by_date = [cid for (cid,) in archive.db.execute("SELECT id FROM cables ORDER BY date")]
    assert by_key == by_date == ["06BAKU1165", "08PARIS1234", "09STATE112900", "09RABAT904"]


def test_date_order_is_newest_first(archive):
    result = archive.search("morocco", order="date")
    assert result.order == "date"
    assert [h.id for h in result.hits] == ["09RABAT904", "09STATE112900", "08PARIS1234"]
    assert all(h.score is None for h in result.hits)


def test_fields_alone_are_ordered_by_date(archive):
    result = archive.search("tag:PREL")
    assert result.order == "date"
    assert [h.id for h in result.hits] == ["09RABAT904", "09STATE112900", "08PARIS1234"]


def test_paging(archive):
    first = archive.search("tag:PREL", limit=2)
    second = archive.search("tag:PREL", limit=2, offset=2)
    assert first.total == second.total == 3
    assert [h.id for h in first.hits + second.hits] == ["09RABAT904", "09STATE112900", "08PARIS1234"]
    assert archive.search("tag:PREL", offset=10).hits == []
    with pytest.raises(ValueError):
        archive.search("x", limit=-1)
    with pytest.raises(ValueError):
        archive.search("x", order="random")


# --- snippets ------------------------------------------------------------------------------


def test_snippet_marks_every_query_word(archive):
    hit = archive.search('counterterrorism "interior ministry"').hits[0]
    assert hit.id == "09RABAT904"
    assert f"{MARK_START}counterterrorism{MARK_END}" in hit.snippet
    assert f"{MARK_START}Interior Ministry{MARK_END}" in hit.snippet  # a phrase is marked as one span


def test_snippet_of_prefix_and_of_words_under_or_with_fields(archive):
    hit = archive.search("pipe*").hits[0]
    assert f"{MARK_START}pipeline{MARK_END}" in hit.snippet
    hits = {h.id: h for h in archive.search("tag:PTER OR caspian").hits}
    assert f"{MARK_START}Caspian{MARK_END}" in hits["06BAKU1165"].snippet
    # 09STATE112900 matched by its tag: the snippet is the opening of its first paragraph
    assert hits["09STATE112900"].snippet == "Posts should raise counterterrorism cooperation with host governments."


def test_snippet_from_subject_when_only_the_subject_matches(archive):
    hit = archive.search("subject:guidance").hits[0]
    assert hit.snippet == f"SECURITY DIALOGUE {MARK_START}GUIDANCE{MARK_END}"


def test_prefix_words_are_looked_up_again_when_the_archive_changes(tmp_path):
    path = write_archive(tmp_path / "a.db")
    with Archive(path) as archive:
        assert ids(archive, "pipe*") == {"06BAKU1165"}
        more = make_cable("09BAKU77", "PIPEWORK", [("U", "Pipework for the new terminal.")], classification="UNCLASSIFIED",
                          dtg=datetime(2009, 3, 1), tags=("EPET",))  # fmt: skip
        with Archive(path, write=True) as writing:  # another connection
            writer = Writer(writing.db)
            writing.db.execute("BEGIN")
            writer.cable(cable_rows(more), "more", "more", "test")
            writer.commit()
        assert ids(archive, "pipe*") == {"06BAKU1165", "09BAKU77"}


# --- facets --------------------------------------------------------------------------------


def test_facets_count_the_hits(archive):
    result = archive.search("morocco")
    assert result.facet_sample == 1
    assert result.facets["tag"][0] == ("PREL", 3)
    assert ("MO", 2) in result.facets["tag"]
    assert dict(result.facets["classification"]) == {"CONFIDENTIAL": 2, "SECRET": 1}
    assert dict(result.facets["origin"]) == {"Embassy Rabat": 1, "Secretary of State": 1, "Embassy Paris": 1}
    assert result.facets["year"] == [("2008", 1), ("2009", 2)]
    assert result.facets["caveat"] == [("SIPDIS", 3), ("NOFORN", 1)]  # caveats and captions
    assert result.months == [("2008-07", 1), ("2009-10", 1), ("2009-11", 1)]
    assert archive.search("morocco", facets=False).facets == {}
    assert archive.search("nonexistentword").facets == {}


def test_facets_are_sampled_above_the_limit(tmp_path, monkeypatch):
    cables = [
        make_cable(f"09TEST{i}", f"NOTE {i}", [("U", f"Note number {i} on trade.")], classification=("SECRET", "CONFIDENTIAL")[i % 2],
                   tags=("ETRD", f"T{i % 3}"), dtg=datetime(2000 + i % 10, 1 + i % 12, 1))
        for i in range(200)
    ]  # fmt: skip
    monkeypatch.setattr(search_module, "FACET_EXACT_LIMIT", 40)
    with Archive(write_archive(tmp_path / "a.db", cables)) as archive:
        result = archive.search("trade")
        assert result.total == 200 and result.facet_sample == 8  # the power of two above 200 / 40
        keys = [k for (k,) in archive.db.execute("SELECT key FROM cables")]
        sampled = sum(1 for k in keys if k % 8 == 0)
        assert 10 <= sampled <= 40  # keys end in a hash of the id: about 1 in 8
        assert dict(result.facets["tag"])["ETRD"] == 8 * sampled
        assert sum(n for _, n in result.facets["classification"]) == 8 * sampled
        assert all(n % 8 == 0 for _, n in result.months)
        # another limit, another power of two
        monkeypatch.setattr(search_module, "FACET_EXACT_LIMIT", 100)
        result = archive.search("trade")
        assert result.facet_sample == 2
        assert dict(result.facets["tag"])["ETRD"] == 2 * sum(1 for k in keys if k % 2 == 0)
        # k of FINE_SAMPLE or more: thinned from the sample the counting pass collects
        monkeypatch.setattr(search_module, "FACET_EXACT_LIMIT", 5)
        result = archive.search("trade")
        assert result.facet_sample == 64 and search_module.FINE_SAMPLE <= 64
        assert dict(result.facets["tag"]).get("ETRD", 0) == 64 * sum(1 for k in keys if k % 64 == 0)
        # a set of keys drives (no full-text term): the same sample
        assert archive.search("id:09TEST1 OR ref:09TEST2 OR from:2000").facet_sample == 64
        # below the limit: exact
        monkeypatch.setattr(search_module, "FACET_EXACT_LIMIT", 100)
        exact = archive.search("trade tag:T0 class:secret")  # i divisible by 6: 34 cables
        assert exact.facet_sample == 1 and dict(exact.facets["tag"]) == {"ETRD": 34, "T0": 34}


def test_result_is_json(archive):
    data = msgspec.json.decode(msgspec.json.encode(archive.search("morocco")))
    assert data["total"] == 3 and data["hits"][0]["id"] and data["facets"]["tag"][0] == ["PREL", 3]


def test_browse_and_counts(archive):
    assert [h.id for h in archive.browse("tag", "MO").hits] == ["09RABAT904", "08PARIS1234"]
    assert [h.id for h in archive.browse("class", "secret").hits] == ["09RABAT904"]
    assert [h.id for h in archive.browse("from", "2009-11").hits] == ["09RABAT904"]
    assert archive.counts("classification") == [("CONFIDENTIAL", 2), ("SECRET", 1), ("UNCLASSIFIED", 1)]
    assert archive.counts("year") == [("2006", 1), ("2008", 1), ("2009", 2)]
    assert archive.counts("tag")[0] == ("PREL", 3)
    with pytest.raises(ValueError):
        archive.counts("colour")


# --- errors: a clear message, never a database error ---------------------------------------

ERRORS = [
    ('"western sahara', "unclosed quote"),
    ("(morocco OR algeria", "unclosed '('"),
    ("morocco)", "unmatched ')'"),
    ("()", "empty parentheses"),
    ("morocco AND", "AND needs a term after it"),
    ("OR morocco", "OR needs a term before it"),
    ("NOT", "NOT needs a term after it"),
    ("tagg:PREL", "unknown field 'tagg'"),
    ("class:ultra", "unknown classification"),
    ("from:2009-13", "bad date"),
    ("to:yesterday", "bad date"),
    ("ref:rabat", "bad cable id"),
    ("id:", "needs a value"),
    ("(" * 150 + "x" + ")" * 150, "nests too deeply"),
]


@pytest.mark.parametrize("query,message", ERRORS, ids=[e[1] for e in ERRORS])
def test_malformed_queries_raise_query_syntax_error(archive, query, message):
    with pytest.raises(QuerySyntaxError) as caught:
        archive.search(query)
    assert message in str(caught.value)
    assert 0 <= caught.value.position <= len(query)
    assert not isinstance(caught.value, sqlite3.Error)


def test_missing_or_foreign_file_is_an_archive_error(tmp_path):
    with pytest.raises(ArchiveError, match="no archive"):
        Archive(tmp_path / "none.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(ArchiveError):
        Archive(junk)
    empty = tmp_path / "other.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(ArchiveError, match="not a cablekit archive"):
        Archive(empty)


def test_ast_input_is_accepted(archive):
    assert {h.id for h in archive.search(Query(Field("tag", "FR"))).hits} == {"08PARIS1234"}


def test_unicode_and_diacritics(tmp_path):
    cable = make_cable("09PARIS2", "CAFÉ DIPLOMACY", [("U", "Talks at the Élysée with Ségolène Royal.")])
    with Archive(write_archive(tmp_path / "a.db", [*CABLES, cable])) as a:
        assert ids(a, "elysee") == {"09PARIS2"}
        assert ids(a, "Élysée") == {"09PARIS2"}
        assert ids(a, "subject:cafe") == {"09PARIS2"}
