"""WikiLeaks PlusD cable pages (§1.4, §1.5).

The synopsis table holds ``s_key``/``s_val`` pairs (Date, Canonical ID, classifications, TAGS …);
the Content pane holds the telegram (``text-header`` then ``tagged-text``); the Metadata pane
holds the NARA attributes as ``Key: value`` lines whose long values wrap onto indented lines.
Unlike the Cablegate pages, PlusD escapes the cable text, so every ``<`` here is markup.
"""

from __future__ import annotations

import re
from datetime import datetime

from cablekit.formats.base import NotACable, RawCable
from cablekit.formats.text import add_once, clean_text, decode, make_datetime, strip_tags, warning
from cablekit.model import Container, ReaderWarning

SYNOPSIS = '<table id="synopsis">'
_TITLE_CELL = '<td colspan="2"'
_KEY = '<div class="s_key">'
_VALUE = '<div class="s_val"'
_PANE_HEADER = '<div class="pane-header'
_CONTENT = '<div class="pane-header">Content</div>'
_CONTENT_HEADER = '<div class="text-header'
_TAGGED_TEXT = '<div id="tagged-text">'
_RAW_CONTENT = '<div class="pane-header">Raw content</div>'
_METADATA = '<div class="pane-header">Metadata</div>'
_TEXT_CONTENT = '<div class="text-content">'
DIV_END = "</div>"

_DATE = re.compile(r"\s*(\d{4})\s+([A-Za-z]+)\s+(\d{1,2}),?\s*(?:(\d{1,2}):(\d{2}))?")
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july",
     "august", "september", "october", "november", "december"], 1)}
# A tag is shown as "CODE - meaning" (§1.4); persons as "SURNAME, NAME".
_TAG_MEANING = re.compile(r"\s+-\s+.*$", re.S)
_VERSION_SUFFIX = re.compile(r"_[a-z]$")
# Metadata pane (§1.5): "Key: value" at column 0; other lines continue the value.
_ATTRIBUTE = re.compile(r"([A-Z][A-Za-z]*(?: [A-Za-z]+)*):(?: (.*))?$")
_YAML_QUOTED = re.compile(r"^(?:! )?'(.*)'$", re.S)
NOT_GIVEN = "-- N/A or Blank --"


def parse_plusd_date(value: str) -> datetime | None:
    """``1974 May 17, 16:00 (Friday)`` (§1.4)."""
    m = _DATE.match(value)
    if not m or m.group(2).lower() not in MONTHS:
        return None
    year, _, day, hour, minute = m.groups()
    return make_datetime(int(year), MONTHS[m.group(2).lower()], int(day), int(hour or 0), int(minute or 0))


def _one_line(html: str) -> str:
    return " ".join(strip_tags(html).split())


def split_tags(value: str) -> list[str]:
    """``AMBATIELOS, ANTHONY | GR - Greece; Crete | PINS - Political …`` → codes and persons."""
    codes = (_TAG_MEANING.sub("", part).strip() for part in value.split("|"))
    return [code for code in codes if code]


def _element_text(html: str, start: int, end: int, closing: str) -> tuple[str, int] | None:
    """Inner HTML of the element whose opening tag starts at ``start``, and the offset after it.

    ``str.find`` only: regexes like ``<div…>(.*?)</div>`` go quadratic on pages cut or mangled
    so that the closing tag never comes.
    """
    open_end = html.find(">", start, end)
    close = html.find(closing, open_end, end) if open_end >= 0 else -1
    if close < 0:
        return None
    return html[open_end + 1:close], close + len(closing)


def read_synopsis(html: str) -> tuple[str | None, dict[str, str]]:
    """(title, {key: value}) of the synopsis table; values as text, not their title attributes."""
    start = html.find(SYNOPSIS)
    if start < 0:
        return None, {}
    end = html.find("</table>", start)
    end = len(html) if end < 0 else end
    title_at = html.find(_TITLE_CELL, start, end)
    title_cell = _element_text(html, title_at, end, "</td>") if title_at >= 0 else None
    title = _one_line(title_cell[0]) if title_cell else None
    pairs: dict[str, str] = {}
    pos = html.find(_KEY, start, end)
    while pos >= 0:
        key = _element_text(html, pos, end, DIV_END)
        value_at = html.find(_VALUE, key[1], end) if key else -1
        value = _element_text(html, value_at, end, DIV_END) if value_at >= 0 else None
        if key is None or value is None:
            break
        pairs.setdefault(_one_line(key[0]).rstrip(":").strip(), _one_line(value[0]))
        pos = html.find(_KEY, value[1], end)
    return title or None, pairs


