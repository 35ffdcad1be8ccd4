"""The generic-flag policy (graph/generic.py): what a viewer may learn of an identifier being generic."""

from __future__ import annotations

import pytest

from graph.generic import MARKED, TOO_MANY_TIPS, generic_for
from graph.identifiers import REPORTER_CONTACT_REASON
from graph.kinds import IdentifierKind
from graph.viewer import Role, Viewer

ANALYST = Viewer("a", Role.ANALYST)
REPORTER = Viewer("r", Role.REPORTER, "pixpost")
INVESTIGATOR = Viewer("i", Role.INVESTIGATOR, "ICAC-OH")
SUPER_NODE = {"generic": True}  # generic in the store by the count of every tip
MARK = {"generic": True, "markedGeneric": True, "markedBy": "sup-1", "markedReason": "the tips of case 4711"}


@pytest.mark.parametrize("viewer", [REPORTER, INVESTIGATOR])
def test_a_super_node_of_hidden_tips_is_not_generic_to_a_scoped_viewer(viewer: Viewer) -> None:
    url = "https://pixpost.example.com/u/night.owl.77"
    assert not generic_for(viewer, IdentifierKind.URL, url, SUPER_NODE, visible_tip_count=1).generic
    many = generic_for(viewer, IdentifierKind.URL, url, SUPER_NODE, visible_tip_count=31)
    assert many.generic and many.reason is not None and "31 tips you may see" in many.reason


def test_viewers_who_see_every_tip_keep_the_stores_verdict() -> None:
    url = "https://pixpost.example.com/u/night.owl.77"
    verdict = generic_for(ANALYST, IdentifierKind.URL, url, SUPER_NODE, visible_tip_count=1)
    assert (verdict.generic, verdict.reason) == (True, TOO_MANY_TIPS)
    marked = generic_for(ANALYST, IdentifierKind.PHONE, "+12025550147", MARK, visible_tip_count=1)
    assert marked.reason == "marked generic by sup-1: the tips of case 4711"


def test_a_supervisors_mark_shows_without_its_words() -> None:
    verdict = generic_for(REPORTER, IdentifierKind.PHONE, "+12025550147", MARK, visible_tip_count=1)
    assert (verdict.generic, verdict.reason) == (True, MARKED)


@pytest.mark.parametrize(
    ("kind", "key", "words"),
    [
        (IdentifierKind.IP, "100.64.1.2", "carrier-grade NAT"),
        (IdentifierKind.IP, "10.0.0.1", "private address"),
        (IdentifierKind.FILE_HASH, "md5:d41d8cd98f00b204e9800998ecf8427e", "empty file"),
        (IdentifierKind.LOCATION, "US", "country"),
        (IdentifierKind.LOCATION, "US:OH", "region"),
    ],
)
def test_static_rules_on_the_value_hold_for_everyone(kind: IdentifierKind, key: str, words: str) -> None:
    verdict = generic_for(
        INVESTIGATOR, kind, key, {"generic": True, "genericReason": "x"}, visible_tip_count=1
    )
    assert verdict.generic and verdict.reason is not None and words in verdict.reason


def test_a_reason_only_hidden_tips_give_is_not_shown_but_the_viewers_own_is() -> None:
    contact = {"generic": True, "genericReason": REPORTER_CONTACT_REASON}
    email = "ncmec-reports@pixpost.example.com"
    assert not generic_for(INVESTIGATOR, IdentifierKind.EMAIL, email, contact, visible_tip_count=1).generic
    own = generic_for(INVESTIGATOR, IdentifierKind.EMAIL, email, contact, 1, reporter_contact_in_view=True)
    assert (own.generic, own.reason) == (True, REPORTER_CONTACT_REASON)


def test_a_place_never_links_tips_for_anyone() -> None:
    verdict = generic_for(REPORTER, IdentifierKind.LOCATION, "US:OH:columbus", {}, visible_tip_count=1)
    assert verdict.generic


@pytest.mark.parametrize("viewer", [REPORTER, INVESTIGATOR])
def test_a_scoped_viewers_verdict_is_the_people_rule_on_what_it_may_see(viewer: Viewer) -> None:
    ip = "203.0.113.45"
    # One offender's address: 120 visible tips, 3 suspect accounts behind them, whatever the store holds.
    his = generic_for(
        viewer, IdentifierKind.IP, ip, {**SUPER_NODE, "visibleAccounts": 3}, visible_tip_count=120
    )
    assert (his.generic, his.reason) == (False, None)
    crowd = generic_for(viewer, IdentifierKind.IP, ip, {"visibleAccounts": 100}, visible_tip_count=120)
    assert crowd.generic and crowd.reason is not None and "100 suspect accounts" in crowd.reason
    # No suspect account in the tips it may see: their count decides, as the kind's threshold says.
    assert not generic_for(viewer, IdentifierKind.IP, ip, {}, visible_tip_count=50).generic
    assert generic_for(viewer, IdentifierKind.IP, ip, {}, visible_tip_count=51).generic
    over_cap = generic_for(
        viewer, IdentifierKind.ACCOUNT, "kestrel|x", {"visibleAccounts": 1}, visible_tip_count=5_001
    )
    assert over_cap.generic and over_cap.reason is not None and "5000" in over_cap.reason
