"""Containers: HTML pages, cables.csv, raw telegram text, PlusD pages → RawCable."""

from cablekit.formats.base import NotACable, RawCable
from cablekit.formats.detect import FORMATS, detect_format
from cablekit.formats.read import read_bytes, read_path, read_text

__all__ = ["FORMATS", "NotACable", "RawCable", "detect_format", "read_bytes", "read_path", "read_text"]
