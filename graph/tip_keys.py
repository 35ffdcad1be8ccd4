"""What a tip is known by: the service that reported it and that service's own reportId.

reportIds are chosen by the services, so they are unique only per service: a tip's key is
(service, reportId), and its public `id` is derived from the key, deterministically, so resubmitting the
same report finds the same tip. A reporter's token names its service, which is authoritative for its own
submissions. Tips the clearinghouse ingests itself (analysts, supervisors, the CLI) are in the
clearinghouse's namespace: the report carries no authenticated service (its contact email is free text),
so their reportIds are the clearinghouse's report numbers, and their id is the reportId itself.

The mapping from key to id is injective, so no service can take another's id:
- clearinghouse: `reportId` (a reportId holding ':' gets a leading ':', which no service id has);
- a service's: `<service, percent-encoded>:<reportId>` (the first ':' ends the service).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from graph.viewer import Role, Viewer

# The service of tips the clearinghouse ingests itself. Tokens need a non-blank service, so no reporter
# has this one.
CLEARINGHOUSE = ""


@dataclass(frozen=True, slots=True)
class TipKey:
    service: str
    report_id: str

    @property
    def tip_id(self) -> str:
        return tip_id(self.service, self.report_id)


def tip_id(service: str, report_id: str) -> str:
    """The public id of the tip a service submitted under `report_id`."""
    if service == CLEARINGHOUSE:
        return f":{report_id}" if ":" in report_id else report_id
    return f"{quote(service, safe='')}:{report_id}"


def service_of(viewer: Viewer) -> str:
    """Whose reportIds a caller's submissions are: a reporter's service, else the clearinghouse's."""
    if viewer.role is Role.REPORTER and viewer.agency:
        return viewer.agency
    return CLEARINGHOUSE


def key_for(viewer: Viewer, report_id: str) -> TipKey:
    return TipKey(service_of(viewer), report_id)
