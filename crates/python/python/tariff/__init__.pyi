"""Types of the tariff package: the engine's API; requests and results are the TypedDicts of
`_types.py` (the JSON of every surface), importable at run time too."""

from typing import Any, Dict, List, Literal, Optional, Union

from ._types import (
    Micros as Micros,
    Usage as Usage,
    RunStatus as RunStatus,
    PricingRequest as PricingRequest,
    UsageRecord as UsageRecord,
    LineItem as LineItem,
    OpenQuantity as OpenQuantity,
    CallCost as CallCost,
    Estimate as Estimate,
    Budget as Budget,
    Affordable as Affordable,
    BudgetCheck as BudgetCheck,
    ModelSpend as ModelSpend,
    DayModelSpend as DayModelSpend,
    DaySpend as DaySpend,
    ProjectSpend as ProjectSpend,
    Breakdown as Breakdown,
    HardwareListing as HardwareListing,
    ErrorDict as ErrorDict,
    CatalogSource as CatalogSource,
    RequestSource as RequestSource,
    RecordsSource as RecordsSource,
)

class TariffError(Exception):
    """Every fault of tariff. The detail fields a code does not have are `None`; each
    subclass says which it has."""

    code: str
    message: str
    field: Optional[str]
    path: Optional[str]
    model: Optional[str]
    available: Optional[List[str]]
    suggestions: Optional[List[str]]
    value: Any
    allowed: Optional[List[Any]]
    def to_dict(self) -> ErrorDict: ...

class InvalidCatalog(TariffError):
    path: str

class InvalidRequest(TariffError):
    field: str

class UnknownModel(TariffError):
    field: str
    model: str
    available: List[str]
    suggestions: List[str]

class UnsupportedInput(TariffError):
    field: str
    allowed: List[Any]

class Overflow(TariffError):
    field: str

class Pricing:
    """Prices requests against one catalog (`None`: the embedded one)."""

    def __init__(self, catalog: Optional[CatalogSource] = None) -> None: ...
    @property
    def catalog_version(self) -> str: ...
    @property
    def catalog_sha256(self) -> str: ...
    @property
    def default_model(self) -> str: ...
    def estimate(self, request: RequestSource) -> Estimate: ...
    def check_budget(self, request: RequestSource, budget: Union[Budget, str]) -> BudgetCheck: ...
    def usage(self, records: RecordsSource) -> Breakdown: ...
    def models(self) -> List[Dict[str, Any]]: ...
    def hardware(self) -> List[HardwareListing]: ...
    def price_batch(
        self,
        batch: Any,
        *,
        json_column: Optional[str] = None,
        errors: Literal["row", "raise"] = "row",
    ) -> Any: ...
    def price_calls(
        self,
        batch: Any,
        *,
        json_column: str = "request",
        errors: Literal["row", "raise"] = "raise",
    ) -> Any: ...

def format_usd(micros: int) -> str: ...
