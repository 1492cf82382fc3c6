"""Thresholds: read from settings, checked against a run's figures, each with a one-line
message naming the threshold, its limit and the measured value."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from scrapy.settings import Settings

from pipeline.monitor import (
    Check,
    RunFigures,
    Thresholds,
    breaches,
    code_revision,
    evaluate,
    parse_coverage,
    run_status,
    thresholds_from,
)

ROOT = Path(__file__).resolve().parents[2]


def figures(**changes: object) -> RunFigures:
    values: dict[str, object] = {
        "pages_seen": 100,
        "pages_rejected": 0,
        "fetch_errors": 0,
        "coverage": {"what_is": 1.0, "side_effects": 0.9},
        "previous": None,
    }
    values.update(changes)
    return RunFigures(**values)  # type: ignore[arg-type]


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {check.name: check for check in checks}


def test_the_defaults_pass_an_ordinary_run_and_check_every_threshold() -> None:
    checks = evaluate(Thresholds(), figures())
    assert [c.name for c in checks] == [
        "min_pages",
        "max_reject_rate",
        "max_error_rate",
        "max_page_drop",
    ]
    assert all(c.ok for c in checks)
    assert by_name(checks)["max_page_drop"].measured is None  # no previous successful crawl
    assert run_status("finished", checks) == "ok"


def test_a_reject_rate_breach_names_the_option_its_limit_and_the_measured_value() -> None:
    checks = evaluate(Thresholds(), figures(pages_seen=38, pages_rejected=62))
    assert breaches(checks) == ["reject rate 0.62 exceeds --max-reject-rate 0.50"]
    assert run_status("finished", checks) == "failed"


def test_each_threshold_breaches_with_its_own_message() -> None:
    thresholds = Thresholds(
        min_pages=120,
        max_error_rate=0.1,
        max_page_drop=0.2,
        min_coverage={"side_effects": 0.95, "reviews": 0.5},
    )
    run = figures(pages_seen=70, fetch_errors=30, previous=(4, 100))
    assert breaches(evaluate(thresholds, run)) == [
        "pages 70 below --min-pages 120",
        "fetch-error rate 0.30 exceeds --max-error-rate 0.10",
        "page drop 0.30 exceeds --max-page-drop 0.20 (70 pages, 100 in run 4)",
        "reviews coverage 0.00 below --min-coverage reviews=0.50",
        "side_effects coverage 0.90 below --min-coverage side_effects=0.95",
    ]


def test_limits_are_inclusive_and_close_values_get_more_digits() -> None:
    at_limit = evaluate(Thresholds(max_reject_rate=0.5), figures(pages_seen=50, pages_rejected=50))
    assert by_name(at_limit)["max_reject_rate"].ok
    just_over = evaluate(
        Thresholds(max_reject_rate=0.5), figures(pages_seen=999, pages_rejected=1000)
    )
    assert breaches(just_over) == ["reject rate 0.5003 exceeds --max-reject-rate 0.5000"]


def test_a_recrawl_s_not_modified_pages_count_as_accepted_and_growth_is_no_drop() -> None:
    recrawl = figures(pages_seen=420, pages_rejected=2, previous=(1, 400))
    checks = by_name(evaluate(Thresholds(max_reject_rate=0.01, max_page_drop=0.0), recrawl))
    assert checks["max_reject_rate"].measured == pytest.approx(2 / 422)
    assert checks["max_page_drop"].measured == 0.0
    assert all(c.ok for c in checks.values())
    nothing = by_name(evaluate(Thresholds(), figures(pages_seen=0)))
    assert nothing["max_reject_rate"].measured == nothing["max_error_rate"].measured == 0.0


def test_a_crawl_that_did_not_finish_normally_fails_without_a_breach() -> None:
    checks = evaluate(Thresholds(), figures())
    assert run_status("shutdown", checks) == "failed"
    assert run_status("closespider_itemcount", checks) == "ok"


def test_thresholds_come_from_settings_as_values_or_strings() -> None:
    settings = Settings(
        {
            "MEDSCRAPE_MIN_PAGES": "10",
            "MEDSCRAPE_MAX_REJECT_RATE": "0.25",
            "MEDSCRAPE_MIN_COVERAGE": "what_is=0.95, side_effects=0.9",
        }
    )
    assert thresholds_from(settings) == Thresholds(
        min_pages=10, max_reject_rate=0.25, min_coverage={"what_is": 0.95, "side_effects": 0.9}
    )
    assert thresholds_from(Settings({"MEDSCRAPE_MIN_COVERAGE": {"reviews": 1}})).min_coverage == {
        "reviews": 1.0
    }
    assert thresholds_from(Settings()) == Thresholds()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"MEDSCRAPE_MAX_ERROR_RATE": "abc"}, "MEDSCRAPE_MAX_ERROR_RATE must be a number"),
        ({"MEDSCRAPE_MAX_PAGE_DROP": 1.5}, "must be a fraction from 0 to 1, not 1.5"),
        ({"MEDSCRAPE_MIN_PAGES": -1}, "MEDSCRAPE_MIN_PAGES must be 0 or more"),
        ({"MEDSCRAPE_MIN_COVERAGE": "dosage=0.5"}, "unknown section kind 'dosage'"),
        ({"MEDSCRAPE_MIN_COVERAGE": "what_is"}, "expected KIND=FRACTION, got 'what_is'"),
        ({"MEDSCRAPE_MIN_COVERAGE": "what_is=most"}, "'most' is not a number"),
    ],
)
def test_a_bad_threshold_setting_is_a_value_error_naming_it(
    settings: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        thresholds_from(Settings(settings))


def test_parse_coverage_takes_lists_and_empty_values() -> None:
    assert parse_coverage(["what_is=1", "reviews=0.5"]) == {"what_is": 1.0, "reviews": 0.5}
    assert parse_coverage("") == parse_coverage(None) == {}


def test_the_code_revision_is_this_checkout_s_commit() -> None:
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    revision = code_revision()
    assert revision is not None
    assert revision in (head, f"{head}-dirty")
