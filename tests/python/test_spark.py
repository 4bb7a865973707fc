"""The Spark job (examples/spark/price_usage.py) in local[2] mode on 1,000,000 generated
records (every billing shape, downstream calls, failed runs, projects, undated records): its
spend by model, day and project equals ``tariff usage`` on the same records, to the micro."""

import json
import os
import pathlib
import random
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import CLI, ROOT

sys.path.insert(0, str(ROOT / "examples" / "spark"))
import price_usage  # noqa: E402

N = 1_000_000


def record(r: random.Random, i: int) -> dict:
    day = 1 + i % 30
    at = f"2026-11-{day:02d}T{r.randrange(24):02d}:{r.randrange(60):02d}:00Z"
    kind = i % 10
    if kind <= 3:  # per token, several models, sometimes cached input and reasoning
        model = ("gpt/4o", "claude/sonnet-4-6", "gemini/2.5-flash", "anthropic/claude-sonnet-4-5")[kind]
        usage = {"input_tokens": r.randrange(1, 200_000), "output_tokens": r.randrange(0, 8000)}
        if kind == 3 and r.random() < 0.5:
            usage["cached_input_tokens"] = r.randrange(0, 50_000)
        rec = {"model": model, "usage": usage}
    elif kind == 4:  # per image, with a downstream call
        rec = {"model": "skytells/truefusion", "usage": {"images": r.randrange(1, 5)},
               "downstream": [{"model": "gpt/4o-mini", "usage": {"input_tokens": r.randrange(0, 5000), "output_tokens": r.randrange(0, 500)}}]}
    elif kind == 5:  # per second of video; a third of them failed
        rec = {"model": "google/veo-3-t2v", "usage": {"seconds": r.randrange(1, 9)}}
        if r.random() < 0.33:
            rec["status"] = "failed"
    elif kind == 6:  # hardware: per second on a GPU, fractional seconds
        rec = {"model": "community/sdxl", "usage": {"seconds": round(r.uniform(0.5, 30), 3)}}
        if r.random() < 0.1:
            rec["status"] = "canceled"
    elif kind == 7:  # a rate table
        rec = {"model": "openai/gpt-image-2", "inputs": {"quality": r.choice(["low", "medium", "high"]),
               "size": r.choice(["1024x1024", "1024x1536", "1536x1024"])}, "usage": {"images": r.randrange(1, 3)}}
    elif kind == 8:  # per megapixel
        rec = {"model": "black-forest-labs/flux-1-dev", "inputs": {"width": r.choice([512, 1024, 1440]), "height": r.choice([512, 1024])}, "usage": {"images": 1}}
    else:  # a CPU model whose run calls others, and the default model
        rec = {"model": "community/storyboard", "usage": {"seconds": r.randrange(5, 60)},
               "downstream": [{"model": "claude/haiku-4-5", "usage": {"input_tokens": 8000, "output_tokens": r.randrange(0, 2000)}}]} if r.random() < 0.5 else {"usage": {"input_tokens": 1000, "output_tokens": 100}}
    if i % 97 != 0:  # about 1% undated
        rec["at"] = at
    if r.random() < 0.8:
        rec["project"] = r.choice(["web-app", "batch-jobs", "research"])
    return rec


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    d = tmp_path_factory.mktemp("spark")
    r = random.Random(20261202)
    lines = [json.dumps(record(r, i)) for i in range(N)]
    (d / "usage.jsonl").write_text("\n".join(lines) + "\n")
    table = pa.table({"request": lines})
    pq.write_table(table, d / "usage.parquet", row_group_size=100_000)
    return d


def test_spark_spend_equals_tariff_usage(dataset):
    from pyspark.sql import SparkSession

    # The workers run this interpreter (the .venv's, with tariff and pyarrow).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    native = json.loads(subprocess.run([str(CLI), "usage", str(dataset / "usage.jsonl")], capture_output=True, text=True, check=True).stdout)
    assert native["records"] == N
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("tariff-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.pyspark.python", sys.executable)
        .getOrCreate()
    )
    try:
        spend = price_usage.spend(spark, str(dataset / "usage.parquet"))
        by_model = {r["model"]: (r["calls"], r["free_calls"], r["micros"]) for r in spend["by_model"].collect()}
        by_day = {r["day"]: (r["calls"], r["micros"]) for r in spend["by_day"].collect()}
        by_project = {r["project"]: (r["calls"], r["micros"]) for r in spend["by_project"].collect()}
    finally:
        spark.stop()
    assert by_model == {m["model"]: (m["calls"], m["free_calls"], m["micros"]) for m in native["by_model"]}
    want_days = {d["day"]: (d["calls"], d["micros"]) for d in native["by_day"]}
    want_days[None] = (native["undated_calls"], native["undated_micros"])
    assert by_day == want_days
    assert by_project == {p["project"]: (p["calls"], p["micros"]) for p in native["by_project"]}
    assert sum(m for _, _, m in by_model.values()) == native["total_micros"]
    # Every kind of record was there: shapes, downstream calls, failed runs, undated records.
    assert {"gpt/4o-mini", "claude/haiku-4-5", "google/veo-3-t2v", "community/sdxl", "openai/gpt-image-2"} <= set(by_model)
    assert by_model["google/veo-3-t2v"][1] > 0
    assert native["undated_calls"] > 0
