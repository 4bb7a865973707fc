// Result objects and errors as the bindings hand them to JS (src/wasm/convert.rs); estimates
// are built by wire.js. Result objects are built here, one call per object with every field
// as an argument: far fewer boundary crossings than setting fields one by one, and one object
// shape for V8.
export function makeHardware(id, name, perSecondMicros, perHourMicros, perSecond, perHour, indicative) {
  return { id, name, price_per_second_micros: perSecondMicros, price_per_hour_micros: perHourMicros,
    per_second: perSecond, per_hour: perHour, indicative };
}
// A limit as JS holds it: seconds from milliseconds (an exact division, the double nearest the
// decimal, as the native engine writes it).
export function makeLineText(quantity, rate) {
  return { quantity, rate };
}

export function makeLimit(field, raw, from) {
  const max = raw === undefined ? null : field.endsWith("seconds") ? raw / 1000 : raw;
  return from === undefined ? { field, max } : { field, max, from };
}
export function makeBudget(allowed, basis, estimateMicros, bound, reserve, remaining, shortfall, reason, affordable, crossed, estimate) {
  const check = { allowed, basis, estimate_micros: estimateMicros, bound_micros: bound ?? null,
    reserve_micros: reserve ?? null, remaining_micros: remaining, shortfall_micros: shortfall ?? null };
  if (reason !== undefined) check.reason = reason;
  check.affordable = affordable;
  check.early_charge_thresholds_crossed = crossed;
  check.estimate = estimate;
  return check;
}

// The detail fields of an error, in the order the engine writes them.
const DETAILS = ["field", "path", "model", "available", "suggestions", "value", "allowed"];

// What every tariff function throws: an Error named TariffError with the engine's `code`,
// `message` and detail fields. `toJSON` gives `{code, message, ...details}` in the engine's
// order, the `error` object the CLI prints, so `JSON.stringify({ error })` is the same on
// every surface.
export class TariffError extends Error {
  constructor(details) {
    super(details.message);
    this.name = "TariffError";
    Object.assign(this, details);
  }
  toJSON() {
    const out = { code: this.code, message: this.message };
    for (const k of DETAILS) if (k in this) out[k] = this[k];
    return out;
  }
}

// Whether `v` is an Error; false for a Proxy whose prototype trap throws (a predicate never
// throws).
export function isError(v) {
  try {
    return v instanceof Error;
  } catch {
    return false;
  }
}

// The error of the engine's JSON details (`{code, message, ...}`).
export function makeError(detailsJson) {
  return new TariffError(JSON.parse(detailsJson));
}
// One chunk of a usage tally: its records' times and projects, and each billable call's
// record, model (index into models()), status (0 succeeded, 1 failed, 2 canceled) and cost.
export function makeChunk(records, record, model, status, micros, at, project, day, start, end, bytes) {
  return { records, calls: { record, model, status, micros }, at, project, day, start, end, bytes };
}
// A prepared quote as a plain function of its open quantities.
export function makeQuoter(quote, fields) {
  // Two plain numbers (input and output tokens, the common case) try the compiled quote, which
  // answers NaN where it cannot; the walk then answers, and checks and names every fault.
  // (A plain function, not a rest parameter: no array is made on the quick path.)
  if (fields === 2) {
    return function (a, b) {
      // Only numbers: wasm would coerce a string ("5") to one.
      if (arguments.length === 2 && typeof a === "number" && typeof b === "number") {
        const total = quote.quote2(a, b);
        if (total === total) return total;
      }
      return quote.quoteAll(Array.from(arguments));
    };
  }
  return (...values) => quote.quoteAll(values);
}
