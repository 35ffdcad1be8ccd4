"""What one GraphQL document costs, measured in time linear in its size.

A document can spread a fragment twice, and that fragment another twice: 30 levels of that are 1.3 KB and
2^30 paths. Any limit that walks every path freezes the event loop, so here each fragment is measured
once and its measure reused wherever it is spread (as graphql-core's own NoFragmentCyclesRule and
OverlappingFieldsCanBeMergedRule do). Fragments are measured in dependency order with an explicit stack,
so a long chain of fragments cannot exhaust Python's recursion either; within one fragment the recursion
follows field nesting, which graphql-core's parser caps.

Which fields return lists, and how many items each may return, is read from the schema (`list_sizes`),
so a list field added later is counted without anyone remembering to list it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    is_list_type,
)

from api.pagination import MAX_PAGE_SIZE

PAGE_SIZE_ARGUMENT = "first"
DEFAULT_PAGE_SIZE = 20
# A list without a page-size argument (a tip's identifiers, a cluster's bridges) has no bound the query
# states; it is counted as this many items, so nesting it still multiplies.
UNPAGED_LIST_ESTIMATE = 10
# Products of page sizes grow fast; beyond this every limit is exceeded anyway, so arithmetic stops here.
SATURATED = 10**18

FieldKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class ListSize:
    """How many items one list field may return: the page argument's value, or a fixed count."""

    paged: bool
    count: int

    def items(self, field: FieldNode) -> int:
        if not self.paged:
            return self.count
        for argument in field.arguments or ():
            if argument.name.value == PAGE_SIZE_ARGUMENT:
                if isinstance(argument.value, IntValueNode):
                    # Below 1 is refused by the resolver; counting it as 0 would hide what is nested.
                    return max(1, int(argument.value.value))
                return MAX_PAGE_SIZE  # a variable: the most it may be
        return self.count


@dataclass(frozen=True, slots=True)
class Cost:
    """The measure of one selection set, with fragments expanded (but each measured only once)."""

    height: int = 0  # levels of fields: `{ tip { id } }` is 2
    aliases: int = 0  # aliased fields, once per place they end up after expansion
    nodes: int = 0  # items lists may return: products of page sizes along each path, summed
    selections: int = 0  # fields after expansion: what validation and execution would visit

    def plus(self, other: Cost) -> Cost:
        return Cost(
            max(self.height, other.height),
            _capped(self.aliases + other.aliases),
            _capped(self.nodes + other.nodes),
            _capped(self.selections + other.selections),
        )


ZERO = Cost()


def list_sizes(schema: GraphQLSchema) -> dict[FieldKey, ListSize]:
    """Every field that returns a list or takes a page size, keyed by (type, field), with its size.

    A field with a `first` argument returns `first` items (a connection's edges, a timeline's events): the
    lists on the type it returns are that page, so they count once. A list of objects without a page size
    counts as UNPAGED_LIST_ESTIMATE items; a list of scalars or enums as one value.
    """
    paged_types = {
        get_named_type(field.type).name for _, _, field in _fields(schema) if PAGE_SIZE_ARGUMENT in field.args
    }
    sizes: dict[FieldKey, ListSize] = {}
    for type_name, field_name, field in _fields(schema):
        argument = field.args.get(PAGE_SIZE_ARGUMENT)
        if argument is not None:
            default = argument.default_value
            sizes[type_name, field_name] = ListSize(
                True, default if isinstance(default, int) else DEFAULT_PAGE_SIZE
            )
        elif is_list_type(get_nullable_type(field.type)):
            # A page's own list, or a list of plain values (a tip's roles, a cluster's platforms): no
            # nesting hangs below it, so it counts as the one value it is in the response.
            sized_elsewhere = type_name in paged_types or is_leaf_type(get_named_type(field.type))
            sizes[type_name, field_name] = ListSize(False, 1 if sized_elsewhere else UNPAGED_LIST_ESTIMATE)
    return sizes


def _fields(schema: GraphQLSchema) -> Iterable[tuple[str, str, GraphQLField]]:
    for type_name, named_type in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        if isinstance(named_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named_type.fields.items():
                yield type_name, field_name, field


def operation_costs(
    schema: GraphQLSchema, document: DocumentNode, sizes: Mapping[FieldKey, ListSize]
) -> list[tuple[OperationDefinitionNode, Cost]]:
    """The cost of each operation in the document; time and memory linear in the document's size."""
    measure = _Measure(schema, document, sizes)
    measured = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            root = schema.get_root_type(definition.operation)
            measured.append((definition, measure.selection_set(definition.selection_set, root)))
    return measured


class _Measure:
    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, sizes: Mapping[FieldKey, ListSize]
    ) -> None:
        self.schema = schema
        self.sizes = sizes
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        # A fragment in a cycle (graphql-core refuses those) or not defined costs nothing here.
        self.fragment_costs: dict[str, Cost] = {}
        self._measure_fragments()

    def _measure_fragments(self) -> None:
        """Each fragment once, after the fragments it spreads: a depth-first walk with its own stack."""
        state: dict[str, bool] = {}  # False while on the stack, True when measured
        for name in self.fragments:
            if name in state:
                continue
            stack = [(name, iter(_spreads(self.fragments[name].selection_set)))]
            state[name] = False
            while stack:
                current, pending = stack[-1]
                spread = next(pending, None)
                if spread is None:
                    stack.pop()
                    fragment = self.fragments[current]
                    condition = self.schema.get_type(fragment.type_condition.name.value)
                    self.fragment_costs[current] = self.selection_set(fragment.selection_set, condition)
                    state[current] = True
                elif spread in self.fragments and spread not in state:
                    state[spread] = False
                    stack.append((spread, iter(_spreads(self.fragments[spread].selection_set))))

    def selection_set(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None) -> Cost:
        if selection_set is None:
            return ZERO
        total = ZERO
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total = total.plus(self.field(selection, parent))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total = total.plus(self.selection_set(selection.selection_set, inner))
            elif isinstance(selection, FragmentSpreadNode):
                total = total.plus(self.fragment_costs.get(selection.name.value, ZERO))
        return total

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> Cost:
        name = node.name.value
        aliases = 1 if node.alias else 0
        if name.startswith("__"):
            # Introspection (dev mode only) and __typename: counted, never expanded.
            return Cost(1, aliases, 0, 1)
        definition = _field_definition(parent, name)
        returns = get_named_type(definition.type) if definition else None
        inner = self.selection_set(node.selection_set, returns)
        size = self.sizes.get((parent.name, name)) if parent is not None else None
        nodes = inner.nodes
        if size is not None:
            items = size.items(node)
            nodes = _capped(items * (1 + inner.nodes))
        return Cost(
            inner.height + 1,
            _capped(aliases + inner.aliases),
            nodes,
            _capped(1 + inner.selections),
        )


def _field_definition(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        definition: GraphQLField | None = parent.fields.get(name)
        return definition
    return None


def _spreads(selection_set: SelectionSetNode | None) -> Iterable[str]:
    """The fragment names spread anywhere inside, without recursion."""
    pending = [selection_set] if selection_set else []
    while pending:
        current = pending.pop()
        for selection in current.selections:
            if isinstance(selection, FragmentSpreadNode):
                yield selection.name.value
            elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
                pending.append(selection.selection_set)


def _capped(value: int) -> int:
    return value if value < SATURATED else SATURATED
