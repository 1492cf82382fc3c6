"""Which drug goes with which condition, and which pages link to which: seeded choices."""

from __future__ import annotations

import random
from collections.abc import Sequence

from pipeline.demo.model import Condition, Drug

Pair = tuple[Drug, Condition]

#: Related links per page: other pages of the same drug, then of the same condition.
SAME_DRUG_LINKS = 8
SAME_CONDITION_LINKS = 3


def plausible(drug: Drug, condition: Condition) -> bool:
    """A pair is plausible when the drug and the condition share a therapeutic area."""
    return bool(set(drug.areas) & set(condition.areas))


def candidates(
    drugs: Sequence[Drug], conditions: Sequence[Condition], rng: random.Random
) -> list[Pair]:
    """Every pair, plausible ones first, each group shuffled by ``rng``."""
    pairs = [(d, c) for d in drugs for c in conditions]
    likely = [p for p in pairs if plausible(*p)]
    unlikely = [p for p in pairs if not plausible(*p)]
    rng.shuffle(likely)
    rng.shuffle(unlikely)
    return likely + unlikely


def choose_pairs(ordered: Sequence[Pair], count: int, reserved: Pair | None) -> list[Pair]:
    """``count`` pairs: ``reserved`` first, then one per drug and per condition, then in order.

    Every drug and every condition gets a page when ``count`` allows it.
    """
    chosen: list[Pair] = [reserved] if reserved else []
    keys = {_key(p) for p in chosen}
    drugs = {p[0].slug for p in chosen}
    conditions = {p[1].slug for p in chosen}
    for pair in ordered:  # coverage first
        drug, condition = pair
        if _key(pair) not in keys and (drug.slug not in drugs or condition.slug not in conditions):
            chosen.append(pair)
            keys.add(_key(pair))
            drugs.add(drug.slug)
            conditions.add(condition.slug)
    for pair in ordered:  # then the most plausible of the rest
        if _key(pair) not in keys:
            chosen.append(pair)
            keys.add(_key(pair))
    return chosen[:count]


def _key(pair: Pair) -> tuple[str, str]:
    return pair[0].slug, pair[1].slug


def related_paths(
    path: str, same_drug: Sequence[str], same_condition: Sequence[str], rng: random.Random
) -> list[str]:
    """Up to 8 other pages of the same drug, then up to 3 of the same condition."""
    drug_paths = [p for p in same_drug if p != path]
    condition_paths = [p for p in same_condition if p != path]
    picked = rng.sample(drug_paths, min(SAME_DRUG_LINKS, len(drug_paths)))
    picked += rng.sample(condition_paths, min(SAME_CONDITION_LINKS, len(condition_paths)))
    return picked
