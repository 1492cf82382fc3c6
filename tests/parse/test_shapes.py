"""Small page shapes the fixtures do not all show, each as a minimal page."""

from __future__ import annotations

import pytest

from pipeline.parse import PageRejected, parse_page

URL = "https://example.test/guides/tacrolimus-lupus"
BODY = """
<p>Tacrolimus calms the immune system and is used in several autoimmune diseases.</p>
"""


SIDE = "<h2>Side effects</h2><p>Tremor and headaches are common.</p>"
#: Intro prose long enough to be kept as an intro section (12 words or more).
INTRO = "Your doctor suggested tacrolimus because the other medicines you took did not help."


def page(content: str) -> str:
    title = "<h1>Tacrolimus for Lupus</h1>"
    return f"<html><head></head><body><main>{title}{content}</main></body></html>"


def test_accordion_headers_in_buttons_keep_their_words_and_hidden_panels_their_text() -> None:
    html = page(
        '<div class="accordion"><h2><button aria-expanded="false">What is Tacrolimus?</button></h2>'
        f'<div class="collapse" hidden>{BODY}</div>'
        '<h2><button aria-expanded="false">Side effects</button></h2>'
        '<div style="display:none" aria-hidden="true"><p>Headaches and tremor.</p></div></div>'
    )
    sections = parse_page(html, URL).sections
    assert [(s.kind, s.heading) for s in sections] == [
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
    ]
    assert sections[1].text == "Headaches and tremor."


def test_disclosure_button_without_a_heading_is_a_heading() -> None:
    html = page(
        f'<button aria-controls="p1">About Tacrolimus</button><div id="p1">{BODY}</div>'
        '<button aria-controls="p2">Risks</button><div id="p2"><p>Infections.</p></div>'
    )
    assert [s.kind for s in parse_page(html, URL).sections] == ["what_is", "side_effects"]


def test_related_list_in_a_labelled_nav_is_found() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Side effects</h2><p>Headaches.</p>"
        '<nav aria-label="Related articles">'
        '<a href="/guides/tacrolimus-acne">Tacrolimus for Acne</a>'
        '<a href="/guides/tacrolimus-eczema">Tacrolimus for Eczema</a></nav>'
        '<aside aria-label="More from Example"><a href="/shop">Shop</a></aside>'
    )
    related = parse_page(html, URL).related
    assert [(r.drug, r.condition) for r in related] == [
        ("Tacrolimus", "Acne"),
        ("Tacrolimus", "Eczema"),
    ]


def test_bold_paragraph_inside_font_is_a_heading_but_a_bold_sentence_is_not() -> None:
    html = page(
        '<p><font color="red"><b>What is Tacrolimus?</b></font></p>'
        f"{BODY}<p><b>Always take it at the same time each day.</b></p>"
        "<p><strong>Side effects</strong></p><p>Tremor.</p>"
    )
    sections = parse_page(html, URL).sections
    assert [s.heading for s in sections] == ["What is Tacrolimus?", "Side effects"]
    assert "Always take it at the same time each day." in sections[0].text


def test_deeply_nested_page_parses_without_recursion() -> None:
    deep = "<div>" * 5000 + f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Risks</h2><p>Tremor.</p>"
    html = page(deep + "</div>" * 5000)
    assert len(parse_page(html, URL).sections) == 2


def test_card_links_that_wrap_only_a_heading_are_related_articles() -> None:
    cards = "".join(
        f'<div class="card"><a href="/guides/tacrolimus-{c.lower()}"><img src="x.jpg" alt="">'
        f"<h4>Tacrolimus for {c}</h4></a></div>"
        for c in ("Acne", "Eczema", "Psoriasis")
    )
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Risks</h2><p>Tremor.</p>"
        f"<h3>You might also like</h3>{cards}"
    )
    related = parse_page(html, URL).related
    assert [r.condition for r in related] == ["Acne", "Eczema", "Psoriasis"]


def test_section_numbering_words_do_not_hide_the_kind() -> None:
    html = page(
        f"<h2>Section 1: What is Tacrolimus?</h2>{BODY}"
        "<h2>Section 2: Side effects</h2><p>Tremor.</p>"
    )
    assert [s.kind for s in parse_page(html, URL).sections] == ["what_is", "side_effects"]


def test_tab_labels_head_their_panels() -> None:
    html = page(
        '<div role="tablist"><button role="tab" id="t1" aria-controls="p1">About</button>'
        '<button role="tab" id="t2" aria-controls="p2">Side effects</button></div>'
        f'<div role="tabpanel" id="p1" aria-labelledby="t1">{BODY}</div>'
        '<div role="tabpanel" id="p2" aria-labelledby="t2" hidden><p>Tremor.</p>'
        "<h3>Serious side effects</h3><p>Kidney damage.</p></div>"
    )
    sections = parse_page(html, URL).sections
    assert [(s.kind, s.heading) for s in sections] == [
        ("what_is", "About"),
        ("side_effects", "Side effects"),
    ]
    assert [u.kind for u in sections[1].subsections] == ["serious"]


def test_row_headers_of_a_layout_table_head_their_cells() -> None:
    html = page(
        f"<table><tr><th>What it is</th><td>{BODY}</td></tr>"
        "<tr><th>Unwanted effects</th><td><p>Tremor.</p><h4>Rare but serious</h4>"
        "<p>Kidney damage.</p></td></tr></table>"
    )
    sections = parse_page(html, URL).sections
    assert [s.kind for s in sections] == ["what_is", "side_effects"]
    assert sections[1].subsections[0].kind == "serious"


def test_a_form_wrapping_the_whole_page_is_layout() -> None:
    body = f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Risks</h2><p>Tremor.</p>"
    html = (
        page(body)
        .replace("<body>", '<body><form id="aspnetForm">')
        .replace("</body>", "</form></body>")
    )
    assert len(parse_page(html, URL).sections) == 2


def test_a_related_sounding_heading_over_prose_is_a_section() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Risks</h2><p>Tremor.</p>"
        "<h2>Other treatments</h2><p>Mycophenolate and cyclophosphamide are alternatives "
        'that doctors weigh for <a href="/x">lupus nephritis</a> when tacrolimus does not suit.</p>'
    )
    record = parse_page(html, URL)
    assert [s.heading for s in record.sections][-1] == "Other treatments"
    assert record.related == []


def test_a_definition_list_laid_out_as_the_page_has_its_terms_as_headings() -> None:
    html = page(
        f"<dl><dt>What is tacrolimus?</dt><dd>{BODY}</dd>"
        "<dt>What side effects can it cause?</dt><dd><p>Tremor is common.</p>"
        "<h4>When to get help straight away</h4><p>Fever or chills.</p></dd>"
        f"<dt>How does it work?</dt><dd>{BODY}</dd></dl>"
    )
    sections = parse_page(html, URL).sections
    assert [s.kind for s in sections] == ["what_is", "side_effects", "how_it_works"]
    assert [u.kind for u in sections[1].subsections] == ["serious"]


def test_a_small_facts_list_stays_a_definition_list() -> None:
    html = page(
        "<dl><dt>Drug class</dt><dd>Calcineurin inhibitors</dd></dl>"
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Risks</h2><p>Tremor.</p>"
    )
    assert parse_page(html, URL).drug_classes == ["Calcineurin inhibitors"]


def test_without_an_h1_a_line_repeating_the_title_is_the_title() -> None:
    html = (
        "<html><head><title>Tacrolimus for Lupus – CareGuide</title></head><body>"
        '<div class="page-heading">Tacrolimus for Lupus</div>'
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Risks</h2><p>Tremor.</p></body></html>"
    )
    record = parse_page(html, URL)
    assert record.title == "Tacrolimus for Lupus"
    assert [s.kind for s in record.sections] == ["what_is", "side_effects"]


def test_a_byline_of_several_lines_is_chrome() -> None:
    html = page(
        "<ul><li>Reviewed by Dr. A. Smith, MD</li><li>Updated April 2, 2025</li></ul>"
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Risks</h2><p>Tremor.</p>"
    )
    assert [s.kind for s in parse_page(html, URL).sections] == ["what_is", "side_effects"]


def _sections(*headings: str) -> str:
    return "".join(f"<h2>{h}</h2><p>Some text about tacrolimus and lupus.</p>" for h in headings)


def test_an_unknown_heading_where_the_one_missing_kind_belongs_is_that_kind() -> None:
    html = page(
        _sections(
            "Tacrolimus at first sight", "How does it work?", "Uses", "Side effects", "Reviews"
        )
    )
    kinds = [s.kind for s in parse_page(html, URL).sections]
    assert kinds == ["what_is", "how_it_works", "benefits", "side_effects", "reviews"]


def test_position_never_names_a_heading_about_another_topic() -> None:
    html = page(_sections("Dosage", "How does it work?", "Uses", "Side effects", "Reviews"))
    assert parse_page(html, URL).sections[0].kind == "other"


def test_position_names_nothing_when_two_missing_kinds_fit() -> None:
    html = page(_sections("First things first", "Second look", "Uses", "Side effects"))
    assert [s.kind for s in parse_page(html, URL).sections][:2] == ["other", "other"]


def test_position_is_no_evidence_that_a_page_is_a_drug_page() -> None:
    html = page(_sections("A decade in the making", "Side effects", "Community reaction"))
    with pytest.raises(PageRejected) as rejected:
        parse_page(html, URL)
    assert rejected.value.reason == "no_sections"


def test_a_callouts_own_heading_is_text_of_the_section_it_sits_in() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Side effects</h2><p>Tremor.</p>"
        '<div class="warning-callout"><h3>Important</h3><p>Do not take it with grapefruit.</p>'
        "</div><h3>Common side effects</h3><p>Headache.</p>"
    )
    side = parse_page(html, URL).sections[1]
    assert side.text == "Tremor.\n\nImportant\n\nDo not take it with grapefruit."
    assert [u.kind for u in side.subsections] == ["common"]


def test_a_sentence_styled_as_a_heading_is_text() -> None:
    sentence = (
        "Not the answer you are looking for? Browse other questions tagged lupus "
        "or tacrolimus, or ask your own question"
    )
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Risks</h2><p>Tremor.</p><h2>{sentence}</h2>"
    )
    sections = parse_page(html, URL).sections
    assert [s.heading for s in sections] == ["What is Tacrolimus?", "Risks"]


def test_vote_counts_are_not_text_or_related_titles() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2><div>14</div>{BODY}<h2>Risks</h2><p>Tremor.</p>"
        '<h2>Related questions</h2><ul><li><a href="/q/1">35</a> '
        '<a href="/q/1/x">Is tacrolimus used for eczema?</a></li>'
        '<li><a href="/q/2/y">Is tacrolimus used for acne?</a></li></ul>'
    )
    record = parse_page(html, URL)
    assert "14" not in record.sections[0].text
    assert [r.title for r in record.related] == [
        "Is tacrolimus used for eczema?",
        "Is tacrolimus used for acne?",
    ]


def test_bare_related_titles_name_what_the_related_heading_says() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Risks</h2><p>Tremor.</p>"
        '<nav class="related-nav"><h2>Related conditions</h2><ul>'
        '<li><a class="related-nav__link" href="/c/eczema">Eczema</a></li>'
        '<li><a class="related-nav__link" href="/c/acne">Acne</a></li></ul></nav>'
    )
    related = parse_page(html, URL).related
    assert [(r.drug, r.condition) for r in related] == [(None, "Eczema"), (None, "Acne")]


def test_word_export_headings_and_typed_bullets() -> None:
    html = (
        "<html><head><title>Tacrolimus for Lupus</title></head><body>"
        '<p class="MsoTitle">Tacrolimus for Lupus</p>'
        f'<p class="Heading1">What is Tacrolimus?</p><p class="MsoNormal">{BODY}</p>'
        '<p class="Heading1">Side effects</p>'
        '<p class="MsoListParagraph">·  Tremor</p><p class="MsoListParagraph">·  Headache</p>'
        "</body></html>"
    )
    record = parse_page(html, URL)
    assert [s.kind for s in record.sections] == ["what_is", "side_effects"]
    assert record.sections[1].items == ["Tremor", "Headache"]
    assert record.sections[1].text == "Tremor\nHeadache"


def test_a_related_paragraph_and_a_disclaimer_are_not_section_text() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Risks</h2><p>Tremor.</p>"
        '<p>Related: <a href="/g/tacrolimus-acne">Tacrolimus for Acne</a> · '
        '<a href="/g/tacrolimus-eczema">Tacrolimus for Eczema</a></p>'
        "<p>These guides are general information, not medical advice.</p>"
    )
    record = parse_page(html, URL)
    assert record.sections[-1].text == "Tremor."
    assert [r.condition for r in record.related] == ["Acne", "Eczema"]


def test_a_data_table_with_a_header_row_stays_a_table() -> None:
    table = (
        "<table><tr><th>Time on tacrolimus</th><th>Blood tests</th></tr>"
        "<tr><td><p>First month</p></td><td><p>Weekly</p></td></tr></table>"
    )
    html = page(f"<h2>What is Tacrolimus?</h2>{BODY}{table}<h2>Risks</h2><p>Tremor.</p>")
    what_is = parse_page(html, URL).sections[0]
    assert what_is.subsections == []
    assert what_is.text.endswith("Time on tacrolimus | Blood tests\nFirst month | Weekly")


def test_bootstrap_accordion_headers_and_permalink_anchors() -> None:
    html = page(
        '<div class="accordion-item"><h2 class="accordion-header">'
        '<button class="accordion-button" aria-expanded="false">What is Tacrolimus?</button></h2>'
        f'<div class="accordion-collapse collapse"><div class="accordion-body">{BODY}</div></div>'
        '</div><h2>Side effects <a class="anchor" href="#side-effects">#</a></h2><p>Tremor.</p>'
    )
    assert [(s.kind, s.heading) for s in parse_page(html, URL).sections] == [
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
    ]


def test_a_wrapper_classed_anchor_keeps_its_heading() -> None:
    # CSS-module sites name the heading's wrapper "Section_anchor__x9"; a "#" link is still chrome.
    html = page(
        '<div class="Section_anchor__a9xPt"><h2>What is Tacrolimus?'
        '<a class="anchor" href="#what">#</a></h2></div>'
        f"{BODY}"
        '<div class="Section_anchor__a9xPt"><h2>Side effects</h2></div><p>Tremor and headaches.</p>'
    )
    assert [(s.kind, s.heading) for s in parse_page(html, URL).sections] == [
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
    ]


def test_a_form_label_in_a_table_cell_gives_the_form() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}{SIDE}"
        "<table><tr><th>Detail</th><th>Information</th></tr>"
        "<tr><td>Medicine</td><td>Tacrolimus (0.1% ointment)</td></tr></table>"
    )
    drug = parse_page(html, URL).drug
    assert (drug.form, drug.slug) == ("0.1% ointment", "tacrolimus-0-1-ointment")


def test_an_aria_note_box_heading_is_text_and_a_labelled_share_bar_is_chrome() -> None:
    html = page(
        '<div aria-label="Share this page"><span>Share</span><a href="/x">Facebook</a></div>'
        f"<h2>What is Tacrolimus?</h2>{BODY}"
        '<div role="note"><h3>Good to know</h3><p>Take it at the same time each day.</p></div>'
        f"{SIDE}"
    )
    section, _ = parse_page(html, URL).sections
    assert section.subsections == []
    assert section.text.endswith("Good to know\n\nTake it at the same time each day.")


def test_widget_headings_with_a_blurb_and_date_lines_are_chrome() -> None:
    html = page(
        "<p>Tuesday, 08 November 2011 14:32</p>"
        "<p>Tacrolimus is a strong immune suppressant that doctors use for several conditions,"
        " lupus among them, when milder medicines have not helped.</p>"
        f"<h2>What is Tacrolimus?</h2>{BODY}"
        "<h3>Comments (2)</h3><h3>Add comment</h3>"
        "<h2>Newsletter</h2><p>Get our monthly round-up of new articles by e-mail.</p>"
        "<p>This article provides general information only and is not a substitute for advice"
        " from your doctor.</p>"
        f"{SIDE}"
    )
    sections = parse_page(html, URL).sections
    assert [(s.kind, s.heading, len(s.subsections)) for s in sections] == [
        ("other", "", 0),
        ("what_is", "What is Tacrolimus?", 0),
        ("side_effects", "Side effects", 0),
    ]
    assert not sections[0].text.startswith("Tuesday")


def test_a_card_link_is_titled_by_its_heading_not_its_teaser() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}{SIDE}<section><h2>Related reading</h2>"
        '<div><a href="/guides/tacrolimus-acne"><img alt="x" src="/a.jpg">'
        "<h3>Tacrolimus for Acne</h3><p>How the ointment calms spots.</p></a>"
        '<a href="/guides/tacrolimus-eczema"><h3>Tacrolimus for Eczema</h3>'
        "<p>A steroid-free option.</p></a></div></section>"
    )
    related = parse_page(html, URL).related
    assert [(r.title, r.condition) for r in related] == [
        ("Tacrolimus for Acne", "Acne"),
        ("Tacrolimus for Eczema", "Eczema"),
    ]


ARTICLE = f"<h2>What is Tacrolimus?</h2>{BODY}{SIDE}"


def side_effect_parts(box: str) -> list[tuple[str, str]]:
    """The (kind, text) of the subsections a box of parts gives under "Side effects"."""
    got = parse_page(page(f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Side effects</h2>{box}"), URL)
    return [(s.kind, s.text) for s in got.sections[1].subsections]


def page_beside(content: str, column: str) -> str:
    """A page whose article sits in <main> with a side column after it."""
    return page(content).replace("</main>", f"</main>{column}")


@pytest.mark.parametrize("name", ['id="side"', 'class="rightcol"', 'class="box col-left"'])
def test_a_side_column_named_only_by_its_class_or_id_is_chrome(name: str) -> None:
    column = (
        f"<div {name}><h3>Visiting the clinic</h3><p>The clinic is open from Monday to Friday,"
        " nine to five, and on the first Saturday of every month for new patients.</p></div>"
    )
    html = f'<html><body><div id="main"><h1>Tacrolimus for Lupus</h1>{ARTICLE}</div>{column}'
    sections = parse_page(html, URL).sections
    assert [s.heading for s in sections] == ["What is Tacrolimus?", "Side effects"]
    assert sections[1].subsections == []


@pytest.mark.parametrize("word", ["side-effects", "side-by-side"])
def test_side_alone_in_a_class_word_is_not_a_side_column(word: str) -> None:
    html = page(f'<h2>What is Tacrolimus?</h2>{BODY}<div class="{word}">{SIDE}</div>')
    assert [s.kind for s in parse_page(html, URL).sections] == ["what_is", "side_effects"]


def test_a_heading_classed_as_its_own_anchor_is_still_the_heading() -> None:
    anchor = '<a href="#x" class="hash-link" aria-label="Direct link">\u200b</a>'
    html = page(
        f'<h2 class="anchor anchorWithStickyNavbar_x1">What is Tacrolimus?{anchor}</h2>{BODY}'
        f'<h2 class="anchor anchorWithStickyNavbar_x1">Side effects{anchor}</h2><p>Tremor.</p>'
    )
    sections = parse_page(html, URL).sections
    assert [(s.kind, s.heading) for s in sections] == [
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
    ]


def test_facts_in_a_sidebar_fill_the_fields_and_the_form() -> None:
    facts = (
        '<div role="complementary"><h3>Medicine</h3><p>Tacrolimus (oral capsules)<br>'
        "Active ingredient: tacrolimus monohydrate<br>Drug class: Calcineurin inhibitor</p></div>"
    )
    got = parse_page(page_beside(ARTICLE, facts), URL)
    assert got.drug.form == "oral capsules"
    assert got.active_ingredients == ["tacrolimus monohydrate"]
    assert got.drug_classes == ["Calcineurin inhibitor"]
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]


def test_a_facts_box_before_the_first_heading_is_not_an_intro() -> None:
    box = (
        "<div><div>Active ingredient</div><div><span>tacrolimus</span></div></div>"
        "<div><div>Drug class</div><div><div>Calcineurin inhibitor</div>"
        "<div>Immunosuppressant</div></div></div>"
        "<p>Medicine: Tacrolimus (oral and injection)</p>"
    )
    got = parse_page(page(box + ARTICLE), URL)
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]
    assert got.active_ingredients == ["tacrolimus"]
    assert got.drug_classes == ["Calcineurin inhibitor", "Immunosuppressant"]
    assert got.drug.form == "oral and injection"


def test_a_label_line_inside_a_section_stays_its_text() -> None:
    html = page(f"<h2>What is Tacrolimus?</h2><p>Drug class: Calcineurin inhibitor</p>{SIDE}")
    got = parse_page(html, URL)
    assert got.sections[0].text == "Drug class: Calcineurin inhibitor"
    assert got.drug_classes == ["Calcineurin inhibitor"]


def test_related_links_resolve_against_base_href() -> None:
    html = page(
        f'{ARTICLE}<h2>See also</h2><ul><li><a href="guides/tacrolimus-acne">Tacrolimus for Acne'
        '</a></li><li><a href="guides/tacrolimus-eczema">Tacrolimus for Eczema</a></li></ul>'
    ).replace("<head>", '<head><base href="https://cdn.example.test/en/">')
    assert [r.url for r in parse_page(html, URL).related] == [
        "https://cdn.example.test/en/guides/tacrolimus-acne",
        "https://cdn.example.test/en/guides/tacrolimus-eczema",
    ]


def test_a_menu_styled_list_under_a_related_heading_holds_the_related_links() -> None:
    html = page(
        f'{ARTICLE}<h2>See also</h2><ul class="csc-menu"><li><a href="/guides/tacrolimus-acne">'
        'Tacrolimus for Acne</a></li><li><a href="/guides/tacrolimus-eczema">Tacrolimus for '
        "Eczema</a></li></ul>"
    )
    got = parse_page(html, URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema"]
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]


