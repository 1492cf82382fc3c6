"""The sample site's building blocks: drugs, conditions and the articles made from them."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.normalize import slugify


@dataclass(frozen=True, slots=True)
class Drug:
    """A row of the drug table."""

    name: str
    form: str | None
    drug_class: str
    mechanism: str  # one or two sentences, starting "It …"
    areas: tuple[str, ...]  # therapeutic areas: pairs sharing one are plausible
    common: tuple[str, ...]  # common side effects
    serious: tuple[str, ...]  # serious side effects

    @property
    def slug(self) -> str:
        """Slug of "name form", as the parser makes it: 'tacrolimus-oral-and-injection'."""
        return slugify(f"{self.name} {self.form or ''}")

    @property
    def label(self) -> str:
        """The drug header's label: 'Tacrolimus (oral and injection)'."""
        return f"{self.name} ({self.form})" if self.form else self.name


@dataclass(frozen=True, slots=True)
class Condition:
    """A row of the condition table."""

    name: str
    areas: tuple[str, ...]
    description: str  # "a chronic autoimmune disease"
    symptoms: tuple[str, ...]
    phrase: str | None = None  # how a sentence names it, when not name.lower()

    @property
    def slug(self) -> str:
        """Slug of the name: "Crohn's Disease" → 'crohns-disease'."""
        return slugify(self.name)

    @property
    def in_text(self) -> str:
        """The name inside a sentence: 'lupus', "Crohn's disease", 'COVID-19'."""
        return self.phrase or self.name.lower()


@dataclass(frozen=True, slots=True)
class Subsection:
    """An h3 under a section: paragraphs or a list."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """An h2 section: intro paragraphs, then h3 subsections."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    subsections: tuple[Subsection, ...] = ()


@dataclass(frozen=True, slots=True)
class Link:
    """A link as shown: its text and root-relative path."""

    title: str
    path: str


@dataclass(frozen=True, slots=True)
class Article:
    """The content of one drug-for-condition page, before it becomes HTML."""

    title: str  # the h1: "Tacrolimus for Lupus"
    drug_name: str
    drug_label: str  # "Tacrolimus (oral and injection)"
    drug_slug: str
    condition_name: str
    sections: tuple[Section, ...]
    related: tuple[Link, ...]
