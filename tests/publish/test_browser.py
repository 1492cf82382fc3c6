"""The published dataset in a real browser: Debian's headless Chromium, driven by Selenium
through Debian's chromedriver (never a browser download), against ``medscrape serve``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from sqlite_utils import Database

from tests.publish.conftest import Served

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
#: The test artefact: the record page as the browser showed it (output/ is git-ignored).
SCREENSHOT = ROOT / "output" / "record-page.png"
MAIN_KINDS = ["what_is", "how_it_works", "benefits", "side_effects", "reviews"]

#: Headless, and quiet on this machine's closed network: no background or component fetches.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1000,1600",
)


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WebDriver]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium and chromium-driver (.ci/run does)")
        pytest.skip(
            "Debian's chromium and chromium-driver are absent: `make browser` installs them"
        )
    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager must never fetch a driver
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.implicitly_wait(10)
    try:
        yield driver
    finally:
        driver.quit()


def test_search_then_open_the_tacrolimus_for_lupus_record(
    browser: WebDriver, served: Served
) -> None:
    browser.get(f"{served.url}/")
    box = browser.find_element(By.ID, "medscrape-q")
    box.send_keys("calcineurin")
    box.submit()
    browser.find_element(By.LINK_TEXT, "Tacrolimus for Lupus").click()

    record = browser.find_element(By.CSS_SELECTOR, "article.page-record")
    assert record.find_element(By.CSS_SELECTOR, "h2").text == "Tacrolimus for Lupus"
    shown = record.find_elements(By.CSS_SELECTOR, "section.record-section")
    assert [s.get_attribute("data-kind") for s in shown] == MAIN_KINDS
    url = record.get_attribute("data-url")
    headings = [
        row["heading"]
        for row in Database(served.db)["sections"].rows_where(
            "page_url = ?", [url], order_by="position"
        )
    ]
    assert [s.find_element(By.CSS_SELECTOR, "h3").text.splitlines()[-1] for s in shown] == headings
    assert record.find_elements(By.CSS_SELECTOR, "li.chip-common")
    assert all(s.is_displayed() for s in shown)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
