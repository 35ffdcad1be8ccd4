"""What investigators found, set against how tipgraph scored the tips they were sent: referral outcomes by
score band, priority, platform and agency, so that the weights can be reviewed against the results (a
band whose referrals mostly end in NO_ACTION or UNABLE_TO_LOCATE scores too high).

The score is the tip's current one (re-scored as its evidence ages), and a tip referred to two agencies
counts once for each. Supervisors only: it spans every agency.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph.access import require_role
from graph.dispositions import Outcome
from graph.errors import BadInputError
from graph.store.database import Database
from graph.viewer import Role, Viewer

# Outcomes that say the referral led somewhere.
FRUITFUL = frozenset({Outcome.ARREST, Outcome.VICTIM_IDENTIFIED, Outcome.SEARCH_WARRANT})


@dataclass(frozen=True, slots=True)
class OutcomeGroup:
    """The referrals of one score band, priority, platform and agency, and what came of them."""

    score_from: int
    score_to: int
    priority: str | None
    platform: str | None
    agency: str
    referred: int
    pending: int
    outcomes: tuple[tuple[Outcome, int], ...]

    @property
    def fruitful(self) -> int:
        return sum(count for outcome, count in self.outcomes if outcome in FRUITFUL)


@dataclass(frozen=True, slots=True)
class OutcomeReport:
    received_from: datetime | None
    received_to: datetime | None
    groups: tuple[OutcomeGroup, ...]

    @property
    def referred(self) -> int:
        return sum(group.referred for group in self.groups)


async def outcome_report(
    db: Database,
    viewer: Viewer,
    received_from: datetime | None = None,
    received_to: datetime | None = None,
) -> OutcomeReport:
    """Every referral's outcome, grouped; tips received in [received_from, received_to) when given."""
    require_role(viewer, Role.SUPERVISOR)
    if received_from is not None and received_to is not None and received_from >= received_to:
        raise BadInputError("receivedFrom must be before receivedTo", field="receivedFrom")
    for name, moment in (("receivedFrom", received_from), ("receivedTo", received_to)):
        if moment is not None and moment.utcoffset() is None:
            raise BadInputError(f"{name} needs a UTC offset", field=name)
    rows = await db.read("reports/outcomes", receivedFrom=received_from, receivedTo=received_to)
    grouped: dict[tuple[int, str | None, str | None, str], dict[Outcome | None, int]] = {}
    for row in rows:
        key = (row["band"], row["priority"], row["platform"], row["agency"])
        outcome = Outcome(row["outcome"]) if row["outcome"] is not None else None
        grouped.setdefault(key, {})[outcome] = row["tips"]
    groups = [
        OutcomeGroup(
            score_from=band,
            score_to=100 if band >= 90 else band + 9,
            priority=priority,
            platform=platform,
            agency=agency,
            referred=sum(counts.values()),
            pending=counts.get(None, 0),
            outcomes=tuple((outcome, counts[outcome]) for outcome in Outcome if outcome in counts),
        )
        for (band, priority, platform, agency), counts in grouped.items()
    ]
    return OutcomeReport(received_from, received_to, tuple(groups))
