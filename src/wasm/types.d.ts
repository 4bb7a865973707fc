
/** Whole micros: 1 USD = 1,000,000 micros. Always an integer in 0..=2^53-1. */
export type Micros = number;

/** The stable codes of every error tariff throws. */
export type ErrorCode =
  | "invalid_catalog"
  | "invalid_request"
  | "unknown_model"
  | "unsupported_input"
  | "overflow";

/** A tariff error's code and details: what `JSON.stringify({ error })` writes, the same
 * `error` object the CLI prints. */
export interface TariffErrorJson {
  code: ErrorCode;
  message: string;
  /** `invalid_request`, `unknown_model`, `unsupported_input`, `overflow`: the field at fault (`usage.seconds`). */
  field?: string;
  /** `invalid_catalog`: the JSON path of the first fault (`models[3].billing.input_per_million`). */
  path?: string;
  /** `unknown_model`: the slug asked for. */
  model?: string;
  /** `unknown_model`: every slug of the catalog, sorted. */
  available?: string[];
  /** `unknown_model`: the nearest slugs, best first. */
  suggestions?: string[];
  /** `unsupported_input`: the value given. */
  value?: string | number | boolean | null;
  /** `unsupported_input`: the values the model's table prices. */
  allowed?: Array<string | number | boolean>;
}

/** Every error tariff throws: a real `Error` (name `TariffError`) with a code and details. */
export interface TariffError extends Error, TariffErrorJson {
  name: "TariffError";
  message: string;
  /** `{code, message, ...details}` in the engine's order. */
  toJSON(): TariffErrorJson;
}

/** Measured (or expected) quantities of one run. Counts are whole numbers; seconds may have decimals (resolved to whole ms). */
export interface Usage {
  /** Plain (text) input tokens: cached, cache-write, image and audio tokens are reported apart. */
  input_tokens?: number;
  /** Output tokens, not counting reasoning tokens. */
  output_tokens?: number;
  /** Input tokens read from the prompt cache. */
  cached_input_tokens?: number;
  /** Input tokens written to the prompt cache for 5 minutes. */
  cache_write_5m_tokens?: number;
  /** Input tokens written to the prompt cache for 1 hour. */
  cache_write_1h_tokens?: number;
  image_input_tokens?: number;
  audio_input_tokens?: number;
  /** Reasoning tokens (billed at the output rate unless the model has its own). */
  reasoning_tokens?: number;
  /** Web searches made (where the model has a per-search fee). */
  web_searches?: number;
  /** Tool calls made (where the model has a per-tool-call fee). */
  tool_calls?: number;
  /** Active run time in seconds. */
  seconds?: number;
  setup_seconds?: number;
  idle_seconds?: number;
  images?: number;
  videos?: number;
  predictions?: number;
  calls?: number;
}

export type RunStatus = "succeeded" | "failed" | "canceled" | "cancelled";

/** A pricing request: the same JSON on every surface. */
export interface PricingRequest {
  /** A catalog slug; omitted bills the catalog's default model. */
  model?: string;
  /** What the caller passes to `media.run(model, inputs)` (`duration`, `width`, `quality`, ...). */
  inputs?: Record<string, unknown>;
  usage?: Usage;
  status?: RunStatus;
  /** Models this run called, billed on top (at most 8 levels deep). */
  downstream?: PricingRequest[];
  /** When the run happened (RFC 3339 text or a Date): picks the price in force then. Omitted: now. */
  at?: string | Date;
  /** `batch`, `flex`, `priority`, ... as the model's catalog entry names them; omitted or `standard` is standard. */
  service_tier?: string;
  /** The project the run is billed to (usage records); breakdowns sum `by_project`. */
  project?: string;
  /**
   * The most the job may use of each quantity, keyed as `usage` (seconds as seconds):
   * `output_tokens` caps output and reasoning together (a provider's `max_tokens`),
   * `input_tokens` the whole prompt. A limit makes its quantity open: `usage` is then what is
   * expected, and `bound_micros` prices the limit. A limit below `usage` is `invalid_request`.
   */
  limits?: Usage;
  /** The caller's id; never read. */
  id?: string | number;
}

/** A usage record: a billed request, usually with `at`. */
export type UsageRecord = PricingRequest;

export interface LineItem {
  model: string;
  item: string;
  quantity: number;
  unit: string;
  rate_micros: Micros;
  rate_per: number;
  detail?: string;
  micros: Micros;
}

