"""A tip's stored score details (graph.triage.triage_properties): the JSON text the reads parse."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson

from graph.scoring import score_tip_variants
from graph.scoring.actionability import Contribution
from graph.synthetic import GeneratorConfig, generate
from graph.tip import parse_tip
from graph.triage import triage_properties

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def spelled_out(contributions: tuple[Contribution, ...], missing: tuple[str, ...], urgent: str | None) -> str:
    details = {
        "contributions": [
            {"factor": c.factor, "points": c.points, "evidence": c.evidence} for c in contributions
        ],
        "missing": list(missing),
        "urgentReason": urgent,
    }
    return orjson.dumps(details).decode()


def test_score_details_are_each_contribution_as_factor_points_evidence_then_missing_and_urgency() -> None:
    scored = 0
    for generated in generate(GeneratorConfig(tips=300, seed=5, now=NOW)):
        tip = parse_tip(generated.tip, now=NOW)
        for result in score_tip_variants(tip, linked_tip_counts=(0, 1), now=NOW, finished_at=NOW):
            expected = spelled_out(result.contributions, result.missing, result.urgent_reason)
            assert triage_properties(result, NOW, "tip")["scoreDetails"] == expected
            assert triage_properties(result, NOW, "tip", "IfLinked")["scoreDetailsIfLinked"] == expected
            scored += 1
    assert scored == 600
