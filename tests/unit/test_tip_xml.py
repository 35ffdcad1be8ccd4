"""The XML form: it decodes to the same tips as JSON, streams, refuses hostile documents, and round-trips."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from lxml import etree

from graph.tip import Tip, parse_tip, tip_to_json_dict
from graph.tip_validation import TipValidationError
from graph.tip_xml import iter_xml_tips, tip_to_xml, write_xml_tips
from tests.conftest import EXAMPLES

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def example_json() -> dict[str, Any]:
    data = orjson.loads((EXAMPLES / "tip.json").read_bytes())
    assert isinstance(data, dict)
    return data


def decode(document: bytes | str) -> list[Tip | TipValidationError]:
    raw = document.encode() if isinstance(document, str) else document
    return list(iter_xml_tips(io.BytesIO(raw), now=NOW))


def only_error(document: bytes | str) -> TipValidationError:
    (result,) = decode(document)
    assert isinstance(result, TipValidationError)
    return result


MINIMAL_REPORT = """
<report>
  <incidentSummary>
    <incidentType>Child Sex Trafficking</incidentType>
    <incidentDateTime>2026-08-01T12:00:00Z</incidentDateTime>
  </incidentSummary>
  <reporter><reportingPerson><email>reports@pixpost.example.com</email></reportingPerson></reporter>
  {extra}
