"""The training run of the profile-guided build (scripts/build-reader): read cables the way users do.

Run by the instrumented (``-fprofile-generate``) modules, it leaves one ``.gcda`` profile per
module under build/, which the final compile uses to lay out and inline the code for the
paths real cables take. The workload needs nothing outside the repository: every file of
tests/fixtures (all the container formats, the seed, broken and foreign files) and a few
thousand synthetic cables (cablekit.synth, whose distributions were measured on real ones),
as WikiLeaks pages and as cables.csv rows.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cablekit._compiled import reader_build
from cablekit.formats import NotACable, read_bytes
from cablekit.parse.reader import read_raw
from cablekit.synth import csv_row, page_html, synthesize

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
SYNTHETIC_CABLES = 3000


def read_all(data: bytes, source: str) -> int:
    cables = 0
    for item in read_bytes(data, source):
        if not isinstance(item, NotACable):
            read_raw(item)
            cables += 1
    return cables


def main() -> int:
    if not reader_build().startswith("compiled"):
        print(f"train-reader: the reader is not compiled ({reader_build()}): nothing to train", file=sys.stderr)
        return 1
    fixtures = sum(read_all(path.read_bytes(), str(path)) for path in sorted(FIXTURES.rglob("*")) if path.is_file())
    cables, rows = fixtures, []
    for number, cable in enumerate(synthesize(SYNTHETIC_CABLES, seed=1), 1):
        cables += read_all(page_html(cable).encode(), f"{cable.container.reference_id}.html")
        rows.append(csv_row(number, cable))
    cables += read_all("".join(rows).encode(), "cables.csv")
    print(f"train-reader: {cables:,} cables read: {fixtures:,} from tests/fixtures, "
          f"{SYNTHETIC_CABLES:,} synthetic ones as pages and as cables.csv rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
