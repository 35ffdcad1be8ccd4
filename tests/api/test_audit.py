"""Audit completeness: after a scripted session of reads and writes, every tip touched is in the audit log
with the right actor and action, and nothing else is."""

from __future__ import annotations

import asyncio
import copy
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from api.app import create_app
from graph.audit import ReadRecords, audit_event
from graph.settings import Settings
from graph.store.database import Database, connect
from graph.store.launcher import dev_password
from graph.store.queries import QueryLibrary
from graph.viewer import Role, Viewer
from tests.api.graphql import data, error_codes, gql
from tests.conftest import token_for

SUBMIT = "mutation Submit($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"
LOG = """
query Log($after: String, $filter: AuditFilterInput) {
  auditLog(first: 100, after: $after, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    edges { node { actor role agency action operationName tipIds change } }
  }
}"""


def numbered(example: dict[str, Any], report_id: str) -> dict[str, Any]:
    made = copy.deepcopy(example)
    made["reportId"] = report_id
    return made


async def audit_entries(client: httpx.AsyncClient, token: str, **filter_: Any) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    after = None
    while True:
        page = data(await gql(client, LOG, {"after": after, "filter": filter_ or None}, token=token))[
            "auditLog"
        ]
        entries += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return entries
        after = page["pageInfo"]["endCursor"]


async def test_a_scripted_session_is_audited_completely_and_exactly(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    analyst = token_for(settings, Role.ANALYST, subject="alice")
    investigator = token_for(settings, Role.INVESTIGATOR, "ICAC-OH", subject="ivan")
    auditor = token_for(settings, Role.AUDITOR, subject="audrey")

    await gql(
        client, SUBMIT, {"tips": [numbered(example_tip, "T1"), numbered(example_tip, "T2")]}, token=analyst
    )
    await gql(client, SUBMIT, {"tips": [numbered(example_tip, "T1")]}, token=analyst)  # unchanged: no write
    await gql(client, 'query ReadOne { tip(id: "T1") { id } }', token=analyst)
    await gql(client, 'query Links { tip(id: "T1") { linkedTips { edges { node { id } } } } }', token=analyst)
    await clean_db.write("testing/refer", ids=["T2"], agency="ICAC-OH")
    await gql(client, "query Mine { searchTips { edges { node { id } } } }", token=investigator)
    await gql(client, 'query Hidden { tip(id: "T1") { id } }', token=investigator)  # hidden: no read
    await gql(client, 'query Nothing { tip(id: "missing") { id } }', token=analyst)  # no tip: no record

    entries = await audit_entries(client, auditor)
    seen = sorted((e["actor"], e["action"], e["operationName"] or "", tuple(e["tipIds"])) for e in entries)
    assert seen == sorted(
        [
            ("alice", "submitTips", "", ("T1", "T2")),
            ("alice", "read", "ReadOne", ("T1",)),
            ("alice", "read", "Links", ("T1", "T2")),
            ("ivan", "read", "Mine", ("T2",)),
        ]
    )
    written = next(e for e in entries if e["action"] == "submitTips")
    assert written["change"] == {"created": 2}
    assert written["role"] == "analyst"
    ivan = next(e for e in entries if e["actor"] == "ivan")
    assert ivan["agency"] == "ICAC-OH"

    about_t2 = await audit_entries(client, auditor, tipId="T2")
    assert {(e["actor"], e["action"]) for e in about_t2} == {
        ("alice", "submitTips"),
        ("alice", "read"),
        ("ivan", "read"),
    }
    by_ivan = await audit_entries(client, auditor, actor="ivan")
    assert [e["operationName"] for e in by_ivan] == ["Mine"]


async def test_without_an_audit_record_there_is_no_access(
    client: httpx.AsyncClient,
    clean_db: Database,
    settings: Settings,
    example_tip: dict[str, Any],
    tmp_path: Path,
) -> None:
    """The audit statement is swapped for one the real database refuses at run time: reads return nothing,
    and a write fails whole, because its record is written in the same transaction."""
    await gql(client, SUBMIT, {"tips": [numbered(example_tip, "T1")]})
    shutil.copytree(settings.cypher_dir, tmp_path / "cypher")
    (tmp_path / "cypher" / "audit" / "record.cypher").write_text(
        "// Fails on purpose.\n// mode: write\n// params: event\n// returns: id\n"
        "CREATE (e:AuditEvent) SET e = $event RETURN e.id AS id, 1 / 0 AS boom\n"
    )
    (tmp_path / "cypher" / "audit" / "record_batch.cypher").write_text(
        "// Fails on purpose.\n// mode: write\n// params: events\n// returns: written\n"
        "UNWIND $events AS event CREATE (e:AuditEvent) SET e = event RETURN count(e) / 0 AS written\n"
    )
    broken = Database(clean_db.driver, QueryLibrary(tmp_path / "cypher"), clean_db.database)
    headers = {"Authorization": f"Bearer {token_for(settings, Role.ANALYST)}"}
    transport = httpx.ASGITransport(app=create_app(settings, db=broken))
    async with httpx.AsyncClient(transport=transport, base_url="http://t.test", headers=headers) as unaudited:
        read = await gql(unaudited, 'query { tip(id: "T1") { id } }')
        assert read["data"] is None
        assert error_codes(read) == ["UNAVAILABLE"]
        # A tip read with its links has its record written while they are read: failing there, it fails
        # again at the end, and nothing is answered either.
        linked = await gql(unaudited, 'query { tip(id: "T1") { id linkedTips { totalCount } } }')
        assert linked["data"] is None
        assert error_codes(linked) == ["UNAVAILABLE"]
        written = await gql(unaudited, SUBMIT, {"tips": [numbered(example_tip, "T2")]})
        assert error_codes(written) == ["INTERNAL"]
    assert data(await gql(client, 'query { tip(id: "T2") { id } }'))["tip"] is None


async def test_concurrent_reads_each_get_their_one_record(
    client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any]
) -> None:
    """Records of concurrent requests are written together (graph.audit.ReadRecords): none is lost, none
    is written twice, each keeps its own reader and operation."""
    await gql(client, SUBMIT, {"tips": [numbered(example_tip, f"C{i}") for i in range(12)]})
    readers = [token_for(settings, Role.ANALYST, subject=f"reader-{i}") for i in range(12)]
    linked = 'query Linked%d { tip(id: "C%d") { id linkedTips { edges { node { id } } } } }'
    plain = 'query Plain%d { tip(id: "C%d") { id } }'
    answers = await asyncio.gather(
        *(gql(client, (linked if i % 2 else plain) % (i, i), token=readers[i]) for i in range(12))
    )
    assert all(data(answer)["tip"] for answer in answers)
    entries = await audit_entries(client, token_for(settings, Role.AUDITOR))
    got = sorted(
        (e["actor"], e["operationName"], tuple(e["tipIds"])) for e in entries if e["action"] == "read"
    )
    expected = []
    for i in range(12):
        tips = tuple(sorted(f"C{j}" for j in range(12))) if i % 2 else (f"C{i}",)
        expected.append((f"reader-{i}", f"{'Linked' if i % 2 else 'Plain'}{i}", tips))
    assert got == sorted(expected)


