"""Look-ahead (api/lookahead.py): a tip selected with its links is read in one statement when the request asks
for no more than the tips' cards (two when it asks for more), whether the arguments come as variables or are
written into the document."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph import crossref
from graph.store.database import Database
from tests.api.graphql import data, gql, submit_copies

LITERAL = """query($id: ID!) { tip(id: $id) { id linkedTips(first: 5, includeGeneric: false) {
  totalCount edges { node { id } } } } }"""
VARIABLES = """query($id: ID!, $first: Int!) { tip(id: $id) { id linkedTips(first: $first) {
  totalCount edges { node { id } } } } }"""


async def statements_of(
    db: Database, client: httpx.AsyncClient, query: str, variables: dict[str, Any]
) -> tuple[list[str], dict[str, Any]]:
    seen: list[str] = []
    observed = db.observe_statement

    def observe(name: str, seconds: float) -> None:
        seen.append(name)
        observed(name, seconds)

    db.observe_statement = observe
    try:
        answer = data(await gql(client, query, variables))
    finally:
        db.observe_statement = observed
    return [name for name in seen if not name.startswith("audit/")], answer


async def test_literal_arguments_read_the_links_with_the_tip(
    client: httpx.AsyncClient, clean_db: Database, example_tip: dict[str, Any]
) -> None:
    await submit_copies(client, example_tip, "LA-1", "LA-2", "LA-3")
    literal, by_literal = await statements_of(clean_db, client, LITERAL, {"id": "LA-1"})
    variables, by_variables = await statements_of(clean_db, client, VARIABLES, {"id": "LA-1", "first": 5})
    assert by_literal == by_variables
    assert [e["node"]["id"] for e in by_literal["tip"]["linkedTips"]["edges"]] == ["LA-2", "LA-3"]
    # The links with the cards of the tip and of its linked tips: not the tip, its links, then the others.
    assert variables == ["tips/linked"]
    assert literal == variables


HEADS = VARIABLES.replace("node { id }", "node { id version }")


async def test_links_read_with_heads_or_with_many_cards_take_a_second_statement(
    client: httpx.AsyncClient,
    clean_db: Database,
    example_tip: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A selection beyond the cards reads the heads of the tip and of the page by a second statement, and so
    does one of cards when the linked tips are more than tips/linked ships the cards of; same answers."""
    await submit_copies(client, example_tip, "LH-1", "LH-2", "LH-3")
    shipped, by_one = await statements_of(clean_db, client, VARIABLES, {"id": "LH-1", "first": 1})
    heads, by_heads = await statements_of(clean_db, client, HEADS, {"id": "LH-1", "first": 1})
    assert shipped == ["tips/linked"]
    assert heads == ["tips/linked", "tips/get_by_ids"]
    assert [e["node"]["version"] for e in by_heads["tip"]["linkedTips"]["edges"]] == [1]
    monkeypatch.setattr(crossref, "CARDS_SHIPPED", 1)  # two linked tips: more than tips/linked ships
    many, by_many = await statements_of(clean_db, client, VARIABLES, {"id": "LH-1", "first": 1})
    assert many == ["tips/linked", "tips/get_by_ids"]
    assert by_many == by_one
    assert by_one["tip"]["linkedTips"]["totalCount"] == 2
    assert [e["node"]["id"] for e in by_one["tip"]["linkedTips"]["edges"]] == ["LH-2"]


EVIDENCE = """query($id: ID!) { tip(id: $id) { id linkedTips(first: 2) { totalCount edges {
  weight matchWeight matchProbability tier node { id } shared { kind key weight level matchWeight } } } } }"""
PLAIN = """query($id: ID!) { tip(id: $id) { id linkedTips(first: 2) { totalCount edges {
  weight node { id } shared { kind key weight } } } } }"""
FRAGMENT = """query($id: ID!) { tip(id: $id) { id linkedTips(first: 2) { totalCount edges {
  weight node { id } shared { kind key weight ...level } } } } }
fragment level on SharedIdentifier { level }"""


