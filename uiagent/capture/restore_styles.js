// Undo text_resize.js and text_spacing.js.
() => {
  for (const [el, style] of window.__uiagentSavedStyles || []) {
    if (style === null) el.removeAttribute("style"); else el.setAttribute("style", style);
  }
  delete window.__uiagentSavedStyles;
  const sheet = document.getElementById("uiagent-text-spacing");
  if (sheet) sheet.remove();
}
