"""The workbench's normalised cache, seen in the browser: a decision taken in one view shows in every other
view that holds the same tips before the server is asked again, and a cache never outlives the sign-in
that filled it.

"Before the server is asked again" is shown by holding the view's own query at the network: while it is
held, whatever the page shows can only have come from the cache."""

from __future__ import annotations

import contextlib
import json
import re
from urllib.parse import parse_qs, urlsplit

from playwright.async_api import Error, Page, Route, WebSocketRoute, expect

from tests.web.conftest import Recorded, Workbench, sign_in, signed_in
from tests.web.pages import ChartView, QueueView
from tests.web.test_workbench import (
    EDGE_ON_SCREEN,
    LINKS,
    QUEUE,
    dispositions,
    graphql,
    tip_with_generic_links,
    untouched_cluster,
)

# What the cache must show by itself: long enough for a busy machine, far shorter than a held request.
FROM_CACHE_MS = 8_000


class HeldOperations:
    """Holds the page's GraphQL requests of the named operations until released."""

    def __init__(self, page: Page, *names: str) -> None:
        self.page = page
        self.names = set(names)
        self.held: list[Route] = []

    @staticmethod
    def operation(route: Route) -> str | None:
        request = route.request
        if request.method == "GET":
            names = parse_qs(urlsplit(request.url).query).get("operationName", [])
            return names[0] if names else None
        try:
            body = json.loads(request.post_data or "{}")
        except ValueError:
            return None
        name = body.get("operationName") if isinstance(body, dict) else None
        return name if isinstance(name, str) else None

    async def _handle(self, route: Route) -> None:
        if self.operation(route) in self.names:
            self.held.append(route)
        else:
            await route.fallback()

    async def arrived(self, within_ms: int = 20_000) -> None:
        """Waits until the page has asked for one of the operations (and so is waiting for its answer)."""
        for _ in range(within_ms // 100):
            if self.held:
                return
            await self.page.wait_for_timeout(100)
        raise AssertionError(f"the page never asked the server for {sorted(self.names)}")

    async def __aenter__(self) -> HeldOperations:
        await self.page.route("**/graphql*", self._handle)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.page.unroute("**/graphql*", self._handle)
        for route in self.held:
            # The page may have given a request up (a newer read of the same view replaced it).
            with contextlib.suppress(Error):
                await route.continue_()


class LiveFeed:
    """The page's graphql-ws socket, passed through until cut: after that no server message reaches the
    page. Routed before the page loads (Playwright routes the sockets of documents loaded after)."""

    def __init__(self) -> None:
        self.open = True

    async def route(self, page: Page) -> LiveFeed:
        await page.route_web_socket(re.compile(r"/graphql$"), self._connect)
        return self

    def _connect(self, socket: WebSocketRoute) -> None:
        server = socket.connect_to_server()
        server.on_message(lambda message: socket.send(message) if self.open else None)

    def cut(self) -> None:
        self.open = False


async def decide(page: Page, disposition: str, reason: str) -> None:
    await page.get_by_label("Disposition", exact=True).select_option(disposition)
    await page.get_by_label("Reason code").fill(reason)
    await page.get_by_role("button", name=re.compile(r"^Preview \(")).click()
    await page.get_by_role("button", name="Confirm").click()
    await expect(page.get_by_test_id("decision-result")).to_be_visible()


async def test_a_decision_on_the_tip_page_shows_in_the_queue_on_going_back_before_any_response(
    page: Page, workbench: Workbench
) -> None:
    feed = await LiveFeed().route(page)
    await sign_in(page, "Analyst")
    queue = await QueueView(page).open("?priority=P2")
    shown = await queue.tip_ids()
    undecided = [
        tip for tip, disposition in dispositions(workbench, shown[:10]).items() if disposition == "NEW"
    ]
    assert undecided, "no undecided P2 tip"
    tip_id = undecided[-1]
    await expect(queue.row(tip_id).get_by_test_id("disposition")).to_have_text("NEW")
    await queue.row(tip_id).get_by_role("link", name=tip_id).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Tip {tip_id}")
    await decide(page, "ACTIONABLE", "CREDIBLE")
    assert dispositions(workbench, [tip_id]) == {tip_id: "ACTIONABLE"}
    # Shown while every queue request of the page is unanswered and no live event reaches the page (the
    # feed passes a change from just before a subscription on to it).
    feed.cut()
    async with HeldOperations(page, "TriageQueue"):
        await page.go_back()
        await expect(page).to_have_url(re.compile(r"/queue\?priority=P2$"))
        await expect(queue.row(tip_id).get_by_test_id("disposition")).to_have_text(
            "ACTIONABLE", timeout=FROM_CACHE_MS
        )


async def test_a_cluster_decision_updates_every_member_row_before_the_cluster_is_read_again(
    page: Page, workbench: Workbench
) -> None:
    cluster = untouched_cluster(workbench)
    members = [e["node"]["id"] for e in cluster["tips"]["edges"]]
    await sign_in(page, "Analyst")
    await page.goto(f"/clusters/{cluster['id']}")
    rows = page.get_by_test_id("member-disposition")
    await expect(rows).to_have_count(len(members))
    await expect(rows).to_have_text(["NEW"] * len(members))
    async with HeldOperations(page, "ClusterPage"):
        await decide(page, "ACTIONABLE", "CREDIBLE")
        await expect(rows).to_have_text(["ACTIONABLE"] * len(members), timeout=FROM_CACHE_MS)
    assert set(dispositions(workbench, members).values()) == {"ACTIONABLE"}


def tip_with_a_link_of_its_own(workbench: Workbench) -> str:
    """A tip with linked tips, apart from the tip (and its links) another test judges an edge of."""
    judged_elsewhere, _, _ = tip_with_generic_links(workbench)
    linked = "query($id: ID!) { tip(id: $id) { linkedTips(first: 100) { edges { node { id } } } } }"
    taken = {judged_elsewhere} | {
        e["node"]["id"]
        for e in graphql(workbench, linked, {"id": judged_elsewhere})["tip"]["linkedTips"]["edges"]
    }
    for edge in graphql(workbench, QUEUE, {"first": 100})["triageQueue"]["edges"]:
        tip_id: str = edge["node"]["id"]
        if tip_id in taken:
            continue
        if graphql(workbench, LINKS, {"id": tip_id, "generic": False})["tip"]["linkedTips"]["totalCount"]:
            return tip_id
    raise AssertionError("the generated data has no other linked tip")


EDGE_CLASSES = """([a, b]) => {
  const cy = document.querySelector('[data-testid=chart]')._cyreg.cy;
  const pair = [a, b].sort().join(' ');
  const edge = cy.edges().filter(e => [e.source().id(), e.target().id()].sort().join(' ') === pair)[0];
  return edge ? edge.classes() : null;
}"""


async def test_a_judgement_on_a_chart_edge_stays_on_the_edge_when_the_chart_is_opened_again(
    page: Page, workbench: Workbench
) -> None:
    tip_id = tip_with_a_link_of_its_own(workbench)
    await sign_in(page, "Analyst")
    await page.goto(f"/tips/{tip_id}")
    await page.get_by_role("link", name="Open the link chart").click()
    chart = ChartView(page)
    await chart.wait_drawn()
    edge = await page.evaluate(EDGE_ON_SCREEN)
    await page.mouse.click(edge["x"], edge["y"], button="right")
    panel = page.get_by_test_id("link-panel")
    await panel.get_by_label("Reason").fill("the same account recovery email")
    await panel.get_by_role("button", name="Same offender").click()
    await expect(panel).to_contain_text("judged SAME")
    await page.go_back()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Tip {tip_id}")
    async with HeldOperations(page, "ChartLinkedTips") as held:
        await page.go_forward()
        await page.locator("[data-testid=chart][data-ready]").wait_for(timeout=FROM_CACHE_MS)
        assert "SAME" in (await page.evaluate(EDGE_CLASSES, [edge["a"], edge["b"]]) or [])
        assert held.held == [], "the chart was read from the server again"


async def test_signing_out_leaves_nothing_in_the_cache_for_the_next_viewer(
    page: Page, workbench: Workbench, recorded: Recorded
) -> None:
    """An analyst reads a tip; signing out and in again as an investigator of an agency the tip was never
    referred to, in the same page (no reload), shows nothing of it, even while the server is not asked."""
    queue = [e["node"]["id"] for e in graphql(workbench, QUEUE, {"first": 100})["triageQueue"]["edges"]]
    tip_id = queue[len(queue) // 2]
    await sign_in(page, "Analyst")
    await page.goto(f"/tips/{tip_id}")
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Tip {tip_id}")
    await page.get_by_role("button", name="Sign out").click()
    await page.get_by_label("Agency of the investigator").fill("ICAC-OH")
    await page.get_by_role("button", name="Sign in as Investigator").click()
    await expect(page.get_by_test_id("role")).to_have_text("investigator")
    await signed_in(page)
    seen_before = len(recorded.graphql_bodies)
    async with HeldOperations(page, "TipPage") as held:
        await page.evaluate(
            "to => { history.pushState(null, '', to); dispatchEvent(new PopStateEvent('popstate')); }",
            f"/tips/{tip_id}",
        )
        await held.arrived()
        await page.wait_for_timeout(300)
        assert tip_id not in await page.locator("main").inner_text()
    await expect(page.get_by_role("alert")).to_contain_text("No tip")
    assert all(tip_id not in body for body in recorded.graphql_bodies[seen_before:])
