// What must not leave the machine, in this frame's document and its open shadow roots: the elements matching
// `builtin` (password and card fields, ...) or one of the configured `selectors`. Returns their boxes in this
// frame's viewport px, the frame's viewport size, and the configured selectors that are not valid CSS.
({ builtin, selectors }) => {
  const invalid = selectors.filter((selector) => {
    try { document.createDocumentFragment().querySelector(selector); return false; } catch (error) { return true; }
  });
  const wanted = [builtin, ...selectors.filter((s) => !invalid.includes(s))].join(", ");
  const boxes = [];
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll(wanted)) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) boxes.push({ x: r.left, y: r.top, width: r.width, height: r.height });
    }
    for (const el of roots[i].querySelectorAll("*")) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  return { boxes, width: innerWidth, height: innerHeight, invalid };
}
