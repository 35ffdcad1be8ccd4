"""Scope crossing on every field, derived from the schema (issue 8).

A world where scoped viewers (a reporter service, an investigating agency) each see two linked tips, while
35 tips they may not see carry the same identifiers (spelled differently), push a URL past its generic
threshold, share their cluster and incident, and one identifier carries a supervisor's mark. For each
scoped viewer, every query field is asked with a selection generated from the schema (every field of every
object type it reaches; a type already on the path is selected by its leaf fields only), and so are the
mutations a scoped viewer may call; every other mutation must be refused. Each value in each answer is
checked as `COVERAGE` says for its field:

- every answer: no hidden tip id, hidden raw spelling, hidden text or other service's name, anywhere
  (cursors decoded first);
- COUNT: a count of tips, at most the tips the viewer may see;
- GENERIC: a generic flag, the policy's verdict (graph/generic.py) for the world's identifiers;
- EMPTY: never returns anything to a scoped viewer;
- TRIAGE / TRIAGE_COUNT: the clearinghouse's side of a tip (decisions, referral, scores, priority, routing):
  null, empty or 0 for a reporting service; for an investigator a value of its own (a count within its
  visible tips).

`COVERAGE` must name exactly the fields the schema has (a new field fails `test_every_field_is_covered`
until it is classified here), and each of them must be exercised with a value in some answer.
"""

from __future__ import annotations

import base64
import binascii
import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    is_leaf_type,
)

from api.schema import build_schema
from graph.clustering.evidence import SharedFact, compare
from graph.kinds import IdentifierKind
from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Role
from tests.api.graphql import data, error_codes, gql
from tests.conftest import token_for

OWN = "own"  # a value of a thing the viewer may see, made from it alone: the scan covers it
COUNT = "count"  # a count of tips: at most the viewer's visible tips
GENERIC = "generic"  # a generic flag: the policy's verdict
EMPTY = "empty"  # returns nothing to a scoped viewer
CURSOR = "cursor"  # a keyset cursor: decoded and scanned
PUBLIC = "public"  # reference data every viewer may see (the agency registry)
FORBIDDEN = "forbidden"  # a root field a scoped viewer is refused
LINKED = "linked"  # linkedTips' generic handling: test_linked_tips_skip_only_what_the_viewer_may_know
TRIAGE = "triage"  # the clearinghouse's side of a tip: nothing for a reporting service, own for others
TRIAGE_COUNT = "triage count"  # a count of how tips stand in triage: 0 for a reporting service, else COUNT

