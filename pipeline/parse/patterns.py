"""Patterns as data: how headings, titles, labels and page chrome are recognised.

Heading patterns are matched against a heading after it is lower-cased, stripped of numbering and
emoji, and after the page's drug and condition names are replaced by ``{drug}`` and
``{condition}``; the first matching pattern wins, so order matters. The wording comes from many
health sites' vocabularies (drug guides, patient leaflets, review sites, WordPress health blogs):
add new wordings here, never in the parser.
"""

from __future__ import annotations

import re

# --- Section headings -------------------------------------------------------------------------

#: (kind, pattern) in priority order. "related" is not a section: its links become ``related``.
SECTION_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "related",
        r"^related\b(?! (?:services?|products?|offers?|clinics?)\b)"
        r"|\brelated (articles?|posts?|pages?|reading|content|topics|conditions|guides?"
        r"|questions)|^linked (questions|articles|pages)\b"
        r"|^see also|you (may|might|could) also|\balso (read|see|viewed|liked|enjoyed)\b"
        r"|^more (on|about|from|for)\b"
        r"|^more (?:\S+ ){0,2}(?:articles|guides|conditions|uses|reading|stories|posts|resources"
        r"|advice|tips|information)\b"
        r"|you (?:may|might) (?:also )?find (?:\w+ )?useful|^useful (?:links|resources|pages)\b"
        r"|^other (?:\S+ ){0,2}(?:uses|conditions|articles|guides|treatments|medicines|medications"
        r"|leaflets|pages|resources|information"
        r"|drugs|options)\b|further reading|^read (?:this |these )?(?:more|next)\b"
        r"|^(?:\w+ )?alternatives? (?:to|for)\b"
        r"|similar (articles|pages|posts)|recommended (for you|articles|reading)|^explore more"
        r"|^conditions treated (with|by)|^keep reading",
    ),
    (
        "side_effects",
        r"side[- ]?effects?|adverse|\brisks?\b|\bsafety\b|\bwarnings?\b"
        r"|\breactions?\b|\bcomplications\b|\btolerability\b|\bdrawbacks\b|\bdownsides?\b"
        r"|\bunwanted\b|\bundesirable\b|\bharms?\b|\bcons\b"
        r"|\bcause (?:any )?(?:problems|trouble)\b"  # "Can atorvastatin cause problems?"
        r"|^(?!.*\binteract).*\bwatch (?:out )?for\b",  # ("Interactions to watch for": other)
    ),
    (
        "reviews",
        r"\breviews?\b|\bexperiences?\b|testimonials?|patient[- ]reported|\bratings?\b|\brated\b"
        r"|\bwhat (?:\w+ ){0,2}(?:patients|people|users|others|reviewers|readers|members|customers"
        r"|parents|carers|caregivers|families|you)(?: (?:with|on|taking|using)(?: \S+){1,3}?)?"
        r" (?:have )?(?:say|said|think|thought|report"
        r"|reported|are saying|told us)"
        r"|\b(?:patient|user|reader|real|their|your|our)(?:s’|s'|’s|'s)? stories\b|\bopinions\b"
        r"|\bverdicts?\b|in their own words|\bsuccess stories\b|\bvoices of\b"
        r"|\bcomments from (?:users|patients|readers|members)\b"
        r"|\b(?:feedback|hear|stories) from\b|\bwhat do (?:\w+ ){0,4}say\b|\breal stories\b"
        r"|\bwhat (?:\S+ ){0,2}(?:patients|people|users|readers|members|customers|reviewers)\b"
        r"(?: \S+){0,3} (?:told us|tell us|shared|reported)\b"
        r"|\bfrom our (?:patients|readers|users|members|community)"
        r"|\bpatients?(?:’|'|s’|s')? (?:perspectives?|views|voices|feedback|opinions|say)\b"
        # "What mums say", "What other teens said" (not what doctors or the studies say)
        r"|^what (?:our |other )?(?!doctors|experts|studies|researchers|guidelines|the\b)\w+"
        r" (?:say|said)\b",
    ),
    (
        "how_it_works",
        r"^how (does|do|did|will|can) .*\bwork|\bhow (it|they|\{drug\}) works?\b|\bmechanism"
        r"|mode of action|pharmacolog|how (?!well\b).* works?\b|works in the body|the science"
        r"|^how (?:it|\{drug\}|this (?:medicine|medication|drug)) (?!helps?\b|treats?\b|is\b"
        r"|can\b|should\b|compares?\b)\w+s\b|^what (?:it|\{drug\}) (?:actually |really )?does\b"
        r"|\bhow it acts\b"
        r"|\{drug\}(?:’s|'s)? (?:effects?|action) on\b|\b(?:acts|works) on\b"
        r"|^what does (?:it|\{drug\}) (?:actually |really )?do\b|^why (?:it|\{drug\}) works\b"
        r"|pharmacodynamic"
        # "How does doxycycline prevent malaria?" (how it helps is benefits)
        r"|^how (?:does|do) (?:it|\{drug\}) (?:prevent|protect against|stop|block|fight|kill)\b",
    ),
    (
        "benefits",
        r"\bbenefits?\b|\buses\b|\bused (for|to|in)\b"
        r"|^why .* (?:is |are )?(?:used|us(?:e|ing)|tak(?:e|ing)|prescrib\w*|chos\w*|giv\w*"
        r"|recommend\w*)\b"
        r"|\beffective(ness)?\b|\befficacy\b|\badvantages?\b|^can \{drug\} (help|treat)"
        r"|^does \{drug\} (help|treat)|\bhelps? (with|treat|manage)\b|\bpros\b|^how it helps"
        r"|^treating \{condition\}|\bindications?\b|what .* (is|are) used for|\bwho (it )?helps"
        r"|\bwhat (it|\{drug\}) can do\b|\bwhy (take|use)\b"
        r"|\bhow much (?:can|does|will|could) (?:it|\{drug\}) help"
        r"|^(?:\w+, )?(?:does|can|will) (?:it|\{drug\}) (?:actually |really )?(?:help|work)\b"
        r"|^how well\b"
        r"|^(?:the )?evidence\b|\bevidence (?:for|that|on|from|shows?|says?)\b"
        # ("Clinical trials for {condition}" lists trials to join: no benefits)
        r"|\bclinical (?:evidence|results)\b|\b(?:in|from) clinical (?:trials?|studies)\b"
        r"|\bclinical (?:trials?|studies) (?:show|showed|found|results|data|evidence)\b"
        r"|^(?:expected )?results\b"
        r"|\bwhat (?:the )?(?:research|studies|evidence|trials) (?:says?|shows?|found)\b"
        # "Research", "Research on {drug}", "Research shows" (a grant's "Research Objectives" no)
        r"|^research(?:\W*$| (?:shows|says|suggests|finds|found|on|into|about|for)\b)"
        r"|\bresearch (?:findings|results)\b|^how (?:it|\{drug\}) can help\b",
    ),
    (
        "what_is",
        r"^what (is|are|’s|'s) (?!(?:some |the |other )?things\b)"
        r"|\bwhat (?:exactly )?(?:is|are|’s|'s) (?:exactly )?(?:\{drug\}|it\b|this\b|these\b)"
        r"|^what (?:\{drug\}|it|this (?:medicine|medication|drug)) is\b|^about\b|\boverview\b"
        r"|^introduc|^intro\b|at a glance|^description\b|\bthe basics\b|^basics\b|^background\b"
        r"|^(drug|medication|medicine) (facts|information|info|profile)|^\{drug\}$"
        r"|^meet \{drug\}|^understanding \{drug\}$|\{drug\} explained|^getting to know"
        r"|\bin brief\b|\b101\b|\bin a nutshell\b|\bquick guide\b|^a closer look at \{drug\}"
        r"|\bprimer\b|\bfacts about \{drug\}|^what you (?:need|should) (?:to )?know about \{drug\}$"
        r"|^\{drug\}:? (?:the )?(?:essentials|basics)$|^\{drug\} in (?:short|brief)$",
    ),
)

