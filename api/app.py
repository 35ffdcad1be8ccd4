"""The ASGI application: Starlette routes, the GraphQL endpoint, and the database's lifetime."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.context import Context
from api.schema import build_schema
from graph.settings import Settings
from graph.store.database import Database, connect
from graph.store.launcher import dev_password
from graph.viewer import Role, Viewer


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(self, app: Starlette, settings: Settings) -> None:
        super().__init__(
            build_schema(),
            graphql_ide="graphiql" if settings.dev_mode else None,
            allow_queries_via_get=True,
        )
        self.app = app
        self.settings = settings

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        db: Database = self.app.state.db
        viewer = Viewer(subject="dev", role=Role.ANALYST)
        return Context(viewer=viewer, db=db, settings=self.settings, request_id=uuid.uuid4().hex)


def create_app(settings: Settings, db: Database | None = None) -> Starlette:
    """The app; with `db` given (tests) it uses that database and leaves it open at shutdown."""

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
        try:
            yield
        finally:
            await opened.close()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        try:
            await request.app.state.db.driver.verify_connectivity()
        except Exception:
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ready"})

    app = Starlette(lifespan=lifespan)
    if db is not None:
        app.state.db = db
    app.router.routes.extend(
        [
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", GraphQLEndpoint(app, settings), methods=["GET", "POST"]),
        ]
    )
    return app


def app_from_environment() -> Starlette:
    """The uvicorn factory for deployments: `uvicorn api.app:app_from_environment --factory`."""
    return create_app(Settings())
