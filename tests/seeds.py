"""Seeds that an environment variable widens: a count (``5``: seeds 1 to 5) or a list (``3,17``)."""

from __future__ import annotations

import os

import pytest


def seeds_from_env(variable: str, default: int) -> tuple[int, ...]:
    """The seeds ``variable`` names, or 1 to ``default``. A value that names none stops the
    run as the module is collected, naming the variable and what it takes."""
    given = os.environ.get(variable, str(default)).strip()
    try:
        if "," in given:
            seeds = tuple(dict.fromkeys(int(part) for part in given.split(",") if part.strip()))
        else:
            seeds = tuple(range(1, int(given) + 1))
    except ValueError:
        seeds = ()
    if not seeds:
        raise pytest.UsageError(f"{variable}={given!r}: give a count (3) or a list of seeds (2,7)")
    return seeds
