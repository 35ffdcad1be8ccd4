"""Browser tests of the workbench: a real uvicorn API (its own driver, dev mode) on a free loopback port
against the session's Neo4j, loaded once with generated tips; Debian's Chromium driven by Playwright, one
browser for the session and a fresh context (no shared storage) per test.

- `workbench` (session): wipes the database, ingests generated tips, serves the API; yields its base URL.
- `page`: a 1440×900 page that records every request and GraphQL response it sees and, at teardown,
  checks each request went to the API's own origin.
- `sign_in(page, role)`: the dev role picker, as a person uses it.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
from playwright.async_api import Browser, Page, Playwright, Response, WebSocket, async_playwright, expect

from api.app import create_app
from api.cli import CLI_VIEWER
from graph.audit import AuditTrail
from graph.ingest import ingest_stream
from graph.settings import Settings
from graph.store.database import Database
from graph.store.launcher import free_port
from graph.synthetic import GeneratorConfig, write_jsonl
from graph.tip_files import read_tips
from tests.conftest import TEST_SECRET

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "web" / "dist"
SCREENSHOTS = REPO / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GENERATED_TIPS = 160
# The machine is shared: waits are generous, assertions about speed (the live queue's 2 s) are explicit.
expect.set_options(timeout=20_000)


def _require_browser_and_build() -> None:
    if not CHROMIUM.exists():
        pytest.fail("the browser tests need Debian's chromium: `make chromium` installs it")
    if not (DIST / "index.html").exists():
        pytest.fail("the workbench is not built: `make web`")


@pytest.fixture(scope="session")
async def playwright_session() -> AsyncIterator[Playwright]:
    _require_browser_and_build()
    async with async_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
async def browser(playwright_session: Playwright) -> AsyncIterator[Browser]:
    launched = await playwright_session.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    await launched.close()


async def _load_generated(db: Database, settings: Settings, folder: Path) -> None:
    await db.write("testing/wipe")
    path = folder / "tips.jsonl"
    now = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    write_jsonl(GeneratorConfig(tips=GENERATED_TIPS, seed=2026, now=now), path, folder / "truth.jsonl")
    trail = AuditTrail(viewer=CLI_VIEWER, request_id=uuid.uuid4().hex, operation="test")
    async for _ in ingest_stream(db, settings, trail, read_tips(path)):
        pass


class ServerThread(threading.Thread):
    def __init__(self, server: uvicorn.Server) -> None:
        super().__init__(daemon=True)
        self.server = server

    def run(self) -> None:
        asyncio.run(self.server.serve())


@dataclass
class Workbench:
    url: str
    settings: Settings
    api: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.api = httpx.Client(base_url=self.url, timeout=30)


@pytest.fixture(scope="session")
async def workbench(
    db: Database, settings: Settings, neo4j_uri: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Workbench]:
    await _load_generated(db, settings, tmp_path_factory.mktemp("generated"))
    served = Settings(
        auth_hs256_secret=TEST_SECRET,
        dev_mode=True,
        neo4j_uri=neo4j_uri,
        neo4j_password=settings.neo4j_password,
        web_dir=DIST,
        rate_limit_per_second=1000,
        rate_limit_burst=2000,
        # One sweep at start-up, then none while the tests run: a re-score moves tips in an open queue.
        sweep_interval_seconds=3600,
    )
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(served), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = ServerThread(server)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test API did not start")
        await asyncio.sleep(0.05)
    bench = Workbench(url=f"http://127.0.0.1:{port}", settings=served)
    yield bench
    bench.api.close()
    server.should_exit = True
    thread.join(timeout=10)


@dataclass
class Recorded:
    """What a page's session carried: every request URL and every GraphQL response body."""

    requests: list[str] = field(default_factory=list)
    graphql_bodies: list[str] = field(default_factory=list)
    websocket_frames: list[str] = field(default_factory=list)


@pytest.fixture
def recorded() -> Recorded:
    return Recorded()


@pytest.fixture
async def page(browser: Browser, workbench: Workbench, recorded: Recorded) -> AsyncIterator[Page]:
    # bypass_csp only so that axe-core can be injected as an inline script.
    context = await browser.new_context(
        viewport={"width": 1440, "height": 900}, base_url=workbench.url, bypass_csp=True
    )
    opened = await context.new_page()
    opened.set_default_timeout(20_000)
    opened.on("request", lambda request: recorded.requests.append(request.url))

    async def keep_graphql(response: Response) -> None:
        if urlsplit(response.url).path == "/graphql" and response.request.method in ("GET", "POST"):
            try:
                recorded.graphql_bodies.append(await response.text())
            except Exception:  # a response the page navigated away from before it was read
                recorded.graphql_bodies.append("<unread>")

    def keep_frames(websocket: WebSocket) -> None:
        websocket.on("framereceived", lambda payload: recorded.websocket_frames.append(str(payload)))

    opened.on("response", keep_graphql)
    opened.on("websocket", keep_frames)
    yield opened
    await context.close()
    origin = workbench.url
    ws_origin = origin.replace("http://", "ws://")
    foreign = [
        url
        for url in recorded.requests
        if not (url.startswith((origin + "/", ws_origin + "/")) or url.startswith(("data:", "blob:")))
    ]
    assert foreign == [], f"requests left the API's origin: {foreign}"


async def sign_in(page: Page, role: str, agency: str | None = None) -> None:
    await page.goto("/")
    if agency:
        await page.get_by_label("Agency of the investigator").fill(agency)
    await page.get_by_role("button", name=f"Sign in as {role}").click()
    await signed_in(page)


async def signed_in(page: Page) -> None:
    """Waits for the app after a sign-in: the role shown and the move from "/" to the role's home done. That
    move runs after the first paint; a navigation made before it would be replaced by it."""
    await page.get_by_test_id("role").wait_for()
    await page.wait_for_function("location.pathname !== '/'")


async def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


AXE = REPO / "web" / "node_modules" / "axe-core" / "axe.min.js"


async def serious_accessibility_violations(page: Page) -> list[str]:
    """axe-core, injected from node_modules, run on the page as it is; serious and critical findings."""
    await page.add_script_tag(path=str(AXE))
    found = await page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.id} (${v.impact}): ` +
                        v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
        }"""
    )
    return list(found)
