"""The cable as a person reads it: each header token and marking with its meaning beside it.

``explain(cable)`` turns a record into lines of glossed tokens. It is the single source of every
explanation that ``cablekit explain``, the reading room's hover notes and the JSON API show; the
meanings themselves come from the bundled glossary and TAGS tables (``cablekit.data``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from cablekit.data import meaning, station_name
from cablekit.model import Addressee, Cable, Header, Body


@dataclass(frozen=True, slots=True)
class Gloss:
    token: str  # the token as written in the cable
    meaning: str


@dataclass(slots=True)
class ExplainedLine:
    element: str  # FL1 … FL9, classification, caption, E.O., TAGS, SUBJECT, REF, …
    text: str  # the line as written (or a reconstruction of it)
    glosses: list[Gloss] = field(default_factory=list)


def _g(token: str | None, text: str | None) -> list[Gloss]:
    return [Gloss(token, text)] if token and text else []


def _precedence(word: str | None) -> list[Gloss]:
    return _g(word, meaning("precedence", word or ""))


def _station(ri: str | None) -> list[Gloss]:
    name = station_name(ri)
    return _g(ri, f"{meaning('term', 'routing indicator')}: {name}" if name else meaning("term", "routing indicator"))


def _addressee(a: Addressee, element: str) -> ExplainedLine:
    glosses = [Gloss(element.upper(), meaning("term", element.upper()) or "")] if element else []
    glosses += _station(a.routing_indicator)
    glosses += _g(a.name, f"collective: {meaning('term', 'collective')}" if a.collective else "addressee (plain-language address)")
    glosses += _precedence(a.precedence)
    glosses += _g(a.mcn, meaning("term", "MCN"))
    return ExplainedLine(element=element.upper(), text=a.raw, glosses=glosses)


def explain_header(header: Header) -> list[ExplainedLine]:
    lines: list[ExplainedLine] = []
    if header.transmission_id:
        lines.append(ExplainedLine("FL1", header.transmission_id, _g(header.transmission_id, meaning("term", "VZCZC"))))
    if header.precedence or header.called:
        glosses = _precedence(header.precedence)
        for ri in header.called:
            glosses += _station(ri)
        lines.append(ExplainedLine("FL2", " ".join([header.precedence or ""] + header.called).strip(), glosses))
    if header.de:
        de = header.de
        glosses = _g("DE", meaning("term", "DE")) + _station(de.routing_indicator)
        glosses += _g(de.serial and f"#{de.serial}", meaning("term", "station serial"))
        glosses += _g(de.section and f"/{de.section:02d}", meaning("term", "section"))
        if de.filing_time:
            glosses.append(Gloss(f"{de.filing_day:03d}{de.filing_time:%H%M}" if de.filing_day else f"{de.filing_time:%H%M}",
                                 f"{meaning('term', 'filing time')}: day {de.filing_day} = {de.filing_time:%Y-%m-%d %H:%M} UTC"))
        lines.append(ExplainedLine("FL3", de.raw, glosses))
    if header.security_warning:
        sw = header.security_warning
        key = f"{sw.signal} {sw.class_letters}" if sw.signal and sw.class_letters else sw.signal
        glosses = _g(key, meaning("security_warning", key or ""))
        for signal in sw.operating_signals:
            glosses += _g(signal, meaning("signal", signal) or "operating signal")
        lines.append(ExplainedLine("FL4", sw.raw, glosses))
    if header.dtg or header.action_precedence:
        glosses = _precedence(header.action_precedence)
        if header.info_precedence:
            glosses += [Gloss(header.info_precedence, f"info addressees: {meaning('precedence', header.info_precedence)}")]
        if header.dtg:
            glosses.append(Gloss(header.dtg_raw or "", f"{meaning('term', 'DTG')}: {header.dtg:%d %B %Y, %H:%M} UTC"))
        for signal in header.dtg_signals:
            glosses += _g(signal, meaning("signal", signal) or "operating signal")
        lines.append(ExplainedLine("FL5", header.dtg_raw or "", glosses))
    if header.originator:
        lines.append(ExplainedLine("FL6", f"FM {header.originator}", _g("FM", meaning("term", "FM")) + _g(header.originator, "originator")))
    for role, addressees in (("to", header.to), ("info", header.info), ("xmt", header.xmt)):
        lines += [_addressee(a, role) for a in addressees]
    return lines


def explain_body(body: Body, cable_id: str) -> list[ExplainedLine]:
    lines: list[ExplainedLine] = []
    if body.classification_line:
        glosses = _g(body.classification, meaning("classification", body.classification or ""))
        if body.section:
            glosses.append(Gloss(f"SECTION {body.section.number} OF {body.section.of}", meaning("term", "section") or ""))
        glosses += _g(body.location and f"{body.location} {body.serial}", f"{meaning('term', 'MRN')} → {cable_id}")
        lines.append(ExplainedLine("classification", body.classification_line, glosses))
    for caption in body.captions:
        lines.append(ExplainedLine("caption", caption, _g(caption, meaning("caption", caption) or "caption")))
    for caveat in body.caveats:
        lines.append(ExplainedLine("caveat", caveat, _g(caveat, meaning("caveat", caveat) or "dissemination control")))
    for passing in body.passing:
        lines.append(ExplainedLine("passing", passing, _g(passing, meaning("term", "passing"))))
    if body.eo:
        eo = body.eo
        glosses = _g(eo.order and f"E.O. {eo.order}", meaning("eo", eo.order or "") or meaning("term", "E.O."))
        if eo.not_applicable:
            glosses.append(Gloss("N/A", "no declassification instruction: the cable is unclassified"))
        if eo.declassify_on:
            glosses.append(Gloss(f"DECL: {eo.declassify_on:%m/%d/%Y}", f"declassify on {eo.declassify_on:%d %B %Y}"))
        if eo.declassify_event:
            glosses.append(Gloss(eo.declassify_event, meaning("schedule", eo.declassify_event) or "declassify on this event"))
        for code, text in zip(eo.exemptions, eo.exemption_meanings):
            glosses.append(Gloss(code, text))
        lines.append(ExplainedLine("E.O.", eo.raw, glosses))
    if body.tags:
        glosses = [Gloss(t.code, f"{t.kind}: {t.meaning}" if t.meaning else t.kind) for t in body.tags]
        lines.append(ExplainedLine("TAGS", "TAGS: " + " ".join(t.code for t in body.tags), glosses))
    if body.subject is not None:
        glosses = _g("SUBJECT", meaning("term", "SUBJECT"))
        glosses += _g(body.subject_portion_marking, meaning("portion_marking", body.subject_portion_marking or ""))
        lines.append(ExplainedLine("SUBJECT", body.subject, glosses))
    for ref in body.references:
        note = f"cites {ref.reference_id}" if ref.reference_id else f"{ref.kind} reference"
        if ref.year_inferred:
            note += f" ({meaning('term', 'year inferred')})"
        lines.append(ExplainedLine("REF", ref.raw, _g(ref.label, "reference label") + [Gloss(ref.raw, note)]))
    if body.classified_by:
        cb = body.classified_by
        glosses = _g(cb.name, f"classifier{f', {cb.title}' if cb.title else ''}")
        for reason in cb.reasons:
            glosses.append(Gloss(f"{reason.section} ({reason.letter})", reason.meaning or ""))
        lines.append(ExplainedLine("Classified By", cb.raw, glosses))
    marks = Counter(p.portion_marking for p in body.paragraphs if p.portion_marking)
    for mark, count in marks.items():
        lines.append(ExplainedLine("portion marking", f"({mark}) × {count}",
                                   _g(f"({mark})", meaning("portion_marking", mark) or meaning("term", "portion marking"))))
    for heading in body.headings:
        numbers = [body.paragraphs[i].number for i in heading.paragraphs if i < len(body.paragraphs)]
        lines.append(ExplainedLine("heading", heading.text, [Gloss(heading.text, f"{meaning('term', 'heading')}; paragraphs {numbers}")]))
    for signer in body.signers:
        lines.append(ExplainedLine("signer", signer, _g(signer, meaning("term", "signer"))))
    if body.redactions:
        lines.append(ExplainedLine("redaction", f"{body.redactions} redaction(s)", _g("XXXXXXXXXXXX", meaning("term", "redaction"))))
    return lines


def explain(cable: Cable) -> list[ExplainedLine]:
    return explain_header(cable.header) + explain_body(cable.body, cable.id)
