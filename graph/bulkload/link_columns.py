"""How a load's links travel as flat columns: a role, an identifier kind or an optional flag as one byte
(its code here), an instant or a port as a 64-bit number (NO_NUMBER when absent).

A chunk's links cross from a worker to the load's process as a few such columns
(`graph.bulkload.shape.ShapedTips`), and the load's process keeps them as such for clustering
(`graph.bulkload.clustering_input`), not as a tuple of Python objects per link: a million tips carry a
dozen million links.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from graph.kinds import IdentifierKind
from graph.model import Role

ROLES: Final = tuple(Role)
ROLE_CODES: Final = {role.value: code for code, role in enumerate(ROLES)}
KIND_VALUES: Final = tuple(kind.value for kind in IdentifierKind)
KIND_CODES: Final = {kind: code for code, kind in enumerate(KIND_VALUES)}
# An optional flag: absent, false, true (`FLAGS[code]`).
FLAGS: Final = (None, False, True)
FLAG_CODES: Final = {None: 0, False: 1, True: 2}
NO_NUMBER: Final = -(1 << 63)
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)


def instant_number(value: datetime | None) -> int:
    """An aware datetime as its microseconds since the epoch (NO_NUMBER for None): `number_instant` gives
    back an equal datetime in UTC."""
    if value is None:
        return NO_NUMBER
    return (value - _EPOCH) // _MICROSECOND


def number_instant(number: int) -> datetime | None:
    return None if number == NO_NUMBER else _EPOCH + timedelta(microseconds=number)
