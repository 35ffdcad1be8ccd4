"""Union-find over tip ids, with path compression and union by size, and an optional set of cannot-link
constraints (analysts' DIFFERENT judgements): a union that would put such a pair in one set is refused."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class UnionFind:
    """Disjoint sets of tip ids; ids are added on first sight."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        self._parent: dict[str, str] = {}
        self._size: dict[str, int] = {}
        # Per root, the tips its set must never share a set with.
        self._apart: dict[str, set[str]] = {}
        for item in items:
            self.add(item)

    @classmethod
    def of_sets(cls, sets: Iterable[list[str]]) -> UnionFind:
        """The forest of these disjoint sets (each with a member), every member under its set's first."""
        forest = cls()
        parent, size = forest._parent, forest._size
        for members in sets:
            root = members[0]
            for item in members:
                parent[item] = root
            size[root] = len(members)
        return forest

    def __contains__(self, item: object) -> bool:
        return item in self._parent

    def __iter__(self) -> Iterator[str]:
        return iter(self._parent)

    def __len__(self) -> int:
        return len(self._parent)

    def add(self, item: str) -> None:
        if item not in self._parent:
            self._parent[item] = item
            self._size[item] = 1

    def find(self, item: str) -> str:
        parent = self._parent
        root = parent.get(item)
        if root is None:
            self.add(item)
            return item
        # A partition makes hundreds of thousands of finds: most end at once (a root or its child).
        if root == item:
            return root
        up = parent[root]
        if up == root:
            return root
        while up != root:
            root, up = up, parent[up]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    @property
    def constrained(self) -> bool:
        """Whether any set must be kept apart from a tip (else a union is refused only within one set)."""
        return bool(self._apart)

    def size(self, item: str) -> int:
        return self._size[self.find(item)]

    def connected(self, a: str, b: str) -> bool:
        return self.find(a) == self.find(b)

    def keep_apart(self, a: str, b: str) -> bool:
        """Records that a and b must never be in one set; False when they already are."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return False
        self._apart.setdefault(root_a, set()).add(b)
        self._apart.setdefault(root_b, set()).add(a)
        return True

    def _forbidden(self, root_a: str, root_b: str) -> bool:
        apart_a, apart_b = self._apart.get(root_a), self._apart.get(root_b)
        if not apart_a or not apart_b:
            return False
        smaller, other = (apart_a, root_b) if len(apart_a) <= len(apart_b) else (apart_b, root_a)
        return any(self.find(tip) == other for tip in smaller)

    def union(self, a: str, b: str) -> bool:
        """Merges the sets of a and b; False when they were already one set or a constraint refuses it."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b or self._forbidden(root_a, root_b):
            return False
        if self._size[root_a] < self._size[root_b]:
            root_a, root_b = root_b, root_a
        self._parent[root_b] = root_a
        self._size[root_a] += self._size.pop(root_b)
        moved = self._apart.pop(root_b, None)
        if moved:
            self._apart.setdefault(root_a, set()).update(moved)
        return True

    def sets(self) -> Iterator[list[str]]:
        """Every set, members sorted; sets in order of their smallest member."""
        members: dict[str, list[str]] = {}
        for item in self._parent:
            members.setdefault(self.find(item), []).append(item)
        for group in sorted(members.values(), key=min):
            group.sort()
            yield group
