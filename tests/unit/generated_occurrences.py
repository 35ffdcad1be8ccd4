"""The occurrence rows of generated tips, as clustering reads them, before tip counts are known."""

from __future__ import annotations

from datetime import UTC, datetime

from graph.clustering import Occurrence
from graph.identifiers import extract_identifiers
from graph.synthetic import GeneratorConfig, generate
from graph.tip import parse_tip


def generated_occurrences(tips: int, seed: int, now: datetime) -> list[Occurrence]:
    """Every identifier of `tips` generated tips (tip counts 0, suspect accounts not counted)."""
    found: list[Occurrence] = []
    for generated in generate(GeneratorConfig(tips=tips, seed=seed, now=now)):
        tip = parse_tip(generated.tip, now=now)
        for identifier in extract_identifiers(tip):
            normal, capture = identifier.normal, identifier.capture
            found.append(
                Occurrence(
                    tip_id=tip.reportId,
                    uid=f"{normal.kind.value}|{normal.key}",
                    kind=normal.kind,
                    key=normal.key,
                    tip_count=0,
                    generic=normal.generic_reason is not None,
                    role=identifier.role,
                    verified=identifier.verified,
                    at=capture.dateTime.astimezone(UTC) if capture and capture.dateTime else None,
                    port=capture.port if capture else None,
                    possible_proxy=capture.possibleProxy if capture else None,
                )
            )
    return found
