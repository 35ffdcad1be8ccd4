"""Folding of free text (names, platforms, cities) so that spelling variants of one name meet."""

from __future__ import annotations

import unicodedata


def fold_name(text: str) -> str:
    """NFKC, casefolded, inner whitespace collapsed to one space, outer whitespace stripped.

    NFKC before casefold is Unicode's recipe for caseless identifier matching: it makes full-width and
    compatibility forms meet their plain letters.
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def has_control_or_space(text: str) -> bool:
    """True when the text contains whitespace or a control character anywhere.

    Every whitespace character but the space is unprintable (Unicode's separators and controls), so
    this is one scan in C rather than a Python loop over the characters (a load normalises millions)."""
    return not text.isprintable() or " " in text
