"""The synthetic tip stream: offenders' reports interleaved with viral forwards and bundled viral reports,
spread evenly over the window before `now`, each with its ground truth."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import orjson

from graph.synthetic.config import GeneratorConfig
from graph.synthetic.population import Population
from graph.synthetic.reports import GeneratedTip, TipFactory
from graph.synthetic.schedule import TipSchedule

_WRITE_BUFFER_BYTES = 1 << 20


def viral_tip_count(config: GeneratorConfig) -> int:
    return round(config.tips * config.viral_share)


def build_population(config: GeneratorConfig) -> Population:
    return Population(config, config.tips - viral_tip_count(config))


def generate(config: GeneratorConfig) -> Iterator[GeneratedTip]:
    """Tips in report order (report numbers rising with time). Memory stays flat in the number of tips,
    apart from the population and a few numbers remembered per actor."""
    population = build_population(config)
    schedule = TipSchedule(population.tip_counts)
    rng = random.Random(f"tipgraph-synthetic:{config.seed}:stream")
    factory = TipFactory(config, population, rng)
    now = config.now.timestamp()
    window = config.window_days * 86_400.0
    start = now - window
    viral_left = viral_tip_count(config)
    for position in range(config.tips):
        number = config.report_number_start + position
        # Reports arrive evenly; the last one still a minute before `now`.
        report = start + (position + rng.random()) * (window - 60.0) / config.tips
        left = config.tips - position
        # Exactly viral_left of the remaining positions are viral, spread uniformly.
        if rng.random() * left < viral_left:
            viral_left -= 1
            if rng.random() < config.batched_share_of_viral:
                yield factory.batched_tip(number, report)
            else:
                yield factory.viral_tip(number, report)
        else:
            yield factory.actor_tip(number, report, schedule.draw(rng))


def write_jsonl(config: GeneratorConfig, tips_path: Path, truth_path: Path) -> None:
    """The tips as JSON Lines at `tips_path`, their ground truth line for line at `truth_path`."""
    with (
        tips_path.open("wb", buffering=_WRITE_BUFFER_BYTES) as tips_file,
        truth_path.open("wb", buffering=_WRITE_BUFFER_BYTES) as truth_file,
    ):
        for generated in generate(config):
            tips_file.write(orjson.dumps(generated.tip, option=orjson.OPT_APPEND_NEWLINE))
            truth_file.write(orjson.dumps(generated.truth.to_json_dict(), option=orjson.OPT_APPEND_NEWLINE))