COVERAGE: dict[str, str] = {
    # What the live queue pushes: the tips the subscriber may see, read as it (api/subscriptions.py).
    "Subscription.queueChanges": OWN,
    "QueueChange.tip": OWN,
    "QueueChange.inQueue": OWN,
    # roots
    "Query.tip": OWN,
    "Query.searchTips": OWN,
    "Query.triageQueue": OWN,
    "Query.expiringTips": OWN,
    "Query.identifier": OWN,
    "Query.incident": OWN,
    "Query.agencies": PUBLIC,
    "Query.auditLog": FORBIDDEN,
    "Query.outcomeReport": FORBIDDEN,
    "Query.cluster": OWN,
    "Query.clusters": OWN,
    "Query.clusterExport": OWN,
    "Query.contentCluster": OWN,
    "Query.contentClusters": OWN,
    "Query.submission": OWN,
    "Query.submissions": OWN,
    # the disclosure document: scanned whole for anything outside the viewer's scope; null for a reporter
    "Query.tipExport": OWN,
    "Mutation.submitTips": OWN,
    "Mutation.openReport": OWN,
    "Mutation.addFiles": OWN,
    "Mutation.finishReport": OWN,
    "Mutation.retractReport": OWN,
    "Mutation.recordOutcome": OWN,
    "Mutation.setDisposition": FORBIDDEN,
    "Mutation.undoDecision": FORBIDDEN,
    "Mutation.bundleTips": FORBIDDEN,
    "Mutation.referTips": FORBIDDEN,
    "Mutation.judgeLink": FORBIDDEN,
    "Mutation.withdrawJudgement": FORBIDDEN,
    "Mutation.markIdentifierGeneric": FORBIDDEN,
    "Mutation.unmarkIdentifierGeneric": FORBIDDEN,
    "Mutation.bundleCluster": FORBIDDEN,
    "Mutation.setClusterDisposition": FORBIDDEN,
    "Mutation.referCluster": FORBIDDEN,
    "Mutation.reviewFile": FORBIDDEN,
    # tips
    "Tip.id": OWN,
    "Tip.reportId": OWN,
    "Tip.incidentType": OWN,
    "Tip.incidentDateTime": OWN,
    "Tip.receivedAt": OWN,
    "Tip.platform": OWN,
    "Tip.escalateToHighPriority": OWN,
    "Tip.annotations": OWN,
    "Tip.batched": OWN,
    "Tip.report": OWN,
    "Tip.disposition": TRIAGE,
    "Tip.version": OWN,
    "Tip.referredTo": TRIAGE,
    "Tip.outcome": TRIAGE,
    "Tip.preservationDeadline": OWN,
    "Tip.incidentId": TRIAGE,
    "Tip.actionability": TRIAGE,
    "Tip.files": OWN,
    "Tip.identifiers": OWN,
    "Tip.routing": OWN,  # its lists are TRIAGE
    "Tip.judgements": EMPTY,
    "Tip.suggestedAgencies": TRIAGE,
    "Tip.cluster": OWN,
    "Tip.contentClusters": OWN,
    "Tip.linkedTips": OWN,
    # labels: a reporting service sees its own only, an investigator an analyst's without name or note
    # (the world's reviewer and note are HIDDEN; tests/api/test_labels.py checks each role's view)
    "Tip.labels": OWN,
    "TipFile.labels": OWN,
    "TipFile.status": OWN,
    "TipFile.id": OWN,
    "Label.kind": OWN,
    "Label.value": OWN,
    "Label.source": OWN,
    "Label.at": OWN,
    "Label.fileId": OWN,
    "Label.service": OWN,
    "Label.hashList": OWN,
    "Label.analyst": OWN,
    "Label.role": OWN,
    "Label.viewed": OWN,
    "Label.note": OWN,
    "Label.disagrees": OWN,
    "TipConnection.edges": OWN,
    "TipConnection.pageInfo": OWN,
    "TipConnection.totalCount": COUNT,
    "TipEdge.cursor": CURSOR,
    "TipEdge.node": OWN,
    "PageInfo.hasNextPage": OWN,
    "PageInfo.endCursor": CURSOR,
    "Actionability.score": OWN,
    "Actionability.classification": OWN,
    "Actionability.priority": OWN,
    "Actionability.urgentReason": OWN,
    "Actionability.contributions": OWN,
    "Actionability.missing": OWN,
    "Actionability.computedAt": OWN,
    "ScoreContribution.factor": OWN,
    "ScoreContribution.points": OWN,
    "ScoreContribution.evidence": OWN,
    "TipFile.fileName": OWN,
    "TipFile.originalFileName": OWN,
    "TipFile.uploadedToEspTimestamp": OWN,
    "TipFile.locationOfFile": OWN,
    "TipFile.fileViewedByEsp": OWN,
    "TipFile.exifViewedByEsp": OWN,
    "TipFile.publiclyAvailable": OWN,
    "TipFile.fileRelevance": OWN,
    "TipFile.industryClassification": OWN,
    "TipFile.annotations": OWN,
    "TipFile.hashes": OWN,
    "FileHash.hashType": OWN,
    "FileHash.value": OWN,
    "TipIdentifier.kind": OWN,
    "TipIdentifier.key": OWN,
    "TipIdentifier.raw": OWN,
    "TipIdentifier.role": OWN,
    "TipIdentifier.rule": OWN,
    "TipIdentifier.verified": OWN,
    "TipIdentifier.ipCapture": OWN,
    "TipIdentifier.fileIndex": OWN,
    "TipIdentifier.generic": GENERIC,
    "TipIdentifier.tipCount": COUNT,
    "IpCapture.event": OWN,
    "IpCapture.at": OWN,
    "IpCapture.port": OWN,
    "IpCapture.possibleProxy": OWN,
    "Routing.locations": TRIAGE,
    "Routing.suggestedAgencies": TRIAGE,
    "Location.party": OWN,
    "Location.country": OWN,
    "Location.region": OWN,
    "Location.source": OWN,
    "Location.confidence": OWN,
    "Location.evidence": OWN,
    "AgencySuggestion.agency": OWN,
    "AgencySuggestion.confidence": OWN,
    "AgencySuggestion.reasons": OWN,
    "Agency.id": PUBLIC,
    "Agency.name": PUBLIC,
    "Agency.kind": PUBLIC,
    "Agency.country": PUBLIC,
    "Agency.regions": PUBLIC,
    # judgements are for the viewers who judge: Tip.judgements is empty to everyone else
    "Judgement.id": EMPTY,
    "Judgement.tipA": EMPTY,
    "Judgement.tipB": EMPTY,
    "Judgement.verdict": EMPTY,
    "Judgement.by": EMPTY,
    "Judgement.at": EMPTY,
    "Judgement.reason": EMPTY,
    "Judgement.withdrawnBy": EMPTY,
    "Judgement.withdrawnAt": EMPTY,
    # linked tips (graph/crossref.py applies the generic policy there)
    "LinkedTipConnection.edges": OWN,
    "LinkedTipConnection.pageInfo": OWN,
    "LinkedTipConnection.totalCount": COUNT,
    "LinkedTipConnection.skippedGenericIdentifiers": LINKED,
    "LinkedTipConnection.truncated": LINKED,
    "LinkedTipEdge.cursor": CURSOR,
    "LinkedTipEdge.node": OWN,
    "LinkedTipEdge.weight": LINKED,
    "LinkedTipEdge.shared": LINKED,
    "LinkedTipEdge.matchWeight": LINKED,
    "LinkedTipEdge.matchProbability": LINKED,
    "LinkedTipEdge.tier": LINKED,
    "SharedIdentifier.kind": OWN,
    "SharedIdentifier.key": OWN,
    "SharedIdentifier.tipCount": COUNT,
    "SharedIdentifier.generic": LINKED,
    "SharedIdentifier.weight": LINKED,
    "SharedIdentifier.reason": LINKED,
    "SharedIdentifier.rolesHere": OWN,
    "SharedIdentifier.rolesThere": OWN,
    "SharedIdentifier.level": LINKED,
    "SharedIdentifier.matchWeight": LINKED,
    # identifiers
    "Identifier.kind": OWN,
    "Identifier.key": OWN,
    "Identifier.rawValues": OWN,
    "Identifier.tipCount": COUNT,
    "Identifier.generic": GENERIC,
    "Identifier.genericReason": GENERIC,
    "Identifier.tips": OWN,
    "IdentifierRef.kind": OWN,
    "IdentifierRef.key": OWN,
    # clusters
    "Cluster.id": OWN,
    "Cluster.kind": OWN,
    "Cluster.size": COUNT,
    "Cluster.updatedAt": OWN,
    "Cluster.membersLookedAt": COUNT,
    "Cluster.evidence": OWN,
    "Cluster.tips": OWN,
    "Cluster.identifiers": OWN,
    "Cluster.timeline": OWN,
    "Cluster.whyMember": OWN,
    "Cluster.bridges": OWN,
    "Cluster.strongLinks": OWN,
    "ClusterStrongLinks.links": OWN,
    "ClusterStrongLinks.truncated": OWN,
    "StrongLink.link": OWN,
    "StrongLink.tips": OWN,
    "Cluster.triageSummary": OWN,
    # content clusters: sized, dated and listed by the viewer's own member tips only
    "ContentCluster.id": OWN,
    "ContentCluster.kind": OWN,
    "ContentCluster.size": COUNT,
    "ContentCluster.digests": OWN,
    "ContentCluster.firstSeen": OWN,
    "ContentCluster.lastSeen": OWN,
    "ContentCluster.updatedAt": EMPTY,
    "ContentCluster.tips": OWN,
    "ContentClusterConnection.edges": OWN,
    "ContentClusterConnection.pageInfo": OWN,
    "ContentClusterEdge.cursor": CURSOR,
    "ContentClusterEdge.node": OWN,
    "ClusterConnection.edges": OWN,
    "ClusterConnection.pageInfo": OWN,
    "ClusterEdge.cursor": CURSOR,
    "ClusterEdge.node": OWN,
    "ClusterEvidence.tips": COUNT,
    "ClusterEvidence.accounts": COUNT,
    "ClusterEvidence.accountsPerFile": COUNT,
    "ClusterEvidence.glue": OWN,
    "ClusterEvidence.platforms": OWN,
    "ClusterEvidence.countries": OWN,
    "ClusterEvidence.places": OWN,
    "ClusterEvidence.firstSeen": OWN,
    "ClusterEvidence.lastSeen": OWN,
    "ClusterEvidence.spanDays": OWN,
    "ClusterEvidence.reason": OWN,
    "GlueCount.kind": OWN,
    "GlueCount.identifiers": OWN,
    "ClusterIdentifier.identifier": OWN,
    "ClusterIdentifier.memberCount": COUNT,
    "ClusterIdentifier.linking": GENERIC,
    "ClusterTimeline.events": OWN,
    "ClusterTimeline.truncated": OWN,
    "ClusterTimelineEvent.at": OWN,
    "ClusterTimelineEvent.tipId": OWN,
    "ClusterTimelineEvent.kind": OWN,
    "ClusterTimelineEvent.detail": OWN,
    "ClusterTimelineEvent.identifier": OWN,
    "MembershipStep.fromTip": OWN,
    "MembershipStep.toTip": OWN,
    "MembershipStep.link": OWN,
    "ClusterLink.identifiers": OWN,
    "ClusterLink.weight": OWN,
    "ClusterLink.matchProbability": OWN,
    "ClusterLink.matchWeight": OWN,
    "Cluster.memberLinks": OWN,
    "Cluster.possibleLinks": OWN,
    "ClusterPossibleLinks.links": OWN,
    "ClusterPossibleLinks.truncated": OWN,
    "ClusterPossibleLink.tip": OWN,
    "ClusterPossibleLink.linkedTo": OWN,
    "ClusterPossibleLink.matchProbability": OWN,
    "ClusterPossibleLink.matchWeight": OWN,
    "ClusterPossibleLink.tier": OWN,
    "ClusterMemberLink.tipId": OWN,
    "ClusterMemberLink.matchProbability": OWN,
    "ClusterMemberLink.linkedTo": OWN,
    "ClusterBridge.link": OWN,
    "ClusterBridge.parts": OWN,
    "ClusterBridge.tips": OWN,
    "ClusterTriageSummary.tips": COUNT,
    "ClusterTriageSummary.actionable": TRIAGE_COUNT,
    "ClusterTriageSummary.urgent": TRIAGE_COUNT,
    "ClusterTriageSummary.referred": TRIAGE_COUNT,
    "ClusterTriageSummary.closed": TRIAGE_COUNT,
    "ClusterTriageSummary.byDisposition": TRIAGE,
    "DispositionCount.disposition": OWN,
    "DispositionCount.tips": COUNT,
    # incidents
    "Incident.id": OWN,
    "Incident.label": OWN,
    "Incident.kind": OWN,
    "Incident.createdAt": OWN,
    "Incident.createdBy": OWN,
    "Incident.accounts": OWN,
    "Incident.platforms": OWN,
    "Incident.firstSeen": OWN,
    "Incident.lastSeen": OWN,
    "Incident.tipCount": COUNT,
    "Incident.tips": OWN,
    # what scoped viewers' own mutations return
    "SubmitTipsPayload.results": OWN,
    "SubmitTipsPayload.created": OWN,
    "SubmitTipsPayload.unchanged": OWN,
    "SubmitTipsPayload.conflicts": OWN,
    "SubmitTipsPayload.invalid": OWN,
    "SubmitTipResult.index": OWN,
    "SubmitTipResult.reportId": OWN,
    "SubmitTipResult.outcome": OWN,
    "SubmitTipResult.problems": OWN,
    "SubmitTipResult.tipId": OWN,
    "SubmitTipResult.tip": OWN,
    "InputProblem.path": OWN,
    "InputProblem.message": OWN,
    "Submission.reportId": OWN,
    "Submission.tipId": OWN,
    "Submission.status": OWN,
    "Submission.openedAt": OWN,
    "Submission.lastChangedAt": OWN,
    "Submission.expiresAt": OWN,
    "Submission.fileCount": OWN,
    "Submission.preservationDeadline": OWN,
    "SubmissionConnection.edges": OWN,
    "SubmissionConnection.pageInfo": OWN,
    "SubmissionEdge.cursor": CURSOR,
    "SubmissionEdge.node": OWN,
    "FinishReportPayload.submission": OWN,
    "FinishReportPayload.result": OWN,
    "Decision.decisionId": OWN,
    "Decision.dryRun": OWN,
    "Decision.changes": OWN,
    "Decision.problems": OWN,
    "TipChange.tipId": OWN,
    "TipChange.from": OWN,
    "TipChange.to": OWN,
    "TipChange.version": OWN,
    "TipChange.referredTo": OWN,
    "TipDecisionProblem.tipId": OWN,
    "TipDecisionProblem.code": OWN,
    "TipDecisionProblem.message": OWN,
}

