"""The reference page, Tacrolimus for Lupus, verbatim in content (from the real meds.is page).

The sample site renders it through the same template as its generated pages; its related links
point at pages the sample site mostly lacks, which then answer 404, as they would on a real site.
"""

from __future__ import annotations

from pipeline.demo.model import Article, Link, Section, Subsection

PATH = "/en/conditions/tacrolimus-oral-and-injection-lupus"
#: Its date in the sitemap and its Last-Modified.
LASTMOD = "2024-09-18"

REFERENCE = Article(
    title="Tacrolimus for Lupus",
    drug_name="Tacrolimus",
    drug_label="Tacrolimus (oral and injection)",
    drug_slug="tacrolimus-oral-and-injection",
    condition_name="Lupus",
    sections=(
        Section(
            "What is Tacrolimus?",
            paragraphs=(
                (
                    "Tacrolimus is a powerful immunosuppressive medication that has been "
                    "used to treat various autoimmune diseases, including lupus. It works "
                    "by suppressing the immune system’s response, which can help reduce "
                    "inflammation and prevent damage to organs and tissues."
                ),
            ),
        ),
        Section(
            "How Does Tacrolimus Work?",
            paragraphs=(
                (
                    "When used to treat lupus, tacrolimus is typically taken orally in the "
                    "form of a pill or capsule. It is absorbed into the bloodstream, where "
                    "it binds to a specific protein called calcineurin. This binding action"
                    " prevents calcineurin from activating the immune system’s T-cells, "
                    "which are responsible for triggering inflammation and tissue damage. "
                    "By suppressing the immune system’s response, tacrolimus can help "
                    "alleviate symptoms of lupus, such as joint pain, skin rashes, and "
                    "kidney damage."
                ),
            ),
        ),
        Section(
            "What are the Benefits of Using Tacrolimus for Lupus?",
            paragraphs=(
                (
                    "Studies have shown that tacrolimus can be an effective treatment for "
                    "lupus, particularly in patients who have not responded to other "
                    "medications. It has been shown to improve symptoms, reduce "
                    "inflammation, and prevent organ damage. Additionally, tacrolimus has "
                    "been found to be effective in treating specific types of lupus, such "
                    "as lupus nephritis, which is a common complication of the disease. "
                    "Overall, tacrolimus offers a promising treatment option for patients "
                    "with lupus who are looking for a medication that can help manage their"
                    " symptoms and improve their quality of life."
                ),
            ),
        ),
        Section(
            "Tacrolimus for Lupus Side Effects",
            paragraphs=(
                (
                    "When taking tacrolimus to manage lupus symptoms, it’s essential to be "
                    "aware of the potential side effects. While the medication can be "
                    "highly effective in reducing inflammation and preventing organ damage,"
                    " it’s not without its drawbacks."
                ),
            ),
            subsections=(
                Subsection(
                    "Common Side Effects",
                    paragraphs=(
                        (
                            "The most common side effects of tacrolimus for lupus include "
                            "headaches, diarrhea, and stomach cramps. These side effects are "
                            "usually mild and temporary, but they can be uncomfortable and impact "
                            "daily life. In some cases, tacrolimus can also cause more serious side"
                            " effects, such as kidney damage or increased risk of infections."
                        ),
                    ),
                ),
                Subsection(
                    "Serious Side Effects",
                    paragraphs=(
                        (
                            "Serious side effects of tacrolimus for lupus are rare but can be "
                            "life-threatening. These may include increased risk of infections, such"
                            " as pneumonia or tuberculosis, as well as kidney or liver damage. In "
                            "rare cases, tacrolimus can also cause blood disorders, such as anemia "
                            "or low white blood cell count."
                        ),
                    ),
                ),
                Subsection(
                    "Managing Side Effects",
                    paragraphs=(
                        (
                            "If you experience side effects while taking tacrolimus for lupus, it’s"
                            " essential to talk to your doctor. They may be able to adjust your "
                            "dosage or recommend other treatments to help manage your symptoms. In "
                            "some cases, your doctor may need to discontinue the medication "
                            "altogether. By being aware of the potential side effects and working "
                            "closely with your healthcare provider, you can minimize the risks and "
                            "maximize the benefits of tacrolimus for your lupus treatment."
                        ),
                    ),
                ),
            ),
        ),
        Section(
            "Tacrolimus for Lupus Reviews",
            subsections=(
                Subsection(
                    "Understanding the Connection Between Tacrolimus and Lupus",
                    paragraphs=(
                        (
                            "Tacrolimus is a medication that has been studied for its potential use"
                            " in treating Lupus, a chronic autoimmune disease. Here, we provide an "
                            "overview of the available information on Tacrolimus for Lupus."
                        ),
                    ),
                ),
                Subsection(
                    "What You Need to Know",
                    items=(
                        (
                            "Tacrolimus works by suppressing the immune system, which can help "
                            "reduce inflammation and prevent further damage to the body."
                        ),
                        (
                            "Lupus is a complex condition that affects multiple organs and systems,"
                            " and treatment often requires a comprehensive approach."
                        ),
                        (
                            "Reviews of Tacrolimus for Lupus are mixed, with some studies "
                            "suggesting potential benefits and others raising concerns about "
                            "efficacy and safety."
                        ),
                    ),
                ),
                Subsection(
                    "What to Expect",
                    items=(
                        (
                            "Reviews of Tacrolimus for Lupus are ongoing, with new studies and "
                            "clinical trials being conducted regularly."
                        ),
                        (
                            "Lupus patients who are considering Tacrolimus should discuss their "
                            "treatment options with their healthcare provider to determine the best"
                            " course of action."
                        ),
                        (
                            "Tacrolimus is not a cure for Lupus, but it may be used in conjunction "
                            "with other medications to help manage symptoms and prevent flares."
                        ),
                    ),
                ),
            ),
        ),
    ),
    related=(
        Link("Tacrolimus for Acne", "/en/conditions/tacrolimus-oral-and-injection-acne"),
        Link("Tacrolimus for Vitiligo", "/en/conditions/tacrolimus-oral-and-injection-vitiligo"),
        Link("Tacrolimus for Rosacea", "/en/conditions/tacrolimus-oral-and-injection-rosacea"),
        Link(
            "Tacrolimus for Lichen Sclerosus",
            "/en/conditions/tacrolimus-oral-and-injection-lichen-sclerosus",
        ),
        Link(
            "Tacrolimus for Peripheral Neuropathy",
            "/en/conditions/tacrolimus-oral-and-injection-peripheral-neuropathy",
        ),
        Link(
            "Tacrolimus for Lichen Planus",
            "/en/conditions/tacrolimus-oral-and-injection-lichen-planus",
        ),
        Link("Tacrolimus for Alopecia", "/en/conditions/tacrolimus-oral-and-injection-alopecia"),
        Link("Tacrolimus for Seizures", "/en/conditions/tacrolimus-oral-and-injection-seizures"),
        Link("Tacrolimus for Headache", "/en/conditions/tacrolimus-oral-and-injection-headache"),
        Link(
            "Tacrolimus for Encephalopathy",
            "/en/conditions/tacrolimus-oral-and-injection-encephalopathy",
        ),
        Link(
            "Tacrolimus for Pancreatitis",
            "/en/conditions/tacrolimus-oral-and-injection-pancreatitis",
        ),
        Link(
            "Tacrolimus for Poison Ivy", "/en/conditions/tacrolimus-oral-and-injection-poison-ivy"
        ),
        Link("Tacrolimus for Insomnia", "/en/conditions/tacrolimus-oral-and-injection-insomnia"),
        Link(
            "Tacrolimus for Angular Cheilitis",
            "/en/conditions/tacrolimus-oral-and-injection-angular-cheilitis",
        ),
        Link(
            "Tacrolimus for Bone Marrow Transplantation",
            "/en/conditions/tacrolimus-oral-and-injection-bone-marrow-transplantation",
        ),
        Link(
            "Tacrolimus for Crohn' Disease",
            "/en/conditions/tacrolimus-oral-and-injection-crohns-disease",
        ),
        Link(
            "Tacrolimus for Blood Cell Transplantation",
            "/en/conditions/tacrolimus-oral-and-injection-blood-cell-transplantation",
        ),
        Link(
            "Tacrolimus for Coronary Artery Disease",
            "/en/conditions/tacrolimus-oral-and-injection-coronary-artery-disease",
        ),
        Link("Tacrolimus for Melasma", "/en/conditions/tacrolimus-oral-and-injection-melasma"),
        Link(
            "Tacrolimus for Aplastic Anemia",
            "/en/conditions/tacrolimus-oral-and-injection-aplastic-anemia",
        ),
        Link("Tacrolimus for Covid-", "/en/conditions/tacrolimus-oral-and-injection-covid-19"),
        Link(
            "Tacrolimus for Hypomagnesemia",
            "/en/conditions/tacrolimus-oral-and-injection-hypomagnesemia",
        ),
        Link("Tacrolimus for Eczema", "/en/conditions/tacrolimus-oral-and-injection-eczema"),
        Link("Tacrolimus for Psoriasis", "/en/conditions/tacrolimus-oral-and-injection-psoriasis"),
        Link(
            "Tacrolimus for Perioral Dermatitis",
            "/en/conditions/tacrolimus-oral-and-injection-perioral-dermatitis",
        ),
        Link(
            "Tacrolimus for Immunosuppression",
            "/en/conditions/tacrolimus-oral-and-injection-immunosuppression",
        ),
        Link(
            "Tacrolimus for Atopic Dermatitis",
            "/en/conditions/tacrolimus-oral-and-injection-atopic-dermatitis",
        ),
        Link(
            "Tacrolimus for Hyperkalemia",
            "/en/conditions/tacrolimus-oral-and-injection-hyperkalemia",
        ),
        Link(
            "Tacrolimus for High Blood Pressure",
            "/en/conditions/tacrolimus-oral-and-injection-high-blood-pressure",
        ),
        Link(
            "Tacrolimus for Cytokine Release Syndrome",
            "/en/conditions/tacrolimus-oral-and-injection-cytokine-release-syndrome",
        ),
        Link("Tacrolimus for Gout", "/en/conditions/tacrolimus-oral-and-injection-gout"),
        Link(
            "Tacrolimus for Lupus Nephritis",
            "/en/conditions/tacrolimus-oral-and-injection-lupus-nephritis",
        ),
        Link(
            "Tacrolimus for Hemorrhoids", "/en/conditions/tacrolimus-oral-and-injection-hemorrhoids"
        ),
        Link("Tacrolimus for Keratosis", "/en/conditions/tacrolimus-oral-and-injection-keratosis"),
        Link(
            "Tacrolimus for Seborrheic Dermatitis",
            "/en/conditions/tacrolimus-oral-and-injection-seborrheic-dermatitis",
        ),
        Link(
            "Tacrolimus for Stem Cell Transplant Conditioning",
            "/en/conditions/tacrolimus-oral-and-injection-stem-cell-transplant-conditioning",
        ),
        Link(
            "Tacrolimus for Dry Eye Disease",
            "/en/conditions/tacrolimus-oral-and-injection-dry-eye-disease",
        ),
        Link(
            "Tacrolimus for Skin Cancer", "/en/conditions/tacrolimus-oral-and-injection-skin-cancer"
        ),
        Link("Tacrolimus for Psychosis", "/en/conditions/tacrolimus-oral-and-injection-psychosis"),
        Link(
            "Tacrolimus for Ulcerative Colitis",
            "/en/conditions/tacrolimus-oral-and-injection-ulcerative-colitis",
        ),
        Link(
            "Tacrolimus for Squamous Cell Carcinoma",
            "/en/conditions/tacrolimus-oral-and-injection-squamous-cell-carcinoma",
        ),
        Link(
            "Tacrolimus for Hypercalcemia",
            "/en/conditions/tacrolimus-oral-and-injection-hypercalcemia",
        ),
        Link("Tacrolimus for Hirsutism", "/en/conditions/tacrolimus-oral-and-injection-hirsutism"),
        Link(
            "Tacrolimus for Pulmonary Arterial Hypertension",
            "/en/conditions/tacrolimus-oral-and-injection-pulmonary-arterial-hypertension",
        ),
        Link(
            "Tacrolimus for Myasthenia Gravis",
            "/en/conditions/tacrolimus-oral-and-injection-myasthenia-gravis",
        ),
        Link(
            "Tacrolimus for Blepharitis", "/en/conditions/tacrolimus-oral-and-injection-blepharitis"
        ),
        Link(
            "Tacrolimus for Renal Transplant",
            "/en/conditions/tacrolimus-oral-and-injection-renal-transplant",
        ),
        Link(
            "Tacrolimus for Vaginal Yeast Infection",
            "/en/conditions/tacrolimus-oral-and-injection-vaginal-yeast-infection",
        ),
        Link(
            "Tacrolimus for Nephrotic Syndrome",
            "/en/conditions/tacrolimus-oral-and-injection-nephrotic-syndrome",
        ),
    ),
)
