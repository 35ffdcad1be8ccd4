"""The ASGI application: Starlette routes, the guarded GraphQL endpoint, and the database's lifetime."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any, cast

import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from api.auth import AuthConfig, TokenVerifier
from api.context import Context
from api.graphql_http import decode_request_json, refusal, shaped_result, status_of
from api.guard import GraphQLGuard
from api.json_logs import configure_logging
from api.metrics import metrics_endpoint, observe_statement
from api.rate_limit import Limiter, RateLimiter, SharedRateLimiter
from api.request_observer import RequestObserver, note_operation
from api.schema import build_schema
from api.subscriptions import NOBODY, WebSocketContext, authenticate
from api.sweep import sweep_forever, sweep_lease
from api.tip_export import EXPORT_PATH_PREFIX, export_routes
from api.workbench import graphiql_page, workbench_routes
from graph.audit import ReadRecords
from graph.change_feed import ChangeFeed
from graph.settings import Settings
from graph.store.database import Database, connect
from graph.store.launcher import dev_password
from graph.store_version import StoreBehindError, missing_migrations
from graph.viewer import Role, Viewer

log = logging.getLogger("tipgraph.api")


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(self, app: Starlette, settings: Settings, verifier: TokenVerifier) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide="graphiql" if settings.dev_mode else None,
            allow_queries_via_get=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=10),
        )
        self.app = app
        self.settings = settings
        self.verifier = verifier

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        if isinstance(context, WebSocketContext):
            await authenticate(context, self.verifier)
        unset: UnsetType = UNSET
        return unset

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # strawberry answers its own refusals (bad body, wrong method) in plain text; ours are GraphQL-shaped.
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope, receive))
        except HTTPException as exc:
            response = refusal(exc.status_code, exc.reason)
        await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        return decode_request_json(data)

    def encode_json(self, data: object) -> str:
        # orjson: a page of linked tips encodes in a tenth of json.dumps' time. Text, not bytes, since
        # strawberry sends bytes over a WebSocket as binary frames, which graphql-ws clients do not read.
        return orjson.dumps(data).decode()

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        shaped = shaped_result(dict(await super().process_result(request, result)), _request_id(request))
        return cast(GraphQLHTTPResponse, shaped)

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        status = status_of(response_data) if isinstance(response_data, dict) else None
        if status is not None:
            response.status_code = status
        return response

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        # GraphQL over HTTP: an operation type the method does not allow (a mutation over GET) is 405.
        try:
            return await super().execute_single(*args, **kwargs)
        except HTTPException as exc:
            if isinstance(exc.__cause__, InvalidOperationTypeError):
                raise HTTPException(405, exc.reason) from exc
            raise
        finally:
            # The audit hook learnt which operation ran (named in the document when the request names none).
            executed = kwargs["context"].trail.operation_name or kwargs["request_data"].operation_name
            note_operation(kwargs["request"].state, executed)

    async def render_graphql_ide(self, request: Request) -> Response:
        # GraphiQL from the workbench's own built assets: strawberry's page loads it from a public CDN.
        return graphiql_page(self.settings)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        if isinstance(request, WebSocket):
            return self.websocket_context()
        # GraphQLGuard put the authenticated viewer and the request id in the scope's state. The one request
        # it lets through without a token is the GraphiQL page (dev mode), for which strawberry builds a
        # context it never executes with; anything else without a viewer is refused here as well.
        viewer = getattr(request.state, "viewer", None)
        if viewer is None:
            ide_page = request.scope.get("method") == "GET" and not request.query_params
            if not (self.settings.dev_mode and ide_page):
                raise HTTPException(401, "missing bearer token")
            viewer = Viewer(subject="graphiql-page", role=Role.REPORTER)
        return Context(
            viewer=viewer,
            db=self.app.state.db,
            settings=self.settings,
            request_id=_request_id(request),
            read_records=self.app.state.read_records,
        )

    def websocket_context(self) -> WebSocketContext:
        # Nobody until connection_init carries a verified token (api/subscriptions.authenticate).
        return WebSocketContext(
            viewer=NOBODY,
            db=self.app.state.db,
            settings=self.settings,
            request_id=uuid.uuid4().hex,
            feed=self.app.state.change_feed,
        )


def _request_id(request: Request | WebSocket) -> str:
    return str(getattr(request.state, "request_id", "graphiql-page"))


def auth_config(settings: Settings) -> AuthConfig:
    if not (settings.auth_hs256_secret or settings.auth_jwks_file or settings.auth_jwks_url):
        raise RuntimeError(
            "no token keys configured: set TIPGRAPH_AUTH_JWKS_URL or TIPGRAPH_AUTH_JWKS_FILE "
            "(production) or TIPGRAPH_AUTH_HS256_SECRET (development)"
        )
    return AuthConfig(
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        hs256_secret=settings.auth_hs256_secret,
        jwks_file=settings.auth_jwks_file,
        jwks_url=settings.auth_jwks_url,
    )


def rate_limiter(settings: Settings) -> Limiter:
    """Shared by every worker of the host when they are given a file for it, else this process's own."""
    if settings.rate_limit_file is not None:
        return SharedRateLimiter(
            settings.rate_limit_file, settings.rate_limit_per_second, settings.rate_limit_burst
        )
    return RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst)


