// Facts for "ARIA required context role" (ACT ff89c9) in one frame.
// arg.context: for each role that must sit in another, those roles; arg.roles: every ARIA role (the first of them
// in a role attribute is the element's explicit role).
// arg.op "any": whether some element has an explicit role that needs a context role and is not its native role
//   (an li given role=listitem is left out, as the rule leaves it out);
// arg.op "candidates": those of them whose context is not plain from the DOM: Chromium's accessibility tree is
//   asked for their parent (aria-owns, shadow trees, slots and ignored elements resolved). Plain: the element is
//   not slotted and no aria-owns names it, and its parent element has one of the required roles, explicitly or
//   natively (a ul around a listitem);
// arg.op "facts": for arg.elements, their explicit role and where they are.
(arg) => {
  const root = document.documentElement;
  if (!root) return arg.op === "any" ? false : [];
  const roles = new Set(arg.roles);
  const explicitRole = (el) =>
    (el.getAttribute("role") || "").toLowerCase().split(/\s+/).find((token) => roles.has(token)) || null;
  // Native roles: an element whose explicit role is its own native one is out of the rule.
  const NATIVE = { li: ["listitem"], tr: ["row"], td: ["cell", "gridcell"], th: ["columnheader", "rowheader"],
                   option: ["option"], caption: ["caption"], thead: ["rowgroup"], tbody: ["rowgroup"],
                   tfoot: ["rowgroup"] };
  const PARENT_NATIVE = { ul: "list", ol: "list", menu: "list", select: "listbox", datalist: "listbox",
                          optgroup: "group", fieldset: "group", details: "group", tr: "row", thead: "rowgroup",
                          tbody: "rowgroup", tfoot: "rowgroup", table: "table", figure: "figure" };
  const needsContext = (el) => {
    const role = explicitRole(el);
    return role && arg.context[role] && !(NATIVE[el.localName] || []).includes(role) ? role : null;
  };

  if (arg.op === "any") {
    for (const el of allElements(document)) if (needsContext(el)) return true;
    return false;
  }
  if (arg.op === "candidates") {
    const owned = new Set();
    const scopes = [document];
    for (const el of allElements(document)) if (el.shadowRoot) scopes.push(el.shadowRoot);
    for (const scope of scopes) {
      for (const owner of scope.querySelectorAll("[aria-owns]")) {
        for (const id of owner.getAttribute("aria-owns").split(/\s+/)) {
          const target = id && scope.getElementById(id);
          if (target) owned.add(target);
        }
      }
    }
    const found = [];
    for (const el of allElements(document)) {
      const role = needsContext(el);
      if (!role) continue;
      const parent = el.parentNode;
      const parentRole = parent instanceof Element
        && (explicitRole(parent) || (parent.hasAttribute("role") ? null : PARENT_NATIVE[parent.localName]));
      const plain = !el.assignedSlot && !owned.has(el) && parentRole && !parent.shadowRoot
        && arg.context[role].includes(parentRole);
      if (!plain) found.push(el);
    }
    return found;
  }
  return arg.elements.map((el) => {
    const r = el.getBoundingClientRect();
    return { selector: selectorOf(el), box: { x: r.left, y: r.top, width: r.width, height: r.height },
             role: explicitRole(el) };
  });
}
