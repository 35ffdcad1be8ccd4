"""Email addresses: lowercase, IDNA domain, and the provider rules that make aliases of one mailbox meet."""

from __future__ import annotations

from typing import Final

from graph.kinds import IdentifierKind
from graph.normalization.domains import DomainError, normalize_domain
from graph.normalization.forms import NormalForm, NormalizationError
from graph.normalization.text import has_control_or_space

# Gmail ignores dots in the local part and everything from "+"; googlemail.com is the same mailbox.
_GMAIL_DOMAINS: Final = frozenset({"gmail.com", "googlemail.com"})
_GMAIL_CANONICAL_DOMAIN: Final = "gmail.com"
# Characters outside RFC 5322 atext (besides the dot) that only a quoted local part could carry; quoted
# local parts are vanishingly rare in practice and are refused rather than half-supported.
_LOCAL_PART_SPECIALS: Final = frozenset('()<>[]\\,;:"@')
_MAX_LOCAL_PART_LENGTH: Final = 64


def normalize_email(raw: str) -> NormalForm:
    text = raw.strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    local, at, domain = text.rpartition("@")
    if not at:
        raise NormalizationError(f"{raw!r} is not an email address: it has no '@'")
    if not local:
        raise NormalizationError(f"{raw!r} is not an email address: nothing before the '@'")
    if has_control_or_space(local) or any(ch in _LOCAL_PART_SPECIALS for ch in local):
        raise NormalizationError(
            f"{raw!r} is not an email address: the part before '@' has invalid characters"
        )
    if len(local) > _MAX_LOCAL_PART_LENGTH:
        raise NormalizationError(
            f"{raw!r} is not an email address: the part before '@' is over 64 characters"
        )
    if domain.startswith("["):
        raise NormalizationError(f"{raw!r}: address-literal domains are not accepted as identifiers")
    try:
        ascii_domain = normalize_domain(domain)
    except DomainError as exc:
        raise NormalizationError(f"{raw!r} is not an email address: {exc}") from exc
    local = local.lower()
    if ascii_domain in _GMAIL_DOMAINS:
        mailbox = local.partition("+")[0].replace(".", "")
        if not mailbox:
            raise NormalizationError(f"{raw!r} is not an email address: no Gmail mailbox name before '+'")
        return NormalForm(IdentifierKind.EMAIL, f"{mailbox}@{_GMAIL_CANONICAL_DOMAIN}", "email.gmail")
    return NormalForm(IdentifierKind.EMAIL, f"{local}@{ascii_domain}", "email.lowercase")
