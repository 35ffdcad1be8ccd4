"""Configuration from the environment, built once at start-up and passed down (never read ad hoc).

Neo4j uses the conventional NEO4J_* names; everything else is TIPGRAPH_*. The README's table lists them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TIPGRAPH_", extra="ignore", frozen=True)

    neo4j_uri: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_URI"))
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER"))
    neo4j_password: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_PASSWORD"))
    neo4j_database: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE"))

    # How long a request waits for the database before it is UNAVAILABLE (HTTP 503): to open a connection,
    # to get one from the pool, and retrying transient failures (the last back-off may add about as much).
    db_connection_timeout_seconds: float = 2.0
    db_acquisition_timeout_seconds: float = 3.0
    db_retry_seconds: float = 1.0
    # How long a write that lost a deadlock to concurrent writers of the same nodes is retried beyond that
    # (the database is up and busy, not down; graph/store/database.py).
    db_contention_retry_seconds: float = 10.0

    cypher_dir: Path = REPO_ROOT / "cypher"
    cache_dir: Path = REPO_ROOT / ".cache"

    # The most tips expanded through one identifier by a cross-reference (generic ones included when asked
    # for); a fan-out that hits it says it was truncated.
    generic_expansion_limit: int = 200
    ingest_batch_size: int = 1000
    # Bulk ingest's write transactions in flight at once (graph/ingest.py ingest_stream). Two batches that
    # touch one cluster are kept exact by graph/clusters/locks.py, and the ingest tests pass under two; 1
    # because two measured no faster on a 2-core machine (bench/ingest.py --floor-only: the second batch
    # waits in identifiers/merge_batch for the identifiers the first holds, and both share the cores).
    ingest_writers: int = 1

    # A finished report is a preservation request: the service keeps the content this long (REPORT Act).
    preservation_days: int = 365
    # Named lists of known file hashes, matched at ingest (graph/labels/hash_lists.py); unset: none.
    hash_lists_file: Path | None = None
    # NON_ACTIONABLE tips keep their report content this long; then `tipgraph purge` removes it.
    retention_days_non_actionable: int = 365
    # How often the API expires unfinished reports whose time ran out.
    sweep_interval_seconds: float = 60.0

    # GraphiQL and introspection; never in production.
    dev_mode: bool = False

    # The workbench: its built assets (`make web`), and the identity provider it signs in with outside dev
    # mode (OIDC authorization code + PKCE, a public client; the API verifies the tokens as any other).
    web_dir: Path = REPO_ROOT / "web" / "dist"
    oidc_authority: str | None = None
    oidc_client_id: str | None = None
    oidc_scope: str = "openid profile"

    # Bearer tokens: HS256 with a shared secret for development, RS256/ES256 from a JWKS in production.
    auth_issuer: str = "tipgraph"
    auth_audience: str = "tipgraph-api"
    auth_hs256_secret: str | None = Field(default=None, repr=False)
    auth_jwks_file: Path | None = None
    auth_jwks_url: str | None = None

    # Hardening of the GraphQL endpoint.
    max_body_bytes: int = 8 * 1024 * 1024
    max_query_depth: int = 10
    max_query_tokens: int = 2000
    max_aliases: int = 20
    # The most nodes one request may ask for through list fields (products of `first` along a path).
    max_fan_out: int = 20_000
    # The most fields a document may hold once its fragments are expanded: the hard budget of validation.
    max_query_selections: int = 5_000
    rate_limit_per_second: float = 50.0
    rate_limit_burst: int = 100
    # Workers on one host share the rate limit through this file (on local disk); unset, each process keeps
    # its own buckets (right for one worker only).
    rate_limit_file: Path | None = None

    # Observability: one log line per request, and Prometheus metrics at /metrics for whoever presents
    # this token (unset: /metrics is off).
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["json", "text"] = "json"
    metrics_token: str | None = Field(default=None, repr=False)