def test_a_menu_under_any_other_heading_stays_chrome() -> None:
    menu = (
        '<ul class="menu"><li><a href="/a">Our clinics</a></li><li><a href="/b">Jobs</a></li></ul>'
    )
    got = parse_page(page(f"{ARTICLE}<h2>Dosage</h2><p>Twice a day.</p>{menu}"), URL)
    assert got.sections[-1].text == "Twice a day."
    assert got.related == []


def test_a_credit_inside_a_quote_is_its_text_but_a_byline_box_is_not() -> None:
    reviews = (
        "<h2>Reviews</h2><p>“It helped my joints.”<br>"
        '<span class="testimonial-author">— Sam, 41</span></p>'
        '<div class="author">Dr Jane Roe</div>'
    )
    sections = parse_page(page(ARTICLE + reviews), URL).sections
    assert sections[-1].text == "“It helped my joints.”\n— Sam, 41"


def test_fact_labels_may_write_the_plural_in_parentheses() -> None:
    html = page(
        f"{ARTICLE}<table><tr><td>Active ingredient(s)</td><td>tacrolimus, tacrolimus "
        "monohydrate</td></tr><tr><td>Drug class(es)</td><td>Calcineurin inhibitor</td></tr>"
        "</table>"
    )
    got = parse_page(html, URL)
    assert got.active_ingredients == ["tacrolimus", "tacrolimus monohydrate"]
    assert got.drug_classes == ["Calcineurin inhibitor"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_page_in_utf16_or_utf32_with_its_bom_is_text(encoding: str) -> None:
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-32": b""}[encoding]
    body = bom + page(ARTICLE.replace("calms", "cálms")).encode(encoding)
    got = parse_page(body, URL)
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]
    assert "cálms" in got.sections[0].text


def test_a_box_of_related_services_is_not_related_reading() -> None:
    services = (
        '<aside aria-label="Related services"><h3>Rheumatology clinic</h3>'
        '<a href="/services/rheumatology">Book an appointment</a>'
        '<a href="/services/infusions">Infusion centre</a></aside>'
    )
    assert parse_page(page_beside(ARTICLE, services), URL).related == []


def test_count_lines_and_tool_lines_are_not_text() -> None:
    furniture = (
        "<div><span>312 views</span><span>2 comments</span></div>"
        '<div>Have more questions? <a href="/requests/new">Submit a request</a></div>'
        '<div><a href="#top">Back to top</a></div>'
    )
    sections = parse_page(page(f"{ARTICLE}{furniture}"), URL).sections
    assert sections[-1].text == "Tremor and headaches are common."


def test_a_related_heading_in_a_header_row_with_see_all_takes_the_cards_after_it() -> None:
    card = (
        '<div class="card"><a href="/guides/tacrolimus-{slug}"><img src="x.jpg" alt="">'
        "<h3>Tacrolimus for {name}</h3><p>A short teaser about the article.</p></a>"
        "<span>87 views</span></div>"
    )
    related = (
        '<div class="head"><h2>Related Posts</h2><a href="/blog">See All</a></div>'
        '<div class="grid">'
        + card.format(slug="acne", name="Acne")
        + card.format(slug="eczema", name="Eczema")
        + "</div>"
    )
    got = parse_page(page(f"<div>{ARTICLE}</div><div>{related}</div>"), URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema"]
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]
    assert got.sections[-1].subsections == []


def test_a_dash_signed_credit_line_is_the_quote_s_text() -> None:
    reviews = (
        "<h2>Reviews</h2><div class='review'><p>“It helped my joints.”</p>"
        '<p class="review-author">— Tom R., Duluth</p></div>'
    )
    sections = parse_page(page(ARTICLE + reviews), URL).sections
    assert sections[-1].text == "“It helped my joints.”\n\n— Tom R., Duluth"


def test_a_consent_dialog_with_its_own_h1_over_an_empty_page_is_a_cookie_wall() -> None:
    purposes = "".join(
        f"<details><summary>{name}</summary><p>We and our partners use data for {name}.</p>"
        "</details>"
        for name in ("Overview", "Side effects", "Reviews")
    )
    dialog = (
        '<div role="dialog" class="consent"><h1>Welcome to Example Health</h1><p>To read for '
        "free, please accept cookies. We and our 842 partners store and access information on "
        "your device, such as cookies, and process personal data for personalised advertising "
        f"and content, ad and content measurement and audience research.</p>{purposes}"
        "<button>Accept and continue</button></div>"
    )
    html = (
        "<html><head><title>Tacrolimus for Lupus | Example Health</title></head>"
        f'<body><div id="app"></div>{dialog}</body></html>'
    )
    with pytest.raises(PageRejected) as rejected:
        parse_page(html, URL)
    assert rejected.value.reason == "cookie_wall"


def test_an_alert_box_s_little_heading_is_text_but_an_alert_styled_details_heads_itself() -> None:
    html = page(
        f"{ARTICLE}<section class='alert alert-warning'><h3>Important</h3><p>Do not stop "
        "suddenly.</p></section><details class='alert alert--info'><summary>Common side "
        "effects</summary><p>Tremor.</p></details>"
    )
    side = parse_page(html, URL).sections[-1]
    assert side.text == "Tremor and headaches are common.\n\nImportant\n\nDo not stop suddenly."
    assert [(s.kind, s.text) for s in side.subsections] == [("common", "Tremor.")]


def test_a_site_name_h1_that_the_title_repeats_is_not_the_page_title() -> None:
    html = (
        "<html><head><title>meds:tacrolimus-lupus [Pharmacy Wiki]</title></head><body>"
        f"<h1>Pharmacy Wiki</h1><main><h1>Tacrolimus for Lupus</h1>{ARTICLE}</main></body></html>"
    )
    assert parse_page(html, URL).title == "Tacrolimus for Lupus"


def test_tag_lines_are_not_text_by_label_or_by_their_links() -> None:
    tags = (
        '<p>Tags: <a href="/tags/#lupus">lupus</a>, <a href="/tags/#immunology">immunology</a></p>'
        '<div><a href="/tag/sleep?source=post"><div>Sleep</div></a></div>'
    )
    assert parse_page(page(f"{ARTICLE}{tags}"), URL).sections[-1].text == (
        "Tremor and headaches are common."
    )


def test_a_paragraph_classed_notice_is_text_but_a_notice_box_is_not() -> None:
    html = page(
        f'{ARTICLE}<p class="notice"><strong>Note:</strong> not for children.</p>'
        '<div class="notice">Site maintenance on Sunday night: some pages may be slow.</div>'
    )
    assert parse_page(html, URL).sections[-1].text == (
        "Tremor and headaches are common.\n\nNote: not for children."
    )


@pytest.mark.parametrize(
    "grid_class", ["pagination_container", "no_toc", "posts-carousel"], ids=str
)
def test_cards_after_a_related_heading_are_related_whatever_their_wrapper(grid_class: str) -> None:
    card = (
        '<article><a href="/guides/tacrolimus-{slug}"><img src="x.jpg" alt=""></a>'
        '<h2 class="entry-title {cls}"><a href="/guides/tacrolimus-{slug}">Tacrolimus for {name}'
        "</a></h2><p>A short teaser.</p></article>"
    )
    cards = "".join(
        card.format(slug=slug, name=name, cls=grid_class)
        for slug, name in (("acne", "Acne"), ("eczema", "Eczema"))
    )
    html = page(f'{ARTICLE}<h2>You may also like</h2><div class="{grid_class}">{cards}</div>')
    got = parse_page(html, URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema"]
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]


def test_a_subsection_is_named_by_the_kind_its_heading_names_first() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Side effects</h2><h3>Serious side effects: "
        "seizures and loss of impulse control</h3><p>Call 911.</p>"
    )
    side = parse_page(html, URL).sections[-1]
    assert [s.kind for s in side.subsections] == ["serious"]


def test_a_share_toggle_is_no_disclosure_heading_but_an_accordion_button_is() -> None:
    html = page(
        '<button aria-expanded="false" aria-label="Share post" class="btn">Share</button>'
        f'{BODY}<button class="accordion-btn" aria-expanded="true" aria-controls="p1">About '
        f'Tacrolimus</button><div id="p1">{BODY}</div>{SIDE}'
    )
    got = parse_page(html, URL)
    assert [(s.kind, s.heading) for s in got.sections] == [
        ("other", ""),
        ("what_is", "About Tacrolimus"),
        ("side_effects", "Side effects"),
    ]


def test_a_one_row_table_of_paragraph_cells_lays_out_columns() -> None:
    columns = (
        "<h2>Testimonials</h2><table><tr><td><div><em>“It helped.”</em><br><br>— Jo, 47</div>"
        "</td><td><div><em>“Worth it.”</em><br><br>— Al, 55</div></td></tr></table>"
    )
    reviews = parse_page(page(ARTICLE + columns), URL).sections[-1]
    assert reviews.text == "“It helped.”\n\n— Jo, 47\n\n“Worth it.”\n\n— Al, 55"


def test_an_h1_with_its_own_permalink_is_the_title_not_a_logo_in_a_nav_named_wrapper() -> None:
    html = (
        '<html><body><section class="wy-nav-content-wrap"><div role="main"><h1>Tacrolimus for '
        f'Lupus<a class="headerlink" href="#top">¶</a></h1>{ARTICLE}</div></section></body></html>'
    )
    got = parse_page(html, URL)
    assert got.title == "Tacrolimus for Lupus"
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]


def test_a_form_that_wraps_the_whole_page_is_layout() -> None:
    prose = " ".join(["It calms the immune system."] * 40)
    html = (
        "<html><head><title>Tacrolimus for Lupus</title></head>"
        '<body><form action="/db.nsf?OpenForm"><input type="hidden" name="x">'
        f"<b>Tacrolimus for Lupus</b><br><br><b>What is Tacrolimus?</b><br><br>{prose}<br><br>"
        "<b>Side effects</b><br><br>Tremor and headaches.</form></body></html>"
    )
    assert [s.kind for s in parse_page(html, URL).sections][-2:] == ["what_is", "side_effects"]


def test_a_field_list_of_short_values_is_facts_not_an_outline() -> None:
    fields = (
        '<dl class="field-list"><dt>Medicine:</dt><dd><p>Tacrolimus (capsules)</p></dd>'
        "<dt>Drug class:</dt><dd><p>calcineurin inhibitor</p></dd></dl>"
    )
    got = parse_page(page(fields + ARTICLE), URL)
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]
    assert got.drug_classes == ["calcineurin inhibitor"]
    assert got.drug.form == "capsules"


def test_a_div_with_role_button_and_aria_expanded_heads_its_panel() -> None:
    html = page(
        f"{ARTICLE}<div role='button' aria-expanded='false'>Rare but serious side effects</div>"
        "<div><p>Call 111.</p></div>"
    )
    side = parse_page(html, URL).sections[-1]
    assert [(s.kind, s.text) for s in side.subsections] == [("serious", "Call 111.")]


def test_a_heading_id_naming_a_side_column_is_still_a_heading() -> None:
    html = page(
        f'<h2>What is Tacrolimus?</h2>{BODY}<h2 id="side">Possible side effects</h2><p>Tremor.</p>'
    )
    assert [s.kind for s in parse_page(html, URL).sections] == ["what_is", "side_effects"]


def test_a_consent_wall_shown_only_in_noscript_is_a_cookie_wall() -> None:
    html = (
        "<html><head><title>Tacrolimus for Lupus</title></head><body><div id='sp_message'>"
        "<iframe src='https://cmp.example/consent'></iframe><noscript><h2>Choose how you read"
        "</h2><p>To keep reading free, we and our 214 partners use cookies and similar "
        "technologies to store and access information on your device for personalised "
        "advertising and content, measurement and audience research. Accept cookies or "
        "subscribe.</p><a href='/consent/accept'>Accept and continue</a></noscript></div>"
        "<div class='article-body'></div></body></html>"
    )
    with pytest.raises(PageRejected) as rejected:
        parse_page(html, URL)
    assert rejected.value.reason == "cookie_wall"


def test_related_links_classed_by_workflow_state_and_x_and_y_titles_oriented_by_siblings() -> None:
    html = page(
        f'{ARTICLE}<fieldset id="relatedItemBox"><legend>Related content</legend><ul>'
        '<li><a class="state-published" href="/g/tacrolimus-and-eczema">Tacrolimus and Eczema'
        '</a></li><li><a class="state-published" href="/g/methotrexate-and-psoriasis">'
        "Methotrexate and Psoriasis</a></li></ul></fieldset>"
    )
    related = parse_page(html, URL).related
    assert [(r.drug, r.condition) for r in related] == [
        ("Tacrolimus", "Eczema"),
        ("Methotrexate", "Psoriasis"),
    ]


def test_a_page_titled_by_its_drug_alone_takes_the_condition_from_the_breadcrumb() -> None:
    html = (
        "<html><head><title>Tacrolimus | Rheumatology</title></head><body>"
        '<ul class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/lupus">Lupus</a></li>'
        f"<li>Tacrolimus</li></ul><main><h1>Tacrolimus</h1>{ARTICLE}</main></body></html>"
    )
    got = parse_page(html, "https://x.test/lupus/tacrolimus")
    assert (got.drug.name, got.condition.name) == ("Tacrolimus", "Lupus")


def test_a_bold_line_opening_a_paragraph_labels_the_lines_under_it() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Side effects</h2><div>Most people are "
        "fine.<br><br><b>Common</b><br>headache<br>nausea<br><br><b>Serious</b><br>seizures</div>"
    )
    side = parse_page(html, URL).sections[-1]
    assert side.text == "Most people are fine."
    assert [(s.kind, s.text) for s in side.subsections] == [
        ("common", "headache\nnausea"),
        ("serious", "seizures"),
    ]


def test_a_label_value_table_is_facts_whatever_its_role_and_an_infobox_is_no_intro() -> None:
    box = (
        '<table role="presentation" class="infobox"><caption>Tacrolimus</caption>'
        "<tr><td><strong>Medicine</strong></td><td>Tacrolimus (capsules)</td></tr>"
        "<tr><td><strong>Drug class</strong></td><td>calcineurin inhibitor</td></tr></table>"
    )
    got = parse_page(page(box + ARTICLE), URL)
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]
    assert got.drug_classes == ["calcineurin inhibitor"]


def test_quote_signatures_in_blockquote_footers_are_text() -> None:
    reviews = (
        '<h2>Reviews</h2><blockquote class="blockquote"><p>“It helped.”</p>'
        '<footer class="blockquote-footer">Ruth, 47</footer></blockquote>'
    )
    assert parse_page(page(ARTICLE + reviews), URL).sections[-1].text == "“It helped.”\n\nRuth, 47"


def test_related_cards_with_an_empty_stretched_link_or_a_nav_styled_list() -> None:
    card = (
        '<div class="card"><div class="card-body"><h5 class="card-title">Tacrolimus for {n}</h5>'
        '<p>Teaser.</p><a href="/g/{s}" class="stretched-link" aria-label="Read"></a></div></div>'
    )
    cards = card.format(n="Acne", s="acne") + card.format(n="Eczema", s="eczema")
    nav = (
        '<section class="related"><div role="heading">Related articles</div>'
        '<mat-nav-list class="mat-nav-list"><a href="/g/vitiligo"><span class="item-primary">'
        'Tacrolimus for Vitiligo</span><span class="item-secondary">Teaser</span></a>'
        "</mat-nav-list></section>"
    )
    got = parse_page(page(f"{ARTICLE}<h2>Related treatments</h2>{cards}{nav}"), URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema", "Vitiligo"]


def test_a_consent_banner_in_a_declarative_shadow_root_over_an_empty_app_is_a_wall() -> None:
    html = (
        "<html><head><title>Tacrolimus for Lupus</title></head><body><div id='uc'><template "
        "shadowrootmode='open'><div><h2>We value your privacy</h2><p>We and our 300 partners "
        "use cookies and similar technologies on your device for personalised advertising "
        "and content, measurement and audience insights. Accept all cookies or manage your "
        "consent settings.</p><button>Accept all</button></div></template></div>"
        "<div id='app'></div></body></html>"
    )
    with pytest.raises(PageRejected) as rejected:
        parse_page(html, URL)
    assert rejected.value.reason == "cookie_wall"


def test_a_bootstrap3_accordion_holds_its_panels_inside_its_tablist() -> None:
    panel = (
        '<div class="panel"><div class="panel-heading" role="tab"><h4><a role="button" '
        'aria-expanded="true" href="#c{i}">{head}</a></h4></div><div id="c{i}" role="tabpanel">'
        "<p>{text}</p></div></div>"
    )
    group = '<div class="panel-group" role="tablist">{}</div>'.format(
        panel.format(i=1, head="What is Tacrolimus?", text="It calms the immune system.")
        + panel.format(i=2, head="Side effects", text="Tremor.")
    )
    got = parse_page(page(group), URL)
    assert [(s.kind, s.text) for s in got.sections] == [
        ("what_is", "It calms the immune system."),
        ("side_effects", "Tremor."),
    ]


def test_an_aside_classed_as_a_note_is_text_but_a_promo_callout_aside_is_not() -> None:
    html = page(
        f'{ARTICLE}<aside class="starlight-aside starlight-aside--note"><p>Note</p><p>Take it '
        'with food.</p></aside><aside class="callout callout--cme"><p>Earn CME credit</p></aside>'
    )
    assert parse_page(html, URL).sections[-1].text == (
        "Tremor and headaches are common.\n\nNote\n\nTake it with food."
    )


def test_account_links_are_tools_not_text() -> None:
    html = page(
        f"{ARTICLE}"
        '<ul><li><a href="/register">Register</a></li><li><a href="/login">Log in</a></li></ul>'
    )
    side = parse_page(html, URL).sections[-1]
    assert (side.text, side.items) == ("Tremor and headaches are common.", [])


def test_a_tagline_under_the_title_is_no_intro_but_a_label_over_a_list_is() -> None:
    prose = "Tacrolimus is one of the medicines our doctors prescribe most often for lupus."
    tagline = page(f"<div>Calmer days, fewer flares</div><div>{prose}</div>{ARTICLE}")
    assert parse_page(tagline, URL).sections[0].text == prose
    labelled = page(
        "<p>Key takeaways</p><ul><li>It calms the immune system</li><li>It is taken twice a "
        f"day</li></ul><p>{prose}</p>{ARTICLE}"
    )
    intro = parse_page(labelled, URL).sections[0]
    assert intro.text.startswith("Key takeaways\n\nIt calms the immune system\n")


def test_tab_labels_after_a_heading_in_its_own_section_block_are_its_subsections() -> None:
    html = page(
        f"<section>{ARTICLE}</section><section><h2>Testimonials</h2><p>Two readers.</p></section>"
        '<section><div role="tablist"><button role="tab" aria-controls="p1">Ann’s story</button>'
        '<button role="tab" aria-controls="p2">Bo’s story</button></div>'
        '<div role="tabpanel" id="p1"><p>It helped.</p></div>'
        '<div role="tabpanel" id="p2" hidden><p>Tremor at first.</p></div></section>'
    )
    reviews = parse_page(html, URL).sections[-1]
    assert reviews.kind == "reviews"
    assert [(s.heading, s.text) for s in reviews.subsections] == [
        ("Ann’s story", "It helped."),
        ("Bo’s story", "Tremor at first."),
    ]


def test_a_button_holding_paragraphs_is_a_card_not_a_control() -> None:
    card = '<button class="flip"><div><p>{}</p></div><div><p>{}</p></div></button>'
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}"
        + card.format("Calcineurin", "It blocks this enzyme.")
        + '<button type="button">Show more</button>'
        + SIDE
    )
    assert parse_page(html, URL).sections[0].text.endswith("Calcineurin\n\nIt blocks this enzyme.")


def test_the_drug_form_from_a_pill_in_the_page_header() -> None:
    html = (
        '<html><body><header class="lesson-header"><span class="pill">Tacrolimus (capsules)'
        f"</span></header><main><h1>Tacrolimus for Lupus</h1>{ARTICLE}</main></body></html>"
    )
    drug = parse_page(html, URL).drug
    assert (drug.name, drug.form) == ("Tacrolimus", "capsules")


def test_a_table_of_contents_by_its_anchor_links_and_its_heading_are_no_section() -> None:
    toc = (
        "<h2>Contents</h2><ul><li><a href='#what'>What is Tacrolimus?</a></li>"
        "<li><a href='#side'>Side effects</a></li></ul>"
    )
    sections = parse_page(page(toc + ARTICLE), URL).sections
    assert [s.kind for s in sections] == ["what_is", "side_effects"]


def test_a_thread_of_community_answers_and_an_answer_badge_are_chrome() -> None:
    html = page(
        f'<div class="answer__badge">Expert answer · Accepted</div>{BODY}{ARTICLE}'
        "<section><h2>Community answers (2)</h2><p>I play in an orchestra and half the section "
        "uses it, and it was fine for me at a low dose.</p><p>Did not work for me.</p></section>"
    )
    sections = parse_page(html, URL).sections
    assert [s.kind for s in sections] == ["other", "what_is", "side_effects"]
    assert "Expert answer" not in sections[0].text


def test_the_last_breadcrumb_names_the_page_under_a_generic_title() -> None:
    html = (
        '<html><body><main><ol class="crumbs" aria-label="Breadcrumb"><li><a href="/v">Visits'
        '</a></li><li aria-current="page">Levothyroxine for Hypothyroidism</li></ol>'
        "<h1>Patient Education</h1><h2>What is levothyroxine?</h2><p>A thyroid hormone.</p>"
        "<h2>Side effects</h2><p>Palpitations.</p></main></body></html>"
    )
    got = parse_page(html, "https://portal.example.test/doc?id=7")
    assert (got.drug.name, got.condition.name) == ("Levothyroxine", "Hypothyroidism")


