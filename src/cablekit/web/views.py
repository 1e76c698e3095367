"""What the pages show, as plain data: the HTML templates and the JSON API render the same values.

Pure functions of records and archive answers; no I/O, no HTML except :func:`highlight`, which
escapes the snippet text first and only then wraps the marked spans.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup, escape

from cablekit.data import tags as tag_table
from cablekit.explain import ExplainedLine
from cablekit.model import Cable, Paragraph
from cablekit.web.query_links import month_bounds

# --- text -------------------------------------------------------------------------------------

# Control characters (cables carry odd bytes) and lone surrogates, which cannot be sent as UTF-8.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def printable(text: str) -> str:
    """Text with control characters and lone surrogates replaced by U+FFFD."""
    return _UNPRINTABLE.sub("\ufffd", text)


def highlight(snippet: str, start: str, end: str) -> Markup:
    """A snippet with its ``start``…``end`` spans as ``<mark>``; every other character escaped."""
    out: list[str] = []
    rest = snippet
    while True:
        i = rest.find(start)
        j = rest.find(end, i + len(start)) if i >= 0 else -1
        if i < 0 or j < 0:
            out.append(escape(printable(rest.replace(start, "").replace(end, ""))))
            return Markup("".join(out))
        out.append(escape(printable(rest[:i].replace(end, ""))))
        out.append(Markup("<mark>%s</mark>") % printable(rest[i + len(start):j].replace(start, "")))
        rest = rest[j + len(end):]


# --- markings -----------------------------------------------------------------------------------

# Badge colours by classification level (U green, SBU/LOU teal, C blue, S red, TS orange).
_LEVEL_OF_MARK = {"U": "u", "SBU": "sbu", "LOU": "sbu", "C": "c", "S": "s", "TS": "ts"}
_LEVEL_OF_CLASSIFICATION = {
    "UNCLASSIFIED": "u",
    "SBU": "sbu",
    "LIMITED OFFICIAL USE": "sbu",
    "CONFIDENTIAL": "c",
    "SECRET": "s",
    "TOP SECRET": "ts",
}
_MARK_HEAD = re.compile(r"[A-Z]+")


def level(portion_marking: str | None, classification: str | None = None) -> str:
    """CSS level class of a portion marking (``S/NF`` → ``s``) or classification level."""
    head = _MARK_HEAD.match((portion_marking or "").upper())
    if head and head.group() in _LEVEL_OF_MARK:
        return _LEVEL_OF_MARK[head.group()]
    if classification:
        return _LEVEL_OF_CLASSIFICATION.get(classification.upper().split("//")[0].strip(), "other")
    return "other"


def tag_meaning(code: str) -> str:
    """What a TAGS code stands for (all its entries), from the bundled TAGS table."""
    return "; ".join(dict.fromkeys(f"{t.meaning} ({t.kind})" for t in tag_table().get(code.upper(), ())))


# --- the header as a person reads it -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    meaning: str | None = None  # None: plain text between tokens


@dataclass(slots=True)
class ReadLine:
    element: str
    element_meaning: str | None
    segments: list[Segment]
    extra: list[Segment]  # glosses whose token is not written on the line (e.g. the INFO keyword)


def _is_word_char(c: str) -> bool:
    return c.isalnum()


def _find_token(text: str, token: str, start: int, taken: list[tuple[int, int]]) -> int:
    """First free occurrence of ``token`` at or after ``start`` that is not part of a longer word."""
    i = text.find(token, start)
    while i >= 0:
        j = i + len(token)
        bounded = (i == 0 or not (_is_word_char(text[i - 1]) and _is_word_char(token[0]))) and (
            j == len(text) or not (_is_word_char(text[j]) and _is_word_char(token[-1]))
        )
        if bounded and all(j <= a or i >= b for a, b in taken):
            return i
        i = text.find(token, i + 1)
    return -1


def segments(line: ExplainedLine) -> tuple[list[Segment], list[Segment]]:
    """Split a line into plain text and glossed tokens; glosses not on the line come back apart."""
    taken: list[tuple[int, int, str]] = []
    extra: list[Segment] = []
    cursor = 0
    for gloss in line.glosses:
        if not gloss.token:
            continue
        spans = [(a, b) for a, b, _ in taken]
        i = _find_token(line.text, gloss.token, cursor, spans)
        if i < 0:
            i = _find_token(line.text, gloss.token, 0, spans)
        if i < 0:
            extra.append(Segment(gloss.token, gloss.meaning))
            continue
        taken.append((i, i + len(gloss.token), gloss.meaning))
        cursor = i + len(gloss.token)
    out: list[Segment] = []
    position = 0
    for a, b, meaning in sorted(taken):
        if a > position:
            out.append(Segment(line.text[position:a]))
        out.append(Segment(line.text[a:b], meaning))
        position = b
    if position < len(line.text):
        out.append(Segment(line.text[position:]))
    return out, extra


def read_lines(lines: list[ExplainedLine]) -> list[ReadLine]:
    """Explained lines → lines of segments; an element's keyword gloss becomes its label's meaning."""
    out = []
    for line in lines:
        segs, extra = segments(line)
        label = next((s.meaning for s in extra if s.text == line.element), None)
        out.append(ReadLine(line.element, label, segs, [s for s in extra if s.text != line.element]))
    return out


# Explained lines shown elsewhere than in the header panel: as badges, headings, the signature.
NOT_IN_HEADER = frozenset({"portion marking", "heading", "signer"})


def marking_meanings(lines: list[ExplainedLine]) -> dict[str, str]:
    """Portion marking → meaning, taken from the explanation's portion-marking lines."""
    out: dict[str, str] = {}
    for line in lines:
        if line.element == "portion marking":
            for gloss in line.glosses:
                out[gloss.token.strip("()")] = gloss.meaning
    return out