# Fields a scoped viewer never gets a value from in this world, and why that is fine.
PUSHED = (
    "pushed over graphql-ws, not asked over HTTP: tests/web/test_queue_subscription.py checks that a scoped "
    "subscriber is pushed only tips it may see"
)
POSSIBLE_LINKS_NONE = (
    "every tip of the world is in one cluster, so none outside it links in; tests/api/"
    "test_cluster_possible_links.py checks a scoped viewer's possible links hold only tips it may see"
)
NOT_EXERCISED: dict[str, str] = {
    "Subscription.queueChanges": PUSHED,
    "QueueChange.tip": PUSHED,
    "QueueChange.inQueue": PUSHED,
    "Tip.judgements": "empty for viewers who do not judge (asserted EMPTY)",
    "Judgement.id": "Tip.judgements is empty for scoped viewers",
    "Judgement.tipA": "Tip.judgements is empty for scoped viewers",
    "Judgement.tipB": "Tip.judgements is empty for scoped viewers",
    "Judgement.verdict": "Tip.judgements is empty for scoped viewers",
    "Judgement.by": "Tip.judgements is empty for scoped viewers",
    "Judgement.at": "Tip.judgements is empty for scoped viewers",
    "Judgement.reason": "Tip.judgements is empty for scoped viewers",
    "Judgement.withdrawnBy": "Tip.judgements is empty for scoped viewers",
    "Judgement.withdrawnAt": "Tip.judgements is empty for scoped viewers",
    "Tip.outcome": "no outcome recorded before the queries run",
    "Tip.escalateToHighPriority": "asserted through Tip.report; null after retention",
    "Cluster.bridges": "two visible tips: no bridge to find",
    "ClusterBridge.link": "two visible tips: no bridge to find",
    "ClusterBridge.parts": "two visible tips: no bridge to find",
    "ClusterBridge.tips": "two visible tips: no bridge to find; tests/api/test_clusters.py checks a scoped "
    "viewer's bridges join only tips it may see",
    "ClusterPossibleLinks.links": POSSIBLE_LINKS_NONE,
    "ClusterPossibleLink.tip": POSSIBLE_LINKS_NONE,
    "ClusterPossibleLink.linkedTo": POSSIBLE_LINKS_NONE,
    "ClusterPossibleLink.matchProbability": POSSIBLE_LINKS_NONE,
    "ClusterPossibleLink.matchWeight": POSSIBLE_LINKS_NONE,
    "ClusterPossibleLink.tier": POSSIBLE_LINKS_NONE,
    "Actionability.missing": "empty when nothing is missing",
    "Decision.problems": "the outcome is recorded without problems",
    "ClusterTimelineEvent.identifier": "set on identifier events only",
    "Actionability.urgentReason": "present only for URGENT tips",
    "SubmitTipResult.problems": "a clean submission has none",
    "InputProblem.path": "a clean submission has no problems",
    "InputProblem.message": "a clean submission has no problems",
    "Decision.decisionId": "asserted by the mutation walk (null when nothing changed)",
    "TipDecisionProblem.tipId": "the outcome is recorded without problems",
    "TipDecisionProblem.code": "the outcome is recorded without problems",
    "TipDecisionProblem.message": "the outcome is recorded without problems",
    "TipIdentifier.verified": "null unless the report says",
    "TipIdentifier.fileIndex": "null for identifiers outside files",
    "TipFile.originalFileName": "not in the example",
    "Location.region": "null for countries without regions",
    "Label.hashList": "no hash lists are configured",
    "Label.analyst": "an analyst's name is for analysts and supervisors only (asserted HIDDEN)",
    "Label.note": "the example gives its file's relevance; an analyst's note is asserted HIDDEN",
}

