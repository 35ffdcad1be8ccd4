"""The per-request context: who is asking, the database, and DataLoaders made fresh for this request."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from graph.model import TipIdentifier, TipRecord
from graph.settings import Settings
from graph.store.database import Database
from graph.tips import get_tip_identifiers, get_tips
from graph.viewer import Viewer


@dataclass
class Loaders:
    tips: DataLoader[str, TipRecord | None]
    tip_identifiers: DataLoader[str, list[TipIdentifier]]


def make_loaders(db: Database, viewer: Viewer) -> Loaders:
    async def load_tips(ids: list[str]) -> list[TipRecord | None]:
        return await get_tips(db, viewer, ids)

    async def load_identifiers(ids: list[str]) -> list[list[TipIdentifier]]:
        return await get_tip_identifiers(db, ids)

    return Loaders(tips=DataLoader(load_fn=load_tips), tip_identifiers=DataLoader(load_fn=load_identifiers))


@dataclass
class Context:
    viewer: Viewer
    db: Database
    settings: Settings
    request_id: str
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = make_loaders(self.db, self.viewer)
