"""Device ids: (idType, idValue). Hardware ids with a known format get one spelling (IMEI always 15 digits,
MAC as lowercase colon pairs); other ids are kept as given."""

from __future__ import annotations

import re
from typing import Final

from graph.kinds import IdentifierKind
from graph.normalization.forms import NormalForm, NormalizationError
from graph.normalization.known_benign import known_benign_reason
from graph.normalization.text import has_control_or_space

# idType spellings, compacted (uppercase, letters and digits only), to the canonical type.
_TYPE_ALIASES: Final = {
    "IMEI": "IMEI",
    "IMEISV": "IMEI",
    "ICCID": "ICCID",
    "MEID": "MEID",
    "MAC": "MAC",
    "MACADDRESS": "MAC",
}
_SEPARATORS: Final = re.compile(r"[\s\-./:]+")
_TYPE_WORD_BREAKS: Final = re.compile(r"[\s_\-]+")
_NOT_ALNUM: Final = re.compile(r"[^0-9A-Z]+")
_HEX_UPPER: Final = re.compile(r"[0-9A-F]+")
_UUID: Final = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_ALL_ZERO_REASON: Final = "an all-zero device id is a placeholder, reported by many unrelated devices"


def luhn_check_digit(body: str) -> str:
    """The Luhn digit that completes `body` (the IMEI and ICCID check digit)."""
    total = 0
    for position, char in enumerate(reversed(body)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def _imei(value: str) -> str:
    digits = _SEPARATORS.sub("", value)
    if not (digits.isdigit() and digits.isascii()):
        raise NormalizationError(f"{value!r} is not an IMEI: it must be digits")
    # 14 digits lack the check digit; 16 are an IMEISV, whose last two digits are a software version.
    # Both reduce to the 15-digit IMEI of the same handset.
    if len(digits) == 15:
        return digits
    if len(digits) in (14, 16):
        return digits[:14] + luhn_check_digit(digits[:14])
    raise NormalizationError(f"{value!r} is not an IMEI: it has {len(digits)} digits, not 14 to 16")


def _iccid(value: str) -> str:
    # SIM tools often print the ICCID padded with a trailing 'F' nibble.
    digits = _SEPARATORS.sub("", value).rstrip("Ff")
    if not (digits.isdigit() and digits.isascii() and 18 <= len(digits) <= 22):
        raise NormalizationError(f"{value!r} is not an ICCID: it must be 18 to 22 digits")
    return digits


def _meid(value: str) -> str:
    # An MEID is 14 hex digits, or the same 56 bits written as 18 decimal digits.
    text = _SEPARATORS.sub("", value).upper()
    if (len(text) == 14 and _HEX_UPPER.fullmatch(text)) or (len(text) == 18 and text.isdigit()):
        return text
    raise NormalizationError(f"{value!r} is not an MEID: it must be 14 hex or 18 decimal digits")


def _mac(value: str) -> str:
    text = _SEPARATORS.sub("", value).upper()
    if len(text) != 12 or not _HEX_UPPER.fullmatch(text):
        raise NormalizationError(f"{value!r} is not a MAC address: it must be 12 hex digits")
    return ":".join(text[i : i + 2] for i in range(0, 12, 2)).lower()


def _as_given(value: str) -> str:
    text = value.strip()
    if not text or has_control_or_space(text):
        raise NormalizationError(f"{value!r} is not a device id: it is empty or contains whitespace")
    # UUID-shaped ids (advertising ids, vendor ids) are case-insensitive hex.
    return text.lower() if _UUID.fullmatch(text) else text


_VALUE_RULES: Final = {"IMEI": _imei, "ICCID": _iccid, "MEID": _meid, "MAC": _mac}


def normalize_device(id_type: str, id_value: str) -> NormalForm:
    """Key "<idType>:<value>"; the idType uppercased with spaces, '_' and '-' as one space."""
    folded_type = _TYPE_WORD_BREAKS.sub(" ", id_type).strip().upper()
    if not folded_type:
        raise NormalizationError("the device idType is empty")
    if ":" in folded_type:
        raise NormalizationError(f"the device idType {id_type!r} contains ':', which cannot be keyed")
    canonical_type = _TYPE_ALIASES.get(_NOT_ALNUM.sub("", folded_type))
    if canonical_type is None:
        value, rule, key_type = _as_given(id_value), "device.as_given", folded_type
    else:
        value, rule, key_type = (
            _VALUE_RULES[canonical_type](id_value),
            f"device.{canonical_type.lower()}",
            canonical_type,
        )
    key = f"{key_type}:{value}"
    reason = known_benign_reason(IdentifierKind.DEVICE, key)
    if reason is None and _NOT_ALNUM.sub("", value.upper()).strip("0") == "":
        reason = _ALL_ZERO_REASON
    return NormalForm(IdentifierKind.DEVICE, key, rule, reason)
