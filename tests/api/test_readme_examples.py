"""Every GraphQL example in the README runs, in order, against the API: each answers without errors.

An example may start with `# as: ROLE [AGENCY]` to run with that role's token; one with a `$decisionId`
variable gets the id of the last decision an earlier example made.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx

from graph.settings import Settings
from graph.viewer import Role
from tests.api.graphql import data, gql
from tests.conftest import token_for

README = Path(__file__).resolve().parents[2] / "README.md"
EXAMPLES = re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)
AS = re.compile(r"^# as: (\w+)(?: (\S+))?$", re.MULTILINE)


def decision_ids(answer: Any) -> list[str]:
    if isinstance(answer, dict):
        found = [answer["decisionId"]] if answer.get("decisionId") else []
        return found + [d for value in answer.values() for d in decision_ids(value)]
    if isinstance(answer, list):
        return [d for value in answer for d in decision_ids(value)]
    return []


def test_the_readme_has_the_walk_through() -> None:
    assert len(EXAMPLES) >= 10


async def test_readme_examples_answer_in_order(
    client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any]
) -> None:
    seeded = data(
        await gql(
            client,
            "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }",
            {"tips": [example_tip]},
        )
    )
    assert seeded["submitTips"]["created"] == 1
    last_decision: str | None = None
    for example in EXAMPLES:
        role = AS.search(example)
        token = token_for(settings, Role(role.group(1)), role.group(2)) if role else None
        variables = {"decisionId": last_decision} if "$decisionId" in example else {}
        answer = data(await gql(client, example, variables, token=token))
        assert all(value is not None for value in answer.values()), example
        if "query Cluster" in example:
            assert answer["tip"]["cluster"]["whyMember"], "two tips of one account form a cluster"
        ids = decision_ids(answer)
        assert ids or "decisionId" not in example, f"no decision made by: {example}"
        last_decision = ids[-1] if ids else last_decision
