"""The strong links inside one cluster as a bipartite graph of tips and links, for explaining it.

A link node is either one identifier strong enough alone (joined to every tip carrying it) or a pair of tips
whose weaker shared identifiers add up to the threshold (joined to those two tips). On that graph:
- `why_member` is the chain tip -> link -> tip ... from the cluster's first member to a tip (BFS);
- `bridges` are the link nodes whose removal splits the cluster: articulation points, by an iterative
  Tarjan, so a cluster of any size never meets Python's recursion limit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from graph.clustering.edges import link_graph
from graph.clustering.occurrences import Occurrence
from graph.clustering.thresholds import STRONG_LINK
from graph.kinds import IdentifierKind


@dataclass(frozen=True, slots=True)
class Link:
    """A strong link: one identifier, or the identifiers two tips share that add up."""

    uids: tuple[str, ...]
    kinds: tuple[IdentifierKind, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class Step:
    from_tip: str
    link: Link
    to_tip: str


@dataclass(frozen=True, slots=True)
class Bridge:
    """A link whose removal splits its cluster into `parts` (tip counts, largest first)."""

    link: Link
    parts: tuple[int, ...]


class ClusterLinks:
    """Nodes 0..len(tips)-1 are tips (sorted), the rest are links."""

    def __init__(self, occurrences: Iterable[Occurrence], threshold: float = STRONG_LINK) -> None:
        rows = list(occurrences)
        graph = link_graph(rows, threshold)
        self.tips: list[str] = sorted({o.tip_id for o in rows})
        self._index = {tip: i for i, tip in enumerate(self.tips)}
        self.links: list[Link] = []
        self._adjacent: list[list[int]] = [[] for _ in self.tips]
        for found in graph.identifiers:
            self._add_link(Link((found.uid,), (found.kind,), found.weight), found.tips)
        for edge in graph.pairs:
            self._add_link(Link(edge.uids, edge.kinds, edge.weight), (edge.tip_a, edge.tip_b))

    def _add_link(self, link: Link, tips: Iterable[str]) -> None:
        node = len(self._adjacent)
        self.links.append(link)
        self._adjacent.append([])
        for tip in tips:
            self._adjacent[node].append(self._index[tip])
            self._adjacent[self._index[tip]].append(node)

    def _link(self, node: int) -> Link:
        return self.links[node - len(self.tips)]

    def why_member(self, tip_id: str, root: str | None = None) -> tuple[Step, ...] | None:
        """The shortest chain of strong links from `root` (default: the smallest tip id connected to
        `tip_id`) to `tip_id`; () for the root itself, None when the two are not linked."""
        target = self._index[tip_id]
        start = self._index[root] if root is not None else self._component_root(target)
        parent = {start: start}
        queue = deque([start])
        while queue and target not in parent:
            node = queue.popleft()
            for neighbour in self._adjacent[node]:
                if neighbour not in parent:
                    parent[neighbour] = node
                    queue.append(neighbour)
        if target not in parent:
            return None
        steps: list[Step] = []
        node = target
        while node != start:
            via = parent[node]
            before = parent[via]
            steps.append(Step(self.tips[before], self._link(via), self.tips[node]))
            node = before
        return tuple(reversed(steps))

    def _component_root(self, node: int) -> int:
        seen = {node}
        queue = deque([node])
        smallest = node
        while queue:
            current = queue.popleft()
            for neighbour in self._adjacent[current]:
                if neighbour not in seen:
                    seen.add(neighbour)
                    queue.append(neighbour)
                    if neighbour < len(self.tips):
                        smallest = min(smallest, neighbour)
        return smallest

    def bridges(self) -> list[Bridge]:
        """Links whose removal splits the cluster, the most splitting first."""
        tip_nodes = len(self.tips)
        nodes = len(self._adjacent)
        order = [-1] * nodes
        low = [0] * nodes
        tips_below = [0] * nodes
        tree_parent = [-1] * nodes
        found: list[Bridge] = []
        counter = 0
        for root in range(tip_nodes):
            if order[root] != -1:
                continue
            component: list[int] = []
            order[root] = low[root] = counter
            counter += 1
            # Frames: (node, parent, next neighbour position); a tip is always the root, so every link
            # node has a parent and the non-root articulation test applies to it.
            stack: list[tuple[int, int, int]] = [(root, -1, 0)]
            while stack:
                node, parent, position = stack[-1]
                neighbours = self._adjacent[node]
                if position < len(neighbours):
                    stack[-1] = (node, parent, position + 1)
                    child = neighbours[position]
                    if order[child] == -1:
                        order[child] = low[child] = counter
                        counter += 1
                        tree_parent[child] = node
                        stack.append((child, node, 0))
                    elif child != parent:
                        low[node] = min(low[node], order[child])
                    continue
                stack.pop()
                tips_below[node] += 1 if node < tip_nodes else 0
                component.append(node)
                if parent != -1:
                    low[parent] = min(low[parent], low[node])
                    tips_below[parent] += tips_below[node]
            total = tips_below[root]
            for node in component:
                if node < tip_nodes:
                    continue
                cut = [
                    tips_below[child]
                    for child in self._adjacent[node]
                    if tree_parent[child] == node and low[child] >= order[node]
                ]
                if cut:
                    rest = total - sum(cut)
                    parts = sorted([*cut, rest] if rest else cut, reverse=True)
                    if len(parts) >= 2:
                        found.append(Bridge(self._link(node), tuple(parts)))
        found.sort(key=lambda b: (-len(b.parts), -b.parts[1], b.link.uids))
        return found


def why_member(
    occurrences: Iterable[Occurrence], tip_id: str, root: str | None = None
) -> tuple[Step, ...] | None:
    """The chain of strong links from the cluster's first member (or `root`) to `tip_id`."""
    return ClusterLinks(occurrences).why_member(tip_id, root)


def bridges(occurrences: Iterable[Occurrence]) -> list[Bridge]:
    """The links whose removal would split the cluster of these occurrences."""
    return ClusterLinks(occurrences).bridges()
