"""The clusters of the loaded graph, computed from the prepared tips before the import (no read back).

A recompute on the loaded store would read its input through the driver
(`graph.clusters.recompute.read_occurrences` and `member_facts`); here the same `Occurrence` rows are
made from the tips as they are written, and go through the same `recompute` and `cluster_writes` that
`tipgraph clusters recompute` runs on an empty
cluster state (no judgements, no previous clusters in an empty database). The rows mirror the store's
statements exactly:

- `clusters/occurrences`: every occurrence of an identifier carried by two tips or more and at most its
  kind's threshold, `generic` being its explicit verdict (a generic reason: nothing is marked yet), and
  `accounts` (above two tips) its stored `suspectAccounts`, which the load counts once
  (`graph.bulkload.shape.GraphWriter._add_accounts`) for the Identifier file and for clustering alike;
- `clusters/member_facts`: each clustered tip's incident time, locations and suspect accounts.

Clusters then become `(:Cluster)` nodes and `clusterId` tip properties, written once the loaded store is up
by a recompute's own statements (clusters/upsert, clusters/assign).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from graph.clustering import Occurrence, recompute
from graph.clustering.evidence import EvidenceModel
from graph.clustering.thresholds import STRONG_PROBABILITY, links_people
from graph.clusters.recompute import RecomputeSummary, cluster_writes
from graph.kinds import IdentifierKind
from graph.model import Role

_KINDS = {kind.value: kind for kind in IdentifierKind}
_ROLES = {role.value: role for role in Role}
_SUSPECT = Role.SUSPECT.value
_ACCOUNT = IdentifierKind.ACCOUNT.value
_LOCATION = IdentifierKind.LOCATION.value
# A tip's occurrence as the load gathers it (graph.bulkload.shape.ShapedLink; not imported: shape imports
# this module): uid, kind, key, genericReason, raw, countsTip, role, verified, at, port, possibleProxy.
ShapedLink = tuple[
    str, str, str, str | None, str, int, str, bool | None, datetime | None, int | None, bool | None
]
# One HAS relationship as clustering reads it: tip id, role, verified, at, port, possibleProxy.
_Seen = tuple[str, str, bool | None, datetime | None, int | None, bool | None]


class Counted(Protocol):
    """An identifier with its final count, as the load has built it."""

    kind: str
    tips: int
    reason: str | None

    @property
    def key(self) -> str:
        """The normal form's key (the uid after its kind)."""
        ...

    def account_count(self) -> int:
        """The distinct suspect accounts behind it, counted as ingest counts them (the importer writes it
        as `suspectAccounts`)."""
        ...


@dataclass(frozen=True, slots=True)
class LoadedClusters:
    """The clusters of two or more as a recompute writes them: the Cluster rows (`{id, props}`, for
    clusters/upsert) and each clustered tip's assignment (`{tipId, clusterId}`, for clusters/assign), and
    what a recompute would report about them."""

    written: list[dict[str, Any]]
    assignments: list[dict[str, str | None]]
    summary: RecomputeSummary


class ClusteringInput:
    """Collects, tip by tip, what clustering reads from the store."""

    def __init__(self) -> None:
        self._seen: dict[str, list[_Seen]] = defaultdict(list)
        # Per tip: its facts ([uid, role]).
        self._facts: dict[str, list[tuple[str, str]]] = {}
        self._incident_at: dict[str, datetime] = {}

    def add(self, tip_id: str, links: Sequence[ShapedLink], incident_at: datetime | None) -> None:
        facts: list[tuple[str, str]] = []
        for uid, kind, _, _, _, _, role, verified, at, port, proxy in links:
            self._seen[uid].append((tip_id, role, verified, at, port, proxy))
            if kind == _LOCATION or (kind == _ACCOUNT and role == _SUSPECT):
                facts.append((uid, role))
        if facts:
            self._facts[tip_id] = facts
        if incident_at is not None:
            self._incident_at[tip_id] = incident_at

    def rows(self, identifiers: Mapping[str, Counted]) -> list[Occurrence]:
        """The input `clusters/occurrences` would give, in uid order."""
        rows: list[Occurrence] = []
        append = rows.append
        # Most identifiers are carried by one tip: they are left out before the uids are sorted.
        linking = []
        for uid in self._seen:
            known = identifiers[uid]
            if known.tips >= 2 and links_people(_KINDS[known.kind], known.tips, known.account_count(), False):
                linking.append(uid)
        linking.sort()
        for uid in linking:
            known = identifiers[uid]
            kind, key, count = _KINDS[known.kind], known.key, known.tips
            accounts = known.account_count() if count > 2 else None
            generic = known.reason is not None
            for tip_id, role, verified, at, port, proxy in self._seen[uid]:
                # Positionally, in Occurrence's field order: a keyword call costs more.
                occurrence = Occurrence(
                    tip_id, uid, kind, key, count, generic, _ROLES[role], verified, at, port, proxy, accounts
                )
                append(occurrence)
        return rows

    def member_facts(
        self, tip_ids: Sequence[str], identifiers: Mapping[str, Counted]
    ) -> tuple[dict[str, datetime], dict[str, list[Occurrence]]]:
        """What `graph.clusters.recompute.member_facts` reads for these tips."""
        seen_at = {tip: self._incident_at[tip] for tip in tip_ids if tip in self._incident_at}
        extra: dict[str, list[Occurrence]] = defaultdict(list)
        for tip in tip_ids:
            for uid, role in self._facts.get(tip, ()):
                known = identifiers[uid]
                extra[tip].append(
                    Occurrence(tip, uid, _KINDS[known.kind], known.key, known.tips, role=_ROLES[role])
                )
        return seen_at, extra

    def clusters(
        self, identifiers: Mapping[str, Counted], now: datetime, model: EvidenceModel
    ) -> LoadedClusters:
        """Clusters every loaded tip as a recompute on the loaded store would, with the store's model."""
        rows = self.rows(identifiers)
        self._seen.clear()
        assignment = recompute(rows, (), {}, STRONG_PROBABILITY, model=model, keep_links=True)
        clusters = {cid: tips for cid, tips in assignment.members.items() if len(tips) >= 2}
        clustered = sorted(tip for tips in clusters.values() for tip in tips)
        seen_at, extra = self.member_facts(clustered, identifiers)
        written, changes, _ = cluster_writes(
            rows, clusters, {}, {}, seen_at, extra, STRONG_PROBABILITY, now, model, assignment.link_graphs
        )
        summary = RecomputeSummary.of(assignment, clusters, len(rows), (len(changes), len(written), 0))
        return LoadedClusters(written, changes, summary)
