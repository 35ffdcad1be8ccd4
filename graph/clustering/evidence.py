"""One model of the evidence that two tips come from one offender: per shared identifier a comparison level,
per pair a Fellegi–Sunter match weight and probability, with the explanation of every term.

The method is Splink's (Fellegi–Sunter with m/u probabilities fitted by expectation–maximisation), in a
shape made for tips: a pair of tips is a *candidate* when it shares a linking identifier (not generic, not
above its kind's threshold), and it is compared on each *evidence class* (the kinds, with a file's hashes and
storage URL as one class, FILE). A class's level is the most telling of the pair's shared identifiers of that
class (levels are listed most telling first), or NONE when the pair shares none of that class:

- non-IP kinds: how many people stand behind the value (`graph.clustering.spread`, in buckets 2 / 3-4 /
  5-9 / 10+): this is the term-frequency adjustment, a rare value weighs more than a common one; an email
  also by whether a service verified it;
- IP: the observations (same port within a minute, within a minute, same day, further apart, no times, a
  possible proxy) and whether the address is behind two people or more.

The pair's match weight is log2 of the prior odds plus, per class, log2(m / u) of its level (a Bayes factor:
+1 doubles the odds that the two tips are one offender). Its match probability is 2^w / (1 + 2^w).

`EvidenceModel` holds the fitted m/u (a small JSON, versioned); `HAND_MODEL_NAME` names the baseline, the hand
weights of `graph.linking` combined by noisy-or, which `pair_weight` still gives for comparison.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from graph.kinds import IdentifierKind
from graph.linking import SAME_DAY_SECONDS, SAME_SESSION_SECONDS, observation_from
from graph.model import IpObservation

MODEL_FORMAT: Final = 1
HAND_MODEL_NAME: Final = "hand-weights"
NONE_LEVEL: Final = "NONE"
FILE_CLASS: Final = "FILE"

# Evidence classes and their levels, most telling first (a pair's level in a class is the first one any of
# its shared identifiers of that class reaches).
_PEOPLE_BUCKETS: Final = ((2, "2"), (4, "3-4"), (9, "5-9"), (10**12, "10+"))
# How far a count of the people behind a value need go: past the start of the last bucket no level changes
# (a scoped viewer's bounded count in cypher/tips/linked and cypher/clusters/member_identifiers).
PEOPLE_COUNTED: Final = _PEOPLE_BUCKETS[-2][0] + 1
_IP_OBSERVATIONS: Final = ("PORT_SESSION", "SESSION", "SAME_DAY", "DAYS_APART", "UNTIMED", "PROXY")
_IP_PEOPLE: Final = ("2", "3+")


def _bucket_levels(prefix: str = "") -> tuple[str, ...]:
    return tuple(f"{prefix}PEOPLE_{label}" for _, label in _PEOPLE_BUCKETS)


CLASS_LEVELS: Final[Mapping[str, tuple[str, ...]]] = {
    IdentifierKind.ACCOUNT.value: _bucket_levels(),
    IdentifierKind.REPORT.value: _bucket_levels(),
    IdentifierKind.DEVICE.value: _bucket_levels(),
    IdentifierKind.EMAIL.value: _bucket_levels("VERIFIED_") + _bucket_levels("UNVERIFIED_"),
    IdentifierKind.PHONE.value: _bucket_levels(),
    IdentifierKind.URL.value: _bucket_levels(),
    IdentifierKind.SCREEN_NAME.value: _bucket_levels(),
    FILE_CLASS: _bucket_levels(),
    IdentifierKind.IP.value: tuple(
        f"{obs}_PEOPLE_{people}" for obs in _IP_OBSERVATIONS for people in _IP_PEOPLE
    ),
}
CLASSES: Final = tuple(CLASS_LEVELS)
# Per class, each level's place in its order (0: most telling).
LEVEL_RANK: Final[Mapping[str, Mapping[str, int]]] = {
    evidence: {level: rank for rank, level in enumerate(levels)} for evidence, levels in CLASS_LEVELS.items()
}


def evidence_class_of(kind: IdentifierKind, file_url: bool) -> str | None:
    """The class an identifier counts in; None for a kind that never links (a place)."""
    if kind is IdentifierKind.FILE_HASH or (kind is IdentifierKind.URL and file_url):
        return FILE_CLASS
    return kind.value if kind.value in CLASS_LEVELS else None


def _people_label(people: int) -> str:
    for top, label in _PEOPLE_BUCKETS:
        if people <= top:
            return label
    return _PEOPLE_BUCKETS[-1][1]


def _ip_observation(
    mine: Sequence[Mapping[str, Any]], theirs: Sequence[Mapping[str, Any]]
) -> tuple[str, str]:
    """The most telling observation of one shared IP over every pair of captures, with a sentence."""
    return ip_observation([observation_from(o) for o in mine], [observation_from(o) for o in theirs])


def ip_observation(mine: Sequence[IpObservation], theirs: Sequence[IpObservation]) -> tuple[str, str]:
    """`_ip_observation` from captures already read (clustering reads each tip's once per address)."""
    best = len(_IP_OBSERVATIONS)
    best_pair: tuple[IpObservation, IpObservation, float] | None = None
    for a in mine:
        for b in theirs:
            apart = 0.0
            if a.possible_proxy or b.possible_proxy:
                found = 5
            elif a.at is None or b.at is None:
                found = 4
            else:
                apart = abs((_aware(a.at) - _aware(b.at)).total_seconds())
                if apart <= SAME_SESSION_SECONDS and a.port is not None and a.port == b.port:
                    found = 0
                elif apart <= SAME_SESSION_SECONDS:
                    found = 1
                elif apart <= SAME_DAY_SECONDS:
                    found = 2
                else:
                    found = 3
            if found < best:
                best, best_pair = found, (a, b, apart)
    index = min(best, len(_IP_OBSERVATIONS) - 1)
    return _IP_OBSERVATIONS[index], _ip_reason(best, best_pair)


def _ip_reason(found: int, pair: tuple[IpObservation, IpObservation, float] | None) -> str:
    apart = pair[2] if pair is not None else 0.0
    if found == 0 and pair is not None:
        return f"same IP and port {pair[0].port} within {int(apart)} s"
    if found == 1:
        return f"same IP within {int(apart)} s"
    if found == 2:
        return f"same IP {apart / 3600:.1f} h apart"
    if found == 3:
        return f"same IP {apart / 86_400:.0f} days apart"
    if found == 5:
        return "same IP flagged as a possible proxy"
    return "same IP, no capture times to compare"


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class SharedFact:
    """One identifier two tips share, as every reader hands it over: its kind and key, how many people
    stand behind it (`graph.clustering.spread.effective_count`), and the two tips' occurrences of it
    (rows with `at`, `port`, `possibleProxy`, `verified`)."""

    kind: IdentifierKind
    key: str
    people: int
    mine: Sequence[Mapping[str, Any]]
    theirs: Sequence[Mapping[str, Any]]
    file_url: bool = False


@dataclass(frozen=True, slots=True)
class Comparison:
    """A shared identifier's comparison level, with the sentence an analyst reads."""

    evidence_class: str
    level: str
    reason: str


def compare(fact: SharedFact) -> Comparison | None:
    """The comparison level of one shared identifier (None: a kind that never links)."""
    evidence = evidence_class_of(fact.kind, fact.file_url)
    if evidence is None:
        return None
    people = max(2, fact.people)
    spread = "" if people <= 2 else f", behind {people} people"
    if fact.kind is IdentifierKind.IP:
        observation, reason = _ip_observation(fact.mine, fact.theirs)
        return ip_comparison(observation, reason, people)
    level = f"PEOPLE_{_people_label(people)}"
    reason = f"shared {fact.kind.value.lower().replace('_', ' ')}"
    if evidence == FILE_CLASS and fact.kind is IdentifierKind.URL:
        reason = "shared file URL"
    if fact.kind is IdentifierKind.EMAIL:
        verified = any(o.get("verified") for o in (*fact.mine, *fact.theirs))
        level = ("VERIFIED_" if verified else "UNVERIFIED_") + level
        reason += "" if verified else " (unverified)"
    return Comparison(evidence, level, reason + spread)


def ip_comparison(observation: str, reason: str, people: int) -> Comparison:
    """A shared IP's comparison from its most telling observation (`ip_observation`)."""
    people = max(2, people)
    spread = "" if people <= 2 else f", behind {people} people"
    level = f"{observation}_PEOPLE_{'2' if people <= 2 else '3+'}"
    return Comparison(IdentifierKind.IP.value, level, reason + spread)


def best_levels(comparisons: Iterable[Comparison]) -> dict[str, str]:
    """Per class, the most telling level among a pair's shared identifiers (by the fixed level order)."""
    best: dict[str, str] = {}
    for found in comparisons:
        rank = LEVEL_RANK[found.evidence_class]
        held = best.get(found.evidence_class)
        if held is None or rank[found.level] < rank[held]:
            best[found.evidence_class] = found.level
    return best


@dataclass(frozen=True, slots=True)
class Term:
    """One class's term in a pair's match weight: its level and log2(m / u)."""

    evidence_class: str
    level: str
    bayes_factor_log2: float


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """What the model says of a pair: the match weight (log2 odds), the match probability, and the terms."""

    match_weight: float
    probability: float
    terms: tuple[Term, ...]


def probability_of(match_weight: float) -> float:
    if match_weight > 60:
        return 1.0
    if match_weight < -60:
        return 0.0
    odds: float = 2.0**match_weight
    return odds / (1.0 + odds)


def _log2(value: float) -> float:
    return math.log2(max(value, 1e-12))


@dataclass(frozen=True, slots=True)
class EvidenceModel:
    """A fitted Fellegi–Sunter model: the prior share of matches among candidate pairs and, per class and
    level, m = P(level | one offender) and u = P(level | two offenders)."""

    version: str
    prior: float
    m: Mapping[str, Mapping[str, float]]
    u: Mapping[str, Mapping[str, float]]
    trained_on: str = ""
    _weights: dict[str, dict[str, float]] = field(default_factory=dict, compare=False, repr=False)
    _base: float = field(default=0.0, compare=False, repr=False)
    _gains: dict[str, dict[str, float]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for evidence, levels in CLASS_LEVELS.items():
            self._weights[evidence] = {
                level: _log2(self.m[evidence][level]) - _log2(self.u[evidence][level])
                for level in (NONE_LEVEL, *levels)
            }
        base = (
            _log2(self.prior) - _log2(1.0 - self.prior) + sum(w[NONE_LEVEL] for w in self._weights.values())
        )
        object.__setattr__(self, "_base", base)
        for evidence, weights in self._weights.items():
            self._gains[evidence] = {level: w - weights[NONE_LEVEL] for level, w in weights.items()}

    def level_weight(self, evidence_class: str, level: str) -> float:
        """log2(m / u) of a level: the Bayes factor of this evidence, in bits."""
        return self._weights[evidence_class][level]

    def gain(self, evidence_class: str, level: str) -> float:
        """What a level adds to a pair's match weight over sharing nothing of its class. It may be negative:
        among candidate pairs, a file carried by a ring's many accounts is more often two people."""
        weights = self._weights[evidence_class]
        return weights[level] - weights[NONE_LEVEL]

    def lowest_with(self, evidence_class: str, level: str) -> float:
        """The lowest probability of any pair with this level in its class, whatever else it shares: what
        lets clustering link all tips of an identifier at once when even that reaches a threshold."""
        worst = sum(
            min(0.0, *(self.gain(c, other) for other in CLASS_LEVELS[c]))
            for c in CLASSES
            if c != evidence_class
        )
        return probability_of(self._base + self.gain(evidence_class, level) + worst)

    @property
    def base_weight(self) -> float:
        """The match weight of a candidate pair that shares nothing: the prior and every class at NONE."""
        return self._base

    def weigh(self, levels: Mapping[str, str]) -> PairEvidence:
        """A pair's match weight and probability from its level per class (absent classes: NONE)."""
        terms = tuple(
            Term(
                evidence,
                levels.get(evidence, NONE_LEVEL),
                self._weights[evidence][levels.get(evidence, NONE_LEVEL)],
            )
            for evidence in CLASSES
        )
        weight = _log2(self.prior) - _log2(1.0 - self.prior) + sum(t.bayes_factor_log2 for t in terms)
        return PairEvidence(weight, probability_of(weight), terms)

    def probability(self, levels: Mapping[str, str]) -> float:
        gains = self._gains
        weight = self._base
        for evidence, level in levels.items():
            weight += gains[evidence][level]
        return probability_of(weight)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "version": self.version,
            "trainedOn": self.trained_on,
            "prior": self.prior,
            "m": {c: dict(levels) for c, levels in self.m.items()},
            "u": {c: dict(levels) for c, levels in self.u.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EvidenceModel:
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"unknown evidence model format {data.get('format')!r}")
        m, u = data["m"], data["u"]
        for evidence, levels in CLASS_LEVELS.items():
            for level in (NONE_LEVEL, *levels):
                if level not in m.get(evidence, {}) or level not in u.get(evidence, {}):
                    raise ValueError(f"evidence model lacks {evidence}/{level}")
        return cls(
            version=str(data["version"]),
            prior=float(data["prior"]),
            m={c: {k: float(v) for k, v in levels.items()} for c, levels in m.items()},
            u={c: {k: float(v) for k, v in levels.items()} for c, levels in u.items()},
            trained_on=str(data.get("trainedOn", "")),
        )


@dataclass(frozen=True, slots=True)
class Explained:
    """A pair weighed from its shared identifiers: the pair's evidence and, per identifier (in the order
    given), its comparison and what it adds to the match weight in bits (0 when a stronger identifier of its
    class already counts: one class is one fact)."""

    pair: PairEvidence
    comparisons: tuple[Comparison | None, ...]
    gains: tuple[float, ...]


def explain(model: EvidenceModel, facts: Sequence[SharedFact]) -> Explained:
    """The one weighing of a pair of tips, for every reader: linkedTips, whyMember, clustering, the UI."""
    comparisons = tuple(compare(fact) for fact in facts)
    levels = best_levels(c for c in comparisons if c is not None)
    counted: set[str] = set()
    gains: list[float] = []
    for found in comparisons:
        if found is None or found.evidence_class in counted or levels[found.evidence_class] != found.level:
            gains.append(0.0)
            continue
        counted.add(found.evidence_class)
        gains.append(model.gain(found.evidence_class, found.level))
    return Explained(model.weigh(levels), comparisons, tuple(gains))
