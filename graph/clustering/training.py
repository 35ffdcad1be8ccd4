"""Fitting the evidence model (`graph.clustering.evidence`) by expectation–maximisation, as Splink does.

The input is the candidate pairs (`graph.clustering.pairs.candidate_levels`) with their level per class. Pairs
with the same levels are one *pattern*, so each iteration costs the number of distinct patterns (hundreds),
not of pairs. Analysts' judgements are labels: a judged pair's posterior is fixed (SAME 1, DIFFERENT 0), so
they pull m and u towards what analysts saw, and clustering obeys them whatever the model says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime

import numpy as np

from graph.clustering.evidence import CLASS_LEVELS, CLASSES, NONE_LEVEL, EvidenceModel

Pair = tuple[str, str]
# Pseudo-pairs added to every level in the M step, split between m and u as the pairs are: a level few
# pairs reached stays near a Bayes factor of 1 (no evidence either way) instead of an extreme one.
SMOOTHING = 2.0


def _levels_of(evidence: str) -> tuple[str, ...]:
    return (NONE_LEVEL, *CLASS_LEVELS[evidence])


def _initial(evidence: str) -> tuple[np.ndarray, np.ndarray]:
    """Starting m and u: the first levels tell most (m falls, u rises along the order); NONE is likelier
    among two offenders."""
    levels = len(CLASS_LEVELS[evidence])
    m = np.array([0.4] + [0.6 * (levels - i) for i in range(levels)], dtype=float)
    u = np.array([0.95] + [0.05 * (i + 1) for i in range(levels)], dtype=float)
    return m / m.sum(), u / u.sum()


def fit(
    pairs: Mapping[Pair, Mapping[str, str]],
    labels: Mapping[Pair, bool] | None = None,
    iterations: int = 200,
    tolerance: float = 1e-7,
    version: str | None = None,
    trained_on: str = "",
    start: EvidenceModel | None = None,
) -> EvidenceModel:
    """m, u and the prior share of matches, fitted on candidate pairs; `labels`: judged pairs (True SAME).
    EM starts from `start` (the model in use: the fit stays with its reading of which side is the match),
    else from a neutral guess. With every pair labelled, m and u are the labelled frequencies."""
    labels = labels or {}
    index = {evidence: {level: i for i, level in enumerate(_levels_of(evidence))} for evidence in CLASSES}
    patterns: Counter[tuple[tuple[int, ...], float]] = Counter()
    for pair, levels in pairs.items():
        row = tuple(index[c][levels.get(c, NONE_LEVEL)] for c in CLASSES)
        label = labels.get(pair)
        patterns[(row, -1.0 if label is None else float(label))] += 1
    for pair, label in labels.items():
        if pair not in pairs:
            patterns[(tuple(0 for _ in CLASSES), float(label))] += 1
    if not patterns:
        raise ValueError("no candidate pairs to fit the evidence model on")
    keys = list(patterns)
    levels_matrix = np.array([key[0] for key in keys], dtype=np.int64)
    fixed = np.array([key[1] for key in keys], dtype=float)
    counts = np.array([patterns[key] for key in keys], dtype=float)
    judged = fixed >= 0

    if start is None:
        m = {c: _initial(c)[0] for c in CLASSES}
        u = {c: _initial(c)[1] for c in CLASSES}
        prior = 0.3
    else:
        m = {c: np.array([start.m[c][level] for level in _levels_of(c)]) for c in CLASSES}
        u = {c: np.array([start.u[c][level] for level in _levels_of(c)]) for c in CLASSES}
        prior = start.prior
    for _ in range(iterations):
        log_m = sum(np.log(m[c][levels_matrix[:, j]]) for j, c in enumerate(CLASSES))
        log_u = sum(np.log(u[c][levels_matrix[:, j]]) for j, c in enumerate(CLASSES))
        logit = np.log(prior) - np.log1p(-prior) + log_m - log_u
        posterior = 1.0 / (1.0 + np.exp(-np.clip(logit, -700, 700)))
        posterior = np.where(judged, fixed, posterior)
        matched = counts * posterior
        unmatched = counts * (1.0 - posterior)
        new_prior = float(np.clip(matched.sum() / counts.sum(), 1e-6, 1 - 1e-6))
        change = abs(new_prior - prior)
        prior = new_prior
        for j, c in enumerate(CLASSES):
            size = len(_levels_of(c))
            new_m = np.bincount(levels_matrix[:, j], weights=matched, minlength=size) + SMOOTHING * prior
            new_u = np.bincount(levels_matrix[:, j], weights=unmatched, minlength=size) + SMOOTHING * (
                1 - prior
            )
            new_m, new_u = new_m / new_m.sum(), new_u / new_u.sum()
            change = max(change, float(np.abs(new_m - m[c]).max()), float(np.abs(new_u - u[c]).max()))
            m[c], u[c] = new_m, new_u
        if change < tolerance:
            break
    stamp = version or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return EvidenceModel(
        version=stamp,
        prior=prior,
        m={c: dict(zip(_levels_of(c), map(float, m[c]), strict=True)) for c in CLASSES},
        u={c: dict(zip(_levels_of(c), map(float, u[c]), strict=True)) for c in CLASSES},
        trained_on=trained_on,
    )