def test_chips_are_values_of_their_own_and_a_label_over_the_drug_pill_is_no_intro() -> None:
    chips = (
        '<div class="facts"><div><div>Drug class</div><div><span class="chip">calcineurin '
        'inhibitor</span><span class="chip">immunosuppressant</span></div></div><div><div>'
        'Medicine</div><div><span class="chip">Tacrolimus (capsules)</span></div></div></div>'
    )
    got = parse_page(page(chips + ARTICLE), URL)
    assert got.drug_classes == ["calcineurin inhibitor", "immunosuppressant"]
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]


@pytest.mark.parametrize(
    "apology", ["We can’t find that page", "Sorry, we couldn't find that drug guide"]
)
def test_an_error_page_saying_we_cannot_find_that_page_is_a_soft_404(apology: str) -> None:
    html = (
        f"<html><body><main><h1>{apology}</h1><h2>Popular guides</h2><ul>"
        + "".join(f'<li><a href="/g/{d}-for-lupus">{d} for Lupus</a></li>' for d in "ABCDEF")
        + "</ul></main></body></html>"
    )
    with pytest.raises(PageRejected) as rejected:
        parse_page(html, URL)
    assert rejected.value.reason == "soft_404"


def test_a_headline_dek_under_the_title_is_no_intro() -> None:
    dek = "Injections every four weeks can calm swollen joints and clear the skin — but not for all"
    prose = (
        "Two prescriptions later, her rheumatologist suggested something newer for her sore joints."
    )
    html = page(f'<p class="c-subheadline">{dek}</p><p>{prose}</p>{ARTICLE}')
    assert parse_page(html, URL).sections[0].text == prose


def test_an_ad_slot_label_is_no_text() -> None:
    html = page(f'{ARTICLE}<div class="arcad"><p class="arcad__label">Advertisement</p></div>')
    assert parse_page(html, URL).sections[-1].text == "Tremor and headaches are common."


def test_accordion_headers_after_headings_inside_a_panel_stay_at_the_accordion_level() -> None:
    item = (
        '<div><button aria-expanded="false" aria-controls="{id}">{head}</button>'
        '<div id="{id}" hidden>{body}</div></div>'
    )
    html = page(
        '<div class="accordion">'
        + item.format(id="a1", head="What is Tacrolimus?", body=BODY)
        + item.format(
            id="a2",
            head="Side effects",
            body="<h4>Common side effects</h4><p>Tremor.</p><h4>Serious</h4><p>Infections.</p>",
        )
        + item.format(id="a3", head="Dosage", body="<p>Twice a day.</p>")
        + "</div>"
    )
    got = parse_page(html, URL).sections
    assert [(s.kind, s.heading) for s in got] == [
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
        ("other", "Dosage"),
    ]


def test_an_exit_pop_up_is_chrome() -> None:
    html = page(
        f'{ARTICLE}<div id="exit-pop" class="pop" style="display:none"><h2>Before you go…</h2>'
        "<p>Grab the free diary our readers use.</p></div>"
    )
    assert [s.kind for s in parse_page(html, URL).sections] == ["what_is", "side_effects"]


def test_the_site_footer_useful_links_are_not_related_reading() -> None:
    html = page(ARTICLE).replace(
        "</main>",
        '</main><footer><h2>Useful links</h2><ul><li><a href="/foi">Freedom of information'
        '</a></li><li><a href="/privacy">Privacy notice</a></li></ul></footer>',
    )
    assert parse_page(html, URL).related == []


def test_a_breadcrumb_of_links_and_spans_ends_with_the_current_page() -> None:
    html = (
        '<html><body><div class="breadcrumbs"><a href="/">Home</a> <span class="sep">&gt;</span>'
        ' <a href="/lupus">Lupus</a> <span class="sep">&gt;</span> <span class="current">'
        f"Tacrolimus</span></div><main><h1>Tacrolimus</h1>{ARTICLE}</main></body></html>"
    )
    got = parse_page(html, "https://example.test/programs/lupus/tacrolimus-info")
    assert (got.drug.name, got.condition.name) == ("Tacrolimus", "Lupus")


def test_the_other_cells_of_a_facts_grid_are_no_intro() -> None:
    cell = '<div class="cell"><p class="label">{}</p><p class="value">{}</p></div>'
    grid = (
        '<div class="grid">'
        + cell.format("Active ingredient", "tacrolimus monohydrate")
        + cell.format("Usual dose", "1 mg twice a day")
        + "</div>"
    )
    prose = INTRO
    got = parse_page(page(f"{grid}<p>{prose}</p>{ARTICLE}"), URL)
    assert got.active_ingredients == ["tacrolimus monohydrate"]
    assert got.sections[0].text == prose


def test_a_carousels_cloned_slides_are_not_related_entries() -> None:
    slide = '<div class="slick-slide{cls}"><a href="/g/{slug}"><h3>{title}</h3></a></div>'
    html = page(
        f"{ARTICLE}<h2>Related articles</h2><div class='carousel'>"
        + slide.format(cls=" slick-cloned", slug="c", title="Tacrolimus for Eczema")
        + slide.format(cls="", slug="a", title="Tacrolimus for Acne")
        + slide.format(cls="", slug="c", title="Tacrolimus for Eczema")
        + "</div>"
    )
    assert [r.title for r in parse_page(html, URL).related] == [
        "Tacrolimus for Acne",
        "Tacrolimus for Eczema",
    ]


def test_a_topic_listing_whose_cards_are_promo_modules_is_an_index_page() -> None:
    card = '<div class="PagePromo"><h3><a href="/g/{0}-lupus">{0} for Lupus</a></h3></div>'
    html = page(
        "<h2>Latest in Medications</h2>"
        + "".join(card.format(d) for d in ("Tacrolimus", "Belimumab", "Anifrolumab", "Rituximab"))
        + card.format("Hydroxychloroquine")
    ).replace("Tacrolimus for Lupus</h1>", "Medications</h1>", 1)
    with pytest.raises(PageRejected) as rejected:
        parse_page(html, URL)
    assert rejected.value.reason == "index_page"


def test_portlet_boxes_that_hold_all_of_main_are_its_layout() -> None:
    html = (
        "<html><body><h1>Tacrolimus for Lupus</h1><aside class='portlet'>News: clinic opens"
        '</aside><div role="main"><div class="portlet-boundary"><section class="portlet">'
        f'<div class="portlet-body">{ARTICLE}</div></section></div></div></body></html>'
    )
    assert [s.kind for s in parse_page(html, URL).sections] == ["what_is", "side_effects"]


def test_a_quoted_sentence_under_the_title_is_intro_not_a_tagline() -> None:
    quote = "“Tacrolimus gave me my weekends back.”"
    prose = "Tacrolimus is one of the medicines our doctors prescribe most often for lupus."
    got = parse_page(page(f"<p>{quote}</p><p>{prose}</p>{ARTICLE}"), URL).sections[0]
    assert got.text == f"{quote}\n\n{prose}"


def test_an_article_classed_note_is_the_page_not_a_callout() -> None:
    html = (
        page(ARTICLE)
        .replace("<main>", '<main><article class="note h-entry">')
        .replace("</main>", "</article></main>")
    )
    assert [s.kind for s in parse_page(html, URL).sections] == ["what_is", "side_effects"]


def test_webmentions_and_a_shop_this_post_grid_are_chrome() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}<h3>Shop this post</h3><ul><li>Tacrolimus 1 mg, 50 "
        "ct $12.49</li><li>Pill organiser $4.99</li></ul>"
        f"{SIDE}<h2>Webmentions</h2><p>12 likes · 3 reposts</p><ul><li>@nurse Sharing this "
        "with my lupus group, thank you so much for writing it.</li></ul>"
    )
    got = parse_page(html, URL).sections
    assert [s.kind for s in got] == ["what_is", "side_effects"]
    assert got[0].subsections == []


def test_a_sidebars_related_links_count_only_when_the_article_has_none() -> None:
    sidebar = (
        '<aside><h2>Other lupus treatments</h2><ul><li><a href="/t/diet">Low-salt diet</a></li>'
        '<li><a href="/t/rehab">Rehabilitation</a></li></ul></aside>'
    )
    own = (
        '<h2>Related reading</h2><ul><li><a href="/g/tacrolimus-acne">Tacrolimus for Acne</a>'
        '</li><li><a href="/g/tacrolimus-eczema">Tacrolimus for Eczema</a></li></ul>'
    )
    with_own = parse_page(page_beside(ARTICLE + own, sidebar), URL)
    assert [r.title for r in with_own.related] == ["Tacrolimus for Acne", "Tacrolimus for Eczema"]
    without = parse_page(page_beside(ARTICLE, sidebar), URL)
    assert [r.title for r in without.related] == ["Low-salt diet", "Rehabilitation"]


def test_a_quotes_tab_is_no_missing_review_subsection_by_position() -> None:
    tab = '<button role="tab" aria-controls="{0}">{1}</button>'
    panel = '<div role="tabpanel" id="{0}"><p>{1}</p></div>'
    html = page(
        f"{ARTICLE}<h2>What our members say</h2><div role='tablist'>"
        + tab.format("s", "Summary")
        + tab.format("w", "In their words")
        + tab.format("e", "What to expect")
        + "</div>"
        + panel.format("s", "Most said it helped.")
        + panel.format("w", "“It changed my life.”")
        + panel.format("e", "Give it a month.")
    )
    reviews = parse_page(html, URL).sections[-1]
    assert [s.kind for s in reviews.subsections] == ["overview", "other", "what_to_expect"]


def test_a_cookie_bar_named_only_by_an_id_and_a_stay_in_touch_box_are_chrome() -> None:
    html = page(
        f"{ARTICLE}<h3>Stay in touch</h3><p>Monthly tips from our nurses.</p>"
        '<div id="cookiesck"><span>By visiting our website you agree that we use cookies.</span>'
        "</div>"
    )
    side = parse_page(html, URL).sections[-1]
    assert (side.text, side.subsections) == ("Tremor and headaches are common.", [])


def test_how_does_x_help_with_y_names_the_drug() -> None:
    html = page(ARTICLE).replace("Tacrolimus for Lupus", "How Does Tacrolimus Help With Lupus?")
    got = parse_page(html, "https://example.test/blog/post-7")
    assert (got.drug.name, got.condition.name) == ("Tacrolimus", "Lupus")


def test_an_add_new_comment_link_is_a_tool_not_text() -> None:
    html = page(
        f'{ARTICLE}<ul class="links"><li><a href="/print/1">Printer-friendly version</a></li>'
        '<li><a href="#comment-form">Add new comment</a></li></ul>'
    )
    side = parse_page(html, URL).sections[-1]
    assert (side.text, side.items) == ("Tremor and headaches are common.", [])


def test_items_of_a_flex_box_are_values_of_their_own_and_a_value_line_splits_at_commas() -> None:
    facts = (
        '<div class="grid-2"><div><div>Drug class</div><div class="flex flex-wrap gap-2">'
        "<span>calcineurin inhibitor</span><span>immunosuppressant</span></div></div>"
        "<div><div>Active ingredient</div><div>tacrolimus, tacrolimus monohydrate</div></div></div>"
    )
    got = parse_page(page(facts + ARTICLE), URL)
    assert got.drug_classes == ["calcineurin inhibitor", "immunosuppressant"]
    assert got.active_ingredients == ["tacrolimus", "tacrolimus monohydrate"]


def test_bold_lines_after_rules_head_the_lines_under_them() -> None:
    body = (
        "<hr><b>What is tacrolimus?</b><br>It calms the immune system and is used in lupus.<hr>"
        "<b>Side effects</b><br>Tremor and headaches are common.<hr>"
    )
    html = f"<html><body><h1>Tacrolimus for Lupus</h1>{body}</body></html>"
    assert [s.kind for s in parse_page(html, URL).sections] == ["what_is", "side_effects"]


def test_letter_links_of_an_a_to_z_bar_are_no_related_entries() -> None:
    letters = "".join(f'<a href="/medicines?letter={c}">{c.upper()}</a> ' for c in "abc")
    html = page(
        f"{ARTICLE}<h2>Related articles</h2><p>{letters}</p><ul><li><a href='/g/tacrolimus-acne'>"
        "Tacrolimus for Acne</a></li><li><a href='/g/tacrolimus-eczema'>Tacrolimus for Eczema</a>"
        "</li></ul>"
    )
    assert [r.title for r in parse_page(html, URL).related] == [
        "Tacrolimus for Acne",
        "Tacrolimus for Eczema",
    ]


def test_a_word_processors_table_of_contents_by_its_id_is_chrome() -> None:
    toc = (
        '<div id="Table of Contents1"><p>Contents</p><p><a href="#__Ref1">What is Tacrolimus?'
        "\t1</a></p><p><a href='#__Ref2'>Side effects\t2</a></p></div>"
    )
    prose = INTRO
    got = parse_page(page(f"<p>{prose}</p>{toc}{ARTICLE}"), URL)
    assert got.sections[0].text == prose


def test_a_list_holding_a_toggle_heading_is_structure_not_items() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Side effects</h2><ul><li>tremor</li></ul>"
        '<ul class="toggle"><li><details open><summary><h3>Serious</h3></summary><p>Infections.'
        "</p></details></li></ul>"
    )
    side = parse_page(html, URL).sections[-1]
    assert (side.items, [(s.kind, s.text) for s in side.subsections]) == (
        ["tremor"],
        [("serious", "Infections.")],
    )


def test_twin_value_boxes_are_values_of_their_own() -> None:
    facts = (
        '<div class="props"><div><div>Drug class</div><div><span class="value">calcineurin '
        'inhibitor</span><span class="value">immunosuppressant</span></div></div></div>'
    )
    got = parse_page(page(facts + ARTICLE), URL)
    assert got.drug_classes == ["calcineurin inhibitor", "immunosuppressant"]


def test_value_boxes_in_a_table_cell_differ_only_by_modifier_and_stay_apart() -> None:
    facts = (
        '<table class="properties"><tr><th>Drug class</th><td><span class="tag tag--green">'
        'calcineurin inhibitor</span><span class="tag tag--blue">immunosuppressant</span>'
        "</td></tr></table>"
    )
    got = parse_page(page(facts + ARTICLE), URL)
    assert got.drug_classes == ["calcineurin inhibitor", "immunosuppressant"]


def test_slotted_label_and_value_of_a_web_component_are_a_fact() -> None:
    facts = (
        '<x-facts><x-fact><span slot="label">Drug class</span> <span slot="value">calcineurin '
        "inhibitor</span></x-fact></x-facts>"
    )
    got = parse_page(page(facts + ARTICLE), URL)
    assert got.drug_classes == ["calcineurin inhibitor"]
    assert "Drug class" not in got.sections[0].text


def test_a_custom_element_is_named_by_its_tag_as_by_a_class() -> None:
    widget = "<x-feedback><p>Did this guide answer your question?</p></x-feedback>"
    got = parse_page(page(ARTICLE + widget), URL)
    assert "answer your question" not in got.sections[-1].text


def test_br_text_paragraphs_are_read_one_by_one() -> None:
    body = (
        "<p>Tacrolimus (capsules)<br>Active ingredient: tacrolimus<br>Drug class: calcineurin "
        "inhibitor<br><br>Lupus can flare for weeks, and tacrolimus is one of the medicines that "
        "can calm it down.</p>"
        f"{ARTICLE}<p>Call us on 0100 if unsure.<br><br>PIL-014 version 3 · Review date March "
        "2026</p>"
    )
    got = parse_page(page(body), URL)
    assert got.sections[0].text.startswith("Lupus can flare")
    assert got.sections[-1].text.endswith("Call us on 0100 if unsure.")


def test_bullet_lines_under_breaks_stay_text() -> None:
    html = page(f"{ARTICLE}<p>• tremor<br>• headache</p>")
    side = parse_page(html, URL).sections[-1]
    assert (side.text.split("\n\n")[-1], side.items) == ("• tremor\n• headache", [])


def test_what_parents_say_and_a_how_to_give_heading_keep_their_kinds() -> None:
    html = page(
        f"{ARTICLE}<h2>How to give the granules</h2><p>Mix them with soft food.</p>"
        "<h2>What parents say</h2><p>“He sleeps through most nights now.”</p>"
    )
    got = parse_page(html, URL).sections
    assert [s.kind for s in got[-2:]] == ["other", "reviews"]


def test_a_date_styled_as_a_heading_is_no_heading() -> None:
    html = page(f'<h4 class="date">14 March 2025</h4>{ARTICLE}')
    assert [s.heading for s in parse_page(html, URL).sections] == [
        "What is Tacrolimus?",
        "Side effects",
    ]


def test_a_warning_styled_card_holding_a_section_is_no_callout() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}"
        '<div class="card border-warning"><h2>Side effects</h2><p>Mostly mild.</p>'
        "<h3>Common side effects</h3><p>Tremor.</p></div>"
    )
    side = parse_page(html, URL).sections[-1]
    assert (side.kind, [s.kind for s in side.subsections]) == ("side_effects", ["common"])


def test_an_accordion_list_of_tab_links_heads_its_panels() -> None:
    item = (
        '<li class="accordion-item"><a href="#{0}" role="tab" aria-controls="{0}" '
        'aria-expanded="false">{1}</a><div role="tabpanel" id="{0}"><p>{2}</p></div></li>'
    )
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Side effects</h2>"
        '<ul class="accordion" role="tablist">'
        + item.format("c", "Common side effects", "Tremor.")
        + item.format("s", "Serious side effects", "Infections.")
        + "</ul>"
    )
    side = parse_page(html, URL).sections[-1]
    assert [(s.kind, s.text) for s in side.subsections] == [
        ("common", "Tremor."),
        ("serious", "Infections."),
    ]


def test_credit_parts_reviewer_lines_and_copyright_notices_are_chrome() -> None:
    html = page(
        "<p>Clinical content team · Reviewed by Dr. A. Fortin · 8 January 2026</p>"
        f"{ARTICLE}<p>Online Medical Reviewer: Rhonda Keeley, PharmD</p><p>© 2000-2026 The "
        "StayWell Company, LLC. This information is not intended as a substitute for professional"
        " medical care.</p>"
    )
    got = parse_page(html, URL).sections
    assert [s.kind for s in got] == ["what_is", "side_effects"]
    assert got[-1].text == "Tremor and headaches are common."


def test_a_bold_fact_label_is_no_heading() -> None:
    html = page(f"<p><b>Active ingredient(s):</b></p><p>tacrolimus monohydrate</p>{ARTICLE}")
    got = parse_page(html, URL)
    assert got.active_ingredients == ["tacrolimus monohydrate"]
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]


def test_a_bold_field_label_over_its_value_is_no_heading() -> None:
    fields = (
        "<p><b>Medicine:</b></p><p>Tacrolimus (capsules)</p>"
        "<p><b>Active ingredient:</b></p><p>tacrolimus monohydrate</p>"
    )
    got = parse_page(page(fields + ARTICLE), URL)
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]
    assert got.drug.form == "capsules"


def test_call_to_action_links_and_an_inbox_box_are_chrome() -> None:
    html = page(
        f'{ARTICLE}<p><a href="/visit">Start your visit</a> <a href="/how">Learn more →</a></p>'
        "<h2>Get skin tips in your inbox</h2><p>One email a month. No spam.</p>"
    )
    got = parse_page(html, URL).sections
    assert [s.kind for s in got] == ["what_is", "side_effects"]
    assert got[-1].text == "Tremor and headaches are common."


def test_a_sidebar_fact_label_split_by_spans_is_still_read() -> None:
    side = (
        '<aside class="sidebar"><dl><dt>A<span class="x">ctive in</span>gredient</dt>'
        "<dd>tacrolimus monohydrate</dd></dl></aside>"
    )
    assert parse_page(page_beside(ARTICLE, side), URL).active_ingredients == [
        "tacrolimus monohydrate"
    ]


def test_a_label_span_beside_its_value_span_is_a_fact_row() -> None:
    row = (
        '<div class="row"><span class="kf__label">{}</span><span class="kf__value">{}</span></div>'
    )
    facts = row.format("Active ingredient", "tacrolimus monohydrate") + row.format(
        "Drug class", "calcineurin inhibitor"
    )
    got = parse_page(page(facts + ARTICLE), URL)
    assert (got.active_ingredients, got.drug_classes) == (
        ["tacrolimus monohydrate"],
        ["calcineurin inhibitor"],
    )


def test_a_carousels_copies_inside_the_related_block_are_no_entries() -> None:
    slides = "".join(
        f'<li class="slide{" slide-duplicate" if copy else ""}"><a href="/{slug}">{title}</a></li>'
        for copy, slug, title in [
            (True, "sirolimus-lupus", "Sirolimus for Lupus"),
            (False, "tacrolimus-acne", "Tacrolimus for Acne"),
            (False, "sirolimus-lupus", "Sirolimus for Lupus"),
        ]
    )
    related = parse_page(page(f"{ARTICLE}<h2>Related articles</h2><ul>{slides}</ul>"), URL)
    assert [r.title for r in related.related] == ["Tacrolimus for Acne", "Sirolimus for Lupus"]


