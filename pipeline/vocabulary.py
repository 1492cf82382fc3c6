"""The curated vocabulary: surface forms of drugs and conditions → canonical concepts and codes.

The data are reviewed TSV files under ``pipeline/vocab/`` (see its REVIEW.md); set
``MEDSCRAPE_VOCAB_DIR`` to use a copy elsewhere. A name resolves, in this order:

1. ``exact``: its key (case, accents, punctuation and a trailing plural 's' ignored) is a
   concept's name, alias or brand;
2. ``evidence``: the page's own URL slug names a concept, and the name as seen is consistent
   with it (a prefix of it, or a near spelling): "Covid-" on ``…-covid-19`` is COVID-19;
3. ``fuzzy``: a near spelling of one curated key (:data:`FUZZY_THRESHOLD`, and the words must
   agree in number, digits and their first letters, so "hypokalemia" never becomes
   "hyperkalemia");
4. ``drug_ner`` (drugs only): an exact hit in the drug-named-entity-recognition dictionary, which
   maps brands to generics with a DrugBank ID (its ``mesh_id`` is a drug class: not used);
5. ``unknown``: the name stays as seen, with no code, and is queued for review.

No fuzzy matching against whole ontologies: a confidently wrong code is worse than none.
"""

from __future__ import annotations

import csv
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from hashlib import sha256
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from pipeline.normalize import normalize_heading, slugify
from schemas import MatchKind

log = logging.getLogger(__name__)

Kind = Literal["drug", "condition"]

#: The shipped vocabulary; ``MEDSCRAPE_VOCAB_DIR`` points elsewhere (tests, a reviewed copy).
VOCAB_DIR = Path(__file__).parent / "vocab"
VOCAB_ENV = "MEDSCRAPE_VOCAB_DIR"
FILES: dict[Kind, str] = {"drug": "drugs.tsv", "condition": "conditions.tsv"}
#: Side-effect synonyms (read by :mod:`pipeline.side_effects`): part of the version digest.
SIDE_EFFECTS_FILE = "side_effects.tsv"
#: Columns of each file, in order.
COLUMNS: dict[Kind, tuple[str, ...]] = {
    "drug": ("name", "slug", "drugbank_id", "brands", "aliases", "note"),
    "condition": ("name", "slug", "icd10cm", "mesh_id", "aliases", "note"),
}
#: rapidfuzz ``ratio`` (0–100) a near spelling must reach to count as a fuzzy match: above
#: "prednisone"/"prednisolone" (91), two drugs; "crohn disease"/"crohns disease" is 96.
FUZZY_THRESHOLD = 93.0
#: Letters at the start of each word that a fuzzy match may not change (hyper-/hypo-, …).
_STEM = 4

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['’‘`´]")
_DIGITS = re.compile(r"\d+")


def key(text: str) -> str:
    """The lookup key of a surface form: ASCII, lower case, apostrophes dropped, words only."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_NOT_ALNUM.sub(" ", _APOSTROPHES.sub("", folded.lower())).split())


def _singular(k: str) -> str:
    """The key with a plural 's' dropped from its last word ("seizures" → "seizure")."""
    if len(k) > 4 and k.endswith("s") and not k.endswith(("ss", "us", "is", "sis")):
        return k[:-1]
    return k


@dataclass(frozen=True, slots=True)
class Concept:
    """One row of a vocabulary file."""

    kind: Kind
    name: str
    slug: str
    icd10cm: str | None = None
    mesh_id: str | None = None
    drugbank_id: str | None = None
    brands: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    curated: bool = True  # False: made up from a name the vocabulary does not have

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """Every string that names the concept: name, slug, aliases, brands."""
        return (self.name, self.slug.replace("-", " "), *self.aliases, *self.brands)


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a name resolved to: the canonical name and slug, how, and the concept if any."""

    raw: str
    name: str
    slug: str
    match: MatchKind
    concept: Concept | None = None
    drugbank_id: str | None = None

    @property
    def known(self) -> bool:
        return self.match != "unknown"

    def as_concept(self, kind: Kind) -> Concept:
        """The concept row this resolution names (made up from the name if none is curated)."""
        if self.concept is not None:
            return self.concept
        return Concept(kind, self.name, self.slug, drugbank_id=self.drugbank_id, curated=False)


@dataclass(slots=True)
class _Index:
    """Lookup structures for one kind: exact keys, fuzzy choices, concepts by slug."""

    by_key: dict[str, Concept] = field(default_factory=dict)
    by_slug_key: dict[str, Concept] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)
    longest_slug: int = 1  # words in the longest slug

    def add(self, concept: Concept) -> None:
        for form in concept.surface_forms:
            k = key(form)
            if k and self.by_key.setdefault(k, concept) is not concept:
                raise VocabularyError(
                    f"{concept.kind} surface form {form!r} names both "
                    f"{self.by_key[k].name!r} and {concept.name!r}"
                )
        slug_key = key(concept.slug)
        self.by_slug_key[slug_key] = concept
        self.longest_slug = max(self.longest_slug, slug_key.count(" ") + 1)

    def seal(self) -> None:
        self.choices = sorted(self.by_key)


