"""A fingerprint of everything the load's prepare and files phases make from generated tips, to show that
an optimisation of them changes no answer: run it before and after, and compare the digests.

    python -m bench.prepare_digest [--tips 4000] [--seed 7] [--dataset 20000]

It prints one SHA-256 per output: the prepared rows (`prepare_tip`, as online ingest writes them), the
shaped tips (`shape_tip`, as the load's workers send them), the refusals (tips made bad on purpose, and
every problem each one gets), and the bytes of every importer file the files phase writes. Each digest
hashes `repr`s, which spell out every value with its type (a datetime with its zone, an int apart from a
float) and every dict in its order.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import orjson

from bench.harness import bench_settings, dataset
from graph.bulkload.prepare import _prepare_lines
from graph.bulkload.shape import GraphWriter, shape_tip
from graph.ingest import prepare_tip
from graph.tip import parse_tip_json
from graph.tip_keys import CLEARINGHOUSE
from graph.tip_validation import TipValidationError
from graph.viewer import Role, Viewer

RECEIVED_AT = datetime(2026, 1, 2, tzinfo=UTC)
CHUNK = 1000
# Values each identifier's normaliser refuses, or takes in a form of their own, put into every 50th tip.
_SPOILED_EVERY = 50
_EMAILS = ("not an email", " Mixed.Case+tag@Example.COM ", "a@b", "x@" + "y" * 300)
_PHONES = ("12", "+44 20 7946 0000", "(555) 010-9999", "phone")
_IPS = ("999.1.1.1", "::ffff:10.0.0.1", "2001:DB8::1", "192.168.001.1")
_URLS = ("not a url", "HTTP://Example.COM:80/a/../b?q=1#f", "ftp://x", "http://")


def _spoiled(line: bytes, number: int) -> bytes:
    """The tip with some identifiers made bad or odd, so the refusals and their messages are hashed too."""
    tip = orjson.loads(line)
    variant = number // _SPOILED_EVERY % 4
    for suspect in tip.get("personOrUserReported", []):
        person = suspect.get("personOrUserReportedPerson") or {}
        for email in person.get("email", []):
            email["value"] = _EMAILS[variant]
        for phone in person.get("phone", []):
            phone["value"] = _PHONES[variant]
        for event in suspect.get("ipCaptureEvent", []):
            event["ipAddress"] = _IPS[variant]
        suspect["profileUrl"] = [_URLS[variant]]
    for file in tip.get("files", []):
        for digest in file.get("originalFileHash", []):
            digest["value"] = ("zz", digest["value"].upper(), "", digest["value"] + " ")[variant]
    return orjson.dumps(tip)


def _digest(parts: Sequence[object]) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.prepare_digest", description=__doc__)
    parser.add_argument("--tips", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dataset", type=int, default=20_000, help="the generated dataset the tips start")
    arguments = parser.parse_args(argv)
    settings = bench_settings()
    data = dataset(max(arguments.tips, arguments.dataset), arguments.seed)
    with data.path.open("rb") as source:
        lines = [(number, line) for number, line in zip(range(1, arguments.tips + 1), source, strict=False)]

    rows: list[object] = []
    shaped: list[object] = []
    refusals: list[tuple[object, ...]] = []
    for number, line in lines:
        tip = parse_tip_json(line)
        ready = prepare_tip(tip, None, RECEIVED_AT, settings, CLEARINGHOUSE)
        rows.append((ready.key, ready.content_hash, ready.row))
        shaped.append(shape_tip(ready))
        if number % _SPOILED_EVERY == 0:
            try:
                spoiled = prepare_tip(parse_tip_json(_spoiled(line, number)), None, RECEIVED_AT, settings)
                refusals.append(("prepared", spoiled.row))
            except TipValidationError as exc:
                refusals.append(("refused", exc.report_id, exc.problems))

    chunks = [
        _prepare_lines("digest", first, lines[first : first + CHUNK], RECEIVED_AT, settings)
        for first in range(0, len(lines), CHUNK)
    ]
    with tempfile.TemporaryDirectory(prefix="prepare-digest-") as folder:
        writer = GraphWriter(Path(folder), RECEIVED_AT, Viewer(subject="digest", role=Role.ANALYST), "digest")
        for chunk in chunks:
            writer.add_batch(chunk.tips)
        nodes, relationships = writer.finish()
        files = []
        for written in (*nodes, *relationships):
            text = written.path.read_bytes()
            if written.name == "AuditEvent":
                # Each event has a fresh id: hash its lines without that column's values.
                text = b"\n".join(line.split(b",", 2)[-1] for line in text.splitlines())
            files.append((written.name, written.rows, written.multiline, hashlib.sha256(text).hexdigest()))

    refused = sum(1 for outcome in refusals if outcome[0] == "refused")
    print(f"{len(lines):,} tips of seed {arguments.seed}; {len(refusals)} spoiled, {refused} of them refused")
    print(f"prepared rows   {_digest(rows)}")
    print(f"shaped tips     {_digest(shaped)}")
    print(f"worker chunks   {_digest([(c.tips, c.refused) for c in chunks])}")
    print(f"refusals        {_digest(refusals)}")
    for name, count, multiline, digest in files:
        print(f"file {name:<10} {digest} ({count:,} rows{', multiline' if multiline else ''})")


if __name__ == "__main__":
    main()