def _pane_text(html: str, start: int) -> str | None:
    """Text of the ``<div>`` opening at or after ``start`` up to its first ``</div>``."""
    if start < 0:
        return None
    open_end = html.find(">", start)
    if open_end < 0:
        return None
    end = html.find(DIV_END, open_end)
    return html[open_end + 1: len(html) if end < 0 else end]


def read_content(html: str) -> str | None:
    """Content pane: the hidden text-header, then the tagged text; else the Raw content pane."""
    header = tagged = None
    pane = html.find(_CONTENT)
    if pane >= 0:
        pane_end = html.find(_PANE_HEADER, pane + len(_CONTENT))
        pane_end = len(html) if pane_end < 0 else pane_end
        header = _pane_text(html, html.find(_CONTENT_HEADER, pane, pane_end))
        tagged = _pane_text(html, html.find(_TAGGED_TEXT, pane, pane_end))
    if header is not None or tagged is not None:
        return strip_tags((header or "").rstrip("\n ") + "\n" + (tagged or ""))
    raw = html.find(_RAW_CONTENT)
    text = _pane_text(html, html.find(_TEXT_CONTENT, raw)) if raw >= 0 else None
    return strip_tags(text) if text is not None else None


def read_attributes(text: str) -> dict[str, str]:
    """``Key: value`` lines of the Metadata pane; wrapped lines joined with one space."""
    attributes: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.split("\n"):
        m = _ATTRIBUTE.match(line)
        if m:
            current = attributes.setdefault(m.group(1), [])
            current.clear()  # a repeated key: the last one wins
            if m.group(2):
                current.append(m.group(2).strip())
        elif current is not None and line.strip():
            current.append(line.strip())
    result = {}
    for key, parts in attributes.items():
        value = " ".join(parts)
        quoted = _YAML_QUOTED.match(value)
        result[key] = " ".join(quoted.group(1).replace("''", "'").split()) if quoted else value
    return result


def merge_attributes(fields: dict[str, str], attributes: dict[str, str]) -> None:
    """Both panes name some fields alike (TAGS, From, To …): the synopsis keeps the plain name,
    a differing Metadata-pane value goes in as ``"<key> (metadata)"``."""
    for key, value in attributes.items():
        if key not in fields:
            fields[key] = value
        elif fields[key] != value:
            fields[f"{key} (metadata)"] = value


def read_plusd_html(data: bytes, source: str, format: str) -> RawCable | NotACable:
    warnings: list[ReaderWarning] = []
    html, problem = decode(data)
    add_once(warnings, problem)
    title, fields = read_synopsis(html)
    content = read_content(html)
    if not fields and content is None:
        return NotACable(source, "PlusD page without synopsis table and without content pane")
    if not fields:
        warnings.append(warning("metadata-missing", "the page has no synopsis table", "container"))

    metadata_at = html.find(_METADATA)
    metadata = _pane_text(html, html.find(_TEXT_CONTENT, metadata_at)) if metadata_at >= 0 else None
    if metadata is not None:
        merge_attributes(fields, read_attributes(strip_tags(metadata)))
    else:
        warnings.append(warning("metadata-missing", "the page has no Metadata pane", "container"))

    text = ""
    if content is None:
        warnings.append(warning("body-missing", "the page has no Content pane", "body"))
    else:
        text, problems = clean_text(content, "body")
        warnings += problems

    canonical_id = fields.get("Canonical ID") or fields.get("Document Number")
    created = parse_plusd_date(fields["Date"]) if fields.get("Date") else None
    if fields.get("Date") and created is None:
        warnings.append(warning("date-unreadable", f"Date {fields['Date']!r} is not a date", "container"))
    classification = fields.get("Original Classification") or fields.get("Current Classification")
    origin = fields.get("From")
    container = Container(
        format=format,
        source=source,
        reference_id=_VERSION_SUFFIX.sub("", canonical_id) if canonical_id else None,
        created=created,
        classification=classification if classification and classification != NOT_GIVEN else None,
        origin=origin if origin and origin != NOT_GIVEN else None,
        title=title or fields.get("Subject"),
        tags=split_tags(fields.get("TAGS", "")),
        fields=fields,
    )
    return RawCable(container=container, text=text, header_text=None, warnings=warnings)
