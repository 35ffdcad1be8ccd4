"""The one-shot migrations: to per-service keys (stored tips and submissions keep their ids and are found by
their key (service, reportId) afterwards), and to labels (older tips get the service labels ingest now
makes); running either again changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from graph.ingest import prepare_tip
from graph.labels.reading import labels_of_tips
from graph.migrations import migrate_tip_keys, migrate_tip_labels
from graph.settings import Settings
from graph.store.database import Database
from graph.tip import parse_tip
from graph.viewer import Role, Viewer


async def test_tips_and_submissions_stored_before_keys_are_found_by_key(clean_db: Database) -> None:
    legacy = [
        {"id": "R-1", "submittedBy": "pixpost", "contentHash": "a"},
        {"id": "C-1", "contentHash": "b"},
    ]
    await clean_db.write("tips/create_batch", batch={"tips": [{"props": tip, "times": {}} for tip in legacy]})
    now = datetime.now(UTC)
    await clean_db.write(
        "submissions/open",
        submission={"id": "S-1", "submittedBy": "pixpost", "status": "OPEN", "expiresAt": now, "files": "[]"},
    )
    keys = [{"service": "pixpost", "reportId": "R-1"}, {"service": "", "reportId": "C-1"}]
    (before,) = await clean_db.read("tips/existing", batch={"keys": keys})
    assert before["stored"] == []

    assert await migrate_tip_keys(clean_db) == 3
    (found,) = await clean_db.read("tips/existing", batch={"keys": keys})
    assert sorted((tip_id, service) for service, _, tip_id, _ in found["stored"]) == [
        ("C-1", ""),
        ("R-1", "pixpost"),
    ]
    locked = await clean_db.write("submissions/lock", service="pixpost", reportId="S-1")
    assert [row["submission"]["id"] for row in locked] == ["S-1"]
    assert await migrate_tip_keys(clean_db) == 0


async def test_tips_stored_before_labels_read_as_new_ones_do(
    clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    received = datetime.now(UTC)
    service = prepare_tip(parse_tip(example_tip), "pixpost", received, settings, "pixpost")
    clearinghouse = prepare_tip(parse_tip({**example_tip, "reportId": "C-2"}), None, received, settings)
    made = {ready.id: ready.row["props"]["labels"] for ready in (service, clearinghouse)}
    legacy = [
        {**ready.row, "props": {k: v for k, v in ready.row["props"].items() if k != "labels"}}
        for ready in (service, clearinghouse)
    ]
    purged = {"props": {"id": "PURGED", "service": ""}, "times": {}}
    await clean_db.write("tips/create_batch", batch={"tips": [*legacy, purged]})
    everyone = Viewer("migration-test", Role.ANALYST)
    assert await labels_of_tips(clean_db, everyone, list(made)) == [(), ()]

    assert await migrate_tip_labels(clean_db) == 3
    migrated = await labels_of_tips(clean_db, everyone, list(made))
    assert [[label.to_stored() for label in labels] for labels in migrated] == list(made.values())
    assert {label.service for label in migrated[0]} == {"pixpost"}
    assert await labels_of_tips(clean_db, everyone, ["PURGED"]) == [()]
    assert await migrate_tip_labels(clean_db) == 0
