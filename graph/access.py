"""Who may do what. What a viewer may *see* is decided inside each query by its `$scope`; here are the
checks on what a viewer may *do*."""

from __future__ import annotations

from graph.agencies import default_registry
from graph.errors import ForbiddenError
from graph.viewer import Role, Viewer

SUBMITTERS = (Role.REPORTER, Role.ANALYST, Role.SUPERVISOR)
TIP_READERS = (Role.REPORTER, Role.ANALYST, Role.INVESTIGATOR, Role.SUPERVISOR)


def _with_article(noun: str) -> str:
    # Every role name starts with a letter, and none with a vowel sounded as a consonant ("a user").
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def require_role(viewer: Viewer, *roles: Role) -> None:
    if viewer.role not in roles:
        allowed = ", ".join(r.value for r in roles)
        raise ForbiddenError(f"{_with_article(viewer.role.value)} may not do this (allowed: {allowed})")


def investigator(subject: str, agency_id: str) -> Viewer:
    """An investigator of an agency, with the national access the agency registry gives it (if any)."""
    agency = default_registry().get(agency_id)
    national = agency.national_incident_types if agency else ()
    return Viewer(subject=subject, role=Role.INVESTIGATOR, agency=agency_id, national_incident_types=national)
