"""`cablekit parse`, `cablekit explain` and `cablekit bench parse` as a user runs them."""

import json
import subprocess
import sys

from typer.testing import CliRunner

from cablekit.cli.main import app

from paths import FIXTURES, SEED

runner = CliRunner()


def _seed() -> str:
    return str(SEED if SEED.exists() else FIXTURES / "09RABAT904.txt")


def test_parse_one_file_prints_one_json_record():
    result = runner.invoke(app, ["parse", _seed()])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["id"] == "09RABAT904"
    assert record["header"]["dtg"].startswith("2009-11-10T14:16")
    assert record["body"]["paragraphs"][0]["portion_marking"] == "S/NF"


def test_parse_many_files_prints_json_lines(corpus):
    pages = sorted((corpus / "wikileaks-html").rglob("*.html"))[:5]
    result = runner.invoke(app, ["parse", *map(str, pages)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 5
    assert [json.loads(line)["id"] for line in lines] == [p.stem for p in pages]


def test_parse_reads_stdin():
    with open(_seed(), "rb") as f:
        proc = subprocess.run([sys.executable, "-m", "cablekit.cli.main", "parse", "-"], stdin=f, capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["id"] == "09RABAT904"


def test_parse_error_names_the_file_and_exits_nonzero(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\xff" * 50)
    proc = subprocess.run([sys.executable, "-m", "cablekit.cli.main", "parse", str(junk), _seed()], capture_output=True)
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "junk.bin" in err and "Traceback" not in err
    assert json.loads(proc.stdout)["id"] == "09RABAT904"  # the one cable read, indented


def test_parse_missing_file_is_a_clear_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cablekit.cli.main", "parse", str(tmp_path / "nope.html")], capture_output=True)
    assert proc.returncode == 1
    assert "nope.html" in proc.stderr.decode() and "Traceback" not in proc.stderr.decode()


def test_explain_shows_tokens_with_meanings():
    result = runner.invoke(app, ["explain", _seed()], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    for token, meaning_part in [
        ("RUEHRB", "AMEMBASSY RABAT"),
        ("ZNY SSSSS", "SECRET"),
        ("0817", "continuity"),
        ("MO", "Morocco"),
        ("1.4 (b)", "foreign government information"),
        ("NOFORN", "foreign nationals"),
        ("SIPDIS", "SIPRNet"),
    ]:
        assert token in out and meaning_part in out, (token, meaning_part)


def test_bench_parse_prints_figures():
    result = runner.invoke(app, ["bench", "parse", str(FIXTURES), "--rounds", "1"])
    assert result.exit_code == 0, result.output
    assert "cables/s" in result.stdout and "MB/s" in result.stdout
    cpu_line = next(line for line in result.stdout.splitlines() if line.startswith("CPU time"))
    assert float(cpu_line.split("→")[1].split()[0].replace(",", "")) > 0
