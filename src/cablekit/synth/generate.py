"""Synthetic cables drawn from ``profile.json`` (see ``measure.py``): realistic, fast, deterministic.

Every draw comes from one ``random.Random(seed)``, in a fixed order, so a (count, seed) pair
always gives the same cables. Cables are generated in date order: serial numbers grow through
the year per origin (as telegram numbers do, §5.4) and a cable's references cite cables generated
before it, so every resolvable reference points back in time.

Speed comes from doing the slow work once: the text comes from a pool of sentences drawn from
the measured word frequencies (built once per process), and every distribution is turned into a
cumulative-weight table up front.
"""

from __future__ import annotations

import bisect
import calendar
import json
import random
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from importlib.resources import files
from itertools import accumulate

from cablekit.data import tags as tag_table
from cablekit.formats.base import RawCable
from cablekit.model import Container

FORMAT = "wikileaks-html-2010"
SENTENCE_POOL = 20_000
REDACTION = "XXXXXXXXXXXX"
LINE_WIDTH = 69  # ACP 127: lines of at most 69 characters (§2)
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
PRECEDENCE_WORDS = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": ""}  # ROUTINE is left out (§2.7)
CLASS_LINES = {"U": ("UNCLAS", "UNCLAS"), "C": ("C O N F I D E N T I A L", "CONFIDENTIAL"), "S": ("S E C R E T", "SECRET")}
SECURITY_WARNINGS = {"U": "ZNR UUUUU ZZH", "C": "ZNY CCCCC ZZH", "S": "ZNY SSSSS ZZH"}  # §2.4

FIRST_LINE_WIDTH = 55  # leaves room for "12. (S/NF) Summary: " on a paragraph's first line
_WRAP = re.compile(r"(.{1,%d})(?: +|$)" % LINE_WIDTH)
_WRAP_FIRST = re.compile(r"(.{1,%d})(?: +|$)" % FIRST_LINE_WIDTH)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")


@cache
def load_profile() -> dict:
    """The measured profile, bundled with the package (``profile.json``)."""
    return json.loads(files(__package__).joinpath("profile.json").read_text(encoding="utf-8"))


# --- weighted choice tables ----------------------------------------------------------------


class Table:
    """Values with weights, for ``rng.choices`` with precomputed cumulative weights."""

    __slots__ = ("values", "cum", "total")

    def __init__(self, pairs: Sequence[Sequence]):
        pairs = [p for p in pairs if p[1] > 0]
        self.values = [p[0] for p in pairs]
        self.cum = list(accumulate(p[1] for p in pairs))
        self.total = self.cum[-1] if self.cum else 0

    def draw(self, rng: random.Random):
        return self.values[bisect.bisect(self.cum, rng.random() * self.total)]

    def draws(self, rng: random.Random, k: int) -> list:
        return rng.choices(self.values, cum_weights=self.cum, k=k)

    def distinct(self, rng: random.Random, k: int) -> list:
        """Up to ``k`` different values (2k draws, duplicates dropped; the tables are long-tailed)."""
        if k <= 0:
            return []
        return list(dict.fromkeys(rng.choices(self.values, cum_weights=self.cum, k=2 * k)))[:k]


# --- the plan: ids and dates, in date order -------------------------------------------------


@dataclass(slots=True)
class Planned:
    origin: str
    year: int
    created: datetime
    serial: int = 0

    @property
    def reference_id(self) -> str:
        return f"{self.year % 100:02d}{self.origin}{self.serial}"


