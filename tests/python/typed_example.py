"""A typed use of the package, checked by `mypy --strict` (the stubs must describe it)."""

from typing import List

import tariff
from tariff import Breakdown, Estimate, PricingRequest, TariffError

pricing = tariff.Pricing()
request: PricingRequest = {"model": "claude/opus-4-7", "usage": {"input_tokens": 1234567, "output_tokens": 89012}}
estimate: Estimate = pricing.estimate(request)
total: int = estimate["total_micros"]
bound = estimate["bound_micros"]
if bound is not None:
    spare: int = bound - total
items: List[str] = [line["item"] for line in estimate["line_items"]]
for q in estimate["open"]:
    source: str = q["from"]
breakdown: Breakdown = pricing.usage([request, {"model": "gpt/4o", "project": "web"}])
by_project = [(p["project"], p["micros"]) for p in breakdown["by_project"]]
check = pricing.check_budget(request, {"balance_micros": 50_000_000})
allowed: bool = check["allowed"]
try:
    pricing.estimate({"model": "claude/sonet-4-7"})
except tariff.UnknownModel as e:
    suggestions: List[str] = e.suggestions
except TariffError as e:
    code: str = e.to_dict()["code"]
print(tariff.format_usd(total), items, by_project, allowed)
