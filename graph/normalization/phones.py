"""Phone numbers in E.164, via phonenumbers.

Numbers are required to be *possible* (right length for the country), not *valid*: the fictional ranges
synthetic data must use (+1 555-01xx) are deliberately not valid numbers.
"""

from __future__ import annotations

from typing import Final

import phonenumbers

from graph.kinds import IdentifierKind
from graph.normalization.forms import NormalForm, NormalizationError

# phonenumbers' region for calling codes that belong to no single country (+800, +882, ...).
_NON_GEOGRAPHIC_REGIONS: Final = frozenset({"001", phonenumbers.UNKNOWN_REGION})


def _calling_code_digits(country_calling_code: str) -> str:
    digits = country_calling_code.strip().removeprefix("+").removeprefix("00")
    if not digits.isdigit() or not 1 <= len(digits) <= 3:
        raise NormalizationError(f"{country_calling_code!r} is not a country calling code")
    return digits


def phone_region(country: str) -> str:
    """The region a national-format number is read in, from an ISO 3166 alpha-2 country code."""
    code = country.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise NormalizationError(f"{country!r} is not an ISO 3166 alpha-2 country code phone numbers know")
    return code


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber:
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise NormalizationError(f"{text!r} is not a phone number: {exc._msg}") from exc


def normalize_phone(
    raw: str, country_calling_code: str | None = None, default_region: str | None = None
) -> NormalForm:
    """E.164 form of a phone number. A number written with "+" carries its own country; otherwise the
    country comes from `country_calling_code` (e.g. "+1") if given, else from `default_region` (ISO
    alpha-2, e.g. the platform's or the address's country)."""
    text = raw.strip()
    if not text:
        raise NormalizationError("the phone number is empty")
    if text.startswith("+"):
        number, rule = _parse(text, None), "phone.e164.international"
    elif country_calling_code and country_calling_code.strip():
        code = _calling_code_digits(country_calling_code)
        region = phonenumbers.region_code_for_country_code(int(code))
        if region in _NON_GEOGRAPHIC_REGIONS:
            number = _parse(f"+{code} {text}", None)
        else:
            number = _parse(text, region)
            if str(number.country_code) != code:
                raise NormalizationError(f"{raw!r} does not fit the country calling code +{code}")
        rule = "phone.e164.calling_code"
    elif default_region and default_region.strip():
        number, rule = _parse(text, default_region.strip().upper()), "phone.e164.region"
    else:
        raise NormalizationError(
            f"{raw!r} has no country: write it with '+' and the country code, or give the country"
        )
    if not phonenumbers.is_possible_number(number):
        raise NormalizationError(f"{raw!r} is not a possible phone number (wrong length for its country)")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return NormalForm(IdentifierKind.PHONE, e164, rule)
