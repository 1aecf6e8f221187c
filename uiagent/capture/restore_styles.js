// Undo text_spacing.js.
() => {
  const sheet = document.getElementById("uiagent-text-spacing");
  if (sheet) sheet.remove();
}
