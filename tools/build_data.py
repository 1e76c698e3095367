"""Build cablekit's bundled reference tables from ../shared/reference.

Run from the repository root: ``python tools/build_data.py [SHARED_REFERENCE_DIR]``.
The output (src/cablekit/data/stations.csv, tags.csv) is committed; this script documents how.
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference"
DATA = ROOT / "src" / "cablekit" / "data"


def build_stations() -> None:
    names: dict[str, list[str]] = {}
    with open(SOURCE / "routing-indicators-acp117.csv", newline="", encoding="utf-8") as f:
        for ri, name in csv.reader(f):
            names.setdefault(ri.strip().upper(), []).append(name.strip())
    with open(DATA / "stations.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["routing_indicator", "name"])
        for ri in sorted(names):
            w.writerow([ri, " / ".join(dict.fromkeys(names[ri]))])


def build_tags() -> None:
    with open(SOURCE / "tags.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    known = {r["code"].strip().upper() for r in rows}
    # cablemap's Cablegate subject list names codes in use whose meaning no source gives
    # (MCAP, ODIP, OPRC …): keep them as subject TAGS with an empty meaning.
    unglossed = [
        code for code in (line.strip().upper() for line in open(SOURCE / "subject-tags.txt", encoding="utf-8"))
        if code and code not in known
    ]
    with open(DATA / "tags.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "kind", "meaning", "era"])
        for r in rows:
            w.writerow([r["code"].strip().upper(), r["kind"], r["meaning"], r["era"]])
        for code in unglossed:
            w.writerow([code, "program" if code.startswith("K") else "subject", "", "cablegate"])


if __name__ == "__main__":
    build_stations()
    build_tags()
    print(f"wrote {DATA / 'stations.csv'} and {DATA / 'tags.csv'}")
