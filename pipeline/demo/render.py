"""Pages of the sample site as HTML strings: articles, listings, drug hubs and the odd ones."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from html import escape

from pipeline.demo import templates
from pipeline.demo.model import Article, Link, Section, Subsection
from pipeline.demo.templates import BASE_URL, SITE_NAME


def text(value: str) -> str:
    """Escape element text (quotes kept: "Crohn's")."""
    return escape(value, quote=False)


def attr(value: str) -> str:
    """Escape an attribute value."""
    return escape(value, quote=True)


def breadcrumb_jsonld(crumbs: Sequence[tuple[str, str]]) -> str:
    """A schema.org BreadcrumbList script for (name, path) pairs."""
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": f"{BASE_URL}{path}"}
            for i, (name, path) in enumerate(crumbs, start=1)
        ],
    }
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{blob}\n</script>\n'


def head(
    *,
    path: str,
    title: str,
    description: str,
    robots: str = "index, follow",
    og_type: str = "website",
    jsonld: str = "",
    body_class: str = "page",
) -> str:
    """The page's head and site header, up to where the content starts."""
    return templates.HEAD.substitute(
        title=text(title),
        site=SITE_NAME,
        description=attr(description),
        robots=robots,
        base=BASE_URL,
        path=attr(path),
        og_type=og_type,
        style=templates.STYLE,
        jsonld=jsonld,
        body_class=body_class,
    )


def body(main: str, *, banner: bool = True) -> str:
    """Cookie banner, main content and footer."""
    return templates.BODY.substitute(
        banner=templates.COOKIE_BANNER if banner else "",
        main=main,
        site=SITE_NAME,
        script=templates.SCRIPT,
    )


def page(main: str, **head_args: str) -> str:
    """A whole page: head, banner, ``main`` and footer."""
    return head(**head_args) + body(main)


def breadcrumbs(parent: str, parent_path: str, here: str) -> str:
    """Home › parent › here."""
    return templates.BREADCRUMBS.substitute(
        parent=text(parent), parent_path=attr(parent_path), here=text(here)
    )


def link_list(links: Iterable[Link], css_class: str) -> str:
    """A ``ul`` of links."""
    rows = "".join(
        f'        <li><a href="{attr(link.path)}">{text(link.title)}</a></li>\n' for link in links
    )
    return f'      <ul class="{css_class}">\n{rows}      </ul>\n'


def _paragraphs(paragraphs: Iterable[str]) -> str:
    return "".join(f"      <p>{text(p)}</p>\n" for p in paragraphs)


def _subsection(sub: Subsection) -> str:
    out = f"      <h3>{text(sub.heading)}</h3>\n" + _paragraphs(sub.paragraphs)
    if sub.items:
        items = "".join(f"        <li>{text(item)}</li>\n" for item in sub.items)
        out += f"      <ul>\n{items}      </ul>\n"
    return out


def _section(section: Section) -> str:
    inner = _paragraphs(section.paragraphs) + "".join(map(_subsection, section.subsections))
    return (
        '\n    <section class="article-section">\n'
        f"      <h2>{text(section.heading)}</h2>\n{inner}    </section>\n"
    )


def article_main(article: Article) -> str:
    """Breadcrumbs, drug header and the article with its related links."""
    related = ""
    if article.related:
        related = (
            '\n    <section class="related-articles">\n      <h2>Related Articles:</h2>\n'
            + link_list(article.related, "related-list")
            + "    </section>\n"
        )
    return (
        breadcrumbs("Conditions", "/en/conditions/", article.title)
        + templates.DRUG_HEADER.substitute(
            label=text(article.drug_label), slug=attr(article.drug_slug)
        )
        + f'\n  <article class="article">\n    <h1>{text(article.title)}</h1>\n'
        + "".join(map(_section, article.sections))
        + related
        + "  </article>\n"
    )


def article_head(article: Article, path: str) -> str:
    """The head of a drug-for-condition page."""
    return head(
        path=path,
        title=article.title,
        description=(
            f"{article.title}: what it is, how it works, benefits, side effects and reviews of "
            f"{article.drug_label} for {article.condition_name}."
        ),
        robots="index, follow, max-image-preview:large",
        og_type="article",
        jsonld=breadcrumb_jsonld(
            [("Home", "/en/"), ("Conditions", "/en/conditions/"), (article.title, path)]
        ),
        body_class="page-condition",
    )


def render_article(article: Article, path: str) -> str:
    """A drug-for-condition page in the meds.is template."""
    return article_head(article, path) + body(article_main(article))


def pagination(current: int, paths: Sequence[str]) -> str:
    """Previous / numbered / next links of a paginated listing (pages count from 1)."""
    parts = []
    if current > 1:
        parts.append(f'<a rel="prev" href="{paths[current - 2]}">Previous</a>')
    for number, path in enumerate(paths, start=1):
        if number == current:
            parts.append(f'<span aria-current="page">{number}</span>')
        else:
            parts.append(f'<a href="{path}">{number}</a>')
    if current < len(paths):
        parts.append(f'<a rel="next" href="{paths[current]}">Next</a>')
    return f'  <nav class="pagination" aria-label="Pages">\n    {" ".join(parts)}\n  </nav>\n'


