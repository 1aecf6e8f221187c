// Facts for "ARIA global properties not used where prohibited" (ACT kb1m8s) in one frame.
// arg.attributes: the global attributes some roles prohibit (naming and role descriptions); arg.roles: every ARIA
// role (the first of them in a role attribute is the element's explicit role).
// arg.op "any": whether some HTML element carries one of arg.attributes with a value (the probe: on most pages
//   the answer is no and nothing else runs);
// arg.op "candidates": those elements whose role may prohibit one: an explicit role among arg.prohibiting, or no
//   explicit role and either an element of arg.implicit (HTML elements whose native role prohibits one) or a
//   custom element (whose role only the browser knows);
// arg.op "facts": for arg.elements, their explicit role, which ARIA attributes they carry, and where they are.
// SVG and MathML elements are left out: their roles follow other mappings (SVG-AAM) than this check models.
(arg) => {
  const root = document.documentElement;
  if (!root) return arg.op === "any" ? false : [];
  const HTML = "http://www.w3.org/1999/xhtml";
  const roles = new Set(arg.roles);
  const explicitRole = (el) =>
    (el.getAttribute("role") || "").toLowerCase().split(/\s+/).find((token) => roles.has(token)) || null;
  const valued = (el, name) => (el.getAttribute(name) || "").trim() !== "";
  const carries = (el) => el.namespaceURI === HTML && arg.attributes.some((name) => valued(el, name));

  if (arg.op === "any") {
    for (const el of allElements(document)) if (carries(el)) return true;
    return false;
  }
  if (arg.op === "candidates") {
    const prohibiting = new Set(arg.prohibiting);
    const implicit = new Set(arg.implicit);
    const found = [];
    for (const el of allElements(document)) {
      if (!carries(el)) continue;
      const role = explicitRole(el);
      if (role ? prohibiting.has(role) : implicit.has(el.localName) || el.localName.includes("-")) found.push(el);
    }
    return found;
  }
  return arg.elements.map((el) => {
    const r = el.getBoundingClientRect();
    const aria = el.getAttributeNames().filter((name) => name.startsWith("aria-"));
    return { selector: selectorOf(el), box: { x: r.left, y: r.top, width: r.width, height: r.height },
             tag: el.localName, role: explicitRole(el), aria,
             valued: aria.filter((name) => arg.attributes.includes(name) && valued(el, name)) };
  });
}
