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
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from api.auth import mint_token
from graph.audit import AuditTrail
from graph.bulkload import LoadRefused, load_tips
from graph.clustering.model_store import load_model
from graph.clusters.content_build import ContentRecomputeSummary
from graph.clusters.content_refresh import recluster_content
from graph.clusters.recompute import RecomputeSummary
from graph.clusters.refresh import refresh_clusters
from graph.errors import UnavailableError
from graph.ingest import IngestOutcome, IngestResult, ingest_stream
from graph.outcome_report import OutcomeReport, outcome_report
from graph.rescoring import RescoreSummary, mark_unscheduled_tips_due, rescore_due_tips
from graph.retention import purge_non_actionable
from graph.settings import Settings
from graph.store.database import Database, opened
from graph.store.launcher import EmbeddedNeo4j, LauncherConfig, dev_password, free_port
from graph.store_version import StoreBehindError
from graph.submissions import expire_submissions
from graph.synthetic import GeneratorConfig, generate, write_jsonl
from graph.tip_files import read_tips
from graph.tip_validation import clipped
from graph.tip_xml import write_xml_tips
from graph.viewer import Role, Viewer

app = typer.Typer(help="tipgraph: triage and cross-reference of tip reports.", no_args_is_help=True)

CLI_VIEWER = Viewer(subject="cli", role=Role.ANALYST)
# Exit code of a command whose database could not be reached or went away (1 is: some tips refused).
DATABASE_LOST = 3
DATABASE_LOST_ERRORS = (UnavailableError, ServiceUnavailable, SessionExpired)
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


# A bad file can refuse millions of tips: the first few say what is wrong, the count says how often.
TIPS_WITH_PROBLEMS_SHOWN = 20
PROBLEMS_SHOWN_PER_TIP = 5
# Every printed value is clipped: rich lays out a line in time quadratic in its longest word, and a
# 20 KB reportId took 34 s to print (a 2 MB one, minutes).
PRINTED_MAX_CHARS = 200


def problem_lines(result: IngestResult) -> list[Text]:
    """What the CLI prints about a refused tip: at most PROBLEMS_SHOWN_PER_TIP lines of bounded length,
    as plain text (a reportId such as `[bold]` is not rich markup)."""
    subject = f" tip #{result.index} {clipped(result.report_id or '', PRINTED_MAX_CHARS)}".rstrip()
    lines = [
        Text.assemble(
            (result.outcome.value, "yellow"),
            f"{subject}: {clipped(problem.path, PRINTED_MAX_CHARS)}: "
            f"{clipped(problem.message, PRINTED_MAX_CHARS)}",
        )
        for problem in result.problems[:PROBLEMS_SHOWN_PER_TIP]
    ]
    hidden = len(result.problems) - PROBLEMS_SHOWN_PER_TIP
    if hidden > 0:
        lines.append(
            Text.assemble((result.outcome.value, "yellow"), f"{subject}: and {hidden:,} more problems")
        )
    return lines


async def _ingest(
    settings: Settings, uri: str, path: Path, counts: dict[IngestOutcome, int] | None = None
) -> dict[IngestOutcome, int]:
    """Ingests the file; `counts` (outcome -> tips) is kept current, so a caller still has it when the
    database goes away half-way."""
    counts = dict.fromkeys(IngestOutcome, 0) if counts is None else counts
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
                if result.problems and problems_shown < TIPS_WITH_PROBLEMS_SHOWN:
                    problems_shown += 1
                    for line in problem_lines(result):
                        progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
    return counts


def _summary(counts: dict[IngestOutcome, int]) -> str:
    return ", ".join(f"{outcome.value.lower()}: {n}" for outcome, n in counts.items())


def ingest_or_exit(settings: Settings, uri: str, path: Path) -> dict[IngestOutcome, int]:
    """`_ingest`, but a database that cannot be reached or goes away ends the command with one line on
    stderr and exit code DATABASE_LOST, not a traceback."""
    counts = dict.fromkeys(IngestOutcome, 0)
    try:
        return asyncio.run(_ingest(settings, uri, path, counts))
    except DATABASE_LOST_ERRORS as error:
        reason = clipped(
            str(error).splitlines()[0] if str(error) else type(error).__name__, PRINTED_MAX_CHARS
        )
        typer.echo(
            f"tipgraph: lost the graph database at {uri} ({reason}) after {_summary(counts)}; "
            f"run the same command again to finish: tips already stored come back UNCHANGED",
            err=True,
        )
        raise typer.Exit(code=DATABASE_LOST) from None
    except StoreBehindError as behind:
        typer.echo(f"tipgraph: {behind.message}", err=True)
        raise typer.Exit(code=1) from None


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(help="A .jsonl file (one tip per line) or an .xml file (<tips>).")],
) -> None:
    """Ingests tips from a JSON Lines or XML file, idempotently, with a progress bar."""
    if not path.is_file():
        raise typer.BadParameter(f"{path} is not a file", param_hint="PATH")
    settings = Settings()
    with neo4j_uri(settings) as uri:
        counts = ingest_or_exit(settings, uri, path)
    typer.echo(_summary(counts))
    if counts[IngestOutcome.INVALID] or counts[IngestOutcome.CONFLICT]:
        raise typer.Exit(code=1)


