// Writes www/sample-usage.jsonl: a deterministic month (November 2026) of varied usage
// records across many models: agents calling media models, failed runs, hardware runs.
import { writeFileSync } from "node:fs";

let a = 20261101;
const rnd = () => {
  a = (a + 0x6d2b79f5) >>> 0;
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const tokens = ["claude/sonnet-4-6", "claude/sonnet-4-7", "claude/opus-4-7", "claude/haiku-4-5", "gpt/5", "gpt/5-mini", "gpt/4o", "gpt/4o-mini", "gemini/2.5-pro", "gemini/2.5-flash", "gemini/2.0-flash"];
const media = () => pick([
  { model: "openai/gpt-image-2", inputs: { quality: pick(["low", "medium", "high"]), size: pick(["1024x1024", "1536x1024"]) }, usage: { images: int(1, 4) } },
  { model: "google/veo-3-t2v", inputs: { duration: pick([4, 6, 8]), generate_audio: rnd() < 0.6 } },
  { model: "bytedance/seedance-2-fast-i2v", inputs: { duration: int(3, 10) } },
  { model: "bytedance/seedream-v4-edit", usage: { images: 1 } },
  { model: "kuaishou/kling-v3-t2v", inputs: { duration: 5, generate_audio: rnd() < 0.5 } },
  { model: "black-forest-labs/flux-2-pro-legacy", inputs: { width: pick([1024, 1536, 2048]), height: pick([768, 1024]) }, usage: { images: 1 } },
  { model: "skytells/truefusion", usage: { images: int(1, 3) } },
  { model: "skytells/truefusion-optima", usage: { seconds: Math.round(rnd() * 9000 + 500) / 1000 } },
  { model: "openai/sora-2", usage: { videos: 1 } },
]);
const PROJECTS = ["web-app", "batch-jobs", "research", "web-app", "batch-jobs", undefined];
const lines = [];
for (let day = 1; day <= 30; day++) {
  const n = int(60, 140);
  for (let i = 0; i < n; i++) {
    const at = `2026-11-${String(day).padStart(2, "0")}T${String(int(0, 23)).padStart(2, "0")}:${String(int(0, 59)).padStart(2, "0")}:${String(int(0, 59)).padStart(2, "0")}Z`;
    let r;
    const kind = rnd();
    if (kind < 0.62) {
      r = { model: pick(tokens), usage: { input_tokens: int(200, 60000), output_tokens: int(50, 6000) } };
      if (rnd() < 0.15) r.downstream = [media()];
    } else if (kind < 0.93) {
      r = media();
    } else if (rnd() < 0.3) {
      // A public model that calls others: a language model, then images.
      r = { model: "community/storyboard", usage: { seconds: int(10, 90) },
        downstream: [{ model: "claude/haiku-4-5", usage: { input_tokens: int(500, 8000), output_tokens: int(100, 2000) } },
          ...Array.from({ length: int(0, 4) }, () => ({ model: "openai/gpt-image-2", usage: { images: int(1, 2) } }))] };
    } else {
      r = { model: pick(["community/sdxl", "private/llama-3-70b", "finetune/flux-dev-lora"]), usage: { seconds: int(2, 40), setup_seconds: int(0, 20), idle_seconds: int(0, 60) } };
    }
    if (rnd() < 0.04) r.status = "failed";
    // Projects from the record's position, so the other fields keep their sequence.
    const project = PROJECTS[(day * 7 + i) % PROJECTS.length];
    lines.push(JSON.stringify({ id: `run_${day}_${i}`, at, ...(project ? { project } : {}), ...r }));
  }
}
writeFileSync(new URL("../www/sample-usage.jsonl", import.meta.url), lines.join("\n") + "\n");
console.log(`www/sample-usage.jsonl: ${lines.length} records`);