def without_evidence(answer: dict[str, Any]) -> dict[str, Any]:
    links = answer["tip"]["linkedTips"]
    edges = [
        {
            "weight": e["weight"],
            "node": e["node"],
            "shared": [{k: s[k] for k in ("kind", "key", "weight")} for s in e["shared"]],
        }
        for e in links["edges"]
    ]
    return {
        "tip": {"id": answer["tip"]["id"], "linkedTips": {"totalCount": links["totalCount"], "edges": edges}}
    }


@pytest.mark.parametrize("directive", ["", " @include(if: true)"])
async def test_the_evidence_model_weighs_only_links_whose_verdict_is_selected(
    client: httpx.AsyncClient,
    clean_db: Database,
    example_tip: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    directive: str,
) -> None:
    await submit_copies(client, example_tip, "EV-1", "EV-2", "EV-3", "EV-4")
    weighed: list[str] = []
    real = crossref.with_evidence

    def counted(model: Any, link: Any, per_tip: Any) -> Any:
        weighed.append(link.tip_id)
        return real(model, link, per_tip)

    monkeypatch.setattr(crossref, "with_evidence", counted)

    def asked(query: str) -> str:  # the same question, read with the tip or by linkedTips' own resolver
        return query.replace("linkedTips(first: 2)", "linkedTips(first: 2)" + directive)

    plain = data(await gql(client, asked(PLAIN), {"id": "EV-1"}))
    assert weighed == []
    with_verdict = data(await gql(client, asked(EVIDENCE), {"id": "EV-1"}))
    # Only the page's two links of three are weighed by the model.
    assert len(weighed) == 2
    edges = with_verdict["tip"]["linkedTips"]["edges"]
    assert all(
        e["matchProbability"] > 0 and e["tier"] and all(s["level"] for s in e["shared"]) for e in edges
    )
    assert without_evidence(with_verdict) == plain
    assert with_verdict["tip"]["linkedTips"]["totalCount"] == 3
    weighed.clear()
    through_fragment = data(await gql(client, asked(FRAGMENT), {"id": "EV-1"}))
    assert len(weighed) == 2
    assert [s["level"] for e in through_fragment["tip"]["linkedTips"]["edges"] for s in e["shared"]] == [
        s["level"] for e in edges for s in e["shared"]
    ]


CARD = """query($id: ID!) { tip(id: $id) { id reportId incidentType incidentDateTime receivedAt
  linkedTips(first: 5) { edges { weight node { id reportId incidentType receivedAt } } } } }"""
HEAD_FIELDS = "platform version batched annotations disposition referredTo actionability { score }"
WHOLE = CARD.replace("receivedAt\n", f"receivedAt {HEAD_FIELDS}\n").replace(
    "receivedAt } }", f"receivedAt {HEAD_FIELDS} }} }}"
)
THROUGH_FRAGMENT = CARD.replace("receivedAt } }", "receivedAt ...more } }") + (
    "\nfragment more on Tip { version }"
)
ALONE = """query($id: ID!) { tip(id: $id) { id incidentType receivedAt identifiers { kind key } } }"""


