from __future__ import annotations

import hashlib
import ipaddress
import math
import random

import pytest

import graph.normalization as normalization
from graph.errors import BadInputError
from graph.ip_ranges import classify_address, ip_generic_reason
from graph.kinds import IdentifierKind
from graph.normalization import (
    KNOWN_BENIGN,
    NormalForm,
    NormalizationError,
    known_benign_reason,
    normalize_account,
    normalize_device,
    normalize_email,
    normalize_file_hash,
    normalize_geohash,
    normalize_ip,
    normalize_location,
    normalize_phone,
    normalize_report_id,
    normalize_screen_name,
    normalize_url,
    parse_identifier_query,
)
from graph.normalization.ips import hextet_address
from graph.normalization.text import has_control_or_space

K = IdentifierKind


def test_public_surface_is_declared() -> None:
    for name in normalization.__all__:
        assert hasattr(normalization, name), name


def test_normalization_error_is_bad_input_and_value_error() -> None:
    with pytest.raises(NormalizationError) as caught:
        normalize_email("nobody")
    assert isinstance(caught.value, BadInputError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.code == "BAD_USER_INPUT"


def test_identifier_kind_values_are_their_names() -> None:
    assert all(kind.value == kind.name for kind in IdentifierKind)
    assert len(IdentifierKind) == 10


# The rules listed in examples/README.md (and more).


def test_example_gmail_address() -> None:
    assert normalize_email("Night.Owl.77+pp@GMail.com") == NormalForm(
        K.EMAIL, "nightowl77@gmail.com", "email.gmail"
    )


def test_example_phone_with_calling_code() -> None:
    form = normalize_phone("(202) 555-0147", country_calling_code="+1")
    assert form == NormalForm(K.PHONE, "+12025550147", "phone.e164.calling_code")


def test_example_ipv6_spellings_meet() -> None:
    assert normalize_ip("2001:DB8:0:0:0:0:0:1F").key == "2001:db8::1f"
    assert normalize_ip("2001:db8::1f").key == "2001:db8::1f"


def test_example_md5_is_lowercased() -> None:
    form = normalize_file_hash("MD5", "9E107D9D372BB6826BD81D3542A419D6")
    assert form == NormalForm(K.FILE_HASH, "md5:9e107d9d372bb6826bd81d3542a419d6", "file_hash.hex")


def test_example_url_fragment_and_host_case() -> None:
    form = normalize_url("https://PixPost.example.com/u/night.owl.77#about")
    assert form.key == "https://pixpost.example.com/u/night.owl.77"
    assert form.key == normalize_url("https://pixpost.example.com/u/night.owl.77").key


def test_example_account_and_screen_name_are_per_platform() -> None:
    assert normalize_account("PixPost Messenger", "88431207").key == "pixpost messenger:88431207"
    assert normalize_screen_name("PixPost Messenger", "Night_Owl_77").key == "pixpost messenger:night_owl_77"
    assert (
        normalize_screen_name("VidNest", "Night_Owl_77").key
        != normalize_screen_name("PixPost Messenger", "Night_Owl_77").key
    )


def test_example_prior_report_id() -> None:
    assert normalize_report_id(171234567) == NormalForm(K.REPORT, "171234567", "report.numeric")


# Accounts and screen names.


def test_account_platform_folds_case_and_whitespace() -> None:
    assert normalize_account("  PixPost   MESSENGER ", " 88431207 ").key == "pixpost messenger:88431207"


def test_account_id_keeps_its_case() -> None:
    assert normalize_account("VidNest", "vn-AbC").key == "vidnest:vn-AbC"
    assert normalize_account("VidNest", "vn-AbC").rule == "account.platform_id"


@pytest.mark.parametrize(("platform", "esp_id"), [("", "1"), ("  ", "1"), ("VidNest", ""), ("Vid:Nest", "1")])
def test_account_refusals(platform: str, esp_id: str) -> None:
    with pytest.raises(NormalizationError):
        normalize_account(platform, esp_id)


def test_screen_name_casefolds_and_drops_mention_sign() -> None:
    form = normalize_screen_name("VidNest", "@Owl77")
    assert form == NormalForm(K.SCREEN_NAME, "vidnest:owl77", "screen_name.casefold")


def test_screen_name_folds_full_width_letters() -> None:
    assert normalize_screen_name("VidNest", "ＯＷＬ77").key == "vidnest:owl77"


def test_screen_name_empty_is_refused() -> None:
    with pytest.raises(NormalizationError):
        normalize_screen_name("VidNest", " @ ")


# Email.


def test_googlemail_is_gmail() -> None:
    assert normalize_email("night.owl.77@googlemail.com").key == "nightowl77@gmail.com"


def test_other_providers_keep_dots_and_tags() -> None:
    form = normalize_email("First.Last+Tag@Example.COM")
    assert form == NormalForm(K.EMAIL, "first.last+tag@example.com", "email.lowercase")


def test_email_domain_is_idna_encoded() -> None:
    assert normalize_email("kontakt@Bücher.example").key == "kontakt@xn--bcher-kva.example"


def test_email_trailing_dot_and_mailto_are_dropped() -> None:
    assert normalize_email(" mailto:someone@example.org. ").key == "someone@example.org"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "no-at-sign.example.com",
        "@example.com",
        "someone@",
        "some one@example.com",
        "someone@example",
        "someone@exa_mple..com",
        "someone@-example.com",
        "someone@[192.0.2.1]",
        "someone@192.0.2.1",
        "a(b)@example.com",
        "+tag@gmail.com",
        "x" * 65 + "@example.com",
    ],
)
def test_garbage_email_is_refused(raw: str) -> None:
    with pytest.raises(NormalizationError):
        normalize_email(raw)


