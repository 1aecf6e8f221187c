// Facts for "visible label is part of the accessible name" (ACT 2ee8b8) in one frame.
// arg.op "any": whether some element carries aria-label or aria-labelledby (the probe: on most pages the answer
//   is no and nothing else runs);
// arg.op "candidates": those of them that may have one of arg.roles and have some text in their flat tree, or
//   show an input's value (the accessibility tree is asked about each: fewer is faster);
// arg.op "facts": for arg.elements, the visible inner text as ordered parts, and where each element is.
// The visible inner text follows the rule's definition, not innerText: visually hidden text is left out,
// aria-hidden text that shows is kept, block boxes and <br> separate words and inline boxes do not.
async (arg) => {
  const root = document.documentElement;
  if (!root) return arg.op === "any" ? false : [];
  const labelled = (el) => el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby");
  const VALUE_BUTTONS = ["button", "submit", "reset"];
  const showsValue = (el) => el.localName === "input" && VALUE_BUTTONS.includes((el.type || "").toLowerCase());

  // Children in the flat tree: a host's shadow root, a slot's assigned nodes (or its fallback content).
  const flatChildren = (node) => {
    if (node.localName === "slot" && node.getRootNode() instanceof ShadowRoot) {
      const assigned = node.assignedNodes({ flatten: true });
      if (assigned.length) return assigned;
    }
    return (node.shadowRoot || node).childNodes;
  };
  const flatParent = (node) => {
    if (node.assignedSlot) return node.assignedSlot;
    const parent = node.parentNode;
    return parent instanceof ShadowRoot ? parent.host : parent instanceof Element ? parent : null;
  };
  const hasText = (node) => {
    for (const child of flatChildren(node)) {
      const found = child.nodeType === Node.TEXT_NODE ? /\S/.test(child.data)
        : child.nodeType === Node.ELEMENT_NODE && hasText(child);
      if (found) return true;
    }
    return false;
  };

  if (arg.op === "any") {
    for (const el of allElements(document)) if (labelled(el)) return true;
    return false;
  }
  if (arg.op === "candidates") {
    // Whether the element may have one of the roles: one named in its role attribute, or an element whose
    // native role may be one (a link, a button, an option, a grid's cell; a custom element may set its own).
    const roles = new Set(arg.roles);
    const NATIVE = new Set(["a", "area", "button", "input", "option", "td", "th"]);
    const mayHaveRole = (el) => (el.getAttribute("role") || "").toLowerCase().split(/\s+/).some((r) => roles.has(r))
      || NATIVE.has(el.localName) || el.localName.includes("-");
    const found = [];
    for (const el of allElements(document)) {
      if (labelled(el) && mayHaveRole(el) && (showsValue(el) || hasText(el))) found.push(el);
    }
    return found;
  }

  // (A font whose file never arrives must not stall the audit: its fallback is what is shown meanwhile.)
  if (document.fonts) await Promise.race([document.fonts.ready, new Promise((resolve) => setTimeout(resolve, 3000))]);
  const scrollWidth = Math.max(root.scrollWidth, document.body ? document.body.scrollWidth : 0);
  const scrollHeight = Math.max(root.scrollHeight, document.body ? document.body.scrollHeight : 0);
  const styles = new Map();
  const styleOf = (el) => {
    let s = styles.get(el);
    if (!s) { s = getComputedStyle(el); styles.set(el, s); }
    return s;
  };
  const alphaOf = (colour) => {
    const m = /\/\s*([\d.]+%?)\s*\)$|rgba\([^)]*,\s*([\d.]+)\s*\)$/.exec(colour || "");
    if (colour === "transparent") return 0;
    if (!m) return 1;
    const value = m[1] || m[2];
    return value.endsWith("%") ? parseFloat(value) / 100 : parseFloat(value);
  };
  const intersect = (a, b) => (!a ? b : !b ? a : {
    left: Math.max(a.left, b.left), top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom),
  });
  const boxOf = (r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });

  // What paints an element and all of its descendants, whatever their positioning: opacity, `clip`,
  // `clip-path`, masks and filters; and whether a background is painted through their text's glyphs.
  // {hidden, uncertain, region (viewport coordinates, null: unbounded), opacity, backgroundInText}.
  const paintStates = new Map();
  const BASIC_SHAPE = /^(inset|circle|ellipse|polygon|rect|xywh|path|shape)\(/;
  function paintState(el) {
    if (!el) return { hidden: false, uncertain: false, region: null, opacity: 1, backgroundInText: false };
    let state = paintStates.get(el);
    if (state) return state;
    const outer = paintState(flatParent(el));
    const s = styleOf(el);
    state = { ...outer };
    if (s.backgroundClip === "text" || s.webkitBackgroundClip === "text") state.backgroundInText = true;
    if (s.display !== "contents") {
      const opacity = outer.opacity * parseFloat(s.opacity);
      state.opacity = opacity;
      if (opacity === 0) state.hidden = true;
      else if (opacity < 0.1) state.uncertain = true;
      const box = boxOf(el.getBoundingClientRect());
      const clip = clipRectOf(s, box);
      if (clip === undefined) state.uncertain = true;
      else if (clip) state.region = intersect(state.region, clip);
      const path = s.clipPath;
      if (path && path !== "none") {
        if (BASIC_SHAPE.test(path)) {
          const inset = insetOf(path, box);
          state.region = intersect(state.region, inset || box);
          if (!inset) state.uncertain = true;  // the shape may hide more than its box
        } else {
          state.uncertain = true;
        }
      }
      const mask = s.maskImage || s.webkitMaskImage;
      if ((mask && mask !== "none") || (s.filter && s.filter !== "none")) state.uncertain = true;
    }
    paintStates.set(el, state);
    return state;
  }

  // The overflow clip that applies to content laid out in an element: its own `overflow: hidden|clip` box and
  // the clips of the ancestors its own box is laid out in (an absolutely positioned box escapes the clips of
  // ancestors below its containing block; a fixed one those below a transformed ancestor). Scrollable boxes
  // do not hide: their content can be scrolled to. The root's overflow is the viewport's, checked apart.
  const overflowStates = new Map();
  function containingAncestor(el, position) {
    for (let up = flatParent(el); up; up = flatParent(up)) {
      const s = styleOf(up);
      if (position === "fixed" ? holdsFixed(s) : s.position !== "static" || holdsFixed(s)) return up;
    }
    return null;
  }
  function overflowRegion(el) {
    if (!el || el === root) return null;
    if (overflowStates.has(el)) return overflowStates.get(el);
    const s = styleOf(el);
    const laidOutIn = s.position === "absolute" || s.position === "fixed"
      ? containingAncestor(el, s.position) : flatParent(el);
    let region = overflowRegion(laidOutIn);
    const propagated = el === document.body
      && styleOf(root).overflowX === "visible" && styleOf(root).overflowY === "visible";
    const clipsX = ["hidden", "clip"].includes(s.overflowX), clipsY = ["hidden", "clip"].includes(s.overflowY);
    if ((clipsX || clipsY) && !propagated && s.display !== "inline" && s.display !== "contents") {
      const r = el.getBoundingClientRect();
      const left = r.left + el.clientLeft, top = r.top + el.clientTop;
      region = intersect(region, {
        left: clipsX ? left : -1e9, right: clipsX ? left + el.clientWidth : 1e9,
        top: clipsY ? top : -1e9, bottom: clipsY ? top + el.clientHeight : 1e9,
      });
    }
    overflowStates.set(el, region);
    return region;
  }

  // visible | uncertain | hidden, for boxes (viewport coordinates) painted as part of `el`.
  function visibilityOf(rects, el) {
    const s = styleOf(el);
    if (s.visibility !== "visible" || !rects.length) return "hidden";
    const paint = paintState(el);
    if (paint.hidden) return "hidden";
    let uncertain = paint.uncertain;
    const region = intersect(paint.region, overflowRegion(el));
    let widest = 0, tallest = 0, onPage = false;
    for (const r of rects) {
      const shown = region ? intersect(boxOf(r), region) : boxOf(r);
      widest = Math.max(widest, shown.right - shown.left);
      tallest = Math.max(tallest, shown.bottom - shown.top);
      // Wholly before the document's start, or past its end, no scrolling brings it into view.
      onPage = onPage || (r.right + scrollX > 0 && r.bottom + scrollY > 0
                          && r.left + scrollX < scrollWidth && r.top + scrollY < scrollHeight);
    }
    if (widest < 1 || tallest < 1 || !onPage) return "hidden";
    if (widest <= 2 || tallest <= 2) uncertain = true;
    return uncertain ? "uncertain" : "visible";
  }
  // Text drawn in a fully transparent colour, with nothing else to draw it, paints nothing (a background
  // clipped to the text, as in gradient headings, draws it).
  function inkOf(el, s) {
    if (paintState(el).backgroundInText) return "visible";
    const fill = alphaOf(s.webkitTextFillColor || s.color);
    const drawn = Math.max(fill, s.textShadow !== "none" ? 1 : 0,
                           parseFloat(s.webkitTextStrokeWidth || "0") > 0 ? alphaOf(s.webkitTextStrokeColor) : 0);
    return drawn === 0 ? "hidden" : drawn < 0.1 ? "uncertain" : "visible";
  }

  // Icon fonts draw words or private-use characters as pictures (Material Icons, Font Awesome, Glyphicons...).
  const ICON_FONT = /icon|material symbols|awesome|^fa[ -]|feather|icomoon|fontello/i;
  const unquote = (family) => family.trim().replace(/^["']|["']$/g, "");
  const loadedFamilies = new Set();
  if (document.fonts) {
    for (const face of document.fonts) {
      if (face.status === "loaded") loadedFamilies.add(unquote(face.family).toLowerCase());
    }
  }
  const REPLACED = new Set(["img", "svg", "canvas", "video", "picture", "iframe", "object", "embed", "input",
                            "select", "textarea", "meter", "progress", "audio"]);
  // Whether an element draws something of its own (an image, a background, a border, a shadow).
  function paintsItself(el, s) {
    if (s.visibility !== "visible") return false;
    if (REPLACED.has(el.localName)) return true;
    return s.boxShadow !== "none" || paintsBackgroundOrBorder(s);
  }
  const rectOf = (r) => [r.left, r.top, r.width, r.height];
  // A control inside the control (a tree item's child items, a link in a card): its text is the rule's label
  // of the outer one too, though people may well not take it as such.
  const CONTROL_ROLES = new Set(["button", "checkbox", "gridcell", "link", "menuitem", "menuitemcheckbox",
    "menuitemradio", "option", "radio", "switch", "tab", "treeitem", "group", "listbox", "menu", "tree", "grid"]);
  const isControl = (el) => CONTROL_ROLES.has((el.getAttribute("role") || "").trim().split(/\s+/)[0])
    || (el.localName === "a" && el.hasAttribute("href"))
    || ["button", "input", "select", "textarea"].includes(el.localName);

  // Text of a ::before or ::after box: its quoted strings and attr() values (counters, quotes and images are
  // left out). Not part of the rule's visible inner text, but it shows: the decision tries the label with it.
  function generated(el, which, out) {
    const s = getComputedStyle(el, which);
    const content = s.content;
    if (["none", "normal", ""].includes(content) || s.display === "none" || s.visibility !== "visible") return;
    let text = "";
    const value = content.split(/\s\/\s/)[0];
    const token = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|attr\(\s*([\w-]+)\s*\)/gi;
    for (let m; (m = token.exec(value));) {
      if (m[3]) text += el.getAttribute(m[3]) || "";
      else text += (m[1] ?? m[2]).replace(/\\(.)/g, "$1");
    }
    if (text && visibilityOf(Array.from(el.getClientRects()), el) !== "hidden") {
      out.parts.push({ text, kind: "generated", vis: "visible" });
    }
  }

  // Appends the visible inner text of `node` to out.parts; returns whether anything of it paints.
  function walk(node, out, top) {
    if (node.nodeType === Node.TEXT_NODE) {
      if (!/\S/.test(node.data)) { out.parts.push({ text: " ", kind: "sep" }); return false; }
      const parent = flatParent(node);  // a slot, a shadow root's host, or the parent element
      const s = styleOf(parent);
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 || r.height > 0);
      let vis = visibilityOf(rects, parent);
      if (vis !== "hidden") {
        const ink = inkOf(parent, s);
        vis = ink === "hidden" ? "hidden" : ink === "uncertain" ? "uncertain" : vis;
      }
      if (vis === "hidden") return false;
      const family = unquote(s.fontFamily.split(",")[0]);
      const part = { text: node.data.replace(/\s+/g, " "), kind: "text", vis,
                     start: rectOf(rects[0]), end: rectOf(rects[rects.length - 1]), rtl: s.direction === "rtl",
                     kbd: out.inKbd > 0 };
      if (ICON_FONT.test(family)) {
        part.kind = "icon";
        part.font_loaded = loadedFamilies.has(family.toLowerCase());
      }
      out.parts.push(part);
      return true;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return false;
    const el = node, s = styleOf(el);
    if (s.display === "none") return false;
    const contents = s.display === "contents";
    if (!contents && !el.getClientRects().length) return false;
    if (el.localName === "br") { out.parts.push({ text: "\n", kind: "sep" }); return false; }
    if (el.localName === "abbr") out.hasAbbr = true;
    if (!top && isControl(el)) out.nestedControl = true;
    const outer = s.display.split(" ")[0];
    const separator = top || contents ? "" : outer === "table-caption" || ["block", "flow-root", "list-item", "flex",
      "grid", "table"].includes(outer) ? "\n" : outer === "table-cell" || outer === "table-row" ? " " : "";
    const start = out.parts.length;
    if (separator) out.parts.push({ text: separator, kind: "sep" });
    let painted = !contents && paintsItself(el, s);
    if (!contents) generated(el, "::before", out);
    const kbd = el.localName === "kbd";  // keys: a shortcut hint shown with the label ("Search Ctrl K")
    if (kbd) out.inKbd++;
    for (const child of flatChildren(el)) painted = walk(child, out, false) || painted;
    if (kbd) out.inKbd--;
    if (!contents) generated(el, "::after", out);
    if (separator) out.parts.push({ text: separator, kind: "sep" });
    const ownParts = out.parts.length - start;
    if (!painted && !top && !out.parts.slice(start).some((p) => p.kind === "generated")) {
      // Rendered but invisible: a space where it takes room, nothing where it takes none.
      out.parts.splice(start, ownParts, ...(el.getBoundingClientRect().width > 0 ? [{ text: " ", kind: "sep" }] : []));
    }
    return painted;
  }

  return arg.elements.map((el) => {
    const out = { parts: [], hasAbbr: false, nestedControl: false, inKbd: 0 };
    const r = el.getBoundingClientRect();
    let inputValue = null;
    if (showsValue(el)) {
      const type = el.type.toLowerCase();
      inputValue = el.value || (type === "submit" ? "Submit" : type === "reset" ? "Reset" : "");
      if (visibilityOf(Array.from(el.getClientRects()), el) === "hidden") inputValue = null;
    } else {
      walk(el, out, true);
    }
    return {
      selector: selectorOf(el), box: { x: r.left, y: r.top, width: r.width, height: r.height },
      parts: out.parts, has_abbr: out.hasAbbr, nested_control: out.nestedControl, input_value: inputValue,
    };
  });
}
