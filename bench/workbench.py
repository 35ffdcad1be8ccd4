"""The workbench's speed: main bundle size, first meaningful paint of the queue from a cold load (with the
waterfall that leads to it), and the link chart's layout at 300 nodes, side by side.

    python -m bench.workbench [--tips 1000] [--seed 7] [--loads 5] [--baseline OTHER/web/dist]

Needs `make web` (web/dist) and Debian's chromium. Budgets (issue 10): queue paint ≤ 1 s, 300-node chart
laid out ≤ 1 s, main bundle ≤ 300 kB gzipped. With --baseline, a second build (another checkout's
web/dist) is served from the same database and loaded in turn with this one, so the two are compared in one
run. The chart rows draw the same 300-node graph with the app's rendering settings (web/src/chart/render.ts,
mirrored below) and with the settings it had before (labels always drawn, bezier edges, elements added
after the canvas).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import re
import statistics
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from api.app import create_app
from bench.harness import BackgroundServer, bench_settings, dataset, neo4j_target, print_table, token
from bench.linked_tips import fill
from graph.settings import Settings
from graph.store.database import opened
from graph.viewer import Role

REPO = Path(__file__).resolve().parent.parent
DIST = REPO / "web" / "dist"
CYTOSCAPE = REPO / "web" / "node_modules" / "cytoscape" / "dist" / "cytoscape.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
BUNDLE_KB = 300
BUDGET_MS = 1000

CHART = """async ([nodes, settings]) => {
  const elements = [];
  const label = (i) => 'TIP-2026-' + String(i).padStart(6, '0');
  for (let i = 0; i < nodes; i++)
    elements.push({group: 'nodes', data: {id: 't' + i, label: label(i), colour: '#b00020'}, classes: 'tip'});
  const edge = (id, a, b) =>
    elements.push({group: 'edges', data: {id, source: 't' + a, target: 't' + b, weight: (a % 10) / 10}});
  for (let i = 1; i < nodes; i++) edge('e' + i, Math.floor(i / 3), i);
  for (let i = 0; i < nodes / 2; i++) edge('x' + i, i, (i * 7) % nodes);
  const box = document.createElement('div');
  box.style.cssText = 'width: 1000px; height: 640px';
  document.body.appendChild(box);
  const style = [
    {selector: 'node.tip', style: {width: 26, height: 26, 'background-color': 'data(colour)',
      label: 'data(label)', 'font-size': 9, 'text-valign': 'bottom', 'border-width': 2, ...settings.node}},
    {selector: 'edge',
     style: {width: 'mapData(weight, 0, 1, 1, 8)', 'line-color': '#85929e', ...settings.edge}},
  ];
  const started = performance.now();
  let cy;
  if (settings.together) {
    cy = cytoscape({container: box, elements, style, layout: settings.layout, ...settings.renderer});
  } else {
    cy = cytoscape({container: box, style, ...settings.renderer});
    cy.add(elements);
    cy.layout(settings.layout).run();
  }
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const took = performance.now() - started;
  cy.destroy(); box.remove();
  return took;
}"""
CONCENTRIC = {"name": "concentric", "animate": False, "minNodeSpacing": 12}
CHARTS = {
    # As web/src/chart/render.ts draws a chart above 150 nodes.
    "app": {
        "together": True,
        "layout": CONCENTRIC,
        "node": {"min-zoomed-font-size": 8},
        "edge": {"curve-style": "haystack", "haystack-radius": 0},
        "renderer": {"textureOnViewport": True, "hideEdgesOnViewport": True, "motionBlur": False},
    },
    "before": {
        "together": False,
        "layout": CONCENTRIC,
        "node": {},
        "edge": {"curve-style": "bezier"},
        "renderer": {},
    },
}
# The page's own clock: when the first queue row is in the document, and the frame after (painted). The
# harness noticing the row (Playwright polling over CDP) lags behind that on a busy machine.
FIRST_ROW = """(() => {
  const seen = () => document.querySelector('table.queue tbody tr');
  new MutationObserver((_, observer) => {
    if (!seen()) return;
    observer.disconnect();
    window.__firstRow = performance.now();
    requestAnimationFrame(() => { window.__firstRowPainted = performance.now(); });
  }).observe(document, {subtree: true, childList: true});
})()"""
# Where a cold load of the queue spends its time, read from the page's own Resource and Paint Timing.
WATERFALL = """() => {
  const resources = performance.getEntriesByType('resource');
  const script = resources.find(r => r.name.includes('/assets/main-') && r.name.endsWith('.js'));
  // urql sends queries as GET /graphql?query=… when the URL is short enough, mutations as POST.
  const graphql = resources.filter(r => new URL(r.name).pathname === '/graphql')
    .sort((a, b) => a.startTime - b.startTime);
  const queue = graphql.filter(r => r.name.includes('TriageQueue'));
  return {
    painted: window.__firstRowPainted ?? null,
    script: script ? script.responseEnd : null,
    sent: queue.length ? queue[0].startTime : null,
    answered: queue.length ? queue[0].responseEnd : null,
    requests: graphql.length,
  };
}"""


def bundle_kb(dist: Path) -> tuple[float, float]:
    """The scripts and stylesheets index.html loads (its entry and what Vite preloads with it), gzipped; the
    views split out of it and GraphiQL's bundle load only when opened."""
    html = (dist / "index.html").read_text()
    assets = re.findall(r'(?:src|href)="(/assets/[^"]+\.(?:js|css))"', html)
    js = sum(len(gzip.compress((dist / a.lstrip("/")).read_bytes())) for a in assets if a.endswith(".js"))
    css = sum(len(gzip.compress((dist / a.lstrip("/")).read_bytes())) for a in assets if a.endswith(".css"))
    return js / 1024, css / 1024


