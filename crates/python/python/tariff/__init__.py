"""tariff: one exact cost engine for AI platforms (the Rust engine, through PyO3).

Results are plain dicts with ``int`` micros, exactly the JSON the CLI prints. Every fault
raises a :class:`TariffError` subclass with ``code``, ``message`` and the detail fields.
"""

from ._tariff import (
    InvalidCatalog,
    InvalidRequest,
    Overflow,
    Pricing,
    TariffError,
    UnknownModel,
    UnsupportedInput,
    format_usd,
)

__all__ = [
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
    """``{code, message, ...details}``: the ``error`` object the CLI prints."""
    out = {"code": getattr(self, "code"), "message": getattr(self, "message")}
    for key in _DETAILS:
        if hasattr(self, key):
            out[key] = getattr(self, key)
    return out


TariffError.to_dict = _to_dict  # type: ignore[attr-defined]