# Values of required (and some optional) arguments, by field; `{name}` is taken from the world.
ARGUMENTS: dict[str, str] = {
    "Query.tip": 'id: "{tip}"',
    "Query.identifier": 'kind: EMAIL, value: "{email}"',
    "Query.incident": 'id: "{incident}"',
    "Query.cluster": 'id: "{cluster}"',
    "Query.clusterExport": 'id: "{cluster}"',
    "Query.contentCluster": 'id: "{content_cluster}"',
    "Query.expiringTips": "withinDays: 3650, first: 3",
    "Query.submission": 'reportId: "PIX-1"',
    "Query.tipExport": 'id: "{tip}"',
    "Cluster.whyMember": 'tipId: "{other_tip}"',
    "Cluster.identifiers": "minMembers: 1",
}
LIST_PAGE = "first: 3"

HIDDEN = "HIDDEN"  # in every hidden tip's id, raw spellings and words
URL = "https://kestrel.example.net/u/harbor.fox.19"
PHONE_KEY = "+15035550188"
# A meme every tip of the world forwards, hidden ones too: one content cluster larger than any viewer's view.
MEME_MD5 = "0f343b0931126a20f133d67c2b018a3b"
MEME = {
    "fileName": "meme.jpg",
    "fileAnnotations": {"viral": True},
    "originalFileHash": [{"value": MEME_MD5, "hashType": "MD5"}],
}


