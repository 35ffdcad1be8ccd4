"""File hashes: (algorithm, value), the algorithm named one way whatever the free-text hashType said, and
the value checked against what that algorithm produces."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from graph.kinds import IdentifierKind
from graph.normalization.forms import NormalForm, NormalizationError
from graph.normalization.known_benign import known_benign_reason
from graph.normalization.text import has_control_or_space

# hashType spellings, compacted (lowercase, letters and digits only), to the algorithm's canonical name.
_ALGORITHM_ALIASES: Final = {
    "md5": "md5",
    "sha1": "sha1",
    "sha224": "sha224",
    "sha2224": "sha224",
    "sha256": "sha256",
    "sha2256": "sha256",
    "sha384": "sha384",
    "sha2384": "sha384",
    "sha512": "sha512",
    "sha2512": "sha512",
    "pdq": "pdq",
    "photodna": "photodna",
    "pdna": "photodna",
}
# Hex digits each hex-valued algorithm produces (PDQ: a 256-bit perceptual hash).
HEX_LENGTHS: Final = {
    "md5": 32,
    "sha1": 40,
    "sha224": 56,
    "sha256": 64,
    "sha384": 96,
    "sha512": 128,
    "pdq": 64,
}
# A bare value's algorithm, from its length; 64 hex digits are read as SHA-256, the far commoner of the two.
_ALGORITHM_BY_HEX_LENGTH: Final = {32: "md5", 40: "sha1", 64: "sha256"}
_PHOTODNA_HEX_LENGTH: Final = 288  # 144 bytes
_MAX_OPAQUE_LENGTH: Final = 4096

_HEX: Final = re.compile(r"[0-9a-f]+")
_PHOTODNA_TEXT: Final = re.compile(r"[A-Za-z0-9+/=,_-]{16,2048}")
_NOT_ALNUM: Final = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=1024)
def canonical_algorithm(hash_type: str) -> str:
    """The canonical name of a hashType ("SHA-256" -> "sha256"); unknown algorithms keep their compacted
    name ("vPDQ" -> "vpdq") so they still meet each other. Empty when hash_type names nothing. Cached:
    every file hash names its type, and services spell a handful of them."""
    compact = _NOT_ALNUM.sub("", hash_type.lower())
    return _ALGORITHM_ALIASES.get(compact, compact)


def _hex_form(algorithm: str, value: str, rule: str) -> NormalForm:
    expected = HEX_LENGTHS[algorithm]
    text = value.strip().lower()
    if not _HEX.fullmatch(text):
        raise NormalizationError(f"{value!r} is not a {algorithm.upper()} hash: it is not hexadecimal")
    if len(text) != expected:
        raise NormalizationError(
            f"{value!r} is not a {algorithm.upper()} hash: it has {len(text)} hex digits, not {expected}"
        )
    key = f"{algorithm}:{text}"
    return NormalForm(IdentifierKind.FILE_HASH, key, rule, known_benign_reason(IdentifierKind.FILE_HASH, key))


def _photodna_form(value: str) -> NormalForm:
    text = value.strip()
    if not _PHOTODNA_TEXT.fullmatch(text):
        raise NormalizationError(
            "a PhotoDNA hash must be 16 to 2048 characters of base64, hex or comma-separated numbers"
        )
    # 288 hex digits cannot be base64 of 144 bytes (that is 192 characters), so lowercasing is safe; any
    # other text may be base64, where case matters, and is kept as given.
    if len(text) == _PHOTODNA_HEX_LENGTH and _HEX.fullmatch(text.lower()):
        return NormalForm(IdentifierKind.FILE_HASH, f"photodna:{text.lower()}", "file_hash.photodna")
    return NormalForm(IdentifierKind.FILE_HASH, f"photodna:{text}", "file_hash.photodna")


def _opaque_form(algorithm: str, value: str) -> NormalForm:
    text = value.strip()
    if not text or len(text) > _MAX_OPAQUE_LENGTH or has_control_or_space(text):
        raise NormalizationError(f"{value!r} is not a usable {algorithm} hash value")
    if _HEX.fullmatch(text.lower()):
        text = text.lower()
    return NormalForm(IdentifierKind.FILE_HASH, f"{algorithm}:{text}", "file_hash.other")


def _inferred_form(value: str) -> NormalForm:
    text = value.strip().lower()
    algorithm = _ALGORITHM_BY_HEX_LENGTH.get(len(text))
    if algorithm is None or not _HEX.fullmatch(text):
        raise NormalizationError(
            f"{value!r}: without a hash type, only 32, 40 or 64 hex digits (MD5, SHA-1, SHA-256) "
            "are understood"
        )
    return _hex_form(algorithm, text, "file_hash.hex_inferred")


def normalize_file_hash(hash_type: str, value: str) -> NormalForm:
    """Key "<algorithm>:<value>": hex lowercased and its length checked for the known hex algorithms, the
    algorithm inferred from the length when hash_type is empty, PhotoDNA and unknown algorithms lightly
    checked and kept as given."""
    algorithm = canonical_algorithm(hash_type)
    if not algorithm:
        return _inferred_form(value)
    if algorithm in HEX_LENGTHS:
        return _hex_form(algorithm, value, "file_hash.hex")
    if algorithm == "photodna":
        return _photodna_form(value)
    return _opaque_form(algorithm, value)
