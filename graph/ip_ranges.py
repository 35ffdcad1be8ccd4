"""What an address's range says about it: whether many people share it (carrier NAT, private networks) and
so link tips only weakly.

Tables are our own rather than `ipaddress.is_private`/`is_global`, whose lists changed between Python
releases and count the documentation ranges as private: our synthetic data uses those ranges as if they
were public addresses, so they must classify as ordinary.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Final

_Span = tuple[int, int]


def _spans(*cidrs: str) -> tuple[_Span, ...]:
    networks = (ipaddress.ip_network(cidr) for cidr in cidrs)
    return tuple((int(n.network_address), int(n.broadcast_address)) for n in networks)


_V4_CARRIER_NAT: Final = _spans("100.64.0.0/10")
_V4_PRIVATE: Final = _spans("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
_V4_LOOPBACK: Final = _spans("127.0.0.0/8")
_V4_LINK_LOCAL: Final = _spans("169.254.0.0/16")
_V4_MULTICAST: Final = _spans("224.0.0.0/4")
_V4_DOCUMENTATION: Final = _spans("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")
_V4_RESERVED: Final = _spans(
    "0.0.0.0/8",  # "this network", includes the unspecified address
    "192.0.0.0/24",  # IETF protocol assignments
    "192.88.99.0/24",  # deprecated 6to4 relay anycast
    "198.18.0.0/15",  # benchmarking
    "240.0.0.0/4",  # reserved, includes the limited broadcast address
)

_V6_PRIVATE: Final = _spans("fc00::/7")
_V6_LOOPBACK: Final = _spans("::1/128")
_V6_LINK_LOCAL: Final = _spans("fe80::/10")
_V6_MULTICAST: Final = _spans("ff00::/8")
_V6_DOCUMENTATION: Final = _spans("2001:db8::/32", "3fff::/20")
_V6_RESERVED: Final = _spans(
    "::/128",  # unspecified
    "::ffff:0:0/96",  # v4-mapped: normalisation turns these into v4, so one left here was not normalised
    "64:ff9b:1::/48",  # local-use NAT64
    "100::/64",  # discard-only
    "2001::/23",  # IETF protocol assignments (Teredo, benchmarking, ORCHID)
    "fec0::/10",  # deprecated site-local
)


@dataclass(frozen=True, slots=True)
class IpFacts:
    """What the range of one address tells about it. At most one flag is true: the ranges do not overlap."""

    version: int
    carrier_nat: bool
    private: bool
    loopback: bool
    link_local: bool
    multicast: bool
    documentation: bool
    reserved_or_special: bool

    @property
    def public(self) -> bool:
        """True for an ordinary routable address (documentation ranges count: synthetic data uses them)."""
        return not (
            self.carrier_nat
            or self.private
            or self.loopback
            or self.link_local
            or self.multicast
            or self.reserved_or_special
        )


# Every range with the flag it sets, per version; the ranges do not overlap, so the first match is the only.
_RANGES_BY_VERSION: Final[dict[int, tuple[tuple[int, int, str], ...]]] = {
    4: tuple(
        (low, high, flag)
        for flag, spans in (
            ("carrier_nat", _V4_CARRIER_NAT),
            ("private", _V4_PRIVATE),
            ("loopback", _V4_LOOPBACK),
            ("link_local", _V4_LINK_LOCAL),
            ("multicast", _V4_MULTICAST),
            ("documentation", _V4_DOCUMENTATION),
            ("reserved_or_special", _V4_RESERVED),
        )
        for low, high in spans
    ),
    6: tuple(
        (low, high, flag)
        for flag, spans in (
            ("private", _V6_PRIVATE),
            ("loopback", _V6_LOOPBACK),
            ("link_local", _V6_LINK_LOCAL),
            ("multicast", _V6_MULTICAST),
            ("documentation", _V6_DOCUMENTATION),
            ("reserved_or_special", _V6_RESERVED),
        )
        for low, high in spans
    ),
}
_NO_FLAGS: Final = {
    "carrier_nat": False,
    "private": False,
    "loopback": False,
    "link_local": False,
    "multicast": False,
    "documentation": False,
    "reserved_or_special": False,
}
_PUBLIC_FACTS: Final = {version: IpFacts(version=version, **_NO_FLAGS) for version in (4, 6)}


# The same ranges with the facts each gives, made once: an IpFacts is immutable and equal by value, so
# every address of a range gets the one object (normalising an IP classifies it, once per occurrence).
_FACTS_BY_VERSION: Final = {
    version: tuple(
        (low, high, IpFacts(version=version, **{**_NO_FLAGS, flag: True})) for low, high, flag in ranges
    )
    for version, ranges in _RANGES_BY_VERSION.items()
}


def classify_value(version: int, value: int) -> IpFacts:
    """What the range of the address `value` (its integer, of IP `version` 4 or 6) tells about it."""
    for low, high, facts in _FACTS_BY_VERSION[version]:
        if low <= value <= high:
            return facts
    return _PUBLIC_FACTS[version]


def classify_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> IpFacts:
    return classify_value(address.version, int(address))


def classify_ip(key: str) -> IpFacts:
    """Classify a normalised IP key (as produced by `normalize_ip`). Raises ValueError on a non-address."""
    return classify_address(ipaddress.ip_address(key))


def ip_generic_reason(facts: IpFacts) -> str | None:
    """Why an address links tips only weakly by itself, or None for an ordinary address."""
    if facts.carrier_nat:
        return "carrier-grade NAT address (100.64.0.0/10): shared by many subscribers at once"
    if facts.private:
        return "private address (RFC 1918 / unique local): reused on countless networks"
    if facts.loopback:
        return "loopback address: names the capturing machine itself"
    if facts.link_local:
        return "link-local address: meaningful only on one network segment"
    if facts.multicast:
        return "multicast address: names a group, not a host"
    if facts.reserved_or_special:
        return "reserved or special-purpose address: not a host on the internet"
    return None
