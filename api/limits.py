"""Limits on what one GraphQL request may ask for, as validation rules built once per schema.

Strawberry caches validation by (document, rules); limiter extensions constructed per request would build
new rule classes every time and miss that cache on every request. So the rule classes are made here once,
and the per-request extensions only hand over the same tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as max_depth_rule

from api.pagination import MAX_PAGE_SIZE
from graph.settings import Settings

DEFAULT_PAGE_SIZE = 20
CACHE_SIZE = 512


def _first_of(field: FieldNode) -> int:
    """The `first` a list field asks for: its literal, the page cap for a variable, the default if absent."""
    for argument in field.arguments or ():
        if argument.name.value == "first":
            if isinstance(argument.value, IntValueNode):
                return int(argument.value.value)
            return MAX_PAGE_SIZE
    return DEFAULT_PAGE_SIZE


def max_fan_out_rule(limit: int, list_fields: frozenset[str]) -> type[ASTValidationRule]:
    """Refuses a document whose nested lists could return more than `limit` nodes: a linked tip's linked
    tips' linked tips grow as first^depth, which depth limits alone do not stop."""

    class MaxFanOut(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragments = {
                f.name.value: f for f in context.document.definitions if isinstance(f, FragmentDefinitionNode)
            }

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
            cost = self._cost(node.selection_set, 1, frozenset())
            if cost > limit:
                self.report_error(
                    GraphQLError(
                        f"the query could return {cost} nodes through nested lists; at most {limit} allowed",
                        node,
                        extensions={"code": "QUERY_TOO_COSTLY"},
                    )
                )

        def _cost(self, selection_set: SelectionSetNode | None, multiplier: int, seen: frozenset[str]) -> int:
            if selection_set is None:
                return 0
            total = 0
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode) and selection.name.value in list_fields:
                    inner = multiplier * _first_of(selection)
                    total += inner + self._cost(selection.selection_set, inner, seen)
                elif isinstance(selection, FieldNode | InlineFragmentNode):
                    total += self._cost(selection.selection_set, multiplier, seen)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    # A fragment cycle is reported by graphql-core's own rule; do not follow it here.
                    if fragment is not None and name not in seen:
                        total += self._cost(fragment.selection_set, multiplier, seen | {name})
            return total

    return MaxFanOut


LIST_FIELDS = frozenset({"linkedTips", "tips", "searchTips", "auditLog", "expiringTips", "triageQueue"})


def hardening(settings: Settings) -> Sequence[Callable[[], SchemaExtension]]:
    """The extensions that bound every request, with their validation rules built once, here."""
    rules: list[type[ASTValidationRule]] = [
        max_depth_rule(settings.max_query_depth, None),
        max_aliases_rule(settings.max_aliases),
        max_fan_out_rule(settings.max_fan_out, LIST_FIELDS),
    ]
    if not settings.dev_mode:
        rules.append(NoSchemaIntrospectionCustomRule)
    frozen_rules = list(rules)
    return [
        lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: AddValidationRules(frozen_rules),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
    ]
