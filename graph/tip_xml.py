"""The XML form of tips: `<tips>` holding `<tip reportId="...">`, each with one CyberTipline `<report>`
and its `<fileDetails>`, in the XSD's element names and order.

Decoding turns each `<tip>` into the JSON form and validates that with the same model, so both forms
give one Tip and one set of problem paths. What XML cannot say wrongly in JSON (an unknown element, a
single element repeated, stray text) is reported here, with its line. How each element is read and
written (repeated or not, flag, boolean, number, attribute, text value) comes from the models, so the
codec cannot drift from them.

Input is parsed as a stream and each `<tip>` is discarded once decoded, so a 1 GB file runs in constant
memory. The parser resolves no entities, reads no DTD and never touches the network; a document with a
DOCTYPE is refused outright, which refuses entity bombs before any expansion.
"""

from __future__ import annotations

import io
import types
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Annotated, Any, BinaryIO, Literal, Union, cast, get_args, get_origin

from lxml import etree
from pydantic import BaseModel

from graph.tip import (
    Address,
    AssociatedAccount,
    BatchedReport,
    Email,
    EstimatedLocation,
    FileAnnotations,
    FileDetails,
    OriginalFileHash,
    Phone,
    ReportAnnotations,
    Tip,
    WebPageIncident,
    tip_to_json_dict,
    validate_tip,
)
from graph.tip_validation import Problem, TipValidationError, clipped, json_path

# XML attributes (everything else is an element); a model with a `value` field keeps it as its text.
_ATTRIBUTES: dict[type[BaseModel], frozenset[str]] = {
    Address: frozenset({"type"}),
    AssociatedAccount: frozenset({"type"}),
    BatchedReport: frozenset({"reason"}),
    Email: frozenset({"type", "verified", "verificationDate"}),
    EstimatedLocation: frozenset({"verified", "timestamp"}),
    OriginalFileHash: frozenset({"hashType"}),
    Phone: frozenset({"type", "verified", "verificationDate", "countryCallingCode", "extension"}),
    WebPageIncident: frozenset({"thirdPartyHostedContent"}),
}
# Models made only of flags: `<sextortion/>` present means true.
_FLAG_MODELS: frozenset[type[BaseModel]] = frozenset({ReportAnnotations, FileAnnotations})
_TEXT_FIELD = "value"
# Tip fields that are not children of <report>: the reportId is <tip>'s attribute, files its siblings.
_OUTSIDE_REPORT = frozenset({"reportId", "files"})
# Inside <fileDetails> the XSD carries the report and file ids of the upload protocol; a tip implies both.
_FILE_PROTOCOL_IDS = ("reportId", "fileId")

Kind = Literal["model", "bool", "int", "float", "str"]


@dataclass(frozen=True, slots=True)
class ModelCodec:
    elements: dict[str, FieldCodec]  # in the model's (the XSD's) order
    attributes: dict[str, FieldCodec]
    has_text: bool
    flags: bool
    keys: frozenset[str]  # every JSON-form key of the model


@dataclass(frozen=True, slots=True)
class FieldCodec:
    kind: Kind
    repeated: bool
    codec: ModelCodec | None  # for a nested model


