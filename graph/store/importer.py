"""Neo4j's offline importer (`neo4j-admin database import full`) run on the embedded store's folder.

The importer writes store files directly, with no transactions: it is for an empty database that no
server has open. Its jars come with the embedded launcher's (launcher/pom.xml), and it runs as
`org.neo4j.cli.AdminTool` with NEO4J_HOME set to the launcher's data folder, so the store lands where
`EmbeddedNeo4j` serves it from.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from graph.store.launcher import JVM_FLAGS, LauncherError, _java_executable, ensure_installed

ADMIN_TOOL: Final = "org.neo4j.cli.AdminTool"
IMPORT_LOG: Final = "import.log"


class OfflineImportError(LauncherError):
    """The importer refused the files or failed; the message carries its report."""


@dataclass(frozen=True, slots=True)
class ImportInput:
    """One CSV file for the importer: a node label or a relationship type, and its path."""

    name: str
    path: Path
    multiline: bool = False


def import_command(
    data_dir: Path,
    nodes: Sequence[ImportInput],
    relationships: Sequence[ImportInput],
    array_delimiter: str,
    database: str,
    cache_dir: Path | None = None,
    heap: str = "1g",
    id_type: str = "string",
) -> list[str]:
    install = ensure_installed(cache_dir)
    multiline = any(f.multiline for f in (*nodes, *relationships))
    return [
        _java_executable(),
        f"-Xmx{heap}",
        # A batch job that keeps the machine's cores busy: the throughput collector spends less CPU than
        # the default G1's concurrent work (the same 20k tips' files: 37.0-37.9 CPU s against 43.9-53.6).
        "-XX:+UseParallelGC",
        *JVM_FLAGS,
        "-cp",
        f"{install / 'lib' / '*'}",
        ADMIN_TOOL,
        "database",
        "import",
        "full",
        # Before the file lists: `--nodes` takes every argument that follows it as another file.
        database,
        "--overwrite-destination=true",
        f"--array-delimiter={array_delimiter}",
        f"--id-type={id_type}",
        f"--multiline-fields={'true' if multiline else 'false'}",
        "--bad-tolerance=0",
        # The machine is shared: the importer takes what a million tips need, not 90 % of memory.
        "--max-off-heap-memory=2G",
        f"--report-file={data_dir.resolve() / 'import.report'}",
        *(f"--nodes={f.name}={f.path.resolve()}" for f in nodes),
        *(f"--relationships={f.name}={f.path.resolve()}" for f in relationships),
    ]


class RunningImport:
    """An importer started in the background (`start_import`): the load computes while it runs."""

    def __init__(self, process: subprocess.Popen[bytes], log_path: Path) -> None:
        self.process, self.log_path = process, log_path

    def wait(self) -> None:
        """Waits for the importer to end; raises OfflineImportError with its log's tail when it failed."""
        code = self.process.wait()
        if code != 0:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
            tail = "\n".join(lines[-30:])
            raise OfflineImportError(
                f"the offline import failed (exit {code})\n{tail}\n(log: {self.log_path})"
            )

    def stop(self) -> None:
        """Ends an importer still running (the load failed meanwhile)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def start_import(
    data_dir: Path,
    nodes: Sequence[ImportInput],
    relationships: Sequence[ImportInput],
    array_delimiter: str,
    database: str = "neo4j",
    cache_dir: Path | None = None,
    id_type: str = "string",
) -> RunningImport:
    """Starts importing the files into `database` of the store in `data_dir` (replacing it: the caller
    checked it was empty and that no server has it open) and returns at once. Its output goes to
    data_dir/import.log."""
    data_dir.mkdir(parents=True, exist_ok=True)
    conf = data_dir / "conf"
    conf.mkdir(exist_ok=True)
    (conf / "neo4j.conf").touch()
    command = import_command(
        data_dir, nodes, relationships, array_delimiter, database, cache_dir, id_type=id_type
    )
    env = {**os.environ, "NEO4J_HOME": str(data_dir.resolve()), "NEO4J_CONF": str(conf.resolve())}
    log_path = data_dir / IMPORT_LOG
    with log_path.open("ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    return RunningImport(process, log_path)
