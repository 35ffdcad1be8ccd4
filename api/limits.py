"""Limits on what one GraphQL request may ask for, checked before graphql-core's own validation.

A document is measured once (api/query_cost.py: depth, aliases, nodes lists may return, selections after
fragments are expanded), in time linear in its size. Over any limit, it is refused with QUERY_TOO_COSTLY
and graphql-core's rules never see it: the measure is the hard budget of validation. Under the limits, it
is validated by graphql-core (suggestions hidden outside dev mode, since "Did you mean…" quotes the schema).

Parsing and validation are cached by query text in caches built once per schema (here, in `hardening`):
extensions are made per request, so caches or rule classes made inside them would never hit.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    validate,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import MaxTokensLimiter, SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from api.query_cost import Cost, FieldKey, ListSize, list_sizes, operation_costs
from graph.settings import Settings

CACHE_SIZE = 512
QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY"

K = TypeVar("K")
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """A bounded map that forgets the least recently used entry: unique query texts cannot grow memory."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)


@dataclass(frozen=True, slots=True)
class QueryLimits:
    max_depth: int
    max_aliases: int
    max_fan_out: int
    max_selections: int

    @classmethod
    def from_settings(cls, settings: Settings) -> QueryLimits:
        return cls(
            max_depth=settings.max_query_depth,
            max_aliases=settings.max_aliases,
            max_fan_out=settings.max_fan_out,
            max_selections=settings.max_query_selections,
        )


def cost_errors(
    schema: GraphQLSchema, document: DocumentNode, sizes: dict[FieldKey, ListSize], limits: QueryLimits
) -> list[GraphQLError]:
    """Why the document is too costly to validate or run (empty when it is not)."""
    errors = []
    for operation, cost in operation_costs(schema, document, sizes):
        errors += [
            GraphQLError(reason, operation, extensions={"code": QUERY_TOO_COSTLY})
            for reason in _over_limits(operation, cost, limits)
        ]
    return errors


def _over_limits(operation: OperationDefinitionNode, cost: Cost, limits: QueryLimits) -> Iterator[str]:
    name = operation.name.value if operation.name else "anonymous"
    if cost.selections > limits.max_selections:
        yield (
            f"'{name}' has {cost.selections} fields once its fragments are expanded; "
            f"at most {limits.max_selections} allowed"
        )
    # Root fields are at depth 0, as in strawberry's QueryDepthLimiter which this replaces.
    if cost.height - 1 > limits.max_depth:
        yield f"'{name}' exceeds maximum operation depth of {limits.max_depth}"
    if cost.aliases > limits.max_aliases:
        yield f"{cost.aliases} aliases found. Allowed: {limits.max_aliases}"
    if cost.nodes > limits.max_fan_out:
        yield (
            f"the query could return {cost.nodes} nodes through nested lists; "
            f"at most {limits.max_fan_out} allowed"
        )


class DocumentValidator:
    """Validates documents for one schema: the cost limits first, then graphql-core's rules; cached."""

    def __init__(
        self, limits: QueryLimits, extra_rules: Sequence[type[ASTValidationRule]], dev_mode: bool
    ) -> None:
        self._limits = limits
        self._extra_rules = tuple(extra_rules)
        self._hide_suggestions = not dev_mode
        self._sizes: dict[FieldKey, ListSize] | None = None
        self._cache: LruCache[tuple[str, tuple[type[ASTValidationRule], ...]], list[GraphQLError]] = LruCache(
            CACHE_SIZE
        )

    def validate(
        self,
        schema: GraphQLSchema,
        query: str,
        document: DocumentNode,
        rules: tuple[type[ASTValidationRule], ...],
    ) -> list[GraphQLError]:
        key = (query, rules)
        errors = self._cache.get(key)
        if errors is None:
            errors = self._validate(schema, document, rules)
            self._cache.put(key, errors)
        return errors

    def _validate(
        self, schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
    ) -> list[GraphQLError]:
        if self._sizes is None:
            self._sizes = list_sizes(schema)
        too_costly = cost_errors(schema, document, self._sizes, self._limits)
        if too_costly:
            return too_costly
        all_rules = (*rules, MaybeNullValidationRule, OneOfInputValidationRule, *self._extra_rules)
        return validate(schema, document, all_rules, hide_suggestions=self._hide_suggestions)


class BoundedValidation(SchemaExtension):
    """Runs validation through the shared DocumentValidator (strawberry then skips its own)."""

    def __init__(self, validator: DocumentValidator) -> None:
        self.validator = validator

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.query is not None:
            context.pre_execution_errors = self.validator.validate(
                context.schema._schema, context.query, context.graphql_document, context.validation_rules
            )
        yield


class CachedParsing(SchemaExtension):
    """Hands strawberry a document parsed before for the same text. A text that fails to parse is left
    to strawberry's own parser, which reports the syntax error as a GraphQL error of this request."""

    def __init__(self, cache: LruCache[tuple[str, int | None], DocumentNode]) -> None:
        self.cache = cache

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        key = (context.query or "", context.parse_options.get("max_tokens"))
        if context.graphql_document is None:
            context.graphql_document = self.cache.get(key)
        yield
        if context.graphql_document is not None:
            self.cache.put(key, context.graphql_document)


def hardening(settings: Settings) -> Sequence[Callable[[], SchemaExtension]]:
    """The extensions that bound every request, sharing caches built once, here."""
    extra_rules: list[type[ASTValidationRule]] = []
    if not settings.dev_mode:
        extra_rules.append(NoSchemaIntrospectionCustomRule)
    validator = DocumentValidator(QueryLimits.from_settings(settings), extra_rules, settings.dev_mode)
    documents: LruCache[tuple[str, int | None], DocumentNode] = LruCache(CACHE_SIZE)
    return [
        lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
        lambda: CachedParsing(documents),
        lambda: BoundedValidation(validator),
    ]
