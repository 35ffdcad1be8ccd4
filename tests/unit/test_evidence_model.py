"""The evidence model: levels of shared identifiers, one weighing of a pair, EM, tiers, the stored file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from graph.clustering import Judgement, Occurrence, Verdict
from graph.clustering.evidence import (
    CLASS_LEVELS,
    CLASSES,
    NONE_LEVEL,
    EvidenceModel,
    SharedFact,
    compare,
    explain,
)
from graph.clustering.model_store import default_model, load_model, save_model
from graph.clustering.pairs import candidate_levels, tier_partition
from graph.clustering.thresholds import POSSIBLE_PROBABILITY, STRONG_PROBABILITY
from graph.clustering.tiers import Tier, at_least, tier_of
from graph.clustering.training import fit
from graph.kinds import IdentifierKind as K
from graph.model import Role

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def occ(tip: str, kind: K, key: str, tip_count: int = 2, **fields: Any) -> Occurrence:
    return Occurrence(
        tip_id=tip, uid=f"{kind.value}|{key}", kind=kind, key=key, tip_count=tip_count, **fields
    )


def ip_fact(apart: timedelta, people: int = 2, **flags: Any) -> SharedFact:
    mine = [{"at": T0, "port": 4000, **flags}]
    theirs = [{"at": T0 + apart, "port": 4000}]
    return SharedFact(K.IP, "198.51.100.7", people, mine, theirs)


def test_an_ip_level_says_what_was_observed_and_how_many_stand_behind_it() -> None:
    assert compare(ip_fact(timedelta(seconds=20))).level == "PORT_SESSION_PEOPLE_2"  # type: ignore[union-attr]
    weeks = compare(ip_fact(timedelta(days=21), people=5))
    assert weeks is not None and weeks.level == "DAYS_APART_PEOPLE_3+"
    assert "21 days apart" in weeks.reason and "behind 5 people" in weeks.reason
    proxy = compare(ip_fact(timedelta(seconds=5), possibleProxy=True))
    assert proxy is not None and proxy.level == "PROXY_PEOPLE_2"


def test_a_file_url_counts_with_the_file_and_a_place_never_links() -> None:
    url = compare(SharedFact(K.URL, "https://cdn.example.com/f/1", 2, [{}], [{}], file_url=True))
    assert url is not None and url.evidence_class == "FILE"
    assert compare(SharedFact(K.LOCATION, "US-OR", 2, [{}], [{}])) is None


def test_one_class_is_one_fact_a_files_second_hash_adds_nothing() -> None:
    model = default_model()
    md5 = SharedFact(K.FILE_HASH, "md5:aa", 2, [{}], [{}])
    sha1 = SharedFact(K.FILE_HASH, "sha1:bb", 2, [{}], [{}])
    one = explain(model, [md5])
    both = explain(model, [md5, sha1])
    assert both.pair.match_weight == pytest.approx(one.pair.match_weight)
    assert both.gains[1] == 0.0
    assert both.gains[0] == pytest.approx(model.gain("FILE", "PEOPLE_2"))


def test_match_weight_is_prior_plus_bayes_factors_and_probability_follows_it() -> None:
    model = default_model()
    explained = explain(model, [SharedFact(K.ACCOUNT, "svc|1", 2, [{}], [{}])])
    terms = explained.pair.terms
    assert {t.evidence_class for t in terms} == set(CLASSES)
    prior = model.prior
    import math

    expected = math.log2(prior / (1 - prior)) + sum(t.bayes_factor_log2 for t in terms)
    assert explained.pair.match_weight == pytest.approx(expected)
    odds = 2**expected
    assert explained.pair.probability == pytest.approx(odds / (1 + odds))
    assert model.probability({"ACCOUNT": "PEOPLE_2"}) == pytest.approx(explained.pair.probability)


def test_lone_specific_evidence_lands_in_the_possible_tier_at_least() -> None:
    """The issue's quiet pairs: one household IP seen weeks apart; one file no one else carries."""
    model = default_model()
    household = explain(model, [ip_fact(timedelta(days=40))]).pair.probability
    lone_file = explain(model, [SharedFact(K.FILE_HASH, "sha256:cc", 2, [{}], [{}])]).pair.probability
    assert at_least(tier_of(household), Tier.POSSIBLE)
    assert at_least(tier_of(lone_file), Tier.POSSIBLE)


def test_a_value_behind_many_people_weighs_less_than_one_behind_two() -> None:
    model = default_model()
    rare = explain(model, [SharedFact(K.PHONE, "+15035550188", 2, [{}], [{}])]).pair.match_weight
    common = explain(model, [SharedFact(K.PHONE, "+15035550188", 7, [{}], [{}])]).pair.match_weight
    assert rare > common


