// Pairs of text-bearing elements whose lines of text intersect (neither containing the other), with the one
// painted on top: the element found at the centre of the intersection. Lines, not the boxes around all of an
// element's lines, and by a third of a line's height at least: a line's box is taller than its glyphs, so the
// boxes of lines set tight (line-height under the font's own, paragraphs without margins) touch while no glyph
// does.
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
          best = { left, right, top, bottom };
        }
      }
    }
    return best;
  }
  const runs = [];
  // An SVG or XML document has no body: its root holds the text.
  const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
  const byElement = new Map();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      const el = node.parentElement;
      const box = byElement.get(el) || { el, left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity, lines: [] };
      box.left = Math.min(box.left, r.left); box.top = Math.min(box.top, r.top);
      box.right = Math.max(box.right, r.right); box.bottom = Math.max(box.bottom, r.bottom);
      if (box.lines.length < MAX_LINES) box.lines.push(r);
      byElement.set(el, box);
    }
  }
  for (const box of byElement.values()) runs.push(box);
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
      const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
      const top_ = hit && (b.el.contains(hit) || hit.contains(b.el)) ? b : a;
      const covered = top_ === a ? b : a;
      out.push({
        top: selectorOf(top_.el), covered: selectorOf(covered.el), covered_text: covered.el.textContent.trim(),
        box: { x: left + scrollX, y: top + scrollY, width: right - left, height: bottom - top },
      });
    }
  }
  return out;
}
