"""One line for a failed download: the exception's name and what happened, never an empty message.

Some download exceptions carry no message at all: Scrapy's ``ResponseDataLossError`` (a body
cut short by a reset or an early close) is raised bare, with the connection's fate in its
cause, a Twisted ``ResponseFailed`` whose text is a list of Failure reprs. A fetch error must
say what went wrong, so :func:`describe` reads the cause, and falls back on what the exception
class says it means.
"""

from __future__ import annotations

import inspect

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
