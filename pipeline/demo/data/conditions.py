"""The condition table: name, therapeutic areas, a short description and typical symptoms.

``phrase`` is how a sentence names the condition when that is not simply the lower-cased name
("Crohn's disease", "COVID-19"). The first rows are used first: ``conditions=40`` takes 40.

Two rows, Pyoderma Gangrenosum and Morphea, are deliberately missing from the shipped vocabulary
(``pipeline/vocab/conditions.tsv``): the demo's database shows them queued for review.
"""

from __future__ import annotations

from pipeline.demo.model import Condition

#: The rows left out of the shipped vocabulary on purpose (see above).
UNCURATED = frozenset({"Pyoderma Gangrenosum", "Morphea"})

CONDITIONS: tuple[Condition, ...] = (
    Condition(
        "Lupus",
        ("autoimmune", "skin", "kidney"),
        "a chronic autoimmune disease",
        ("joint pain", "skin rashes", "fatigue"),
    ),
    Condition(
        "Crohn's Disease",
        ("gi", "autoimmune"),
        "a chronic inflammatory bowel disease",
        ("abdominal pain", "diarrhea", "weight loss"),
        "Crohn's disease",
    ),
    Condition(
        "COVID-19",
        ("infection", "respiratory"),
        "a viral infection caused by the SARS-CoV-2 coronavirus",
        ("fever", "cough", "shortness of breath"),
        "COVID-19",
    ),
    Condition(
        "Atopic Dermatitis",
        ("skin", "allergy", "autoimmune"),
        "a long-term inflammatory skin condition",
        ("itchy skin", "dry patches", "cracked skin"),
    ),
    Condition(
        "Psoriasis",
        ("skin", "autoimmune"),
        "an immune-mediated skin disease",
        ("scaly plaques", "itching", "nail changes"),
    ),
    Condition(
        "Rheumatoid Arthritis",
        ("autoimmune", "pain"),
        "an autoimmune disease of the joints",
        ("joint swelling", "morning stiffness", "fatigue"),
    ),
    Condition(
        "Ulcerative Colitis",
        ("gi", "autoimmune"),
        "an inflammatory bowel disease of the colon",
        ("bloody diarrhea", "urgency", "cramping"),
    ),
    Condition(
        "Kidney Transplant",
        ("transplant", "kidney"),
        "the replacement of a failed kidney with a donor organ",
        ("organ rejection", "reduced kidney function", "fluid retention"),
    ),
    Condition(
        "Morphea",
        ("skin", "autoimmune"),
        "a localised form of scleroderma that hardens patches of skin",
        ("hard skin patches", "discoloured skin", "tightness"),
        "morphea",
    ),
    Condition(
        "Parkinson's Disease",
        ("neuro",),
        "a progressive disorder of the nervous system",
        ("tremor", "stiffness", "slow movement"),
        "Parkinson's disease",
    ),
    Condition(
        "Pyoderma Gangrenosum",
        ("skin", "autoimmune"),
        "a rare inflammatory skin disease that causes painful ulcers",
        ("painful ulcers", "red bumps", "skin breakdown"),
    ),
    Condition(
        "Acne",
        ("skin", "infection"),
        "a common skin condition of the hair follicles and oil glands",
        ("pimples", "blackheads", "scarring"),
    ),
    Condition(
        "Rosacea",
        ("skin",),
        "a chronic skin condition of the face",
        ("facial redness", "visible blood vessels", "bumps"),
    ),
    Condition(
        "Vitiligo",
        ("skin", "autoimmune"),
        "a condition in which the skin loses its pigment cells",
        ("white patches", "premature graying", "loss of color inside the mouth"),
    ),
    Condition(
        "Alopecia",
        ("skin", "autoimmune"),
        "a condition that causes hair loss",
        ("patchy hair loss", "thinning hair", "broken hairs"),
    ),
    Condition(
        "Alzheimer's Disease",
        ("neuro", "psych"),
        "a progressive brain disorder",
        ("memory loss", "confusion", "changes in mood"),
        "Alzheimer's disease",
    ),
    Condition(
        "High Blood Pressure",
        ("cardio", "kidney"),
        "a long-term condition in which blood pushes too hard against artery walls",
        ("headaches", "shortness of breath", "nosebleeds"),
    ),
    Condition(
        "Type 2 Diabetes",
        ("metabolic", "endocrine"),
        "a chronic condition in which the body does not use insulin well",
        ("increased thirst", "frequent urination", "tiredness"),
    ),
    Condition(
        "High Cholesterol",
        ("cardio", "metabolic"),
        "a condition with too much cholesterol in the blood",
        ("fatty deposits in the arteries", "chest pain", "xanthomas"),
    ),
    Condition(
        "Atrial Fibrillation",
        ("cardio", "blood"),
        "an irregular and often rapid heart rhythm",
        ("palpitations", "dizziness", "shortness of breath"),
    ),
    Condition(
        "Deep Vein Thrombosis",
        ("blood", "cardio"),
        "a blood clot in a deep vein, usually in the leg",
        ("leg swelling", "leg pain", "warm skin"),
    ),
    Condition(
        "Depression",
        ("psych",),
        "a common mood disorder",
        ("persistent sadness", "loss of interest", "sleep problems"),
    ),
    Condition(
        "Generalized Anxiety Disorder",
        ("psych",),
        "a condition of persistent and excessive worry",
        ("restlessness", "muscle tension", "trouble concentrating"),
    ),
    Condition(
        "Insomnia",
        ("psych", "neuro"),
        "a common sleep disorder",
        ("trouble falling asleep", "waking up at night", "daytime tiredness"),
    ),
    Condition(
        "Migraine",
        ("neuro", "pain"),
        "a neurological condition with recurring headaches",
        ("throbbing headache", "nausea", "sensitivity to light"),
    ),
    Condition(
        "Epilepsy",
        ("neuro",),
        "a brain disorder that causes recurring seizures",
        ("seizures", "staring spells", "temporary confusion"),
    ),
    Condition(
        "Peripheral Neuropathy",
        ("neuro", "pain"),
        "damage to the nerves outside the brain and spinal cord",
        ("numbness", "burning pain", "tingling"),
    ),
    Condition(
        "Osteoarthritis",
        ("pain",),
        "a degenerative joint disease",
        ("joint pain", "stiffness", "reduced range of motion"),
    ),
    Condition(
        "Gout",
        ("pain", "metabolic", "kidney"),
        "a form of inflammatory arthritis caused by uric acid crystals",
        ("sudden joint pain", "swelling", "redness"),
    ),
    Condition(
        "Asthma",
        ("respiratory", "allergy"),
        "a chronic disease of the airways",
        ("wheezing", "shortness of breath", "chest tightness"),
    ),
    Condition(
        "COPD",
        ("respiratory",),
        "a chronic lung disease that blocks airflow",
        ("breathlessness", "chronic cough", "mucus production"),
        "COPD",
    ),
    Condition(
        "Allergic Rhinitis",
        ("allergy", "respiratory"),
        "an allergic inflammation of the nose",
        ("sneezing", "runny nose", "itchy eyes"),
    ),
    Condition(
        "Urinary Tract Infection",
        ("infection", "kidney"),
        "a bacterial infection of the urinary system",
        ("burning when urinating", "frequent urge to urinate", "pelvic pain"),
    ),
    Condition(
        "Shingles",
        ("infection", "skin", "neuro"),
        "a painful rash caused by the reactivated chickenpox virus",
        ("painful rash", "blisters", "nerve pain"),
    ),
    Condition(
        "Vaginal Yeast Infection",
        ("infection",),
        "a fungal infection caused by Candida",
        ("itching", "discharge", "soreness"),
    ),
    Condition(
        "GERD",
        ("gi",),
        "a chronic digestive disease in which stomach acid flows back into the esophagus",
        ("heartburn", "regurgitation", "chest pain"),
        "GERD",
    ),
    Condition(
        "Hypothyroidism",
        ("endocrine", "metabolic"),
        "a condition in which the thyroid gland does not make enough hormone",
        ("tiredness", "weight gain", "feeling cold"),
    ),
    Condition(
        "Dry Eye Disease",
        ("eye", "autoimmune"),
        "a condition in which the eyes do not make enough good-quality tears",
        ("burning eyes", "grittiness", "blurred vision"),
    ),
    Condition(
        "Glaucoma",
        ("eye",),
        "a group of eye diseases that damage the optic nerve",
        ("loss of side vision", "eye pain", "halos around lights"),
    ),
    Condition(
        "Pulmonary Arterial Hypertension",
        ("cardio", "respiratory"),
        "high blood pressure in the arteries of the lungs",
        ("shortness of breath", "fatigue", "chest pressure"),
    ),
    Condition(
        "Lupus Nephritis",
        ("kidney", "autoimmune"),
        "kidney inflammation caused by lupus",
        ("foamy urine", "swelling in the legs", "high blood pressure"),
    ),
    Condition(
        "Nephrotic Syndrome",
        ("kidney", "autoimmune"),
        "a kidney disorder that causes the body to pass too much protein in the urine",
        ("swelling around the eyes", "foamy urine", "weight gain"),
    ),
    Condition(
        "Myasthenia Gravis",
        ("autoimmune", "neuro"),
        "an autoimmune disease that weakens the muscles",
        ("drooping eyelids", "double vision", "muscle weakness"),
    ),
    Condition(
        "Heart Failure",
        ("cardio",),
        "a condition in which the heart does not pump as well as it should",
        ("shortness of breath", "swollen ankles", "fatigue"),
    ),
    Condition(
        "Hashimoto's Thyroiditis",
        ("endocrine", "autoimmune"),
        "an autoimmune disease of the thyroid gland",
        ("tiredness", "weight gain", "a swollen neck"),
        "Hashimoto's thyroiditis",
    ),
    Condition(
        "Eczema",
        ("skin", "allergy"),
        "a group of conditions that make the skin itchy and inflamed",
        ("itching", "red patches", "dry skin"),
    ),
)
