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

use crate::bill::Call;
use crate::error::Error;
use crate::estimate::LineItem;
use crate::pricing::Priced;
use crate::wasm::convert::num;
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
    /// The request an estimate reads and prices, kept from one to the next: its reading
    /// reuses the model's text buffer, and a direct call, once the buffers have grown to
    /// fit, allocates nothing at all.
    kept: Request,
    out: Out,
}

/// The way out: an estimate as numbers and text, and the engine names JS has.
struct Out {
    nums: Vec<f64>,
    text: Vec<u8>,
    /// Engine names (items, units, statuses, limit sources) JS has, by number.
    names: Vec<&'static str>,
    context: JsValue,
}

/// An estimate's numbers before its lines (`js/wire.js`'s `wireEstimate` reads the layout):
/// total, bound (NaN when none), defaulted, root model, the total's dollars (offset, length),
/// the bound's dollars (-1: none, -2: the total's, else offset and length), then the counts
/// of lines, calls, assumptions, open quantities used and unbounded ones. Then each line
/// (9 numbers), call (8), assumption (2), open quantity (4) and unbounded one (2).
const HEAD: usize = 13;

/// What an estimate's head says besides its lists.
struct Head {
    total: crate::money::Micros,
    bound: Option<crate::money::Micros>,
    defaulted: bool,
    root: usize,
    counts: [usize; 5],
}

impl Wire {
    pub(crate) fn new(catalog: &crate::Catalog) -> Wire {
        let mut texts = vec![catalog.version().to_string(), catalog.sha256().to_string()];
        texts.extend(catalog.models().iter().map(|m| m.slug.clone()));
        Wire {
            input: vec![0; 4096],
            kept: Request::default(),
            out: Out {
                nums: Vec::with_capacity(64),
                text: Vec::with_capacity(256),
                names: Vec::new(),
                context: wire_context(wasm_bindgen::memory(), texts),
            },
        }
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

    /// The estimate of a request from JS, as a JS object: read into the kept request and
    /// priced; a direct call (`crate::direct`) is written line by line as it is priced,
    /// anything else priced by the walk first.
    pub(crate) fn estimate(
        &mut self,
        catalog: &crate::Catalog,
        value: &JsValue,
    ) -> Result<JsValue, Error> {
        match read_up_to(&mut self.input, &self.out.context, value, MAX_INPUT) {
            Some(text) => self.kept.read_json(text)?,
            None => self.kept = super::transfer::request(value)?,
        }
        let out = &mut self.out;
        out.begin();
        let mut lines = 0;
        let direct = crate::direct::price(
            catalog,
            &self.kept,
            Some(&mut |l| {
                out.line(&l);
                lines += 1;
            }),
            true,
        );
        let Some(call) = direct else {
            let priced = crate::pricing::price(catalog, &self.kept)?;
            return Ok(self.out.priced(&priced));
        };
        // What the walk makes of a direct call: its one call with all the lines, nothing
        // open (the bound is the total), no assumptions.
        out.call(&call.call(0, lines));
        Ok(out.finish(&Head {
            total: call.total,
            bound: Some(call.total),
            defaulted: false,
            root: call.index,
            counts: [lines, 1, 0, 0, 0],
        }))
    }

    /// The JS object of a priced request, written into the buffers and built by JS.
    pub(crate) fn estimate_of(&mut self, p: &Priced<'_>) -> JsValue {
        self.out.priced(p)
    }

    /// `value` as text written by JS into the input buffer, or `None` when the exact way
    /// must read it.
    pub(crate) fn read<'w>(&'w mut self, value: &JsValue) -> Option<&'w str> {
        read_up_to(&mut self.input, &self.out.context, value, MAX_INPUT)
    }

    /// A usage export (an array of records) as text written into the input buffer, which
    /// grows as far as the engine's memory allows; `None` when the exact way must read it.
    pub(crate) fn read_export<'w>(&'w mut self, value: &JsValue) -> Option<&'w str> {
        read_up_to(&mut self.input, &self.out.context, value, usize::MAX)
    }

    /// Gives back the room a large input took (after an export).
    pub(crate) fn relax(&mut self) {
        if self.input.len() > MAX_INPUT {
            self.input = vec![0; 4096];
        }
    }
}

/// `value` written by JS into `input` (grown as it asks, up to `max` bytes), as text; `None`
/// when the exact way must read it.
fn read_up_to<'w>(
    input: &'w mut Vec<u8>,
    context: &JsValue,
    value: &JsValue,
    max: usize,
) -> Option<&'w str> {
    loop {
        let ptr = input.as_mut_ptr() as usize;
        let written = wire_write(context, value, ptr, input.len());
        if written >= 0.0 {
            let n = to_len(written);
            let bytes = input.get(..n)?;
            return std::str::from_utf8(bytes).ok();
        }
        let needed = to_len(written.abs());
        if written == -1.0 || needed <= input.len() || needed > max {
            return None;
        }
        // More than the memory can give: the exact way, which names the fault.
        let more = needed - input.len();
        input.try_reserve_exact(more).ok()?;
        super::transfer::zero_fill(input, needed);
    }
}

