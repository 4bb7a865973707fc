// A virtual list: a scrolling box that holds only the rows on screen (and a few more), so a
// list of 4,000 models or 1,000,000 calls costs what one screenful costs. Rows have one
// fixed height; `renderRow(i)` builds row i, `count` says how many there are.

export function virtualList(box, { rowHeight, renderRow, body = box, overscan = 8 }) {
  const spacer = document.createElement("div");
  spacer.className = "vspacer";
  body.append(spacer);
  let count = 0;
  let shown = new Map();
  // Where the rows start inside the box (below a header row): `box` is positioned, so a
  // body inside it measures its offset from the box.
  const offset = () => (body === box ? 0 : body.offsetTop);
  const visible = () => {
    const top = Math.max(0, box.scrollTop - offset());
    const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
    const last = Math.min(count, Math.ceil((top + box.clientHeight) / rowHeight) + overscan);
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
    row.style.transform = `translateY(${i * rowHeight}px)`;
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
      spacer.style.height = `${n * rowHeight}px`;
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
