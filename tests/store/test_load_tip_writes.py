"""The load's writes to the imported tips (graph.bulkload.load.write_tips): every tip gets its empty lists
and each clustered tip its cluster id, whatever ranges of tip ids the writes are cut into and however many
are in flight; a list the importer stored is kept."""

from __future__ import annotations

from typing import Any

import pytest

from graph.bulkload import load
from graph.bulkload.load import tip_ranges, write_tips
from graph.store.database import Database

# Ids that sort around each other in awkward ways: a clearinghouse id with a colon, a service's, a short
# one, ids before and after every clustered one, and two whose order differs between UTF-16 units and code
# points (the ranges are cut in Python's order, the code points', and must be Neo4j's too).
IDS = [f"SYN-{n:03}" for n in range(40)] + [
    ":a:b",
    "acme%20co:7",
    "Z",
    "0",
    "SYN-0395",
    "zz-last",
    "SYN-\U0001f600",
    "SYN-\uff21",
    "SYN-\uff21x",
]
CLUSTERED = {tip: f"cluster-{index % 4}" for index, tip in enumerate([*IDS[3:33:2], "SYN-\U0001f600"])}
KEPT_LABELS = ["kept"]


def _assignments() -> list[dict[str, str | None]]:
    return [{"tipId": tip, "clusterId": cluster} for tip, cluster in CLUSTERED.items()]


def _imported() -> list[dict[str, Any]]:
    tips: list[dict[str, Any]] = [{"id": tip} for tip in IDS]
    tips[5]["labels"] = KEPT_LABELS
    return tips


def _expected(clusters: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for tip in _imported():
        rows.append(
            {
                "id": tip["id"],
                "clusterId": clusters.get(tip["id"]),
                "annotations": [],
                "labels": tip.get("labels", []),
                "referredTo": [],
            }
        )
    return sorted(rows, key=lambda row: row["id"])


async def _written(db: Database) -> list[dict[str, Any]]:
    # In Python's order: Neo4j's ORDER BY need not agree on the ids above U+FFFF.
    return sorted(await db.read("testing/tip_lists"), key=lambda row: row["id"])


def test_ranges_cover_every_tip_id_once() -> None:
    assignments = _assignments()
    ranges = tip_ranges(assignments, 4)
    for tip in IDS:
        holding = [r for r in ranges if r.start <= tip and (r.end is None or tip < r.end)]
        assert len(holding) == 1, tip
        assert holding[0].clusters.get(tip) == CLUSTERED.get(tip)
    assert sum(len(r.clusters) for r in ranges) == len(CLUSTERED)


@pytest.mark.parametrize(("clustered", "in_flight"), [(4, 1), (3, 2), (1_000, 1)])
async def test_every_tip_written_once_with_its_cluster(
    clean_db: Database, monkeypatch: pytest.MonkeyPatch, clustered: int, in_flight: int
) -> None:
    # Transactions smaller than a range, so a range commits more than once.
    monkeypatch.setattr(load, "TIPS_PER_TRANSACTION", 3)
    await clean_db.write("testing/imported_tips", tips=_imported())
    assignments = _assignments()
    await write_tips(clean_db, assignments, in_flight, clustered)
    assert await _written(clean_db) == _expected(CLUSTERED)


async def test_no_clustered_tip(clean_db: Database) -> None:
    await clean_db.write("testing/imported_tips", tips=_imported())
    await write_tips(clean_db, [])
    assert await _written(clean_db) == _expected({})
