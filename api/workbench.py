"""The workbench web app: its built assets at `/` (client routes fall back to index.html), the GraphiQL page
built from the same assets (nothing loaded from the internet), the sign-in configuration the app reads at
start, and, in dev mode only, the endpoint that mints a development token for a picked role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from api.auth import mint_token
from graph.settings import Settings
from graph.viewer import Role

NOT_BUILT = (
    "<!doctype html><html lang=en><title>tipgraph</title><main><h1>The workbench is not built</h1>"
    "<p>Run <code>make web</code> (Node 20.19+), then reload.</p></main></html>"
)
Endpoint = Callable[[Request], Awaitable[Response]]
# Client routes are paths without a file extension; a missing asset (a .js or .css) stays a 404, so a
# stale page never gets HTML where it expected a script.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; font-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class SinglePageApp(StaticFiles):
    """StaticFiles whose unknown paths answer with index.html, for the app's own router; a missing build
    asset (under assets/) or top-level file stays 404. A client route's last part may hold a dot (the
    identifier chart of an email, a domain, an IP), so a dot alone does not make a path a file."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            parts = Path(path).parts
            is_file = (parts[:1] == ("assets",)) or (len(parts) == 1 and "." in parts[0])
            if exc.status_code != 404 or is_file:
                raise
            response = await super().get_response("index.html", scope)
        response.headers.update(SECURITY_HEADERS)
        return response


def graphiql_page(settings: Settings) -> Response:
    page = settings.web_dir / "graphiql.html"
    if not page.is_file():
        return HTMLResponse(NOT_BUILT, status_code=503)
    return HTMLResponse(page.read_text(encoding="utf-8"), headers=SECURITY_HEADERS)


def workbench_routes(settings: Settings) -> list[BaseRoute]:
    """Routes to add after the API's own: the sign-in config, the dev token (dev mode), and the app."""
    routes: list[BaseRoute] = [Route("/workbench/config", _config_endpoint(settings))]
    if settings.dev_mode and settings.auth_hs256_secret:
        routes.append(Route("/workbench/dev-token", _dev_token_endpoint(settings), methods=["POST"]))
    if (settings.web_dir / "index.html").is_file():
        routes.append(Mount("/", SinglePageApp(directory=settings.web_dir, html=True)))
    else:
        routes.append(Route("/{path:path}", _not_built))
    return routes


async def _not_built(request: Request) -> Response:
    return HTMLResponse(NOT_BUILT, status_code=503)


def _config_endpoint(settings: Settings) -> Endpoint:
    config = {
        "devMode": settings.dev_mode,
        "oidc": {
            "authority": settings.oidc_authority,
            "clientId": settings.oidc_client_id,
            "scope": settings.oidc_scope,
        }
        if settings.oidc_authority and settings.oidc_client_id
        else None,
    }

    async def endpoint(request: Request) -> Response:
        return JSONResponse(config)

    return endpoint


def _dev_token_endpoint(settings: Settings) -> Endpoint:
    secret = settings.auth_hs256_secret
    assert secret is not None

    async def endpoint(request: Request) -> Response:
        try:
            body = await request.json()
            role = Role(body.get("role"))
            agency = body.get("agency") or None
            if agency is not None and not isinstance(agency, str):
                raise ValueError("agency must be a string")
            token = mint_token(
                secret=secret,
                issuer=settings.auth_issuer,
                audience=settings.auth_audience,
                subject=f"dev-{role.value}" + (f"-{agency}" if agency else ""),
                role=role,
                agency=agency,
            )
        except (ValueError, AttributeError, TypeError) as exc:
            message = str(exc) if isinstance(exc, ValueError) else "expected {role, agency}"
            return JSONResponse(
                {"errors": [{"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]}, status_code=400
            )
        return JSONResponse({"token": token, "role": role.value, "agency": agency})

    return endpoint
