"""Labels with provenance (graph/labels): file ids, the service's labels as submitted, hash lists, what
each viewer may see of them with disagreements flagged, and what the score takes from them."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graph.labels.hash_lists import parse_hash_lists
from graph.labels.provenance import (
    FileStatus,
    Label,
    LabelKind,
    LabelSource,
    file_id_in_report,
    file_id_of,
    file_status,
    file_verdicts,
    labels_for,
    service_labels,
    stored_service_labels,
)
from graph.scoring import score_tip
from graph.synthetic import GeneratorConfig, generate
from graph.tip import Tip, parse_tip
from graph.viewer import Role, Viewer

AT = datetime(2026, 11, 1, tzinfo=UTC)
ANALYST = Viewer("analyst-ana", Role.ANALYST)
INVESTIGATOR = Viewer("det-1", Role.INVESTIGATOR, "ICAC-OR")
REPORTER = Viewer("svc", Role.REPORTER, "kestrel")


def _tip(example: dict[str, Any], **file_changes: Any) -> Tip:
    data = copy.deepcopy(example)
    data["files"][0].update(file_changes)
    return parse_tip(data)


def _review(tip_id: str, tip: Tip, value: str, *, viewed: bool, index: int = 0) -> Label:
    return Label(
        LabelKind.CATEGORY,
        value,
        LabelSource.ANALYST,
        AT + timedelta(days=1),
        file_id=file_id_of(tip_id, index, tip.files[index]),
        file_index=index,
        analyst="analyst-ana",
        role="analyst",
        viewed=viewed,
        note="looked at it",
    )


def test_file_ids_are_stable_and_distinct(example_tip: dict[str, Any]) -> None:
    data = copy.deepcopy(example_tip)
    data["files"].append({**copy.deepcopy(data["files"][0]), "originalFileHash": []})
    tip = parse_tip(data)
    ids = [file_id_of("EX-1", i, f) for i, f in enumerate(tip.files)]
    assert len(set(ids)) == 2
    # The same report parsed again, and the stored JSON form, give the same ids; another tip other ones.
    assert ids == [file_id_of("EX-1", i, f) for i, f in enumerate(parse_tip(data).files)]
    assert ids == [file_id_in_report("EX-1", i, f) for i, f in enumerate(data["files"])]
    assert file_id_of("EX-2", 0, tip.files[0]) != ids[0]


@pytest.mark.parametrize("service", ["kestrel", None, ""])
def test_stored_service_labels_are_the_labels_stored(
    example_tip: dict[str, Any], service: str | None
) -> None:
    # Ingest stores a tip's service labels without making them: the same text as each label's own.
    tips = [
        _tip(example_tip, fileRelevance=None, fileAnnotations={"viral": True, "potentialMeme": True}),
        *(
            parse_tip(generated.tip, now=AT)
            for generated in generate(GeneratorConfig(tips=300, seed=5, now=AT))
        ),
    ]
    for tip in tips:
        expected = [label.to_stored() for label in service_labels(tip, tip.reportId, service, AT)]
        assert stored_service_labels(tip, tip.reportId, service, AT) == expected


def test_service_labels_are_the_report_as_submitted(example_tip: dict[str, Any]) -> None:
    tip = _tip(example_tip, fileRelevance=None, fileAnnotations={"viral": True})
    labels = service_labels(tip, "EX-1", "kestrel", AT)
    said = {(label.kind, label.value, label.file_index) for label in labels}
    assert said == {
        (LabelKind.INCIDENT_TYPE, "Online Enticement of Children for Sexual Acts", None),
        (LabelKind.FILE_RELEVANCE, "Reported", 0),
        (LabelKind.CATEGORY, "B1", 0),
        (LabelKind.VIRAL_OR_MEME, "viral", 0),
    }
    assert {(label.source, label.service) for label in labels} == {(LabelSource.REPORTING_SERVICE, "kestrel")}
    (relevance,) = [label for label in labels if label.kind is LabelKind.FILE_RELEVANCE]
    assert relevance.note == "not given: the CyberTipline's default"
    assert [Label.from_stored(label.to_stored()) for label in labels] == labels


def test_disagreements_are_flagged_among_what_the_viewer_sees(example_tip: dict[str, Any]) -> None:
    tip = _tip(example_tip)
    labels = [*service_labels(tip, "EX-1", "kestrel", AT), _review("EX-1", tip, "NOT_CSAM", viewed=True)]

    seen = labels_for(ANALYST, labels)
    flagged = {(label.source, label.value) for label in seen if label.disagrees}
    assert flagged == {(LabelSource.REPORTING_SERVICE, "B1"), (LabelSource.ANALYST, "NOT_CSAM")}
    assert seen[-1].analyst == "analyst-ana" and seen[-1].note == "looked at it"

    # An investigator sees the review and the disagreement, not who reviewed nor their words.
    held = labels_for(INVESTIGATOR, labels)
    assert held[-1].source is LabelSource.ANALYST and held[-1].disagrees
    assert held[-1].analyst is None and held[-1].note is None

    # The reporting service sees what it said, and no flag hints at a decision it may not see.
    own = labels_for(REPORTER, labels)
    assert {label.source for label in own} == {LabelSource.REPORTING_SERVICE}
    assert not any(label.disagrees for label in own)


def test_status_follows_the_latest_review(example_tip: dict[str, Any]) -> None:
    tip = _tip(example_tip)
    file = file_id_of("EX-1", 0, tip.files[0])
    labels = service_labels(tip, "EX-1", "kestrel", AT)
    assert file_status(labels, file) is FileStatus.REPORTED
    labels.append(_review("EX-1", tip, "A2", viewed=False))
    assert file_status(labels, file) is FileStatus.CONFIRMED
    labels.append(_review("EX-1", tip, "NOT_CSAM", viewed=True))
    assert file_status(labels, file) is FileStatus.NOT_CSAM


def _scored(tip: Tip, labels: list[Label]) -> dict[str, str]:
    result = score_tip(tip, now=AT, finished_at=AT, verdicts=file_verdicts(labels))
    return {c.factor: c.evidence for c in result.contributions}


def test_a_review_counts_the_file_viewed_and_its_category_feeds_severity(example_tip: dict[str, Any]) -> None:
    tip = _tip(example_tip, fileViewedByEsp=False, exifViewedByEsp=None)
    labels = service_labels(tip, "EX-1", "kestrel", AT)
    before = _scored(tip, labels)
    assert "no_file_viewed" in before and "file_viewed_by_service" not in before
    assert before["severity_b1"] == "files[0].industryClassification"

    labels.append(_review("EX-1", tip, "A1", viewed=True))
    after = _scored(tip, labels)
    assert "no_file_viewed" not in after
    assert after["file_viewed_by_service"] == "1 of 1 files viewed (1 by an analyst at review)"
    assert "severity_b1" not in after
    assert after["severity_a1"] == "files[0]: A1 by an analyst's review"

    labels.append(_review("EX-1", tip, "NOT_CSAM", viewed=False))
    latest = _scored(tip, labels)
    assert not any(factor.startswith("severity_") for factor in latest)
    assert "file_viewed_by_service" in latest  # once viewed, a later review does not un-view it


HASH_LISTS = """{"lists": [
  {"name": "confirmed", "entries": [{"hashType": "MD5", "value": "6D4BBDB99829EF1C6B0A654E1AA382E4",
                                     "category": "A2"}]},
  {"name": "later", "entries": [{"hashType": "md5", "value": "6d4bbdb99829ef1c6b0a654e1aa382e4",
                                 "category": "B2"}]}]}"""


def test_a_hash_list_match_is_a_label_naming_the_list(example_tip: dict[str, Any]) -> None:
    tip = _tip(example_tip, industryClassification=None)
    (match,) = parse_hash_lists(HASH_LISTS).match(tip, "EX-1", AT)
    assert (match.source, match.kind, match.value, match.hash_list, match.at) == (
        LabelSource.HASH_LIST,
        LabelKind.CATEGORY,
        "A2",
        "confirmed",
        AT,
    )
    assert match.file_id == file_id_of("EX-1", 0, tip.files[0])
    assert _scored(tip, [match])["severity_a2"] == "files[0]: A2 on hash list confirmed"


@pytest.mark.parametrize(
    "text",
    [
        '{"lists": [{"name": "x", "entries": [{"hashType": "MD5", "value": "abc", "category": "A1"}]}]}',
        '{"lists": [{"name": "x", "entries": [{"hashType": "MD5", "value": "a", "category": "C3"}]}]}',
        "[]",
    ],
)
def test_a_bad_hash_list_file_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="hash list"):
        parse_hash_lists(text)
