"""The workbench in a real browser, as the people who use it would: sign in, triage from the queue with
the keyboard, decide in bulk after a preview, explore a link chart, watch the queue change live. Every
request stays on the API's origin (checked by the `page` fixture after each test)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.async_api import Dialog, Page, expect

from graph.viewer import Role
from tests.conftest import token_for
from tests.web.conftest import Recorded, Workbench, screenshot, serious_accessibility_violations, sign_in
from tests.web.pages import ChartView, QueueView


def graphql(workbench: Workbench, query: str, variables: dict[str, Any] | None = None, **who: Any) -> Any:
    token = token_for(workbench.settings, who.get("role", Role.ANALYST), who.get("agency"))
    response = workbench.api.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


QUEUE = "query($first: Int!) { triageQueue(first: $first) { edges { node { id disposition version } } } }"


def dispositions(workbench: Workbench, tip_ids: list[str]) -> dict[str, str]:
    query = "query($id: ID!) { tip(id: $id) { id disposition } }"
    return {tip_id: graphql(workbench, query, {"id": tip_id})["tip"]["disposition"] for tip_id in tip_ids}


async def test_sign_in_shows_who_and_only_the_controls_of_the_role(page: Page) -> None:
    await page.goto("/")
    await page.get_by_role("heading", name="Development sign-in").wait_for()
    await screenshot(page, "sign-in")
    assert await serious_accessibility_violations(page) == []
    await sign_in(page, "Investigator", agency="ICAC-OH")
    await expect(page.get_by_test_id("role")).to_have_text("investigator")
    await expect(page.get_by_test_id("agency")).to_contain_text("ICAC-OH")
    await expect(page.get_by_role("link", name="My referrals")).to_be_visible()
    await expect(page.get_by_role("link", name="Queue")).to_have_count(0)
    await page.goto("/queue")
    await expect(page.get_by_role("alert")).to_contain_text("cannot open")
    await expect(page.get_by_role("button", name=re.compile("Preview"))).to_have_count(0)


async def test_keyboard_triage_and_the_back_button(page: Page) -> None:
    await sign_in(page, "Analyst")
    queue = await QueueView(page).open("?priority=URGENT")
    ids = await queue.tip_ids()
    assert len(ids) >= 3
    await page.keyboard.press("j")
    await page.keyboard.press("j")
    assert (await queue.current_tip()) == ids[2]
    await page.keyboard.press("x")
    await expect(page.get_by_test_id("selected-count")).to_have_text("1")
    await page.keyboard.press("x")
    await expect(page.get_by_test_id("selected-count")).to_have_text("0")
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Tip {ids[2]}")
    assert page.url.endswith(f"/tips/{ids[2]}")
    await screenshot(page, "tip")
    await page.go_back()
    await expect(page).to_have_url(re.compile(r"/queue\?priority=URGENT$"))
    await expect(page.locator("select").first).to_have_value("URGENT")
    assert (await queue.tip_ids())[:3] == ids[:3]


async def test_bulk_decision_preview_lists_each_tip_and_confirming_changes_exactly_those(
    page: Page, workbench: Workbench
) -> None:
    await sign_in(page, "Analyst")
    queue = await QueueView(page).open("?priority=P3")
    chosen = (await queue.tip_ids())[:3]
    assert len(chosen) == 3
    before = {
        e["node"]["id"]: e["node"]["disposition"]
        for e in graphql(workbench, QUEUE, {"first": 100})["triageQueue"]["edges"]
    }
    for tip_id in chosen:
        await queue.row(tip_id).get_by_role("checkbox").check()
    await page.get_by_label("Disposition", exact=True).select_option("NON_ACTIONABLE")
    await page.get_by_label("Reason code").fill("SPAM")
    await page.get_by_role("button", name="Preview (3 tips)").click()
    preview = await queue.preview_rows()
    assert set(preview) == set(chosen)
    assert all("NEW → NON_ACTIONABLE" in outcome for outcome in preview.values())
    await screenshot(page, "queue-bulk-preview")
    assert set(dispositions(workbench, chosen).values()) == {"NEW"}, "the preview changed something"
    await page.get_by_role("button", name="Confirm").click()
    await expect(page.get_by_test_id("decision-result")).to_be_visible()
    assert set(dispositions(workbench, chosen).values()) == {"NON_ACTIONABLE"}
    others = [tip_id for tip_id in before if tip_id not in chosen][:40]
    assert dispositions(workbench, others) == {tip_id: before[tip_id] for tip_id in others}


LINKS = """query($id: ID!, $generic: Boolean!) { tip(id: $id) {
  linkedTips(first: 100, includeGeneric: $generic) { totalCount skippedGenericIdentifiers } } }"""


def tip_with_generic_links(workbench: Workbench) -> tuple[str, int, int]:
    """A tip whose chart grows only when generic identifiers are deliberately included."""
    for edge in graphql(workbench, QUEUE, {"first": 100})["triageQueue"]["edges"]:
        tip_id = edge["node"]["id"]
        plain = graphql(workbench, LINKS, {"id": tip_id, "generic": False})["tip"]["linkedTips"]
        if plain["skippedGenericIdentifiers"] == 0 or plain["totalCount"] == 0:
            continue
        wide = graphql(workbench, LINKS, {"id": tip_id, "generic": True})["tip"]["linkedTips"]
        if plain["totalCount"] < wide["totalCount"] <= 100:
            return tip_id, plain["totalCount"], wide["totalCount"]
    pytest.fail("the generated data has no tip whose generic identifiers add links")


async def test_link_chart_draws_linked_tips_and_holds_generic_ones_back(
    page: Page, workbench: Workbench
) -> None:
    tip_id, linked, with_generic = tip_with_generic_links(workbench)
    await sign_in(page, "Analyst")
    chart = await ChartView(page).open(tip_id)
    assert (await chart.tip_nodes()) == linked + 1
    assert len(await chart.listed_tips()) == linked + 1
    await expect(page.get_by_test_id("skipped-badge")).to_contain_text("skipped")
    await screenshot(page, "chart")

    async def dismiss(dialog: Dialog) -> None:
        await dialog.dismiss()

    page.once("dialog", dismiss)
    await page.get_by_test_id("include-generic").click()
    await page.wait_for_timeout(300)
    assert (await chart.tip_nodes()) == linked + 1, (
        "generic identifiers were expanded without the deliberate OK"
    )

    async def accept(dialog: Dialog) -> None:
        await dialog.accept()

    page.once("dialog", accept)
    await page.get_by_test_id("include-generic").click()
    await expect(page).to_have_url(re.compile("generic=1"))
    await expect(page.get_by_test_id("chart-summary")).to_contain_text(f"linkedTips: {with_generic}")
    assert (await chart.tip_nodes()) == with_generic + 1
    await page.go_back()
    await expect(page.get_by_test_id("chart-summary")).to_contain_text(f"linkedTips: {linked}")


async def test_a_new_urgent_tip_appears_in_an_open_queue_within_two_seconds(
    page: Page, workbench: Workbench, example_tip: dict[str, Any]
) -> None:
    await sign_in(page, "Analyst")
    await QueueView(page).open()
    await expect(page.get_by_test_id("live-status")).to_have_text("Live")
    await page.wait_for_timeout(1000)  # the subscription is acknowledged and its poller has started
    tip = {**example_tip, "reportId": "LIVE-URGENT-1"}
    submit = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"
    assert graphql(workbench, submit, {"tips": [tip]})["submitTips"]["created"] == 1
    submitted = time.monotonic()
    row = page.locator('table.queue tbody tr[data-tip="LIVE-URGENT-1"]')
    await expect(row).to_be_visible(timeout=2000)
    assert time.monotonic() - submitted <= 2.0
    await expect(row.locator(".badge")).to_have_text("URGENT")
    await screenshot(page, "queue-live")


ACTIONABLE = """mutation($ids: [ID!]!) {
  setDisposition(tipIds: $ids, disposition: ACTIONABLE, reasonCode: "COMPLETE") { problems { code } } }"""
REFER = """mutation($ids: [ID!]!, $agency: ID!) {
  referTips(tipIds: $ids, agencyId: $agency, overrideReason: "test referral") {
    changes { tipId } problems { code } } }"""


async def test_an_investigator_session_never_receives_a_tip_referred_elsewhere(
    page: Page, workbench: Workbench, recorded: Recorded
) -> None:
    queue = [e["node"]["id"] for e in graphql(workbench, QUEUE, {"first": 100})["triageQueue"]["edges"]]
    ours, theirs = queue[-1], queue[-2]
    actionable = graphql(workbench, ACTIONABLE, {"ids": [ours, theirs]})["setDisposition"]
    assert actionable["problems"] == []
    assert graphql(workbench, REFER, {"ids": [ours], "agency": "ICAC-OH"})["referTips"]["changes"]
    assert graphql(workbench, REFER, {"ids": [theirs], "agency": "ICAC-TX-NORTH"})["referTips"]["changes"]
    await sign_in(page, "Investigator", agency="ICAC-OH")
    await expect(page.locator(f'tr[data-tip="{ours}"]')).to_be_visible()
    await screenshot(page, "referrals")
    await page.goto(f"/tips/{ours}")
    await expect(page.get_by_role("heading", name=f"Tip {ours}")).to_be_visible()
    await expect(page.get_by_role("button", name="Record outcome")).to_be_visible()
    await expect(page.get_by_role("button", name=re.compile("Preview"))).to_have_count(0)
    await ChartView(page).open(ours)
    await page.goto(f"/tips/{theirs}")
    await expect(page.get_by_role("alert")).to_contain_text("No tip")
    assert recorded.graphql_bodies, "no GraphQL response was seen"
    assert all(theirs not in body for body in recorded.graphql_bodies + recorded.websocket_frames)
    assert any(ours in body for body in recorded.graphql_bodies)


VIEWS = [
    ("Analyst", None, "/queue", "queue"),
    ("Analyst", None, "/lookup?kind=EMAIL&value=nightowl77%40gmail.com", "lookup"),
    ("Analyst", None, "/chart/identifier/EMAIL/nightowl77%40gmail.com", "chart-identifier"),
    ("Supervisor", None, "/queue?priority=P1", "queue-supervisor"),
    ("Auditor", None, "/audit", "audit"),
    ("Investigator", "ICAC-OH", "/referrals", "investigator"),
]


@pytest.mark.parametrize(("role", "agency", "path", "name"), VIEWS, ids=[v[3] for v in VIEWS])
async def test_views_have_no_serious_accessibility_violations(
    page: Page, role: str, agency: str | None, path: str, name: str
) -> None:
    await sign_in(page, role, agency)
    await page.goto(path)
    await page.locator("main h1").first.wait_for()
    await page.wait_for_load_state("networkidle")
    await screenshot(page, name)
    assert await serious_accessibility_violations(page) == []


async def test_tip_chart_and_cluster_pages_have_no_serious_accessibility_violations(
    page: Page, workbench: Workbench
) -> None:
    query = "query { triageQueue(first: 50) { edges { node { id cluster { id } } } } }"
    edges = graphql(workbench, query)["triageQueue"]["edges"]
    clustered = next(e["node"] for e in edges if e["node"]["cluster"])
    await sign_in(page, "Analyst")
    for path, name in [
        (f"/tips/{clustered['id']}", "tip-page"),
        (f"/chart/tip/{clustered['id']}", "chart-page"),
        (f"/clusters/{clustered['cluster']['id']}", "cluster"),
    ]:
        await page.goto(path)
        await page.locator("main h1").first.wait_for()
        await page.wait_for_load_state("networkidle")
        await screenshot(page, name)
        assert await serious_accessibility_violations(page) == [], path


async def test_graphiql_is_served_from_the_apps_own_assets(page: Page) -> None:
    await page.goto("/graphql", wait_until="networkidle")
    await expect(page.locator(".graphiql-container")).to_be_visible()
    await screenshot(page, "graphiql")


FILTERED = """query($filter: TriageFilterInput) {
  triageQueue(filter: $filter, first: 100) { edges { node { id platform cluster { kind } } } } }"""


async def test_queue_filters_run_on_the_server_and_live_in_the_url(page: Page, workbench: Workbench) -> None:
    edges = graphql(workbench, FILTERED)["triageQueue"]["edges"]
    clustered = next(e["node"] for e in edges if e["node"]["cluster"] and e["node"]["platform"])
    kind, platform = clustered["cluster"]["kind"], clustered["platform"]
    wanted = [
        e["node"]["id"]
        for e in graphql(workbench, FILTERED, {"filter": {"clusterKinds": [kind], "platforms": [platform]}})[
            "triageQueue"
        ]["edges"]
    ]
    assert clustered["id"] in wanted
    await sign_in(page, "Analyst")
    queue = await QueueView(page).open(f"?cluster={kind}&platform={quote(platform.upper())}")
    await expect(queue.rows).to_have_count(len(wanted))  # the first screenful, then the rest of the page
    assert await queue.tip_ids() == wanted
    await page.get_by_label("Deadline within").select_option("7")
    await expect(page).to_have_url(re.compile(r"within=7"))
    soon = graphql(
        workbench,
        FILTERED,
        {"filter": {"clusterKinds": [kind], "platforms": [platform], "deadlineWithinDays": 7}},
    )["triageQueue"]["edges"]
    await expect(queue.rows).to_have_count(len(soon))
    assert await queue.tip_ids() == [e["node"]["id"] for e in soon]
    await page.reload()  # the URL holds the filters (changing one replaces the history entry)
    await expect(page.get_by_label("Deadline within")).to_have_value("7")
    await expect(queue.rows).to_have_count(len(soon))


JUDGEMENTS = "query($id: ID!) { tip(id: $id) { judgements { tipA tipB verdict reason } } }"
EDGE_ON_SCREEN = """() => {
  const chart = document.querySelector('[data-testid=chart]');
  const cy = chart._cyreg.cy;
  const edge = cy.edges().filter(e => e.source().hasClass('tip') && e.target().hasClass('tip'))[0];
  const at = edge.renderedMidpoint();
  const box = chart.getBoundingClientRect();
  return {x: box.x + at.x, y: box.y + at.y, a: edge.source().id(), b: edge.target().id()};
}"""


async def test_judging_an_edge_from_the_charts_context_menu(page: Page, workbench: Workbench) -> None:
    tip_id, _, _ = tip_with_generic_links(workbench)
    await sign_in(page, "Analyst")
    await ChartView(page).open(tip_id)
    edge = await page.evaluate(EDGE_ON_SCREEN)
    await page.mouse.click(edge["x"], edge["y"], button="right")
    panel = page.get_by_test_id("link-panel")
    await expect(panel).to_be_visible()
    await expect(panel.get_by_role("heading")).to_contain_text(edge["a"])
    await expect(panel.get_by_role("button", name="Same offender")).to_be_disabled()
    await panel.get_by_label("Reason").fill("same writing style and upload times")
    await panel.get_by_role("button", name="Different offenders").click()
    await expect(panel).to_contain_text("judged DIFFERENT")
    await screenshot(page, "chart-judged")
    judged = graphql(workbench, JUDGEMENTS, {"id": edge["a"]})["tip"]["judgements"]
    pair = {edge["a"], edge["b"]}
    on_edge = [(j["verdict"], j["reason"]) for j in judged if {j["tipA"], j["tipB"]} == pair]
    assert on_edge == [("DIFFERENT", "same writing style and upload times")]


WHY = """query($cluster: ID!, $tip: ID!) {
  cluster(id: $cluster) { whyMember(tipId: $tip) { fromTip toTip } } }"""
PATH_EDGES = """() => document.querySelector('[data-testid=chart]')._cyreg.cy.edges('.path')
  .map(e => [e.source().id(), e.target().id()].sort().join(' '))"""


async def test_why_member_highlights_the_chain_of_links_in_the_chart(
    page: Page, workbench: Workbench
) -> None:
    query = "query { triageQueue(first: 100) { edges { node { id cluster { id size } } } } }"
    edges = graphql(workbench, query)["triageQueue"]["edges"]
    chain: list[dict[str, str]] = []
    for node in (e["node"] for e in edges if e["node"]["cluster"] and e["node"]["cluster"]["size"] > 2):
        chain = (
            graphql(workbench, WHY, {"cluster": node["cluster"]["id"], "tip": node["id"]})["cluster"][
                "whyMember"
            ]
            or []
        )
        if chain:
            break
    assert chain, "the generated data has no tip joined through a chain of links"
    await sign_in(page, "Analyst")
    await page.goto(f"/clusters/{node['cluster']['id']}")
    await page.get_by_role("link", name=f"chain of links to {node['id']}").click()
    await expect(page).to_have_url(re.compile(rf"/chart/tip/{node['id']}\?why="))
    await ChartView(page).wait_drawn()
    await expect(page.get_by_test_id("why-chain").locator("li")).to_have_count(len(chain))
    drawn = sorted(await page.evaluate(PATH_EDGES))
    assert drawn == sorted(" ".join(sorted([s["fromTip"], s["toTip"]])) for s in chain)
    await screenshot(page, "chart-why-member")
    assert await serious_accessibility_violations(page) == []


CLUSTER_BRIDGES = """query($id: ID!) { cluster(id: $id) {
  id size tips(first: 100) { edges { node { id disposition } } }
  bridges { link { identifiers { kind key } } parts tips }
  strongLinks(first: 300) { links { link { identifiers { kind key } } tips } truncated } } }"""
CLUSTERS_BY_SIZE = "query { clusters(first: 100) { edges { node { id size } } } }"
# Per link drawn (edges carry their link's identifiers), the tips it touches and whether it is a bridge.
DRAWN_LINKS = """() => {
  const drawn = {};
  for (const e of document.querySelector('[data-testid=cluster-chart]')._cyreg.cy.edges()) {
    const link = drawn[e.data('link')] ??= {tips: [], bridge: e.hasClass('bridge')};
    for (const end of [e.source(), e.target()]) if (end.hasClass('tip')) link.tips.push(end.id());
  }
  return Object.fromEntries(
    Object.entries(drawn).map(([k, v]) => [k, [[...new Set(v.tips)].sort(), v.bridge]]));
}"""


def clusters(workbench: Workbench) -> list[dict[str, Any]]:
    ids = [e["node"]["id"] for e in graphql(workbench, CLUSTERS_BY_SIZE)["clusters"]["edges"]]
    return [graphql(workbench, CLUSTER_BRIDGES, {"id": cluster_id})["cluster"] for cluster_id in ids]


def link_key(link: dict[str, Any]) -> str:
    return " ".join(f"{i['kind']}:{i['key']}" for i in link["identifiers"])


async def test_the_cluster_chart_draws_its_strong_links_and_its_bridges_apart(
    page: Page, workbench: Workbench
) -> None:
    drawable = (c for c in clusters(workbench) if c["size"] <= 100 and not c["strongLinks"]["truncated"])
    bridged = next((c for c in drawable if c["bridges"]), None)
    assert bridged, "the generated data has no cluster with a bridge"
    await sign_in(page, "Analyst")
    await page.goto(f"/clusters/{bridged['id']}")
    chart = page.locator("[data-testid=cluster-chart][data-ready]")
    await chart.wait_for()
    assert await chart.get_attribute("data-tip-nodes") == str(bridged["size"])
    bridges = {link_key(b["link"]) for b in bridged["bridges"]}
    # Pairs sharing the same identifiers are drawn under one link (one piece of evidence): their tips add up.
    joined: dict[str, set[str]] = defaultdict(set)
    for j in bridged["strongLinks"]["links"]:
        joined[link_key(j["link"])].update(j["tips"])
    wanted = {key: [sorted(tips), key in bridges] for key, tips in joined.items()}
    assert await page.evaluate(DRAWN_LINKS) == wanted
    assert sum(1 for _, bridge in wanted.values() if bridge) == len(bridges)
    listed = await page.get_by_test_id("bridge-tips").all_inner_texts()
    assert listed == [", ".join(b["tips"]) for b in bridged["bridges"]]
    await screenshot(page, "cluster-chart")


def untouched_cluster(workbench: Workbench) -> dict[str, Any]:
    """The smallest cluster whose members are all still NEW (no other test decided on them)."""
    for cluster in sorted(clusters(workbench), key=lambda c: c["size"]):
        members = [e["node"] for e in cluster["tips"]["edges"]]
        if len(members) == cluster["size"] >= 2 and {m["disposition"] for m in members} == {"NEW"}:
            return cluster
    pytest.fail("the generated data has no undecided cluster")


async def test_a_cluster_decision_previews_each_tip_then_changes_exactly_those(
    page: Page, workbench: Workbench
) -> None:
    cluster = untouched_cluster(workbench)
    members = [e["node"]["id"] for e in cluster["tips"]["edges"]]
    bystanders = [e["node"]["id"] for e in graphql(workbench, QUEUE, {"first": 100})["triageQueue"]["edges"]]
    bystanders = [tip_id for tip_id in bystanders if tip_id not in members][:30]
    before = dispositions(workbench, bystanders)
    await sign_in(page, "Analyst")
    await page.goto(f"/clusters/{cluster['id']}")
    await page.get_by_label("Disposition", exact=True).select_option("NON_ACTIONABLE")
    await page.get_by_label("Reason code").fill("DUPLICATE")
    await page.get_by_role("button", name=f"Preview ({cluster['size']} tips)").click()
    preview = await QueueView(page).preview_rows()
    assert set(preview) == set(members)
    assert all("NEW → NON_ACTIONABLE" in outcome for outcome in preview.values())
    await screenshot(page, "cluster-decision-preview")
    assert set(dispositions(workbench, members).values()) == {"NEW"}, "the preview changed something"
    await page.get_by_role("button", name="Confirm").click()
    result = page.get_by_test_id("decision-result")
    await expect(result).to_be_visible()
    assert set(await result.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.tip)")) == set(
        members
    )
    assert set(dispositions(workbench, members).values()) == {"NON_ACTIONABLE"}
    assert dispositions(workbench, bystanders) == before


EXPORT_TIPS = "query($id: ID!) { clusterExport(id: $id, format: JSON) }"


async def test_the_cluster_exports_download_as_csv_and_json_files(page: Page, workbench: Workbench) -> None:
    cluster = next(c for c in clusters(workbench) if c["size"] >= 2)
    members = {e["node"]["id"] for e in cluster["tips"]["edges"]}
    await sign_in(page, "Analyst")
    await page.goto(f"/clusters/{cluster['id']}")
    async with page.expect_download() as csv_download:
        await page.get_by_role("button", name="CSV").click()
    downloaded = await csv_download.value
    assert downloaded.suggested_filename == f"cluster-{cluster['id']}.csv"
    rows = list(csv.DictReader(io.StringIO(await asyncio.to_thread(Path(await downloaded.path()).read_text))))
    assert {row["cluster_id"] for row in rows} == {cluster["id"]}
    assert {row["tip_id"] for row in rows if row["record"] == "tip"} == members
    async with page.expect_download() as json_download:
        await page.get_by_role("button", name="JSON").click()
    downloaded = await json_download.value
    assert downloaded.suggested_filename == f"cluster-{cluster['id']}.json"
    document = json.loads(await asyncio.to_thread(Path(await downloaded.path()).read_text))
    assert document["cluster"]["id"] == cluster["id"]
    assert {tip["id"] for tip in document["tips"]} == members


BUNDLE = """mutation($id: ID!) {
  bundleCluster(clusterId: $id, incidentLabel: "Operation Heron", dryRun: false) { incident { id } } }"""


async def test_the_incident_page_and_the_cluster_timeline_have_no_serious_accessibility_violations(
    page: Page, workbench: Workbench
) -> None:
    cluster = untouched_cluster(workbench)
    incident = graphql(workbench, BUNDLE, {"id": cluster["id"]})["bundleCluster"]["incident"]
    await sign_in(page, "Analyst")
    await page.goto(f"/incidents/{incident['id']}")
    await expect(page.locator("main h1")).to_contain_text("Operation Heron")
    await page.wait_for_load_state("networkidle")
    await screenshot(page, "incident")
    assert await serious_accessibility_violations(page) == []
    await page.goto(f"/clusters/{cluster['id']}")
    timeline = page.locator("figure.timeline")
    await timeline.wait_for()
    await page.wait_for_load_state("networkidle")
    await timeline.scroll_into_view_if_needed()
    await screenshot(page, "cluster-timeline")
    assert await serious_accessibility_violations(page) == []


FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  const label = el.labels && el.labels[0] ? el.labels[0].textContent : '';
  return (el.getAttribute('aria-label') || label || el.textContent || '').trim();
}"""


