"""Drug facts: the values a page shows beside "Active ingredient" / "Drug class" labels, and
which blocks are such label/value rows (a facts box before the article is not its intro)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.normalize import at_most_words
from pipeline.parse import patterns
from pipeline.parse.blocks import Block, Heading, TextBlock, common_prefix

_FACT_LINE = re.compile(r"^(?P<label>[^:|]{3,40}?)\s*[:|]\s*(?P<value>.+)$")
_FACT_LABELS = {key: re.compile(p, re.IGNORECASE) for key, p in patterns.FACT_LABELS.items()}
#: A row of a facts box: a label of a few words and a short value ("Medicine: Mupirocin (1%
#: ointment)"); a longer value is a sentence ("Note: take it with food, because …").
_MAX_LABEL_WORDS, _MAX_VALUE_WORDS = 4, 10
_SENTENCE_END = re.compile(r"[.!?]$")


@dataclass(slots=True)
class Facts:
    values: dict[str, list[str]]  # "active_ingredients" / "drug_classes" → what the page shows
    # id() of the blocks that are a label or its values on their own; a block of "Label: value"
    # lines is told by is_fact_row
    rows: set[int] = field(default_factory=set)
    # paths of grids of label/value cells ("Active ingredient" over its value, each pair in a
    # cell of its own): their other cells are facts rows too, whatever their labels
    grids: set[tuple[int, ...]] = field(default_factory=set)


def read_facts(blocks: Sequence[Block]) -> Facts:
    """The fact values of a page (the first place that shows each), and the blocks that only
    hold label/value rows."""
    facts = Facts({key: [] for key in _FACT_LABELS})
    run: _Run | None = None  # the values after a label block, being read
    for block in blocks:
        if isinstance(block, Heading) or ("\n" not in block.text and not block.items):
            key = fact_key(block.text.rstrip(":"))
            if key or isinstance(block, Heading):
                run = _Run(key, facts, block) if key else None
                if key and isinstance(block, TextBlock):
                    facts.rows.add(id(block))
                continue
        if run is not None and run.takes(block):
            continue
        run = None
        pairs = _label_over_value(block.text)
        lines = _column_facts(block.text) or pairs or block.text.split("\n")
        keys = 0
        for line in lines:
            match = _FACT_LINE.match(line)
            key = fact_key(match["label"]) if match else None
            keys += key is not None
            if match and key and not facts.values[key]:
                facts.values[key] = [
                    v for v in patterns.FACT_VALUE_SPLIT.split(match["value"]) if v
                ]
        if (keys >= 2 and _a_facts_box(lines)) or (pairs and keys == len(pairs)):
            facts.rows.add(id(block))
    _grid_rows(blocks, facts)
    return facts


def _a_facts_box(lines: list[str]) -> bool:
    """Label/value rows, at least half the lines, and between them only a few words a line: a
    facts strip ("Active ingredient: …", "Drug class: …") or an infobox with its caption and
    group rows ("Metformin 500 mg tablets", "Clinical data")."""
    lines = [line for line in lines if line]
    rows = sum(1 for line in lines if _FACT_LINE.match(line))
    return 2 * rows >= len(lines) and all(
        _FACT_LINE.match(line) or at_most_words(line, _MAX_CAPTION_WORDS) for line in lines
    )


_MAX_CAPTION_WORDS = 6


def _column_facts(text: str) -> list[str]:
    """A table whose header row is labels, a fact's among them, over one row of values
    ("Active ingredient | Drug class | Available as" over "spironolactone | Diuretic | Tablets"):
    a "label | value" line per column."""
    lines = text.split("\n")
    if len(lines) != 2:
        return []
    labels, values = (line.split(" | ") for line in lines)
    if (
        len(labels) < 2
        or len(labels) != len(values)
        # (Two columns may be two rows of "label | value": then every header is a fact's.)
        or not (all if len(labels) == 2 else any)(map(fact_key, labels))
        or any(map(fact_key, values))
        or not all(at_most_words(label, _MAX_LABEL_WORDS) for label in labels)
    ):
        return []
    return [f"{label} | {value}" for label, value in zip(labels, values, strict=True)]


def _label_over_value(text: str) -> list[str]:
    """Labels each over its value, a line each ("Active ingredient<br>Dupilumab"): a "label:
    value" line per pair, if every label is a fact's."""
    lines = text.split("\n")
    if len(lines) % 2 or not fact_key(lines[0]):
        return []
    pairs = list(zip(lines[::2], lines[1::2], strict=True))
    if not all(fact_key(label) and _short_value(value) for label, value in pairs):
        return []
    return [f"{label}: {value}" for label, value in pairs]


