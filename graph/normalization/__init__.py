"""Normal forms of identifier values: one module per kind family, the public surface gathered here.

Every normaliser returns a NormalForm (kind, key, rule, generic_reason) or raises NormalizationError with
a message that says what is wrong with the value.
"""

from graph.normalization.accounts import normalize_account, normalize_screen_name
from graph.normalization.devices import normalize_device
from graph.normalization.emails import normalize_email
from graph.normalization.file_hashes import normalize_file_hash
from graph.normalization.forms import NormalForm, NormalizationError
from graph.normalization.ips import normalize_ip
from graph.normalization.known_benign import KNOWN_BENIGN, known_benign_reason
from graph.normalization.locations import normalize_geohash, normalize_location
from graph.normalization.phones import normalize_phone, phone_region
from graph.normalization.queries import parse_identifier_query, parse_phone_query
from graph.normalization.reports import normalize_report_id
from graph.normalization.urls import normalize_url

__all__ = [
    "KNOWN_BENIGN",
    "NormalForm",
    "NormalizationError",
    "known_benign_reason",
    "normalize_account",
    "normalize_device",
    "normalize_email",
    "normalize_file_hash",
    "normalize_geohash",
    "normalize_ip",
    "normalize_location",
    "normalize_phone",
    "normalize_report_id",
    "normalize_screen_name",
    "normalize_url",
    "parse_identifier_query",
    "parse_phone_query",
    "phone_region",
]
