"""The strong links inside one cluster as a bipartite graph of tips and links, for explaining it.

The links are clustering's (`graph.clustering.pairs.evidence_link_graph`, the STRONG tier of the evidence
model). A link node is either one identifier linking all its tips at once (joined to every tip carrying it)
or the pairs of tips that share the same identifiers and reach the threshold (joined to the tips of a
connected set of such pairs: one piece of evidence, weighed by its weakest pair). On that graph:
- `why_member` is the chain tip -> link -> tip ... from the cluster's first member to a tip (BFS); each
  step carries the evidence of its two tips as linkedTips gives it (every identifier they share, weighed by
  `graph.clustering.evidence.explain`): one pair, one probability;
- `bridges` are the link nodes whose removal splits the cluster: articulation points, by an iterative
  Tarjan, so a cluster of any size never meets Python's recursion limit.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import NamedTuple

import numpy as np

from graph.clustering.components import component_labels
from graph.clustering.edges import (
    Edge,
    LinkGraph,
    PairLinkNode,
    PairPositions,
    StrongIdentifier,
    is_file_url,
    linking_groups,
)
from graph.clustering.evidence import EvidenceModel
from graph.clustering.model_store import default_model
from graph.clustering.occurrences import IdentifierGroup, Occurrence
from graph.clustering.pairs import PairWeigher, _link_graph, people_behind, weighed_in_pairs
from graph.clustering.thresholds import STRONG_PROBABILITY
from graph.kinds import IdentifierKind
from graph.model import Role


class Link(NamedTuple):
    """A strong link: one identifier, or the identifiers two tips share. `weight` is its match probability
    (for one identifier linking all its tips: that identifier's alone), `match_weight` the log2 odds. A named
    tuple: a recompute makes one per link node of every cluster."""

    uids: tuple[str, ...]
    kinds: tuple[IdentifierKind, ...]
    weight: float
    match_weight: float | None = None


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


def _connected_parts(edges: Sequence[Edge]) -> list[list[Edge]]:
    """The edges in connected sets (each in the edges' order), in order of their smallest `tip_a`: by a
    walk over the tips, not a union-find (this is most of a cluster's links)."""
    neighbours: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        neighbours[edge.tip_a].append(edge.tip_b)
        neighbours[edge.tip_b].append(edge.tip_a)
    part_of: dict[str, int] = {}
    for index, start in enumerate(neighbours):
        if start in part_of:
            continue
        part_of[start] = index
        stack = [start]
        while stack:
            for other in neighbours[stack.pop()]:
                if other not in part_of:
                    part_of[other] = index
                    stack.append(other)
    parts: dict[int, list[Edge]] = defaultdict(list)
    for edge in edges:
        parts[part_of[edge.tip_a]].append(edge)
    return sorted(parts.values(), key=lambda found: min(e.tip_a for e in found))


class ClusterLinks:
    """Nodes 0..len(tips)-1 are tips (sorted), the rest are links."""

    def __init__(
        self,
        occurrences: Iterable[Occurrence],
        model: EvidenceModel | None = None,
        threshold: float = STRONG_PROBABILITY,
        *,
        graph: LinkGraph | None = None,
    ) -> None:
        """The links of the cluster of these occurrences; `graph`: its link graph when already weighed (by
        `cluster_link_graphs`, from the whole partition's), else weighed here from the occurrences."""
        rows = list(occurrences)
        self.model = model or default_model()
        self._rows = rows
        self._pairs: PairWeigher | None = None
        if graph is None:
            groups, weigher = linking_groups(rows)
            graph = _link_graph(groups, weigher.spread, self.model, threshold)
        self.tips: list[str] = sorted({o.tip_id for o in rows})
        self._index = {tip: i for i, tip in enumerate(self.tips)}
        self.links: list[Link] = []
        self._adjacent: list[list[int]] = [[] for _ in self.tips]
        self._graph = graph
        for found in graph.identifiers:
            self._add_link(Link((found.uid,), (found.kind,), found.weight), found.tips)
        # Pairs that share the same identifiers are one piece of evidence (a device three tips carry links
        # them by three pairs): one link node per connected set of such pairs, weighed by its weakest pair.
        if graph.pair_links is not None:
            # Already cut (`cluster_link_graphs`), in the order made below.
            for node in graph.pair_links:
                self._add_link(Link(node.uids, node.kinds, node.weight), node.tips)
            return
        by_evidence: dict[tuple[str, ...], list[Edge]] = defaultdict(list)
        for edge in graph.pairs:
            by_evidence[edge.uids].append(edge)
        for uids in sorted(by_evidence):
            edges = by_evidence[uids]
            if len(edges) == 1:
                (edge,) = edges
                self._add_link(Link(uids, edge.kinds, edge.weight), (edge.tip_a, edge.tip_b))
                continue
            for part in _connected_parts(edges):
                tips = sorted({tip for e in part for tip in (e.tip_a, e.tip_b)})
                self._add_link(Link(uids, part[0].kinds, min(e.weight for e in part)), tips)

    @cached_property
    def strongest(self) -> dict[str, tuple[float, str]]:
        """Per tip, its strongest link into the rest: (probability, the tip at its other end); the smaller
        tip id among equals."""
        strongest: dict[str, tuple[float, str]] = {}

        def offer(tip: str, probability: float, other: str) -> None:
            held = strongest.get(tip)
            if held is None or probability > held[0] or (probability == held[0] and other < held[1]):
                strongest[tip] = (probability, other)

        for found in self._graph.identifiers:
            for tip in found.tips:
                offer(tip, found.weight, found.tips[1] if tip == found.tips[0] else found.tips[0])
        for edge in self._graph.pairs:
            offer(edge.tip_a, edge.weight, edge.tip_b)
            offer(edge.tip_b, edge.weight, edge.tip_a)
        return strongest

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
            steps.append(self._step(self.tips[before], self.tips[node]))
            node = before
        return tuple(reversed(steps))

    def _step(self, from_tip: str, to_tip: str) -> Step:
        if self._pairs is None:
            # Only chains need every shared identifier of a pair: bridges and strongest do not.
            groups, weigher = linking_groups(self._rows)
            self._pairs = PairWeigher(groups, weigher.spread)
        explained, shared = self._pairs.explain(self.model, from_tip, to_tip)
        link = Link(
            tuple(g.uid for g in shared),
            tuple(g.kind for g in shared),
            round(explained.pair.probability, 6),
            round(explained.pair.match_weight, 4),
        )
        return Step(from_tip, link, to_tip)

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
        adjacent = self._adjacent
        nodes = len(adjacent)
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
            # Frames: (node, parent, its neighbours not yet seen, as an iterator: a frame resumes where it
            # stopped without a tuple per step); a tip is always the root, so every link node has a parent
            # and the non-root articulation test applies to it.
            stack: list[tuple[int, int, Iterator[int]]] = [(root, -1, iter(adjacent[root]))]
            while stack:
                node, parent, unseen = stack[-1]
                for child in unseen:
                    if order[child] == -1:
                        order[child] = low[child] = counter
                        counter += 1
                        tree_parent[child] = node
                        stack.append((child, node, iter(adjacent[child])))
                        break
                    if child != parent and order[child] < low[node]:
                        low[node] = order[child]
                else:
                    stack.pop()
                    if node < tip_nodes:
                        tips_below[node] += 1
                    component.append(node)
                    if parent != -1:
                        if low[node] < low[parent]:
                            low[parent] = low[node]
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


def two_tip_bridges(graph: LinkGraph) -> list[Bridge]:
    """`ClusterLinks(..., graph=graph).bridges()` for a cluster of two tips, without building its graph: each
    link node joins the two tips, so one alone is a bridge (parts 1 and 1), and of two or more none is.
    The link nodes are the identifiers, then the one pair (`ClusterLinks` makes them in that order)."""
    if len(graph.identifiers) + len(graph.pairs) != 1:
        return []
    if graph.identifiers:
        (found,) = graph.identifiers
        return [Bridge(Link((found.uid,), (found.kind,), found.weight), (1, 1))]
    (edge,) = graph.pairs
    return [Bridge(Link(edge.uids, edge.kinds, edge.weight), (1, 1))]


def cluster_link_graphs(
    graph: LinkGraph,
    groups: Mapping[str, IdentifierGroup],
    members: Mapping[str, Sequence[str]],
    spread: Mapping[str, int] | None = None,
    model: EvidenceModel | None = None,
) -> dict[str, LinkGraph]:
    """Per cluster of two tips or more (`members`: id -> tips) whose rows weighed alone would give the same
    links, the cluster's link graph cut from the whole partition's (`graph`, weighed from `groups`, with
    `spread` people behind each under `model`), so that it need not be weighed twice. That holds when every
    linking identifier with two of its tips in the cluster either lies wholly within it (the same group,
    with the same tips, counts and people), or reaches out of it but is weighed pair by pair whatever part
    of its tips is weighed (`pairs.weighed_in_pairs`) and its rows inside say what the store says of it
    (the same tip count, the same accounts counted by the store, the same evidence class): then the pairs
    inside are the same pairs at the same levels, and its tips share nothing lowering with tips outside
    that could change a pair inside. Any other cluster (an identifier linking its tips at once reaching
    into another cluster, e.g. past a DIFFERENT judgement; `spread` or `model` not given and some
    identifier reaching out) is left out, to be weighed from its rows. Linear in the graph and the groups'
    tips."""
    cluster_of = {tip: cluster_id for cluster_id, tips in members.items() if len(tips) >= 2 for tip in tips}
    spilling: set[str] = set()
    for group in groups.values():
        held = [cluster_of.get(tip) for tip in group.by_tip]
        if held.count(held[0]) == len(held):
            continue
        counts: dict[str | None, int] = {}
        for cluster_id in held:
            counts[cluster_id] = counts.get(cluster_id, 0) + 1
        reaching = [c for c, n in counts.items() if c is not None and n >= 2]
        if not reaching:
            continue
        if (
            spread is None
            or model is None
            or not weighed_in_pairs(group, people_behind(group, spread), model, graph.threshold)
        ):
            spilling.update(reaching)
            continue
        for cluster_id in reaching:
            inside = [tip for tip in group.by_tip if cluster_of.get(tip) == cluster_id]
            if not _same_inside(group, inside, spread[group.uid]):
                spilling.add(cluster_id)
    identifiers: dict[str, list[StrongIdentifier]] = defaultdict(list)
    for found in graph.identifiers:
        cluster_id = cluster_of.get(found.tips[0])
        if cluster_id is not None and all(cluster_of.get(tip) == cluster_id for tip in found.tips):
            identifiers[cluster_id].append(found)
    numbered = [cluster_id for cluster_id, tips in members.items() if len(tips) >= 2]
    number_of = {cluster_id: number for number, cluster_id in enumerate(numbered)}
    if graph.positions is not None:
        pairs, nodes = cut_pairs(graph.pairs, graph.positions, number_of, cluster_of)
        return {
            cluster_id: LinkGraph(
                tuple(identifiers.get(cluster_id, ())),
                pairs.get(number, ()),
                graph.threshold,
                pair_links=tuple(nodes.get(number, ())),
            )
            for number, cluster_id in enumerate(numbered)
            if cluster_id not in spilling
        }
    by_cluster: dict[str, list[Edge]] = defaultdict(list)
    for edge in graph.pairs:
        cluster_id = cluster_of.get(edge.tip_a)
        if cluster_id is not None and cluster_of.get(edge.tip_b) == cluster_id:
            by_cluster[cluster_id].append(edge)
    return {
        cluster_id: LinkGraph(
            tuple(identifiers.get(cluster_id, ())), tuple(by_cluster.get(cluster_id, ())), graph.threshold
        )
        for cluster_id in numbered
        if cluster_id not in spilling
    }


def cut_pairs(
    edges: Sequence[Edge],
    positions: PairPositions,
    number_of: Mapping[str, int],
    cluster_of: Mapping[str, str],
) -> tuple[dict[int, tuple[Edge, ...]], dict[int, list[PairLinkNode]]]:
    """Per cluster number (`number_of`, by cluster id; `cluster_of`: tip -> cluster id), the strong pairs
    inside it (`edges`, numbered by `positions`) in their order, and their link nodes in the order
    `ClusterLinks` makes them (by uids, then by smallest tip), all clusters at once: each (identifiers,
    tip) is a node, each pair joins two, and a link node is a connected set of them
    (`graph.clustering.components`), weighed by its weakest pair."""
    tips, width = positions.tips, max(len(positions.tips), 1)
    cluster_at = np.fromiter(
        (number_of.get(cluster_of.get(tip, ""), -1) for tip in tips), dtype=np.int64, count=len(tips)
    )
    of_first, of_second = cluster_at[positions.first], cluster_at[positions.second]
    inside = np.flatnonzero((of_first >= 0) & (of_first == of_second))
    if not len(inside):
        return {}, {}
    by_cluster = inside[np.argsort(of_first[inside], kind="stable")]
    cluster_starts = [0, *(np.flatnonzero(np.diff(of_first[by_cluster])) + 1).tolist(), len(by_cluster)]
    ordered = list(map(edges.__getitem__, by_cluster.tolist()))
    first_of = of_first[by_cluster].tolist()
    pairs = {
        first_of[start]: tuple(ordered[start:stop])
        for start, stop in zip(cluster_starts, cluster_starts[1:], strict=False)
    }
    via, cluster, weight = positions.via[inside], of_first[inside], positions.weight[inside]
    keys = np.concatenate([via * width + positions.first[inside], via * width + positions.second[inside]])
    nodes, node_of = np.unique(keys, return_inverse=True)
    count = len(inside)
    # A set's label is its smallest node: its identifiers' number and its smallest tip.
    labels = component_labels(len(nodes), node_of[:count], node_of[count:])
    edge_label = labels[node_of[:count]]
    by_set = np.argsort(edge_label, kind="stable")
    starts = np.flatnonzero(np.diff(edge_label[by_set])) + 1
    starts = np.concatenate([np.zeros(1, dtype=np.int64), starts])
    set_weight = np.minimum.reduceat(weight[by_set], starts)
    set_cluster = cluster[by_set][starts]
    set_label = edge_label[by_set][starts]
    set_via, smallest = nodes[set_label] // width, nodes[set_label] % width
    # Each set's tips (sorted), sets in label order as above: names in one list, cut at `bounds`.
    node_order = np.argsort(labels, kind="stable")
    names = list(map(tips.__getitem__, (nodes[node_order] % width).tolist()))
    cuts = np.flatnonzero(np.diff(labels[node_order])) + 1
    bounds_low, bounds_high = np.concatenate([[0], cuts]), np.concatenate([cuts, [len(names)]])
    # Sets by cluster, then by their identifiers' uids (`via_rank`), then by smallest tip.
    order = np.lexsort((smallest, positions.via_rank[set_via], set_cluster))
    through = list(map(positions.vias.__getitem__, set_via[order].tolist()))
    clusters = set_cluster[order]
    made: list[PairLinkNode] = list(
        map(
            partial(tuple.__new__, PairLinkNode),
            zip(
                [uids for uids, _ in through],
                [kinds for _, kinds in through],
                set_weight[order].tolist(),
                map(names.__getitem__, map(slice, bounds_low[order].tolist(), bounds_high[order].tolist())),
                strict=True,
            ),
        )
    )
    runs = [0, *(np.flatnonzero(np.diff(clusters)) + 1).tolist(), len(made)]
    numbers = clusters[runs[:-1]].tolist()
    found = {number: made[start:stop] for number, start, stop in zip(numbers, runs, runs[1:], strict=False)}
    return pairs, found


def _same_inside(group: IdentifierGroup, inside: Sequence[str], people: int) -> bool:
    """Whether the group's rows of the `inside` tips alone give it the same tip count, the same people (the
    store's count of accounts, on every row) and the same evidence class as all its rows."""
    rows = [o for tip in inside for o in group.by_tip[tip]]
    if any(o.accounts is None or o.generic for o in rows):
        return False
    if max(o.tip_count for o in rows) != group.tip_count or max(o.accounts or 0 for o in rows) != people:
        return False
    if group.kind is not IdentifierKind.URL:
        return True
    return is_file_url(group) == all(o.role is Role.FILE for o in rows)


def why_member(
    occurrences: Iterable[Occurrence],
    tip_id: str,
    root: str | None = None,
    model: EvidenceModel | None = None,
) -> tuple[Step, ...] | None:
    """The chain of strong links from the cluster's first member (or `root`) to `tip_id`."""
    return ClusterLinks(occurrences, model).why_member(tip_id, root)


def bridges(occurrences: Iterable[Occurrence], model: EvidenceModel | None = None) -> list[Bridge]:
    """The links whose removal would split the cluster of these occurrences."""
    return ClusterLinks(occurrences, model).bridges()
