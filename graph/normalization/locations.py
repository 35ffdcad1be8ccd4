"""Locations: country (ISO alpha-2), region (US state code; free text elsewhere) and city, or a geohash of
a latitude/longitude. Keys: "US", "US:OH", "US:OH:columbus", "FR::paris", "geo:dphgr63"."""

from __future__ import annotations

import math
from typing import Final

import pygeohash

from graph.kinds import IdentifierKind
from graph.normalization.forms import NormalForm, NormalizationError
from graph.normalization.geography import (
    COUNTRY_ALIASES,
    COUNTRY_CODES,
    US_STATE_CODES,
    US_STATE_NAMES,
)
from graph.normalization.text import fold_name

GEOHASH_PREFIX: Final = "geo:"
_GEOHASH_ALPHABET: Final = frozenset("0123456789bcdefghjkmnpqrstuvwxyz")
_MAX_GEOHASH_PRECISION: Final = 12
_COUNTRY_ONLY_REASON: Final = "a country alone is not an identifier: it is shared by millions"
_REGION_ONLY_REASON: Final = "a region alone is not an identifier: it is shared by millions"
_NULL_ISLAND_REASON: Final = "latitude 0, longitude 0 is the usual placeholder for an unknown position"


def _compact(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalpha())


def _country_code(country: str) -> str:
    text = country.strip()
    if len(text) == 2 and text.upper() in COUNTRY_CODES:
        return text.upper()
    code = COUNTRY_ALIASES.get(_compact(text))
    if code is None:
        raise NormalizationError(f"{country!r} is not a known country: give its ISO 3166 alpha-2 code")
    return code


def _us_state_code(region: str) -> str | None:
    text = region.strip().upper().removeprefix("US-")
    if text in US_STATE_CODES:
        return text
    return US_STATE_NAMES.get(_compact(region))


def _blank_to_none(text: str | None) -> str | None:
    return text if text is not None and text.strip() else None


def normalize_location(country: str | None, region: str | None, city: str | None) -> NormalForm:
    """A place from its parts. A US region must be a state (code or name); a region without a country is
    read as a US state when it is one. A city needs a country."""
    country, region, city = _blank_to_none(country), _blank_to_none(region), _blank_to_none(city)
    inferred = ""
    if country is None:
        if region is None:
            what = "a city" if city is not None else "a location"
            raise NormalizationError(f"{what} without a country is not a place tipgraph can key")
        if _us_state_code(region) is None:
            raise NormalizationError(f"the region {region!r} has no country and is not a US state")
        country_code, inferred = "US", ".us_inferred"
    else:
        country_code = _country_code(country)

    if region is None:
        region_key = ""
    elif country_code == "US":
        state = _us_state_code(region)
        if state is None:
            raise NormalizationError(f"{region!r} is not a US state, district or territory")
        region_key = state
    else:
        region_key = fold_name(region)
        if ":" in region_key:
            raise NormalizationError(f"the region {region!r} contains ':'")

    if city is not None:
        key = f"{country_code}:{region_key}:{fold_name(city)}"
        return NormalForm(IdentifierKind.LOCATION, key, "location.city" + inferred)
    if region_key:
        key = f"{country_code}:{region_key}"
        return NormalForm(IdentifierKind.LOCATION, key, "location.region" + inferred, _REGION_ONLY_REASON)
    return NormalForm(IdentifierKind.LOCATION, country_code, "location.country", _COUNTRY_ONLY_REASON)


def normalize_geohash(latitude: float, longitude: float, precision: int = 7) -> NormalForm:
    """A latitude/longitude as a geohash cell; precision 7 is a cell about 150 m across."""
    if not (math.isfinite(latitude) and -90.0 <= latitude <= 90.0):
        raise NormalizationError(f"latitude {latitude!r} is outside -90..90")
    if not (math.isfinite(longitude) and -180.0 <= longitude <= 180.0):
        raise NormalizationError(f"longitude {longitude!r} is outside -180..180")
    if not 1 <= precision <= _MAX_GEOHASH_PRECISION:
        raise NormalizationError(f"geohash precision {precision} is outside 1..{_MAX_GEOHASH_PRECISION}")
    return _geohash_form(pygeohash.encode(latitude, longitude, precision))


def parse_geohash_key(text: str) -> NormalForm:
    """A geohash written as "geo:<hash>" (as a query gives it)."""
    cell = text.strip().lower().removeprefix(GEOHASH_PREFIX)
    if not 1 <= len(cell) <= _MAX_GEOHASH_PRECISION or not set(cell) <= _GEOHASH_ALPHABET:
        raise NormalizationError(f"{text!r} is not a geohash (1 to 12 characters of the geohash alphabet)")
    return _geohash_form(cell)


def _geohash_form(cell: str) -> NormalForm:
    # The cell holding 0,0 ("s000...") stands for that placeholder: almost nobody is really out there.
    reason = _NULL_ISLAND_REASON if cell[0] == "s" and cell[1:].strip("0") == "" else None
    return NormalForm(IdentifierKind.LOCATION, GEOHASH_PREFIX + cell, "location.geohash", reason)
