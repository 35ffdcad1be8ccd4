"""Root query fields: each converts its arguments, calls one graph/ function, and shapes the result."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types.nodes import SelectedField

from api.enums import IdentifierKind, IncidentType
from api.lookahead import (
    identifier_tips_arguments,
    linked_tips_arguments,
    linked_tips_evidence,
    selects_identifiers,
)
from api.pagination import page_size, tip_position
from api.types import (
    Identifier,
    Info,
    Tip,
    TipConnection,
    identifiers_loader,
    load_tips,
    reads_identifier_verdicts,
    reads_tip_cards,
)
from graph import crossref, identifier_lookup, tips
from graph.audit import send_reads_ahead
from graph.model import TipCard, TipRecord


@strawberry.input(description="Which tips to search; every condition given must hold.")
class TipFilterInput:
    incident_types: list[IncidentType] | None = None
    platform: str | None = strawberry.field(default=None, description="Matched ignoring case and spacing.")
    received_from: datetime | None = strawberry.field(default=None, description="Inclusive.")
    received_to: datetime | None = strawberry.field(default=None, description="Exclusive.")
    incident_from: datetime | None = strawberry.field(default=None, description="Inclusive.")
    incident_to: datetime | None = strawberry.field(default=None, description="Exclusive.")

    def to_domain(self) -> tips.TipFilter:
        return tips.TipFilter(
            incident_types=tuple(t.value for t in self.incident_types) if self.incident_types else None,
            platform=self.platform,
            received_from=self.received_from,
            received_to=self.received_to,
            incident_from=self.incident_from,
            incident_to=self.incident_to,
        )


def _selects_total(info: Info) -> bool:
    return any(
        isinstance(s, SelectedField) and s.name == "totalCount"
        for field in info.selected_fields
        for s in field.selections
    )


@strawberry.type
class TipQueries:
    @strawberry.field(
        description="One tip by its reportId; null when it does not exist or you may not see it."
    )
    async def tip(self, info: Info, id: strawberry.ID) -> Tip | None:
        ctx = info.context
        selections = [s for field in info.selected_fields for s in field.selections]
        wanted = linked_tips_arguments(selections)
        converted = wanted.converted() if wanted is not None else None
        cards = reads_tip_cards(info)
        if wanted is None or converted is None:
            if not selects_identifiers(selections):
                (record,) = await load_tips(info, [str(id)])
                return Tip.from_domain(record) if record else None
            # Its identifiers are read with the tip, in one statement (which reads none of a hidden tip, so
            # a hidden tip costs what a missing one does), and its audit record is written as soon as the
            # tip is known to be seen: one round trip after the other instead of three.
            record, identifiers = await tips.get_tip_with_identifiers(
                ctx.db, ctx.trail, str(id), cards, verdicts=reads_identifier_verdicts(info)
            )
            if record is None:
                return None
            if isinstance(record, TipCard):
                ctx.loaders.tip_cards.prime(record.id, record)
            else:
                ctx.loaders.tips.prime(record.id, record)
            identifiers_loader(info).prime(record.id, identifiers)
            send_reads_ahead(ctx.db, ctx.trail, [record.id])
            return Tip.from_domain(record)
        # The selection asks for the tip's links: read them with the tip (one or two statements, not three).
        first, after = converted
        found = await crossref.tip_with_links(
            ctx.db,
            ctx.settings,
            ctx.trail,
            str(id),
            first,
            after,
            wanted.include_generic,
            evidence=linked_tips_evidence(selections),
            cards=cards,
        )
        read = [tip for tip in (found.tip, *found.linked) if tip is not None]
        if cards:
            ctx.loaders.tip_cards.prime_many({tip.id: tip for tip in read if isinstance(tip, TipCard)})
        else:
            ctx.loaders.tips.prime_many({tip.id: tip for tip in read if isinstance(tip, TipRecord)})
        return Tip.from_domain(found.tip, links=(wanted, found.links, found.linked)) if found.tip else None

    @strawberry.field(description="Tips you may see, newest received first.")
    async def search_tips(
        self, info: Info, filter: TipFilterInput | None = None, first: int = 20, after: str | None = None
    ) -> TipConnection:
        ctx = info.context
        page = await tips.search_tips(
            ctx.db,
            ctx.trail,
            (filter or TipFilterInput()).to_domain(),
            page_size(first),
            tip_position(after),
            with_total=_selects_total(info),
        )
        return TipConnection.from_page(page)


@strawberry.type
class IdentifierQueries:
    @strawberry.field(
        description="Looks an identifier up by a value normalised exactly as ingest does (ACCOUNT and "
        "SCREEN_NAME as 'platform:value'; FILE_HASH as 'md5:hex' or bare hex; LOCATION as 'US:OH:Columbus'; "
        "PHONE as '+12025550147', or in national format with `country`). Null when no tip you may see "
        "carries it."
    )
    async def identifier(
        self,
        info: Info,
        kind: IdentifierKind,
        value: str,
        country: Annotated[
            str | None,
            strawberry.argument(
                description="PHONE only: the country (ISO 3166 alpha-2, e.g. 'US') a national-format number "
                "is dialled in, as ingest reads a tip's number with its platform's or address's country. "
                "Without it a number must start with '+' and its country code."
            ),
        ] = None,
    ) -> Identifier | None:
        ctx = info.context
        wanted = identifier_tips_arguments([s for field in info.selected_fields for s in field.selections])
        converted = wanted.converted() if wanted is not None else None
        if wanted is None or converted is None:
            found = await identifier_lookup.find_identifier(ctx.db, ctx.viewer, kind, value, country)
            return Identifier.from_domain(found) if found else None
        # The selection asks for a page of its tips: read it with the identifier (one round trip, not two).
        first, after = converted
        with_tips = await identifier_lookup.find_identifier_with_tips(
            ctx.db, ctx.trail, kind, value, country, first, after, cards=reads_tip_cards(info)
        )
        if with_tips is None:
            return None
        # The page's record is written while the answer is built (it leaves once the record is written).
        send_reads_ahead(ctx.db, ctx.trail, [tip.id for tip in with_tips[1].items])
        return Identifier.from_domain(with_tips[0], tips=(wanted, with_tips[1]))
