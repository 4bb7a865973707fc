// The bindings' own JavaScript (src/wasm/js/), tested on its own, without the wasm module:
// SHA-256 against node:crypto and the NIST vectors, the value walk that decides what may
// cross as JSON text, the long-text transfer, the quick writer into the engine's memory, and
// the error's JSON form.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { sha256Hex } from "../../src/wasm/js/sha256.js";
import { jsonText, take, forget, SHORT, MAX_DEPTH } from "../../src/wasm/js/transfer.js";
import { makeError, TariffError } from "../../src/wasm/js/results.js";
import { wireContext, wireWrite } from "../../src/wasm/js/wire.js";

const nodeSha = (text) => createHash("sha256").update(text, "utf8").digest("hex");

test("SHA-256: the NIST vectors (FIPS 180-4 examples)", () => {
  assert.equal(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(
    sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
  assert.equal(
    sha256Hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
  );
  assert.equal(sha256Hex("a".repeat(1_000_000)), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
});

test("SHA-256: every length 0-200 (each padding case) and multi-byte UTF-8, as node:crypto", () => {
  for (let n = 0; n <= 200; n++) {
    const text = Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7 + n) % 90))).join("");
    assert.equal(sha256Hex(text), nodeSha(text), `length ${n}`);
  }
  for (const text of ["é", "€uro", "日本語のカタログ", "🎉 emoji", "a\u0000b"]) {
    assert.equal(sha256Hex(text), nodeSha(text), text);
  }
});

test("the walk: plain values cross as their JSON.stringify text", () => {
  const value = { model: "gpt/4o", usage: { input_tokens: 1001, output_tokens: 0 }, inputs: { a: [1, true, null, "x"] } };
  assert.equal(jsonText(value), JSON.stringify(value));
  // undefined is absent and -0 is 0, as JSON.stringify writes them.
  assert.equal(jsonText({ a: undefined, b: -0 }), '{"b":0}');
  // A valid Date is its ISO time (its toJSON).
  assert.equal(jsonText({ at: new Date(Date.UTC(2026, 10, 3)) }), '{"at":"2026-11-03T00:00:00.000Z"}');
});

test("the walk: what JSON.stringify would write unfaithfully is refused, naming the path", () => {
  const cases = [
    [{ usage: { input_tokens: NaN } }, "usage.input_tokens", /NaN/],
    [{ usage: { output_tokens: Infinity } }, "usage.output_tokens", /finite/],
    [{ usage: { input_tokens: 1n } }, "usage.input_tokens", /BigInt/],
    [{ inputs: { f() {} } }, "inputs.f", /function/],
    [{ usage: new Map() }, "usage", /Map/],
    [{ downstream: [{}, { s: new Set() }] }, "downstream[1].s", /Set/],
    [{ at: new Date(NaN) }, "at", /invalid Date/],
    [[1, 2, Symbol("x")], "[2]", /symbol/],
    [NaN, "", /NaN/],
  ];
  for (const [value, path, message] of cases) {
    const out = jsonText(value);
    assert.ok(Array.isArray(out), `${path}: ${out}`);
    assert.equal(out[0], path);
    assert.match(out[1], message);
  }
});

test("the walk: cycles, throwing getters and toJSON, and nesting past the limit", () => {
  const cyclic = { inputs: {} };
  cyclic.inputs.self = cyclic;
  assert.deepEqual(jsonText(cyclic).slice(0, 1), ["inputs.self"]);
  assert.match(jsonText(cyclic)[1], /contains itself/);
  const getter = { usage: {} };
  Object.defineProperty(getter.usage, "images", { enumerable: true, get() { throw new Error("boom"); } });
  assert.deepEqual(jsonText(getter), ["usage.images", "cannot be read (its getter threw)"]);
  assert.match(jsonText({ a: { toJSON() { throw new Error("no"); } } })[1], /toJSON threw/);
  // toJSON is checked as JSON.stringify calls it: with its key (the name, the index as text,
  // "" for the whole), and what it returns written as it is (not converted again).
  const keyed = { price: { toJSON: (k) => (k === "price" ? 5 : NaN) }, list: [{ toJSON: (k) => `${k}!` }] };
  assert.equal(jsonText(keyed), '{"price":5,"list":["0!"]}');
  assert.equal(jsonText({ toJSON: (k) => ({ root: k }) }), '{"root":""}');
  assert.deepEqual(jsonText({ n: { toJSON: (k) => (k ? NaN : 1) } }), ["n", "must be a number, not NaN"]);
  const twice = { a: { toJSON: () => Object.create({ toJSON: () => NaN }) } };
  assert.equal(jsonText(twice), JSON.stringify(twice));
  assert.equal(jsonText(twice), '{"a":{}}');
  let deep = 1;
  for (let i = 0; i < MAX_DEPTH + 1; i++) deep = [deep];
  assert.match(jsonText(deep)[1], /nests deeper than 128 levels/);
  let ok = 1;
  for (let i = 0; i < MAX_DEPTH - 1; i++) ok = [ok];
  assert.equal(typeof jsonText(ok), "string");
});

