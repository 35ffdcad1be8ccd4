"""What reads say of an identifier under the people rule: one offender's busy address (more tips than the IP
threshold, three accounts) is not generic and links his tips in linkedTips; a crowd of accounts on it makes
it generic for viewers who see every tip, while a scoped viewer's verdict, counts and links come from the
tips it may see only, so the crowd's hidden tips and accounts move none of them."""

from __future__ import annotations

from typing import Any

import httpx

from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Role
from tests.api.graphql import data, gql
from tests.conftest import token_for
from tests.store.test_people_rule_store import OFFENDER_IP, crowd_tips, offender_tips

SUBMIT = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"
LINKED = """query($id: ID!) { tip(id: $id) { linkedTips(first: 100) {
  totalCount skippedGenericIdentifiers edges { node { id } shared { kind tipCount generic } } } } }"""
IDENTIFIERS = "query($id: ID!) { tip(id: $id) { identifiers { kind key generic tipCount } } }"
AGENCY = "ICAC-OH"


async def _submit(client: httpx.AsyncClient, tips: list[dict[str, Any]]) -> None:
    for start in range(0, len(tips), 30):
        batch = tips[start : start + 30]
        assert data(await gql(client, SUBMIT, {"tips": batch}))["submitTips"]["created"] == len(batch)


async def _address(client: httpx.AsyncClient, tip_id: str, token: str | None) -> dict[str, Any]:
    found = data(await gql(client, IDENTIFIERS, {"id": tip_id}, token=token))["tip"]["identifiers"]
    (address,) = [i for i in found if i["key"] == OFFENDER_IP]
    return dict(address)


async def _linked(client: httpx.AsyncClient, tip_id: str, token: str | None) -> set[str]:
    found = data(await gql(client, LINKED, {"id": tip_id}, token=token))["tip"]["linkedTips"]
    return {edge["node"]["id"] for edge in found["edges"]}


async def test_a_busy_address_of_few_people_links_and_hidden_accounts_move_no_scoped_verdict(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings
) -> None:
    offender = offender_tips()
    await _submit(client, offender)
    ids = [tip["reportId"] for tip in offender]
    others = set(ids) - {ids[0]}
    analyst = None  # the test client's default token sees every tip
    assert await _address(client, ids[0], analyst) == {
        "kind": "IP",
        "key": OFFENDER_IP,
        "generic": False,
        "tipCount": len(ids),
    }
    assert await _linked(client, ids[0], analyst) == others  # his other accounts' tips too, through the IP

    await clean_db.write("testing/refer", ids=ids, agency=AGENCY)
    investigator = token_for(settings, Role.INVESTIGATOR, AGENCY)
    scoped_before = (
        await _address(client, ids[0], investigator),
        await _linked(client, ids[0], investigator),
    )
    assert scoped_before[0]["generic"] is False and scoped_before[1] == others

    # A crowd of accounts on the address, none referred: too many people for everyone who sees them all.
    await _submit(client, crowd_tips())
    everything = await _address(client, ids[0], analyst)
    assert everything["generic"] is True and everything["tipCount"] == 2 * len(ids)
    his_own_account = {tip for n, tip in enumerate(ids) if n % 3 == 0} - {ids[0]}
    assert await _linked(client, ids[0], analyst) == his_own_account
    scoped_after = await _address(client, ids[0], investigator), await _linked(client, ids[0], investigator)
    assert scoped_after == scoped_before
