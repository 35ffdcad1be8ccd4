"""One query string per kind, as the GraphQL `identifier(kind, value)` query takes it, normalised exactly
as ingest normalises the same value so that a query finds what ingest stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from graph.kinds import IdentifierKind
from graph.normalization.accounts import normalize_account, normalize_screen_name
from graph.normalization.devices import normalize_device
from graph.normalization.emails import normalize_email
from graph.normalization.file_hashes import normalize_file_hash
from graph.normalization.forms import NormalForm, NormalizationError
from graph.normalization.ips import normalize_ip
from graph.normalization.locations import GEOHASH_PREFIX, normalize_location, parse_geohash_key
from graph.normalization.phones import normalize_phone, phone_region
from graph.normalization.reports import normalize_report_id
from graph.normalization.urls import normalize_url


def _split_pair(value: str, shape: str) -> tuple[str, str]:
    head, colon, tail = value.partition(":")
    if not colon:
        raise NormalizationError(f"{value!r} is not of the form {shape}")
    return head, tail


def _account(value: str) -> NormalForm:
    return normalize_account(*_split_pair(value, "platform:espIdentifier"))


def _screen_name(value: str) -> NormalForm:
    return normalize_screen_name(*_split_pair(value, "platform:screenName"))


def _device(value: str) -> NormalForm:
    return normalize_device(*_split_pair(value, "idType:idValue"))


def _file_hash(value: str) -> NormalForm:
    # A bare value has no ':'; its algorithm is inferred from its length.
    algorithm, colon, digest = value.strip().partition(":")
    return normalize_file_hash(algorithm, digest) if colon else normalize_file_hash("", algorithm)


def _location(value: str) -> NormalForm:
    if value.strip().lower().startswith(GEOHASH_PREFIX):
        return parse_geohash_key(value)
    parts = value.split(":", 2)
    country, region, city = parts + [""] * (3 - len(parts))
    return normalize_location(country, region, city)


def _phone(value: str) -> NormalForm:
    # Only an international number says its country; a query has no tip to take a country from.
    return normalize_phone(value)


def parse_phone_query(value: str, country: str | None) -> NormalForm:
    """A PHONE query: an international number ("+1 202 555 0147"), or a national one with the country it
    is dialled in (ISO 3166 alpha-2), as ingest reads a tip's number with its platform's or address's."""
    if country is None:
        return normalize_phone(value)
    return normalize_phone(value, default_region=phone_region(country))


_PARSERS: Final[dict[IdentifierKind, Callable[[str], NormalForm]]] = {
    IdentifierKind.ACCOUNT: _account,
    IdentifierKind.SCREEN_NAME: _screen_name,
    IdentifierKind.EMAIL: normalize_email,
    IdentifierKind.PHONE: _phone,
    IdentifierKind.IP: normalize_ip,
    IdentifierKind.FILE_HASH: _file_hash,
    IdentifierKind.LOCATION: _location,
    IdentifierKind.URL: normalize_url,
    IdentifierKind.DEVICE: _device,
    IdentifierKind.REPORT: normalize_report_id,
}


def parse_identifier_query(kind: IdentifierKind, value: str) -> NormalForm:
    """The normal form of a query value of one kind:
    ACCOUNT "platform:espIdentifier", SCREEN_NAME "platform:name" (split on the first ':'),
    FILE_HASH "md5:<hex>" or bare hex of 32/40/64 digits, LOCATION "US", "US:OH", "US:OH:Columbus",
    "FR::Paris" or "geo:<hash>", DEVICE "IMEI:<digits>", PHONE "+<country><number>", others the value."""
    return _PARSERS[kind](value)
