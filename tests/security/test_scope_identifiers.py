"""An identifier as a scoped viewer sees it (issue 8, items 2 and 5): its raw spellings come from the tips
it may see, and hidden tips do not make it generic."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Role
from tests.api.graphql import data, gql
from tests.conftest import token_for

SUBMIT = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"
IDENTIFIER = """query($kind: IdentifierKind!, $value: String!) {
  identifier(kind: $kind, value: $value) { rawValues tipCount generic genericReason } }"""
URL = "https://kestrel.example.net/u/harbor.fox.19"


def _tip(
    example: dict[str, Any], report_id: str, email: str, url: str, account: str | None = None
) -> dict[str, Any]:
    made = copy.deepcopy(example)
    made["reportId"] = report_id
    if account is not None:
        made["personOrUserReported"][0]["espIdentifier"] = account
    made["internetDetails"] = [{"webPageIncident": {"url": [url]}}]
    made["personOrUserReported"][0]["personOrUserReportedPerson"]["email"] = [{"value": email}]
    return made


async def test_raw_values_and_generic_flags_come_from_visible_tips_only(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    seen = _tip(example_tip, "SEEN", "Harbor.Fox.19+kc@GoogleMail.com", URL)
    # 31 tips of 31 other accounts the investigator may not see: the URL passes its kind's threshold (30
    # people, by the people rule) only with them.
    hidden = [
        _tip(
            example_tip,
            f"HIDDEN-{i}",
            "harbor.fox.19+hidden@gmail.com",
            URL.replace("kestrel", "KESTREL") + "#HIDDEN",
            f"hidden-account-{i}",
        )
        for i in range(31)
    ]
    assert data(await gql(client, SUBMIT, {"tips": [seen, *hidden]}))["submitTips"]["created"] == 32
    await clean_db.write("testing/refer", ids=["SEEN"], agency="ICAC-OH")
    investigator = token_for(settings, Role.INVESTIGATOR, "ICAC-OH")

    email = data(
        await gql(client, IDENTIFIER, {"kind": "EMAIL", "value": "harborfox19@gmail.com"}, token=investigator)
    )
    assert email["identifier"]["rawValues"] == ["Harbor.Fox.19+kc@GoogleMail.com"]
    url = data(await gql(client, IDENTIFIER, {"kind": "URL", "value": URL}, token=investigator))["identifier"]
    assert (url["tipCount"], url["generic"], url["genericReason"]) == (1, False, None)
    # The seen tip's own two spellings (its web page and the suspect's profile URL), none of the others'.
    assert sorted(url["rawValues"]) == ["https://Kestrel.example.net/u/harbor.fox.19#posts", URL]

    # Analysts see every tip: every spelling, and the super-node the hidden tips make.
    everything = data(await gql(client, IDENTIFIER, {"kind": "URL", "value": URL}))["identifier"]
    assert (everything["tipCount"], everything["generic"]) == (32, True)
    assert (
        len(
            data(await gql(client, IDENTIFIER, {"kind": "EMAIL", "value": "harborfox19@gmail.com"}))[
                "identifier"
            ]["rawValues"]
        )
        == 2
    )