async def warn_if_behind(db: Database) -> None:
    """A store kept from an older tipgraph is still served, so the server starts (a viewer can read what is
    stored) while what depends on a migration refuses it with STORE_BEHIND naming the command to run
    (ingest, recompute: graph/store_version.py). Said at startup, where the operator looks first."""
    missing = await missing_migrations(db)
    if missing:
        log.warning(StoreBehindError(missing).message)


def create_app(settings: Settings, db: Database | None = None) -> Starlette:
    """The app; with `db` given (tests) it uses that database and leaves it open at shutdown."""
    verifier = TokenVerifier(auth_config(settings))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if db is not None:
            yield
            await app.state.read_records.flush()
            return
        if not settings.neo4j_uri:
            raise RuntimeError("NEO4J_URI is not set: point it at a Neo4j server (make run does this)")
        opened = connect(
            settings, settings.neo4j_uri, settings.neo4j_password or dev_password(settings.cache_dir)
        )
        opened.observe_statement = observe_statement
        await opened.driver.verify_connectivity()
        await opened.apply_schema()
        await warn_if_behind(opened)
        app.state.db = opened
        interval = settings.sweep_interval_seconds
        sweeper = asyncio.create_task(
            sweep_forever(opened, interval, sweep_lease(opened, interval), settings)
        )
        try:
            yield
        finally:
            sweeper.cancel()
            # Let it hand the sweep lease back before the driver closes.
            await asyncio.wait([sweeper], timeout=5)
            # Read records still being written when the server stops land before the driver closes.
            await app.state.read_records.flush()
            await opened.close()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        # /healthz says the process answers; this says whether the database does too (within the driver's
        # connection timeout), so an orchestrator can tell a dead process from a lost database.
        try:
            await request.app.state.db.driver.verify_connectivity()
        except Exception:
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        return JSONResponse({"status": "ready", "database": "ok"})

    guard = Middleware(
        GraphQLGuard,
        verifier=verifier,
        limiter=rate_limiter(settings),
        max_body_bytes=settings.max_body_bytes,
        ide_enabled=settings.dev_mode,
        prefixes=(EXPORT_PATH_PREFIX,),
    )
    routes = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics_endpoint(settings)),
    ]
    observer = Middleware(RequestObserver, routes=frozenset(r.path for r in routes) | {"/graphql"})
    app = Starlette(lifespan=lifespan, middleware=[observer, guard])
    if db is not None:
        db.observe_statement = observe_statement
        app.state.db = db
    app.state.change_feed = ChangeFeed(lambda: app.state.db)
    app.state.read_records = ReadRecords(lambda: app.state.db)
    graphql = GraphQLEndpoint(app, settings, verifier)
    app.router.routes.extend(
        [
            *routes,
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            *export_routes(settings),
            *workbench_routes(settings),
        ]
    )
    return app


def app_from_environment() -> Starlette:
    """The uvicorn factory for deployments: `uvicorn api.app:app_from_environment --factory`; it runs in each
    worker, so each one logs in the configured format."""
    settings = Settings()
    configure_logging(settings)
    return create_app(settings)
