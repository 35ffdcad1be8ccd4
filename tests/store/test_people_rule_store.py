"""The people rule is the store's rule: an address carried by more tips than its kind's threshold links them
when few people stand behind it (one offender's three accounts), at ingest as at recompute, and is stored
non-generic; a crowd of accounts on it makes it generic and splits what it glued, at ingest as at recompute.
(The bulk load is compared with online ingest on the same offender in tests/store/test_bulkload.py.)"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.audit import AuditTrail
from graph.clustering.thresholds import GENERIC_ABOVE_BY_NAME
from graph.clusters.recompute import recompute_clusters
from graph.ingest import IngestOutcome, ingest_stream
from graph.migrations import migrate_generic_flags
from graph.settings import Settings
from graph.store.database import Database
from graph.tip import parse_tip
from graph.viewer import Role, Viewer
from tests.store.test_cluster_aggregates import stored_partition

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
OFFENDER_IP = "203.0.113.45"
OFFENDER_TIPS = 60  # above the IP threshold of 50 tips, from three accounts: one person's
CROWD_TIPS = 60  # as many more, each its own account: 63 accounts, about two tips each
TRAIL = AuditTrail(viewer=Viewer(subject="test", role=Role.ANALYST), request_id="t", operation="test")


def _digest(report_id: str) -> str:
    return hashlib.md5(report_id.encode()).hexdigest()


def address_tip(report_id: str, day: int, account: str, ip: str = OFFENDER_IP) -> dict[str, Any]:
    """A tip whose suspect (`account`) logged in from `ip` on its own day, with a file of its own: the
    address is all it may share with another account's tips (the reporter's email is generic by rule)."""
    at = (datetime(2025, 8, 1, 10, tzinfo=UTC) + timedelta(days=day)).isoformat()
    return {
        "reportId": report_id,
        "incidentSummary": {
            "incidentType": "Child Pornography (possession, manufacture, and distribution)",
            "platform": "Kestrel Chat",
            "incidentDateTime": at,
        },
        "reporter": {"reportingPerson": {"email": [{"value": "cybertip@kestrel.example.net"}]}},
        "personOrUserReported": [
            {
                "espIdentifier": account,
                "espService": "Kestrel Chat",
                "ipCaptureEvent": [
                    {"ipAddress": ip, "eventName": "Login", "dateTime": at, "port": 40000 + day}
                ],
            }
        ],
        "files": [
            {
                "fileName": f"{report_id}.jpg",
                "fileViewedByEsp": True,
                "originalFileHash": [
                    {"value": hashlib.md5(report_id.encode()).hexdigest(), "hashType": "MD5"}
                ],
            }
        ],
    }


def offender_tips(prefix: str = "OFF", tips: int = OFFENDER_TIPS, accounts: int = 3) -> list[dict[str, Any]]:
    """One offender's tips on his home address, two days apart, his suspect account cycling through
    `accounts` (a new account per service, the same address)."""
    return [
        address_tip(f"{prefix}-{i:03d}", 2 * i, f"{prefix.lower()}-acct-{i % accounts}") for i in range(tips)
    ]


def crowd_tips(prefix: str = "CROWD", tips: int = CROWD_TIPS) -> list[dict[str, Any]]:
    """Tips of as many different accounts on the same address (a carrier-NAT exit)."""
    return [address_tip(f"{prefix}-{i:03d}", 2 * i + 1, f"{prefix.lower()}-acct-{i}") for i in range(tips)]


async def _ingest_in(db: Database, settings: Settings, tips: list[dict[str, Any]], size: int) -> None:
    for start in range(0, len(tips), size):
        batch = [parse_tip(tip, now=NOW) for tip in tips[start : start + size]]
        one_call = settings.model_copy(update={"ingest_batch_size": len(batch)})
        outcomes = [r.outcome async for r in ingest_stream(db, one_call, TRAIL, batch)]
        assert outcomes == [IngestOutcome.CREATED] * len(batch)


async def _partition(db: Database) -> set[frozenset[str]]:
    _, members = await stored_partition(db)
    return {frozenset(tips) for tips in members.values()}


async def _ip_flag(db: Database) -> tuple[int, int, bool]:
    rows = await db.read("testing/snapshot_identifiers")
    (found,) = [row["identifier"] for row in rows if row["identifier"]["key"] == OFFENDER_IP]
    accounts = await db.read("identifiers/get", uid=found["uid"], scope={"all": True}, linkingCap=5_000)
    return found["tipCount"], accounts[0]["identifier"]["suspectAccounts"], found["generic"]


async def test_one_offenders_busy_address_links_his_accounts_until_a_crowd_shares_it(
    clean_db: Database, settings: Settings
) -> None:
    offender = offender_tips()
    # Batches of 20: the second carries the address past the tip threshold (50), which links no longer.
    await _ingest_in(clean_db, settings, offender, 20)
    everyone = frozenset(tip["reportId"] for tip in offender)
    assert await _partition(clean_db) == {everyone}, "one person's address links his three accounts"
    assert await _ip_flag(clean_db) == (OFFENDER_TIPS, 3, False)
    await recompute_clusters(clean_db, now=NOW)
    assert await _partition(clean_db) == {everyone}, "a recompute clusters as ingest did"

    # A crowd of accounts on the address: too many people now, and it stops linking (it crossed at ingest).
    await _ingest_in(clean_db, settings, crowd_tips(), 30)
    assert await _ip_flag(clean_db) == (OFFENDER_TIPS + CROWD_TIPS, 3 + CROWD_TIPS, True)
    per_account = {
        frozenset(
            tip["reportId"] for tip in offender if tip["personOrUserReported"][0]["espIdentifier"] == acct
        )
        for acct in {tip["personOrUserReported"][0]["espIdentifier"] for tip in offender}
    }
    kept = await _partition(clean_db)
    assert kept == per_account
    await recompute_clusters(clean_db, now=NOW)
    assert await _partition(clean_db) == kept


async def test_the_migration_sets_the_flags_an_older_store_kept_by_tips(
    clean_db: Database, settings: Settings
) -> None:
    await _ingest_in(clean_db, settings, offender_tips("MIG"), OFFENDER_TIPS)
    await clean_db.write("testing/tip_rule_flags", thresholds=GENERIC_ABOVE_BY_NAME)
    assert await _ip_flag(clean_db) == (OFFENDER_TIPS, 3, True)  # as the tip rule left it: 60 tips > 50
    assert await migrate_generic_flags(clean_db) >= 1
    assert await _ip_flag(clean_db) == (OFFENDER_TIPS, 3, False)
    assert await migrate_generic_flags(clean_db) == 0  # nothing left to change
