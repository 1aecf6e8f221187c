// The layout box of each visible character of the given elements' own text (their flat-tree text children),
// in document px: what a glyph-by-glyph contrast measurement reads its pixels within. At most `max` in all.
({ selectors, max }) => {
  const resolve = (selector) => {
    let root = document, el = null;
    for (const part of selector.split(" >> ")) {
      try { el = root.querySelector(part); } catch (error) { return null; }
      if (!el) return null;
      root = el.shadowRoot || el;
    }
    return el;
  };
  const out = {};
  let left = max;
  for (const selector of selectors) {
    const el = resolve(selector);
    if (!el) continue;
    const boxes = [];
    const children = el.shadowRoot ? [...el.shadowRoot.childNodes, ...el.childNodes] : [...el.childNodes];
    for (const node of children) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      const text = node.textContent;
      for (let i = 0; i < text.length && left > 0; i++) {
        const code = text.codePointAt(i), width = code > 0xffff ? 2 : 1;
        if (!/\s/.test(text[i])) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + width);
          for (const r of range.getClientRects()) {
            if (r.width > 0 && r.height > 0) { boxes.push([r.left + scrollX, r.top + scrollY, r.width, r.height]); left--; }
          }
        }
        i += width - 1;
      }
    }
    out[selector] = boxes;
  }
  return out;
}
