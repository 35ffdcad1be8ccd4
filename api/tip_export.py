"""The disclosure export of one tip (graph/tip_export.py): the `tipExport` field, and the same document as
a download (`/export/tips/{id}.json`) and as a printable page (`/export/tips/{id}.html`, styled by the
project's own stylesheet, inlined and pinned by the page's Content-Security-Policy: nothing is fetched from
anywhere). The routes sit behind the same guard as /graphql (bearer token, rate limit), read as the same
viewer and are audited the same way: if the record of the read cannot be written, nothing is returned."""

from __future__ import annotations

import base64
import hashlib
import html
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import orjson
import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from strawberry.scalars import JSON

from api.metrics import AUDIT_WRITE_FAILURES
from api.types import Info
from graph.audit import AuditTrail, record_reads
from graph.errors import TipgraphError
from graph.settings import Settings
from graph.tip_export import export_tip

log = logging.getLogger("tipgraph.export")

STYLESHEET: Final = (Path(__file__).resolve().parent / "assets" / "tip_export.css").read_text("utf-8")
STYLE_HASH: Final = base64.b64encode(hashlib.sha256(STYLESHEET.encode()).digest()).decode()
PAGE_POLICY: Final = (
    f"default-src 'none'; style-src 'sha256-{STYLE_HASH}'; base-uri 'none'; form-action 'none'"
)
STATUS_BY_CODE: Final = {"NOT_FOUND": 404, "FORBIDDEN": 403, "BAD_USER_INPUT": 400, "UNAVAILABLE": 503}
EXPORT_PATH_PREFIX: Final = "/export/"


@strawberry.type
class TipExportQueries:
    @strawberry.field(
        description="One tip as a reviewer or a court needs it, as you may see it: the report as submitted, "
        "every label with its source, decisions with who, when and why, referral and outcome, linked tips, "
        "and (supervisors and auditors; auditors get only this) who viewed it. Also at "
        "/export/tips/{id}.json and, printable, /export/tips/{id}.html. NOT_FOUND when you may not see the "
        "tip; null for a reporting service."
    )
    async def tip_export(self, info: Info, id: strawberry.ID) -> JSON | None:
        ctx = info.context
        document = await export_tip(ctx.db, ctx.settings, ctx.trail, str(id))
        return JSON(document) if document is not None else None


def _error(status: int, code: str, message: str, request_id: str) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": code, "requestId": request_id}}]}
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def export_routes(settings: Settings) -> list[Route]:
    async def tip_export_download(request: Request) -> Response:
        viewer, request_id = request.state.viewer, request.state.request_id
        tip_id, kind = str(request.path_params["tip_id"]), str(request.path_params["kind"])
        if kind not in ("json", "html"):
            return _error(404, "NOT_FOUND", "exports are .json or .html", request_id)
        trail = AuditTrail(
            viewer=viewer, request_id=request_id, operation="export", operation_name="tipExport"
        )
        try:
            document = await export_tip(request.app.state.db, settings, trail, tip_id)
        except TipgraphError as error:
            return _error(STATUS_BY_CODE.get(error.code, 400), error.code, str(error), request_id)
        if document is None:
            return _error(404, "NOT_FOUND", "a reporting service has no disclosure export", request_id)
        try:
            await record_reads(request.app.state.db, trail)
        except Exception:
            AUDIT_WRITE_FAILURES.inc()
            log.exception("audit record failed for export request %s; the export is withheld", request_id)
            message = "the audit log cannot be written, so nothing is returned; try again shortly"
            return _error(503, "UNAVAILABLE", message, request_id)
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in tip_id)
        headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
        if kind == "json":
            headers["Content-Disposition"] = f'attachment; filename="tip-{name}.json"'
            return Response(orjson.dumps(document), media_type="application/json", headers=headers)
        headers["Content-Security-Policy"] = PAGE_POLICY
        return Response(render_page(document), media_type="text/html; charset=utf-8", headers=headers)

    return [Route(EXPORT_PATH_PREFIX + "tips/{tip_id}.{kind}", tip_export_download, methods=["GET"])]


# ---- the printable page ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return '<span class="none">—</span>'
    if isinstance(value, dict | list):
        return html.escape(orjson.dumps(value).decode())
    return html.escape(str(value))


def _table(headings: list[str], rows: list[list[Any]], empty: str) -> str:
    if not rows:
        return f'<p class="none">{html.escape(empty)}</p>'
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _pairs(values: Mapping[str, Any]) -> str:
    return _table(["", ""], [[key, value] for key, value in values.items()], "nothing")


def render_page(document: Mapping[str, Any]) -> str:
    """The export as one self-contained HTML page; every value is escaped."""
    tip = document.get("tip") or {}
    by = document["exportedBy"]
    who = _text(by["role"]) + (", " + _text(by["agency"]) if by.get("agency") else "")
    parts = [
        f"<h1>Tip {_text(tip.get('id'))}</h1>",
        f'<p class="meta">Exported {_text(document["exportedAt"])} by {_text(by["subject"])} '
        f"({who}); {_text(document['format'])}."
        "</p>",
    ]
    if "report" in document:
        triage = document["triage"]
        score = triage.get("actionability") or {}
        parts += [
            "<h2>Tip</h2>",
            _pairs(tip),
            "<h2>Labels and their sources</h2>",
            _table(
                ["subject", "label", "value", "source"],
                [[x["subject"], x["label"], x["value"], x["source"]] for x in document["labels"]],
                "no labels",
            ),
            "<h2>Referral and outcome</h2>",
            _pairs({k: v for k, v in triage.items() if k != "actionability"}),
            _pairs({k: score.get(k) for k in ("score", "classification", "priority", "computedAt")}),
            _table(
                ["factor", "points", "evidence"],
                [[c["factor"], c["points"], c["evidence"]] for c in score.get("contributions", [])],
                "no score",
            ),
            "<h2>Decisions</h2>",
            _table(
                ["when", "who", "action", "from → to", "reason", "note", "referred to", "outcome", "undone"],
                [
                    [
                        d["at"],
                        d["by"],
                        d["action"],
                        f"{d['from']} → {d['to']}",
                        d["reasonCode"],
                        d["note"],
                        d["referredTo"],
                        d["outcome"],
                        d["undoneAt"],
                    ]
                    for d in document["decisions"]
                ],
                "no decisions",
            ),
            "<h2>Linked tips</h2>",
            _table(
                ["tip", "weight", "shared identifiers"],
                [[t["id"], t["weight"], t["shared"]] for t in document["linkedTips"]["tips"]],
                "no linked tips",
            ),
        ]
    if "viewers" in document:
        parts += [
            "<h2>Who viewed it</h2>",
            _table(
                ["when", "who", "role", "agency", "operation", "request"],
                [
                    [r["at"], r["actor"], r["role"], r["agency"], r["operation"], r["requestId"]]
                    for r in document["viewers"]["reads"]
                ],
                "no reads recorded",
            ),
        ]
    if "report" in document:
        report = orjson.dumps(document["report"], option=orjson.OPT_INDENT_2).decode()
        parts += ["<h2>The report as submitted</h2>", f"<pre>{html.escape(report)}</pre>"]
    title = html.escape(f"Tip {tip.get('id', '')} — disclosure export")
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="robots" content="noindex"><style>{STYLESHEET}</style></head>'
        f"<body>{''.join(parts)}</body></html>"
    )
