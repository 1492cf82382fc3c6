"""Side-effect terms from a page's "common" and "serious" side-effect subsections.

:func:`extract_terms` turns one subsection (its plain ``text`` and its list ``items``) into the
side-effect terms it names, each normalized by :func:`canonical_term`, so that "which drugs list
hair loss as common?" is one SQL query.

Approach: regular expressions plus small word lists, no parser and no model.

1. **Blocks.** The text is read paragraph by paragraph, line by line. A line that is one of the
   ``items``, a line of a multi-line paragraph that does not end in ``.``/``:`` and the first cell
   of a table row (``a | b``) are *list items*; every other line is *prose*.
2. **Segments.** A list item is itself a segment. In prose, a sentence only yields terms after a
   cue ("include", "such as", "can cause", "may lead to", "if you have", "notice", a colon…) or
   before one ("X, Y and Z are also common", "X can also happen"); a sentence without a cue (most
   advice: "talk to your doctor if …") yields nothing, and neither does a cue after a negation.
3. **Trimming.** From a segment the extractor removes parentheses, what follows a dash,
   ``, which …``/``, especially …`` tails, relative clauses (``that …``, ``when …``), time
   phrases (``in the first weeks``, ``the next morning``), comparisons (``more than usual``) and
   prepositional phrases unless they name a body part (``swelling *of the face*`` and ``pain *in
   the chest*`` stay, ``confusion *in older adults*`` goes). "…, which can be a sign of X" and
   "called X" name a condition: X is kept. Nested cues ("infections, such as pneumonia") are
   split off and read the same way.
4. **Coordination.** The rest is split at commas, "and", "or" and "as well as", then elided
   coordination is restored: "kidney or liver damage" → kidney damage, liver damage; "dry skin,
   eyes and nose" → dry skin, dry eyes, dry nose; "feeling shaky, anxious or irritable";
   "thoughts of harming yourself or ending your life".
5. **Terms.** :func:`canonical_term` lower-cases, drops articles, qualifiers ("mild", "severe",
   "unusual", "increased risk of", "signs of"…), maps British spellings to American ones,
   singularizes the head noun (by rule, with a list of nouns that only look plural: diarrhea,
   herpes, measles, diabetes, sepsis…; body parts stay as written: "dry eyes", "cold hands") and
   merges synonyms through ``vocab/side_effects.tsv``, which also declares terms that are
   naturally plural ("stomach cramps", "chills"). A candidate that is longer than five words,
   contains a verb, pronoun or advice word (so is a clause, not a noun phrase), is a bare body
   part or adjective, a generic word ("side effects", "symptoms") or one of ``ignore`` is dropped.

Cost: about 0.5 ms per page for its two subsections (0.7 ms with every cache cold), measured on
the parser fixtures; :func:`canonical_term` and the lookup keys are memoized, and cheap substring
tests skip the regular expressions that cannot match.

Limits: the rules are lexical, so a term written as a clause ("your breathing becomes slow",
"bones that break more easily") is missed, a modifier shared across a coordination without an
elision cue ("pain, tenderness or weakness" of muscles) is not distributed, a side effect named
only in a sentence without a cue word is missed, and the word lists (body parts, adjectives,
qualifiers) are small and English-only. Synonyms are merged only where the vocabulary says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import takewhile
from pathlib import Path
from typing import Literal

__all__ = ["VOCAB_PATH", "Vocabulary", "canonical_term", "extract_terms", "load_vocabulary"]

#: The curated vocabulary: ``term`` (canonical) and ``aliases`` ("|"-separated), tab-separated.
VOCAB_PATH = Path(__file__).parent / "vocab" / "side_effects.tsv"
#: A term is a short noun phrase.
MAX_WORDS = 5
_MAX_ROUNDS = 6

Mode = Literal["item", "list", "strict"]
Found = list[tuple[str, str]]

# --------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text."""
    return frozenset(text.split())


