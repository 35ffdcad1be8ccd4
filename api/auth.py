"""Bearer-token authentication: turns an `Authorization` header into a `Viewer`.

Development signs tokens with a shared HS256 secret (`mint_token`); production verifies RS256/ES256 tokens
against the identity provider's public keys, from a JWKS file or the issuer's JWKS URL. The algorithm a
token may use is decided by which keys are configured, never by the token: an HS256 token is refused when
only public keys are configured, because accepting it would let anyone holding the public key forge tokens
(the classic key-confusion attack), and "none" is never accepted.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt

from graph.access import investigator
from graph.viewer import Role, Viewer

HS256 = "HS256"
PUBLIC_KEY_ALGORITHMS = frozenset({"RS256", "ES256"})
# RFC 7518 §3.2: an HS256 key must be at least as long as the hash output.
MIN_SECRET_BYTES = 32
ROLES_WITH_AGENCY = frozenset({Role.INVESTIGATOR, Role.REPORTER})
REQUIRED_CLAIMS = ["exp", "iss", "aud", "sub"]
NUMERIC_DATE_CLAIMS = ("exp", "nbf", "iat")
# A token verified once is taken at its word again for this long (never past its own expiry), so a client
# sending the same token with every request pays for one verification a minute. The cost: a signing key the
# issuer withdraws (JWKS) keeps vouching for tokens verified with it up to this long after (on top of the
# key set's own five-minute cache).
VERIFIED_TOKEN_TTL_SECONDS = 60.0
VERIFIED_TOKENS_KEPT = 4_096


@dataclass(frozen=True, slots=True)
class AuthConfig:
    """Who issues tokens for us and which keys sign them; at least one key source must be set."""

    issuer: str
    audience: str
    hs256_secret: str | None = None
    jwks_file: Path | None = None
    jwks_url: str | None = None
    leeway_seconds: int = 30

    def __post_init__(self) -> None:
        if not self.issuer or not self.audience:
            raise ValueError("auth config needs an issuer and an audience")
        if self.hs256_secret is None and self.jwks_file is None and self.jwks_url is None:
            raise ValueError("auth config needs an HS256 secret, a JWKS file or a JWKS URL")
        if self.jwks_file is not None and self.jwks_url is not None:
            raise ValueError("auth config takes a JWKS file or a JWKS URL, not both")
        if self.hs256_secret is not None:
            _check_secret(self.hs256_secret)
        if self.leeway_seconds < 0:
            raise ValueError("leeway_seconds must not be negative")


class AuthenticationError(Exception):
    """Not authenticated (HTTP 401); `message` is safe to send back: it never quotes the token."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SigningKeysUnavailableError(Exception):
    """The issuer's JWKS URL could not be fetched (HTTP 503): our fault, not the caller's."""


