"""The search query language (store/query.py): every form, every error, and properties."""

import re
import sqlite3
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cablekit.store.query import (
    And,
    DateRange,
    Field,
    Not,
    Or,
    Phrase,
    Query,
    QuerySyntaxError,
    Term,
    fts5_match,
    fts5_quote,
    is_text,
    parse_query,
    split_text,
    text_terms,
    to_text,
    walk,
)


def root(text):
    return parse_query(text).root


def t(text, prefix=False):
    return Term(text, prefix)


# --- forms ---------------------------------------------------------------------------------


def test_empty_query_browses_everything():
    assert parse_query("") == Query(None)
    assert parse_query("   \t\n") == Query(None)
    assert parse_query("& -- /") == Query(None)  # punctuation-only words are ignored


def test_words_phrases_and_prefixes():
    assert root("morocco") == t("morocco")
    assert root("secur*") == t("secur", prefix=True)
    assert root('"western sahara"') == Phrase(("western", "sahara"))
    assert root('"  western   sahara "') == Phrase(("western", "sahara"))
    assert root("U.S.-MOROCCO") == t("U.S.-MOROCCO")
    assert root('""') is None


def test_implicit_and_and_precedence():
    assert root("a b c") == And((t("a"), t("b"), t("c")))
    assert root("a AND b") == root("a b")
    assert root("a OR b c") == Or((t("a"), And((t("b"), t("c")))))
    assert root("a b OR c") == Or((And((t("a"), t("b"))), t("c")))
    assert root("NOT a b") == And((Not(t("a")), t("b")))
    assert root("a NOT b OR c") == Or((And((t("a"), Not(t("b")))), t("c")))
    assert root("(a OR b) c") == And((Or((t("a"), t("b"))), t("c")))
    assert root("NOT (a OR b)") == Not(Or((t("a"), t("b"))))


def test_operators_are_upper_case_only():
    assert root("war and peace") == And((t("war"), t("and"), t("peace")))
    assert root("not or") == And((t("not"), t("or")))


def test_leading_minus_is_not():
    assert root("-a") == Not(t("a"))
    assert root('a -"b c"') == And((t("a"), Not(Phrase(("b", "c")))))
    assert root("-tag:PREL") == Not(Field("tag", "PREL"))
    assert root("-(a b)") == Not(And((t("a"), t("b"))))
    assert root("--a") == t("a")  # double negation removed
    assert root("NOT NOT a") == t("a")
    assert root("a - b") == And((t("a"), t("b")))  # a lone "-" is punctuation
    assert root("pro-western") == t("pro-western")


def test_nesting_is_flattened():
    assert root("(a b) (c d)") == And((t("a"), t("b"), t("c"), t("d")))
    assert root("a OR (b OR c)") == Or((t("a"), t("b"), t("c")))
    assert root("((a))") == t("a")


@pytest.mark.parametrize(
    "text, node",
    [
        ("tag:PREL", Field("tag", "PREL")),
        ("tag:prel", Field("tag", "PREL")),
        ("TAG:mass", Field("tag", "MASS")),
        ("tags:MO", Field("tag", "MO")),
        ('tag:"clinton, hillary"', Field("tag", "CLINTON, HILLARY")),
        ("origin:rabat", Field("origin", "RABAT")),
        ('origin:"sao  paulo"', Field("origin", "SAO PAULO")),
        ("caveat:noforn", Field("caveat", "NOFORN")),
        ("ref:09STATE112900", Field("ref", "09STATE112900")),
        ('ref:"09 state 112900"', Field("ref", "09STATE112900")),
        ("id:09rabat904", Field("id", "09RABAT904")),
        ("id:1975DACCA00292", Field("id", "1975DACCA00292")),
        ("subject:dialogue", Field("subject", "dialogue")),
        ('subject:"security dialogues"', Field("subject", "security dialogues")),
        ("subj:x", Field("subject", "x")),
    ],
)
def test_fields(text, node):
    assert root(text) == node