#: Body parts, body fluids and sites: a prepositional phrase naming one stays part of the term.
_BODY = _words(
    """
    abdomen ankle ankles arm arms back belly bladder blood body bone bones bowel bowels brain
    breast breasts calf calves cheek cheeks chest ear ears elbow elbows esophagus extremities
    extremity eye eyes eyelid eyelids face feet finger fingers foot gland glands groin gum gums
    gut hair hand hands head heart hip hips intestine intestines jaw joint joints kidney kidneys
    knee knees leg legs lip lips liver lung lungs lymph mouth muscle muscles nail nails neck
    nerve nerves nose pancreas pelvis penis poo rectum retina saliva scalp semen shoulder
    shoulders sinus sinuses site skin skull spine stomach stool stools testicle testicles thigh
    thighs throat thumb toe toes tongue tooth teeth tummy urine uterus vagina vein veins vomit
    wrist wrists
    """
)
#: Nouns that modify a head like a body part does ("mood and behavior changes").
_MODIFIER_NOUNS = _words(
    """
    appetite balance behavior breathing hearing memory mood personality sex sight sleep smell
    speech taste vision weight
    """
)
#: Adjectives of side-effect phrases ("a fast or irregular heartbeat": "fast" borrows the head).
_ADJECTIVES = _words(
    """
    abnormal achy bad better bitter black blocked bloody blue blurred blurry cold cracked dark
    decreased double dry excess excessive faint fast flat frequent heavy heavier high higher hot
    increased irregular itchy light loose low lower metallic non-itchy numb painful pale pink
    pounding puffy racing rapid raised red reduced runny scaly shallow sharp slow sore stiff
    strange stuffy swollen tarry tender thick thin tickly tight uneven upset vivid watery weak
    white widespread worse worsening yellow
    """
)
#: Adjectives of how one feels ("feeling sick, weak or faint").
_STATE_ADJECTIVES = _words("anxious better faint ill sick unwell weak worse")
#: Severity, frequency and hedging words, dropped from a term ("mild headache" → headache).
_QUALIFIERS = _words(
    """
    any certain common constant extreme extremely frequently general generally intermittent
    least life-threatening mild mildly minor moderate most much new noticeable occasional
    occasionally other persistent possible possibly potential rare rarely serious seriously
    severe severely significant slight slightly some sudden suddenly temporary transient
    uncommon unexplained unusual unusually very
    """
)
#: Adverbs and fillers that can stand alone between commas ("and, rarely, X").
_ADVERBS = _words(
    """
    again also especially even generally mainly mostly occasionally often particularly possibly
    probably promptly quickly rarely sometimes together typically usually well
    """
)
#: Words ending in "ly" that are not adverbs.
_LY_NOUNS = _words("belly bodily daily early elderly family jelly lily oily only ugly")
#: A candidate containing one of these is a clause or advice, not a noun phrase.
_CLAUSE_WORDS = _words(
    """
    about am are be became become becomes been being but can cannot could did do does doing
    don't done ever everything find following found gets goes got had has have he her here him
    how i if include included includes including is it it's its look looks made make makes may
    me might must need needs no nor not nothing our please seem seems shall she should so
    someone something than that them there these they this those though too unless us was we
    were what when whether which while who whom why will without would you yourself appear
    appears come comes fade fades go happen happens improve improves last lasts occur occurs
    pass passes settle settles advice ambulance appointment call contact doctor doctors dose
    doses emergency gp help hospital medication medications medicine medicines nurse patient
    patients people person pharmacist prescriber stop tablet tablets take taken taking talk team
    tell treatment
    """
)
#: Heads that say nothing on their own ("side effects", "other symptoms", "a reaction").
_GENERIC_HEADS = _words(
    """
    change complication condition disease disorder effect event issue problem reaction sign
    symptom
    """
)
#: Heads that are never a side effect, whatever modifies them ("missing areas").
_NON_TERM_HEADS = _words(
    """
    area bit case concern cut day fall kind lot material month one part query question result
    side thing time type way week worry year
    """
)
#: Modifiers that leave a generic head generic ("more serious side effects").
_GENERIC_MODIFIERS = _QUALIFIERS | _words(
    "adverse different further main many more most other several side similar such"
)
#: Prepositions whose phrase is cut off unless it names a body part (or the head keeps it).
_CUT_PREPOSITIONS = _words(
    """
    above across after along around at before below behind beside beyond by despite during for
    from in inside into near on over per since through throughout under until upon with within
    without
    """
)
#: Heads that keep a prepositional complement whatever it names ("problems with vision").
_KEEP_PP_HEADS = {
    "with": _words("difficulties difficulty interaction interactions problem problems"),
    "in": _words("change changes"),
}
_PREPOSITIONS = _CUT_PREPOSITIONS | {"of", "to"}
_FLUIDS = _words("blood poo saliva semen stool stools urine vomit")
_POSITIONS = _words("upper lower left right middle whites white")
_DETERMINERS = _words("a an the some any")
_POSSESSIVES = _words("your my his her their its our")
#: A list item that starts with one of these is advice ("Take it with food").
_ADVICE_STARTS = _words(
    """
    apply ask avoid build call check contact cut do don't drink eat get go inject keep let make
    never put rotate see seek sip sit speak stand start stop take talk tell try use wear
    """
)

# Singular forms.
_IRREGULAR_PLURALS = {
    "children": "child",
    "diagnoses": "diagnosis",
    "feet": "foot",
    "lice": "louse",
    "men": "man",
    "mice": "mouse",
    "people": "person",
    "psychoses": "psychosis",
    "teeth": "tooth",
    "thromboses": "thrombosis",
    "women": "woman",
}
#: Nouns that end in "s" but are not plurals (words in -ss, -us, -is are handled by rule).
_NOT_PLURAL = _words(
    """
    aids always diabetes feces gas genitalia herpes hives measles mumps news pancreas perhaps
    rabies rickets scabies series shingles species
    """
)

# British → American spelling, for the words this vocabulary meets.
_SPELLING_WORDS = {
    "centre": "center",
    "fibre": "fiber",
    "faeces": "feces",
    "foetal": "fetal",
    "foetus": "fetus",
    "sulphur": "sulfur",
}
_SPELLING_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"aem(?=i[ac])"), "em"),  # anaemia, ischaemic, hypoglycaemia, leukaemia
    (re.compile(r"^haem"), "hem"),  # haemorrhage, haematoma
    (re.compile(r"^anaes"), "anes"),  # anaesthetic
    (re.compile(r"^paed"), "ped"),  # paediatric
    (re.compile(r"^oe(?=d|soph|str)"), "e"),  # oedema, oesophagus, oestrogen
    (re.compile(r"oea(?=l?$)"), "ea"),  # diarrhoea, dyspnoea, apnoea
    (re.compile(r"^(behavi|col|fav|hum|lab|od|tum|vap)our"), r"\1or"),  # behaviour, tumour
)

# --------------------------------------------------------------------------------------------
# Regular expressions
# --------------------------------------------------------------------------------------------

_PARENS = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")
_FOOTNOTE = re.compile(r"(?<=[a-z])\.\d+\b")
_BULLET_STARTS = frozenset("-*•·▪●◦0123456789")
_BULLET = re.compile(r"^(?:[-*•·▪●◦]+|\d{1,2}[.)])\s+")
_NON_TERM_CHARS = re.compile(r"[^a-z0-9\s'./-]")
_TERM_CHARS = re.compile(r"^[a-z0-9][a-z0-9 '.\-/]*$")
_KEY_WORDS = re.compile(r"[a-z0-9]+")

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z0-9\"“(])")
_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|approx|dr|mr|mrs|ms|st|no)|\b[A-Z])\.$", re.I)