/** A line item's quantity and rate in words (`lineText`). */
export interface LineText {
  /** `1,500 tokens`, `12.5 s`, `2.097152 MP`, `3 images`. */
  quantity: string;
  /** `$3.00 / 1M tokens`, `$0.0014 / second`, `$0.04 / image`, `$0.000005 / 3 tokens`. */
  rate: string;
}

/** An open quantity at the most the bound priced it. */
export interface OpenQuantity {
  /** `usage.output_tokens` (output and reasoning together), `usage.input_tokens` (the whole prompt), `downstream[0].usage.seconds`, ... */
  field: string;
  /** The most it may be (seconds as seconds). */
  max: number;
  /** The request's `limits`, the catalog's, or what usage gives (above the catalog's limit). */
  from: "request" | "catalog" | "usage";
}

/** One call of a request's call tree. */
export interface CallCost {
  /** `""` for the root, `downstream[0]`, `downstream[0].downstream[1]`. */
  path: string;
  model: string;
  status: "succeeded" | "failed" | "canceled";
  /** Its own line items (fees and minimum included). */
  subtotal_micros: Micros;
  /** Its subtotal and every call below it. */
  total_micros: Micros;
  /** Its line items are `line_items.slice(first_line, first_line + line_count)`. */
  first_line: number;
  line_count: number;
}

export interface Estimate {
  model: string;
  defaulted: boolean;
  catalog_version: string;
  /** SHA-256 (lowercase hex) of the catalog's bytes. */
  catalog_sha256: string;
  total_micros: Micros;
  total_usd: string;
  /**
   * The most the request can cost: every open quantity (output tokens, run time, searches, ...)
   * at its limit (the request's, else the catalog's), downstream calls included. `null` when
   * some open quantity has no limit: `unbounded` says which.
   */
  bound_micros: Micros | null;
  bound_usd: string | null;
  line_items: LineItem[];
  /** The call tree: the root, then each downstream call after its caller. Subtotals add up to `total_micros`. */
  calls: CallCost[];
  /** Every default or typical value used, anything not billed, and each catalog limit the bound used. */
  assumptions: string[];
  /** The quantities the run decides (or the request limits), each at the most the bound priced it. */
  open: OpenQuantity[];
  /** Open quantities without any limit (`downstream[0].usage.output_tokens: no limit in the request or the catalog`). */
  unbounded: string[];
}

export type BillingShape =
  | "per_token"
  | "per_unit"
  | "per_second"
  | "hardware"
  | "per_megapixel"
  | "conditional";

/** Micros per 1,000,000 tokens of each kind. */
export interface TokenRates {
  input_per_million: Micros;
  output_per_million: Micros;
  cached_input_per_million?: Micros;
  cache_write_5m_per_million?: Micros;
  cache_write_1h_per_million?: Micros;
  image_input_per_million?: Micros;
  audio_input_per_million?: Micros;
  /** Omitted: reasoning tokens take the output rate. */
  reasoning_per_million?: Micros;
}
/** Keys any billing shape may add. */
export interface BillingExtras {
  /** Flat fees, micros each. */
  fees?: { per_request?: Micros; per_web_search?: Micros; per_tool_call?: Micros };
  /** The least a succeeded call pays. */
  minimum_micros?: Micros;
  /** Metered quantities rounded to steps of `step` (seconds, megapixels per image, tokens) before pricing. */
  rounding?: { mode: "none" } | { mode: "ceiling" | "floor" | "half_up"; step: number };
  /** Tiers besides standard: a percentage of the standard rates, or a billing of their own. */
  service_tiers?: Record<string, { percent: number } | { billing: Billing }>;
}
export interface PerTokenBilling extends TokenRates, BillingExtras {
  shape: "per_token";
  /** cliff: above a threshold every token takes the tier's rates; graduated: each band at its own. */
  context_tiers?: {
    mode: "cliff" | "graduated";
    tiers: Array<TokenRates & { above_input_tokens: number }>;
  };
}
export interface PerUnitBilling extends BillingExtras {
  shape: "per_unit";
  unit: "call" | "image" | "video" | "prediction";
  price: Micros;
}
export interface PerSecondBilling extends BillingExtras {
  shape: "per_second";
  basis: "inference_time" | "duration";
  price_per_second: Micros;
  typical_seconds?: number;
  default_duration?: number;
  unit_label?: string;
  /** A flat fee that includes the first `included_seconds`; `price_per_second` is then per extra second. */
  base_price?: Micros;
  included_seconds?: number;
}
export interface HardwareBilling extends BillingExtras {
  shape: "hardware";
  hardware: string;
  deployment: "public" | "private" | "fast_booting";
  typical_seconds: number;
}
export interface PerMegapixelBilling extends BillingExtras {
  shape: "per_megapixel";
  price_per_megapixel: Micros;
  default_width: number;
  default_height: number;
}
export type TableValue = string | number | boolean;
export interface ConditionalBilling extends BillingExtras {
  shape: "conditional";
  per: "call" | "image" | "video" | "prediction" | "second";
  default_duration?: number;
  inputs: Array<
    | { name: string; values: TableValue[]; default: TableValue }
    | { name: string; presence_of: string }
  >;
  rates: Array<{ when: Record<string, TableValue>; price: Micros }>;
}
export type Billing =
  | PerTokenBilling
  | PerUnitBilling
  | PerSecondBilling
  | HardwareBilling
  | PerMegapixelBilling
  | ConditionalBilling;