#: The order drug pages keep their parts in; an unknown heading standing exactly where the one
#: missing kind belongs is taken for it (see outline.fill_by_order).
SECTION_ORDER = ("what_is", "how_it_works", "benefits", "side_effects", "reviews")
SUBSECTION_ORDER: dict[str, tuple[str, ...]] = {
    "side_effects": ("common", "serious", "managing"),
    "reviews": ("overview", "need_to_know", "what_to_expect"),
}
#: Headings that name a topic of their own, never taken for a missing kind by position.
OTHER_TOPICS = (
    r"\bdos(e|es|age|ing)\b|\btak(e|ing)\b|\binteract|\bstor(e|age|ing)\b|\bfaq\b|question"
    r"|\breferences?\b|\bsources?\b|\bhistory\b|pregnan|breast|\bdriv|\balcohol|\bfood"
    r"|\bcost|\bprice|\binsurance|\balternative|\bstop(ping)?\b|\bmissed\b|overdose|contact"
    r"|\bwho (should|can|must)\b|\bbefore (you|starting)|\bchildren\b|\belderly\b"
    r"|\bbrand|\bgeneric|\bmonitor|\btests?\b|screening|\bdisclaimer|\bglossary|\bnews\b"
    r"|\bsymptoms?\b|\bcauses?\b|\bdiagnos|\bwords\b|\bstories\b|\bquotes?\b"
    r"|\bbottom line\b|\bconclusions?\b|\btake-?aways?\b|\bfinal (?:thoughts|words?)\b"
    r"|\bcheck-?lists?\b"
    r"|\bhow to (?:give|use|apply|inject|store|swallow)\b"
)

#: Subsection kinds by section kind, in priority order; no match means ``other``.
SUBSECTION_PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "side_effects": (
        (
            "managing",
            r"manag|\bcop(e|ing)\b|\breduc|minimi[sz]|\bprevent|\bdeal(ing)? with"
            r"|\bhandl(e|ing) (side|them|it|these)\b"
            r"|\btips\b|what (to|you can|can you) do|\brelie|\blessen|\beas(e|ing)\b"
            r"|\bwhat to do about\b"
            r"|avoid(ing)? (side|them)|\beasier\b|live with|\bcontrol(ling)?\b|what helped"
            r"|\blower(ing)?\b|\bcut(ting)? (down|the)\b"
            r"|\bkeep(ing)? (?:\w+ ){0,2}(?:down|in check|to a minimum|under control|at bay)\b"
            r"|\b(?:use|take|using|taking) (?:it|them|\{drug\}) safely\b|\bsafe use\b",
        ),
        (
            "serious",
            r"(?<!less )(?<!not )(?<!non-)(?<!non )serious|\bsevere\b|\brar(e|er|ely)\b|dangerous"
            r"|life[- ]threatening|when to (call|see|contact|seek|get)|\bemergency\b|\burgent"
            r"|warning signs|\bmajor\b|\bgrave\b|(seek|get) (\w+ )?(medical )?(help|attention|care)"
            r"|right away|straight away|\bimmediately\b|\bpromptly\b|\bred flags?\b"
            r"|\b(call|see|need) (a|your) doctor\b|\bcall (911|999|112|111)\b|medical attention",
        ),
        (
            "common",
            r"(?<!less )\bcommon(ly)?\b|\bmild\b|\bfrequent|\bmost (often|frequent|likely)"
            r"|less serious|not serious|non-?serious|\btypical\b|\bminor\b|\busual\b|\beveryday\b"
            r"|\b(?:many|most|lots of) (?:people|patients)\b|\bmight notice\b|\bmay notice\b"
            r"|\bhappen in (more|most)\b|\bmore than \d+ in \d+",
        ),
    ),
    "reviews": (
        (
            "need_to_know",
            r"need to know|\bkey (?:\w+ )?(?:facts|points|takeaways|findings|messages|things"
            r"|lessons|advice|tips)\b|\bbe aware\b|\bbear in mind\b|\bwish(?:ed)? .*\bknown\b"
            r"|\bimportant\b|things to know|highlights|what to know|should know|good to know"
            r"|worth knowing|to remember|had known|quick facts|\btakeaways?\b|\btips from\b"
            r"|\badvice from\b",
        ),
        (
            "what_to_expect",
            r"\bexpect|\boutlook\b|\bresults\b|what happens|\btimeline\b|\bprognosis\b"
            r"|\bnext steps\b|\blong[- ]term\b|\bover time\b|\blooking ahead\b|\bthe road ahead\b"
            r"|\b(?:is|are|will be|may be|might be) like\b|what(?:’s|'s| is) next|\blooks? like\b"
            r"|\blonger[- ]term\b|\bfeel the difference\b|\bhow long\b|\bchanged? over\b"
            r"|\b(?:was|were) like\b|\b(?:week|month|day) by (?:week|month|day)\b"
            r"|\bwhen (?:you(?:’|')ll|you will|will you) (?:feel|see|notice)\b",
        ),
        (
            "overview",
            r"overview|summary|summar|understanding|connection|introduction|in brief|background"
            r"|^about\b|\bin short\b|the verdict|\boverall\b|\bpicture\b|\bthemes\b"
            r"|\bshort version\b|\btl;?dr\b"
            r"|in a nutshell|\bat a glance\b|summing up|\bsum up\b|\bto sum\b",
        ),
    ),
}

# --- Titles: which part is the drug, which the condition ----------------------------------------

_NAME = r"(?P<{}>[^?!:|]+?)"
_DRUG, _COND = _NAME.format("drug"), _NAME.format("condition")
_END = (
    r"[?!.\s]*$"  # keep a damaged trailing "-" ("Covid-"): repairing names is normalization's job
)

#: A question or post title's lead-in about taking the drug: "What is it like to take X for Y?",
#: "My experience with X for Y", "Has anyone tried X for Y?" (forums, Q&A sites).
_EXPERIENCE_LEAD = (
    r"(?:what(?:'s| is| was) it like (?:to (?:take|use|be on|start)|taking|using|being on) "
    r"|(?:my |our |your )?(?:experiences?|journey|life) (?:with|taking|on|using) "
    r"|(?:has|have|did) (?:anyone|anybody|any of you) (?:taken|tried|used|been on) "
    r"|(?:anyone|anybody) (?:on|taking|tried|using) )"
)