# A condition named as what a symptom signals: "…, which can be a sign of X", "– these can be
# signs of X", ", possible signs of X", ", which can signal X", ", which may be X".
_SIGNAL = re.compile(
    r"(?:,|\s[–—-])\s*(?:(?:which|that|this|these|both|all)\s+)?"
    r"(?:(?:can|may|might|could|will|often|sometimes|usually)\s+)?(?:also\s+)?"
    r"(?:(?:be\s+)?(?:an?\s+)?(?:possible\s+|early\s+|warning\s+|common\s+)?"
    r"(?:signs?|symptoms?)\s+of|(?<=\s)(?:signal|signals|indicate|indicates|mean|means|"
    r"point\s+to|points\s+to|be)(?=\s))\s+(?P<what>.+)$",
    re.I,
)
# What follows a dash, a semicolon or a comma + one of these words is not part of the list.
_TAIL = re.compile(
    r"\s+[–—-]+\s+.*$|;.*$|,\s*(?:which|that|who|where|when|while|especially|particularly|"
    r"usually|often|sometimes|mostly|mainly|typically|even|possibly|reported|with|but|so|"
    r"although|though|because|if|unless|until|after|before|during|at\s+least)\b.*$",
    re.I,
)
_ASIDE = re.compile(
    r",\s*(?:for|in)\s+(?:some|many|most|a\s+few)\s+(?:people|patients|cases|children)\s*,?",
    re.I,
)
# Nested enumerations inside a segment ("infections, such as pneumonia or tuberculosis").
_NESTED_CUE = re.compile(
    r",?\s*(?<![\w-])(?:such\s+as|including|(?<!look\s)(?<!looks\s)(?<!feel\s)(?<!feels\s)(?<!seem\s)"
    r"(?<!seems\s)(?<!sound\s)(?<!sounds\s)like|for\s+example|for\s+instance|e\.g\.)\s*,?\s*",
    re.I,
)
_NAMED = re.compile(r"\b(?:called|known\s+as|termed)\s+", re.I)
# "more serious side effects, such as …" in a "common" subsection: another subsection's list.
_OTHER_TIER = re.compile(
    r"\b(?:more|less)\s+(?:serious|severe|common|rare|frequent)\b|\brarer\b|\bless\s+often\b",
    re.I,
)
# Bounded removals inside a comma-separated chunk.
_RELATIVE = re.compile(r"\s+(?:that|which|who|whom|whose|where|wherever)\b[^,;]*", re.I)
# A subordinate clause or participle phrase; it ends at a comma or before "or"/"and" + a new noun
# phrase ("worsening breathing right after use *or low potassium*").
_SUBORDINATE = re.compile(
    r"\s+(?:(?:right|just|straight|soon|shortly|immediately|especially|particularly|usually|"
    r"often|sometimes|mostly|mainly|typically|possibly|probably|even)\s+)*"
    r"(?:when|whenever|while|if|unless|until|because|since|although|though|once|so|even|"
    r"especially|particularly|usually|often|sometimes|mostly|mainly|typically|possibly|probably|"
    r"reported|caused|lasting|occurring|affecting|starting|spreading|coming|becoming|getting|"
    r"seen|after|before|during|despite)\b",
    re.I,
)
_CLAUSE_END = re.compile(r"[,;]|\s(?:and|or)\s+(?P<next>[\w-]+)", re.I)
_TIME = re.compile(
    r"\s+(?:(?:in|during|within|for|over|after)\s+the\s+(?:first|next|last|early|initial)\b"
    r"|(?:the|this|that|each|every|one|a)\s+(?:next\s+|following\s+|same\s+)?"
    r"(?:day|night|morning|evening|week|month|year)s?\b"
    r"|at\s+(?:night|first|the\s+start|the\s+beginning|high(?:er)?\s+doses?)\b)[^,;]*",
    re.I,
)
_COMPARISON = re.compile(
    r"(?P<verb>\w+ing)?\s+(?:(?:much|far|a\s+lot|a\s+little|a\s+bit)\s+)?"
    r"(?P<degree>more|less|longer|shorter|worse|better)"
    r"\s+(?:than|easily|often|quickly|frequently|usual)\b[^,;]*|\s+than\s+[^,;]*",
    re.I,
)
_CONJUNCTION = re.compile(
    r"(\s*,\s*(?:and/or|and|or)\s+|\s*,\s*|\s+(?:and/or|and|or|plus)\s+)", re.I
)
_AND_COMMA = re.compile(r"\b(and|or),\s+", re.I)
_AS_WELL_AS = re.compile(r"\s+(?:as\s+well\s+as|along\s+with|together\s+with)\s+", re.I)
_LEADING_SUBJECT_VERB = re.compile(
    r"^(?:(?:if\s+)?(?:you|your\s+child|they|he|she)\s+)?(?:also\s+)?(?:have|has|had|get|gets|got|"
    r"develop|develops|notice|notices|experience|experiences|pass|passes|suffer\s+from|"
    r"suffers\s+from)\s+",
    re.I,
)
_LEADING_FEEL = re.compile(r"^(?:you\s+)?(?:feel|feels)\s+", re.I)
_LEADING_OF = re.compile(r"^of\s+", re.I)
_WHITES_OF_EYES = re.compile(r"^(?:the\s+|your\s+)?whites?\s+of\s+(?:the\s+|your\s+)?eyes?$", re.I)