# Phone.


def test_phone_written_internationally_ignores_other_hints() -> None:
    form = normalize_phone("+1 202-555-0147", country_calling_code="+44", default_region="FR")
    assert form == NormalForm(K.PHONE, "+12025550147", "phone.e164.international")


def test_phone_from_default_region() -> None:
    form = normalize_phone("020 7946 0018", default_region="gb")
    assert form == NormalForm(K.PHONE, "+442079460018", "phone.e164.region")


def test_phone_calling_code_takes_precedence_over_region() -> None:
    assert normalize_phone("(202) 555-0147", "1", "GB").key == "+12025550147"


def test_phone_national_number_already_carrying_the_code() -> None:
    assert normalize_phone("1 202 555 0147", country_calling_code="+1").key == "+12025550147"


def test_phone_non_geographic_calling_code() -> None:
    assert normalize_phone("1234 5678", country_calling_code="+800").key == "+80012345678"


def test_fictional_555_numbers_are_accepted() -> None:
    assert normalize_phone("+1 (202) 555-0199").key == "+12025550199"


@pytest.mark.parametrize(
    ("raw", "code", "region"),
    [
        ("", "+1", None),
        ("call me", "+1", None),
        ("12", "+1", None),
        ("(202) 555-0147", None, None),
        ("(202) 555-0147", "+x1", None),
        ("(202) 555-0147", None, "ZZ"),
        ("+1 202 555 01470000", None, None),
    ],
)
def test_bad_phones_are_refused(raw: str, code: str | None, region: str | None) -> None:
    with pytest.raises(NormalizationError):
        normalize_phone(raw, code, region)


# IP.


def test_ipv4_is_canonical() -> None:
    assert normalize_ip(" 198.51.100.23 ") == NormalForm(K.IP, "198.51.100.23", "ip.v4")


def test_ipv4_mapped_ipv6_is_the_ipv4_address() -> None:
    assert normalize_ip("::ffff:198.51.100.23") == NormalForm(K.IP, "198.51.100.23", "ip.v4_mapped")
    assert normalize_ip("::FFFF:C633:6417").key == "198.51.100.23"


def test_ipv6_rule() -> None:
    assert normalize_ip("2001:0DB8::0001").rule == "ip.v6"


def test_carrier_nat_ip_is_generic() -> None:
    form = normalize_ip("100.64.12.7")
    assert form.generic_reason is not None and "carrier" in form.generic_reason


def test_mapped_private_ip_is_generic() -> None:
    assert normalize_ip("::ffff:10.0.0.1").generic_reason is not None


