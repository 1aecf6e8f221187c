// Show the focused look of many elements at once, for one screenshot. Only one element can have focus, so
// every style rule that mentions :focus, :focus-visible or :focus-within gets a twin right after it, in the
// same sheet, layer and media block, where those pseudo-classes are attribute selectors of the same
// specificity: the cascade is the page's own. The browser's default focus ring (a UA style) is copied into
// the first cascade layer, so every rule of the page still beats it.
// Actions: {op: "start", scroll} scrolls back to `scroll` and rewrites the page's style sheets, returning
// the URLs of the sheets it could not read (a sheet of another origin hides its rules, and each file is an origin of
// its own); {op: "copy", texts} (URL -> the text the browser parsed) puts a readable copy of each such sheet right
// after it, rewritten, and returns the URLs still unread; {op: "show", key, indices} gives the walk's stops with
// those indices (window[key].stops) the focused look, with what a script changed on each when it took focus during
// the walk (window[key].deltas); {op: "hide"} takes it away; {op: "end"} undoes everything.
({ op, key, indices, scroll, texts }) => {
  const F = "data-uiagent-focus", FV = "data-uiagent-focus-visible", FW = "data-uiagent-focus-within";
  const STATE = "__uiagentFocusEmulation";
  const twin = (selector) => selector
    .replace(/:focus-visible\b/g, `[${FV}]`).replace(/:focus-within\b/g, `[${FW}]`).replace(/:focus\b(?!-)/g, `[${F}]`);
  const UA = `@layer uiagent-user-agent { :where([${FV}]) { outline: auto 1px -webkit-focus-ring-color; }
    :where(input, textarea, select)[${FV}] { outline-offset: 0; } }`;

  const rewrite = (state, rules) => {
    for (let i = rules.length - 1; i >= 0; i--) {
      const rule = rules[i];
      if (rule.cssRules && rule.cssRules.length) rewrite(state, rule.cssRules);  // @media, @layer, @supports, nesting
      if (rule.styleSheet) rewriteSheet(state, rule.styleSheet);  // @import
      if (rule.selectorText === undefined || !/:focus/.test(rule.selectorText)) continue;
      const parent = rule.parentRule || rule.parentStyleSheet;
      const text = rule.cssText.replace(rule.selectorText, twin(rule.selectorText));
      try {
        parent.insertRule(text, i + 1);
        state.added.push([parent, parent.cssRules[i + 1]]);
      } catch (error) { /* a selector the twin cannot express: that rule is left out */ }
    }
  };
  function rewriteSheet(state, sheet) {
    let rules;
    try { rules = sheet.cssRules; } catch (error) { state.unreadable.push(sheet); return; }
    rewrite(state, rules);
  }
  const unread = (state) => state.unreadable.map((sheet) => sheet.href || "inline");

  if (op === "start") {
    scrollTo(scroll[0], scroll[1]);  // where the page was when the reference was captured
    const state = { added: [], uaSheets: [], unreadable: [], copies: [], shown: [], replayed: [] };
    window[STATE] = state;
    const roots = [];
    const collect = (root) => {
      roots.push(root);
      for (const el of root.querySelectorAll("*")) if (el.shadowRoot) collect(el.shadowRoot);  // open ones
    };
    collect(document);
    for (const root of roots) {
      for (const sheet of [...root.styleSheets, ...(root.adoptedStyleSheets || [])]) rewriteSheet(state, sheet);
      const ua = new CSSStyleSheet();
      ua.replaceSync(UA);
      if (root === document) {
        const style = document.createElement("style");
        style.textContent = UA;
        (document.head || document.documentElement).prepend(style);
        state.uaSheets.push(style);
      } else {
        root.adoptedStyleSheets = [ua, ...root.adoptedStyleSheets];
        state.uaSheets.push([root, ua]);
      }
    }
    return unread(state);
  }

  const state = window[STATE];
  if (!state) return null;
  if (op === "copy") {
    // The copy goes right after the sheet it copies, so it holds the same place in the cascade: its rules, later
    // than the original's and the same, decide wherever the original's did. Its relative URLs are made absolute (they
    // are relative to the sheet, not the page), and what would load anew is left out: @import (the imported sheets
    // are the original's, and stay), @font-face (a copied face would be a new font, drawn only once loaded again).
    const resolved = (url, base) => { try { return new URL(url, base).href; } catch (error) { return null; } };
    const absolute = (css, base) => css
      .replace(/@import\s[^;]*;/g, "")
      .replace(/url\(\s*(['"]?)([^'")]*?)\1\s*\)/g, (whole, quote, url) =>
        !url || /^(data:|#)/.test(url) || !resolved(url, base) ? whole : `url("${resolved(url, base)}")`);
    const dropFonts = (rules, owner) => {
      for (let i = rules.length - 1; i >= 0; i--) {
        if (rules[i] instanceof CSSFontFaceRule) owner.deleteRule(i);
        else if (rules[i].cssRules) dropFonts(rules[i].cssRules, rules[i]);
      }
    };
    const hidden = state.unreadable;
    state.unreadable = [];
    for (const sheet of hidden) {
      const owner = sheet.ownerNode;
      if (sheet.disabled) continue;  // (it styles nothing: an alternate style sheet, say)
      // A sheet without a focus rule has nothing to twin, and needs no copy: a font host's @font-face sheet, one
      // that did not load (held empty), or one an @import rule brought in, which has no element to put a copy after.
      if (sheet.href && typeof texts[sheet.href] === "string" && !/:focus/i.test(texts[sheet.href])) continue;
      if (!sheet.href || !(sheet.href in texts) || !owner || !owner.after) {
        state.unreadable.push(sheet);
        continue;
      }
      const style = document.createElement("style");
      if (sheet.media.mediaText) style.media = sheet.media.mediaText;
      style.textContent = absolute(texts[sheet.href], sheet.href);
      owner.after(style);
      state.copies.push(style);
      dropFonts(style.sheet.cssRules, style.sheet);
      rewriteSheet(state, style.sheet);
    }
    return unread(state);
  }
  if (op === "show") {
    const stops = window[key].stops;
    for (const index of indices) {
      const el = stops[index];
      el.setAttribute(F, ""); el.setAttribute(FV, ""); el.setAttribute(FW, "");
      state.shown.push(el);
      // What a script changed on the element when it took focus during the walk (active_element.js), again.
      // (Put back as it is now, not as the walk saw it unfocused: the page may have changed it since.)
      for (const [name, [, focused]] of window[key].deltas.get(index) || []) {
        state.replayed.push([el, name, el.getAttribute(name)]);
        if (focused === null) el.removeAttribute(name); else el.setAttribute(name, focused);
      }
      for (let a = el.parentNode; a; a = a.parentNode || a.host) {
        if (a.nodeType === Node.ELEMENT_NODE) { a.setAttribute(FW, ""); state.shown.push(a); }
      }
    }
  } else if (op === "hide" || op === "end") {
    for (const el of state.shown) { el.removeAttribute(F); el.removeAttribute(FV); el.removeAttribute(FW); }
    for (const [el, name, value] of state.replayed.reverse()) {
      if (value === null) el.removeAttribute(name); else el.setAttribute(name, value);
    }
    state.shown = [];
    state.replayed = [];
  }
  if (op === "end") {
    for (const [parent, rule] of state.added) {
      const index = Array.prototype.indexOf.call(parent.cssRules, rule);
      if (index >= 0) parent.deleteRule(index);
    }
    for (const ua of state.uaSheets) {
      if (Array.isArray(ua)) ua[0].adoptedStyleSheets = ua[0].adoptedStyleSheets.filter((s) => s !== ua[1]);
      else ua.remove();
    }
    for (const copy of state.copies) copy.remove();
    delete window[STATE];
  }
  return null;
}
