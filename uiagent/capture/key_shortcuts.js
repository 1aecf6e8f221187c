// The probe of the character-key-shortcut check: which printable keys, pressed with nothing focused (the event
// goes to the body, no widget), make the page change. A change is attributed to a key when it happens during
// that key's dispatch: our window listener in the capture phase sets the records aside, the page's handlers run
// (their microtasks too), and our window listener in the bubble phase, registered after the page's, takes what
// they did. Timers, animations and the page's own life cannot fall in between. A key that moves focus changes
// the page too; focus is then taken away again, so that the next key also goes to the body.
// Actions ({op}): start (blur, start logging); finish (stop; the keys that changed something, and the controls
// that could turn a shortcut off or remap it: visible, enabled, not inert, not text fields).
(arg) => {
  const KEY = "__uiagentKeyShortcuts";
  const MODIFIERS = ["Alt", "AltGraph", "CapsLock", "Control", "Fn", "FnLock", "Meta", "NumLock", "ScrollLock", "Shift",
                     "Symbol", "SymbolLock", "Hyper", "Super"];
  const SHOWN_ATTRIBUTES = ["class", "style", "hidden", "open", "value", "checked", "disabled", "src", "href",
                            "aria-hidden", "aria-expanded", "aria-pressed", "aria-checked", "aria-selected", "aria-label"];
  const root = () => document.body || document.documentElement;

  if (arg.op === "start") {
    if (window[KEY]) return false;
    document.activeElement && document.activeElement.blur();
    const state = { keys: [], listeners: [], current: null, records: [] };
    // Records reach the callback in the microtask after each listener: kept until the key's dispatch is over.
    state.observer = new MutationObserver((records) => { state.records.push(...records); });
    state.observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true,
                                       attributeFilter: SHOWN_ATTRIBUTES });
    const listen = (type, capture, handler) => { window.addEventListener(type, handler, capture); state.listeners.push([type, handler, capture]); };
    const describe = (records) => {
      const changes = [];
      for (const record of records) {
        const target = record.target.nodeType === 1 ? record.target : record.target.parentElement;
        if (!target) continue;
        if (record.type === "childList" && !record.addedNodes.length && !record.removedNodes.length) continue;
        const what = record.type === "attributes" ? `${record.attributeName} changed`
          : record.type === "characterData" ? "text changed"
          : `${record.addedNodes.length} node(s) added, ${record.removedNodes.length} removed`;
        changes.push(`${selectorOf(target)}: ${what}`);
        if (changes.length >= 3) break;
      }
      return changes;
    };
    for (const type of ["keydown", "keyup"]) {
      listen(type, true, (event) => {
        state.observer.takeRecords();  // what came before is not this key's doing
        state.records = [];
        state.current = { type, key: event.key, target: event.target, focused: document.activeElement,
                          modifiers: MODIFIERS.filter((m) => event.getModifierState(m)) };
      });
      listen(type, false, (event) => {
        const current = state.current;
        state.current = null;
        if (!current || current.key !== event.key) return;
        const changes = describe(state.records.concat(state.observer.takeRecords()));
        state.records = [];
        const moved = document.activeElement !== current.focused;
        if (moved) changes.push(`focus moved to ${document.activeElement === document.body ? "the page" : selectorOf(document.activeElement)}`);
        const onBody = current.target === document.body || current.target === document.documentElement;
        if (changes.length) state.keys.push({ key: current.key, type, changes, on_body: onBody, modifiers: current.modifiers });
        if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
      });
    }
    Object.defineProperty(window, KEY, { value: state, configurable: true });
    return true;
  }

  const state = window[KEY];
  if (!state) return null;
  for (const [type, handler, capture] of state.listeners) window.removeEventListener(type, handler, capture);
  state.observer.disconnect();
  delete window[KEY];
  const ROLES = /^(button|link|checkbox|switch|radio|menuitem|menuitemcheckbox|menuitemradio|tab|option|combobox|listbox|slider|treeitem)$/;
  const TEXT_INPUTS = /^(text|search|email|url|tel|password|number|date|datetime-local|month|week|time)$/;
  const roleOf = (el) => {
    const explicit = (el.getAttribute("role") || "").trim().split(/\s+/)[0];
    if (explicit) return explicit;
    const tag = el.localName;
    if (tag === "a" || tag === "area") return el.hasAttribute("href") ? "link" : "";
    if (tag === "button" || tag === "summary") return "button";
    if (tag === "select") return "combobox";
    if (tag === "input") {
      const type = (el.getAttribute("type") || "text").toLowerCase();
      if (TEXT_INPUTS.test(type) || type === "hidden") return "";
      return { checkbox: "checkbox", radio: "radio", range: "slider" }[type] || "button";
    }
    return "";
  };
  const candidates = [];
  const walk = (node) => {
    for (const el of node.querySelectorAll("*")) {
      if (el.shadowRoot) walk(el.shadowRoot);
      if (!ROLES.test(roleOf(el)) || el.disabled || el.closest("[inert]")) continue;
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      candidates.push(selectorOf(el));
      if (candidates.length >= 20) return;
    }
  };
  walk(root());
  return { keys: state.keys, candidates };
}
