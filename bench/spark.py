"""The Spark job (examples/spark/price_usage.py) in local[N] mode: records/s per core on the
generated records of tests/python/test_spark.py, beside `tariff usage` on the same records.
Run: .venv/bin/python bench/spark.py [records] [cores]   (after ./scripts/build-python.sh)"""

import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import time

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples" / "spark"))
sys.path.insert(0, str(ROOT / "tests" / "python"))
import price_usage  # noqa: E402
from test_spark import record  # noqa: E402

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
cores = int(sys.argv[2]) if len(sys.argv) > 2 else 2
os.environ["PYSPARK_PYTHON"] = sys.executable
from pyspark.sql import SparkSession  # noqa: E402

with tempfile.TemporaryDirectory() as d:
    r = random.Random(20261202)
    lines = [json.dumps(record(r, i)) for i in range(n)]
    pathlib.Path(d, "usage.jsonl").write_text("\n".join(lines) + "\n")
    pq.write_table(pa.table({"request": lines}), f"{d}/usage.parquet", row_group_size=100_000)
    t0 = time.perf_counter()
    subprocess.run([str(ROOT / "target/release/tariff"), "usage", f"{d}/usage.jsonl"], capture_output=True, check=True)
    cli = time.perf_counter() - t0
    spark = (SparkSession.builder.master(f"local[{cores}]").config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", str(2 * cores)).config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    spend = price_usage.spend(spark, f"{d}/usage.parquet")
    spend["by_model"].collect()  # warm-up: the JVM, the workers, the wheel's import
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        spend = price_usage.spend(spark, f"{d}/usage.parquet")
        spend["by_model"].collect()
        times.append(time.perf_counter() - t0)
    spark.stop()
    s = sorted(times)[1]
    print(f"Spark local[{cores}], {n:,} records: {s:.2f} s = {n / s / 1e6:.2f} M records/s, {n / s / cores / 1e6:.2f} M records/s per core")
    print(f"tariff usage on the same records (JSON lines, one process): {cli:.2f} s = {n / cli / 1e6:.2f} M records/s")