/** The headline price, as a `/v1/models` listing has it. */
export interface PriceTag {
  /** Dollars (display only; `amount_micros` is exact). */
  amount: number;
  currency: "USD";
  unit: string;
  amount_micros: Micros;
}

/** What names a model, in a listing and in a catalog alike. */
export interface ModelIdentity {
  slug: string;
  name: string;
  family: string;
  provider: string;
  surface: string;
  kind: string;
  notes?: string;
}

export interface ModelListing extends ModelIdentity {
  indicative: boolean;
  default: boolean;
  shape: BillingShape;
  billing: Billing;
  /** `$3.60 / 1M input tokens · $18.00 / 1M output tokens` (the price in force now) */
  price: string;
  pricing: PriceTag;
  /** Price changes still to come, oldest first. */
  price_changes?: Array<{ effective_from: string; price: string; price_lines: string[]; billing: Billing }>;
  /** The model's hard caps (keyed as usage, seconds as seconds), which bound requests without limits. */
  limits?: Usage & { indicative?: boolean };
  /** The price as exact lines, one rate, fee or rule each (`$0.125 / 1M cached input tokens`). */
  price_lines: string[];
  /** The inputs a request of it takes, in form order. */
  inputs: InputField[];
  /** For hardware-billed models: which run times are billed, in words. */
  deployment_rule?: string;
  /** For time- and hardware-billed models: a typical run and what it costs. */
  typical_run?: TypicalRun;
  /** The models a run of it may call. */
  downstream?: Array<{ model: string; max_calls: number | null; limits?: Usage }>;
  versions?: ModelVersion[];
}

/** One input of a request, as a form shows it. */
export interface InputField {
  /** `usage.input_tokens`, `inputs.quality`, `limits.seconds`, `service_tier`, `at`. */
  field: string;
  label: string;
  kind: "count" | "seconds" | "choice" | "presence" | "time";
  /** What the engine uses when it is not given; `null`: nothing (or, for a limit, no cap). */
  default: TableValue | null;
  /** The allowed values of a `choice`. */
  options?: TableValue[];
  /** Whether empty leaves a quantity open (a limit). */
  optional: boolean;
}
export interface TypicalRun {
  hardware?: string;
  /** The catalog's typical run time, in seconds. */
  seconds: number;
  micros: Micros;
  usd: string;
  /** Whole typical runs one dollar buys; `null` when a run costs nothing. */
  runs_per_dollar: number | null;
}
export interface ModelVersion {
  id: string;
  /** RFC 3339. */
  created: string;
  /** A fast-booting fine-tune: billed for active time only. */
  fast_booting: boolean;
}

export interface HardwareListing {
  id: string;
  name: string;
  price_per_second_micros: Micros;
  price_per_hour_micros: Micros;
  per_second: string;
  per_hour: string;
  indicative: boolean;
}

export interface ModelSpend {
  model: string;
  calls: number;
  free_calls: number;
  micros: Micros;
}
export interface DaySpend {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  calls: number;
  micros: Micros;
  by_model: Array<{ model: string; micros: Micros }>;
}
export interface ProjectSpend {
  project: string | null;
  records: number;
  calls: number;
  micros: Micros;
}
export interface Breakdown {
  catalog_version: string;
  catalog_sha256: string;
  records: number;
  total_micros: Micros;
  total_usd: string;
  calls: number;
  free_calls: number;
  by_model: ModelSpend[];
  by_day: DaySpend[];
  /** Spend by the records' `project`, largest first; records without one last (`project: null`). */
  by_project: ProjectSpend[];
  undated_micros: Micros;
  undated_calls: number;
}

