"""The `tipgraph` command line: serve the API, ingest files, generate synthetic data, mint dev tokens."""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.auth import mint_token
from graph.audit import AuditTrail
from graph.clusters import RecomputeSummary, recompute_clusters
from graph.ingest import IngestOutcome, ingest_stream
from graph.retention import purge_non_actionable
from graph.settings import Settings
from graph.store.database import Database, opened
from graph.store.launcher import EmbeddedNeo4j, LauncherConfig, dev_password
from graph.submissions import expire_submissions
from graph.synthetic import GeneratorConfig, generate, write_jsonl
from graph.tip_files import read_tips
from graph.tip_xml import write_xml_tips
from graph.viewer import Role, Viewer

app = typer.Typer(help="tipgraph: triage and cross-reference of tip reports.", no_args_is_help=True)

CLI_VIEWER = Viewer(subject="cli", role=Role.ANALYST)
DEV_SECRET_FILE = "dev-jwt-secret"


def dev_jwt_secret(settings: Settings) -> str:
    """The HS256 secret of development tokens: the configured one, else one generated once into .cache."""
    if settings.auth_hs256_secret:
        return settings.auth_hs256_secret
    path = settings.cache_dir / DEV_SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _password(settings: Settings) -> str:
    return settings.neo4j_password or dev_password(settings.cache_dir)


@contextmanager
def neo4j_uri(settings: Settings, port: int = 7687, data_dir: Path | None = None) -> Iterator[str]:
    """NEO4J_URI when set; otherwise the embedded Neo4j, started here and stopped on exit."""
    if settings.neo4j_uri:
        yield settings.neo4j_uri
        return
    config = LauncherConfig(
        cache_dir=settings.cache_dir,
        data_dir=data_dir or settings.cache_dir / "neo4j-data",
        bolt_port=port,
        password=_password(settings),
    )
    with EmbeddedNeo4j(config) as server:
        yield server.uri


@asynccontextmanager
async def database(settings: Settings, uri: str) -> AsyncIterator[Database]:
    async with opened(settings, uri, _password(settings)) as db:
        yield db


async def _ingest(settings: Settings, uri: str, path: Path) -> dict[IngestOutcome, int]:
    counts = dict.fromkeys(IngestOutcome, 0)
    problems_shown = 0
    async with database(settings, uri) as db:
        with Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("tips"),
            TimeElapsedColumn(),
        ) as progress:
            task = progress.add_task("ingest", total=None)
            trail = AuditTrail(viewer=CLI_VIEWER, request_id=uuid.uuid4().hex, operation="cli")
            async for result in ingest_stream(db, settings, trail, read_tips(path)):
                counts[result.outcome] += 1
                progress.advance(task)
                if result.problems and problems_shown < 20:
                    problems_shown += 1
                    for problem in result.problems:
                        progress.console.print(
                            f"[yellow]{result.outcome}[/] tip #{result.index} {result.report_id or ''}: "
                            f"{problem.path}: {problem.message}"
                        )
    return counts


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(help="A .jsonl file (one tip per line) or an .xml file (<tips>).")],
) -> None:
    """Ingests tips from a JSON Lines or XML file, idempotently, with a progress bar."""
    if not path.is_file():
        raise typer.BadParameter(f"{path} is not a file", param_hint="PATH")
    settings = Settings()
    with neo4j_uri(settings) as uri:
        counts = asyncio.run(_ingest(settings, uri, path))
    typer.echo(", ".join(f"{outcome.value.lower()}: {n}" for outcome, n in counts.items()))
    if counts[IngestOutcome.INVALID] or counts[IngestOutcome.CONFLICT]:
        raise typer.Exit(code=1)


def write_synthetic(tips: int, seed: int, path: Path) -> Path:
    """Writes synthetic tips (.jsonl or .xml) and their ground truth beside them; returns the truth's path."""
    # Anchored to today so the same seed gives the same data all day, and every date stays in the past.
    now = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    config = GeneratorConfig(tips=tips, seed=seed, now=now)
    truth = path.with_suffix(".truth.jsonl")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".xml":
        generated = list(generate(config))
        with path.open("wb") as sink:
            write_xml_tips((g.tip for g in generated), sink)
        truth.write_bytes(b"".join(orjson.dumps(g.truth.to_json_dict()) + b"\n" for g in generated))
    else:
        write_jsonl(config, path, truth)
    return truth


@app.command()
def seed(
    tips: Annotated[int, typer.Option(help="How many tips to generate.")] = 2000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same data.")] = 7,
    out: Annotated[
        Path | None, typer.Option(help="Write here (.jsonl or .xml) instead of ingesting.")
    ] = None,
) -> None:
    """Generates synthetic tips with ground truth (written beside the output as *.truth.jsonl)."""
    settings = Settings()
    target = out or settings.cache_dir / "seed" / f"seed-{tips}-{seed}.jsonl"
    truth = write_synthetic(tips=tips, seed=seed, path=target)
    typer.echo(f"wrote {tips} tips to {target} and their ground truth to {truth}")
    if out is None:
        with neo4j_uri(settings) as uri:
            counts = asyncio.run(_ingest(settings, uri, target))
        typer.echo(", ".join(f"{outcome.value.lower()}: {n}" for outcome, n in counts.items()))


