"""Run monitoring: the thresholds a crawl must meet, checked after it, and the code's revision.

A crawl is measured when it ends (:class:`RunFigures`) and every threshold becomes a
:class:`Check` with its limit, the measured value and a one-line message. A run whose crawl did
not finish normally, or that breaches a threshold, is ``failed``; any other run is ``ok``. The
thresholds are Scrapy settings (:data:`SETTINGS`) and ``medscrape crawl`` options
(:data:`OPTIONS`); their defaults are :class:`Thresholds`' and are documented in the README.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal, get_args

from schemas import SectionKind

#: Scrapy finish reasons of a crawl that ended normally (a page limit is a normal end).
OK_FINISH_REASONS = frozenset({"finished", "closespider_itemcount", "closespider_pagecount"})

RunStatus = Literal["ok", "failed"]

#: Threshold -> Scrapy setting.
SETTINGS = {
    "min_pages": "MEDSCRAPE_MIN_PAGES",
    "max_reject_rate": "MEDSCRAPE_MAX_REJECT_RATE",
    "max_error_rate": "MEDSCRAPE_MAX_ERROR_RATE",
    "max_page_drop": "MEDSCRAPE_MAX_PAGE_DROP",
    "min_coverage": "MEDSCRAPE_MIN_COVERAGE",
}
#: Threshold -> `medscrape crawl` option.
OPTIONS = {name: "--" + name.replace("_", "-") for name in SETTINGS}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """What a crawl must meet. The defaults let any ordinary crawl pass; 0 pages and rates of
    1.0 mean "off"."""

    min_pages: int = 0
    max_reject_rate: float = 0.5
    max_error_rate: float = 0.5
    max_page_drop: float = 0.5
    min_coverage: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.min_pages < 0:
            raise ValueError(f"{SETTINGS['min_pages']} must be 0 or more, not {self.min_pages}")
        for name in ("max_reject_rate", "max_error_rate", "max_page_drop"):
            _check_fraction(SETTINGS[name], getattr(self, name))
        for kind, fraction in self.min_coverage.items():
            _check_fraction(f"{SETTINGS['min_coverage']} {kind}", fraction)

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "min_coverage": dict(sorted(self.min_coverage.items()))}


def _check_fraction(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a fraction from 0 to 1, not {value}")


def parse_coverage(value: str | Mapping[str, Any] | Iterable[str] | None) -> dict[str, float]:
    """``what_is=0.95,side_effects=0.9`` (or a dict, or a list of ``KIND=FRACTION``) ->
    ``{kind: fraction}``; an unknown kind or a bad fraction is a ValueError."""
    if not value:
        return {}
    if isinstance(value, Mapping):
        pairs = [(str(k), v) for k, v in value.items()]
    else:
        items = value.split(",") if isinstance(value, str) else list(value)
        pairs = [_pair(item) for item in items if item.strip()]
    known = get_args(SectionKind)
    coverage: dict[str, float] = {}
    for kind, fraction in pairs:
        if kind not in known:
            raise ValueError(f"unknown section kind {kind!r} (known: {', '.join(known)})")
        coverage[kind] = _fraction(fraction, f"coverage of {kind}")
    return coverage


def _pair(item: str) -> tuple[str, str]:
    kind, sep, fraction = item.strip().partition("=")
    if not sep:
        raise ValueError(f"expected KIND=FRACTION, got {item.strip()!r}")
    return kind.strip(), fraction.strip()


def _fraction(value: Any, what: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what}: {value!r} is not a number") from None


def thresholds_from(settings: Any) -> Thresholds:
    """The thresholds in force under Scrapy settings; a bad value is a ValueError naming it."""
    default = Thresholds()
    values: dict[str, Any] = {}
    for name, setting in SETTINGS.items():
        raw = settings.get(setting)
        if raw is None or raw == "":
            continue
        if name == "min_coverage":
            values[name] = parse_coverage(raw)
        elif name == "min_pages":
            values[name] = _number(raw, setting, int)
        else:
            values[name] = _number(raw, setting, float)
    return Thresholds(**{**default.as_json(), **values})


def _number(raw: Any, setting: str, kind: type[int] | type[float]) -> Any:
    try:
        return kind(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{setting} must be a number, not {raw!r}") from None


# --- checking ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunFigures:
    """What a crawl did, as the thresholds measure it.

    ``pages_seen``: pages the run stored or confirmed (new, changed, unchanged, not modified);
    ``coverage``: the fraction of them having each section kind; ``previous``: (run id, pages
    seen) of the previous successful crawl, if any.
    """

    pages_seen: int
    pages_rejected: int
    fetch_errors: int
    coverage: Mapping[str, float]
    previous: tuple[int, int] | None = None

    @property
    def reject_rate(self) -> float:
        """Rejected ÷ (pages seen + rejected): of the pages the run got, the share it rejected
        (a page answering 304 was accepted before and still is)."""
        return _ratio(self.pages_rejected, self.pages_seen + self.pages_rejected)

    @property
    def error_rate(self) -> float:
        """Fetch errors ÷ (pages seen + rejected + fetch errors): of the URLs the run tried,
        the share it could not fetch."""
        tried = self.pages_seen + self.pages_rejected + self.fetch_errors
        return _ratio(self.fetch_errors, tried)

    @property
    def page_drop(self) -> float | None:
        """The fall in pages seen since the previous successful crawl, as a fraction of its
        count (0 when it grew); None without one."""
        if self.previous is None:
            return None
        before = self.previous[1]
        return max(0.0, _ratio(before - self.pages_seen, before))


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Check:
    """One threshold against what the run measured; ``message`` is one line either way."""

    name: str
    limit: float
    measured: float | None
    ok: bool
    message: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def evaluate(thresholds: Thresholds, figures: RunFigures) -> list[Check]:
    """Every threshold checked against the run: minimum pages, the rates, the page drop and
    each required section kind's coverage, in that order."""
    checks = [
        _at_least("min_pages", "pages", figures.pages_seen, thresholds.min_pages, whole=True),
        _at_most("max_reject_rate", "reject rate", figures.reject_rate, thresholds.max_reject_rate),
        _at_most(
            "max_error_rate", "fetch-error rate", figures.error_rate, thresholds.max_error_rate
        ),
        _page_drop(figures, thresholds.max_page_drop),
    ]
    for kind, limit in sorted(thresholds.min_coverage.items()):
        measured = figures.coverage.get(kind, 0.0)
        checks.append(_at_least(f"min_coverage.{kind}", f"{kind} coverage", measured, limit))
    return checks


