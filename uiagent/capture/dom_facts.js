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
    elements: [], text_runs: [], focusables: [], images: [], painted_images: [], truncated: false,
  };

  const IMPLICIT_ROLES = {
    button: "button", nav: "navigation", main: "main", header: "banner", footer: "contentinfo",
    aside: "complementary", form: "form", select: "combobox", textarea: "textbox", ul: "list", ol: "list",
    li: "listitem", table: "table", h1: "heading", h2: "heading", h3: "heading", h4: "heading",
    h5: "heading", h6: "heading", dialog: "dialog", progress: "progressbar", summary: "button",
    option: "option", fieldset: "group", optgroup: "group", details: "group",
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

  function backgroundOf(el) {
    let hasImage = false;
    for (let node = el; node; node = composedParent(node)) {
      const s = styleOf(node);
      if (s.backgroundImage && s.backgroundImage !== "none") hasImage = true;
      if (!isTransparent(s.backgroundColor)) return { color: s.backgroundColor, image: hasImage };
    }
    return { color: "rgb(255, 255, 255)", image: hasImage };
  }

  function isRendered(el, s) {
    return s.display !== "none" && s.visibility !== "hidden" && s.visibility !== "collapse" && parseFloat(s.opacity) > 0;
  }

  // A link in a block of text (WCAG 1.4.1): the block around it, and the styles that set it apart from the
  // block's text other than colour (as axe's link-in-text-block compares them).
  const blockText = new Map();  // block -> has text outside links
  const HUMAN_TEXT = /[\p{L}\p{N}]/u;
  function hasOwnText(block) {
    if (!blockText.has(block)) {
      let found = false;
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      // Text in human language (a letter or a digit): links between separators ("Home | About") or in a list
      // of links are not in a block of text.
      for (let n = walker.nextNode(); n && !found; n = walker.nextNode()) {
        found = HUMAN_TEXT.test(n.textContent) && !(n.parentElement && n.parentElement.closest("a[href]"));
      }
      blockText.set(block, found);
    }
    return blockText.get(block);
  }
  const visibleLine = (st, side) => parseFloat(st[`${side}Width`]) > 0 && st[`${side}Style`] !== "none" &&
    !isTransparent(st[`${side}Color`]);
  const firstFont = (st) => st.fontFamily.split(",")[0].trim().replace(/^["']|["']$/g, "").toLowerCase();
  // How an element's text looks apart from its colour: font (first family), weight, style and size (FONT_CUES).
  const fontLook = (st) => [firstFont(st), st.fontWeight, st.fontStyle, st.fontSize].join("|");
  const FONT_CUES = ["font-family", "font-weight", "font-style", "font-size"];
  // The looks of the text in `root` and how many characters each sets: all of it, or (`plainOnly`) only what is
  // outside links.
  function textLooks(root, plainOnly) {
    const looks = new Map();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!HUMAN_TEXT.test(n.textContent) || !n.parentElement) continue;
      if (plainOnly && n.parentElement.closest("a[href]")) continue;
      const look = fontLook(styleOf(n.parentElement));
      looks.set(look, (looks.get(look) || 0) + n.textContent.trim().length);
    }
    return looks;
  }
  const blockLooks = new Map();  // block -> the looks of its text outside links (a block holds many links)
  const plainLooks = (block) => {
    if (!blockLooks.has(block)) blockLooks.set(block, textLooks(block, true));
    return blockLooks.get(block);
  };
  // The block of text an inline link sits on a line of: the nearest block around it that holds text of its own.
  function textBlockOf(link) {
    let block = composedParent(link);
    while (block && styleOf(block).display.startsWith("inline")) block = composedParent(block);
    return block && link.textContent.trim() && hasOwnText(block) ? block : null;
  }
  // How a link in `block` is set apart from the block's text, for 1.4.1. Its line fragments: where its colour is
  // painted (its box, once it wraps, holds the text around it on both lines).
  function linkInText(link, s, block) {
    const b = styleOf(block);
    const lines = [...link.getClientRects()].filter((r) => r.width > 0 && r.height > 0).slice(0, 20).map(toBox);
    const found = (distinct, shared = false) => ({ text_block: selectorOf(block), text_block_color: b.color,
                                                    distinct_styles: distinct, cue_shared: shared, lines });
    const distinct = [];
    if (s.backgroundImage !== "none") distinct.push("background-image");
    for (const side of ["borderBottom", "borderTop", "outline"]) if (visibleLine(s, side)) distinct.push(side);
    for (const [property, label] of [["textDecorationLine", "text-decoration"], ["textDecorationStyle", "text-decoration-style"]]) {
      if (s[property] !== b[property] && !(property === "textDecorationStyle" && s.textDecorationLine === "none")) distinct.push(label);
    }
    if (distinct.length) return found(distinct);
    // The font: what the link's text is set in against the font of the text it sits in: the block's own, where
    // text around the link outside links is set in it, else the one most of that text is set in (a label whose
    // words all sit in a span of the link's font). That font is no cue; another is one (a link set in code in a
    // sentence of prose), unless other text around it is set in it too (code that is no link beside it): that sets
    // the link apart from the prose, not from that text, which only colour then tells from it: a person decides.
    const linkLooks = [...textLooks(link, false).keys()], plain = plainLooks(block);
    const main = plain.has(fontLook(b)) ? fontLook(b)
      : [...plain.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best), ["", 0])[0];
    if (!linkLooks.length || linkLooks.includes(main)) return found([]);
    const mainLook = main.split("|");
    const fonts = FONT_CUES.filter((_, i) => linkLooks.every((look) => look.split("|")[i] !== mainLook[i]));
    return found(fonts.length ? fonts : ["font"], linkLooks.some((look) => plain.has(look)));
  }

  // What WCAG 1.4.3 exempts, decided from the DOM as ACT rule afw4f7 does. Inactive text: text of a disabled
  // widget or group, or of an element that names a disabled widget. Text that expresses nothing in human
  // language: no letter or digit at all (separators, arrows, stars), or a glyph of one or two characters in a
  // widget whose name, given by aria-label(ledby), says something else (an "X" named "Close").
  const WIDGET_ROLES = new Set(["button", "checkbox", "combobox", "grid", "gridcell", "link", "listbox", "menu",
    "menubar", "menuitem", "menuitemcheckbox", "menuitemradio", "option", "progressbar", "radio", "radiogroup",
    "row", "scrollbar", "searchbox", "separator", "slider", "spinbutton", "switch", "tab", "tablist", "textbox",
    "tree", "treegrid", "treeitem", "columnheader", "rowheader"]);
  const GROUP_ROLES = new Set(["group", "row", "listbox", "menu", "menubar", "radiogroup", "toolbar", "tree", "treegrid"]);
  const FORM_CONTROLS = new Set(["button", "input", "select", "textarea", "option", "optgroup"]);
  const ariaTrue = (el, name) => (el.getAttribute(name) || "").trim().toLowerCase() === "true";
  // Whether a pointer can reach some of the element: some of it is left by the boxes hiding overflow around it
  // (shownRect), and that part lies where scrolling brings it into view: the viewport for a box on a fixed layer,
  // the document's scrollable area for any other. A closed off-canvas drawer (fixed, past the viewport's edge) and
  // a skip link parked at left: -9999px are not reachable until something moves them.
  const clipOf = contentClips(), onViewport = viewportLayer();
  function reachable(el, rect) {
    const shown = shownRect(rect, el, false, clipOf);
    if (!shown) return false;
    if (onViewport(el)) return shown.right > 0 && shown.left < innerWidth && shown.bottom > 0 && shown.top < innerHeight;
    const scroller = document.scrollingElement || document.documentElement;
    // (a right-to-left document scrolls to the left of its origin)
    const minX = styleOf(scroller).direction === "rtl" ? scroller.clientWidth - scroller.scrollWidth : 0;
    return shown.right + scrollX > minX && shown.left + scrollX < minX + scroller.scrollWidth &&
      shown.bottom + scrollY > 0 && shown.top + scrollY < scroller.scrollHeight;
  }

  function isDisabled(el) {
    // :disabled on a control covers its own attribute and a disabled fieldset around it (outside its legend).
    if (FORM_CONTROLS.has(el.localName) && el.matches(":disabled")) return true;
    if (ariaTrue(el, "aria-disabled")) return true;
    if (el.matches(FOCUSABLE)) {
      for (let node = composedParent(el); node; node = composedParent(node)) if (ariaTrue(node, "aria-disabled")) return true;
    }
    return false;
  }
  let disabledLabels = null;  // elements that name a disabled widget, found on first need
  function labelsOfDisabledWidgets() {
    if (disabledLabels) return disabledLabels;
    disabledLabels = new Set();
    for (const widget of visited) {
      if (!(widget.matches(":disabled") || widget.hasAttribute("aria-disabled") || widget.closest("[aria-disabled]"))) continue;
      if (!WIDGET_ROLES.has(roleOf(widget)) || !isDisabled(widget)) continue;
      const root = widget.getRootNode();
      const ids = (widget.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
      const named = ids.map((id) => root.getElementById ? root.getElementById(id) : document.getElementById(id)).filter(Boolean);
      if (named.length) named.forEach((n) => disabledLabels.add(n));
      else if (!clean(widget.getAttribute("aria-label")) && widget.labels) [...widget.labels].forEach((l) => disabledLabels.add(l));
    }
    return disabledLabels;
  }
  function contrastExemption(el, text) {
    for (let node = el; node; node = composedParent(node)) {
      const role = roleOf(node);
      if ((WIDGET_ROLES.has(role) || GROUP_ROLES.has(role)) && isDisabled(node)) return `inactive: part of the disabled ${selectorOf(node)}`;
      if (labelsOfDisabledWidgets().has(node)) return `inactive: names a disabled control (${selectorOf(node)})`;
    }
    const trimmed = text.trim();
    if (!/[\p{L}\p{N}]/u.test(trimmed)) return "not human language: no letter or digit";
    if ([...trimmed].length <= 2) {
      for (let node = el; node; node = composedParent(node)) {
        if (!WIDGET_ROLES.has(roleOf(node))) continue;
        const label = clean(node.getAttribute("aria-label")) ||
          clean((node.getAttribute("aria-labelledby") || "").split(/\s+/).map((id) => (node.getRootNode().getElementById
            ? node.getRootNode().getElementById(id) : null)).filter(Boolean).map((n) => n.textContent).join(" "));
        const words = label.toLowerCase().split(/[^\p{L}\p{N}]+/u);
        if (label && !words.includes(trimmed.toLowerCase())) return `not human language: the glyph "${trimmed}" of a control named "${label}"`;
        break;
      }
    }
    return null;
  }
  // How the text is painted beyond its colour: what makes its pixels differ from "colour on background".
  const opacityCache = new Map();
  function paintedOpacity(el) {
    if (!el) return 1;
    if (!opacityCache.has(el)) opacityCache.set(el, parseFloat(styleOf(el).opacity) * paintedOpacity(composedParent(el)));
    return opacityCache.get(el);
  }
  function textEffects(el, s) {
    const effects = [];
    if (s.textShadow && s.textShadow !== "none") effects.push("text-shadow");
    if (s.webkitTextFillColor && s.webkitTextFillColor !== s.color) effects.push("text-fill-color");
    if (s.backgroundClip === "text" || s.webkitBackgroundClip === "text") effects.push("background-clip-text");
    if (parseFloat(s.webkitTextStrokeWidth) > 0) effects.push("text-stroke");
    for (let node = el; node; node = composedParent(node)) {
      const ns = styleOf(node);
      if ((ns.filter && ns.filter !== "none") || (ns.mixBlendMode && ns.mixBlendMode !== "normal")) { effects.push("filter-or-blend"); break; }
    }
    return effects;
  }
  const XHTML = "http://www.w3.org/1999/xhtml";
  const MAX_LINES = 200;

  // Every image resource the page paints, for the images-of-text check (WCAG 1.4.5, ACT 0va7u6): img, input
  // type=image, object holding a raster image, SVG image and CSS background images (one entry per element: the
  // check reads the painted box, whatever the layers). With the cues a person weighs: names, classes and file
  // name (a logo?), a banner or home link around it, the text beside it and its figure's caption (essential?),
  // and for a background what else paints inside its box (text, images, controls) to leave out of its pixels.
  const resources = new Map(performance.getEntriesByType("resource").map((entry) => [entry.name, entry]));
  const RASTER = /^data:image\/(?!svg)|\.(png|jpe?g|gif|webp|avif|bmp)([?#]|$)/i;
  const PAINTS_ITS_OWN = "img, svg, canvas, video, iframe, object, embed, input, select, textarea";
  // Fetched and not failed. A missing entry is unknown: what a broken image paints instead is its alt text for
  // an input type=image (which OCR would read), nothing for a CSS background or an SVG image.
  function fetched(url, unknown) {
    if (/^(data|blob):/i.test(url)) return true;
    const entry = resources.get(url);
    if (!entry) return unknown;
    return entry.responseStatus ? entry.responseStatus >= 200 && entry.responseStatus < 300 : entry.decodedBodySize > 0 || unknown;
  }
  // The text a form control draws itself, in its box over its own background (a select's chevron, a search icon):
  // its value, its placeholder when empty, the option a select shows (all of a list box's). Real text, though no
  // text run holds it.
  function controlText(el) {
    if (el instanceof HTMLSelectElement) {
      const shown = el.multiple || el.size > 1 ? [...el.options] : [...el.selectedOptions];
      return shown.slice(0, 50).map((option) => option.label).join(" ");
    }
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return el.value || el.placeholder || "";
    return "";
  }
  const around = (el) => [el.previousElementSibling, el.nextElementSibling]
    .map((sibling) => sibling ? clean(sibling.textContent.slice(0, 400)) : "")
    .concat([...(el.parentNode ? el.parentNode.childNodes : [])].filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => clean(n.textContent)))
    .filter(Boolean).join(" ").slice(0, 300);
  function paintedImage(el, s, tag, box) {
    let kind = null, src = "", loaded = false;
    if (tag === "img") {
      kind = "img"; src = el.currentSrc || el.src || ""; loaded = el.complete && el.naturalWidth > 0;
    } else if (tag === "input" && el.type === "image") {
      kind = "input-image"; src = el.src; loaded = fetched(src, false);
    } else if (tag === "object" && (/^image\/(?!svg)/i.test(el.type) || RASTER.test(el.data))) {
      kind = "object"; src = el.data; loaded = fetched(src, false);
    } else if (tag === "image" && el instanceof SVGImageElement) {
      kind = "svg-image"; src = new URL(el.href.baseVal, el.baseURI).href; loaded = fetched(src, true);
    } else if (s.backgroundImage.includes("url(") && el !== document.documentElement && el !== document.body) {
      const urls = [...s.backgroundImage.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/g)].map((m) => m[2]);
      kind = "background"; src = urls[0] || ""; loaded = urls.some((url) => fetched(url, true));
    }
    if (!kind || !loaded || box.width <= 0 || box.height <= 0 ||
        !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return null;
    const link = el.closest("a[href]");
    const home = !!link && link.origin === location.origin && /^\/(index\.\w+)?$/.test(link.pathname);
    const figure = el.closest("figure");
    const caption = figure && figure.querySelector("figcaption");
    const file = decodeURIComponent((src.startsWith("data:") ? "" : src).split(/[?#]/)[0].split("/").pop() || "");
    return {
      selector: selectorOf(el), kind, src: src.slice(0, 300), box,
      alt: el.hasAttribute("alt") ? el.getAttribute("alt") : null, name: nameOf(el),
      labels: clean([el.id, el.getAttribute("class"), file, el.getAttribute("title")].filter(Boolean).join(" ")),
      in_banner: !!el.closest("header, [role=banner]"), home_link: home,
      link_host: link && /^https?:$/.test(link.protocol) && link.origin !== location.origin ? link.hostname : "",
      nearby_text: around(el), caption: caption ? clean(caption.textContent).slice(0, 300) : "",
      covered: kind !== "background" ? [] : [...el.querySelectorAll(PAINTS_ITS_OWN)].slice(0, 50)
        .map((inner) => toBox(inner.getBoundingClientRect())).filter((b) => b.width > 0 && b.height > 0),
      generated_text: kind === "background" && ["::before", "::after"].some((pseudo) =>
        /^".*[\p{L}\p{N}]/u.test(getComputedStyle(el, pseudo).content)),
      control_text: kind === "background" ? clean(controlText(el)).slice(0, 300) : "",
    };
  }

  // Walk the tree (open shadow roots included), keeping elements that are rendered with a non-empty box.
  const stack = [document.documentElement];
  const visited = [];
  while (stack.length) {
    const el = stack.pop();
    if (visited.length >= maxElements) { out.truncated = true; break; }
    const s = styleOf(el);
    if (s.display === "none" || !canPaint(el)) continue;  // (closed <details> content, too: laid out, never painted)
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
      // A link (an <a> with href: without, it is no link) on a line of a block of text is inline too, though its own
      // parent holds no text. One whose text is only symbols (an "ⓘ", a "¶", an arrow) is told apart by its glyph,
      // as an icon is: 1.4.1's comparison of a link with the text around it is for words.
      const block = tag === "a" && el.hasAttribute("href") && s.display === "inline" ? textBlockOf(el) : null;
      const link = block && HUMAN_TEXT.test(el.textContent) ? linkInText(el, s, block) : {};
      out.focusables.push({ selector: selectorOf(el), tag, box, tabindex: el.tabIndex, role, name,
                            inline: inline || !!block, color: s.color,
                            reachable: !visuallyHidden(rect, s) && reachable(el, rect),
                            ...link });
    }

    if (tag === "img") {
      out.images.push({
        selector: selectorOf(el), src: el.currentSrc || el.getAttribute("src") || "",
        alt: el.hasAttribute("alt") ? el.getAttribute("alt") : null, box,
        loaded: el.complete && el.naturalWidth > 0, natural_width: el.naturalWidth, natural_height: el.naturalHeight,
      });
    }
    const painted = paintedImage(el, s, tag, box);
    if (painted) out.painted_images.push(painted);

    // Direct text of this element in the flat tree (a shadow host's includes its shadow root's own text nodes):
    // its line fragments and the union box of them.
    if (el.namespaceURI !== XHTML) continue;
    let text = "", left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    const lines = [];
    const children = el.shadowRoot ? [...el.shadowRoot.childNodes, ...el.childNodes] : el.childNodes;
    for (const child of children) {
      if (child.nodeType !== Node.TEXT_NODE || !child.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(child);
      for (const r of range.getClientRects()) {
        if (r.width <= 0 || r.height <= 0) continue;
        left = Math.min(left, r.left); top = Math.min(top, r.top);
        right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
        if (lines.length < MAX_LINES) lines.push(toBox(r));
      }
      text += child.textContent;
    }
    if (text.trim() && right > left && bottom > top) {
      const bg = backgroundOf(el);
      // Cut off only along an axis that hides its overflow: a code block that scrolls sideways (overflow-x: auto)
      // and hides only vertical overflow loses nothing of a long line. A line that ends in an ellipsis where it is
      // cut (text-overflow) is shortened on purpose, and shows that it is.
      const hides = (overflow) => ["hidden", "clip"].includes(overflow);
      const cutOff = (hides(s.overflowX) && s.textOverflow !== "ellipsis" && el.scrollWidth > el.clientWidth + 1) ||
        (hides(s.overflowY) && el.scrollHeight > el.clientHeight + 1);
      out.text_runs.push({
        selector: selectorOf(el), text: clean(text).slice(0, 500),
        box: toBox({ left, top, width: right - left, height: bottom - top }), lines,
        color: s.color, background_color: bg.color, background_image: bg.image,
        font_size_px: parseFloat(s.fontSize), font_weight: parseInt(s.fontWeight, 10) || 400,
        opacity: paintedOpacity(el), effects: textEffects(el, s), exempt: contrastExemption(el, text),
        aria_hidden: !!el.closest("[aria-hidden=true i]"),
        clips_overflow: cutOff && !visuallyHidden(rect, s),
        scrolled_away: !shownRect({ left, top, right, bottom }, el, true, clipOf),
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