# Prose cues. After these a list of terms follows.
_POST_CUES = re.compile(
    r"\b(?:include|includes|included|including)\b:?"
    r"|\bsuch\s+as\b|\b(?:for\s+example|for\s+instance|e\.g\.),?"
    r"|\b(?:effects|symptoms|reactions|problems|issues|infections|conditions|disorders)\s+like\b"
    r"|\b(?:cause|causes|causing)\b(?!\s+(?:of|for|is|are)\b)"
    r"|\b(?:lead|leads|leading)\s+to\b|\b(?:result|results|resulting)\s+in\b"
    r"|\b(?:increase|increases|raise|raises)\s+(?:the\s+)?(?:risk|chance)\s+of\b"
    r"|\b(?:carries|carry)\s+(?:an?\s+)?(?:high\s+|higher\s+|small\s+|increased\s+)?risk\s+of\b"
    r"|\b(?:notice|notices|noticed|experience|experiences|develop|develops|report|reports)\b"
    r"|(?<=\S\s)if\s+(?:you|your\s+child|they|he|she)\s+(?:also\s+)?(?:have|has|get|gets)\b"
    r"(?!\s+(?:had|ever|been|any\s+questions)\b)"
    r"|^(?:you|your\s+child)\s+(?:have|has|get|gets)\b"
    r"|\b(?:people|patients)\s+(?:may\s+|might\s+|can\s+|often\s+)?(?:feel|get)\b"
    r"|\b(?:side\s+effects|effects|reactions|ones)\b(?:\s+\w+){0,7}?\s+(?:are|were|is)\b",
    re.I,
)
_COLON = re.compile(r":\s*")
# Before these a list of terms stands as the subject ("X, Y and Z are also common").
_PRE_CUE = re.compile(
    r"^(?P<list>.+?)\s+(?:(?:is|are|was|were)\s+(?:also\s+)?(?:an?\s+)?(?:common|reported|seen|"
    r"possible|rare|uncommon|frequent)(?=\s*$|\s*,|\s+(?:but|and|side|complication|reaction|"
    r"effect|problem)\b)|(?:has|have)\s+(?:also\s+)?been\s+(?:reported|seen|described)\b"
    r"|(?:can|may|might|could)\s+(?:also\s+)?(?:happen|occur|develop|become\s+(?:serious|severe|"
    r"dangerous|life-threatening))\b)",
    re.I,
)
_VERBAL_CUE = re.compile(
    r"\b(?:include|includes|cause|causes|lead\s+to|leads\s+to|result\s+in|results\s+in)\b",
    re.I,
)
_NEGATION = re.compile(r"\b(?:not|no|never|nor|cannot|without)\b|n't\b", re.I)
_OPENING_ADVERBIAL = re.compile(
    r"^(?:(?:in|on)\s+(?:rare|some|most|a\s+few|very\s+rare)\s+(?:cases|occasions)|(?:very\s+)?"
    r"rarely|occasionally|sometimes|less\s+often|more\s+rarely|over\s+(?:many|several)\s+years"
    r"|in\s+(?:the\s+)?long\s+term|with\s+long-term\s+use)\s*,\s*",
    re.I,
)
_CLIP = re.compile(
    r";|\s+but\s|,\s*but\s|\s+(?:al)?though\s|,\s*(?:al)?though\s|\s+because\s|,\s*so\s|"
    r"\s+so\s+that\s|\s+in\s+(?:some|rare|most)\s+cases\b|,?\s+and\s+(?:they|it|these|this|you|"
    r"your|can|may|might|could|should|is|are|will|need|needs|must|do|does|often|usually|happen|"
    r"happens|tend|tends)\b",
    re.I,
)

# Qualifying prefixes of a term.
_PREFIX = re.compile(
    r"^(?:(?:an?\s+)?(?:small\s+|slight\s+|slightly\s+)?(?:increased?|higher|raised|greater|"
    r"high|heightened)\s+(?:in\s+)?(?:the\s+)?(?:risk|chance)\s+(?:of|for)\s+"
    r"|(?:the\s+)?(?:risks?|chance)\s+(?:of|for)\s+"
    r"|(?:other\s+|early\s+|possible\s+|warning\s+|any\s+)?(?:signs?\s+(?:and|or)\s+symptoms?|"
    r"signs?|symptoms?|evidence|episodes?|bouts?)\s+of\s+"
    r"|(?:a\s+)?(?:tendency|likelihood)\s+(?:of|to)\s+)",
)
_RISK = re.compile(
    r"\b(?:an?\s+)?(?:small\s+|slight\s+|slightly\s+)?(?:(?:increase|rise)\s+in\s+(?:the\s+)?|"
    r"(?:increased|higher|raised|greater)\s+)(?:risk|chance)\s+(?:of|for)\s+",
    re.I,
)
_LEVEL_SUFFIX = re.compile(
    r"^((?:high|low|raised|elevated|increased|decreased|reduced|abnormal)\s.+?)\s"
    r"(?:levels?|readings?)$"
)

# Cheap substring tests that skip a regular expression when it cannot match.
_SIGNAL_HINTS = ("sign", "symptom", "signal", "indicat", "mean", "point", " be ")
_TIME_HINTS = (
    *("day", "night", "morning", "evening", "week", "month", "year", "first", "start"),
    *("beginning", "dose", "next", "last", "early", "initial"),
)
_COMPARISON_HINTS = (" than", " more ", " less ", " longer ", " shorter ", " worse ", " better ")
_CUE_HINTS = (
    *("includ", "such as", "example", "instance", "e.g.", "like", "caus", "lead", "result"),
    *("risk", "chance", "notic", "experienc", "develop", "report", "if ", "you", "people"),
    *("patients", "effects", "reactions", "ones"),
)
_TAIL_HINTS = (",", ";", " -", " –", " —")
_RELATIVE_HINTS = ("that", "which", "who", "where")
_NAMED_HINTS = ("called", "known as", "termed")
_NESTED_HINTS = ("such as", "includ", "like", "for example", "for instance", "e.g.")
_SUBORDINATE_WORDS = _words(
    """
    when whenever while if unless until because since although though once so even especially
    particularly usually often sometimes mostly mainly typically possibly probably reported
    caused lasting occurring affecting starting spreading coming becoming getting seen after
    before during despite
    """
)
_LEADING_HINTS = _words(
    """
    of if you your they he she also have has had get gets got develop develops notice notices
    experience experiences pass passes suffer suffers feel feels
    """
)


def _mentions(text: str, hints: Sequence[str]) -> bool:
    """Whether any hint occurs in ``text`` (case-insensitively)."""
    return any(map(text.lower().__contains__, hints))


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The curated side-effect vocabulary: canonical terms and a lookup from any spelling."""

    terms: frozenset[str]
    index: dict[str, str]  # lookup key (see :func:`lookup_key`) → canonical term
    protected: re.Pattern[str] | None  # multi-word aliases with "and"/"or"/"," inside


def load_vocabulary(path: Path = VOCAB_PATH) -> Vocabulary:
    """Read the TSV (header ``term``/``aliases``); a spelling claimed twice is an error."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].split("\t")[:2] != ["term", "aliases"]:
        raise ValueError(f"{path}: the header must be 'term<TAB>aliases'")
    terms: list[str] = []
    index: dict[str, str] = {}
    joined: list[str] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        term, _, aliases = line.partition("\t")
        term = term.strip()
        terms.append(term)
        for spelling in (term, *filter(None, (a.strip() for a in aliases.split("|")))):
            key = lookup_key(spelling)
            if key in index:
                raise ValueError(f"{path}:{number}: {spelling!r} is already claimed")
            index[key] = term
            if re.search(r",|\s(?:and|or)\s", spelling):
                joined.append(spelling)
    return Vocabulary(frozenset(terms), index, _protection_pattern(joined))