class TokenVerifier:
    """Verifies bearer tokens against one `AuthConfig`; build it once per process.

    With `jwks_url`, `verify` may block on an HTTP fetch when the cached key set expires or a new `kid`
    appears, so async callers should run it in a worker thread.
    """

    def __init__(self, config: AuthConfig, clock: Callable[[], float] = time.time) -> None:
        self._config = config
        self._clock = clock
        # sha256 of a token verified lately -> (its viewer, when to verify it again); least recent first.
        self._verified: OrderedDict[bytes, tuple[Viewer, float]] = OrderedDict()
        self._verified_lock = threading.Lock()  # subscriptions verify in worker threads
        self._file_keys: tuple[jwt.PyJWK, ...] = ()
        self._jwks_client: jwt.PyJWKClient | None = None
        if config.jwks_file is not None:
            key_set = jwt.PyJWKSet.from_json(config.jwks_file.read_text(encoding="utf-8"))
            self._file_keys = tuple(key for key in key_set if _is_signing_key(key))
            if not self._file_keys:
                raise ValueError(f"JWKS file {config.jwks_file} holds no RS256 or ES256 signing key")
        if config.jwks_url is not None:
            # The key set is cached for five minutes; the per-kid cache stays off because it never expires,
            # so a key the issuer revoked would be trusted until restart.
            self._jwks_client = jwt.PyJWKClient(config.jwks_url, cache_keys=False, lifespan=300, timeout=10)
        algorithms = set(PUBLIC_KEY_ALGORITHMS) if config.jwks_file or config.jwks_url else set()
        if config.hs256_secret is not None:
            algorithms.add(HS256)
        self._algorithms = frozenset(algorithms)

    def verify(self, authorization_header: str | None) -> Viewer:
        """The viewer a bearer token names, or AuthenticationError. A token verified in the last
        VERIFIED_TOKEN_TTL_SECONDS (and not expired since) is not verified again."""
        token = _bearer_token(authorization_header)
        digest = hashlib.sha256(token.encode()).digest()
        now = self._clock()
        with self._verified_lock:
            known = self._verified.get(digest)
            if known is not None:
                if now < known[1]:
                    self._verified.move_to_end(digest)
                    return known[0]
                del self._verified[digest]
        viewer, expires = self._verified_viewer(token)
        with self._verified_lock:
            self._verified[digest] = (viewer, min(now + VERIFIED_TOKEN_TTL_SECONDS, expires))
            if len(self._verified) > VERIFIED_TOKENS_KEPT:
                self._verified.popitem(last=False)
        return viewer

    def _verified_viewer(self, token: str) -> tuple[Viewer, float]:
        """The token's viewer and expiry (exp), verified in full."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise AuthenticationError("malformed token") from None
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm not in self._algorithms:
            raise AuthenticationError(f"token algorithm {_shown(algorithm)} is not accepted")
        key = self._key_for(token, algorithm, header.get("kid"))
        claims = self.decode_cursor(token, key, algorithm)
        _check_numeric_dates(claims)
        return _viewer_from(claims), float(claims["exp"])

    def _key_for(self, token: str, algorithm: str, kid: object) -> str | jwt.PyJWK:
        if algorithm == HS256:
            assert self._config.hs256_secret is not None  # guaranteed by the algorithm allow-list
            return self._config.hs256_secret
        if self._jwks_client is not None:
            try:
                key = self._jwks_client.get_signing_key_from_jwt(token)
            except jwt.PyJWKClientConnectionError as error:
                raise SigningKeysUnavailableError(str(error)) from error
            except (jwt.PyJWKClientError, jwt.PyJWKSetError):
                raise AuthenticationError("no signing key matches the token's kid") from None
            if key.algorithm_name != algorithm:
                raise AuthenticationError("no signing key matches the token's kid")
            return key
        candidates = [key for key in self._file_keys if key.algorithm_name == algorithm]
        if kid is not None:
            candidates = [key for key in candidates if key.key_id == kid]
            if not candidates:
                raise AuthenticationError("no signing key matches the token's kid")
        elif len(candidates) > 1:
            # Trying every key in turn would make a wrong key look like a bad signature.
            raise AuthenticationError("token needs a kid header")
        elif not candidates:
            raise AuthenticationError("no signing key for the token's algorithm")
        return candidates[0]

    def decode_cursor(self, token: str, key: str | jwt.PyJWK, algorithm: str) -> dict[str, Any]:
        try:
            return jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self._config.audience,
                issuer=self._config.issuer,
                leeway=self._config.leeway_seconds,
                options={"require": REQUIRED_CLAIMS, "enforce_minimum_key_length": True},
            )
        except jwt.ExpiredSignatureError:
            raise AuthenticationError("token expired") from None
        except jwt.ImmatureSignatureError:
            raise AuthenticationError("token not yet valid") from None
        except jwt.InvalidSignatureError:
            raise AuthenticationError("bad signature") from None
        except jwt.MissingRequiredClaimError as error:
            raise AuthenticationError(f"token lacks the {error.claim!r} claim") from None
        except jwt.InvalidAudienceError:
            raise AuthenticationError("token is for another audience") from None
        except jwt.InvalidIssuerError:
            raise AuthenticationError("token is from another issuer") from None
        except jwt.exceptions.InvalidSubjectError:
            raise AuthenticationError("token subject must be a string") from None
        except jwt.DecodeError:
            raise AuthenticationError("malformed token") from None
        except jwt.InvalidTokenError:
            raise AuthenticationError("invalid token") from None


def mint_token(
    *,
    secret: str,
    issuer: str,
    audience: str,
    subject: str,
    role: Role,
    agency: str | None,
    ttl: timedelta = timedelta(hours=8),
    now: datetime | None = None,
) -> str:
    """An HS256 development token that `TokenVerifier` accepts when configured with the same secret."""
    _check_secret(secret)
    if role in ROLES_WITH_AGENCY and not agency:
        raise ValueError(f"{role} token needs an agency")
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "sub": subject,
        "role": role.value,
        "iat": now,
        "exp": now + ttl,
    }
    if role in ROLES_WITH_AGENCY:
        claims["agency"] = agency
    return jwt.encode(claims, secret, algorithm=HS256)


def _check_secret(secret: str) -> None:
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise ValueError(f"HS256 secret must be at least {MIN_SECRET_BYTES} bytes")


def _bearer_token(authorization_header: str | None) -> str:
    if not authorization_header or not authorization_header.strip():
        raise AuthenticationError("missing bearer token")
    scheme, _, token = authorization_header.strip().partition(" ")
    # The scheme is case-insensitive (RFC 7235 §2.1).
    if scheme.lower() != "bearer":
        raise AuthenticationError("authorization header must be 'Bearer <token>'")
    token = token.strip()
    if not token:
        raise AuthenticationError("missing bearer token")
    return token


def _is_signing_key(key: jwt.PyJWK) -> bool:
    return key.algorithm_name in PUBLIC_KEY_ALGORITHMS and key.public_key_use in (None, "sig")


def _check_numeric_dates(claims: dict[str, Any]) -> None:
    """RFC 7519 §2: exp, nbf and iat are JSON numbers. PyJWT converts with int(), so "99999999999" (a
    string) would pass as an expiry; a token whose issuer writes strings there is not one we understand."""
    for claim in NUMERIC_DATE_CLAIMS:
        value = claims.get(claim)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise AuthenticationError(f"token claim {claim!r} must be a number")


def _viewer_from(claims: dict[str, Any]) -> Viewer:
    subject = claims["sub"]
    if not isinstance(subject, str) or not subject.strip():
        raise AuthenticationError("token subject is empty")
    if "role" not in claims:
        raise AuthenticationError("token lacks the 'role' claim")
    raw_role = claims["role"]
    try:
        role = Role(raw_role)
    except ValueError:
        raise AuthenticationError(f"unknown role {_shown(raw_role)}") from None
    if role not in ROLES_WITH_AGENCY:
        # An identity provider may put an agency on every token; only these roles are scoped by it.
        return Viewer(subject=subject, role=role)
    agency = claims.get("agency")
    if not isinstance(agency, str) or not agency.strip():
        raise AuthenticationError(f"{role} token needs an agency claim")
    if role is Role.INVESTIGATOR:
        return investigator(subject, agency)
    return Viewer(subject=subject, role=role, agency=agency)


def _shown(value: object) -> str:
    """A claim or header value quoted for an error message, cut short so callers cannot make us echo much."""
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= 40 else text[:40] + "…")
