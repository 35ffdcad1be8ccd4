"""The plain single-writer floor of ingest: the graph tipgraph wrote, written again by the plainest writer.

After tipgraph has ingested a file, every tip (with its HAS relationships), identifier, cluster and incident
it stored is read back with all its properties and cut into the same batches, in the file's order: each
batch's tips, the identifiers its tips carry (counted per batch, as ingest counts them), their relationships,
the clusters, content clusters and incidents its tips are the first to need, and one audit event. On a
wiped database the floor then writes the batches one transaction after another with one UNWIND
statement per kind - MERGE on the constrained keys, MATCH + CREATE for relationships - and nothing else:
no validation, normalisation, scoring, lookups or clustering, and no overlap. Its rows are shaped before
the clock starts, so the floor times the database and the driver alone, and ends with the same node,
relationship and property counts.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from graph.audit import audit_event
from graph.store.database import Database, Transaction
from graph.viewer import Viewer


@dataclass(frozen=True, slots=True)
class FloorBatch:
    tips: list[dict[str, Any]]
    identifiers: list[dict[str, Any]]
    links: list[dict[str, Any]]
    nodes: list[dict[str, Any]]


async def floor_batches(
    db: Database, order: Mapping[str, int], batch_size: int, viewer: Viewer
) -> list[FloorBatch]:
    """The stored graph as the floor's batches; `order` places each reportId in the file (one service)."""
    rows = await db.read("bench/written_graph")
    by_label: dict[str, list[dict[str, Any]]] = {
        "Tip": [], "Identifier": [], "Cluster": [], "ContentCluster": [], "Incident": []
    }  # fmt: skip
    for row in rows:
        by_label[row["label"]].append(row)
    tips = sorted(by_label["Tip"], key=lambda row: order[row["props"]["reportId"]])
    identifiers = {row["props"]["uid"]: row["props"] for row in by_label["Identifier"]}
    clusters = {row["props"]["id"]: row["props"] for row in by_label["Cluster"]}
    incidents = {row["props"]["id"]: row["props"] for row in by_label["Incident"]}
    content = {row["props"]["id"]: row["props"] for row in by_label["ContentCluster"]}
    placed: set[str] = set()
    batches: list[FloorBatch] = []
    for start in range(0, len(tips), batch_size):
        chunk = tips[start : start + batch_size]
        carried: dict[str, int] = {}
        links: list[dict[str, Any]] = []
        nodes: list[dict[str, Any]] = []
        for row in chunk:
            tip = row["props"]
            for uid in {link["uid"] for link in row["links"]}:
                carried[uid] = carried.get(uid, 0) + 1
            links += [{"tip": tip["id"], "uid": link["uid"], "props": link["props"]} for link in row["links"]]
            for label, stored in (("Cluster", clusters), ("Incident", incidents)):
                node_id = tip.get(label.lower() + "Id")
                if node_id in stored and node_id not in placed:
                    placed.add(node_id)
                    nodes.append({"label": label, "props": stored[node_id]})
            # A content cluster is its digests' (contentClusterId on the identifier, not on the tip).
            for link in row["links"]:
                node_id = identifiers[link["uid"]].get("contentClusterId")
                if node_id in content and node_id not in placed:
                    placed.add(node_id)
                    nodes.append({"label": "ContentCluster", "props": content[node_id]})
        event = audit_event(viewer, uuid.uuid4().hex, "ingest", [row["props"]["id"] for row in chunk],
                            change={"created": len(chunk)})  # fmt: skip
        nodes.append({"label": "AuditEvent", "props": event})
        batches.append(
            FloorBatch(
                tips=[row["props"] for row in chunk],
                identifiers=[{"props": identifiers[uid], "tips": count} for uid, count in carried.items()],
                links=links,
                nodes=nodes,
            )
        )
    return batches


async def write_floor(db: Database, batches: Sequence[FloorBatch]) -> float:
    """Seconds to write the batches one transaction after another into a wiped database."""

    async def write(tx: Transaction, *, batch: FloorBatch) -> None:
        await tx.run("bench/floor_tips", tips=batch.tips)
        await tx.run("bench/floor_identifiers", identifiers=batch.identifiers)
        await tx.run("bench/floor_links", links=batch.links)
        await tx.run("bench/floor_nodes", nodes=batch.nodes)

    started = time.perf_counter()
    for batch in batches:
        await db.write_transaction(partial(write, batch=batch))
    return time.perf_counter() - started


async def graph_shape(db: Database) -> dict[str, tuple[int, int]]:
    """(count, properties) by node labels and relationship type."""
    return {row["what"]: (row["count"], row["properties"]) for row in await db.read("bench/graph_shape")}
