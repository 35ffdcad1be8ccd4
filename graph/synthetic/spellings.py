"""The many ways services write one identifier: case, Gmail dots and +tags, phone formats, IPv6 forms,
v4-mapped addresses, upper-case hex, URL fragments. Normalisation has to make them meet again."""

from __future__ import annotations

import ipaddress
import random
from typing import Any

from graph.synthetic.population import PHONE_AU, PHONE_UK, PHONE_US, Account, EmailIdentity, PhoneIdentity

_TAGS = ("pp", "spam", "x", "alt", "2024", "news")


def _shuffle_case(rng: random.Random, text: str) -> str:
    choice = rng.random()
    if choice < 0.6:
        return text
    if choice < 0.8:
        return text.lower()
    if choice < 0.9:
        return text.upper()
    return ".".join(part.capitalize() for part in text.split("."))


def spell_email(rng: random.Random, email: EmailIdentity) -> str:
    local, domain = email.local, email.domain
    if email.is_gmail:
        # Gmail ignores dots and +tags and answers to googlemail.com too.
        if rng.random() < 0.3:
            local = local.replace(".", "")
        if rng.random() < 0.25:
            local = f"{local}+{rng.choice(_TAGS)}"
        if rng.random() < 0.15:
            domain = "googlemail.com"
        if rng.random() < 0.2:
            domain = "GMail.com"
    elif rng.random() < 0.1:
        domain = domain.upper()
    return f"{_shuffle_case(rng, local)}@{domain}"


def phone_entry(rng: random.Random, phone: PhoneIdentity) -> dict[str, Any]:
    """A phone element: the number in one of the spellings services use, with or without a calling code."""
    style = rng.randrange(4)
    entry: dict[str, Any]
    if phone.kind == PHONE_US:
        area, line = phone.area, phone.line
        spellings = (
            {"value": f"({area}) 555-{line}", "countryCallingCode": "+1"},
            {"value": f"+1 {area}-555-{line}"},
            {"value": f"+1{area}555{line}"},
            {"value": f"{area}.555.{line}", "countryCallingCode": "1"},
        )
        entry = spellings[style]
    elif phone.kind == PHONE_UK:
        spellings = (
            {"value": f"+44 7700 900{phone.line}"},
            {"value": f"07700 900{phone.line}", "countryCallingCode": "+44"},
            {"value": f"+447700900{phone.line}"},
            {"value": f"07700900{phone.line}", "countryCallingCode": "44"},
        )
        entry = spellings[style]
    else:
        assert phone.kind == PHONE_AU
        spellings = (
            {"value": f"+61 491 570 {phone.line}"},
            {"value": f"0491 570 {phone.line}", "countryCallingCode": "+61"},
            {"value": f"+61491570{phone.line}"},
            {"value": f"0491570{phone.line}", "countryCallingCode": "+61"},
        )
        entry = spellings[style]
    entry = dict(entry)
    entry["type"] = "Mobile"
    if rng.random() < 0.8:
        entry["verified"] = phone.verified
    return entry


def spell_ip(rng: random.Random, address: str) -> str:
    if ":" in address:
        choice = rng.random()
        if choice < 0.1:
            return ipaddress.IPv6Address(address).exploded.upper()
        if choice < 0.2:
            return address.upper()
        return address
    if address.startswith(("198.51.100.", "203.0.113.")) and rng.random() < 0.05:
        return f"::ffff:{address}"
    return address


def spell_hash(rng: random.Random, digest: str) -> str:
    return digest.upper() if rng.random() < 0.1 else digest


def spell_screen_name(rng: random.Random, name: str) -> str:
    choice = rng.random()
    if choice < 0.75:
        return name
    if choice < 0.9:
        return name.lower()
    if choice < 0.95:
        return name.upper()
    return f"@{name}"


def spell_profile_url(rng: random.Random, account: Account) -> str:
    url = account.profile_url
    if rng.random() < 0.2:
        url = url.replace(account.service.host, account.service.host.capitalize(), 1)
    if rng.random() < 0.15:
        url += rng.choice(("#about", "#posts"))
    return url
