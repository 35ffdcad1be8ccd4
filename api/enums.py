"""GraphQL enumerations for the closed sets of the domain."""

from __future__ import annotations

from enum import Enum

import strawberry

from graph.clustering.tiers import Tier as LinkTier
from graph.dispositions import Disposition, Outcome
from graph.incident_types import IncidentType
from graph.kinds import IdentifierKind
from graph.model import Role as IdentifierRole
from graph.scoring import ActionClass, Priority

__all__ = [
    "ActionClass",
    "Priority",
    "Disposition",
    "IdentifierKind",
    "IdentifierRole",
    "IncidentType",
    "LinkTier",
    "Outcome",
    "SubmitOutcome",
]

# The domain's own enumerations are exposed as they are; registering them names them in the schema.
strawberry.enum(
    IdentifierKind,
    name="IdentifierKind",
    description="What an identifier is; ACCOUNT is (platform, espIdentifier), SCREEN_NAME (platform, name).",
)
strawberry.enum(IdentifierRole, name="IdentifierRole", description="The part an identifier plays in a tip.")
strawberry.enum(Disposition, description="Where a tip stands in triage.")
strawberry.enum(
    IncidentType,
    description="The eight CyberTipline incident types; each value stands for the exact text of the report.",
)
strawberry.enum(
    ActionClass, description="REFERRAL: law enforcement can act on it; INFORMATIONAL: not as it stands."
)
strawberry.enum(Priority, description="URGENT (a child may be in danger now), then P1 to P3 by score.")
strawberry.enum(
    LinkTier,
    name="LinkTier",
    description="A link's tier by the evidence model's match probability: STRONG (>= 0.99, what bulk "
    "decisions may act on), POSSIBLE (>= 0.5, worth an investigator's look), WEAK.",
)
strawberry.enum(Outcome, description="What an investigating agency reported doing with a referred tip.")


@strawberry.enum(description="What ingest did with one submitted tip.")
class SubmitOutcome(Enum):
    CREATED = "CREATED"
    UNCHANGED = "UNCHANGED"
    CONFLICT = "CONFLICT"
    INVALID = "INVALID"
