// A virtual list: a scrolling box that holds only the rows on screen (and a few more), so a
// list of 4,000 models or 1,000,000 calls costs what one screenful costs. Rows have a fixed
// height (`rowHeight`) or one each (`heightOf(i)`, known before the row is drawn: rows do not
// wrap, so nothing in them is cut off and a row wider than the box scrolls sideways with it);
// `renderRow(i)` builds row i.

export function virtualList(box, { rowHeight, heightOf, renderRow, body = box, overscan = 8 }) {
  const spacer = document.createElement("div");
  spacer.className = "vspacer";
  body.append(spacer);
  let count = 0;
  let shown = new Map();
  // tops[i]: where row i starts; tops[count]: the height of them all (variable heights only).
  let tops = null;
  const top = (i) => (tops ? tops[i] : i * rowHeight);
  /** The first row whose bottom is below `y`. */
  const rowAt = (y) => {
    if (!tops) return Math.floor(y / rowHeight);
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tops[mid + 1] <= y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Where the rows start inside the box (below a header row): `box` is positioned, so a
  // body inside it measures its offset from the box.
  const offset = () => (body === box ? 0 : body.offsetTop);
  const visible = () => {
    const y = Math.max(0, box.scrollTop - offset());
    const first = Math.max(0, rowAt(y) - overscan);
    const last = Math.min(count, rowAt(y + box.clientHeight) + 1 + overscan);
    return [first, last];
  };
  const draw = () => {
    const [first, last] = visible();
    const next = new Map();
    for (const [i, row] of shown) if (i < first || i >= last) row.remove();
    // Rows stay in the document in their order (Tab and screen readers follow it): each new
    // row goes before the first shown row below it.
    let below = null;
    for (let i = last - 1; i >= first; i--) {
      let row = shown.get(i);
      if (!row) {
        row = place(renderRow(i), i);
        spacer.insertBefore(row, below);
      }
      next.set(i, row);
      below = row;
    }
    shown = next;
  };
  const place = (row, i) => {
    row.style.transform = `translateY(${top(i)}px)`;
    if (tops) row.style.height = `${tops[i + 1] - tops[i]}px`;
    return row;
  };
  let pending = false;
  box.addEventListener("scroll", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      draw();
    });
  });
  // Drawn again when the box is shown or resized (a hidden box has no height).
  new ResizeObserver(() => draw()).observe(box);
  return {
    /** Shows `n` rows, built afresh (the data changed). */
    reset(n) {
      count = n;
      if (heightOf) {
        tops = new Float64Array(n + 1);
        for (let i = 0; i < n; i++) tops[i + 1] = tops[i] + heightOf(i);
      }
      spacer.style.height = `${top(n)}px`;
      for (const row of shown.values()) row.remove();
      shown = new Map();
      box.scrollTop = 0;
      draw();
    },
    /** Builds again the rows drawn before their data arrived (marked `data-pending`); the
     * others, and the focus in them, stay. */
    refresh() {
      for (const [i, row] of shown) {
        if (row.dataset.pending === undefined) continue;
        const fresh = place(renderRow(i), i);
        row.replaceWith(fresh);
        shown.set(i, fresh);
      }
    },
    range: visible,
  };
}
