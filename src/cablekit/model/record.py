"""The cable record: plain, typed, immutable data.

Field names follow ``cable-format.md`` (§8.2). Every struct is a ``msgspec.Struct``: it is built
fast, compared by value, and encodes to JSON (datetimes as ISO 8601) without custom code::

    msgspec.json.encode(cable)           # bytes
    msgspec.json.decode(data, type=Cable)  # back to a typed record

The model knows nothing of files, storage or HTTP.
"""

from __future__ import annotations

from datetime import date, datetime

from msgspec import Struct, field


class Record(Struct, frozen=True, kw_only=True):
    """Base of every record struct."""


class ReaderWarning(Record):
    """One repair or inconsistency the reader met (the ``email.message.defects`` idea)."""

    code: str  # short machine code, e.g. "opening-block-repeated", "dtg-created-mismatch"
    message: str  # one sentence a person can read
    where: str = ""  # element of the cable, e.g. "header.FL3", "body.tags", "paragraph 4"


# --- container ---------------------------------------------------------------------------


class Container(Record):
    """What the container (HTML page, CSV row, text file) says about the cable (§1)."""

    format: str  # wikileaks-html-2010 | wikileaks-html-2011 | wikileaks-text | telegram-text | cables-csv | plusd-html
    source: str = ""  # file path (and row for CSV), or "<stdin>"
    reference_id: str | None = None  # as the container gives it (may be malformed, §5.1)
    created: datetime | None = None
    released: datetime | None = None
    classification: str | None = None  # WikiLeaks' metadata value, e.g. "SECRET//NOFORN"
    origin: str | None = None  # human name of the post, e.g. "Embassy Rabat"
    title: str | None = None  # page title / cable title (= subject)
    tags: list[str] = field(default_factory=list)  # tag links of the page
    references: list[str] = field(default_factory=list)  # cables.csv column 6
    fields: dict[str, str] = field(default_factory=dict)  # other metadata (PlusD fields, CSV row id …)


# --- routing header (§2) -----------------------------------------------------------------


class DeLine(Record):
    """FL3: calling station, station serial, section and filing time (§2.3)."""

    raw: str
    routing_indicator: str | None = None
    station: str | None = None  # decoded from ACP 117
    serial: str | None = None  # station serial number, e.g. "0904"
    section: int | None = None
    filing_day: int | None = None  # Julian day of year
    filing_time: datetime | None = None  # UTC


class SecurityWarning(Record):
    """FL4: security warning operating signal and other signals (§2.4)."""

    raw: str
    signal: str | None = None  # ZNR | ZNY
    class_letters: str | None = None  # UUUUU, CCCCC, SSSSS …
    classification: str | None = None  # what the letters mean
    operating_signals: list[str] = field(default_factory=list)  # e.g. ["ZZH"]


class Addressee(Record):
    """One TO / INFO / XMT line (§2.7)."""

    role: str  # to | info | xmt
    raw: str
    name: str  # plain-language address designator (PLAD)
    routing_indicator: str | None = None
    station: str | None = None  # ACP 117 name of the RI
    precedence: str | None = None
    mcn: str | None = None  # message continuity number
    collective: bool = False


class Header(Record):
    """The ACP-127 routing header, format lines 1–9."""

    transmission_id: str | None = None  # FL1, e.g. VZCZCXYZ0000
    precedence: str | None = None  # FL2 precedence word, e.g. PRIORITY
    called: list[str] = field(default_factory=list)  # FL2 routing indicators
    de: DeLine | None = None
    security_warning: SecurityWarning | None = None
    action_precedence: str | None = None  # FL5
    info_precedence: str | None = None  # FL5 dual precedence
    dtg: datetime | None = None  # FL5 date-time group, UTC
    dtg_raw: str | None = None
    dtg_signals: list[str] = field(default_factory=list)  # signals after the DTG (ZDK, ZEX …)
    originator: str | None = None  # FL6 FM
    originator_routing_indicator: str | None = None
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)
    xmt: list[Addressee] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)  # 1970s ACTION/INFO office block


