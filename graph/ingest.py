"""Ingest: validated tips become Tip nodes linked to identifier nodes, through one batched write path.

A tip's key is (service, reportId) (graph/tip_keys.py): reportIds are unique only within the service that
chose them. A tip is written once; resubmitting the same content under the same key changes nothing
(UNCHANGED), different content under a stored key is refused (CONFLICT) and the rest of the batch proceeds;
another service's reportIds are neither visible nor in the way.

Every identifier is normalised before the first write, so a tip with a bad value is refused whole
(INVALID, with each problem's path) and nothing of it is stored.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import deque
from collections.abc import AsyncIterator, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from itertools import islice
from typing import Any

import orjson

from graph.access import SUBMITTERS, require_role
from graph.audit import AuditTrail, audit_event, record_in
from graph.clustering.content import qualifies
from graph.clustering.evidence import EvidenceModel
from graph.clustering.model_store import load_model
from graph.clustering.thresholds import RULE_PARAMS
from graph.clusters.content_build import BatchFileEntry, refresh_content_clusters
from graph.clusters.ingest import BatchIdentifier, NewTipFacts, cluster_new_tips
from graph.collector import collector_paused
from graph.errors import ConflictError
from graph.identifiers import extract_identifiers
from graph.kinds import IdentifierKind
from graph.labels.hash_lists import load_hash_lists
from graph.labels.provenance import file_verdicts, stored_service_labels
from graph.model import Role as LinkRole
from graph.scoring import score_tip_variants
from graph.settings import Settings
from graph.store.database import Database, Transaction
from graph.store_version import require_applied, require_current
from graph.tip import Tip, tip_to_json_dict
from graph.tip_keys import CLEARINGHOUSE, TipKey, service_of
from graph.tip_validation import Problem, TipValidationError
from graph.tips import platform_key
from graph.triage import LINKED_SUFFIX, triage_properties
from graph.viewer import Role, Viewer


class IngestOutcome(StrEnum):
    CREATED = "CREATED"
    UNCHANGED = "UNCHANGED"
    CONFLICT = "CONFLICT"
    INVALID = "INVALID"


@dataclass(frozen=True, slots=True)
class IngestResult:
    index: int
    report_id: str | None
    outcome: IngestOutcome
    problems: tuple[Problem, ...] = ()
    tip_id: str | None = None  # the stored tip's id, for CREATED and UNCHANGED


@dataclass(frozen=True, slots=True)
class PreparedTip:
    """A tip as the ingest statement takes it: node properties and one link row per occurrence."""

    key: TipKey
    content_hash: str
    row: dict[str, Any]

    @property
    def id(self) -> str:
        return self.key.tip_id


def content_hash(canonical: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(canonical, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def prepare_tip(
    tip: Tip,
    submitted_by: str | None,
    received_at: datetime,
    settings: Settings,
    service: str = CLEARINGHOUSE,
) -> PreparedTip:
    """Normalises and shapes one tip for the write; raises TipValidationError naming every bad value."""
    key = TipKey(service, tip.reportId)
    identifiers = extract_identifiers(tip)
    canonical = tip_to_json_dict(tip)
    digest = content_hash(canonical)
    summary = tip.incidentSummary
    annotations = summary.reportAnnotations
    batched = tip.batchedReport is not None
    seen: set[str] = set()
    links: list[dict[str, Any]] = []
    for found in identifiers:
        normal = found.normal
        kind = normal.kind._value_  # as in FoundIdentifier.relationship_properties: once per occurrence
        uid = f"{kind}|{normal.key}"
        links.append(
            {
                "uid": uid,
                "kind": kind,
                "key": normal.key,
                "genericReason": normal.generic_reason,
                "raw": found.raw,
                "countsTip": 0 if uid in seen else 1,
                "rel": found.relationship_properties(),
            }
        )
        seen.add(uid)
    props: dict[str, Any] = {
        "id": key.tip_id,
        "service": service,
        "reportId": tip.reportId,
        "contentHash": digest,
        "incidentType": summary.incidentType.value,
        "incidentDateTime": _utc(summary.incidentDateTime),
        "receivedAt": received_at,
        "platform": summary.platform,
        "platformKey": platform_key(summary.platform) if summary.platform else None,
        "escalateToHighPriority": summary.escalateToHighPriority,
        "annotations": sorted(name for name, value in annotations if value) if annotations else [],
        "batched": batched,
        "fileCount": len(tip.files),
        "submittedBy": submitted_by,
        "referredTo": [],
        "report": orjson.dumps(canonical).decode("utf-8"),
        # submitTips takes finished reports: finishing starts the service's preservation clock.
        "finishedAt": received_at,
        "preservationDeadline": received_at + timedelta(days=settings.preservation_days),
        "version": 1,
        "disposition": "BUNDLED" if batched else "NEW",
        "incidentId": incident_id_of(key.tip_id) if batched else None,
    }
    # Scored twice: as it stands, and as it will stand once it shares an identifier with another tip
    # (repeat behaviour). The ingest statement picks the variant, and switches an older tip to its linked
    # variant when a new tip links to it, so no tip is re-read to be re-scored.
    # Labels with provenance: the service's as submitted, and any hash-list matches, which the score uses.
    listed = load_hash_lists(settings.hash_lists_file).match(tip, key.tip_id, received_at)
    props["labels"] = [
        *stored_service_labels(tip, key.tip_id, service or summary.platform, received_at),
        *(label.to_stored() for label in listed),
    ]
    # The service's own labels are no verdict on a file (file_verdicts reads reviews and hash-list matches).
    verdicts = file_verdicts(listed)
    deadline = props["preservationDeadline"]
    scored = score_tip_variants(
        tip,
        linked_tip_counts=(0, 1),
        now=received_at,
        finished_at=received_at,
        preservation_days=settings.preservation_days,
        verdicts=verdicts,
    )
    for result, suffix in zip(scored, ("", LINKED_SUFFIX), strict=True):
        props.update(triage_properties(result, deadline, key.tip_id, suffix))
    props["queueKey"] = props["queueKeyWhenOpen"] if props["disposition"] == "NEW" else None
    incident = (
        {
            "id": incident_id_of(key.tip_id),
            "label": f"batched report {tip.reportId}",
            "kind": "BATCHED",
            "createdAt": received_at,
            "createdBy": submitted_by or "ingest",
        }
        if batched
        else None
    )
    return PreparedTip(
        key=key,
        content_hash=digest,
        row={
            "id": key.tip_id,
            "props": {k: v for k, v in props.items() if v is not None},
            "links": links,
            "incident": incident,
        },
    )


def incident_id_of(tip_id: str) -> str:
    """A batched report's own incident."""
    return f"INC-{tip_id}"


