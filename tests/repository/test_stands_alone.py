"""The repository stands alone: nothing at run, test or bench time reads a folder beside the checkout.

A fresh clone has no `shared` folder beside it; code that reaches for one works on one machine and errors
everywhere else. The examples the code and tests need live in `examples/`. (This file spells the folder's
name in pieces, so that it does not itself look like a use of it to a plain grep.)
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("api", "graph", "tests", "bench", "Makefile", ".ci")
SUFFIXES = frozenset({".py", ".cypher", ".toml", ".cfg", ".sh", ""})
# Path use of a `shared` folder: the parent's, one joined with `/` (before or after), one in a path string,
# `Path(...)` or `join(...)` of it. A GraphQL field named shared (`edge["shared"]`) is not one.
SHARED_PATH = re.compile(
    r"""\.\./shared\b"""
    r"""|/\s*["']shared["']"""
    r"""|["']shared["']\s*/"""
    r"""|["'][^"'\n]*\bshared/"""
    r"""|(?:Path|join)\([^)\n]*["']shared["']"""
)


def shared_path_uses(root: Path) -> list[str]:
    """`file:line: text` for every line under the scanned parts of `root` that uses a shared/ path."""
    found: list[str] = []
    for part in SCANNED:
        top = root / part
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            if path.suffix not in SUFFIXES or "__pycache__" in path.parts:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for number, line in enumerate(text.splitlines(), start=1):
                if SHARED_PATH.search(line):
                    found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_nothing_reads_a_shared_folder_beside_the_checkout() -> None:
    this_file = str(Path(__file__).relative_to(ROOT))
    uses = [use for use in shared_path_uses(ROOT) if not use.startswith(this_file)]
    assert uses == [], "use examples/ (or the example_tip fixtures), not a folder beside the checkout:\n" + (
        "\n".join(uses)
    )


def test_the_pattern_finds_each_way_of_spelling_the_path(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    folder = "sha" + "red"
    spellings = [
        f'EXAMPLES = Path(__file__).resolve().parents[3] / "{folder}" / "examples"',
        f'SHARED = Path(__file__).parent / "{folder}"',
        f"open('../{folder}/examples/tip.json')",
        f'os.path.join(ROOT, "{folder}", "examples")',
        f'read("{folder}/examples/tip.xml")',
    ]
    innocent = ['assert {s["kind"] for s in edge["shared"]}', "shared: list[SharedIdentifier]"]
    (tmp_path / "tests" / "probe.py").write_text("\n".join(spellings + innocent) + "\n")
    assert len(shared_path_uses(tmp_path)) == len(spellings)


def test_the_examples_are_in_the_repository() -> None:
    for name in ("tip.json", "tip.xml", "README.md"):
        assert (ROOT / "examples" / name).is_file()
