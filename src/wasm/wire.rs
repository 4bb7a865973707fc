//! The quick way across for requests and estimates, through buffers in the engine's memory
//! that both sides read and write (`js/wire.js` is the other half).
//!
//! In: JS writes a request (its JSON text, or a plain object written as JSON text as it is
//! walked) straight into `input`; the engine reads it with the same readers as any text.
//! Out: the engine writes an estimate as numbers (`nums`) and UTF-8 text (`text`), and JS
//! builds the result object from them with strings it made once (slugs, item and unit names).
//! One call each way instead of a boundary crossing per field, and no `JSON.stringify`.
//! Anything the writer does not take (a `Date`, a `Map`, a non-ASCII string, a cycle...) goes
//! the exact way (`transfer`), which checks and names every fault.

use crate::error::Error;
use crate::pricing::Priced;
use crate::Request;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/js/wire.js")]
extern "C" {
    /// What JS keeps for one wire: this module instance's memory, and a catalog's strings for
    /// results (`[version, sha256, ...slugs]`). Per wire, not per JS module: two instances of
    /// the engine in one page share the JS module but not their memory.
    #[wasm_bindgen(js_name = wireContext)]
    fn wire_context(memory: JsValue, texts: Vec<String>) -> JsValue;

    /// Registers the engine name `name` as number `index` of the context.
    #[wasm_bindgen(js_name = wireName)]
    fn wire_name(context: &JsValue, index: u32, name: &str);

    /// Writes `value` (a string as it is, a plain value as JSON text) at `ptr`: the bytes
    /// written; -1 when the exact way must read it; below -1, the room it needs (negated).
    #[wasm_bindgen(js_name = wireWrite)]
    fn wire_write(context: &JsValue, value: &JsValue, ptr: usize, room: usize) -> f64;

    /// The estimate written at `nums` (an index of f64s) and `text` (a byte offset).
    #[wasm_bindgen(js_name = wireEstimate)]
    fn wire_estimate(context: &JsValue, nums: usize, text: usize) -> JsValue;
}

/// The most bytes the input buffer grows to for one request before the exact way takes over
/// (which refuses what is too large with its own error).
const MAX_INPUT: usize = 2 * (tariff_request::request::MAX_REQUEST_BYTES + 1024);

/// The buffers of one `Pricing`, and its strings on the JS side.
pub(crate) struct Wire {
    input: Vec<u8>,
    nums: Vec<f64>,
    text: Vec<u8>,
    /// Engine names (items, units, statuses, limit sources) JS has, by number.
    names: Vec<&'static str>,
    context: JsValue,
}

impl Wire {
    pub(crate) fn new(catalog: &crate::Catalog) -> Wire {
        let mut texts = vec![catalog.version().to_string(), catalog.sha256().to_string()];
        texts.extend(catalog.models().iter().map(|m| m.slug.clone()));
        Wire {
            input: vec![0; 4096],
            nums: Vec::with_capacity(64),
            text: Vec::with_capacity(256),
            names: Vec::new(),
            context: wire_context(wasm_bindgen::memory(), texts),
        }
    }

    /// The number of an engine name, registering it with JS the first time.
    fn name(&mut self, n: &'static str) -> f64 {
        // The same `&'static str` is the same pointer: compare those first.
        let found = self
            .names
            .iter()
            .position(|s| std::ptr::eq(*s, n) || *s == n);
        let index = found.unwrap_or_else(|| {
            self.names.push(n);
            let i = self.names.len() - 1;
            wire_name(&self.context, u32::try_from(i).unwrap_or(u32::MAX), n);
            i
        });
        crate::wasm::convert::num(index as u64)
    }

    /// A request from JS (an object, or its JSON text), written by JS into the input buffer
    /// and read by the same readers as any text; anything the writer does not take is read
    /// the exact way (`transfer`).
    pub(crate) fn request(&mut self, value: &JsValue) -> Result<Request, Error> {
        match self.read(value) {
            Some(text) => Ok(Request::from_json(text)?),
            None => super::transfer::request(value),
        }
    }