def submitter(viewer: Viewer) -> str | None:
    """A reporter's tips belong to its service: that is what it may later see."""
    return viewer.agency if viewer.role is Role.REPORTER else None


@dataclass(frozen=True, slots=True)
class _Batch:
    prepared: list[tuple[int, PreparedTip]]
    results: dict[int, IngestResult]
    duplicates: list[tuple[int, PreparedTip, int]]


def _prepare_batch(
    items: Sequence[tuple[int, Tip | TipValidationError]],
    submitted_by: str | None,
    received_at: datetime,
    settings: Settings,
    service: str = CLEARINGHOUSE,
) -> _Batch:
    with collector_paused(collect_young_after=True):
        return _prepare_items(items, submitted_by, received_at, settings, service)


def _prepare_items(
    items: Sequence[tuple[int, Tip | TipValidationError]],
    submitted_by: str | None,
    received_at: datetime,
    settings: Settings,
    service: str,
) -> _Batch:
    prepared: list[tuple[int, PreparedTip]] = []
    results: dict[int, IngestResult] = {}
    duplicates: list[tuple[int, PreparedTip, int]] = []
    first_index: dict[str, int] = {}
    for index, item in items:
        if isinstance(item, TipValidationError):
            results[index] = IngestResult(index, item.report_id, IngestOutcome.INVALID, item.problems)
            continue
        try:
            ready = prepare_tip(item, submitted_by, received_at, settings, service)
        except TipValidationError as exc:
            results[index] = IngestResult(index, item.reportId, IngestOutcome.INVALID, exc.problems)
            continue
        if ready.id in first_index:
            duplicates.append((index, ready, first_index[ready.id]))
            continue
        first_index[ready.id] = index
        prepared.append((index, ready))
    return _Batch(prepared, results, duplicates)


# The score fields that have a linked variant (suffix IfLinked). New tips switch here, before they are
# written; older tips switch in cypher/tips/create_batch.cypher, which names the same fields.
LINKED_FIELDS = ("score", "actionClass", "priority", "scoreDetails", "queueKeyWhenOpen")


