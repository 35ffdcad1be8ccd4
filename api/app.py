"""The ASGI application: Starlette routes, the guarded GraphQL endpoint, and the database's lifetime."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from api.auth import AuthConfig, TokenVerifier
from api.context import Context
from api.guard import GraphQLGuard
from api.rate_limit import RateLimiter
from api.schema import build_schema
from api.subscriptions import NOBODY, WebSocketContext, authenticate
from api.workbench import graphiql_page, workbench_routes
from graph.change_feed import ChangeFeed
from graph.settings import Settings
from graph.store.database import Database, connect
from graph.store.launcher import dev_password
from graph.submissions import expire_submissions
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

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        # GraphQL over HTTP: an operation type the method does not allow (a mutation over GET) is 405.
        try:
            return await super().execute_single(*args, **kwargs)
        except HTTPException as exc:
            if isinstance(exc.__cause__, InvalidOperationTypeError):
                raise HTTPException(405, exc.reason) from exc
            raise

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
            request_id=getattr(request.state, "request_id", "graphiql-page"),
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


async def sweep_forever(db: Database, interval: float) -> None:
    """Expires unfinished reports on time. The deadlines live in the database, so a restart loses none."""
    while True:
        try:
            await expire_submissions(db)
        except Exception:
            log.exception("the expiry sweep failed; trying again in %s s", interval)
        await asyncio.sleep(interval)


def create_app(settings: Settings, db: Database | None = None) -> Starlette:
    """The app; with `db` given (tests) it uses that database and leaves it open at shutdown."""
    verifier = TokenVerifier(auth_config(settings))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if db is not None:
            yield
            return
        if not settings.neo4j_uri:
            raise RuntimeError("NEO4J_URI is not set: point it at a Neo4j server (make run does this)")
        opened = connect(
            settings, settings.neo4j_uri, settings.neo4j_password or dev_password(settings.cache_dir)
        )
        await opened.driver.verify_connectivity()
        await opened.apply_schema()
        app.state.db = opened
        sweeper = asyncio.create_task(sweep_forever(opened, settings.sweep_interval_seconds))
        try:
            yield
        finally:
            sweeper.cancel()
            await opened.close()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        try:
            await request.app.state.db.driver.verify_connectivity()
        except Exception:
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ready"})

    guard = Middleware(
        GraphQLGuard,
        verifier=verifier,
        limiter=RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst),
        max_body_bytes=settings.max_body_bytes,
        ide_enabled=settings.dev_mode,
    )
    app = Starlette(lifespan=lifespan, middleware=[guard])
    if db is not None:
        app.state.db = db
    app.state.change_feed = ChangeFeed(lambda: app.state.db)
    graphql = GraphQLEndpoint(app, settings, verifier)
    app.router.routes.extend(
        [
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            *workbench_routes(settings),
        ]
    )
    return app


def app_from_environment() -> Starlette:
    """The uvicorn factory for deployments: `uvicorn api.app:app_from_environment --factory`."""
    return create_app(Settings())
