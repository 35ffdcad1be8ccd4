"""What checking a fragment bomb costs: path-walking limit rules against the linear measure, side by side.

    python -m bench.query_cost [--levels 10 12 14 16] [--rounds 3]

A fragment bomb spreads fragment i+1 twice in fragment i: `levels` levels are 2^levels paths in a document
of about 40 bytes per level. Three ways to check one, each timed on the same parsed document (the median of
`--rounds`):

  path rules      strawberry's QueryDepthLimiter and MaxAliasesLimiter rules with graphql-core's
                  validation: what tipgraph ran before; they walk every path
  measure         api.query_cost.operation_costs alone: each fragment measured once
  validator       api.limits.DocumentValidator, what a request runs: the measure, then (under the limits)
                  graphql-core's rules; over the limits the bomb is refused before them

No database: only the schema is needed.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence

from graphql import DocumentNode, GraphQLSchema, parse, specified_rules, validate
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as max_depth_rule

from api.limits import DocumentValidator, QueryLimits
from api.query_cost import list_sizes, operation_costs
from api.schema import build_schema
from bench.harness import bench_settings, print_table


def fragment_bomb(levels: int) -> str:
    fragments = [f"fragment F{i} on Tip {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    return " ".join(['query { tip(id: "x") { ...F0 } }', *fragments, f"fragment F{levels} on Tip {{ id }}"])


def median_seconds(check: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        check()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--levels", type=int, nargs="+", default=[10, 12, 14, 16])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    settings = bench_settings()
    schema: GraphQLSchema = build_schema(settings)._schema
    sizes = list_sizes(schema)
    path_rules = (
        *specified_rules,
        max_depth_rule(settings.max_query_depth, None),
        max_aliases_rule(settings.max_aliases),
    )
    rules = tuple(specified_rules)
    rows = []
    for levels in args.levels:
        text = fragment_bomb(levels)
        document: DocumentNode = parse(text)

        def old(document: DocumentNode = document) -> object:
            return validate(schema, document, path_rules)

        def measure(document: DocumentNode = document) -> object:
            return operation_costs(schema, document, sizes)

        def new(document: DocumentNode = document, text: str = text) -> object:
            # A fresh validator each round (its cache would time nothing), its schema sizes read already.
            validator = DocumentValidator(QueryLimits.from_settings(settings), (), dev_mode=False)
            validator.validate(schema, "{ __typename }", parse("{ __typename }"), rules)
            return validator.validate(schema, text, document, rules)

        old_seconds, new_seconds = median_seconds(old, args.rounds), median_seconds(new, args.rounds)
        rows.append(
            [
                str(levels),
                f"{len(text):,}",
                f"{2**levels:,}",
                f"{old_seconds * 1000:,.1f}",
                f"{median_seconds(measure, args.rounds) * 1000:,.2f}",
                f"{new_seconds * 1000:,.2f}",
                f"{old_seconds / new_seconds:,.0f}x",
                "refused" if new() else "accepted",
            ]
        )
    print_table(
        f"fragment bombs (median of {args.rounds} rounds)",
        [
            "levels",
            "bytes",
            "paths",
            "path rules ms",
            "measure ms",
            "validator ms",
            "path rules / validator",
            "",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
