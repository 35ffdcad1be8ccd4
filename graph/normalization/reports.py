"""Report ids: a priorCTReports entry links a tip explicitly to an earlier report."""

from __future__ import annotations

from graph.kinds import IdentifierKind
from graph.normalization.forms import NormalForm, NormalizationError
from graph.normalization.text import has_control_or_space


def normalize_report_id(raw: str | int) -> NormalForm:
    """Numeric ids (CyberTipline report numbers) without leading zeros, whether sent as a number or a
    string; other ids (a service's own report references) stripped and otherwise kept."""
    if isinstance(raw, bool):
        raise NormalizationError("a report id cannot be true or false")
    text = str(raw).strip()
    if text.isdigit() and text.isascii():
        number = int(text)
        if number == 0:
            raise NormalizationError(f"{raw!r} is not a report id")
        return NormalForm(IdentifierKind.REPORT, str(number), "report.numeric")
    if isinstance(raw, int):
        raise NormalizationError(f"{raw!r} is not a report id: report numbers are positive")
    if not text or has_control_or_space(text):
        raise NormalizationError(f"{raw!r} is not a report id: it is empty or contains whitespace")
    return NormalForm(IdentifierKind.REPORT, text, "report.text")
