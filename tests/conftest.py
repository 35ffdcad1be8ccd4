"""Fixtures: a real Neo4j, always.

- `neo4j_uri` (session): NEO4J_URI when set; otherwise the project's embedded launcher on a free loopback
  port, data in a temporary folder, stopped when the session ends.
- `db` (session): one Database (one async driver) with the schema applied once.
- `clean_db`: the same database, wiped before the test; use it in every test that writes.
- `client`: an httpx client speaking to the ASGI app (built on `db`) over ASGITransport, as an analyst
  (pass another token from `token_for` per request to act as someone else).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from api.app import create_app
from api.auth import mint_token
from graph.settings import Settings
from graph.store.database import Database, opened
from graph.store.launcher import EmbeddedNeo4j, LauncherConfig, dev_password, free_port
from graph.store_version import stamp_fresh
from graph.viewer import Role

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


TEST_SECRET = "tipgraph-test-secret-that-is-long-enough-for-hs256"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(auth_hs256_secret=TEST_SECRET)


def token_for(settings: Settings, role: Role, agency: str | None = None, subject: str | None = None) -> str:
    return mint_token(
        secret=TEST_SECRET,
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        subject=subject or f"test-{role.value}-{agency or 'all'}",
        role=role,
        agency=agency,
    )


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
    # The wipe keeps the store's record of migrations, which a test may have set back: an empty store is
    # current.
    await stamp_fresh(db)
    return db


@pytest.fixture
async def client(clean_db: Database, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, db=clean_db)
    analyst = {"Authorization": f"Bearer {token_for(settings, Role.ANALYST)}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tipgraph.test", headers=analyst) as c:
        yield c


@pytest.fixture(scope="session")
def example_tip_json() -> Path:
    return EXAMPLES / "tip.json"


@pytest.fixture(scope="session")
def example_tip_xml() -> Path:
    return EXAMPLES / "tip.xml"


@pytest.fixture(scope="session")
def example_tip(example_tip_json: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = orjson.loads(example_tip_json.read_bytes())
    return loaded
