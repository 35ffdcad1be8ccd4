"""Token attacks and bearer-token verification: HS256 development tokens, RS256/ES256 tokens from a JWKS
file or URL. alg none, key confusion, forged and tampered signatures, expired or future tokens, wrong
issuer or audience, missing or mistyped claims: each refused with a reason that never echoes the token."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from api.app import create_app
from api.auth import (
    VERIFIED_TOKEN_TTL_SECONDS,
    AuthConfig,
    AuthenticationError,
    SigningKeysUnavailableError,
    TokenVerifier,
    mint_token,
)
from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Role, Viewer
from tests.conftest import TEST_SECRET

ISSUER = "https://id.example.org/"
AUDIENCE = "tipgraph"
SECRET = secrets.token_urlsafe(32)


def claims(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "user-17",
        "role": "analyst",
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    values.update(overrides)
    return {name: value for name, value in values.items() if value is not None}


def json_claims(**overrides: Any) -> dict[str, Any]:
    """`claims` with times as NumericDate seconds, for tokens built by hand."""
    return {
        name: int(value.timestamp()) if isinstance(value, datetime) else value
        for name, value in claims(**overrides).items()
    }


def bearer(token: str) -> str:
    return f"Bearer {token}"


def rejection(verifier: TokenVerifier, header: str | None) -> str:
    with pytest.raises(AuthenticationError) as caught:
        verifier.verify(header)
    return caught.value.message


@pytest.fixture
def hs_verifier() -> TokenVerifier:
    return TokenVerifier(AuthConfig(issuer=ISSUER, audience=AUDIENCE, hs256_secret=SECRET))


def dev_token(role: Role = Role.ANALYST, agency: str | None = None, **kwargs: Any) -> str:
    return mint_token(
        secret=SECRET, issuer=ISSUER, audience=AUDIENCE, subject="user-17", role=role, agency=agency, **kwargs
    )


# --- HS256 development tokens ---


@pytest.mark.parametrize(
    ("role", "agency", "expected"),
    [
        (Role.ANALYST, None, Viewer("user-17", Role.ANALYST)),
        (Role.SUPERVISOR, None, Viewer("user-17", Role.SUPERVISOR)),
        (Role.AUDITOR, None, Viewer("user-17", Role.AUDITOR)),
        (Role.INVESTIGATOR, "agency-tx-03", Viewer("user-17", Role.INVESTIGATOR, "agency-tx-03")),
        (Role.REPORTER, "esp-example", Viewer("user-17", Role.REPORTER, "esp-example")),
    ],
)
def test_minted_token_verifies_to_its_viewer(
    hs_verifier: TokenVerifier, role: Role, agency: str | None, expected: Viewer
) -> None:
    assert hs_verifier.verify(bearer(dev_token(role, agency))) == expected


def test_bearer_scheme_is_case_insensitive(hs_verifier: TokenVerifier) -> None:
    assert hs_verifier.verify(f"bearer  {dev_token()} ").role is Role.ANALYST


@pytest.mark.parametrize("header", [None, "", "   ", "Bearer", "Bearer   "])
def test_missing_token_is_refused(hs_verifier: TokenVerifier, header: str | None) -> None:
    assert rejection(hs_verifier, header) == "missing bearer token"


def test_other_scheme_is_refused(hs_verifier: TokenVerifier) -> None:
    assert rejection(hs_verifier, "Basic dXNlcjpwYXNz") == "authorization header must be 'Bearer <token>'"


def test_garbage_token_is_malformed(hs_verifier: TokenVerifier) -> None:
    assert rejection(hs_verifier, "Bearer not.a.jwt") == "malformed token"


def test_expired_token_is_refused(hs_verifier: TokenVerifier) -> None:
    token = dev_token(ttl=timedelta(minutes=5), now=datetime.now(UTC) - timedelta(minutes=10))
    assert rejection(hs_verifier, bearer(token)) == "token expired"


class CountingVerifier(TokenVerifier):
    """Counts full verifications (signature and claims), on a clock the test moves."""

    def __init__(self, config: AuthConfig) -> None:
        self.now = datetime.now(UTC).timestamp()
        super().__init__(config, clock=lambda: self.now)
        self.decoded = 0

    def decode_cursor(self, token: str, key: str | jwt.PyJWK, algorithm: str) -> dict[str, Any]:
        self.decoded += 1
        return super().decode_cursor(token, key, algorithm)


@pytest.fixture
def counting() -> CountingVerifier:
    return CountingVerifier(AuthConfig(issuer=ISSUER, audience=AUDIENCE, hs256_secret=SECRET))


def test_a_verified_token_is_taken_again_until_its_time_to_live_ends(counting: CountingVerifier) -> None:
    token = bearer(dev_token(Role.INVESTIGATOR, "agency-tx-03"))
    expected = Viewer("user-17", Role.INVESTIGATOR, "agency-tx-03")
    assert counting.verify(token) == expected
    assert counting.verify(f"bearer  {token[7:]} ") == expected
    assert counting.decoded == 1
    counting.now += VERIFIED_TOKEN_TTL_SECONDS - 1
    assert counting.verify(token) == expected
    assert counting.decoded == 1
    counting.now += 1
    assert counting.verify(token) == expected
    assert counting.decoded == 2


def test_a_verified_token_is_verified_again_once_it_has_expired(counting: CountingVerifier) -> None:
    # Accepted within the leeway, but already past its exp: never answered from what was verified.
    token = bearer(
        dev_token(ttl=timedelta(minutes=5), now=datetime.now(UTC) - timedelta(minutes=5, seconds=10))
    )
    assert counting.verify(token).subject == "user-17"
    assert counting.verify(token).subject == "user-17"
    assert counting.decoded == 2
    # One that expires within the time to live is taken again only until its exp.
    expiring = dev_token(ttl=timedelta(seconds=20))
    exp = jwt.decode(expiring, options={"verify_signature": False})["exp"]
    counting.now = exp - 1
    counting.verify(bearer(expiring))
    counting.verify(bearer(expiring))
    assert counting.decoded == 3
    counting.now = exp
    counting.verify(bearer(expiring))  # the real clock has not reached exp: verified in full, and accepted
    assert counting.decoded == 4


def test_a_token_like_a_verified_one_is_verified_in_full(counting: CountingVerifier) -> None:
    token = dev_token()
    counting.verify(bearer(token))
    head, payload, signature = token.split(".")
    tampered = f"{head}.{payload}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    assert rejection(counting, bearer(tampered)) == "bad signature"
    other = dev_token(Role.REPORTER, "esp-example")
    assert counting.verify(bearer(other)) == Viewer("user-17", Role.REPORTER, "esp-example")
    assert counting.decoded == 3


def test_the_verified_tokens_kept_are_bounded(
    counting: CountingVerifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("api.auth.VERIFIED_TOKENS_KEPT", 2)
    first, second, third = (bearer(dev_token(agency=f"a{i}", role=Role.REPORTER)) for i in range(3))
    for token in (first, second, first, third):  # `second` is the least recently used when `third` comes
        counting.verify(token)
    assert counting.decoded == 3
    counting.verify(first)
    assert counting.decoded == 3
    counting.verify(second)
    assert counting.decoded == 4


def test_leeway_tolerates_small_clock_skew(hs_verifier: TokenVerifier) -> None:
    token = dev_token(ttl=timedelta(minutes=5), now=datetime.now(UTC) - timedelta(minutes=5, seconds=10))
    assert hs_verifier.verify(bearer(token)).subject == "user-17"


def test_token_not_yet_valid_is_refused(hs_verifier: TokenVerifier) -> None:
    token = jwt.encode(claims(nbf=datetime.now(UTC) + timedelta(hours=1)), SECRET, algorithm="HS256")
    assert rejection(hs_verifier, bearer(token)) == "token not yet valid"


def test_other_secret_is_a_bad_signature_and_the_token_is_not_echoed(hs_verifier: TokenVerifier) -> None:
    token = jwt.encode(claims(), secrets.token_urlsafe(32), algorithm="HS256")
    message = rejection(hs_verifier, bearer(token))
    assert message == "bad signature"
    assert token not in message


def test_tampered_payload_is_a_bad_signature(hs_verifier: TokenVerifier) -> None:
    header, _, signature = dev_token().split(".")
    payload = base64.urlsafe_b64encode(json.dumps(json_claims(role="supervisor")).encode())
    forged = f"{header}.{payload.decode().rstrip('=')}.{signature}"
    assert rejection(hs_verifier, bearer(forged)) == "bad signature"


def test_alg_none_is_never_accepted(hs_verifier: TokenVerifier) -> None:
    token = jwt.encode(claims(), "", algorithm="none")
    assert rejection(hs_verifier, bearer(token)) == "token algorithm 'none' is not accepted"


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("exp", "99999999999"),
        ("exp", "in an hour"),
        ("exp", True),
        ("exp", [99999999999]),
        ("nbf", "0"),
        ("iat", "0"),
    ],
)
def test_dates_that_are_not_numbers_are_refused(
    hs_verifier: TokenVerifier, claim: str, value: object
) -> None:
    token = jwt.encode(json_claims(**{claim: value}), SECRET, algorithm="HS256")
    # Some are refused by PyJWT on its own (as malformed or expired); a numeric string used to pass.
    assert rejection(hs_verifier, bearer(token)) in {
        f"token claim {claim!r} must be a number",
        "malformed token",
        "token expired",
    }


def test_an_expiry_given_as_a_string_is_refused_as_not_a_number(hs_verifier: TokenVerifier) -> None:
    token = jwt.encode(json_claims(exp="99999999999"), SECRET, algorithm="HS256")
    assert rejection(hs_verifier, bearer(token)) == "token claim 'exp' must be a number"


def test_a_fractional_expiry_is_a_number(hs_verifier: TokenVerifier) -> None:
    expiry = (datetime.now(UTC) + timedelta(minutes=5)).timestamp()
    token = jwt.encode(json_claims(exp=expiry), SECRET, algorithm="HS256")
    assert hs_verifier.verify(bearer(token)).subject == "user-17"


@pytest.mark.parametrize("claim", ["exp", "iss", "aud", "sub"])
def test_required_claim_missing_is_refused(hs_verifier: TokenVerifier, claim: str) -> None:
    token = jwt.encode(claims(**{claim: None}), SECRET, algorithm="HS256")
    assert rejection(hs_verifier, bearer(token)) == f"token lacks the '{claim}' claim"


def test_other_issuer_is_refused(hs_verifier: TokenVerifier) -> None:
    token = jwt.encode(claims(iss="https://evil.example.net/"), SECRET, algorithm="HS256")
    assert rejection(hs_verifier, bearer(token)) == "token is from another issuer"


def test_other_audience_is_refused(hs_verifier: TokenVerifier) -> None:
    token = jwt.encode(claims(aud="another-service"), SECRET, algorithm="HS256")
    assert rejection(hs_verifier, bearer(token)) == "token is for another audience"


def test_blank_subject_is_refused(hs_verifier: TokenVerifier) -> None:
    token = jwt.encode(claims(sub="  "), SECRET, algorithm="HS256")
    assert rejection(hs_verifier, bearer(token)) == "token subject is empty"


def test_unknown_role_is_refused(hs_verifier: TokenVerifier) -> None:
    token = jwt.encode(claims(role="x"), SECRET, algorithm="HS256")
    assert rejection(hs_verifier, bearer(token)) == "unknown role 'x'"


def test_missing_role_is_refused(hs_verifier: TokenVerifier) -> None:
    token = jwt.encode(claims(role=None), SECRET, algorithm="HS256")
    assert rejection(hs_verifier, bearer(token)) == "token lacks the 'role' claim"


def test_long_unknown_role_is_cut_short_in_the_message(hs_verifier: TokenVerifier) -> None:
    token = jwt.encode(claims(role="r" * 500), SECRET, algorithm="HS256")
    assert len(rejection(hs_verifier, bearer(token))) < 80


@pytest.mark.parametrize("role", ["investigator", "reporter"])
@pytest.mark.parametrize("agency", [None, "", 42])
def test_scoped_role_needs_an_agency(hs_verifier: TokenVerifier, role: str, agency: object) -> None:
    token = jwt.encode(claims(role=role, agency=agency), SECRET, algorithm="HS256")
    assert rejection(hs_verifier, bearer(token)) == f"{role} token needs an agency claim"


def test_agency_is_ignored_for_unscoped_roles(hs_verifier: TokenVerifier) -> None:
    token = jwt.encode(claims(role="supervisor", agency="agency-tx-03"), SECRET, algorithm="HS256")
    assert hs_verifier.verify(bearer(token)) == Viewer("user-17", Role.SUPERVISOR, None)


def test_mint_token_refuses_a_scoped_role_without_agency() -> None:
    with pytest.raises(ValueError, match="agency"):
        dev_token(Role.INVESTIGATOR, None)


def test_mint_token_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="timezone"):
        dev_token(now=datetime(2025, 1, 1))


def test_mint_token_sets_expiry_from_ttl() -> None:
    now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    token = dev_token(ttl=timedelta(hours=2), now=now)
    payload = jwt.decode(token, options={"verify_signature": False})
    assert payload["exp"] - payload["iat"] == 7200
    assert payload["iat"] == int(now.timestamp())


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hs256_secret": "too-short"},
        {},
        {"jwks_file": Path("keys.json"), "jwks_url": "https://id.example.org/jwks"},
        {"hs256_secret": SECRET, "leeway_seconds": -1},
    ],
)
def test_auth_config_refuses_unusable_settings(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        AuthConfig(issuer=ISSUER, audience=AUDIENCE, **kwargs)


# --- RS256 / ES256 tokens from a JWKS ---


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture
def jwks(rsa_key: rsa.RSAPrivateKey, ec_key: ec.EllipticCurvePrivateKey) -> dict[str, Any]:
    rsa_jwk = RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    ec_jwk = ECAlgorithm.to_jwk(ec_key.public_key(), as_dict=True)
    return {
        "keys": [
            {**rsa_jwk, "kid": "rsa-1", "use": "sig", "alg": "RS256"},
            {**ec_jwk, "kid": "ec-1", "use": "sig", "alg": "ES256"},
        ]
    }


@pytest.fixture
def jwks_file(tmp_path: Path, jwks: dict[str, Any]) -> Path:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(jwks), encoding="utf-8")
    return path


@pytest.fixture
def jwks_verifier(jwks_file: Path) -> TokenVerifier:
    return TokenVerifier(AuthConfig(issuer=ISSUER, audience=AUDIENCE, jwks_file=jwks_file))


def test_rs256_token_from_jwks_file_verifies(
    jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
) -> None:
    token = jwt.encode(
        claims(role="investigator", agency="agency-tx-03"),
        rsa_key,
        algorithm="RS256",
        headers={"kid": "rsa-1"},
    )
    assert jwks_verifier.verify(bearer(token)) == Viewer("user-17", Role.INVESTIGATOR, "agency-tx-03")


def test_es256_token_from_jwks_file_verifies(
    jwks_verifier: TokenVerifier, ec_key: ec.EllipticCurvePrivateKey
) -> None:
    token = jwt.encode(claims(), ec_key, algorithm="ES256", headers={"kid": "ec-1"})
    assert jwks_verifier.verify(bearer(token)).role is Role.ANALYST


def test_token_signed_by_a_stranger_with_a_known_kid_is_a_bad_signature(jwks_verifier: TokenVerifier) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(claims(), stranger, algorithm="RS256", headers={"kid": "rsa-1"})
    assert rejection(jwks_verifier, bearer(token)) == "bad signature"


def test_unknown_kid_is_refused(jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey) -> None:
    token = jwt.encode(claims(), rsa_key, algorithm="RS256", headers={"kid": "rsa-9"})
    assert rejection(jwks_verifier, bearer(token)) == "no signing key matches the token's kid"


def test_kid_of_a_key_for_another_algorithm_is_refused(
    jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
) -> None:
    token = jwt.encode(claims(), rsa_key, algorithm="RS256", headers={"kid": "ec-1"})
    assert rejection(jwks_verifier, bearer(token)) == "no signing key matches the token's kid"


def test_single_key_needs_no_kid(tmp_path: Path, jwks: dict[str, Any], rsa_key: rsa.RSAPrivateKey) -> None:
    path = tmp_path / "one-key.json"
    path.write_text(json.dumps({"keys": [jwks["keys"][0]]}), encoding="utf-8")
    verifier = TokenVerifier(AuthConfig(issuer=ISSUER, audience=AUDIENCE, jwks_file=path))
    token = jwt.encode(claims(), rsa_key, algorithm="RS256")
    assert verifier.verify(bearer(token)).subject == "user-17"


def test_expired_rs256_token_is_refused(jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey) -> None:
    token = jwt.encode(
        claims(exp=datetime.now(UTC) - timedelta(minutes=5)),
        rsa_key,
        algorithm="RS256",
        headers={"kid": "rsa-1"},
    )
    assert rejection(jwks_verifier, bearer(token)) == "token expired"


def hs256_signed_with(key: bytes, payload: dict[str, Any]) -> str:
    """An HS256 token built by hand: PyJWT rightly refuses to use a public key as an HMAC secret."""

    def segment(value: dict[str, Any]) -> bytes:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=")

    signing_input = segment({"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}) + b"." + segment(payload)
    signature = base64.urlsafe_b64encode(hmac.new(key, signing_input, hashlib.sha256).digest()).rstrip(b"=")
    return (signing_input + b"." + signature).decode()


def test_hs256_token_signed_with_the_public_key_is_refused(
    jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
) -> None:
    public_pem = rsa_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    token = hs256_signed_with(public_pem, json_claims(role="supervisor"))
    assert rejection(jwks_verifier, bearer(token)) == "token algorithm 'HS256' is not accepted"


def test_rs256_token_is_refused_when_only_a_secret_is_configured(
    hs_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
) -> None:
    token = jwt.encode(claims(), rsa_key, algorithm="RS256", headers={"kid": "rsa-1"})
    assert rejection(hs_verifier, bearer(token)) == "token algorithm 'RS256' is not accepted"


def test_jwks_file_without_signing_keys_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "enc-only.json"
    rsa_jwk = RSAAlgorithm.to_jwk(
        rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key(), as_dict=True
    )
    path.write_text(json.dumps({"keys": [{**rsa_jwk, "use": "enc"}]}), encoding="utf-8")
    with pytest.raises(ValueError, match="no RS256 or ES256 signing key"):
        TokenVerifier(AuthConfig(issuer=ISSUER, audience=AUDIENCE, jwks_file=path))


@pytest.fixture
def jwks_url(jwks: dict[str, Any]) -> Iterator[str]:
    body = json.dumps(jwks).encode()

    class JwksHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), JwksHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_rs256_token_from_jwks_url_verifies(jwks_url: str, rsa_key: rsa.RSAPrivateKey) -> None:
    verifier = TokenVerifier(AuthConfig(issuer=ISSUER, audience=AUDIENCE, jwks_url=jwks_url))
    token = jwt.encode(claims(role="auditor"), rsa_key, algorithm="RS256", headers={"kid": "rsa-1"})
    assert verifier.verify(bearer(token)) == Viewer("user-17", Role.AUDITOR)
    stranger_kid = jwt.encode(claims(), rsa_key, algorithm="RS256", headers={"kid": "rsa-9"})
    assert rejection(verifier, bearer(stranger_kid)) == "no signing key matches the token's kid"


def test_unreachable_jwks_url_is_our_failure_not_the_callers(rsa_key: rsa.RSAPrivateKey) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    closed_port = server.server_address[1]
    server.server_close()
    verifier = TokenVerifier(
        AuthConfig(issuer=ISSUER, audience=AUDIENCE, jwks_url=f"http://127.0.0.1:{closed_port}/jwks.json")
    )
    token = jwt.encode(claims(), rsa_key, algorithm="RS256", headers={"kid": "rsa-1"})
    with pytest.raises(SigningKeysUnavailableError):
        verifier.verify(bearer(token))


# Over HTTP: a refused token is a 401 with the reason and a Bearer challenge, before any GraphQL work.

COUNT = "{ searchTips(first: 1) { totalCount } }"


@pytest.mark.parametrize(
    ("authorization", "message"),
    [
        (None, "missing bearer token"),
        ("Basic abc", "authorization header must be 'Bearer <token>'"),
        ("Bearer not.a.jwt", "malformed token"),
    ],
)
async def test_no_or_bad_token_is_a_401_with_a_clear_message(
    clean_db: Database, settings: Settings, authorization: str | None, message: str
) -> None:
    transport = httpx.ASGITransport(app=create_app(settings, db=clean_db))
    headers = {"Authorization": authorization} if authorization else {}
    async with httpx.AsyncClient(transport=transport, base_url="http://t.test") as anonymous:
        response = await anonymous.post("/graphql", json={"query": COUNT}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["errors"] == [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]


async def test_a_string_expiry_is_a_401_over_http(client: httpx.AsyncClient, settings: Settings) -> None:
    payload = {**json_claims(exp="99999999999"), "iss": settings.auth_issuer, "aud": settings.auth_audience}
    token = jwt.encode(payload, TEST_SECRET, algorithm="HS256")
    response = await client.post(
        "/graphql", json={"query": COUNT}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "token claim 'exp' must be a number"


async def test_a_token_signed_with_another_secret_is_refused(client: httpx.AsyncClient) -> None:
    forged = Settings(auth_hs256_secret="another-secret-that-is-long-enough-for-hs256!")
    token = mint_token(
        secret=forged.auth_hs256_secret or "",
        issuer=forged.auth_issuer,
        audience=forged.auth_audience,
        subject="mallory",
        role=Role.SUPERVISOR,
        agency=None,
    )
    response = await client.post(
        "/graphql", json={"query": COUNT}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "bad signature"
