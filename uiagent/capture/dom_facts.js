// Gathers the DOM facts of a page in one evaluate() round trip.
// Boxes are in document CSS px; open shadow roots are walked; counts are capped so huge pages stay bounded.
(maxElements) => {
  const scrollX = window.scrollX, scrollY = window.scrollY;
  const out = {
    url: location.href,
    title: document.title || "",
    lang: document.documentElement.getAttribute("lang") || "",
    viewport_width: window.innerWidth,
    viewport_height: window.innerHeight,
    scroll_width: Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0),
    scroll_height: Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0),
    elements: [], text_runs: [], focusables: [], images: [], truncated: false,
  };

  const IMPLICIT_ROLES = {
    button: "button", nav: "navigation", main: "main", header: "banner", footer: "contentinfo",
    aside: "complementary", form: "form", select: "combobox", textarea: "textbox", ul: "list", ol: "list",
    li: "listitem", table: "table", h1: "heading", h2: "heading", h3: "heading", h4: "heading",
    h5: "heading", h6: "heading", dialog: "dialog", progress: "progressbar", summary: "button",
  };
  const INPUT_ROLES = {
    checkbox: "checkbox", radio: "radio", range: "slider", button: "button", submit: "button",
    reset: "button", image: "button", search: "searchbox", number: "spinbutton",
  };
  const FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary, iframe, [tabindex], [contenteditable=''], [contenteditable=true]";

  const toBox = (r) => ({ x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height });

  function roleOf(el) {
    const explicit = el.getAttribute("role");
    if (explicit) return explicit.split(/\s+/)[0];
    const tag = el.localName;
    if (tag === "a") return el.hasAttribute("href") ? "link" : null;
    if (tag === "img") return el.getAttribute("alt") === "" ? "presentation" : "img";
    if (tag === "input") return INPUT_ROLES[(el.getAttribute("type") || "text").toLowerCase()] || "textbox";
    return IMPLICIT_ROLES[tag] || null;
  }

  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();

  function nameOf(el) {
    const labelledby = el.getAttribute("aria-labelledby");
    if (labelledby) {
      const text = labelledby.split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean)
        .map((n) => n.textContent).join(" ");
      if (clean(text)) return clean(text);
    }
    const aria = el.getAttribute("aria-label");
    if (clean(aria)) return clean(aria);
    const tag = el.localName;
    if (tag === "img" || (tag === "input" && el.type === "image")) {
      if (el.hasAttribute("alt")) return clean(el.getAttribute("alt"));
    }
    if (el.labels && el.labels.length) return clean(Array.from(el.labels).map((l) => l.textContent).join(" "));
    if (tag === "input" && ["button", "submit", "reset"].includes(el.type)) return clean(el.value);
    const role = roleOf(el);
    if (["button", "link", "heading", "checkbox", "radio", "tab", "menuitem", "option", "listitem"].includes(role) ||
        tag === "label" || tag === "summary") {
      // Name from content, counting the alt text of images inside (an icon link's only name).
      let text = "";
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let n = walker.currentNode; n; n = walker.nextNode()) {
        if (n.nodeType === Node.TEXT_NODE) text += n.textContent;
        else if (n.localName === "img") text += " " + (n.getAttribute("alt") || "") + " ";
        else if (n !== el && n.getAttribute("aria-label")) text += " " + n.getAttribute("aria-label") + " ";
      }
      if (clean(text)) return clean(text);
    }
    if (tag === "input" || tag === "textarea") {
      if (clean(el.getAttribute("placeholder"))) return clean(el.getAttribute("placeholder"));
    }
    return clean(el.getAttribute("title"));
  }

  const styleCache = new Map();
  const styleOf = (el) => {
    let s = styleCache.get(el);
    if (!s) { s = getComputedStyle(el); styleCache.set(el, s); }
    return s;
  };

  // The parent in the composed tree: a shadow root's top elements have its host as parent.
  const composedParent = (n) => n.parentElement || (n.getRootNode() instanceof ShadowRoot ? n.getRootNode().host : null);

  const TRANSPARENT = /^(transparent|rgba\(\d+,\s*\d+,\s*\d+,\s*0\))$/;
  function backgroundOf(el) {
    let hasImage = false;
    for (let node = el; node; node = composedParent(node)) {
      const s = styleOf(node);
      if (s.backgroundImage && s.backgroundImage !== "none") hasImage = true;
      if (!TRANSPARENT.test(s.backgroundColor)) return { color: s.backgroundColor, image: hasImage };
    }
    return { color: "rgb(255, 255, 255)", image: hasImage };
  }

  function isRendered(el, s) {
    return s.display !== "none" && s.visibility !== "hidden" && s.visibility !== "collapse" && parseFloat(s.opacity) > 0;
  }

  // A link in a block of text (WCAG 1.4.1): the block around it, and the styles that set it apart from the
  // block's text other than colour (as axe's link-in-text-block compares them).
  const blockText = new Map();  // block -> has text outside links
  function hasOwnText(block) {
    if (!blockText.has(block)) {
      let found = false;
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n && !found; n = walker.nextNode()) {
        found = !!n.textContent.trim() && !(n.parentElement && n.parentElement.closest("a[href]"));
      }
      blockText.set(block, found);
    }
    return blockText.get(block);
  }
  const visibleLine = (st, side) => parseFloat(st[`${side}Width`]) > 0 && st[`${side}Style`] !== "none" &&
    !TRANSPARENT.test(st[`${side}Color`]);
  function linkInText(link, s) {
    let block = composedParent(link);
    while (block && styleOf(block).display.startsWith("inline")) block = composedParent(block);
    if (!block || !link.textContent.trim() || !hasOwnText(block)) return {};
    const b = styleOf(block);
    const distinct = [];
    if (s.backgroundImage !== "none") distinct.push("background-image");
    for (const side of ["borderBottom", "borderTop", "outline"]) if (visibleLine(s, side)) distinct.push(side);
    for (const [property, label] of [["textDecorationLine", "text-decoration"], ["textDecorationStyle", "text-decoration-style"],
                                     ["fontWeight", "font-weight"], ["fontStyle", "font-style"], ["fontSize", "font-size"]]) {
      if (s[property] !== b[property] && !(property === "textDecorationStyle" && s.textDecorationLine === "none")) distinct.push(label);
    }
    return { text_block: selectorOf(block), text_block_color: b.color, distinct_styles: distinct };
  }

  // Walk the tree (open shadow roots included), keeping elements that are rendered with a non-empty box.
  const stack = [document.documentElement];
  const visited = [];
  while (stack.length) {
    const el = stack.pop();
    if (visited.length >= maxElements) { out.truncated = true; break; }
    const s = styleOf(el);
    if (s.display === "none") continue;
    visited.push(el);
    const kids = el.shadowRoot ? [...el.shadowRoot.children, ...el.children] : [...el.children];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }

  for (const el of visited) {
    const s = styleOf(el);
    if (!isRendered(el, s)) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width <= 0 || rect.height <= 0) {
      if (el.localName !== "img") continue;
    }
    const tag = el.localName;
    const box = toBox(rect);
    const role = roleOf(el);
    const needsName = role || tag === "img" || el.matches(FOCUSABLE);
    const name = needsName ? nameOf(el) : "";
    out.elements.push({ selector: selectorOf(el), tag, box, role, name });

    if (el.matches(FOCUSABLE) && !el.disabled && el.tabIndex >= 0 && rect.width > 0 && rect.height > 0) {
      // Inline in a sentence: the target-size exception for targets constrained by the line of text.
      const parent = el.parentElement;
      const inline = s.display === "inline" && !!parent &&
        [...parent.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      // A link on a line of a block of text is inline too, though its own parent holds no text.
      const link = tag === "a" && s.display === "inline" ? linkInText(el, s) : {};
      out.focusables.push({ selector: selectorOf(el), tag, box, tabindex: el.tabIndex, role, name,
                            inline: inline || !!link.text_block, color: s.color, ...link });
    }

    if (tag === "img") {
      out.images.push({
        selector: selectorOf(el), src: el.currentSrc || el.getAttribute("src") || "",
        alt: el.hasAttribute("alt") ? el.getAttribute("alt") : null, box,
        loaded: el.complete && el.naturalWidth > 0, natural_width: el.naturalWidth, natural_height: el.naturalHeight,
      });
    }

    // Direct text of this element: the union box of its own non-blank text nodes.
    let text = "", left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    for (const child of el.childNodes) {
      if (child.nodeType !== Node.TEXT_NODE || !child.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(child);
      for (const r of range.getClientRects()) {
        if (r.width <= 0 || r.height <= 0) continue;
        left = Math.min(left, r.left); top = Math.min(top, r.top);
        right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
      }
      text += child.textContent;
    }
    if (text.trim() && right > left && bottom > top) {
      const bg = backgroundOf(el);
      const clips = ["hidden", "clip"].includes(s.overflowX) || ["hidden", "clip"].includes(s.overflowY);
      out.text_runs.push({
        selector: selectorOf(el), text: clean(text).slice(0, 500),
        box: toBox({ left, top, width: right - left, height: bottom - top }),
        color: s.color, background_color: bg.color, background_image: bg.image,
        font_size_px: parseFloat(s.fontSize), font_weight: parseInt(s.fontWeight, 10) || 400,
        opacity: parseFloat(s.opacity),
        clips_overflow: clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1),
      });
    }
  }

  // Keyboard order: positive tabindex first (ascending), then document order.
  out.focusables = out.focusables
    .map((f, i) => [f, i])
    .sort(([a, i], [b, j]) => {
      const ka = a.tabindex > 0 ? a.tabindex : Infinity, kb = b.tabindex > 0 ? b.tabindex : Infinity;
      return ka === kb ? i - j : ka - kb;
    })
    .map(([f]) => f);
  return out;
}