async def tab_to(page: Page, name: str, limit: int = 400) -> None:
    """Tab forward, as a keyboard user does, until the focused control's name starts with `name`."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if (await page.evaluate(FOCUSED)).startswith(name):
            return
    pytest.fail(f"Tab never reached {name!r}")


async def test_the_triage_flow_works_with_the_keyboard_alone(page: Page, workbench: Workbench) -> None:
    await page.goto("/")
    await tab_to(page, "Sign in as Analyst")
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("role")).to_have_text("analyst")
    queue = await QueueView(page).open("?priority=P2")
    ids = await queue.tip_ids()
    assert len(ids) >= 3
    for key in ("j", "x", "j", "x"):
        await page.keyboard.press(key)
    await expect(page.get_by_test_id("selected-count")).to_have_text("2")
    chosen = ids[1:3]
    before = dispositions(workbench, chosen)
    await tab_to(page, "Disposition")
    await page.keyboard.press("ArrowDown")
    await expect(page.get_by_label("Disposition", exact=True)).to_have_value("NON_ACTIONABLE")
    await tab_to(page, "Reason code")
    await page.keyboard.press("Control+A")
    await page.keyboard.type("SPAM")
    await tab_to(page, "Preview (2 tips)")
    await page.keyboard.press("Enter")
    preview = await queue.preview_rows()
    assert set(preview) == set(chosen)
    assert all(f"{before[tip]} → NON_ACTIONABLE" in preview[tip] for tip in chosen)
    await tab_to(page, "Confirm")
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("decision-result")).to_be_visible()
    assert dispositions(workbench, chosen) == dict.fromkeys(chosen, "NON_ACTIONABLE")
    await screenshot(page, "queue-keyboard-decision")