</report>"""


def tips_document(*tips: str) -> str:
    return "<tips>" + "".join(tips) + "</tips>"


def minimal_tip(report_id: str = "T-1", extra: str = "", files: str = "") -> str:
    return f'<tip reportId="{report_id}">{MINIMAL_REPORT.format(extra=extra)}{files}</tip>'


# ---- the example ---------------------------------------------------------------------------------


def test_the_xml_example_decodes_to_the_same_tip_as_the_json_example() -> None:
    (from_xml,) = list(iter_xml_tips(EXAMPLES / "tip.xml", now=NOW))
    assert isinstance(from_xml, Tip)
    assert from_xml == parse_tip(example_json(), now=NOW)
    assert tip_to_json_dict(from_xml) == tip_to_json_dict(parse_tip(example_json(), now=NOW))


def test_a_binary_stream_works_like_a_path() -> None:
    with (EXAMPLES / "tip.xml").open("rb") as stream:
        (from_stream,) = list(iter_xml_tips(stream, now=NOW))
    assert isinstance(from_stream, Tip)
    assert from_stream.reportId == "EX-2026-000317"


# ---- round trips ---------------------------------------------------------------------------------


def test_json_to_model_to_xml_to_model_is_the_same_tip() -> None:
    tip = parse_tip(example_json(), now=NOW)
    (again,) = decode(tip_to_xml([tip]))
    assert again == tip


def test_a_batched_report_round_trips_with_its_marker_first() -> None:
    data = {
        "reportId": "EX-BATCH-1",
        "batchedReport": {"reason": "VIRAL_POTENTIAL_MEME"},
        "incidentSummary": {"incidentType": "Child Sex Tourism", "incidentDateTime": "2026-08-01T00:00:00Z"},
        "reporter": {"reportingPerson": {"email": [{"value": "reports@pixpost.example.com"}]}},
        "personOrUserReported": [
            {"espIdentifier": "1001"},
            {"espIdentifier": "1002", "espService": "PixPost"},
        ],
        "files": [{"fileName": "meme.jpg", "fileAnnotations": {"viral": True}}],
    }
    tip = parse_tip(data, now=NOW)
    document = tip_to_xml([data])
    report = etree.fromstring(document).find("tip/report")
    assert report is not None
    assert report[0].tag == "batchedReport" and report[0].get("reason") == "VIRAL_POTENTIAL_MEME"
    (again,) = decode(document)
    assert again == tip


def test_every_variant_and_attribute_round_trips() -> None:
    data = example_json()
    data["internetDetails"] = [
        {
            "webPageIncident": {
                "thirdPartyHostedContent": True,
                "url": ["https://a.example.com/", "https://b.example.com/"],
            }
        },
        {"emailIncident": {"emailAddress": [{"value": "x@example.org", "verified": False}], "content": "hi"}},
        {"newsgroupIncident": {"name": "alt.example", "emailAddress": [{"value": "y@example.net"}]}},
        {"onlineGamingIncident": {"gameName": "Blocks", "console": "PC"}},
        {
            "cellPhoneIncident": {
                "phoneNumber": {"value": "+1-555-0100", "countryCallingCode": "+1"},
                "latitude": 39.96,
                "longitude": -83.0,
            }
        },
        {
            "nonInternetIncident": {
                "locationName": "park",
                "incidentAddress": [{"type": "Home", "city": "Columbus"}],
            }
        },
        {
            "peer2peerIncident": {
                "client": "p2p",
                "ipCaptureEvent": [{"ipAddress": "203.0.113.9", "port": 6881}],
            }
        },
    ]
    data["intendedRecipient"] = [{"intendedRecipientPerson": {"firstName": "A"}, "screenName": "r1"}]
    data["victim"][0]["schoolName"] = "Example Middle School"
    data["victim"][0]["victimPerson"]["dateOfBirth"] = "2013-04-30"
    data["files"][0]["fileAnnotations"] = {"viral": True, "infant": True, "generativeAi": True}
    data["files"][0]["deviceId"] = [{"idType": "ICCID", "idValue": "8901260000000000000"}]
    tip = parse_tip(data, now=NOW)
    (again,) = decode(tip_to_xml([tip]))
    assert again == tip


def test_write_xml_tips_streams_many_tips_in_order() -> None:
    base = example_json()
    sink = io.BytesIO()
    write_xml_tips(({**base, "reportId": f"EX-{n}"} for n in range(50)), sink)
    decoded = decode(sink.getvalue())
    assert [t.reportId for t in decoded if isinstance(t, Tip)] == [f"EX-{n}" for n in range(50)]


def test_the_encoder_refuses_keys_outside_the_form() -> None:
    data = example_json()
    data["personOrUserReported"][0]["favouriteColour"] = "blue"
    with pytest.raises(ValueError, match=r"\$\.personOrUserReported\[0\].*favouriteColour"):
        tip_to_xml([data])


# ---- decoding details ----------------------------------------------------------------------------


def test_flags_are_empty_elements_and_may_be_spelled_out() -> None:
    extra = ""
    report = MINIMAL_REPORT.format(extra=extra).replace(
        "<incidentDateTime>",
        "<reportAnnotations><sextortion/><spam>false</spam><csamSolicitation>true</csamSolicitation>"
        "</reportAnnotations><incidentDateTime>",
    )
    (tip,) = decode(tips_document(f'<tip reportId="T-1">{report}</tip>'))
    assert isinstance(tip, Tip)
    annotations = tip.incidentSummary.reportAnnotations
    assert annotations is not None
    assert (annotations.sextortion, annotations.spam, annotations.csamSolicitation) == (True, False, True)


def test_a_bad_boolean_is_named_by_its_json_path() -> None:
    files = "<fileDetails><fileName>a.jpg</fileName><fileViewedByEsp>yes</fileViewedByEsp></fileDetails>"
    error = only_error(tips_document(minimal_tip(files=files)))
    assert [p.path for p in error.problems] == ["$.files[0].fileViewedByEsp"]
    assert error.report_id == "T-1"


def test_a_bad_number_is_named_by_its_json_path() -> None:
    extra = (
        "<personOrUserReported><ipCaptureEvent><ipAddress>192.0.2.1</ipAddress><port>http</port>"
        "</ipCaptureEvent><ipCaptureEvent><ipAddress>192.0.2.2</ipAddress><port>99999</port>"
        "</ipCaptureEvent></personOrUserReported>"
    )
    error = only_error(tips_document(minimal_tip(extra=extra)))
    assert [p.path for p in error.problems] == [
        "$.personOrUserReported[0].ipCaptureEvent[0].port",
        "$.personOrUserReported[0].ipCaptureEvent[1].port",
    ]


def test_unknown_elements_and_attributes_are_named_with_their_line() -> None:
    extra = (
        "<personOrUserReported>\n<shoeSize>9</shoeSize>\n"
        '<screenName lang="en">x</screenName></personOrUserReported>'
    )
    error = only_error(tips_document(minimal_tip(extra=extra)))
    found = {p.path: p.message for p in error.problems}
    assert set(found) == {"$.personOrUserReported[0].shoeSize", "$.personOrUserReported[0].screenName"}
    assert "line 9" in found["$.personOrUserReported[0].shoeSize"]


def test_a_single_element_given_twice_is_a_problem() -> None:
    extra = (
        "<personOrUserReported><screenName>a</screenName><screenName>b</screenName></personOrUserReported>"
    )
    error = only_error(tips_document(minimal_tip(extra=extra)))
    assert [p.path for p in error.problems] == ["$.personOrUserReported[0].screenName"]
    assert "only once" in error.problems[0].message


def test_xml_problems_and_model_problems_come_together() -> None:
    extra = "<victim><shoeSize>9</shoeSize><victimPerson><age>old</age></victimPerson></victim>"
    error = only_error(tips_document(minimal_tip(extra=extra).replace("Child Sex Trafficking", "Other")))
    assert sorted(p.path for p in error.problems) == [
        "$.incidentSummary.incidentType",
        "$.victim[0].shoeSize",
        "$.victim[0].victimPerson.age",
    ]


def test_file_protocol_ids_are_accepted_when_they_match_the_tip() -> None:
    files = (
        "<fileDetails><reportId>T-1</reportId><fileId>f-9</fileId><fileName>a.jpg</fileName></fileDetails>"
    )
    (tip,) = decode(tips_document(minimal_tip(files=files)))
    assert isinstance(tip, Tip)
    assert tip.files[0].fileName == "a.jpg"
    error = only_error(tips_document(minimal_tip(files=files.replace(">T-1<", ">T-2<"))))
    assert [p.path for p in error.problems] == ["$.files[0].reportId"]


def test_a_tip_without_report_id_or_report_is_refused_with_its_line() -> None:
    error = only_error("<tips>\n\n<tip><fileDetails/></tip></tips>")
    assert {p.path for p in error.problems} == {"$", "$.reportId", "$.incidentSummary", "$.reporter"}
    assert error.line == 3
    assert error.report_id is None


def test_a_bad_tip_does_not_stop_the_stream() -> None:
    bad = minimal_tip("T-2").replace("Child Sex Trafficking", "Other")
    results = decode(tips_document(minimal_tip("T-1"), bad, minimal_tip("T-3")))
    assert [type(r) for r in results] == [Tip, TipValidationError, Tip]
    assert isinstance(results[1], TipValidationError) and results[1].report_id == "T-2"


def test_a_stray_element_between_tips_is_reported_and_skipped() -> None:
    results = decode(tips_document(minimal_tip("T-1"), "<note>hi</note>", minimal_tip("T-2")))
    assert [type(r) for r in results] == [Tip, TipValidationError, Tip]


# ---- hostile and broken documents ----------------------------------------------------------------


def test_malformed_xml_yields_the_tips_before_it_then_one_error_naming_the_line() -> None:
    document = "<tips>\n" + minimal_tip("T-1") + "\n<tip reportId='T-2'>\n<report>\n</tips>"
    results = decode(document)
    assert isinstance(results[0], Tip)
    assert len(results) == 2
    error = results[1]
    assert isinstance(error, TipValidationError)
    assert [p.path for p in error.problems] == ["$"]
    assert "line" in error.problems[0].message and error.line is not None


def test_an_entity_bomb_is_refused_without_expanding_it() -> None:
    lol = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    document = f'<?xml version="1.0"?><!DOCTYPE tips [<!ENTITY lol0 "lol">{lol}]><tips>&lol9;</tips>'
    error = only_error(document)
    assert "DOCTYPE" in error.problems[0].message


def test_an_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    document = f'<!DOCTYPE tips [<!ENTITY x SYSTEM "file://{secret}">]>' + tips_document(
        minimal_tip("T-1", extra="<additionalInfo>&x;</additionalInfo>")
    )
    results = decode(document)
    assert len(results) == 1
    assert isinstance(results[0], TipValidationError)
    assert "TOP-SECRET" not in str(results[0].problems)


def test_another_root_element_is_refused() -> None:
    error = only_error("<report/>")
    assert "<tips>" in error.problems[0].message


class EndlessTips(io.RawIOBase):
    """A file that never ends: the decoder must yield tips long before it could read it all."""

    def __init__(self) -> None:
        self.chunks: Iterator[bytes] = self._chunks()
        self.pending = b""
        self.bytes_read = 0

    @staticmethod
    def _chunks() -> Iterator[bytes]:
        yield b"<tips>"
        n = 0
        while True:
            n += 1
            yield minimal_tip(f"T-{n}").encode()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while len(self.pending) < len(buffer):
            self.pending += next(self.chunks)
        size = len(buffer)
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        self.bytes_read += size
        return size


def test_decoding_streams_instead_of_reading_the_whole_file() -> None:
    source = EndlessTips()
    stream = iter_xml_tips(io.BufferedReader(source), now=NOW)
    first = [next(stream) for _ in range(1000)]
    assert all(isinstance(t, Tip) for t in first)
    assert source.bytes_read < 2_000_000