export interface Budget {
  balance_micros: Micros;
  limit_micros?: Micros;
  spent_micros?: Micros;
  early_charge_thresholds_micros?: Micros[];
  /** What the check decides on: the bound (default: nothing that passes can overspend) or the expected cost. */
  basis?: "bound" | "expected";
}
/** How far one open quantity of the root call may go within what remains. */
export interface Affordable {
  /** The limit's field: `limits.output_tokens`, `limits.seconds`, ... */
  field: string;
  /** The largest limit whose bound still fits (seconds as seconds); `null` when none does. */
  max: number | null;
}
export interface BudgetCheck {
  /** Whether the cost on `basis` fits what remains. */
  allowed: boolean;
  basis: "bound" | "expected";
  /** The expected cost (the estimate's `total_micros`). */
  estimate_micros: Micros;
  bound_micros: Micros | null;
  /** What to hold while the job runs: the cost on `basis`; `null` when unbounded. */
  reserve_micros: Micros | null;
  remaining_micros: Micros;
  /** How much the reserve exceeds what remains; `null` when unbounded. */
  shortfall_micros: Micros | null;
  /** Why it may not run (absent when allowed). */
  reason?: string;
  /** For each open quantity of the root call, the largest limit that fits what remains. */
  affordable: Affordable[];
  early_charge_thresholds_crossed: Micros[];
  estimate: Estimate;
}

/** One chunk of `UsageTally.add`: its billable calls as columns, and its records' times and projects. */
export interface UsageChunk {
  /** Records in the chunk. */
  records: number;
  calls: {
    /** The record of each call, counted from the export's first record. */
    record: Uint32Array;
    /** The model, as its index in `models()`. */
    model: Uint32Array;
    /** 0 succeeded, 1 failed, 2 canceled. */
    status: Uint8Array;
    /** The call's own cost (its subtotal). */
    micros: Float64Array;
  };
  /** Each record's `at`, ms since the epoch (`NaN`: none). */
  at: Float64Array;
  /** Each record's project: 0 none, else 1 + its index in `projects()`. */
  project: Uint32Array;
  /** Each record's UTC day: 0 none (no `at`), else 1 + its index in `days()`. */
  day: Uint32Array;
  /** Where each record's text starts in the chunk's UTF-8 (a byte offset). */
  start: Uint32Array;
  /** Where it ends (exclusive). */
  end: Uint32Array;
  /** The chunk's length in UTF-8 bytes. */
  bytes: number;
}

/** Where a project stands after what it has spent (`budget.spent_micros`). */
export interface BudgetStatus {
  balance_micros: Micros;
  limit_micros: Micros | null;
  spent_micros: Micros;
  /** `min(balance, limit − spent)`, floored at zero. */
  remaining_micros: Micros;
  /** How far spend is past the limit (0 within it). */
  over_limit_micros: Micros;
  /** Thresholds the spend crossed (`0 < t <= spent`), lowest first. */
  early_charge_thresholds_crossed: Micros[];
}

export interface HardwareTierDocument {
  id: string;
  name: string;
  price_per_second: Micros;
  indicative?: boolean;
}
export interface ModelDocument extends ModelIdentity {
  indicative?: boolean;
  billing: Billing;
  /** Later prices: from `effective_from` (RFC 3339) on, `billing` replaces the model's. */
  price_changes?: Array<{ effective_from: string; billing: Billing }>;
  /** Hard caps of what a run decides (keyed as usage), bounding requests that give no limit. */
  limits?: Usage & { indicative?: boolean };
  /** The models a run of it may call: slugs, or with the most calls a run makes and their limits. */
  downstream?: Array<string | { model: string; max_calls?: number; limits?: Usage }>;
  versions?: Array<{ id: string; created: string; fast_booting?: boolean }>;
}
/** A catalog document (`catalog.json`, see catalog.schema.json). */
export interface CatalogDocument {
  $schema?: string;
  version: string;
  currency?: "USD";
  default_model: string;
  early_charge_thresholds_micros?: Micros[];
  hardware: HardwareTierDocument[];
  models: ModelDocument[];
}
