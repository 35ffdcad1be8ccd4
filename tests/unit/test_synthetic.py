"""The synthetic tip generator: deterministic, in the tip's JSON form, valid, and realistic in the ways the
benchmarks measure (heavy-tailed actors, rings, viral files, carrier NAT, about half actionable)."""

from __future__ import annotations

import ipaddress
import itertools
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from graph.incident_types import IncidentType
from graph.normalization import normalize_account, normalize_email, normalize_file_hash, normalize_phone
from graph.synthetic import GeneratedTip, GeneratorConfig, TipTruth, built_actionable, generate, write_jsonl
from graph.synthetic.generator import build_population
from graph.synthetic.schedule import TipSchedule
from graph.tip import parse_tip

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TIPS = 20_000
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")
EVENT_NAMES = {"Login", "Registration", "Purchase", "Upload", "Other", "Unknown"}
HASH_LENGTHS = {"MD5": 32, "SHA1": 40, "SHA256": 64}
ALLOWED_NETWORKS = tuple(
    ipaddress.ip_network(cidr)
    for cidr in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "100.64.0.0/10")
)
# Keys that always hold arrays in the JSON form (elements that may repeat).
ARRAY_KEYS = {
    "internetDetails",
    "personOrUserReported",
    "intendedRecipient",
    "victim",
    "files",
    "email",
    "phone",
    "address",
    "displayName",
    "profileUrl",
    "deviceId",
    "priorCTReports",
    "associatedAccount",
    "originalFileHash",
    "url",
    "emailAddress",
    "incidentAddress",
}
DATE_TIME_KEYS = {"incidentDateTime", "dateTime", "uploadedToEspTimestamp", "verificationDate", "timestamp"}


def config(tips: int = TIPS, seed: int = 11, **overrides: Any) -> GeneratorConfig:
    return GeneratorConfig(tips=tips, seed=seed, now=NOW, **overrides)


@pytest.fixture(scope="module")
def generated() -> list[GeneratedTip]:
    return list(generate(config()))


def tip_json(generated: GeneratedTip) -> dict[str, Any]:
    return generated.tip


def walk(value: object, key: str = "$") -> Iterator[tuple[str, Any]]:
    """Every value under its element name; array items under the array's name with "[]"."""
    yield key, value
    if isinstance(value, Mapping):
        for child_key, child in value.items():
            yield from walk(child, child_key)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, f"{key}[]")


