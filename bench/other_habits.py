"""A second synthetic generator with habits the project's own does not have, so the link quality bench
(`bench.link_quality`) also scores the evidence model on data it was not tuned or trained on.

It runs `graph.synthetic` with different rates (more viral content, more carrier NAT and VPN, fewer people per
NAT address, thinner tips, more multi-account offenders, heavier offenders) and then rewrites each tip:
- a new platform: every GameLoop report comes from "Driftwood Arcade" (its own host), a service the
  project's generator never names;
- noisier IP capture: ports dropped more often, capture times off by up to ten minutes (clock skew between
  a service's front ends), and a possible-proxy flag set on some captures at random.
The ground truth (actor ids per tip) is the generator's, unchanged.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from bench.harness import BENCH_DIR, DATASET_NOW
from graph.synthetic import GeneratorConfig
from graph.synthetic.generator import generate

OLD_PLATFORM = ("GameLoop", "gameloop.example.org")
NEW_PLATFORM = ("Driftwood Arcade", "driftwood.example.net")
PORT_DROP_RATE = 0.5
SKEW_RATE = 0.3
SKEW_SECONDS = 600
PROXY_FLAG_RATE = 0.05


def other_config(tips: int, seed: int) -> GeneratorConfig:
    return dataclasses.replace(
        GeneratorConfig(tips=tips, seed=seed, now=DATASET_NOW, report_id_prefix="OTH-"),
        tips_per_actor_shape=1.3,
        two_account_share=0.4,
        three_account_share=0.15,
        email_share=0.45,
        phone_share=0.4,
        mobile_share=0.55,
        vpn_share=0.2,
        users_per_carrier_nat_address=60,
        ring_actor_share=0.1,
        viral_share=0.2,
        thin_rate=0.1,
        no_capture_rate=0.4,
        reshared_file_rate=0.3,
        session_burst_rate=0.15,
    )


def _rewrite(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        captured = "ipAddress" in value
        out = {key: _rewrite(item, rng) for key, item in value.items()}
        if captured:
            if "port" in out and rng.random() < PORT_DROP_RATE:
                del out["port"]
            if isinstance(out.get("dateTime"), str) and rng.random() < SKEW_RATE:
                at = datetime.fromisoformat(out["dateTime"])
                out["dateTime"] = (
                    at + timedelta(seconds=rng.uniform(-SKEW_SECONDS, SKEW_SECONDS))
                ).isoformat()
            if rng.random() < PROXY_FLAG_RATE:
                out["possibleProxy"] = True
        return out
    if isinstance(value, list):
        return [_rewrite(item, rng) for item in value]
    if isinstance(value, str):
        return value.replace(OLD_PLATFORM[0], NEW_PLATFORM[0]).replace(OLD_PLATFORM[1], NEW_PLATFORM[1])
    return value


def other_dataset(tips: int, seed: int) -> tuple[Path, Path]:
    """The tips and truth as JSON Lines under .cache/bench/, made once per (tips, seed)."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    tips_path = BENCH_DIR / f"other-tips-{tips}-{seed}.jsonl"
    truth_path = BENCH_DIR / f"other-truth-{tips}-{seed}.jsonl"
    if tips_path.exists() and truth_path.exists():
        return tips_path, truth_path
    rng = random.Random(f"other-habits:{seed}")
    partial = tips_path.with_suffix(".partial")
    with partial.open("wb") as tips_file, truth_path.open("wb") as truth_file:
        for generated in generate(other_config(tips, seed)):
            tips_file.write(orjson.dumps(_rewrite(generated.tip, rng), option=orjson.OPT_APPEND_NEWLINE))
            truth_file.write(orjson.dumps(generated.truth.to_json_dict(), option=orjson.OPT_APPEND_NEWLINE))
    partial.rename(tips_path)
    return tips_path, truth_path