def _scope_schema(settings: Settings) -> GraphQLSchema:
    return build_schema(settings)._schema


def _object_fields(schema: GraphQLSchema, roots: dict[str, list[str]]) -> dict[str, GraphQLField]:
    """Every `Type.field` reachable from the given root fields, by breadth-first walk of the schema."""
    found: dict[str, GraphQLField] = {}
    queue: list[GraphQLObjectType] = []
    for root_name, names in roots.items():
        root = schema.get_type(root_name)
        assert isinstance(root, GraphQLObjectType)
        for name in names:
            found[f"{root_name}.{name}"] = root.fields[name]
            queue.append(get_named_type(root.fields[name].type))
    seen: set[str] = set()
    while queue:
        current = queue.pop()
        if not isinstance(current, GraphQLObjectType) or current.name in seen:
            continue
        seen.add(current.name)
        for name, child in current.fields.items():
            found[f"{current.name}.{name}"] = child
            queue.append(get_named_type(child.type))
    return found


def _reachable_for_scoped(schema: GraphQLSchema) -> dict[str, GraphQLField]:
    query, mutation = schema.query_type, schema.mutation_type
    assert query is not None and mutation is not None
    allowed = [name for name in mutation.fields if COVERAGE.get(f"Mutation.{name}") != FORBIDDEN]
    asked = [n for n in query.fields if COVERAGE.get(f"Query.{n}") != FORBIDDEN]
    roots = {"Query": asked, "Mutation": allowed}
    # Subscriptions push values too: a new one, or a new field of what it pushes, must be classified here.
    if schema.subscription_type is not None:
        roots["Subscription"] = list(schema.subscription_type.fields)
    fields = _object_fields(schema, roots)
    fields.update({f"Query.{n}": f for n, f in query.fields.items()})
    fields.update({f"Mutation.{n}": f for n, f in mutation.fields.items()})
    return fields


def test_every_field_is_covered(settings: Settings) -> None:
    reachable = set(_reachable_for_scoped(_scope_schema(settings)))
    assert sorted(reachable - set(COVERAGE)) == [], "classify these fields in COVERAGE"
    assert sorted(set(COVERAGE) - reachable) == [], "these fields are gone from the schema"
    assert set(NOT_EXERCISED) <= set(COVERAGE)


# ---- the selection a schema walk makes -----------------------------------------------------------


def _arguments(key: str, definition: GraphQLField, world: dict[str, str]) -> str:
    if key in ARGUMENTS:
        return f"({ARGUMENTS[key].format(**world)})"
    required = [
        n for n, a in definition.args.items() if a.default_value is None and str(a.type).endswith("!")
    ]
    assert not required, f"{key} needs {required}: add its values to ARGUMENTS"
    return f"({LIST_PAGE})" if "first" in definition.args else ""


def selection(
    schema: GraphQLSchema, type_: GraphQLObjectType, world: dict[str, str], path: tuple[str, ...]
) -> str:
    """Every field of `type_`. A type already on the path gets its leaf fields only, so nothing recurses, and
    so does a type a root field returns (Tip, Identifier, Cluster, Incident): it is walked whole there."""
    parts: list[str] = []
    query = schema.query_type
    assert query is not None
    roots = {get_named_type(f.type).name for f in query.fields.values()}
    for name, definition in type_.fields.items():
        key = f"{type_.name}.{name}"
        named = get_named_type(definition.type)
        if is_leaf_type(named):
            parts.append(name + _arguments(key, definition, world))
        elif isinstance(named, GraphQLObjectType):
            inner = (
                " ".join(n for n, f in named.fields.items() if _is_leaf_without_required_args(f))
                if named.name in path or named.name in roots
                else selection(schema, named, world, (*path, named.name))
            )
            if inner:
                parts.append(f"{name}{_arguments(key, definition, world)} {{ {inner} }}")
    return " ".join(parts)


