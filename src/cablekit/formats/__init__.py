"""Containers: HTML pages, cables.csv, raw telegram text, PlusD pages → RawCable."""

from cablekit.formats.base import NotACable, RawCable

__all__ = ["NotACable", "RawCable"]
