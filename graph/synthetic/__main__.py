"""Write a synthetic data set: python -m graph.synthetic TIPS TIPS.jsonl TRUTH.jsonl [--seed N] [--now T]."""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from pathlib import Path

from graph.synthetic.config import GeneratorConfig
from graph.synthetic.generator import write_jsonl


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graph.synthetic", description=__doc__)
    parser.add_argument("tips", type=int)
    parser.add_argument("tips_path", type=Path)
    parser.add_argument("truth_path", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--now", type=datetime.fromisoformat, default=None, help="ISO 8601 with offset")
    arguments = parser.parse_args(argv)
    now = arguments.now or datetime.now(UTC).replace(microsecond=0)
    config = GeneratorConfig(tips=arguments.tips, seed=arguments.seed, now=now)
    started = time.perf_counter()
    write_jsonl(config, arguments.tips_path, arguments.truth_path)
    print(f"{config.tips} tips in {time.perf_counter() - started:.1f} s -> {arguments.tips_path}")


if __name__ == "__main__":
    main()