@pytest.mark.parametrize(
    "value, level",
    [
        ("unclassified", "UNCLASSIFIED"),
        ("UNCLAS", "UNCLASSIFIED"),
        ("sbu", "UNCLASSIFIED"),
        ("u", "UNCLASSIFIED"),
        ("lou", "LIMITED OFFICIAL USE"),
        ("limited", "LIMITED OFFICIAL USE"),
        ('"limited official use"', "LIMITED OFFICIAL USE"),
        ("confidential", "CONFIDENTIAL"),
        ("c", "CONFIDENTIAL"),
        ("Secret", "SECRET"),
        ("s", "SECRET"),
        ('"top secret"', "TOP SECRET"),
        ("top-secret", "TOP SECRET"),
        ("ts", "TOP SECRET"),
    ],
)
def test_class_levels_are_normalised(value, level):
    assert root(f"class:{value}") == Field("class", level)
    assert root(f"classification:{value}") == Field("class", level)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("from:2009", date(2009, 1, 1), None),
        ("from:2009-07", date(2009, 7, 1), None),
        ("from:2009-07-15", date(2009, 7, 15), None),
        ("to:2009", None, date(2009, 12, 31)),
        ("to:2009-02", None, date(2009, 2, 28)),
        ("to:2008-02", None, date(2008, 2, 29)),  # leap year: end of the period
        ("to:2009-11-10", None, date(2009, 11, 10)),
        ("to:2009-4", None, date(2009, 4, 30)),
    ],
)
def test_dates(text, start, end):
    assert root(text) == DateRange(start, end)


def test_fields_combine_with_operators():
    q = root("nuclear (tag:PREL OR tag:PGOV) -class:secret from:2009-01 to:2009-12")
    assert q == And(
        (
            t("nuclear"),
            Or((Field("tag", "PREL"), Field("tag", "PGOV"))),
            Not(Field("class", "SECRET")),
            DateRange(date(2009, 1, 1), None),
            DateRange(None, date(2009, 12, 31)),
        )
    )


def test_only_fields_is_a_valid_browse_query():
    q = parse_query("origin:rabat class:secret")
    assert split_text(q) == (None, (Field("origin", "RABAT"), Field("class", "SECRET")))
    assert text_terms(q) == ()


def test_a_word_ending_in_a_colon_is_not_a_field():
    assert root("COMMENT: morocco") == And((t("COMMENT:"), t("morocco")))
    assert root("12:30") == t("12:30")


def test_control_characters_and_surrogates_are_spaces():
    assert root("a\x00b") == And((t("a"), t("b")))
    assert root("a\ud800b") == And((t("a"), t("b")))


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message, position",
    [
        ('morocco "western sahara', "unclosed quote at column 9", 8),
        ('origin:"sao paulo', "unclosed quote at column 8", 7),
        ("NOT", "NOT needs a term after it", 0),
        ("a NOT", "NOT needs a term after it", 2),
        ("(NOT)", "NOT needs a term after it", 1),
        ("NOT OR a", "NOT needs a term after it", 0),
        ("-AND b", "'-' needs a term after it", 0),
        ("a AND", "AND needs a term after it", 2),
        ("a AND OR b", "AND needs a term after it", 2),
        ("AND a", "AND needs a term before it", 0),
        ("a OR", "OR needs a term after it", 2),
        ("OR a", "OR needs a term before it", 0),
        ("(a OR)", "OR needs a term after it", 3),
        ("(a", "unclosed '(' at column 1", 0),
        ("a (", "unclosed '(' at column 3", 2),
        ("((a) b", "unclosed '(' at column 1", 0),
        ("a)", "unmatched ')' at column 2", 1),
        (")", "unmatched ')' at column 1", 0),
        ("a () b", "empty parentheses at column 3", 2),
        ("clas:secret", "unknown field 'clas' — did you mean 'class'?", 0),
        ("a orgin:rabat", "unknown field 'orgin' — did you mean 'origin'?", 2),
        ("subjet:x", "unknown field 'subjet' — did you mean 'subject'?", 0),
        (
            "zzz:1",
            "unknown field 'zzz' — fields are tag, origin, class, caveat, from, to, ref, subject, id",
            0,
        ),
        ("from:2009-13", "bad date 'from:2009-13' (use YYYY, YYYY-MM or YYYY-MM-DD)", 0),
        ("to:2009-02-30", "bad date 'to:2009-02-30' (use YYYY, YYYY-MM or YYYY-MM-DD)", 0),
        ("from:09", "bad date 'from:09' (use YYYY, YYYY-MM or YYYY-MM-DD)", 0),
        ("from:0000", "bad date 'from:0000' (use YYYY, YYYY-MM or YYYY-MM-DD)", 0),
        ("from:yesterday", "bad date 'from:yesterday' (use YYYY, YYYY-MM or YYYY-MM-DD)", 0),
        (
            "class:restricted",
            "unknown classification 'class:restricted' — use unclassified, sbu, lou, confidential, secret or top secret",
            0,
        ),
        ("ref:STATE112900", "bad cable id 'ref:STATE112900' (e.g. 09STATE112900)", 0),
        ("id:09RABAT", "bad cable id 'id:09RABAT' (e.g. 09STATE112900)", 0),
        ("a tag: b", "tag: needs a value", 2),
        ('tag:""', "tag: needs a value", 0),
        ("tag:(PREL)", "tag: needs a value", 0),
    ],
)
def test_errors(text, message, position):
    with pytest.raises(QuerySyntaxError) as info:
        parse_query(text)
    assert info.value.message == message
    assert str(info.value) == message
    assert info.value.position == position
    assert isinstance(info.value, ValueError)