class VocabularyError(ValueError):
    """A vocabulary file is malformed or contradicts itself."""


class Vocabulary:
    """Drugs and conditions with their surface forms; resolve names with :meth:`resolve`."""

    def __init__(self, concepts: Iterable[Concept], version: str = "") -> None:
        self.version = version
        self._exact_cache: dict[tuple[Kind, str], Resolution | None] = {}
        self._index: dict[Kind, _Index] = {"drug": _Index(), "condition": _Index()}
        self.concepts: dict[Kind, list[Concept]] = {"drug": [], "condition": []}
        for concept in concepts:
            self._index[concept.kind].add(concept)
            self.concepts[concept.kind].append(concept)
        for index in self._index.values():
            index.seal()

    @classmethod
    def load(cls, directory: str | Path | None = None) -> Vocabulary:
        """Read ``drugs.tsv`` and ``conditions.tsv`` (default: :func:`vocab_dir`)."""
        directory = Path(directory) if directory is not None else vocab_dir()
        concepts: list[Concept] = []
        digest = sha256()
        for kind, name in FILES.items():
            path = directory / name
            try:
                data = path.read_bytes()
            except OSError as error:
                raise VocabularyError(f"cannot read {path}: {error.strerror}") from None
            digest.update(data)
            concepts += [concept_from_row(kind, row, path) for row in read_rows(path, kind)]
        side_effects = directory / SIDE_EFFECTS_FILE
        if side_effects.is_file():  # an edit to it must re-normalize pages too
            digest.update(side_effects.read_bytes())
        return cls(concepts, digest.hexdigest()[:12])

    # --- resolving ---------------------------------------------------------------------

    def resolve(self, kind: Kind, name: str, evidence: Sequence[str] = ()) -> Resolution:
        """Resolve a name seen on a page; ``evidence``: URL path segments that may name it."""
        exact = self._exact(kind, name)  # most names: a related list repeats them page after page
        if exact is not None:
            return exact
        seen = normalize_heading(name)
        k = key(seen)
        index = self._index[kind]
        concept = self._by_evidence(index, k, evidence)
        if concept is not None:
            return _resolved(seen, concept, "evidence")
        concept = self._fuzzy(index, k)
        if concept is not None:
            return _resolved(seen, concept, "fuzzy")
        if kind == "drug":
            hit = drug_ner(seen)
            if hit is not None:
                generic, drugbank_id = hit
                curated = index.by_key.get(key(generic))  # a brand of a drug we curate
                if curated is not None:
                    return _resolved(seen, curated, "drug_ner")
                return Resolution(seen, generic, slugify(generic), "drug_ner", None, drugbank_id)
        return Resolution(seen, seen, slugify(seen), "unknown")

    def _exact(self, kind: Kind, name: str) -> Resolution | None:
        """The resolution of a name that is a surface form (cached per vocabulary)."""
        cache = self._exact_cache
        found = cache.get((kind, name), _MISSING)
        if found is _MISSING:
            seen = normalize_heading(name)
            k = key(seen)
            index = self._index[kind]
            concept = index.by_key.get(k) or index.by_key.get(_singular(k))
            found = _resolved(seen, concept, "exact") if concept is not None else None
            if len(cache) < _CACHE_SIZE:
                cache[(kind, name)] = found
        return found  # type: ignore[return-value]

    def _by_evidence(self, index: _Index, k: str, evidence: Sequence[str]) -> Concept | None:
        """A concept whose slug the URL spells out, when the name as seen is a damaged form of
        it: a prefix of one of its keys ("covid" of "covid 19") or a near spelling."""
        if not k:
            return None
        best: tuple[float, str, Concept] | None = None
        for slug_key in _phrases(evidence, index.longest_slug):
            concept = index.by_slug_key.get(slug_key)
            if concept is None:
                continue
            if _truncated(k, slug_key):
                score = 100.0  # "covid" of "covid 19": the name was cut short
            elif _near(k, slug_key):
                score = fuzz.ratio(k, slug_key)  # "crohn disease" for "crohns disease"
            else:
                continue  # "non hodgkin lymphoma" is not "hodgkin lymphoma"
            if best is None or (score, slug_key) > best[:2]:
                best = (score, slug_key, concept)
        return best[2] if best else None

    def _fuzzy(self, index: _Index, k: str) -> Concept | None:
        if len(k) < 5:
            return None
        hits = process.extract(
            k, index.choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=3
        )
        for choice, _score, _ in hits:
            if _near(k, choice):
                return index.by_key[choice]
        return None