def _protection_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = []
    for phrase in sorted(phrases, key=len, reverse=True):
        words = [w for w in phrase.split() if w not in _DETERMINERS]
        parts = [rf"(?:(?:the|your|an?)\s+)?{re.escape(w)}(?:e?s)?" for w in words]
        alternatives.append(r"\s+".join(parts))
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.I)


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary in the vocabulary directory (``MEDSCRAPE_VOCAB_DIR``), loaded once."""
    from pipeline.vocabulary import vocab_dir  # the same directory as drugs and conditions

    return load_vocabulary(vocab_dir() / VOCAB_PATH.name)


@lru_cache(maxsize=8192)
def lookup_key(phrase: str) -> str:
    """A spelling's lookup key: words singularized, articles dropped, spaces and hyphens gone."""
    words = _KEY_WORDS.findall(_normalize(phrase))
    return "".join(singular(w) for w in words if w not in _DETERMINERS)


def _lookup(phrase: str) -> str | None:
    return vocabulary().index.get(lookup_key(phrase))


# --------------------------------------------------------------------------------------------
# Canonical terms
# --------------------------------------------------------------------------------------------


def singular(word: str) -> str:
    """'headaches' → 'headache', 'allergies' → 'allergy'; 'diarrhea', 'herpes', 'sepsis' stay."""
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if (
        len(word) <= 3
        or not word.endswith("s")
        or word.endswith(("ss", "us", "is", "'s"))
        or word in _NOT_PLURAL
        or (not word.isalpha() and "-" not in word)
    ):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("aches"):
        return word[:-1]
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    return word[:-1]


def _spell(word: str) -> str:
    word = _SPELLING_WORDS.get(word, word)
    if "ae" not in word and "oe" not in word and "our" not in word:
        return word
    for pattern, replacement in _SPELLING_RULES:
        word = pattern.sub(replacement, word)
    return word


