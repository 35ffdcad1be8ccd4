"""Fixtures: a real Neo4j, always.

- `neo4j_uri` (session): NEO4J_URI when set; otherwise the project's embedded launcher on a free loopback
  port, data in a temporary folder, stopped when the session ends.
- `db` (session): one Database (one async driver) with the schema applied once.
- `clean_db`: the same database, wiped before the test; use it in every test that writes.
- `client`: an httpx client speaking to the ASGI app (built on `db`) over ASGITransport.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from graph.settings import Settings
from graph.store.database import Database, opened
from graph.store.launcher import EmbeddedNeo4j, LauncherConfig, dev_password, free_port

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def neo4j_uri(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    config = LauncherConfig(
        cache_dir=settings.cache_dir,
        data_dir=tmp_path_factory.mktemp("neo4j-data"),
        bolt_port=free_port(),
        password=settings.neo4j_password or dev_password(settings.cache_dir),
    )
    with EmbeddedNeo4j(config) as server:
        yield server.uri


@pytest.fixture(scope="session")
async def db(settings: Settings, neo4j_uri: str) -> AsyncIterator[Database]:
    password = settings.neo4j_password or dev_password(settings.cache_dir)
    async with opened(settings, neo4j_uri, password) as database:
        yield database


@pytest.fixture
async def clean_db(db: Database) -> Database:
    await db.write("testing/wipe")
    return db


@pytest.fixture
async def client(clean_db: Database, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, db=clean_db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://tipgraph.test"
    ) as c:
        yield c


@pytest.fixture(scope="session")
def example_tip_json() -> Path:
    return SHARED / "examples" / "tip.json"


@pytest.fixture(scope="session")
def example_tip_xml() -> Path:
    return SHARED / "examples" / "tip.xml"
