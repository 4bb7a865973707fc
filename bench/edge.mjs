// The edge worker in workerd on 127.0.0.1: cold start (runtime start, then the first request,
// which loads the catalog) and requests per second on /v1/estimate under a bounded load
// (a fixed number of requests, a few in flight, a time cap). Run: node bench/edge.mjs
import { performance } from "node:perf_hooks";
import { startWorker } from "../tests/edge/start.mjs";

const TOTAL = Number(process.env.EDGE_REQUESTS ?? 20000);
const IN_FLIGHT = Number(process.env.EDGE_IN_FLIGHT ?? 16);
const TIME_CAP_MS = 30000;

const t0 = performance.now();
const worker = await startWorker();
const started = performance.now() - t0;
const body = JSON.stringify({ model: "claude/opus-4-7", usage: { input_tokens: 1234567, output_tokens: 89012 } });
const post = () => fetch(`${worker.url}/v1/estimate`, { method: "POST", body }).then((r) => r.json());
try {
  const t1 = performance.now();
  const first = await post();
  const firstMs = performance.now() - t1;
  if (first.total_micros !== 30233286) throw new Error(JSON.stringify(first));
  console.log(`cold    runtime start ${started.toFixed(0)} ms; first request (loads the catalog) ${firstMs.toFixed(1)} ms`);

  const latencies = [];
  let sent = 0;
  const deadline = performance.now() + TIME_CAP_MS;
  const tStart = performance.now();
  async function lane() {
    while (sent < TOTAL && performance.now() < deadline) {
      sent++;
      const t = performance.now();
      const r = await post();
      latencies.push(performance.now() - t);
      if (r.total_micros !== 30233286) throw new Error("wrong price under load");
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const secs = (performance.now() - tStart) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(2);
  console.log(`load    ${latencies.length} POST /v1/estimate, ${IN_FLIGHT} in flight: ${(latencies.length / secs).toFixed(0)} requests/s; latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
} finally {
  await worker.stop();
}