# --- body opening block (§3) -------------------------------------------------------------


class Section(Record):
    number: int
    of: int


class DeclassificationInstruction(Record):
    """The E.O. line (§3.5)."""

    raw: str
    order: str | None = None  # 12958, 13526, 11652 …
    amended: bool = False
    not_applicable: bool = False  # "N/A"
    declassify_on: date | None = None
    declassify_event: str | None = None  # event text, or a schedule such as GDS / OADR
    exemptions: list[str] = field(default_factory=list)  # X1, 1.6X1, 25X1 …
    exemption_meanings: list[str] = field(default_factory=list)


class Tag(Record):
    """One TAGS entry, typed (§4)."""

    code: str
    kind: str  # subject | program | geographic | region | organization | person | unknown
    meaning: str | None = None


class Reference(Record):
    """One item of the REF line (§5.3)."""

    raw: str
    label: str | None = None  # A, B, C …
    kind: str = "other"  # cable | dtg | email | report | other
    origin: str | None = None
    number: int | None = None
    year: int | None = None  # four digits
    year_inferred: bool = False  # True when the year came from the citing cable (§5.4)
    reference_id: str | None = None  # canonical id, e.g. 09STATE112900


class Reason(Record):
    section: str  # "1.4" | "1.5"
    letter: str  # a … h
    meaning: str | None = None


class ClassifiedBy(Record):
    """The ``Classified By`` line (§3.6)."""

    raw: str
    name: str | None = None
    title: str | None = None
    reasons: list[Reason] = field(default_factory=list)


class Paragraph(Record):
    """A paragraph with its own marking and text: the unit of access by clearance."""

    index: int  # position in the body, from 0
    text: str
    number: int | None = None  # as written ("1." → 1); None for unnumbered paragraphs
    portion_marking: str | None = None  # as written, e.g. "S/NF", "SBU", "C"
    classification: str | None = None  # level the marking stands for (UNCLASSIFIED … TOP SECRET)
    caveats: list[str] = field(default_factory=list)  # e.g. ["NOFORN"]
    heading: str | None = None  # the dash-underlined heading it sits under
    in_summary: bool = False
    in_comment: bool = False


class Heading(Record):
    text: str
    paragraphs: list[int] = field(default_factory=list)  # paragraph indexes under it


class Body(Record):
    classification: str | None = None  # UNCLASSIFIED | LIMITED OFFICIAL USE | CONFIDENTIAL | SECRET | TOP SECRET
    classification_line: str | None = None
    sensitive: bool = False  # SBU
    caveats: list[str] = field(default_factory=list)  # NOFORN, EFTO, ORCON …
    section: Section | None = None
    location: str | None = None  # origin token of the classification line, e.g. RABAT
    serial: str | None = None  # telegram number as written, e.g. 000904
    captions: list[str] = field(default_factory=list)  # SIPDIS, NODIS, EXDIS …
    passing: list[str] = field(default_factory=list)  # STATE FOR …
    eo: DeclassificationInstruction | None = None
    tags: list[Tag] = field(default_factory=list)
    subject: str | None = None
    subject_portion_marking: str | None = None
    references: list[Reference] = field(default_factory=list)
    classified_by: ClassifiedBy | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    summary: str | None = None
    comment: str | None = None
    signers: list[str] = field(default_factory=list)
    redactions: int = 0  # runs of XXXXXXXXXXXX


class Cable(Record):
    """One cable, read completely."""

    id: str  # canonical Cablegate reference id (or NARA MRN for 1970s documents)
    container: Container
    header: Header
    body: Body
    header_text: str = ""  # the routing header as read (entities decoded)
    body_text: str = ""  # the body as the container gave it (entities decoded, ¶ dropped); raw text on demand
    warnings: list[ReaderWarning] = field(default_factory=list)