#: Title phrasings, most reliable first; (pattern, reliable). An unreliable phrasing ("X and Y")
#: is only trusted when other evidence says which name is the drug.
TITLE_PATTERNS: tuple[tuple[str, bool], ...] = (
    (
        r"^(?:how (?:\w+ )?)?(?:can|does|do|will|should|could|is|are|would) "
        rf"{_DRUG} (?:be )?(?:an? )?"
        r"(?:help|treat|work|effective|useful|safe|good|helpful|used|prescribed|relieve|prevent"
        r"|cure|reduce|ease|improve|manage|option|treatment|choice|right|stop|fight|clear|control"
        r"|calm|lower|heal|slow|beat|fix|tackle|end|shorten|soothe|curb|cut|combat|tame|quiet"
        r"|kick)\w*"
        r"(?: (?:for|against|with|in|on|to treat|to manage|to (?:take|use|try) (?:for|with|in)"
        r"|(?:to )?(?:pass|dissolve|shrink|prevent|treat|manage"
        r"|relieve|reduce|ease|control|stop|clear|calm)))?"
        rf" {_COND}{_END}",
        True,
    ),
    (  # a news headline's verb phrase: "Gabapentin may ease hot flashes"
        rf"^{_DRUG} (?:may|might|can|could) (?:help (?:to )?)?"
        r"(?:ease|treat|relieve|reduce|prevent|cut|calm|tame|lower|improve|curb|fight|soothe"
        r"|clear|control|help with|help)"
        rf" (?!(?:after|before|during|you|your|my|our|their|us|them)\b){_COND}{_END}",
        True,
    ),
    (  # "Should I take X for Y?"
        rf"^(?:should|can|could) (?:i|you|we) (?:take|use|try) {_DRUG} "
        rf"(?:for|to treat|to manage|against) {_COND}{_END}",
        True,
    ),
    (  # "Lupus treatment with tacrolimus", "Lupus: treatment with tacrolimus"
        rf"^{_COND}:? (?:treatment|treating it|therapy|care) (?:with|using) {_DRUG}{_END}",
        True,
    ),
    (  # a patient leaflet's "Hypothyroidism: Taking Levothyroxine"
        rf"^{_COND}:\s+(?:taking|using|starting) {_DRUG}{_END}",
        True,
    ),
    (  # "Essential tremor: can propranolol help?", "Gout: does colchicine work?"
        rf"^{_COND}:\s+(?:can|does|do|will|should|could|is|would) {_DRUG} (?:be )?(?:an? )?"
        r"(?:help|work|treat|effective|useful|good|helpful|right)\w*(?: (?:for )?(?:me|you|it))?"
        rf"{_END}",
        True,
    ),
    (
        rf"^(?:treating|managing|treatment of|controlling|relieving) {_COND} "
        rf"(?:with|using|by taking) {_DRUG}{_END}",
        True,
    ),
    (
        rf"^(?:using |taking |benefits of |how |{_EXPERIENCE_LEAD})?{_DRUG} "
        rf"(?:for|to treat|to manage|in the treatment of|in treating|against|as a treatment for"
        rf"|treats|helps with|helps|works for|for treating|for the treatment of|if you have)"
        rf" {_COND}{_END}",
        True,
    ),
    (  # "X: a treatment option for Y", "X: the first-line medicine in Y"
        rf"^{_DRUG}:\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,2}}"
        rf"(?:treatment|option|therapy|medicine|medication|drug|choice)s?(?:\s+option)?"
        rf"\s+(?:for|in)\s+{_COND}{_END}",
        True,
    ),
    (  # "Lupus medication: Tacrolimus"
        rf"^{_COND}\s+(?:medications?|medicines?|treatments?|drugs?|therap(?:y|ies)):\s+{_DRUG}{_END}",
        True,
    ),
    (rf"^{_DRUG} (?:and|&|in|with) {_COND}{_END}", False),
)
#: Two names on either side of a dash, "Psoriasis — Apremilast": either way round, so only
#: other evidence (a heading naming the drug, a "(form)" label) says which is the drug.
DASH_PAIR = re.compile(r"^(?P<first>[^?!:|–—]+?)\s+[—–]\s+(?P<second>[^?!:|–—]+?)[?!.\s]*$")

#: Words around a condition that are no part of its name: "the treatment of lupus", "people
#: with lupus", "my lupus", "lupus patients", a " - Uses, Side Effects" tail. (Who it is for
#: stays: "Fever in Children" is the condition as pages and readers name it.)
CONDITION_QUALIFIERS = re.compile(
    r"^(?:(?:the )?(?:treatment|management|prevention|relief) of |treating |managing "
    r"|preventing |relieving |(?:people|patients|adults|children|kids|those|anyone|someone|women"
    r"|men) (?:with|who have|living with) |(?:my|your|their) )"
    r"|(?: patients| sufferers)$"
    r"|\s[-–—]\s.*$",
    re.IGNORECASE,
)
#: A dose after a drug's name in a title: "Tacrolimus 1 mg capsules".
DRUG_DOSE = re.compile(
    r"\s+\d[\d.,]*\s*(?:mg|mcg|µg|micrograms?|milligrams?|g|ml|%|iu|units?)\b.*$", re.IGNORECASE
)
#: Words after a drug's name that say how it is used or in what form, not what it is
#: ("Tacrolimus therapy", "Triamcinolone Injection", "Tretinoin Cream"): cut only when the
#: page's headings or JSON-LD name the drug without them.
DRUG_QUALIFIERS = frozenset(
    {"therapy", "treatment", "use", "medication", "medicine", "drug", "regimen", "treatments"}
    | {"injection", "injections", "shot", "shots", "cream", "ointment", "gel", "lotion", "foam"}
    | {"tablets", "tablet", "pills", "capsules", "patch", "patches", "spray", "inhaler", "drops"}
    | {"auto-injector", "auto-injectors", "autoinjector", "autoinjectors", "pen", "pens"}
    | {"nasal", "eye", "ear", "oral", "topical", "syrup", "solution", "suspension", "inhalers"}
)

#: "X vs Y" compares two drugs: such a page is not about one drug for one condition.
COMPARISON = re.compile(r"\b(?:vs\.?|versus|compared (?:to|with))\s", re.IGNORECASE)
#: A subtitle after the title proper: "Adalimumab and Psoriasis: What to Know".
SUBTITLE = re.compile(r"\s*(?::|\s[-–—|]\s).*$|(?<=\?)\s+\S.*$")
#: A listicle's or guide's lead-in before the drug's name: "7 Things to Know About", "Everything
#: You Need to Know About", "A Guide to".
TITLE_LEAD = re.compile(
    r"^(?:(?:\d+|ten|five|seven) (?:things|facts|questions|tips)(?: you (?:need|should))?"
    r"(?: to)? know about|everything (?:you (?:need|should) )?(?:to )?know about"
    r"|(?:a|your|the) (?:complete |patient'?s |quick )?guide to|the truth about)\s+",
    re.IGNORECASE,
)
#: A numbered unit of a course, book or series before the title proper: "Lecture 14: X for Y",
#: "Chapter 3 – X for Y", "Module 2. X for Y".
TITLE_UNIT = re.compile(
    r"^(?:lecture|chapter|module|unit|part|week|session|lesson|episode|topic|case|class"
    r"|handout|leaflet|factsheet|fact sheet)\s+(?:\d{1,3}[a-z]?|[ivxlc]{1,6})\s*[:.–—-]\s+",
    re.IGNORECASE,
)
#: A forum's tag after a title: "[community wiki]", "[solved]", "[closed]".
TITLE_TAG = re.compile(r"\s*\[[^\[\]]{1,30}\]\s*$")

