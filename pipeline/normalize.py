"""Text normalization: pure, idempotent functions over strings.

The parser uses the low-level ones (:func:`clean_line`, :func:`clean_text`, :func:`fix_mojibake`,
:func:`slugify`) and keeps punctuation as the page has it; the normalization stage
(:mod:`pipeline.canonical`) then applies :func:`normalize_text`, :func:`normalize_heading` and
:func:`normalize_item` to every string of a record, and :func:`drop_repeated_sentences` to a
page's blocks. Every function here returns its input unchanged when applied a second time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import ftfy
from ftfy.badness import is_bad

# Characters that carry no text: soft hyphen, zero-width space/non-joiner/joiner, word joiner, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_SLUG_APOSTROPHES = re.compile(r"['’‘`´]")
_SLUG_OTHER = re.compile(r"[^a-z0-9]+")
_MAX_MOJIBAKE_ROUNDS = 4
# UTF-8 read as latin-1/cp1252 shows a lead byte (Â Ã â Ð …) before a continuation byte (U+0080-
# U+00BF or its cp1252 glyph). ftfy's own check is thorough but slow on a whole page; this finds
# the candidates fast, and ftfy decides.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
    "\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2022\u2026\u2030\u2039"
    "\u203a\u20ac\u2122]"
)
_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False, unescape_html=False, fix_line_breaks=False, explain=False
)


def fix_mojibake(text: str) -> str:
    """Repair text that was decoded with the wrong charset ("itâ€™s" → "it’s"), else return it."""
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text
    # Only the lines that hold a candidate go through ftfy: a whole page costs milliseconds.
    return "\n".join(
        _fix_line(line) if _MOJIBAKE_HINT.search(line) else line for line in text.split("\n")
    )


def _fix_line(text: str) -> str:
    # ftfy's repairs can enable further ones ('\x80' → '€' makes '»Ü€' decodable): repeat to a
    # fixed point, so that the function is idempotent.
    for _ in range(_MAX_MOJIBAKE_ROUNDS):
        if not is_bad(text):
            return text
        fixed = ftfy.fix_text(text, _FTFY)
        if fixed == text:
            return text
        text = fixed
    return text


# Characters clean_line/clean_text change: whitespace other than ' ' and '\n' (what str.split()
# splits on) and invisible characters.
_UNCLEAN_CHARS = re.compile(
    "[\t\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060"
    "\u3000\ufeff\u00ad]"
)


def _clean_already(text: str) -> bool:
    """Whether clean_text would return the text as it is (checked with fast substring tests)."""
    if not text:
        return True
    if text[0] in " \n" or text[-1] in " \n":
        return False
    if "  " in text or " \n" in text or "\n " in text or "\n\n\n" in text:
        return False
    if _UNCLEAN_CHARS.search(text):
        return False
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def clean_line(text: str) -> str:
    """Collapse whitespace to single spaces, drop invisible characters, NFC; one line."""
    if "\n" not in text and _clean_already(text):
        return text  # already clean: most lines are
    text = text.translate(_INVISIBLE)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def clean_text(text: str) -> str:
    """Like clean_line, but keep line breaks; a run of blank lines becomes one paragraph break."""
    if _clean_already(text):
        return text  # already clean: the parser's own text is
    lines = [clean_line(line) for line in text.split("\n")]
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


# Typographic punctuation, made consistent: quotes and apostrophes become ASCII (what people
# type when they search or join on names); hyphen look-alikes become '-'; figure and en dashes
# '–'; em dashes and horizontal bars '—'. Ellipses and other symbols are kept.
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u2012": "\u2013",
        "\u2015": "\u2014",
    }
)
_TYPOGRAPHIC = re.compile("[" + "".join(chr(c) for c in _PUNCTUATION) + "]")
_DOUBLE_HYPHEN = re.compile(r"(?<=\w) ?-- ?(?=\w)")
# "end.Next": a missing space after a sentence ends (two lower-case letters before the stop, a
# capitalised word after it, so "e.g.", "U.S." and "Node.js" are left alone).
_RUN_ON = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_RUN_ON_HINT = re.compile(r"[.!?][A-Z]")  # a cheap scan first: most text has no run-on
# A marker a list item kept from its source: bullets, dashes, arrows, check marks, "1." "1)",
# "a)" "(b)" — not "C." or "E." (C. difficile, E. coli) nor ">" ("> 140/90").
_LIST_MARKER = re.compile(
    r"^(?:[\u2022\u2023\u25aa\u25ab\u25cf\u25e6\u2043\u2219\u00b7*\u2013\u2014\u2192"
    r"\u2713\u2714\u2705\u27a4\u25b6\u25ba-]|\d{1,2}[.)]|\(?[a-zA-Z]\))\s+"
)
_LINE_MARKER = re.compile(_LIST_MARKER.pattern, re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
#: A sentence in this many blocks of one page is boilerplate ("Always consult your doctor …").
REPEATED_IN_BLOCKS = 3
#: Shorter sentences repeat naturally ("Talk to your doctor."), so only longer ones count.
_MIN_BOILERPLATE_WORDS = 6


def normalize_punctuation(text: str) -> str:
    """Quotes and apostrophes to ASCII, hyphen look-alikes to '-', dashes made consistent."""
    if not text.isascii() and _TYPOGRAPHIC.search(text):
        text = text.translate(_PUNCTUATION)
    return text if "--" not in text else _DOUBLE_HYPHEN.sub(" \u2014 ", text)


def normalize_text(text: str) -> str:
    """A block's text: mojibake repaired, NFC, invisible characters and extra whitespace gone,
    punctuation consistent, a space after every sentence; line structure kept."""
    return _settle(text, _text_step)


def normalize_heading(text: str) -> str:
    """A heading or a name: like :func:`normalize_text`, on one line."""
    if text.isascii():  # nothing to repair, compose or translate: whitespace and "--" only
        line = " ".join(text.split())
        return _DOUBLE_HYPHEN.sub(" \u2014 ", line) if "--" in line else line
    return _settle(clean_line(text), _heading_step)


def _text_step(text: str) -> str:
    # Whitespace first: "daily\xa0-- or" must read "daily -- or" before the dash rule sees it.
    text = clean_text(normalize_punctuation(clean_text(fix_mojibake(text))))
    return _RUN_ON.sub(" ", text) if _RUN_ON_HINT.search(text) else text


def _heading_step(text: str) -> str:
    return clean_line(normalize_punctuation(clean_line(fix_mojibake(text))))


def _settle(text: str, step: Callable[[str], str]) -> str:
    """Apply a step until nothing changes: a repair can reveal another (a straightened quote
    next to a stray lead byte). Text without a mojibake candidate is settled after one step."""
    for _ in range(_MAX_MOJIBAKE_ROUNDS):
        done = step(text)
        if done == text or not _MOJIBAKE_HINT.search(done):
            return done
        text = done
    return text


def normalize_item(text: str) -> str:
    """A list item: normalized as a heading, without a leading bullet or number kept as text."""
    return _strip_markers(normalize_heading(text))


def normalize_lines(text: str) -> str:
    """:func:`normalize_text`, with list markers stripped from the start of every line."""
    text = normalize_text(text)
    if not _LINE_MARKER.search(text):
        return text
    return "\n".join(_strip_markers(line) for line in text.split("\n"))


def _strip_markers(line: str) -> str:
    while True:
        stripped = _LIST_MARKER.sub("", line, count=1)
        if stripped == line or not stripped:
            return line
        line = stripped


def sentences(text: str) -> list[str]:
    """A paragraph's sentences (split after '.', '!' or '?' before a capital or a digit)."""
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]


