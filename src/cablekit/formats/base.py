"""What every container reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from cablekit.model import Container, ReaderWarning


@dataclass(slots=True)
class RawCable:
    """One cable as its container holds it, before the telegram is parsed.

    ``header_text`` is None when the container does not separate the routing header from the
    body (raw telegram text, the seed's page text): then ``text`` holds both and the parser
    finds the boundary. Otherwise ``text`` is the body block.
    Text is already cleaned of container furniture: entities decoded, ¶ anchors dropped,
    backslash-newlines folded, CRLF → LF, tag links reduced to their text.
    """

    container: Container
    text: str
    header_text: str | None = None
    warnings: list[ReaderWarning] = field(default_factory=list)


def new_raw_cable(container: Container, text: str, header_text: str | None, warnings: list[ReaderWarning]) -> RawCable:
    """``RawCable(container, text, header_text, warnings)`` without the dataclass' ``__init__``,
    which runs interpreted (tests/test_formats.py holds the two equal)."""
    cable = RawCable.__new__(RawCable)
    cable.container, cable.text, cable.header_text, cable.warnings = container, text, header_text, warnings
    return cable


class NotACable(ValueError):
    """Input that is not a cable at all: names the file and, where it helps, the line."""

    def __init__(self, source: str, reason: str, line: int | None = None):
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {reason}")
