"""The clusters kept at ingest do not depend on arrival order or batching: they equal a recompute.

A fixed set of tips (issue 11's E/F1/F2/N case: E carries file H and an IP, F1 and F2 carry H, N carries H
and E's IP 121 days later; one generated actor's nine tips; a few generated neighbours) is ingested in
arrival orders and batchings that hypothesis draws (derandomized, so every run tries the same plans).
After each plan the stored partition and every stored aggregate must be what `recompute_clusters` then
writes, ids aside; and every plan must give the same partition.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from graph.audit import AuditTrail
from graph.clustering import Verdict
from graph.clustering.thresholds import GENERIC_ABOVE
from graph.clusters.content_build import recompute_content_clusters
from graph.clusters.recompute import recompute_clusters
from graph.ingest import IngestOutcome, ingest_stream
from graph.judgements import judge_link
from graph.kinds import IdentifierKind
from graph.settings import Settings
from graph.store.database import Database
from graph.synthetic import GeneratorConfig, generate
from graph.tip import Tip, parse_tip
from graph.viewer import Role, Viewer
from tests.store.test_cluster_aggregates import stored_partition

NOW = datetime(2026, 11, 1, tzinfo=UTC)
AGGREGATES = ("kind", "size", "evidence", "bridges")
PLANS = 6
FILE_H = "8f14e45fceea167a5a36dedd4bea2543"
SHARED_IP = "198.51.100.77"


def _minimal_tip(
    report_id: str, at: str, ip: str | None, account: str, phone: str | None = None
) -> dict[str, Any]:
    suspect: dict[str, Any] = {"espIdentifier": account, "espService": "Kestrel Chat"}
    if phone is not None:
        suspect["personOrUserReportedPerson"] = {"phone": [{"value": phone, "countryCallingCode": "+1"}]}
    if ip is not None:
        suspect["ipCaptureEvent"] = [{"ipAddress": ip, "eventName": "Login", "dateTime": at, "port": 40122}]
    return {
        "reportId": report_id,
        "incidentSummary": {
            "incidentType": "Child Pornography (possession, manufacture, and distribution)",
            "platform": "Kestrel Chat",
            "incidentDateTime": at,
        },
        "reporter": {"reportingPerson": {"email": [{"value": "cybertip@kestrel.example.net"}]}},
        "personOrUserReported": [suspect],
        "files": [
            {
                "fileName": f"{report_id}.jpg",
                "fileViewedByEsp": True,
                "originalFileHash": [{"value": FILE_H, "hashType": "MD5"}],
            }
        ],
    }


def issue_case() -> list[dict[str, Any]]:
    """E (H + IP), F1 (H), F2 (H), N (H + E's IP 121 days later), each its own account."""
    return [
        _minimal_tip("ORDER-E", "2026-03-02T10:00:00+00:00", SHARED_IP, "acct-e"),
        _minimal_tip("ORDER-F1", "2026-04-10T10:00:00+00:00", None, "acct-f1"),
        _minimal_tip("ORDER-F2", "2026-05-20T10:00:00+00:00", None, "acct-f2"),
        _minimal_tip("ORDER-N", "2026-07-01T10:00:00+00:00", SHARED_IP, "acct-n"),
    ]


def generated_case() -> list[dict[str, Any]]:
    """One actor's nine tips and the tips of the next few busiest actors of a small generated set."""
    tips = list(generate(GeneratorConfig(tips=300, seed=3, now=NOW)))
    nine = [g.tip for g in tips if "A0000091" in g.truth.actor_ids]
    assert len(nine) == 9
    busiest = {actor for g in tips[:150] for actor in g.truth.actor_ids if actor.endswith(("3", "7"))}
    neighbours = [g.tip for g in tips if set(g.truth.actor_ids) & busiest and g.tip not in nine]
    return [copy.deepcopy(tip) for tip in nine + neighbours[:24]]


TIPS: list[dict[str, Any]] = issue_case() + generated_case()


def plans(count: int) -> list[tuple[list[int], list[int]]]:
    """`count` arrival orders of TIPS, each cut into batches; the first plan is one tip per call."""
    drawn: list[tuple[list[int], list[int]]] = [(list(range(len(TIPS))), [1] * len(TIPS))]
    plan = st.tuples(
        st.permutations(range(len(TIPS))),
        st.lists(st.integers(min_value=1, max_value=12), min_size=len(TIPS), max_size=len(TIPS)),
    )

    @hypothesis_settings(
        derandomize=True,
        database=None,
        deadline=None,
        max_examples=count - 1,
        phases=[Phase.generate],
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(plan)
    def collect(drawn_plan: tuple[list[int], list[int]]) -> None:
        drawn.append((list(drawn_plan[0]), list(drawn_plan[1])))

    collect()
    return drawn


def batches(order: Sequence[int], sizes: Sequence[int]) -> list[list[Tip]]:
    result: list[list[Tip]] = []
    position = 0
    for size in sizes:
        if position >= len(order):
            break
        result.append([parse_tip(TIPS[i], now=NOW) for i in order[position : position + size]])
        position += size
    return result


def partition(members: dict[str, tuple[str, ...]]) -> frozenset[frozenset[str]]:
    """Clusters as sets of tip ids, cluster ids aside (an analyst's tip id is its reportId)."""
    return frozenset(frozenset(tips) for tips in members.values())


async def test_clusters_kept_at_ingest_equal_a_recompute_whatever_the_order(
    clean_db: Database, settings: Settings
) -> None:
    trail = AuditTrail(viewer=Viewer(subject="test", role=Role.ANALYST), request_id="t", operation="test")
    seen: set[frozenset[frozenset[str]]] = set()
    for order, sizes in plans(PLANS):
        await clean_db.write("testing/wipe")
        for batch in batches(order, sizes):
            one_call = settings.model_copy(update={"ingest_batch_size": len(batch)})
            outcomes = [r.outcome async for r in ingest_stream(clean_db, one_call, trail, batch)]
            assert outcomes == [IngestOutcome.CREATED] * len(batch)
        kept, kept_members = await stored_partition(clean_db)
        assert all(c["bridges"] is not None for c in kept.values()), "bridges stored at ingest"
        await recompute_clusters(clean_db, now=NOW)
        recomputed, recomputed_members = await stored_partition(clean_db)
        ingested = partition(kept_members)
        assert ingested == partition(recomputed_members), (order, sizes)
        by_members = {frozenset(tips): cid for cid, tips in recomputed_members.items()}
        for cid, tips in kept_members.items():
            again = recomputed[by_members[frozenset(tips)]]
            assert {n: kept[cid][n] for n in AGGREGATES} == {n: again[n] for n in AGGREGATES}, (order, sizes)
        seen.add(ingested)
    assert len(seen) == 1, "every arrival order gives the same clusters"
    clusters = next(iter(seen))
    assert any({"ORDER-E", "ORDER-N"} <= group for group in clusters), "E and N are one actor's"


async def test_a_judgement_outside_the_batch_still_decides_its_clusters(
    clean_db: Database, settings: Settings
) -> None:
    """A and B share an account, B and C a phone; an analyst says A and C differ, so a recompute refuses
    B-C. D then arrives with C's second account: reclustering C and D alone would pull B (and A) in through
    the phone; ingest must widen to A's cluster, see the judgement, and keep {A, B} and {C, D}."""
    trail = AuditTrail(viewer=Viewer(subject="test", role=Role.ANALYST), request_id="t", operation="test")
    at = "2026-06-01T10:00:00+00:00"
    first = [
        _minimal_tip("J-A", at, None, "acct-ab"),
        _minimal_tip("J-B", at, None, "acct-ab", phone="(202) 555-0147"),
        _minimal_tip("J-C", at, None, "acct-cd", phone="(202) 555-0147"),
    ]
    await _ingest(clean_db, settings, trail, first)
    await judge_link(clean_db, trail, "J-A", "J-C", Verdict.DIFFERENT, "different people, per the service")
    await recompute_clusters(clean_db, now=NOW)
    _, before = await stored_partition(clean_db)
    assert partition(before) == {frozenset({"J-A", "J-B"})}
    await _ingest(clean_db, settings, trail, [_minimal_tip("J-D", at, None, "acct-cd")])
    kept, kept_members = await stored_partition(clean_db)
    assert partition(kept_members) == {frozenset({"J-A", "J-B"}), frozenset({"J-C", "J-D"})}
    await recompute_clusters(clean_db, now=NOW)
    recomputed, recomputed_members = await stored_partition(clean_db)
    assert recomputed_members == kept_members
    assert {cid: {n: c[n] for n in AGGREGATES} for cid, c in kept.items()} == {
        cid: {n: c[n] for n in AGGREGATES} for cid, c in recomputed.items()
    }


async def _ingest(db: Database, settings: Settings, trail: AuditTrail, tips: list[dict[str, Any]]) -> None:
    one_call = settings.model_copy(update={"ingest_batch_size": len(tips)})
    parsed = [parse_tip(tip, now=NOW) for tip in tips]
    outcomes = [r.outcome async for r in ingest_stream(db, one_call, trail, parsed)]
    assert outcomes == [IngestOutcome.CREATED] * len(tips)


async def test_a_file_made_too_common_leaves_the_clusters_it_glued(
    clean_db: Database, settings: Settings
) -> None:
    """A and B share an account and file H; later tips carry H past its kind's threshold and share nothing
    else with A or B. H then stops linking: the cluster of A and B is found through H alone (the batch
    knows H crossed from its own identifier write) and must be rewritten as a recompute writes it."""
    trail = AuditTrail(viewer=Viewer(subject="test", role=Role.ANALYST), request_id="t", operation="test")
    at = "2026-06-01T10:00:00+00:00"
    await _ingest(
        clean_db,
        settings,
        trail,
        [_minimal_tip("X-A", at, None, "acct-ab"), _minimal_tip("X-B", at, None, "acct-ab")],
    )
    _, before = await stored_partition(clean_db)
    assert partition(before) == {frozenset({"X-A", "X-B"})}
    fillers = []
    for n in range(GENERIC_ABOVE[IdentifierKind.FILE_HASH]):
        tip = _minimal_tip(f"X-F{n}", at, None, f"acct-f{n}")
        # Nothing but H in common with A and B: each its own reporter's address.
        tip["reporter"]["reportingPerson"]["email"] = [{"value": f"cybertip{n}@kestrel.example.net"}]
        fillers.append(tip)
    await _ingest(clean_db, settings, trail, fillers)
    kept, kept_members = await stored_partition(clean_db)
    await recompute_clusters(clean_db, now=NOW)
    recomputed, recomputed_members = await stored_partition(clean_db)
    assert partition(kept_members) == partition(recomputed_members)
    by_members = {frozenset(tips): cid for cid, tips in recomputed_members.items()}
    for cid, tips in kept_members.items():
        again = recomputed[by_members[frozenset(tips)]]
        assert {n: kept[cid][n] for n in AGGREGATES} == {n: again[n] for n in AGGREGATES}


# ------------------------------------------------------------------------------------ content clusters

V_MD5, V_SHA1, V_SHA256 = "1" * 32, "2" * 40, "3" * 64  # one viral file, listed by different digests
W_MD5 = "4" * 32  # a second viral file


def _content_tip(report_id: str, account: str, *files: tuple[list[tuple[str, str]], bool]) -> dict[str, Any]:
    tip = _minimal_tip(report_id, "2026-06-01T10:00:00+00:00", None, account)
    tip["incidentSummary"]["incidentDateTime"] = f"2026-06-{10 + len(report_id) % 9:02d}T10:00:00+00:00"
    tip["files"] = [
        {
            "fileName": f"{report_id}-{n}.jpg",
            "originalFileHash": [{"value": value, "hashType": kind} for kind, value in digests],
            **({"fileAnnotations": {"viral": True}} if flagged else {}),
        }
        for n, (digests, flagged) in enumerate(files)
    ]
    return tip


CONTENT_TIPS: list[dict[str, Any]] = [
    _content_tip("C-1", "acct-c1", ([("MD5", V_MD5)], True)),
    _content_tip("C-2", "acct-c2", ([("SHA1", V_SHA1)], False)),  # content only once a tip flags it
    _content_tip("C-3", "acct-c3", ([("MD5", V_MD5), ("SHA1", V_SHA1)], True)),  # both digests: one file
    _content_tip("C-44", "acct-c4", ([("SHA1", V_SHA1)], False)),
    _content_tip("C-5", "acct-c5", ([("MD5", W_MD5)], True), ([("MD5", V_MD5)], True)),  # two files
    _content_tip("C-666", "acct-c6", ([("MD5", W_MD5)], True)),
    _content_tip("C-7", "acct-c7", ([("SHA256", V_SHA256), ("MD5", V_MD5)], False)),  # sha256 seen once
]


async def content_partition(db: Database) -> list[dict[str, Any]]:
    """Every stored content cluster (aggregates and members) and every content digest's group."""
    return [
        {"cluster": row["cluster"], "members": row["members"]}
        for row in await db.read("testing/content_partition")
    ]


async def test_content_clusters_kept_at_ingest_equal_a_recompute_whatever_the_order(
    clean_db: Database, settings: Settings
) -> None:
    """One viral file listed by MD5 here, SHA1 there and both once is one content cluster whatever order
    and batching brings its tips; a tip carrying two viral files is in both; ids do not depend on order."""
    trail = AuditTrail(viewer=Viewer(subject="test", role=Role.ANALYST), request_id="t", operation="test")
    drawn = st.tuples(
        st.permutations(range(len(CONTENT_TIPS))),
        st.lists(
            st.integers(min_value=1, max_value=4), min_size=len(CONTENT_TIPS), max_size=len(CONTENT_TIPS)
        ),
    )
    plans: list[tuple[list[int], list[int]]] = [(list(range(len(CONTENT_TIPS))), [1] * len(CONTENT_TIPS))]

    @hypothesis_settings(
        derandomize=True, database=None, deadline=None, max_examples=4, phases=[Phase.generate]
    )
    @given(drawn)
    def collect(plan: tuple[list[int], list[int]]) -> None:
        plans.append((list(plan[0]), list(plan[1])))

    collect()
    seen = []
    for order, sizes in plans:
        await clean_db.write("testing/wipe")
        position = 0
        for size in sizes:
            batch = [CONTENT_TIPS[i] for i in order[position : position + size]]
            position += size
            if batch:
                await _ingest(clean_db, settings, trail, batch)
        kept = await content_partition(clean_db)
        summary = await recompute_content_clusters(clean_db, now=NOW)
        assert (summary.relabelled, summary.written, summary.deleted) == (0, 0, 0), (order, sizes)
        assert await content_partition(clean_db) == kept, (order, sizes)
        seen.append(kept)
    assert all(kept == seen[0] for kept in seen), "every arrival order gives the same content clusters"
    clusters = {row["cluster"]["id"]: row for row in seen[0] if "id" in row["cluster"]}
    assert sorted(clusters) == [f"content:md5:{V_MD5}", f"content:md5:{W_MD5}"]
    file_v = clusters[f"content:md5:{V_MD5}"]
    assert file_v["members"] == ["C-1", "C-2", "C-3", "C-44", "C-5", "C-7"]
    assert file_v["cluster"]["digests"] == [f"md5:{V_MD5}", f"sha1:{V_SHA1}"]
    assert file_v["cluster"]["kind"] == "VIRAL_CONTENT" and file_v["cluster"]["size"] == 6
    assert clusters[f"content:md5:{W_MD5}"]["members"] == ["C-5", "C-666"]
