// The Usage tab's worker: reads a usage export as a stream, prices it in chunks with the
// engine's tally (whole lines, about 1 MB at a time), keeps each billable call in typed
// arrays (no record text is held: a record's bytes are re-read from the file when its job
// detail is opened), and answers the page's queries: a filtered, sorted selection of the
// calls, a window of its rows, a CSV of it, one record's text. The page's thread only draws.
import init, { Pricing, formatUsd } from "../../pkg/tariff.js";
import { csvLine } from "./dom.js";

const CHUNK = 1 << 20;
let ready = null;
let pricing = null;
let slugs = [];
let data = null;
let selection = new Uint32Array(0);

/** A growable typed array. */
class Column {
  constructor(Type) {
    this.Type = Type;
    this.a = new Type(1024);
    this.n = 0;
  }
  push(values) {
    if (this.n + values.length > this.a.length) {
      const b = new this.Type(Math.max(this.a.length * 2, this.n + values.length));
      b.set(this.a.subarray(0, this.n));
      this.a = b;
    }
    this.a.set(values, this.n);
    this.n += values.length;
  }
  get(i) {
    return this.a[i];
  }
  /** Gives back the room grown for but not used. */
  trim() {
    this.a = this.a.slice(0, this.n);
  }
}

async function start() {
  await init();
  const res = await fetch(new URL("../../catalog.json", import.meta.url));
  pricing = new Pricing(await res.text());
  slugs = pricing.models().map((m) => m.slug);
}

const post = (msg, transfer) => postMessage(msg, transfer ?? []);
const fault = (e) => ({ code: e?.code, field: e?.field ?? e?.path, message: String(e?.message ?? e) });

let loads = 0;

async function load(file) {
  // A new export replaces the one being read: the older load stops at its next chunk.
  const mine = ++loads;
  data = null;
  selection = null;
  ready ??= start();
  await ready;
  const t0 = performance.now();
  const tally = pricing.tally();
  const calls = { record: new Column(Uint32Array), model: new Column(Uint32Array), status: new Column(Uint8Array), micros: new Column(Float64Array) };
  const recs = { at: new Column(Float64Array), project: new Column(Uint32Array), day: new Column(Uint32Array), start: new Column(Float64Array), end: new Column(Float64Array) };
  // The bytes as they are (a byte-order mark kept): the engine reads them as `tariff usage`
  // does, and each record's byte range in a chunk is its range in the file.
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const reader = file.stream().getReader();
  let carry = new Uint8Array(0);
  let offset = 0; // bytes of the file before `carry`
  let read = 0;
  let records = 0;
  let pending = [];
  let pendingBytes = 0;
  let array = null;
  const price = (bytes, base) => {
    const chunk = tally.add(decoder.decode(bytes));
    // Where each record is in the file, from the engine's own reading of the chunk: exact
    // while the chunk's text is its bytes (valid UTF-8); a chunk that is not has no offsets
    // (NaN), and only its records have no job detail.
    const exact = chunk.bytes === bytes.length;
    recs.start.push(Float64Array.from(chunk.start, (x) => (exact ? x + base : NaN)));
    recs.end.push(Float64Array.from(chunk.end, (x) => (exact ? x + base : NaN)));
    calls.record.push(chunk.calls.record);
    calls.model.push(chunk.calls.model);
    calls.status.push(chunk.calls.status);
    calls.micros.push(chunk.calls.micros);
    recs.at.push(chunk.at);
    recs.project.push(chunk.project);
    recs.day.push(chunk.day);
    records += chunk.records;
  };
  const flush = () => {
    if (!pendingBytes) return;
    const bytes = new Uint8Array(pendingBytes);
    let k = 0;
    for (const p of pending) {
      bytes.set(p, k);
      k += p.length;
    }
    const base = offset - pendingBytes;
    pending = [];
    pendingBytes = 0;
    price(bytes, base);
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (mine !== loads) {
      reader.cancel();
      tally.free();
      return;
    }
    if (done) break;
    read += value.byteLength;
    if (array) {
      array.push(value);
      continue;
    }
    let buf = value;
    if (carry.length) {
      buf = new Uint8Array(carry.length + value.length);
      buf.set(carry);
      buf.set(value, carry.length);
    }
    if (read === value.byteLength) {
      // A JSON array (not JSON lines) is read whole: it cannot be cut at line ends.
      const first = buf.find((c) => c !== 32 && c !== 9 && c !== 10 && c !== 13);
      if (first === 91) {
        array = [buf];
        continue;
      }
    }
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      carry = buf;
      continue;
    }
    pending.push(buf.subarray(0, last + 1));
    pendingBytes += last + 1;
    offset += last + 1;
    carry = buf.subarray(last + 1);
    if (pendingBytes >= CHUNK) {
      flush();
      post({ type: "progress", read, size: file.size, records });
    }
  }
  if (array) {
    // The whole array, priced as one chunk: every item a record with its calls and its
    // place in the file, as for JSON lines.
    const whole = new Uint8Array(read);
    let k = 0;
    for (const p of array) {
      whole.set(p, k);
      k += p.length;
    }
    array = null;
    price(whole, 0);
  }
  flush();
  if (carry.length) {
    offset += carry.length;
    pendingBytes = carry.length;
    pending = [carry];
    flush();
  }
  const breakdown = tally.finish();
  for (const c of [...Object.values(calls), ...Object.values(recs)]) c.trim();
  data = { file, calls, recs, projects: tally.projects(), days: tally.days() };
  // What this worker priced and holds, for the end-to-end test to see that the worker (not
  // the page) did it, and in how much memory.
  self.tariffPriced = { records, calls: calls.record.n, bytes: read };
  self.tariffHeld = () => ({ calls, recs });
  selection = null;
  post({ type: "progress", read, size: file.size, records });
  post({ type: "done", breakdown, projects: data.projects, calls: true, ms: performance.now() - t0 });
}