def _field_codec(annotation: Any) -> FieldCodec:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _field_codec(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        (inner,) = (arg for arg in get_args(annotation) if arg is not type(None))
        return _field_codec(inner)
    if origin is tuple:
        item = _field_codec(get_args(annotation)[0])
        return FieldCodec(item.kind, True, item.codec)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return FieldCodec("model", False, model_codec(annotation))
        if annotation is bool:
            return FieldCodec("bool", False, None)
        if annotation is int:
            return FieldCodec("int", False, None)
        if annotation is float:
            return FieldCodec("float", False, None)
    return FieldCodec("str", False, None)


@cache
def model_codec(model: type[BaseModel]) -> ModelCodec:
    attribute_names = _ATTRIBUTES.get(model, frozenset())
    elements: dict[str, FieldCodec] = {}
    attributes: dict[str, FieldCodec] = {}
    has_text = False
    for name, field in model.model_fields.items():
        codec = _field_codec(field.annotation)
        if name == _TEXT_FIELD:
            has_text = True
        elif name in attribute_names:
            attributes[name] = codec
        else:
            elements[name] = codec
    keys = frozenset(model.model_fields)
    return ModelCodec(elements, attributes, has_text, model in _FLAG_MODELS, keys)


@cache
def _report_codec() -> ModelCodec:
    tip = model_codec(Tip)
    elements = {name: codec for name, codec in tip.elements.items() if name not in _OUTSIDE_REPORT}
    return ModelCodec(elements, {}, False, False, frozenset(elements))


# ---- decoding ------------------------------------------------------------------------------------

Location = tuple[int | str, ...]

_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0"})


def _scalar(kind: Kind, text: str) -> object:
    """A typed value from element or attribute text; text that does not fit is passed on as it is, so the
    model reports the type error at the right path."""
    if kind == "str":
        return text
    stripped = text.strip()
    if kind == "bool":
        if stripped in _TRUE:
            return True
        if stripped in _FALSE:
            return False
        return text
    try:
        return int(stripped) if kind == "int" else float(stripped)
    except ValueError:
        return text


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def _attributes(element: etree._Element) -> list[tuple[str, str]]:
    # The parser gives str names and values; the stubs allow bytes for elements built by hand.
    return cast("list[tuple[str, str]]", element.items())


class _Decoder:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, location: Location, message: str, element: etree._Element) -> None:
        self.problems.append(Problem(json_path(location), f"{message} (line {_line(element)})"))

    def model(self, element: etree._Element, codec: ModelCodec, location: Location) -> dict[str, object]:
        # The hot loop of bulk XML ingest: leaves are read inline, locations built only for nested
        # models and problems.
        out: dict[str, object] = {}
        if len(element.attrib):
            for name, raw in _attributes(element):
                attribute = codec.attributes.get(name)
                if attribute is None:
                    self.problem((*location, name), f"unexpected attribute {clipped(name)!r}", element)
                else:
                    out[name] = _scalar(attribute.kind, raw)
        text = element.text
        if codec.has_text:
            out[_TEXT_FIELD] = text or ""
        elif text and not text.isspace():
            self.problem(location, "unexpected text", element)
        elements = codec.elements
        for child in element:
            tag = child.tag
            field = elements.get(tag) if isinstance(tag, str) else None
            if field is None:
                self.problem((*location, str(tag)), f"unexpected element <{clipped(str(tag))}>", child)
                continue
            items: list[object] | None = None
            if field.repeated:
                items = cast("list[object]", out.setdefault(tag, []))
            elif tag in out:
                self.problem((*location, tag), f"<{tag}> may appear only once", child)
                continue
            nested = field.codec
            if nested is None:
                if len(child) or len(child.attrib):
                    at = (*location, tag) if items is None else (*location, tag, len(items))
                    self.problem(at, "a value element has no attributes or child elements", child)
                text = child.text or ""
                value = text if field.kind == "str" else _scalar(field.kind, text)
            else:
                at = (*location, tag) if items is None else (*location, tag, len(items))
                value = self.flags(child, nested, at) if nested.flags else self.model(child, nested, at)
            if items is None:
                out[tag] = value
            else:
                items.append(value)
        return out

    def flags(self, element: etree._Element, codec: ModelCodec, location: Location) -> dict[str, object]:
        out: dict[str, object] = {}
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag not in codec.elements:
                self.problem((*location, str(tag)), f"unexpected flag <{clipped(str(tag))}>", child)
            else:
                text = (child.text or "").strip()
                out[tag] = True if not text else _scalar("bool", text)
        return out

    def tip(self, element: etree._Element) -> dict[str, object]:
        report_id = element.get("reportId")
        data: dict[str, object] = {} if report_id is None else {"reportId": report_id}
        for name, _ in _attributes(element):
            if name != "reportId":
                self.problem((name,), f"unexpected attribute {clipped(name)!r} on <tip>", element)
        files: list[object] = []
        reports = 0
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == "report":
                reports += 1
                if reports > 1:
                    self.problem((), "a <tip> holds one <report>", child)
                elif files:
                    self.problem((), "<report> comes before the <fileDetails>", child)
                if reports == 1:
                    data.update(self.model(child, _report_codec(), ()))
            elif tag == "fileDetails":
                files.append(self.file(child, report_id, ("files", len(files))))
            else:
                self.problem((), f"unexpected element <{clipped(tag)}> in <tip>", child)
        if reports == 0:
            self.problem((), "a <tip> holds one <report>", element)
        if files:
            data["files"] = files
        return data

    def file(self, element: etree._Element, report_id: str | None, location: Location) -> dict[str, object]:
        for name in _FILE_PROTOCOL_IDS:
            for child in element.findall(name):
                if name == "reportId" and (child.text or "").strip() != report_id:
                    self.problem((*location, name), "differs from the tip's reportId", child)
                element.remove(child)
        return self.model(element, model_codec(FileDetails), location)


def decode_tip_element(element: etree._Element, *, now: datetime | None = None) -> Tip:
    """One `<tip>` element as a Tip; TipValidationError lists every problem, XML ones with their lines."""
    decoder = _Decoder()
    data = decoder.tip(element)
    return validate_tip(data, now=now, earlier_problems=decoder.problems, line=_line(element))


