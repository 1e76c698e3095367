"""The cable record (see record.py)."""

from cablekit.model.record import (
    Addressee,
    Body,
    Cable,
    ClassifiedBy,
    Container,
    DeclassificationInstruction,
    DeLine,
    Header,
    Heading,
    Paragraph,
    Reason,
    ReaderWarning,
    Record,
    Reference,
    Section,
    SecurityWarning,
    Tag,
)

__all__ = [
    "Addressee", "Body", "Cable", "ClassifiedBy", "Container", "DeclassificationInstruction",
    "DeLine", "Header", "Heading", "Paragraph", "Reason", "ReaderWarning", "Record", "Reference",
    "Section", "SecurityWarning", "Tag",
]
