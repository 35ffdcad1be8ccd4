"""Fixtures of the security suite.

- `live_url`: the app served by a real uvicorn on a free loopback port, in the test's own event loop, so a
  request that blocks the loop visibly delays every other request (a `/healthz` probe, say).
- `analyst_headers`: the Authorization header of an analyst token.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import uvicorn

from api.app import create_app
from graph.settings import Settings
from graph.store.database import Database
from graph.store.launcher import free_port
from graph.viewer import Role
from tests.conftest import token_for

SERVER_START_SECONDS = 10


@pytest.fixture
def analyst_headers(settings: Settings) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(settings, Role.ANALYST)}"}


@pytest.fixture
async def live_url(clean_db: Database, settings: Settings) -> AsyncIterator[str]:
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, db=clean_db), host="127.0.0.1", port=port, lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    async with asyncio.timeout(SERVER_START_SECONDS):
        while not server.started:  # noqa: ASYNC110 (uvicorn exposes a flag, not an event)
            await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving
