"""The workbench's speed: main bundle size, first meaningful paint of the queue from a cold load, and the
link chart's layout at 300 nodes (cose, used up to 150 nodes, beside concentric, used above), side by side.

    python -m bench.workbench [--tips 1000] [--seed 7] [--loads 5]

Needs `make web` (web/dist) and Debian's chromium. Budgets (issue 10): queue paint ≤ 1 s, 300-node chart
laid out ≤ 1 s, main bundle ≤ 300 kB gzipped.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import re
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

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

CHART = """async ([nodes, layout]) => {
  const elements = [];
  for (let i = 0; i < nodes; i++) elements.push({data: {id: 't' + i}});
  const edge = (id, a, b) => elements.push({data: {id, source: 't' + a, target: 't' + b}});
  for (let i = 1; i < nodes; i++) edge('e' + i, Math.floor(i / 3), i);
  for (let i = 0; i < nodes / 2; i++) edge('x' + i, i, (i * 7) % nodes);
  const box = document.createElement('div');
  box.style.cssText = 'width: 1000px; height: 640px';
  document.body.appendChild(box);
  const started = performance.now();
  const cy = cytoscape({container: box, elements, style: [{selector: 'node', style: {label: 'data(id)'}}]});
  cy.layout(layout).run();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const took = performance.now() - started;
  cy.destroy(); box.remove();
  return took;
}"""
LAYOUTS = {
    "cose": {"name": "cose", "animate": False, "randomize": True, "numIter": 400},
    "concentric": {"name": "concentric", "animate": False, "minNodeSpacing": 12},
}


def bundle_kb() -> tuple[float, float]:
    """The main entry's script and stylesheet, gzipped (GraphiQL's bundle is a separate page)."""
    html = (DIST / "index.html").read_text()
    assets = re.findall(r'(?:src|href)="(/assets/[^"]+\.(?:js|css))"', html)
    js = sum(len(gzip.compress((DIST / a.lstrip("/")).read_bytes())) for a in assets if a.endswith(".js"))
    css = sum(len(gzip.compress((DIST / a.lstrip("/")).read_bytes())) for a in assets if a.endswith(".css"))
    return js / 1024, css / 1024


def measure(url: str, analyst: str, loads: int) -> tuple[list[float], dict[str, list[float]]]:
    paints: list[float] = []
    charts: dict[str, list[float]] = {name: [] for name in LAYOUTS}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=True)
            context.add_init_script(f"sessionStorage.setItem('tipgraph.session', {analyst!r})")
            page = context.new_page()
            page.goto(f"{url}/queue", wait_until="commit")
            page.locator("table.queue tbody tr").first.wait_for(timeout=30_000)
            paints.append(page.evaluate("performance.now()"))
            page.add_script_tag(path=str(CYTOSCAPE))
            for name, layout in LAYOUTS.items():
                charts[name].append(page.evaluate(CHART, [300, layout]))
            context.close()
        browser.close()
    return paints, charts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tips", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args()

    js, css = bundle_kb()
    data = dataset(args.tips, args.seed)
    with (
        tempfile.TemporaryDirectory() as folder,
        neo4j_target(bench_settings(), Path(folder) / "db") as target,
    ):
        base = bench_settings(target.uri, target.password)
        settings = Settings(**{**base.model_dump(), "dev_mode": True, "web_dir": DIST})

        async def load() -> None:
            async with opened(settings, target.uri, target.password) as db:
                await db.apply_schema()
                await fill(db, settings, data)

        asyncio.run(load())
        with BackgroundServer(create_app(settings)) as server:
            started = time.perf_counter()
            paints, charts = measure(server.url, token(settings, Role.ANALYST), args.loads)
            print(f"{args.loads} cold loads in {time.perf_counter() - started:.1f} s")

    def row(label: str, values: list[float], budget: float) -> list[str]:
        median = statistics.median(values)
        return [label, f"{median:.0f} ms", f"{max(values):.0f} ms", f"{median / budget:.2f}"]

    print_table(
        f"workbench ({args.tips:,} tips, seed {args.seed}, median of {args.loads} cold loads)",
        ["measure", "median", "worst", "÷ budget"],
        [
            row("queue first paint (navigation → first row)", paints, BUDGET_MS),
            *(row(f"300-node chart, {name} layout + paint", charts[name], BUDGET_MS) for name in LAYOUTS),
            [
                "main bundle gzipped (js + css)",
                f"{js:.0f} + {css:.0f} kB",
                "",
                f"{(js + css) / BUNDLE_KB:.2f}",
            ],
        ],
    )


if __name__ == "__main__":
    main()
