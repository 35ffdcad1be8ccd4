"""The count of suspect accounts kept on each identifier (`suspectAccounts`, read by linkedTips and clustering
instead of walking every carrier tip) equals a count made from scratch whatever wrote the tips: concurrent
ingests of overlapping tips, resubmissions, retention purges, and the migration of a store kept before it."""

from __future__ import annotations

import asyncio
import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.audit import AuditTrail
from graph.clustering.thresholds import RULE_PARAMS
from graph.dispositions import DecisionRequest, Disposition, set_disposition
from graph.ingest import IngestOutcome, _aggregate_identifiers, _link_row, _tip_row, ingest_tips, prepare_tip
from graph.migrations import migrate_suspect_accounts
from graph.retention import purge_non_actionable
from graph.settings import Settings
from graph.store.database import Database, Row
from graph.synthetic import GeneratorConfig, generate
from graph.tip import Tip, parse_tip
from graph.viewer import Role, Viewer

AT = datetime(2026, 10, 4, 8, 15, tzinfo=UTC)
ANALYST = Viewer(subject="accounts-test", role=Role.ANALYST)


def trail(viewer: Viewer = ANALYST) -> AuditTrail:
    return AuditTrail(viewer=viewer, request_id="accounts", operation="test")


def variant(example_tip: dict[str, Any], n: int) -> Tip:
    """The example tip under another reportId whose suspect holds one of five accounts and one of three
    associated accounts, so its email, phone and IPs stand behind a few accounts and each account behind
    several tips."""
    made = copy.deepcopy(example_tip)
    made["reportId"] = f"A-{n}"
    suspect = made["personOrUserReported"][0]
    suspect["espIdentifier"] = f"acct-{n % 5}"
    suspect["associatedAccount"][0]["espIdentifier"] = f"rh-{n % 3}"
    if n % 4 == 0:  # another tip's suspect account as this one's victim: a VICTIM link counts no account
        made["victim"][0]["espIdentifier"] = f"acct-{(n + 1) % 5}"
    if n % 6 == 0:  # the suspect's own account twice: then it stands behind itself
        suspect["associatedAccount"].append(
            {
                "type": "Linked",
                "platform": {"value": suspect["espService"]},
                "espIdentifier": suspect["espIdentifier"],
            }
        )
    return parse_tip(made, now=AT)


async def kept_and_counted(db: Database) -> list[Row]:
    rows = await db.read("testing/suspect_accounts")
    assert rows
    return rows


def wrong(rows: list[Row]) -> dict[str, tuple[Any, int]]:
    return {row["uid"]: (row["stored"], row["counted"]) for row in rows if row["stored"] != row["counted"]}


async def test_the_kept_count_is_the_count_after_concurrent_ingests_resubmissions_and_purges(
    clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    tips = [variant(example_tip, n) for n in range(16)]
    generated = [parse_tip(g.tip, now=AT) for g in generate(GeneratorConfig(tips=80, seed=5, now=AT))]
    # Four requests at once, each with tips that share identifiers (and accounts) with the others'.
    requests = [[*tips[n::4], *generated[n::4]] for n in range(4)]
    results = await asyncio.gather(
        *(ingest_tips(clean_db, settings, trail(), request, received_at=AT) for request in requests)
    )
    assert {r.outcome for batch in results for r in batch} == {IngestOutcome.CREATED}
    rows = await kept_and_counted(clean_db)
    assert wrong(rows) == {}
    assert max(row["counted"] for row in rows) >= 8  # the email stands behind 5 + 3 accounts
    accounts = {row["uid"]: row["counted"] for row in rows if row["uid"].startswith("ACCOUNT|")}
    assert 0 in accounts.values() and any(count > 0 for count in accounts.values())

    # Resubmitted tips change nothing; new ones among them are counted in.
    later = AT + timedelta(hours=1)
    again = [*tips[:6], variant(example_tip, 16), variant(example_tip, 17)]
    outcomes = [r.outcome for r in await ingest_tips(clean_db, settings, trail(), again, received_at=later)]
    assert outcomes == [IngestOutcome.UNCHANGED] * 6 + [IngestOutcome.CREATED] * 2
    assert wrong(await kept_and_counted(clean_db)) == {}

    # A purge takes a tip's report, not its links: the people behind its identifiers stay.
    supervisor = Viewer(subject="accounts-supervisor", role=Role.SUPERVISOR)
    request = DecisionRequest(tip_ids=(results[0][0].tip_id or "",), action="triage", reason_code="TRIAGE")
    await set_disposition(clean_db, trail(supervisor), request, Disposition.NON_ACTIONABLE)
    purge_at = datetime.now(UTC) + timedelta(days=settings.retention_days_non_actionable + 1)
    assert len(await purge_non_actionable(clean_db, settings, trail(supervisor), now=purge_at)) == 1
    assert wrong(await kept_and_counted(clean_db)) == {}


async def test_the_migration_counts_a_store_kept_before_the_count(
    clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    prepared = [prepare_tip(variant(example_tip, n), None, AT, settings) for n in range(7)]
    # As an older tipgraph wrote them: identifiers, tips and links, no count.
    await clean_db.write(
        "identifiers/merge_batch",
        batch={"identifiers": sorted(_aggregate_identifiers(prepared), key=lambda entry: str(entry["uid"]))},
        at=AT,
        **RULE_PARAMS,
    )
    rows = [
        {**_tip_row(ready.row["props"]), "links": [_link_row(link["uid"], link["rel"]) for link in links]}
        for ready in prepared
        for links in [ready.row["links"]]
    ]
    await clean_db.write("tips/create_batch", batch={"tips": rows})
    before = await kept_and_counted(clean_db)
    assert {row["stored"] for row in before} == {None}

    assert await migrate_suspect_accounts(clean_db) == len(before)
    assert wrong(await kept_and_counted(clean_db)) == {}
    assert await migrate_suspect_accounts(clean_db) == 0
    # A tip ingested later adds to the migrated counts.
    await ingest_tips(clean_db, settings, trail(), [variant(example_tip, 9)], received_at=AT)
    assert wrong(await kept_and_counted(clean_db)) == {}
