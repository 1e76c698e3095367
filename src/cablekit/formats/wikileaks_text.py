"""Page text of a WikiLeaks mirror, like the seed ``09RABAT904.txt`` (§1.1, last points).

Layout: the labels ``Identifier / Created / Classification / Origin`` then their four values,
``Cable title:`` with the title on the following lines, ``Tags:`` with the codes, the furniture
line ``pdf how-to read a cable``, then the header lines and the body as plain text. The body's
opening block is often printed twice: that is left to the parser (§1.1).
"""

from __future__ import annotations

import re

from cablekit.formats.base import RawCable
from cablekit.formats.text import clean_text, decode, parse_iso_datetime, warning
from cablekit.model import Container, ReaderWarning

LABELS = ("Identifier", "Created", "Classification", "Origin")
_TITLE = re.compile(r"\s*Cable title:(.*)")  # values stripped in Python: "(.*?)\s*$" can go quadratic
_TAGS = re.compile(r"\s*Tags:(.*)")
_FURNITURE = re.compile(r"^\s*pdf\s+how-to read a cable\s*$")
# How far the metadata preamble may reach; past it everything is cable text.
PREAMBLE_LINES = 40
MAX_TITLE_LINES = 4

# The mirror's sidebar list of years, glued to the signer: "Kaplan1966\n1972\n1975 …".
_YEAR = r"(?:19[6-9]\d|20[0-3]\d)"
_TRAILING_YEARS = re.compile(_YEAR + r"(?:[ \t\xa0]*\n[ \t\xa0]*" + _YEAR + r")+[\s\xa0…]*\Z")
TAIL = 4096


def looks_like_page_text(head: str) -> bool:
    """The four labels open the text (blank lines and spaces allowed)."""
    lines = [line.strip() for line in head.split("\n", 12)[:12] if line.strip()]
    return tuple(lines[:4]) == LABELS


def remove_trailing_years(text: str) -> tuple[str, ReaderWarning | None]:
    start = max(0, len(text) - TAIL)
    m = _TRAILING_YEARS.search(text, start)
    if not m:
        return text, None
    years = m.group(0).split()
    return text[: m.start()].rstrip(), warning(
        "trailing-furniture-removed",
        f"removed the mirror's list of years after the text ({years[0]} … {years[-1]})",
        "body",
    )


def read_preamble(lines: list[str]) -> tuple[list[str], str | None, list[str], int]:
    """(the four values, title, tags, index of the first line of cable text)."""
    title_lines: list[str] = []
    tags: list[str] = []
    values: list[str] = []
    labels_seen = 0
    in_title = False
    body_start = 0
    for i, line in enumerate(lines[:PREAMBLE_LINES]):
        stripped = line.strip()
        if not stripped:
            continue
        if labels_seen < len(LABELS) and stripped == LABELS[labels_seen]:
            labels_seen += 1
        elif m := _TITLE.match(line):
            in_title = True
            title_lines.append(m.group(1))
        elif m := _TAGS.match(line):
            in_title = False
            tags = m.group(1).split()  # separated by spaces and no-break spaces
        elif _FURNITURE.match(line):
            return values, _title(title_lines), tags, i + 1
        elif labels_seen == len(LABELS) and len(values) < len(LABELS):
            values.append(stripped)
        elif in_title and len(title_lines) < MAX_TITLE_LINES:
            title_lines.append(stripped)
        else:
            break  # the first line that is no metadata: the cable text starts here
        body_start = i + 1
    return values, _title(title_lines), tags, body_start


def _title(lines: list[str]) -> str | None:
    return " ".join(" ".join(lines).split()) or None


def read_page_text(data: bytes, source: str, format: str) -> RawCable:
    warnings: list[ReaderWarning] = []
    text, problem = decode(data)
    if problem:
        warnings.append(problem)
    text, problems = clean_text(text)
    warnings += problems
    lines = text.split("\n")
    values, title, tags, body_start = read_preamble(lines)
    meta = dict(zip(LABELS, values))
    if len(values) < len(LABELS):
        missing = ", ".join(LABELS[len(values):])
        warnings.append(warning("metadata-missing", f"page text lacks {missing}", "container"))

    body, problem = remove_trailing_years("\n".join(lines[body_start:]).strip("\n"))
    if problem:
        warnings.append(problem)

    created = parse_iso_datetime(meta["Created"]) if "Created" in meta else None
    if "Created" in meta and created is None:
        warnings.append(warning("date-unreadable", f"Created {meta['Created']!r} is not a date", "container"))
    container = Container(
        format=format,
        source=source,
        reference_id=meta.get("Identifier"),
        created=created,
        classification=meta.get("Classification"),
        origin=meta.get("Origin"),
        title=title,
        tags=tags,
    )
    return RawCable(container=container, text=body, header_text=None, warnings=warnings)
