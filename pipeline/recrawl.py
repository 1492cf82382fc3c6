"""When a stored page is worth fetching again: the recrawl policy, as pure functions of dates.

``--recrawl-after 7d``: a page seen (fetched, answered 304, or vouched for by its sitemap) less
than that long ago is not requested at all; ``0`` asks every page again, conditionally.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_DURATION = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[smhdw]?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> timedelta:
    """'7d', '12h', '30m', '90s', '2w' or plain seconds → timedelta; '0' turns the policy off.

    Raises:
        ValueError: not a duration (one line, naming the value).
    """
    match = _DURATION.match(str(text))
    if match is None:
        raise ValueError(f"not a duration: {text!r} (use e.g. 7d, 12h, 30m, 0 for off)")
    return timedelta(seconds=float(match["n"]) * _UNITS[match["unit"].lower()])


def seen_recently(seen_at: str | None, after: timedelta, now: datetime) -> bool:
    """Whether a page seen at ``seen_at`` is not yet due under ``--recrawl-after``."""
    if after <= timedelta(0):
        return False
    seen = _seen(seen_at)
    return seen is not None and now - seen < after


def _seen(seen_at: str | None) -> datetime | None:
    """Our own timestamps are exact UTC (a naive one is UTC, not 'as late as it could be')."""
    if not seen_at:
        return None
    try:
        when = datetime.fromisoformat(seen_at.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


__all__ = ["parse_duration", "seen_recently"]
