"""``Pricing.price_batch`` over pyarrow: a batch mixing good and bad rows, from columns and
from a JSON column, each row's micros equal to the same record priced alone, the sum equal
to ``usage`` of the same records; errors per row or raised; timestamps read in UTC."""

import datetime
import json

import pyarrow as pa
import pytest

import tariff
from conftest import ROOT

pricing = tariff.Pricing()


def test_columns_with_good_and_bad_rows():
    batch = pa.record_batch(
        {
            "id": [1, 2, 3, 4, 5, 6],
            "model": ["gpt/4o", "nope/x", None, "community/sdxl", "gpt/4o", "openai/gpt-image-2"],
            "input_tokens": [1000, 5, 1000, None, -1, None],
            "output_tokens": [1000, 1, None, None, 0, None],
            "seconds": [None, None, None, 2.0, None, None],
            "images": [None, None, None, None, None, 2],
            "project": ["web", None, "web", None, None, "art"],
            "note": ["not a request field", "x", "x", "x", "x", "x"],
        }
    )
    out = pricing.price_batch(batch)
    assert out.schema.names[-3:] == ["micros", "billed_model", "error_code"]
    assert out.column("note").to_pylist() == batch.column("note").to_pylist()
    # gpt/4o: 1,000 x $3 + 1,000 x $12 per 1M = 15,000; the default model (Sonnet 4.6, $3.60 per
    # 1M input): 3,600; SDXL 2 s x 975 = 1,950; GPT Image 2, two high 1024x1024 images.
    image = pricing.estimate({"model": "openai/gpt-image-2", "usage": {"images": 2}})["total_micros"]
    assert out.column("micros").to_pylist() == [15000, None, 3600, 1950, None, image]
    assert out.column("billed_model").to_pylist() == ["gpt/4o", None, "claude/sonnet-4-6", "community/sdxl", None, "openai/gpt-image-2"]
    assert out.column("error_code").to_pylist() == [None, "unknown_model", None, None, "invalid_request", None]
    with pytest.raises(tariff.UnknownModel) as e:
        pricing.price_batch(batch, errors="raise")
    assert e.value.field == "records[1].model"


def test_a_json_column_with_downstream_calls_and_failed_runs():
    records = [
        {"model": "skytells/truefusion", "usage": {"images": 2}, "downstream": [{"model": "gpt/4o-mini", "usage": {"input_tokens": 1001, "output_tokens": 0}}]},
        {"model": "google/veo-3-t2v", "status": "failed", "usage": {"seconds": 3}},
        {"model": "gpt/4o", "usage": {"input_tokens": float("nan")}},
        {"model": "community/storyboard", "usage": {"seconds": 30}},
    ]
    texts = [json.dumps(r) if i != 2 else '{"model": "gpt/4o", "usage": {"input_tokens": NaN}}' for i, r in enumerate(records)]
    texts.append(None)
    out = pricing.price_batch(pa.record_batch({"request": texts}), json_column="request")
    micros = out.column("micros").to_pylist()
    for i in (0, 1, 3):
        assert micros[i] == pricing.usage([records[i]])["total_micros"], records[i]
    assert micros[0] == 60000 + 180  # two images at $0.03, and 1,001 tokens at $0.18 per 1M
    assert micros[1] == 0  # a failed video bills nothing
    assert out.column("error_code").to_pylist() == [None, None, "invalid_request", None, "invalid_request"]
    assert out.column("billed_model").to_pylist()[:2] == ["skytells/truefusion", "google/veo-3-t2v"]
    good = [r for i, r in enumerate(records) if i != 2]
    assert sum(m for m in micros if m is not None) == pricing.usage(good)["total_micros"]


def test_timestamps_in_utc_and_tables_of_several_batches():
    depth = tariff.Pricing(ROOT / "tests" / "data" / "depth_catalog.json")
    # test/dated: $1 per 1M input tokens until 2026-06-01T00:00:00Z, $2 from then.
    eastern = datetime.timezone(datetime.timedelta(hours=-5))
    at = [
        datetime.datetime(2026, 5, 31, 18, 0, tzinfo=eastern),  # 23:00 UTC: the old price
        datetime.datetime(2026, 5, 31, 20, 0, tzinfo=eastern),  # 01:00 UTC on June 1: the new one
    ]
    batch = pa.record_batch({"model": ["test/dated"] * 2, "at": pa.array(at, pa.timestamp("ms", "UTC")), "input_tokens": [1000000] * 2, "output_tokens": [0, 0]})
    assert depth.price_batch(batch).column("micros").to_pylist() == [1000000, 2000000]
    naive = pa.record_batch({"model": ["test/dated"], "at": pa.array([datetime.datetime(2026, 6, 1, 0, 0, 1)], pa.timestamp("s")), "input_tokens": [1000000]})
    assert depth.price_batch(naive).column("micros").to_pylist() == [2000000]
    table = pa.Table.from_batches([batch, batch])
    out = depth.price_batch(table)
    assert isinstance(out, pa.Table)
    assert out.column("micros").to_pylist() == [1000000, 2000000] * 2
    with pytest.raises(ValueError):
        depth.price_batch(out)  # already has the result columns


