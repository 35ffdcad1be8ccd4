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
    """An authenticated caller. `agency` is the agency id of an investigator or the service of a reporter."""

    subject: str
    role: Role
    agency: str | None = None

    @property
    def sees_every_tip(self) -> bool:
        return self.role in (Role.ANALYST, Role.SUPERVISOR)

    def scope(self) -> dict[str, object]:
        """The `$scope` parameter of tip-returning Cypher: see cypher/README for the predicate."""
        return {
            "all": self.sees_every_tip,
            "agency": self.agency if self.role is Role.INVESTIGATOR else None,
            "reporter": self.agency if self.role is Role.REPORTER else None,
        }