def drop_repeated_sentences(texts: list[str]) -> list[str]:
    """Remove boilerplate: any sentence of six or more words found in three or more of a page's
    blocks is removed from all of them (paragraphs left empty disappear)."""
    blocks_with: dict[str, int] = {}
    for text in texts:
        for sentence in {s for line in text.split("\n") for s in sentences(line)}:
            if sentence.count(" ") + 1 >= _MIN_BOILERPLATE_WORDS:
                blocks_with[sentence] = blocks_with.get(sentence, 0) + 1
    repeated = {s for s, n in blocks_with.items() if n >= REPEATED_IN_BLOCKS}
    if not repeated:
        return texts
    return [_without(text, repeated) for text in texts]


def _without(text: str, repeated: set[str]) -> str:
    lines = []
    for line in text.split("\n"):
        kept = " ".join(s for s in sentences(line) if s not in repeated)
        if kept or not line:
            lines.append(kept)
    return clean_text("\n".join(lines))


def at_most_words(text: str, limit: int) -> bool:
    """Whether ``text`` has at most ``limit`` words: ``len(text.split()) <= limit`` without
    splitting all of a long text (most blocks asked are paragraphs, far over the limit)."""
    return len(text.split(None, limit)) <= limit


def slugify(text: str) -> str:
    """Lower-case ASCII slug: accents folded, apostrophes dropped, other runs of symbols → '-'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = _SLUG_APOSTROPHES.sub("", folded.lower())
    return _SLUG_OTHER.sub("-", folded).strip("-")


__all__ = [
    "clean_line",
    "clean_text",
    "drop_repeated_sentences",
    "fix_mojibake",
    "normalize_heading",
    "normalize_item",
    "normalize_lines",
    "normalize_punctuation",
    "normalize_text",
    "sentences",
    "slugify",
]
