"""How a tip's problems are told: each one names the JSON path of the offending value.

The rules that span several parts of a tip (a batched report's shape) are checked here on the decoded
JSON form, beside the model's own validation, so that one answer lists every problem instead of
revealing them one round-trip at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from graph.errors import BadInputError

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# The longest a reportId (and any identifier-like value) may be; longer ones are refused by the model.
IDENTIFIER_MAX_CHARS = 2_000
# What a problem may quote of a value the sender chose (a key, an element name, a reportId): a problem
# is read by a person and printed by the CLI, and a 2 MB key must not make either cost more than a line.
QUOTED_MAX_CHARS = 120

BATCHED_USER_KEYS = frozenset({"espIdentifier", "espService"})
BATCHED_FORBIDDEN_PARTS = ("victim", "intendedRecipient", "internetDetails")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a tip: where (a JSON path such as `$.files[0].port`) and what."""

    path: str
    message: str


class TipValidationError(BadInputError, ValueError):
    """A tip that cannot be accepted, with every problem found in it.

    `line` is where the tip starts when it came from an XML file, so a tip without a usable reportId can
    still be found.
    """

    def __init__(
        self, problems: Sequence[Problem], report_id: str | None = None, *, line: int | None = None
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.report_id = report_id
        self.line = line
        first = self.problems[0] if self.problems else Problem("$", "invalid tip")
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        subject = f"tip {report_id!r}" if report_id else "tip" if line is None else f"tip at line {line}"
        super().__init__(f"{subject}: {first.path}: {first.message}{more}", field=first.path)


def clipped(text: str, limit: int = QUOTED_MAX_CHARS) -> str:
    """`text` when short, else its start and how long it was: constant size whatever was sent."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…({len(text):,} chars)"


def json_path(location: Iterable[int | str]) -> str:
    """`("files", 0, "port")` as `$.files[0].port`; odd keys are quoted so the path stays unambiguous,
    and a key longer than QUOTED_MAX_CHARS is clipped (it is refused anyway: no model key is that long)."""
    parts = ["$"]
    for step in location:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif len(step) <= QUOTED_MAX_CHARS and _PLAIN_KEY.fullmatch(step):
            parts.append(f".{step}")
        else:
            key = clipped(step)
            parts.append('["' + key.replace("\\", "\\\\").replace('"', '\\"') + '"]')
    return "".join(parts)


def problems_from_pydantic(error: ValidationError) -> list[Problem]:
    # The input is left out on purpose: it may be a 10 MB string or personal data.
    return [
        Problem(json_path(item["loc"]), item["msg"])
        for item in error.errors(include_url=False, include_input=False, include_context=False)
    ]


def report_id_of(data: object) -> str | None:
    """The reportId a refused tip can be named by: none when it is missing or too long to be one (the
    problem at `$.reportId` says so, and the tip's line or index still finds it)."""
    if isinstance(data, Mapping):
        report_id = data.get("reportId")
        if isinstance(report_id, str) and 0 < len(report_id) <= IDENTIFIER_MAX_CHARS:
            return report_id
    return None


def batched_report_problems(data: Mapping[str, Any]) -> list[Problem]:
    """A bundled viral/meme report: reported users known only by account id, exactly one flagged file,
    and nothing about victims, recipients or where it happened."""
    if not data.get("batchedReport"):
        return []
    problems: list[Problem] = []
    for part in BATCHED_FORBIDDEN_PARTS:
        if data.get(part):
            problems.append(Problem(json_path([part]), f"a batched report has no {part}"))
    users = data.get("personOrUserReported")
    if not users:
        problems.append(Problem("$.personOrUserReported", "a batched report names its reported users"))
    elif isinstance(users, list):
        for index, user in enumerate(users):
            if not isinstance(user, Mapping):
                continue
            for key in user:
                if key not in BATCHED_USER_KEYS:
                    problems.append(
                        Problem(
                            json_path(["personOrUserReported", index, key]),
                            "a batched report's user carries only espIdentifier and espService",
                        )
                    )
            if "espIdentifier" not in user:
                problems.append(
                    Problem(
                        json_path(["personOrUserReported", index, "espIdentifier"]),
                        "a batched report's user needs an espIdentifier",
                    )
                )
    files = data.get("files")
    if not isinstance(files, list) or len(files) != 1:
        problems.append(Problem("$.files", "a batched report has exactly one file"))
    elif isinstance(files[0], Mapping):
        annotations = files[0].get("fileAnnotations")
        flagged = isinstance(annotations, Mapping) and (
            annotations.get("viral") is True or annotations.get("potentialMeme") is True
        )
        if not flagged:
            problems.append(
                Problem(
                    "$.files[0].fileAnnotations",
                    "the file of a batched report is flagged viral and/or potentialMeme",
                )
            )
    return problems
