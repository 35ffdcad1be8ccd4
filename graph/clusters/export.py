"""A cluster's case file (JSON or one CSV table): its tips, identifiers and weighted links as the viewer
may see them."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, Final

import orjson

from graph.audit import AuditTrail
from graph.clustering.evidence import EvidenceModel
from graph.clusters.explanations import member_links
from graph.clusters.reads import cluster_members, evidence_of, get_cluster
from graph.clusters.records import ClusterRecord, evidence_to_json
from graph.errors import NotFoundError
from graph.kinds import IdentifierKind
from graph.store.database import Database


class ExportFormat(StrEnum):
    JSON = "JSON"
    CSV = "CSV"


def _identifier_name(kind: IdentifierKind, key: str) -> str:
    return f"{kind.value}:{key}"


async def export_cluster(
    db: Database,
    trail: AuditTrail,
    cluster_id: str,
    export_format: ExportFormat,
    model: EvidenceModel | None = None,
) -> str:
    """A case file of the cluster as the viewer may see it: its tips, identifiers and weighted links (each
    link's weight is its match probability under the evidence model, as linkedTips gives it)."""
    cluster = await get_cluster(db, trail.viewer, cluster_id)
    if cluster is None:
        raise NotFoundError(f"no cluster {cluster_id}")
    members = await cluster_members(db, trail.viewer, cluster)
    links, strong_only = member_links(members.rows, model)
    trail.read(tip.id for tip in members.tips)
    evidence = evidence_of(cluster, members)
    tips = [
        {
            "id": tip.id,
            "incidentType": tip.incident_type,
            "incidentDateTime": tip.incident_date_time.isoformat(),
            "receivedAt": tip.received_at.isoformat(),
            "platform": tip.platform,
            "disposition": tip.disposition,
            "priority": tip.triage.priority if tip.triage else None,
            "actionClass": tip.triage.action_class if tip.triage else None,
        }
        for tip in members.tips
    ]
    identifiers = [
        {
            "kind": m.identifier.kind.value,
            "key": m.identifier.key,
            "memberCount": m.member_count,
            "tipCount": m.identifier.tip_count,
            "generic": m.identifier.generic or not m.linking,
        }
        for m in members.identifiers
    ]
    link_rows = [
        {
            "tipA": link.tip_a,
            "tipB": link.tip_b,
            "weight": link.weight,
            "via": [_identifier_name(kind, key) for kind, key in link.identifiers],
        }
        for link in links
    ]
    if export_format is ExportFormat.JSON:
        document = {
            "cluster": {
                "id": cluster.id,
                "kind": cluster.kind.value,
                "size": cluster.size,
                "evidence": orjson.loads(evidence_to_json(evidence)),
                "membersIncluded": len(members.tips),
                "strongLinksOnly": strong_only,
            },
            "tips": tips,
            "identifiers": identifiers,
            "links": link_rows,
        }
        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()
    return _csv(cluster, tips, identifiers, link_rows)


CSV_COLUMNS: Final = (
    "record",
    "cluster_id",
    "tip_id",
    "incident_type",
    "incident_date_time",
    "platform",
    "disposition",
    "priority",
    "identifier_kind",
    "identifier_key",
    "member_count",
    "generic",
    "tip_a",
    "tip_b",
    "weight",
    "via",
)


def _csv(
    cluster: ClusterRecord,
    tips: Sequence[Mapping[str, Any]],
    identifiers: Sequence[Mapping[str, Any]],
    links: Sequence[Mapping[str, Any]],
) -> str:
    """One table, a `record` column saying what each row is (tip, identifier, link), so a case file is one
    file a spreadsheet opens."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for tip in tips:
        writer.writerow(
            {
                "record": "tip",
                "cluster_id": cluster.id,
                "tip_id": tip["id"],
                "incident_type": tip["incidentType"],
                "incident_date_time": tip["incidentDateTime"],
                "platform": tip["platform"],
                "disposition": tip["disposition"],
                "priority": tip["priority"],
            }
        )
    for identifier in identifiers:
        writer.writerow(
            {
                "record": "identifier",
                "cluster_id": cluster.id,
                "identifier_kind": identifier["kind"],
                "identifier_key": identifier["key"],
                "member_count": identifier["memberCount"],
                "generic": str(identifier["generic"]).lower(),
            }
        )
    for link in links:
        writer.writerow(
            {
                "record": "link",
                "cluster_id": cluster.id,
                "tip_a": link["tipA"],
                "tip_b": link["tipB"],
                "weight": link["weight"],
                "via": " ".join(link["via"]),
            }
        )
    return out.getvalue()
