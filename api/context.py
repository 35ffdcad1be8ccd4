"""The per-request context: who is asking, the database, the audit trail, and DataLoaders made fresh for
this request (never shared across requests, so no viewer ever sees another's cached tips)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from graph.agencies import default_registry
from graph.audit import AuditTrail, ReadRecords
from graph.clusters.content_reads import ContentClusterRecord, content_clusters_of_tips
from graph.clusters.reads import clusters_of_tips
from graph.clusters.records import ClusterRecord
from graph.labels.provenance import Label
from graph.labels.reading import labels_of_tips
from graph.model import TipCard, TipIdentifier, TipRecord
from graph.referral import Routing, default_geolocator, route
from graph.settings import Settings
from graph.store.database import Database
from graph.tips import get_tip_cards, get_tip_identifiers, get_tip_reports, get_tips
from graph.viewer import Viewer


@dataclass
class Loaders:
    tips: DataLoader[str, TipRecord | None]  # without their reports: tip_reports has those
    tip_cards: DataLoader[str, TipCard | None]  # for requests that select nothing beyond a card
    tip_reports: DataLoader[str, dict[str, Any] | None]
    tip_identifiers: DataLoader[str, list[TipIdentifier]]
    # For requests that show no identifier's generic flag (api/lookahead.identifier_verdicts): read without
    # what only a scoped viewer's flag needs.
    tip_identifiers_unflagged: DataLoader[str, list[TipIdentifier]]
    tip_clusters: DataLoader[str, ClusterRecord | None]
    tip_content_clusters: DataLoader[str, tuple[ContentClusterRecord, ...]]
    tip_routings: DataLoader[str, Routing | None]
    tip_labels: DataLoader[str, tuple[Label, ...]]


def make_loaders(db: Database, trail: AuditTrail) -> Loaders:
    async def load_tips(ids: list[str]) -> list[TipRecord | None]:
        return await get_tips(db, trail, ids)

    async def load_cards(ids: list[str]) -> list[TipCard | None]:
        return await get_tip_cards(db, trail, ids)

    async def load_identifiers(ids: list[str]) -> list[list[TipIdentifier]]:
        return await get_tip_identifiers(db, trail.viewer, ids)

    async def load_identifiers_unflagged(ids: list[str]) -> list[list[TipIdentifier]]:
        return await get_tip_identifiers(db, trail.viewer, ids, verdicts=False)

    async def load_clusters(ids: list[str]) -> list[ClusterRecord | None]:
        found = await clusters_of_tips(db, trail.viewer, ids)
        return [found.get(tip_id) for tip_id in ids]

    async def load_content_clusters(ids: list[str]) -> list[tuple[ContentClusterRecord, ...]]:
        found = await content_clusters_of_tips(db, trail.viewer, ids)
        return [found[tip_id] for tip_id in ids]

    async def load_reports(ids: list[str]) -> list[dict[str, Any] | None]:
        return await get_tip_reports(db, trail, ids)

    tip_reports = DataLoader(load_fn=load_reports)

    async def load_routings(ids: list[str]) -> list[Routing | None]:
        # Locating parses the whole report: once per tip and request, whichever fields ask for it.
        reports = await tip_reports.load_many(ids)
        return [route(r, default_registry(), default_geolocator()) if r else None for r in reports]

    async def load_labels(ids: list[str]) -> list[tuple[Label, ...]]:
        return await labels_of_tips(db, trail.viewer, ids)

    return Loaders(
        tips=DataLoader(load_fn=load_tips),
        tip_cards=DataLoader(load_fn=load_cards),
        tip_reports=tip_reports,
        tip_identifiers=DataLoader(load_fn=load_identifiers),
        tip_identifiers_unflagged=DataLoader(load_fn=load_identifiers_unflagged),
        tip_clusters=DataLoader(load_fn=load_clusters),
        tip_content_clusters=DataLoader(load_fn=load_content_clusters),
        tip_routings=DataLoader(load_fn=load_routings),
        tip_labels=DataLoader(load_fn=load_labels),
    )


@dataclass
class Context:
    viewer: Viewer
    db: Database
    settings: Settings
    request_id: str
    read_records: ReadRecords | None = None  # the app's; None: each request writes its own record
    trail: AuditTrail = field(init=False)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.trail = AuditTrail(viewer=self.viewer, request_id=self.request_id, records=self.read_records)
        self.loaders = make_loaders(self.db, self.trail)