def test_deep_nesting_is_an_error_not_a_crash():
    for text in ("(" * 5000 + "a" + ")" * 5000, "NOT " * 5000 + "a", "-" * 5000 + "a"):
        with pytest.raises(QuerySyntaxError, match="nests too deeply"):
            parse_query(text)
    assert root("(" * 50 + "a" + ")" * 50) == t("a")


def test_huge_query_is_linear():
    text = " OR ".join(f"w{i} OR tag:T{i}" for i in range(20000))
    assert len(root(text).items) == 40000


def test_not_text():
    with pytest.raises(QuerySyntaxError):
        parse_query(None)


# --- helpers -------------------------------------------------------------------------------


def test_text_terms_skip_negated_and_fields():
    q = parse_query('a "b c" -d NOT (e OR -f) tag:PREL subject:g h*')
    assert text_terms(q) == (t("a"), Phrase(("b", "c")), t("f"), t("h", prefix=True))


def test_walk_and_is_text():
    q = parse_query("a (b OR tag:X)")
    assert [type(n).__name__ for n in walk(q)] == ["And", "Term", "Or", "Term", "Field"]
    assert is_text(root("a -(b OR c*)"))
    assert not is_text(root("a -(b OR tag:X)"))


def test_fts5_quote_neutralises_syntax():
    assert fts5_quote('say "NOT" (x*)') == '"say ""NOT"" (x*)"'
    assert fts5_quote("secur", prefix=True) == '"secur"*'


def test_fts5_match_shapes():
    assert fts5_match(root("a")) == '"a"'
    assert fts5_match(root("a OR b*")) == '("a" OR "b"*)'
    assert fts5_match(root('a "b c"')) == '("a" AND "b c")'
    assert fts5_match(root("a -b -c")) == '((("a") NOT "b") NOT "c")'
    assert fts5_match(root("-b")) is None  # FTS5 NOT is binary
    assert fts5_match(root("a OR -b")) is None
    assert fts5_match(root("a tag:X")) is None
    assert fts5_match(parse_query("")) is None


def test_split_text():
    q = parse_query("a -b (c OR tag:X) -tag:Y (d OR e) -(f OR class:s)")
    expression, rest = split_text(q)
    assert expression == '(("a" AND ("d" OR "e")) NOT "b")'
    assert rest == (
        Or((t("c"), Field("tag", "X"))),
        Not(Field("tag", "Y")),
        Not(Or((t("f"), Field("class", "SECRET")))),
    )
    assert split_text(parse_query("-a tag:X")) == (None, (Not(t("a")), Field("tag", "X")))