impl Out {
    /// The number of an engine name, registering it with JS the first time.
    fn name(&mut self, n: &'static str) -> f64 {
        // The same `&'static str` is the same pointer: look for that first, and compare texts
        // only when it is not there (a name written in two places may be two copies).
        let found = self
            .names
            .iter()
            .position(|s| std::ptr::eq(*s, n))
            .or_else(|| self.names.iter().position(|s| *s == n));
        let index = found.unwrap_or_else(|| {
            self.names.push(n);
            let i = self.names.len() - 1;
            wire_name(&self.context, u32::try_from(i).unwrap_or(u32::MAX), n);
            i
        });
        num(index as u64)
    }

    /// Starts an estimate: the head's room, filled in by `finish`.
    fn begin(&mut self) {
        self.nums.clear();
        self.text.clear();
        self.nums.resize(HEAD, 0.0);
    }

    fn line(&mut self, l: &LineItem<'_>) {
        let item = self.name(l.item);
        let unit = self.name(l.unit);
        self.nums.extend_from_slice(&[
            num(l.model_index as u64),
            item,
            num(l.quantity),
            unit,
            num(l.rate_micros),
            num(l.rate_per),
        ]);
        match &l.detail {
            Some(d) => self.str(d),
            None => self.nums.extend_from_slice(&[-1.0, 0.0]),
        }
        self.nums.push(num(l.micros.get()));
    }

    fn call(&mut self, c: &Call<'_>) {
        self.str(&c.path);
        let status = self.name(c.status.as_str());
        self.nums.extend_from_slice(&[
            num(c.model as u64),
            status,
            num(c.micros.get()),
            num(c.total.get()),
            num(c.first_line as u64),
            num(c.line_count as u64),
        ]);
    }

    /// Writes the head and has JS build the estimate.
    fn finish(&mut self, head: &Head) -> JsValue {
        let usd = self.text_of(&head.total.usd());
        // The bound's dollars: none (-1), the total's (-2), or their own.
        let bound_usd = match head.bound {
            Some(b) if b == head.total => [-2.0, 0.0],
            Some(b) => self.text_of(&b.usd()),
            None => [-1.0, 0.0],
        };
        let [lines, calls, assumptions, used, unbounded] = head.counts.map(|n| num(n as u64));
        let values = [
            num(head.total.get()),
            head.bound.map_or(f64::NAN, |b| num(b.get())),
            if head.defaulted { 1.0 } else { 0.0 },
            num(head.root as u64),
            usd[0],
            usd[1],
            bound_usd[0],
            bound_usd[1],
            lines,
            calls,
            assumptions,
            used,
            unbounded,
        ];
        if let Some(h) = self.nums.get_mut(..HEAD) {
            h.copy_from_slice(&values);
        }
        let nums = self.nums.as_ptr() as usize / std::mem::size_of::<f64>();
        wire_estimate(&self.context, nums, self.text.as_ptr() as usize)
    }

    /// A priced request's estimate (the walk's bill).
    fn priced(&mut self, p: &Priced<'_>) -> JsValue {
        self.begin();
        for l in &p.lines {
            self.line(l);
        }
        for c in &p.calls {
            self.call(c);
        }
        for a in &p.assumptions {
            self.str(a);
        }
        for o in &p.bound.used {
            self.str(&o.field);
            let from = self.name(o.from);
            self.nums.extend_from_slice(&[num(o.raw), from]);
        }
        for u in &p.bound.unbounded {
            self.str(u);
        }
        self.finish(&Head {
            total: p.total,
            bound: p.bound.micros,
            defaulted: p.defaulted,
            root: p.root,
            counts: [
                p.lines.len(),
                p.calls.len(),
                p.assumptions.len(),
                p.bound.used.len(),
                p.bound.unbounded.len(),
            ],
        })
    }

    /// A text as its offset in `text` and its length, negated when it is not all ASCII (JS
    /// then decodes it as UTF-8).
    fn text_of(&mut self, s: &str) -> [f64; 2] {
        let at = self.text.len();
        self.text.extend_from_slice(s.as_bytes());
        let len = num(s.len() as u64);
        [
            num(at as u64),
            if s.is_ascii() {
                len
            } else {
                len.copysign(-1.0)
            },
        ]
    }

    fn str(&mut self, s: &str) {
        let t = self.text_of(s);
        self.nums.extend_from_slice(&t);
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
