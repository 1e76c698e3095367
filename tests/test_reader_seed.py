"""The model cable, 09RABAT904, read field by field (issue 2's pins)."""

from datetime import date, datetime, timezone

import msgspec
import pytest

import cablekit
from cablekit.model import Cable

from paths import FIXTURES, SEED


@pytest.fixture(scope="module")
def seed() -> Cable:
    path = SEED if SEED.exists() else FIXTURES / "09RABAT904.txt"
    cable = cablekit.read(path)
    assert isinstance(cable, Cable)
    return cable


def test_identity_and_container(seed):
    assert seed.id == "09RABAT904"
    assert seed.container.format == "wikileaks-text"
    assert seed.container.classification == "SECRET//NOFORN"
    assert seed.container.origin == "Embassy Rabat"


def test_routing_header(seed):
    h = seed.header
    assert h.precedence == "PRIORITY"
    assert h.de.routing_indicator == "RUEHRB"
    assert h.de.station == "AMEMBASSY RABAT"
    assert h.de.serial == "0904"
    assert h.de.filing_day == 314
    assert h.de.filing_time == datetime(2009, 11, 10, 14, 16, tzinfo=timezone.utc)
    assert h.dtg == datetime(2009, 11, 10, 14, 16, tzinfo=timezone.utc)
    assert h.originator == "AMEMBASSY RABAT"
    assert h.security_warning.classification and "SECRET" in h.security_warning.classification.upper()


def test_addressees(seed):
    (to,) = seed.header.to
    assert (to.routing_indicator, to.name, to.precedence, to.mcn) == ("RUEHC", "SECSTATE WASHDC", "PRIORITY", "0817")
    assert len(seed.header.info) == 4
    maghreb = seed.header.info[-1]
    assert maghreb.name == "MAGHREB COLLECTIVE" and maghreb.collective
    assert not any(a.collective for a in seed.header.info[:-1])


def test_markings_and_declassification(seed):
    b = seed.body
    assert b.classification == "SECRET"
    assert "SIPDIS" in b.captions
    assert "NOFORN" in b.caveats
    assert b.eo.order == "12958"
    assert b.eo.declassify_on == date(2019, 11, 9)


def test_tags_typed_and_glossed(seed):
    tags = {t.code: t for t in seed.body.tags}
    assert list(tags) == ["MARR", "PREL", "MASS", "MO"]
    assert tags["MO"].kind == "geographic" and tags["MO"].meaning == "Morocco"
    assert all(tags[c].kind == "subject" and tags[c].meaning for c in ("MARR", "PREL", "MASS"))


def test_subject_reference_classifier(seed):
    b = seed.body
    assert b.subject == "U.S.-MOROCCO SECURITY DIALOGUES"
    assert [r.reference_id for r in b.references] == ["09STATE112900"]
    assert b.references[0].year_inferred
    cb = b.classified_by
    assert cb.name == "Robert P. Jackson" and cb.title == "DCM"
    assert [(r.section, r.letter) for r in cb.reasons] == [("1.4", "b"), ("1.4", "c")]
    assert all(r.meaning for r in cb.reasons)


def test_paragraphs_headings_summary_comment_signer(seed):
    b = seed.body
    assert [p.number for p in b.paragraphs] == list(range(1, 10))
    assert [p.portion_marking for p in b.paragraphs] == ["S/NF", "SBU", "C", "S/NF", "SBU", "SBU", "U", "SBU", "SBU"]
    assert [p.classification for p in b.paragraphs][:3] == ["SECRET", "UNCLASSIFIED", "CONFIDENTIAL"]
    assert len(b.headings) == 8 and b.headings[-1].text == "Comment"
    assert b.headings[0].text == "Security Dialogue with Interior Ministry"
    # each heading sits over exactly the paragraph that follows it (paragraphs 2..9)
    assert [h.paragraphs for h in b.headings] == [[i] for i in range(1, 9)]
    assert b.paragraphs[0].heading is None and b.paragraphs[8].heading == "Comment"
    assert b.summary.startswith("The United States and Morocco maintain")
    assert "End summary" not in b.summary
    assert b.comment and "exemplary partner" in b.comment
    assert b.signers == ["Kaplan"]
    assert b.redactions == 0


def test_repeated_opening_block_read_once(seed):
    assert any(w.code == "opening-block-repeated" for w in seed.warnings)
    assert sum(p.number == 1 for p in seed.body.paragraphs) == 1


def test_record_round_trips_through_json(seed):
    data = msgspec.json.encode(seed)
    assert msgspec.json.decode(data, type=Cable) == seed
