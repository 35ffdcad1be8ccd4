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

from array import array
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, Protocol

import numpy as np

from graph.bulkload.link_columns import FLAGS, KIND_CODES, NO_NUMBER, ROLE_CODES, ROLES, number_instant
from graph.clustering import Occurrence, recompute
from graph.clustering.evidence import EvidenceModel
from graph.clustering.thresholds import STRONG_PROBABILITY, links_people
from graph.clusters.recompute import RecomputeSummary, cluster_writes
from graph.kinds import IdentifierKind
from graph.model import Role

if TYPE_CHECKING:
    from graph.bulkload.shape import ShapedTips

_KINDS = {kind.value: kind for kind in IdentifierKind}
_LOCATION_CODE: Final = KIND_CODES[IdentifierKind.LOCATION.value]
_ACCOUNT_CODE: Final = KIND_CODES[IdentifierKind.ACCOUNT.value]
_SUSPECT_CODE: Final = ROLE_CODES[Role.SUSPECT.value]


class Counted(Protocol):
    """An identifier with its final count, as the load has built it."""

    number: int
    uid: str
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
    """Collects, chunk by chunk, what clustering reads from the store: each tip's id and incident time, and
    each link's HAS relationship as columns (`graph.bulkload.link_columns`), in the order they came. The
    identifier each link reaches is its number in the load's `carried` column (`GraphWriter`), given
    when the tips are clustered: a dozen million links are a few flat columns, not a tuple each."""

    def __init__(self) -> None:
        self._tip_ids: list[str] = []
        self._incident_at = array("q")
        self._roles = bytearray()
        self._verified = bytearray()
        self._at = array("q")
        self._ports = array("q")
        self._proxies = bytearray()

    def add(self, tips: ShapedTips) -> None:
        self._tip_ids.extend(tips.ids)
        self._incident_at.extend(tips.incident_at)
        self._roles += tips.roles
        self._verified += tips.verified
        self._at.extend(tips.at)
        self._ports.extend(tips.ports)
        self._proxies += tips.proxies

    def rows(
        self, identifiers: Mapping[str, Counted], carried: array[int], counts: array[int]
    ) -> list[Occurrence]:
        """The input `clusters/occurrences` would give, in uid order (each uid's in the order the links came);
        `carried` is each link's identifier number and `counts` each tip's links."""
        # Most identifiers are carried by one tip: they are left out before the uids are sorted.
        linking = [
            known
            for known in identifiers.values()
            if known.tips >= 2 and links_people(_KINDS[known.kind], known.tips, known.account_count(), False)
        ]
        linking.sort(key=_uid_of)
        rank = np.full(len(identifiers), -1, dtype=np.int64)
        rank[[known.number for known in linking]] = np.arange(len(linking), dtype=np.int64)
        link_rank = rank[np.frombuffer(carried, dtype=np.uint64).astype(np.int64)]
        positions = np.flatnonzero(link_rank >= 0)
        # By uid, and within one by the links' order (a stable sort of positions in order).
        positions = positions[np.argsort(link_rank[positions], kind="stable")]
        ends = np.cumsum(np.frombuffer(counts, dtype=np.uint64).astype(np.int64))
        tips_of = np.searchsorted(ends, positions, side="right").tolist()
        ranks = link_rank[positions].tolist()
        # Each column's values of these links, gathered by numpy: the loop below reads plain lists.
        roles = np.frombuffer(self._roles, dtype=np.uint8)[positions].tolist()
        verified = np.frombuffer(self._verified, dtype=np.uint8)[positions].tolist()
        at = np.frombuffer(self._at, dtype=np.int64)[positions].tolist()
        ports = np.frombuffer(self._ports, dtype=np.int64)[positions].tolist()
        proxies = np.frombuffer(self._proxies, dtype=np.uint8)[positions].tolist()
        tip_ids = self._tip_ids
        rows: list[Occurrence] = []
        append = rows.append
        current = -1
        uid, kind, key, count, generic, accounts = "", IdentifierKind.ACCOUNT, "", 0, False, None
        for tip, ranked, role, verified_code, instant, port, proxy in zip(
            tips_of, ranks, roles, verified, at, ports, proxies, strict=True
        ):
            if ranked != current:
                current = ranked
                known = linking[ranked]
                uid, kind, key, count = known.uid, _KINDS[known.kind], known.key, known.tips
                accounts = known.account_count() if count > 2 else None
                generic = known.reason is not None
            # Positionally, in Occurrence's field order: a keyword call costs more.
            occurrence = Occurrence(
                tip_ids[tip],
                uid,
                kind,
                key,
                count,
                generic,
                ROLES[role],
                FLAGS[verified_code],
                None if instant == NO_NUMBER else number_instant(instant),
                None if port == NO_NUMBER else port,
                FLAGS[proxy],
                accounts,
            )
            append(occurrence)
        return rows

    def member_facts(
        self,
        tip_ids: Sequence[str],
        identifiers: Mapping[str, Counted],
        carried: array[int],
        counts: array[int],
    ) -> tuple[dict[str, datetime], dict[str, list[Occurrence]]]:
        """What `graph.clusters.recompute.member_facts` reads for these tips: each one's incident time, and
        its locations and suspect accounts (any tip count), in the order of its links."""
        known_of = list(identifiers.values())
        if any(known.number != number for number, known in enumerate(known_of)):
            raise RuntimeError("the identifiers are not in the order of their numbers")
        numbers = np.frombuffer(carried, dtype=np.uint64).astype(np.int64)
        kind_codes = np.array([KIND_CODES[known.kind] for known in known_of], dtype=np.uint8)
        link_kinds = kind_codes[numbers] if len(numbers) else np.empty(0, dtype=np.uint8)
        link_roles = np.frombuffer(self._roles, dtype=np.uint8)
        facts = np.flatnonzero(
            (link_kinds == _LOCATION_CODE) | ((link_kinds == _ACCOUNT_CODE) & (link_roles == _SUSPECT_CODE))
        )
        ends = np.cumsum(np.frombuffer(counts, dtype=np.uint64).astype(np.int64))
        position_of = {tip: position for position, tip in enumerate(self._tip_ids)}
        wanted = np.zeros(len(self._tip_ids), dtype=bool)
        wanted[[position_of[tip] for tip in tip_ids]] = True
        fact_tips = np.searchsorted(ends, facts, side="right")
        chosen = wanted[fact_tips]
        facts_of: dict[int, list[tuple[int, int]]] = {}
        for tip, link in zip(fact_tips[chosen].tolist(), facts[chosen].tolist(), strict=True):
            facts_of.setdefault(tip, []).append((int(numbers[link]), self._roles[link]))
        seen_at: dict[str, datetime] = {}
        extra: dict[str, list[Occurrence]] = defaultdict(list)
        for tip in tip_ids:
            position = position_of[tip]
            incident = number_instant(self._incident_at[position])
            if incident is not None:
                seen_at[tip] = incident
            for number, role in facts_of.get(position, ()):
                known = known_of[number]
                extra[tip].append(
                    Occurrence(tip, known.uid, _KINDS[known.kind], known.key, known.tips, role=ROLES[role])
                )
        return seen_at, extra

    def clusters(
        self,
        identifiers: Mapping[str, Counted],
        carried: array[int],
        counts: array[int],
        now: datetime,
        model: EvidenceModel,
    ) -> LoadedClusters:
        """Clusters every loaded tip as a recompute on the loaded store would, with the store's model."""
        rows = self.rows(identifiers, carried, counts)
        # What the rows hold is no longer needed (the facts read the tips and the links' roles).
        self._verified, self._proxies = bytearray(), bytearray()
        self._at, self._ports = array("q"), array("q")
        assignment = recompute(rows, (), {}, STRONG_PROBABILITY, model=model, keep_links=True)
        clusters = {cid: tips for cid, tips in assignment.members.items() if len(tips) >= 2}
        clustered = sorted(tip for tips in clusters.values() for tip in tips)
        seen_at, extra = self.member_facts(clustered, identifiers, carried, counts)
        self._tip_ids, self._incident_at, self._roles = [], array("q"), bytearray()
        written, changes, _ = cluster_writes(
            rows, clusters, {}, {}, seen_at, extra, STRONG_PROBABILITY, now, model, assignment.link_graphs
        )
        summary = RecomputeSummary.of(assignment, clusters, len(rows), (len(changes), len(written), 0))
        return LoadedClusters(written, changes, summary)


def _uid_of(known: Counted) -> str:
    return known.uid
