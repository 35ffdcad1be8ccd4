"""The embedded Neo4j launcher against a real JVM: its own instance, since the test restarts it."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import AuthError

from graph.store.launcher import (
    NEO4J_USER,
    EmbeddedNeo4j,
    LauncherConfig,
    class_archive,
    dev_password,
    ensure_installed,
    free_port,
)


def _config(data_dir: Path) -> LauncherConfig:
    # A small heap and page cache: the test proves behaviour, not throughput.
    return LauncherConfig(
        data_dir=data_dir,
        bolt_port=free_port(),
        password="launcher-test-" + "x" * 8,
        heap="512m",
        pagecache="64m",
    )


def test_data_survives_a_restart_and_a_wrong_password_is_refused(tmp_path: Path) -> None:
    config = _config(tmp_path / "neo4j")

    with EmbeddedNeo4j(config) as server:
        assert server.uri == f"bolt://127.0.0.1:{config.bolt_port}"
        with neo4j.GraphDatabase.driver(server.uri, auth=(NEO4J_USER, config.password)) as driver:
            driver.execute_query("CREATE (:LauncherProbe {name: $name})", name="kept")
        with (
            neo4j.GraphDatabase.driver(server.uri, auth=(NEO4J_USER, "not-the-password")) as driver,
            pytest.raises(AuthError),
        ):
            driver.verify_connectivity()
    assert not server.is_running()

    with (
        EmbeddedNeo4j(config) as restarted,
        neo4j.GraphDatabase.driver(restarted.uri, auth=restarted.auth) as driver,
    ):
        records = driver.execute_query("MATCH (n:LauncherProbe) RETURN n.name AS name").records
    assert [record["name"] for record in records] == ["kept"]


def test_a_rejected_password_fails_start_with_the_log_tail(tmp_path: Path) -> None:
    # Neo4j requires at least 8 characters: the JVM exits and start() must say why.
    config = LauncherConfig(data_dir=tmp_path / "neo4j", bolt_port=free_port(), password="short", heap="512m")
    server = EmbeddedNeo4j(config)
    with pytest.raises(RuntimeError, match="could not set the password"):
        server.start()
    assert not server.is_running()


def test_ensure_installed_is_fast_once_done() -> None:
    first = ensure_installed()
    started = time.perf_counter()
    again = ensure_installed()
    elapsed = time.perf_counter() - started
    assert again == first
    assert (first / "lib").is_dir()
    assert elapsed < 0.5


def test_dev_password_is_made_once_and_reused(tmp_path: Path) -> None:
    password = dev_password(tmp_path)
    assert len(password) >= 16
    assert dev_password(tmp_path) == password
    assert (tmp_path / "neo4j-dev-password").stat().st_mode & 0o077 == 0


def test_class_sharing_archives_a_first_start_and_a_later_start_maps_it(tmp_path: Path) -> None:
    config = replace(_config(tmp_path / "neo4j"), share_classes=True)
    archive = class_archive(ensure_installed(config.cache_dir))
    # Unlinking is safe for a JVM that maps it: the test must see this start write it.
    archive.unlink(missing_ok=True)

    with EmbeddedNeo4j(config) as server, neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        driver.execute_query("CREATE (:LauncherProbe {name: $name})", name="shared")
    assert archive.is_file()
    assert list(archive.parent.glob(f"{archive.name}.*")) == []  # no draft left behind

    mapped = EmbeddedNeo4j(config)
    assert f"-XX:SharedArchiveFile={archive}" in mapped._command(ensure_installed(config.cache_dir))
    with mapped, neo4j.GraphDatabase.driver(mapped.uri, auth=mapped.auth) as driver:
        records = driver.execute_query("MATCH (n:LauncherProbe) RETURN n.name AS name").records
    assert [record["name"] for record in records] == ["shared"]
    assert mapped.cpu_seconds() == 0.0  # stopped
