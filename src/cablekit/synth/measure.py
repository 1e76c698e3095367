"""Measure the dev corpus once and write ``profile.json``, the synthetic generator's model.

    python -m cablekit.synth.measure [CORPUS_DIR] [CABLEGATE_IDS_CSV_GZ] [OUT_JSON]

Defaults: ``../shared/corpus``, ``../shared/reference/cablegate-ids.csv.gz`` and this package's
``profile.json``. Two sources:

* the 251,287 Cablegate reference ids with their month → origins, years, months and serial
  ranges per origin and year (realistic ids at any scale);
* the ~880 WikiLeaks HTML pages of the corpus → everything inside a cable: header lines, opening
  block, TAGS, references, paragraphs and their portion markings, headings, summaries,
  comments, signers, and a word-frequency table.

This is a development script, run by hand; it reads cables with its own small regexes (it only
needs counts, not a faithful reading) so that the profile does not change with the reader.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from cablekit.data import stations, tags
from cablekit.parse.ids import CABLEGATE_ID, year_of_two_digits

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_IDS = REPO.parent / "shared" / "reference" / "cablegate-ids.csv.gz"
DEFAULT_OUT = HERE / "profile.json"

# --- page pieces (§1.1) --------------------------------------------------------------------

_TABLE = re.compile(r"<table class='cable'>(.*?)</table>", re.S)
_CELL = re.compile(r"<a href='/(cable|date|reldate|classification|origin)/[^']*'[^>]*>([^<]*)</a>")
_PRE = re.compile(r"<code><pre>(.*?)</pre></code>", re.S)
_LINK = re.compile(r"<a [^>]*>(.*?)</a>")


def page_parts(html: str) -> dict[str, str] | None:
    table = _TABLE.search(html)
    if not table:
        return None
    cells = {kind: text.strip() for kind, text in _CELL.findall(table.group(1))}
    pres = [_LINK.sub(r"\1", p.replace("&#x000A;", "\n")).replace("¶", "") for p in _PRE.findall(html, table.end())]
    if len(pres) < 2:
        return None
    return {**cells, "header": pres[0], "body": pres[-1]}


# --- header lines (§2) ---------------------------------------------------------------------

_FL1 = re.compile(r"^VZCZC([A-Z]{3})(\d{4})", re.M)
_FL2 = re.compile(r"^(ZZ|OO|PP|RR)((?: [A-Z]{4,7})+)\s*$", re.M)
_DE = re.compile(r"^DE ([A-Z]{4,7}) #", re.M)
_FL5 = re.compile(r"^([ZOPR](?: [ZOPR])?) \d{6}Z [A-Z]{3} \d{2}", re.M)
_FM = re.compile(r"^FM (.+?)\s*$", re.M)
_PRECEDENCE_WORD = re.compile(r"\s+(?:NIACT IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE|FLASH)\b.*$")
_MCN = re.compile(r"\s\d{4}\s*$")
_PAGE_LINE = re.compile(r"PAGE \d+")
_ADDRESSEE = re.compile(r"^(?:[A-Z]{4,7}/)?[A-Z][A-Z0-9/&.,()' -]{2,70}$")


def addressee_lines(header: str) -> tuple[list[str], list[str], int]:
    """TO and INFO addressee lines without precedence/MCN (§2.7), and how many carried an MCN."""
    role, to, info, mcn = None, [], [], 0
    for line in header.split("\n"):
        line = line.strip()
        if line.startswith(("TO ", "INFO ")):
            role, line = line.split(" ", 1)
        elif line.startswith(("XMT", "BT", "NNNN")) or not line or _PAGE_LINE.match(line):
            role = None if not line.startswith("PAGE") else role
            continue
        if role is None:
            continue
        mcn += bool(_MCN.search(line))
        designator = _PRECEDENCE_WORD.sub("", _MCN.sub("", line)).strip()
        if _ADDRESSEE.match(designator) and "  " not in designator:  # not a 1970s distribution block
            (to if role == "TO" else info).append(designator)
    return to, info, mcn


# --- body (§3) -----------------------------------------------------------------------------

_CLASS_LINE = re.compile(
    r"^\s*(?P<cls>UNCLAS(?:SIFIED)?(?: E ?F ?T ?O)?|C ?O ?N ?F ?I ?D ?E ?N ?T ?I ?A ?L|S ?E ?C ?R ?E ?T"
    r"|LIMITED OFFICIAL USE)\s+(?:SECTION \d+ OF (?P<of>\d+)\s+)?(?P<location>[A-Z][A-Z .]*?)\s+(?P<serial>\d{3,7})\s*$",
    re.I,
)
_EO = re.compile(r"^\s*E\.?\s?O\.?\s?\d")
_TAGS = re.compile(r"^\s*TAGS?:?\s+(.*)$")
_SUBJECT = re.compile(r"^\s*SUBJ(?:ECT)?:?\s*(.*)$")
_REF = re.compile(r"^\s*REF(?:S|TEL|TELS|\(S\))?:?\s+(.*)$")
_REF_CABLE = re.compile(r"\b(?:(\d{2}|\d{4}) )?([A-Z][A-Z ]{2,20}?) (\d{1,6})\b")
_CLASSIFIED_BY = re.compile(r"^\s*classified\s+by:?\s*(.*)$", re.I)
_REASON_END = re.compile(r"(?:\)|\b[a-hA-H])$")
_REASON = re.compile(r"(?i)(?:for\s+)?reasons?:?\s*(1\.[45].*)$")
_PARAGRAPH = re.compile(r"^\s*(\d{1,3})\.\s*(?:\(([A-Za-z/ ]{1,12})\))?")
_DASHES = re.compile(r"^\s*[-=]{4,}\s*$")
_PAGE_MARKER = re.compile(r"^\s*[A-Z][A-Z ]+\s+\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\s*$")
_SUMMARY = re.compile(r"(?i)\b(?:begin )?summary\b\s*[:.]?")
_END_COMMENT = re.compile(r"(?i)\bend comment\b")
_COMMENT = re.compile(r"(?i)\bcomment\s*:")
_REDACTION = re.compile(r"[Xx]{6,}")
_SIGNER = re.compile(r"^[A-Z][A-Za-z'-]+(?: [A-Z][A-Za-z'-]+)?$")
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z]+(?:[-'’][A-Za-z]+)*|\d+")  # U.S. is one word
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_EO_DATE = re.compile(r"\b(\d{1,4})/(\d{1,2})/(\d{2,4})\b")
_CAPTION_WORDS = {"SIPDIS", "NOFORN", "SENSITIVE", "NODIS", "EXDIS", "LIMDIS", "STADIS", "ORCON", "NOCONTRACT", "PROPIN"}
_OPENING_KEYWORD = re.compile(r"\bE\.?\s?O\.?\s?\d|\bTAGS\b|\bSUBJ|\bREF\b|CLASSIFIED BY", re.I)
_STRUCTURE_WORDS = {"SUMMARY", "SUMMAY", "COMMENT", "TAGS", "SUBJECT", "SUBJ", "REF", "REFTEL", "SIPDIS", "NOFORN",
                    "NNNN", "CLASSIFIED"}
_LEVELS = {"UNCLASSIFIED": "U", "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "U", "CONFIDENTIAL": "C",
           "CONFIDENTIAL//NOFORN": "C", "SECRET": "S", "SECRET//NOFORN": "S"}


def eo_shape(line: str) -> str | None:
    """The E.O. line with its date replaced by a format token, e.g. ``E.O. 12958: DECL: {MM/DD/YYYY}``."""
    line = " ".join(line.split())
    m = _EO_DATE.search(line)
    if not m:
        return line if len(line) < 40 else None
    a, b, c = m.groups()
    if len(a) == 4:
        token = "{YYYY/MM/DD}"
    elif len(c) == 2:
        token = "{MM/DD/YY}"
    else:
        token = "{M/D/YYYY}" if len(a) == 1 or len(b) == 1 else "{MM/DD/YYYY}"
    return line[: m.start()] + token + line[m.end():]


def split_paragraphs(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """Numbered paragraphs: (portion marking, lines); text before paragraph 1 is skipped."""
    paragraphs: list[tuple[str | None, list[str]]] = []
    for line in lines:
        m = _PARAGRAPH.match(line)
        if m and (not paragraphs or int(m.group(1)) == len(paragraphs) + 1):
            paragraphs.append((m.group(2), [line[m.end():]]))
        elif paragraphs and not _PAGE_MARKER.match(line) and not _DASHES.match(line):
            paragraphs[-1][1].append(line)
    return paragraphs


class Profile:
    """Counters filled cable by cable, then reduced to JSON-friendly tables."""

    def __init__(self) -> None:
        self.c: dict[str, Counter] = defaultdict(Counter)
        self.origin_info: dict[str, Counter] = defaultdict(Counter)
        self.words = Counter()
        self.paragraph_words: list[int] = []
        self.pages = 0
        self.ids: set[str] = set()

    def add(self, p: dict[str, str]) -> None:
        c = self.c
        self.pages += 1
        reference_id = p.get("cable", "")
        m = CABLEGATE_ID.match(reference_id)
        origin = m.group(2) if m else None
        year = year_of_two_digits(int(m.group(1))) if m else None
        meta = p.get("classification", "")
        level = _LEVELS.get(meta, "U")
        c["classification"][meta] += 1
        c["released"][p.get("reldate", "")[:10]] += 1
        header, body = p["header"], p["body"]

        # header
        fl1 = _FL1.search(header)
        c["fl1"]["none" if not fl1 else "XYZ0000" if fl1.group(1) == "XYZ" else fl1.group(1)] += 1
        fl2 = _FL2.search(header)
        if fl2:
            ris = fl2.group(2).split()
            c["fl2_web"][ris == ["RUEHWEB"]] += 1
            if ris != ["RUEHWEB"]:
                c["fl2_ris"][min(len(ris), 12)] += 1
        fl5 = _FL5.search(header)
        if fl5:
            c["fl5"][fl5.group(1)] += 1
        to, info, mcn = addressee_lines(header)
        c["to_count"][min(len(to), 8)] += 1
        c["info_count"][min(len(info), 40)] += 1
        c["mcn"][True] += mcn
        c["mcn"][False] += len(to) + len(info) - mcn
        sender = "STATE" if origin == "STATE" else "post"
        for line in to:
            c["to_" + sender][line] += 1
        for line in info:
            c["info_" + sender][line] += 1
        de, fm = _DE.search(header), _FM.search(header)
        if origin:
            info_of = self.origin_info[origin]
            if de:
                info_of["ri:" + de.group(1)] += 1
            if fm:
                info_of["plad:" + fm.group(1)] += 1
            if p.get("origin"):
                info_of["name:" + p["origin"]] += 1

        # opening block
        lines = body.split("\n")
        first = next((i for i, line in enumerate(lines) if line.strip()), 0)
        cls = _CLASS_LINE.match(lines[first]) if lines else None
        if cls and origin:
            self.origin_info[origin]["location:" + " ".join(cls.group("location").upper().split())] += 1
            c["sections"][int(cls.group("of") or 1)] += 1
            c["class_line_spaced"][" " in cls.group("cls").strip()[:3]] += 1
        block: list[str] = []
        i = first + 1
        tag_codes: list[str] = []
        refs_here = 0
        subject_seen = False
        while i < min(len(lines), first + 40):
            line = lines[i].strip()
            if _EO.match(line):
                shape = eo_shape(line)
                if shape:
                    c["eo_" + ("classified" if level != "U" else "unclassified")][shape] += 1
                d = _EO_DATE.search(line)
                if d and year and len(d.group(3)) == 4:
                    c["decl_years"][int(d.group(3)) - year] += 1
            elif (t := _TAGS.match(line)) and not tag_codes:
                raw = t.group(1)
                c["tags_comma"][("," in raw)] += 1
                tag_codes = [x for x in re.split(r"[,\s]+", raw) if re.fullmatch(r"[A-Z]{2,6}", x)]
            elif (s := _SUBJECT.match(line)) and not subject_seen:
                subject_seen = True
                subject = s.group(1)
                if i + 1 < len(lines) and lines[i + 1].strip() and not _REF.match(lines[i + 1]) and not _CLASSIFIED_BY.match(lines[i + 1]):
                    subject += " " + lines[i + 1].strip()
                words = subject.split()
                c["subject_words"][min(len(words), 30)] += 1
                c["subject_upper"][subject == subject.upper()] += 1
                c["subject_colon"][":" in subject[:40]] += 1
            elif r := _REF.match(line):
                refs_here = self.add_references(r.group(1) + " " + (lines[i + 1] if i + 1 < len(lines) else ""), origin, year)
            elif cb := _CLASSIFIED_BY.match(line):
                text = cb.group(1)
                if i + 1 < len(lines) and lines[i + 1].strip() and "1.4" not in text and "1.5" not in text:
                    text += " " + lines[i + 1].strip()
                reason = _REASON.search(text)
                classifier = text[: reason.start()] if reason else text
                classifier = classifier.strip().rstrip(",;.:").removesuffix(" for").strip()
                if classifier and len(classifier) < 80 and "reason" not in classifier.lower():
                    c["classifiers"][classifier] += 1
                reason_text = reason.group(1).strip().rstrip(".") if reason else ""
                if reason_text.count("(") == reason_text.count(")") and _REASON_END.search(reason_text):
                    c["reasons"][reason_text] += 1
                c["classified_by"][level] += 1
            elif _PARAGRAPH.match(line) and _PARAGRAPH.match(line).group(1) == "1":
                break
            elif not tag_codes and line and not line.startswith("SUBJ"):
                block.append(line)
            i += 1
        c["classified_by_total"][level] += 1
        captions = tuple(line for line in block if line.replace(",", " ").split()[0:1] and set(line.replace(",", " ").split()) <= _CAPTION_WORDS)
        passing = [line for line in block if line not in captions and not _OPENING_KEYWORD.search(line) and re.match(r"^(?:[A-Z]+ )?(?:FOR|PASS)\b|^(?:STATE|DEPT|DEPARTMENT|NSC|USDOC|TREASURY)\b", line)]
        c["captions_" + meta][" | ".join(captions)] += 1
        c["passing_share"][bool(passing)] += 1
        for line in passing[:2]:
            c["passing"][line] += 1
        c["tag_count"][min(len(tag_codes), 15)] += 1
        for code in tag_codes:
            c["tags"][code] += 1
        if origin:
            c["corpus_origin"][origin] += 1
            for code in dict.fromkeys(tag_codes):  # ordered: ties in most_common stay stable
                if len(code) == 2:
                    c["home:" + origin][code] += 1
        c["ref_count"][min(refs_here, 8)] += 1

        # text
        paragraphs = split_paragraphs(lines[i:])
        c["paragraph_count"][min(len(paragraphs), 60)] += 1
        text = "\n".join(lines[i:])
        letters = [ch for ch in text if ch.isalpha()]
        upper = bool(letters) and sum(ch.isupper() for ch in letters) > 0.8 * len(letters)
        if year:
            c["upper"][f"{year}:{upper}"] += 1
        long_lines = sum(len(line) > 90 for line in lines)
        c["wrapped"][long_lines == 0] += 1
        for marking, plines in paragraphs:
            mark = " ".join(marking.upper().split()) if marking else ""
            c["marks_" + meta][mark] += 1
            ptext = " ".join(" ".join(plines).split())
            words = _WORD.findall(ptext)
            if len(words) >= 3:
                self.paragraph_words.append(len(words))
            if not upper:
                for sentence in _SENTENCE_END.split(ptext):
                    sw = _WORD.findall(sentence)
                    if len(sw) >= 3:
                        c["sentence_words"][min(len(sw), 80)] += 1
                        c["commas"][sentence.count(",")] += 1
                        self.words.update(w.replace("’", "'") for w in sw[1:])
        headings = [lines[j - 1].strip() for j in range(1, len(lines)) if _DASHES.match(lines[j]) and lines[j - 1].strip() and not _DASHES.match(lines[j - 1])]
        c["headings"][min(len(headings), 12)] += 1
        for j in range(2, len(lines)):
            if _DASHES.match(lines[j]) and lines[j - 1].strip() and not _DASHES.match(lines[j - 1]):
                c["heading_framed"][bool(_DASHES.match(lines[j - 2]))] += 1
        c["summary"][bool(_SUMMARY.search(text[:3000]))] += 1
        c["comment"][bool(_COMMENT.search(text) or _END_COMMENT.search(text))] += 1
        markers = sum(bool(_PAGE_MARKER.match(line)) for line in lines)
        c["page_markers"][markers > 0] += 1
        if len(text) > 4000:
            c["page_markers_long"][markers > 0] += 1
        if cls and int(cls.group("of") or 1) > 1:
            c["chars_per_section"][round(len(text) / int(cls.group("of")), -2)] += 1
        if markers:
            c["chars_per_page"][round(len(text) / (markers + 1), -2)] += 1
        redactions = len(_REDACTION.findall(text))
        c["redactions"][min(redactions, 20)] += 1
        tail = [line.strip() for line in lines if line.strip()][-1:] or [""]
        signer = tail[0]
        if _SIGNER.match(signer) and len(signer) <= 30 and len(set(signer.upper())) > 2:  # not NNNN, XXXX
            c["signed"][True] += 1
            c["signers"][signer.upper()] += 1
            if origin == "STATE" and year:
                c["state_signers"][f"{year}:{signer.upper()}"] += 1
        else:
            c["signed"][False] += 1
        c["length"][round(len(body), -3)] += 1

    def add_references(self, text: str, origin: str | None, year: int | None) -> int:
        """Count cable references of one REF line (§5.3) and how many resolve to a Cablegate id."""
        c = self.c
        found = 0
        for m in _REF_CABLE.finditer(text.upper()):
            ref_year, ref_origin, number = m.groups()
            ref_origin = ref_origin.replace("SECSTATE", "STATE").replace(" ", "")
            if ref_origin in ("AND", "PARA", "PARAS", "DATED", "E-MAIL", "EMAIL") or not year:
                continue
            found += 1
            y = year_of_two_digits(int(ref_year[-2:])) if ref_year else year
            c["ref_year_written"][bool(ref_year)] += 1
            c["ref_prev_year"][y < year] += 1
            c["ref_same_origin"][ref_origin == origin] += 1
            c["ref_state"][ref_origin == "STATE"] += 1
            c["ref_resolves"][f"{y % 100:02d}{ref_origin}{int(number)}" in self.ids] += 1
        c["ref_labels"][bool(re.match(r"\s*\(?A[.)]", text))] += 1
        return found


def histogram(counter: Counter) -> list[list]:
    """``[[value, count], …]`` sorted by value; keys that look numeric become numbers."""
    def key(k):
        return int(k) if isinstance(k, (int, bool)) or (isinstance(k, str) and k.lstrip("-").isdigit()) else k

    return sorted([[key(k), v] for k, v in counter.items()], key=lambda kv: (str(type(kv[0])), kv[0]))


def share(counter: Counter) -> float:
    total = counter[True] + counter[False]
    return round(counter[True] / total, 4) if total else 0.0


def top(counter: Counter, n: int, minimum: int = 1) -> list[list]:
    return [[k, v] for k, v in counter.most_common(n) if v >= minimum and k != ""]


def quantiles(values: list[int], n: int = 50) -> list[int]:
    values = sorted(values)
    return [values[min(len(values) - 1, round(q * (len(values) - 1) / (n - 1)))] for q in range(n)] if values else []


# --- origins -------------------------------------------------------------------------------

_PLAD_PREFIXES = {"AMEMBASSY": "Embassy", "AMCONSUL": "Consulate", "USMISSION": "Mission", "AMCONGEN": "Consulate",
                  "AIT": "AIT"}


def station_origins() -> dict[str, dict[str, str]]:
    """Origin token → RI, PLAD, location and WikiLeaks-style name, from the ACP 117 table (§2.9).

    State RIs (RUEH…) win; a place's last word may be dropped (``GUATEMALA CITY`` → GUATEMALA,
    ``USUN NEW YORK NY`` → USUNNEWYORK), as the classification line's location does.
    """
    found: dict[str, dict[str, str]] = {}
    for ri, plad in sorted(stations().items(), key=lambda kv: (not kv[0].startswith("RUEH"), kv[0])):
        prefix, _, place = plad.partition(" ")
        words = place.split()
        if prefix not in _PLAD_PREFIXES or not words:
            continue
        for n in (len(words), len(words) - 1):
            location = " ".join(words[:n])
            if n and (prefix != "AIT" or n == len(words)):
                location = f"AIT {location}" if prefix == "AIT" else location
                found.setdefault(location.replace(" ", ""), {
                    "ri": ri, "plad": f"{prefix} {' '.join(words[:n])}", "location": location,
                    "name": f"{_PLAD_PREFIXES[prefix]} {' '.join(words[:n]).title()}"})
    return found


def read_ids(path: Path) -> tuple[Counter, dict[tuple[str, int], int], Counter, set[str]]:
    per_pair: Counter = Counter()
    max_serial: dict[tuple[str, int], int] = {}
    months: Counter = Counter()
    ids: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            reference_id, _, month = line.strip().partition(",")
            m = CABLEGATE_ID.match(reference_id)
            if not m or not month.isdigit():
                continue
            ids.add(reference_id)
            year = year_of_two_digits(int(m.group(1)))
            pair = (m.group(2), year)
            per_pair[pair] += 1
            max_serial[pair] = max(max_serial.get(pair, 0), int(m.group(3)))
            months[(year, int(month))] += 1
    return per_pair, max_serial, months, ids


def measure(corpus: Path, ids_path: Path) -> dict:
    per_pair, max_serial, months, ids = read_ids(ids_path)
    profile = Profile()
    profile.ids = ids
    for path in sorted((corpus / "wikileaks-html").rglob("*.html")):
        parts = page_parts(path.read_text(encoding="utf-8", errors="replace"))
        if parts:
            profile.add(parts)
    c = profile.c

    # origins: corpus facts first, ACP 117 for the rest; origins known to neither are dropped
    derived = station_origins()
    origins: dict[str, dict] = {}
    for token in sorted({o for o, _ in per_pair}):
        seen = profile.origin_info.get(token)
        info = dict(derived.get(token, {}))
        if seen:
            for field in ("ri", "plad", "location", "name"):
                values = [(n, k.split(":", 1)[1]) for k, n in seen.items() if k.startswith(field + ":")]
                if values:
                    info[field] = max(values)[1]
        if {"ri", "plad", "location", "name"} <= info.keys() and info["location"].replace(" ", "") == token:
            home = c.get("home:" + token)
            if home:
                info["home_tag"] = home.most_common(1)[0][0]
            origins[token] = info
    pairs = [[o, y, n, max_serial[(o, y)]] for (o, y), n in sorted(per_pair.items()) if o in origins]

    homed = [o for o, info in origins.items() if "home_tag" in info]
    home_hits = sum(c["home:" + o][origins[o]["home_tag"]] for o in homed)
    home_total = sum(c["corpus_origin"][o] for o in homed)
    tag_kinds = tags()
    codes = [[code, n] for code, n in c["tags"].most_common() if code in tag_kinds]
    # ASCII words only: the generator's text stays ASCII, which keeps its string work fast
    # and no word that marks structure (END COMMENT, SUMMARY, TAGS …) in the middle of a sentence
    words = [[w, n] for w, n in profile.words.most_common(6500)
             if w.isascii() and not _REDACTION.fullmatch(w) and w.upper() not in _STRUCTURE_WORDS][:6000]
    levels = tuple(_LEVELS)  # an ordered tuple: the file is the same byte for byte on every run
    return {
        "about": {"pages": profile.pages, "ids": len(ids), "made_by": "python -m cablekit.synth.measure"},
        "origins": origins,
        "origin_years": pairs,
        "months": [[y, m, n] for (y, m), n in sorted(months.items())],
        "released": top(c["released"], 400),
        "classification": {k: c["classification"][k] for k in levels if c["classification"][k]},
        "captions": {meta: top(c["captions_" + meta], 25) + [["", c["captions_" + meta][""]]] for meta in levels},
        "passing": {"share": share(c["passing_share"]), "lines": top(c["passing"], 200)},
        "fl1": top(c["fl1"], 20),
        "fl2_web_share": share(c["fl2_web"]),
        "fl2_ris": histogram(c["fl2_ris"]),
        "fl5": top(c["fl5"], 10),
        "to_count": histogram(c["to_count"]),
        "info_count": histogram(c["info_count"]),
        "mcn_share": share(c["mcn"]),
        "to_post": top(c["to_post"], 60, 2),
        "info_post": top(c["info_post"], 300, 2),
        "to_state": top(c["to_STATE"], 200),
        "info_state": top(c["info_STATE"], 200),
        "sections": histogram(c["sections"]),
        "class_line_spaced_share": share(c["class_line_spaced"]),
        "eo": {"classified": top(c["eo_classified"], 15, 2), "unclassified": top(c["eo_unclassified"], 10, 2)},
        "decl_years": [[k, v] for k, v in histogram(c["decl_years"]) if 0 <= k <= 30],
        "tags": {
            "count": histogram(c["tag_count"]),
            "comma_share": share(c["tags_comma"]),
            "home_share": round(home_hits / max(1, home_total), 4),
            "codes": [[code, n, tag_kinds[code][0].kind if code in tag_kinds else "unknown"] for code, n in codes],
        },
        "subject": {"words": histogram(c["subject_words"]), "upper_share": share(c["subject_upper"]),
                    "colon_share": share(c["subject_colon"])},
        "refs": {
            "count": histogram(c["ref_count"]),
            "resolvable_share": share(c["ref_resolves"]),
            "same_origin_share": share(c["ref_same_origin"]),
            "state_share": share(c["ref_state"]),
            "previous_year_share": share(c["ref_prev_year"]),
            "labelled_share": share(c["ref_labels"]),
        },
        "classified_by": {
            "share": {lv: round(c["classified_by"][lv] / max(1, c["classified_by_total"][lv]), 4) for lv in "UCS"},
            "classifiers": top(c["classifiers"], 300),
            "reasons": top(c["reasons"], 40, 2),
        },
        "paragraphs": {"count": histogram(c["paragraph_count"]), "words": quantiles(profile.paragraph_words, 60)},
        "portion_marks": {meta: top(c["marks_" + meta], 12, 2) + [["", c["marks_" + meta][""]]] for meta in levels},
        "headings": {"count": histogram(c["headings"]), "framed_share": share(c["heading_framed"])},
        "summary_share": share(c["summary"]),
        "comment_share": share(c["comment"]),
        "chars_per_section": quantiles([k for k, n in c["chars_per_section"].items() for _ in range(n)], 20),
        "page_markers": {"share": share(c["page_markers"]), "long_share": share(c["page_markers_long"]),
                         "chars_per_page": quantiles(
            [k for k, n in c["chars_per_page"].items() for _ in range(n)], 20)},
        "redactions": histogram(c["redactions"]),
        "signers": {"share": share(c["signed"]), "names": top(c["signers"], 300),
                    "state": top(c["state_signers"], 30)},
        "upper_share_by_year": {
            str(y): round(c["upper"][f"{y}:True"] / (c["upper"][f"{y}:True"] + c["upper"][f"{y}:False"]), 3)
            for y in sorted({int(k.split(":")[0]) for k in c["upper"]})
        },
        "wrapped_share": share(c["wrapped"]),
        "sentence_words": histogram(c["sentence_words"]),
        "commas": histogram(c["commas"]),
        "words": words,
    }


def main(argv: list[str]) -> None:
    corpus = Path(argv[0]) if argv else DEFAULT_CORPUS
    ids_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_IDS
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    profile = measure(corpus, ids_path)
    out.write_text(json.dumps(profile, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{out}: {profile['about']['pages']} pages, {len(profile['origins'])} origins, "
          f"{out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
