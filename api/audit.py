"""The audit hook of every GraphQL request: its reads are recorded when it ends, or it fails.

Mutations record their writes in their own transactions (graph/); this records what any operation handed
to the viewer. If the record cannot be written, the response carries no data, only an UNAVAILABLE error:
there is no unaudited access.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from api.context import Context
from api.metrics import AUDIT_WRITE_FAILURES
from graph.audit import record_reads

log = logging.getLogger("tipgraph.audit")


class AuditReads(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        # Known before any resolver runs, so records written ahead (graph.audit.record_reads_ahead) carry it.
        context = self.execution_context.context
        if isinstance(context, Context):
            context.trail.operation_name = self.execution_context.operation_name
        yield

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        # A document that did not parse read nothing (and has no operation type to record).
        if not isinstance(context, Context) or self.execution_context.graphql_document is None:
            return
        trail = context.trail
        operation_type = self.execution_context.operation_type
        trail.operation = operation_type.value if operation_type else "query"
        trail.operation_name = self.execution_context.operation_name
        try:
            await record_reads(context.db, trail)
        except Exception:
            AUDIT_WRITE_FAILURES.inc()
            log.exception("audit record failed for request %s; the response is withheld", trail.request_id)
            result = self.execution_context.result
            if result is not None:
                result.data = None
                result.errors = [
                    GraphQLError(
                        "the audit log cannot be written, so nothing is returned; try again shortly",
                        extensions={"code": "UNAVAILABLE", "requestId": trail.request_id},
                    )
                ]