def _normalize(text: str) -> str:
    """Lower case, ASCII, no parentheses or stray punctuation, American spelling, no article."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    if "(" in text or "[" in text:
        text = _PARENS.sub(" ", text)
    text = _NON_TERM_CHARS.sub(" ", text)
    words = []
    for raw in text.split():
        word = raw.strip("'/-")
        if len(word) != 2 or word[1] != ".":  # keep the "c." of "c. difficile"
            word = word.strip(".").strip("'/-")
        if word:
            words.append("the" if word in _POSSESSIVES else _spell(word))
    while words and words[0] in _DETERMINERS:
        words.pop(0)
    return " ".join(words)


def _strip_qualifiers(phrase: str) -> str:
    """Drop severity/frequency words and "increased risk of"/"signs of" prefixes, to a fixpoint."""
    while True:
        before = phrase
        phrase = _PREFIX.sub("", phrase)
        words = phrase.split()
        words = [w for i, w in enumerate(words) if i == len(words) - 1 or w not in _QUALIFIERS]
        while words and (words[0] in _DETERMINERS or words[0] in _POSSESSIVES):
            words.pop(0)
        if len(words) > 1 and words[0] in ("higher", "lower"):
            words[0] = words[0][:-2]
        words = [
            w
            for i, w in enumerate(words)
            if w not in ("more", "less")
            or (i + 1 < len(words) and not _looks_adjective(words[i + 1]))
        ]
        phrase = " ".join(words)
        if phrase.endswith(("level", "levels", "reading", "readings")):
            phrase = _LEVEL_SUFFIX.sub(r"\1", phrase)
        if phrase == before:
            return phrase


def _singular_head(phrase: str) -> str:
    """Singularize the head noun: the last word before the first preposition."""
    words = phrase.split()
    if not words:
        return phrase
    cut = next((i for i, w in enumerate(words) if i and w in _PREPOSITIONS), len(words))
    head = cut - 1
    if words[head] not in _BODY:
        words[head] = singular(words[head])
    return " ".join(words)


def _canonical_once(raw: str) -> str:
    phrase = _normalize(raw)
    hit = _lookup(phrase)
    if hit is not None:
        return hit
    phrase = _strip_qualifiers(phrase)
    hit = _lookup(phrase)
    return hit if hit is not None else _singular_head(phrase)


@lru_cache(maxsize=8192)
def canonical_term(raw: str) -> str:
    """One raw term → its canonical form (lower case, singular, synonyms merged)."""
    term = raw
    for _ in range(_MAX_ROUNDS):
        nxt = _canonical_once(term)
        if nxt == term:
            break
        term = nxt
    return term


# --------------------------------------------------------------------------------------------
# Judging candidates
# --------------------------------------------------------------------------------------------

Verdict = Literal["ok", "empty", "junk", "reject"]


def _is_adverb(word: str) -> bool:
    return word in _ADVERBS or (word.endswith("ly") and len(word) > 4 and word not in _LY_NOUNS)


def _is_body(words: list[str]) -> bool:
    """A bare body part: 'eyes', 'the whites of the eyes', 'upper right belly'."""
    content = [w for w in words if w not in _DETERMINERS and w not in _PREPOSITIONS]
    return (
        bool(content)
        and content[-1] in _BODY
        and all(w in _BODY or w in _POSITIONS or w in _POSSESSIVES for w in content)
    )


def _trim_long(term: str) -> str:
    """A term over the word limit loses its prepositional phrase ('pain in the upper … belly')."""
    words = term.split()
    if len(words) <= MAX_WORDS:
        return term
    cut = next((i for i, w in enumerate(words) if i and w in _PREPOSITIONS), len(words))
    return canonical_term(" ".join(words[:cut]))


def _judge(candidate: str) -> tuple[Verdict, str]:
    term = _trim_long(canonical_term(candidate.replace("_", " ")))
    if not term:
        return "empty", term
    if term in vocabulary().terms:
        return "ok", term
    words = term.split()
    if len(words) > MAX_WORDS or not _TERM_CHARS.match(term):
        return "junk", term
    if any(w in _CLAUSE_WORDS or w.isdigit() for w in words):
        return "junk", term
    if all(w in _QUALIFIERS or _is_adverb(w) for w in words):
        return "empty", term
    if len(words) == 1 and _looks_adjective(words[0], loose=False):
        return "reject", term
    return ("reject", term) if _is_generic(words) else ("ok", term)


def _is_generic(words: list[str]) -> bool:
    cut = next((i for i, w in enumerate(words) if i and w in _PREPOSITIONS), len(words))
    head, modifiers = singular(words[cut - 1]), words[: cut - 1]
    if head in _NON_TERM_HEADS or _is_body(words) or "'s" in " ".join(words):
        return True
    if len(words) == 1 and (words[0] in _MODIFIER_NOUNS or words[0] in _PREPOSITIONS):
        return True
    if head == "effect" and all(w in _GENERIC_MODIFIERS for w in modifiers):
        return True  # "side effects of tacrolimus"
    return (
        cut == len(words)
        and head in _GENERIC_HEADS
        and all(w in _GENERIC_MODIFIERS for w in modifiers)
    )


# --------------------------------------------------------------------------------------------
# Segments: trimming, coordination, elision
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Part:
    """One conjunct: ``text`` (possibly completed from its neighbours) and ``raw`` as written."""

    text: str
    raw: str

    def tokens(self) -> list[str]:
        return self.text.lower().split()

    def words(self) -> list[str]:
        return [w for w in self.tokens() if w not in _DETERMINERS]


def _prepare(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    if "." in text:
        text = _FOOTNOTE.sub(".", text)
    while "(" in text or "[" in text:
        stripped = _PARENS.sub("", text)
        if stripped == text:
            break
        text = stripped
    text = " ".join(text.split())
    if text[:1] in _BULLET_STARTS:
        text = _BULLET.sub("", text)
    return text.strip(" .:;!?\"'")


def _take_signals(segment: str) -> tuple[str, list[str]]:
    """Split off "…, which can be a sign of X" tails: (segment without them, [X, …])."""
    extras: list[str] = []
    if not _mentions(segment, _SIGNAL_HINTS):
        return segment, extras
    while (match := _SIGNAL.search(segment)) is not None:
        extras.insert(0, match.group("what"))
        segment = segment[: match.start()]
    return segment, extras


def _cut_prepositions(chunk: str) -> str:
    """Cut a prepositional phrase that names no body part, unless the head word keeps it."""
    words = chunk.split(" ")
    for i in range(1, len(words)):
        prep = words[i].lower()
        if prep not in _CUT_PREPOSITIONS:
            continue
        head = words[i - 1].lower()
        window = list(
            takewhile(lambda w: w not in ("and", "or"), (w.lower() for w in words[i + 1 : i + 8]))
        )
        locative = prep in ("in", "on", "at", "around", "inside", "into", "from", "near", "under")
        if head in _KEEP_PP_HEADS.get(prep, ()) or (
            locative and any(w in _BODY or w in _MODIFIER_NOUNS for w in window)
        ):
            continue
        return " ".join(words[:i])
    return chunk


def _cut_tail(text: str) -> str:
    """Drop what follows a dash, a semicolon or ', which/especially/…'."""
    return _TAIL.sub("", text) if _mentions(text, _TAIL_HINTS) else text


def _cut_relative(text: str) -> str:
    """Drop relative clauses ('that does not go away') up to the next comma."""
    return _RELATIVE.sub("", text) if _mentions(text, _RELATIVE_HINTS) else text


def _cut_subordinate(text: str) -> str:
    """Remove subordinate clauses ('when standing up quickly') up to where the list goes on."""
    if _SUBORDINATE_WORDS.isdisjoint(text.lower().replace(",", " ").split()):
        return text
    while (match := _SUBORDINATE.search(text)) is not None:
        end = len(text)
        for stop in _CLAUSE_END.finditer(text, match.end()):
            following = (stop.group("next") or "").lower()
            if not following or _starts_noun_phrase(following):
                end = stop.start()
                break
        text = text[: match.start()] + text[end:]
    return text


def _starts_noun_phrase(word: str) -> bool:
    return (
        word in _DETERMINERS
        or word in _POSSESSIVES
        or word in _ADJECTIVES
        or word in _QUALIFIERS
        or word in _BODY
        or word in _MODIFIER_NOUNS
    )


def _comparison(match: re.Match[str]) -> str:
    """'more than usual' goes, but 'peeing much less than usual' keeps 'less': 'peeing less'."""
    verb, degree = match.group("verb"), match.group("degree")
    if verb is None:
        return ""
    return f"{verb} {degree}" if degree.lower() == "less" else verb


def _cut_clauses(text: str) -> str:
    """Remove relative clauses, time phrases, comparisons and loose prepositional phrases."""
    if ", " in text:
        text = _ASIDE.sub(",", text)
    if _mentions(text, ("risk", "chance")):
        text = _RISK.sub("", text)
    text = _cut_subordinate(_cut_relative(text))
    if _mentions(text, _TIME_HINTS):
        text = _TIME.sub("", text)
    if _mentions(text, _COMPARISON_HINTS):
        text = _COMPARISON.sub(_comparison, text)
    return ",".join(_cut_prepositions(chunk) for chunk in text.split(","))


def _protect(text: str) -> str:
    """Glue vocabulary phrases with "and"/"or" inside ("pins and needles") so they stay whole."""
    pattern = vocabulary().protected
    if pattern is None or not _mentions(text, (" and ", " or ", ",")):
        return text
    return pattern.sub(lambda m: m.group(0).replace(" ", "_").replace(",", "~"), text)


def _split(text: str) -> tuple[list[_Part], list[str]]:
    """Conjuncts and the separators between them."""
    if _mentions(text, ("and,", "or,")):
        text = _AND_COMMA.sub(r"\1 ", text)
    if _mentions(text, (" as well as ", " along with ", " together with ")):
        text = _AS_WELL_AS.sub(", ", text)
    pieces = _CONJUNCTION.split(text)
    parts = [
        _Part(p.strip().replace("~", ","), p.strip().replace("_", " ").replace("~", ","))
        for p in pieces[::2]
    ]
    return parts, pieces[1::2]


def _clean_part(part: _Part) -> None:
    text = part.text.strip(" .:;")
    if text.split(" ", 1)[0].lower() in _LEADING_HINTS:
        text = _LEADING_OF.sub("", text)
        text = _LEADING_SUBJECT_VERB.sub("", text)
        text = _LEADING_FEEL.sub("feeling ", text)
    words = text.split()
    while words and _is_adverb(words[-1].lower()):
        words.pop()
    while words and words[0].lower() in _ADVERBS:
        words.pop(0)
    part.text = " ".join(words)


def _is_modifier_only(words: list[str]) -> bool:
    if not words:
        return False
    if len(words) == 1 and (words[0] in _BODY or words[0] in _MODIFIER_NOUNS):
        return True
    return all(w in _ADJECTIVES or w in _QUALIFIERS or _is_adverb(w) for w in words)


def _is_modifier(word: str) -> bool:
    return word in _ADJECTIVES or word in _QUALIFIERS or word in _BODY or word in _MODIFIER_NOUNS


def _is_donor_modifier(word: str) -> bool:
    """A word before the head of the conjunct that lends its head ('dry or *flaking* skin')."""
    return _is_modifier(word) or _is_adverb(word) or word.endswith("ing") or _looks_adjective(word)


def _looks_adjective(word: str, *, loose: bool = True) -> bool:
    """An adjective by the word lists or by its ending; ``loose`` also takes '-y' ('dizzy')."""
    if word.endswith("ing"):
        return False
    if word in _ADJECTIVES or word in _STATE_ADJECTIVES:
        return True
    if word.endswith(("ness", "ion", "ache", "ity", "ty", "gy", "phy", "ancy", "ency")):
        return False
    if word.endswith(("ed", "ous", "ful", "less", "able", "ible", "ish", "ive")):
        return True
    return loose and word.endswith("y")


def _body_tail(words: list[str]) -> int | None:
    """Where a trailing body part starts in ``words`` ('swelling of the face' → 3), if any."""
    text = " ".join(words)
    match = re.search(
        r"(?:^|\s)((?:the\s+|your\s+)?whites?\s+of\s+(?:the\s+|your\s+)?eyes?)$", text
    )
    if match:
        start = len(text[: match.start(1)].split())
        return start if start > 0 else None
    if len(words) < 2 or words[-1] not in _BODY or words[-2] in ("and", "or"):
        return None
    return len(words) - 1


def _complete_forward(prev: list[str], part: list[str]) -> str | None:
    """A conjunct completed from the one before it, if words were elided from its front."""
    core = [w for w in part if w not in _DETERMINERS]
    if not prev or not core:
        return None
    content = [w for w in prev if w not in _DETERMINERS]
    if not content:
        return None
    if content[0] == "feeling" and len(core) <= 2 and any(map(_looks_adjective, core)):
        return "feeling " + " ".join(core)  # feeling shaky, anxious or irritable
    gerund = next((j for j, w in enumerate(content) if j and w.endswith("ing")), None)
    objects = _POSSESSIVES | {"the", "a", "an", "yourself"}
    if gerund is not None and len(part) > 1 and part[0].endswith("ing") and part[1] in objects:
        return " ".join(content[:gerund] + part)  # difficulty peeing or emptying your bladder
    tail = _body_tail(prev)
    if tail is None or not (_is_body(core) or _WHITES_OF_EYES.match(" ".join(core))):
        return None
    prefix = prev[:tail]
    if prefix[-1] not in _PREPOSITIONS | _DETERMINERS | _POSSESSIVES and core[-1] in _FLUIDS:
        return None  # "tarry stools, or vomit": an adjective of one fluid says nothing of another
    return " ".join(prefix + [w for w in core if w not in _POSSESSIVES])  # dry skin, eyes and nose


def _distribute(parts: list[_Part], seps: list[str]) -> None:
    """Restore elided words across conjuncts, in place."""
    for i in range(1, len(parts)):
        completed = _complete_forward(parts[i - 1].tokens(), parts[i].tokens())
        if completed is not None:
            parts[i].text = completed
            parts[i].raw = parts[i - 1].raw + seps[i - 1] + parts[i].raw
    for i in range(len(parts) - 2, -1, -1):
        words = parts[i].words()
        if not _is_modifier_only(words):
            continue
        donor = next(
            (j for j in range(i + 1, len(parts)) if not _is_modifier_only(parts[j].words())), None
        )
        if donor is None:
            continue
        donor_words = parts[donor].words()
        last = len(donor_words) - 1
        lead = next(
            (k for k, w in enumerate(donor_words[:last]) if not _is_donor_modifier(w)), last
        )
        if lead > 0:
            parts[i].text = " ".join(words + donor_words[lead:])
            parts[i].raw = "".join(
                parts[k].raw + (seps[k] if k < donor else "") for k in range(i, donor + 1)
            )


def _replace_named(segment: str) -> str:
    """'painful skin changes called skin necrosis' → 'skin necrosis'."""
    match = _NAMED.search(segment) if _mentions(segment, _NAMED_HINTS) else None
    if match is None:
        return segment
    before, after = segment[: match.start()], segment[match.end() :]
    if before.rstrip().endswith(","):
        return after
    seps = list(_CONJUNCTION.finditer(before))
    return (before[: seps[-1].end()] if seps else "") + after


def _coordination_terms(text: str, mode: Mode) -> Found:
    parts, seps = _split(_cut_clauses(_protect(text)))
    for part in parts:
        _clean_part(part)
    _distribute(parts, seps)
    found: Found = []
    for part in parts:
        verdict, term = _judge(part.text)
        if verdict == "ok":
            found.append((term, part.raw.strip(" ,.;:")))
        elif verdict in ("junk", "reject") and mode == "strict":
            return []
        elif verdict == "junk" and mode == "list":
            break
    return found


def _segment_terms(segment: str, mode: Mode) -> Found:
    """Terms of one enumeration: a list item, or the words after a cue."""
    segment, extras = _take_signals(_prepare(segment))
    segment = _replace_named(_cut_tail(segment))
    nested = _NESTED_CUE.search(segment) if _mentions(segment, _NESTED_HINTS) else None
    found: Found = []
    if nested is not None and nested.start() > 0:
        head, tail = segment[: nested.start()], segment[nested.end() :]
        found += _coordination_terms(head, mode)
        if not _OTHER_TIER.search(head):
            found += _segment_terms(tail, mode)
    elif segment:
        found += _coordination_terms(segment, mode)
    for extra in extras:
        found += _segment_terms(extra, "list")
    return found


# --------------------------------------------------------------------------------------------
# Prose and list items
# --------------------------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    if "." not in text and "!" not in text and "?" not in text:
        return [text.strip()] if text.strip() else []
    for match in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text[start : match.start()]):
            continue
        sentences.append(text[start : match.start()])
        start = match.end()
    sentences.append(text[start:])
    return [s.strip() for s in sentences if s.strip()]


@dataclass(frozen=True, slots=True)
class _Cue:
    """Where a cue is in a sentence, the words it introduces and how strictly to read them."""

    start: int
    segment: str
    mode: Mode
    subject: bool = False  # the segment stands before the cue ("X and Y are also common")


def _cues(sentence: str) -> Iterator[_Cue]:
    """The sentence's cues, in order; a cue after a negation is skipped."""
    cues = (
        [_Cue(m.start(), sentence[m.end() :], "list") for m in _POST_CUES.finditer(sentence)]
        if _mentions(sentence, _CUE_HINTS)
        else []
    )
    cues += [_Cue(m.start(), sentence[m.end() :], "strict") for m in _COLON.finditer(sentence)]
    cues = [c for c in cues if not _describes_effects(sentence, c)]
    pre = _PRE_CUE.match(sentence)
    if pre is not None:
        cues.append(_Cue(0, pre.group("list"), "strict", subject=True))
    for cue in sorted(cues, key=lambda c: c.start):
        before = sentence[: cue.start]
        if cue.subject:
            yield cue
        elif not _NEGATION.search(before) and not _OTHER_TIER.search(before):
            clip = _CLIP.search(cue.segment)
            segment = cue.segment[: clip.start()] if clip else cue.segment
            if re.search(r"\bfeel$", sentence[: len(sentence) - len(cue.segment)].rstrip(), re.I):
                segment = "feeling " + segment.lstrip()  # "some people feel sick or dizzy"
            yield _Cue(cue.start, segment, cue.mode)


