"""The people behind a shared value, as linkedTips weighs it for a scoped viewer, come from the tips that
viewer may see: hidden tips' suspect accounts (kept on the identifier for the clearinghouse) never move the
evidence level an investigator is shown."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import httpx

from graph.audit import AuditTrail
from graph.ingest import IngestOutcome, ingest_tips
from graph.settings import Settings
from graph.store.database import Database
from graph.tip import parse_tip
from graph.viewer import Role, Viewer
from tests.api.graphql import data, gql
from tests.conftest import token_for

AGENCY = "ICAC-ACCOUNTS"
AT = datetime(2026, 10, 4, 8, 15, tzinfo=UTC)
EMAIL = "harborfox19@gmail.com"
QUERY = """query($id: ID!) {
  tip(id: $id) { linkedTips(first: 20) { edges { shared { kind key level } } } } }"""


def email_levels(answer: dict[str, Any]) -> set[str]:
    edges = data(answer)["tip"]["linkedTips"]["edges"]
    return {s["level"] for e in edges for s in e["shared"] if s["kind"] == "EMAIL" and s["key"] == EMAIL}


async def test_hidden_tips_accounts_do_not_move_a_scoped_viewers_level(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    tips = []
    for n in range(12):
        made = copy.deepcopy(example_tip)
        made["reportId"] = f"S-{n}"
        suspect = made["personOrUserReported"][0]
        # Three tips (the referred ones) of one account; nine hidden tips of nine other accounts.
        suspect["espIdentifier"] = "same-account" if n < 3 else f"other-{n}"
        del suspect["associatedAccount"]
        tips.append(parse_tip(made, now=AT))
    trail = AuditTrail(Viewer(subject="accounts-ingest", role=Role.ANALYST), "accounts", "test")
    results = await ingest_tips(clean_db, settings, trail, tips, received_at=AT)
    assert {r.outcome for r in results} == {IngestOutcome.CREATED}
    await clean_db.write("testing/refer", ids=["S-0", "S-1", "S-2"], agency=AGENCY)

    analyst = await gql(client, QUERY, {"id": "S-0"})
    assert email_levels(analyst) == {"VERIFIED_PEOPLE_10+"}  # ten accounts behind it in the store
    investigator = token_for(settings, Role.INVESTIGATOR, AGENCY)
    scoped = await gql(client, QUERY, {"id": "S-0"}, token=investigator)
    assert email_levels(scoped) == {"VERIFIED_PEOPLE_2"}  # one account behind its three visible tips