#: Site-name suffixes of <title> and og:title: "Name for X | Site", "Name for X - Site".
TITLE_SUFFIX = re.compile(r"\s+(?:[|–—·•»]|-|::)\s+[^|–—·•»]{1,60}$")

#: What follows the drug's name in a label with its dosage form: "Tacrolimus (oral and injection)".
FORM_AFTER_NAME = r"\s*\((?P<form>[^()]{2,60})\)"
#: A breadcrumb naming a shelf of the site, not a condition: "Supplements", "Herbs & Vitamins",
#: "Medicines A–Z" (a page titled only "Echinacea" filed under it names no condition).
CATEGORY_CRUMB = re.compile(
    r"\b(?:supplements|herbs|vitamins|remedies|medicines|medications|drugs|treatments|conditions"
    r"|diseases|topics|a\s*[-–]\s*z|a to z)\b",
    re.IGNORECASE,
)
#: The toggle of a truncated paragraph: "Read more", "Show less", "Continue reading" (the rest
#: of the text is hidden beside it, not a panel it heads).
TRUNCATION_TOGGLE = re.compile(
    r"^(?:read|show|see|view) (?:more|less|all)\W*$|^continue reading\W*$", re.IGNORECASE
)
#: What a "Name (…)" label's brackets hold when they say which pages it covers, not a dosage
#: form: "Propranolol (all uses)", "Lisinopril (other uses)", "Metformin (see also)", or
#: its status: "Apixaban (Rx)", "Ibuprofen (OTC)".
NOT_A_FORM = re.compile(
    r"^(?:all|any|every|other|more|see|various)\b|\buses\b"
    r"|^(?:rx|otc|generic|brand(?: names?)?|prescription(?: only)?|pom|p)$",  # its status
    re.IGNORECASE,
)

#: Headings that name the drug they are about: "What is Tacrolimus?", "How does Tacrolimus work?".
DRUG_HEADINGS = (
    r"^(?:\w+, )?what (?:exactly )?(?:is|are) (?P<name>[^?,]{2,60}?)(?:, exactly)?\??$",
    r"^how (?:does|do) (?P<name>[^?]{2,60}?) work\b",
    r"^how (?!it\b|they\b|this\b|these\b|the\b)(?P<name>[^?\s][^?]{1,59}?) works\b",
    r"^about (?P<name>[^?]{2,60})$",
    r"^(?P<name>[^?:]{2,60}?)(?::)? explained$",
    r"^(?P<name>[^?:]{2,60}?): the basics$",
    r"^getting to know (?P<name>[^?]{2,60})$",
)

# --- Drug facts: labels whose values fill active_ingredients and drug_classes --------------------

_FACT_WORDINGS: dict[str, tuple[str, ...]] = {
    # "Active ingredient(s)", "Drug class(es)": a plural may be written in parentheses.
    "active_ingredients": (
        r"active ingredient(s|\(s\))?",
        r"ingredient(s|\(s\))?",
        r"active substance(s|\(s\))?",
    ),
    "drug_classes": (
        r"drug class(es|\(es\))?",
        r"class(es|\(es\))?",
        r"drug type(s|\(s\))?",
        r"drug group(s|\(s\))?",
        r"therapeutic class(es|\(es\))?",
        r"pharmacologic(al)? class(es|\(es\))?",
        r"medication class(es|\(es\))?",
    ),
}
#: A whole label (a line, a table cell, a dt) naming a fact.
FACT_LABELS: dict[str, str] = {
    key: "|".join(f"^{wording}$" for wording in wordings)
    for key, wordings in _FACT_WORDINGS.items()
}
#: A record field's label, colon and all, drawn bold over its value ("Medicine:" above
#: "Doxycycline (modified-release capsule)"): a label, not a heading.
FIELD_LABEL = re.compile(
    r"^(?:medicine|medication|drug|drug name|product|generic name|brand names?|form"
    r"|dosage form|strength|condition|indication|used for)\s*:$",
    re.IGNORECASE,
)
#: Text that mentions a fact label somewhere (a sidebar worth reading for facts), sought in
#: the text with its spaces taken out ("A<span>ctive in</span>gredient" read with spaces at
#: tags is "A ctive in gredient"; without any, "Activeingredient"); a bare "class" is too
#: common a word to count.
FACT_MENTION = re.compile(
    "|".join(
        wording.replace(" ", "")
        for wordings in _FACT_WORDINGS.values()
        for wording in wordings
        if not wording.startswith("class")
    ),
    re.IGNORECASE,
)
FACT_VALUE_SPLIT = re.compile(r"\s*[,;|·•]\s*|\n")

# --- Rejections --------------------------------------------------------------------------------

SOFT_404 = re.compile(
    r"\b404\b|\bnot found\b|(?:page|topic|thread|article|post|entry)"
    r"(?: (?:you(?:[’']re| are) looking for|you requested))?"
    r" (does not|doesn[’']t|cannot|can[’']t|could not|couldn[’']t)"
    r" (?:seem to )?(exist|be found)|no longer (exists|available)|this page (has )?moved"
    r"|\binvalid (?:page|url|link)\b"
    r"|^(?:this )?(?:video|episode|recording|page|article) (?:is )?(?:currently )?unavailable\b"
    r"|page is missing"
    r"|(?:does not|doesn[’']t) (?:yet )?have an? (?:article|page|entry) (?:with|by|for|on) th"
    r"|nothing (was )?found|\boops\b"
    r"|(?:we|i) (?:can[’']t|cannot|could not|couldn[’']t) find (?:that|this|the|your) "
    r"(?:[\w-]+ ){0,2}(?:page|article|guide|post|leaflet|question|topic)\b",
    re.IGNORECASE,
)
CONSENT_TEXT = re.compile(
    r"cookies?|consent|privacy|accept all|reject all|gdpr|personal data", re.IGNORECASE
)
#: What a consent notice is about, where privacy alone is not enough to say so.
CONSENT_TOPIC = re.compile(r"\bcookies?\b|\bconsent\b", re.IGNORECASE)

