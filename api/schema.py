"""The schema: root Query and Mutation composed from one class per area, and its extensions."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from api.audit import AuditReads
from api.audit_log import AuditQueries
from api.clusters import ClusterMutations, ClusterQueries
from api.content_clusters import ContentClusterQueries
from api.decisions import DecisionMutations
from api.errors import ErrorCodes
from api.file_review import FileReviewMutations
from api.incidents import IncidentMutations, IncidentQueries
from api.judgements import JudgementMutations
from api.limits import hardening
from api.mutations import TIP_INPUT_SCALAR, IngestMutations, TipInput
from api.outcome_report import OutcomeReportQueries
from api.queries import IdentifierQueries, TipQueries
from api.referral import ReferralMutations, ReferralQueries
from api.submissions import SubmissionMutations, SubmissionQueries
from api.subscriptions import QueueSubscriptions
from api.tip_export import TipExportQueries
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
    ContentClusterQueries,
    OutcomeReportQueries,
    SubmissionQueries,
    TipExportQueries,
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
    FileReviewMutations,
):
    pass


@strawberry.type(description="What tipgraph pushes over graphql-ws as it happens.")
class Subscription(QueueSubscriptions):
    pass


class TipgraphSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # strawberry logs every error here, a caller's typo as loudly as a crash. ErrorCodes logs each
        # unexpected one, with its request id; the rest are answers, not incidents.
        return


def build_schema(settings: Settings) -> strawberry.Schema:
    # Order matters: AuditReads wraps everything, so it runs last and can still withhold the response;
    # ErrorCodes shapes errors before it.
    return TipgraphSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[AuditReads, *hardening(settings), ErrorCodes],
        config=StrawberryConfig(scalar_map={TipInput: TIP_INPUT_SCALAR}),
    )