def _is_leaf_without_required_args(definition: GraphQLField) -> bool:
    return is_leaf_type(get_named_type(definition.type)) and not any(
        a.default_value is None and str(a.type).endswith("!") for a in definition.args.values()
    )


def root_documents(schema: GraphQLSchema, world: dict[str, str]) -> Iterator[tuple[str, str]]:
    """One query per root field and, for object results, per field of the result (each stays small)."""
    query = schema.query_type
    assert query is not None
    for name, definition in query.fields.items():
        key = f"Query.{name}"
        if COVERAGE[key] == FORBIDDEN:
            continue
        named = get_named_type(definition.type)
        call = name + _arguments(key, definition, world)
        if not isinstance(named, GraphQLObjectType):
            yield key, f"{{ {call} }}"
            continue
        for sub, sub_definition in named.fields.items():
            one = GraphQLObjectType(named.name, {sub: sub_definition})
            inner = selection(schema, one, world, ("Query", named.name))
            if inner:
                yield key, f"{{ {call} {{ __typename {inner} }} }}"


# ---- the world ------------------------------------------------------------------------------------


@dataclass
class Viewer:
    token: str
    visible: set[str]
    hidden_words: tuple[str, ...]
    world: dict[str, str] = field(default_factory=dict)
    sees_triage: bool = True


SUBMIT = """mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { results { outcome tipId } } }"""


def _tip(example: dict[str, Any], report_id: str, *, hidden: bool) -> dict[str, Any]:
    made = copy.deepcopy(example)
    made["reportId"] = report_id
    made["files"] = [MEME] if hidden else [*made["files"], MEME]
    made["internetDetails"] = [{"webPageIncident": {"url": [URL + ("#HIDDEN" if hidden else "")]}}]
    if hidden:
        suspect = made["personOrUserReported"][0]
        suspect["personOrUserReportedPerson"]["email"] = [{"value": "harbor.fox.19+HIDDEN@gmail.com"}]
        suspect["screenName"] = "HIDDEN_owl"
        made["incidentSummary"]["escalateToHighPriority"] = "HIDDEN words"
    return made


