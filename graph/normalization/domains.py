"""Domain names in one spelling: lowercase ASCII, internationalised labels as IDNA A-labels (xn--...)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

import idna

# Underscores are not LDH, but real hostnames carry them and browsers accept them, so they are tolerated.
_ASCII_LABEL: Final = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
_MAX_DOMAIN_LENGTH: Final = 253


class DomainError(ValueError):
    """The text is not a usable domain name; the message says why."""


@lru_cache(maxsize=8192)
def normalize_domain(domain: str) -> str:
    """The domain's canonical spelling. Domains repeat across tips, hence the cache: the idna library is
    pure Python and slow, and the fast ASCII path still costs a regex per label."""
    text = domain.strip().rstrip(".")
    if not text:
        raise DomainError("the domain is empty")
    if text.isascii() and "xn--" not in text.lower():
        ascii_domain = text.lower()
    else:
        try:
            ascii_domain = idna.encode(text, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError) as exc:
            raise DomainError(f"the domain {domain!r} is not a valid internationalised name ({exc})") from exc
    if len(ascii_domain) > _MAX_DOMAIN_LENGTH:
        raise DomainError(
            f"the domain is {len(ascii_domain)} characters long, more than {_MAX_DOMAIN_LENGTH}"
        )
    labels = ascii_domain.split(".")
    if len(labels) < 2:
        raise DomainError(f"the domain {domain!r} has no dot: a single label is not an internet domain")
    for label in labels:
        if not _ASCII_LABEL.fullmatch(label):
            raise DomainError(f"the domain {domain!r} has an invalid label {label!r}")
    if labels[-1].isdigit():
        raise DomainError(f"the domain {domain!r} ends in a numeric label: that is an address, not a name")
    return ascii_domain
