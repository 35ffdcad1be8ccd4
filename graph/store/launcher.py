"""Embedded Neo4j for tests and local development: no Docker, just Java 17 and Maven.

`ensure_installed()` has Maven build `launcher/` into `.cache/neo4j-<version>/` (runtime jars in `lib/`,
the compiled launcher in `classes/`); Maven's download cache stays in ~/.m2, so other clones on the same
machine build without the network. `EmbeddedNeo4j` runs that launcher as a child JVM serving Bolt on
127.0.0.1 with authentication on, and waits until an authenticated `RETURN 1` answers.

Command line (for `make run` and `make neo4j`):

    python -m graph.store.launcher install
    python -m graph.store.launcher run [--port 7687] [--data-dir .cache/neo4j-data]
                                       [--heap 1g] [--pagecache 512m]

The password of user `neo4j` is NEO4J_PASSWORD when set, else `dev_password()`.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO, Final, Self

import neo4j
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

NEO4J_VERSION: Final = "5.26.25"  # keep in step with <neo4j.version> in launcher/pom.xml
NEO4J_USER: Final = "neo4j"
REPO_ROOT: Final = Path(__file__).resolve().parents[2]
LAUNCHER_DIR: Final = REPO_ROOT / "launcher"
MAIN_CLASS: Final = "org.tipgraph.launcher.EmbeddedNeo4j"
READY_PREFIX: Final = "TIPGRAPH-NEO4J READY "
INSTALLED_MARKER: Final = "installed"
DEV_PASSWORD_FILE: Final = "neo4j-dev-password"
LOG_FILE: Final = "launcher.log"
# A JVM that ended by itself (0) or on SIGTERM after its shutdown hooks (128 + 15).
CLEAN_EXITS: Final = (0, 143)
ANSI_ESCAPE: Final = re.compile(r"\x1b\[[0-9;]*m")

# Neo4j 5 reaches into JDK internals; without these Java 17 denies it and Neo4j falls back to slower
# paths (page cache buffers, transaction log file descriptors, Netty direct buffers), warning in debug.log.
JVM_FLAGS: Final = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+ExitOnOutOfMemoryError",
)


class LauncherError(RuntimeError):
    """The embedded Neo4j could not be built, started or reached; the message carries the evidence."""


def default_cache_dir() -> Path:
    return REPO_ROOT / ".cache"


def install_dir(cache_dir: Path | None = None) -> Path:
    return (cache_dir or default_cache_dir()) / f"neo4j-{NEO4J_VERSION}"


@dataclass(frozen=True, slots=True)
class LauncherConfig:
    """Where and how one embedded Neo4j runs. `data_dir` becomes Neo4j's home (data/, logs/)."""

    data_dir: Path
    bolt_port: int
    password: str = field(repr=False)
    cache_dir: Path = field(default_factory=default_cache_dir)
    heap: str = "1g"
    pagecache: str = "512m"
    # More JVM flags for this server alone (before the launcher's own), e.g. the bulk load's.
    jvm_flags: tuple[str, ...] = ()
    # Class data sharing (`class_archive`): the JVM maps the classes an earlier start loaded.
    share_classes: bool = False


def class_archive(install: Path) -> Path:
    """Where the JVM's class data sharing archive of this install and this java lives (HotSpot's dynamic
    AppCDS): the classes a first start loaded, mapped by every later start instead of read, parsed and
    verified from the jars again. Named after the install's digest and the java executable, so a rebuilt
    launcher or another java makes a new one (a JVM ignores an archive of other jars, with a warning)."""
    java = Path(_java_executable()).resolve()
    key = f"{_read_text(install / INSTALLED_MARKER)}:{java}:{java.stat().st_mtime_ns}"
    return install / f"classes-{hashlib.sha256(key.encode()).hexdigest()[:16]}.jsa"