# --- paragraphs -----------------------------------------------------------------------------------


def anchor(paragraph: Paragraph) -> str:
    """``p<number>`` for numbered paragraphs, ``pi<index>`` for unnumbered ones."""
    return f"p{paragraph.number}" if paragraph.number is not None else f"pi{paragraph.index}"


@dataclass(slots=True)
class ParagraphView:
    anchor: str
    label: str  # "1." or "¶ 3"
    text: str
    portion_marking: str | None
    level: str
    marking_meaning: str | None
    heading: str | None  # a heading that starts before this paragraph
    part: str  # "summary" | "comment" | ""


@dataclass(slots=True)
class Block:
    """Consecutive paragraphs in the same part (summary, comment, or the rest)."""

    part: str
    paragraphs: list[ParagraphView] = field(default_factory=list)


def paragraph_blocks(cable: Cable, meanings: dict[str, str]) -> list[Block]:
    blocks: list[Block] = []
    seen: set[str] = set()
    heading: str | None = None
    for p in cable.body.paragraphs:
        name = anchor(p)
        if name in seen:  # duplicate paragraph numbers (restarted numbering): fall back to the index
            name = f"pi{p.index}"
        seen.add(name)
        part = "summary" if p.in_summary else "comment" if p.in_comment else ""
        starts_heading = p.heading if p.heading and p.heading != heading else None
        heading = p.heading
        view = ParagraphView(
            anchor=name,
            label=f"{p.number}." if p.number is not None else f"¶ {p.index + 1}",
            text=p.text,
            portion_marking=p.portion_marking,
            level=level(p.portion_marking, p.classification),
            marking_meaning=meanings.get(p.portion_marking or ""),
            heading=starts_heading,
            part=part,
        )
        if not blocks or blocks[-1].part != part or starts_heading:
            blocks.append(Block(part))
        blocks[-1].paragraphs.append(view)
    return blocks


# --- histogram ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    month: str  # YYYY-MM
    count: int
    x: float
    y: float
    width: float
    height: float
    start: date
    end: date
    url: str | None = None  # the search narrowed to this month


@dataclass(slots=True)
class Histogram:
    width: int
    height: int
    bars: list[Bar]
    years: list[tuple[float, int]]  # (x, year) of each January, for the axis
    peak: int


