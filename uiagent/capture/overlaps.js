// Pairs of text-bearing elements whose text boxes intersect (neither containing the other), with the one
// painted on top: the element found at the centre of the intersection.
() => {
  const runs = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const byElement = new Map();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      const el = node.parentElement;
      const box = byElement.get(el) || { el, left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
      box.left = Math.min(box.left, r.left); box.top = Math.min(box.top, r.top);
      box.right = Math.max(box.right, r.right); box.bottom = Math.max(box.bottom, r.bottom);
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
      const left = Math.max(a.left, b.left), right = Math.min(a.right, b.right);
      const top = Math.max(a.top, b.top), bottom = Math.min(a.bottom, b.bottom);
      if (right - left < 2 || bottom - top < 2) continue;
      const smaller = Math.min((a.right - a.left) * (a.bottom - a.top), (b.right - b.left) * (b.bottom - b.top));
      if ((right - left) * (bottom - top) < 0.1 * smaller) continue;
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
