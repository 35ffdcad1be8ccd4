"""The load's hand-written importer lines say what the generic row formatter says for the same row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph.bulkload.import_files import ImportFileError, RowFormat, field_text
from graph.bulkload.shape import IDENTIFIER_COLUMNS, _Identifier, _identifier_line

AT = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _identifier(
    uid: str, kind: str, tips: int, accounts: int, reason: str | None, raws: list[str]
) -> _Identifier:
    known = _Identifier(3, uid, kind, reason)
    known.tips, known.raws = tips, raws
    known.count_accounts(accounts)
    return known


@pytest.mark.parametrize(
    "known",
    [
        _identifier("EMAIL|a@example.org", "EMAIL", 1, 0, None, ["A@example.org"]),
        _identifier('URL|http://x.test/"q"', "URL", 4, 2, None, ['http://x.test/"q"', "x"]),
        _identifier("IP|10.0.0.1", "IP", 9000, 40, "reporting service contact", []),
        _identifier("ACCOUNT|svc|bob", "ACCOUNT", 2, 1, None, ["bob", "Bob", 'say "hi"']),
    ],
    ids=["one tip", "quotes", "generic with a reason, no raws", "linking account"],
)
def test_an_identifier_line_is_its_row_as_the_row_format_writes_it(known: _Identifier) -> None:
    row = {
        "uid": known.uid,
        "kind": known.kind,
        "key": known.key,
        "tipCount": known.tips,
        "suspectAccounts": known.account_count(),
        "raws": known.raws,
        "genericReason": known.reason,
        "generic": known.generic,
        "firstSeen": AT,
        "lastSeen": AT,
    }
    expected = RowFormat(IDENTIFIER_COLUMNS, "an Identifier").line(row)
    assert _identifier_line(known, field_text(AT, "datetime", "firstSeen")) == expected


def test_an_identifier_raw_value_holding_the_array_delimiter_is_refused() -> None:
    known = _identifier("EMAIL|a@example.org", "EMAIL", 1, 0, None, ["a\x1fb"])
    with pytest.raises(ImportFileError):
        _identifier_line(known, "t")
