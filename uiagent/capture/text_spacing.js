// The WCAG 1.4.12 text-spacing override: line height 1.5, paragraph spacing 2em, letter spacing 0.12em,
// word spacing 0.16em. Removed again by restore_styles.js.
() => {
  // An HTML style element, also in an SVG document (which has no head: it goes under the root element).
  const sheet = document.createElementNS("http://www.w3.org/1999/xhtml", "style");
  sheet.id = "uiagent-text-spacing";
  sheet.textContent = "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;" +
    " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }";
  (document.head || document.documentElement).appendChild(sheet);
}
