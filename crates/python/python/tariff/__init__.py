"""tariff: one exact cost engine for AI platforms (the Rust engine, through PyO3).

Results are plain dicts with ``int`` micros, exactly the JSON the CLI prints. Every fault
raises a :class:`TariffError` subclass with ``code``, ``message`` and the detail fields.
"""

from typing import Any, Literal, Union

from . import _arrow
from ._types import (
    Affordable,
    Breakdown,
    Budget,
    BudgetCheck,
    CallCost,
    CatalogSource,
    DayModelSpend,
    DaySpend,
    ErrorDict,
    Estimate,
    HardwareListing,
    LineItem,
    Micros,
    ModelSpend,
    OpenQuantity,
    PricingRequest,
    ProjectSpend,
    RecordsSource,
    RequestSource,
    RunStatus,
    Usage,
    UsageRecord,
)
from ._tariff import (
    InvalidCatalog,
    InvalidRequest,
    Overflow,
    TariffError,
    UnknownModel,
    UnsupportedInput,
    format_usd,
)
from ._tariff import Pricing as _Pricing


class Pricing(_Pricing):
    """Prices requests against one catalog (see docs/python.md)."""

    __slots__ = ()

    def price_batch(
        self,
        batch: Any,
        *,
        json_column: Union[str, None] = None,
        errors: Literal["row", "raise"] = "row",
    ) -> Any:
        """A pyarrow ``RecordBatch`` (or ``Table``) with ``micros``, ``billed_model`` and
        ``error_code`` added: each row priced as a usage record, read from the columns named as
        request fields and usage quantities (``model``, ``at``, ``project``, ``input_tokens``,
        ``seconds``, ...) or from ``json_column`` (JSON text per row). ``errors="row"`` gives a
        bad row its error code (and null micros); ``"raise"`` raises the first fault."""
        return _arrow.price_batch(self, batch, json_column=json_column, errors=errors)

    def price_calls(
        self,
        batch: Any,
        *,
        json_column: str = "request",
        errors: Literal["row", "raise"] = "raise",
    ) -> Any:
        """Every billable call of each row (JSON text per row in ``json_column``), as
        ``tariff usage --calls`` lists them: a ``RecordBatch`` of ``row``, ``model`` (the call's
        own: downstream calls under theirs), ``status``, ``micros`` (the call's own), ``day``
        (the row's UTC day, null when undated), ``project`` and ``error_code``. What a billing
        job sums by model, day and project. ``errors="raise"`` (the default: a bill is exact
        or nothing) raises the first fault; ``"row"`` gives a failing row one entry with its
        code."""
        return _arrow.price_calls(self, batch, json_column=json_column, errors=errors)

__all__ = [
    "Affordable",
    "Breakdown",
    "Budget",
    "BudgetCheck",
    "CallCost",
    "CatalogSource",
    "DayModelSpend",
    "DaySpend",
    "ErrorDict",
    "Estimate",
    "HardwareListing",
    "LineItem",
    "Micros",
    "ModelSpend",
    "OpenQuantity",
    "PricingRequest",
    "ProjectSpend",
    "RecordsSource",
    "RequestSource",
    "RunStatus",
    "Usage",
    "UsageRecord",
    "InvalidCatalog",
    "InvalidRequest",
    "Overflow",
    "Pricing",
    "TariffError",
    "UnknownModel",
    "UnsupportedInput",
    "format_usd",
]

# The detail fields an error may have, in the order the engine writes them.
_DETAILS = ("field", "path", "model", "available", "suggestions", "value", "allowed")


def _to_dict(self: TariffError) -> dict:
    """``{code, message, ...details}``: the ``error`` object the CLI prints (the details this
    error has: its own attributes, not the class's ``None``)."""
    own = vars(self)
    out = {"code": own.get("code"), "message": own.get("message")}
    for key in _DETAILS:
        if key in own:
            out[key] = own[key]
    return out


TariffError.to_dict = _to_dict  # type: ignore[attr-defined]
# A detail field an error's code does not have reads as None (`e.field` of an InvalidCatalog),
# as the stubs say, not as an AttributeError.
for _key in _DETAILS:
    setattr(TariffError, _key, None)
del _key
