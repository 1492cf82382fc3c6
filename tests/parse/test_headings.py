"""Heading wording → kind, across sites' vocabularies, with the page's names masked."""

from __future__ import annotations

import pytest

from pipeline.parse.outline import HeadingClassifier

CLASSIFIER = HeadingClassifier([("Tacrolimus", "{drug}"), ("Lupus", "{condition}")])


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("What is Tacrolimus?", "what_is"),
        ("About Tacrolimus", "what_is"),
        ("Overview", "what_is"),
        ("Tacrolimus at a glance", "what_is"),
        ("How Does Tacrolimus Work?", "how_it_works"),
        ("Mechanism of action", "how_it_works"),
        ("How it works", "how_it_works"),
        ("What are the Benefits of Using Tacrolimus for Lupus?", "benefits"),
        ("Uses", "benefits"),
        ("Why is tacrolimus prescribed for lupus?", "benefits"),
        ("Why you are taking it", "benefits"),
        ("Effectiveness for lupus", "benefits"),
        ("Tacrolimus for Lupus Side Effects", "side_effects"),
        ("Adverse effects", "side_effects"),
        ("Risks", "side_effects"),
        ("⚠️ Safety", "side_effects"),
        ("6. Can tacrolimus cause problems?", "side_effects"),
        ("Tacrolimus for Lupus Reviews", "reviews"),
        ("User experiences", "reviews"),
        ("Testimonials", "reviews"),
        ("What patients say", "reviews"),
        ("3. ⭐ Ratings", "reviews"),
        ("Related Articles:", "related"),
        ("See also", "related"),
        ("You may also like", "related"),
        ("More about Tacrolimus", "related"),
        ("Other uses of Tacrolimus", "related"),
        ("So what is tacrolimus, exactly?", "what_is"),
        ("Key facts about tacrolimus", "what_is"),
        ("What you need to know about tacrolimus", "what_is"),
        ("Tacrolimus: the essentials", "what_is"),
        ("Tacrolimus in short", "what_is"),
        ("What does tacrolimus do?", "how_it_works"),
        ("Why tacrolimus works", "how_it_works"),
        ("Pharmacodynamics", "how_it_works"),
        ("How well does tacrolimus work?", "benefits"),
        ("Clinical evidence", "benefits"),
        ("What the research says", "benefits"),
        ("Research findings", "benefits"),
        ("Expected results", "benefits"),
        ("How tacrolimus can help", "benefits"),
        ("Things to watch out for", "side_effects"),
        ("Success stories", "reviews"),
        ("Voices of patients", "reviews"),
        ("Comments from users", "reviews"),
        ("Tacrolimus: the basics", "what_is"),
        ("How it keeps the immune system in check", "how_it_works"),
        ("Why you have been given it", "benefits"),
        ("Possible unwanted effects", "side_effects"),
        ("What my readers say", "reviews"),
        ("What other patients have said", "reviews"),
        ("Tacrolimus in brief", "what_is"),
        ("Tacrolimus 101", "what_is"),
        ("Tacrolimus’s effect on the immune system", "how_it_works"),
        ("Why doctors prescribe it for lupus", "benefits"),
        ("How well does it control flares?", "benefits"),
        ("Real stories from readers", "reviews"),
        ("What do other people taking it say?", "reviews"),
        ("More patient guides", "related"),
        ("Other lupus medicines", "related"),
        ("A quick primer on tacrolimus", "what_is"),
        ("What the evidence shows", "benefits"),
        ("Patients also read", "related"),
        ("Dosage", "other"),
        ("Drug interactions", "other"),
        ("How to take tacrolimus", "other"),
        ("Storage", "other"),
        ("Frequently asked questions", "other"),
        ("What mums say", "reviews"),
        ("What other teens said", "reviews"),
        ("What doctors say", "other"),
        ("Research Objectives", "other"),  # a grant page's, not what research shows
        ("Research on tacrolimus", "benefits"),
        ("Clinical Trials for Lupus", "other"),  # trials to join
        ("What clinical trials show", "benefits"),
        ("How does tacrolimus prevent rejection?", "how_it_works"),
        ("Results from clinical studies", "benefits"),
    ],
)
def test_section_heading_kind(heading: str, kind: str) -> None:
    assert CLASSIFIER.section_kind(CLASSIFIER.normalize(heading)) == kind


@pytest.mark.parametrize(
    ("parent", "heading", "kind"),
    [
        ("side_effects", "Common Side Effects", "common"),
        ("side_effects", "Commonly reported side effects", "common"),
        ("side_effects", "Mild side effects", "common"),
        ("side_effects", "Serious Side Effects", "serious"),
        ("side_effects", "Rare but serious reactions", "serious"),
        ("side_effects", "Less common but serious", "serious"),
        ("side_effects", "When to call your doctor", "serious"),
        ("side_effects", "Less serious side effects", "common"),
        ("side_effects", "Managing Side Effects", "managing"),
        ("side_effects", "Coping with side effects", "managing"),
        ("side_effects", "Who should avoid it", "other"),
        ("reviews", "Understanding the Connection Between Tacrolimus and Lupus", "overview"),
        ("reviews", "Summary", "overview"),
        ("reviews", "What You Need to Know", "need_to_know"),
        ("reviews", "Key points", "need_to_know"),
        ("reviews", "What to Expect", "what_to_expect"),
        ("reviews", "Outlook", "what_to_expect"),
        ("side_effects", "Get medical help right away if…", "serious"),
        ("side_effects", "Making side effects easier to live with", "managing"),
        ("reviews", "The overall picture", "overview"),
        ("reviews", "Key messages from patients", "need_to_know"),
        ("side_effects", "Side effects many people notice", "common"),
        ("side_effects", "Easing stomach upset", "managing"),
        ("reviews", "Summing up", "overview"),
        ("reviews", "What the first months look like", "what_to_expect"),
        ("reviews", "Over the longer term", "what_to_expect"),
        ("benefits", "Common uses", "other"),
        ("side_effects", "Keeping side effects down", "managing"),
        ("side_effects", "Keeping them in check", "managing"),
        ("side_effects", "How to use it safely", "managing"),
    ],
)
def test_subsection_heading_kind(parent: str, heading: str, kind: str) -> None:
    assert CLASSIFIER.subsection_kind(parent, CLASSIFIER.normalize(heading)) == kind


def test_names_are_masked_before_matching() -> None:
    # A condition whose name holds a section word must not make its heading that section.
    classifier = HeadingClassifier(
        [("Isotretinoin", "{drug}"), ("Reactive Arthritis", "{condition}")]
    )
    norm = classifier.normalize("Isotretinoin and Reactive Arthritis: what is it?")
    assert "{condition}" in norm and "{drug}" in norm


@pytest.mark.parametrize(
    ("heading", "masked"),
    [
        ("tacrolimus and tacrolimus-xl", "{drug} and {drug}-xl"),
        ("tacrolimuses", "tacrolimuses"),  # no part of a longer word
        ("pretacrolimus tacrolimus", "pretacrolimus {drug}"),
        ("lupus_nephritis lupus", "lupus_nephritis {condition}"),  # "_" joins a word
        ("lupus2 (lupus)", "lupus2 ({condition})"),
    ],
)
def test_a_name_is_masked_only_as_a_whole_word(heading: str, masked: str) -> None:
    assert CLASSIFIER.normalize(heading) == masked
