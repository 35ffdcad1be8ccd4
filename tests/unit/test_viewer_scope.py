"""The one `$scope` every tip-returning statement filters by, with national access (issue 12)."""

from __future__ import annotations

from graph.access import investigator
from graph.agencies import default_registry
from graph.viewer import Role, Viewer


def test_national_access_comes_from_the_registry_for_investigators_only() -> None:
    desk = default_registry().federal_desk
    assert desk.national_incident_types
    federal = investigator("fed", desk.id)
    assert federal.scope() == {
        "all": False,
        "agency": desk.id,
        "reporter": None,
        "incidentTypes": list(desk.national_incident_types),
    }
    assert investigator("or", "ICAC-OR").scope()["incidentTypes"] == []
    assert investigator("nobody", "NO-SUCH-AGENCY").scope()["incidentTypes"] == []
    # A reporter named like an agency with national access gets no such reach.
    assert Viewer("svc", Role.REPORTER, desk.id).scope()["incidentTypes"] == []


def test_only_a_reporting_service_is_kept_from_triage() -> None:
    seeing = {role for role in Role if Viewer("x", role, "A").sees_triage}
    assert seeing == set(Role) - {Role.REPORTER}
