"""The agency registry: the shipped data's shape (61 ICAC task forces covering every state, DC and Puerto
Rico; one federal desk; national agencies) and the loader's refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from graph.agencies import Agency, AgencyKind, AgencyRegistry, AgencyRegistryError
from graph.normalization.geography import US_STATE_CODES

# The 50 states, DC and Puerto Rico: the places an ICAC task force must cover.
ICAC_COVERED = US_STATE_CODES - {"GU", "VI", "AS", "MP"}


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return AgencyRegistry.load()


def of_kind(registry: AgencyRegistry, kind: AgencyKind) -> list[Agency]:
    return [agency for agency in registry.all() if agency.kind is kind]


def test_there_are_exactly_61_icac_task_forces(registry: AgencyRegistry) -> None:
    assert len(of_kind(registry, AgencyKind.ICAC_TASK_FORCE)) == 61


def test_every_state_dc_and_puerto_rico_has_an_icac_task_force(registry: AgencyRegistry) -> None:
    assert len(ICAC_COVERED) == 52
    covered = {
        region for agency in of_kind(registry, AgencyKind.ICAC_TASK_FORCE) for region in agency.regions
    }
    assert covered == ICAC_COVERED
    assert all(registry.icac_task_forces_for(region) for region in ICAC_COVERED)


def test_populous_states_have_several_task_forces(registry: AgencyRegistry) -> None:
    counts = {
        state: len(registry.icac_task_forces_for(state)) for state in ("CA", "TX", "FL", "NY", "VA", "OH")
    }
    assert counts == {"CA": 5, "TX": 3, "FL": 3, "NY": 2, "VA": 2, "OH": 1}
    assert {agency.id for agency in registry.icac_task_forces_for("CA")} >= {"ICAC-CA-NORTH"}


def test_dc_is_covered_by_the_northern_virginia_task_force(registry: AgencyRegistry) -> None:
    assert [agency.id for agency in registry.icac_task_forces_for("DC")] == ["ICAC-VA-NORTH"]


def test_get_finds_an_agency_by_id(registry: AgencyRegistry) -> None:
    ohio = registry.get("ICAC-OH")
    assert ohio is not None
    assert (ohio.kind, ohio.country, ohio.regions) == (AgencyKind.ICAC_TASK_FORCE, "US", ("OH",))
    assert registry.get("ICAC-ZZ") is None


def test_one_federal_desk(registry: AgencyRegistry) -> None:
    desks = of_kind(registry, AgencyKind.FEDERAL_DESK)
    assert [desk.id for desk in desks] == ["US-FEDERAL-DESK"]
    assert registry.federal_desk is registry.get("US-FEDERAL-DESK")


def test_national_agencies_are_keyed_by_their_country(registry: AgencyRegistry) -> None:
    nationals = of_kind(registry, AgencyKind.NATIONAL)
    assert len(nationals) >= 55
    assert all(agency.id == f"NAT-{agency.country}" and not agency.regions for agency in nationals)
    britain = registry.national_agency_for("GB")
    assert britain is not None
    assert britain.name == "United Kingdom national child-exploitation unit (synthetic)"
    assert registry.national_agency_for("US") is None


def test_every_name_says_it_is_synthetic(registry: AgencyRegistry) -> None:
    assert all(agency.name.endswith("(synthetic)") for agency in registry.all())


# ---- the loader's refusals ------------------------------------------------------------------------

DESK: dict[str, Any] = {"id": "US-FEDERAL-DESK", "name": "desk", "kind": "FEDERAL_DESK", "country": "US"}
OHIO: dict[str, Any] = {
    "id": "ICAC-OH",
    "name": "oh",
    "kind": "ICAC_TASK_FORCE",
    "country": "US",
    "regions": ["OH"],
}


def write(tmp_path: Path, agencies: list[dict[str, Any]]) -> Path:
    path = tmp_path / "agencies.json"
    path.write_bytes(orjson.dumps({"agencies": agencies}))
    return path


def test_a_minimal_registry_loads(tmp_path: Path) -> None:
    registry = AgencyRegistry.load(write(tmp_path, [DESK, OHIO]))
    assert [agency.id for agency in registry.all()] == ["US-FEDERAL-DESK", "ICAC-OH"]


@pytest.mark.parametrize(
    ("agencies", "message"),
    [
        ([DESK, OHIO, OHIO], "appears twice"),
        ([OHIO], "one federal desk, found 0"),
        ([DESK, {**DESK, "id": "OTHER-DESK"}], "one federal desk, found 2"),
        ([DESK, {**OHIO, "kind": "SHERIFF"}], "unknown kind"),
        ([DESK, {**OHIO, "country": "CA"}], "in the US"),
        ([DESK, {**OHIO, "regions": []}], "covers a state"),
        ([DESK, {**OHIO, "regions": ["XX"]}], "not US state codes"),
        ([DESK, {"id": "NAT-ZZ", "name": "n", "kind": "NATIONAL", "country": "ZZ"}], "not an ISO 3166"),
        (
            [DESK, {"id": "NAT-GB", "name": "n", "kind": "NATIONAL", "country": "GB", "regions": ["OH"]}],
            "regions",
        ),
        ([DESK, {**OHIO, "name": ""}], "'name' must be"),
    ],
)
def test_a_bad_registry_is_refused(tmp_path: Path, agencies: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(AgencyRegistryError, match=message):
        AgencyRegistry.load(write(tmp_path, agencies))


def test_malformed_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "agencies.json"
    path.write_text('{"agencies": [')
    with pytest.raises(AgencyRegistryError, match="malformed JSON"):
        AgencyRegistry.load(path)