def _launcher_jar(install: Path) -> Path:
    """The compiled launcher as a jar beside the install's classes (class data sharing takes no class from
    a folder), made once per build."""
    digest = (_read_text(install / INSTALLED_MARKER) or "")[:16]
    jar = install / f"launcher-{digest}.jar"
    if jar.exists():
        return jar
    classes = install / "classes"
    draft = jar.with_name(f"{jar.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(draft, "w") as archive:
        for path in sorted(classes.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(classes).as_posix())
    os.replace(draft, jar)  # atomic: a concurrent start reads the whole jar or makes its own
    return jar


def ensure_installed(cache_dir: Path | None = None) -> Path:
    """Builds the launcher and gathers Neo4j's jars once; returns the install folder.

    The marker holds a digest of the launcher's sources, so an edited pom or launcher is rebuilt while
    an unchanged one costs a file read. A file lock keeps concurrent first runs from building twice.
    """
    target = install_dir(cache_dir)
    marker = target / INSTALLED_MARKER
    digest = _launcher_digest()
    if _read_text(marker) == digest:
        return target
    target.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent / f"{target.name}.lock"):
        if _read_text(marker) == digest:
            return target
        _run_maven(target)
        marker.write_text(digest, encoding="utf-8")
    return target


def _launcher_digest() -> str:
    sources = [LAUNCHER_DIR / "pom.xml", *sorted((LAUNCHER_DIR / "src").rglob("*.java"))]
    hasher = hashlib.sha256(NEO4J_VERSION.encode())
    for source in sources:
        hasher.update(source.relative_to(LAUNCHER_DIR).as_posix().encode())
        hasher.update(source.read_bytes())
    return hasher.hexdigest()


