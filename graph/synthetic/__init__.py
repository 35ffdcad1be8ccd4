"""Synthetic CyberTipline-style tips with ground truth, for measuring linking, clustering and scoring.

Every value is synthetic: documentation IP ranges (and 100.64.0.0/10 for carrier NAT), example.* domains,
fictional phone ranges, digests of pseudo-random bytes. No content of any kind.
"""

from graph.synthetic.config import GeneratorConfig
from graph.synthetic.generator import build_population, generate, write_jsonl
from graph.synthetic.ground_truth import TipTruth, built_actionable, is_urgent
from graph.synthetic.reports import GeneratedTip

__all__ = [
    "GeneratedTip",
    "GeneratorConfig",
    "TipTruth",
    "build_population",
    "built_actionable",
    "generate",
    "is_urgent",
    "write_jsonl",
]
