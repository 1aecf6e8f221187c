// The text each `lang` attribute speaks for: what the ACT rules call "text inheriting its programmatic language"
// from an element. An element's language is that of its nearest ancestor (or itself) with a `lang` attribute,
// across shadow roots to their hosts. Its text is the text nodes in it that show or are in the accessibility tree
// (hidden with display: none, visibility: hidden or a closed <details>, they are neither), and the names its
// elements get from attributes: an image's alt, aria-label, and aria-labelledby's text, which is the named
// element's even when the text it points at is hidden (it is read out where the element is).
// Code (<code>, <pre>, <kbd>, <samp>, <var>), and text marked translate="no" (names, identifiers), are left out:
// they are in no human language, or not in the one around them.
// Returns, for each element with a `lang` attribute that has such text, in document order:
// { selector, lang, root (the top document's <html>), text, box (document px) }.
(arg) => {
  const LIMIT = arg && arg.limit ? arg.limit : 20000;  // characters kept per element: plenty to tell a language
  const NOT_HUMAN = new Set(["script", "style", "noscript", "template", "code", "pre", "kbd", "samp", "var", "math",
    "datalist", "title"]);
  const BUTTON_TYPES = new Set(["button", "submit", "reset"]);
  const scopes = new Map();  // element with lang -> { pieces, length }
  const add = (scope, text) => {
    if (!scope || !text || !/\S/.test(text)) return;
    let entry = scopes.get(scope);
    if (!entry) scopes.set(scope, entry = { pieces: [], length: 0 });
    if (entry.length >= LIMIT) return;
    const piece = text.replace(/\s+/g, " ").trim();
    entry.pieces.push(piece);
    entry.length += piece.length + 1;
  };
  const shows = (el) => {
    const list = el.closest("select");
    return canPaint(list || el, { visibilityProperty: true });
  };
  const labelledText = (el) => (el.getAttribute("aria-labelledby") || "").split(/\s+/)
    .map((id) => id && el.getRootNode().getElementById && el.getRootNode().getElementById(id))
    .filter(Boolean).map((target) => target.textContent).join(" ");

  const walk = (el, scope) => {
    if (el.hasAttribute("lang")) scope = el;
    const tag = el.localName;
    if (NOT_HUMAN.has(tag) || (el.getAttribute("translate") || "").toLowerCase() === "no") return;
    const named = el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") ||
      (el.hasAttribute("alt") && /^(img|area|input)$/.test(tag)) ||
      (tag === "input" && (BUTTON_TYPES.has(el.type) || el.placeholder));
    const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && /\S/.test(n.data));
    const full = scopes.has(scope) && scopes.get(scope).length >= LIMIT;  // (enough read: no need to look)
    if ((ownText || named) && !full && shows(el)) {
      if (el.getAttribute("aria-labelledby")) add(scope, labelledText(el));
      else if (el.getAttribute("aria-label")) add(scope, el.getAttribute("aria-label"));
      else if (el.hasAttribute("alt")) add(scope, el.getAttribute("alt"));
      if (tag === "input") add(scope, BUTTON_TYPES.has(el.type) ? el.value : el.placeholder);
      for (const node of el.childNodes) if (node.nodeType === Node.TEXT_NODE) add(scope, node.data);
    }
    for (const child of el.children) walk(child, scope);
    if (el.shadowRoot) for (const child of el.shadowRoot.children) walk(child, scope);
  };
  const root = document.documentElement;
  walk(root, null);

  const out = [];
  for (const [el, entry] of scopes) {
    const r = el.getBoundingClientRect();
    out.push({
      selector: selectorOf(el), lang: el.getAttribute("lang"), root: el === root, text: entry.pieces.join(" "),
      box: el === root ? null : { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height },
    });
  }
  return out;
}
