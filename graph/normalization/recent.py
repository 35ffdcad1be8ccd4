"""The normalisers, each keeping its recent results: what extraction and scoring call per value.

Values recur across tips (a suspect's address on many reports, a service's contact address on all of
them, the same few countries), and within one tip extraction and the score read the same value: each
normaliser keeps its recent results, per kind since each kind has its own. Normalisers are pure functions
of their arguments and a NormalForm is immutable; a value that fails is normalised (and refused) again each
time. Bounded: a server or a load's worker holds at most RECENT_VALUES results per kind.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from graph import normalization

RECENT_VALUES: Final = 1 << 14
normalize_account = lru_cache(maxsize=RECENT_VALUES)(normalization.normalize_account)
normalize_device = lru_cache(maxsize=RECENT_VALUES)(normalization.normalize_device)
normalize_email = lru_cache(maxsize=RECENT_VALUES)(normalization.normalize_email)
normalize_file_hash = lru_cache(maxsize=RECENT_VALUES)(normalization.normalize_file_hash)
normalize_geohash = lru_cache(maxsize=RECENT_VALUES)(normalization.normalize_geohash)
normalize_ip = lru_cache(maxsize=RECENT_VALUES)(normalization.normalize_ip)
normalize_location = lru_cache(maxsize=RECENT_VALUES)(normalization.normalize_location)
normalize_phone = lru_cache(maxsize=RECENT_VALUES)(normalization.normalize_phone)
normalize_report_id = lru_cache(maxsize=RECENT_VALUES)(normalization.normalize_report_id)
normalize_screen_name = lru_cache(maxsize=RECENT_VALUES)(normalization.normalize_screen_name)
normalize_url = lru_cache(maxsize=RECENT_VALUES)(normalization.normalize_url)
