"""Training the evidence model on the store (`tipgraph model train`): EM over the store's candidate pairs,
starting from the model in use, with analysts' SAME / DIFFERENT judgements as fixed labels; the result is
written under the data directory (`graph.clustering.model_store`) with a version stamp."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.clustering.evidence import EvidenceModel
from graph.clustering.judgements import Verdict
from graph.clustering.model_store import load_model, save_model
from graph.clustering.pairs import candidate_levels
from graph.clustering.training import fit
from graph.clusters.recompute import read_occurrences
from graph.judgements import judgements_in_force
from graph.settings import Settings
from graph.store.database import Database


@dataclass(frozen=True, slots=True)
class TrainingSummary:
    model: EvidenceModel
    path: Path
    pairs: int
    judged: int


async def train_model(db: Database, settings: Settings) -> TrainingSummary:
    rows = await read_occurrences(db)
    pairs = candidate_levels(rows)
    labels = {
        (min(j.tip_a, j.tip_b), max(j.tip_a, j.tip_b)): j.verdict is Verdict.SAME
        for j in await judgements_in_force(db)
        if j.verdict is not Verdict.UNSURE
    }
    if not pairs and not labels:
        raise ValueError("no tips share a linking identifier yet: nothing to train the evidence model on")
    start = load_model(settings.cache_dir)
    model = fit(
        pairs, labels, start=start, trained_on=f"store: {len(pairs)} candidate pairs, {len(labels)} judged"
    )
    return TrainingSummary(model, save_model(model, settings.cache_dir), len(pairs), len(labels))
