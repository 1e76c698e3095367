"""``cablekit serve`` and ``cablekit bench serve``."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request

from typer.testing import CliRunner

from cablekit.cli.main import app
from e2e.web_archive import web_archive

runner = CliRunner()


def test_serve_without_an_archive_says_how_to_make_one(tmp_path):
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    assert "cablekit ingest" in result.output and "missing.db" in result.output


def test_serve_opens_the_reading_room_on_localhost(tmp_path_factory):
    db = web_archive(tmp_path_factory)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "cablekit.cli.main", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/cable/09RABAT904", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stdout.read() if server.poll() is not None else "no answer"
                time.sleep(0.2)
        assert "U.S.-MOROCCO SECURITY DIALOGUES" in page
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_bench_serve_prints_p50_and_p95(tmp_path_factory):
    result = runner.invoke(app, ["bench", "serve", "--db", str(web_archive(tmp_path_factory)), "--cables", "5", "--rounds", "1"])
    assert result.exit_code == 0, result.output
    for page in ("search page", "cable page"):
        line = next(line for line in result.output.splitlines() if line.startswith(page))
        p50, p95 = map(float, re.search(r"p50\s+([\d.]+) ms\s+p95\s+([\d.]+) ms", line).groups())
        assert 0 < p50 <= p95
    assert "n=  15" in result.output and "n=   5" in result.output
