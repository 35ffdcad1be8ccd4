"""`classify` takes its glue from `linking_identifiers` (one pass over the rows, the rule `linking_groups`
applies): on generated tips, every cluster's kind and evidence are what the separate-pass reference below
gives, with the store's account counts on the rows and without, and with the members' extra facts
(locations, suspect accounts) as a recompute hands them over; and `linking_identifiers` finds the groups
and people that `group_by_identifier`, `suspect_accounts` and `account_spread` find."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from graph.clustering import ClusterKind, Evidence, Occurrence, classify, recompute
from graph.clustering.edges import FILE_EVIDENCE, evidence_class, linking_groups, linking_identifiers
from graph.clustering.kinds import GEOHASH_PREFIX, PERSONAL_KINDS, _kind
from graph.clustering.occurrences import IdentifierGroup, group_by_identifier
from graph.clustering.spread import account_spread, suspect_accounts
from graph.clustering.thresholds import LINKING_TIPS_CAP, links_people, links_tips
from graph.kinds import IdentifierKind
from graph.model import Role
from tests.unit.generated_occurrences import generated_occurrences
from tests.unit.test_cluster_link_graphs import generated_rows

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def reference_classify(
    rows: Sequence[Occurrence], seen_at: Mapping[str, datetime]
) -> tuple[ClusterKind, Evidence]:
    """`classify` as it was: the glue from `linking_groups` over the rows, the rest in separate passes."""
    tips = {o.tip_id for o in rows}
    accounts_by_tip = suspect_accounts(rows)
    accounts = set().union(*accounts_by_tip.values()) if accounts_by_tip else set()
    glue: Counter[IdentifierKind] = Counter()
    personal = files = per_file = 0
    for group in reference_linking(rows)[0].values():
        glue[group.kind] += 1
        if group.kind in PERSONAL_KINDS:
            personal += len(group.by_tip)
        elif evidence_class(group) == FILE_EVIDENCE:
            files += len(group.by_tip)
            behind = set().union(*(accounts_by_tip.get(tip, set()) for tip in group.by_tip))
            per_file = max(per_file, len(behind))
    times = sorted(seen_at[tip] for tip in tips if tip in seen_at) if seen_at else []
    if not times:
        times = sorted(o.at for o in rows if o.at is not None)
    kind, reason = _kind(len(tips), sum(glue.values()), personal, files, len(accounts), per_file)
    named = (IdentifierKind.ACCOUNT, IdentifierKind.SCREEN_NAME)
    return kind, Evidence(
        tips=len(tips),
        accounts=len(accounts),
        accounts_per_file=per_file,
        glue=tuple(sorted(glue.items(), key=lambda item: (-item[1], item[0].value))),
        platforms=tuple(sorted({o.key.partition(":")[0] for o in rows if o.kind in named})),
        countries=tuple(
            sorted(
                {
                    o.key.partition(":")[0]
                    for o in rows
                    if o.kind is IdentifierKind.LOCATION and not o.key.startswith(GEOHASH_PREFIX)
                }
            )
        ),
        places=len({o.key for o in rows if o.kind is IdentifierKind.LOCATION}),
        first_seen=times[0] if times else None,
        last_seen=times[-1] if times else None,
        reason=reason,
    )


def reference_linking(
    rows: Sequence[Occurrence], by_people: bool = True
) -> tuple[dict[str, IdentifierGroup], dict[str, int]]:
    """The linking groups and the people behind each, a pass per step (as `linking_groups` was)."""
    shared = group_by_identifier(rows, min_tips=2)
    accounts = suspect_accounts(rows)
    if not by_people:
        groups = {u: g for u, g in shared.items() if links_tips(g.kind, g.tip_count, g.generic)}
        return dict(groups), account_spread(groups, accounts)
    candidates = {u: g for u, g in shared.items() if not g.generic and g.tip_count <= LINKING_TIPS_CAP}
    spread = account_spread(candidates, accounts)
    groups = {u: g for u, g in candidates.items() if links_people(g.kind, g.tip_count, spread[u], g.generic)}
    return dict(groups), {u: spread[u] for u in groups}


def edge_cases() -> list[Occurrence]:
    """Rows the generator rarely makes: a device seen twice by one tip only, a phone one row calls generic,
    an email whose rows give different account counts (or none), a handle above the linking cap, and
    suspect accounts behind them."""
    device = dict(uid="DEVICE|d-7", kind=IdentifierKind.DEVICE, key="d-7", tip_count=2)
    phone = dict(uid="PHONE|+15550100", kind=IdentifierKind.PHONE, key="+15550100", tip_count=2)
    email = dict(uid="EMAIL|b@example.org", kind=IdentifierKind.EMAIL, key="b@example.org", tip_count=3)
    handle = dict(
        uid="SCREEN_NAME|x:y", kind=IdentifierKind.SCREEN_NAME, key="x:y", tip_count=LINKING_TIPS_CAP + 1
    )
    return [
        Occurrence("E1", **device),  # type: ignore[arg-type]
        Occurrence("E1", **device),  # type: ignore[arg-type]
        Occurrence("E1", **phone),  # type: ignore[arg-type]
        Occurrence("E2", **phone, generic=True),  # type: ignore[arg-type]
        Occurrence("E1", **email),  # type: ignore[arg-type]
        Occurrence("E2", **email, accounts=2),  # type: ignore[arg-type]
        Occurrence("E3", **email, accounts=40),  # type: ignore[arg-type]
        Occurrence("E1", **handle),  # type: ignore[arg-type]
        Occurrence("E3", **handle),  # type: ignore[arg-type]
        *(
            Occurrence(tip, f"ACCOUNT|p:{tip}{n}", IdentifierKind.ACCOUNT, f"p:{tip}{n}", 1)
            for tip in ("E1", "E2", "E3")
            for n in range(2)
        ),
    ]


@pytest.mark.parametrize("counted", [True, False])
@pytest.mark.parametrize("by_people", [True, False])
def test_linking_identifiers_finds_the_reference_groups_and_people(counted: bool, by_people: bool) -> None:
    rows = [*generated_rows(generated_occurrences(2_000, 5, NOW), counted), *edge_cases()]
    found = linking_identifiers(rows, by_people=by_people)
    groups, spread = reference_linking(rows, by_people)
    assert len(groups) > 100
    assert found.groups == groups
    assert found.spread == spread
    assert found.accounts == suspect_accounts(rows)
    assert linking_groups(rows, by_people=by_people)[1].spread == spread


@pytest.mark.parametrize("counted", [True, False])
def test_one_pass_classify_gives_the_reference_kind_and_evidence(counted: bool) -> None:
    found = generated_occurrences(2_000, 5, NOW)
    rows = generated_rows(found, counted)
    tip_counts = {uid: len(group.by_tip) for uid, group in group_by_identifier(found).items()}
    # The members' facts as clusters/member_facts reads them: locations and suspect accounts, any tip count.
    facts: dict[str, list[Occurrence]] = defaultdict(list)
    for row in found:
        if row.kind is IdentifierKind.LOCATION or (
            row.kind is IdentifierKind.ACCOUNT and row.role is Role.SUSPECT
        ):
            facts[row.tip_id].append(replace(row, tip_count=tip_counts[row.uid], at=None, port=None))
    by_tip: dict[str, list[Occurrence]] = defaultdict(list)
    for row in rows:
        by_tip[row.tip_id].append(row)
    clusters = [tips for tips in recompute(rows).members.values() if len(tips) >= 2]
    assert len(clusters) > 50
    seen_at = {tip: NOW for tips in clusters[::2] for tip in tips}
    kinds: Counter[ClusterKind] = Counter()
    for tips in clusters:
        linking = [row for tip in tips for row in by_tip[tip]]
        known = {(row.tip_id, row.uid) for row in linking}
        extra = [row for tip in tips for row in facts[tip] if (tip, row.uid) not in known]
        for cluster_rows in (linking, [*linking, *extra]):
            found_kind = classify(cluster_rows, seen_at)
            assert found_kind == reference_classify(cluster_rows, seen_at), tips[:3]
            kinds[found_kind[0]] += 1
    # The comparison covers every kind the generator's clusters come in, not just one.
    assert len(kinds) >= 2, kinds


def file_rows() -> list[Occurrence]:
    """A file URL carried by three tips (every row a file's), a URL one of whose rows is a profile link, and
    a file hash behind the suspect accounts of `edge_cases`."""
    file_url = dict(uid="URL|f/1", kind=IdentifierKind.URL, key="f/1", tip_count=3, accounts=3)
    page = dict(uid="URL|p/1", kind=IdentifierKind.URL, key="p/1", tip_count=2)
    digest = dict(uid="FILE_HASH|h1", kind=IdentifierKind.FILE_HASH, key="h1", tip_count=3)
    return [
        *(Occurrence(tip, **file_url, role=Role.FILE) for tip in ("E1", "E2", "E3")),  # type: ignore[arg-type]
        Occurrence("E1", **page, role=Role.FILE),  # type: ignore[arg-type]
        Occurrence("E2", **page),  # type: ignore[arg-type]
        *(Occurrence(tip, **digest, role=Role.FILE) for tip in ("E1", "E2", "E3")),  # type: ignore[arg-type]
    ]


@pytest.mark.parametrize("part", range(5))
def test_one_pass_classify_reads_the_rare_rows_as_the_reference(part: int) -> None:
    # Rows a generated cluster rarely has (a generic verdict on one row, disagreeing account counts, a value
    # above the linking cap, one tip's repeated rows, file URLs and profile links), whole and in parts.
    rows = [*edge_cases(), *file_rows()]
    cluster_rows = [rows, edge_cases(), file_rows(), rows[::2], rows[1::2]][part]
    seen_at = {"E1": NOW} if part % 2 else {}
    assert classify(cluster_rows, seen_at) == reference_classify(cluster_rows, seen_at)
