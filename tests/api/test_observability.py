"""Metrics at /metrics and the request log line, through the real app and database."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.app import create_app
from api.json_logs import JsonFormatter
from api.metrics import OperationLabels, operation_name
from graph.settings import Settings
from graph.store.database import Database
from graph.store.queries import QueryLibrary
from graph.viewer import Role
from tests.api.graphql import data, gql
from tests.conftest import token_for

METRICS_TOKEN = "metrics-scraper-token-for-tests"
SUBMIT = "mutation SubmitOne($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"
READ = "query ReadTip($id: ID!) { tip(id: $id) { id identifiers { key } } }"

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


@pytest.fixture
def observed_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"metrics_token": METRICS_TOKEN})


@pytest.fixture
async def observed(clean_db: Database, observed_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(observed_settings, db=clean_db)
    analyst = {"Authorization": f"Bearer {token_for(observed_settings, Role.ANALYST)}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tipgraph.test", headers=analyst) as c:
        yield c


async def scrape(client: httpx.AsyncClient) -> tuple[str, Samples]:
    response = await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert response.status_code == 200
    samples = {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }
    return response.text, samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_metrics_are_off_without_a_configured_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "header",
    [None, "Bearer wrong", f"Basic {METRICS_TOKEN}", f"Bearer {METRICS_TOKEN}x", "Bearer "],
)
async def test_metrics_refuse_anyone_without_the_scraper_token(
    observed: httpx.AsyncClient, header: str | None, observed_settings: Settings
) -> None:
    # An analyst's API token is not the scraper's: tip data and operational data have different readers.
    headers = {"Authorization": header} if header else {"Authorization": ""}
    response = await observed.get("/metrics", headers=headers)
    assert response.status_code == 401
    analyst = f"Bearer {token_for(observed_settings, Role.ANALYST)}"
    assert (await observed.get("/metrics", headers={"Authorization": analyst})).status_code == 401


async def test_metrics_expose_requests_operations_statements_ingest_and_queue_after_a_few_requests(
    observed: httpx.AsyncClient, example_tip: dict[str, Any]
) -> None:
    _, before = await scrape(observed)
    assert data(await gql(observed, SUBMIT, {"tips": [example_tip]}))["submitTips"]["created"] == 1
    for _ in range(3):
        assert data(await gql(observed, READ, {"id": example_tip["reportId"]}))["tip"]
    text, after = await scrape(observed)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("tipgraph_http_requests_total", route="/graphql", status="200") == 4
    assert grew("tipgraph_graphql_request_seconds_count", operation="ReadTip") == 3
    assert grew("tipgraph_graphql_request_seconds_count", operation="SubmitOne") == 1
    assert grew("tipgraph_graphql_request_seconds_sum", operation="ReadTip") > 0
    assert grew("tipgraph_neo4j_statement_seconds_count", statement="tips/get_with_identifiers") >= 3
    assert grew("tipgraph_neo4j_statement_seconds_sum", statement="tips/get_with_identifiers") > 0
    assert grew("tipgraph_neo4j_statement_seconds_count", statement="audit/record_batch") >= 3
    assert grew("tipgraph_ingested_tips_total", outcome="CREATED") == 1
    assert value(after, "tipgraph_triage_queue_tips") == 1
    # Names only: no tip id, identifier or raw value reaches a label.
    assert example_tip["reportId"] not in text
    assert "@" not in text


async def test_an_operation_name_that_is_not_a_name_never_becomes_a_label(
    observed: httpx.AsyncClient, example_tip: dict[str, Any]
) -> None:
    smuggled = f"tip {example_tip['reportId']} of nightowl77@gmail.com"
    await observed.post("/graphql", json={"query": "query A { agencies { id } }", "operationName": smuggled})
    text, samples = await scrape(observed)
    assert smuggled not in text and example_tip["reportId"] not in text
    assert value(samples, "tipgraph_graphql_request_seconds_count", operation="invalid") >= 1


async def test_refused_requests_are_counted_before_any_parsing(observed: httpx.AsyncClient) -> None:
    _, before = await scrape(observed)
    response = await observed.post(
        "/graphql", json={"query": "{ agencies { id } }"}, headers={"Authorization": ""}
    )
    assert response.status_code == 401
    _, after = await scrape(observed)
    assert (
        value(after, "tipgraph_http_requests_total", route="/graphql", status="401")
        - value(before, "tipgraph_http_requests_total", route="/graphql", status="401")
        == 1
    )
    assert value(after, "tipgraph_graphql_request_seconds_count", operation="unparsed") > value(
        before, "tipgraph_graphql_request_seconds_count", operation="unparsed"
    )


async def test_an_audit_record_that_cannot_be_written_is_counted(
    observed: httpx.AsyncClient,
    clean_db: Database,
    observed_settings: Settings,
    tmp_path: Path,
    example_tip: dict[str, Any],
) -> None:
    assert data(await gql(observed, SUBMIT, {"tips": [example_tip]}))["submitTips"]["created"] == 1
    shutil.copytree(observed_settings.cypher_dir, tmp_path / "cypher")
    (tmp_path / "cypher" / "audit" / "record.cypher").write_text(
        "// Fails on purpose.\n// mode: write\n// params: event\n// returns: id\n"
        "CREATE (e:AuditEvent) SET e = $event RETURN e.id AS id, 1 / 0 AS boom\n"
    )
    (tmp_path / "cypher" / "audit" / "record_batch.cypher").write_text(
        "// Fails on purpose.\n// mode: write\n// params: events\n// returns: written\n"
        "UNWIND $events AS event CREATE (e:AuditEvent) SET e = event RETURN count(e) / 0 AS written\n"
    )
    broken = Database(clean_db.driver, QueryLibrary(tmp_path / "cypher"), clean_db.database)
    headers = {"Authorization": f"Bearer {token_for(observed_settings, Role.ANALYST)}"}
    transport = httpx.ASGITransport(app=create_app(observed_settings, db=broken))
    _, before = await scrape(observed)
    async with httpx.AsyncClient(transport=transport, base_url="http://t.test", headers=headers) as unaudited:
        withheld = await gql(unaudited, READ, {"id": example_tip["reportId"]})
        assert withheld["data"] is None
    _, after = await scrape(observed)
    failures = "tipgraph_audit_write_failures_total"
    assert value(after, failures) - value(before, failures) == 1


async def test_each_request_logs_one_line_with_its_request_id_operation_status_and_duration(
    observed: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tipgraph.request")
    response = await observed.post(
        "/graphql",
        json={"query": "query Agencies { agencies { id } }", "operationName": "Agencies"},
    )
    assert response.status_code == 200
    (record,) = [r for r in caplog.records if r.name == "tipgraph.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == response.headers["x-request-id"]
    assert (line["operation"], line["status"], line["path"], line["method"]) == (
        "Agencies",
        200,
        "/graphql",
        "POST",
    )
    assert line["duration_ms"] > 0
    assert line["message"] == "request" and line["level"] == "info" and isinstance(line["pid"], int)


async def test_the_log_line_never_carries_the_query_string(
    observed: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, example_tip: dict[str, Any]
) -> None:
    caplog.set_level(logging.INFO, logger="tipgraph.request")
    query = f'{{ tip(id: "{example_tip["reportId"]}") {{ id }} }}'
    response = await observed.get("/graphql", params={"query": query})
    assert response.status_code == 200
    (record,) = [r for r in caplog.records if r.name == "tipgraph.request"]
    assert example_tip["reportId"] not in JsonFormatter().format(record)


def test_operation_names_are_checked_and_capped_per_process() -> None:
    assert [operation_name(n) for n in (None, "", "ReadTip", "a b", "x" * 65, 7)] == [
        "anonymous",
        "anonymous",
        "ReadTip",
        "invalid",
        "invalid",
        "invalid",
    ]
    labels = OperationLabels(limit=2)
    assert [labels(n) for n in ("A", "B", "C", "A", "D")] == ["A", "B", "other", "A", "other"]