def plan(profile: dict, count: int, rng: random.Random) -> list[Planned]:
    """``count`` (origin, year, created, serial) in date order, ids unique and well-formed (§5.1)."""
    pairs = profile["origin_years"]
    pair_table = Table([(i, n) for i, (_, _, n, _) in enumerate(pairs)])
    months: dict[int, Table] = {}
    for year, month, n in profile["months"]:
        months.setdefault(year, []).append((month, n))
    months = {year: Table(rows) for year, rows in months.items()}
    every_month = Table([(m, 1) for m in range(1, 13)])
    planned: list[Planned] = []
    for index in pair_table.draws(rng, count):
        origin, year, _, _ = pairs[index]
        month = months.get(year, every_month).draw(rng)
        day = 1 + int(rng.random() * calendar.monthrange(year, month)[1])
        minute = int(rng.random() * 1440)
        planned.append(Planned(origin, year, datetime(year, month, day, minute // 60, minute % 60)))
    planned.sort(key=lambda p: p.created)
    by_pair: dict[tuple[str, int], list[Planned]] = {}
    for p in planned:
        by_pair.setdefault((p.origin, p.year), []).append(p)
    max_serial = {(o, y): m for o, y, _, m in pairs}
    for pair in sorted(by_pair):
        cables = by_pair[pair]
        top = max(max_serial[pair], len(cables))
        for p, serial in zip(cables, sorted(rng.sample(range(1, top + 1), len(cables)))):
            p.serial = serial
    return planned


# --- text ----------------------------------------------------------------------------------


def sentence_pool(profile: dict, rng: random.Random, size: int = SENTENCE_POOL) -> list[str]:
    """Sentences of measured length and comma count, words drawn by measured frequency."""
    words = Table(profile["words"])
    lengths = Table([(n, c) for n, c in profile["sentence_words"] if 3 <= n <= 60])
    commas = Table(profile["commas"])
    pool: list[str] = []
    for _ in range(size):
        n = lengths.draw(rng)
        sentence = words.draws(rng, n)
        sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
        for _ in range(min(commas.draw(rng), n // 4)):
            i = 1 + int(rng.random() * (n - 2))
            if not sentence[i].endswith(","):
                sentence[i] += ","
        if rng.random() < 0.03:  # a quoted word or two: exercises quote escaping (§1.2)
            i = 1 + int(rng.random() * (n - 2))
            sentence[i] = '"' + sentence[i].rstrip(",") + '"'
        if sentence[-1].isdigit():  # "… 9." must not open a line as if it were paragraph 9
            sentence.append(words.draw(rng))
        pool.append(" ".join(sentence).rstrip(",.") + ".")
    return pool


def wrap(text: str, first: int = LINE_WIDTH) -> str:
    """Break a long line at spaces into lines of at most 69 characters (§2); the first line may
    be kept shorter, for the paragraph number and portion marking that will precede it."""
    if len(text) <= first:
        return text
    head = _WRAP_FIRST.match(text) if first < LINE_WIDTH else None
    if head is None:
        return "\n".join(_WRAP.findall(text))
    return head.group(1) + "\n" + "\n".join(_WRAP.findall(text, head.end()))


class TextPool:
    """Running text, drawn once: sentences grouped in blocks of one or two, laid out twice — as
    running text and wrapped at 69 columns — so that a paragraph is one slice of a long string."""

    def __init__(self, profile: dict, rng: random.Random, size: int = SENTENCE_POOL):
        sentences = sentence_pool(profile, rng, size)
        blocks: list[str] = []
        i = 0
        while i < len(sentences):
            k = 1 + int(rng.random() * 2)
            blocks.append(" ".join(sentences[i : i + k]))
            i += k
        self.block_words = sum(b.count(" ") + 1 for b in blocks) / len(blocks)
        self.flat, self.flat_at = self._layout(blocks, " ")
        self.wrapped, self.wrapped_at = self._layout([wrap(b, FIRST_LINE_WIDTH) for b in blocks], "\n")
        self.blocks = len(blocks)
        self.stream = Table(profile["words"]).draws(rng, 50_000)

    @staticmethod
    def _layout(blocks: list[str], separator: str) -> tuple[str, list[int]]:
        offsets = [0]
        for block in blocks:
            offsets.append(offsets[-1] + len(block) + len(separator))
        return separator.join(blocks) + separator, offsets

    def paragraphs(self, rng: random.Random, sizes: list[int], wrapped: bool) -> list[str]:
        """Consecutive paragraphs of ``sizes`` blocks each, from a random point of the pool."""
        text, at = (self.wrapped, self.wrapped_at) if wrapped else (self.flat, self.flat_at)
        a = int(rng.random() * max(1, self.blocks - sum(sizes)))
        out = []
        for k in sizes:
            if a + k > self.blocks:
                a = 0
            out.append(text[at[a] : at[a + k] - 1])
            a += k
        return out

    def words(self, rng: random.Random, n: int) -> str:
        """``n`` words in a row from the frequency-drawn stream (subjects, headings)."""
        i = int(rng.random() * (len(self.stream) - n))
        return " ".join(self.stream[i : i + n])


POOL_SEED = 0


@cache
def text_pool() -> TextPool:
    """The bundled profile's text pool, drawn once per process with its own fixed seed: every
    generator shares it, and a generator's seed decides which of its text each cable gets."""
    return TextPool(load_profile(), random.Random(POOL_SEED))


def redact(text: str, rng: random.Random) -> str:
    """Replace one capitalised word after a random point with a redaction run (§1.1)."""
    m = _CAPITALISED.search(text, int(rng.random() * len(text)))
    return text[: m.start()] + REDACTION + text[m.end() :] if m else text


# --- one cable -----------------------------------------------------------------------------


@dataclass(slots=True)
class Cited:
    reference_id: str
    origin: str
    year: int
    serial: int


@dataclass(slots=True)
class Synthetic:
    """A generated cable: container metadata, header and body text, and what it cites.

    ``text`` = ``opening`` + the ``blocks`` (paragraphs, headings, page markers, signature)
    joined by blank lines; ``paragraph_blocks`` are the indexes of the numbered paragraphs.
    """

    container: Container
    header_text: str
    text: str
    opening: str
    blocks: list[str]
    paragraph_blocks: list[int] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # cited ids, canonical

    def raw(self) -> RawCable:
        return RawCable(container=self.container, text=self.text, header_text=self.header_text)


ROUTINGS_PER_ORIGIN = 4


@dataclass(slots=True)
class Routing:
    """A post's distribution list: FL1 channel, FL2 called RIs, TO and INFO (designator, MCN base)."""

    ti: str
    called: str
    to: list[tuple[str, int | None]]
    info: list[tuple[str, int | None]]


def _nearest(table: dict[int, object], year: int):
    """The entry of the nearest year (ties: the earlier one)."""
    return table[min(table, key=lambda y: (abs(y - year), y))]


class Generator:
    """Holds the profile's tables and the state that makes references point back in time."""

    def __init__(self, seed: int = 0, profile: dict | None = None):
        self.profile = p = profile or load_profile()
        self.rng = random.Random(seed)
        self.origins = p["origins"]
        self.classification = Table(list(p["classification"].items()))
        self.captions = {meta: Table(rows) for meta, rows in p["captions"].items()}
        self.marks = {meta: Table([r for r in rows if r[0]]) for meta, rows in p["portion_marks"].items()}
        self.unmarked = {meta: dict(rows).get("", 0) / max(1, sum(n for _, n in rows))
                         for meta, rows in p["portion_marks"].items()}
        self.passing = Table(p["passing"]["lines"])
        self.fl1 = Table([(k, n) for k, n in p["fl1"] if k != "none"])
        self.fl2_ris = Table(p["fl2_ris"])
        self.fl5 = Table(p["fl5"])
        self.to_count = Table(p["to_count"])
        self.info_count = Table(p["info_count"])
        self.addressees = {k: Table(p[k]) for k in ("to_post", "info_post", "to_state", "info_state")}
        self.mcn_share = p["mcn_share"]
        self.eo = {k: Table(rows) for k, rows in p["eo"].items()}
        self.decl_years = Table(p["decl_years"])
        self.tag_count = Table(p["tags"]["count"])
        # TAGS of the cable's era (§4.3): the 1974 list until 1979, the Cablegate-era list after
        eras = {code: {info.era for info in infos} for code, infos in tag_table().items()}
        self.tag_codes = {
            old: Table([(code, n) for code, n, _ in p["tags"]["codes"]
                        if eras.get(code, {"both"}) & {"both", "1974" if old else "cablegate"}])
            for old in (True, False)
        }
        self.geographic = {code for code, _, kind in p["tags"]["codes"] if kind == "geographic"}
        self.countries = {code: info[0].meaning.split(" (")[0].split(",")[0]
                          for code, info in tag_table().items() if code in self.geographic}
        self.subject_words = Table(p["subject"]["words"])
        self.ref_count = Table(p["refs"]["count"])
        self.classifiers = Table(p["classified_by"]["classifiers"])
        self.reasons = Table(p["classified_by"]["reasons"])
        self.paragraph_count = Table(p["paragraphs"]["count"])
        self.heading_count = Table(p["headings"]["count"])
        self.redactions = Table(p["redactions"])
        self.state_signers = {int(k.split(":")[0]): k.split(":")[1] for k, _ in reversed(p["signers"]["state"])}
        secretaries = set(self.state_signers.values())
        self.signers = [name for name, _ in p["signers"]["names"] if name not in secretaries]
        self.chars_per_page = [int(c) for c in p["page_markers"]["chars_per_page"] if 1500 <= c <= 6000] or [3000]
        self.released = Table([(datetime.fromisoformat(day), n) for day, n in p["released"]])
        self.upper_by_year = {int(y): share for y, share in p["upper_share_by_year"].items()}
        self.by_year: dict[int, tuple[float, str | None]] = {}
        self.routing: dict[str, list[Routing]] = {}
        self.text = text_pool() if profile is None else TextPool(p, random.Random(POOL_SEED))
        # paragraph sizes in pool blocks, from the measured words per paragraph (outliers capped)
        self.block_counts = [max(1, round(min(w, 400) / self.text.block_words)) for w in p["paragraphs"]["words"]]
        self.generated: list[Cited] = []
        self.by_origin: dict[str, list[Cited]] = {}
        self.ids: set[str] = set()
        self.last_serial: dict[tuple[str, int], int] = {}
        self.max_serial = {(o, y): m for o, y, _, m in p["origin_years"]}

    # -- pieces ------------------------------------------------------------------------------

    def year_facts(self, year: int) -> tuple[float, str | None]:
        """Share of upper-case cables and the Secretary who signs STATE cables, that year."""
        facts = self.by_year.get(year)
        if facts is None:
            signer = _nearest(self.state_signers, year) if self.state_signers else None
            facts = self.by_year[year] = (_nearest(self.upper_by_year, year), signer)
        return facts

    def routings(self, origin: str, rng: random.Random) -> list[Routing]:
        """The few distribution lists a post uses (drawn at its first cable, then reused)."""
        found = self.routing.get(origin)
        if found is None:
            sender = "state" if origin == "STATE" else "post"
            found = self.routing[origin] = []
            for _ in range(ROUTINGS_PER_ORIGIN):
                to = self.addressees["to_" + sender].distinct(rng, max(1, self.to_count.draw(rng)))
                info = self.addressees["info_" + sender].distinct(rng, self.info_count.draw(rng))
                ti = self.fl1.draw(rng)
                called = [a.split("/")[0] for a in info if a.startswith("RUEH") and "/" in a]
                called = " ".join(dict.fromkeys(called[: self.fl2_ris.draw(rng)])) or "RUEHWEB"
                mcn = self.mcn_share
                found.append(Routing(
                    ti, "RUEHWEB" if ti == "XYZ0000" else called,
                    [(a, int(rng.random() * 10000) if rng.random() < mcn else None) for a in to],
                    [(a, int(rng.random() * 10000) if rng.random() < mcn else None) for a in info],
                ))
        return found

    def header(self, p: Planned, level: str, rng: random.Random) -> str:
        """FL1–FL8 (§2): TI, called RIs, DE line, security warning, DTG, FM, TO, INFO.

        The MCN of an addressee grows with the sender's serial, as a continuity number does (§2.7).
        """
        origin = self.origins[p.origin]
        routings = self.routings(p.origin, rng)
        routing = routings[int(rng.random() * len(routings))]
        precedence = self.fl5.draw(rng)
        action = precedence[0]
        created, serial = p.created, p.serial
        lines = []
        if p.year >= 1990:  # older cables come without the transmission lines
            if routing.ti == "XYZ0000":
                lines += ["VZCZCXYZ0000", f"{action}{action} RUEHWEB", ""]
            else:
                lines += [f"VZCZC{routing.ti}{int(rng.random() * 10000):04d}", f"{action}{action} {routing.called}"]
            filed = created + timedelta(minutes=int(rng.random() * 4))
            yday = filed.toordinal() - self.january_first(filed.year) + 1
            lines.append(f"DE {origin['ri']} #{serial % 10000:04d}/01 {yday:03d}{filed.hour:02d}{filed.minute:02d}")
            lines.append(SECURITY_WARNINGS[level])
        lines.append(f"{precedence} {created.day:02d}{created.hour:02d}{created.minute:02d}Z "
                     f"{MONTHS[created.month - 1]} {created.year % 100:02d}")
        lines.append(f"FM {origin['plad']}")
        for keyword, addressees, word in (("TO", routing.to, PRECEDENCE_WORDS[action]),
                                          ("INFO", routing.info, PRECEDENCE_WORDS[precedence[-1]])):
            for designator, mcn in addressees:
                line = f"{designator} {word}" if word else designator
                if mcn is not None:
                    line = f"{line} {(mcn + serial) % 10000:04d}"
                lines.append(f"{keyword} {line}" if keyword else line)
                keyword = ""
        return "\n".join(lines)

    @staticmethod
    @cache
    def january_first(year: int) -> int:
        return datetime(year, 1, 1).toordinal()

    def tags(self, p: Planned, rng: random.Random) -> list[str]:
        """TAGS (§4): subject/program/organization codes first, geographic codes last."""
        n = self.tag_count.draw(rng)
        codes = self.tag_codes[p.year < 1980].distinct(rng, n)
        home = self.origins[p.origin].get("home_tag")
        if home and home not in codes and rng.random() < self.profile["tags"]["home_share"]:
            codes = codes[: max(0, n - 1)] + [home]
        geographic = self.geographic
        return [c for c in codes if c not in geographic] + [c for c in codes if c in geographic]

    def eo_line(self, p: Planned, level: str, rng: random.Random) -> str:
        """The E.O. line (§3.5), with the order in force in the cable's year."""
        if p.year < 1996:
            order = "11652" if p.year < 1978 else "12065" if p.year < 1982 else "12356"
            return f"E.O. {order}: N/A" if level == "U" else f"E.O. {order}: DECL: OADR"
        shape = self.eo["unclassified" if level == "U" else "classified"].draw(rng)
        if "{" not in shape:
            return shape
        d = p.created
        year = d.year + self.decl_years.draw(rng)
        day = 28 if d.month == 2 and d.day == 29 else d.day
        token = shape[shape.index("{") : shape.index("}") + 1]
        if token == "{YYYY/MM/DD}":
            date = f"{year}/{d.month:02d}/{day:02d}"
        elif token == "{M/D/YYYY}":
            date = f"{d.month}/{day}/{year}"
        elif token == "{MM/DD/YY}":
            date = f"{d.month:02d}/{day:02d}/{year % 100:02d}"
        else:
            date = f"{d.month:02d}/{day:02d}/{year}"
        return shape.replace(token, date)

    def subject(self, codes: list[str], rng: random.Random) -> str:
        """SUBJECT (§3.9), often led by the country: ``MOROCCO: …``."""
        text = self.text.words(rng, self.subject_words.draw(rng))
        geo = [c for c in codes if c in self.countries]
        if geo and rng.random() < self.profile["subject"]["colon_share"]:
            text = f"{self.countries[geo[0]]}: {text}"
        return text.upper() if rng.random() < self.profile["subject"]["upper_share"] else text

    def cite(self, p: Planned, rng: random.Random) -> Cited:
        """One cited cable: an earlier generated one, or one that is not in the set (§5.3)."""
        refs = self.profile["refs"]
        r = rng.random()
        same, state = refs["same_origin_share"], refs["state_share"]
        origin = p.origin if r < same else "STATE" if r < same + state else None
        if rng.random() < refs["resolvable_share"]:
            candidates = self.by_origin.get(origin) if origin else self.generated
            if candidates:
                return candidates[-1 - int(rng.random() * min(len(candidates), 200))]
        origin = origin or ("STATE", p.origin)[rng.random() < 0.5]
        year = p.year - 1 if rng.random() < refs["previous_year_share"] else p.year
        last = self.last_serial.get((origin, year), 0)
        if year == p.year and last == 0:
            year -= 1  # nothing of that origin yet this year: cite last year's, all generated already
        # a serial below the last one given out cannot be given out later (serials grow, §5.4)
        top = last if year == p.year else self.max_serial.get((origin, year)) or last or 9999
        serial = 1 + int(rng.random() * top)
        for _ in range(8):
            if f"{year % 100:02d}{origin}{serial}" not in self.ids:
                break
            serial = 1 + int(rng.random() * top)
        return Cited(f"{year % 100:02d}{origin}{serial}", origin, year, serial)

    def ref_line(self, p: Planned, cited: list[Cited], rng: random.Random) -> str:
        """REF: A. STATE 112900 B. 08 RABAT 850 — the year only when it is not the cable's (§5.4)."""
        items = []
        for c in cited:
            location = self.origins[c.origin]["location"]
            year = f"{c.year % 100:02d} " if c.year != p.year else ""
            items.append(f"{year}{location} {c.serial}".replace(" ", "\0"))
        if len(items) > 1 and rng.random() < self.profile["refs"]["labelled_share"]:
            line = "REF: " + " ".join(f"{chr(65 + i)}.\0{item}" for i, item in enumerate(items))
        else:
            line = "REF: " + "; ".join(items)
        return wrap(line).replace("\0", " ")  # lines break between items, never inside one

    def signer(self, p: Planned, rng: random.Random) -> str | None:
        """The closing surname (§3.7): the Secretary for STATE, one chief of mission per post and year."""
        if rng.random() >= self.profile["signers"]["share"]:
            return None
        state_signer = self.year_facts(p.year)[1]
        if p.origin == "STATE" and state_signer:
            return state_signer
        return self.signers[zlib.crc32(f"{p.origin}{p.year}".encode()) % len(self.signers)]

    # -- the cable ---------------------------------------------------------------------------

    def body_blocks(self, p: Planned, meta: str, rng: random.Random) -> tuple[list[str], list[int], int]:
        """Paragraphs (§3.7) — numbered, portion-marked, with summary, comment, redactions —,
        headings, page markers (§3.2) and the signature; with the paragraph indexes and page count."""
        prof = self.profile
        n = self.paragraph_count.draw(rng)
        sizes, rand = self.block_counts, rng.random
        texts = self.text.paragraphs(rng, [sizes[int(rand() * len(sizes))] for _ in range(max(1, n))],
                                     rand() < prof["wrapped_share"])
        for _ in range(self.redactions.draw(rng)):
            i = int(rand() * len(texts))
            texts[i] = redact(texts[i], rng)
        numbered = n > 0
        if numbered and rand() < prof["summary_share"]:
            texts[0] = f"Summary: {texts[0]} End Summary."
        if len(texts) > 2 and rand() < prof["comment_share"]:
            texts[-1] = f"Comment: {texts[-1]} End Comment."
        if numbered:
            if rand() < self.unmarked[meta]:
                texts = [f"{i}. {t}" for i, t in enumerate(texts, 1)]
            else:
                table = self.marks[meta]
                markings = table.draws(rng, len(texts))
                if rand() < 0.7:
                    markings[0] = table.values[0]
                texts = [f"{i}. ({m}) {t}" for i, (m, t) in enumerate(zip(markings, texts), 1)]
        blocks = texts
        paragraphs = list(range(len(texts))) if numbered else []
        headings = min(self.heading_count.draw(rng), len(texts) - 1)
        if headings:
            framed = rand() < prof["headings"]["framed_share"]
            at = sorted({1 + int(rand() * (len(texts) - 1)) for _ in range(headings)})
            for i in reversed(at):  # high to low: each insert leaves the lower positions alone
                heading = self.text.words(rng, 1 + int(rand() * 4)).title()
                dashes = "-" * len(heading)
                blocks.insert(i, f"{dashes}\n{heading}\n{dashes}" if framed else f"{heading}\n{dashes}")
            if numbered:
                paragraphs = [j + bisect.bisect_right(at, j) for j in paragraphs]
        signer = self.signer(p, rng)
        if signer:
            blocks.append(signer)
        pages = max(1, -(-sum(map(len, blocks)) // self.chars_per_page[int(rand() * len(self.chars_per_page))]))
        if pages > 1 and rand() < prof["page_markers"]["long_share"]:
            location, step = self.origins[p.origin]["location"], max(1, len(blocks) // pages)
            for page in range(pages, 1, -1):
                i = min(len(blocks) - 1, (page - 1) * step)
                blocks.insert(i, f"{location} {p.serial:08d} {page:03d} OF {pages:03d}")
                paragraphs = [j + (j >= i) for j in paragraphs]
        if rand() < self.year_facts(p.year)[0]:
            blocks = [b.upper() for b in blocks]
        return blocks, paragraphs, pages

    def opening(self, p: Planned, meta: str, level: str, pages: int, codes: list[str], subject: str,
                cited: list[Cited], rng: random.Random) -> str:
        """Classification line, captions, passing line, E.O., TAGS, SUBJECT, REF, Classified By (§3)."""
        prof, rand = self.profile, rng.random
        spaced, plain = CLASS_LINES[level]
        section = f" SECTION 01 OF {pages:02d}" if pages > 1 else ""
        lines = [f"{spaced if rand() < prof['class_line_spaced_share'] else plain}{section} "
                 f"{self.origins[p.origin]['location']} {p.serial:06d}", ""]
        captions = self.captions[meta].draw(rng)
        if captions:
            captions = [c for c in captions.split(" | ") if c != "SIPDIS" or p.year >= 2006]  # SIPDIS: from 2006 (§3.3)
            lines += captions + [""] if captions else []
        if rand() < prof["passing"]["share"]:
            lines += [self.passing.draw(rng), ""]
        lines.append(self.eo_line(p, level, rng))
        if codes:
            lines.append("TAGS: " + (", " if rand() < prof["tags"]["comma_share"] else " ").join(codes))
        lines += [f"SUBJECT: {subject}", ""]
        if cited:
            lines += [self.ref_line(p, cited, rng), ""]
        if level != "U" and rand() < prof["classified_by"]["share"][level]:
            reason = self.reasons.draw(rng)
            reason = reason.replace("1.4", "1.5") if p.year < 2003 else reason  # §3.6
            lines += [wrap(f"Classified By: {self.classifiers.draw(rng)} for reasons {reason}."), ""]
        return "\n".join(lines) + "\n"

    def cable(self, p: Planned) -> Synthetic:
        rng = self.rng
        meta = self.classification.draw(rng)
        level = meta[0] if meta[0] in "CS" else "U"
        header = self.header(p, level, rng)
        codes = self.tags(p, rng)
        subject = self.subject(codes, rng)
        cited = list({c.reference_id: c for c in (self.cite(p, rng) for _ in range(self.ref_count.draw(rng)))}.values())
        blocks, paragraphs, pages = self.body_blocks(p, meta, rng)
        opening = self.opening(p, meta, level, pages, codes, subject, cited, rng)
        reference_id = p.reference_id
        container = Container(
            format=FORMAT,
            source=f"{p.year}/{p.created.month:02d}/{reference_id}.html",
            reference_id=reference_id,
            created=p.created,
            released=self.released.draw(rng) + timedelta(minutes=int(rng.random() * 1440)),
            classification=meta,
            origin=self.origins[p.origin]["name"],
            title=subject,
            tags=codes,
        )
        self.remember(Cited(reference_id, p.origin, p.year, p.serial))
        text = opening + "\n\n".join(blocks)
        return Synthetic(container, header, text, opening, blocks, paragraphs, [c.reference_id for c in cited])

    def remember(self, cited: Cited) -> None:
        self.generated.append(cited)
        self.by_origin.setdefault(cited.origin, []).append(cited)
        self.ids.add(cited.reference_id)
        self.last_serial[(cited.origin, cited.year)] = cited.serial


def synthesize(count: int, seed: int = 0) -> Iterator[Synthetic]:
    """``count`` synthetic cables in date order (deterministic for a (count, seed) pair)."""
    if count <= 0:
        return
    generator = Generator(seed)
    for p in plan(generator.profile, count, generator.rng):
        yield generator.cable(p)


def generate(count: int, seed: int = 0) -> Iterator[RawCable]:
    """``count`` synthetic cables as RawCable (``wikileaks-html-2010`` container metadata)."""
    for cable in synthesize(count, seed):
        yield cable.raw()