def test_tiers_by_probability() -> None:
    assert tier_of(STRONG_PROBABILITY) is Tier.STRONG
    assert tier_of(POSSIBLE_PROBABILITY) is Tier.POSSIBLE
    assert tier_of(POSSIBLE_PROBABILITY - 1e-9) is Tier.WEAK
    assert at_least(Tier.STRONG, Tier.POSSIBLE) and not at_least(Tier.POSSIBLE, Tier.STRONG)


def planted_pairs() -> dict[tuple[str, str], dict[str, str]]:
    """1,000 matches sharing an account (half of them an email too) and 3,000 non-matches sharing only a
    file carried by 5-9 people."""
    pairs: dict[tuple[str, str], dict[str, str]] = {}
    for i in range(1000):
        levels = {"ACCOUNT": "PEOPLE_2"}
        if i % 2:
            levels["EMAIL"] = "VERIFIED_PEOPLE_2"
        pairs[(f"m{i}a", f"m{i}b")] = levels
    for i in range(3000):
        pairs[(f"n{i}a", f"n{i}b")] = {"FILE": "PEOPLE_5-9"}
    return pairs


def test_em_recovers_the_planted_share_of_matches_and_which_levels_tell() -> None:
    model = fit(planted_pairs(), version="test")
    assert model.prior == pytest.approx(0.25, abs=0.02)
    assert model.probability({"ACCOUNT": "PEOPLE_2"}) > 0.99
    assert model.probability({"FILE": "PEOPLE_5-9"}) < 0.01


def test_judgements_are_labels_that_em_keeps() -> None:
    pairs = planted_pairs()
    labels = {("n0a", "n0b"): True, ("m0a", "m0b"): False}
    model = fit(pairs, labels, version="test")
    unlabelled = fit(pairs, version="test")
    assert model.prior > unlabelled.prior - 1e-3 - 1 / len(pairs)
    assert model.m["FILE"]["PEOPLE_5-9"] > unlabelled.m["FILE"]["PEOPLE_5-9"]


def test_an_identifier_links_all_its_tips_at_once_only_when_no_other_evidence_could_undo_it() -> None:
    model = fit(planted_pairs(), version="test")
    worst = min(
        model.probability({"ACCOUNT": "PEOPLE_2", evidence: level})
        for evidence, levels in CLASS_LEVELS.items()
        if evidence != "ACCOUNT"
        for level in levels
    )
    assert model.lowest_with("ACCOUNT", "PEOPLE_2") <= worst


def test_the_model_file_round_trips_and_a_trained_one_wins_over_the_default(tmp_path: Path) -> None:
    assert load_model(tmp_path) == default_model()
    trained = fit(planted_pairs(), version="v-test", trained_on="planted")
    save_model(trained, tmp_path)
    loaded = load_model(tmp_path)
    assert loaded.version == "v-test" and loaded.prior == pytest.approx(trained.prior)
    assert EvidenceModel.from_json(trained.to_json()) == trained


def test_a_model_file_of_another_format_or_missing_levels_is_refused() -> None:
    data = default_model().to_json()
    with pytest.raises(ValueError, match="format"):
        EvidenceModel.from_json({**data, "format": 99})
    broken = {**data, "m": {**data["m"], "IP": {NONE_LEVEL: 0.5}}}
    with pytest.raises(ValueError, match="lacks IP"):
        EvidenceModel.from_json(broken)


def test_tiers_partition_tips_and_judgements_are_always_obeyed() -> None:
    rows = [
        occ("A", K.ACCOUNT, "svc|1", role=Role.SUSPECT),
        occ("B", K.ACCOUNT, "svc|1", role=Role.SUSPECT),
        occ("B", K.FILE_HASH, "sha256:f"),
        occ("C", K.FILE_HASH, "sha256:f"),
        occ("D", K.FILE_HASH, "sha256:g", tip_count=2),
        occ("E", K.FILE_HASH, "sha256:g", tip_count=2),
    ]
    model = default_model()
    strong = tier_partition(rows, model, STRONG_PROBABILITY)
    possible = tier_partition(rows, model, POSSIBLE_PROBABILITY)
    assert strong["A"] == strong["B"] != strong["C"]
    assert possible["A"] == possible["B"] == possible["C"]
    assert possible["D"] == possible["E"]
    judged = tier_partition(
        rows,
        model,
        POSSIBLE_PROBABILITY,
        [Judgement("B", "C", Verdict.DIFFERENT), Judgement("C", "D", Verdict.SAME)],
    )
    assert judged["B"] != judged["C"] and judged["C"] == judged["D"] == judged["E"]


def test_candidate_pairs_are_the_pairs_sharing_a_linking_identifier() -> None:
    rows = [
        occ("A", K.EMAIL, "a@example.com", verified=True),
        occ("B", K.EMAIL, "a@example.com"),
        occ("B", K.LOCATION, "US-OR"),
        occ("C", K.LOCATION, "US-OR"),
    ]
    assert candidate_levels(rows) == {("A", "B"): {"EMAIL": "VERIFIED_PEOPLE_2"}}
