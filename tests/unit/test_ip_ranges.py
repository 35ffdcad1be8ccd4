from __future__ import annotations

import pytest

from graph.ip_ranges import IpFacts, classify_ip, ip_generic_reason


@pytest.mark.parametrize(
    "key",
    ["192.0.2.10", "198.51.100.23", "203.0.113.200", "2001:db8::1f", "3fff::1"],
)
def test_documentation_ranges_are_ordinary_addresses(key: str) -> None:
    facts = classify_ip(key)
    assert facts.documentation
    assert facts.public
    assert ip_generic_reason(facts) is None


@pytest.mark.parametrize("key", ["100.64.0.1", "100.127.255.254"])
def test_carrier_nat_is_generic(key: str) -> None:
    facts = classify_ip(key)
    assert facts.carrier_nat
    assert not facts.public
    reason = ip_generic_reason(facts)
    assert reason is not None and "carrier" in reason


def test_just_outside_carrier_nat_is_not_carrier_nat() -> None:
    assert not classify_ip("100.128.0.1").carrier_nat
    assert not classify_ip("100.63.255.255").carrier_nat


@pytest.mark.parametrize(
    ("key", "flag"),
    [
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("169.254.10.10", "link_local"),
        ("fe80::1", "link_local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "reserved_or_special"),
        ("255.255.255.255", "reserved_or_special"),
        ("198.18.0.1", "reserved_or_special"),
        ("::", "reserved_or_special"),
        ("2001::1", "reserved_or_special"),
    ],
)
def test_non_public_ranges_are_generic(key: str, flag: str) -> None:
    facts = classify_ip(key)
    assert getattr(facts, flag)
    assert not facts.public
    assert ip_generic_reason(facts) is not None


def test_172_32_is_not_private() -> None:
    facts = classify_ip("172.32.0.1")
    assert not facts.private
    assert facts.public


def test_version_is_reported() -> None:
    assert classify_ip("203.0.113.5").version == 4
    assert classify_ip("2001:db8::5").version == 6


def test_at_most_one_flag_is_set() -> None:
    flags = ("carrier_nat", "private", "loopback", "link_local", "multicast", "documentation")
    for key in ["100.64.0.1", "10.0.0.1", "127.0.0.1", "169.254.0.1", "224.0.0.1", "192.0.2.1", "240.0.0.1"]:
        facts = classify_ip(key)
        assert sum(getattr(facts, f) for f in (*flags, "reserved_or_special")) == 1, key


def test_facts_are_frozen() -> None:
    facts = classify_ip("192.0.2.1")
    assert isinstance(facts, IpFacts)
    with pytest.raises(AttributeError):
        facts.private = True  # type: ignore[misc]


def test_garbage_is_refused() -> None:
    with pytest.raises(ValueError):
        classify_ip("not-an-ip")
