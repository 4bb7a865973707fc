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
    for (let i = first; i < last; i++) {
      let row = shown.get(i);
      if (!row) {
        row = renderRow(i);
        row.style.transform = `translateY(${i * rowHeight}px)`;
        spacer.append(row);
      }
      next.set(i, row);
    }
    for (const [i, row] of shown) if (!next.has(i)) row.remove();
    shown = next;
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
    /** Rebuilds the rows on screen (their data arrived). */
    refresh() {
      for (const row of shown.values()) row.remove();
      shown = new Map();
      draw();
    },
    range: visible,
  };
}
