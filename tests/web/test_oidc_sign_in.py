"""Signing in outside dev mode: the workbench against an API that trusts only an identity provider's keys
(TIPGRAPH_AUTH_JWKS_URL), and that provider (tests/web/identity_provider.py) started on 127.0.0.1. The app
runs the authorization code flow with PKCE, sends the access token, and shows who signed in."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
import uvicorn
from playwright.async_api import Browser, expect

from api.app import create_app
from graph.settings import Settings
from graph.store.launcher import free_port
from tests.web.conftest import DIST, ServerThread, Workbench, screenshot, serious_accessibility_violations
from tests.web.identity_provider import IdentityProvider, Person

CLIENT_ID = "tipgraph-workbench"
AUDIENCE = "tipgraph-api"


async def _serve(app: object, port: int) -> uvicorn.Server:
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")  # type: ignore[arg-type]
    )
    thread = ServerThread(server)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("a test server did not start")
        await asyncio.sleep(0.05)
    return server


@pytest.fixture
async def signed_in_by_provider(
    workbench: Workbench, settings: Settings, neo4j_uri: str
) -> AsyncIterator[tuple[str, IdentityProvider]]:
    """An API outside dev mode trusting the provider's JWKS, and the provider; yields the API's URL."""
    api_port, idp_port = free_port(), free_port()
    api_url, idp_url = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{idp_port}"
    provider = IdentityProvider(
        issuer=idp_url,
        client_id=CLIENT_ID,
        audience=AUDIENCE,
        person=Person("dana.analyst@example.org", "Dana Analyst", {"role": "analyst"}),
        allowed_origin=api_url,
    )
    idp = await _serve(provider.app(), idp_port)
    served = Settings(
        dev_mode=False,
        auth_issuer=idp_url,
        auth_audience=AUDIENCE,
        auth_jwks_url=f"{idp_url}/jwks",
        oidc_authority=idp_url,
        oidc_client_id=CLIENT_ID,
        neo4j_uri=neo4j_uri,
        neo4j_password=settings.neo4j_password,
        web_dir=DIST,
        sweep_interval_seconds=3600,
    )
    api = await _serve(create_app(served), api_port)
    yield api_url, provider
    for server in (api, idp):
        server.should_exit = True
    await asyncio.sleep(0.2)


async def test_sign_in_with_the_identity_provider_by_code_and_pkce(
    browser: Browser, signed_in_by_provider: tuple[str, IdentityProvider]
) -> None:
    api_url, provider = signed_in_by_provider
    context = await browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=True)
    page = await context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    await page.goto(f"{api_url}/")
    sign_in = page.get_by_role("button", name="Sign in with your organisation")
    await expect(sign_in).to_be_visible()
    await expect(page.get_by_role("button", name="Sign in as Analyst")).to_have_count(0)
    await screenshot(page, "sign-in-oidc")
    assert await serious_accessibility_violations(page) == []
    minted = await page.request.post(f"{api_url}/workbench/dev-token", data={"role": "analyst"})
    assert minted.status in (404, 405) and "token" not in await minted.text(), "dev tokens outside dev mode"
    await sign_in.click()
    await page.get_by_role("button", name="Sign in as Dana Analyst").click()
    await expect(page.get_by_test_id("who")).to_have_text("dana.analyst@example.org")
    await expect(page.get_by_test_id("role")).to_have_text("analyst")
    # One code was exchanged, its PKCE verifier checked against the authorization request's challenge.
    assert [exchange["client_id"] for exchange in provider.exchanged] == [CLIENT_ID]
    # The API took the provider's token: the queue came back through GraphQL.
    await expect(page.locator("table.queue tbody tr").first).to_be_visible()
    await screenshot(page, "signed-in-oidc")
    await context.close()
    origins = {api_url, provider.issuer, api_url.replace("http://", "ws://")}
    allowed = tuple(origin + "/" for origin in origins)
    foreign = [url for url in requests if not url.startswith(allowed) and not url.startswith("data:")]
    assert foreign == []