def test_a_microdata_breadcrumb_names_the_condition_of_a_drug_titled_page() -> None:
    crumbs = (
        '<ol itemscope itemtype="https://schema.org/BreadcrumbList"><li><a href="/">Home</a></li>'
        '<li><a href="/lupus">Lupus</a></li><li>Tacrolimus (oral)</li></ol>'
    )
    html = f"<html><body>{crumbs}<main><h1>Tacrolimus (oral)</h1>{ARTICLE}</main></body></html>"
    got = parse_page(html, "https://example.test/tacrolimus-oral")
    assert (got.drug.name, got.drug.form, got.condition.name) == ("Tacrolimus", "oral", "Lupus")


def test_a_link_laid_over_a_card_is_the_cards_link() -> None:
    card = (
        '<div class="card"><a class="card-overlay" href="/guides/tacrolimus-acne" '
        'aria-label="Tacrolimus for Acne"></a><h3>Tacrolimus for Acne</h3></div>'
    )
    got = parse_page(page(f"{ARTICLE}<h2>More about lupus</h2>{card}{card}"), URL)
    assert [r.title for r in got.related] == ["Tacrolimus for Acne"]


def test_a_document_titled_page_not_found_is_a_soft_404_whatever_its_heading() -> None:
    html = (
        "<html><head><title>Page not found | Example</title></head><body><main>"
        "<h1>Sorry, this one is gone</h1><p>It may have been renamed.</p></main></body></html>"
    )
    with pytest.raises(PageRejected) as caught:
        parse_page(html, URL)
    assert caught.value.reason == "soft_404"


def test_a_dek_in_the_titles_own_box_is_no_intro() -> None:
    html = (
        "<html><body><main><header><h1>Tacrolimus for Lupus</h1><p>The twice-daily capsule "
        "has become a go-to lupus drug. Here is what to know.</p></header>"
        f"<div><p>{INTRO}</p>{ARTICLE}</div></main></body></html>"
    )
    assert parse_page(html, URL).sections[0].text == INTRO


def test_a_quote_classed_as_a_comment_is_a_review() -> None:
    quote = (
        '<blockquote class="user-comment"><p>“It calmed my flares within weeks.”</p></blockquote>'
    )
    got = parse_page(page(f"{ARTICLE}<h2>User reviews</h2><p>Rated 7 of 10.</p>{quote}"), URL)
    assert got.sections[-1].text.endswith("“It calmed my flares within weeks.”")


def test_facts_in_a_paragraph_styled_as_a_subtitle_are_read() -> None:
    facts = (
        '<p class="drug-subtitle"><b>Active ingredient:</b> tacrolimus monohydrate<br>'
        "<b>Drug class:</b> calcineurin inhibitor</p>"
    )
    got = parse_page(page(facts + ARTICLE), URL)
    assert (got.active_ingredients, got.drug_classes) == (
        ["tacrolimus monohydrate"],
        ["calcineurin inhibitor"],
    )


def test_a_trailing_topic_is_no_reviews_section_without_a_reviewers_words() -> None:
    html = page(
        f"{ARTICLE}<h2>Eye exams</h2><p>You will need a yearly eye exam after five years.</p>"
        "<h2>Kidney checks</h2><p>“I had mine every month at first,” one reader wrote.</p>"
    )
    assert [s.kind for s in parse_page(html, URL).sections][-2:] == ["other", "reviews"]


def test_latest_reviews_under_reviews_are_no_named_part() -> None:
    html = page(
        f"{ARTICLE}<h2>Reviews</h2><h3>Summary</h3><p>Most readers rate it well.</p>"
        "<h3>Key points</h3><p>Give it three months.</p><h3>Latest reviews</h3><p>Works for me.</p>"
    )
    reviews = parse_page(html, URL).sections[-1]
    assert [s.kind for s in reviews.subsections] == ["overview", "need_to_know", "other"]


def test_a_column_title_over_crumbs_names_no_drug_but_the_url_and_headings_do() -> None:
    html = (
        '<html><body><ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/lib">'
        "Health Library</a></li><li>Ask Our Pharmacist</li></ol><main><h1>Ask Our Pharmacist</h1>"
        "<h2>Overview</h2><p>Tacrolimus calms the immune system.</p><h2>How tacrolimus works"
        "</h2><p>It blocks calcineurin.</p><h2>Benefits for lupus nephritis</h2><p>Fewer flares."
        "</p></main></body></html>"
    )
    got = parse_page(html, "https://example.test/lib/tacrolimus-for-lupus-nephritis.html")
    assert (got.drug.name, got.condition.name) == ("tacrolimus", "lupus nephritis")


def test_a_table_of_linked_entries_with_no_article_is_an_index_page() -> None:
    rows = "".join(
        f'<tr><td><a href="/drug/{n}">{n.title()}</a></td><td>{r}.0</td><td>{r}0 reviews</td></tr>'
        for r, n in enumerate(
            [
                "tacrolimus",
                "sirolimus",
                "belimumab",
                "anifrolumab",
                "rituximab",
                "azathioprine",
                "methotrexate",
                "mycophenolate",
            ]
        )
    )
    html = (
        "<html><body><main><h1>Medications for Lupus</h1><p>These medicines are used for it."
        f"</p><table>{rows}</table></main></body></html>"
    )
    with pytest.raises(PageRejected) as caught:
        parse_page(html, URL)
    assert caught.value.reason == "index_page"


def test_a_hidden_punctuation_icon_is_no_text_but_a_hidden_emoji_is() -> None:
    html = page(
        '<h2><span aria-hidden="true">💊</span> What is Tacrolimus?</h2>'
        f'{BODY}<h2>Side effects</h2><div class="warning"><span aria-hidden="true">!</span>'
        "<strong>Call 999 if you have a seizure.</strong></div>"
    )
    got = parse_page(html, URL).sections
    assert (got[0].heading, got[1].text) == (
        "💊 What is Tacrolimus?",
        "Call 999 if you have a seizure.",
    )


def test_related_links_in_a_nav_inside_a_side_box_are_read() -> None:
    aside = (
        '<aside class="related-items"><h2>Related content</h2><nav><ul>'
        '<li><a href="/guides/tacrolimus-acne">Tacrolimus for Acne</a></li>'
        '<li><a href="/guides/sirolimus-lupus">Sirolimus for Lupus</a></li></ul></nav></aside>'
    )
    got = parse_page(page_beside(ARTICLE, aside), URL)
    assert [r.title for r in got.related] == ["Tacrolimus for Acne", "Sirolimus for Lupus"]


def test_a_related_box_of_doctors_is_a_promotion() -> None:
    box = (
        '<section class="related-doctors"><h2>Consult our rheumatologists</h2>'
        '<div><a href="/dr-a"><h4>Dr. A. Reddy</h4></a><p>MD · 18 years</p></div></section>'
    )
    got = parse_page(page(ARTICLE + box), URL)
    assert [s.heading for s in got.sections][-1] == "Side effects"


def test_a_reviewers_name_classed_as_author_in_a_review_card_is_text() -> None:
    card = (
        '<div class="review"><p class="review-text">It calmed my flares.</p>'
        '<p class="review-author">Rakesh S., Pune</p></div>'
    )
    got = parse_page(page(f"{ARTICLE}<h2>User reviews</h2>{card}"), URL)
    assert got.sections[-1].text == "It calmed my flares.\n\nRakesh S., Pune"


def test_a_list_item_saying_not_medical_advice_is_no_disclaimer() -> None:
    items = (
        "<ul><li>Reviews are personal experiences, not medical advice.</li><li>Ask us.</li></ul>"
    )
    got = parse_page(page(f"{ARTICLE}<h2>Reviews</h2><p>“Good.”</p>{items}"), URL)
    assert got.sections[-1].items == [
        "Reviews are personal experiences, not medical advice.",
        "Ask us.",
    ]


def test_br_paragraphs_with_links_are_read_one_by_one() -> None:
    body = (
        '<p>Sheet last reviewed March 2026 | <a href="javascript:print()">Printer friendly '
        "version</a><br><br>Active ingredient: tacrolimus<br>Drug class: calcineurin inhibitor"
        f"<br><br>{INTRO}</p>"
    )
    got = parse_page(page(body + ARTICLE), URL)
    assert (got.sections[0].text, got.drug_classes) == (INTRO, ["calcineurin inhibitor"])


def test_a_row_of_a_tool_link_and_site_links_is_a_toolbar() -> None:
    related = (
        '<h2>See also</h2><p><a href="/tacrolimus-acne">Tacrolimus for Acne</a><br>'
        '<a href="/sirolimus-lupus">Sirolimus for Lupus</a></p>'
        '<p><a href="#top">Back to top</a> | <a href="/info/">More health information</a></p>'
    )
    got = parse_page(page(ARTICLE + related), URL)
    assert [r.title for r in got.related] == ["Tacrolimus for Acne", "Sirolimus for Lupus"]


def test_a_bold_paragraph_with_words_empty_tags_is_a_heading() -> None:
    html = page(
        '<p class="MsoNormal"><b><span>What is Tacrolimus?<o:p></o:p></span></b></p>'
        f"{BODY}<p><b>Side effects<o:p></o:p></b></p><p>Tremor.</p>"
    )
    assert [s.kind for s in parse_page(html, URL).sections] == ["what_is", "side_effects"]


def test_and_titles_read_like_their_siblings_before_the_heading_says_they_are_bare() -> None:
    related = (
        "<h2>More about lupus</h2><ul>"
        '<li><a href="/sirolimus-lupus">Sirolimus and Lupus</a></li>'
        '<li><a href="/cephalexin-kidney">Cephalexin and Kidney Infections</a></li></ul>'
    )
    got = parse_page(page(ARTICLE + related), URL).related
    assert [(r.drug, r.condition) for r in got] == [
        ("Sirolimus", "Lupus"),
        ("Cephalexin", "Kidney Infections"),
    ]


def test_an_ad_label_between_dashes_is_no_text() -> None:
    got = parse_page(page(f"<p>- Advertisement -</p><p>{INTRO}</p>{ARTICLE}"), URL)
    assert got.sections[0].text == INTRO


def test_a_get_posts_by_email_box_is_a_widget() -> None:
    box = "<h2>Get new posts by email</h2><p>One short email a week. No spam.</p>"
    got = parse_page(page(ARTICLE + box), URL)
    assert [s.heading for s in got.sections][-1] == "Side effects"


def test_a_table_of_contents_in_boxes_of_anchor_links_is_no_text() -> None:
    toc = (
        '<div><b>Contents</b> <a href="#">hide</a></div><div>'
        '<div><a href="#what"><span>1</span> <span>What is Tacrolimus?</span></a></div>'
        '<div><a href="#side"><span>2</span> <span>Side effects</span></a></div></div>'
    )
    got = parse_page(page(f"<p>{INTRO}</p>{toc}{ARTICLE}"), URL)
    assert got.sections[0].text == INTRO


def test_cards_wrapped_in_their_link_with_a_tag_line_before_the_title_are_related() -> None:
    card = (
        '<article><a href="/guides/{slug}"><p class="tag">Medicines</p><h3>{title}</h3>'
        "<p>A long teaser that says a good deal more than the title of the card does.</p>"
        "</a></article>"
    )
    cards = "".join(
        card.format(slug=s, title=t)
        for s, t in [
            ("tacrolimus-acne", "Tacrolimus for Acne"),
            ("sirolimus-lupus", "Sirolimus for Lupus"),
        ]
    )
    got = parse_page(page(f"{ARTICLE}<div><h2>You might also like</h2>{cards}</div>"), URL)
    assert [r.title for r in got.related] == ["Tacrolimus for Acne", "Sirolimus for Lupus"]


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("Lupus — Tacrolimus", "<h2>1. What is tacrolimus?</h2>"),
        ("Lupus – Tacrolimus (capsules)", "<h2>About it</h2>"),
    ],
)
def test_a_dash_title_is_oriented_by_a_heading_or_a_form_label(title: str, heading: str) -> None:
    html = page(f"{heading}{BODY}{SIDE}").replace(
        "<h1>Tacrolimus for Lupus</h1>", f"<h1>{title}</h1>"
    )
    got = parse_page(html, URL)
    assert (got.drug.name, got.condition.name) == ("Tacrolimus", "Lupus")


def test_a_product_title_with_a_dash_names_no_condition() -> None:
    html = page(f"{ARTICLE}").replace(
        "<h1>Tacrolimus for Lupus</h1>", "<h1>Tacrolimus 1 mg capsules – 28 pack</h1>"
    )
    with pytest.raises(PageRejected):
        parse_page(html, "https://example.test/shop/tacrolimus-1mg-28")


def test_pills_beside_their_label_in_one_box_are_all_values() -> None:
    facts = (
        '<div>Drug classes: <span class="pill">calcineurin inhibitor</span>'
        '<span class="pill">immunosuppressant</span></div>'
    )
    got = parse_page(page(facts + ARTICLE), URL)
    assert got.drug_classes == ["calcineurin inhibitor", "immunosuppressant"]


def test_chip_links_read_apart() -> None:
    facts = (
        '<div><span>Drug class:</span> <a class="chip" href="/c/cni">calcineurin inhibitor</a>'
        '<a class="chip" href="/c/is">immunosuppressant</a></div>'
    )
    got = parse_page(page(facts + ARTICLE), URL)
    assert got.drug_classes == ["calcineurin inhibitor", "immunosuppressant"]


def test_a_facts_strip_two_pairs_wide_is_read_pair_by_pair() -> None:
    strip = (
        '<table role="presentation"><tr><th>Medicine</th><td>Tacrolimus (capsules)</td>'
        "<th>Active ingredient</th><td>tacrolimus</td></tr><tr><th>Drug class</th>"
        "<td>calcineurin inhibitor</td><th>Funded</th><td>Yes</td></tr></table>"
    )
    got = parse_page(page(strip + f"<p>{INTRO}</p>" + ARTICLE), URL)
    assert (got.drug.form, got.active_ingredients, got.drug_classes) == (
        "capsules",
        ["tacrolimus"],
        ["calcineurin inhibitor"],
    )
    assert got.sections[0].text == INTRO


def test_key_and_value_boxes_named_k_and_v_are_a_fact() -> None:
    facts = (
        '<div class="glance"><span class="glance__k">Drug class</span>'
        '<span class="glance__v">calcineurin inhibitor</span></div>'
    )
    assert parse_page(page(facts + ARTICLE), URL).drug_classes == ["calcineurin inhibitor"]


def test_a_rail_of_cards_after_a_related_heading_holds_its_links() -> None:
    rail = (
        '<div class="related"><h2>You may also like</h2><div class="rail">'
        '<div><a href="/a"><h3>Tacrolimus for Acne</h3></a><p>Teaser.</p></div>'
        '<div><a href="/b"><h3>Sirolimus for Lupus</h3></a><p>Teaser.</p></div></div></div>'
    )
    got = parse_page(page(ARTICLE + rail), URL)
    assert [r.title for r in got.related] == ["Tacrolimus for Acne", "Sirolimus for Lupus"]


def test_a_same_level_heading_after_deeper_parts_is_the_next_section() -> None:
    html = page(
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Side effects</h2><h3>Common</h3><p>Tremor.</p>"
        "<h2>Pregnancy prevention</h2><p>Use contraception.</p>"
    )
    assert [s.heading for s in parse_page(html, URL).sections][-1] == "Pregnancy prevention"


def test_quotes_in_a_carousel_are_reviews() -> None:
    carousel = (
        '<div class="carousel"><blockquote><p>“It calmed my flares.”</p></blockquote>'
        "<blockquote><p>“Fewer flares since spring.”</p></blockquote></div>"
    )
    got = parse_page(page(f"{ARTICLE}<h2>Reviews</h2>{carousel}"), URL)
    assert got.sections[-1].text == "“It calmed my flares.”\n\n“Fewer flares since spring.”"


def test_a_carousel_under_a_related_heading_makes_no_section() -> None:
    carousel = (
        '<div class="carousel" aria-label="You may also like">'
        '<a href="/a"><h3>Tacrolimus for Acne</h3></a>'
        '<a href="/b"><h3>Sirolimus for Lupus</h3></a></div>'
    )
    got = parse_page(page(f"{ARTICLE}<h2>You may also like</h2>{carousel}"), URL)
    assert ([s.heading for s in got.sections][-1], len(got.related)) == ("Side effects", 2)


def test_a_review_widgets_dates_badges_and_links_are_no_text() -> None:
    widget = (
        '<div class="reviews"><a href="https://g.test/write">Review us on Google</a>'
        '<div class="review"><span class="chip">Verified diagnosis</span><p>It calmed my flares.'
        '</p><div class="time">2 months ago</div><p><time>30 Jul 2026</time> ·</p></div>'
        '<a href="https://g.test/all">See all reviews</a></div>'
    )
    got = parse_page(page(f"{ARTICLE}<h2>Reviews</h2>{widget}"), URL)
    assert got.sections[-1].text == "It calmed my flares."


def test_a_forum_tag_after_the_title_is_no_part_of_a_name() -> None:
    html = page(ARTICLE).replace(
        "<h1>Tacrolimus for Lupus</h1>", "<h1>Tacrolimus for Lupus [community wiki]</h1>"
    )
    got = parse_page(html, URL)
    assert (got.drug.name, got.condition.name) == ("Tacrolimus", "Lupus")


def test_a_paragraph_ending_in_not_medical_advice_after_two_sentences_is_text() -> None:
    text = (
        "This is a community wiki that members edit. It collects what we learned about "
        "tacrolimus. It is not medical advice, so ask your own doctor."
    )
    got = parse_page(page(f"<p>{text}</p>{ARTICLE}"), URL)
    assert got.sections[0].text == text


def test_a_questions_thread_is_no_section() -> None:
    thread = "<h2>Questions (3)</h2><p>Have a question? Ask the community</p>"
    got = parse_page(page(ARTICLE + thread), URL)
    assert [s.heading for s in got.sections][-1] == "Side effects"


