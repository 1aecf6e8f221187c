// Makes every text of the page transparent (`hide`), or shows it again: the contrast measurement's second shot
// reads what lies behind the text. A constructed style sheet, in the document and every open shadow root, so
// that a page's Content-Security-Policy (which may forbid inline styles) does not stop it.
({ hide, css }) => {
  const KEY = "__uiagentTextHidden";
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll("*")) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  if (hide) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    for (const root of roots) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    Object.defineProperty(window, KEY, { value: sheet, configurable: true });
  } else if (window[KEY]) {
    for (const root of roots) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== window[KEY]);
    delete window[KEY];
  }
}
