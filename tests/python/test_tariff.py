"""The Python package: hand-worked seed prices, every error code with its fields, Python
values that are not JSON data, usage from every kind of input, the shared bad-input table,
and byte-for-byte parity with the native CLI on the JS parity test's corpus."""

import copy
import decimal
import enum
import json
import pathlib

import pytest

import tariff
from conftest import ROOT, corpus, native_lines

pricing = tariff.Pricing()


def dumps(value):
    """JSON as the engine writes it: compact, keys in order, UTF-8."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def line(p, request):
    try:
        return dumps(p.estimate(request))
    except tariff.TariffError as e:
        return dumps({"error": e.to_dict()})


def test_hand_worked_seed_prices():
    # The seed's example: 1,234,567 x $18 + 89,012 x $90 per 1M = 30,233,286 micros.
    e = pricing.estimate({"model": "claude/opus-4-7", "usage": {"input_tokens": 1234567, "output_tokens": 89012}})
    assert e["total_micros"] == 30233286
    assert type(e["total_micros"]) is int
    assert e["total_usd"] == "$30.233286"
    assert [(l["item"], l["micros"]) for l in e["line_items"]] == [("input_tokens", 22222206), ("output_tokens", 8011080)]
    # SDXL on an A100: 7.5 s x 975 micros/s = 7,312.5 -> 7,313.
    assert pricing.estimate('{"model":"community/sdxl","usage":{"seconds":7.5}}')["total_micros"] == 7313
    assert tariff.format_usd(3600000) == "$3.60"
    assert tariff.format_usd(30233286) == "$30.233286"
    assert pricing.catalog_version == json.loads((ROOT / "catalog.json").read_text())["version"]
    assert len(pricing.catalog_sha256) == 64
    truefusion = next(m for m in pricing.models() if m["slug"] == "skytells/truefusion")
    assert truefusion["pricing"]["amount_micros"] == 30000
    h100 = next(h for h in pricing.hardware() if h["id"] == "gpu-h100")
    assert h100["price_per_second_micros"] == 1525


def test_every_error_code_with_its_fields():
    with pytest.raises(tariff.UnknownModel) as e:
        pricing.estimate({"model": "claude/sonet-4-7"})
    assert e.value.code == "unknown_model"
    assert e.value.field == "model"
    assert e.value.model == "claude/sonet-4-7"
    assert e.value.suggestions[0] == "claude/sonnet-4-7"
    assert "claude/opus-4-7" in e.value.available
    assert isinstance(e.value, tariff.TariffError)
    assert e.value.to_dict()["code"] == "unknown_model"
    with pytest.raises(tariff.InvalidRequest) as e:
        pricing.estimate({"model": "gpt/4o", "usage": {"input_tokens": -1}})
    assert (e.value.code, e.value.field) == ("invalid_request", "usage.input_tokens")
    assert list(e.value.to_dict()) == ["code", "message", "field"]
    with pytest.raises(tariff.InvalidCatalog) as e:
        tariff.Pricing('{"version": "x", "models": [')
    assert (e.value.code, e.value.path) == ("invalid_catalog", "$")
    with pytest.raises(tariff.UnsupportedInput) as e:
        pricing.estimate({"model": "openai/gpt-image-2", "inputs": {"quality": "ultra"}})
    assert e.value.code == "unsupported_input"
    assert e.value.field == "inputs.quality"
    assert "high" in e.value.allowed
    with pytest.raises(tariff.Overflow) as e:
        pricing.estimate({"model": "claude/opus-4-7", "usage": {"input_tokens": 2**53 - 1}})
    assert e.value.code == "overflow"
    with pytest.raises(tariff.InvalidRequest) as e:
        pricing.check_budget({"model": "gpt/4o"}, {"balance_micros": 1, "basis": "worst"})
    assert e.value.field == "budget.basis"


class Count(enum.IntEnum):
    TEN = 10


def test_python_values_that_are_not_json_data():
    cases = [
        ({"model": "gpt/4o", "usage": {"input_tokens": float("nan")}}, "usage.input_tokens", "NaN"),
        ({"model": "gpt/4o", "usage": {"input_tokens": float("inf")}}, "usage.input_tokens", "finite"),
        ({"model": "gpt/4o", "usage": {"input_tokens": True}}, "usage.input_tokens", "boolean"),
        ({"model": "gpt/4o", "usage": {"input_tokens": decimal.Decimal("5")}}, "usage.input_tokens", "Decimal"),
        ({"model": "gpt/4o", "usage": {1: 5}}, "usage", "not a str"),
        ({"model": "gpt/4o", "usage": {"input_tokens": {5}}}, "usage.input_tokens", "set"),
        ({"model": "gpt/4o", "usage": {"input_tokens": b"5"}}, "usage.input_tokens", "bytes"),
        ({"model": "gpt/4o", "inputs": {"prompt": "\ud800"}}, "inputs.prompt", "surrogate"),
        ({"model": "gpt/4o", "usage": {"input_tokens": 2**70}}, "usage.input_tokens", "2^53"),
    ]
    for request, field, words in cases:
        with pytest.raises(tariff.InvalidRequest) as e:
            pricing.estimate(request)
        assert e.value.field == field, request
        assert words in e.value.message, (request, e.value.message)
    deep = {}
    at = deep
    for _ in range(200):
        at["x"] = {}
        at = at["x"]
    with pytest.raises(tariff.InvalidRequest) as e:
        pricing.estimate({"model": "gpt/4o", "inputs": deep})
    assert "deeper than 128" in e.value.message
    assert e.value.field.startswith("inputs.x.x.x")
    # What is JSON data prices as its JSON: a tuple is a list, an IntEnum its value, -0.0 zero.
    assert pricing.estimate({"model": "gpt/4o", "usage": {"input_tokens": Count.TEN, "output_tokens": -0.0}})["total_micros"] == 30
    with pytest.raises(tariff.InvalidRequest) as e:
        tariff.format_usd(True)
    assert e.value.field == "micros"
    for bad in (-1, 2**53, 1.5, "5"):
        with pytest.raises(tariff.InvalidRequest):
            tariff.format_usd(bad)


def test_usage_from_a_list_text_and_a_path(tmp_path: pathlib.Path):
    records = [
        {"model": "gpt/4o", "at": "2026-11-01T10:00:00Z", "project": "web", "usage": {"input_tokens": 1000, "output_tokens": 1000}},
        {"model": "community/sdxl", "at": "2026-11-02T10:00:00Z", "usage": {"seconds": 2}},
    ]
    text = "\n".join(json.dumps(r) for r in records) + "\n"
    path = tmp_path / "usage.jsonl"
    path.write_text(text)
    # gpt/4o: 1,000 x $3 + 1,000 x $12 per 1M = 15,000; SDXL: 2 s x 975 = 1,950.
    for given in (records, tuple(records), text, path, str(path)):
        b = pricing.usage(given)
        assert b["total_micros"] == 16950, given
        assert [p["project"] for p in b["by_project"]] == ["web", None]
    with pytest.raises(tariff.InvalidRequest) as e:
        pricing.usage([records[0], {"model": "gpt/4o", "usage": {"input_tokens": float("nan")}}])
    assert e.value.field == "records[1].usage.input_tokens"
    with pytest.raises(tariff.InvalidRequest) as e:
        pricing.usage(tmp_path / "missing.jsonl")
    assert e.value.field == "records"


def test_a_catalog_from_text_a_dict_and_a_path(tmp_path: pathlib.Path):
    text = (ROOT / "catalog.json").read_text()
    custom = json.loads(text)
    custom["version"] = "python-custom"
    custom["models"][0]["billing"]["input_per_million"] = 36000000
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(custom))
    request = {"model": "claude/opus-4-7", "usage": {"input_tokens": 1000000, "output_tokens": 0}}
    for given in (json.dumps(custom), custom, path, str(path)):
        p = tariff.Pricing(given)
        assert p.catalog_version == "python-custom"
        assert p.estimate(request)["total_micros"] == 36000000
    # The content hash is of the file's bytes, as the CLI's.
    import hashlib

    assert tariff.Pricing(path).catalog_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert tariff.Pricing(text).catalog_sha256 == pricing.catalog_sha256


def test_review_findings_paths_budgets_and_kinds():
    # A writer fault in a catalog dict names the path as the engine does (no "$." prefix).
    with pytest.raises(tariff.InvalidCatalog) as e:
        tariff.Pricing({"version": "x", "models": [{"billing": {"input_per_million": float("nan")}}]})
    assert e.value.path == "models[0].billing.input_per_million"
    # Shallow but endless (a list that holds itself twice at every level): refused, not hung.
    a: list = []
    for _ in range(60):
        a = [a, a]
    with pytest.raises(tariff.InvalidRequest) as e:
        pricing.estimate({"model": "gpt/4o", "inputs": {"x": a}})
    # The whole value is named: no field of it is at fault.
    assert e.value.field == "$"
    assert "more than 25000000 dicts and lists" in e.value.message
    # A dict is not a list of records.
    with pytest.raises(tariff.InvalidRequest) as e:
        pricing.usage({"model": "gpt/4o"})
    assert e.value.field == "records"


def patched(base, case):
    doc = copy.deepcopy(base)

    def parent(ptr):
        parts = ptr.split("/")[1:]
        key = parts.pop()
        node = doc
        for p in parts:
            node = node[int(p)] if isinstance(node, list) else node[p]
        return node, key

    for ptr, value in case.get("set", {}).items():
        node, key = parent(ptr)
        if isinstance(node, list) and int(key) == len(node):
            node.append(value)
        elif isinstance(node, list):
            node[int(key)] = value
        else:
            node[key] = value
    for ptr in case.get("remove", []):
        node, key = parent(ptr)
        if isinstance(node, list):
            del node[int(key)]
        else:
            del node[key]
    return doc


def test_the_bad_input_table():
    table = json.loads((ROOT / "tests" / "data" / "bad_inputs.json").read_text())
    failures = []
    ran = 0
    for c in table["cases"]:
        if c.get("only"):
            continue
        if "ok_micros" in c:
            assert pricing.estimate(c["input"])["total_micros"] == c["ok_micros"]
            continue
        if "input_text_fill" in c:
            f = c["input_text_fill"]
            c["input_text"] = f["before"] + f["fill"] * f["times"] + f["after"]
        given = c.get("input_text", c.get("input"))
        # A str argument is JSON text: a JSON string value is sent as its text.
        if c["surface"] == "request" and "input_text" not in c and isinstance(given, str):
            given = json.dumps(given)
        ran += 1
        try:
            if c["surface"] == "request":
                pricing.estimate(given)
            elif c["surface"] == "usage":
                pricing.usage(given)
            elif c["surface"] == "budget":
                pricing.check_budget(given["request"], given["budget"])
            else:
                tariff.Pricing(given if "input_text" in c else patched(table["base_catalog"], c))
            failures.append(f"{c['name']}: accepted")
        except tariff.TariffError as e:
            key = "path" if "path" in c else "field"
            if e.code != c["code"] or getattr(e, key, None) != c[key]:
                failures.append(f"{c['name']}: {e.code} {getattr(e, key, None)} (expected {c['code']} {c[key]})")
            if c.get("suggestion") and e.suggestions[0] != c["suggestion"]:
                failures.append(f"{c['name']}: suggestions {e.suggestions}")
            if c.get("allowed") and e.allowed != c["allowed"]:
                failures.append(f"{c['name']}: allowed {e.allowed}")
    assert ran >= 120
    assert failures == []


def test_parity_with_the_native_cli_byte_for_byte():
    cases = [c for c in corpus() if c["text"].strip()]
    native = native_lines([c["text"] for c in cases])
    assert len(native) == len(cases)
    objects = errors = 0
    for c, want in zip(cases, native):
        assert line(pricing, c["text"]) == want, c["text"]
        if c["object"]:
            objects += 1
            assert line(pricing, json.loads(c["text"])) == want, c["text"]
        errors += want.startswith('{"error"')
    assert objects >= 1000
    assert 100 < errors < len(cases) - 500


def test_parity_on_the_depth_catalog():
    path = ROOT / "tests" / "data" / "depth_catalog.json"
    p = tariff.Pricing(path)
    cases = [c for c in corpus(600, 7, path) if c["text"].strip()]
    native = native_lines([c["text"] for c in cases], ["--catalog", str(path)])
    for c, want in zip(cases, native):
        assert line(p, c["text"]) == want, c["text"]


def test_a_list_of_a_million_records_is_priced():
    # Only dicts and lists count against the writer's budget, not each number and string: a
    # million plain records (five values each) are priced, as from JS. 1,000 x $3 + 1,000 x $12
    # per 1M on gpt/4o = 15,000 micros a record. (It was refused past about 714,000 of them.)
    record = {"model": "gpt/4o", "project": "web", "usage": {"input_tokens": 1000, "output_tokens": 1000}}
    b = pricing.usage([record] * 1_000_000)
    assert b["records"] == 1_000_000
    assert b["total_micros"] == 15_000 * 1_000_000


def test_types_are_importable_and_absent_details_are_none():
    # The TypedDicts the stubs name exist at run time (typed_example.py imports them).
    from tariff import Breakdown, Estimate, PricingRequest, Usage  # noqa: F401

    request: PricingRequest = {"model": "gpt/4o", "usage": Usage(input_tokens=1)}
    assert pricing.estimate(request)["model"] == "gpt/4o"
    with pytest.raises(tariff.InvalidCatalog) as e:
        tariff.Pricing('{"version": "x", "models": [')
    # A detail this code does not have reads as None, and to_dict() leaves it out.
    assert (e.value.field, e.value.suggestions, e.value.path) == (None, None, "$")
    assert list(e.value.to_dict()) == ["code", "message", "path"]


def test_a_catalog_text_with_a_byte_order_mark_is_text_not_a_path():
    with pytest.raises(tariff.InvalidCatalog) as e:
        tariff.Pricing("\ufeff" + (ROOT / "catalog.json").read_text())
    assert e.value.path == "$"
    assert "cannot read" not in e.value.message
