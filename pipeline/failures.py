"""One line for a failed download: the exception's name and what happened, never an empty message;
and whether a recorded failure was transient (worth asking again) or permanent.

Some download exceptions carry no message at all: Scrapy's ``ResponseDataLossError`` (a body
cut short by a reset or an early close) is raised bare, with the connection's fate in its
cause, a Twisted ``ResponseFailed`` whose text is a list of Failure reprs. A fetch error must
say what went wrong, so :func:`describe` reads the cause, and falls back on what the exception
class says it means.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scrapy.settings import Settings
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

#: What a message-less exception means, where its docstring would not say it plainly.
MEANINGS = {
    "ResponseDataLossError": "the connection ended before the whole body arrived",
}


def describe(error: BaseException) -> str:
    """``'Name: what happened'`` in one line, what happened never empty."""
    return f"{type(error).__name__}: {what_happened(error)}"


def what_happened(error: BaseException) -> str:
    said = _said(error) or MEANINGS.get(type(error).__name__) or _meaning(type(error))
    cause = error.__cause__
    if cause is not None:
        more = _said(cause)
        if more and more not in said:
            said = f"{said} ({more})" if said else more
    return said or "no details given"


def _said(error: BaseException) -> str:
    """The exception's own message in one line; for Twisted's ResponseFailed and its kin,
    the messages of the failures it wraps."""
    reasons = getattr(error, "reasons", None)
    if isinstance(reasons, list):
        messages = [r.getErrorMessage() for r in reasons if isinstance(r, Failure)]
        return " ".join("; ".join(m for m in messages if m).split())
    return " ".join(str(error).split())


def _meaning(kind: type[BaseException]) -> str:
    """The first sentence of the exception class's docstring, if it has its own."""
    doc = kind.__doc__ and inspect.cleandoc(kind.__doc__)  # a class's own: not inherited
    if not doc:
        return ""
    first = " ".join(doc.split("\n\n")[0].split())
    return first.split(". ")[0].rstrip(".")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Which recorded fetch errors were transient: those Scrapy's retry middleware retries
    (``RETRY_HTTP_CODES``, ``RETRY_EXCEPTIONS``), and any 5xx. A fetch error is recorded as its
    HTTP status, or as :func:`describe`'s ``'Name: …'`` line, so an exception is known by its
    class name. Everything else (404, 410, a refused redirect, a body over ``DOWNLOAD_MAXSIZE``,
    a bad sitemap) is permanent: asking again would give the same answer."""

    statuses: frozenset[int]
    exceptions: frozenset[str]  # class names, subclasses included

    @classmethod
    def from_settings(cls, settings: Any = None) -> RetryPolicy:
        """The policy under Scrapy settings (default: Scrapy's own defaults)."""
        settings = Settings(settings) if not isinstance(settings, Settings) else settings
        statuses = frozenset(int(code) for code in settings.getlist("RETRY_HTTP_CODES"))
        kinds = [load_object(kind) for kind in settings.getlist("RETRY_EXCEPTIONS")]
        return cls(statuses, frozenset(_class_names(kinds)))

    def transient(self, status: int | None, error: str) -> bool:
        """Whether a fetch error recorded as ``status`` and ``error`` may not happen again."""
        if status is not None:
            return status in self.statuses or 500 <= status <= 599
        return error.split(":", 1)[0].strip() in self.exceptions


def _class_names(kinds: Iterable[type]) -> set[str]:
    names: set[str] = set()
    todo = list(kinds)
    while todo:
        kind = todo.pop()
        if kind.__name__ not in names:
            names.add(kind.__name__)
            todo.extend(kind.__subclasses__())
    return names
