// `tariff usage` reading a JSON-lines export from stdin as a stream: records/s and the peak
// resident memory of the process for exports of 1,000,000 and 10,000,000 records (about 106 MB
// and 1.06 GB), generated as they are written (nothing held here either).
// Run: node bench/stream.mjs [records...]   (after cargo build --release)
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "target/release/tariff");
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const MODELS = ["gpt/4o", "gpt/4o-mini", "claude/sonnet-4-6", "claude/haiku-4-5", "gemini/2.5-pro", "gemini/2.5-flash"];

const line = (i) =>
  `{"model":"${MODELS[i % 6]}","at":"2026-11-${String(1 + (i % 30)).padStart(2, "0")}T10:00:00Z",` +
  `"project":"p${i % 7}","usage":{"input_tokens":${500 + ((i * 7919) % 60000)},"output_tokens":${50 + ((i * 104729) % 6000)}}}\n`;

// The peak resident set (VmHWM) of a live process, in kB; 0 once it is gone.
function peak(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function run(n) {
  const child = spawn(cli, ["usage"], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  let hwm = 0;
  const poll = setInterval(() => (hwm = Math.max(hwm, peak(child.pid))), 10);
  const done = new Promise((resolve) => child.on("close", resolve));
  const t0 = performance.now();
  let bytes = 0;
  for (let i = 0; i < n; ) {
    let chunk = "";
    for (const end = Math.min(n, i + 20000); i < end; i++) chunk += line(i);
    bytes += chunk.length;
    if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once("drain", r));
    hwm = Math.max(hwm, peak(child.pid));
  }
  child.stdin.end();
  const code = await done;
  clearInterval(poll);
  const s = (performance.now() - t0) / 1000;
  const breakdown = JSON.parse(out);
  if (code !== 0 || breakdown.records !== n) throw new Error(`exit ${code}, ${breakdown.records} records`);
  console.log(
    `${n.toLocaleString("en")} records (${(bytes / 1e6).toFixed(0)} MB): ${s.toFixed(2)} s, ` +
      `${(n / s / 1e6).toFixed(2)} M records/s (generator included), peak resident ${(hwm / 1024).toFixed(1)} MB`,
  );
}

for (const n of sizes.length ? sizes : [1_000_000, 10_000_000]) await run(n);
