// Rotations set by style rules conditional on the orientation media feature (W3C ACT b33eff, WCAG 1.3.4).
//
// Finds the style rules under a `(orientation: portrait|landscape)` media condition (an @media at any depth, an
// @import's or a sheet's own media) that set `rotate` or a rotating `transform`, and reads the computed rotation
// of the elements they select in two states: as loaded, and "turned", with portrait and landscape swapped in
// every such condition. Exactly one of the two values holds at any viewport, so the turned state is the device
// turned without changing the width, the height or anything else a media query or a script could react to.
// Every media list changed is restored before returning. Returns null when no such rule exists (the rule does
// not apply), which is the one cheap round trip on most pages.
//
// Sheets the page may not read (cross-origin) are listed in `unreadable`. Called again with their text
// (`arg.sheets`), the script only reads, as loaded, the rotation of what their conditional rules select: their
// conditions cannot be turned, so the caller turns the viewport instead.
(arg) => {
  const ORIENTATION = /\(\s*orientation\s*:\s*(portrait|landscape)\s*\)/i;
  const ROTATING_TRANSFORM = /\b(rotate|rotate3d|rotatez|matrix|matrix3d)\s*\(/i;
  const MAX_ELEMENTS = 200;
  const turn = (text) => text.replace(/(\(\s*orientation\s*:\s*)(portrait|landscape)(\s*\))/gi,
    (_, open, value, close) => open + (value.toLowerCase() === "portrait" ? "landscape" : "portrait") + close);

  // The document and every open shadow root, each with the sheets that style it.
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll("*")) if (el.shadowRoot) roots.push(el.shadowRoot);
  }

  const conditions = [];  // [MediaList, its original text] for every list that mentions an orientation value
  const rules = [];       // {root, selector, declaration, media}: conditional rules that rotate
  const unreadable = [];  // {href, media}
  const seenSheets = new Set();

  function conditionOf(mediaList, outer) {
    if (!mediaList || !ORIENTATION.test(mediaList.mediaText)) return outer;
    conditions.push([mediaList, mediaList.mediaText]);
    return outer ? `${outer} / ${mediaList.mediaText}` : mediaList.mediaText;
  }

  function rotationDeclaration(style) {
    const declared = [];
    if (style.getPropertyValue("rotate")) declared.push(`rotate: ${style.getPropertyValue("rotate")}`);
    const transform = style.getPropertyValue("transform");
    if (ROTATING_TRANSFORM.test(transform)) declared.push(`transform: ${transform}`);
    return declared.join("; ");
  }

  // A nested rule's selector as a stand-alone one: `&` is the parent's selector, and a selector without `&` is
  // relative to it. (A broader match only costs a measurement: the angles decide.)
  const nested = (selector, parent) => !parent ? selector
    : selector.includes("&") ? selector.replaceAll("&", `:is(${parent})`) : `:is(${parent}) ${selector}`;

  function scanRules(list, root, media, parentSelector) {
    for (const rule of list) {
      if (rule instanceof CSSImportRule) {
        scanSheet(rule.styleSheet, root, conditionOf(rule.media, media), rule.href);
        continue;
      }
      const within = rule instanceof CSSMediaRule ? conditionOf(rule.media, media) : media;
      const selector = rule instanceof CSSStyleRule ? nested(rule.selectorText, parentSelector) : parentSelector;
      if (within && rule.style && selector) {  // a style rule, or the declarations nested in a group
        const declaration = rotationDeclaration(rule.style);
        if (declaration) rules.push({ root, selector, declaration, media: within });
      }
      if (rule.cssRules) scanRules(rule.cssRules, root, within, selector);
    }
  }

  function scanSheet(sheet, root, media, href) {
    if (!sheet || seenSheets.has(sheet)) return;
    seenSheets.add(sheet);
    const within = conditionOf(sheet.media, media);
    let list;
    try { list = sheet.cssRules; } catch (error) { list = null; }
    if (list) scanRules(list, root, within, null);
    else unreadable.push({ href: sheet.href || href || "", media: within || "" });
  }

  if (arg && arg.sheets) {
    for (const { text, media } of arg.sheets) {
      const copy = new CSSStyleSheet();
      copy.replaceSync(text);  // the browser's own parser: invalid declarations are dropped as in the page
      scanRules(copy.cssRules, document, media || null, null);
    }
    conditions.length = 0;  // the copies' conditions are not the page's: nothing to turn
  } else {
    for (const root of roots) {
      for (const sheet of root.styleSheets) scanSheet(sheet, root, null, null);
      for (const sheet of root.adoptedStyleSheets || []) scanSheet(sheet, root, null, null);
    }
  }
  if (!rules.length) return unreadable.length ? { unreadable, elements: [] } : null;

  // The elements the rules select, with the rules that reach them.
  const targets = new Map();
  for (const rule of rules) {
    let matched = [];
    try { matched = [...rule.root.querySelectorAll(rule.selector)]; } catch (error) { /* e.g. :host only */ }
    if (rule.root !== document && /:host\b/.test(rule.selector)) matched.push(rule.root.host);
    for (const el of matched) {
      if (!targets.has(el) && targets.size >= MAX_ELEMENTS) break;
      if (!targets.has(el)) targets.set(el, { root: rule.root, rules: [] });
      targets.get(el).rules.push(rule);
    }
  }

  const rootElement = document.documentElement;
  const textLength = (el) => ((el.innerText ?? el.textContent) || "").replace(/\s+/g, "").length;
  const REPLACED = "img, svg, video, canvas, picture, iframe, object, embed, input, select, textarea, button";
  const NOT_CONTENT = new Set(["style", "script", "template", "link"]);
  const shadowContent = (el) => !!el.shadowRoot && [...el.shadowRoot.children].some((child) =>
    !NOT_CONTENT.has(child.localName) && (textLength(child) > 0 || child.matches(REPLACED) || !!child.querySelector(REPLACED)));
  function paints(el, style) {
    return textLength(el) > 0 || !!el.querySelector(REPLACED) || el.matches(REPLACED) || shadowContent(el) ||
      !isTransparent(style.backgroundColor) || style.backgroundImage !== "none" ||
      ["Top", "Right", "Bottom", "Left"].some((side) => parseFloat(style[`border${side}Width`]) > 0 &&
                                                         style[`border${side}Style`] !== "none");
  }

  function read(el, pageText) {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const scrollWidth = Math.max(rootElement.scrollWidth, innerWidth), scrollHeight = Math.max(rootElement.scrollHeight, innerHeight);
    const left = r.left + scrollX, top = r.top + scrollY;
    const inScrollingArea = r.right + scrollX > 0 && r.bottom + scrollY > 0 && left < scrollWidth && top < scrollHeight;
    const visible = r.width > 0 && r.height > 0 && inScrollingArea &&
      el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && paints(el, style);
    const seenWidth = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
    const seenHeight = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
    return {
      rotate: style.rotate, transform: style.transform, visible,
      box: { x: left, y: top, width: r.width, height: r.height },
      viewport_share: (seenWidth * seenHeight) / (innerWidth * innerHeight),
      text_share: pageText ? textLength(el) / pageText : 0,
    };
  }

  const readAll = () => {
    const pageText = textLength(rootElement);
    return [...targets.keys()].map((el) => read(el, pageText));
  };

  // Final values only: transitions and animations would otherwise show a value on its way.
  const freeze = new CSSStyleSheet();
  freeze.replaceSync("*, *::before, *::after { transition: none !important; animation: none !important; }");
  const frozen = [...new Set([document, ...[...targets.values()].map((t) => t.root)])]
    .map((root) => [root, root.adoptedStyleSheets]);
  const states = [];
  try {
    for (const [root, sheets] of frozen) root.adoptedStyleSheets = [...sheets, freeze];
    states.push(readAll());
    if (conditions.length) {
      for (const [list, text] of conditions) list.mediaText = turn(text);
      states.push(readAll());
    }
  } finally {
    for (const [list, text] of conditions) list.mediaText = text;
    for (const el of targets.keys()) getComputedStyle(el).transform;  // settle the restored values while frozen
    for (const [root, sheets] of frozen) root.adoptedStyleSheets = sheets;
  }

  const portrait = matchMedia("(orientation: portrait)").matches;
  const elements = [...targets.keys()];
  const selectors = elements.map((el) => selectorOf(el));
  return {
    unreadable,
    loaded_state: portrait ? "portrait" : "landscape",
    elements: [...targets.entries()].map(([el, target], i) => ({
      selector: selectors[i],
      page_root: el === rootElement || el === document.body,
      inside: selectors.filter((_, j) => j !== i && elements[j].contains(el)),
      rules: target.rules.slice(0, 3).map((rule) => ({ selector: rule.selector, declaration: rule.declaration,
                                                       media: rule.media })),
      states: states.map((state) => state[i]),
    })),
  };
}