def card_reads_of(db: Database, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each read of tips by id (tips/get_by_ids, tips/get_with_identifiers, and tips/linked, which
    reads the cards of a tip and of its links) asked for cards."""
    asked: list[bool] = []
    read = db.read

    async def spied(name: str, **params: Any) -> Any:
        if name in ("tips/get_by_ids", "tips/get_with_identifiers", "tips/linked"):
            asked.append(params["card"])
        return await read(name, **params)

    monkeypatch.setattr(db, "read", spied)
    return asked


def only(answer: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    tip = answer["tip"]
    edges = [
        {"weight": e["weight"], "node": {k: e["node"][k] for k in fields[:4]}}
        for e in tip["linkedTips"]["edges"]
    ]
    return {**{k: tip[k] for k in fields}, "linkedTips": {"edges": edges}}


async def test_a_selection_of_cards_reads_cards_and_answers_as_whole_heads(
    client: httpx.AsyncClient,
    clean_db: Database,
    example_tip: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await submit_copies(client, example_tip, "CD-1", "CD-2", "CD-3")
    asked = card_reads_of(clean_db, monkeypatch)
    fields = ("id", "reportId", "incidentType", "receivedAt", "incidentDateTime")
    cards = data(await gql(client, CARD, {"id": "CD-1"}))
    assert asked == [True]  # tips/linked, with the cards
    whole = data(await gql(client, WHOLE, {"id": "CD-1"}))
    assert asked == [True, False, False]  # tips/linked without cards, then tips/get_by_ids for the heads
    assert whole["tip"]["version"] == 1 and whole["tip"]["linkedTips"]["edges"][0]["node"]["disposition"]
    assert only(whole, fields) == only(cards, fields)
    assert len(cards["tip"]["linkedTips"]["edges"]) == 2
    # A field beyond the card anywhere in the document, even through a fragment, reads whole heads.
    through_fragment = data(await gql(client, THROUGH_FRAGMENT, {"id": "CD-1"}))
    assert asked == [True, False, False, False, False]
    assert [e["node"]["version"] for e in through_fragment["tip"]["linkedTips"]["edges"]] == [1, 1]
    alone = data(await gql(client, ALONE, {"id": "CD-2"}))
    assert asked == [True, False, False, False, False, True]
    assert alone["tip"]["id"] == "CD-2" and alone["tip"]["identifiers"]


PAGE = "edges { cursor node { id incidentType receivedAt FIELDS } } pageInfo { hasNextPage }"
LISTS = {
    "identifiers/get_with_tips": """query($kind: IdentifierKind!, $value: String!) {
  identifier(kind: $kind, value: $value) { tips(first: 2) { PAGE } } }""".replace("PAGE", PAGE),
    "identifiers/tips": """query($kind: IdentifierKind!, $value: String!) {
  identifier(kind: $kind, value: $value) { tips(first: 2) @include(if: true) { PAGE } } }""".replace(
        "PAGE", PAGE
    ),
    "tips/queue": "query { triageQueue(first: 2) { PAGE } }".replace("PAGE", PAGE),
    "clusters/page": "query($id: ID!) { cluster(id: $id) { tips(first: 2) { PAGE } } }".replace("PAGE", PAGE),
    "clusters/tips": """query($id: ID!) {
  cluster(id: $id) { tips(first: 2) @include(if: true) { PAGE } } }""".replace("PAGE", PAGE),
}


def nodes_without_head(answer: Any) -> Any:
    if isinstance(answer, dict):
        return {k: nodes_without_head(v) for k, v in answer.items() if k not in ("version", "disposition")}
    if isinstance(answer, list):
        return [nodes_without_head(v) for v in answer]
    return answer


@pytest.mark.parametrize("statement", sorted(LISTS))
async def test_lists_of_cards_answer_as_lists_of_heads(
    client: httpx.AsyncClient,
    clean_db: Database,
    example_tip: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    statement: str,
) -> None:
    await submit_copies(client, example_tip, "LC-1", "LC-2", "LC-3")
    cluster = data(await gql(client, """query { tip(id: "LC-1") { cluster { id } } }"""))["tip"]["cluster"]
    assert cluster is not None
    email = next(
        i
        for i in data(await gql(client, """query { tip(id: "LC-1") { identifiers { kind key } } }"""))["tip"][
            "identifiers"
        ]
        if i["kind"] == "EMAIL"
    )
    variables = {"kind": "EMAIL", "value": email["key"], "id": cluster["id"]}
    asked: list[bool] = []
    read = clean_db.read

    async def spied(name: str, **params: Any) -> Any:
        if name == statement:
            asked.append(params["card"])
        return await read(name, **params)

    monkeypatch.setattr(clean_db, "read", spied)
    query = LISTS[statement]
    used = {k: v for k, v in variables.items() if f"${k}" in query}
    cards = data(await gql(client, query.replace("FIELDS", ""), used))
    whole = data(await gql(client, query.replace("FIELDS", "version disposition"), used))
    assert asked == [True, False]
    assert nodes_without_head(whole) == cards
    assert "2" in str(cards) and "LC-" in str(cards)  # a page of tips, not an empty one


ONE_READ = {
    "tips/get_with_identifiers": """query($id: ID!) {
  tip(id: $id) { id reportId version identifiers { kind key tipCount } } }""",
    "clusters/page": """query($id: ID!) {
  cluster(id: $id) { id size tips(first: 2) { edges { node { id version } } } } }""",
    "identifiers/get_with_tips": """query($kind: IdentifierKind!, $value: String!) {
  identifier(kind: $kind, value: $value) {
    key tipCount tips(first: 2) { edges { node { id version } } } } }""",
}


@pytest.mark.parametrize("statement", sorted(ONE_READ))
async def test_a_tip_with_its_identifiers_and_a_cluster_or_identifier_with_its_tips_are_one_read(
    client: httpx.AsyncClient,
    clean_db: Database,
    example_tip: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    statement: str,
) -> None:
    await submit_copies(client, example_tip, "OR-1", "OR-2", "OR-3")
    cluster = data(await gql(client, """query { tip(id: "OR-1") { cluster { id } } }"""))["tip"]["cluster"]
    assert cluster is not None
    if statement.startswith("identifiers/"):
        identifiers = data(await gql(client, """query { tip(id: "OR-1") { identifiers { kind key } } }"""))
        email = next(i for i in identifiers["tip"]["identifiers"] if i["kind"] == "EMAIL")
        variables = {"kind": "EMAIL", "value": email["key"]}
    else:
        variables = {"id": "OR-1" if statement.startswith("tips/") else cluster["id"]}
    names: list[str] = []
    read = clean_db.read

    async def spied(name: str, **params: Any) -> Any:
        names.append(name)
        return await read(name, **params)

    monkeypatch.setattr(clean_db, "read", spied)
    answer = data(await gql(client, ONE_READ[statement], variables))
    assert names == [statement]
    assert "OR-1" in str(answer) and "'version': 1" in str(answer)


ON_CLUSTER = """query($id: ID!) { tip(id: $id) { id identifiers { kind key tipCount }
  cluster { tips { edges { node { ...Identifiers } } } } } }
fragment Identifiers on Tip { identifiers { kind %s } }"""
# A query, and the statements that read identifiers for it with whether they read generic verdicts.
FLAGS = {
    "no flag": (
        """query($id: ID!) { tip(id: $id) { id identifiers { kind key tipCount } } }""",
        [("tips/get_with_identifiers", False)],
    ),
    "flag": (
        """query($id: ID!) { tip(id: $id) { id identifiers { kind key tipCount generic } } }""",
        [("tips/get_with_identifiers", True)],
    ),
    # The tips of the tip's cluster (this one among them: the request's loader hands its identifiers on)
    # read theirs by their own resolver, through a fragment.
    "no flag, loader": (
        ON_CLUSTER % "tipCount",
        [("tips/get_with_identifiers", False), ("tips/identifiers", False)],
    ),
    # A flag asked anywhere in the document: every identifier of the request is read with its verdict.
    "flag elsewhere": (
        ON_CLUSTER % "generic",
        [("tips/get_with_identifiers", True), ("tips/identifiers", True)],
    ),
}


@pytest.mark.parametrize("asked", sorted(FLAGS))
async def test_a_tip_s_identifiers_are_read_with_their_generic_verdicts_only_when_a_flag_is_asked(
    client: httpx.AsyncClient,
    clean_db: Database,
    example_tip: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    asked: str,
) -> None:
    await submit_copies(client, example_tip, "GV-1", "GV-2", "GV-3")
    query, expected = FLAGS[asked]
    told: list[tuple[str, bool]] = []
    read = clean_db.read

    async def spied(name: str, **params: Any) -> Any:
        if name in ("tips/get_with_identifiers", "tips/identifiers"):
            told.append((name, params["verdicts"]))
        return await read(name, **params)

    monkeypatch.setattr(clean_db, "read", spied)
    answer = data(await gql(client, query, {"id": "GV-1"}))
    assert told == expected
    assert answer["tip"]["identifiers"] and all(i["tipCount"] == 3 for i in answer["tip"]["identifiers"])
