"""The offline importer's CSV fields: every value typed as the driver would store it, or refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from graph.bulkload.import_files import ImportFileError, RowFormat, field_text, header_line


def test_fields_are_typed_quoted_and_absent_values_empty() -> None:
    assert field_text('say "hi", twice', "string", "p") == '"say ""hi"", twice"'
    assert field_text("", "string", "p") == '""'
    assert field_text(None, "string", "p") == ""
    assert field_text(True, "boolean", "p") == "true"
    assert field_text(7, "long", "p") == "7"
    assert field_text(datetime(2026, 3, 1, 12, tzinfo=UTC), "datetime", "p") == "2026-03-01T12:00:00+00:00"
    assert field_text(["a;b", "c"], "string[]", "p") == '"a;b\x1fc"'


def test_equal_instants_are_written_with_their_own_offsets_however_many_come() -> None:
    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    plus_two = timezone(timedelta(hours=2))
    for minute in range(10_000):
        at = start + timedelta(minutes=minute)
        assert field_text(at, "datetime", "p") == at.isoformat()
        assert field_text(at.astimezone(plus_two), "datetime", "p") == at.astimezone(plus_two).isoformat()
        assert field_text(at + timedelta(), "datetime", "p") == at.isoformat()


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (True, "long"),
        (1, "boolean"),
        (1.5, "long"),
        ("7", "long"),
        (["a\x1fb"], "string[]"),
        (["a", "b\x1f"], "string[]"),
        (["\x1f", ""], "string[]"),
        ([1], "string[]"),
        (["a", None], "string[]"),
        (("a",), "string[]"),
        ("2026-03-01", "datetime"),
    ],
)
def test_a_value_of_another_type_is_refused_not_converted(value: object, kind: str) -> None:
    with pytest.raises(ImportFileError):
        field_text(value, kind, "p")


def test_the_header_names_types_and_the_key() -> None:
    columns = {":START_ID(Tip)": "", "id": "ID", "tipCount": "long", "raws": "string[]"}
    assert header_line(columns, id_group="Tip") == ":START_ID(Tip),id:ID(Tip),tipCount:long,raws:string[]"


def test_a_repeated_datetime_is_formatted_as_the_first_time_and_another_as_itself() -> None:
    at = datetime(2026, 3, 1, 12, tzinfo=UTC)
    later = datetime(2026, 3, 1, 12, 0, 1, tzinfo=UTC)
    texts = [field_text(value, "datetime", "p") for value in (at, at, later, at)]
    assert texts == [at.isoformat(), at.isoformat(), later.isoformat(), at.isoformat()]


def test_a_row_format_writes_its_columns_in_order_and_refuses_an_unknown_property() -> None:
    rows = RowFormat({"uid": "ID", "tipCount": "long", "raws": "string[]"}, "an Identifier", ("queueKey",))
    assert rows.line({"raws": [], "uid": 'a"b', "queueKey": "ignored"}) == '"a""b",,""'
    with pytest.raises(ImportFileError, match="an Identifier property the loader does not know: extra"):
        rows.line({"uid": "a", "extra": 1})
