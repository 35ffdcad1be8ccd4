"""The one `$scope` every tip-returning statement filters by, with national access (issue 12)."""

from __future__ import annotations

from datetime import UTC, datetime

from graph.access import investigator
from graph.agencies import default_registry
from graph.change_feed import in_queue
from graph.model import TipRecord, TriageState
from graph.triage import QueueFilter
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


def _tip(disposition: str, referred_to: tuple[str, ...]) -> TipRecord:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    triage = TriageState(80, "REFERRAL", "P1", None, (), (), None, now)
    return TipRecord(
        "T", "T", "Child Sex Trafficking", now, now, None, None, (), False, None, None,
        disposition=disposition, referred_to=referred_to, triage=triage,
    )  # fmt: skip


def test_the_live_queue_follows_each_roles_worklist() -> None:
    oregon = Viewer("i", Role.INVESTIGATOR, "ICAC-OR")
    analyst = Viewer("a", Role.ANALYST)
    everything = QueueFilter()
    assert in_queue(_tip("ACTIONABLE", ()), everything, analyst)
    assert not in_queue(_tip("REFERRED", ("ICAC-OR",)), everything, analyst)
    assert in_queue(_tip("REFERRED", ("ICAC-OR",)), everything, oregon)
    assert not in_queue(_tip("ACTIONABLE", ()), everything, oregon)  # national access is no referral
    assert not in_queue(_tip("CLOSED", ("ICAC-OR",)), everything, oregon)
