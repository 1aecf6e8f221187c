// Text cut off by CSS overflow at 200% zoom (WCAG 1.4.4, ACT rule 59br37). The caller has set the viewport to
// 640x512 CSS px, which is what 200% zoom of a 1280x1024 window gives CSS layout (media queries and vw/vh
// included), and has let the page's scripts answer the resize. This waits for fonts, then returns, for each
// visible text node with an HTML parent and no aria-hidden ancestor, every ancestor box that hides overflow
// (hidden or clip) and cuts it off, per axis, with what the rule's exceptions need. Text that nothing cuts is
// left out: a page without such boxes returns no texts. Deciding is left to zoom_clip.py. Returns one JSON
// string (results can be large).
async () => {
  // Web fonts decide where lines wrap; a font that never finishes loading must not stall the audit.
  await Promise.race([document.fonts.ready, new Promise((resolve) => setTimeout(resolve, 3000))]);
  const XHTML = "http://www.w3.org/1999/xhtml";
  const HIDES = new Set(["hidden", "clip"]), SCROLLS = new Set(["auto", "scroll"]);
  // Boxes overflow does not apply to, whatever their computed overflow says.
  const NO_OVERFLOW = new Set(["inline", "contents", "table-row", "table-row-group", "table-header-group",
                               "table-footer-group", "table-column", "table-column-group"]);
  // Form controls draw their text themselves: their text nodes are not laid out as text.
  const CONTROLS = new Set(["textarea", "select", "option", "optgroup", "datalist"]);
  const root = document.documentElement, body = document.body;
  const px = (value) => parseFloat(value) || 0;
  const round = (value) => Math.round(value * 10) / 10;
  const styles = new Map();
  const styleOf = (el) => {
    let style = styles.get(el);
    if (!style) { style = getComputedStyle(el); styles.set(el, style); }
    return style;
  };
  // A box that `clip` or `clip-path` hides (the visually-hidden pattern), or that is fully transparent.
  const hiddenAway = (s) => s.opacity === "0" || clippedAway(s);

  // The flat tree: an open shadow root's children stand for its host's, a slot's assigned nodes for its own.
  const flatChildren = (node) => {
    if (node.shadowRoot) return node.shadowRoot.childNodes;
    if (node.localName === "slot" && node.assignedNodes) {
      const assigned = node.assignedNodes();
      if (assigned.length) return assigned;
    }
    return node.childNodes;
  };

  // Whether a box that hides overflow has content to hide. Scroll sizes count what overflows to the right and
  // below, where text runs (text pushed out to the left or top is not looked at); `clip` boxes are no scroll
  // containers, so they are always looked at. The body's overflow is the viewport's when the root's is visible.
  const rootVisible = styleOf(root).overflowX === "visible" && styleOf(root).overflowY === "visible";
  const hidesContent = (el, s) => {
    if (NO_OVERFLOW.has(s.display)) return false;
    const x = HIDES.has(s.overflowX), y = HIDES.has(s.overflowY);
    if (!x && !y) return false;
    if (s.overflowX === "clip" || s.overflowY === "clip") return true;
    const scroller = el === body && rootVisible ? root : el;
    return (x && scroller.scrollWidth > scroller.clientWidth) || (y && scroller.scrollHeight > scroller.clientHeight);
  };

  // Text nodes under at least one box that hides content, with their flat-tree ancestors (root first).
  const candidates = [];
  const path = [];
  let hiding = 0;
  const enter = (el) => {
    if ((el.getAttribute("aria-hidden") || "").trim().toLowerCase() === "true") return;
    if (CONTROLS.has(el.localName)) return;
    const s = styleOf(el);
    if (s.display === "none" || hiddenAway(s) || !canPaint(el)) return;  // (canPaint: not in a closed <details>)
    const clips = hidesContent(el, s) ? 1 : 0;
    path.push(el);
    hiding += clips;
    for (const child of flatChildren(el)) {
      if (child.nodeType === Node.ELEMENT_NODE) enter(child);
      else if (child.nodeType === Node.TEXT_NODE && hiding && el.namespaceURI === XHTML && child.data.trim()) {
        candidates.push([child, path.slice()]);
      }
    }
    path.pop();
    hiding -= clips;
  };
  enter(root);
  const out = { viewport: [innerWidth, innerHeight], texts: [] };
  if (!candidates.length) return JSON.stringify(out);

  const animated = new Set(document.getAnimations().map((a) => a.effect && a.effect.target).filter(Boolean));
  const identity = (matrix) => {
    const numbers = (/\(([^)]*)\)/.exec(matrix) || [, ""])[1].split(",").map(Number);
    const unit = numbers.length === 6 ? [1, 0, 0, 1, 0, 0] : [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    return matrix === "none" || (numbers.length === unit.length && numbers.every((n, i) => n === unit[i]));
  };
  // What the checks below need of an element's box, read once: many text nodes share their ancestors.
  const boxes = new Map();
  const boxOf = (el) => {
    let box = boxes.get(el);
    if (box) return box;
    const s = styleOf(el);
    const transformed = ["transform", "translate", "rotate", "scale"].some((p) => s[p] !== "none");
    box = {
      el, s, display: s.display, position: s.position, overflow: { x: s.overflowX, y: s.overflowY },
      animated: animated.has(el),
      // Moved by a transform (not an identity one, such as the translateZ(0) pages add for speed).
      moved: transformed && !(["translate", "rotate", "scale"].every((p) => s[p] === "none") && identity(s.transform)),
      // What makes it the containing block of a fixed (and an absolute) positioned descendant.
      holdsFixed: holdsFixed(s),
      // The page's own overflow: on the root, or on the body, whose overflow goes to the viewport when the root's
      // is visible.
      root: el === root || el === body, viewport: el === root || (el === body && rootVisible), edges: {},
    };
    boxes.set(el, box);
    return box;
  };
  // The ancestors whose overflow can cut the content of the last element of `ancestors`: the containing-block
  // chain, so an absolutely positioned box escapes the boxes between it and its positioned ancestor.
  const chains = new Map();
  const chainOf = (ancestors) => {
    const parent = ancestors[ancestors.length - 1];
    if (chains.has(parent)) return chains.get(parent);
    const chain = [];
    let escaping = null;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const box = boxOf(ancestors[i]);
      if (box.display === "contents") continue;
      if (escaping === "absolute" && box.position === "static" && !box.holdsFixed) continue;
      if (escaping === "fixed" && !box.holdsFixed) continue;
      chain.push(box);
      escaping = box.position === "absolute" || box.position === "fixed" ? box.position : null;
    }
    chains.set(parent, chain);
    return chain;
  };
  // Where a box cuts its content on one axis (client coordinates): its padding box, or for `overflow: clip` the
  // box `overflow-clip-margin` names, grown by its margin; the viewport for the page's own overflow.
  const edgesOf = (box, axis) => {
    if (box.edges[axis]) return box.edges[axis];
    const { el, s } = box;
    let edges;
    if (box.viewport) {
      edges = axis === "x" ? [0, root.clientWidth] : [0, root.clientHeight];
    } else {
      const r = el.getBoundingClientRect();
      const [start, end, borderStart, borderEnd, padStart, padEnd] = axis === "x"
        ? [r.left, r.right, s.borderLeftWidth, s.borderRightWidth, s.paddingLeft, s.paddingRight]
        : [r.top, r.bottom, s.borderTopWidth, s.borderBottomWidth, s.paddingTop, s.paddingBottom];
      edges = [start + px(borderStart), end - px(borderEnd)];
      if (box.overflow[axis] === "clip") {
        const margin = s.overflowClipMargin || "";
        if (margin.includes("content-box")) edges = [edges[0] + px(padStart), edges[1] - px(padEnd)];
        else if (margin.includes("border-box")) edges = [start, end];
        const grow = px(margin.replace(/[a-z-]+-box/, "").trim());
        edges = [edges[0] - grow, edges[1] + grow];
      }
    }
    box.edges[axis] = edges;
    return edges;
  };
  // Used line heights: the computed one, or for `normal` (it depends on the font) a measurement made once for
  // all such fonts at the end, so that the page's layout is not invalidated while it is being read.
  const normalFonts = new Map(), lineHeightSlots = [];
  const lineHeight = (s, holder, field) => {
    if (s.lineHeight !== "normal") { holder[field] = px(s.lineHeight); return; }
    const font = { fontStyle: s.fontStyle, fontWeight: s.fontWeight, fontStretch: s.fontStretch,
                   fontSize: s.fontSize, fontFamily: s.fontFamily };
    const key = Object.values(font).join("|");
    normalFonts.set(key, font);
    lineHeightSlots.push([holder, field, key]);
  };
  const along = (r, axis) => axis === "x" ? [r.left, r.right] : [r.top, r.bottom];

  for (const [text, ancestors] of candidates) {
    const parent = ancestors[ancestors.length - 1], own = styleOf(parent);
    const transparent = /^rgba\(.*,\s*0\)$|\/\s*0\)$/.test(own.color);
    if (own.visibility !== "visible" || transparent && own.textShadow === "none") continue;
    const range = document.createRange();
    range.selectNodeContents(text);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) continue;
    const firstLine = rects.reduce((a, b) => (b.top < a.top ? b : a));
    const clips = [], visible = [];
    for (const axis of ["x", "y"]) {
      // What of the text can be brought into view on this axis, narrowed by each box it passes on the way out.
      let extent = [Math.min(...rects.map((r) => along(r, axis)[0])),
                    Math.max(...rects.map((r) => along(r, axis)[1]))];
      // Whether the text moves inside the box that cuts it: a transform or an animation below that box, or an
      // animation of the box itself (its own transform moves the text along with it).
      let moving = animated.has(text.parentElement);
      for (const box of chainOf(ancestors)) {
        const movedBelow = moving;
        moving = moving || box.moved || box.animated;
        const overflow = box.overflow[axis];
        if (NO_OVERFLOW.has(box.display) || !(HIDES.has(overflow) || SCROLLS.has(overflow))) continue;
        const edges = edgesOf(box, axis);
        if (SCROLLS.has(overflow)) {
          // Text in a scroll container can be scrolled into its box: anywhere its scroll range reaches.
          const el = box.el;
          const reach = Math.max(0, axis === "x" ? el.scrollWidth - el.clientWidth : el.scrollHeight - el.clientHeight);
          extent = [Math.max(edges[0], extent[0] - reach), Math.min(edges[1], extent[1] + reach)];
        } else {
          const cut = [Math.max(0, edges[0] - extent[0]), Math.max(0, extent[1] - edges[1])];
          if (cut[0] > 0.5 || cut[1] > 0.5) {
            clips.push(clipFacts(box, axis, edges, cut, firstLine, movedBelow || box.animated));
          }
          extent = [Math.max(extent[0], edges[0]), Math.min(extent[1], edges[1])];
        }
        if (extent[1] <= extent[0]) break;
      }
      // Nothing before the page's start can be scrolled to.
      const origin = axis === "x" ? -scrollX : -scrollY;
      visible.push(round(Math.max(0, extent[1] - Math.max(extent[0], origin))));
    }
    if (!clips.length) continue;
    const left = Math.min(...rects.map((r) => r.left)), top = Math.min(...rects.map((r) => r.top));
    const fact = {
      selector: selectorOf(text.parentElement || parent),
      text: text.data.trim().replace(/\s+/g, " ").slice(0, 120).trim(),
      box: { x: left + scrollX, y: top + scrollY, width: Math.max(...rects.map((r) => r.right)) - left,
             height: Math.max(...rects.map((r) => r.bottom)) - top },
      font_size: px(own.fontSize), glyph_height: round(firstLine.height), visible, clips,
    };
    lineHeight(own, fact, "line_height");
    out.texts.push(fact);
  }

  // How `box` cuts a text on `axis`. What belongs to the box itself is read once per box.
  function clipFacts(box, axis, edges, cut, firstLine, moving) {
    const { el, s } = box;
    if (!box.facts) {
      const r = el.getBoundingClientRect();
      const height = box.overflow.y === "clip"
        ? r.height - px(s.borderTopWidth) - px(s.borderBottomWidth) - px(s.paddingTop) - px(s.paddingBottom)
        : r.height;
      box.facts = { clipper: selectorOf(el), root: box.root, white_space: s.whiteSpace, text_overflow: s.textOverflow,
                    box_height: round(height),
                    line_clamp: (s.getPropertyValue("-webkit-line-clamp") || "none") !== "none",
                    editor: inEditor(el) };
      lineHeight(s, box.facts, "line_height");
    }
    const [lineStart, lineEnd] = along(firstLine, axis);
    // The box's facts are merged in at the end, once a normal line height has been measured.
    return { axis, overflow: box.overflow[axis], cut: cut.map(round), box: box.facts,
             first_line_cut: round(Math.max(0, edges[0] - lineStart, lineEnd - edges[1])),
             scrolled: Math.abs(axis === "x" ? el.scrollLeft : el.scrollTop) > 0.5, moving };
  }

  // The normal line heights, measured all at once: a block of each font, laid out together.
  const probes = [...normalFonts].map(([key, font]) => {
    const probe = document.createElementNS(XHTML, "div");
    probe.style.cssText = "all: initial; position: absolute; visibility: hidden; display: block; " +
      "white-space: nowrap; line-height: normal;";
    Object.assign(probe.style, font);
    probe.textContent = "Hg";
    root.appendChild(probe);
    return [key, probe];
  });
  const normal = new Map(probes.map(([key, probe]) => [key, probe.getBoundingClientRect().height || null]));
  for (const [, probe] of probes) probe.remove();
  for (const [holder, field, key] of lineHeightSlots) holder[field] = normal.get(key);
  for (const fact of out.texts) fact.clips = fact.clips.map(({ box, ...clip }) => ({ ...box, ...clip }));
  return JSON.stringify(out);
}