@dataclass
class Loads:
    """Per cold load (ms since navigation): the first row painted by the page's clock and as the harness
    noticed it, the main script loaded, the first triageQueue request sent and answered, and how many
    GraphQL requests the page made by then."""

    painted: list[float] = field(default_factory=list)
    paint: list[float] = field(default_factory=list)
    script: list[float] = field(default_factory=list)
    sent: list[float] = field(default_factory=list)
    answered: list[float] = field(default_factory=list)
    requests: list[float] = field(default_factory=list)


def cold_load(browser: Browser, url: str, analyst: str, into: Loads) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=True)
    context.add_init_script(f"sessionStorage.setItem('tipgraph.session', {analyst!r})")
    context.add_init_script(FIRST_ROW)
    page = context.new_page()
    page.goto(f"{url}/queue", wait_until="commit")
    page.locator("table.queue tbody tr").first.wait_for(timeout=30_000)
    into.paint.append(page.evaluate("performance.now()"))
    page.wait_for_function("window.__firstRowPainted !== undefined")
    timing = page.evaluate(WATERFALL)
    for name in ("painted", "script", "sent", "answered", "requests"):
        if timing[name] is not None:
            getattr(into, name).append(float(timing[name]))
    context.close()


def measure(
    urls: dict[str, str], analyst: str, loads: int
) -> tuple[dict[str, Loads], dict[str, list[float]]]:
    """Cold loads of each build in turn (so the shared machine's noise falls on both), then the charts."""
    results = {name: Loads() for name in urls}
    charts: dict[str, list[float]] = {name: [] for name in CHARTS}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(loads):
            for name, url in urls.items():
                cold_load(browser, url, analyst, results[name])
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(CYTOSCAPE))
        for _ in range(loads):
            for name, settings in CHARTS.items():
                charts[name].append(page.evaluate(CHART, [300, settings]))
        browser.close()
    return results, charts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tips", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another build's web/dist, measured side by side")
    args = parser.parse_args()

    builds = {"this build": DIST, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    data = dataset(args.tips, args.seed)
    with (
        tempfile.TemporaryDirectory() as folder,
        neo4j_target(bench_settings(), Path(folder) / "db") as target,
    ):
        base = bench_settings(target.uri, target.password)
        settings = Settings(**{**base.model_dump(), "dev_mode": True})

        async def load() -> None:
            async with opened(settings, target.uri, target.password) as db:
                await db.apply_schema()
                await fill(db, settings, data)

        asyncio.run(load())
        with ExitStack() as servers:
            urls = {
                name: servers.enter_context(
                    BackgroundServer(create_app(Settings(**{**settings.model_dump(), "web_dir": dist})))
                ).url
                for name, dist in builds.items()
            }
            started = time.perf_counter()
            loads, charts = measure(urls, token(settings, Role.ANALYST), args.loads)
            print(f"{args.loads} cold loads of {len(urls)} build(s) in {time.perf_counter() - started:.1f} s")

    def median(values: list[float]) -> str:
        return f"{statistics.median(values):.0f} ms" if values else "—"

    def row(label: str, values: list[float], budget: float) -> list[str]:
        middle = statistics.median(values)
        return [label, f"{middle:.0f} ms", f"{max(values):.0f} ms", f"{middle / budget:.2f}"]

    for name, dist in builds.items():
        js, css = bundle_kb(dist)
        measured = loads[name]
        print_table(
            f"workbench, {name} ({dist}; {args.tips:,} tips, seed {args.seed}, "
            f"median of {args.loads} cold loads)",
            ["measure", "median", "worst", "÷ budget"],
            [
                row("queue first paint (navigation → first row painted)", measured.painted, BUDGET_MS),
                row("  as the harness noticed it (CDP polling)", measured.paint, BUDGET_MS),
                ["  main script loaded", median(measured.script), "", ""],
                ["  triageQueue request sent", median(measured.sent), "", ""],
                ["  triageQueue answered", median(measured.answered), "", ""],
                [
                    "  GraphQL requests by first paint",
                    f"{statistics.median(measured.requests):.0f}" if measured.requests else "—",
                    "",
                    "",
                ],
                [
                    "main bundle gzipped (js + css)",
                    f"{js:.0f} + {css:.0f} kB",
                    "",
                    f"{(js + css) / BUNDLE_KB:.2f}",
                ],
            ],
        )
    app, before = statistics.median(charts["app"]), statistics.median(charts["before"])
    print_table(
        f"300-node link chart, concentric layout + first paint (median of {args.loads})",
        ["settings", "median", "worst", "÷ budget"],
        [
            row("the app's (web/src/chart/render.ts)", charts["app"], BUDGET_MS),
            row("before (labels always, bezier, add then layout)", charts["before"], BUDGET_MS),
            ["app ÷ before", f"{app / before:.2f}", "", ""],
        ],
    )


if __name__ == "__main__":
    main()
