"""Look-ahead: what a field's selection will ask of the objects it returns, so one read can serve it.

A resolver that knows its children's arguments before they run can fetch for them in the same round trip
(the way `@neo4j/graphql` compiles a selection into one statement). Only plain selections are read: a field
under a directive (@include, @skip) or an argument that is not simply given is left to its own resolver,
which then answers as it always does; look-ahead only ever saves reads, it never changes an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    is_abstract_type,
    visit,
)
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from api.pagination import link_position, page_size, tip_position
from graph.crossref import LinkPosition
from graph.errors import BadInputError
from graph.tips import TipPosition

A = TypeVar("A")  # the arguments of one field, as look-ahead reads them

LINKED_TIPS = "linkedTips"
# What the evidence model gives a link (LinkedTipEdge) and each of its shared identifiers (SharedIdentifier).
EDGE_EVIDENCE = frozenset({"matchWeight", "matchProbability", "tier"})
SHARED_EVIDENCE = frozenset({"level", "matchWeight"})
LINKED_TIPS_PAGE = 20  # linkedTips' default `first`


@dataclass(frozen=True, slots=True)
class LinkedTipsArguments:
    """The arguments of one `Tip.linkedTips` selection, as its resolver receives them."""

    first: int = LINKED_TIPS_PAGE
    after: str | None = None
    include_generic: bool = False

    def converted(self) -> tuple[int, LinkPosition | None] | None:
        """(page size, position), or None when they are bad: then the resolver reports them itself."""
        try:
            return page_size(self.first), link_position(self.after)
        except BadInputError:
            return None


def _fields(selections: Sequence[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection set with its fragments spread; None stands for one under a directive."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment) and not selection.directives:
            yield from _fields(selection.selections)
        else:
            yield SelectedField(name="", directives={"unknown": {}}, arguments={}, selections=[])


def _literal_int(value: object) -> object:
    """An Int written into the document comes as its text (strawberry hands on the literal's token, where a
    variable comes coerced): the document is validated, so the text of an Int argument is an integer."""
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return value
    return value


def _shared_arguments(
    selections: Sequence[Selection], name: str, read: Callable[[dict[str, Any]], A | None]
) -> A | None:
    """The arguments every `name` field in a selection set shares, as `read` makes them of each field's
    (None: that field cannot be served ahead), or None when there is no such field, when they differ
    (aliases), or when one hides behind a directive."""
    found: set[A] = set()
    for field in _fields(selections):
        if field.directives:
            if field.name in ("", name):
                return None
            continue
        if field.name != name:
            continue
        arguments = read(field.arguments)
        if arguments is None:
            return None
        found.add(arguments)
    return found.pop() if len(found) == 1 else None


def _page(arguments: dict[str, Any], default_first: int) -> tuple[int, str | None] | None:
    """A page's `first` and `after` as given (None when either is not of its type). A variable not given
    reads as None: then the argument's default applies (`first` is non-null, so None cannot be its value)."""
    first, after = _literal_int(arguments.get("first")), arguments.get("after")
    if not (first is None or isinstance(first, int)) or isinstance(first, bool):
        return None
    if not (after is None or isinstance(after, str)):
        return None
    return (default_first if first is None else first), after


def _linked_tips(arguments: dict[str, Any]) -> LinkedTipsArguments | None:
    if arguments.get("tier") is not None:
        return None  # a tier filter is left to the resolver: look-ahead serves the plain expansion
    page, include_generic = _page(arguments, LINKED_TIPS_PAGE), arguments.get("includeGeneric")
    if page is None or not (include_generic is None or isinstance(include_generic, bool)):
        return None
    return LinkedTipsArguments(first=page[0], after=page[1], include_generic=bool(include_generic))


def linked_tips_arguments(selections: Sequence[Selection]) -> LinkedTipsArguments | None:
    """The arguments every `linkedTips` in a Tip's selection set shares (`_shared_arguments`)."""
    return _shared_arguments(selections, LINKED_TIPS, _linked_tips)


CLUSTER_TIPS = "tips"
CLUSTER_TIPS_PAGE = 20  # Cluster.tips' default `first`


@dataclass(frozen=True, slots=True)
class TipsPageArguments:
    """The arguments of one `Cluster.tips` selection, as its resolver receives them."""

    first: int = CLUSTER_TIPS_PAGE
    after: str | None = None

    def converted(self) -> tuple[int, TipPosition | None] | None:
        """(page size, position), or None when they are bad: then the resolver reports them itself."""
        try:
            return page_size(self.first), tip_position(self.after)
        except BadInputError:
            return None


def _cluster_tips(arguments: dict[str, Any]) -> TipsPageArguments | None:
    page = _page(arguments, CLUSTER_TIPS_PAGE)
    return None if page is None else TipsPageArguments(first=page[0], after=page[1])


def cluster_tips_arguments(selections: Sequence[Selection]) -> TipsPageArguments | None:
    """The arguments every `tips` in a Cluster's selection set shares (`_shared_arguments`)."""
    return _shared_arguments(selections, CLUSTER_TIPS, _cluster_tips)


def identifier_tips_arguments(selections: Sequence[Selection]) -> TipsPageArguments | None:
    """The arguments every `tips` in an Identifier's selection set shares (`_shared_arguments`): its
    page takes the arguments, and has the default, of Cluster.tips."""
    return _shared_arguments(selections, CLUSTER_TIPS, _cluster_tips)