    /// `value` as text written by JS into the input buffer, or `None` when the exact way
    /// must read it.
    pub(crate) fn read<'w>(&'w mut self, value: &JsValue) -> Option<&'w str> {
        self.read_up_to(value, MAX_INPUT)
    }

    /// A usage export (an array of records) as text written into the input buffer, which
    /// grows as far as the engine's memory allows; `None` when the exact way must read it.
    pub(crate) fn read_export<'w>(&'w mut self, value: &JsValue) -> Option<&'w str> {
        self.read_up_to(value, usize::MAX)
    }

    /// Gives back the room a large input took (after an export).
    pub(crate) fn relax(&mut self) {
        if self.input.len() > MAX_INPUT {
            self.input = vec![0; 4096];
        }
    }

    fn read_up_to<'w>(&'w mut self, value: &JsValue, max: usize) -> Option<&'w str> {
        loop {
            let ptr = self.input.as_mut_ptr() as usize;
            let written = wire_write(&self.context, value, ptr, self.input.len());
            if written >= 0.0 {
                let n = to_len(written);
                let bytes = self.input.get(..n)?;
                return std::str::from_utf8(bytes).ok();
            }
            let needed = to_len(written.abs());
            if written == -1.0 || needed <= self.input.len() || needed > max {
                return None;
            }
            // More than the memory can give: the exact way, which names the fault.
            let more = needed - self.input.len();
            self.input.try_reserve_exact(more).ok()?;
            super::transfer::zero_fill(&mut self.input, needed);
        }
    }

    /// The JS object of a priced request, written into the buffers and built by JS.
    pub(crate) fn estimate(&mut self, p: &Priced<'_>) -> JsValue {
        self.nums.clear();
        self.text.clear();
        let bound = p.bound.micros;
        self.num(p.total.get());
        self.nums
            .push(bound.map_or(f64::NAN, |b| crate::wasm::convert::num(b.get())));
        self.nums.push(if p.defaulted { 1.0 } else { 0.0 });
        self.num(p.root as u64);
        self.str(&p.total.usd());
        // The bound's dollars: none (-1), the total's (-2), or their own.
        match bound {
            Some(b) if b == p.total => self.nums.extend([-2.0, 0.0]),
            Some(b) => self.str(&b.usd()),
            None => self.nums.extend([-1.0, 0.0]),
        }
        for n in [
            p.lines.len(),
            p.calls.len(),
            p.assumptions.len(),
            p.bound.used.len(),
            p.bound.unbounded.len(),
        ] {
            self.num(n as u64);
        }
        for l in &p.lines {
            self.num(l.model_index as u64);
            let item = self.name(l.item);
            self.nums.push(item);
            self.num(l.quantity);
            let unit = self.name(l.unit);
            self.nums.push(unit);
            self.num(l.rate_micros);
            self.num(l.rate_per);
            match &l.detail {
                Some(d) => self.str(d),
                None => self.nums.extend([-1.0, 0.0]),
            }
            self.num(l.micros.get());
        }
        for c in &p.calls {
            self.str(&c.path);
            self.num(c.model as u64);
            let status = self.name(c.status.as_str());
            self.nums.push(status);
            self.num(c.micros.get());
            self.num(c.total.get());
            self.num(c.first_line as u64);
            self.num(c.line_count as u64);
        }
        for a in &p.assumptions {
            self.str(a);
        }
        for o in &p.bound.used {
            self.str(&o.field);
            self.num(o.raw);
            let from = self.name(o.from);
            self.nums.push(from);
        }
        for u in &p.bound.unbounded {
            self.str(u);
        }
        let nums = self.nums.as_ptr() as usize / std::mem::size_of::<f64>();
        wire_estimate(&self.context, nums, self.text.as_ptr() as usize)
    }

    fn num(&mut self, v: u64) {
        self.nums.push(crate::wasm::convert::num(v));
    }

    /// A text as its offset in `text` and its length, negated when it is not all ASCII (JS
    /// then decodes it as UTF-8).
    fn str(&mut self, s: &str) {
        let at = self.text.len();
        self.text.extend_from_slice(s.as_bytes());
        self.num(at as u64);
        let len = crate::wasm::convert::num(s.len() as u64);
        self.nums.push(if s.is_ascii() {
            len
        } else {
            len.copysign(-1.0)
        });
    }
}

/// A length JS sent (a whole number of bytes).
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "JS sends whole byte counts below 2^32"
)]
fn to_len(v: f64) -> usize {
    v as usize
}