def test_price_calls_lists_each_call_as_usage_calls_does():
    records = [
        {"model": "skytells/truefusion", "at": "2026-11-02T10:00:00Z", "project": "web", "usage": {"images": 2},
         "downstream": [{"model": "gpt/4o-mini", "usage": {"input_tokens": 1001, "output_tokens": 0}}]},
        {"model": "google/veo-3-t2v", "status": "failed", "usage": {"seconds": 3}},
    ]
    batch = pa.record_batch({"request": [json.dumps(r) for r in records]})
    calls = pricing.price_calls(batch).to_pydict()
    assert calls["row"] == [0, 0, 1]
    assert calls["model"] == ["skytells/truefusion", "gpt/4o-mini", "google/veo-3-t2v"]
    assert calls["micros"] == [60000, 180, 0]
    assert calls["day"] == ["2026-11-02", "2026-11-02", None]
    assert calls["project"] == ["web", "web", None]
    assert calls["status"] == ["succeeded", "succeeded", "failed"]
    bad = pa.record_batch({"request": [json.dumps(records[0]), '{"model": "nope/x"}']})
    with pytest.raises(tariff.UnknownModel) as e:
        pricing.price_calls(bad)
    assert e.value.field == "records[1].model"
    rows = pricing.price_calls(bad, errors="row").to_pydict()
    assert rows["error_code"] == [None, None, "unknown_model"]


def test_a_usage_column_beside_quantity_columns_is_refused():
    # Two `usage` objects in a row: one would be dropped without a word (3,000 billed for
    # 15,000), so the batch is refused, in either mode.
    batch = pa.record_batch({"model": ["gpt/4o"], "usage": [{"output_tokens": 1000}], "input_tokens": [1000]})
    for mode in ("row", "raise"):
        with pytest.raises(tariff.InvalidRequest) as e:
            pricing.price_batch(batch, errors=mode)
        assert e.value.field == "usage"
        assert "input_tokens" in e.value.message
    # Either way alone is priced: 1,000 x $3 + 1,000 x $12 per 1M.
    alone = pa.record_batch({"model": ["gpt/4o"], "usage": [{"input_tokens": 1000, "output_tokens": 1000}]})
    assert pricing.price_batch(alone).column("micros").to_pylist() == [15000]


def test_a_table_names_rows_in_the_table_not_in_the_batch():
    good = pa.record_batch({"request": ['{"model": "gpt/4o"}'] * 3})
    bad = pa.record_batch({"request": ['{"model": "nope/x"}']})
    table = pa.Table.from_batches([good, bad])
    with pytest.raises(tariff.UnknownModel) as e:
        pricing.price_batch(table, json_column="request", errors="raise")
    assert e.value.field == "records[3].model"
    with pytest.raises(tariff.UnknownModel) as e:
        pricing.price_calls(table)
    assert e.value.field == "records[3].model"
    calls = pricing.price_calls(table, errors="row").to_pydict()
    assert calls["row"] == [0, 1, 2, 3]
    assert calls["error_code"] == [None, None, None, "unknown_model"]
    # A table without rows or batches: an empty table of the call columns, not None.
    empty = pricing.price_calls(pa.table({"request": pa.array([], pa.string())}))
    assert isinstance(empty, pa.Table)
    assert (empty.num_rows, empty.schema.names) == (0, list(tariff._arrow.CALL_COLUMNS))


def test_a_batch_is_priced_without_the_gil():
    # With a long switch interval the pricing thread keeps the GIL unless it lets it go, so the
    # other thread counts only while the rows are priced outside it.
    import sys
    import threading
    import time

    texts = ['{"model": "gpt/4o", "usage": {"input_tokens": 1000}}'] * 200_000
    batch = pa.record_batch({"request": texts})
    count = 0
    started, stop = threading.Event(), threading.Event()

    def counter():
        nonlocal count
        started.set()
        while not stop.is_set():
            count += 1
            time.sleep(0.0001)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1000)
    t = threading.Thread(target=counter)
    try:
        t.start()
        started.wait()
        for call in (
            lambda: pricing._price_json_rows(texts, False, 0),
            lambda: pricing._price_json_calls(texts, False, 0),
            lambda: pricing._price_column_rows({"model": ["gpt/4o"] * 200_000}, 200_000, False, 0),
        ):
            before = count
            call()
            assert count > before
    finally:
        stop.set()
        t.join()
        sys.setswitchinterval(old)
    assert pricing.price_batch(batch, json_column="request").column("micros").to_pylist()[:1] == [3000]
