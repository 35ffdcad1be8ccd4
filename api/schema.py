"""The schema: root Query and Mutation composed from one class per area, and its extensions."""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig

from api.audit import AuditReads
from api.audit_log import AuditQueries
from api.clusters import ClusterMutations, ClusterQueries
from api.decisions import DecisionMutations
from api.errors import ErrorCodes
from api.incidents import IncidentMutations, IncidentQueries
from api.judgements import JudgementMutations
from api.limits import hardening
from api.mutations import TIP_INPUT_SCALAR, IngestMutations, TipInput
from api.queries import IdentifierQueries, TipQueries
from api.referral import ReferralMutations, ReferralQueries
from api.submissions import SubmissionMutations
from api.subscriptions import QueueSubscriptions
from api.triage import TriageQueries
from graph.settings import Settings


@strawberry.type(description="Everything an investigator, analyst or auditor can ask.")
class Query(
    TipQueries,
    TriageQueries,
    IdentifierQueries,
    IncidentQueries,
    ReferralQueries,
    AuditQueries,
    ClusterQueries,
):
    pass


@strawberry.type(description="Everything that changes tipgraph.")
class Mutation(
    IngestMutations,
    SubmissionMutations,
    DecisionMutations,
    IncidentMutations,
    ReferralMutations,
    JudgementMutations,
    ClusterMutations,
):
    pass


@strawberry.type(description="What tipgraph pushes over graphql-ws as it happens.")
class Subscription(QueueSubscriptions):
    pass


def build_schema(settings: Settings) -> strawberry.Schema:
    # Order matters: AuditReads wraps everything, so it runs last and can still withhold the response;
    # ErrorCodes shapes errors before it.
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[AuditReads, *hardening(settings), ErrorCodes],
        config=StrawberryConfig(scalar_map={TipInput: TIP_INPUT_SCALAR}),
    )
