"""Tip ids derived from (service, reportId): deterministic, and no two keys share one."""

from __future__ import annotations

import itertools

from graph.tip_keys import CLEARINGHOUSE, key_for, tip_id
from graph.viewer import Role, Viewer


def test_ids_are_the_report_id_for_the_clearinghouse_and_namespaced_for_a_service() -> None:
    assert tip_id(CLEARINGHOUSE, "EX-2026-000042") == "EX-2026-000042"
    assert tip_id("pixpost", "EX-2026-000042") == "pixpost:EX-2026-000042"
    assert key_for(Viewer("r", Role.REPORTER, "pixpost"), "R1").tip_id == "pixpost:R1"
    assert key_for(Viewer("a", Role.ANALYST), "R1").tip_id == "R1"


def test_no_two_keys_share_an_id() -> None:
    services = [CLEARINGHOUSE, "pixpost", "pix:post", "pix%3Apost", "pixpost:a"]
    report_ids = ["a", "a:b", "pixpost:a", ":a", "post:a", "%3A", "b"]
    keys = list(itertools.product(services, report_ids))
    ids = [tip_id(service, report_id) for service, report_id in keys]
    assert len(set(ids)) == len(keys)