@pytest.fixture
async def viewers(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> dict[str, Viewer]:
    pixpost = token_for(settings, Role.REPORTER, "pixpost")
    vidnest = token_for(settings, Role.REPORTER, "vidnest")
    ohio = token_for(settings, Role.INVESTIGATOR, "ICAC-OR")
    supervisor = token_for(settings, Role.SUPERVISOR)

    async def submit(tips: list[dict[str, Any]], token: str = "") -> list[str]:
        results = data(await gql(client, SUBMIT, {"tips": tips}, token=token))["submitTips"]["results"]
        assert all(r["outcome"] == "CREATED" for r in results), results
        return [r["tipId"] for r in results]

    ohio_tips = await submit([_tip(example_tip, f"OHIO-{i}", hidden=False) for i in (1, 2)])
    hidden = await submit([_tip(example_tip, f"HIDDEN-{i:02}", hidden=True) for i in range(33)])
    mine = await submit([_tip(example_tip, f"PIX-{i}", hidden=False) for i in (1, 2)], pixpost)
    others = await submit([_tip(example_tip, "PIX-1", hidden=True)], vidnest)
    await clean_db.write("testing/refer", ids=hidden, agency="ICAC-CA")
    marked = await gql(
        client,
        'mutation { markIdentifierGeneric(kind: PHONE, value: "+15035550188", reason: "HIDDEN hotel line") '
        "{ generic } }",
        token=supervisor,
    )
    assert data(marked)["markIdentifierGeneric"]["generic"] is True
    bundled = await gql(
        client,
        'mutation($ids: [ID!]!) { bundleTips(tipIds: $ids, incidentLabel: "one incident") '
        "{ incident { id } } }",
        {"ids": [*ohio_tips, mine[0], hidden[0], others[0]]},
    )
    incident = data(bundled)["bundleTips"]["incident"]["id"]
    referred = await gql(
        client,
        'mutation($ids: [ID!]!) { referTips(tipIds: $ids, agencyId: "ICAC-OR") { problems { code } } }',
        {"ids": ohio_tips},
    )
    assert data(referred)["referTips"]["problems"] == []
    cluster = data(await gql(client, '{ tip(id: "OHIO-1") { cluster { id } } }'))["tip"]["cluster"]["id"]
    reviewer = token_for(settings, Role.ANALYST, subject="HIDDEN-analyst")
    for reviewed in (ohio_tips[0], mine[0]):
        files = await gql(client, "query($id: ID!) { tip(id: $id) { files { id } } }", {"id": reviewed})
        review = await gql(
            client,
            "mutation($tip: ID!, $file: ID!) { reviewFile(tipId: $tip, fileId: $file, category: NOT_CSAM, "
            'viewed: true, note: "HIDDEN words of a review") { label { value } } }',
            {"tip": reviewed, "file": data(files)["tip"]["files"][0]["id"]},
            token=reviewer,
        )
        assert data(review)["reviewFile"]["label"]["value"] == "NOT_CSAM"
    common = {
        "email": "Harbor.Fox.19+kc@GoogleMail.com",
        "incident": incident,
        "cluster": cluster,
        "content_cluster": f"content:md5:{MEME_MD5}",
    }
    return {
        "reporter": Viewer(
            pixpost,
            set(mine),
            (HIDDEN, "hidden_owl", "OHIO-", "vidnest:PIX"),
            {**common, "tip": mine[0], "other_tip": mine[1]},
            sees_triage=False,
        ),
        "investigator": Viewer(
            ohio,
            set(ohio_tips),
            (HIDDEN, "hidden_owl", "PIX-", "pixpost:PIX"),
            {**common, "tip": ohio_tips[0], "other_tip": ohio_tips[1]},
        ),
    }


# ---- the checks -----------------------------------------------------------------------------------


def _decoded_cursor(value: str) -> str:
    try:
        return base64.urlsafe_b64decode(value.encode("ascii")).decode("utf-8", "replace")
    except (ValueError, binascii.Error):
        return value


@dataclass
class Checker:
    schema: GraphQLSchema
    viewer: Viewer
    exercised: set[str] = field(default_factory=set)

    def check_answer(self, root_name: str, label: str, body: dict[str, Any]) -> None:
        assert "errors" not in body, (label, body.get("errors"))
        text = orjson.dumps(body).decode()
        for word in self.viewer.hidden_words:
            at = text.find(word)
            assert at < 0, (label, text[max(0, at - 300) : at + 100])
        root = self.schema.get_type(root_name)
        assert isinstance(root, GraphQLObjectType)
        for name, value in body["data"].items():
            self.walk(root, name, value)
        for identifier in _identifiers_in(body["data"]):
            self.check_identifier(identifier)

    def walk(self, parent: GraphQLObjectType, name: str, value: Any) -> None:
        key = f"{parent.name}.{name}"
        if value is None or value == []:
            if COVERAGE[key] in (EMPTY, TRIAGE, TRIAGE_COUNT):
                self.exercised.add(key)
            return
        assert COVERAGE[key] != EMPTY, (key, value)
        if COVERAGE[key] == TRIAGE_COUNT and not self.viewer.sees_triage:
            assert value == 0, (key, value)
        assert COVERAGE[key] != TRIAGE or self.viewer.sees_triage, (key, value)
        self.exercised.add(key)
        named = get_named_type(parent.fields[name].type)
        for item in value if isinstance(value, list) else [value]:
            self.check_value(key, item)
            if isinstance(named, GraphQLObjectType) and isinstance(item, dict):
                for child, child_value in item.items():
                    if child != "__typename":
                        self.walk(named, child, child_value)

    def check_value(self, key: str, value: Any) -> None:
        if COVERAGE[key] == CURSOR:
            decoded = _decoded_cursor(value)
            assert not any(word in decoded for word in self.viewer.hidden_words), (key, decoded)
        elif COVERAGE[key] in (COUNT, TRIAGE_COUNT):
            assert isinstance(value, int) and 0 <= value <= len(self.viewer.visible), (key, value)

    def check_identifier(self, identifier: dict[str, Any]) -> None:
        """The policy's verdict on the world's identifiers, wherever one shows: the URL that hidden tips made
        a super-node is not generic to a scoped viewer, the supervisor's mark is, without its words."""
        expected = {URL: False, PHONE_KEY: True, "harborfox19@gmail.com": False}
        inner = identifier.get("identifier")
        if isinstance(inner, dict) and "linking" in identifier and inner.get("key") in expected:
            assert identifier["linking"] is not expected[inner["key"]], identifier
        if identifier.get("key") in expected and "generic" in identifier:
            assert identifier["generic"] is expected[identifier["key"]], identifier
        if identifier.get("key") == PHONE_KEY and "genericReason" in identifier:
            assert identifier["genericReason"] == "marked generic by a supervisor", identifier


def _identifiers_in(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "key" in value or "linking" in value:
            yield value
        for child in value.values():
            yield from _identifiers_in(child)
    elif isinstance(value, list):
        for child in value:
            yield from _identifiers_in(child)


def _dummy(type_: Any) -> str:
    """A literal of an argument's type, for mutations that must be refused before they look at it."""
    text = str(type_).rstrip("!")
    if text.startswith("["):
        return f"[{_dummy(type_.of_type.of_type if str(type_).endswith('!') else type_.of_type)}]"
    named = get_named_type(type_)
    if isinstance(named, GraphQLEnumType):
        return str(next(iter(named.values)))
    return {"Int": "1", "Boolean": "false", "Float": "1.0", "JSON": "{}"}.get(named.name, '"x"')


def _mutation_steps(
    who: str, viewer: Viewer, example: dict[str, Any]
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """The mutations a scoped viewer may call: (field, arguments, variable definitions, variables)."""
    if who == "investigator":
        outcome = 'tipIds: ["{tip}"], outcome: SEARCH_WARRANT, note: "warrant served"'.format(**viewer.world)
        return [("recordOutcome", outcome, "", {})]
    fresh = _tip(example, "PIX-3", hidden=False)
    report = "($report: TipInput!)"
    return [
        ("submitTips", "tips: $tips", "($tips: [TipInput!]!)", {"tips": [fresh]}),
        ("openReport", "report: $report", report, {"report": {**fresh, "reportId": "PIX-4"}}),
        ("addFiles", 'reportId: "PIX-4", files: $files', "($files: [JSON!]!)", {"files": example["files"]}),
        ("finishReport", 'reportId: "PIX-4"', "", {}),
        ("openReport", "report: $report", report, {"report": {**fresh, "reportId": "PIX-5"}}),
        ("retractReport", 'reportId: "PIX-5"', "", {}),
    ]


async def test_no_field_crosses_the_scope_of_a_scoped_viewer(
    client: httpx.AsyncClient, settings: Settings, viewers: dict[str, Viewer], example_tip: dict[str, Any]
) -> None:
    schema = _scope_schema(settings)
    mutation = schema.mutation_type
    assert mutation is not None
    exercised: set[str] = set()
    for who, viewer in viewers.items():
        checker = Checker(schema, viewer)
        for key, document in root_documents(schema, viewer.world):
            checker.check_answer("Query", key, await gql(client, document, token=viewer.token))
        refused = await gql(client, "{ auditLog(first: 1) { edges { cursor } } }", token=viewer.token)
        assert error_codes(refused) == ["FORBIDDEN"]
        checker.exercised.add("Query.auditLog")
        refused = await gql(client, "{ outcomeReport { referred } }", token=viewer.token)
        assert error_codes(refused) == ["FORBIDDEN"]
        checker.exercised.add("Query.outcomeReport")
        steps = _mutation_steps(who, viewer, example_tip)
        # What the reporter submits here it may see: two more tips in its counts.
        viewer.visible |= {"pixpost:PIX-3", "pixpost:PIX-4"} if who == "reporter" else set()
        for name, arguments, variables, values in steps:
            named = get_named_type(mutation.fields[name].type)
            assert isinstance(named, GraphQLObjectType)
            inner = selection(schema, named, viewer.world, ("Mutation", named.name))
            document = f"mutation{variables} {{ {name}({arguments}) {{ {inner} }} }}"
            body = await gql(client, document, values, token=viewer.token)
            checker.check_answer("Mutation", f"Mutation.{name}", body)
        for name, definition in mutation.fields.items():
            if COVERAGE[f"Mutation.{name}"] != FORBIDDEN:
                continue
            arguments = ", ".join(
                f"{arg}: {_dummy(a.type)}" for arg, a in definition.args.items() if str(a.type).endswith("!")
            )
            body = await gql(
                client, f"mutation {{ {name}({arguments}) {{ __typename }} }}", token=viewer.token
            )
            assert error_codes(body) == ["FORBIDDEN"], (who, name, body)
            checker.exercised.add(f"Mutation.{name}")
        exercised |= checker.exercised
    reachable = _reachable_for_scoped(schema)
    missing = [
        key
        for key in reachable
        if key not in exercised and key not in NOT_EXERCISED and COVERAGE[key] not in (LINKED, PUBLIC)
    ]
    assert not missing, f"no answer exercised {sorted(missing)}"


LINKED_QUERY = """query($id: ID!) { tip(id: $id) { identifiers { key generic }
  linkedTips(first: 5) { skippedGenericIdentifiers edges { shared { key generic } } } } }"""


async def test_linked_tips_skip_only_what_the_viewer_may_know_is_generic(
    client: httpx.AsyncClient, viewers: dict[str, Viewer]
) -> None:
    for viewer in viewers.values():
        answer = await gql(client, LINKED_QUERY, {"id": viewer.world["tip"]}, token=viewer.token)
        tip = data(answer)["tip"]
        generic = {i["key"] for i in tip["identifiers"] if i["generic"]}
        assert tip["linkedTips"]["skippedGenericIdentifiers"] == len(generic)
        shared = {s["key"]: s["generic"] for e in tip["linkedTips"]["edges"] for s in e["shared"]}
        assert shared.get(URL) is False


LINKED_EVIDENCE_QUERY = """query($id: ID!) { tip(id: $id) { linkedTips(first: 5) {
  edges { matchProbability tier shared { kind key tipCount level matchWeight } } } } }"""


async def test_linked_tips_evidence_counts_only_the_viewers_tips(
    client: httpx.AsyncClient, viewers: dict[str, Viewer]
) -> None:
    """The evidence model weighs a value by how many people stand behind it; for a scoped viewer that is
    its visible tips (the tipCount it is shown), so the level and the probability tell of no hidden tip:
    the URL that hidden tips push past its threshold is, to the viewer, a value behind two."""
    for viewer in viewers.values():
        answer = await gql(client, LINKED_EVIDENCE_QUERY, {"id": viewer.world["tip"]}, token=viewer.token)
        edges = data(answer)["tip"]["linkedTips"]["edges"]
        assert edges
        for edge in edges:
            for s in edge["shared"]:
                if s["kind"] == "IP":
                    continue
                found = compare(SharedFact(IdentifierKind(s["kind"]), s["key"], s["tipCount"], [{}], [{}]))
                assert found is not None
                assert s["level"].endswith(found.level.removeprefix("UNVERIFIED_").removeprefix("VERIFIED_"))
        url = [s for e in edges for s in e["shared"] if s["key"] == URL]
        assert url and all(s["level"] == "PEOPLE_2" for s in url)
