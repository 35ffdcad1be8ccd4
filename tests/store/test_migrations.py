"""The one-shot migration to per-service keys: stored tips and submissions keep their ids and are found by
their key (service, reportId) afterwards; running it again changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from graph.migrations import migrate_tip_keys
from graph.store.database import Database


async def test_tips_and_submissions_stored_before_keys_are_found_by_key(clean_db: Database) -> None:
    legacy = [
        {"id": "R-1", "submittedBy": "pixpost", "contentHash": "a"},
        {"id": "C-1", "contentHash": "b"},
    ]
    await clean_db.write("tips/create_batch", tips=[{"props": tip, "times": {}} for tip in legacy])
    now = datetime.now(UTC)
    await clean_db.write(
        "submissions/open",
        submission={"id": "S-1", "submittedBy": "pixpost", "status": "OPEN", "expiresAt": now, "files": "[]"},
    )
    keys = [{"service": "pixpost", "reportId": "R-1"}, {"service": "", "reportId": "C-1"}]
    assert await clean_db.read("tips/existing", keys=keys) == []

    assert await migrate_tip_keys(clean_db) == 3
    found = await clean_db.read("tips/existing", keys=keys)
    assert sorted((row["id"], row["service"]) for row in found) == [("C-1", ""), ("R-1", "pixpost")]
    locked = await clean_db.write("submissions/lock", service="pixpost", reportId="S-1")
    assert [row["submission"]["id"] for row in locked] == ["S-1"]
    assert await migrate_tip_keys(clean_db) == 0
