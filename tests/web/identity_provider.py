"""A minimal OpenID provider for the sign-in test, on 127.0.0.1: discovery, the authorization code flow with
PKCE (S256 only, a code used once), a token endpoint, and its RSA key as a JWKS. Its consent page signs in
one configured person with one button. It issues the access token the API verifies (issuer, audience, role,
agency, checked against the JWKS through TIPGRAPH_AUTH_JWKS_URL) and an id token for the client.

Written for the test rather than taken from a library: the workbench needs an access token carrying the
API's audience and tipgraph's role claims, and CORS for the browser's token request."""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

KEY_ID = "test-idp-1"


@dataclass
class Person:
    subject: str
    name: str
    claims: dict[str, Any]


@dataclass
class IdentityProvider:
    issuer: str
    client_id: str
    audience: str
    person: Person
    allowed_origin: str
    exchanged: list[dict[str, str]] = field(default_factory=list)
    _codes: dict[str, dict[str, str]] = field(default_factory=dict)
    _key: rsa.RSAPrivateKey = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/authorize", self.authorize, methods=["GET", "POST"]),
                Route("/token", self.token, methods=["POST"]),
                Route("/jwks", self.jwks),
            ],
            middleware=[
                Middleware(CORSMiddleware, allow_origins=[self.allowed_origin], allow_methods=["GET", "POST"])
            ],
        )

    async def discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "grant_types_supported": ["authorization_code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["none"],
            }
        )

    async def authorize(self, request: Request) -> Response:
        if request.method == "GET":
            asked = dict(request.query_params)
            problem = self._authorization_problem(asked)
            if problem:
                return HTMLResponse(f"<p>{html.escape(problem)}</p>", status_code=400)
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                for k, v in asked.items()
            )
            return HTMLResponse(
                f'<!doctype html><html lang="en"><title>Test identity provider</title><main>'
                f"<h1>Test identity provider</h1>"
                f'<form method="post" action="/authorize">{hidden}'
                f"<button>Sign in as {html.escape(self.person.name)}</button></form></main></html>"
            )
        asked = await _form(request)
        problem = self._authorization_problem(asked)
        if problem:
            return HTMLResponse(f"<p>{html.escape(problem)}</p>", status_code=400)
        code = secrets.token_urlsafe(24)
        self._codes[code] = asked
        answer = {"code": code, "state": asked.get("state", "")}
        return RedirectResponse(f"{asked['redirect_uri']}?{urlencode(answer)}", status_code=303)

    def _authorization_problem(self, asked: dict[str, str]) -> str | None:
        if asked.get("client_id") != self.client_id:
            return "unknown client"
        if asked.get("response_type") != "code":
            return "only the authorization code flow"
        if asked.get("code_challenge_method") != "S256" or not asked.get("code_challenge"):
            return "PKCE with S256 is required"
        if not asked.get("redirect_uri", "").startswith(self.allowed_origin + "/"):
            return "redirect URI not registered"
        return None

    async def token(self, request: Request) -> Response:
        form = await _form(request)
        asked = self._codes.pop(form.get("code", ""), None)
        if asked is None or form.get("grant_type") != "authorization_code":
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
        if (
            challenge != asked["code_challenge"]
            or form.get("client_id") != self.client_id
            or form.get("redirect_uri") != asked["redirect_uri"]
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        self.exchanged.append({"client_id": form["client_id"], "code_challenge": challenge})
        now = int(time.time())
        common = {"iss": self.issuer, "sub": self.person.subject, "iat": now, "exp": now + 300}
        access = {**common, "aud": self.audience, **self.person.claims}
        identity = {**common, "aud": self.client_id, "name": self.person.name}
        if asked.get("nonce"):
            identity["nonce"] = asked["nonce"]
        return JSONResponse(
            {
                "access_token": self._sign(access),
                "id_token": self._sign(identity),
                "token_type": "Bearer",
                "expires_in": 300,
                "scope": asked.get("scope", "openid"),
            },
            headers={"Cache-Control": "no-store"},
        )

    async def jwks(self, request: Request) -> Response:
        key = RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True)
        return JSONResponse({"keys": [{**key, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]})

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": KEY_ID})


async def _form(request: Request) -> dict[str, str]:
    """An urlencoded form body (Starlette's own parser would need python-multipart for this one use)."""
    return dict(parse_qsl((await request.body()).decode()))