test("the walk never throws, and counts objects and arrays, not values", () => {
  const item = [];
  Object.defineProperty(item, 0, { enumerable: true, get() { throw new Error("item"); } });
  assert.deepEqual(jsonText({ a: [1, item] }), ["a[1][0]", "cannot be read (its getter threw)"]);
  const revoked = Proxy.revocable([], {});
  revoked.revoke();
  assert.deepEqual(jsonText({ a: revoked.proxy }), ["a", "cannot be read (a getter or Proxy threw)"]);
  assert.deepEqual(jsonText({ b: { get toJSON() { throw new Error("x"); } } }),
    ["b", "cannot be read (a getter or Proxy threw)"]);
  // 6,000,000 numbers and a Date (the exact way): more values than the 5,000,000 the walk
  // once counted, in two objects.
  const many = { at: new Date(0), n: new Array(6000000).fill(1) };
  assert.equal(jsonText(many), JSON.stringify(many).length);
  forget();
});

test("long texts are kept and written into the engine's memory in UTF-8", () => {
  const long = { note: "é".repeat(SHORT) };
  const text = JSON.stringify(long);
  const units = jsonText(long);
  assert.equal(units, text.length);
  // Too small a buffer keeps the text; a big enough one takes it, once.
  assert.equal(take(new Uint8Array(10)), undefined);
  const bytes = new Uint8Array(units * 3);
  const written = take(bytes);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, written)), text);
  assert.equal(take(new Uint8Array(units * 3)), 0);
  forget();
});

test("a TariffError is an Error whose JSON is the CLI's error object, in the engine's order", () => {
  const details = { code: "unknown_model", message: "unknown model", field: "model", model: "x", available: ["a"], suggestions: [] };
  const e = makeError(JSON.stringify(details));
  assert.ok(e instanceof Error && e instanceof TariffError);
  assert.equal(e.name, "TariffError");
  assert.equal(e.code, "unknown_model");
  assert.equal(JSON.stringify({ error: e }), JSON.stringify({ error: details }));
  assert.deepEqual(Object.keys(e.toJSON()), ["code", "message", "field", "model", "available", "suggestions"]);
});

// The quick writer, into a memory of its own: what it writes is JSON.stringify's text, byte
// for byte, and what it does not take (-1) goes the exact way.
const memory = new WebAssembly.Memory({ initial: 1 });
const ctx = wireContext(memory, ["v", "sha"]);
const written = (value, room = 4096) => {
  const n = wireWrite(ctx, value, 64, room);
  return n < 0 ? n : new TextDecoder().decode(new Uint8Array(memory.buffer, 64, n));
};

test("the quick writer writes plain data as JSON.stringify does", () => {
  const nullProto = Object.assign(Object.create(null), { a: 1 });
  for (const v of [
    { model: "claude/opus-4-7", usage: { input_tokens: 1001, output_tokens: 999 } },
    { a: [1, undefined, null, true, false, "x"], b: undefined, c: { d: [] }, e: {} },
    [0, -0, 0.1, 1e21, 1e-7, 5e-324, 2 ** 53, -1.5, 123456789012345680000],
    { 2: "two", 1: "one", b: "b", a: "a" },
    nullProto,
    "",
    [],
    { inputs: { prompt: "printable ASCII: ~!@#$%^&*()_+{}|:<>?`-=[];',./" } },
  ]) {
    assert.equal(written(v), typeof v === "string" ? v : JSON.stringify(v), JSON.stringify(v));
  }
});

test("the quick writer leaves the rest to the exact way, and asks for room", () => {
  const deep = [];
  let at = deep;
  for (let i = 0; i < MAX_DEPTH + 1; i++) at = at[0] = [];
  const getter = { get usage() { throw new Error("no"); } };
  for (const v of [
    { prompt: "café" },
    { prompt: 'a "quote"' },
    { prompt: "back\\slash" },
    { prompt: "line\nbreak" },
    { at: new Date(0) },
    { m: new Map() },
    { f() {} },
    { s: Symbol("s") },
    { n: NaN },
    { n: Infinity },
    { b: 1n },
    getter,
    deep,
    { toJSON: () => ({}) },
    Object.assign([1], { toJSON: () => 2 }),
    new (class Request {})(),
  ]) {
    assert.equal(written(v), -1, String(Object.keys(v)));
  }
  // Out of room: the room it needs (twice what it had for a value; three bytes a UTF-16 unit
  // for a text), negated.
  assert.equal(written({ model: "claude/opus-4-7" }, 10), -20);
  assert.equal(written("x".repeat(100), 10), -300);
  // A getter that writes another value meanwhile (it prices another request) leaves this
  // writing as it was.
  const reentrant = { get usage() { wireWrite(ctx, { other: [1, 2, 3] }, 2048, 512); return { n: 1 }; }, model: "m" };
  assert.equal(written(reentrant), JSON.stringify({ usage: { n: 1 }, model: "m" }));
  // A text is written as UTF-8 (a lone surrogate as U+FFFD, as TextEncoder writes it).
  assert.equal(written('{"prompt":"café \ud800"}'), '{"prompt":"café \ufffd"}');
});
