"""The content step of `tipgraph clusters recompute` (graph/clusters/content_refresh.py) leaves the store as a
full content recompute does while reading nothing after the changes it can trust: new tips, sequential or
concurrent (ingest keeps their content groups in its own transaction), and every other mutation the store
has: a retention purge, a judgement and its withdrawal, a content digest marked generic and cleared, a
disposition (identifiers change no other way: there is no identifier edit or tip merge). After each, the
step runs, then a full content recompute, which must find nothing to write and leave the groups as they
were. Anything it cannot trust (no state, an unknown action, new tips after a recompute that wrote, whose
writes may have overwritten their upkeep) recomputes every group, repairing them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.audit import AuditTrail, audit_event, record_in
from graph.clustering import Verdict
from graph.clusters.content_build import ContentRecomputeSummary, recompute_content_clusters
from graph.clusters.content_refresh import CONTENT_NEUTRAL, KEPT_BY_INGEST, full_because, recluster_content
from graph.dispositions import DecisionRequest, Disposition, set_disposition
from graph.ingest import IngestOutcome, ingest_tips
from graph.judgements import judge_link, judgements_about, mark_generic, withdraw_judgement
from graph.kinds import IdentifierKind
from graph.retention import purge_non_actionable
from graph.settings import Settings
from graph.store.database import Database, Transaction
from graph.synthetic import GeneratorConfig, generate
from graph.tip import Tip, parse_tip
from graph.viewer import Role, Viewer

AT = datetime(2026, 10, 4, 8, 15, tzinfo=UTC)
SUPERVISOR = Viewer(subject="content-refresh-test", role=Role.SUPERVISOR)
CONFIG = GeneratorConfig(tips=200, seed=9, now=AT, viral_share=0.3, viral_files=6)


def trail() -> AuditTrail:
    return AuditTrail(viewer=SUPERVISOR, request_id="content-refresh", operation="test")


def changes(summary: ContentRecomputeSummary) -> tuple[int, int, int]:
    return summary.relabelled, summary.written, summary.deleted


async def _ingest(db: Database, settings: Settings, tips: list[Tip], hours: int) -> set[str]:
    results = await ingest_tips(db, settings, trail(), tips, received_at=AT + timedelta(hours=hours))
    assert {r.outcome for r in results} == {IngestOutcome.CREATED}
    return {r.tip_id for r in results if r.tip_id is not None}


async def _undo_upkeep(db: Database, tip_ids: set[str]) -> tuple[int, int]:
    """Deletes the content clusters holding any of the tips and unlabels their digests; how many of each."""
    rows: list[dict[str, Any]] = await db.read("testing/content_partition")
    touched = {row["cluster"]["id"] for row in rows if tip_ids & set(row["members"])}
    digests = [row["cluster"]["digest"] for row in rows if row["cluster"].get("group") in touched]
    await db.write("content/delete", ids=sorted(touched))
    await db.write("content/label", labels=[{"uid": uid, "id": None} for uid in digests])
    return len(digests), len(touched)


async def _step_equals_full(db: Database) -> ContentRecomputeSummary:
    """Runs the content step, then a full content recompute; the full one must change nothing."""
    step = await recluster_content(db)
    after_step = await db.read("testing/content_partition")
    assert changes(await recompute_content_clusters(db)) == (0, 0, 0)
    assert await db.read("testing/content_partition") == after_step
    return step


def _trusted(summary: ContentRecomputeSummary) -> bool:
    return summary.changed_only and (summary.digests, *changes(summary)) == (0, 0, 0, 0)


async def test_after_sequential_and_concurrent_ingests_the_stored_groups_are_the_full_recompute(
    clean_db: Database, settings: Settings
) -> None:
    tips = [parse_tip(g.tip, now=AT) for g in generate(CONFIG)]
    await _ingest(clean_db, settings, tips[:80], 0)
    initial = await _step_equals_full(clean_db)
    assert not initial.changed_only, "no state yet: a full recompute"
    assert initial.clusters >= 2, "the data must make content clusters to test"
    assert _trusted(await _step_equals_full(clean_db)), "nothing changed, nothing read"
    before: list[dict[str, Any]] = await clean_db.read("testing/content_partition")

    # A step that writes (here repairing a group lost to an unknown change) may overwrite, with what it
    # read before, the upkeep of an ingest committing meanwhile (undone here after the ingest, as such an
    # overwrite leaves it): the next step recomputes every group.
    await clean_db.write("content/delete", ids=[next(r["cluster"]["id"] for r in before if r["members"])])
    await clean_db.write_transaction(_unknown_change)
    repaired = await _step_equals_full(clean_db)
    assert not repaired.changed_only and repaired.written == 1
    unlabelled, deleted = await _undo_upkeep(clean_db, await _ingest(clean_db, settings, tips[80:130], 1))
    assert deleted >= 1 and unlabelled > deleted
    raced = await _step_equals_full(clean_db)
    assert not raced.changed_only and (raced.relabelled, raced.written) == (unlabelled, deleted)

    # The next new tips come after a step that wrote: one more full recompute, which writes nothing.
    await _ingest(clean_db, settings, tips[130:140], 2)
    again = await _step_equals_full(clean_db)
    assert not again.changed_only and changes(again) == (0, 0, 0)
    await _ingest(clean_db, settings, tips[140:150], 2)
    assert _trusted(await _step_equals_full(clean_db))
    # Four requests at once, forwarding the same viral files as each other and as the stored tips.
    rest = tips[150:]
    await asyncio.gather(*(_ingest(clean_db, settings, rest[n::4], 3) for n in range(4)))
    assert _trusted(await _step_equals_full(clean_db))
    after = await clean_db.read("testing/content_partition")
    assert len(after) > len(before) and after != before, "the new tips must grow and add content groups"


async def _set_non_actionable(db: Database, tip_id: str) -> bool:
    request = DecisionRequest(tip_ids=(tip_id,), action="triage", reason_code="TRIAGE")
    return not (await set_disposition(db, trail(), request, Disposition.NON_ACTIONABLE)).problems


async def _unknown_change(tx: Transaction) -> None:
    await record_in(tx, audit_event(SUPERVISOR, "content-refresh", "someFutureMutation", []))


async def test_every_other_mutation_keeps_the_groups_and_an_unknown_one_recomputes_them(
    clean_db: Database, settings: Settings
) -> None:
    tips = [parse_tip(g.tip, now=AT) for g in generate(CONFIG)]
    await _ingest(clean_db, settings, tips, 0)
    assert not (await _step_equals_full(clean_db)).changed_only
    kept: list[dict[str, Any]] = await clean_db.read("testing/content_partition")
    grouped = sorted((row for row in kept if row["members"]), key=lambda row: -len(row["members"]))
    first, second = grouped[0]["members"], grouped[1]["members"]

    # A judgement joining two campaigns' tips, and its withdrawal.
    await judge_link(clean_db, trail(), first[0], second[0], Verdict.SAME, "one actor, per the service")
    assert _trusted(await _step_equals_full(clean_db))
    entry = next(
        j for j in await judgements_about(clean_db, SUPERVISOR, first[0]) if j.verdict is Verdict.SAME
    )
    await withdraw_judgement(clean_db, trail(), entry.id, "not the same after all")
    assert _trusted(await _step_equals_full(clean_db))

    # A content digest marked generic (a mark is not what makes it content), then cleared.
    digest = next(row["cluster"]["digest"] for row in kept if not row["members"])
    key = digest.removeprefix("FILE_HASH|")
    await mark_generic(clean_db, trail(), IdentifierKind.FILE_HASH, key, "a stock image")
    assert _trusted(await _step_equals_full(clean_db))
    await mark_generic(clean_db, trail(), IdentifierKind.FILE_HASH, key, "not stock", marked=False)
    assert _trusted(await _step_equals_full(clean_db))

    # A disposition, then the retention purge of the tip: its digests, links and incident time stay.
    decided = [await _set_non_actionable(clean_db, tip) for tip in first]
    purged = next(tip for tip, done in zip(first, decided, strict=True) if done)  # the generator bundles some
    assert _trusted(await _step_equals_full(clean_db))
    purge_at = datetime.now(UTC) + timedelta(days=settings.retention_days_non_actionable + 1)
    assert purged in await purge_non_actionable(clean_db, settings, trail(), now=purge_at)
    assert _trusted(await _step_equals_full(clean_db))
    assert await clean_db.read("testing/content_partition") == kept

    # An action the step does not know: every group recomputed, repairing groups it would have trusted.
    await clean_db.write("content/delete", ids=[grouped[0]["cluster"]["id"]])
    await clean_db.write_transaction(_unknown_change)
    repaired = await _step_equals_full(clean_db)
    assert not repaired.changed_only and repaired.written == 1
    assert await clean_db.read("testing/content_partition") == kept


def test_only_actions_kept_by_ingest_or_touching_no_content_entry_are_trusted() -> None:
    touching_none = {"purge", "judgeLink", "withdrawJudgement", "markIdentifierGeneric", "setDisposition"}
    assert touching_none <= set(CONTENT_NEUTRAL) and not KEPT_BY_INGEST & set(CONTENT_NEUTRAL)
    ingests = [{"action": "ingest"}, {"action": "submitTips"}]
    assert full_because(ingests, after_writes=False) is None
    assert full_because(ingests, after_writes=True) == "ingest during or after a content recompute that wrote"
    unknown = [*ingests, {"action": "mergeTips"}]
    assert full_because(unknown, after_writes=False) == "mergeTips since the last content recompute"