#: A standalone line that only dates or credits the page: "Last updated: March 14, 2006",
#: "Medically reviewed by Dr. A. Smith · Updated March 3, 2025", "By Jane Doe".
# A date (and a time): "Tuesday, 08 November 2011 14:32", "March 3, 2025", "2025-03-03".
_DATE = (
    r"(?i:(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?"
    r"\s+\d{4}|\d{4}-\d{2}-\d{2})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?)?)"
)
#: A line that is a date and nothing else ("14 March 2025"): a dateline, even styled as a heading.
DATE_ONLY = re.compile(
    rf"^(?:{_DATE}|(?i:(?:\d+|an?|one) (?:second|minute|hour|day|week|month|year)s? ago"
    r"|yesterday|today)"
    # a live blog's time stamp: "11:02 a.m.", "9:05 PM ET"
    r"|(?i:(?:updated )?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?))(?:\s*[·|•])?$"
)
#: Stars a rating is drawn with, half stars too.
_STARS = "★☆⭐✩✭✮✯½⯨⯩⯪⯫"
#: A rating widget's prompt and its stars: "Rate this: ★★★★★", "Your rating ☆☆☆☆☆".
RATE_PROMPT = re.compile(
    r"^(?:(?:rate this(?: page| article| guide| post| leaflet)?|(?:your|our|overall|editor['’]?s)"
    rf" rating|rating)\s*:?[\s{_STARS}]*|rated \d(?:\.\d)? out of \d+(?: stars)?"
    r"|\d(?:\.\d)?\s+(?:stars?|average(?: rating)?|avg\.?)"
    r"|\d(?:\.\d)?\s*/\s*\d+(?:\s*[-–—]?\s*\(?\d[\d,]* (?:votes?|ratings?|reviews?)\)?)?)$",
    re.IGNORECASE,
)
#: A rating widget's summary, its stars drawn: "4.1★★★★☆Based on 856 ratings", "Excellent ★★★★★
#: 4.7 out of 5 based on 12,408 reviews". (Without stars, "4.6 out of 5 stars from 238 reviews"
#: is a sentence the reviews section keeps.)
RATING_LINE = re.compile(
    rf"^(?=.*[{_STARS}])[\s{_STARS}]*"
    r"(?:(?:excellent|great|very good|good|average|poor|bad)\s+)?(?:rated\s+)?"
    rf"[\s{_STARS}]*\d(?:\.\d)?\s*(?:(?:/|out of)\s*(?:5|10)(?:\s*stars?)?)?[\s{_STARS}]*"
    r"[·|•,(–-]?\s*(?:based on|from)?\s*\d[\d,.]*\s*[km]?\s*(?:verified\s+)?"
    r"(?:reviews?|ratings?|votes?)\)?\W*$",
    re.IGNORECASE,
)
#: A price tag on its own line: "From £19.99 including consultation", "As low as $4.50 with coupon".
PRICE_LINE = re.compile(
    r"^(?:(?:from|only|just|now|price|our price|starting at|as low as)\s*:?\s*)?"
    r"[£$€]\s?\d[\d,.]*(?:\s+\S+){0,4}$",
    re.IGNORECASE,
)
#: A feed item's credit line, which WordPress adds to every post in its feed: "The post Allopurinol
#: for Gout appeared first on Arthritis Today."
FEED_CREDIT = re.compile(r"^the post .+ appeared first on .+$", re.IGNORECASE)
#: A badge on a review: "Verified", "Verified purchase", "Verified diagnosis".
BADGE = re.compile(r"^✓?\s*verified(?: \w+){0,2}$", re.IGNORECASE)
BYLINE = re.compile(
    r"^(?:(?i:(?:(?:page|article|content|leaflet) )?(?:last |first )?(?:updated|reviewed|published"
    r"|posted|modified|written|edited|contributed"
    r"|asked|answered|viewed))\b"
    r"|(?i:(?:medically |clinically )?(?:reviewed|written|fact[- ]checked|submitted|posted"
    r"|contributed) by)\b"
    r"|[Bb]y (?:the |our )?[A-Z]|.*\b\d+ (?i:min(?:ute)?s? read)$"
    r"|(?i:(?:online |medical |clinical )*(?:reviewers?|authors?|writers?|editors?)):\s"
    r"|(?:©|\([cC]\)|(?i:copyright))\s*(?:\d{4}|[A-Z])"  # a copyright line
    rf"|{_DATE}$)"  # a line that is only a date
)
#: A date opening a byline line run together from spans: "March 4, 2024 By Priya Raman".
DATE_PREFIX = re.compile(rf"^{_DATE}[\s|·•,–—-]+(?=\S)")
MAX_BYLINE_WORDS = 20
#: A date label anywhere in a short line: "Leaflet number: 31 · Published: May 2023 · …".
DATELINE = re.compile(
    r"(?:\b(?:published|updated|reviewed|review due|review date|posted|modified)"
    r"|^(?:received|accepted|revised))"  # (a journal article's history: "Received 2026 Feb 3; …")
    r"\s*:?\s*(?:on\s+)?(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)",
    re.IGNORECASE,
)

