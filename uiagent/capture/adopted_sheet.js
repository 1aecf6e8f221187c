// Adds a style sheet to the page (`css`), or takes it away again (`css` null), under `key`: in the document and
// every open shadow root, as a constructed style sheet, so that a page's Content-Security-Policy (which may forbid
// inline styles) does not stop it. The contrast measurement's second shot makes every text transparent this way;
// a recording paints the fields to mask black.
({ key, css }) => {
  const name = "__uiagentSheet_" + key;
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll("*")) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  if (css !== null) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    for (const root of roots) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    Object.defineProperty(window, name, { value: sheet, configurable: true });
  } else if (window[name]) {
    for (const root of roots) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== window[name]);
    delete window[name];
  }
}
