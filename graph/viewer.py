"""Who is asking: the viewer every domain function receives, and the scope it may see.

The scope is a plain mapping passed as `$scope` to every Cypher statement that returns tips, so pages,
counts and cross-references are filtered inside the query (right by construction), never afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    REPORTER = "reporter"
    ANALYST = "analyst"
    INVESTIGATOR = "investigator"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"


@dataclass(frozen=True, slots=True)
class Viewer:
    """An authenticated caller. `agency` is the agency id of an investigator or the service of a reporter.

    `national_incident_types`: for an investigator whose agency has national access (graph/agencies.py),
    the incident types of which it sees every tip, referred to it or not."""

    subject: str
    role: Role
    agency: str | None = None
    national_incident_types: tuple[str, ...] = ()

    @property
    def sees_every_tip(self) -> bool:
        return self.role in (Role.ANALYST, Role.SUPERVISOR)

    @property
    def sees_triage(self) -> bool:
        """Whether the clearinghouse's side of a tip is shown (disposition, referral, outcome, incident,
        score, priority, routing, suggested agencies): not to a reporting service, which learns its
        submissions' status and expiry only; the rest would tell it where its report went."""
        return self.role is not Role.REPORTER

    def scope(self) -> dict[str, object]:
        """The `$scope` parameter of tip-returning Cypher: see cypher/README for the predicate."""
        return {
            "all": self.sees_every_tip,
            "agency": self.agency if self.role is Role.INVESTIGATOR else None,
            "reporter": self.agency if self.role is Role.REPORTER else None,
            "incidentTypes": list(self.national_incident_types) if self.role is Role.INVESTIGATOR else [],
        }