@dataclass(frozen=True, slots=True)
class _Written:
    created: list[str]
    # Tips already stored under a batch's keys: their id (a tip stored before keys were per service may
    # have another id than its key's) and content hash.
    stored: dict[TipKey, tuple[str, str]]


def _aggregate_identifiers(tips: Sequence[PreparedTip]) -> list[dict[str, Any]]:
    """One row per identifier of the batch, with how many of the batch's tips carry it: each node is
    written once per batch, however many tips share it (the hot ones - a viral hash - most of all)."""
    merged: dict[str, dict[str, Any]] = {}
    for ready in tips:
        for link in ready.row["links"]:
            entry = merged.get(link["uid"])
            if entry is None:
                entry = merged[link["uid"]] = {
                    "uid": link["uid"],
                    "kind": link["kind"],
                    "key": link["key"],
                    "genericReason": link["genericReason"],
                    "tips": 0,
                    "raws": [],
                }
            entry["tips"] += link["countsTip"]
            if entry["genericReason"] is None:
                entry["genericReason"] = link["genericReason"]
            if link["raw"] not in entry["raws"] and len(entry["raws"]) < 10:
                entry["raws"].append(link["raw"])
    return list(merged.values())


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _instant(value: datetime) -> list[int]:
    """[seconds, nanoseconds] since the epoch, exact to the microsecond, for Cypher's datetime({...}): the
    driver packs a datetime in hundreds of microseconds (pytz and its own DateTime on the way), these two
    ints in well under one, and Neo4j builds the datetime for next to nothing."""
    delta = value - _EPOCH
    return [delta.days * 86_400 + delta.seconds, delta.microseconds * 1_000]


def _tip_row(props: dict[str, Any]) -> dict[str, Any]:
    """A tip as tips/create_batch takes it: its instants apart, every other property as is."""
    times = {key: _instant(value) for key, value in props.items() if isinstance(value, datetime)}
    return {"props": {k: v for k, v in props.items() if k not in times}, "times": times}


def _link_row(uid: str, rel: dict[str, Any]) -> dict[str, Any]:
    """One HAS relationship of a tip as tips/create_batch takes it, its instant apart."""
    at = rel.get("at")
    return {"uid": uid, **rel, "at": _instant(at) if at is not None else None}


def _accounts_behind(new: Sequence[PreparedTip]) -> dict[str, set[str]]:
    """Per identifier the batch's tips carry, the suspect ACCOUNT identifiers those tips carry behind it (an
    account behind itself only through another of a tip's links to it)."""
    behind: dict[str, set[str]] = {}
    account, suspect = IdentifierKind.ACCOUNT.value, LinkRole.SUSPECT.value
    for ready in new:
        links = ready.row["links"]
        # Per suspect account, how many of the tip's links name it: each link sees every account but
        # itself, which it sees only through another link to it. Linear in the links, where comparing every
        # link with every suspect link cost a tip with many of both their product.
        suspects: dict[str, int] = {}
        for link in links:
            if link["kind"] == account and link["rel"].get("role") == suspect:
                suspects[link["uid"]] = suspects.get(link["uid"], 0) + 1
        everyone = set(suspects)
        for link in links:
            uid = link["uid"]
            accounts = behind.setdefault(uid, set())
            if suspects.get(uid) == 1 and link["kind"] == account and link["rel"].get("role") == suspect:
                accounts.update(everyone - {uid})
            else:
                accounts.update(everyone)
    return behind


@dataclass(frozen=True, slots=True)
class _Recounted:
    verdicts: dict[str, bool]  # the generic verdict of each identifier whose count of accounts moved
    groups: list[list[Any]]  # clusters/groups rows of the linking groups clustering reads first