def _describes_effects(sentence: str, cue: _Cue) -> bool:
    """'Side effects are mild and …' describes the effects; it does not list them."""
    if not re.search(r"\b(?:are|were|is)$", sentence[: len(sentence) - len(cue.segment)].rstrip()):
        return False
    first = next(iter(cue.segment.lower().split()), "")
    return first in _QUALIFIERS or first in _ADVERBS or first in _CLAUSE_WORDS


def _sentence_terms(sentence: str) -> Found:
    """Terms named by one prose sentence: the first cue whose list yields any."""
    sentence = _OPENING_ADVERBIAL.sub("", _prepare(sentence))
    for cue in _cues(sentence):
        found = _segment_terms(cue.segment, cue.mode)
        if found:
            return found
    return []


def _item_terms(item: str) -> Found:
    """Terms of one list item ('Hair loss (alopecia) – usually temporary')."""
    item = _prepare(item)
    first = item.split()[0].lower() if item else ""
    if not item or first in _ADVICE_STARTS:
        return []
    sentences = _sentences(item)
    head = sentences[0]
    main_clause = _cut_subordinate(_cut_relative(_cut_tail(head)))
    found = (
        _sentence_terms(head) if _VERBAL_CUE.search(main_clause) else _segment_terms(head, "item")
    )
    for sentence in sentences[1:]:
        found += _sentence_terms(sentence)
    return found


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def _blocks(text: str, items: Sequence[str]) -> Iterator[tuple[Literal["item", "prose"], str]]:
    """The subsection's lines as list items or prose, in order; items absent from the text last."""
    wanted = {_squash(i) for i in items if i.strip()}
    seen: set[str] = set()
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        for line in lines:
            key = _squash(line)
            if key in wanted:
                seen.add(key)
                yield "item", line
            elif "|" in line:
                yield "item", line.split("|")[0]
            elif len(lines) > 1 and not line.endswith((".", ":", "!", "?")):
                yield "item", line
            else:
                yield from (("prose", s) for s in _sentences(line))
    for item in items:
        if item.strip() and _squash(item) not in seen:
            seen.add(_squash(item))
            yield "item", item


