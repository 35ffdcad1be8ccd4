"""Where the evidence model lives: a trained one under the data directory (`tipgraph model train`), else the
default shipped with the code (fitted on the project's synthetic generator), so a fresh install works."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

import orjson

from graph.clustering.evidence import EvidenceModel

DEFAULT_MODEL_PATH: Final = Path(__file__).resolve().parent.parent / "data" / "evidence_model.json"
MODEL_FILE_NAME: Final = "evidence_model.json"


@lru_cache(maxsize=1)
def default_model() -> EvidenceModel:
    return EvidenceModel.from_json(orjson.loads(DEFAULT_MODEL_PATH.read_bytes()))


def trained_model_path(data_dir: Path) -> Path:
    return data_dir / "models" / MODEL_FILE_NAME


def load_model(data_dir: Path) -> EvidenceModel:
    """The model trained on this store if there is one, else the shipped default."""
    path = trained_model_path(data_dir)
    if path.exists():
        return _read(path, path.stat().st_mtime_ns)
    return default_model()


@lru_cache(maxsize=4)
def _read(path: Path, modified: int) -> EvidenceModel:
    return EvidenceModel.from_json(orjson.loads(path.read_bytes()))


def save_model(model: EvidenceModel, data_dir: Path) -> Path:
    """Writes the model atomically (a reader sees the old file or the new one, never half of one)."""
    path = trained_model_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_bytes(orjson.dumps(model.to_json(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    partial.replace(path)
    return path