#: A link to more of a list, not to an article: "View all", "See more articles", "More »".
MORE_LINK = re.compile(
    r"^\W*(?:(?:view|see|show|browse|read|load)?\s*(?:all|more)(?:\s+(?:articles|posts|stories"
    r"|guides|related(?: articles)?))?|(?:view|see|show|browse)\s+all(?:\s+[\d,.]+\+?)?"
    r"(?:\s+[\w'’-]+){1,3})"
    r"(?:\s+(?:from|by)\s+\S.{0,60})?\W*$",
    re.IGNORECASE,
)
#: A card's action link, which says what to do, not what it links to: "Read guide", "View the
#: article". ("Read more" stays itself: a line of those is a teaser's tail, dropped as one.)
CARD_ACTION = re.compile(
    r"^(?:read|view|see|open|go to)(?: (?:the|this|full|our))*"
    r" (?:guide|article|post|story|page|details)\W*$",
    re.IGNORECASE,
)
#: A link that is a page tool, not content: a line of nothing but these is a toolbar.
TOOL_LINK = re.compile(
    r"^\W*(printer[- ]friendly( version)?|print( this( page| article)?)?|e-?mail( this)?( page| "
    r"article)?|send to a friend|share( this)?( page| article)?|bookmark|save( for later)?"
    r"|download( as)? pdf|(text|font) size|a\+|a-|tweet|facebook|pinterest|linkedin|whatsapp"
    r"|x|twitter|threads|bluesky|reddit|mastodon|telegram|copy (?:the )?link"
    r"|((back|return|go|scroll) )?to (the )?top( of (the )?page)?|top of (the )?page"
    r"|submit a request|contact us|ask a question|get in touch|report a problem"
    r"|reload|refresh(?: (?:the|this) page)?|retry|try again"
    r"|log ?in|sign ?in|log ?out|sign ?out|register|sign ?up|my account"
    r"|send (us )?feedback|(add|post|leave|write) a( new)? (comment|reply|review)"
    r"|review us( on \w+)?|rate (us|this)( \w+)?"
    r"|learn more( →)?|get started|book (now|an appointment)|start your (visit|consultation)"
    r"|find (?:a|an|your) (?:clinic|pharmacy|pharmacist|doctor|gp|dentist|service|location|store"
    r"|branch)(?: near (?:you|me))?"
    r"|find out more|shop now|buy now|add to (?:cart|basket|bag|trolley)|quick (?:view|add)"
    r"|back to (?:the )?(?:blog|news|articles?|list|search results|overview|index|all \w+)"
    r"|privacy(?: policy| notice| statement)?|site ?map|terms(?: of (?:use|service))?"
    r"|(?:terms|privacy) (?:and|&) (?:conditions|privacy|terms)|cookie (?:policy|settings)"
    r"|add new comment|reply|\d* ?comments?)\W*$",
    re.IGNORECASE,
)
#: A feedback widget's question, with its answers where they are text: "Was this page helpful?
#: Yes No", "Did you find this article useful?".
FEEDBACK_LINE = re.compile(
    r"^(?:was this (?:\w+ ){0,2}|did you find this (?:\w+ ){0,2}|is this (?:page|article) )"
    r"(?:helpful|useful)\s*\?(?:\W*(?:yes|no)\b)*\W*$",
    re.IGNORECASE,
)
#: The label of a table of contents.
TOC_LABEL = re.compile(
    r"^(?:contents|table of contents|on this page"
    r"|in this (?:article|guide|page|post|issue|leaflet|newsletter)|jump to"
    r"|skip to)$",
    re.IGNORECASE,
)
#: A "heading" longer than this (in words) is a styled sentence, not a heading.
MAX_HEADING_WORDS = 16
#: Headings of widgets, not of content: dropped when nothing but the heading is left of them.
CHROME_HEADING = re.compile(
    r"^(was this \w+ (helpful|useful)|share (this|on)|follow us"
    r"|(get|receive) (\S+ ){0,3}(by|via) e-?mail\b"
    r"|(sign up|subscribe)( to| for)?|(?:[\w’'-]+ ){0,4}newsletters?\b|comments?"
    r"|leave a (reply|comment)"
    r"|(add|post|write) a( new)? comment|add comment"
    r"|join the (discussion|conversation)|rate this|advertisement|sponsored|before you go\b"
    r"|(?:stay|keep) in touch|.*\bin your inbox\b|discover more from\b"
    r"|(?:stay|keep) (?:informed|up to date|up-to-date)\W*$"
    r"|support (?:the show|this (?:show|podcast|blog|site)|us|our work)\W*$"
    r"|become a (?:member|patron|supporter|subscriber)\b|buy (?:us|me) a coffee\b"
    r"|(?:download|get|try) (?:the|our) (?:[\w’'-]+ ){0,2}app\b|take [\w’'-]+ with you\W*$"
    r"|\d+ (answers?|comments?|replies|responses)\W*\d*$"
    r"|contents|table of contents|on this page|in this (?:article|guide|page|section)|jump to"
    r"|quick links)",
    re.IGNORECASE,
)
#: A carousel's copies of its slides (Slick's "slick-cloned", Swiper's "duplicate").
CLONE_WORDS = frozenset({"clone", "cloned", "duplicate"})
#: The label of an ad slot, all its text: "Advertisement", "Sponsored".
#: A placeholder shown while content loads: "Reviews are loading, please wait…", "Loading…".
LOADING_LINE = re.compile(
    r"^(?:[\w’']+ ){0,3}(?:(?:is|are) )?loading(?:,? please wait)?\W*$", re.IGNORECASE
)
#: A video player's label or title line: "Featured Video", "Watch: What happens in a panic attack".
VIDEO_LINE = re.compile(
    r"^(?:(?:featured |related |latest )?videos?|(?:watch|video)\s*[:|]\s*\S[^\n]{0,100})$",
    re.IGNORECASE,
)
AD_LABEL = re.compile(
    r"^[\W_]*(?:advertisement|advertising|advert|ad|sponsored|sponsored content|paid content"
    r"|story continues below advertisement"
    # the line an ad slot prints under its label: "Continue reading below"
    r"|(?:advertisement\W+)?(?:story |article )?continues? (?:reading )?below(?:\W+advertisement)?)"
    r"[\W_]*$",
    re.IGNORECASE,
)
#: Class words of advertising: dropped even inside a side box read for its facts.
AD_WORDS = frozenset(
    {"ad", "ads", "adslot", "advert", "adverts", "advertisement", "advertising", "adsense"}
    | {"sponsor", "sponsored", "promo", "promotion"}
)
#: Class words of inline boxes that stand apart, each a value of its own ("chip", "pill").
CHIP_WORDS = frozenset({"chip", "pill"})
#: Class names of flex and grid containers (whole names: "flex--item" is an item), whose
#: children CSS lays out as boxes.
BOX_LAYOUTS = frozenset({"flex", "d-flex", "inline-flex", "d-inline-flex", "grid", "d-grid"})
#: Headings over a shop's products in an article ("Shop this post", a pharmacy's "Shop cold sore
#: care" shelf): chrome, list and all ("Shop around for a lower price" is advice).
SHOP_HEADING = re.compile(
    r"^(?:shop (?!around\b)(?:[\w’'&,-]+ ?){1,5}|buy now"
    r"|products? (?:in|from|mentioned in) this (?:post|article|story)|frequently bought together"
    r"|customers (?:who bought this )?(?:also )?(?:bought|viewed)|(?:related|similar) products"
    r"|you (?:may|might) also need|complete your (?:order|purchase))\W*$",
    re.IGNORECASE,
)
#: Headings over the site's own service, not the medicine: how ordering works, whom to ask,
#: plans and booking ("How our service works", "Questions? Ask a pharmacist", "Choose your
#: plan", "Book a physio online"; "Ask your pharmacist" is advice).
SERVICE_HEADING = re.compile(
    r"^(?:how (?:our|the) (?:online )?(?:service|process|consultation|clinic|ordering|delivery"
    r"|app)s? works?|(?:check|verify) (?:your )?(?:insurance|coverage|eligibility|benefits)\b"
    r"|(?:choose|pick|select|compare) (?:your|a|our) (?:\w+ )?plans?\b|plans? (?:and|&) pricing\b"
    r"|book (?:a|an|your|online)\b|related (?:services?|products?|offers?|clinics?)\b"
    r"|(?:questions\W+|got a question\W+)?ask (?:a|an|our) (?:[\w’'-]+ ){0,2}"
    r"(?:pharmacists?|doctors?|nurses?|experts?|clinicians?|gps?)\b)",
    re.IGNORECASE,
)
#: A picture's credit line: "Getty Images", "Photo: Shutterstock", "Image credit: J. Smith".
IMAGE_CREDIT = re.compile(
    r"^\W*(?:(?:(?:photo(?:graph)?|image|illustration|picture)s?(?: credit)?|credit)\s*[:©]\s*"
    r"\S[^\n]{0,60}|(?:[^\n/]{1,40}/\s*)?(?:getty images|shutterstock|istock(?:photo)?|alamy"
    r"|adobe stock|unsplash|pexels|science photo library)(?: plus| pro)?)\W*$",
    re.IGNORECASE,
)
#: A line that names a file to download: "leaflet-v4.pdf (application/pdf)", "chart.png 12 KB".
FILE_LINE = re.compile(
    r"^\S[^\n]{0,120}?\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|rtf|csv|zip|png|jpe?g|gif|svg|txt)\b",
    re.IGNORECASE,
)
#: The heading of a form to write a review: with nothing under it but the form, chrome.
FORM_HEADING = re.compile(
    r"^(?:write|leave|add|submit|post) (?:your (?:own )?|a )?review\W*$", re.IGNORECASE
)
#: Headings over a thread of readers' posts: chrome, however long the thread ("Community answers
#: (2)", "Comments (14)", "3 replies"); a bare "Comments" heading is dropped only when empty.
THREAD_HEADING = re.compile(
    r"^(?:(?:community|user|reader|readers['’]?|other|more) (?:answers?|comments?|replies|responses"
    r"|posts|questions)(?: \(\d+\)| \d+)?"
    r"|(?:answers?|comments?|replies|responses|questions) (?:\(\d+\)|\d+)"
    r"|\d+ (?:answers?|comments?|replies|responses|questions)|webmentions?|responses"
    r"|(?:from|in) (?:the|our) (?:[\w’'-]+ )?(?:community|forums?)"
    r"|community (?:discussions|threads)"
    r"|your (?:answer|reply|comment))$",
    re.IGNORECASE,
)

# --- Page chrome ---------------------------------------------------------------------------------