def test_an_accordion_tab_labelled_by_a_classed_link_keeps_its_label() -> None:
    accordion = (
        '<div role="tablist"><div class="acc-button" role="tab" aria-controls="p1" '
        'aria-expanded="false"><a href="#" class="acc-button-label" role="button">Common side '
        'effects</a></div><div id="p1" role="tabpanel"><p>Tremor.</p></div></div>'
    )
    got = parse_page(
        page(f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Side effects</h2>{accordion}"), URL
    )
    assert [(s.kind, s.heading) for s in got.sections[-1].subsections] == [
        ("common", "Common side effects")
    ]


def test_tabs_in_a_box_classed_as_a_nav_head_their_panels() -> None:
    tabs = (
        '<div class="tabs nav-horizontal"><div class="nav"><ul role="tablist">'
        '<li><a role="tab" aria-controls="t1" href="#t1">Summary</a></li>'
        '<li><a role="tab" aria-controls="t2" href="#t2">What to expect</a></li></ul></div>'
        '<div role="tabpanel" id="t1"><p>Most readers rate it well.</p></div>'
        '<div role="tabpanel" id="t2"><p>Expect slow change.</p></div></div>'
    )
    got = parse_page(page(f"{ARTICLE}<h2>Reviews</h2><p>“Good.”</p>{tabs}"), URL)
    assert [s.kind for s in got.sections[-1].subsections] == ["overview", "what_to_expect"]


def test_main_is_content_whatever_its_classes() -> None:
    html = (
        "<html><body><h1>Tacrolimus for Lupus</h1>"
        f'<main class="units av-blog-meta-author-disabled">{ARTICLE}</main></body></html>'
    )
    assert [s.kind for s in parse_page(html, URL).sections] == ["what_is", "side_effects"]


def test_a_tab_list_holding_its_panels_is_read_in_place() -> None:
    toggles = (
        '<div role="tablist"><p class="toggler" role="tab" aria-controls="x1">Common</p>'
        '<div id="x1"><ul><li>Tremor</li></ul></div></div>'
    )
    got = parse_page(page(f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Side effects</h2>{toggles}"), URL)
    assert got.sections[-1].subsections[0].items == ["Tremor"]


def test_structured_data_spans_and_a_testimonials_subtitle() -> None:
    quote = (
        '<div class="testimonial"><blockquote><p>“It calmed my flares.”</p></blockquote>'
        '<div class="meta"><strong>Aroha</strong> <span class="testimonial-subtitle">– teacher, '
        '45</span></div></div><span class="structured-data"><span>https://x.test/a.jpg</span></span>'
    )
    got = parse_page(page(f"{ARTICLE}<h2>Reviews</h2>{quote}"), URL)
    assert got.sections[-1].text == "“It calmed my flares.”\n\nAroha – teacher, 45"


def test_a_blocks_first_bold_line_heads_it_when_later_paragraphs_open_the_same_way() -> None:
    side = (
        "<h2>Side effects</h2><p><strong>Common side effects</strong><br>Tremor<br>Headache"
        "<br><br><strong>Serious side effects</strong><br>Fever – call us.</p>"
    )
    got = parse_page(page(f"<h2>What is Tacrolimus?</h2>{BODY}{side}"), URL).sections[-1]
    assert [s.kind for s in got.subsections] == ["common", "serious"]


def test_a_lone_bold_label_over_one_line_stays_text() -> None:
    html = page(f"{ARTICLE}<p><strong>Note</strong><br>Take it at the same time each day.</p>")
    got = parse_page(html, URL).sections[-1]
    assert (got.subsections, got.text.endswith("Note\nTake it at the same time each day.")) == (
        [],
        True,
    )


def test_a_headline_asking_why_names_no_drug() -> None:
    html = (
        '<html><head><script type="application/ld+json">{"@type": "MedicalWebPage", "about": '
        '[{"@type": "Drug", "name": "Tacrolimus"}, {"@type": "MedicalCondition", "name": '
        '"Lupus"}]}</script></head><body><main><h1>Why doctors keep prescribing a transplant '
        f"pill for lupus</h1>{ARTICLE}</main></body></html>"
    )
    assert parse_page(html, URL).drug.name == "Tacrolimus"


def test_a_heros_dek_pills_and_fine_print_are_no_intro() -> None:
    html = (
        "<html><body><main><section><h1>Tacrolimus for Lupus</h1><p>Proven. Prescribed online."
        '</p><span class="pill">Rx only</span><p>*Prescriptions need an online visit first.</p>'
        f"</section><div><p>{INTRO}</p>{ARTICLE}</div></main></body></html>"
    )
    assert parse_page(html, URL).sections[0].text == INTRO


def test_a_page_that_apologises_under_its_title_is_a_soft_404() -> None:
    links = "".join(f'<li><a href="/x{i}">Tacrolimus for Lupus {i}</a></li>' for i in range(8))
    html = (
        "<html><body><main><h1>Tacrolimus for Lupos</h1><p>Sorry, we couldn’t find that page."
        f"</p><h2>Did you mean…</h2><ul>{links}</ul></main></body></html>"
    )
    with pytest.raises(PageRejected) as caught:
        parse_page(html, URL)
    assert caught.value.reason == "soft_404"


def test_inline_text_named_for_print_is_text_but_a_print_link_is_a_tool() -> None:
    body = (
        '<p>See the lupus page <span class="print-url">(https://example.test/lupus)</span>.'
        ' <a class="print-link" href="javascript:print()">Print</a></p>'
    )
    got = parse_page(page(ARTICLE + body), URL)
    assert got.sections[-1].text.endswith("See the lupus page (https://example.test/lupus).")


def test_a_leaflets_details_table_names_the_drug_and_condition() -> None:
    details = (
        "<table><tr><th>Medicine</th><td>Tacrolimus (capsules)</td></tr>"
        "<tr><th>Condition</th><td>Lupus nephritis</td></tr></table>"
    )
    html = (
        "<html><body><main><h1>Medicine information leaflet</h1>"
        f"{details}{ARTICLE}</main></body></html>"
    )
    got = parse_page(html, "https://example.test/leaflets/1234")
    assert (got.drug.name, got.drug.form, got.condition.name) == (
        "Tacrolimus",
        "capsules",
        "Lupus nephritis",
    )


def test_a_same_level_heading_of_a_kind_already_seen_is_a_part_of_the_section() -> None:
    html = (
        page(
            f"{ARTICLE}<p><b>Reviews</b></p><p>“Good.”</p><p><b>Overview</b></p>"
            "<p>Most readers rate it well.</p><p><b>What to expect</b></p><p>Slow change.</p>"
        )
        .replace("<h2>", "<p><b>")
        .replace("</h2>", "</b></p>")
    )
    got = parse_page(html, URL).sections
    assert [s.kind for s in got] == ["what_is", "side_effects", "reviews"]
    assert [s.kind for s in got[-1].subsections] == ["overview", "what_to_expect"]


def test_a_line_bold_by_the_pages_own_style_sheet_or_inline_style_is_a_heading() -> None:
    style = "<style>.c3{color:#000}.c7{font-weight:700}.pill{font-weight:600}</style>"
    body = (
        f'<p class="c3"><span class="c7">What is Tacrolimus?</span></p>{BODY}'
        '<p><span style="font-size:20px;font-weight:bold">Side effects</span></p><p>Tremor.</p>'
        '<p><span class="pill">Capsules</span> <span class="pill">Prescription only</span></p>'
    )
    html = page(body).replace("<head></head>", f"<head>{style}</head>")
    got = parse_page(html, URL).sections
    assert [(s.kind, s.heading) for s in got] == [
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
    ]  # (two bold pills on a line are chips, not a heading)
    assert got[1].text.startswith("Tremor.\n\nCapsules")


def test_an_empty_anchor_before_a_bold_line_leaves_it_a_line_of_its_own() -> None:
    body = (
        f"<div><b>What is Tacrolimus?</b></div>{BODY}"
        '<div><a name="se"></a><span style="font-weight:bold">Side effects</span></div>'
        "<div>Tremor.</div>"
    )
    got = parse_page(page(body), URL).sections
    assert [s.heading for s in got] == ["What is Tacrolimus?", "Side effects"]


def test_a_note_box_holding_the_whole_article_is_the_article_not_a_callout() -> None:
    body = (
        '<div class="note-content"><div><b>What is Tacrolimus?</b></div>'
        f"{BODY}<div><b>Side effects</b></div><div>Tremor.</div></div>"
    )
    got = parse_page(page(body), URL).sections
    assert [s.kind for s in got] == ["what_is", "side_effects"]


def test_a_bullet_typed_into_each_list_item_is_the_lists_marker() -> None:
    side = "<h2>Side effects</h2><ul><li><span>•</span>Tremor</li><li>• Headache</li></ul>"
    got = parse_page(page(f"<h2>What is Tacrolimus?</h2>{BODY}{side}"), URL).sections
    assert got[1].items == ["Tremor", "Headache"]


def test_a_heading_classed_subtitle_below_the_first_section_is_a_subheading() -> None:
    body = (
        '<h1 class="title">Tacrolimus for Lupus</h1><h2 class="subtitle">A daily capsule.</h2>'
        f'<h2 class="title">What is Tacrolimus?</h2>{BODY}<h2 class="title">Side effects</h2>'
        '<p>Most people manage well.</p><h3 class="subtitle is-5">Common side effects</h3>'
        "<p>Tremor.</p>"
    )
    html = f"<html><body><main>{body}</main></body></html>"
    got = parse_page(html, URL).sections
    assert [s.heading for s in got] == ["What is Tacrolimus?", "Side effects"]
    assert [(s.kind, s.text) for s in got[1].subsections] == [("common", "Tremor.")]


def test_a_label_and_value_side_by_side_in_a_list_item_are_a_fact() -> None:
    facts = (
        "<ul><li><span>Active ingredient</span><span>tacrolimus monohydrate</span></li>"
        "<li><span>Drug class</span><span>Calcineurin inhibitor</span></li></ul>"
    )
    got = parse_page(page(facts + ARTICLE), URL)
    assert got.active_ingredients == ["tacrolimus monohydrate"]
    assert got.drug_classes == ["Calcineurin inhibitor"]


def test_an_faq_list_whose_terms_are_disclosure_buttons_heads_its_answers() -> None:
    faq = (
        '<dl><div><dt><button aria-controls="a1" aria-expanded="true">Common side effects'
        '</button></dt><dd id="a1"><p>Tremor and headaches, most often in the first weeks of'
        ' treatment.</p></dd></div><div><dt><button aria-controls="a2" aria-expanded="false">'
        'Serious side effects</button></dt><dd id="a2"><p>Kidney problems and infections need a'
        " doctor the same day.</p></dd></div></dl>"
    )
    assert [k for k, _ in side_effect_parts(faq)] == ["common", "serious"]


def test_a_carousel_of_testimonials_without_blockquotes_is_the_pages_text() -> None:
    slides = "".join(
        f'<div class="swiper-slide"><div class="testimonial"><div class="testimonial__text">'
        f'“{quote}”</div><div class="testimonial__footer"><cite>{who}</cite></div></div></div>'
        for quote, who in (("It helped my joints.", "Ann, 52"), ("Fewer flares.", "Bo, 40"))
    )
    body = (
        f'{ARTICLE}<h2>Reviews</h2><div class="carousel swiper">'
        f'<div class="swiper-wrapper">{slides}</div></div>'
    )
    got = parse_page(page(body), URL).sections
    assert got[-1].text == "“It helped my joints.”\n\nAnn, 52\n\n“Fewer flares.”\n\nBo, 40"


def test_css_only_tabs_label_the_panels_that_follow_them() -> None:
    tabs = (
        '<div class="tabbed-set"><input id="t1" name="t" type="radio" checked>'
        '<input id="t2" name="t" type="radio"><div class="tabbed-labels">'
        '<label for="t1">Common</label><label for="t2">Serious</label></div>'
        '<div class="tabbed-content"><div class="tabbed-block"><p>Tremor.</p></div>'
        '<div class="tabbed-block"><p>Kidney problems.</p></div></div></div>'
    )
    assert side_effect_parts(tabs) == [
        ("common", "Tremor."),
        ("serious", "Kidney problems."),
    ]


def test_an_alert_among_the_sections_is_a_warning_in_the_text() -> None:
    alert = (
        '<div class="alert alert-warning" role="alert"><h4 class="alert-heading">Important</h4>'
        "<p>Call 999 if your face swells.</p></div>"
    )
    html = page(ARTICLE + alert).replace(
        "<body>", '<body><div role="alert">Our phone lines are closed today.</div>'
    )
    got = parse_page(html, URL).sections
    warning = "Important\n\nCall 999 if your face swells."
    assert got[1].text == f"Tremor and headaches are common.\n\n{warning}"


def test_a_card_link_classed_as_a_button_by_its_ui_kit_is_a_related_article() -> None:
    cards = "".join(
        f'<div class="MuiCard-root"><a class="MuiButtonBase-root MuiCardActionArea-root"'
        f' href="/guides/tacrolimus-{slug}"><h3>Tacrolimus for {name}</h3><p>A guide.</p></a></div>'
        for slug, name in (("acne", "Acne"), ("eczema", "Eczema"))
    )
    got = parse_page(page(f"{ARTICLE}<h2>You may also like</h2><div>{cards}</div>"), URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema"]


def test_a_cookie_popup_inside_the_main_is_chrome_though_it_holds_a_main() -> None:
    popup = (
        '<div id="cookiePopup"><div><h2>Cookies</h2></div><div role="main">'
        "<p>We use cookies to remember your settings.</p></div></div>"
    )
    got = parse_page(page(ARTICLE + popup), URL).sections
    assert [s.heading for s in got] == ["What is Tacrolimus?", "Side effects"]


def test_an_h1_in_a_sidebar_after_the_main_does_not_make_it_the_page() -> None:
    column = '<aside class="sidebar"><section><h1>Tools</h1><p>Dose diary</p></section></aside>'
    got = parse_page(page_beside(ARTICLE, column), URL).sections
    assert [s.heading for s in got] == ["What is Tacrolimus?", "Side effects"]


def test_a_utility_class_with_an_arbitrary_value_names_no_chrome() -> None:
    heading = '<h2 class="flex scroll-m-[calc(var(--toc-top-offset)+1rem)]">Side effects</h2>'
    got = parse_page(page(f"<h2>What is Tacrolimus?</h2>{BODY}{heading}<p>Tremor.</p>"), URL)
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]


def test_a_box_of_tabs_is_no_callout_though_its_classes_say_inset() -> None:
    tabs = (
        '<div class="ring-1 ring-inset"><div role="tablist">'
        '<button role="tab" aria-controls="p1" id="b1">Common</button>'
        '<button role="tab" aria-controls="p2" id="b2">Serious</button></div>'
        '<div role="tabpanel" id="p1" aria-labelledby="b1"><p>Tremor.</p></div>'
        '<div role="tabpanel" id="p2" aria-labelledby="b2"><p>Kidney problems.</p></div></div>'
    )
    assert [k for k, _ in side_effect_parts(tabs)] == ["common", "serious"]


def test_a_related_label_that_is_no_heading_still_opens_the_related_list() -> None:
    related = (
        '<div class="popular-posts-header">Related Posts</div><ul>'
        '<li><a href="/guides/tacrolimus-acne">Tacrolimus for Acne</a></li>'
        '<li><a href="/guides/tacrolimus-eczema">Tacrolimus for Eczema</a></li></ul>'
    )
    got = parse_page(page(ARTICLE + related), URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema"]
    assert "Related Posts" not in got.sections[-1].text


def test_an_in_this_issue_list_and_a_sponsored_cell_are_chrome() -> None:
    cells = (
        '<p>In this issue<br>• <a href="#se">Side effects</a><br>• <a href="#r">Reviews</a></p>'
        '<p>Sponsored<br><a href="https://ads.test/kit">Book a home blood test kit</a></p>'
    )
    got = parse_page(page(f"<h2>What is Tacrolimus?</h2>{BODY}{cells}{SIDE}"), URL).sections
    assert got[0].text == BODY.strip().removeprefix("<p>").removesuffix("</p>")


def test_a_space_name_before_a_spaced_colon_is_no_part_of_the_title() -> None:
    html = page(ARTICLE).replace(
        "<h1>Tacrolimus for Lupus</h1>", "<h1>Rheumatology Pharmacy : Tacrolimus for Lupus</h1>"
    )
    got = parse_page(html, "https://wiki.example.test/export/Tacrolimus-for-Lupus_98410.html")
    assert (got.drug.name, got.condition.name) == ("Tacrolimus", "Lupus")


def test_a_disclosure_named_only_by_its_classes_heads_its_panel() -> None:
    expands = (
        '<div class="expand-control"><span class="expand-control-text">Common side effects'
        '</span></div><div class="expand-content"><p>Tremor.</p></div>'
    )
    assert side_effect_parts(expands) == [("common", "Tremor.")]


def test_a_list_of_attached_files_is_no_section() -> None:
    files = (
        '<h2>Attachments:</h2><div><a href="/a/1.pdf">leaflet-v4.pdf</a> (application/pdf)<br>'
        '<a href="/a/2.png">chart.png</a> (image/png)</div>'
    )
    got = parse_page(page(ARTICLE + files), URL).sections
    assert [s.heading for s in got] == ["What is Tacrolimus?", "Side effects"]


def test_interactions_to_watch_for_is_a_topic_of_its_own() -> None:
    body = f"{ARTICLE}<h2>Interactions to watch for</h2><p>Some antibiotics raise its level.</p>"
    got = parse_page(page(body), URL).sections
    assert [s.kind for s in got] == ["what_is", "side_effects", "other"]


def test_a_heading_over_nothing_but_chrome_leaves_no_empty_part() -> None:
    form = '<h3>Get your free plan</h3><form><input type="email"><button>Send</button></form>'
    got = parse_page(page(ARTICLE + form), URL).sections
    assert [s.heading for s in got] == ["What is Tacrolimus?", "Side effects"]
    assert got[1].subsections == []


def test_a_review_date_label_and_a_rating_prompt_are_chrome() -> None:
    tail = '<p>Page last reviewed: <time datetime="2026-01-02"></time></p><p>Rate this: ★★★★★</p>'
    got = parse_page(page(ARTICLE + tail), URL).sections
    assert got[1].text == "Tremor and headaches are common."


def test_a_facts_table_with_its_labels_in_the_header_row_is_read_by_column() -> None:
    table = (
        "<table><thead><tr><th>Active ingredient</th><th>Drug class</th></tr></thead>"
        "<tbody><tr><td>tacrolimus</td><td>Calcineurin inhibitor, Immunosuppressant</td></tr>"
        "</tbody></table>"
    )
    got = parse_page(page(f"<h2>What is Tacrolimus?</h2>{BODY}{table}{SIDE}"), URL)
    assert got.active_ingredients == ["tacrolimus"]
    assert got.drug_classes == ["Calcineurin inhibitor", "Immunosuppressant"]


def test_a_page_that_does_not_seem_to_exist_is_a_soft_404() -> None:
    html = page("<p>We apologize for the inconvenience.</p>").replace(
        "<h1>Tacrolimus for Lupus</h1>", "<h1>This page does not seem to exist…</h1>"
    )
    with pytest.raises(PageRejected) as error:
        parse_page(html, URL)
    assert error.value.reason == "soft_404"


def test_bullets_typed_inside_one_paragraph_stay_its_text() -> None:
    side = "<h2>Side effects</h2><p>• Tremor is common. • Headaches pass. • Sleep may suffer.</p>"
    got = parse_page(page(f"<h2>What is Tacrolimus?</h2>{BODY}{side}"), URL).sections
    assert (got[1].text, got[1].items) == (
        "• Tremor is common. • Headaches pass. • Sleep may suffer.",
        [],
    )


def test_a_single_read_more_promo_is_no_related_article_but_a_related_line_is() -> None:
    promo = '<p><strong>Read more:</strong> <a href="/news/signs">The quiet signs of lupus</a></p>'
    line = (
        '<p>Related: <a href="/guides/tacrolimus-acne">Tacrolimus for Acne</a> · '
        '<a href="/guides/tacrolimus-eczema">Tacrolimus for Eczema</a></p>'
    )
    got = parse_page(page(f"<h2>What is Tacrolimus?</h2>{BODY}{promo}{SIDE}{line}"), URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema"]
    assert "quiet signs" not in got.sections[0].text


def test_a_live_blogs_time_stamps_are_no_text() -> None:
    body = f"<h2>What is Tacrolimus?</h2><p>10:40 a.m.</p>{BODY}{SIDE}<p>9:05 PM ET</p>"
    got = parse_page(page(body), URL).sections
    assert [s.text for s in got] == [
        BODY.strip().removeprefix("<p>").removesuffix("</p>"),
        "Tremor and headaches are common.",
    ]


def test_a_native_ad_widget_is_chrome() -> None:
    widget = (
        '<div class="mgid-incontent"><div class="mgid-header">Trending Now</div>'
        '<a href="https://ads.test/x">One spoon before bed clears your nose</a></div>'
    )
    got = parse_page(page(ARTICLE + widget), URL).sections
    assert got[1].text == "Tremor and headaches are common."


def test_a_headline_saying_the_drug_may_ease_the_condition_names_both() -> None:
    html = page(ARTICLE).replace(
        "<h1>Tacrolimus for Lupus</h1>", "<h1>Tacrolimus may ease lupus flares</h1>"
    )
    got = parse_page(html, "https://news.example.test/health/story_12345.html")
    assert (got.drug.name, got.condition.name) == ("Tacrolimus", "lupus flares")


@pytest.mark.parametrize("heading", ["What people with lupus say", "What people taking it say"])
def test_what_people_with_the_condition_say_is_reviews(heading: str) -> None:
    body = f"{ARTICLE}<h2>{heading}</h2><p>“It calmed my joints within weeks.”</p>"
    assert parse_page(page(body), URL).sections[-1].kind == "reviews"


def test_an_ad_slot_inside_a_disclosure_button_is_no_part_of_its_label() -> None:
    body = (
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Side effects</h2>"
        '<div role="button" aria-expanded="true" aria-controls="c1"><p>Common side effects</p>'
        '<div class="ad-slot"><span class="ad-label">Advertisement</span></div></div>'
        '<div id="c1"><p>Tremor.</p></div>'
    )
    got = parse_page(page(body), URL).sections
    assert [s.heading for s in got[1].subsections] == ["Common side effects"]


def test_one_short_sentence_alone_in_the_titles_box_is_its_dek_not_an_intro() -> None:
    def hero(line: str) -> str:
        return (
            f'<html><body><main><div class="hero"><h1>Tacrolimus for Lupus</h1><p>{line}</p>'
            f"</div><div>{ARTICLE}</div></main></body></html>"
        )

    dek = "A twice-daily capsule that calms the immune attack on your kidneys and skin."
    assert parse_page(hero(dek), URL).sections[0].kind == "what_is"
    intro = f"{INTRO} It is usually added when steroids alone do not control the lupus well."
    first = parse_page(hero(intro), URL).sections[0]
    assert (first.kind, first.heading, first.text) == ("other", "", intro)


def test_precautions_and_things_to_know_are_topics_of_their_own() -> None:
    body = (
        f"{ARTICLE}<h2>Precautions</h2><p>Tell your doctor if you have kidney disease.</p>"
        "<h2>What are some things I need to know while I take this drug?</h2>"
        "<p>Avoid grapefruit.</p>"
    )
    got = parse_page(page(body), URL).sections
    assert [s.kind for s in got] == ["what_is", "side_effects", "other", "other"]


def test_a_headings_id_is_its_anchor_not_a_chrome_name() -> None:
    body = f'{ARTICLE}<h2 id="feedback">Patient feedback</h2><p>“It helped my joints.”</p>'
    got = parse_page(page(body), URL).sections
    assert [(s.kind, s.heading) for s in got][-1] == ("reviews", "Patient feedback")


def test_a_short_line_crediting_a_copyright_is_chrome() -> None:
    body = f"{ARTICLE}<p>Example Patient Education © 2026 Example Inc.</p>"
    assert parse_page(page(body), URL).sections[-1].text == "Tremor and headaches are common."


def test_drug_pages_filed_under_a_topic_path_are_related_articles_not_tags() -> None:
    related = (
        "<h2>More on this topic</h2><ul>"
        '<li><a href="/education/topic/101">Tacrolimus for Acne</a></li>'
        '<li><a href="/education/topic/102">Tacrolimus for Eczema</a></li></ul>'
    )
    got = parse_page(page(ARTICLE + related), URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema"]


def test_a_frameset_pages_noframes_body_is_the_page() -> None:
    html = (
        "<html><head><title>Tacrolimus for Lupus</title></head>"
        '<frameset cols="20%,*"><frame src="nav.html"><frame src="main.html">'
        f"<noframes><body><h1>Tacrolimus for Lupus</h1>{ARTICLE}</body></noframes>"
        "</frameset></html>"
    )
    got = parse_page(html, URL).sections
    assert [s.kind for s in got] == ["what_is", "side_effects"]


def test_a_heading_drawn_as_an_image_is_named_by_its_alt_text() -> None:
    body = f'<h2><img src="what.gif" alt="What is Tacrolimus?"></h2>{BODY}{SIDE}'
    got = parse_page(page(body), URL).sections
    assert (got[0].kind, got[0].heading) == ("what_is", "What is Tacrolimus?")


def test_site_footer_links_after_the_related_list_are_no_related_articles() -> None:
    related = (
        '<h2>Related</h2><p><a href="/guides/tacrolimus-acne">Tacrolimus for Acne</a><br>'
        '<a href="/guides/tacrolimus-eczema">Tacrolimus for Eczema</a><br>'
        '<a href="/privacy.html">Privacy</a> | <a href="/sitemap.html">Site map</a></p>'
    )
    got = parse_page(page(ARTICLE + related), URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema"]


def test_a_boxed_label_over_a_cell_of_links_is_the_related_list() -> None:
    box = (
        '<table border="0"><tr><td bgcolor="#006"><b>Related Topics</b></td></tr><tr><td>'
        '<a href="/guides/tacrolimus-acne">Tacrolimus for Acne</a><br>'
        '<a href="/guides/tacrolimus-eczema">Tacrolimus for Eczema</a></td></tr></table>'
    )
    got = parse_page(page(ARTICLE + box), URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema"]
    assert got.sections[-1].text == "Tremor and headaches are common."


@pytest.mark.parametrize(
    "title",
    [
        "7 Things to Know About Tacrolimus for Lupus",
        "Can Tacrolimus Treat Lupus? 5 Things to Know",
        "Is Tacrolimus safe to take for lupus?",
        "Does Tacrolimus Help Calm Lupus?",
    ],
)
def test_listicle_and_question_titles_name_the_drug_and_condition(title: str) -> None:
    got = parse_page(page(ARTICLE).replace("Tacrolimus for Lupus", title), URL)
    assert (got.drug.name, got.condition.name.lower()) == ("Tacrolimus", "lupus")


def test_rating_lines_an_affiliate_disclosure_and_back_to_blog_are_chrome() -> None:
    body = (
        "<p>Disclosure: we may earn a commission if you buy through our links.</p>"
        "<p>This post may contain affiliate links. If you buy through them we may earn a small"
        " commission at no extra cost to you.</p>"
        f"<p>Our rating:</p><p>Rated 4 out of 5</p>{ARTICLE}<p>4.1/5 - (212 votes)</p>"
        '<p><a href="/blog">Back to blog</a></p>'
    )
    got = parse_page(page(body), URL).sections
    assert [s.heading for s in got] == ["What is Tacrolimus?", "Side effects"]
    assert got[1].text == "Tremor and headaches are common."


def test_cards_titled_like_drug_pages_follow_a_related_heading_whatever_their_teasers() -> None:
    cards = "".join(
        f'<article><a href="/guides/tacrolimus-{slug}">Tacrolimus for {name}</a>'
        "<p>What the trials found, who it suits and how long it takes to work.</p>"
        "<p>Nadia Ross</p></article>"
        for slug, name in (("acne", "Acne"), ("eczema", "Eczema"))
    )
    related = f"<section><h2>Related articles</h2><div>{cards}</div></section>"
    got = parse_page(page(ARTICLE + related), URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema"]


def test_a_video_players_label_and_title_are_chrome() -> None:
    video = '<div class="player"><p>Featured Video</p><p>Watch: Living with lupus</p></div>'
    got = parse_page(page(f"<h2>What is Tacrolimus?</h2>{BODY}{video}{SIDE}"), URL)
    assert got.sections[0].text == BODY.strip().removeprefix("<p>").removesuffix("</p>")


def test_a_paragraph_that_is_one_link_to_another_story_is_a_promo() -> None:
    promo = '<p><a href="/news/heat">Lupus flares rise in heat waves. Here is why.</a></p>'
    got = parse_page(page(f"<h2>What is Tacrolimus?</h2>{BODY}{promo}{SIDE}"), URL)
    assert got.sections[0].text == BODY.strip().removeprefix("<p>").removesuffix("</p>")
    assert got.related == []


def test_tabs_in_a_tab_navigation_header_still_label_their_panels() -> None:
    tabs = (
        '<div class="card-header product-tab-navigation"><ul class="nav nav-tabs" role="tablist">'
        '<li><a id="t1" role="tab" href="#p1" aria-controls="p1">What is Tacrolimus?</a></li>'
        '<li><a id="t2" role="tab" href="#p2" aria-controls="p2">Side effects</a></li></ul></div>'
        f'<div role="tabpanel" id="p1" aria-labelledby="t1">{BODY}</div>'
        '<div role="tabpanel" id="p2" aria-labelledby="t2"><p>Tremor.</p></div>'
    )
    got = parse_page(page(tabs), URL).sections
    assert [s.kind for s in got] == ["what_is", "side_effects"]


def test_shop_furniture_is_no_section_nor_related_article() -> None:
    shop = (
        "<h2>Frequently bought together</h2><h3>Pill organiser</h3><p>$4.95</p>"
        "<h2>Write Your Own Review</h2><form><textarea></textarea></form>"
        '<h2>Related</h2><ul><li><a href="/guides/tacrolimus-acne">Tacrolimus for Acne</a></li>'
        '<li><a href="/cart?add=12">Add to Cart</a></li></ul>'
    )
    got = parse_page(page(ARTICLE + shop), URL)
    assert [s.heading for s in got.sections] == ["What is Tacrolimus?", "Side effects"]
    assert [r.title for r in got.related] == ["Tacrolimus for Acne"]


def test_the_lang_of_an_html_tag_after_leaked_text_still_counts() -> None:
    html = "<br /><b>Warning</b>: headers already sent<br />\n" + page(ARTICLE).replace(
        "<html>", '<HTML LANG="EN-US">'
    )
    assert parse_page(html, URL).lang == "EN-US"


def test_a_tab_whose_label_sits_in_a_button_classed_span_keeps_its_label() -> None:
    tabs = (
        '<div role="tablist"><button role="tab" id="b1" aria-controls="p1">'
        '<span class="v-btn__content">Common</span></button>'
        '<button role="tab" id="b2" aria-controls="p2"><span class="v-btn__content">Serious'
        '</span></button></div><div role="tabpanel" id="p1" aria-labelledby="b1"><p>Tremor.</p>'
        '</div><div role="tabpanel" id="p2" aria-labelledby="b2"><p>Infections.</p></div>'
    )
    assert [k for k, _ in side_effect_parts(tabs)] == ["common", "serious"]


def test_a_sections_lead_line_classed_subtitle_is_its_text() -> None:
    body = (
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Side effects</h2>"
        '<div class="module-subtitle"><p>Most people manage well.</p></div><p>Tremor.</p>'
    )
    got = parse_page(page(body), URL).sections
    assert got[1].text == "Most people manage well.\n\nTremor."


def test_a_loading_placeholder_is_no_text() -> None:
    body = f"{ARTICLE}<h2>Reviews</h2><p>Reviews are loading, please wait…</p><p>“It helped.”</p>"
    assert parse_page(page(body), URL).sections[-1].text == "“It helped.”"


def test_a_custom_element_with_an_href_is_a_link() -> None:
    items = "".join(
        f'<ion-item href="/guides/tacrolimus-{slug}"><ion-label>Tacrolimus for {name}'
        "</ion-label></ion-item>"
        for slug, name in (("acne", "Acne"), ("eczema", "Eczema"))
    )
    got = parse_page(page(f"{ARTICLE}<h2>Related</h2><ion-list>{items}</ion-list>"), URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema"]


def test_a_wiki_that_has_no_article_of_that_name_is_a_soft_404() -> None:
    html = page(
        "<p>ExampleWiki does not have an article with this exact name. Please search for"
        ' <a href="/search?q=tacrolimus">Tacrolimus for Lupus</a> in ExampleWiki.</p>'
    )
    with pytest.raises(PageRejected) as error:
        parse_page(html, URL)
    assert error.value.reason == "soft_404"


def test_linked_footnote_numbers_and_reference_back_links_are_no_text() -> None:
    body = (
        f"<h2>What is Tacrolimus?</h2><p>It calms the immune system."
        '<sup class="fn"><a href="#fn-1">1</a></sup> It is taken twice a day.</p>'
        "<p>A patch covers 10 mm<sup>2</sup> of skin.</p>"
        f"{SIDE}<h2>References</h2><ol><li>^ a b Smith J. Tacrolimus in lupus. 2020.</li>"
        "<li>↑ Jones K. Calcineurin inhibitors. 2021.</li></ol>"
    )
    got = parse_page(page(body), URL).sections
    assert got[0].text == (
        "It calms the immune system. It is taken twice a day.\n\nA patch covers 10 mm2 of skin."
    )
    assert got[-1].items == [
        "Smith J. Tacrolimus in lupus. 2020.",
        "Jones K. Calcineurin inhibitors. 2021.",
    ]


def test_count_lines_whose_counts_link_somewhere_and_rating_counts_are_no_text() -> None:
    body = (
        f"{ARTICLE}<h2>Reviews</h2><p>4.8 1,204 reviews</p><p>“It helped.”</p>"
        '<div>52.8K views · <a href="/upvoters">View 2.4K upvotes</a> · '
        '<a href="/sharers">View 31 shares</a></div>'
        '<p><a href="/reviews">See all 1,284 evaluations</a></p>'
    )
    assert parse_page(page(body), URL).sections[-1].text == "“It helped.”"


def test_a_heading_repeating_the_document_title_under_a_site_name_h1_is_the_title() -> None:
    # A forum: the site's name in an h1, the topic in an h2, the first post's subject repeating
    # it in an h3, and a reply's "Re: …" subject after the guide.
    html = (
        "<html><head><title>Tacrolimus for Lupus - Example Forums</title></head><body>"
        "<h1>Example Forums</h1><h2>Tacrolimus for Lupus</h2><h3>Tacrolimus for Lupus</h3>"
        f"<p>{INTRO}</p>{ARTICLE}</body></html>"
    )
    got = parse_page(html, URL)
    assert got.title == "Tacrolimus for Lupus"
    assert [(s.kind, s.heading) for s in got.sections] == [
        ("other", ""),
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
    ]
    assert got.sections[0].text == INTRO


def test_a_line_bold_by_its_inline_style_between_line_breaks_is_a_heading() -> None:
    body = (
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>Side effects</h2><div>Everyone reacts "
        'differently.<br><br><span style="font-weight:bold">Common side effects</span><br>'
        'Tremor and headaches.<br><br><span style="font-weight: 700">Serious side effects</span>'
        '<br>Kidney problems.<br><br>Ask about <span style="font-weight:bold">this</span> one.'
        "</div>"
        '<div class="sub" style="font-weight:bold">Managing side effects</div>'
        "<div>Take it with food.</div>"
    )
    parts = parse_page(page(body), URL).sections[1].subsections
    assert [(p.kind, p.text) for p in parts] == [
        ("common", "Tremor and headaches."),
        ("serious", "Kidney problems.\n\nAsk about this one."),
        ("managing", "Take it with food."),
    ]


def test_bold_lines_opening_paragraphs_side_by_side_are_headings_but_a_lone_one_is_not() -> None:
    parts = side_effect_parts(
        "<p><b>Common</b><br>Tremor and headaches.</p><p><b>Serious</b><br>Kidney problems.</p>"
    )
    assert parts == [("common", "Tremor and headaches."), ("serious", "Kidney problems.")]
    body = f"{ARTICLE}<p><b>Note</b><br>Take it with food.</p><p>Ask your doctor.</p>"
    assert parse_page(page(body), URL).sections[-1].subsections == []


def test_a_footnote_dagger_linked_to_its_note_is_no_text() -> None:
    body = (
        "<h2>What is Tacrolimus?</h2><p>It calms the immune system."
        '<sup><a href="#note-1">†</a></sup> It is taken twice a day.</p>'
        f'{SIDE}<p id="note-1">† From trials.</p>'
    )
    assert parse_page(page(body), URL).sections[0].text == (
        "It calms the immune system. It is taken twice a day."
    )


def test_a_carousel_of_cards_quoting_patients_is_the_reviews_text() -> None:
    cards = "".join(
        f'<div class="t-card"><p>“{quote}”</p><p>— {who}</p></div>'
        for quote, who in (("It helped.", "Ann, 37"), ("Tremor at first.", "Luis, 45"))
    )
    body = f'{ARTICLE}<h2>Reviews</h2><div class="carousel">{cards}</div>'
    assert parse_page(page(body), URL).sections[-1].text == (
        "“It helped.”\n\n— Ann, 37\n\n“Tremor at first.”\n\n— Luis, 45"
    )


def test_a_strip_of_classed_label_and_value_boxes_is_facts_not_the_intro() -> None:
    strip = "".join(
        f'<li><span class="facts__label">{label}</span><span class="facts__value">{value}</span>'
        "</li>"
        for label, value in (
            ("Active ingredient", "Tacrolimus monohydrate"),
            ("Drug class", "Calcineurin inhibitor"),
            ("Typical dose", "0.1 mg/kg a day"),
        )
    )
    got = parse_page(page(f'<ul class="facts">{strip}</ul>{ARTICLE}'), URL)
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]
    assert got.active_ingredients == ["Tacrolimus monohydrate"]
    assert got.drug_classes == ["Calcineurin inhibitor"]


@pytest.mark.parametrize(
    "message",
    [
        "The requested topic does not exist. It may have been moved or deleted.",
        "Looks like the page you’re looking for doesn’t exist, or has moved.",
    ],
)
def test_a_missing_topic_or_page_in_other_words_is_a_soft_404(message: str) -> None:
    html = page(f"<p>{message}</p><ul><li><a href='/t/1'>Tacrolimus for Acne</a></li></ul>")
    with pytest.raises(PageRejected) as error:
        parse_page(html, URL)
    assert error.value.reason == "soft_404"


def test_forum_member_cards_post_numbers_and_replies_are_no_text() -> None:
    html = (
        "<html><head><title>Tacrolimus for Lupus - Example Forums</title></head><body>"
        "<h1>Example Forums</h1><h2>Tacrolimus for Lupus</h2>"
        f"<p>{INTRO}</p>{ARTICLE}"
        "<h3>Re: Tacrolimus for Lupus</h3>"
        "<p>Great write-up, thanks. I would add that it can be hard to find.</p>"
        "<h2>Reviews</h2><p>Posts: 4120; Joined: Sat Feb 04, 2017</p>"
        "<p>Joined: Mar 2022</p><p>Messages: 212</p>"
        '<p><a href="/t/1?p=2">#2</a></p><p>“It helped.”</p></body></html>'
    )
    got = parse_page(html, URL)
    assert [(s.kind, s.text, s.subsections) for s in got.sections] == [
        ("other", INTRO, []),
        ("what_is", BODY.strip().removeprefix("<p>").removesuffix("</p>"), []),
        ("side_effects", "Tremor and headaches are common.", []),
        ("reviews", "“It helped.”", []),
    ]


def test_a_named_newsletter_box_and_a_letters_sign_off_are_no_text() -> None:
    body = (
        f"{ARTICLE}<h2>Reviews</h2><p>“It helped.”</p>"
        "<p>Take care of your heart,<br>Dr Helen Okafor and the Digest team</p>"
        "<h2>The Example Clinic newsletter</h2><p>Skin tips from our doctors, once a month.</p>"
    )
    got = parse_page(page(body), URL).sections
    assert [s.kind for s in got] == ["what_is", "side_effects", "reviews"]
    assert got[-1].text == "“It helped.”"


def test_a_journal_articles_history_licence_and_linked_citations_are_no_text() -> None:
    body = (
        "<p>Received 2026 Feb 3; Accepted 2026 May 14; Collection date 2026 Jun.</p>"
        "<p>© The Author(s) 2026. This is an open access article distributed under the terms of"
        " the Creative Commons Attribution License (CC BY 4.0).</p>"
        '<h2>What is Tacrolimus?</h2><p>It calms the immune system<a href="#B1">[1]</a>.</p>'
        f"{SIDE}"
    )
    got = parse_page(page(body), URL).sections
    assert [(s.kind, s.text) for s in got] == [
        ("what_is", "It calms the immune system."),
        ("side_effects", "Tremor and headaches are common."),
    ]


def test_an_infobox_with_caption_and_group_rows_is_facts_and_a_wiki_licence_no_text() -> None:
    infobox = (
        '<table class="infobox"><caption>Tacrolimus 1 mg capsules</caption>'
        '<tr><th colspan="2">Clinical data</th></tr>'
        "<tr><th>Active ingredient</th><td>Tacrolimus monohydrate</td></tr>"
        "<tr><th>Drug class</th><td>Calcineurin inhibitor</td></tr>"
        "<tr><th>ATC code</th><td>L04AD02</td></tr></table>"
    )
    licence = (
        "<p>This article is issued from ExampleWiki. The text is licensed by Creative Commons"
        " - Attribution - Sharealike.</p>"
    )
    got = parse_page(page(f"{infobox}<p>{INTRO}</p>{ARTICLE}{licence}"), URL)
    assert [(s.kind, s.text) for s in got.sections] == [
        ("other", INTRO),
        ("what_is", BODY.strip().removeprefix("<p>").removesuffix("</p>")),
        ("side_effects", "Tremor and headaches are common."),
    ]
    assert got.drug_classes == ["Calcineurin inhibitor"]


def test_tab_panels_named_for_their_tabs_hold_their_alerts_under_a_contents_title() -> None:
    # GOV.UK's tabs under a "Contents" title; Bootstrap panels named "side" for "Side effects".
    tabs = (
        '<h2>Contents</h2><ul role="tablist">'
        '<li><a role="tab" href="#what" aria-controls="what">What is Tacrolimus?</a></li>'
        '<li><a role="tab" href="#side" aria-controls="side">Side effects</a></li></ul>'
        f'<div role="tabpanel" id="what">{BODY}</div>'
        '<div role="tabpanel" id="side" hidden><p>Tremor.</p>'
        '<div class="alert alert-warning" role="alert"><h4>Important</h4>'
        "<p>Do not stop it suddenly.</p></div></div>"
    )
    got = parse_page(page(tabs), URL).sections
    assert [(s.kind, s.heading) for s in got] == [
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
    ]
    assert got[1].text == "Tremor.\n\nImportant\n\nDo not stop it suddenly."


@pytest.mark.parametrize("line", ["3.4 average", "4.2 average · 58 reviews", "4 stars"])
def test_an_average_rating_line_is_no_text(line: str) -> None:
    body = f"{ARTICLE}<h2>Reviews</h2><p>{line}</p><p>“It helped.”</p>"
    assert parse_page(page(body), URL).sections[-1].text == "“It helped.”"


@pytest.mark.parametrize(
    ("label", "form"),
    [
        ("Tacrolimus (oral and injection)", "oral and injection"),
        ("Tacrolimus (all uses)", None),
        ("Tacrolimus (Rx)", None),
    ],
)
def test_a_label_naming_which_pages_it_covers_gives_no_form(label: str, form: str | None) -> None:
    body = f'{ARTICLE}<aside><ul><li><a href="/medicines/tacrolimus">{label}</a></li></ul></aside>'
    assert parse_page(page(body), URL).drug.form == form


def test_a_drug_only_title_under_a_shelf_of_the_site_names_no_condition() -> None:
    def titled(crumb: str) -> str:
        return (
            f'<html><body><nav aria-label="Breadcrumb"><a href="/">Home</a> / <a href="/x">'
            f"{crumb}</a> / <span>Echinacea</span></nav><main><h1>Echinacea</h1>"
            "<h2>What is echinacea?</h2><p>A daisy-family plant taken for colds.</p>"
            "<h2>Side effects</h2><p>Stomach upset and rashes.</p></main></body></html>"
        )

    url = "https://example.test/supplements/echinacea"
    assert parse_page(titled("Common cold"), url).condition.name == "Common cold"
    with pytest.raises(PageRejected) as caught:
        parse_page(titled("Supplements"), url)
    assert caught.value.reason == "no_drug_condition"


def test_a_consent_dialog_holding_the_pages_only_h1_is_a_cookie_wall() -> None:
    html = (
        "<html><head><title>Before you continue to Example Health</title></head><body>"
        '<div class="consent-wall" role="dialog" aria-modal="true">'
        "<h1>Before you continue to Example Health</h1>"
        "<p>We and our 212 partners store and access information on your device, such as"
        " cookies, and process personal data for the following purposes:</p>"
        "<ul><li>Store and/or access information on a device</li>"
        "<li>Personalised advertising and content measurement</li></ul>"
        "<p>You can accept, manage your choices, or subscribe for an ad-free experience.</p>"
        "<p><a href='/privacy'>Privacy policy</a> · <a href='/cookies'>Cookie policy</a></p>"
        "</div></body></html>"
    )
    with pytest.raises(PageRejected) as caught:
        parse_page(html, URL)
    assert caught.value.reason == "cookie_wall"


def test_a_short_page_with_a_cookie_banner_is_no_wall_for_the_other_boxes_dropped() -> None:
    # Only the boxes that speak of consent weigh against the page's own words: a sign-up
    # form the walk drops is not part of the banner.
    banner = "We use cookies to make this site work and, with your consent, to measure it. " * 2
    form = "Choose a topic. Monthly e-mails help you plan. Add your e-mail address here. " * 8
    html = (
        f'<html><body><div class="cookie-banner"><p>{banner}</p></div><main>'
        "<h1>Donate to Example Charity</h1><p>Your gift keeps our helpline open, funds local"
        " groups and pays for research into new treatments for people like you.</p>"
        f'</main><div class="newsletter-signup"><p>{form}</p></div></body></html>'
    )
    with pytest.raises(PageRejected) as caught:
        parse_page(html, URL)
    assert caught.value.reason == "no_sections"


def test_appeals_campaign_cards_and_affiliate_boxes_are_no_text() -> None:
    body = (
        f"{ARTICLE}"
        '<div class="aff-box affiliate-product-box"><h4>Our top pick: Tacro Plus</h4>'
        "<p>60 capsules, third-party tested.</p></div>"
        '<div class="CampaignCard_card__m5Fqa"><div role="heading" aria-level="2">Get it on'
        " time</div><p>Nobody should miss a dose in hospital.</p></div>"
        '<section class="mm-donate-panel"><h2>Could you help someone with lupus?</h2>'
        "<p>A gift of £24 sends three booklets.</p></section>"
    )
    assert [s.heading for s in parse_page(page(body), URL).sections] == [
        "What is Tacrolimus?",
        "Side effects",
    ]


def test_an_accordion_named_a_slider_is_text() -> None:
    # Joomla's "sliders" module: an accordion with id="slider-…".
    body = (
        f'{ARTICLE}<h2>Reviews</h2><div class="accordion" id="slider-reviews">'
        '<div class="accordion-heading"><strong><a href="#s1" class="accordion-toggle">'
        'Overview</a></strong></div><div class="accordion-body collapse" id="s1">'
        "<p>Most said it helped.</p></div></div>"
    )
    reviews = parse_page(page(body), URL).sections[-1]
    assert [(s.kind, s.text) for s in reviews.subsections] == [("overview", "Most said it helped.")]


def test_a_heading_made_its_accordions_control_is_still_a_heading() -> None:
    body = (
        f"{BODY.join(['<h2>What is Tacrolimus?</h2>', ''])}<h2>Side effects</h2>"
        '<h3 role="button" aria-expanded="false" aria-controls="p1">'
        '<button aria-controls="p1">Common side effects</button></h3>'
        '<div id="p1" hidden><ul><li>tremor</li><li>headache</li></ul></div>'
    )
    side = parse_page(page(body), URL).sections[-1]
    assert [(s.kind, s.items) for s in side.subsections] == [("common", ["tremor", "headache"])]


def test_a_line_linking_only_to_a_document_is_no_text() -> None:
    body = (
        f"<p>{INTRO}</p>"
        '<div class="wp-block-file"><a href="/uploads/tacrolimus-booklet.pdf">'
        "Tacrolimus booklet (edition 7)</a></div>"
        f"{ARTICLE}"
    )
    assert parse_page(page(body), URL).sections[0].text == INTRO


def test_related_cards_with_teasers_under_a_heading_of_their_own_are_all_kept() -> None:
    cards = "".join(
        f'<div class="card"><a href="/g/{slug}"><img src="/{slug}.jpg" alt=""></a>'
        f'<div class="card-title"><a href="/g/{slug}">Tacrolimus for {name}</a></div>'
        f"<p>What to know about {name.lower()}.</p></div>"
        for slug, name in (("acne", "Acne"), ("eczema", "Eczema"), ("psoriasis", "Psoriasis"))
    )
    body = f"{ARTICLE}<div><h2>Related articles</h2></div><div>{cards}</div>"
    got = parse_page(page(body), URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema", "Psoriasis"]
    assert got.sections[-1].text == "Tremor and headaches are common."


def test_a_read_more_toggle_is_no_heading_and_the_text_it_hides_is_read() -> None:
    body = (
        f"{ARTICLE}<h2>Reviews</h2><p>“It helped.<span hidden> The tremor settled.”</span>"
        ' <button aria-expanded="false">Read more</button></p><p>— Ann, 37</p>'
    )
    reviews = parse_page(page(body), URL).sections[-1]
    assert (reviews.text, reviews.subsections) == (
        "“It helped. The tremor settled.”\n\n— Ann, 37",
        [],
    )


def test_a_sliders_clones_are_skipped_and_the_credit_after_each_quote_kept() -> None:
    def slide(quote: str, who: str, classes: str = "slide") -> str:
        quoted = f'<p class="quote">“{quote}”</p><p class="author">{who}</p>'
        return f'<div class="{classes}">{quoted}</div>'

    slides = (
        slide("B.", "Ben, 41", "slide bx-clone") + slide("A.", "Ann, 30") + slide("B.", "Ben, 41")
    )
    body = f'{ARTICLE}<h2>Reviews</h2><div class="bxslider">{slides}</div>'
    assert parse_page(page(body), URL).sections[-1].text == "“A.”\n\nAnn, 30\n\n“B.”\n\nBen, 41"


def test_a_declarative_shadow_roots_content_is_read_but_an_inert_template_is_not() -> None:
    body = (
        f"{ARTICLE}<h2>Reviews</h2><patient-stories><template shadowrootmode='open'>"
        "<figure><blockquote>“It helped.”</blockquote></figure></template></patient-stories>"
        "<template id='toast'><p>Link copied.</p></template>"
    )
    assert parse_page(page(body), URL).sections[-1].text == "“It helped.”"


def test_a_bold_line_ending_an_inline_wrapper_right_before_a_list_is_a_heading() -> None:
    body = (
        f"{ARTICLE}<h2>Reviews</h2><span><b>Overview</b><br><br>Most said it helped.<br><br>"
        "<b>What you need to know</b></span><ul><li>Take it at the same time.</li></ul>"
    )
    reviews = parse_page(page(body), URL).sections[-1]
    assert [(s.kind, s.text) for s in reviews.subsections] == [
        ("overview", "Most said it helped."),
        ("need_to_know", "Take it at the same time."),
    ]


def test_a_css_kits_heading_classes_make_section_headings_under_the_title() -> None:
    body = (
        '<p class="headingAnchor" id="H1"><span class="h1">WHAT IS TACROLIMUS?</span></p>'
        f'{BODY}<p class="h2">Side effects</p><p>Tremor.</p>'
    )
    got = parse_page(page(body), URL)
    assert got.title == "Tacrolimus for Lupus"
    assert [(s.kind, s.heading) for s in got.sections] == [
        ("what_is", "WHAT IS TACROLIMUS?"),
        ("side_effects", "Side effects"),
    ]


def test_a_print_views_table_of_sections_is_the_article() -> None:
    # Row headers head their cells; the table is classed for print, and its paragraphs are
    # many but short (fewer than three of 200 characters).
    para = "<p>" + "Tacrolimus calms the immune system in lupus. " * 3 + "</p>"
    rows = "".join(
        f'<tr><th scope="row">{head}</th><td>{para * 3}</td></tr>'
        for head in ("What is Tacrolimus?", "How it works", "Side effects")
    )
    html = (
        '<html><body><div id="printable"><h1>Tacrolimus for Lupus</h1>'
        f'<table class="monograph-print">{rows}</table></div></body></html>'
    )
    assert [s.kind for s in parse_page(html, URL).sections] == [
        "what_is",
        "how_it_works",
        "side_effects",
    ]


def test_a_supplement_labels_fda_statement_is_no_text() -> None:
    body = (
        f"{ARTICLE}<p>*These statements have not been evaluated by the Food and Drug"
        " Administration. This product is not intended to diagnose, treat, cure, or prevent any"
        " disease.</p>"
    )
    assert parse_page(page(body), URL).sections[-1].text == "Tremor and headaches are common."


def test_a_glossary_terms_button_amid_a_sentence_keeps_its_word() -> None:
    body = (
        "<h2>How Tacrolimus works</h2><p>It lowers <button type='button' class='def'"
        " popovertarget='d1'>calcineurin</button> activity in T cells.</p>"
        "<div id='d1' popover><p>Calcineurin: an enzyme that switches T cells on.</p></div>"
        f"{SIDE}"
    )
    assert parse_page(page(body), URL).sections[0].text == (
        "It lowers calcineurin activity in T cells."
    )


def test_a_condition_pickers_popup_list_is_no_heading_and_no_text() -> None:
    picker = (
        '<div class="picker"><span>Condition:</span><button type="button" aria-haspopup="listbox"'
        ' aria-expanded="false" aria-controls="cp">Lupus</button>'
        '<ul id="cp" role="listbox" hidden><li role="option">Lupus</li>'
        '<li role="option">Eczema</li></ul></div>'
    )
    assert [s.kind for s in parse_page(page(picker + ARTICLE), URL).sections] == [
        "what_is",
        "side_effects",
    ]


def test_a_review_date_left_after_its_dropped_credit_is_no_text() -> None:
    body = (
        '<div class="node__meta"><span class="field--name-field-reviewer">Medically reviewed by'
        " Amara Singh, MD</span> · <span><time>June 2, 2026</time></span></div>"
        f"<p>{INTRO}</p>{ARTICLE}"
    )
    assert parse_page(page(body), URL).sections[0].text == INTRO


def test_a_glossary_term_closing_a_facts_list_is_one_of_its_values() -> None:
    facts = (
        '<p><strong>Drug class:</strong> Calcineurin inhibitor, <button type="button"'
        ' class="term">Immunosuppressant</button></p>'
    )
    got = parse_page(page(facts + ARTICLE), URL)
    assert got.drug_classes == ["Calcineurin inhibitor", "Immunosuppressant"]


def test_a_related_titles_drug_leaves_its_form_label() -> None:
    body = (
        f"{ARTICLE}<h2>Related articles</h2><ul>"
        '<li><a href="/g/1">Tacrolimus (oral) for Eczema</a></li>'
        '<li><a href="/g/2">Tacrolimus (ointment) for Vitiligo</a></li></ul>'
    )
    related = parse_page(page(body), URL).related
    assert [(r.drug, r.condition) for r in related] == [
        ("Tacrolimus", "Eczema"),
        ("Tacrolimus", "Vitiligo"),
    ]


def test_an_html5_block_ends_a_paragraph_whose_end_tag_was_left_out() -> None:
    # HTML lets "</p>" go before a <section>; libxml2 would nest the section in the paragraph
    # (here a disclaimer, which is dropped, and the section with it).
    body = (
        f'{ARTICLE}<p class="disclaimer">This is not medical advice.'
        "<section><h2>Reviews</h2><p>“It helped.”</p></section>"
    )
    assert [(s.kind, s.text) for s in parse_page(page(body), URL).sections][-1] == (
        "reviews",
        "“It helped.”",
    )


def test_bold_paragraph_openers_apart_by_a_spacer_or_wrapper_still_head_them() -> None:
    def reviews(between: str, wrap: str) -> list[tuple[str, str]]:
        body = (
            f"{ARTICLE}<h2>Reviews</h2><p><b>Overview</b><br>Most said it helped.</p>{between}"
            f"{wrap}<p><b>What you need to know</b><br>Take it daily.</p></div>"
        )
        return [(s.kind, s.text) for s in parse_page(page(body), URL).sections[-1].subsections]

    expected = [("overview", "Most said it helped."), ("need_to_know", "Take it daily.")]
    assert reviews("<p>\u00a0</p>", "<div>") == expected
    assert reviews("", "<div class='c-x1'>") == expected


def test_a_credit_after_a_quote_in_a_wrapper_of_its_own_is_kept() -> None:
    body = (
        f'{ARTICLE}<h2>Reviews</h2><div class="slide"><div><p class="quote">“It helped.”</p>'
        '</div><div class="ad-slot"></div><p class="author">Ann, 30</p></div>'
    )
    assert parse_page(page(body), URL).sections[-1].text == "“It helped.”\n\nAnn, 30"


def test_an_alert_box_after_the_sections_began_is_text_without_a_main() -> None:
    html = (
        "<html><body><h1>Tacrolimus for Lupus</h1><h2>Side effects</h2><p>Tremor.</p>"
        '<p><strong>Serious side effects</strong></p><div class="alert alert-danger"'
        ' role="alert"><p>Get help at once if you have chest pain.</p></div>'
        f"<h2>What is Tacrolimus?</h2>{BODY}</body></html>"
    )
    side = parse_page(html, URL).sections[0]
    assert [(s.kind, s.text) for s in side.subsections] == [
        ("serious", "Get help at once if you have chest pain.")
    ]


def test_a_list_classed_as_related_reading_is_the_related_block_without_a_heading() -> None:
    body = (
        f"{ARTICLE}<footer><ul class='op-related-articles'>"
        '<li><a href="/g/acne">Tacrolimus for Acne</a></li>'
        '<li><a href="/g/eczema">Tacrolimus for Eczema</a></li></ul></footer>'
    )
    got = parse_page(page(body), URL)
    assert [r.condition for r in got.related] == ["Acne", "Eczema"]
    assert got.sections[-1].text == "Tremor and headaches are common."


def test_a_subtitle_and_kicker_in_the_articles_header_are_no_sections() -> None:
    html = (
        "<html><body><article><header><h1>Tacrolimus for Lupus</h1>"
        "<h2>How a twice-daily capsule calms the immune system</h2>"
        '<h3 class="op-kicker">Medicines explained</h3></header>'
        f"<p>{INTRO}</p>{ARTICLE}</article></body></html>"
    )
    assert [(s.kind, s.heading) for s in parse_page(html, URL).sections] == [
        ("other", ""),
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
    ]


def test_a_transcripts_seek_links_are_no_text() -> None:
    body = (
        '<h2>What is Tacrolimus?</h2><p><a href="https://video.test/v?t=41">0:41</a>'
        " Dr. Patel: It calms the immune system.</p>"
        f'<p><a href="#t=1:02:15">1:02:15</a> Host: Thank you.</p>{SIDE}'
    )
    assert parse_page(page(body), URL).sections[0].text == (
        "Dr. Patel: It calms the immune system.\n\nHost: Thank you."
    )


def test_an_unavailable_video_is_a_soft_404() -> None:
    html = (
        "<html><head><title>Video unavailable</title></head><body>"
        "<h1>This video is unavailable</h1><p>Try one of these instead:</p>"
        '<ul><li><a href="/v/1">Tacrolimus for Lupus</a></li></ul></body></html>'
    )
    with pytest.raises(PageRejected) as caught:
        parse_page(html, URL)
    assert caught.value.reason == "soft_404"


def test_a_related_heading_classed_as_a_rail_still_labels_its_links() -> None:
    cards = "".join(
        f'<a class="clip" href="/v/{slug}"><img src="/{slug}.jpg" alt="">'
        f'<span class="clip-title">Tacrolimus for {name}</span>'
        '<span class="duration">8:20</span></a>'
        for slug, name in (("acne", "Acne"), ("eczema", "Eczema"))
    )
    body = f'{ARTICLE}<h3 class="rail-title">See\n  also</h3><div class="clip-grid">{cards}</div>'
    got = parse_page(page(body), URL)
    assert [r.title for r in got.related] == ["Tacrolimus for Acne", "Tacrolimus for Eczema"]
    assert got.sections[-1].text == "Tremor and headaches are common."


def test_unrendered_markdown_headings_in_paragraphs_are_headings() -> None:
    body = (  # (the second wrapped in a span, across a line break, as editors leave them)
        f"<p>## What is Tacrolimus?</p>{BODY}<p><span>##\n  Side effects</span></p>"
        "<p>### Common</p><p>Tremor.</p>"
    )
    got = parse_page(page(body), URL).sections
    assert [(s.kind, s.heading) for s in got] == [
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
    ]
    assert [(s.kind, s.heading, s.text) for s in got[1].subsections] == [
        ("common", "Common", "Tremor.")
    ]


def test_bold_lines_underlined_or_ending_a_wrapper_before_a_break_are_headings() -> None:
    body = (
        f"{ARTICLE}<h2>Reviews</h2><p>“It helped.”</p>"
        '<span style="font-family: Georgia"><b><span>Overview</span></b></span><br>'
        "<blockquote>Most said it helped.</blockquote><div><u><b>What to expect:</b></u><br><br>"
        "Results in a month.</div>"
    )
    reviews = parse_page(page(body), URL).sections[-1]
    assert (reviews.kind, reviews.text) == ("reviews", "“It helped.”")
    assert [(s.kind, s.text) for s in reviews.subsections] == [
        ("overview", "Most said it helped."),
        ("what_to_expect", "Results in a month."),
    ]


def test_a_related_links_icon_is_no_part_of_its_title() -> None:
    body = (
        f'{ARTICLE}<h2>See also</h2><a href="/g/acne"><span role="img" aria-label="page">📄'
        '</span>Tacrolimus for Acne</a> <a href="/g/eczema">🩺 Tacrolimus for Eczema</a>'
    )
    related = parse_page(page(body), URL).related
    assert [(r.title, r.drug) for r in related] == [
        ("Tacrolimus for Acne", "Tacrolimus"),
        ("Tacrolimus for Eczema", "Tacrolimus"),
    ]


def test_a_bold_line_split_in_pieces_is_one_heading() -> None:
    # Editors split one bold run in two: "<b>Common</b><b> side effects</b>".
    body = (
        f"{ARTICLE}<h2>Side effects</h2><div>It slows the heart.<br><br>"
        "<b>Common</b><b> side effects</b><br><br>Cold hands.<br><br>"
        "<b>Serious</b><strong><span> side effects</span></strong><br><br>Wheezing.</div>"
    )
    effects = parse_page(page(body), URL).sections[-1]
    assert (effects.kind, effects.text) == ("side_effects", "It slows the heart.")
    assert [(s.kind, s.heading, s.text) for s in effects.subsections] == [
        ("common", "Common side effects", "Cold hands."),
        ("serious", "Serious side effects", "Wheezing."),
    ]


@pytest.mark.parametrize(
    "heading",
    ["Discover more from The Breathing Room", "Support the show", "Become a member"],
)
def test_a_subscribe_or_support_box_between_sections_is_chrome(heading: str) -> None:
    html = page(
        f"{ARTICLE}<h3>{heading}</h3><p>Subscribe to get the latest posts sent to your email.</p>"
        "<h2>Reviews</h2><p>It helped.</p>"
    )
    sections = parse_page(html, URL).sections
    assert [s.kind for s in sections][-2:] == ["side_effects", "reviews"]
    assert sections[-2].subsections == []


def test_the_title_h1_is_the_title_whatever_its_class() -> None:
    # A class word of chrome ("published") on the title itself; the sections are h1s too.
    html = (
        "<html><head><title>Tacrolimus for Lupus - Episode 4</title></head><body><article>"
        '<div class="post-header"><h1 class="post-title published">Tacrolimus for Lupus</h1></div>'
        f"<p>{INTRO}</p><h1>What is tacrolimus?</h1><p>An immunosuppressant.</p>"
        "<h1>Side effects</h1><p>Tremor.</p></article></body></html>"
    )
    got = parse_page(html, URL)
    assert got.title == "Tacrolimus for Lupus"
    assert [(s.kind, s.text) for s in got.sections] == [
        ("other", INTRO),
        ("what_is", "An immunosuppressant."),
        ("side_effects", "Tremor."),
    ]


def test_labels_over_their_values_by_a_line_break_are_facts_not_an_intro() -> None:
    box = (
        '<div class="facts"><div><span>Active ingredient</span><br><span>Tacrolimus</span></div>'
        "<div><span>Drug class</span><br><span>Calcineurin inhibitor, Immunosuppressant</span>"
        "</div></div>"
    )
    got = parse_page(page(box + ARTICLE), URL)
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]
    assert got.active_ingredients == ["Tacrolimus"]
    assert got.drug_classes == ["Calcineurin inhibitor", "Immunosuppressant"]


@pytest.mark.parametrize(
    ("rows", "ingredients", "classes"),
    [
        # a header row of labels, one a fact's, over one row of values
        (
            "<tr><th>Active ingredient</th><th>Drug class</th><th>Available as</th></tr>"
            "<tr><td>tacrolimus</td><td>Calcineurin inhibitors</td><td>Capsules</td></tr>",
            ["tacrolimus"],
            ["Calcineurin inhibitors"],
        ),
        # two rows of "label | value", not columns
        (
            "<tr><th>Active ingredient</th><td>tacrolimus</td></tr>"
            "<tr><th>Available as</th><td>Capsules</td></tr>",
            ["tacrolimus"],
            [],
        ),
    ],
)
def test_a_facts_table_is_read_by_its_header_row_or_its_rows(
    rows: str, ingredients: list[str], classes: list[str]
) -> None:
    got = parse_page(page(f"<table>{rows}</table>{ARTICLE}"), URL)
    assert (got.active_ingredients, got.drug_classes) == (ingredients, classes)


def test_a_quotes_signature_in_its_footer_is_kept_though_it_reads_like_a_byline() -> None:
    body = (
        f"{ARTICLE}<h2>Reviews</h2><blockquote><p>My cough stopped within a week.</p>"
        "<footer>— posted by a parent, Ohio</footer></blockquote>"
        "<p>Posted by the editors, May 2026</p>"
    )
    reviews = parse_page(page(body), URL).sections[-1]
    assert reviews.text == "My cough stopped within a week.\n\n— posted by a parent, Ohio"


@pytest.mark.parametrize("mark", ["sponsored", 'class="promo-item"', 'data-ad-slot="r1"'])
def test_an_ad_among_related_items_is_no_related_article(mark: str) -> None:
    body = (
        f'{ARTICLE}<h2>Related</h2><ul><li><a href="/g/acne">Tacrolimus for Acne</a></li>'
        f'<li {mark}><a href="https://ads.example.test/p">Our pick of air purifiers</a></li>'
        '<li><a href="/g/eczema">Tacrolimus for Eczema</a></li></ul>'
    )
    related = parse_page(page(body), URL).related
    assert [r.title for r in related] == ["Tacrolimus for Acne", "Tacrolimus for Eczema"]


def test_headings_whose_whole_text_is_their_own_anchor_link_keep_it() -> None:
    # markdown-it-anchor's "header-anchor" link: a class word of chrome, the heading's words.
    html = page(
        '<h2 id="what"><a class="header-anchor" href="#what">What is tacrolimus?</a></h2>'
        f"<p>{INTRO}</p>"
        '<h2 id="side"><a class="header-anchor" href="#side">Side effects</a></h2><p>Tremor.</p>'
    )
    got = parse_page(html, URL)
    assert [(s.kind, s.heading) for s in got.sections] == [
        ("what_is", "What is tacrolimus?"),
        ("side_effects", "Side effects"),
    ]


def test_a_blogs_previous_and_next_links_are_no_related_reading() -> None:
    body = (
        f'{ARTICLE}<h2>Related reading</h2><ul><li><a href="/g/acne">Tacrolimus for Acne</a></li>'
        '<li><a href="/g/eczema">Tacrolimus for Eczema</a></li></ul><ul class="links-nextprev">'
        '<li>← Previous<br><a href="/g/a">Ciclosporin for Psoriasis</a></li>'
        '<li>Next →<br><a href="/g/b">Methotrexate for Psoriasis</a></li></ul>'
    )
    related = parse_page(page(body), URL).related
    assert [r.title for r in related] == ["Tacrolimus for Acne", "Tacrolimus for Eczema"]


def test_a_cards_read_guide_button_links_the_card_by_its_heading() -> None:
    card = (
        '<div class="card"><div class="card-content"><h3>{}</h3><p>When it helps.</p></div>'
        '<div class="card-actions"><a class="btn" href="/g/{}">Read guide</a></div></div>'
    )
    body = (
        f"{ARTICLE}<h2>Other uses of tacrolimus</h2><div class=grid>"
        + card.format("Tacrolimus for Acne", "acne")
        + card.format("Tacrolimus for Eczema", "eczema")
        + '</div><div id="error-ui">An unhandled error has occurred. <a href=".">Reload</a></div>'
    )
    related = parse_page(page(body), URL).related
    assert [(r.title, r.url) for r in related] == [
        ("Tacrolimus for Acne", "https://example.test/g/acne"),
        ("Tacrolimus for Eczema", "https://example.test/g/eczema"),
    ]


def test_a_rating_with_half_stars_is_a_counter_not_text() -> None:
    body = f"{ARTICLE}<h2>Reviews</h2><div>★★★½☆ 3.6 · 211 reviews</div><p>It helped.</p>"
    reviews = parse_page(page(body), URL).sections[-1]
    assert (reviews.kind, reviews.text) == ("reviews", "It helped.")


def test_a_rating_widget_drawn_with_stars_is_no_text_but_a_rating_sentence_is() -> None:
    body = (
        f"{ARTICLE}<h2>Reviews</h2><div><span>4.1</span><span>★★★★☆</span>"
        "<span>Based on 856 ratings</span></div><p>4.6 out of 5 stars from 238 reviews</p>"
    )
    reviews = parse_page(page(body), URL).sections[-1]
    assert (reviews.kind, reviews.text) == ("reviews", "4.6 out of 5 stars from 238 reviews")


def test_a_price_line_above_the_article_is_no_part_of_its_intro() -> None:
    price = (
        "<p>Reviewed by Dr A. Smith · 2 October 2026</p><div><p>Tacrolimus 1 mg · 30 capsules</p>"
        '<p>From <strong>£19.99</strong> including consultation</p><a class="btn" href="/c">'
        "Start consultation</a></div>"
    )
    intro = parse_page(page(f"{price}<p>{INTRO}</p>{ARTICLE}"), URL).sections[0]
    assert (intro.kind, intro.text) == ("other", INTRO)


@pytest.mark.parametrize("name", ['id="rightColumn"', 'id="leftColumn"', 'class="colRight"'])
def test_a_side_column_named_in_camel_case_is_chrome(name: str) -> None:
    side = f'<div {name}><div class="box"><h4>Join our forum</h4><p>Over 12,000 members.</p></div>'
    side += '<div class="box"><h4>Most read</h4><ul><li><a href="/x">Shingles</a></li></ul></div>'
    got = parse_page(page(f"{ARTICLE}{side}</div>"), URL)
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]
    assert got.sections[-1].subsections == []


def test_a_share_line_with_x_and_a_stay_informed_box_over_the_legal_lines_are_chrome() -> None:
    body = (
        f'{ARTICLE}<div>Share: <a href="https://fb.test/s">Facebook</a> · '
        '<a href="https://x.test/intent">X</a> · <a href="mailto:?body=u">Email</a></div>'
        "<div style='font-weight:700'>Stay informed</div><div>Sign up for monthly updates.</div>"
        "<div>MindWell Pharmacy Ltd is registered with the General Pharmaceutical Council "
        "(registration 9012345). Superintendent Pharmacist: Daniel Hughes. © 2024 MindWell "
        "Pharmacy Ltd.</div>"
    )
    got = parse_page(page(body), URL)
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]
    assert (got.sections[-1].text, got.sections[-1].subsections) == (
        "Tremor and headaches are common.",
        [],
    )


def test_a_feed_items_appeared_first_on_line_is_no_related_reading() -> None:
    body = (
        f"{ARTICLE}<div><p>Tacrolimus is a pill.</p><p><strong>See also</strong></p><ul>"
        '<li><a href="/g/acne">Tacrolimus for Acne</a></li>'
        '<li><a href="/g/eczema">Tacrolimus for Eczema</a></li></ul>'
        '<p>The post <a href="/g/lupus">Tacrolimus for Lupus</a> appeared first on '
        '<a href="/">Skin Today</a>.</p></div>'
    )
    related = parse_page(page(body), URL).related
    assert [r.title for r in related] == ["Tacrolimus for Acne", "Tacrolimus for Eczema"]


def test_a_shop_shelf_and_the_sites_own_service_boxes_are_chrome() -> None:
    body = (
        f"{ARTICLE}<div><h2>Questions? Ask a pharmacist</h2><p>Chat with us 24/7.</p></div>"
        "<section><h2>How our service works</h2><ol><li>Answer a few questions</li>"
        "<li>A doctor reviews them</li></ol></section>"
        "<section><h2>Shop cold sore care</h2><div><p>Cold Sore Cream 2 g</p><p>$12.99</p></div>"
        "</section><h2>Ask your pharmacist</h2><p>Ask your pharmacist before you buy other "
        "medicines, as some of them interact with tacrolimus and change its level.</p>"
    )
    got = parse_page(page(body), URL)
    assert [(s.kind, s.heading) for s in got.sections] == [
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
        ("other", "Ask your pharmacist"),  # advice, not the site's service
    ]


def test_read_this_next_cards_are_related_reading() -> None:
    body = (
        f'{ARTICLE}<section><h2>Read this next</h2><a class="card" href="/g/acne"><h3>Tacrolimus'
        ' for Acne</h3><p>What the studies show.</p></a><a class="card" href="/g/eczema"><h3>'
        "Tacrolimus for Eczema</h3><p>How it compares.</p></a></section>"
    )
    got = parse_page(page(body), URL)
    assert [r.title for r in got.related] == ["Tacrolimus for Acne", "Tacrolimus for Eczema"]
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]


def test_ad_slots_affiliate_boxes_and_a_one_story_embed_are_no_text_or_related() -> None:
    body = (
        f'<h2>What is Tacrolimus?</h2>{BODY}<div class="css-x1" data-ad-zone="inline">'
        "<span>Advertisement</span><span>Continue reading below</span></div>"
        '<div class="product-embed" data-affiliate-network="skim"><span>Brand</span>'
        '<span>Tacrolimus Cream</span><a href="https://shop.test/t">$8 at Shop</a></div>'
        '<div class="related-story-embed"><span>Related Story</span>'
        '<a href="/g/sleep">11 Sleep Habits Doctors Swear By</a></div>'
        f'{SIDE}<div class="ConsumerMarketingUnit"><p>Get Skin School</p><p>A free e-mail '
        'course.</p><a href="/n">Sign me up</a></div><h2>Related articles</h2><ul><li>'
        '<a href="/g/acne">Tacrolimus for Acne</a></li><li><a href="/g/eczema">Tacrolimus for '
        "Eczema</a></li></ul>"
    )
    got = parse_page(page(body), URL)
    assert [(s.kind, s.text) for s in got.sections] == [
        ("what_is", BODY.strip().removeprefix("<p>").removesuffix("</p>")),
        ("side_effects", "Tremor and headaches are common."),
    ]
    assert [r.title for r in got.related] == ["Tacrolimus for Acne", "Tacrolimus for Eczema"]


def test_an_affiliate_compensation_note_is_no_part_of_the_intro() -> None:
    note = (
        "<p>All products featured are independently selected by our editors. However, we may "
        "receive compensation from retailers for purchases made through these links.</p>"
    )
    intro = parse_page(page(f"{note}<p>{INTRO}</p>{ARTICLE}"), URL).sections[0]
    assert (intro.kind, intro.text) == ("other", INTRO)


def test_tabs_that_name_no_panel_label_the_panels_in_turn() -> None:
    tabs = (
        '<div><ul role="tablist"><li role="tab">Common side effects</li><li role="tab">Serious '
        'side effects</li></ul><div><div role="tabpanel"><ul><li>Headache</li></ul></div>'
        '<div role="tabpanel" hidden><p>Call your doctor about a fever.</p></div></div></div>'
    )
    assert side_effect_parts(tabs) == [
        ("common", "Headache"),
        ("serious", "Call your doctor about a fever."),
    ]


def test_a_list_whose_items_open_with_a_bold_line_is_the_outline() -> None:
    outline = (
        f"<ol><li><strong>What is Tacrolimus?</strong>{BODY}</li>"
        "<li><strong>Side effects</strong><p>Most people have none.</p><ul>"
        "<li><strong>Common side effects</strong><ul><li>Tremor</li><li>Headache</li></ul></li>"
        "<li><b>Serious side effects</b><p>Call us about a fever.</p></li></ul></li></ol>"
        "<ul><li><strong>Tremor:</strong> it settles.</li>"
        "<li><strong>Rash:</strong> rare.</li></ul>"
    )
    got = parse_page(page(outline), URL)
    assert [(s.kind, s.heading) for s in got.sections] == [
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
    ]
    side = got.sections[1]
    assert [(s.kind, s.text) for s in side.subsections] == [
        ("common", "Tremor\nHeadache"),
        ("serious", "Call us about a fever.\n\nTremor: it settles.\nRash: rare."),
    ]  # (bold-led items with no block under them stay items)


def test_a_class_made_bold_inside_another_class_marks_a_heading() -> None:
    html = (
        "<html><head><style>.page .title{font-size:18px;font-weight:700}</style></head><body>"
        '<main class="page"><h1>Tacrolimus for Lupus</h1><p class="h2">What is Tacrolimus?</p>'
        f'{BODY}<p class="h2">Side effects</p><div class="title">Common side effects</div>'
        "<ul><li>Tremor</li></ul></main></body></html>"
    )
    got = parse_page(html, URL)
    assert [(s.kind, s.text) for s in got.sections[1].subsections] == [("common", "Tremor")]


def test_a_layout_table_of_boxes_heads_each_by_its_title_row() -> None:
    boxes = (
        '<table class="box"><tr><th class="head">What is Tacrolimus?</th></tr>'
        f"<tr><td>{BODY}</td></tr></table>"
        '<table class="box"><tr><th class="head">Side effects</th></tr>'
        "<tr><td><p>Not everybody gets them.</p></td></tr>"
        '<tr><th class="sub">Common side effects</th></tr><tr><td><p>Tremor.</p></td></tr></table>'
    )
    got = parse_page(page(boxes), URL)
    assert [(s.kind, s.heading) for s in got.sections] == [
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
    ]
    side = got.sections[1]
    assert side.text == "Not everybody gets them."
    assert [(s.kind, s.text) for s in side.subsections] == [("common", "Tremor.")]


def test_a_long_line_of_credits_and_dates_is_a_byline() -> None:
    byline = (
        "<p>Article contributed by Pharmacists, Department of Pharmacy, National Healthcare Group"
        " Polyclinics · Last updated on 22 May 2026 · 6 min read</p>"
    )
    got = parse_page(page(f"{byline}{ARTICLE}"), URL)
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]


def test_a_disclosure_after_the_section_box_closed_starts_a_section_of_its_own() -> None:
    body = (
        f'<div class="section"><h2>What is Tacrolimus?</h2>{BODY}</div>'
        '<div class="section"><h2>Side effects</h2><p>Tremor.</p>'
        '<button aria-controls="p1">Common side effects</button><div id="p1"><p>Headache.</p>'
        '</div></div><div><button aria-controls="p2">Editorial sources</button><div id="p2">'
        "<ol><li>MedlinePlus. 2025.</li></ol></div></div>"
    )
    got = parse_page(page(body), URL)
    assert [(s.kind, s.heading) for s in got.sections] == [
        ("what_is", "What is Tacrolimus?"),
        ("side_effects", "Side effects"),
        ("other", "Editorial sources"),
    ]
    assert [s.kind for s in got.sections[1].subsections] == ["common"]


def test_a_card_titled_by_a_role_heading_is_named_by_it_alone() -> None:
    card = (
        '<li><a href="/g/{}"><div role="heading" aria-level="3">{}</div><p>What the studies '
        "show.</p></a></li>"
    )
    body = (
        f"{ARTICLE}<h2>Related articles</h2><ul>"
        + card.format("acne", "Tacrolimus for Acne")
        + card.format("eczema", "Tacrolimus for Eczema")
        + "</ul>"
    )
    related = parse_page(page(body), URL).related
    assert [(r.title, r.condition) for r in related] == [
        ("Tacrolimus for Acne", "Acne"),
        ("Tacrolimus for Eczema", "Eczema"),
    ]


def test_alternatives_to_the_drug_are_related_reading_and_a_feedback_question_is_no_text() -> None:
    body = (
        f"{ARTICLE}<div><span>Was this page helpful?</span><button>Yes</button><button>No"
        "</button></div><h2>Alternatives to tacrolimus for lupus</h2><ul>"
        '<li><a href="/g/a">Ciclosporin for Lupus</a></li>'
        '<li><a href="/g/b">Azathioprine for Lupus</a></li></ul>'
    )
    got = parse_page(page(body), URL)
    assert [r.drug for r in got.related] == ["Ciclosporin", "Azathioprine"]
    assert got.sections[-1].text == "Tremor and headaches are common."


def test_a_thin_guide_with_a_sidebar_of_guides_has_no_sections_and_is_no_listing() -> None:
    sidebar = "".join(
        f'<li><a href="/g/{d}">{d.title()} for Lupus</a></li>'
        for d in ("hydroxychloroquine", "azathioprine", "belimumab", "methotrexate", "rituximab")
    )
    html = (
        '<html><body><main><h1>Tacrolimus for Lupus</h1><nav class="toc"><ol><li><a href="#a">'
        "What is tacrolimus?</a></li></ol></nav><h2>Frequently asked questions</h2><details>"
        "<summary>Can I take it at night?</summary><p>Yes.</p></details></main>"
        f'<aside class="sidebar"><h3>Trending guides</h3><ul>{sidebar}</ul></aside></body></html>'
    )
    with pytest.raises(PageRejected) as rejected:
        parse_page(html, URL)
    assert rejected.value.reason == "no_sections"


def test_a_card_whose_footer_holds_only_its_read_guide_button_is_a_related_entry() -> None:
    card = (
        '<li class="usa-card"><div class="usa-card__header"><h3>Tacrolimus for {}</h3></div>'
        '<div class="usa-card__footer"><a class="usa-button" href="/g/{}">Read guide</a></div>'
        "</li>"
    )
    body = f"{ARTICLE}<h2>You may also like</h2><ul>{card.format('Acne', 'acne')}"
    body += f"{card.format('Eczema', 'eczema')}</ul>"
    related = parse_page(page(body), URL).related
    assert [(r.title, r.url) for r in related] == [
        ("Tacrolimus for Acne", "https://example.test/g/acne"),
        ("Tacrolimus for Eczema", "https://example.test/g/eczema"),
    ]


def test_the_cms_record_of_the_page_and_promo_boxes_are_chrome() -> None:
    body = (
        f'<figure><img src="/a.jpg" alt=""><figcaption>Getty Images</figcaption></figure>{ARTICLE}'
        '<div class="ast-sticky-callbar"><span>Ready to talk? Our team is here 24/7.</span>'
        '<a href="tel:+18005550143">Call Now</a></div>'
        '<div class="membership-unit"><h3>Members get more</h3><p>Unlock the archive from £2.99 '
        'a month.</p><a href="/join">Join</a></div>'
        '<div class="HowItWorks" aria-label="How our service works"><p>How Elm works</p><ol>'
        "<li>Answer a questionnaire</li><li>Patches delivered</li></ol></div>"
        "<dl><dt>Content current as of:</dt><dd>03/12/2026</dd><dt>Health Topic(s)</dt>"
        "<dd><ul><li>Opioids</li><li>Substance Use</li></ul></dd></dl>"
    )
    got = parse_page(page(body), URL)
    assert [(s.kind, s.text) for s in got.sections] == [
        ("what_is", BODY.strip().removeprefix("<p>").removesuffix("</p>")),
        ("side_effects", "Tremor and headaches are common."),
    ]
    assert got.sections[-1].subsections == []


@pytest.mark.parametrize(
    "box",
    [
        "<h2>Check your coverage</h2><p>We’re in network with most plans.</p>",
        "<h2>Choose your plan</h2><h3>Tacrolimus</h3><p>$22/month</p><h3>With a cream</h3>"
        "<p>$35/month</p>",
        "<h2>Book a physio online</h2><p>Appointments at three clinics.</p>",
        '<h2>Related services</h2><ul><li><a href="/s/a">Kidney check – £49</a></li>'
        '<li><a href="/s/b">Blood test</a></li></ul>',
        '<h2>From the Lunara community</h2><ul><li><a href="/t/1">Tremor on 2 mg?</a> 48 '
        "replies</li><li><a href='/t/2'>Night dosing</a> 9 replies</li></ul>",
        "<h2>Take Lunara with you</h2><p>Track your medicines in one place.</p>",
    ],
)
def test_the_sites_own_service_community_and_app_boxes_are_chrome(box: str) -> None:
    got = parse_page(page(f"{ARTICLE}{box}"), URL)
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]
    assert (got.sections[-1].text, got.sections[-1].subsections, got.related) == (
        "Tremor and headaches are common.",
        [],
        [],
    )


def test_a_form_word_after_the_drug_goes_when_the_page_names_the_drug_without_it() -> None:
    body = (
        "<h2>What is tacrolimus?</h2><p>A medicine that calms the immune system.</p>"
        f"{SIDE}<h2>See also</h2><ul><li><a href='/g/a'>Tacrolimus Ointment for Eczema</a></li>"
        "<li><a href='/g/b'>Ciclosporin Capsules for Psoriasis</a></li></ul>"
    )
    html = f"<html><body><main><h1>Tacrolimus Injection for Lupus</h1>{body}</main></body></html>"
    got = parse_page(html, URL)
    assert (got.drug.name, got.drug.form) == ("Tacrolimus", None)
    # (a related title keeps its words: the gate's authors read "Nicotine Patches for …" so)
    assert [r.drug for r in got.related] == ["Tacrolimus Ointment", "Ciclosporin Capsules"]
    kept = parse_page(html.replace("What is tacrolimus?", "What is it?"), URL)
    assert kept.drug.name == "Tacrolimus Injection"  # (the page never names it without)


def test_an_accordions_hidden_plus_sign_is_no_part_of_its_heading() -> None:
    body = (
        '<h2><button aria-controls="p1"><span>What is Tacrolimus?</span><span aria-hidden="true">'
        f'+</span></button></h2><div id="p1">{BODY}</div>{SIDE}'
    )
    got = parse_page(page(body), URL)
    assert [s.heading for s in got.sections] == ["What is Tacrolimus?", "Side effects"]


def test_a_bottom_line_is_not_taken_for_the_missing_reviews_by_its_place() -> None:
    body = (
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>How it works</h2><p>It blocks calcineurin.</p>"
        f"<h2>Benefits</h2><p>Fewer flares.</p>{SIDE}<h2>Bottom line</h2><p>It was one tool "
        "among many: my sponsor, meetings and I took it for a year.</p>"
    )
    got = parse_page(page(body), URL)
    assert [s.kind for s in got.sections][-2:] == ["side_effects", "other"]


def test_a_shop_the_post_grid_under_a_paragraph_label_is_chrome() -> None:
    grid = (
        '<div class="shop-the-post"><p class="shop-the-post__heading">Shop this post</p><div>'
        '<a href="https://shop.test/p/1"><span>Calm Serum</span><span>£22.00</span></a></div></div>'
    )
    got = parse_page(page(f"{ARTICLE}{grid}"), URL)
    assert got.sections[-1].text == "Tremor and headaches are common."


def test_safety_information_after_main_and_a_find_a_clinic_button_are_chrome() -> None:
    html = (
        f"<html><body><main><h1>Tacrolimus for Lupus</h1>{ARTICLE}<h2>Related articles</h2><ul>"
        '<li><a href="/g/a">Tacrolimus for Acne</a></li><li><a href="/g/b">Tacrolimus for Eczema'
        '</a></li></ul><aside><h2>Find a clinic</h2><a class="btn" href="/clinics">Find a clinic '
        'near you</a></aside></main><section id="isi" class="isi-full"><h2>Important Safety '
        "Information</h2><p>Tacrolimus can cause serious infections.</p></section></body></html>"
    )
    got = parse_page(html, URL)
    assert [s.kind for s in got.sections] == ["what_is", "side_effects"]
    assert [r.title for r in got.related] == ["Tacrolimus for Acne", "Tacrolimus for Eczema"]
    inside = parse_page(
        html.replace("</main><section", "<section").replace("</body>", "</main></body>"), URL
    )
    assert [s.heading for s in inside.sections][-1] == "Important Safety Information"


def test_a_checklist_is_not_taken_for_the_missing_reviews_by_its_place() -> None:
    body = (
        f"<h2>What is Tacrolimus?</h2>{BODY}<h2>How it works</h2><p>It blocks calcineurin.</p>"
        f"<h2>Benefits</h2><p>Fewer flares.</p>{SIDE}<h2>A caregiver’s checklist</h2><ul><li>Set "
        "a reminder so I never miss your dose</li><li>Keep my blood test dates</li></ul>"
    )
    got = parse_page(page(body), URL)
    assert [s.kind for s in got.sections][-2:] == ["side_effects", "other"]
