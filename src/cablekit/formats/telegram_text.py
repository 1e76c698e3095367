"""Raw telegram text, as converted from WikiLeaks' PDFs (§1.1): Latin-1, CRLF, ¶ as byte 0xB6.

The whole file is the telegram (header lines, then the body); page markers such as
``NEW DELHI 00005138 002 OF 003`` are the parser's business (§3.2). There is no metadata
table: the reference id comes from the file name when it has the form of one.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from cablekit.formats.base import RawCable
from cablekit.formats.text import clean_text, decode, warning
from cablekit.model import Container, ReaderWarning

PILCROW = "¶"
# Cablegate reference id (YY + origin + serial) or NARA MRN (YYYY + station + serial), §5.1–5.2.
REFERENCE_ID = re.compile(r"(?:\d{2}|19\d{2}|20\d{2})[A-Z][A-Z-]*\d+")


def reference_id_from_name(source: str) -> str | None:
    """``…/06NEWDELHI5138.txt`` → ``06NEWDELHI5138``; PlusD ``_a``/``_b`` suffixes dropped."""
    stem = PurePath(source).name.split(".", 1)[0].upper()
    stem = stem[:-2] if len(stem) > 2 and stem[-2] == "_" else stem
    return stem if REFERENCE_ID.fullmatch(stem) else None


def drop_pilcrows(text: str) -> str:
    """``¶1.`` → ``1.``: the pilcrow is the PDF's rendering of a paragraph anchor (§1.1)."""
    return text.replace(PILCROW, "") if PILCROW in text else text


def read_telegram_text(data: bytes, source: str, format: str) -> RawCable:
    warnings: list[ReaderWarning] = []
    text, problem = decode(data)
    if problem:
        warnings.append(problem)
    text, problems = clean_text(drop_pilcrows(text))
    warnings += problems
    reference_id = reference_id_from_name(source)
    if reference_id:
        warnings.append(warning(
            "reference-id-from-filename", f"no metadata in the file; id {reference_id} taken from its name", "container"
        ))
    container = Container(format=format, source=source, reference_id=reference_id)
    return RawCable(container=container, text=text, header_text=None, warnings=warnings)
