"""The types of requests and results: TypedDicts of the JSON every surface gives, importable
at run time (``from tariff import Estimate``) as well as by type checkers."""

import os
import sys
from typing import Any, Dict, List, Literal, Optional, Tuple, Union

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:
    from typing_extensions import NotRequired, TypedDict

Micros = int


class Usage(TypedDict, total=False):
    input_tokens: int
    output_tokens: int
    cached_input_tokens: int
    cache_write_5m_tokens: int
    cache_write_1h_tokens: int
    image_input_tokens: int
    audio_input_tokens: int
    reasoning_tokens: int
    web_searches: int
    tool_calls: int
    seconds: float
    setup_seconds: float
    idle_seconds: float
    images: int
    videos: int
    predictions: int
    calls: int


RunStatus = Literal["succeeded", "failed", "canceled", "cancelled"]


class PricingRequest(TypedDict, total=False):
    model: str
    inputs: Dict[str, Any]
    usage: Usage
    status: RunStatus
    downstream: List["PricingRequest"]
    at: str
    service_tier: str
    project: str
    limits: Usage
    id: Union[str, int]


UsageRecord = PricingRequest


class LineItem(TypedDict):
    model: str
    item: str
    quantity: int
    unit: str
    rate_micros: Micros
    rate_per: int
    detail: NotRequired[str]
    micros: Micros


# `from` is a Python keyword: the functional form.
OpenQuantity = TypedDict(
    "OpenQuantity",
    {"field": str, "max": Union[int, float], "from": Literal["request", "catalog", "usage"]},
)


class CallCost(TypedDict):
    path: str
    model: str
    status: Literal["succeeded", "failed", "canceled"]
    subtotal_micros: Micros
    total_micros: Micros
    first_line: int
    line_count: int


class Estimate(TypedDict):
    model: str
    defaulted: bool
    catalog_version: str
    catalog_sha256: str
    total_micros: Micros
    total_usd: str
    bound_micros: Optional[Micros]
    bound_usd: Optional[str]
    line_items: List[LineItem]
    calls: List[CallCost]
    assumptions: List[str]
    open: List[OpenQuantity]
    unbounded: List[str]


class Budget(TypedDict):
    balance_micros: Micros
    limit_micros: NotRequired[Micros]
    spent_micros: NotRequired[Micros]
    early_charge_thresholds_micros: NotRequired[List[Micros]]
    basis: NotRequired[Literal["bound", "expected"]]


class Affordable(TypedDict):
    field: str
    max: Optional[Union[int, float]]


class BudgetCheck(TypedDict):
    allowed: bool
    basis: Literal["bound", "expected"]
    estimate_micros: Micros
    bound_micros: Optional[Micros]
    reserve_micros: Optional[Micros]
    remaining_micros: Micros
    shortfall_micros: Optional[Micros]
    reason: NotRequired[str]
    affordable: List[Affordable]
    early_charge_thresholds_crossed: List[Micros]
    estimate: Estimate


class ModelSpend(TypedDict):
    model: str
    calls: int
    free_calls: int
    micros: Micros


class DayModelSpend(TypedDict):
    model: str
    micros: Micros


class DaySpend(TypedDict):
    day: str
    calls: int
    micros: Micros
    by_model: List[DayModelSpend]


class ProjectSpend(TypedDict):
    project: Optional[str]
    records: int
    calls: int
    micros: Micros


class Breakdown(TypedDict):
    catalog_version: str
    catalog_sha256: str
    records: int
    total_micros: Micros
    total_usd: str
    calls: int
    free_calls: int
    by_model: List[ModelSpend]
    by_day: List[DaySpend]
    by_project: List[ProjectSpend]
    undated_micros: Micros
    undated_calls: int


class HardwareListing(TypedDict):
    id: str
    name: str
    price_per_second_micros: Micros
    price_per_hour_micros: Micros
    per_second: str
    per_hour: str
    indicative: bool


class ErrorDict(TypedDict):
    code: Literal["invalid_catalog", "invalid_request", "unknown_model", "unsupported_input", "overflow"]
    message: str
    field: NotRequired[str]
    path: NotRequired[str]
    model: NotRequired[str]
    available: NotRequired[List[str]]
    suggestions: NotRequired[List[str]]
    value: NotRequired[Union[str, int, float, bool, None]]
    allowed: NotRequired[List[Union[str, int, float, bool]]]


CatalogSource = Union[str, "os.PathLike[str]", Dict[str, Any]]


RequestSource = Union[PricingRequest, str]


RecordsSource = Union[List[UsageRecord], Tuple[UsageRecord, ...], str, "os.PathLike[str]"]
