"""The schema: root Query and Mutation composed from one class per area, and its extensions."""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig

from api.errors import ErrorCodes
from api.mutations import TIP_INPUT_SCALAR, IngestMutations, TipInput
from api.queries import IdentifierQueries, TipQueries


@strawberry.type(description="Everything an investigator or analyst can ask.")
class Query(TipQueries, IdentifierQueries):
    pass


@strawberry.type(description="Everything that changes tipgraph.")
class Mutation(IngestMutations):
    pass


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[ErrorCodes],
        config=StrawberryConfig(scalar_map={TipInput: TIP_INPUT_SCALAR}),
    )
