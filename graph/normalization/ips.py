"""IP addresses in the canonical text of `ipaddress`; a v4-mapped v6 address is the v4 address it maps."""

from __future__ import annotations

import ipaddress

from graph.ip_ranges import classify_address, ip_generic_reason
from graph.kinds import IdentifierKind
from graph.normalization.forms import NormalForm, NormalizationError


def normalize_ip(raw: str) -> NormalForm:
    text = raw.strip()
    # A zone id names an interface of the capturing machine, so the address would not identify anything
    # across tips; ipaddress accepts it since Python 3.9, so it is refused here.
    if "%" in text:
        raise NormalizationError(f"{raw!r}: an IPv6 address with a zone id is not an identifier")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise NormalizationError(f"{raw!r} is not an IPv4 or IPv6 address") from None
    rule = "ip.v4" if address.version == 4 else "ip.v6"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address, rule = address.ipv4_mapped, "ip.v4_mapped"
    reason = ip_generic_reason(classify_address(address))
    return NormalForm(IdentifierKind.IP, str(address), rule, reason)
