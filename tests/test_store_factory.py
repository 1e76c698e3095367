"""Hand-built Cable records and a small archive for the store tests (no reader involved).

Each cable is written like the real thing (opening block, REF line, portion-marked paragraphs) so
that a test can check a result against the text right here.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from cablekit.model import Addressee, Body, Cable, Container, Header, Paragraph, Reference, Tag
from cablekit.store.archive import Archive
from cablekit.store.rows import cable_rows
from cablekit.store.writer import Writer

MARKINGS = {"U": "UNCLASSIFIED", "SBU": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET", "S/NF": "SECRET"}


def make_cable(
    cable_id: str,
    subject: str,
    paragraphs: list[tuple[str, str]],
    *,
    classification: str = "CONFIDENTIAL",
    caveats: tuple[str, ...] = (),
    captions: tuple[str, ...] = ("SIPDIS",),
    tags: tuple[str, ...] = ("PREL",),
    refs: tuple[str, ...] = (),
    dtg: datetime = datetime(2009, 11, 10, 14, 16),
    released: datetime | None = datetime(2010, 11, 28, 18, 0),
    origin: str = "Embassy Rabat",
    location: str = "RABAT",
) -> Cable:
    """paragraphs: (portion marking, text); refs: canonical ids cited on the REF line."""
    paras = [
        Paragraph(index=i, number=i + 1, text=text, portion_marking=mark, classification=MARKINGS.get(mark),
                  caveats=["NOFORN"] if mark.endswith("/NF") else [])
        for i, (mark, text) in enumerate(paragraphs)
    ]  # fmt: skip
    references = [
        Reference(raw=f"{chr(65 + i)}. {m[2]} {m[3]}", label=chr(65 + i), kind="cable", origin=m[2], number=int(m[3]),
                  year=2000 + int(m[1]), reference_id=r)
        for i, r in enumerate(refs) if (m := re.match(r"(\d{2})([A-Z]+)(\d+)$", r))
    ]  # fmt: skip
    body_text = "\n\n".join(f"{p.number}. ({p.portion_marking}) {p.text}" for p in paras)
    return Cable(
        id=cable_id,
        container=Container(
            format="wikileaks-html-2010", source=f"test/{cable_id}.html", reference_id=cable_id, created=dtg,
            released=released, classification=classification + ("//NOFORN" if "NOFORN" in caveats else ""),
            origin=origin, title=subject, tags=list(tags),
        ),
        header=Header(
            precedence="PRIORITY", dtg=dtg, originator=f"AMEMBASSY {location}",
            to=[Addressee(role="to", raw="RUEHC/SECSTATE WASHDC PRIORITY 0817", name="SECSTATE WASHDC", routing_indicator="RUEHC")],
        ),
        body=Body(
            classification=classification, caveats=list(caveats), captions=list(captions), location=location,
            tags=[Tag(code=t, kind="subject") for t in tags], subject=subject, references=references, paragraphs=paras,
        ),
        body_text=body_text,
    )  # fmt: skip


# A small world: Rabat cites State; Paris cites Rabat and a cable the archive does not hold.
CABLES = [
    make_cable(
        "09RABAT904", "U.S.-MOROCCO SECURITY DIALOGUES",
        [("S/NF", "Summary: the security dialogue with the Interior Ministry covered counterterrorism."),
         ("C", "Western Sahara remained the main topic of the political dialogue."),
         ("U", "The Ambassador thanked the minister for his hospitality.")],
        classification="SECRET", caveats=("NOFORN",), tags=("MARR", "PREL", "MASS", "MO"), refs=("09STATE112900",),
    ),
    make_cable(
        "09STATE112900", "SECURITY DIALOGUE GUIDANCE",
        [("C", "Posts should raise counterterrorism cooperation with host governments."),
         ("U", "Washington appreciates the efforts of Morocco and Algeria.")],
        dtg=datetime(2009, 10, 28, 9, 0), tags=("PREL", "PTER"), origin="Secretary of State", location="STATE",
    ),
    make_cable(
        "08PARIS1234", "FRANCE ON THE WESTERN SAHARA",
        [("C", "French officials discussed the Western Sahara autonomy plan."),
         ("U", "Paris favours a negotiated settlement between Morocco and the Polisario.")],
        dtg=datetime(2008, 7, 2, 16, 30), tags=("PREL", "FR", "MO", "WI"), refs=("09RABAT904", "07RABAT1117"),
        origin="Embassy Paris", location="PARIS",
    ),
    make_cable(
        "06BAKU1165", "AZERBAIJAN ENERGY NOTES",
        [("U", "Oil production rose in the Caspian fields; pipeline throughput was steady.")],
        classification="UNCLASSIFIED", captions=(), dtg=datetime(2006, 8, 14, 5, 0), tags=("EPET", "AJ"),
        origin="Embassy Baku", location="BAKU",
    ),
]  # fmt: skip


def write_archive(path: Path, cables: list[Cable] = CABLES) -> Path:
    """An archive holding ``cables``, written through the Writer as ingest does."""
    with Archive(path, write=True) as archive:
        writer = Writer(archive.db)
        archive.db.execute("BEGIN")
        for cable in cables:
            writer.cable(cable_rows(cable), cable.container.source, cable.container.source, "test")
        writer.commit()
    return path