def test_documentation_ip_is_not_generic() -> None:
    assert normalize_ip("203.0.113.9").generic_reason is None
    assert normalize_ip("2001:db8::9").generic_reason is None


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "garbage",
        "256.1.1.1",
        "192.0.2",
        "192.0.2.01",
        "2001:db8::1::2",
        "fe80::1%eth0",
        "[2001:db8::1]",
        "1.2.3.4/24",
    ],
)
def test_malformed_ip_is_refused(raw: str) -> None:
    with pytest.raises(NormalizationError):
        normalize_ip(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "0.0.0.0",
        "255.255.255.255",
        "100.64.0.26",
        "::",
        "::1",
        "1::",
        "1:0:0:1::",
        "1:0:0:2:0:0:0:3",
        "0:0:1:0:0:1:0:0",
        "2001:0DB8:0000:0747:0000:0000:0000:A508",
        "::1.2.3.4",
        "::0.0.0.2",
        "::ffff:0:1.2.3.4",
        "64:ff9b::1.2.3.4",
        "fe80::1",
    ],
)
def test_ip_keys_are_the_text_ipaddress_writes(raw: str) -> None:
    # normalize_ip writes common spellings without ipaddress (a dotted quad as given, v6 by inet_ntop):
    # the same text, including where the C library would write an embedded v4 address.
    address = ipaddress.ip_address(raw)
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    assert normalize_ip(raw).key == str(mapped or address)


_HEXTET_SPELLINGS = [
    "1:2:3:4:5:6:7::",
    "::1:2:3:4:5:6:7",
    "1::2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:",
    ":1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "12345::",
    "1:::2",
    ":1::",
    "::1:",
    ":",
    "::",
    ":::",
    "0000:0000:0000:0000:0000:0000:0000:0001",
    "00000::1",
    "FFFF:ffff::",
    "::ffff:0:0",
    "::ffff:ffff:ffff",
]


def _hextet_texts() -> list[str]:
    rng = random.Random(9)
    texts = list(_HEXTET_SPELLINGS)
    for _ in range(3000):
        texts.append("".join(rng.choice("0123456789abcdefABCDEF:::") for _ in range(rng.randint(0, 30))))
        groups = [
            "".join(rng.choice("0aF9") for _ in range(rng.randint(0, 5))) for _ in range(rng.randint(1, 9))
        ]
        texts.append(":".join(groups))
    return texts


def test_hextet_addresses_are_read_as_ipaddress_reads_them() -> None:
    # The C library reads the common v6 spellings (hextets alone): it must accept exactly what
    # ipaddress accepts, as the same address, and leave every other text to ipaddress.
    for text in _hextet_texts():
        try:
            expected: bytes | None = ipaddress.IPv6Address(text).packed
        except ValueError:
            expected = None
        assert hextet_address(text) == expected, text
    assert hextet_address("::1.2.3.4") is None
    assert hextet_address("fe80::1%eth0") is None


def test_v6_forms_are_ipaddress_forms() -> None:
    rng = random.Random(4)
    for _ in range(2000):
        bits = rng.getrandbits(128) & rng.choice([(1 << 128) - 1, 0xFFFF << 64, 0xFFFF, (1 << 16) - 1 << 112])
        address = ipaddress.IPv6Address(bits)
        for text in (str(address), address.exploded.upper()):
            mapped = address.ipv4_mapped
            reason = ip_generic_reason(classify_address(mapped or address))
            form = normalize_ip(text)
            assert (form.key, form.rule, form.generic_reason) == (
                str(mapped or address),
                "ip.v4_mapped" if mapped else "ip.v6",
                reason,
            ), text


@pytest.mark.parametrize("raw", ["1.2.3.٣", "1.2.3.04", "1.2.3.1234", "1.2.3.-1", "1.2.3.+1", "1.2.3. 1"])
def test_dotted_quads_ipaddress_refuses_are_refused(raw: str) -> None:
    with pytest.raises(NormalizationError):
        normalize_ip(raw)


# File hashes.