def selects_evidence(selections: Sequence[Selection]) -> bool:
    """Whether a `linkedTips` selection set asks for anything of the evidence model (a fragment under a
    directive counts as asking: look-ahead may only ever save work that nothing reads)."""
    for field in _fields(selections):
        if field.name == "":
            return True
        if field.name != "edges":
            continue
        for edge_field in _fields(field.selections):
            if edge_field.name == "" or edge_field.name in EDGE_EVIDENCE:
                return True
            if edge_field.name == "shared" and any(
                f.name == "" or f.name in SHARED_EVIDENCE for f in _fields(edge_field.selections)
            ):
                return True
    return False


def linked_tips_evidence(selections: Sequence[Selection]) -> bool:
    """Whether any `linkedTips` in a Tip's selection set asks for the evidence model's verdict."""
    return any(
        field.name == "" or (field.name == LINKED_TIPS and selects_evidence(field.selections))
        for field in _fields(selections)
    )


TIP_TYPE = "Tip"
# The Tip fields a TipCard serves: its own values, and fields whose resolvers read by the tip's id alone.
# Anything else (a new field included) needs the whole head of the tip.
CARD_FIELDS = frozenset(
    {
        "__typename",
        "id",
        "reportId",
        "incidentType",
        "incidentDateTime",
        "receivedAt",
        "linkedTips",
        "identifiers",
        "cluster",
        "labels",
        "judgements",
        "report",
        "files",
        "routing",
        "suggestedAgencies",
    }
)


class _FieldNames(Visitor):
    """Collects the names of the fields selected on one object type (or on an abstract type it belongs to)."""

    def __init__(self, schema: GraphQLSchema, type_info: TypeInfo, type_name: str) -> None:
        super().__init__()
        self.target = schema.get_type(type_name)
        self.schema = schema
        self.type_info = type_info
        self.names: set[str] = set()

    def enter_field(self, node: FieldNode, *_: object) -> None:
        parent = self.type_info.get_parent_type()
        if parent is None or self.target is None:
            return
        if parent is self.target or (
            is_abstract_type(parent)
            and isinstance(self.target, GraphQLObjectType)
            and self.schema.is_sub_type(parent, self.target)
        ):
            self.names.add(node.name.value)


def field_names_on(
    schema: GraphQLSchema,
    type_name: str,
    operation: OperationDefinitionNode,
    fragments: Iterable[FragmentDefinitionNode],
) -> frozenset[str]:
    """Every field an operation selects on `type_name` anywhere, through any fragment of its document
    (whether the operation spreads it or not, and whatever directives say: more names only ever read more)."""
    type_info = TypeInfo(schema)
    collected = _FieldNames(schema, type_info, type_name)
    for node in (operation, *fragments):
        visit(node, TypeInfoVisitor(type_info, collected))
    return frozenset(collected.names)


def tip_field_names(
    schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Iterable[FragmentDefinitionNode]
) -> frozenset[str]:
    """Every field an operation selects on Tip anywhere (`field_names_on`)."""
    return field_names_on(schema, TIP_TYPE, operation, fragments)


Judge = Callable[[GraphQLSchema, OperationDefinitionNode, Iterable[FragmentDefinitionNode]], bool]


class OperationVerdicts:
    """A verdict on what an operation selects, remembered per parsed document, which api/limits.py's parse
    cache hands every request of the same text."""

    def __init__(self, judge: Judge, size: int = 512) -> None:
        self._judge = judge
        self._size = size
        self._known: dict[int, tuple[OperationDefinitionNode, bool]] = {}

    def __call__(
        self,
        schema: GraphQLSchema,
        operation: OperationDefinitionNode,
        fragments: Iterable[FragmentDefinitionNode],
    ) -> bool:
        known = self._known.get(id(operation))
        if known is not None and known[0] is operation:
            return known[1]
        verdict = self._judge(schema, operation, fragments)
        if len(self._known) >= self._size:
            self._known.pop(next(iter(self._known)))
        # The node is kept with its verdict, so its id cannot be reused by another while it is remembered.
        self._known[id(operation)] = (operation, verdict)
        return verdict


# Whether an operation's tips may be read as cards: it selects nothing beyond one on any tip.
card_reads = OperationVerdicts(
    lambda schema, operation, fragments: tip_field_names(schema, operation, fragments) <= CARD_FIELDS
)

TIP_IDENTIFIER_TYPE = "TipIdentifier"
# The TipIdentifier fields whose values come from a scoped viewer's generic verdict (graph/generic.py).
VERDICT_FIELDS = frozenset({"generic"})

# Whether an operation shows any tip's identifier its generic flag: when none does, a scoped viewer's
# identifiers are read without counting the suspect accounts behind them (all the verdict needs them for).
identifier_verdicts = OperationVerdicts(
    lambda schema, operation, fragments: bool(
        field_names_on(schema, TIP_IDENTIFIER_TYPE, operation, fragments) & VERDICT_FIELDS
    )
)


def selects_identifiers(selections: Sequence[Selection]) -> bool:
    """Whether a Tip's selection set plainly asks for its identifiers (under no directive)."""
    return any(field.name == "identifiers" and not field.directives for field in _fields(selections))