async def test_a_read_record_carries_the_time_it_was_written(
    client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any]
) -> None:
    """A read's record (written in batches, its time sent as epoch seconds and nanoseconds) holds the same
    kind of time as a write's record, to the microsecond, and the log orders and pages by it."""
    await gql(client, SUBMIT, {"tips": [numbered(example_tip, "W1")]})
    before = datetime.now(UTC)
    await gql(client, 'query Timed { tip(id: "W1") { id } }')
    after = datetime.now(UTC)
    log = """query { auditLog(first: 10) { edges { node { at action operationName } } } }"""
    edges = data(await gql(client, log, token=token_for(settings, Role.AUDITOR)))["auditLog"]["edges"]
    read = next(e["node"] for e in edges if e["node"]["operationName"] == "Timed")
    written = next(e["node"] for e in edges if e["node"]["action"] == "submitTips")
    at = datetime.fromisoformat(read["at"])
    assert before <= at <= after
    assert datetime.fromisoformat(written["at"]) < at
    assert at.utcoffset() == datetime.fromisoformat(written["at"]).utcoffset()


async def test_a_tip_read_with_its_identifiers_is_recorded_only_when_seen(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    """Its identifiers are read while the tip is, and its record written as soon as it is seen: a hidden
    tip gives nothing and leaves no record, a seen one its identifiers and one record."""
    await gql(client, SUBMIT, {"tips": [numbered(example_tip, "I1"), numbered(example_tip, "I2")]})
    await clean_db.write("testing/refer", ids=["I2"], agency="ICAC-OH")
    investigator = token_for(settings, Role.INVESTIGATOR, "ICAC-OH", subject="ivan")
    query = 'query Ids%s { tip(id: "%s") { id identifiers { kind key role tipCount } } }'
    hidden = data(await gql(client, query % ("Hidden", "I1"), token=investigator))
    assert hidden["tip"] is None
    seen = data(await gql(client, query % ("Seen", "I2"), token=investigator))["tip"]
    assert seen["id"] == "I2" and seen["identifiers"]
    # Counted over the tips the investigator may see: I1 carries the same identifiers, hidden.
    assert {i["tipCount"] for i in seen["identifiers"]} == {1}
    entries = await audit_entries(client, token_for(settings, Role.AUDITOR), actor="ivan")
    assert [(e["operationName"], e["tipIds"]) for e in entries] == [("IdsSeen", ["I2"])]


async def test_read_records_on_their_way_are_written_before_shutdown(
    clean_db: Database, settings: Settings, neo4j_uri: str, client: httpx.AsyncClient
) -> None:
    """A record still being written when the app stops (its request gone, as at a server's shutdown) is
    written before the lifespan ends, so closing the driver after it loses nothing."""
    own = connect(settings, neo4j_uri, settings.neo4j_password or dev_password(settings.cache_dir))
    app = create_app(settings, db=own)
    reader = Viewer(subject="late-reader", role=Role.ANALYST)
    try:
        async with app.router.lifespan_context(app):
            records: ReadRecords = app.state.read_records
            late = audit_event(reader, "late", "read", ["L1"], "Late")
            waiting = asyncio.create_task(records.write(late))
            await asyncio.sleep(0)  # handed in: its write has started
            waiting.cancel()
    finally:
        await own.close()
    entries = await audit_entries(client, token_for(settings, Role.AUDITOR), actor="late-reader")
    assert [(e["operationName"], e["tipIds"]) for e in entries] == [("Late", ["L1"])]


class GatedAppends(Database):
    """The real database, with every append (the audit records of reads) held until the gate opens."""

    def __init__(self, db: Database) -> None:
        super().__init__(db.driver, db.library, db.database)
        self.gate = asyncio.Event()
        self.held = 0

    async def append(self, name: str, **params: Any) -> None:
        self.held += 1
        await self.gate.wait()
        await super().append(name, **params)


async def test_an_answer_leaves_only_after_the_record_sent_ahead_is_written(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    """A tip read with its links or its identifiers, a queue page and a cluster's page send their record
    while the answer is built: the answer waits for that record, and the request leaves exactly one record
    of what it answered, not a second one written at its end because the first was still on its way."""
    await gql(client, SUBMIT, {"tips": [numbered(example_tip, f"G{i}") for i in range(3)]})
    cluster = data(await gql(client, 'query { tip(id: "G0") { cluster { id } } }'))["tip"]["cluster"]["id"]
    gated = GatedAppends(clean_db)
    headers = {"Authorization": f"Bearer {token_for(settings, Role.ANALYST, subject='gated')}"}
    transport = httpx.ASGITransport(app=create_app(settings, db=gated))
    reads = {
        "GatedLinks": 'query GatedLinks { tip(id: "G0") { id linkedTips { edges { node { id } } } } }',
        "GatedIds": 'query GatedIds { tip(id: "G1") { id identifiers { kind key } } }',
        "GatedQueue": "query GatedQueue { triageQueue(first: 2) { edges { node { id } } } }",
        "GatedCluster": "query GatedCluster($id: ID!) "
        "{ cluster(id: $id) { tips(first: 2) { edges { node { id } } } } }",
    }
    answered = []
    async with httpx.AsyncClient(transport=transport, base_url="http://t.test", headers=headers) as held:
        for name, query in reads.items():
            gated.gate.clear()
            gated.held = 0
            answer = asyncio.create_task(gql(held, query, {"id": cluster} if "$id" in query else None))
            for _ in range(3000):  # until its record is handed to the database (a loaded machine is slow)
                if gated.held or answer.done():
                    break
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.1)
            assert gated.held and not answer.done(), (name, answer.done() and answer.result())
            gated.gate.set()
            got = data(await answer)
            if "tip" in got:
                edges = got["tip"].get("linkedTips", {}).get("edges", [])
                ids = ["G0" if name == "GatedLinks" else "G1", *(e["node"]["id"] for e in edges)]
            else:
                page = got["triageQueue"] if "triageQueue" in got else got["cluster"]["tips"]
                ids = [e["node"]["id"] for e in page["edges"]]
            assert ids
            answered.append((name, tuple(sorted(ids))))
    entries = await audit_entries(client, token_for(settings, Role.AUDITOR), actor="gated")
    assert sorted((e["operationName"], tuple(e["tipIds"])) for e in entries) == sorted(answered)
