"""IP addresses in the canonical text of `ipaddress`; a v4-mapped v6 address is the v4 address it maps.

Every tip carries a few addresses and most are new ones, so the common spellings take short paths that
give exactly what `ipaddress` gives (tests/unit/test_normalization.py holds them to it): a dotted quad
`ipaddress` accepts is already its own canonical text, and a v6 address is written by the C library's
`inet_ntop`, whose compression is `ipaddress`'s (RFC 5952), except where it writes an embedded v4
address, which `ipaddress` never does: those are written by `ipaddress`.
"""

from __future__ import annotations

import ipaddress
import socket

from graph.ip_ranges import classify_address, classify_value, ip_generic_reason
from graph.kinds import IdentifierKind
from graph.normalization.forms import NormalForm, NormalizationError

_DIGITS = frozenset("0123456789")
# What a v6 address written in hextets alone (no embedded v4 part) is made of.
_HEXTET_TEXT = frozenset("0123456789abcdefABCDEF:")
# The first twelve bytes of a v4-mapped v6 address (::ffff:a.b.c.d).
_V4_MAPPED_PREFIX = bytes(10) + b"\xff\xff"


def dotted_quad(text: str) -> int | None:
    """The address of an IPv4 text as `ipaddress` reads it (four decimal octets of at most three ASCII
    digits, none above 255, no leading zero), or None where `ipaddress` would refuse it."""
    octets = text.split(".")
    if len(octets) != 4:
        return None
    value = 0
    for octet in octets:
        if not 0 < len(octet) <= 3 or not _DIGITS.issuperset(octet) or (octet[0] == "0" and octet != "0"):
            return None
        number = int(octet)
        if number > 255:
            return None
        value = value << 8 | number
    return value


def v6_text(packed: bytes) -> str:
    """`str(IPv6Address(packed))`, in C where the C library's text is the same."""
    text = socket.inet_ntop(socket.AF_INET6, packed)
    return str(ipaddress.IPv6Address(packed)) if "." in text else text


def hextet_address(text: str) -> bytes | None:
    """The 16 bytes of a v6 address written in hextets alone (hex digits and colons, no embedded v4
    part), read by the C library as `ipaddress` reads it (at most four digits a hextet, one `::` standing
    for one hextet or more, eight hextets without it); None for any other text, which `ipaddress` reads.
    Most v6 addresses in tips are new ones, and `IPv6Address` parses in Python at ten times the cost."""
    if not _HEXTET_TEXT.issuperset(text):
        return None
    try:
        return socket.inet_pton(socket.AF_INET6, text)
    except OSError:
        return None


def normalize_ip(raw: str) -> NormalForm:
    text = raw.strip()
    # A zone id names an interface of the capturing machine, so the address would not identify anything
    # across tips; ipaddress accepts it since Python 3.9, so it is refused here.
    if "%" in text:
        raise NormalizationError(f"{raw!r}: an IPv6 address with a zone id is not an identifier")
    if ":" not in text:
        value = dotted_quad(text)
        if value is not None:
            return NormalForm(IdentifierKind.IP, text, "ip.v4", ip_generic_reason(classify_value(4, value)))
    else:
        packed = hextet_address(text)
        if packed is not None and not packed.startswith(_V4_MAPPED_PREFIX):
            reason = ip_generic_reason(classify_value(6, int.from_bytes(packed)))
            return NormalForm(IdentifierKind.IP, v6_text(packed), "ip.v6", reason)
    try:
        # With a colon it can only be v6 (ip_address would try v4 first, and fail).
        address = ipaddress.IPv6Address(text) if ":" in text else ipaddress.ip_address(text)
    except ValueError:
        raise NormalizationError(f"{raw!r} is not an IPv4 or IPv6 address") from None
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped
        if mapped is not None:
            reason = ip_generic_reason(classify_address(mapped))
            return NormalForm(IdentifierKind.IP, str(mapped), "ip.v4_mapped", reason)
        reason = ip_generic_reason(classify_value(6, int(address)))
        return NormalForm(IdentifierKind.IP, v6_text(address.packed), "ip.v6", reason)
    return NormalForm(IdentifierKind.IP, str(address), "ip.v4", ip_generic_reason(classify_address(address)))