async def _count_suspect_accounts(
    tx: Transaction,
    behind: Mapping[str, set[str]],
    counts: Mapping[str, tuple[int, bool]],
    batch_counts: Mapping[str, int],
    new_ids: Sequence[str],
    uncounted: Collection[str],
) -> _Recounted:
    """Adds to each identifier earlier tips carry too the batch's suspect accounts behind it that were not
    behind it before (one only the batch's tips carry was counted whole by identifiers/merge_batch): an
    account no earlier tip carries is new behind it; one earlier tips carry is new unless an earlier tip
    carries both, which identifiers/count_suspect_accounts asks once per account, from the account (whose
    tips are few, never from a super-node's tips), in the statement that counts (one round trip, where a
    read of its own before cost two). Tip counts are the ones read under each node's write lock, and the
    lock is held: a concurrent writer of the identifier waits, then sees these tips. Returns the generic
    verdict (the people rule on the new count) of each identifier whose count it moved. `uncounted`: the
    identifiers stored without a count (before counts were kept), counted whole whatever the batch adds.

    In the same statement, by the verdicts it sets, it reads ahead what ingest-time clustering reads first
    (clusters/groups: the whole groups, earlier carriers only, of the batch's identifiers that link and
    earlier tips carry too), where that read was a round trip of its own."""

    def earlier(uid: str) -> int:
        return counts[uid][0] - batch_counts[uid]

    fresh: dict[str, int] = {}  # accounts no earlier tip carries: new behind the identifier
    checked: dict[str, int] = {}  # accounts earlier tips carry: new unless one carries the identifier too
    to_check: dict[str, list[str]] = {}
    for uid, accounts in sorted(behind.items()):
        if earlier(uid) == 0:
            continue
        fresh[uid] = checked[uid] = 0
        for account in sorted(accounts):
            if earlier(account) > 0:
                to_check.setdefault(account, []).append(uid)
                checked[uid] += 1
            else:
                fresh[uid] += 1
    # An identifier the batch adds no account to keeps its count and its verdict: not sent.
    sent = [
        {"uid": uid, "added": added, "checked": checked[uid]}
        for uid, added in fresh.items()
        if added > 0 or checked[uid] > 0 or uid in uncounted
    ]
    # The groups clustering reads (graph/clusters/ingest.py _expand_new): those of two tips or more that
    # earlier tips carry too and link by the verdict at commit, the merge's or the one set here.
    recounting = {entry["uid"] for entry in sent}
    groups = sorted(
        uid
        for uid, (count, generic) in counts.items()
        if count >= 2 and earlier(uid) > 0 and (not generic or uid in recounting)
    )
    if not sent and not groups:
        return _Recounted({}, [])
    (row,) = await tx.run(
        "identifiers/count_suspect_accounts",
        batch={
            "identifiers": sent,
            "accounts": [{"uid": account, "identifiers": uids} for account, uids in to_check.items()],
            "newIds": list(new_ids),
            "groups": groups,
        },
        **RULE_PARAMS,
    )
    return _Recounted({uid: generic for uid, _, generic in row["identifiers"]}, row["groups"])


_FACT_KINDS = (IdentifierKind.LOCATION.value, IdentifierKind.ACCOUNT.value)