def _grid_rows(blocks: Sequence[Block], facts: Facts) -> None:
    """The other cells of a facts grid ("Usual dose" over "10–30 mg at night"): short lines,
    each in a cell of the grid, are rows of the box, not prose."""
    for block in blocks:
        if not isinstance(block, TextBlock) or "\n" in block.text:
            continue
        for grid in facts.grids:
            if (
                len(block.path) >= len(grid) + 2
                and block.path[: len(grid)] == grid
                and _short_value(block.text)
            ):
                facts.rows.add(id(block))


class _Run:
    """The blocks after a label that hold its values: one list, or short lines side by side
    (one box each: a property's "Beta blocker", "Antihypertensive")."""

    def __init__(self, key: str, facts: Facts, label: Block) -> None:
        self.facts = facts
        # The first place a page shows a fact wins; a later one is still a row, not prose.
        self.values = facts.values[key] if not facts.values[key] else []
        self.label_path = label.path
        self.first: tuple[int, ...] | None = None  # the first value's path
        self.parent: tuple[int, ...] | None = None

    def takes(self, block: TextBlock) -> bool:
        if block.items:
            if self.parent is not None:
                return False
            self.values.extend(block.items)
        elif self._value_line(block):
            # "antimetabolite, DMARD" under its label: two values, as in "Label: a, b"
            self.values.extend(v for v in patterns.FACT_VALUE_SPLIT.split(block.text) if v)
        else:
            return False
        self.parent = () if block.items else block.path[:-1]
        if self.first is None:
            self._note_grid(block.path)
        self.first = self.first or block.path
        self.facts.rows.add(id(block))
        return True

    def _note_grid(self, value_path: tuple[int, ...]) -> None:
        """A label and its first value side by side in one cell of their own: the cell's
        parent is a grid of such cells."""
        cell = common_prefix(self.label_path, value_path)
        if len(cell) >= 2 and min(len(self.label_path), len(value_path)) > len(cell):
            self.facts.grids.add(cell[:-1])

    def _value_line(self, block: TextBlock) -> bool:
        """One short line, in the box of the values before it (one the label is not in)."""
        if "\n" in block.text or not _short_value(block.text):
            return False
        if self.first is None or self.parent == ():
            return self.parent is None
        label_shares = len(common_prefix(self.label_path, self.first))
        if block.path[:-1] == self.first[:-1] and self.first[:-1] in (
            self.label_path,
            self.label_path[:-1],
        ):
            # "Drug classes: <pill>A</pill><pill>B</pill>": label and pills side by side
            return True
        return len(common_prefix(self.first, block.path)) > label_shares


def is_fact_row(block: TextBlock) -> bool:
    """Every line is "Label: value" (or a two-cell table row) with a short label and value;
    a box of several may open with its caption ("Etanercept" over an infobox's rows)."""
    lines = block.text.split("\n")
    if (
        len(lines) > 2
        and len(lines[0].split()) <= _MAX_LABEL_WORDS
        and _FACT_LINE.match(lines[0]) is None
    ):
        lines = lines[1:]
    for line in lines:
        match = _FACT_LINE.match(line)
        if match is None or len(match["label"].split()) > _MAX_LABEL_WORDS:
            return False
        if not _short_value(match["value"]):
            return False
    return True


def _short_value(text: str) -> bool:
    return at_most_words(text, _MAX_VALUE_WORDS) and not _SENTENCE_END.search(text)


def fact_key(label: str) -> str | None:
    label = label.strip()
    return next((key for key, p in _FACT_LABELS.items() if p.match(label)), None)
