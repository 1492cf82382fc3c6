"""The one error the parser raises: a page that is not a drug-for-condition page."""

from __future__ import annotations

from typing import Literal

RejectReason = Literal[
    "empty",
    "binary",
    "soft_404",
    "cookie_wall",
    "index_page",
    "no_drug_condition",
    "no_sections",
    "invalid_record",
]


class PageRejected(ValueError):
    """The page cannot become a record; ``reason`` is a stable code, ``detail`` says why."""

    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason: RejectReason = reason
        self.detail = detail