@dataclass(frozen=True, slots=True)
class _Ignore:
    """The page's own names: never a term, nor the object of one ('reaction to terbinafine')."""

    keys: frozenset[str]
    names: tuple[str, ...]
    objects: tuple[str, ...]  # " to terbinafine ", " of the terbinafine ", …

    @classmethod
    @lru_cache(maxsize=256)
    def of(cls, names: tuple[str, ...]) -> _Ignore:
        variants = [v for name in names for v in (name, _PARENS.sub("", name)) if v.strip()]
        keys = frozenset(lookup_key(canonical_term(v)) for v in variants)
        phrases = {_normalize(v) for v in variants} - {""}
        objects = tuple(
            f" {prep} {det}{name} "
            for name in phrases
            for prep in ("of", "to", "with", "from")
            for det in ("", "the ")
        )
        return cls(keys, tuple(phrases), objects)

    def __contains__(self, term: object) -> bool:
        if not isinstance(term, str):
            return False
        if lookup_key(term) in self.keys:
            return True
        if not any(map(term.__contains__, self.names)):
            return False
        return any(map(f" {term} ".__contains__, self.objects))


def extract_terms(
    text: str, items: Sequence[str] = (), *, ignore: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """Side-effect terms named in one subsection: (canonical term, the raw span as written), in
    order of first mention, each canonical term once. `ignore`: names to never return as terms
    (the page's drug and condition names).

    The raw span is the conjunct as the page writes it, less what was cut around it (a
    parenthesis, a trailing clause); for an elided coordination it is the whole coordination
    ("kidney or liver damage" for both kidney damage and liver damage).
    """
    skip = _Ignore.of(tuple(ignore))
    result: dict[str, str] = {}
    for kind, block in _blocks(text, items):
        for term, raw in _item_terms(block) if kind == "item" else _sentence_terms(block):
            if term not in result and term not in skip:
                result[term] = raw
    return list(result.items())