/** The calls that pass `filter`, in `sort` order, as indices. */
function select(filter, sort) {
  const { calls, recs } = data;
  const n = calls.record.n;
  const out = new Uint32Array(n);
  let k = 0;
  const model = filter.model === "" ? -1 : slugs.indexOf(filter.model);
  // Days and projects as the engine numbered them: 0 none, else 1 + the index.
  // "none": the records without a time (day 0).
  const day = filter.day === "" ? -1 : filter.day === "none" ? 0 : data.days.indexOf(filter.day) + 1;
  const project = filter.project === "" ? -1 : filter.project === "none" ? 0 : data.projects.indexOf(filter.project.slice(2)) + 1;
  const status = filter.status === "" ? -1 : Number(filter.status);
  // A model or project the export does not have: nothing passes.
  if ((filter.model !== "" && model < 0) || (project === 0 && filter.project !== "none") || (day === 0 && filter.day !== "none")) return out.subarray(0, 0);
  for (let i = 0; i < n; i++) {
    const r = calls.record.a[i];
    if (model >= 0 && calls.model.a[i] !== model) continue;
    if (status >= 0 && calls.status.a[i] !== status) continue;
    if (project >= 0 && recs.project.a[r] !== project) continue;
    if (day >= 0 && recs.day.a[r] !== day) continue;
    out[k++] = i;
  }
  const sel = out.slice(0, k);
  const at = (i) => {
    const t = recs.at.a[calls.record.a[i]];
    return Number.isNaN(t) ? Infinity : t;
  };
  const cmp = {
    time: (a, b) => at(a) - at(b) || a - b,
    "-time": (a, b) => at(b) - at(a) || a - b,
    cost: (a, b) => calls.micros.a[a] - calls.micros.a[b] || a - b,
    "-cost": (a, b) => calls.micros.a[b] - calls.micros.a[a] || a - b,
  }[sort] ?? ((a, b) => a - b);
  sel.sort(cmp);
  return sel;
}

const STATUS = ["succeeded", "failed", "canceled"];

function row(i) {
  const { calls, recs, projects } = data;
  const r = calls.record.a[i];
  const at = recs.at.a[r];
  const p = recs.project.a[r];
  const micros = calls.micros.a[i];
  return {
    call: i, record: r, at: Number.isNaN(at) ? null : new Date(at).toISOString().replace(".000", ""),
    model: slugs[calls.model.a[i]], project: p ? projects[p - 1] : null, status: STATUS[calls.status.a[i]],
    micros, usd: formatUsd(micros),
  };
}

function csv(sel) {
  const out = [csvLine(["record", "time", "model", "project", "status", "micros", "usd"])];
  for (const i of sel) {
    const r = row(i);
    out.push(csvLine([r.record, r.at, r.model, r.project, r.status, r.micros, r.usd]));
  }
  return out.join("");
}

onmessage = async ({ data: msg }) => {
  try {
    switch (msg.type) {
      case "listing": {
        // The catalog's listing for the pricing page, built here so that a catalog of
        // thousands of models never blocks the page's thread.
        ready ??= start();
        await ready;
        post({ type: "listing", id: msg.id, models: JSON.stringify(pricing.models()), hardware: pricing.hardware(),
          version: pricing.catalogVersion, defaultModel: pricing.defaultModel });
        break;
      }
      case "load":
        await load(msg.file);
        break;
      case "load-url": {
        const res = await fetch(msg.url);
        if (!res.ok) throw new Error(`${msg.url}: HTTP ${res.status}`);
        await load(new File([await res.blob()], msg.url.split("/").pop()));
        break;
      }
      case "select":
        if (!data) throw new Error("no export with calls is loaded");
        selection = select(msg.filter, msg.sort);
        post({ type: "selected", id: msg.id, count: selection.length });
        break;
      case "rows": {
        if (!selection) throw new Error("no selection of calls (an export is being read)");
        const rows = [];
        for (let k = msg.from; k < Math.min(msg.to, selection.length); k++) rows.push(row(selection[k]));
        post({ type: "rows", id: msg.id, from: msg.from, rows });
        break;
      }
      case "csv":
        if (!selection) throw new Error("no selection of calls (an export is being read)");
        post({ type: "csv", id: msg.id, text: csv(selection) });
        break;
      case "record": {
        if (!data || !Number.isInteger(msg.record) || msg.record < 0 || msg.record >= data.recs.start.n) {
          throw new Error(`record ${msg.record} is not in the loaded export`);
        }
        const [from, to] = [data.recs.start.get(msg.record), data.recs.end.get(msg.record)];
        if (Number.isNaN(from)) throw new Error(`record ${msg.record} cannot be found again in the file: its part of the file is not UTF-8 text`);
        const text = await data.file.slice(from, to).text();
        post({ type: "record", id: msg.id, text });
        break;
      }
      default:
        throw new Error(`unknown message ${msg.type}`);
    }
  } catch (e) {
    post({ type: "error", id: msg.id, error: fault(e) });
  }
};