@pytest.mark.parametrize(
    ("hash_type", "algorithm", "data"),
    [
        ("MD5", "md5", hashlib.md5(b"a").hexdigest()),
        ("md5", "md5", hashlib.md5(b"b").hexdigest()),
        ("SHA-1", "sha1", hashlib.sha1(b"c").hexdigest()),
        ("SHA1", "sha1", hashlib.sha1(b"d").hexdigest()),
        ("SHA256", "sha256", hashlib.sha256(b"e").hexdigest()),
        ("sha-256", "sha256", hashlib.sha256(b"f").hexdigest()),
        ("SHA2-256", "sha256", hashlib.sha256(b"g").hexdigest()),
        ("SHA-512", "sha512", hashlib.sha512(b"h").hexdigest()),
        ("PDQ", "pdq", hashlib.sha256(b"i").hexdigest()),
    ],
)
def test_hash_algorithms_are_canonical(hash_type: str, algorithm: str, data: str) -> None:
    form = normalize_file_hash(hash_type, f" {data.upper()} ")
    assert form == NormalForm(K.FILE_HASH, f"{algorithm}:{data}", "file_hash.hex")


def test_example_sha1_from_tip() -> None:
    form = normalize_file_hash("SHA1", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12")
    assert form.key == "sha1:2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"


@pytest.mark.parametrize(
    ("hash_type", "value"),
    [
        ("MD5", hashlib.sha1(b"x").hexdigest()),
        ("SHA1", hashlib.md5(b"x").hexdigest()),
        ("SHA256", hashlib.md5(b"x").hexdigest()),
        ("PDQ", hashlib.md5(b"x").hexdigest()),
        ("MD5", "z" * 32),
        ("MD5", ""),
        ("", "abc"),
        ("", "z" * 32),
        ("PhotoDNA", "short"),
        ("PhotoDNA", "has spaces in it, which no encoding has"),
        ("ssdeep", "two words"),
    ],
)
def test_hash_not_fitting_its_type_is_refused(hash_type: str, value: str) -> None:
    with pytest.raises(NormalizationError):
        normalize_file_hash(hash_type, value)


def test_hash_length_error_says_what_is_wrong() -> None:
    with pytest.raises(NormalizationError, match="40 hex digits, not 32"):
        normalize_file_hash("MD5", hashlib.sha1(b"x").hexdigest())


@pytest.mark.parametrize(
    ("data", "algorithm"),
    [
        (hashlib.md5(b"q").hexdigest(), "md5"),
        (hashlib.sha1(b"q").hexdigest(), "sha1"),
        (hashlib.sha256(b"q").hexdigest(), "sha256"),
    ],
)
def test_hash_algorithm_inferred_from_length_without_type(data: str, algorithm: str) -> None:
    assert normalize_file_hash("", data) == NormalForm(
        K.FILE_HASH, f"{algorithm}:{data}", "file_hash.hex_inferred"
    )


def test_photodna_base64_keeps_its_case() -> None:
    value = "AbCd+/EfGh" * 19 + "Ab=="
    form = normalize_file_hash("PhotoDNA", f"  {value} ")
    assert form == NormalForm(K.FILE_HASH, f"photodna:{value}", "file_hash.photodna")


def test_photodna_hex_is_lowercased() -> None:
    value = (hashlib.sha512(b"p").hexdigest() * 3)[:288]
    assert normalize_file_hash("PDNA", value.upper()).key == f"photodna:{value}"


def test_unknown_algorithm_is_kept_under_its_compacted_name() -> None:
    form = normalize_file_hash("vPDQ", "ABCDEF01")
    assert form == NormalForm(K.FILE_HASH, "vpdq:abcdef01", "file_hash.other")
    assert normalize_file_hash("ssdeep", "3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C").key == (
        "ssdeep:3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C"
    )


@pytest.mark.parametrize(
    ("hash_type", "value"),
    [
        ("MD5", "D41D8CD98F00B204E9800998ECF8427E"),
        ("SHA-1", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("SHA256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ],
)
def test_empty_file_hashes_are_generic(hash_type: str, value: str) -> None:
    reason = normalize_file_hash(hash_type, value).generic_reason
    assert reason is not None and "empty file" in reason


def test_known_benign_list_holds_true_empty_file_digests() -> None:
    file_hashes = KNOWN_BENIGN[K.FILE_HASH]
    for algorithm in ("md5", "sha1", "sha256", "sha512"):
        assert f"{algorithm}:{hashlib.new(algorithm, b'').hexdigest()}" in file_hashes


def test_known_benign_reason_misses_ordinary_values() -> None:
    assert known_benign_reason(K.FILE_HASH, "md5:" + hashlib.md5(b"z").hexdigest()) is None
    assert known_benign_reason(K.EMAIL, "someone@example.com") is None
    assert normalize_file_hash("MD5", hashlib.md5(b"z").hexdigest()).generic_reason is None


# Location.


def test_city_location_key() -> None:
    assert normalize_location("US", "OH", "Columbus") == NormalForm(
        K.LOCATION, "US:OH:columbus", "location.city"
    )


def test_country_and_state_names_are_accepted() -> None:
    assert normalize_location("United States", "Ohio", "  New   York ").key == "US:OH:new york"
    assert normalize_location("U.S.A.", "us-oh", None).key == "US:OH"
    assert normalize_location("usa", None, None).key == "US"
    assert normalize_location("United Kingdom", None, None).key == "GB"
    assert normalize_location("de", None, None).key == "DE"


def test_region_alone_is_generic() -> None:
    form = normalize_location("US", "oh", None)
    assert form.key == "US:OH"
    assert form.rule == "location.region"
    assert form.generic_reason is not None and "region" in form.generic_reason


def test_country_alone_is_generic() -> None:
    form = normalize_location("US", None, "")
    assert form == NormalForm(K.LOCATION, "US", "location.country", form.generic_reason)
    assert form.generic_reason is not None and "country" in form.generic_reason


def test_city_location_is_not_generic() -> None:
    assert normalize_location("US", "OH", "Columbus").generic_reason is None


def test_us_state_without_country_is_inferred() -> None:
    form = normalize_location(None, "OH", None)
    assert form.key == "US:OH"
    assert form.rule == "location.region.us_inferred"


def test_non_us_region_is_folded_text() -> None:
    assert normalize_location("DE", " Bayern ", "München").key == "DE:bayern:münchen"


def test_city_without_region_keeps_an_empty_region() -> None:
    assert normalize_location("FR", None, "Paris").key == "FR::paris"


@pytest.mark.parametrize(
    ("country", "region", "city"),
    [
        ("Atlantis", None, None),
        ("ZZ", None, None),
        ("US", "Ontario", None),
        (None, None, "Columbus"),
        (None, None, None),
        (None, "Bavaria", None),
        ("DE", "a:b", None),
    ],
)
def test_unknown_places_are_refused(country: str | None, region: str | None, city: str | None) -> None:
    with pytest.raises(NormalizationError):
        normalize_location(country, region, city)


def test_geohash_key() -> None:
    assert normalize_geohash(39.96, -83.0) == NormalForm(K.LOCATION, "geo:dphgr63", "location.geohash")
    assert normalize_geohash(39.96, -83.0, precision=5).key == "geo:dphgr"


def test_geohash_of_zero_zero_is_generic() -> None:
    assert normalize_geohash(0.0, 0.0).generic_reason is not None
    assert normalize_geohash(39.96, -83.0).generic_reason is None


@pytest.mark.parametrize(
    ("lat", "lon", "precision"),
    [
        (91.0, 0.0, 7),
        (-90.5, 0.0, 7),
        (0.0, 180.5, 7),
        (math.nan, 0.0, 7),
        (0.0, math.inf, 7),
        (1.0, 1.0, 0),
        (1.0, 1.0, 13),
    ],
)
def test_geohash_refuses_out_of_range(lat: float, lon: float, precision: int) -> None:
    with pytest.raises(NormalizationError):
        normalize_geohash(lat, lon, precision)


# URL.


def test_url_default_port_and_user_info_dropped() -> None:
    assert normalize_url("HTTP://user:secret@Example.COM:80").key == "http://example.com/"
    assert normalize_url("https://example.com:443/a").key == "https://example.com/a"
    assert normalize_url("ftp://example.org:21/f").key == "ftp://example.org/f"


def test_url_keeps_path_case_query_and_other_ports() -> None:
    form = normalize_url("https://cdn.example.net:8443/M/Ab12?x=1&Y=2#frag")
    assert form == NormalForm(K.URL, "https://cdn.example.net:8443/M/Ab12?x=1&Y=2", "url.canonical")


def test_url_percent_escapes_in_one_spelling() -> None:
    assert normalize_url("https://example.com/a%7eb%2fc?q=%3a").key == "https://example.com/a~b%2Fc?q=%3A"


def test_url_host_idna_and_ip_literals() -> None:
    assert normalize_url("https://Bücher.example/x").key == "https://xn--bcher-kva.example/x"
    assert normalize_url("http://[2001:DB8:0::1]:8080/x").key == "http://[2001:db8::1]:8080/x"
    assert normalize_url("http://192.0.2.1/").key == "http://192.0.2.1/"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "javascript:alert(1)",
        "mailto:someone@example.com",
        "pixpost.example.com/u/x",
        "http:///path",
        "https://example.com:99999/",
        "https://exa mple.com/",
        "http://192.0.2.001/",
        "http://[fe80::1%25eth0]/",
        "https://localhost/",
    ],
)
def test_bad_urls_are_refused(raw: str) -> None:
    with pytest.raises(NormalizationError):
        normalize_url(raw)


# Device.


def test_imei_variants_meet_at_fifteen_digits() -> None:
    expected = NormalForm(K.DEVICE, "IMEI:356938035643809", "device.imei")
    assert normalize_device("IMEI", "356938035643809") == expected
    assert normalize_device("imei", "35-693803-564380-9") == expected
    assert normalize_device("IMEI", "35693803564380") == expected
    assert normalize_device("IMEISV", "3569380356438012") == expected


def test_iccid_digits_only() -> None:
    form = normalize_device("ICCID", "8901 2603 0000 0000 0012F")
    assert form == NormalForm(K.DEVICE, "ICCID:89012603000000000012", "device.iccid")


def test_meid_hex_uppercased() -> None:
    assert normalize_device("MEID", "a1-000009-296f0e").key == "MEID:A1000009296F0E"


def test_mac_address_spelling() -> None:
    form = normalize_device("MAC address", "00-1A-2b-3c-4d-5e")
    assert form == NormalForm(K.DEVICE, "MAC:00:1a:2b:3c:4d:5e", "device.mac")


def test_other_device_types_kept_as_given() -> None:
    assert normalize_device("Android_ID", " 9a1B ") == NormalForm(
        K.DEVICE, "ANDROID ID:9a1B", "device.as_given"
    )
    assert normalize_device("idfa", "6D92078A-8246-4BA4-AE5B-76104861E7DC").key == (
        "IDFA:6d92078a-8246-4ba4-ae5b-76104861e7dc"
    )


def test_placeholder_device_ids_are_generic() -> None:
    assert normalize_device("IMEI", "000000000000000").generic_reason is not None
    assert normalize_device("IDFA", "00000000-0000-0000-0000-000000000000").generic_reason is not None
    assert normalize_device("Android ID", "9774d56d682e549c").generic_reason is not None
    assert normalize_device("IMEI", "356938035643809").generic_reason is None


@pytest.mark.parametrize(
    ("id_type", "value"),
    [
        ("IMEI", "35693803564"),
        ("IMEI", "3569380356438O9"),
        ("ICCID", "8901"),
        ("MEID", "xyz"),
        ("MAC", "00:1a:2b"),
        ("", "1"),
        ("a:b", "1"),
        ("IDFA", ""),
        ("IDFA", "two words"),
    ],
)
def test_bad_device_ids_are_refused(id_type: str, value: str) -> None:
    with pytest.raises(NormalizationError):
        normalize_device(id_type, value)


# Report.


def test_report_id_from_string_drops_leading_zeros() -> None:
    assert normalize_report_id(" 0171234567 ").key == "171234567"


def test_report_id_text_kept() -> None:
    assert normalize_report_id(" EX-2026-000042 ") == NormalForm(K.REPORT, "EX-2026-000042", "report.text")


@pytest.mark.parametrize("raw", [0, -5, True, "", "   ", "two words", "000"])
def test_bad_report_ids_are_refused(raw: str | int) -> None:
    with pytest.raises(NormalizationError):
        normalize_report_id(raw)


# Query strings: normalised exactly like ingest.


@pytest.mark.parametrize(
    ("kind", "value", "ingested"),
    [
        (K.ACCOUNT, "PixPost Messenger:88431207", normalize_account("PixPost Messenger", "88431207")),
        (K.ACCOUNT, "VidNest:a:b", normalize_account("VidNest", "a:b")),
        (
            K.SCREEN_NAME,
            "pixpost messenger:NIGHT_OWL_77",
            normalize_screen_name("PixPost Messenger", "Night_Owl_77"),
        ),
        (K.EMAIL, "Night.Owl.77+pp@GMail.com", normalize_email("nightowl77@gmail.com")),
        (K.PHONE, "+1 (202) 555-0147", normalize_phone("(202) 555-0147", "+1")),
        (K.IP, "2001:DB8:0:0:0:0:0:1F", normalize_ip("2001:db8::1f")),
        (
            K.FILE_HASH,
            "MD5:9E107D9D372BB6826BD81D3542A419D6",
            normalize_file_hash("MD5", "9e107d9d372bb6826bd81d3542a419d6"),
        ),
        (K.LOCATION, "US:Ohio:Columbus", normalize_location("US", "OH", "Columbus")),
        (K.LOCATION, "US:OH", normalize_location("US", "OH", None)),
        (K.LOCATION, "US", normalize_location("US", None, None)),
        (K.LOCATION, "FR::Paris", normalize_location("FR", None, "Paris")),
        (
            K.URL,
            "https://PixPost.example.com/u/night.owl.77#about",
            normalize_url("https://pixpost.example.com/u/night.owl.77"),
        ),
        (K.DEVICE, "IMEI:35-693803-564380-9", normalize_device("IMEI", "356938035643809")),
        (K.REPORT, "171234567", normalize_report_id(171234567)),
    ],
)
def test_query_meets_ingested_key(kind: IdentifierKind, value: str, ingested: NormalForm) -> None:
    assert parse_identifier_query(kind, value).key == ingested.key
    assert parse_identifier_query(kind, value).kind is kind


def test_query_bare_hash_infers_algorithm() -> None:
    sha1 = hashlib.sha1(b"r").hexdigest()
    assert parse_identifier_query(K.FILE_HASH, sha1.upper()).key == f"sha1:{sha1}"


def test_query_geohash() -> None:
    form = parse_identifier_query(K.LOCATION, "GEO:DPHGR63")
    assert form == normalize_geohash(39.96, -83.0)
    assert parse_identifier_query(K.LOCATION, "geo:s000000").generic_reason is not None


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (K.ACCOUNT, "88431207"),
        (K.SCREEN_NAME, "night_owl_77"),
        (K.DEVICE, "356938035643809"),
        (K.PHONE, "(202) 555-0147"),
        (K.LOCATION, "geo:dphgra"),
        (K.LOCATION, "geo:"),
        (K.FILE_HASH, "md5:abc"),
    ],
)
def test_query_refusals(kind: IdentifierKind, value: str) -> None:
    with pytest.raises(NormalizationError):
        parse_identifier_query(kind, value)


def test_every_kind_has_a_query_parser() -> None:
    samples = {
        K.ACCOUNT: "x:1",
        K.SCREEN_NAME: "x:y",
        K.EMAIL: "a@example.com",
        K.PHONE: "+12025550147",
        K.IP: "192.0.2.1",
        K.FILE_HASH: hashlib.md5(b"s").hexdigest(),
        K.LOCATION: "US",
        K.URL: "https://example.com/",
        K.DEVICE: "IMEI:356938035643809",
        K.REPORT: "1",
    }
    assert set(samples) == set(IdentifierKind)
    for kind, value in samples.items():
        assert parse_identifier_query(kind, value).kind is kind


def test_control_or_space_is_found_as_a_scan_of_every_character_would_find_it() -> None:
    for code in range(0x110000):
        char = chr(code)
        expected = char.isspace() or not char.isprintable()
        assert has_control_or_space(f"a{char}b") is expected, hex(code)
    assert has_control_or_space("") is False