def load_config(settings: Settings) -> LauncherConfig:
    """The embedded database `make run` serves, on a port of its own while the load has it (the load
    starts it only to check it is empty and to build the schema and clusters)."""
    return LauncherConfig(
        cache_dir=settings.cache_dir,
        data_dir=settings.cache_dir / "neo4j-data",
        bolt_port=free_port(),
        password=_password(settings),
    )


@app.command()
def load(
    paths: Annotated[
        list[Path], typer.Argument(help="JSON Lines (.jsonl), JSON or XML files of tips.", show_default=False)
    ],
    workers: Annotated[
        int | None, typer.Option(min=1, help="Processes preparing tips (default: every core).")
    ] = None,
) -> None:
    """Loads tips into an EMPTY database through Neo4j's offline importer, then clusters them: for a
    backfill or a restore. Refuses a database that holds anything, and loads nothing from files with a
    refused tip."""
    for path in paths:
        if not path.is_file():
            raise typer.BadParameter(f"{path} is not a file", param_hint="PATHS")
    settings = Settings()
    if settings.neo4j_uri:
        typer.echo(
            "tipgraph: `tipgraph load` writes the embedded database's store offline; it cannot load into "
            f"the server at NEO4J_URI={settings.neo4j_uri} (unset it, or use `tipgraph ingest`)",
            err=True,
        )
        raise typer.Exit(code=2)

    def report(phase: str, seconds: float) -> None:
        typer.echo(f"{phase}: {seconds:.1f} s")

    try:
        done = asyncio.run(
            load_tips(settings, load_config(settings), paths, CLI_VIEWER, workers=workers, report=report)
        )
    except LoadRefused as refused:
        for result in refused.refused[:TIPS_WITH_PROBLEMS_SHOWN]:
            for line in problem_lines(result):
                typer.echo(line.plain, err=True)
        typer.echo(f"tipgraph: {refused.message}", err=True)
        raise typer.Exit(code=1) from None
    clusters = done.clusters
    clustered = f"; {clusters.clusters} clusters ({clusters.clustered_tips} tips)" if clusters else ""
    typer.echo(
        f"loaded {done.created} tips ({done.unchanged} repeated in the input), "
        f"{done.identifiers} identifiers, {done.relationships} occurrences{clustered} "
        f"in {done.total_seconds:.1f} s"
    )


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
            counts = ingest_or_exit(settings, uri, target)
        typer.echo(_summary(counts))


clusters_app = typer.Typer(help="Clusters of tips.", no_args_is_help=True)
app.add_typer(clusters_app, name="clusters")


@clusters_app.command("recompute")
def recompute(
    full: bool = typer.Option(False, "--full", help="recluster every tip, not only what changed"),
) -> None:
    """Reclusters what changed since the last recompute, or every tip when that cannot be known or with
    --full (judgements respected, ids kept), and writes the clusters back: either way as a full recompute."""
    settings = Settings()

    async def run_recompute(uri: str) -> tuple[RecomputeSummary, ContentRecomputeSummary]:
        async with database(settings, uri) as db:
            actors = await refresh_clusters(db, model=load_model(settings.cache_dir), full=full)
            # Content clusters are their own step, on their own statements, after the actor clusters.
            return actors, await recluster_content(db, full=full)

    with neo4j_uri(settings) as uri:
        try:
            s, content = asyncio.run(run_recompute(uri))
        except StoreBehindError as behind:
            typer.echo(f"tipgraph: {behind.message}", err=True)
            raise typer.Exit(code=1) from None
    what = "changed clusters" if s.changed_only else "clusters"
    typer.echo(
        f"{s.clusters} {what} ({s.clustered_tips} tips, largest {s.largest}); {s.tips_changed} tips, "
        f"{s.clusters_written} clusters written, {s.clusters_deleted} deleted in {s.total_seconds:.1f} s"
    )
    typer.echo(
        f"{content.clusters} content clusters ({content.digests} content digests, largest "
        f"{content.largest}); {content.written} written, {content.deleted} deleted"
    )


model_app = typer.Typer(help="The evidence model that weighs links between tips.", no_args_is_help=True)
app.add_typer(model_app, name="model")


