"""What the clearinghouse's own side says of a reported file, as the score takes it: a category from the
label that counts most (an analyst's review over a hash-list match) and whether a person there viewed it.
Made by graph/labels from a tip's labels; the score never reads labels itself, so it stays pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# The category that says a file is not child sexual abuse material: it carries no severity.
NOT_CSAM: Final = "NOT_CSAM"


@dataclass(frozen=True, slots=True)
class FileVerdict:
    """`category` is A1, A2, B1, B2 or NOT_CSAM (None: no label of this side gives one); `source` says which
    label it came from, in words fit for a score's evidence (never a person's name)."""

    category: str | None
    source: str
    viewed: bool = False
