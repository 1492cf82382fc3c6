"""The drug table: name, dosage form, class, mechanism, therapeutic areas, side effects.

Only the calcineurin inhibitors mention calcineurin. The first rows are used first: a site built
with ``drugs=40`` takes the first 40.
"""

from __future__ import annotations

from pipeline.demo.model import Drug

_CNI = "calcineurin inhibitor"

DRUGS: tuple[Drug, ...] = (
    Drug(
        "Tacrolimus",
        "oral and injection",
        _CNI,
        "It binds to the protein FKBP-12, and together they block calcineurin, the enzyme "
        "T-cells need to switch on and release inflammatory signals.",
        ("autoimmune", "transplant", "kidney", "skin"),
        ("headache", "tremor", "diarrhea"),
        ("kidney damage", "serious infections", "high blood sugar"),
    ),
    Drug(
        "Methotrexate",
        "oral and injection",
        "antimetabolite",
        "It blocks an enzyme that cells use to make folate, which slows down fast-dividing immune "
        "cells and calms the inflammation they drive.",
        ("autoimmune", "skin"),
        ("nausea", "mouth sores", "tiredness"),
        ("liver damage", "low blood cell counts", "lung inflammation"),
    ),
    Drug(
        "Hydroxychloroquine",
        "oral",
        "antimalarial",
        "It raises the pH inside immune cells, which dampens the signals that keep autoimmune "
        "inflammation going.",
        ("autoimmune", "skin"),
        ("upset stomach", "headache", "skin rash"),
        ("damage to the retina", "heart rhythm changes"),
    ),
    Drug(
        "Prednisone",
        "oral",
        "corticosteroid",
        "It acts like the body’s own cortisol, switching off many of the genes that drive "
        "inflammation and slowing the immune response.",
        ("autoimmune", "respiratory", "skin", "gi", "allergy"),
        ("increased appetite", "trouble sleeping", "mood changes"),
        ("bone thinning", "high blood sugar", "serious infections"),
    ),
    Drug(
        "Adalimumab",
        "injection",
        "TNF blocker",
        "It is an antibody that attaches to tumor necrosis factor (TNF), a messenger protein that "
        "fuels inflammation, and stops it from reaching its receptors.",
        ("autoimmune", "gi", "skin"),
        ("injection site reactions", "headache", "upper respiratory infections"),
        ("serious infections such as tuberculosis", "certain cancers", "heart failure"),
    ),
    Drug(
        "Cyclosporine",
        "oral",
        _CNI,
        "It binds to the protein cyclophilin, and the pair blocks calcineurin, so T-cells cannot "
        "produce interleukin-2 and multiply.",
        ("transplant", "autoimmune", "skin", "kidney"),
        ("high blood pressure", "tremor", "excess hair growth"),
        ("kidney damage", "serious infections", "certain cancers"),
    ),
    Drug(
        "Mycophenolate Mofetil",
        "oral",
        "antimetabolite immunosuppressant",
        "It blocks an enzyme that lymphocytes need to build DNA, so fewer immune cells are made to "
        "attack the body’s own tissues or a new organ.",
        ("transplant", "kidney", "autoimmune"),
        ("diarrhea", "nausea", "stomach pain"),
        ("low white blood cell counts", "serious infections", "birth defects"),
    ),
    Drug(
        "Pimecrolimus",
        "topical",
        _CNI,
        "Applied to the skin, it blocks calcineurin in local T-cells and mast cells, which reduces "
        "the release of the chemicals that cause itching and redness.",
        ("skin",),
        ("burning at the application site", "itching", "warmth of the skin"),
        ("skin infections", "swollen lymph nodes"),
    ),
    Drug(
        "Azathioprine",
        "oral",
        "purine antimetabolite",
        "It is turned into compounds that mimic the building blocks of DNA, which stops immune "
        "cells from multiplying.",
        ("transplant", "gi", "autoimmune"),
        ("nausea", "vomiting", "tiredness"),
        ("low blood cell counts", "liver problems", "lymphoma"),
    ),
    Drug(
        "Infliximab",
        "injection",
        "TNF blocker",
        "It is an antibody given by infusion that binds tumor necrosis factor (TNF) and stops the "
        "inflammation it drives in the gut, joints and skin.",
        ("gi", "autoimmune", "skin"),
        ("infusion reactions", "headache", "stomach pain"),
        ("serious infections such as tuberculosis", "liver injury", "certain cancers"),
    ),
    Drug(
        "Mesalamine",
        "oral",
        "aminosalicylate",
        "It works directly on the lining of the bowel, lowering the production of prostaglandins "
        "and other chemicals that inflame it.",
        ("gi",),
        ("headache", "stomach pain", "gas"),
        ("kidney problems", "inflammation of the pancreas"),
    ),
    Drug(
        "Dupilumab",
        "injection",
        "monoclonal antibody",
        "It blocks the shared receptor of interleukin-4 and interleukin-13, two messengers that "
        "drive type 2 inflammation in the skin and airways.",
        ("skin", "respiratory", "allergy"),
        ("injection site reactions", "eye irritation", "cold sores"),
        ("severe allergic reactions", "eye inflammation"),
    ),
    Drug(
        "Isotretinoin",
        "oral",
        "retinoid",
        "It shrinks the oil glands of the skin and slows how fast they make sebum, which starves "
        "acne bacteria and unclogs pores.",
        ("skin",),
        ("dry lips", "dry skin", "nosebleeds"),
        ("birth defects", "depression", "liver inflammation"),
    ),
    Drug(
        "Doxycycline",
        "oral",
        "tetracycline antibiotic",
        "It stops bacteria from making the proteins they need to grow, and at low doses it also "
        "calms inflammation in the skin.",
        ("infection", "skin", "respiratory"),
        ("nausea", "sensitivity to sunlight", "upset stomach"),
        ("severe skin reactions", "swelling of the esophagus"),
    ),
    Drug(
        "Minoxidil",
        "topical",
        "vasodilator",
        "It widens the small blood vessels around hair follicles and lengthens the growth phase "
        "of the hair cycle.",
        ("skin",),
        ("scalp itching", "dandruff", "unwanted facial hair"),
        ("fast heartbeat", "chest pain"),
    ),
    Drug(
        "Metformin",
        "oral",
        "biguanide",
        "It lowers the amount of sugar the liver releases and helps muscles respond better to "
        "insulin.",
        ("metabolic", "endocrine"),
        ("diarrhea", "nausea", "metallic taste"),
        ("lactic acidosis", "vitamin B12 deficiency"),
    ),
    Drug(
        "Lisinopril",
        "oral",
        "ACE inhibitor",
        "It blocks the enzyme that makes angiotensin II, a hormone that narrows blood vessels, so "
        "the vessels relax and the heart and kidneys work with less strain.",
        ("cardio", "kidney"),
        ("dry cough", "dizziness", "headache"),
        ("swelling of the face and throat", "high potassium levels", "kidney problems"),
    ),
    Drug(
        "Amlodipine",
        "oral",
        "calcium channel blocker",
        "It stops calcium from entering the muscle cells of the blood vessel walls, so the "
        "vessels relax and widen.",
        ("cardio",),
        ("ankle swelling", "flushing", "dizziness"),
        ("very low blood pressure", "worsening chest pain"),
    ),
    Drug(
        "Atorvastatin",
        "oral",
        "statin",
        "It blocks HMG-CoA reductase, the liver enzyme that makes cholesterol, and helps the "
        "liver clear LDL cholesterol from the blood.",
        ("cardio", "metabolic"),
        ("muscle aches", "joint pain", "diarrhea"),
        ("muscle breakdown", "liver problems"),
    ),
    Drug(
        "Apixaban",
        "oral",
        "factor Xa inhibitor",
        "It blocks factor Xa, a clotting protein, which makes it harder for the blood to form "
        "dangerous clots.",
        ("blood", "cardio"),
        ("easy bruising", "nosebleeds", "nausea"),
        ("major bleeding", "bleeding around the spine after spinal procedures"),
    ),
    Drug(
        "Sertraline",
        "oral",
        "SSRI",
        "It blocks the reuptake of serotonin in the brain, leaving more of this messenger "
        "available to regulate mood, sleep and anxiety.",
        ("psych",),
        ("nausea", "trouble sleeping", "sexual side effects"),
        ("serotonin syndrome", "suicidal thoughts in young people", "bleeding problems"),
    ),
    Drug(
        "Escitalopram",
        "oral",
        "SSRI",
        "It selectively increases serotonin signaling in the brain, which over several weeks "
        "eases low mood and worry.",
        ("psych",),
        ("nausea", "sweating", "tiredness"),
        ("serotonin syndrome", "abnormal heart rhythm", "low sodium levels"),
    ),
    Drug(
        "Gabapentin",
        "oral",
        "anticonvulsant",
        "It binds to calcium channels on overactive nerve cells and reduces the release of the "
        "messengers that carry pain and seizure signals.",
        ("neuro", "pain"),
        ("drowsiness", "dizziness", "swelling in the legs"),
        ("breathing problems", "severe allergic reactions", "mood changes"),
    ),
    Drug(
        "Levetiracetam",
        "oral and injection",
        "anticonvulsant",
        "It binds to the synaptic vesicle protein SV2A and steadies the release of "
        "neurotransmitters, which makes seizures less likely.",
        ("neuro",),
        ("sleepiness", "weakness", "irritability"),
        ("behavior changes", "severe skin reactions"),
    ),
    Drug(
        "Sumatriptan",
        "oral and nasal",
        "triptan",
        "It stimulates serotonin receptors on blood vessels and nerves in the head, narrowing "
        "swollen vessels and blocking pain signals.",
        ("neuro", "pain"),
        ("tingling", "flushing", "tightness in the chest"),
        ("heart attack", "stroke", "serotonin syndrome"),
    ),
    Drug(
        "Ibuprofen",
        "oral",
        "NSAID",
        "It blocks the COX enzymes that make prostaglandins, the chemicals that cause pain, "
        "swelling and fever.",
        ("pain",),
        ("upset stomach", "heartburn", "dizziness"),
        ("stomach bleeding", "kidney problems", "heart attack"),
    ),
    Drug(
        "Colchicine",
        None,
        "anti-gout agent",
        "It stops white blood cells from building the microtubules they need to move into "
        "inflamed tissue, which quiets flares of inflammation.",
        ("pain", "metabolic", "cardio"),
        ("diarrhea", "nausea", "stomach cramps"),
        ("muscle damage", "low blood cell counts"),
    ),
    Drug(
        "Allopurinol",
        "oral",
        "xanthine oxidase inhibitor",
        "It blocks xanthine oxidase, the enzyme that makes uric acid, so less uric acid builds up "
        "in the blood and joints.",
        ("metabolic", "pain", "kidney"),
        ("skin rash", "nausea", "gout flares when starting"),
        ("severe skin reactions", "liver problems"),
    ),
    Drug(
        "Albuterol",
        "inhalation",
        "short-acting beta agonist",
        "It relaxes the muscles around the airways within minutes by stimulating beta-2 "
        "receptors in the lungs.",
        ("respiratory", "allergy"),
        ("shakiness", "fast heartbeat", "nervousness"),
        ("worsening breathing right after use", "low potassium levels"),
    ),
    Drug(
        "Budesonide",
        "inhalation",
        "inhaled corticosteroid",
        "It calms inflammation in the lining of the airways, making them less swollen and less "
        "sensitive to triggers.",
        ("respiratory", "allergy", "gi"),
        ("hoarseness", "sore throat", "oral thrush"),
        ("adrenal suppression", "eye problems such as glaucoma"),
    ),
    Drug(
        "Montelukast",
        "oral",
        "leukotriene receptor antagonist",
        "It blocks leukotrienes, chemicals released in allergic reactions that tighten the "
        "airways and swell the nose.",
        ("respiratory", "allergy"),
        ("headache", "stomach pain", "cough"),
        ("mood and behavior changes", "suicidal thoughts"),
    ),
    Drug(
        "Nirmatrelvir and Ritonavir",
        "oral",
        "antiviral protease inhibitor",
        "It blocks the main protease of the coronavirus so the virus cannot copy itself, while "
        "the ritonavir keeps the active drug in the blood for longer.",
        ("infection", "respiratory"),
        ("altered sense of taste", "diarrhea", "muscle aches"),
        ("serious drug interactions", "severe allergic reactions"),
    ),
    Drug(
        "Valacyclovir",
        "oral",
        "antiviral",
        "It is turned into acyclovir, which stops herpes viruses from copying their DNA.",
        ("infection", "skin", "neuro"),
        ("headache", "nausea", "stomach pain"),
        ("kidney problems", "confusion in older adults"),
    ),
    Drug(
        "Fluconazole",
        "oral",
        "azole antifungal",
        "It blocks the enzyme fungi use to make ergosterol, a key part of their cell membrane, so "
        "yeast cells stop growing.",
        ("infection",),
        ("headache", "nausea", "stomach pain"),
        ("liver damage", "abnormal heart rhythm"),
    ),
    Drug(
        "Omeprazole",
        "oral",
        "proton pump inhibitor",
        "It switches off the proton pumps in the stomach lining that release acid.",
        ("gi",),
        ("headache", "stomach pain", "gas"),
        ("low magnesium levels", "bone fractures", "C. difficile diarrhea"),
    ),
    Drug(
        "Levothyroxine",
        "oral",
        "thyroid hormone",
        "It replaces the thyroxine the thyroid gland can no longer make, restoring the body’s "
        "normal energy use.",
        ("endocrine", "metabolic"),
        ("hair loss in the first months", "sweating", "trouble sleeping"),
        ("fast or irregular heartbeat", "bone thinning with too high a dose"),
    ),
    Drug(
        "Sildenafil",
        "oral",
        "PDE5 inhibitor",
        "It blocks the enzyme PDE5, which relaxes the smooth muscle of blood vessels in the lungs "
        "and elsewhere.",
        ("cardio", "respiratory"),
        ("headache", "flushing", "indigestion"),
        ("sudden vision loss", "very low blood pressure", "sudden hearing loss"),
    ),
    Drug(
        "Voclosporin",
        None,
        _CNI,
        "It blocks calcineurin in T-cells and also helps stabilize the filtering cells of the "
        "kidney, which reduces protein leaking into the urine.",
        ("kidney", "autoimmune"),
        ("high blood pressure", "cough", "diarrhea"),
        ("kidney damage", "serious infections", "high potassium levels"),
    ),
    Drug(
        "Carbidopa and Levodopa",
        "oral",
        "dopamine precursor",
        "Levodopa is turned into dopamine in the brain, replacing what is lost, while carbidopa "
        "stops it from breaking down before it gets there.",
        ("neuro",),
        ("nausea", "dizziness", "involuntary movements"),
        ("sudden sleep episodes", "hallucinations", "impulse control problems"),
    ),
    Drug(
        "Cyclosporine",
        "ophthalmic",
        _CNI,
        "As eye drops, it blocks calcineurin in the T-cells of the eye surface, reducing the "
        "inflammation that stops the glands from making tears.",
        ("eye", "autoimmune"),
        ("burning in the eye", "blurred vision", "eye redness"),
        ("eye infections", "eye injury from the bottle tip"),
    ),
    Drug(
        "Donepezil",
        "oral",
        "cholinesterase inhibitor",
        "It blocks the enzyme that breaks down acetylcholine, a messenger important for memory "
        "and thinking.",
        ("neuro", "psych"),
        ("nausea", "vivid dreams", "muscle cramps"),
        ("slow heart rate", "stomach bleeding"),
    ),
    Drug(
        "Timolol",
        "ophthalmic",
        "beta blocker",
        "It lowers the amount of fluid the eye produces, which lowers the pressure inside the eye.",
        ("eye", "cardio"),
        ("stinging in the eye", "blurred vision", "dry eyes"),
        ("breathing problems", "slow heart rate"),
    ),
    Drug(
        "Warfarin",
        "oral",
        "vitamin K antagonist",
        "It blocks the recycling of vitamin K, which the liver needs to make several clotting "
        "factors.",
        ("blood", "cardio"),
        ("easy bruising", "bleeding gums", "tiredness"),
        ("major bleeding", "skin necrosis"),
    ),
    Drug(
        "Melatonin",
        None,
        "sleep hormone",
        "It mimics the hormone the brain releases in the evening, signaling to the body clock "
        "that it is time to sleep.",
        ("psych", "neuro"),
        ("daytime drowsiness", "headache", "dizziness"),
        ("confusion", "interactions with blood thinners"),
    ),
)
