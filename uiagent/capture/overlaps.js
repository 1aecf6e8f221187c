// Pairs of text-bearing elements whose lines of text intersect (neither containing the other), with the one
// painted on top: the element found at the centre of the intersection. Lines, not the boxes around all of an
// element's lines, and by a third of a line's height at least: a line's box is taller than its glyphs, so the
// boxes of lines set tight (line-height under the font's own, paragraphs without margins) touch while no glyph
// does. Only what is painted counts: no text that is hidden, transparent or in skipped content (a closed
// <details>), and of each line only the part the boxes hiding overflow around it show (an ellipsis, a visually
// hidden label). Text on a fixed layer (a banner) over text that scrolls is an overlap only where no scroll
// position shows that text beside the layer: `fixed` says so, a person decides (the layer may be dismissible).
() => {
  const MAX_LINES = 200, LINE_SHARE = 1 / 3;
  // The largest intersection of a line of `a` with a line of `b` that covers a third of the lower line's height.
  function lineOverlap(a, b) {
    let best = null;
    for (const p of a.lines) {
      for (const q of b.lines) {
        const left = Math.max(p.left, q.left), right = Math.min(p.right, q.right);
        const top = Math.max(p.top, q.top), bottom = Math.min(p.bottom, q.bottom);
        if (right - left < 2 || bottom - top < LINE_SHARE * Math.min(p.height, q.height)) continue;
        if (!best || (right - left) * (bottom - top) > (best.right - best.left) * (best.bottom - best.top)) {
          best = { left, right, top, bottom, lines: [p, q] };
        }
      }
    }
    return best;
  }
  const EVERYWHERE = { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };
  // The window each text-bearing element's overflow clipping leaves its text (null: painted nowhere).
  const windows = new Map();
  const windowOf = (el) => {
    if (!windows.has(el)) {
      const shown = canPaint(el, { opacityProperty: true, visibilityProperty: true });
      windows.set(el, shown ? shownRect(EVERYWHERE, el, true) : null);
    }
    return windows.get(el);
  };
  // The fixed-position box the element is painted in, if any (it stays put while the page scrolls).
  const fixedLayer = (el) => {
    for (let box = el; box; box = flatParent(box)) {
      if (getComputedStyle(box).position === "fixed") return box;
    }
    return null;
  };
  const runs = [];
  // An SVG or XML document has no body: its root holds the text.
  const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
  const byElement = new Map();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement) continue;
    const el = node.parentElement;
    const window_ = windowOf(el);
    if (!window_) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const line of range.getClientRects()) {
      const left = Math.max(line.left, window_.left), right = Math.min(line.right, window_.right);
      const top = Math.max(line.top, window_.top), bottom = Math.min(line.bottom, window_.bottom);
      const r = { left, right, top, bottom, width: right - left, height: bottom - top };
      if (r.width < 1 || r.height < 1) continue;
      const box = byElement.get(el) || { el, left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity, lines: [],
                                         fixed: fixedLayer(el) };
      box.left = Math.min(box.left, r.left); box.top = Math.min(box.top, r.top);
      box.right = Math.max(box.right, r.right); box.bottom = Math.max(box.bottom, r.bottom);
      if (box.lines.length < MAX_LINES) box.lines.push(r);
      byElement.set(el, box);
    }
  }
  for (const box of byElement.values()) runs.push(box);
  // Whether some scroll position of the page shows `line` (viewport px, as scrolled now) whole in the viewport and
  // clear of `layer`, a fixed box: above, below, left or right of it.
  const root = document.documentElement;
  const width = root.clientWidth, height = root.clientHeight;
  const maxX = root.scrollWidth - width, maxY = root.scrollHeight - height;
  const fits = (low, high, from, to, max) => Math.max(high - to, 0) <= Math.min(low - from, max);
  function scrollsClear(line, layer) {
    const x0 = line.left + scrollX, x1 = line.right + scrollX, y0 = line.top + scrollY, y1 = line.bottom + scrollY;
    return fits(y0, y1, 0, layer.top, maxY) || fits(y0, y1, layer.bottom, height, maxY) ||
      fits(x0, x1, 0, layer.left, maxX) || fits(x0, x1, layer.right, width, maxX);
  }
  runs.sort((a, b) => a.top - b.top);
  const out = [];
  for (let i = 0; i < runs.length; i++) {
    const a = runs[i];
    for (let j = i + 1; j < runs.length && runs[j].top < a.bottom; j++) {
      const b = runs[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      if (Math.min(a.right, b.right) - Math.max(a.left, b.left) < 2) continue;
      const lines = lineOverlap(a, b);
      if (!lines) continue;
      const { left, right, top, bottom } = lines;
      // One on a fixed layer, the other scrolling under it: an overlap only when no scroll position shows it.
      const fixed = !a.fixed !== !b.fixed;
      const [scrolling, layer] = a.fixed ? [lines.lines[1], a.fixed] : [lines.lines[0], b.fixed];
      if (fixed && scrollsClear(scrolling, layer.getBoundingClientRect())) continue;
      const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
      const top_ = hit && (b.el.contains(hit) || hit.contains(b.el)) ? b : a;
      const covered = top_ === a ? b : a;
      out.push({
        top: selectorOf(top_.el), covered: selectorOf(covered.el), covered_text: covered.el.textContent.trim(),
        box: { x: left + scrollX, y: top + scrollY, width: right - left, height: bottom - top }, fixed,
      });
    }
  }
  return out;
}
