// The focus log of the keyboard-trap check: what keys and scripts did to focus, in this frame and in the frames of
// its origin (they write into the top document's log; a frame of another origin keeps its own, which Python reads).
// Elements are logged by number, one per element object (two elements never share one, whatever the DOM does
// meanwhile), and named on the way out: selectorOf(el) prefixed by the frames on the way down from the log's
// document (" >> internal:control=enter-frame >> "). Focus inside a closed shadow root is seen on its host.
// Actions ({op, ...}):
//   install {marker}: start logging (once per frame); the element carrying the `marker` attribute (the walk's
//     start) is not logged. Returns whether the document has a body (an SVG document has none: nothing to walk).
//   peek {end, from}: the focused element now, without waiting; the log's length; whether it carries the `end`
//     attribute; with `from`, the log since then.
//   settle {quiet, rounds, wallMs, from}: waits until no focus event came for `quiet` ms (a page timer due sooner
//     than that is due before our timer, however slow the machine), at most `rounds` windows or `wallMs`; returns
//     the log since `from` (else since the last settle) and the focused element. Later entries belong to the
//     next key.
//   drain: the log since the last settle, without waiting (what a frame saw while its parent settled).
//   idle {ms}: waits, pressing nothing; returns the focus events scripts made meanwhile.
//   enter {id, quiet, rounds, wallMs}: focuses a logged element by script (its focus handlers run as on a keyboard
//     arrival), then settles; null when the element is gone.
//   element {id}: the element itself (for a handle).  boxes {ids}: their boxes in document px.
//   help: what could tell a user how to leave a trap: the language, the text the page shows, the names and
//     descriptions of its elements, the text it added since logging began, and whether it shows any image.
//   uninstall: stops logging in this frame.
(arg) => {
  const KEY = "__uiagentKeyboardTrap";
  const ENTER_FRAME = " >> internal:control=enter-frame >> ";
  const NAMING = ["aria-label", "aria-description", "title", "alt", "placeholder"];
  // The elements a shadow root can be attached to, besides custom elements.
  const SHADOW_HOSTS = ["article", "aside", "blockquote", "body", "div", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
                        "header", "main", "nav", "p", "section", "span"];
  const { op } = arg;

  const topState = () => {
    try { if (window.top !== window && window.top[KEY]) return window.top[KEY]; } catch (error) { /* other origin */ }
    return null;
  };
  const framePath = (w) => {
    const path = [];
    try {
      for (let x = w; x !== window.top && x.frameElement; x = x.parent) path.unshift(x.frameElement);
    } catch (error) { /* an ancestor of another origin: the path starts below it */ }
    return path;
  };
  const identify = (log, el, path) => {
    if (!el) return null;
    const doc = el.ownerDocument;
    if (el === doc || el === doc.body || el === doc.documentElement) {
      return path.length ? identify(log, path[path.length - 1], path.slice(0, -1)) : null;
    }
    let id = log.ids.get(el);
    if (id === undefined) {
      id = log.elements.size + 1;
      log.ids.set(el, id);
      log.elements.set(id, el);
      log.paths.set(id, path);
    }
    return id;
  };
  // The focused element of `doc`, entering open shadow roots and frames scripts may read. `opaque`: it is a frame
  // of another origin; `closed`: it holds focus without being focusable itself (a closed shadow root's host).
  const deepActive = (log, doc) => {
    let path = [];
    for (;;) {
      let el = doc.activeElement;
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      if (!el || el === doc.body || el === doc.documentElement) {
        return { active: path.length ? identify(log, path[path.length - 1], path.slice(0, -1)) : null, opaque: false, closed: false };
      }
      if (el.localName === "iframe" || el.localName === "frame") {
        let inner = null;
        try { inner = el.contentDocument; } catch (error) { /* other origin */ }
        if (!inner) return { active: identify(log, el, path), opaque: true, closed: false };
        path = path.concat([el]);
        doc = inner;
        continue;
      }
      const closed = !el.shadowRoot && el.tabIndex < 0 && !el.hasAttribute("tabindex") && !el.isContentEditable &&
        (el.localName.includes("-") || SHADOW_HOSTS.includes(el.localName));
      return { active: identify(log, el, path), opaque: false, closed };
    }
  };
  // Names are made when asked for, by this call's selectorOf: they describe the DOM as it is now (a listener's
  // selectorOf would keep what it saw when it first ran).
  const named = (log, ids) => {
    const names = {};
    for (const id of ids) {
      if (id === null || id === undefined || id in names) continue;
      names[id] = log.paths.get(id).concat([log.elements.get(id)]).map((el) => selectorOf(el)).join(ENTER_FRAME);
    }
    return names;
  };

  const idsOf = (events) => events.flatMap((e) => [e.target, e.related, e.after, e.before]);

  const own = window[KEY];

  if (op === "install") {
    if (own) return { body: !!document.body };
    const shared = topState();
    const log = shared ? shared.log : { events: [], ids: new WeakMap(), elements: new Map(), paths: new Map(),
                                         added: [], addedChars: 0, mutations: 0, k: 0, dispatching: null, mark: 0 };
    const logDocument = shared ? window.top.document : document;
    const path = framePath(window);
    const skip = (node) => !!node && node.nodeType === 1 && node.hasAttribute(arg.marker);
    const listeners = [];
    const listen = (type, handler) => { window.addEventListener(type, handler, true); listeners.push([type, handler]); };
    const now = () => performance.timeOrigin + performance.now();
    listen("keydown", (event) => {
      // Where the key found focus: where the keys before it (and any timer since) left it. A walk that reads nothing
      // between its keys learns from this what each key reached.
      const found = deepActive(log, logDocument);
      const entry = { type: "keydown", key: event.key, k: ++log.k, t: now(), before: found.active,
                      ...(found.opaque ? { opaque: true } : {}) };
      log.dispatching = entry.k;
      log.events.push(entry);
      // Once the dispatch is over (the default action included): was it cancelled, and what holds focus now.
      setTimeout(() => {
        entry.prevented = event.defaultPrevented;
        entry.after = deepActive(log, logDocument).active;
        if (log.dispatching === entry.k) log.dispatching = null;
      }, 0);
    });
    for (const type of ["focusin", "focusout"]) {
      listen(type, (event) => {
        const target = (event.composedPath && event.composedPath()[0]) || event.target;
        if (skip(target) || skip(event.relatedTarget)) return;
        log.events.push({ type, target: identify(log, target, path), related: identify(log, event.relatedTarget, path),
                          k: log.dispatching, t: now() });
      });
    }
    // Text the page adds while keys are pressed (help revealed from inside a trap), and whether it changed at all.
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        if (skip(record.target)) continue;
        let text = "";
        if (record.type === "characterData") text = record.target.data;
        else if (record.type === "attributes") {
          if (NAMING.includes(record.attributeName)) text = record.target.getAttribute(record.attributeName) || "";
        }
        else for (const node of record.addedNodes) if (!skip(node)) text += " " + (node.textContent || "");
        if (record.type !== "childList" || record.addedNodes.length || record.removedNodes.length) log.mutations++;
        text = text.replace(/\s+/g, " ").trim();
        if (text && log.addedChars < 20000) { log.added.push(text.slice(0, 2000)); log.addedChars += text.length; }
      }
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    Object.defineProperty(window, KEY, { value: { log, listeners, observer, logDocument }, configurable: true });
    return { body: !!document.body };
  }

  if (!own) return null;
  const log = own.log;
  const focused = () => deepActive(log, own.logDocument);

  // (settle, and enter after focusing)
  const settle = async () => {
    const from = arg.from ?? log.mark;
    const focusEvents = () => log.events.filter((e) => e.type !== "keydown").length;
    const started = performance.now();
    let seen = focusEvents(), windows = 0, unstable = false;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, arg.quiet));
      windows++;
      const count = focusEvents();
      if (count === seen) break;
      seen = count;
      if (windows >= arg.rounds || performance.now() - started > arg.wallMs) { unstable = true; break; }
    }
    const events = log.events.slice(from);
    log.mark = log.events.length;
    const state = focused();
    return { ...state, events, names: named(log, [state.active, ...idsOf(events)]), unstable,
             mutations: log.mutations, windows, ms: Math.round(performance.now() - started) };
  };

  if (op === "peek") {
    const state = focused();
    const el = document.activeElement;
    const events = arg.from === undefined ? [] : log.events.slice(arg.from);
    return { ...state, names: named(log, [state.active, ...idsOf(events)]), index: log.events.length,
             end: !!(arg.end && el && el.hasAttribute(arg.end)), ...(arg.from === undefined ? {} : { events }) };
  }

  if (op === "settle") return settle();

  if (op === "drain") {
    const events = log.events.slice(log.mark);
    log.mark = log.events.length;
    return { events, names: named(log, idsOf(events)) };
  }

  if (op === "idle") {
    const from = log.events.length;
    return new Promise((resolve) => setTimeout(() => {
      log.mark = log.events.length;
      resolve(log.events.slice(from).filter((e) => e.type !== "keydown").length);
    }, arg.ms));
  }

  if (op === "enter") {
    const el = log.elements.get(arg.id);
    if (!el || !el.isConnected) return null;
    el.focus({ preventScroll: true });
    return settle();
  }

  if (op === "element") return log.elements.get(arg.id) || null;

  if (op === "boxes") {
    const out = {};
    for (const id of arg.ids) {
      const el = log.elements.get(id);
      if (!el || !el.isConnected || el.ownerDocument !== document) continue;
      const r = el.getBoundingClientRect();
      out[id] = { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
    }
    return out;
  }

  if (op === "help") {
    const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
    const candidates = [];
    let images = false;
    const hidden = (el) => !!el.closest('[aria-hidden="true"], [inert]');
    const add = (text, visible, exposed, added) => { if (clean(text)) candidates.push({ text: clean(text).slice(0, 300), visible, exposed, added }); };
    const walk = (root, doc) => {
      for (const el of root.querySelectorAll("*")) {
        if (el.shadowRoot) walk(el.shadowRoot, doc);
        if (el.localName === "iframe" || el.localName === "frame") {
          let inner = null;
          try { inner = el.contentDocument; } catch (error) { /* other origin: Python reads it */ }
          if (inner && inner.documentElement) walk(inner.documentElement, inner);
        }
        if (["script", "style", "noscript", "template"].includes(el.localName)) continue;
        const shown = el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
        if (shown && (["img", "svg", "canvas", "video", "object", "embed", "picture"].includes(el.localName) ||
                      getComputedStyle(el).backgroundImage !== "none")) images = true;
        let own = "";
        for (const child of el.childNodes) if (child.nodeType === 3) own += child.data;
        if (clean(own)) add(el.innerText || el.textContent, shown, !hidden(el), false);
        for (const name of NAMING) {
          add(el.getAttribute(name), false, !hidden(el), false);
        }
        for (const id of (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean)) {
          const described = doc.getElementById(id);
          if (described) add(described.textContent, false, !hidden(el), false);
        }
      }
    };
    walk(document.documentElement, document);
    for (const text of log.added) add(text, false, true, true);
    const seen = new Set();
    return {
      lang: document.documentElement.getAttribute("lang") || "",
      images,
      candidates: candidates.filter((c) => !seen.has(c.text + c.added) && seen.add(c.text + c.added)).slice(0, 3000),
    };
  }

  if (op === "uninstall") {
    for (const [type, handler] of own.listeners) window.removeEventListener(type, handler, true);
    own.observer.disconnect();
    delete window[KEY];
    return true;
  }
  return null;
}