clusters_app = typer.Typer(help="Clusters of tips.", no_args_is_help=True)
app.add_typer(clusters_app, name="clusters")


@clusters_app.command("recompute")
def recompute() -> None:
    """Clusters every tip from scratch (judgements respected, ids kept) and writes the clusters back."""
    settings = Settings()

    async def run_recompute(uri: str) -> RecomputeSummary:
        async with database(settings, uri) as db:
            return await recompute_clusters(db)

    with neo4j_uri(settings) as uri:
        s = asyncio.run(run_recompute(uri))
    typer.echo(
        f"{s.clusters} clusters ({s.clustered_tips} tips, largest {s.largest}); {s.tips_changed} tips, "
        f"{s.clusters_written} clusters written, {s.clusters_deleted} deleted in {s.total_seconds:.1f} s"
    )


@app.command()
def sweep() -> None:
    """Expires unfinished reports whose time ran out (the API also does this every minute)."""
    settings = Settings()

    async def run_sweep(uri: str) -> list[str]:
        async with database(settings, uri) as db:
            return await expire_submissions(db)

    with neo4j_uri(settings) as uri:
        expired = asyncio.run(run_sweep(uri))
    typer.echo(f"expired {len(expired)} unfinished reports")


@app.command()
def purge() -> None:
    """Removes the report content of NON_ACTIONABLE tips past the retention period (audited)."""
    settings = Settings()

    async def run_purge(uri: str) -> list[str]:
        async with database(settings, uri) as db:
            trail = AuditTrail(viewer=CLI_VIEWER, request_id=uuid.uuid4().hex, operation="cli")
            return await purge_non_actionable(db, settings, trail)

    with neo4j_uri(settings) as uri:
        purged = asyncio.run(run_purge(uri))
    days = settings.retention_days_non_actionable
    typer.echo(f"purged the report content of {len(purged)} NON_ACTIONABLE tips older than {days} days")


@app.command()
def token(
    role: Annotated[Role, typer.Option(help="reporter, analyst, investigator, supervisor, auditor.")],
    agency: Annotated[
        str | None, typer.Option(help="The agency (investigator) or service (reporter).")
    ] = None,
    subject: Annotated[str | None, typer.Option(help="Who the token speaks for.")] = None,
    hours: Annotated[int, typer.Option(help="How long it is valid.")] = 8,
) -> None:
    """Mints a development token (HS256), ready for an Authorization: Bearer header."""
    settings = Settings()
    try:
        minted = mint_token(
            secret=dev_jwt_secret(settings),
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            subject=subject or f"dev-{role.value}",
            role=role,
            agency=agency,
            ttl=timedelta(hours=hours),
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    typer.echo(minted)


@app.command()
def schema() -> None:
    """Prints the GraphQL schema (SDL) the API serves; web/schema.graphql is this output, checked in."""
    from api.schema import build_schema

    typer.echo(build_schema(Settings()).as_str())


@app.command()
def run(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    bolt_port: Annotated[int, typer.Option(help="Port of the embedded Neo4j.")] = 7687,
    demo_tips: Annotated[int, typer.Option(help="Synthetic tips loaded at start (0 for none).")] = 2000,
) -> None:
    """Starts Neo4j (embedded unless NEO4J_URI is set), loads demo data and serves the API."""
    import uvicorn

    from api.app import create_app

    settings = Settings()
    with neo4j_uri(settings, port=bolt_port) as uri:
        os.environ["NEO4J_URI"] = uri
        os.environ.setdefault("TIPGRAPH_DEV_MODE", "true")
        if not (settings.auth_jwks_file or settings.auth_jwks_url):
            os.environ["TIPGRAPH_AUTH_HS256_SECRET"] = dev_jwt_secret(settings)
        served = Settings()
        example = Path(__file__).resolve().parent.parent.parent / "shared" / "examples" / "tip.json"
        if demo_tips:
            demo = settings.cache_dir / "seed" / f"demo-{demo_tips}.jsonl"
            if not demo.exists():
                write_synthetic(tips=demo_tips, seed=2026, path=demo)
            asyncio.run(_ingest(served, uri, demo))
        if example.exists():
            asyncio.run(_ingest(served, uri, example))
        analyst = mint_token(
            secret=dev_jwt_secret(served),
            issuer=served.auth_issuer,
            audience=served.auth_audience,
            subject="dev-analyst",
            role=Role.ANALYST,
            agency=None,
        )
        typer.echo(f"tipgraph workbench on http://{host}:{port}/ (sign in with a dev role)")
        typer.echo(f"tipgraph API on http://{host}:{port}/graphql (Neo4j at {uri})")
        typer.echo("An analyst token for GraphiQL's headers (valid 8 h):")
        typer.echo(f'{{"Authorization": "Bearer {analyst}"}}')
        uvicorn.run(create_app(served), host=host, port=port, log_level="info")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
