// Pairs of text-bearing elements whose lines of text intersect (neither containing the other), with the one
// painted on top: the element found at the centre of the intersection. Lines, not the boxes around all of an
// element's lines, and by a third of a line's height at least: a line's box is taller than its glyphs, so the
// boxes of lines set tight (line-height under the font's own, paragraphs without margins) touch while no glyph
// does. Only what is painted counts: no text that is hidden, transparent or in skipped content (a closed
// <details>), and of each line only the part the boxes hiding overflow around it show (an ellipsis, a visually
// hidden label). Text on a pinned layer (a fixed banner; a sticky title in a scrolling sidebar) over text that
// scrolls under it is an overlap only where no scroll position shows that text beside the layer: `fixed` says so,
// a person decides (the layer may be dismissible).
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
  // The box the element is pinned in, if any: a fixed one stays put while the page scrolls, a sticky one while the
  // box it sticks in scrolls (`scroller`, null for the page): a sidebar's title over the list scrolling under it.
  const scrollerOf = (el) => {
    for (let box = flatParent(el); box && box !== document.body && box !== document.documentElement; box = flatParent(box)) {
      const st = getComputedStyle(box);
      if (!/^(visible|clip)$/.test(st.overflowX) || !/^(visible|clip)$/.test(st.overflowY)) return box;
    }
    return null;
  };
  const pinnedLayer = (el) => {
    for (let box = el; box; box = flatParent(box)) {
      const position = getComputedStyle(box).position;
      if (position === "fixed") return { el: box, scroller: null };
      if (position === "sticky") return { el: box, scroller: scrollerOf(box) };
    }
    return null;
  };
  // Whether the text of `under` scrolls beneath the layer `over` is pinned in: it is in the box that layer stays
  // put in, and not pinned there itself.
  const scrollsUnder = (over, under) => {
    const layer = over.pinned;
    if (!layer || layer.el.contains(under.el) || (layer.scroller && !layer.scroller.contains(under.el))) return false;
    return !under.pinned || (layer.scroller !== null && !layer.scroller.contains(under.pinned.el));
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
                                         pinned: pinnedLayer(el) };
      box.left = Math.min(box.left, r.left); box.top = Math.min(box.top, r.top);
      box.right = Math.max(box.right, r.right); box.bottom = Math.max(box.bottom, r.bottom);
      if (box.lines.length < MAX_LINES) box.lines.push(r);
      byElement.set(el, box);
    }
  }
  for (const box of byElement.values()) runs.push(box);
  // Whether some scroll position of `scroller` (null: the page) shows `line` (viewport px, as scrolled now) whole in
  // its scrollport and clear of `layer`, a pinned box: above, below, left or right of it. A box that hides its
  // overflow without scrollbars does not scroll for a reader.
  const root = document.documentElement;
  const fits = (low, high, from, to, max) => Math.max(high - to, 0) <= Math.min(low - from, max);
  function scrollsClear(line, layer, scroller) {
    let port, scroll, max;
    if (scroller) {
      const r = scroller.getBoundingClientRect(), st = getComputedStyle(scroller);
      const left = r.left + scroller.clientLeft, top = r.top + scroller.clientTop;
      port = { left, top, width: scroller.clientWidth, height: scroller.clientHeight };
      scroll = [scroller.scrollLeft, scroller.scrollTop];
      max = [/auto|scroll/.test(st.overflowX) ? scroller.scrollWidth - scroller.clientWidth : 0,
             /auto|scroll/.test(st.overflowY) ? scroller.scrollHeight - scroller.clientHeight : 0];
    } else {
      port = { left: 0, top: 0, width: root.clientWidth, height: root.clientHeight };
      scroll = [scrollX, scrollY];
      max = [root.scrollWidth - root.clientWidth, root.scrollHeight - root.clientHeight];
    }
    const x0 = line.left - port.left + scroll[0], x1 = line.right - port.left + scroll[0];
    const y0 = line.top - port.top + scroll[1], y1 = line.bottom - port.top + scroll[1];
    const l = { left: layer.left - port.left, right: layer.right - port.left, top: layer.top - port.top,
                bottom: layer.bottom - port.top };
    return fits(y0, y1, 0, l.top, max[1]) || fits(y0, y1, l.bottom, port.height, max[1]) ||
      fits(x0, x1, 0, l.left, max[0]) || fits(x0, x1, l.right, port.width, max[0]);
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
      // One on a pinned layer, the other scrolling under it: an overlap only when no scroll position shows it.
      const underA = scrollsUnder(a, b), fixed = underA || scrollsUnder(b, a);
      const [scrolling, layer] = underA ? [lines.lines[1], a.pinned] : [lines.lines[0], b.pinned];
      if (fixed && scrollsClear(scrolling, layer.el.getBoundingClientRect(), layer.scroller)) continue;
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
