"""Scrapy's own ``scrapy crawl`` given bad settings: one line on stderr, exit status 2, no
traceback and no database, as ``medscrape crawl`` does (pipeline/scrapy_commands/crawl.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRAPY = Path(sys.executable).with_name("scrapy")
#: Nothing listens on port 9 (discard): a crawl that got past its checks fails here, locally.
NOWHERE = "http://127.0.0.1:9/en/conditions/"


def scrapy_crawl(db: Path, *settings: str) -> subprocess.CompletedProcess[str]:
    """``scrapy crawl meds`` from the repository root, as the README shows it."""
    argv = [str(SCRAPY), "crawl", "meds", "-a", f"start_url={NOWHERE}", "-s", f"MEDSCRAPE_DB={db}"]
    for setting in settings:
        argv += ["-s", setting]
    return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("MEDSCRAPE_RESUME_FROM=abc", "bad setting: MEDSCRAPE_RESUME_FROM must be a run id"),
        ("MEDSCRAPE_RESUME_FROM=-1", "bad setting: MEDSCRAPE_RESUME_FROM must be a run id"),
        ("MEDSCRAPE_BATCH_SIZE=many", "setting MEDSCRAPE_BATCH_SIZE takes a whole number"),
        ("MEDSCRAPE_PARSE_TIMEOUT=slow", "setting MEDSCRAPE_PARSE_TIMEOUT takes a number"),
        ("MEDSCRAPE_RESOLVE_CHECK=perhaps", "setting MEDSCRAPE_RESOLVE_CHECK takes true or false"),
        ("MEDSCRAPE_RECRAWL_AFTER=soon", "bad setting: not a duration: 'soon'"),
        ("MEDSCRAPE_REQUIRED_SECTIONS=nope", "bad setting: unknown section kind(s): nope"),
        ("MEDSCRAPE_MAX_ERROR_RATE=lots", "bad threshold: MEDSCRAPE_MAX_ERROR_RATE"),
        ("MEDSCRAPE_BATCH_SIZ=5", "unknown setting 'MEDSCRAPE_BATCH_SIZ' (did you mean"),
        ("DOWNLOAD_DELAY=slow", "setting DOWNLOAD_DELAY takes a number"),
    ],
)
def test_bad_setting_is_one_line(setting: str, message: str, tmp_path: Path) -> None:
    db = tmp_path / "medscrape.db"
    done = scrapy_crawl(db, setting)
    assert done.returncode == 2, done.stderr[-2000:]
    [line] = done.stderr.splitlines()
    assert line.startswith("scrapy crawl: error: ")
    assert message in line
    assert "Traceback" not in done.stderr
    assert not db.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no lock file either


def test_good_settings_still_crawl(tmp_path: Path) -> None:
    """The checks refuse only what is wrong: a resume of nothing is 0, a valid set crawls."""
    db = tmp_path / "medscrape.db"
    done = scrapy_crawl(db, "MEDSCRAPE_RESUME_FROM=0", "RETRY_TIMES=0", "LOG_LEVEL=WARNING")
    assert "scrapy crawl: error" not in done.stderr
    assert db.exists()  # the crawl ran (to port 9, where nothing answers) and made its database