def users(tip: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(tip.get("personOrUserReported", []))


def linking_keys(tip: Mapping[str, Any]) -> set[str]:
    """The normal keys of the accounts, emails and phones a tip carries for its first reported user."""
    keys: set[str] = set()
    user = users(tip)[0]
    if "espIdentifier" in user:
        keys.add(normalize_account(user["espService"], user["espIdentifier"]).key)
    for linked in user.get("associatedAccount", []):
        keys.add(normalize_account(linked["platform"]["value"], linked["espIdentifier"]).key)
    person = user.get("personOrUserReportedPerson", {})
    for email in person.get("email", []):
        keys.add(normalize_email(email["value"]).key)
    for phone in person.get("phone", []):
        keys.add(normalize_phone(phone["value"], phone.get("countryCallingCode")).key)
    return keys


def test_same_seed_same_output_and_another_seed_differs() -> None:
    first = [(g.tip, g.truth) for g in generate(config(tips=800))]
    again = [(g.tip, g.truth) for g in generate(config(tips=800))]
    other = [(g.tip, g.truth) for g in generate(config(tips=800, seed=12))]

    assert orjson.dumps([tip for tip, _ in first]) == orjson.dumps([tip for tip, _ in again])
    assert [truth for _, truth in first] == [truth for _, truth in again]
    assert [tip for tip, _ in first] != [tip for tip, _ in other]


def test_generates_exactly_the_requested_number_with_unique_report_ids(generated: list[GeneratedTip]) -> None:
    report_ids = [tip_json(g)["reportId"] for g in generated]

    assert len(generated) == TIPS
    assert len(set(report_ids)) == TIPS
    assert all(g.truth.report_id == tip_json(g)["reportId"] for g in generated)


def test_json_form_shape(generated: list[GeneratedTip]) -> None:
    incident_types = {kind.value for kind in IncidentType}
    for g in generated:
        tip = tip_json(g)
        assert isinstance(tip["reportId"], str)
        assert isinstance(tip["files"], list)
        assert tip["incidentSummary"]["incidentType"] in incident_types
        for key, value in walk(tip):
            if key in ARRAY_KEYS:
                assert isinstance(value, list), (tip["reportId"], key)
            if key in DATE_TIME_KEYS:
                assert isinstance(value, str) and DATE_TIME.fullmatch(value), (tip["reportId"], key, value)
                assert datetime.fromisoformat(value) < NOW
            if key in {"email", "phone", "emailAddress"}:
                assert all(isinstance(item, dict) and isinstance(item["value"], str) for item in value)
            if key in {"fileAnnotations", "reportAnnotations"}:
                assert all(flag is True for flag in value.values())
            if key == "ipCaptureEvent":
                for event in value if isinstance(value, list) else [value]:
                    assert event["eventName"] in EVENT_NAMES
                    assert ipaddress.ip_address(event["ipAddress"])
                    assert "port" not in event or 1 <= event["port"] <= 65535
            if key == "originalFileHash":
                for digest in value:
                    assert len(digest["value"]) == HASH_LENGTHS[digest["hashType"]]
                    assert normalize_file_hash(digest["hashType"], digest["value"])


def test_batched_reports_have_the_bundled_shape(generated: list[GeneratedTip]) -> None:
    batched = [g for g in generated if "batchedReport" in g.tip]

    assert len(batched) > 100
    for g in batched:
        tip = tip_json(g)
        assert tip["batchedReport"] == {"reason": "VIRAL_POTENTIAL_MEME"}
        assert not {"victim", "intendedRecipient", "internetDetails"} & tip.keys()
        assert all(set(user) == {"espIdentifier", "espService"} for user in users(tip))
        assert len(users(tip)) >= 2
        files = tip["files"]
        assert isinstance(files, list) and len(files) == 1
        flags = files[0]["fileAnnotations"]
        assert flags.get("viral") is True or flags.get("potentialMeme") is True
        assert g.truth.viral_file_id is not None and g.truth.actor_ids == () and not g.truth.complete


def test_a_few_thousand_tips_validate_against_the_tip_model(generated: list[GeneratedTip]) -> None:
    for g in generated[:4000]:
        assert parse_tip(g.tip, now=NOW).reportId == tip_json(g)["reportId"]


def test_identifiers_stay_in_synthetic_ranges(generated: list[GeneratedTip]) -> None:
    for g in generated:
        for key, value in walk(g.tip):
            if key == "ipAddress":
                address = ipaddress.ip_address(value)
                if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
                    address = address.ipv4_mapped
                assert any(address in network for network in ALLOWED_NETWORKS), value
            if key in {"email", "emailAddress"}:
                for email in value:
                    domain = normalize_email(email["value"]).key.rpartition("@")[2]
                    assert re.fullmatch(r"([a-z0-9-]+\.)?example\.(com|org|net)|gmail\.com", domain), domain
            if key == "phone" or key == "phoneNumber":
                for phone in value if isinstance(value, list) else [value]:
                    e164 = normalize_phone(phone["value"], phone.get("countryCallingCode")).key
                    assert re.fullmatch(r"\+1\d{3}55501\d\d|\+447700900\d{3}|\+61491570\d{3}", e164), e164
            if key in {"profileUrl", "url"}:
                assert all(".example." in url.lower() for url in value)


def test_complete_is_the_actionability_rule_and_about_half(generated: list[GeneratedTip]) -> None:
    complete = sum(g.truth.complete for g in generated)

    assert all(g.truth.complete == built_actionable(g.tip) for g in generated)
    assert 0.44 <= complete / TIPS <= 0.56


def test_urgent_tips_are_rare_escalated_and_actionable(generated: list[GeneratedTip]) -> None:
    urgent = [g for g in generated if g.truth.urgent]

    assert 0.005 <= len(urgent) / TIPS <= 0.025
    assert all(tip_json(g)["incidentSummary"]["escalateToHighPriority"] for g in urgent)
    assert all(g.truth.complete for g in urgent)
    assert not any(
        "escalateToHighPriority" in tip_json(g)["incidentSummary"] for g in generated if not g.truth.urgent
    )


def test_missing_fields_come_at_realistic_rates(generated: list[GeneratedTip]) -> None:
    files = [file for g in generated for file in tip_json(g)["files"]]
    without_upload_ip = sum("ipCaptureEvent" not in file for file in files) / len(files)
    not_viewed = sum(file.get("fileViewedByEsp") is not True for file in files) / len(files)
    events = [event for g in generated for user in users(g.tip) for event in user.get("ipCaptureEvent", [])]

    assert 0.28 <= without_upload_ip <= 0.45
    assert 0.4 <= not_viewed <= 0.6
    assert any("dateTime" not in event for event in events)
    assert any("port" not in event for event in events)
    assert any(user.get("compromisedAccount") is True for g in generated for user in users(g.tip))
    assert any(user.get("thirdPartyUserReported") is True for g in generated for user in users(g.tip))


def test_most_located_tips_are_outside_the_us_and_us_ones_have_a_state(generated: list[GeneratedTip]) -> None:
    located = [g.truth for g in generated if g.truth.country_code]
    outside = sum(truth.country_code != "US" for truth in located) / len(located)
    estimated = [
        user["estimatedLocation"] for g in generated for user in users(g.tip) if "estimatedLocation" in user
    ]

    assert 0.84 <= outside <= 0.92
    assert len({truth.country_code for truth in located}) > 20
    assert all(location.get("region") for location in estimated if location["countryCode"] == "US")


def test_tips_per_actor_are_heavy_tailed(generated: list[GeneratedTip]) -> None:
    per_actor = Counter(actor for g in generated for actor in g.truth.actor_ids[:1])

    assert sum(1 for count in per_actor.values() if count <= 2) / len(per_actor) >= 0.7
    assert max(per_actor.values()) >= 100


def test_an_actors_tips_share_its_anchor_identifier_unless_thin(generated: list[GeneratedTip]) -> None:
    keys_by_actor: dict[str, list[set[str]]] = defaultdict(list)
    for g in generated:
        if g.truth.actor_ids and not g.truth.thin:
            keys_by_actor[g.truth.actor_ids[0]].append(linking_keys(g.tip))
    repeat_actors = [keys for keys in keys_by_actor.values() if len(keys) > 1]

    assert len(repeat_actors) > 500
    for keys in repeat_actors:
        assert set.intersection(*keys)


def test_thin_tips_carry_none_of_the_actors_accounts(generated: list[GeneratedTip]) -> None:
    anchors: dict[str, set[str]] = defaultdict(set)
    for g in generated:
        if g.truth.actor_ids and not g.truth.thin:
            anchors[g.truth.actor_ids[0]] |= linking_keys(g.tip)
    thin = [g for g in generated if g.truth.thin]

    assert 0.02 <= len(thin) / TIPS <= 0.1
    assert all(not linking_keys(g.tip) & anchors[g.truth.actor_ids[0]] for g in thin)


def test_viral_files_are_reported_by_many_unrelated_users(generated: list[GeneratedTip]) -> None:
    reporters: Counter[str] = Counter()
    hashes: dict[str, set[str]] = defaultdict(set)
    for g in generated:
        if g.truth.viral_file_id and not g.truth.actor_ids:
            reporters[g.truth.viral_file_id] += len(users(g.tip))
            md5 = [
                h["value"].lower()
                for h in tip_json(g)["files"][0]["originalFileHash"]
                if h["hashType"] == "MD5"
            ]
            hashes[g.truth.viral_file_id].update(md5)
    top_file, top_count = reporters.most_common(1)[0]
    individual = [g for g in generated if g.truth.viral_file_id and "batchedReport" not in g.tip]

    assert top_count >= 2000
    assert len(hashes[top_file]) == 1
    assert individual and all(
        any(
            flag in tip_json(g)["files"][-1].get("fileAnnotations", {}) for flag in ("viral", "potentialMeme")
        )
        for g in individual
    )


def test_ring_members_on_several_services_trade_the_same_files(generated: list[GeneratedTip]) -> None:
    files_by_ring: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    services_by_ring: dict[str, set[str]] = defaultdict(set)
    for g in generated:
        if g.truth.ring_id is None:
            continue
        actor = g.truth.actor_ids[0]
        services_by_ring[g.truth.ring_id].add(str(users(g.tip)[0].get("espService")))
        for file in tip_json(g)["files"]:
            for digest in file["originalFileHash"]:
                files_by_ring[g.truth.ring_id][actor].add(digest["value"].lower())
    shared_rings = [
        ring
        for ring, by_actor in files_by_ring.items()
        if any(a & b for a, b in itertools.combinations(by_actor.values(), 2))
    ]

    assert len(shared_rings) >= len(files_by_ring) // 2
    assert any(len(services) > 1 for services in services_by_ring.values())
    assert any("groupIdentifier" in user for g in generated if g.truth.ring_id for user in users(g.tip))


def test_carrier_nat_addresses_are_shared_by_unrelated_users_and_bursts_repeat_ip_and_port(
    generated: list[GeneratedTip],
) -> None:
    carrier_nat = ipaddress.ip_network("100.64.0.0/10")
    actors_by_ip: dict[str, set[str]] = defaultdict(set)
    sessions: dict[tuple[str, int], list[tuple[datetime, str]]] = defaultdict(list)
    for g in generated:
        actor = g.truth.actor_ids[0] if g.truth.actor_ids else g.truth.report_id
        for event in users(g.tip)[0].get("ipCaptureEvent", []):
            if ipaddress.ip_address(event["ipAddress"]) in carrier_nat:
                actors_by_ip[event["ipAddress"]].add(actor)
                if "port" in event and "dateTime" in event and event["eventName"] == "Login":
                    sessions[(event["ipAddress"], event["port"])].append(
                        (datetime.fromisoformat(event["dateTime"]), actor)
                    )
    bursts = [
        (a, b)
        for seen in sessions.values()
        for a, b in itertools.combinations(sorted(seen), 2)
        if a[1] == b[1] and b[0] - a[0] <= timedelta(seconds=60)
    ]

    assert max(len(actors) for actors in actors_by_ip.values()) >= 20
    assert len(bursts) >= 20


def test_proxies_are_shared_and_flagged(generated: list[GeneratedTip]) -> None:
    proxied: dict[str, set[str]] = defaultdict(set)
    for g in generated:
        for user in users(g.tip):
            for event in user.get("ipCaptureEvent", []):
                if event.get("possibleProxy") is True and event["ipAddress"].startswith("192.0.2."):
                    proxied[event["ipAddress"]].add(g.truth.actor_ids[0] if g.truth.actor_ids else "")

    assert max(len(actors) for actors in proxied.values()) >= 10


def test_prior_reports_cite_earlier_reports_of_the_same_actor(generated: list[GeneratedTip]) -> None:
    actor_of_number = {
        int(g.truth.report_id.removeprefix("SYN-")): g.truth.actor_ids[0]
        for g in generated
        if g.truth.actor_ids
    }
    citing = [
        (g, user["priorCTReports"]) for g in generated for user in users(g.tip) if "priorCTReports" in user
    ]

    assert len(citing) > 100
    for g, numbers in citing:
        own = int(g.truth.report_id.removeprefix("SYN-"))
        assert all(number < own and actor_of_number[number] == g.truth.actor_ids[0] for number in numbers)


def test_files_are_uploaded_before_the_incident_is_reported(generated: list[GeneratedTip]) -> None:
    earliest = NOW - timedelta(days=800)
    for g in generated:
        incident = datetime.fromisoformat(tip_json(g)["incidentSummary"]["incidentDateTime"])
        assert earliest < incident < NOW
        for file in tip_json(g)["files"]:
            if "uploadedToEspTimestamp" in file:
                assert datetime.fromisoformat(file["uploadedToEspTimestamp"]) <= incident


def test_write_jsonl_writes_tips_and_truth_line_for_line(tmp_path: Path) -> None:
    small = config(tips=300)
    tips_path, truth_path = tmp_path / "tips.jsonl", tmp_path / "truth.jsonl"

    write_jsonl(small, tips_path, truth_path)

    expected = list(generate(small))
    tips = [orjson.loads(line) for line in tips_path.read_bytes().splitlines()]
    truths = [TipTruth.from_json_dict(orjson.loads(line)) for line in truth_path.read_bytes().splitlines()]
    assert tips == [g.tip for g in expected]
    assert truths == [g.truth for g in expected]


def test_population_counts_add_up_to_the_offenders_tips() -> None:
    small = config(tips=5_000)
    population = build_population(small)
    viral = sum(1 for g in generate(small) if not g.truth.actor_ids)

    assert sum(population.tip_counts) == 5_000 - viral


def test_schedule_draws_every_actor_exactly_its_count() -> None:
    counts = [3, 0, 1, 7, 2]
    schedule = TipSchedule(counts)
    rng = random.Random(5)

    drawn = Counter(schedule.draw(rng) for _ in range(sum(counts)))

    assert [drawn[index] for index in range(len(counts))] == counts
    with pytest.raises(IndexError):
        schedule.draw(rng)


def test_config_refuses_a_naive_now_and_rates_out_of_range() -> None:
    with pytest.raises(ValueError, match="offset"):
        GeneratorConfig(tips=1, seed=1, now=datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="thin_rate"):
        config(thin_rate=1.5)
