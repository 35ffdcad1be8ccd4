"""The result of normalising one identifier value, and the error for a value that cannot be one."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import BadInputError
from graph.kinds import IdentifierKind


@dataclass(frozen=True, slots=True)
class NormalForm:
    """One identifier value in its normal form.

    `key` is what tips meet on (composite keys are joined with ":"); `rule` names the rule that produced
    it, stable enough to store beside the raw value; `generic_reason` is set when the value links tips only
    weakly by itself (an empty-file hash, a carrier-NAT address, a country).
    """

    kind: IdentifierKind
    key: str
    rule: str
    generic_reason: str | None = None


class NormalizationError(BadInputError, ValueError):
    """A value that cannot be an identifier of its kind. The message says what is wrong with the value.

    A BadInputError, so the API reports it as BAD_USER_INPUT; a ValueError, so callers that only know
    the standard library can still catch it.
    """
