"""Sentence templates of the generated pages, several per section; each page picks its own.

Fields: ``{Drug}`` the drug's name, ``{drug}`` lower-cased; ``{Condition}`` the condition's name,
``{condition}`` as a sentence names it; ``{a_class}`` "a calcineurin inhibitor"; ``{drug_class}``;
``{mechanism}`` the drug's mechanism sentence; ``{route}`` "taken by mouth …"; ``{description}``
"a chronic autoimmune disease"; ``{symptoms}`` / ``{symptom}``; ``{common}`` / ``{serious}`` the
drug's side effects. No template names a drug class or mechanism itself: only the drug table does.
"""

from __future__ import annotations

#: Headings: the same on every page, as on meds.is.
HEADINGS: dict[str, str] = {
    "what_is": "What is {Drug}?",
    "how_it_works": "How Does {Drug} Work?",
    "benefits": "What are the Benefits of Using {Drug} for {Condition}?",
    "side_effects": "{Drug} for {Condition} Side Effects",
    "common": "Common Side Effects",
    "serious": "Serious Side Effects",
    "managing": "Managing Side Effects",
    "reviews": "{Drug} for {Condition} Reviews",
    "overview": "Understanding the Connection Between {Drug} and {Condition}",
    "need_to_know": "What You Need to Know",
    "what_to_expect": "What to Expect",
}

#: Paragraph templates: one is picked per page and section.
PARAGRAPHS: dict[str, tuple[str, ...]] = {
    "what_is": (
        "{Drug} is {a_class} that is {route}. It is used for several conditions, and some "
        "patients with {condition}, {description}, are prescribed it when first-line treatments "
        "are not enough.",
        "{Drug} belongs to the {drug_class} class of medicines. Doctors prescribe it for a range "
        "of conditions, including {condition}, and it is {route}.",
        "{Drug} is a medication in the {drug_class} class. It is {route}, and doctors use it to "
        "treat or manage {condition} as well as other conditions.",
        "Known as {a_class}, {drug} has been used for years in several areas of medicine. For "
        "people living with {condition}, {description}, it is one of the options a doctor may "
        "discuss.",
    ),
    "how_it_works": (
        "{mechanism} In people with {condition}, this effect can help ease {symptoms}.",
        "When used for {condition}, {drug} is {route}. {mechanism} Over time, this may reduce "
        "{symptoms}.",
        "{mechanism} Because {condition} brings {symptoms}, slowing the processes behind them can "
        "make day-to-day life easier.",
        "{Drug} does not cure {condition}, but it targets one of the processes behind it. "
        "{mechanism}",
    ),
    "benefits": (
        "Studies suggest that {drug} can be an effective option for {condition}, particularly "
        "for patients who have not responded to other treatments. It may reduce {symptoms} and "
        "improve quality of life.",
        "The main benefit of {drug} for {condition} is better control of {symptom}. Many "
        "patients also report fewer flares and a better ability to carry on with work and daily "
        "activities.",
        "Doctors choose {drug} for {condition} because it has a long track record and a "
        "well-understood safety profile. Used as part of a wider treatment plan, it can help "
        "patients reach their treatment goals sooner.",
        "For some people with {condition}, {drug} brings noticeable relief within weeks. "
        "Clinical experience suggests it can lessen {symptoms}, and it can often be combined "
        "with other treatments.",
    ),
    "side_effects": (
        "Like any medication, {drug} can cause side effects when used for {condition}. Most are "
        "manageable, but it is important to know what to watch for.",
        "When taking {drug} to manage {condition}, it’s essential to be aware of the potential "
        "side effects. Not everyone gets them, and many fade as the body adjusts.",
        "{Drug} is generally well tolerated, but patients with {condition} should know its "
        "possible side effects before starting treatment.",
    ),
    "common": (
        "The most common side effects of {drug} for {condition} include {common}. These are "
        "usually mild and temporary.",
        "Many people taking {drug} notice {common} in the first weeks. These effects often "
        "improve on their own.",
        "Common side effects reported with {drug} are {common}. Tell your doctor if any of them "
        "bother you or do not go away.",
    ),
    "serious": (
        "Serious side effects of {drug} are rare but can include {serious}. Seek medical help "
        "right away if you notice signs of them.",
        "In rare cases, {drug} can cause {serious}. Patients with {condition} should have "
        "regular check-ups so that problems are caught early.",
        "Less often, {drug} may lead to {serious}. Call your doctor or emergency services if "
        "you have severe or sudden symptoms.",
    ),
    "managing": (
        "If you experience side effects while taking {drug} for {condition}, talk to your "
        "doctor. They may adjust your dose, change when you take it, or recommend other "
        "treatments.",
        "Taking {drug} exactly as prescribed, keeping up with check-ups and reporting new "
        "symptoms early all help to keep side effects under control while you treat "
        "{condition}.",
        "Never stop {drug} suddenly without medical advice. Your healthcare provider can help "
        "you weigh the benefits for your {condition} against any side effects.",
    ),
    "overview": (
        "{Drug} is a medication that has been studied for its potential use in treating "
        "{Condition}, {description}. Here, we provide an overview of the available information "
        "on {Drug} for {Condition}.",
        "Patients and doctors have shared many experiences with {Drug} for {Condition}, "
        "{description}. This overview summarizes what they report.",
        "Interest in {Drug} for {Condition} has grown in recent years. Below is a summary of "
        "what patients and clinicians say about it.",
    ),
}

#: List-item templates: three are picked per page and list, in table order.
ITEMS: dict[str, tuple[str, ...]] = {
    "need_to_know": (
        "{Drug} is {a_class}, {route}.",
        "{Condition} is {description}, and treatment often requires a comprehensive approach.",
        "Reviews of {Drug} for {Condition} are mixed, with some patients reporting clear "
        "benefits and others stopping because of side effects.",
        "{Drug} may interact with other medicines, so share a full list of what you take with "
        "your doctor.",
        "Results with {Drug} vary from person to person, even among people with the same symptoms.",
        "Regular follow-up helps your doctor judge whether {Drug} is working for your {condition}.",
    ),
    "what_to_expect": (
        "Improvement in {symptom} may take several weeks of regular use.",
        "{Condition} patients who are considering {Drug} should discuss their treatment options "
        "with their healthcare provider.",
        "{Drug} is not a cure for {Condition}, but it may be combined with other treatments to "
        "help manage symptoms.",
        "Your doctor may change the dose of {Drug} depending on how you respond and on any side "
        "effects.",
        "Many reviewers say the first month with {Drug} is the hardest, while side effects are "
        "settling down.",
        "New studies of {Drug} for {Condition} are ongoing and may change how it is used.",
    ),
}

#: How each dosage form is taken, for ``{route}``; ``None`` is a drug listed without a form.
ROUTES: dict[str | None, str] = {
    "oral and injection": "taken by mouth or given by injection",
    "oral": "taken by mouth as a tablet or capsule",
    "oral and nasal": "taken by mouth or used as a nasal spray",
    "topical": "applied directly to the skin",
    "injection": "given as an injection",
    "inhalation": "breathed in through an inhaler",
    "ophthalmic": "used as eye drops",
    None: "usually taken by mouth",
}