def _option(name: str, limit: str) -> str:
    """``--max-reject-rate 0.50``, or ``--min-coverage what_is=0.95`` for a coverage check."""
    if name.startswith("min_coverage."):
        return f"{OPTIONS['min_coverage']} {name.partition('.')[2]}={limit}"
    return f"{OPTIONS[name]} {limit}"


def _at_least(name: str, what: str, measured: float, limit: float, *, whole: bool = False) -> Check:
    ok = measured >= limit
    shown, bound = (str(measured), str(limit)) if whole else _shown(measured, limit)
    verb = "meets" if ok else "below"
    return Check(name, limit, measured, ok, f"{what} {shown} {verb} {_option(name, bound)}")


def _at_most(name: str, what: str, measured: float, limit: float, extra: str = "") -> Check:
    ok = measured <= limit
    shown, bound = _shown(measured, limit)
    verb = "within" if ok else "exceeds"
    return Check(name, limit, measured, ok, f"{what} {shown} {verb} {_option(name, bound)}{extra}")


def _page_drop(figures: RunFigures, limit: float) -> Check:
    drop = figures.page_drop
    if drop is None or figures.previous is None:
        message = "page drop not measured: no previous successful crawl"
        return Check("max_page_drop", limit, None, True, message)
    run, before = figures.previous
    extra = f" ({figures.pages_seen} pages, {before} in run {run})"
    return _at_most("max_page_drop", "page drop", drop, limit, extra)


def _shown(measured: float, limit: float) -> tuple[str, str]:
    """Both fractions as a message writes them: two decimals, or four where two would make
    different numbers look equal."""
    for digits in (2, 4):
        shown, bound = f"{measured:.{digits}f}", f"{limit:.{digits}f}"
        if shown != bound or measured == limit:
            break
    return shown, bound


def run_status(finish_reason: str, checks: Iterable[Check]) -> RunStatus:
    """``ok`` for a crawl that finished normally and breached nothing, else ``failed``."""
    if finish_reason not in OK_FINISH_REASONS:
        return "failed"
    return "ok" if all(check.ok for check in checks) else "failed"


def breaches(checks: Iterable[Check]) -> list[str]:
    """The messages of the checks that failed."""
    return [check.message for check in checks if not check.ok]


# --- the code's revision -------------------------------------------------------------------


def code_revision() -> str | None:
    """The git commit of the checkout this package runs from (``-dirty`` when tracked files
    changed), else ``medscrape <version>`` as installed, else None. Never raises."""
    root = Path(__file__).resolve().parent.parent
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is not None and Path(top).resolve() == root:
        commit = _git(root, "rev-parse", "HEAD")
        if commit:
            changed = _git(root, "status", "--porcelain", "--untracked-files=no")
            return commit + ("-dirty" if changed else "")
    try:
        return f"medscrape {version('medscrape')}"
    except PackageNotFoundError:
        return None


def _git(root: Path, *args: str) -> str | None:
    """A git command's output in ``root``, stripped; None when git is missing or fails."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None