@model_app.command("train")
def train() -> None:
    """Fits the evidence model by EM on the store's candidate pairs (judgements as labels) and stores it."""
    from graph.evidence_training import TrainingSummary, train_model

    settings = Settings()

    async def run_training(uri: str) -> TrainingSummary:
        async with database(settings, uri) as db:
            return await train_model(db, settings)

    with neo4j_uri(settings) as uri:
        try:
            s = asyncio.run(run_training(uri))
        except ValueError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from error
    typer.echo(
        f"evidence model {s.model.version} fitted on {s.pairs} candidate pairs and {s.judged} judgements "
        f"(prior {s.model.prior:.3f}); written to {s.path}"
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
def rescore(
    backfill: Annotated[
        bool,
        typer.Option(
            "--backfill",
            help="Once, after upgrading: also re-score tips stored before scores had a validity.",
        ),
    ] = False,
) -> None:
    """Re-scores tips whose evidence age or preservation deadline entered a new band (audited). Run it
    from a scheduler: the API does not sweep scores itself yet."""
    settings = Settings()

    async def run_rescore(uri: str) -> RescoreSummary:
        async with database(settings, uri) as db:
            if backfill:
                typer.echo(f"marked {await mark_unscheduled_tips_due(db)} tips scored before this version")
            trail = AuditTrail(viewer=CLI_VIEWER, request_id=uuid.uuid4().hex, operation="cli")
            return await rescore_due_tips(db, settings, trail)

    with neo4j_uri(settings) as uri:
        done = asyncio.run(run_rescore(uri))
    typer.echo(
        f"re-scored {done.rescored} tips ({done.changed} changed score, class or priority); "
        f"{done.unscorable} could not be re-scored (content purged)"
    )


report_app = typer.Typer(help="Reports for reviewing triage.", no_args_is_help=True)
app.add_typer(report_app, name="report")
REPORT_VIEWER = Viewer(subject="cli", role=Role.SUPERVISOR)


@report_app.command("outcomes")
def outcomes(
    received_from: Annotated[
        datetime | None,
        typer.Option("--from", help="Tips received at or after (ISO 8601, UTC if no offset)."),
    ] = None,
    received_to: Annotated[
        datetime | None, typer.Option("--to", help="Tips received before (ISO 8601, UTC if no offset).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per group instead of a table.")
    ] = False,
) -> None:
    """Referral outcomes by score band, priority, platform and agency, to review the weights against what
    investigators found."""
    settings = Settings()
    start, end = (
        moment.replace(tzinfo=moment.tzinfo or UTC) if moment else None
        for moment in (received_from, received_to)
    )

    async def run_report(uri: str) -> OutcomeReport:
        async with database(settings, uri) as db:
            return await outcome_report(db, REPORT_VIEWER, start, end)

    with neo4j_uri(settings) as uri:
        found = asyncio.run(run_report(uri))
    if as_json:
        for group in found.groups:
            row = {
                "scoreFrom": group.score_from,
                "scoreTo": group.score_to,
                "priority": group.priority,
                "platform": group.platform,
                "agency": group.agency,
                "referred": group.referred,
                "pending": group.pending,
                "fruitful": group.fruitful,
                "outcomes": {outcome.value: count for outcome, count in group.outcomes},
            }
            typer.echo(orjson.dumps(row).decode())
        return
    typer.echo(
        f"{'score':>7}  {'prio':6}  {'platform':20}  {'agency':14}  referred  pending  fruitful  outcomes"
    )
    for group in found.groups:
        counts = ", ".join(f"{outcome.value} {count}" for outcome, count in group.outcomes)
        band = f"{group.score_from:>3}-{group.score_to:<3}"
        platform = (group.platform or "-")[:20]
        typer.echo(
            f"{band}  {group.priority or '-':6}  {platform:20}  {group.agency[:14]:14}  "
            f"{group.referred:>8}  {group.pending:>7}  {group.fruitful:>8}  {counts}"
        )
    typer.echo(f"{found.referred} referrals")


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
    workers: Annotated[
        int, typer.Option(min=1, help="API processes; they share the rate limit, metrics and sweep.")
    ] = 1,
) -> None:
    """Starts Neo4j (embedded unless NEO4J_URI is set), loads demo data and serves the API."""
    from api.workers import serve

    settings = Settings()
    with neo4j_uri(settings, port=bolt_port) as uri:
        os.environ["NEO4J_URI"] = uri
        os.environ.setdefault("TIPGRAPH_DEV_MODE", "true")
        if not (settings.auth_jwks_file or settings.auth_jwks_url):
            os.environ["TIPGRAPH_AUTH_HS256_SECRET"] = dev_jwt_secret(settings)
        served = Settings()
        example = Path(__file__).resolve().parent.parent / "examples" / "tip.json"
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
        typer.echo(f"{workers} worker process{'es' if workers > 1 else ''}")
        serve(host, port, workers)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
