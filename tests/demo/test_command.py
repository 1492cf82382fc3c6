"""``serve-demo``: run as a user runs it (a real process, real HTTP), and its argument checks."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.demo.command import serve_demo
from pipeline.demo.site import Manifest
from tests.demo.conftest import fetch, serve_demo_process

ROOT = Path(__file__).resolve().parents[2]


def _stop(process: subprocess.Popen[str], sig: signal.Signals) -> tuple[int, str]:
    process.send_signal(sig)
    _, err = process.communicate(timeout=20)
    return process.returncode, err


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serves_until_interrupted_and_keeps_the_folder(tmp_path: Path, sig: signal.Signals) -> None:
    site = tmp_path / "site"
    with serve_demo_process("--dir", str(site), "--pages", "30", "--port", "0") as (process, url):
        assert url.startswith("http://127.0.0.1:")
        robots = fetch(url + "/robots.txt").body.decode()
        assert f"Sitemap: {url}/sitemap.xml" in robots
        assert fetch(url + "/en/conditions/").status == 200
        status, err = _stop(process, sig)
    assert status == 0, err
    assert "serving 30 pages" in err
    assert err.rstrip().endswith("stopped")
    assert Manifest.load(site).counts["pages"] == 30


def test_a_temporary_folder_is_removed_on_exit() -> None:
    with serve_demo_process("--pages", "20") as (process, url):
        assert fetch(url + "/en/").status == 200
        status, err = _stop(process, signal.SIGTERM)
    assert status == 0, err
    folder = Path(err.split(" from ", 1)[1].splitlines()[0])
    assert not folder.exists()


def test_options_are_documented() -> None:
    result = CliRunner().invoke(serve_demo, ["--help"])
    assert result.exit_code == 0
    for option in ("--dir", "--port", "--pages", "--seed"):
        assert option in result.output
    assert "127.0.0.1" in result.output
    assert serve_demo.name == "serve-demo"


@pytest.mark.parametrize("args", [["--pages", "0"], ["--port", "70000"], ["--pages", "99999"]])
def test_bad_arguments_are_usage_errors(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(serve_demo, ["--dir", str(tmp_path / "s"), *args])
    assert result.exit_code == 2


def test_refuses_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    result = CliRunner().invoke(serve_demo, ["--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "not empty" in result.output
    assert (tmp_path / "mine.txt").read_text() == "keep me"