def _months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    y2, m2 = int(last[:4]), int(last[5:7])
    out = []
    while (y, m) <= (y2, m2):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def is_month(value: str) -> bool:
    return bool(_MONTH.fullmatch(value))


def histogram(months: list[tuple[str, int]], urls: dict[str, str] | None = None, width: int = 720, height: int = 110) -> Histogram | None:
    """SVG layout of a month histogram: every month between the first and the last gets a slot."""
    counts = {m: c for m, c in months if is_month(m) and c > 0}
    if not counts:
        return None
    slots = _months_between(min(counts), max(counts))
    peak = max(counts.values())
    step = width / len(slots)
    gap = step * 0.15 if step > 3 else 0
    bars, years = [], []
    for i, month in enumerate(slots):
        x = i * step
        if (month.endswith("-01") or i == 0) and x <= width - 28 and (not years or x - years[-1][0] >= 28):  # ~28 units a label
            years.append((round(x, 2), int(month[:4])))
        count = counts.get(month, 0)
        if not count:
            continue
        h = max(2.0, (height - 4) * math.sqrt(count / peak)) if len(slots) > 48 else max(2.0, (height - 4) * count / peak)
        start, end = month_bounds(month)
        bars.append(Bar(month, count, round(i * step, 2), round(height - h, 2), round(max(step - gap, 1), 2), round(h, 2), start, end, (urls or {}).get(month)))
    return Histogram(width, height, bars, years, peak)


# --- reference graph ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GraphNode:
    id: str
    depth: int
    archived: bool
    subject: str | None = None


@dataclass(frozen=True, slots=True)
class PlacedNode:
    id: str
    depth: int
    archived: bool
    subject: str | None
    x: float
    y: float
    labelled: bool  # crowded rings show their ids on hover only


CROWDED_RING = 16


@dataclass(slots=True)
class GraphLayout:
    size: int
    nodes: list[PlacedNode]
    edges: list[tuple[float, float, float, float]]


def radial_layout(nodes: list[GraphNode], edges: list[tuple[str, str]], size: int = 520) -> GraphLayout:
    """The centre cable in the middle, each further depth on a wider ring, evenly spaced."""
    centre = size / 2
    rings: dict[int, list[GraphNode]] = {}
    for node in nodes:
        rings.setdefault(node.depth, []).append(node)
    outer = max(rings) if rings else 0
    step = (centre - 40) / max(outer, 1)
    placed: dict[str, PlacedNode] = {}
    for depth, ring in sorted(rings.items()):
        for k, node in enumerate(sorted(ring, key=lambda n: n.id)):
            angle = 2 * math.pi * k / len(ring) - math.pi / 2 + depth * 0.35
            radius = depth * step if depth else 0.0
            placed[node.id] = PlacedNode(node.id, depth, node.archived, node.subject,
                                         round(centre + radius * math.cos(angle), 1), round(centre + radius * math.sin(angle), 1),
                                         depth == 0 or len(ring) <= CROWDED_RING)
    lines = [(placed[a].x, placed[a].y, placed[b].x, placed[b].y) for a, b in edges if a in placed and b in placed]
    return GraphLayout(size, list(placed.values()), lines)


# --- revision diff --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiffRow:
    kind: str  # equal | replace | delete | insert
    left_number: int | None
    left: str | None
    right_number: int | None
    right: str | None


def side_by_side(a: str, b: str, context: int | None = None) -> list[DiffRow]:
    """Two texts line by line, aligned (difflib), for a side-by-side view."""
    left, right = a.splitlines(), b.splitlines()
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        n = max(i2 - i1, j2 - j1)
        for k in range(n):
            li, rj = i1 + k, j1 + k
            rows.append(DiffRow(
                tag,
                li + 1 if li < i2 else None,
                left[li] if li < i2 else None,
                rj + 1 if rj < j2 else None,
                right[rj] if rj < j2 else None,
            ))
    return rows


def cable_text(cable: Cable) -> str:
    """The cable as read: header then body (what a revision diff compares)."""
    return cable.header_text + ("\n\n" if cable.header_text and cable.body_text else "") + cable.body_text
