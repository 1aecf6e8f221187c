// Text resized to `factor` (WCAG 1.4.4 asks for 200%), whatever units the page uses: every element's
// computed font size is multiplied. Returns nothing; `restore_styles.js` puts the page back.
(factor) => {
  const saved = [];
  const sizes = [...document.body.querySelectorAll("*")].map((el) => [el, parseFloat(getComputedStyle(el).fontSize)]);
  for (const [el, size] of sizes) {
    saved.push([el, el.getAttribute("style")]);
    el.style.setProperty("font-size", `${size * factor}px`, "important");
  }
  window.__uiagentSavedStyles = saved;
}
