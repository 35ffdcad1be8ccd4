"""The load's first phase: every tip of the files validated, normalised and shaped by online ingest's own
`prepare_tip` (one normalisation, one scoring), on every core, each already formatted there as the
importer's lines (`graph.bulkload.shape.shape_tip`), then gathered into the whole graph's files.

JSON Lines files are cut into chunks of lines that worker processes parse and prepare; other files (XML,
JSON documents) are parsed here and only prepared in the workers. A tip that ingest would refuse (INVALID,
or a second tip under a stored key with other content: CONFLICT) is collected with its problems; a second
copy of the same tip is UNCHANGED and written once, as ingest would.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

from graph.bulkload.shape import ShapedTips, TipShaper
from graph.collector import collector_paused
from graph.ingest import IngestOutcome, IngestResult, prepare_tip
from graph.settings import Settings
from graph.tip import Tip, parse_tip_json
from graph.tip_files import TipOrError, read_tips
from graph.tip_keys import CLEARINGHOUSE
from graph.tip_validation import Problem, TipValidationError


@dataclass(frozen=True, slots=True)
class Prepared:
    """One chunk's outcome: the tips ready to write (each with its index in the input), and those refused."""

    tips: ShapedTips
    refused: list[IngestResult]


@dataclass(slots=True)
class PreparedLoad:
    """What became of the input's tips: how many were read, repeated and refused (the rest went to the
    sink, unique by key, in input order)."""

    refused: list[IngestResult] = field(default_factory=list)
    unchanged: int = 0
    read: int = 0


def _worker_collector() -> None:
    """A worker's collector runs at each chunk's start, not on allocations (`_collect_between_chunks`)."""
    gc.disable()


def _collect_between_chunks() -> None:
    # Preparing a tip allocates thousands of objects and leaves next to no cycles (15 over 4,000 tips),
    # and a chunk's parsed and prepared tips live until it is returned: a collection on allocations (every
    # 50,000 of them, once the default 700 had cost 13 % of a worker's CPU) traversed tens of thousands of
    # live objects and freed nothing. A worker's collector is off (`_worker_collector`); each chunk starts
    # with a collection of the young generations, before its lines are parsed and once the last chunk's
    # tips are gone, which frees the last chunk's cycles. Memory is freed by reference counting as tips
    # are done. (Where the collector is on, it runs as it was set.)
    if not gc.isenabled():
        gc.collect(1)


def _prepare_items(
    items: Sequence[tuple[int, TipOrError]], received_at: datetime, settings: Settings
) -> Prepared:
    tips = TipShaper()
    refused: list[IngestResult] = []
    for index, item in items:
        if isinstance(item, TipValidationError):
            refused.append(IngestResult(index, item.report_id, IngestOutcome.INVALID, item.problems))
            continue
        try:
            ready = prepare_tip(item, None, received_at, settings, CLEARINGHOUSE)
            tips.add(index, ready)
        except TipValidationError as exc:
            refused.append(IngestResult(index, item.reportId, IngestOutcome.INVALID, exc.problems))
    return Prepared(tips.shaped(), refused)


def _parsed_line(path: str, number: int, line: bytes) -> TipOrError:
    try:
        return parse_tip_json(line)
    except TipValidationError as exc:
        problems = tuple(Problem(f"{path} line {number}: {p.path}", p.message) for p in exc.problems)
        return TipValidationError(problems, report_id=exc.report_id)


def _prepare_lines(
    path: str, first: int, lines: Sequence[tuple[int, bytes]], received_at: datetime, settings: Settings
) -> Prepared:
    _collect_between_chunks()
    items = [(first + i, _parsed_line(path, number, line)) for i, (number, line) in enumerate(lines)]
    return _prepare_items(items, received_at, settings)


def _prepare_tips(
    items: Sequence[tuple[int, Tip | TipValidationError]], received_at: datetime, settings: Settings
) -> Prepared:
    _collect_between_chunks()
    return _prepare_items(items, received_at, settings)


def _line_chunks(path: Path, size: int) -> Iterator[list[tuple[int, bytes]]]:
    with path.open("rb") as lines:
        numbered = ((number, line) for number, line in enumerate(lines, start=1) if line.strip())
        while chunk := list(islice(numbered, size)):
            yield chunk


def _tasks(
    paths: Sequence[Path], pool: Executor, received_at: datetime, settings: Settings, size: int
) -> Iterator[Any]:
    """Futures of prepared chunks in input order; each tip is numbered across all files."""
    index = 0
    for path in paths:
        if path.suffix.lower() == ".jsonl":
            for chunk in _line_chunks(path, size):
                yield pool.submit(_prepare_lines, str(path), index, chunk, received_at, settings)
                index += len(chunk)
            continue
        parsed = iter(read_tips(path))
        while batch := list(islice(parsed, size)):
            yield pool.submit(_prepare_tips, list(enumerate(batch, index)), received_at, settings)
            index += len(batch)


def _bounded(futures: Iterable[Any], ahead: int) -> Iterator[Prepared]:
    """The results in order, with at most `ahead` chunks in flight (memory stays bounded by the output)."""
    pending: list[Any] = []
    for future in futures:
        pending.append(future)
        if len(pending) >= ahead:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()


def prepare_files(
    paths: Sequence[Path],
    received_at: datetime,
    settings: Settings,
    sink: Callable[[ShapedTips], None],
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> PreparedLoad:
    """Prepares every tip of the files on `workers` processes (default: every core) and hands them to
    `sink` a batch at a time, in input order, each key once; `progress` gets the tips read so far after
    each batch."""
    workers = workers or os.cpu_count() or 1
    load = PreparedLoad()
    hash_of: dict[str, str] = {}
    # This process keeps every tip's identifiers and clustering input as the chunks come: with the
    # collector running, its collections traversed them again and again (half of this process's CPU per
    # tip at 12,000 tips) and freed nothing. Held off for the phase; each chunk's young generation is
    # collected once it is added, so a cycle waits one chunk at most.
    with (
        ProcessPoolExecutor(max_workers=workers, initializer=_worker_collector) as pool,
        collector_paused(collect_young_after=True),
    ):
        tasks = _tasks(paths, pool, received_at, settings, settings.ingest_batch_size)
        for chunk in _bounded(tasks, ahead=workers * 3):
            load.refused.extend(chunk.refused)
            load.read += len(chunk.tips.ids) + len(chunk.refused)
            tips = chunk.tips
            kept: list[int] = []
            for position, (index, tip_id, content_hash) in enumerate(
                zip(tips.indexes, tips.ids, tips.content_hashes, strict=True)
            ):
                earlier = hash_of.get(tip_id)
                if earlier is None:
                    hash_of[tip_id] = content_hash
                    kept.append(position)
                elif earlier == content_hash:
                    load.unchanged += 1
                else:
                    load.refused.append(
                        IngestResult(
                            index,
                            tips.report_ids[position],
                            IngestOutcome.CONFLICT,
                            (Problem("$.reportId", "the input holds a different tip under this reportId"),),
                        )
                    )
            if not load.refused:
                # A tip repeated from an earlier one is left out (a chunk of new tips goes whole).
                sink(tips if len(kept) == len(tips.ids) else tips.only(kept))
            del chunk, tips
            gc.collect(0)
            if progress is not None:
                progress(load.read)
    return load
