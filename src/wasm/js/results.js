// Result objects and errors as the bindings hand them to JS (src/wasm/convert.rs).
// Result objects are built here, one call per object with every field as an argument: far
// fewer boundary crossings than setting fields one by one, and one object shape for V8.
export function makeItem(model, item, quantity, unit, rate, per, detail, micros) {
  return detail === undefined
    ? { model, item, quantity, unit, rate_micros: rate, rate_per: per, micros }
    : { model, item, quantity, unit, rate_micros: rate, rate_per: per, detail, micros };
}
export function makeEstimate(model, defaulted, version, sha256, total, usd, bound, boundUsd, items, calls, assumptions, open, unbounded) {
  return { model, defaulted, catalog_version: version, catalog_sha256: sha256, total_micros: total,
    total_usd: usd, bound_micros: bound ?? null, bound_usd: boundUsd ?? null, line_items: items,
    calls, assumptions, open, unbounded };
}
export function makeCall(path, model, status, subtotal, total, firstLine, lineCount) {
  return { path, model, status, subtotal_micros: subtotal, total_micros: total,
    first_line: firstLine, line_count: lineCount };
}
export function makeHardware(id, name, perSecondMicros, perHourMicros, perSecond, perHour, indicative) {
  return { id, name, price_per_second_micros: perSecondMicros, price_per_hour_micros: perHourMicros,
    per_second: perSecond, per_hour: perHour, indicative };
}
// A limit as JS holds it: seconds from milliseconds (an exact division, the double nearest the
// decimal, as the native engine writes it).
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

// The error of the engine's JSON details (`{code, message, ...}`).
export function makeError(detailsJson) {
  return new TariffError(JSON.parse(detailsJson));
}
// One chunk of a usage tally: its records' times and projects, and each billable call's
// record, model (index into models()), status (0 succeeded, 1 failed, 2 canceled) and cost.
export function makeChunk(records, record, model, status, micros, at, project) {
  return { records, calls: { record, model, status, micros }, at, project };
}
// A prepared quote as a plain function of its open quantities.
export function makeQuoter(quote, fields) {
  // Two plain numbers (input and output tokens, the common case) try the compiled quote, which
  // answers NaN where it cannot; the walk then answers, and checks and names every fault.
  // (A plain function, not a rest parameter: no array is made on the quick path.)
  if (fields === 2) {
    return function (a, b) {
      if (arguments.length === 2) {
        const total = quote.quote2(a, b);
        if (total === total) return total;
      }
      return quote.quoteAll(Array.from(arguments));
    };
  }
  return (...values) => quote.quoteAll(values);
}
