"""Every GraphQL example in the README runs against the API and answers without errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.graphql import data, gql

README = Path(__file__).resolve().parents[2] / "README.md"
EXAMPLES = re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 4


NAMES = [re.split(r"[\s({]", q.split(" ", 1)[1])[0] for q in EXAMPLES]


@pytest.mark.parametrize("query", EXAMPLES, ids=NAMES)
async def test_readme_example_answers(
    client: httpx.AsyncClient, example_tip: dict[str, Any], query: str
) -> None:
    seeded = data(
        await gql(
            client,
            "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }",
            {"tips": [example_tip]},
        )
    )
    assert seeded["submitTips"]["created"] == 1
    answer = data(await gql(client, query))
    assert all(value is not None for value in answer.values())
