"""tariff from Python: estimates per second, usage records per second (from a list of dicts,
JSON-lines text and a path) and price_batch rows per second (columns, a JSON column), beside
the native CLI on the same export.
Run: .venv/bin/python bench/python.py   (after ./scripts/build-python.sh and cargo build --release)"""

import json
import pathlib
import subprocess
import tempfile
import time

import tariff

ROOT = pathlib.Path(__file__).resolve().parents[1]
MODELS = ["gpt/4o", "gpt/4o-mini", "claude/sonnet-4-6", "claude/haiku-4-5", "gemini/2.5-pro", "gemini/2.5-flash"]
N = 100_000


def best(f, rounds=5):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def main() -> None:
    p = tariff.Pricing()
    request = {"model": "claude/opus-4-7", "usage": {"input_tokens": 1001, "output_tokens": 999}}
    n = 20_000
    s = best(lambda: [p.estimate(request) for _ in range(n)])
    print(f"estimate(dict) -> dict: {s / n * 1e6:.2f} us a call")
    text = json.dumps(request)
    s = best(lambda: [p.estimate(text) for _ in range(n)])
    print(f"estimate(JSON text) -> dict: {s / n * 1e6:.2f} us a call")
    records = [
        {"model": MODELS[i % 6], "at": f"2026-11-{1 + i % 30:02d}T10:00:00Z",
         "usage": {"input_tokens": 500 + (i * 7919) % 60000, "output_tokens": 50 + (i * 104729) % 6000}}
        for i in range(N)
    ]
    jsonl = "".join(json.dumps(r) + "\n" for r in records)
    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "usage.jsonl"
        path.write_text(jsonl)
        for name, given in (("list of dicts", records), ("JSON-lines text", jsonl), ("path (stream)", path)):
            s = best(lambda: p.usage(given))
            print(f"usage({name}), {N:,} records: {s * 1e3:.1f} ms = {N / s / 1e6:.2f} M records/s")
        import pyarrow as pa

        columns = pa.record_batch({
            "model": [r["model"] for r in records],
            "at": [r["at"] for r in records],
            "input_tokens": [r["usage"]["input_tokens"] for r in records],
            "output_tokens": [r["usage"]["output_tokens"] for r in records],
        })
        s = best(lambda: p.price_batch(columns))
        print(f"price_batch(columns), {N:,} rows: {s * 1e3:.1f} ms = {N / s / 1e6:.2f} M rows/s")
        texts = pa.record_batch({"request": jsonl.splitlines()})
        s = best(lambda: p.price_batch(texts, json_column="request"))
        print(f"price_batch(JSON column), {N:,} rows: {s * 1e3:.1f} ms = {N / s / 1e6:.2f} M rows/s")
        cli = ROOT / "target" / "release" / "tariff"
        s = best(lambda: subprocess.run([str(cli), "usage", str(path)], capture_output=True, check=True))
        print(f"tariff usage (CLI, process included), same file: {s * 1e3:.1f} ms = {N / s / 1e6:.2f} M records/s")


main()