def test_to_text_is_canonical():
    q = parse_query('a OR (b -"c d") class:"top secret" origin:"sao paulo" to:2009-02 tag:x*')
    assert to_text(q) == 'a OR b NOT "c d" class:"TOP SECRET" origin:"SAO PAULO" to:2009-02-28 tag:X*'
    assert parse_query(to_text(q)) == q
    assert str(q) == to_text(q)


# --- properties ----------------------------------------------------------------------------

_fts = sqlite3.connect(":memory:")
_fts.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
_fts.executemany(
    "INSERT INTO t(rowid, x) VALUES (?, ?)",
    [
        (1, "alpha beta gamma"),
        (2, "beta delta"),
        (3, "gamma alpha-beta epsilon"),
        (4, "delta"),
        (5, "alphabet soup"),
        (6, ""),
    ],
)
_ALL_ROWS = frozenset(range(1, 7))


def fts_rows(expression: str) -> frozenset[int]:
    return frozenset(r for (r,) in _fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)))


_query_chars = st.sampled_from(list('abcXYZ019 *()"-:&^+._\'\\\t\x00é中') + ["AND", "OR", "NOT", "tag:", "from:"])
query_texts = st.one_of(st.text(max_size=60), st.lists(_query_chars, max_size=30).map("".join))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query_texts)
def test_parse_returns_a_query_or_raises_syntax_error_and_fts5_accepts_every_expression(text):
    try:
        query = parse_query(text)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(text)
        assert error.message
        return
    assert isinstance(query, Query)
    assert parse_query(to_text(query)) == query
    expressions = [fts5_match(node) for node in walk(query)]
    expressions.append(split_text(query)[0])
    for expression in filter(None, expressions):
        fts_rows(expression)  # raises sqlite3.OperationalError on an FTS5 syntax error


_WORDS = ("alpha", "beta", "gamma", "delta", "alph*", "gam*", '"alpha beta"', '"beta gamma"')
_text_queries = st.recursive(
    st.sampled_from(_WORDS),
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(" ".join),
        st.tuples(inner, inner).map(" AND ".join),
        st.tuples(inner, inner).map(" OR ".join),
        inner.map(lambda q: f"-({q})"),
        inner.map(lambda q: f"NOT ({q})"),
        inner.map(lambda q: f"({q})"),
    ),
    max_leaves=8,
)
_TOKEN = re.compile(r"[a-z0-9]+")
_DOCS = {rowid: _TOKEN.findall(x) for rowid, x in _fts.execute("SELECT rowid, x FROM t")}


def evaluate(node, tokens) -> bool:
    """A plain-Python meaning of a text query over a tokenised document."""
    if isinstance(node, Term):
        words = _TOKEN.findall(node.text.lower())
        return evaluate(Phrase(tuple(words)), tokens) if not node.prefix else any(
            tokens[i : i + len(words) - 1] == words[:-1] and tokens[i + len(words) - 1].startswith(words[-1])
            for i in range(len(tokens) - len(words) + 1)
        )
    if isinstance(node, Phrase):
        words = [w.lower() for w in node.words]
        return any(tokens[i : i + len(words)] == words for i in range(len(tokens) - len(words) + 1))
    if isinstance(node, And):
        return all(evaluate(i, tokens) for i in node.items)
    if isinstance(node, Or):
        return any(evaluate(i, tokens) for i in node.items)
    return not evaluate(node.item, tokens)


@settings(max_examples=300, deadline=None)
@given(_text_queries)
def test_fts5_expressions_mean_what_the_query_means(text):
    query = parse_query(text)
    expected = frozenset(r for r, tokens in _DOCS.items() if evaluate(query.root, tokens))
    expression = fts5_match(query)
    if expression is not None:
        assert fts_rows(expression) == expected
    expression, rest = split_text(query)
    assume(expression is not None)
    selected = frozenset(r for r in fts_rows(expression) if all(evaluate(n, _DOCS[r]) for n in rest))
    assert selected == expected
