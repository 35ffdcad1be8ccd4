"""FORBIDDEN messages name the viewer's role with the right article (issue 12: "a analyst")."""

from __future__ import annotations

import pytest

from graph.access import require_role
from graph.errors import ForbiddenError
from graph.viewer import Role, Viewer


@pytest.mark.parametrize(
    ("role", "start"),
    [
        (Role.ANALYST, "an analyst may not do this"),
        (Role.AUDITOR, "an auditor may not do this"),
        (Role.INVESTIGATOR, "an investigator may not do this"),
        (Role.REPORTER, "a reporter may not do this"),
        (Role.SUPERVISOR, "a supervisor may not do this"),
    ],
)
def test_forbidden_message_reads_right(role: Role, start: str) -> None:
    allowed = Role.AUDITOR if role is not Role.AUDITOR else Role.ANALYST
    with pytest.raises(ForbiddenError) as refused:
        require_role(Viewer(subject="someone", role=role), allowed)
    assert str(refused.value).startswith(start)
