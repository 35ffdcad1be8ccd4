"""The suspect accounts a batch puts behind each identifier its tips carry (graph.ingest._accounts_behind),
against the rule stated pair by pair: every suspect ACCOUNT link of a tip stands behind every other link of
that tip, an account behind itself only through another of the tip's links to it."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any, cast

from graph.ingest import PreparedTip, _accounts_behind


def tip(*links: tuple[str, str, str | None]) -> PreparedTip:
    rows = [{"uid": f"{kind}|{key}", "kind": kind, "rel": {"role": role}} for kind, key, role in links]
    return cast(PreparedTip, SimpleNamespace(row={"links": rows}))


def pairwise(tips: list[PreparedTip]) -> dict[str, set[str]]:
    behind: dict[str, set[str]] = {}
    for ready in tips:
        links: list[dict[str, Any]] = ready.row["links"]
        for index, link in enumerate(links):
            accounts = behind.setdefault(link["uid"], set())
            for other, suspect in enumerate(links):
                if other != index and suspect["kind"] == "ACCOUNT" and suspect["rel"]["role"] == "SUSPECT":
                    accounts.add(suspect["uid"])
    return behind


def test_an_account_stands_behind_itself_only_through_another_link_to_it() -> None:
    alone = tip(("ACCOUNT", "a", "SUSPECT"), ("EMAIL", "e", "SUSPECT"))
    twice = tip(("ACCOUNT", "b", "SUSPECT"), ("ACCOUNT", "b", "SUSPECT"))
    victim_too = tip(("ACCOUNT", "c", "SUSPECT"), ("ACCOUNT", "c", "VICTIM"), ("ACCOUNT", "d", None))
    assert _accounts_behind([alone]) == {"ACCOUNT|a": set(), "EMAIL|e": {"ACCOUNT|a"}}
    assert _accounts_behind([twice]) == {"ACCOUNT|b": {"ACCOUNT|b"}}
    assert _accounts_behind([victim_too]) == {"ACCOUNT|c": {"ACCOUNT|c"}, "ACCOUNT|d": {"ACCOUNT|c"}}


def test_generated_batches_agree_with_the_pairwise_rule() -> None:
    rng = random.Random(11)
    for _ in range(500):
        batch = [
            tip(*[
                (kind, str(rng.randint(0, 4)), rng.choice(["SUSPECT", "VICTIM", None]))
                for kind in rng.choices(["ACCOUNT", "EMAIL"], k=rng.randint(0, 8))
            ])
            for _ in range(rng.randint(1, 4))
        ]  # fmt: skip
        assert _accounts_behind(batch) == pairwise(batch)
