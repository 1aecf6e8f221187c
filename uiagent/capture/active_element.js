// The focused element (entering open shadow roots): selector, viewport box, and whether it is covered
// at the points of its box (WCAG 2.4.11: focus not obscured).
() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const r = el.getBoundingClientRect();
  const points = [[0.5, 0.5], [0.15, 0.15], [0.85, 0.15], [0.15, 0.85], [0.85, 0.85]];
  let visible = 0, coveredBy = null;
  for (const [fx, fy] of points) {
    const x = r.left + r.width * fx, y = r.top + r.height * fy;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const hit = (el.getRootNode().elementFromPoint || document.elementFromPoint).call(el.getRootNode(), x, y);
    if (hit && (hit === el || el.contains(hit) || hit.contains(el))) visible++;
    else if (hit && !coveredBy) coveredBy = selectorOf(hit);
  }
  return { selector: selectorOf(el), tag: el.localName,
           box: { x: r.left, y: r.top, width: r.width, height: r.height },
           doc_box: { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height },
           visible_points: visible, covered_by: coveredBy };
}
