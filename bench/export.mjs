// The per-token usage export bench/ab.mjs and bench/floor.mjs time: `n` records, 6 models,
// 30 days, token counts spread by two primes.
export const MODELS = ["gpt/4o", "claude/opus-4-7", "claude/sonnet-4-6", "gpt/4o-mini", "gemini/2.5-pro", "gpt/5"];

export function perTokenRecords(n) {
  return Array.from({ length: n }, (_, i) => ({
    model: MODELS[i % 6],
    at: `2026-05-${String(1 + (i % 30)).padStart(2, "0")}T12:00:00Z`,
    usage: { input_tokens: 500 + ((i * 7919) % 60000), output_tokens: 50 + ((i * 104729) % 6000) },
  }));
}
