"""The workbench's static files: every client route loads the app, shared or reloaded, including routes
whose last part holds a dot (an identifier chart of an email, a domain, an IP); a missing asset stays 404."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from api.workbench import SinglePageApp


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    (tmp_path / "index.html").write_text("<!doctype html><title>tipgraph</title>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "main.js").write_text("export {};")
    app = Starlette(routes=[Mount("/", SinglePageApp(directory=tmp_path, html=True))])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as opened:
        yield opened


@pytest.mark.parametrize(
    "path",
    [
        "/queue?priority=URGENT",
        "/tips/EX-2026-000317",
        "/chart/identifier/EMAIL/nightowl77%40gmail.com",
        "/chart/identifier/IP/203.0.113.7",
        "/chart/identifier/URL/https%3A%2F%2Fexample.org%2Fa.html",
    ],
)
async def test_a_client_route_loads_the_app(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert "<title>tipgraph</title>" in response.text


@pytest.mark.parametrize("path", ["/assets/missing.js", "/favicon.ico"])
async def test_a_missing_file_stays_missing(client: httpx.AsyncClient, path: str) -> None:
    assert (await client.get(path)).status_code == 404


async def test_an_asset_is_served(client: httpx.AsyncClient) -> None:
    assert (await client.get("/assets/main.js")).text == "export {};"