def _run_maven(target: Path) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LauncherError("Maven (mvn) is not on PATH; the embedded Neo4j needs Maven 3.8+ and Java 17")
    command = [
        mvn,
        "-B",
        "-q",
        "-Dstyle.color=never",
        "-f",
        str(LAUNCHER_DIR / "pom.xml"),
        f"-Dtipgraph.out={target}",
        "compile",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = "\n".join(part for part in (result.stdout.strip(), result.stderr.strip()) if part)
        output = ANSI_ESCAPE.sub("", output)  # Debian's Maven colours some lines even in batch mode
        raise LauncherError(
            f"building the embedded Neo4j failed (exit {result.returncode}): {' '.join(command)}\n{output}"
        )


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    with lock_path.open("a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def dev_password(cache_dir: Path | None = None) -> str:
    """A random password made on first use and kept in `.cache/neo4j-dev-password` (owner-only)."""
    directory = cache_dir or default_cache_dir()
    path = directory / DEV_PASSWORD_FILE
    existing = _read_text(path)
    if existing:
        return existing
    directory.mkdir(parents=True, exist_ok=True)
    candidate = secrets.token_urlsafe(24)
    try:
        # O_EXCL: when two processes race, the first writer wins and the other reads its password.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _wait_for_password(path)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(candidate + "\n")
    return candidate


def _wait_for_password(path: Path) -> str:
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        existing = _read_text(path)
        if existing:
            return existing
        time.sleep(0.05)
    raise LauncherError(f"{path} exists but stays empty; delete it to make a new development password")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class EmbeddedNeo4j:
    """One child JVM running Neo4j; `with EmbeddedNeo4j(config) as server:` starts and stops it."""

    def __init__(self, config: LauncherConfig) -> None:
        self.config = config
        self._process: subprocess.Popen[bytes] | None = None
        # The class archive this start writes as it stops (the first start with `share_classes`): the
        # draft the JVM writes and where it goes once complete.
        self._archive_draft: tuple[Path, Path] | None = None
        self._log: IO[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.config.bolt_port}"

    @property
    def auth(self) -> tuple[str, str]:
        return (NEO4J_USER, self.config.password)

    @property
    def log_path(self) -> Path:
        return self.config.data_dir / LOG_FILE

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def cpu_seconds(self) -> float:
        """The JVM's user + system CPU seconds so far (Linux /proc); 0.0 when it is not running."""
        if self._process is None:
            return 0.0
        try:
            stat = Path(f"/proc/{self._process.pid}/stat").read_text()
        except OSError:
            return 0.0
        # utime and stime are fields 14 and 15 of proc(5); the split after the command's ")" starts at 3.
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = 600) -> None:
        """Starts the JVM and returns once Bolt answers an authenticated query.

        The timeout is generous: a JVM that cannot start exits (and that is reported at once), while one on
        a machine busy with other work may take minutes and should not fail a test run or `make run`.

        Raises LauncherError with the tail of the log when the JVM exits or the timeout passes first.
        """
        if self.is_running():
            return
        install = ensure_installed(self.config.cache_dir)
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        self._log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            self._command(install),
            stdin=subprocess.PIPE,  # closed when we go away: the JVM then stops itself
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NEO4J_PASSWORD": self.config.password},
            # Its own session: a terminal's Ctrl-C reaches us, and we stop the database in order.
            start_new_session=True,
        )
        try:
            self._await_ready(log_offset, time.monotonic() + timeout)
        except BaseException:
            self.stop()
            raise

    def _command(self, install: Path) -> list[str]:
        java = _java_executable()
        classpath = f"{install / 'classes'}{os.pathsep}{install / 'lib' / '*'}"
        sharing: list[str] = []
        if self.config.share_classes:
            classpath = f"{_launcher_jar(install)}{os.pathsep}{install / 'lib' / '*'}"
            archive = class_archive(install)
            if archive.exists():
                sharing = [f"-XX:SharedArchiveFile={archive}"]
            else:
                # Written by the JVM as it exits; kept once it exited cleanly (see `stop`).
                draft = archive.with_name(f"{archive.name}.{os.getpid()}-{id(self)}.tmp")
                self._archive_draft = (draft, archive)
                sharing = [f"-XX:ArchiveClassesAtExit={draft}"]
            # Its warnings (classes it skips) would bury the log's useful tail.
            sharing.append("-Xlog:cds=off,cds+dynamic=off")
        return [
            java,
            f"-Xmx{self.config.heap}",
            *self.config.jvm_flags,
            *sharing,
            *JVM_FLAGS,
            "-cp",
            classpath,
            MAIN_CLASS,
            "--port",
            str(self.config.bolt_port),
            "--data-dir",
            str(self.config.data_dir.resolve()),
            "--pagecache",
            self.config.pagecache,
            "--exit-on-stdin-eof",
        ]

    def _await_ready(self, log_offset: int, deadline: float) -> None:
        while not self._log_since(log_offset).count(READY_PREFIX.encode()):
            self._fail_if_exited(log_offset)
            if time.monotonic() > deadline:
                raise LauncherError(f"Neo4j did not become ready in time\n{self._tail(log_offset)}")
            time.sleep(0.1)
        # READY is printed once the password is set; a query proves Bolt really serves it.
        with neo4j.GraphDatabase.driver(self.uri, auth=self.auth) as driver:
            while True:
                self._fail_if_exited(log_offset)
                try:
                    driver.execute_query("RETURN 1")
                    return
                except AuthError as error:
                    raise LauncherError(f"Neo4j refused the configured password: {error}") from error
                except (ServiceUnavailable, SessionExpired) as error:
                    if time.monotonic() > deadline:
                        raise LauncherError(f"Bolt did not answer at {self.uri}: {error}") from error
                    time.sleep(0.2)

    def _fail_if_exited(self, log_offset: int) -> None:
        if self._process is not None and self._process.poll() is not None:
            raise LauncherError(
                f"Neo4j exited with code {self._process.returncode} before it was ready\n"
                + self._tail(log_offset)
            )

    def _log_since(self, offset: int) -> bytes:
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read()

    def _tail(self, offset: int, lines: int = 40) -> str:
        text = self._log_since(offset).decode("utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:]) + f"\n(full log: {self.log_path})"

    def stop(self, timeout: float = 60) -> None:
        """Asks the JVM to shut Neo4j down cleanly (SIGTERM); kills it if that takes longer than timeout."""
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if process.stdin is not None:
                process.stdin.close()
            self._keep_archive(process.returncode)
        if self._log is not None:
            self._log.close()
            self._log = None

    def _keep_archive(self, returncode: int | None) -> None:
        """The class archive this start's JVM wrote as it exited, put in place when it exited cleanly
        (stopped by SIGTERM after its shutdown hook, or by itself); a killed JVM's draft is dropped."""
        drafted, self._archive_draft = self._archive_draft, None
        if drafted is None:
            return
        draft, archive = drafted
        if returncode in CLEAN_EXITS and draft.exists() and draft.stat().st_size > 0:
            os.replace(draft, archive)  # atomic: a start maps the whole archive or none
        else:
            draft.unlink(missing_ok=True)

    def wait(self) -> int:
        """Blocks until the JVM exits by itself; returns its exit code."""
        if self._process is None:
            raise LauncherError("Neo4j is not running")
        return self._process.wait()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def ensure_class_archive(cache_dir: Path | None = None) -> Path:
    """The install's class archive (`class_archive`), made by a start and stop of a throw-away server
    when there is none yet (~30 s once); returns its path."""
    install = ensure_installed(cache_dir)
    archive = class_archive(install)
    if archive.exists():
        return archive
    folder = Path(tempfile.mkdtemp(prefix="class-archive-", dir=install.parent))
    try:
        config = LauncherConfig(
            data_dir=folder,
            bolt_port=free_port(),
            password=secrets.token_urlsafe(24),
            cache_dir=install.parent,
            share_classes=True,
        )
        with EmbeddedNeo4j(config):
            pass
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return archive


def _java_executable() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise LauncherError("Java 17 (java) is not on PATH and JAVA_HOME is not set")
    return java


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--cache-dir", type=Path, default=default_cache_dir())
    parser = argparse.ArgumentParser(prog="python -m graph.store.launcher", description="Embedded Neo4j.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "install",
        parents=[common],
        help="build the launcher, fetch Neo4j's jars, make the class archive (idempotent)",
    )
    run = commands.add_parser(
        "run", parents=[common], help="run Neo4j in the foreground until SIGTERM/SIGINT"
    )
    run.add_argument("--port", type=int, default=7687)
    run.add_argument("--data-dir", type=Path, default=default_cache_dir() / "neo4j-data")
    run.add_argument("--heap", default="1g")
    run.add_argument("--pagecache", default="512m")
    return parser.parse_args(argv)


def _run_foreground(arguments: argparse.Namespace) -> int:
    cache_dir: Path = arguments.cache_dir
    config = LauncherConfig(
        data_dir=arguments.data_dir,
        bolt_port=arguments.port,
        password=os.environ.get("NEO4J_PASSWORD") or dev_password(cache_dir),
        cache_dir=cache_dir,
        heap=arguments.heap,
        pagecache=arguments.pagecache,
    )
    stop_requested = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop_requested.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    server = EmbeddedNeo4j(config)
    with server:
        print(f"Neo4j ready at {server.uri} (user {NEO4J_USER}, data in {config.data_dir})", flush=True)
        while not stop_requested.wait(0.5):
            if not server.is_running():
                print(f"Neo4j stopped by itself; see {server.log_path}", file=sys.stderr)
                return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = _parse_args(argv)
    try:
        if arguments.command == "install":
            print(ensure_installed(arguments.cache_dir))
            try:
                print(ensure_class_archive(arguments.cache_dir))
            except LauncherError as error:
                # Only a faster start is lost: the first start that shares classes makes the archive.
                print(f"warning: no class archive: {error}", file=sys.stderr)
            return 0
        return _run_foreground(arguments)
    except LauncherError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
