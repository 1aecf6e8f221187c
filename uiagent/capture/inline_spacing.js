// Text spacing fixed in style attributes (WCAG 1.4.12; W3C ACT rules 24afc2, 9e45ec, 78fd32): HTML elements
// whose style attribute declares letter-spacing, word-spacing or line-height with !important and that hold
// visible text of their own. Returns facts only (declared and computed values, font size, line layout, the
// element's box in the frame's viewport); the Python check decides. Starts at the document, not its body (so .svg
// documents work), and walks open shadow roots.
() => {
  const XHTML = "http://www.w3.org/1999/xhtml";
  const PROPERTIES = ["letter-spacing", "word-spacing", "line-height"];
  // These keywords make the value the parent's, which is not important: such an element is not a target.
  const INHERITING = new Set(["inherit", "unset", "revert", "revert-layer"]);
  const PRESERVES_NEWLINES = new Set(["pre", "pre-wrap", "pre-line", "break-spaces"]);
  const composedParent = (el) => el.parentElement || (el.parentNode instanceof ShadowRoot ? el.parentNode.host : null);

  const candidates = [];
  const roots = [document];
  while (roots.length) {
    for (const el of roots.pop().querySelectorAll("*")) {
      if (el.shadowRoot) roots.push(el.shadowRoot);
      if (el.namespaceURI !== XHTML || !el.hasAttribute("style")) continue;
      const important = PROPERTIES.filter((p) => el.style.getPropertyPriority(p) === "important" &&
        !INHERITING.has(el.style.getPropertyValue(p).trim().toLowerCase()));
      if (important.length) candidates.push([el, important]);
    }
  }
  if (!candidates.length) return [];

  // The rectangles that clip el's content: overflow hidden/clip of the boxes in its containing-block chain (an
  // absolutely positioned box escapes non-positioned ancestors), `clip` rects and inset() clip-paths of any
  // ancestor. null: a clip whose shape is not read here, so the text counts as not visible (that can only miss
  // a failure, never add one).
  const HIDES = ["hidden", "clip"];
  function clipsOf(el) {
    const clips = [];
    let escaping = null;  // "absolute" | "fixed": ancestors that are not the box's containing block do not clip it
    for (let a = el; a; a = composedParent(a)) {
      const s = getComputedStyle(a), r = a.getBoundingClientRect();
      if (s.clipPath !== "none") {
        const inset = insetOf(s.clipPath, r);
        if (!inset) return null;
        clips.push(inset);
      }
      const clip = clipRectOf(s, r);
      if (clip === undefined) return null;
      if (clip) clips.push(clip);
      if (escaping === "absolute" && s.position === "static" && !holdsFixed(s)) continue;
      if (escaping === "fixed" && !holdsFixed(s)) continue;
      // The root's and body's overflow apply to the viewport: not a clip of the document's scrollable area.
      const root = a === document.documentElement || a === document.body;
      if (!root && (HIDES.includes(s.overflowX) || HIDES.includes(s.overflowY))) {
        const x = HIDES.includes(s.overflowX), y = HIDES.includes(s.overflowY);
        clips.push({
          left: x ? r.left + parseFloat(s.borderLeftWidth) : -Infinity,
          right: x ? r.right - parseFloat(s.borderRightWidth) : Infinity,
          top: y ? r.top + parseFloat(s.borderTopWidth) : -Infinity,
          bottom: y ? r.bottom - parseFloat(s.borderBottomWidth) : Infinity,
        });
      }
      escaping = s.position === "absolute" || s.position === "fixed" ? s.position : null;
    }
    return clips;
  }

  // A text child that paints something a person can reach: not blank, rendered with a size, in a visible and
  // opaque ancestry, with a painted colour, at least 2 px² of it inside every clip and inside the scrollable page.
  function hasVisibleText(el, s) {
    const texts = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.data.trim());
    if (!texts.length || s.visibility !== "visible") return false;
    if (isTransparent(s.webkitTextFillColor || s.color) && s.textShadow === "none") return false;
    for (let a = el; a; a = composedParent(a)) if (getComputedStyle(a).opacity === "0") return false;
    const clips = clipsOf(el);
    if (!clips) return false;
    for (const text of texts) {
      const range = document.createRange();
      range.selectNodeContents(text);
      for (const r of range.getClientRects()) {
        let left = r.left, top = r.top, right = r.right, bottom = r.bottom;
        for (const c of clips) {
          left = Math.max(left, c.left); top = Math.max(top, c.top);
          right = Math.min(right, c.right); bottom = Math.min(bottom, c.bottom);
        }
        const reachable = right + scrollX > 0 && bottom + scrollY > 0;
        if (reachable && right > left && bottom > top && (right - left) * (bottom - top) >= 2) return true;
      }
    }
    return false;
  }

  // Line boxes met by text rectangles taken in document order: a rectangle starts a new line when it lies lower
  // than the one before and goes back to the start of the line (left, or right in right-to-left text) rather
  // than on along it. So superscripts and subscripts, which go on along their line, add none, while lines
  // whose glyph boxes overlap (a line height under the font's) still count.
  function lineCount(rects, rtl) {
    let lines = 0, previous = null;
    for (const r of rects) {
      if (r.width <= 0 || r.height <= 0) continue;
      const back = previous && (rtl ? r.right >= previous.right - 0.5 : r.left <= previous.left + 0.5);
      if (!previous || (back && r.top > previous.top + 0.5)) lines += 1;
      previous = r;
    }
    return lines;
  }

  // Whether el's text wraps because of its width (a soft wrap), not only at <br>, preserved newlines or block
  // children: "soft" when proven, "none" on a single line or where white-space lets no text wrap, else
  // "unknown". One text node over more lines than its preserved newlines allow proves it; otherwise the lines
  // of el's inline content are compared with its forced breaks. Vertical text is not measured.
  const NO_WRAP = new Set(["pre", "nowrap"]);
  function lineFacts(el, s) {
    const rtl = s.direction === "rtl";
    const rects = [];
    let forced = 0, softWrap = false, mayWrap = false;
    const walk = (parent) => {
      for (const node of parent.childNodes) {
        if (node.nodeType === Node.TEXT_NODE && node.data.trim()) {
          const range = document.createRange();
          range.selectNodeContents(node);
          const own = [...range.getClientRects()];
          // Every preserved newline may end a line (leading and trailing ones too): counting them all can only
          // under-report a soft wrap.
          const whiteSpace = getComputedStyle(parent).whiteSpace;
          const newlines = PRESERVES_NEWLINES.has(whiteSpace) ? (node.data.match(/\n/g) || []).length : 0;
          mayWrap ||= !NO_WRAP.has(whiteSpace);
          forced += newlines;
          if (lineCount(own, rtl) > newlines + 1) softWrap = true;
          rects.push(...own);
        } else if (node.nodeType === Node.ELEMENT_NODE) {
          if (node.localName === "br") { forced += 1; continue; }
          const display = getComputedStyle(node).display;
          if (display === "none") continue;
          if (display === "inline" || display === "contents") walk(node);
          else if (!display.startsWith("inline")) forced += 2;  // a block child breaks the line before and after it
        }
      }
    };
    walk(el);
    const lines = lineCount(rects, rtl);
    const wrap = lines < 2 || !mayWrap ? "none"
      : s.writingMode.startsWith("horizontal") && (softWrap || lines > forced + 1) ? "soft" : "unknown";
    return { lines, forced_breaks: forced, wrap };
  }

  const FONT = ["font-family", "font-size", "font-weight", "font-style", "font-stretch", "font-variant"];
  const found = [];
  for (const [el, important] of candidates) {
    const s = getComputedStyle(el);
    if (!hasVisibleText(el, s)) continue;
    const r = el.getBoundingClientRect();
    const measureNormal = s.lineHeight === "normal" && important.includes("line-height");
    found.push({
      probeFont: measureNormal ? FONT.map((p) => s.getPropertyValue(p)) : null,
      fact: {
        selector: selectorOf(el), font_size: s.fontSize,
        box: { x: r.left, y: r.top, width: r.width, height: r.height },  // in this frame's viewport
        ...(important.includes("line-height") ? lineFacts(el, s) : {}),
        properties: important.map((p) => ({ property: p, declared: el.style.getPropertyValue(p),
                                            computed: s.getPropertyValue(p), normal_px: null })),
      },
    });
  }

  // A normal line-height is font-dependent: measure it on a probe with the element's font. Every probe is added
  // at once, after every other fact is read, so that layout is computed once, not once per element.
  const probes = [];
  for (const { probeFont, fact } of found) {
    if (!probeFont) continue;
    const probe = document.createElementNS(XHTML, "span");
    probe.style.cssText = "all: initial; position: absolute; left: 0; top: 0; visibility: hidden; display: block; " +
      "white-space: nowrap; line-height: normal";
    FONT.forEach((p, i) => probe.style.setProperty(p, probeFont[i]));
    probe.textContent = "Hg";
    document.documentElement.appendChild(probe);
    probes.push([fact.properties.find((p) => p.property === "line-height"), probe]);
  }
  for (const [line, probe] of probes) line.normal_px = probe.getBoundingClientRect().height || null;
  for (const [, probe] of probes) probe.remove();
  return found.map(({ fact }) => fact);
}
