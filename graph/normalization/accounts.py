"""Accounts and screen names, both keyed within their platform: an espIdentifier or a screen name is
unique only on the service that issued it."""

from __future__ import annotations

from functools import lru_cache

from graph.kinds import IdentifierKind
from graph.normalization.forms import NormalForm, NormalizationError
from graph.normalization.text import fold_name


@lru_cache(maxsize=1024)
def normalize_platform(platform: str) -> str:
    """The platform's name folded so "PixPost  Messenger" and "pixpost messenger" meet. A ':' is refused
    because keys are "<platform>:<value>" and a query splits them on the first ':'. Cached: a tip's
    accounts and screen names are keyed within its platform, and services are few."""
    folded = fold_name(platform)
    if not folded:
        raise NormalizationError("the platform is empty: an account or screen name needs its platform")
    if ":" in folded:
        raise NormalizationError(f"the platform {platform!r} contains ':', which cannot be keyed")
    return folded


def normalize_account(platform: str, esp_identifier: str) -> NormalForm:
    """Key "<platform folded>:<espIdentifier stripped>"; the id keeps its case, services may issue
    case-sensitive ids."""
    account_id = esp_identifier.strip()
    if not account_id:
        raise NormalizationError("the espIdentifier is empty")
    return NormalForm(
        IdentifierKind.ACCOUNT, f"{normalize_platform(platform)}:{account_id}", "account.platform_id"
    )


def normalize_screen_name(platform: str, screen_name: str) -> NormalForm:
    """Key "<platform folded>:<name casefolded>". One leading '@' is dropped: "@owl" and "owl" are the
    same handle, written with and without the mention sign."""
    name = fold_name(screen_name).removeprefix("@")
    if not name:
        raise NormalizationError("the screen name is empty")
    return NormalForm(
        IdentifierKind.SCREEN_NAME, f"{normalize_platform(platform)}:{name}", "screen_name.casefold"
    )
