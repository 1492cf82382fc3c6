"""Run reports from ``crawl_runs``: ``medscrape runs`` and ``medscrape report RUN``.

Read-only: rows are read with ``SELECT *``, so a database from before the monitoring columns
reports what it has (missing values are None) without being migrated. :func:`run_report` is the
report as data (``--format json``); :func:`text_report` and :func:`html_report` render it, the
HTML with an inline SVG chart of the pages each crawl saw over time (no scripts, no network).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from contextlib import suppress
from datetime import datetime
from typing import Any

from sqlite_utils import Database

#: ``crawl_runs`` columns holding JSON text.
JSON_COLUMNS = (
    "args",
    "http_status_counts",
    "section_coverage",
    "thresholds",
    "checks",
    "breaches",
)
#: The counts a report lists, in order, with what each means.
COUNTS: tuple[tuple[str, str], ...] = (
    ("pages_seen", "stored or confirmed by this run: new + changed + unchanged + not modified"),
    ("pages_fetched", "page responses with a body: each stored or rejected"),
    ("pages_new", "stored for the first time"),
    ("pages_changed", "content changed: rewritten"),
    ("pages_stored", "written: new + changed"),
    ("pages_unchanged", "fetched, same content: only the fetch time moved"),
    ("pages_not_modified", "HTTP 304, or not fetched: the sitemap date is not newer"),
    ("pages_resumed", "not asked again: the interrupted run this one resumes settled them"),
    ("pages_removed", "marked removed: gone (404/410) in two runs in a row"),
    ("pages_rejected", "fetched, not stored: see `medscrape rejects`"),
    ("fetch_errors", "URLs not fetched (error status or no answer)"),
    ("pages_skipped", "found, deliberately not fetched: robots.txt, off-site, refused, redirected"),
    ("requests", "HTTP requests made (robots.txt, sitemaps, index pages and retries too)"),
    ("bytes_received", "response bytes"),
)
#: Crawl runs the HTML chart shows at most (the latest).
CHART_RUNS = 200


class ReportError(Exception):
    """The report cannot be made (no such run, not a medscrape database); one line."""


# --- reading -------------------------------------------------------------------------------


def check_runs_table(db: Database, where: str) -> None:
    """A database without ``crawl_runs`` is not medscrape's."""
    if "crawl_runs" not in db.table_names():
        raise ReportError(f"{where} is not a medscrape database (it has no crawl_runs table)")


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    for column in JSON_COLUMNS:
        value = row.get(column)
        if isinstance(value, str):
            with suppress(ValueError):  # else shown as written
                row[column] = json.loads(value)
    return row


def recent_runs(db: Database, limit: int) -> list[dict[str, Any]]:
    """The latest runs, newest first, every column (JSON decoded)."""
    rows = db.query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT ?", [limit])
    return [_decoded(dict(row)) for row in rows]