_MISSING = object()
#: Names whose exact resolution is remembered per vocabulary (a few hundred KB at most).
_CACHE_SIZE = 20_000


def _phrases(evidence: Sequence[str], longest: int) -> set[str]:
    """Every run of up to ``longest`` consecutive words in the URL segments, as keys."""
    found: set[str] = set()
    for segment in evidence:
        words = key(segment).split()
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + longest) + 1):
                found.add(" ".join(words[start:end]))
    return found


def _same_shape(a: str, b: str) -> bool:
    """Whether a near spelling may stand for the key: same word count, same numbers, and every
    word starts with the same letters (so only endings, typos and apostrophes differ)."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or _DIGITS.findall(a) != _DIGITS.findall(b):
        return False
    return all(x[:_STEM] == y[:_STEM] for x, y in zip(wa, wb, strict=True))


#: Letter swaps a spelling variant may make: British/American s/z ("generalised").
_VARIANT_SWAPS = frozenset({("s", "z"), ("z", "s")})


def _near(a: str, b: str) -> bool:
    """A near spelling of the same word(s), not another word: the same shape, and the edits are
    letters dropped or added ("crohn"/"crohns", "prednisolne", "haemo"/"hemo"), two neighbours
    swapped ("rheumatiod"), or s/z; never one letter for another ("nephritic"/"nephrotic")."""
    if not _same_shape(a, b) or fuzz.ratio(a, b) < FUZZY_THRESHOLD:
        return False
    ops = Levenshtein.editops(a, b)
    swaps = [op for op in ops if op.tag == "replace"]
    if not swaps:
        return True
    if all((a[op.src_pos], b[op.dest_pos]) in _VARIANT_SWAPS for op in swaps):
        return True
    if len(swaps) == 2 and len(ops) == 2:
        first, second = swaps
        return (
            second.src_pos == first.src_pos + 1
            and a[first.src_pos] == b[second.dest_pos]
            and a[second.src_pos] == b[first.dest_pos]
        )
    return False


def _truncated(k: str, slug_key: str) -> bool:
    """The name is the slug cut short at a word's end ("covid" of "covid 19"), keeping most of
    it: the page lost characters, it did not name a broader or narrower concept."""
    return (
        len(k) >= 4
        and slug_key.startswith(k)
        and slug_key[len(k) : len(k) + 1] in ("", " ")
        and 2 * len(k) >= len(slug_key)
    )


def _resolved(seen: str, concept: Concept, match: MatchKind) -> Resolution:
    return Resolution(seen, concept.name, concept.slug, match, concept, concept.drugbank_id)


# --- the drug dictionary -----------------------------------------------------------------


@cache
def _find_drugs() -> Any:
    # Imported on first use: loading its dictionary takes about a second.
    from drug_named_entity_recognition import find_drugs

    return find_drugs


def drug_ner(name: str) -> tuple[str, str | None] | None:
    """(generic name, DrugBank ID) when the whole name is one drug in the dictionary, else None.

    Exact matching only: the package's fuzzy mode crashes on multi-word strings.
    """
    tokens = key(name).split()
    if not tokens:
        return None
    try:
        hits = _find_drugs()(tokens, is_ignore_case=True)
    except Exception:  # a third-party lookup must not fail a page; the name stays unknown
        log.warning("drug dictionary lookup failed for %r", name, exc_info=True)
        return None
    for data, start, end in hits:
        if start == 0 and end == len(tokens) and data.get("name"):
            return str(data["name"]), data.get("drugbank_id") or None
    return None


# --- files -------------------------------------------------------------------------------


def vocab_dir() -> Path:
    """The vocabulary directory: ``$MEDSCRAPE_VOCAB_DIR``, else the shipped ``pipeline/vocab``."""
    configured = os.environ.get(VOCAB_ENV)
    return Path(configured) if configured else _shipped_dir()


@cache
def _shipped_dir() -> Path:
    """``pipeline/vocab`` as a real folder. Scrapyd runs the package from a zipped egg, where
    the files have no path of their own: they are copied to a temporary folder then."""
    if VOCAB_DIR.is_dir():
        return VOCAB_DIR
    return _copied(resources.files("pipeline") / "vocab")


#: The temporary copies made by :func:`_copied`, kept alive (and removed at exit) with them.
_COPIES: list[tempfile.TemporaryDirectory[str]] = []


def _copied(source: Traversable) -> Path:
    """The files of a resource folder copied into a temporary folder removed at exit."""
    copy = tempfile.TemporaryDirectory(prefix="medscrape-vocab-")
    _COPIES.append(copy)
    folder = Path(copy.name)
    for entry in source.iterdir():
        if entry.is_file():
            (folder / entry.name).write_bytes(entry.read_bytes())
    log.debug("vocabulary copied from %s to %s", source, folder)
    return folder


def read_rows(path: Path, kind: Kind) -> list[dict[str, str]]:
    """A vocabulary file's rows as dicts; the header must be exactly :data:`COLUMNS`."""
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.reader(file, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or tuple(header) != COLUMNS[kind]:
            raise VocabularyError(f"{path}: the header must be {', '.join(COLUMNS[kind])}")
        rows = []
        for number, row in enumerate(reader, start=2):
            if len(row) != len(header):
                raise VocabularyError(f"{path}:{number}: {len(row)} fields, expected {len(header)}")
            rows.append(dict(zip(header, (cell.strip() for cell in row), strict=True)))
        return rows


#: Characters a cell cannot hold: the file is tab-separated, one row a line, unquoted.
_UNWRITABLE = re.compile(r'[\t\r\n"]')


def write_rows(path: Path, kind: Kind, rows: Sequence[dict[str, str]]) -> None:
    """Write a vocabulary file, rows sorted by name (case-insensitive), all or nothing: a new
    file replaces the old one only once it is complete."""
    for row in rows:
        for column in COLUMNS[kind]:
            if _UNWRITABLE.search(row.get(column, "")):
                raise VocabularyError(
                    f"{column} of {row['name']!r} holds a tab, a line break or a double quote"
                )
    ordered = sorted(rows, key=lambda row: (row["name"].casefold(), row["name"]))
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
            writer.writerow(COLUMNS[kind])
            writer.writerows([[row.get(column, "") for column in COLUMNS[kind]] for row in ordered])
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def concept_from_row(kind: Kind, row: dict[str, str], path: Path) -> Concept:
    if not row["name"] or row["slug"] != slugify(row["name"]):
        raise VocabularyError(
            f"{path}: {row['name']!r} needs the slug {slugify(row['name'])!r}, not {row['slug']!r}"
        )
    return Concept(
        kind=kind,
        name=row["name"],
        slug=row["slug"],
        icd10cm=row.get("icd10cm") or None,
        mesh_id=row.get("mesh_id") or None,
        drugbank_id=row.get("drugbank_id") or None,
        brands=_split(row.get("brands", "")),
        aliases=_split(row["aliases"]),
    )


@cache
def _loaded(directory: Path) -> Vocabulary:
    return Vocabulary.load(directory)


def default_vocabulary() -> Vocabulary:
    """The vocabulary of :func:`vocab_dir`, loaded once per process."""
    return _loaded(vocab_dir())


__all__ = [
    "FUZZY_THRESHOLD",
    "Concept",
    "Resolution",
    "Vocabulary",
    "VocabularyError",
    "concept_from_row",
    "default_vocabulary",
    "drug_ner",
    "key",
    "read_rows",
    "vocab_dir",
    "write_rows",
]
