"""Page objects: what a person does on each view of the workbench, in their words."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.async_api import Locator, Page


@dataclass
class QueueView:
    page: Page

    async def open(self, query: str = "") -> QueueView:
        await self.page.goto(f"/queue{query}")
        await self.rows.first.wait_for()
        return self

    @property
    def rows(self) -> Locator:
        return self.page.locator("table.queue tbody tr")

    async def tip_ids(self) -> list[str]:
        return [tip for tip in await self.rows.evaluate_all("rows => rows.map(r => r.dataset.tip)") if tip]

    async def current_tip(self) -> str | None:
        return await self.page.locator("table.queue tbody tr[aria-current]").get_attribute("data-tip")

    def row(self, tip_id: str) -> Locator:
        return self.page.locator(f'table.queue tbody tr[data-tip="{tip_id}"]')

    async def preview_rows(self) -> dict[str, str]:
        cells = self.page.get_by_test_id("decision-preview").locator("tbody tr")
        await cells.first.wait_for()
        return {await r.get_attribute("data-tip") or "": await r.inner_text() for r in await cells.all()}


@dataclass
class ChartView:
    page: Page

    async def open(self, tip_id: str, query: str = "") -> ChartView:
        await self.page.goto(f"/chart/tip/{tip_id}{query}")
        await self.wait_drawn()
        return self

    async def wait_drawn(self) -> None:
        await self.page.locator("[data-testid=chart][data-ready]").wait_for()

    async def tip_nodes(self) -> int:
        return int(await self.page.get_by_test_id("chart").get_attribute("data-tip-nodes") or "0")

    async def listed_tips(self) -> list[str]:
        return await self.page.get_by_test_id("chart-tips").locator("li > a").all_inner_texts()