def listing_page(links: Sequence[Link], current: int, paths: Sequence[str], total: int) -> str:
    """One page of the conditions A–Z listing."""
    first = (current - 1) * len(links) + 1 if current > 1 else 1
    title = "Conditions A–Z" + (f" (page {current})" if current > 1 else "")
    main = (
        breadcrumbs("Conditions", "/en/conditions/", f"Page {current}")
        + f'  <section class="listing">\n    <h1>{text(title)}</h1>\n'
        + f"    <p>Drug-for-condition guides {first}–{first + len(links) - 1} of {total}.</p>\n"
        + link_list(links, "condition-list")
        + "  </section>\n"
        + pagination(current, paths)
    )
    description = "Browse drug-for-condition guides from A to Z."
    return page(main, path=paths[current - 1], title=title, description=description)


def drug_page(
    label: str, slug: str, ingredients: Sequence[str], drug_class: str, links: Sequence[Link]
) -> str:
    """A drug's hub: its ingredients, class and drug-for-condition pages."""
    path = f"/en/drugs/{slug}"
    ingredient_items = "".join(f"      <li>{text(i)}</li>\n" for i in ingredients)
    main = (
        breadcrumbs("Drugs", "/en/drugs/", label)
        + f'  <section class="drug-profile">\n    <h1>{text(label)}</h1>\n'
        + '    <h2 id="active-ingredients">Active Ingredients</h2>\n'
        + f"    <ul>\n{ingredient_items}    </ul>\n"
        + '    <h2 id="drug-classes">Drug Classes</h2>\n'
        + f"    <ul>\n      <li>{text(drug_class.capitalize())}</li>\n    </ul>\n"
        + f"    <h2>Guides for {text(label)}</h2>\n"
        + link_list(links, "condition-list")
        + "  </section>\n"
    )
    return page(main, path=path, title=label, description=f"Guides for {label}.")


def drugs_index(links: Sequence[Link]) -> str:
    """The drugs A–Z listing."""
    main = (
        breadcrumbs("Drugs", "/en/drugs/", "All drugs")
        + '  <section class="listing">\n    <h1>Drugs A–Z</h1>\n'
        + link_list(links, "drug-list")
        + "  </section>\n"
    )
    return page(main, path="/en/drugs/", title="Drugs A–Z", description="Browse drugs A to Z.")


def home_page(pages: int) -> str:
    """The home page: where to start browsing."""
    main = (
        '  <section class="home">\n'
        f"    <h1>{SITE_NAME}</h1>\n"
        f"    <p>An offline sample of a drug information site: {pages} drug-for-condition "
        "guides, generated for testing crawlers.</p>\n"
        + link_list(
            [
                Link("Conditions A–Z", "/en/conditions/"),
                Link("Drugs A–Z", "/en/drugs/"),
                Link("About us", "/en/about-us"),
            ],
            "home-links",
        )
        + "  </section>\n"
    )
    return page(main, path="/en/", title=SITE_NAME, description="Drug guides, A to Z.")


def about_page() -> str:
    """An ordinary page that is not a drug-for-condition page (an off-pattern URL)."""
    paragraphs = {
        "Who we are": (
            "Meds Sample is a made-up drug information site. It exists so that a crawler has a "
            "realistic website to read without touching a real one: every page is generated "
            "from a small table of drugs and conditions and a handful of sentence templates, "
            "and the whole site is served from a folder on your own computer.",
            "The guides follow the layout of a popular drug-for-condition site: a header with "
            "the drug and its dosage form, sections on what the drug is, how it works, its "
            "benefits and side effects, a summary of reviews, and links to related guides.",
        ),
        "Our editorial process": (
            "There is none. Every guide on this site is written by a program, no pharmacist or "
            "doctor has reviewed it, and some pairs of drug and condition make no medical sense "
            "at all. Do not use anything you read here to make decisions about your health or "
            "your medicines; ask a doctor or a pharmacist instead.",
        ),
        "Cookies": (
            "The cookie banner is decoration. The site stores a single cookie when you press "
            "Accept, only to hide the banner, and it sends nothing anywhere.",
        ),
    }
    sections = "".join(
        f"    <h2>{text(heading)}</h2>\n" + "".join(f"    <p>{text(p)}</p>\n" for p in texts)
        for heading, texts in paragraphs.items()
    )
    main = f'  <article class="about">\n    <h1>About Meds Sample</h1>\n{sections}  </article>\n'
    return page(main, path="/en/about-us", title="About us", description="About this sample site.")


def soft_404_page(path: str) -> str:
    """A 'Page not found' page, served with status 200."""
    main = (
        '  <section class="not-found">\n    <h1>Page not found</h1>\n'
        "    <p>Sorry, we couldn’t find the page you were looking for. It may have been moved, "
        "renamed or never existed.</p>\n"
        + link_list(
            [
                Link("Browse all conditions", "/en/conditions/"),
                Link("Browse all drugs", "/en/drugs/"),
            ],
            "suggestions",
        )
        + "  </section>\n"
    )
    return head(
        path=path, title="Page not found", description="Page not found", robots="noindex, follow"
    ) + body(main)


def broken_page(article: Article, path: str, garbage: str) -> str:
    """A drug-for-condition page cut off after its header: the head, then ``garbage``, no end."""
    return article_head(article, path) + garbage
