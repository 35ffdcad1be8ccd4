from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import Settings
from graph.store.queries import Mode, QueryFileError, QueryLibrary


def _library(tmp_path: Path, text: str, name: str = "things/get") -> QueryLibrary:
    path = tmp_path / f"{name}.cypher"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return QueryLibrary(tmp_path)


def test_a_file_is_named_by_its_path_and_its_header_is_read(tmp_path: Path) -> None:
    library = _library(
        tmp_path,
        "// Gets a thing.\n// mode: read\n// params: id\n// returns: thing\nMATCH (t {id: $id}) RETURN t\n",
    )
    query = library["things/get"]
    assert query.mode is Mode.READ
    assert query.params == frozenset({"id"})
    assert query.returns == ("thing",)
    assert query.purpose == "Gets a thing."
    assert query.text == "MATCH (t {id: $id}) RETURN t"


def test_a_used_parameter_that_is_not_declared_is_refused(tmp_path: Path) -> None:
    with pytest.raises(QueryFileError, match=r"uses \['id', 'other'\]"):
        _library(
            tmp_path,
            "// Gets.\n// mode: read\n// params: id\nMATCH (t {id: $id}) WHERE t.x = $other RETURN t\n",
        )


def test_a_declared_parameter_that_is_unused_is_refused(tmp_path: Path) -> None:
    with pytest.raises(QueryFileError, match="declared"):
        _library(tmp_path, "// Gets.\n// mode: read\n// params: id, gone\nMATCH (t {id: $id}) RETURN t\n")


def test_dollar_signs_inside_string_literals_are_not_parameters(tmp_path: Path) -> None:
    library = _library(tmp_path, "// Gets.\n// mode: read\nRETURN '$notaparam' AS x\n")
    assert library["things/get"].params == frozenset()


def test_a_missing_mode_or_purpose_is_refused(tmp_path: Path) -> None:
    with pytest.raises(QueryFileError, match="mode"):
        _library(tmp_path, "// Gets.\nRETURN 1\n")
    with pytest.raises(QueryFileError, match="purpose"):
        _library(tmp_path, "// mode: read\nRETURN 1\n", name="other")


def test_an_unknown_name_fails_fast(tmp_path: Path) -> None:
    library = _library(tmp_path, "// Gets.\n// mode: read\nRETURN 1\n")
    with pytest.raises(QueryFileError, match="no Cypher statement named 'things/nope'"):
        library["things/nope"]


def test_the_shipped_library_loads_and_has_a_schema() -> None:
    library = QueryLibrary(Settings().cypher_dir)
    assert "tips/create_batch" in library.names()
    assert all(q.mode is Mode.SCHEMA for q in library.schema())
    assert len(library.schema()) >= 2