def iter_xml_tips(
    source: BinaryIO | Path, *, now: datetime | None = None
) -> Iterator[Tip | TipValidationError]:
    """Every `<tip>` of a `<tips>` document in order, as a Tip or as the error that says why not.

    A document that is not well formed (or has a DOCTYPE, or another root) ends the stream with one
    error naming the line; the tips before it have already been yielded.
    """
    if now is None:
        now = datetime.now(UTC)
    # Events for <tips> and <tip> only: asking for every element's events costs more than decoding them.
    events = etree.iterparse(
        str(source) if isinstance(source, Path) else source,
        events=("start", "end"),
        tag=("tips", "tip"),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    checked = False
    try:
        for event, element in events:
            root = element.getparent()
            if root is None:
                if event == "start":  # the DOCTYPE is refused before anything in the document is read
                    refusal = _refuse_document(element)
                    if refusal is not None:
                        yield refusal
                        return
                    checked = True
                continue
            if event == "start" or element.tag != "tip" or root.getparent() is not None:
                continue  # a <tip> nested deeper is judged with the tip that holds it
            # Decoded tips are dropped as they go, so whatever still precedes this one is not a tip.
            yield from _strays(root, before=element)
            try:
                yield decode_tip_element(element, now=now)
            except TipValidationError as error:
                yield error
            _forget(element)
        root = events.root
        if root is not None:
            refusal = None if checked else _refuse_document(root)
            if refusal is not None:
                yield refusal
                return
            yield from _strays(root, before=None)
    except etree.XMLSyntaxError as error:
        line = error.lineno if isinstance(error.lineno, int) else None
        yield TipValidationError([Problem("$", f"malformed XML at line {line}: {error.msg}")], line=line)


def _strays(root: etree._Element, before: etree._Element | None) -> Iterator[TipValidationError]:
    for child in root:
        if child is before:
            return
        if child.tag != "tip":
            line = _line(child)
            yield TipValidationError(
                [Problem("$", f"unexpected element <{clipped(str(child.tag))}> in <tips> (line {line})")],
                line=line,
            )


def _refuse_document(root: etree._Element) -> TipValidationError | None:
    if root.getroottree().docinfo.internalDTD is not None:  # set by any DOCTYPE, declarations or not
        return TipValidationError([Problem("$", "a DOCTYPE is not allowed (line 1)")], line=1)
    if root.tag != "tips":
        line = _line(root)
        return TipValidationError(
            [Problem("$", f"the root element must be <tips>, not <{clipped(str(root.tag))}> (line {line})")],
            line=line,
        )
    return None


def _forget(element: etree._Element) -> None:
    """Drop a decoded <tip> and anything before it, so memory stays flat however long the file."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


# ---- encoding ------------------------------------------------------------------------------------


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str | int | float):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as XML text")


def _encode_model(parent: etree._Element, tag: str, value: object, codec: ModelCodec, where: str) -> None:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: expected an object")
    unknown = [key for key in value if key not in codec.keys]
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    attributes = {name: _text(value[name]) for name in codec.attributes if value.get(name) is not None}
    element = etree.SubElement(parent, tag, attributes)
    if codec.has_text:
        element.text = _text(value[_TEXT_FIELD])
    _encode_children(element, value, codec, where)


def _encode_children(
    element: etree._Element, value: Mapping[str, Any], codec: ModelCodec, where: str
) -> None:
    for name, field in codec.elements.items():
        item = value.get(name)
        if item is None:
            continue
        items = item if field.repeated else (item,)
        if field.repeated and not isinstance(item, list | tuple):
            raise ValueError(f"{where}.{name}: expected an array")
        for index, one in enumerate(items):
            at = f"{where}.{name}[{index}]" if field.repeated else f"{where}.{name}"
            child_codec = field.codec
            if child_codec is None:
                etree.SubElement(element, name).text = _text(one)
                continue
            if child_codec.flags:
                if not isinstance(one, Mapping):
                    raise ValueError(f"{at}: expected an object")
                flags = etree.SubElement(element, name)
                for flag in child_codec.elements:
                    if one.get(flag):
                        etree.SubElement(flags, flag)
            else:
                _encode_model(element, name, one, child_codec, at)


def tip_element(tip: Tip | Mapping[str, Any]) -> etree._Element:
    """One `<tip>` from a Tip or from a tip's JSON form (not validated: give what parse_tip accepts)."""
    data = tip_to_json_dict(tip) if isinstance(tip, Tip) else tip
    unknown = [key for key in data if key not in _report_codec().keys and key not in _OUTSIDE_REPORT]
    if unknown:
        raise ValueError(f"$: unknown keys {sorted(unknown)}")
    element = etree.Element("tip", {"reportId": _text(data["reportId"])})
    report = etree.SubElement(element, "report")
    _encode_children(report, data, _report_codec(), "$")
    file_codec = model_codec(FileDetails)
    for index, file in enumerate(data.get("files") or ()):
        _encode_model(element, "fileDetails", file, file_codec, f"$.files[{index}]")
    return element


def write_xml_tips(tips: Iterable[Tip | Mapping[str, Any]], sink: BinaryIO) -> None:
    """A `<tips>` document written tip by tip, so a generator can stream millions without holding them."""
    with etree.xmlfile(sink, encoding="UTF-8") as document:
        document.write_declaration()
        with document.element("tips"):
            document.write("\n")
            for tip in tips:
                document.write(tip_element(tip), pretty_print=True)


def tip_to_xml(tips: Iterable[Tip | Mapping[str, Any]]) -> bytes:
    """A whole `<tips>` document in memory; for large outputs use write_xml_tips."""
    buffer = io.BytesIO()
    write_xml_tips(tips, buffer)
    return buffer.getvalue()
