// Type tests for pkg/tariff.d.ts, compiled with `tsc --noEmit --strict`: the lines under an
// expect-error directive must fail to type-check; everything else must pass.
import init, { Pricing, formatUsd, isTariffError, initSync, parseUsd, lineText } from "../../pkg/tariff.js";
import type {
  Estimate, LineItem, ModelListing, Breakdown, BudgetCheck, PricingRequest, TariffError, TariffErrorJson,
  ErrorCode, HardwareListing, CatalogDocument, Micros, UsageChunk, InputField,
} from "../../pkg/tariff.js";

export async function usage(bytes: Uint8Array, doc: CatalogDocument) {
  await init({ module_or_path: bytes });
  initSync({ module: bytes });
  const p = new Pricing();
  new Pricing(doc);
  new Pricing(JSON.stringify(doc));
  const req: PricingRequest = { model: "gpt/4o", usage: { input_tokens: 1, output_tokens: 2 }, downstream: [{ model: "openai/sora-2" }] };
  const e: Estimate = p.estimate(req);
  const all: Estimate[] = p.estimateAll([req, req]);
  const fromText: Estimate[] = p.estimateAll("[]");
  void [all, fromText];
  const total: Micros = e.total_micros;
  const item: LineItem | undefined = e.line_items[0];
  const models: ModelListing[] = p.models();
  const amount: number = models[0].pricing.amount;
  const shape: "per_token" | "per_unit" | "per_second" | "hardware" | "per_megapixel" | "conditional" = models[0].shape;
  const hw: HardwareListing[] = p.hardware();
  const b: Breakdown = p.usage([req]);
  const b2: Breakdown = p.usage("{}\n{}");
  const day: string = b.by_day[0].day;
  const check: BudgetCheck = p.checkBudget(req, { balance_micros: 5 });
  const allowed: boolean = check.allowed;
  // Bounds: limits in, bound and what a budget affords out.
  const bounded: Estimate = p.estimate({ model: "claude/opus-4-7", usage: { input_tokens: 5000 }, limits: { output_tokens: 64000 } });
  const most: Micros | null = bounded.bound_micros;
  const open: string[] = bounded.unbounded;
  const onBound: BudgetCheck = p.checkBudget(req, { balance_micros: 5, basis: "expected" });
  const room: number | null = onBound.affordable[0]?.max ?? null;
  const reserve: Micros | null = onBound.reserve_micros;
  // @ts-expect-error: a bound may be null, not a plain number
  const notNull: number = bounded.bound_micros;
  // @ts-expect-error: the basis is named
  p.checkBudget(req, { balance_micros: 5, basis: "worst" });
  void [most, open, room, reserve, notNull];
  const version: string = p.catalogVersion;
  const usd: string = formatUsd(total);
  try {
    p.estimate("{}");
  } catch (err) {
    if (isTariffError(err)) {
      const code: ErrorCode = err.code;
      const suggestions: string[] | undefined = err.suggestions;
      const asError: Error = err;
      const t: TariffError = err;
      const json: TariffErrorJson = err.toJSON();
      const field: string | undefined = json.field;
      void [code, suggestions, asError, t, field];
    }
  }
  // Pricing depth: token kinds, tools, a service tier, a time; tiers and price changes typed.
  p.estimate({ model: "openai/gpt-5", service_tier: "batch", at: new Date(),
    usage: { cache_write_5m_tokens: 1, reasoning_tokens: 2, web_searches: 1, tool_calls: 0 } });
  const tiers = doc.models[0].billing.shape === "per_token" ? doc.models[0].billing.context_tiers : undefined;
  const mode: "cliff" | "graduated" | undefined = tiers?.mode;
  const changes: string[] = (models[0].price_changes ?? []).map((c) => c.effective_from);
  // @ts-expect-error: rounding modes are named
  const r: NonNullable<ModelListing["billing"]["rounding"]> = { mode: "up", step: 1 };
  void [mode, changes, r];
  // @ts-expect-error: usage counts are numbers
  p.estimate({ model: "gpt/4o", usage: { input_tokens: "5" } });
  // @ts-expect-error: unknown status
  p.estimate({ status: "done" });
  // @ts-expect-error: results are typed, not any
  const wrong: string = e.total_micros;
  // @ts-expect-error: a budget needs a balance
  p.checkBudget(req, { limit_micros: 5 });
  // The call tree, projects, tallies, budget status and listing descriptors are typed.
  const sub: number = e.calls[0].subtotal_micros;
  const path: string = e.calls[0].path;
  const proj: string | null = p.usage([{ model: "gpt/4o", project: "web" }]).by_project[0].project;
  const t = p.tally();
  const chunk: UsageChunk = t.add('{"model":"gpt/4o"}\n');
  const costs: Float64Array = chunk.calls.micros;
  const projects: string[] = t.projects();
  const days: string[] = t.days();
  const spans: Uint32Array = chunk.start;
  const rateWords: string = lineText(e.line_items[0]).rate;
  const whole: Breakdown = t.finish();
  const remaining: number = p.budgetStatus({ balance_micros: 5, spent_micros: 1 }).remaining_micros;
  const micros: number = parseUsd("12.50");
  const kind: InputField["kind"] = models[0].inputs[0].kind;
  const runs: number | null | undefined = models[0].typical_run?.runs_per_dollar;
  // @ts-expect-error: a call's status is named
  const st: "done" = e.calls[0].status;
  const quote = p.quoter({ model: "gpt/4o" }, ["input_tokens", "output_tokens"]);
  const quoted: number = quote(1000, 500);
  // @ts-expect-error: a quote is a function of numbers
  quote("1000");
  void [days, spans, rateWords];
  void [sub, path, proj, costs, projects, whole, remaining, micros, kind, runs, st, quoted];
  void [item, amount, shape, hw, b2, day, allowed, version, usd, wrong];
}
