"""Bundled reference data, loaded once on first use.

* ``stations.csv`` — routing indicator → station name (ACP 117, built by tools/build_data.py).
* ``tags.csv`` — TAGS codes with kind, meaning and era (built by tools/build_data.py).
* ``origin_aliases.csv`` — names drafters give an origin in REF lines (SECSTATE → STATE, §5.3);
  an empty origin marks a post-type word (AMEMBASSY) that is no origin.
* ``glossary.csv`` — meanings of header tokens and markings (precedences, security warnings,
  captions, caveats, portion markings, E.O. orders, exemptions, classification reasons).
  Every explanation cablekit shows comes from this one table.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files
from typing import NamedTuple


def _rows(name: str) -> list[dict[str, str]]:
    with files(__package__).joinpath(name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def stations() -> dict[str, str]:
    """Routing indicator → station name."""
    return {r["routing_indicator"]: r["name"] for r in _rows("stations.csv")}


class TagInfo(NamedTuple):
    code: str
    kind: str
    meaning: str
    era: str


@cache
def tags() -> dict[str, list[TagInfo]]:
    """TAGS code → its entries (a code may have several kinds, e.g. a country and an organization)."""
    table: dict[str, list[TagInfo]] = {}
    for r in _rows("tags.csv"):
        table.setdefault(r["code"], []).append(TagInfo(r["code"], r["kind"], r["meaning"], r["era"]))
    return table


@cache
def origin_aliases() -> dict[str, str | None]:
    """Alias → canonical origin token of a reference id (None: a post-type word, no origin)."""
    return {r["alias"]: r["origin"] or None for r in _rows("origin_aliases.csv")}


@cache
def glossary() -> dict[str, dict[str, str]]:
    """kind → token → meaning (see glossary.csv for the kinds)."""
    table: dict[str, dict[str, str]] = {}
    for r in _rows("glossary.csv"):
        table.setdefault(r["kind"], {})[r["token"]] = r["meaning"]
    return table


def meaning(kind: str, token: str) -> str | None:
    """The glossary meaning of one token, or None."""
    return glossary().get(kind, {}).get(token)


def station_name(routing_indicator: str | None) -> str | None:
    if not routing_indicator:
        return None
    return stations().get(routing_indicator) or meaning("station", routing_indicator)
