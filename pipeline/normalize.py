"""Text normalization: pure, idempotent functions over strings."""

from __future__ import annotations

import re
import unicodedata

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


def clean_line(text: str) -> str:
    """Collapse whitespace to single spaces, drop invisible characters, NFC; one line."""
    text = text.translate(_INVISIBLE)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def clean_text(text: str) -> str:
    """Like clean_line, but keep line breaks; a run of blank lines becomes one paragraph break."""
    lines = [clean_line(line) for line in text.split("\n")]
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def slugify(text: str) -> str:
    """Lower-case ASCII slug: accents folded, apostrophes dropped, other runs of symbols → '-'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = _SLUG_APOSTROPHES.sub("", folded.lower())
    return _SLUG_OTHER.sub("-", folded).strip("-")


__all__ = ["clean_line", "clean_text", "fix_mojibake", "slugify"]
