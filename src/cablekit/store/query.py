"""The search query language: text → a small, typed AST. Pure: no SQL, no database.

Grammar (precedence NOT > AND > OR; adjacent terms are joined by an implicit AND)::

    query   = [or]
    or      = and *("OR" and)
    and     = unary *(["AND"] unary)
    unary   = ("NOT" | "-") unary | atom          ; "-" only glued to what follows: -word
    atom    = word | word "*" | '"' phrase '"' | field | "(" or ")"
    field   = name ":" (bare-value | '"' quoted value '"')

Operators are the upper-case words ``AND``, ``OR`` and ``NOT``; ``and``/``or``/``not`` are
ordinary words. Words made only of punctuation (``&``, ``--``) are ignored.

Fields (names are case-insensitive; ``tags``, ``subj``, ``classification``, ``caveats``,
``cites`` are accepted as aliases):

=========================  ================================================================
``tag:PREL``               TAGS code; value upper-cased (§4). Persons: ``tag:"CLINTON, HILLARY"``
``origin:rabat``           origin; upper-cased, inner spaces kept (``origin:"sao paulo"`` →
                           ``SAO PAULO``). Match it against the reference id's origin token with
                           spaces removed (``SAOPAULO``) or the origin name, case-insensitively.
``class:secret``           classification level, one of :data:`LEVELS`. Accepts unclassified,
                           unclas, u, sbu (→ UNCLASSIFIED), lou / limited (official use),
                           confidential / c, secret / s, "top secret" / top-secret / ts.
``caveat:noforn``          caveat or caption (NOFORN, ORCON, SIPDIS …), upper-cased (§3.3).
``from:2009-01``           :class:`DateRange` from the START of the period (YYYY, YYYY-MM, YYYY-MM-DD).
``to:2009-12``             :class:`DateRange` to the END of the period, inclusive (→ 2009-12-31).
``ref:09STATE112900``      cables whose references cite that id (canonical, upper-cased,
                           spaces removed: ``ref:"09 STATE 112900"`` works too).
``subject:word``           words of the SUBJECT line; ``subject:"a phrase"``; value kept as typed.
``id:09RABAT904``          that cable.
=========================  ================================================================

The AST — every node is a frozen dataclass, compared by value::

    Term(text, prefix=False)        a word; prefix=True for ``word*``
    Phrase(words)                   "quoted words" (a tuple of str)
    Field(name, value)              name ∈ FIELDS minus from/to; value normalised as above
    DateRange(start, end)           datetime.date bounds, inclusive; one of them may be None
    And(items) / Or(items)          tuples of ≥ 2 nodes, flattened (no And directly in an And)
    Not(item)                       negation (double negation is removed)
    Query(root)                     root is None for the empty query (browse everything)

Helpers for the SQL translator: :func:`text_terms` (the words to highlight),
:func:`fts5_quote` / :func:`fts5_match` (text nodes → an SQLite FTS5 MATCH expression in which
every user word is a quoted string, so user input can never cause an FTS5 syntax error),
:func:`split_text` (a query → one MATCH expression for its text conjuncts + the remaining
conjuncts to translate one by one), :func:`walk`, and :func:`to_text` (canonical query text that
parses back to the same AST).

>>> parse_query('morocco -"western sahara" tag:PREL from:2009')
Query(root=And(items=(Term(text='morocco', prefix=False), Not(item=Phrase(words=('western', 'sahara'))), Field(name='tag', value='PREL'), DateRange(start=datetime.date(2009, 1, 1), end=None))))
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterator, Union

__all__ = [
    "And",
    "DateRange",
    "FIELDS",
    "Field",
    "LEVELS",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "Query",
    "QuerySyntaxError",
    "Term",
    "fts5_and_not",
    "fts5_match",
    "fts5_quote",
    "is_text",
    "parse_query",
    "split_text",
    "text_terms",
    "to_text",
    "walk",
]


# --- the AST -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # tag | origin | class | caveat | ref | subject | id
    value: str


@dataclass(frozen=True, slots=True)
class DateRange:
    start: date | None = None  # first day, inclusive
    end: date | None = None  # last day, inclusive


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


Node = Union[Term, Phrase, Field, DateRange, And, Or, Not]


@dataclass(frozen=True, slots=True)
class Query:
    root: Node | None = None

    def __str__(self) -> str:
        return to_text(self)


class QuerySyntaxError(ValueError):
    """A query the grammar rejects; ``str()`` is a sentence a person understands."""

    def __init__(self, message: str, position: int):
        self.message = message
        self.position = position  # 0-based character offset in the query text
        super().__init__(message)


# --- fields --------------------------------------------------------------------------------

FIELDS = ("tag", "origin", "class", "caveat", "from", "to", "ref", "subject", "id")
_ALIASES = {"tags": "tag", "subj": "subject", "classification": "class", "caveats": "caveat", "cites": "ref"}

LEVELS = ("UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET", "TOP SECRET")
_LEVEL_WORDS = {
    "UNCLASSIFIED": "UNCLASSIFIED",
    "UNCLAS": "UNCLASSIFIED",
    "U": "UNCLASSIFIED",
    "SBU": "UNCLASSIFIED",  # sensitive but unclassified is an UNCLASSIFIED level (§3.1)
    "LOU": "LIMITED OFFICIAL USE",
    "LIMITED": "LIMITED OFFICIAL USE",
    "LIMITED OFFICIAL USE": "LIMITED OFFICIAL USE",
    "CONFIDENTIAL": "CONFIDENTIAL",
    "C": "CONFIDENTIAL",
    "SECRET": "SECRET",
    "S": "SECRET",
    "TOP SECRET": "TOP SECRET",
    "TOPSECRET": "TOP SECRET",
    "TS": "TOP SECRET",
}

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_CABLE_ID = re.compile(r"\d{2}(?:\d{2})?[A-Z]+\d+")  # 09RABAT904 (§5.1), NARA MRN 1975DACCA00292 (§5.2)
_SPACES = re.compile(r"\s+")


def _field_error(message: str, position: int) -> QuerySyntaxError:
    return QuerySyntaxError(message, position)


def _parse_date(name: str, value: str, position: int) -> DateRange:
    m = _DATE.fullmatch(value)
    try:
        if not m:
            raise ValueError
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
        if name == "from":
            return DateRange(start=date(year, month or 1, day or 1))
        last_month = month or 12
        last_day = day or calendar.monthrange(year, last_month)[1]
        return DateRange(end=date(year, last_month, last_day))
    except ValueError:  # also month 13, day 31 in April, year 0
        raise _field_error(f"bad date '{name}:{value}' (use YYYY, YYYY-MM or YYYY-MM-DD)", position) from None


def _field(name: str, value: str, position: int) -> Field | DateRange:
    """One field term, its value normalised (see the module docstring)."""
    value = _SPACES.sub(" ", value).strip()
    if not value:
        raise _field_error(f"{name}: needs a value", position)
    if name in ("from", "to"):
        return _parse_date(name, value, position)
    if name == "class":
        level = _LEVEL_WORDS.get(value.upper().replace("-", " ").replace("_", " "))
        if level is None:
            raise _field_error(
                f"unknown classification 'class:{value}' — use unclassified, sbu, lou, confidential, secret or top secret",
                position,
            )
        return Field("class", level)
    if name in ("ref", "id"):
        canonical = value.upper().replace(" ", "")
        if not _CABLE_ID.fullmatch(canonical):
            raise _field_error(f"bad cable id '{name}:{value}' (e.g. 09STATE112900)", position)
        return Field(name, canonical)
    if name == "subject":
        return Field(name, value)
    return Field(name, value.upper())


def _field_name(raw: str, position: int, value_given: bool) -> str | None:
    """Canonical field name, None when ``raw:`` is just a word ending in a colon, or an error."""
    name = raw.lower()
    name = _ALIASES.get(name, name)
    if name in FIELDS:
        return name
    if not value_given:  # "COMMENT: foo" — a word with a colon, not a field
        return None
    close = difflib.get_close_matches(name, FIELDS + tuple(_ALIASES), n=1, cutoff=0.6)
    hint = f" — did you mean '{_ALIASES.get(close[0], close[0])}'?" if close else f" — fields are {', '.join(FIELDS)}"
    raise QuerySyntaxError(f"unknown field '{raw}'{hint}", position)


# --- tokens --------------------------------------------------------------------------------

# One token at a time, in this order: spaces, parentheses, field, phrase, "-" glued to what
# follows, word. Every alternative is linear; values and phrases may lack the closing quote.
_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<lp>\()
      | (?P<rp>\))
      | (?P<field>[A-Za-z_]+):(?:"(?P<fquoted>[^"]*)(?P<fclose>"?)|(?P<fbare>[^\s()"]*))
      | "(?P<phrase>[^"]*)(?P<pclose>"?)
      | (?P<neg>-)(?=-*(?:[^\W_]|[("])) # -word, -"phrase", -(…), --word; not "-" alone nor "-&"
      | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)
# NUL, control characters and lone surrogates become spaces (offsets are kept): FTS5 ends a
# string at NUL, and surrogates cannot be encoded for SQLite.
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_HAS_ALNUM = re.compile(r"[^\W_]")

_LP, _RP, _AND, _OR, _NOT, _ATOM = "(", ")", "AND", "OR", "NOT", "atom"
_MAX_DEPTH = 100


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    position: int
    node: Node | None = None
    spelling: str = ""  # how an operator was written ("NOT" or "-")


def _unclosed_quote(position: int) -> QuerySyntaxError:
    return QuerySyntaxError(f"unclosed quote at column {position + 1}", position)


def _word_token(word: str, position: int) -> _Token | None:
    if word in (_AND, _OR, _NOT):
        return _Token(word, position, spelling=word)
    prefix = word.endswith("*")
    text = word.rstrip("*")
    if not _HAS_ALNUM.search(text):
        return None
    return _Token(_ATOM, position, Term(text, prefix))


def _phrase_token(text: str, position: int) -> _Token | None:
    words = tuple(w for w in text.split() if _HAS_ALNUM.search(w))
    if not words:
        return None
    return _Token(_ATOM, position, Phrase(words))


def _tokens(text: str) -> list[_Token]:
    text = _JUNK.sub(" ", text)
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        m = _TOKEN.match(text, position)
        kind = m.lastgroup
        token: _Token | None = None
        if kind == "lp":
            token = _Token(_LP, position)
        elif kind == "rp":
            token = _Token(_RP, position)
        elif kind == "neg":
            token = _Token(_NOT, position, spelling="'-'")
        elif kind == "phrase" or kind == "pclose":
            if not m.group("pclose"):
                raise _unclosed_quote(position)
            token = _phrase_token(m.group("phrase"), position)
        elif kind in ("field", "fquoted", "fclose", "fbare"):
            quoted = m.group("fquoted")
            value = quoted if quoted is not None else m.group("fbare")
            name = _field_name(m.group("field"), position, bool(value) or quoted is not None)
            if quoted is not None and not m.group("fclose"):
                raise _unclosed_quote(m.start("fquoted") - 1)
            if name is None:
                token = _word_token(m.group(), position)
            else:
                token = _Token(_ATOM, position, _field(name, value, position))
        elif kind == "word":
            token = _word_token(m.group(), position)
        if token is not None:
            tokens.append(token)
        position = m.end()
    return tokens


# --- parser --------------------------------------------------------------------------------


def _and(items: list[Node]) -> Node:
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, And) else (item,))
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def _or(items: list[Node]) -> Node:
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, Or) else (item,))
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def _not(item: Node) -> Node:
    return item.item if isinstance(item, Not) else Not(item)


class _Parser:
    """Recursive descent over the token list; depth is bounded so nothing overflows."""

    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def starts_unary(self) -> bool:
        token = self.peek()
        return token is not None and token.kind in (_ATOM, _NOT, _LP)

    def need_operand(self, op: _Token) -> None:
        if not self.starts_unary():
            raise QuerySyntaxError(f"{op.spelling} needs a term after it", op.position)

    def query(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.or_()
        token = self.peek()
        if token is not None:  # only a ")" can stop or_() early
            raise QuerySyntaxError(f"unmatched ')' at column {token.position + 1}", token.position)
        return node

    def or_(self) -> Node:
        items = [self.and_()]
        while (token := self.peek()) is not None and token.kind == _OR:
            self.i += 1
            self.need_operand(token)
            items.append(self.and_())
        return _or(items)

    def and_(self) -> Node:
        items = [self.unary()]
        while True:
            token = self.peek()
            if token is not None and token.kind == _AND:
                self.i += 1
                self.need_operand(token)
            elif not self.starts_unary():
                return _and(items)
            items.append(self.unary())

    def enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise QuerySyntaxError(
                f"query nests too deeply at column {token.position + 1} (at most {_MAX_DEPTH} levels)", token.position
            )

    def unary(self) -> Node:
        token = self.peek()
        if token is None or token.kind != _NOT:
            return self.atom()
        self.i += 1
        self.need_operand(token)
        self.enter(token)
        node = _not(self.unary())
        self.depth -= 1
        return node

    def atom(self) -> Node:
        token = self.peek()  # never None: callers check starts_unary() or the "(" case first
        if token.kind == _ATOM:
            self.i += 1
            return token.node
        if token.kind == _LP:
            self.i += 1
            inner = self.peek()
            if inner is None:
                raise QuerySyntaxError(f"unclosed '(' at column {token.position + 1}", token.position)
            if inner.kind == _RP:
                raise QuerySyntaxError(f"empty parentheses at column {token.position + 1}", token.position)
            self.enter(token)
            node = self.or_()
            self.depth -= 1
            closing = self.peek()
            if closing is None or closing.kind != _RP:
                raise QuerySyntaxError(f"unclosed '(' at column {token.position + 1}", token.position)
            self.i += 1
            return node
        if token.kind == _RP:
            raise QuerySyntaxError(f"unmatched ')' at column {token.position + 1}", token.position)
        raise QuerySyntaxError(f"{token.spelling} needs a term before it", token.position)


def parse_query(text: str) -> Query:
    """Parse a search query; raises :class:`QuerySyntaxError` (and nothing else) on bad input."""
    if not isinstance(text, str):
        raise QuerySyntaxError("the query must be text", 0)
    return Query(_Parser(_tokens(text)).query())


# --- helpers for the SQL translator --------------------------------------------------------


def _root(node: Query | Node | None) -> Node | None:
    return node.root if isinstance(node, Query) else node


def walk(node: Query | Node | None) -> Iterator[Node]:
    """Every node of the tree, depth first, parents before children."""
    stack = [_root(node)]
    while stack:
        current = stack.pop()
        if current is None:
            continue
        yield current
        if isinstance(current, (And, Or)):
            stack.extend(reversed(current.items))
        elif isinstance(current, Not):
            stack.append(current.item)


def text_terms(node: Query | Node | None) -> tuple[Term | Phrase, ...]:
    """The words and phrases a matching cable may contain (those not under NOT): for highlighting."""
    found: list[Term | Phrase] = []

    def visit(current: Node | None, negated: bool) -> None:
        if isinstance(current, (Term, Phrase)) and not negated:
            found.append(current)
        elif isinstance(current, (And, Or)):
            for item in current.items:
                visit(item, negated)
        elif isinstance(current, Not):
            visit(current.item, not negated)

    visit(_root(node), False)
    return tuple(found)


def is_text(node: Node) -> bool:
    """True when the node is made of words and phrases only (no field)."""
    return all(isinstance(n, (Term, Phrase, And, Or, Not)) for n in walk(node))


def fts5_quote(text: str, prefix: bool = False) -> str:
    """``text`` as one FTS5 string (a phrase of its tokens); ``prefix`` makes the last token a prefix.

    Inside an FTS5 string every character is literal except ``"`` (doubled here), so operators,
    ``*``, ``:``, ``^``, ``+``, ``-`` and parentheses typed by a user are only ever tokenised.
    """
    return '"' + _JUNK.sub(" ", text).replace('"', '""') + '"' + ("*" if prefix else "")


def fts5_match(node: Query | Node | None, field: Callable[[Field], str | None] | None = None) -> str | None:
    """An FTS5 MATCH expression selecting exactly the rows that satisfy ``node``, or None.

    None when no single MATCH can express it: the node holds a field that ``field`` does not
    translate (no field at all without it), or is purely negative (``NOT x``, ``a OR NOT b`` —
    FTS5's NOT is binary). Translate those with SQL boolean operators around the parts.
    """
    node = _root(node)
    if isinstance(node, Term):
        return fts5_quote(node.text, node.prefix)
    if isinstance(node, Phrase):
        return fts5_quote(" ".join(node.words))
    if isinstance(node, Field):
        return field(node) if field else None
    if isinstance(node, Or):
        parts = [fts5_match(item, field) for item in node.items]
        return None if None in parts else "(" + " OR ".join(parts) + ")"
    if isinstance(node, And):
        positive, negative = [], []
        for item in node.items:
            part = fts5_match(item.item if isinstance(item, Not) else item, field)
            if part is None:
                return None
            (negative if isinstance(item, Not) else positive).append(part)
        return fts5_and_not(positive, negative)
    return None


def fts5_and_not(positive: list[str], negative: list[str]) -> str | None:
    """``(a AND b) NOT c NOT d`` as FTS5 writes it; None without a positive part."""
    if not positive:
        return None
    expression = "(" + " AND ".join(positive) + ")"
    for part in negative:
        expression = f"({expression} NOT {part})"
    return expression


def _conjuncts(node: Node | None) -> tuple[Node, ...]:
    if node is None:
        return ()
    return node.items if isinstance(node, And) else (node,)


def split_text(query: Query | Node | None) -> tuple[str | None, tuple[Node, ...]]:
    """Split a query into one FTS5 MATCH expression and the conjuncts left for SQL.

    The MATCH covers the top-level AND items that are text (words, phrases, text sub-expressions
    FTS5 can express) together with the negated ones (``-word`` becomes FTS5 ``NOT``). When no
    positive text item exists the expression is None and every item is returned. The query is
    equivalent to ``MATCH expression AND all(rest)``.
    """
    items = _conjuncts(_root(query))
    text: list[Node] = []
    rest: list[Node] = []
    for item in items:
        expressible = fts5_match(item.item if isinstance(item, Not) else item) is not None
        (text if expressible else rest).append(item)
    if all(isinstance(item, Not) for item in text):
        return None, items
    return fts5_match(text[0] if len(text) == 1 else And(tuple(text))), tuple(rest)


# --- canonical text --------------------------------------------------------------------------

_BARE_VALUE = re.compile(r'[^\s()"]+')


def _quoted(value: str) -> str:
    return value if _BARE_VALUE.fullmatch(value) else '"' + value.replace('"', " ") + '"'


def to_text(node: Query | Node | None) -> str:
    """Canonical query text for a node; ``parse_query(to_text(q)) == q`` for any parsed ``q``."""
    node = _root(node)
    if node is None:
        return ""
    if isinstance(node, Term):  # a parsed term is never an operator word
        return node.text + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, Field):
        return f"{node.name}:{_quoted(node.value)}"
    if isinstance(node, DateRange):
        parts = []
        if node.start:
            parts.append(f"from:{node.start.isoformat()}")
        if node.end:
            parts.append(f"to:{node.end.isoformat()}")
        return " ".join(parts)
    if isinstance(node, Not):
        inner = to_text(node.item)
        return f"NOT ({inner})" if isinstance(node.item, (And, Or)) else f"NOT {inner}"
    if isinstance(node, And):
        return " ".join(f"({to_text(i)})" if isinstance(i, Or) else to_text(i) for i in node.items)
    return " OR ".join(to_text(i) for i in node.items)