def _new_tip_facts(
    new: Sequence[PreparedTip], counts: Mapping[str, tuple[int, bool]]
) -> dict[str, NewTipFacts]:
    """What clusters/member_facts would read about the new tips, from the batch (their incident time as the
    store holds it, to the microsecond, in UTC; their locations and suspect accounts with the tip counts the
    batch's identifier write returned), so clustering reads facts of older tips only."""
    facts: dict[str, NewTipFacts] = {}
    for ready in new:
        seconds, nanos = _instant(ready.row["props"]["incidentDateTime"])
        identifiers = tuple(
            (link["uid"], link["key"], counts[link["uid"]][0], link["rel"].get("role"))
            for link in ready.row["links"]
            if link["kind"] in _FACT_KINDS
            and (
                link["kind"] == IdentifierKind.LOCATION.value
                or link["rel"].get("role") == LinkRole.SUSPECT.value
            )
        )
        at = _EPOCH + timedelta(seconds=seconds, microseconds=nanos // 1_000)
        facts[ready.id] = NewTipFacts(at, identifiers)
    return facts


def _with_linked_score(props: dict[str, Any]) -> dict[str, Any]:
    linked = {**props, **{field: props[field + LINKED_SUFFIX] for field in LINKED_FIELDS}}
    if props.get("queueKey") is not None:
        linked["queueKey"] = linked["queueKeyWhenOpen"]
    return linked


@dataclass(frozen=True, slots=True)
class _IdentifiersWritten:
    """What identifiers/merge_batch returns of the batch's identifiers (see `_write_identifiers`)."""

    counts: dict[str, tuple[int, bool]]  # tip count after the batch, generic by the people rule so far
    reasons: dict[str, str | None]  # stored generic reason
    was_generic: set[str]  # generic before the batch
    uncounted: set[str]  # stored without a count of the accounts behind them
    content_groups: dict[str, str]  # the stored content cluster of each identifier in one


async def _write_identifiers(
    tx: Transaction, identifiers: list[dict[str, Any]], at: datetime
) -> _IdentifiersWritten:
    """Creates the batch's new identifier nodes and counts its tips into the existing ones, in one MERGE
    statement (one round trip, one batch timestamp); returns each one's tip count after the batch and
    whether it is generic (by the people rule on the accounts behind it before this batch's new ones:
    `_count_suspect_accounts` finishes it), each one's stored generic reason, the identifiers that
    were generic before the batch, those stored without a count of the accounts behind them, and the
    content cluster of each one in one. The values are read under each node's write lock, so they are
    current even while another writer's transaction is in flight; taken in uid order, so two writers never
    wait on each other's identifiers in a cycle (a deadlock)."""
    (row,) = await tx.run(
        "identifiers/merge_batch",
        batch={"identifiers": sorted(identifiers, key=lambda entry: str(entry["uid"]))},
        at=at,
        **RULE_PARAMS,
    )
    written = _IdentifiersWritten({}, {}, set(), set(), {})
    for uid, tip_count, was, generic, reason, accounts, content_group in row["identifiers"]:
        written.counts[uid] = (tip_count, generic)
        written.reasons[uid] = reason
        if was:
            written.was_generic.add(uid)
        if accounts is None:
            written.uncounted.add(uid)
        if content_group is not None:
            written.content_groups[uid] = content_group
    return written


def _content_entries(
    new: Sequence[PreparedTip], counts: Mapping[str, tuple[int, bool]], reasons: Mapping[str, str | None]
) -> list[BatchFileEntry]:
    """The content digests the new tips list in their files, decided from the batch's own identifier write
    (the stored reason and the tip count after the batch), as content/entries selects them."""
    entries: list[BatchFileEntry] = []
    for ready in new:
        incident_at = _instant(ready.row["props"]["incidentDateTime"])[0]
        for link in ready.row["links"]:
            uid = link["uid"]
            if qualifies(link["kind"], reasons[uid], counts[uid][0]):
                file_index = link["rel"].get("fileIndex")
                entries.append(BatchFileEntry(ready.id, file_index, link["key"], incident_at))
    return entries


async def _write_new_tips(
    tx: Transaction, batch: list[PreparedTip], received_at: datetime, model: EvidenceModel | None = None
) -> _Written:
    """The batch's write, in one transaction: which tips exist, the identifier nodes (each once), the new
    tips with the score that fits their links, their HAS relationships, and the older tips that gain a
    first link. Several small statements instead of one: a single statement that merges identifiers and
    creates relationships per row plans Eager operators and runs an order of magnitude slower."""
    keys = [{"service": ready.key.service, "reportId": ready.key.report_id} for ready in batch]
    (existing,) = await tx.run("tips/existing", batch={"keys": keys})
    # The store's guard, in the transaction that writes: a store behind (an old backup restored under a
    # running server) is refused before this transaction writes anything, and it rolls back.
    require_applied(existing["applied"])
    stored = {
        TipKey(service, report_id): (tip_id, digest)
        for service, report_id, tip_id, digest in existing["stored"]
    }
    new = [ready for ready in batch if ready.key not in stored]
    if not new:
        return _Written([], stored)
    behind = _accounts_behind(new)
    identifiers = [{**entry, "accounts": len(behind[entry["uid"]])} for entry in _aggregate_identifiers(new)]
    merged = await _write_identifiers(tx, identifiers, received_at)
    counts, reasons = merged.counts, merged.reasons
    was_generic, uncounted = merged.was_generic, merged.uncounted
    linking = {uid: count for uid, (count, generic) in counts.items() if not generic and count >= 2}
    tips: list[dict[str, Any]] = []
    batch_counts: dict[str, int] = {}
    for ready in new:
        props = ready.row["props"]
        shares = any(link["uid"] in linking for link in ready.row["links"])
        row = _tip_row(_with_linked_score(props) if shares else props)
        row["links"] = [_link_row(link["uid"], link["rel"]) for link in ready.row["links"]]
        # A batched report's own incident, created with it.
        row["incident"] = ready.row["incident"]
        tips.append(row)
        for link in ready.row["links"]:
            batch_counts[link["uid"]] = batch_counts.get(link["uid"], 0) + link["countsTip"]
    # An identifier with exactly one tip before this batch now links that older tip for the first time: it
    # switches to its linked score in the same statement.
    first_shared = [uid for uid, total in linking.items() if total - batch_counts.get(uid, 0) == 1]
    new_ids = [ready.id for ready in new]
    await tx.run("tips/create_batch", batch={"tips": tips, "firstShared": first_shared, "newIds": new_ids})
    # Before clustering reads them: the people behind each identifier, kept so reads never walk its tips.
    recounted = await _count_suspect_accounts(tx, behind, counts, batch_counts, new_ids, uncounted)
    # The verdicts at commit: the people rule on the accounts now behind each identifier.
    final = {uid: (count, recounted.verdicts.get(uid, generic)) for uid, (count, generic) in counts.items()}
    # The groups clustering reads whole, as clusters/groups_of_tips selects them.
    groups = [uid for uid, (count, generic) in final.items() if count >= 2 and not generic]
    # What the batch knows of each identifier its new tips may link through (linking before the accounts
    # were recounted, or after): clustering reads only the earlier tips' part of those groups.
    described = linking.keys() | set(groups)
    new_links: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    meta: dict[str, dict[str, Any]] = {}
    for ready in new:
        for link in ready.row["links"]:
            if link["uid"] in described:
                new_links.setdefault(link["uid"], []).append((ready.id, link["rel"]))
                meta[link["uid"]] = link
    batch_identifiers = {
        uid: BatchIdentifier(
            kind=meta[uid]["kind"],
            key=meta[uid]["key"],
            tip_count=counts[uid][0],
            generic=meta[uid]["genericReason"] is not None,
            earlier_tips=counts[uid][0] - batch_counts.get(uid, 0),
            new_links=tuple(links_of_uid),
            accounts=len(behind[uid]) if counts[uid][0] == batch_counts.get(uid, 0) else None,
        )
        for uid, links_of_uid in new_links.items()
    }
    # Identifiers this batch made too common to link (the people rule: its tips, or the accounts behind them
    # with too few tips each): they stop linking, which changes the clusters of the earlier tips they glued
    # (verdicts read under the node's lock: no writer moves them). One that starts linking (its tips per
    # account reached one person's) is among `groups`, read whole with every carrier.
    crossed = [
        uid
        for uid, (count, generic) in final.items()
        if generic and uid not in was_generic and count - batch_counts[uid] > 0
    ]
    await cluster_new_tips(
        tx,
        batch_identifiers,
        [ready.id for ready in new],
        received_at,
        model,
        groups=groups,
        crossed=crossed,
        facts=_new_tip_facts(new, counts),
        read_ahead=recounted.groups,
    )
    # Content clusters (tips grouped by a viral or widely spread file) are kept apart from the actor ones.
    # Their stored groups as identifiers/merge_batch read them under the locks it holds (no read of its own).
    await refresh_content_clusters(
        tx, _content_entries(new, counts, reasons), received_at, merged.content_groups
    )
    return _Written([ready.id for ready in new], stored)


async def _write_batch(
    db: Database, settings: Settings, trail: AuditTrail, batch: _Batch, action: str
) -> list[IngestResult]:
    results = dict(batch.results)
    stored_tips: dict[TipKey, tuple[str, str]] = {}
    if not batch.prepared:
        # Nothing to write, so no transaction to check the store in: the guard's own read (a batch of
        # refused tips is refused as any other on a store behind).
        await require_current(db)
    else:
        received_at = batch.prepared[0][1].row["props"]["receivedAt"]

        async def work(tx: Transaction) -> _Written:
            written = await _write_new_tips(
                tx, [ready for _, ready in batch.prepared], received_at, load_model(settings.cache_dir)
            )
            if written.created:
                change = {"created": len(written.created)}
                await record_in(
                    tx, audit_event(trail.viewer, trail.request_id, action, written.created, change=change)
                )
            return written

        try:
            written = await db.write_transaction(work)
        except ConflictError:
            # Another writer created one of these tips between our check and our create; once more, that
            # tip is found stored and judged UNCHANGED or CONFLICT like any other.
            written = await db.write_transaction(work)
        created = set(written.created)
        for index, ready in batch.prepared:
            tip_id, stored_hash = (
                (ready.id, ready.content_hash) if ready.id in created else written.stored[ready.key]
            )
            stored_tips[ready.key] = (tip_id, stored_hash)
            if ready.id in created:
                outcome = IngestOutcome.CREATED
            elif stored_hash == ready.content_hash:
                outcome = IngestOutcome.UNCHANGED
            else:
                outcome = IngestOutcome.CONFLICT
            results[index] = _result(index, ready, outcome, tip_id)
    for index, ready, _ in batch.duplicates:
        first = stored_tips.get(ready.key)
        same = first is not None and first[1] == ready.content_hash
        outcome = IngestOutcome.UNCHANGED if same else IngestOutcome.CONFLICT
        results[index] = _result(index, ready, outcome, first[0] if first else None)
    return [results[i] for i in sorted(results)]


def _result(index: int, ready: PreparedTip, outcome: IngestOutcome, tip_id: str | None) -> IngestResult:
    return IngestResult(
        index,
        ready.key.report_id,
        outcome,
        _conflict_problem(outcome),
        tip_id if outcome is not IngestOutcome.CONFLICT else None,
    )


def _conflict_problem(outcome: IngestOutcome) -> tuple[Problem, ...]:
    if outcome is IngestOutcome.CONFLICT:
        return (Problem("$.reportId", "you already submitted a different tip under this reportId"),)
    return ()


async def ingest_tips(
    db: Database,
    settings: Settings,
    trail: AuditTrail,
    items: Sequence[Tip | TipValidationError],
    received_at: datetime | None = None,
) -> list[IngestResult]:
    """Ingests one request's tips in one transaction and says what happened to each, in order. Raises
    StoreBehindError on a store that lacks a migration (it would not find the tips stored before their
    keys: a resubmission would be a duplicate), checked in the write transaction before it writes (no
    round trip of its own), and nothing is stored."""
    require_role(trail.viewer, *SUBMITTERS)
    when = received_at or datetime.now(UTC)
    batch = _prepare_batch(
        list(enumerate(items)), submitter(trail.viewer), when, settings, service_of(trail.viewer)
    )
    return await _write_batch(db, settings, trail, batch, "submitTips")


async def ingest_stream(
    db: Database,
    settings: Settings,
    trail: AuditTrail,
    items: Iterable[Tip | TipValidationError],
) -> AsyncIterator[IngestResult]:
    """Bulk ingest: batches of `ingest_batch_size`, the next batch prepared while the last one is written, and
    up to `ingest_writers` batches written at once (results in order). Raises StoreBehindError, as
    `ingest_tips` does, checked in each batch's write transaction: a store made behind while a stream
    runs has nothing written from then on."""
    require_role(trail.viewer, *SUBMITTERS)
    numbered = enumerate(items)
    service, who = service_of(trail.viewer), submitter(trail.viewer)

    def next_batch() -> _Batch | None:
        # Items read from a file are parsed as they are taken: into tips that live until the batch is
        # written, with the collector held off as for preparing them.
        with collector_paused(collect_young_after=True):
            chunk = list(islice(numbered, settings.ingest_batch_size))
            return _prepare_batch(chunk, who, datetime.now(UTC), settings, service) if chunk else None

    writers = max(1, settings.ingest_writers)
    # With one writer nothing is in flight while results are handed out, as before there could be more.
    in_flight: deque[asyncio.Task[list[IngestResult]]] = deque()
    pending = await asyncio.to_thread(next_batch)
    if pending is None:
        # No batch, so no transaction to check the store in.
        await require_current(db)
    try:
        while pending is not None:
            in_flight.append(asyncio.create_task(_write_batch(db, settings, trail, pending, "ingest")))
            following = asyncio.create_task(asyncio.to_thread(next_batch))
            while len(in_flight) >= writers:
                for result in await in_flight.popleft():
                    yield result
            pending = await following
        while in_flight:
            for result in await in_flight.popleft():
                yield result
    finally:
        # A batch refused (a store behind, the database gone) ends the stream with batches still in flight:
        # their own outcome is read when they end, so none is logged as never retrieved.
        for task in in_flight:
            task.add_done_callback(_retrieve_outcome)


def _retrieve_outcome(task: asyncio.Task[list[IngestResult]]) -> None:
    if not task.cancelled():
        task.exception()
