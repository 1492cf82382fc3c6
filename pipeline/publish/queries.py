"""The canned queries of the published database: named SQL with parameters, in Datasette's form.

Each is at ``/<database>/<name>`` (HTML, with a form for its parameters) and
``/<database>/<name>.json?param=value`` for downstream sites. A column named ``record`` holds a
page's URL; the record plugin shows it as a link to that page's record.
"""

from __future__ import annotations

from typing import Any

SEARCH_PAGES = """
select p.title, d.name as drug, c.name as condition,
  group_concat(s.heading, ' · ') as matching_sections, p.url as record
from sections_fts
join sections s on s.rowid = sections_fts.rowid
join pages p on p.url = s.page_url
join drugs d on d.slug = p.drug_slug
join conditions c on c.slug = p.condition_slug
where sections_fts match '"' || replace(:q, '"', '""') || '"' and p.removed_at is null
group by p.url
order by p.title
"""

SIDE_EFFECTS_OF_DRUG_FOR_CONDITION = """
select e.term, e.severity, e.raw, p.title, p.url as record
from side_effects e
join pages p on p.url = e.page_url
where p.drug_slug = :drug and p.condition_slug = :condition and p.removed_at is null
order by e.severity, e.position
"""

DRUGS_WITH_COMMON_SIDE_EFFECT = """
select d.name as drug, d.slug as drug_slug, count(distinct p.url) as pages,
  group_concat(distinct c.name) as conditions
from side_effects e
join pages p on p.url = e.page_url
join drugs d on d.slug = p.drug_slug
join conditions c on c.slug = p.condition_slug
where e.severity = 'common' and e.term = lower(trim(:term)) and p.removed_at is null
group by d.slug
order by pages desc, drug
"""

CHANGES_SINCE_RUN = """
select c.run_id, c.seen_at, c.change, p.title, c.url as record, c.content_hash
from page_changes c
join pages p on p.url = c.url
where c.run_id > cast(:run_id as integer)
order by c.id
"""

PAGES_PER_CONDITION = """
select c.name as condition, c.slug as condition_slug, c.icd10cm,
  count(p.url) as pages, count(distinct p.drug_slug) as drugs
from conditions c
left join pages p on p.condition_slug = c.slug and p.removed_at is null
group by c.slug
order by pages desc, condition
"""

REJECTS_BY_REASON = """
select reason, count(*) as rejects, min(seen_at) as first_seen, max(seen_at) as last_seen
from rejects
group by reason
order by rejects desc, reason
"""


def _query(title: str, sql: str, description: str) -> dict[str, Any]:
    return {"title": title, "sql": sql.strip(), "description": description}


#: Name -> Datasette canned query.
CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "search_pages": _query(
        "Search the pages",
        SEARCH_PAGES,
        "Pages whose sections contain the words (a phrase; porter stemming): one row a page.",
    ),
    "side_effects_of_drug_for_condition": _query(
        "Side effects of a drug for a condition",
        SIDE_EFFECTS_OF_DRUG_FOR_CONDITION,
        "The side-effect terms pages list for a drug and a condition (slugs, e.g. "
        "tacrolimus and lupus), common before serious.",
    ),
    "drugs_with_common_side_effect": _query(
        "Drugs listing a side effect as common",
        DRUGS_WITH_COMMON_SIDE_EFFECT,
        "Drugs whose pages list a term (e.g. headache) among their common side effects.",
    ),
    "changes_since_run": _query(
        "What changed since a run",
        CHANGES_SINCE_RUN,
        "Pages added, changed, removed or revived by the runs after the given run id "
        "(0: every change).",
    ),
    "pages_per_condition": _query(
        "Pages per condition",
        PAGES_PER_CONDITION,
        "Current pages and distinct drugs per condition, with its ICD-10-CM code.",
    ),
    "rejects_by_reason": _query(
        "Rejects by reason",
        REJECTS_BY_REASON,
        "URLs that did not become a record, counted by their first reason.",
    ),
}
