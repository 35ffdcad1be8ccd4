"""Where synthetic identifier values come from: fictional phone ranges, documentation IP ranges, account
and device numbers. Each function maps a slot number to one value, one-to-one, so that values handed out
to different people never collide by accident (a collision would be a false link the ground truth does
not know about).
"""

from __future__ import annotations

from typing import Final

from graph.normalization.devices import luhn_check_digit

# North-American numbers 555-0100..0199 are fictional under every area code; area codes are N(0-8)X, not N11.
_US_AREA_CODES: Final = tuple(
    code for code in range(200, 1000) if (code // 10) % 10 != 9 and code % 100 != 11
)
US_PHONE_SLOTS: Final = len(_US_AREA_CODES) * 100
# Ofcom reserves 07700 900000-900999 for drama.
UK_PHONE_SLOTS: Final = 1000
# ACMA's numbers for film and television in the 0491 570 block (only these few are reserved).
_AU_MOBILES: Final = ("006", "110", "156", "157", "158", "159", "313", "737")
AU_PHONE_SLOTS: Final = len(_AU_MOBILES)

# 192.0.2.0/24 holds the VPN exits; the other two documentation /24s are static home addresses.
VPN_EXIT_SLOTS: Final = 254
STATIC_V4_SLOTS: Final = 2 * 254
CARRIER_NAT_SLOTS: Final = 1 << 22  # 100.64.0.0/10

_ACCOUNT_SPACE: Final = 10**10
_ACCOUNT_MULTIPLIER: Final = 2654435761  # odd and not a multiple of 5: a bijection modulo 10**10
_SECONDARY_SPACE: Final = 10**11
_SECONDARY_MULTIPLIER: Final = 48271
_IMEI_SPACE: Final = 10**12


def _scramble(slot: int, multiplier: int, space: int, salt: int = 0) -> int:
    return (slot * multiplier + salt) % space


def us_phone(slot: int) -> tuple[str, str]:
    """(area code, line) such as ("202", "0147"), for slot in [0, US_PHONE_SLOTS)."""
    # Stride through area codes first so early slots spread over the country.
    area, line = divmod(_scramble(slot, 7919, US_PHONE_SLOTS), 100)
    return str(_US_AREA_CODES[area]), f"01{line:02d}"


def uk_phone(slot: int) -> str:
    """The last three digits after 07700 900."""
    return f"{_scramble(slot, 389, UK_PHONE_SLOTS):03d}"


def au_phone(slot: int) -> str:
    """The last three digits after 0491 570."""
    return _AU_MOBILES[slot % AU_PHONE_SLOTS]


def vpn_exit(slot: int) -> str:
    return f"192.0.2.{slot % VPN_EXIT_SLOTS + 1}"


def static_v4(slot: int) -> str:
    network, host = divmod(slot % STATIC_V4_SLOTS, 254)
    return f"{'198.51.100' if network == 0 else '203.0.113'}.{host + 1}"


def carrier_nat(slot: int) -> str:
    value = slot % CARRIER_NAT_SLOTS
    return f"100.{64 + (value >> 16)}.{(value >> 8) & 0xFF}.{value & 0xFF}"


def home_v6(owner: int, host: int) -> str:
    """An address in the owner's own /64 of 2001:db8::/32 (owners below 2**31 are actors)."""
    return f"2001:db8:{(owner >> 16) & 0xFFFF:x}:{owner & 0xFFFF:x}::{host & 0xFFFF:x}"


def bystander_v6(number: int, host: int) -> str:
    """An address of an unrelated user; the upper half of 2001:db8::/32 keeps it apart from actors'."""
    return f"2001:db8:{0x8000 | ((number >> 16) & 0x7FFF):x}:{number & 0xFFFF:x}::{host & 0xFFFF:x}"


def account_id(actor: int, service_index: int) -> str:
    """An actor's espIdentifier at one service: 11 digits starting with 1, unique per service."""
    return str(_ACCOUNT_SPACE + _scramble(actor, _ACCOUNT_MULTIPLIER, _ACCOUNT_SPACE, 97 * service_index))


def bystander_account_id(number: int) -> str:
    """A one-off reported user (a viral forwarder): 12 digits starting with 2."""
    return str(2 * _SECONDARY_SPACE + _scramble(number, _SECONDARY_MULTIPLIER, _SECONDARY_SPACE))


def victim_account_id(actor: int, victim: int) -> str:
    """The account of an actor's `victim`-th victim: 12 digits starting with 5."""
    return str(5 * _SECONDARY_SPACE + _scramble(actor * 8 + victim, _SECONDARY_MULTIPLIER, _SECONDARY_SPACE))


def imei(actor: int, device: int) -> str:
    """A 15-digit IMEI with a valid check digit, unique per (actor, device) for device < 4."""
    body = "35" + f"{_scramble(actor * 4 + device, 48271, _IMEI_SPACE, 12345):012d}"
    return body + luhn_check_digit(body)