def find_run(db: Database, which: str, where: str) -> dict[str, Any]:
    """The run with id ``which``, or the latest for ``latest``."""
    if which == "latest":
        rows = list(db.query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1"))
        if not rows:
            raise ReportError(f"no runs in {where} yet")
        return _decoded(dict(rows[0]))
    if not which.isdigit():
        raise ReportError(f"RUN is a run id or 'latest', not {which!r}")
    rows = list(db.query("SELECT * FROM crawl_runs WHERE id = ?", [int(which)]))
    if not rows:
        raise ReportError(f"no run {which} in {where} (see `medscrape runs`)")
    return _decoded(dict(rows[0]))


def crawl_history(db: Database, limit: int = CHART_RUNS) -> list[dict[str, Any]]:
    """The latest crawls, oldest first: id, start, pages seen and status (for the chart)."""
    columns = db.table("crawl_runs").columns_dict
    if "pages_seen" not in columns:
        return []
    rows = db.query(
        "SELECT id, started_at, pages_seen, status FROM crawl_runs "
        "WHERE coalesce(kind, 'crawl') = 'crawl' AND pages_seen IS NOT NULL "
        "ORDER BY id DESC LIMIT ?",
        [limit],
    )
    return list(reversed([dict(row) for row in rows]))


# --- the report as data --------------------------------------------------------------------


def duration(run: dict[str, Any]) -> float | None:
    """Seconds the run took: as measured, else from its start and end times."""
    if run.get("duration_s") is not None:
        return float(run["duration_s"])
    if not run.get("finished_at"):
        return None
    started = datetime.fromisoformat(run["started_at"])
    return (datetime.fromisoformat(run["finished_at"]) - started).total_seconds()


def run_report(run: dict[str, Any]) -> dict[str, Any]:
    """A run's report as JSON-ready data: what ran, how it ended, its counts, its HTTP statuses,
    section coverage, and each threshold with its limit, measured value and result."""
    seconds = duration(run)
    seen = run.get("pages_seen")
    rate = seen / seconds if seen is not None and seconds else None
    return {
        "id": run["id"],
        "kind": run.get("kind"),
        "status": run.get("status", NOT_RECORDED),
        "finish_reason": run.get("finish_reason"),
        "resumed_from": run.get("resumed_from"),
        "git_revision": run.get("git_revision"),
        "args": run.get("args"),
        "started_at": run.get("started_at"),
        "finished_at": run.get("finished_at"),
        "duration_s": seconds,
        "pages_per_s": None if rate is None else round(rate, 2),
        "counts": {name: run.get(name) for name, _ in COUNTS},
        "http_status_counts": run.get("http_status_counts") or {},
        "section_coverage": run.get("section_coverage") or {},
        "thresholds": run.get("thresholds"),
        "checks": run.get("checks") or [],
        "breaches": run.get("breaches") or [],
    }


#: The status of a run recorded before runs had one (a database not yet migrated).
NOT_RECORDED = "not recorded (the database predates run monitoring)"


def status_line(report: dict[str, Any]) -> str:
    """``ok``, ``failed`` (with why), or ``unfinished`` for a run that never recorded an end."""
    status = report["status"]
    if status == NOT_RECORDED:
        return NOT_RECORDED
    if status is None:
        return "unfinished (still running, or stopped before it could record its end)"
    if status == "failed" and not report["breaches"]:
        return f"failed: the crawl ended with {report['finish_reason']!r}"
    return str(status)


# --- text ----------------------------------------------------------------------------------


def text_report(report: dict[str, Any]) -> str:
    """The report for a terminal or a log: plain text, aligned columns."""
    lines = [f"Run {report['id']} ({report['kind'] or 'crawl'}): {status_line(report)}"]
    lines += [f"  breach: {message}" for message in report["breaches"]]
    lines += ["", *_aligned(_about(report))]
    lines += ["", "Counts", *_aligned(_counts(report), indent=2)]
    lines += ["", "HTTP statuses", "  " + (_statuses(report) or "none recorded")]
    coverage = report["section_coverage"]
    if coverage:
        shown = ", ".join(f"{kind} {value:.2f}" for kind, value in coverage.items())
        lines += ["", "Section coverage (fraction of the pages seen)", "  " + shown]
    lines += ["", "Thresholds", *_aligned(_checks(report), indent=2, header=True)]
    return "\n".join(lines)


def _about(report: dict[str, Any]) -> list[tuple[str, ...]]:
    seconds, rate = report["duration_s"], report["pages_per_s"]
    took = "—" if seconds is None else f"{seconds:.2f} s"
    if rate is not None:
        took += f", {rate:.1f} pages/s (pages seen ÷ duration)"
    return [
        ("started", report["started_at"] or "—"),
        ("finished", f"{report['finished_at'] or '—'} ({report['finish_reason'] or 'no end'})"),
        ("duration", took),
        *([("resumed", f"run {report['resumed_from']}")] if report["resumed_from"] else []),
        ("revision", report["git_revision"] or "not recorded"),
        ("arguments", _arguments(report["args"])),
    ]


def _arguments(args: Any) -> str:
    if not isinstance(args, dict):
        return str(args or "—")
    return " ".join(f"{k}={_plain(v)}" for k, v in args.items() if v not in (None, False, ""))


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def _counts(report: dict[str, Any]) -> list[tuple[str, ...]]:
    counts = report["counts"]
    return [
        (name, "—" if counts.get(name) is None else str(counts[name]), meaning)
        for name, meaning in COUNTS
    ]


def _statuses(report: dict[str, Any]) -> str:
    return "  ".join(f"{status}: {n}" for status, n in report["http_status_counts"].items())


def _checks(report: dict[str, Any]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [("threshold", "limit", "measured", "result")]
    for check in report["checks"]:
        measured = check["measured"]
        rows.append(
            (
                check["name"],
                _number(check["limit"]),
                "—" if measured is None else _number(measured),
                _result(check),
            )
        )
    if len(rows) == 1:
        rows.append(("none checked", "", "", ""))
    return rows


def _result(check: dict[str, Any]) -> str:
    if not check["ok"]:
        return f"BREACH: {check['message']}"
    return "ok" if check["measured"] is not None else f"ok ({check['message']})"


def _number(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.4f}".rstrip("0")
    return str(int(value)) if isinstance(value, float) else str(value)


def _aligned(rows: Sequence[tuple[str, ...]], indent: int = 0, header: bool = False) -> list[str]:
    """Rows as lines with their columns padded to a common width (the last one is not)."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append((" " * indent + "  ".join([*cells, row[-1]])).rstrip())
    if header:
        lines.insert(1, " " * indent + "-" * (sum(widths) + 2 * len(widths) + 6))
    return lines


# --- HTML ----------------------------------------------------------------------------------

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 62em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
table { border-collapse: collapse; } td, th { padding: .2em .8em .2em 0; text-align: left; }
th { border-bottom: 1px solid #999; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #17682e; } .failed, .breach { color: #b3261e; font-weight: 600; }
svg { background: #fafafa; border: 1px solid #ddd; } small { color: #666; }
"""


def html_report(report: dict[str, Any], history: list[dict[str, Any]]) -> str:
    """A self-contained HTML page: the report's tables and a chart of pages per crawl."""
    status = report["status"] or "unfinished"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>medscrape run {report['id']}</title><style>{_STYLE}</style></head><body>",
        f"<h1>medscrape run {report['id']} ({_e(report['kind'] or 'crawl')}): "
        f'<span class="{_e(status)}">{_e(status_line(report))}</span></h1>',
    ]
    parts += [f'<p class="breach">{_e(message)}</p>' for message in report["breaches"]]
    parts += [_table(None, _about(report))]
    parts += ["<h2>Counts</h2>", _table(("count", "value", "meaning"), _counts(report), (1,))]
    statuses = [(status, str(n)) for status, n in report["http_status_counts"].items()]
    parts += ["<h2>HTTP statuses</h2>", _table(("status", "responses"), statuses, (1,))]
    coverage = [(kind, f"{v:.2f}") for kind, v in report["section_coverage"].items()]
    parts += ["<h2>Section coverage</h2>", _table(("kind", "fraction of pages seen"), coverage)]
    checks = _checks(report)
    parts += ["<h2>Thresholds</h2>", _table(checks[0], checks[1:], (1, 2))]
    parts += ["<h2>Pages seen per crawl</h2>", pages_chart(history, report["id"])]
    parts += ["</body></html>"]
    return "\n".join(parts) + "\n"


def _e(value: Any) -> str:
    return html.escape(str(value))


def _table(
    header: Sequence[str] | None, rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    out = ["<table>"]
    if header:
        out.append("<tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr>")
    for row in rows:
        cells = [
            f'<td class="n">{_e(c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join([*out, "</table>"])


#: Point colours by run status (an unfinished run is grey).
_COLOURS = {"ok": "#17682e", "failed": "#b3261e"}
#: Chart size and inner margins, in SVG user units.
_W, _H, _LEFT, _RIGHT, _TOP, _BOTTOM = 720, 240, 56, 16, 16, 40


def pages_chart(history: list[dict[str, Any]], current: int | None = None) -> str:
    """An inline SVG: pages seen by each crawl against its start time; failed runs in red,
    ``current`` ringed. Each point's tooltip names the run."""
    if not history:
        return "<p><small>No crawl has recorded its pages yet.</small></p>"
    times = [datetime.fromisoformat(run["started_at"]).timestamp() for run in history]
    pages = [int(run["pages_seen"]) for run in history]
    xs = _scale(times, _LEFT, _W - _RIGHT)
    top = max(max(pages), 1)
    ys = [_H - _BOTTOM - (_H - _TOP - _BOTTOM) * n / top for n in pages]
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" '
        f'viewBox="0 0 {_W} {_H}" role="img" aria-label="pages seen per crawl over time">',
        _axes(top, history[0]["started_at"], history[-1]["started_at"]),
        '<polyline fill="none" stroke="#4a6fa5" stroke-width="1.5" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
        + '"/>',
    ]
    for run, x, y in zip(history, xs, ys, strict=True):
        colour = _COLOURS.get(run["status"], "#888")
        ring = ' stroke="#000" stroke-width="2"' if run["id"] == current else ""
        tip = f"run {run['id']}, {run['started_at']}: {run['pages_seen']} pages, {run['status']}"
        svg.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"{ring}>'
            f"<title>{_e(tip)}</title></circle>"
        )
    return "\n".join([*svg, "</svg>"])


def minute(timestamp: str) -> str:
    """``2025-06-01T03:00:00+00:00`` -> ``2025-06-01 03:00``."""
    return timestamp[:16].replace("T", " ")


def _scale(values: list[float], low: float, high: float) -> list[float]:
    """Values spread over [low, high] in proportion; equal values (or one) evenly by order."""
    if len(values) == 1:
        return [(low + high) / 2]
    span = max(values) - min(values)
    if span <= 0:
        step = (high - low) / (len(values) - 1)
        return [low + step * i for i in range(len(values))]
    return [low + (high - low) * (v - min(values)) / span for v in values]


def _axes(top: int, first: str, last: str) -> str:
    bottom, right = _H - _BOTTOM, _W - _RIGHT
    return "\n".join(
        [
            f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{bottom}" stroke="#999"/>',
            f'<line x1="{_LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#999"/>',
            f'<text x="{_LEFT - 6}" y="{_TOP + 4}" text-anchor="end" font-size="11">{top}</text>',
            f'<text x="{_LEFT - 6}" y="{bottom}" text-anchor="end" font-size="11">0</text>',
            f'<text x="{_LEFT}" y="{_H - 14}" font-size="11">{_e(minute(first))}</text>',
            f'<text x="{right}" y="{_H - 14}" text-anchor="end" font-size="11">'
            f"{_e(minute(last))}</text>",
            f'<text x="{(_LEFT + right) / 2}" y="{_H - 2}" text-anchor="middle" '
            'font-size="11">run start (UTC)</text>',
        ]
    )