#: Elements that are never content.
DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "nav",
        "menu",
        "dialog",
        "video",
        "audio",
        "map",
        "head",
        "title",
        "meta",
        "link",
    }
)
#: Elements whose insides no stage reads (a subset of DROP_TAGS): the soup is built without them.
#: Not forms, buttons or nav (a form may wrap the page, a button heads a disclosure, a nav holds
#: breadcrumbs and related links), nor head, title and meta (the metadata reads them). JSON-LD
#: scripts are kept by the builder.
UNREAD_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed"}
    | {"video", "audio", "link"}
)
#: ARIA roles of page chrome.
DROP_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "dialog",
        "alertdialog",
        "menu",
        "menubar",
        "listbox",  # a picker's options ("Condition: ▾ Essential tremor, Anxiety, …")
        "toolbar",
        "alert",
        "status",
        "form",
    }
)
#: Class/id words of page chrome, matched against the words of class and id values
#: (split on '-', '_', spaces and camelCase), so "ad" matches "ad-slot" but not "header".
CHROME_WORDS = frozenset(
    {
        "ad",
        "ads",
        "adslot",
        "upsell",
        "upsells",
        "affiliate",
        # A charity's appeal: "donate-panel", "donation-box", "fundraising-cta".
        "donate",
        "donation",
        "donations",
        "fundraising",
        "campaign",
        "campaigns",
        "crosssell",
        "advert",
        "adverts",
        "advertisement",
        "advertising",
        "adsense",
        "sponsor",
        "sponsored",
        "promo",
        "promotion",
        "banner",
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "newsletter",
        "membership",  # a magazine's "membership-unit" paywall teaser
        "marketing",  # a publisher's "ConsumerMarketingUnit": its own course or product
        "subscribe",
        "subscription",
        "signup",
        "share",
        "sharing",
        "social",
        "sharebar",
        "comment",
        "comments",
        "disqus",
        "sidebar",
        "toc",
        "badge",
        "badges",
        "breadcrumb",
        "breadcrumbs",
        "popup",
        "pop",
        # A carousel's copies of its slides (Slick's "slick-cloned", Swiper's "duplicate").
        "cloned",
        "duplicate",
        "popover",
        "modal",
        "overlay",
        "bio",
        "signoff",
        "credit",
        "credits",
        "byline",
        "author",
        "authors",
        "dateline",
        "disclaimer",
        "feedback",
        "print",
        "skip",
        "menu",
        "navbar",
        "nav",
        "navigation",
        "footer",
        "topbar",
        "pagination",
        "pager",
        "tags",
        "tagcloud",
        "postmeta",
        "published",
        "updated",
        "reviewed",
        "reviewer",
        "submitted",
        "helpful",
        "survey",
        "paywall",
        "outbrain",
        "taboola",
        "mgid",
        "revcontent",
        "zergnet",
        "nativo",
        "tooltip",
        "sronly",
        "offscreen",
        "tools",
        "pagetools",
        "toolbar",
        "actions",
        "editsection",
        "jump",
        "catlinks",
        "categories",
        "printfooter",
        "carousel",
        "slider",
        "vote",
        "votes",
        "voting",
        "taglist",
        "sort",
        "sorting",
        "avatar",
        "gravatar",
        "reputation",
        "badgecount",
        "notice",
        "button",
        "btn",
        "cta",
        "calltoaction",
        "callbar",  # a treatment centre's sticky "Call now" bar
        "phonebar",
        "clicktocall",
        "rail",
        "utility",
        "utilities",
        "versions",
        "portlet",
        "portlets",
        "colophon",
        "subtitle",
        "tagline",
        "kicker",
        "strapline",
    }
)
#: Chrome words that only say an element is a control: every button has them.
CONTROL_WORDS = frozenset({"button", "btn", "cta", "actions", "toolbar", "tools"})
#: Chrome words of boxes that list links: right after a related heading, its list.
LISTING_CHROME_WORDS = frozenset(
    {"menu", "pagination", "pager", "carousel", "slider", "nav", "rail", "rails"}
)
#: Chrome words that name boxes only: a paragraph so classed is a note in the text
#: (``<p class="notice"><strong>Note:</strong> …``), a box so classed is a site notice.
BOX_CHROME_WORDS = frozenset({"notice"})
#: Chrome words of a comment thread; a quote so classed is a comment the article quotes.
COMMENT_WORDS = frozenset({"comment", "comments"})
#: Chrome words of layers over the page (pop-ups, modals): a link so classed is not one, but a
#: card's link laid over it (``<a class="card-overlay" aria-label="…">``).
LAYER_CHROME_WORDS = frozenset({"overlay", "popup", "pop", "popover", "modal"})
#: Chrome words that credit or date the page: a byline box, or an author inside a quote.
CREDIT_WORDS = frozenset(
    {
        "bio",
        "signoff",
        "credit",
        "credits",
        "byline",
        "author",
        "authors",
        "dateline",
        "published",
        "updated",
        "reviewed",
        "reviewer",
        "submitted",
    }
)
#: The label of a link to the previous or next post: "← Previous", "Next post:", "Older »".
PAGER_LABEL = re.compile(
    r"^[←«‹<]?\s*(?:previous|prev|next|older|newer)"
    r"(?: (?:post|article|story|entry|page|guide))?\s*:?\s*[→»›>]?$",
    re.IGNORECASE,
)
#: A line of counts only: "312 views2 comments", "1.2k likes · 3 shares", "View 2.4K upvotes",
#: after a star rating perhaps ("4.8 1,204 reviews", "★ 4.6/5 · 310 ratings").
COUNTS = re.compile(
    rf"^(?:[\s{_STARS}]*\d(?:\.\d)?(?:\s*(?:/|out of)\s*5)?(?:\s+(?:stars?|average|avg\.?))?"
    r"[\s·|•,(]+(?=\d))?"
    r"(?:\W*(?:(?:view|see)\s+)?\d[\d,.]*\s*[km]?\s*(?:views?|comments?|likes?|shares?|reads?"
    r"|replies|reply|(?:up|down)?votes?|reactions?|reviews?|ratings?|answers?|followers?)"
    r"(?![a-z])\W*)+$",
    re.IGNORECASE,
)
#: A letter's or e-mail's sign-off line, a name under it: "Take care of your heart,", "Best
#: wishes,", "Until next month,".
SIGN_OFF = re.compile(
    r"^(?:(?:with )?(?:best|kind|warm|warmest|many) (?:wishes|regards)|regards|cheers|sincerely"
    r"|yours(?: sincerely| truly| faithfully)?|take care(?: of (?:your|yourselves?)\b.{0,30})?"
    r"|stay (?:well|healthy|safe)|until next (?:time|week|month|issue)|all the best"
    r"|thanks? (?:you )?for reading|be well),$",
    re.IGNORECASE,
)
#: A forum member's card: "Joined: Feb 11, 2014", "Posts: 4120", "Reaction score: 15,870".
MEMBER_STAT = re.compile(
    r"\b(?:joined|join date|member since|posts|messages|reaction score|reputation|karma"
    r"|trophy points|likes received)\s*:\s*\S",
    re.IGNORECASE,
)
#: The label of a line of tag or category links.
TAXONOMY_LABEL = re.compile(
    r"^\s*(?:tags?|tagged(?: with| in)?|categor(?:y|ies)|filed under|posted in|topics?|labels?)"
    r"\s*:\s*",
    re.IGNORECASE,
)
#: A term of the page's own record-keeping in a definition list ("Content current as of:",
#: "Health Topic(s)", "Regulated Product(s)", "Tags"): a list of nothing but these is chrome.
META_TERM = re.compile(
    r"^(?:content current as of|(?:page )?last (?:updated|reviewed|modified)|published|updated"
    r"|reviewed|(?:health |related )?topics?|(?:regulated )?products?|tags?|categor(?:y|ies)"
    r"|audiences?|keywords?|page id|document id|content type)(?:\(s\))?\s*:?$",
    re.IGNORECASE,
)
#: An aria-label that names a box of tags ("Topics"): chrome, though "related-topics" is not.
TAXONOMY_BOX = re.compile(r"^\s*(?:tags?|topics?|categor(?:y|ies)|keywords?|labels?)\s*$", re.I)
#: A link to a tag or category listing ("/tag/sleep", "/category/news/", "/tags/#anxiety").
TAXONOMY_PATH = re.compile(
    r"^(?:https?://[^/]+)?/(?:[^?#]*/)?(?:tags?|categor(?:y|ies)|topics?|labels?)(?:/|#)",
    re.IGNORECASE,
)
#: A line that signs a quote: "— Tom R., Duluth", "– posted by D.R.".
ATTRIBUTION = re.compile(r"^\s*[—–―]\s*\S")
#: Chrome words for a heading's own little links ("#", "¶", "jump to"): chrome on an element
#: without headings or paragraphs inside, but a wrapper classed "Section_anchor" holds its h2.
LINK_CHROME_WORDS = frozenset({"anchor", "headerlink", "permalink"})
#: Chrome words that layout wrappers also use ("has-sidebar"): checked for an article inside.
LAYOUT_WORDS = frozenset(
    # (and a print view's wrapper: "monograph-print" holds the article laid out for paper)
    {"sidebar", "banner", "menu", "nav", "modal", "overlay", "rail", "button", "print"}
)
#: A side column named as a whole class or id ("side", "col-right"): chrome, though the word
#: "side" alone is not ("side-effects" is the article's section).
SIDE_REGIONS = frozenset(
    {
        "side",
        "sidecol",
        "side-col",
        "side-column",
        "sidecolumn",
        "col-side",
        "side-area",
        "sidearea",
        "side-nav",
        "sidenav",
        "side-menu",
        "sidemenu",
        "subcol",
        "sub-col",
        "sub-column",
        "right-col",
        "left-col",
        "rightcol",
        "leftcol",
        "right-column",
        "left-column",
        "col-right",
        "col-left",
        "right-side",
        "left-side",
        "aside",
        "rightside",
        "leftside",
    }
)
#: Ids of a side column that are ordinary words as classes (``<div id="sub">`` beside
#: ``<div id="main">``; WordPress's ``id="secondary"`` widget area).
SIDE_REGION_IDS = frozenset({"sub", "secondary"})
#: Class/id phrases that only count as a whole: "table-of-contents", "sr-only".
CHROME_PHRASES = (
    "cookie",  # in any id: "cookiesck", "cookielaw", "CookieConsent"
    "table-of-contents",
    "table of contents",  # LibreOffice's id="Table of Contents1"
    "sitesub",
    "contentsub",
    "user-info",
    "user-details",
    "user-card",
    "author-info",
    "tableofcontents",
    "shop-the-post",  # a blog's product grid ("shop-the-look" too)
    "shop-the-look",
    "shop-this-post",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "skip-link",
    "post-meta",
    "entry-meta",
    "article-meta",
    "title-meta",
    "titlemeta",
    "header-meta",
    "headermeta",
    "cookie-banner",
    "site-header",
    "site-footer",
    "page-header",
    "site-nav",
    "mega-menu",
    "structured-data",  # microdata carried in hidden spans (a theme's "av-structured-data")
)
#: Boxes inside the text (a warning callout, an inset) whose own little heading is text.
CALLOUT_WORDS = frozenset(
    {"callout", "admonition", "inset", "pullquote", "alert", "warning", "caution", "note"}
)
#: Kinds of admonition ("note", "warning"): an <aside> so classed is part of the text.
ADMONITION_WORDS = frozenset({"note", "warning", "caution", "danger", "admonition", "alert"})
#: A short paragraph that only disclaims ("… general information, not medical advice"): chrome.
DISCLAIMER = re.compile(
    r"^(?:affiliate )?disclosure:|\bwe (?:may )?earn (?:a (?:small )?)?commissions?\b"
    r"|\b(?:may )?contains? affiliate links\b"
    r"|\b(?:may )?(?:receive|earn|get) (?:a )?(?:compensation|commissions?|a share of sales)\b"
    r"|\bnot (?:a substitute for |intended as |meant as )?(?:professional )?medical advice\b"
    r"|\bfor (?:general )?information(?:al purposes)? only\b|\bdoes not replace (?:the )?advice\b"
    r"|\b(?:general|educational) information only\b"
    r"|\bnot a substitute for (?:professional )?(?:medical )?advice\b"
    r"|\bnot intended as a substitute for (?:professional )?medical (?:advice|care)\b"
    # a US supplement's label: "These statements have not been evaluated by the Food and Drug
    # Administration. This product is not intended to diagnose, treat, cure, or prevent …"
    r"|\bnot been evaluated by the (?:food and drug administration|fda)\b"
    r"|\bnot intended to diagnose, treat, cure,? or prevent\b"
    # an open-access licence: "… an open access article distributed under the terms of …"
    r"|\bdistributed under the terms of\b|\blicensed (?:under|by) (?:a |the )?creative commons\b",
    re.IGNORECASE,
)
#: A syndicator's copyright notice opening a block ("© 2000-2026 The StayWell Company …").
COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*\d{4}", re.IGNORECASE)
MAX_DISCLAIMER_WORDS = 60
#: A paragraph that is one bullet of a list typed as text ("· item", "• item").
BULLET = re.compile(r"^[·•▪◦‣∙●○■□–-]\s+")
#: A typed bullet inside a line: " • ".
INLINE_BULLET = re.compile(r"\s[·•▪◦‣∙●○■□]\s")
#: A bullet glyph typed at the start of a list item: the list's own marker, drawn twice; or a
#: reference's back-links ("^ a b", "↑") before its text.
LIST_MARK = re.compile(r"^(?:[·•▪◦‣∙●○■□]|\^(?:\s+[a-z](?=\s))*|↑)\s*")
#: A paragraph of links that names itself: "Related: A · B · C", "See also: …".
RELATED_LEAD = re.compile(
    r"^(?:related(?: articles| reading| guides)?|see also|also read|read more|read next"
    r"|more on this)\s*[:|]",
    re.IGNORECASE,
)
#: Containers whose links are related articles even without a heading.
RELATED_WORDS = frozenset({"related", "relatedposts", "related_posts", "seealso", "see-also"})
#: What a "related …" box offers when it is not reading: "Related services", "related-products".
NOT_READING = frozenset(
    {
        "service",
        "services",
        "product",
        "products",
        "offer",
        "offers",
        "clinic",
        "clinics",
        "location",
        "locations",
        "event",
        "events",
        "job",
        "jobs",
        "career",
        "careers",
        "course",
        "courses",
        "program",
        "programs",
        "programme",
        "programmes",
        "doctor",
        "doctors",
        "specialist",
        "specialists",
        "department",
        "departments",
        "shop",
        "store",
    }
)
