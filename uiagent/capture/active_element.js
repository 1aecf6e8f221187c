// One stop of a keyboard focus walk: the focused element (entering open shadow roots), its box, whether
// it is covered at the points of its box (WCAG 2.4.11: focus not obscured), the boxes of its ancestors in
// the composed tree (their :focus-within styles can change pixels there), and whether focusing it changed
// the DOM beyond what a batch can show again (a script styled the focus, which only a real focused screenshot
// shows), or is inside a closed shadow root (whose styles no script can see).
// `walkKey` names the walk's state on window (set up by _WALK_START_JS in focus.py); without it, no walk bookkeeping.
async (walkKey) => {
  // What focusing `el` changed of its own attributes, as a script that marks the focused element does (the
  // focus-visible polyfill's class, a framework's "focus-visible" class or data attribute): a batch can show that again
  // without focus (focus_emulation.js). A Map of attribute name -> [value unfocused, value focused]; and whether
  // anything else changed (another element, the tree, text), which only real focus shows. The stop before
  // (`previous`) getting back what its own focus changed, and uiagent's own starting point of the walk, are not that.
  //
  // Values that style the element alike: a class attribute is a set of names (classList.remove leaves the rest
  // normalised, or empty), and an empty style attribute is as none.
  const classes = (value) => [...new Set((value || "").split(/\s+/).filter(Boolean))].sort().join(" ");
  const alike = (name, a, b) => a === b || (name === "class" && classes(a) === classes(b)) || (name === "style" && !a && !b);
  const focusDelta = (records, el, previous, previousDelta) => {
    const delta = new Map();
    let other = false;
    for (const record of records) {
      const name = record.attributeName;
      if (record.type === "attributes" && record.target === el) {
        if (!delta.has(name)) delta.set(name, [record.oldValue, null]);
      } else if (!(record.type === "attributes" && (record.target.hasAttribute('data-uiagent-tab-start')
                   || (record.target === previous && previousDelta && previousDelta.has(name))))) {
        other = true;
      }
    }
    // (The stop before may have had it back already, when a shot of the walk took focus away from it.)
    for (const [name, [unfocused]] of previousDelta || []) if (!alike(name, previous.getAttribute(name), unfocused)) other = true;
    for (const [name, values] of delta) {
      values[1] = el.getAttribute(name);
      if (alike(name, values[1], values[0])) delta.delete(name);
    }
    return { delta, other };
  };

  // Focus that scrolled the page fires the page's scroll handlers in the next frame, and those commonly change the
  // layout in an animation frame (a sidebar shortened to clear the footer): what covers the element is read once
  // they have had two frames to do so.
  const walk = walkKey && window[walkKey];
  if (walk && (walk.scroll[0] !== scrollX || walk.scroll[1] !== scrollY)) {
    walk.scroll = [scrollX, scrollY];
    // (A page that paints no frames, hidden or throttled, is read after 100 ms.)
    await new Promise((resolve) => { requestAnimationFrame(() => requestAnimationFrame(resolve)); setTimeout(resolve, 100); });
  }
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  // uiagent's own starting point of a walk (keyboard.py) is not the page's: focus still there means Tab
  // reached nothing (the page swallowed it, or has nothing to tab to).
  if (!el || el === document.body || el === document.documentElement || el.hasAttribute('data-uiagent-tab-start')) return null;
  const r = el.getBoundingClientRect();
  // A box without area (an empty link) hides nothing and nothing can cover it: probing its edge would find whatever
  // lies beside it.
  const points = r.width > 0 && r.height > 0 ? [[0.5, 0.5], [0.15, 0.15], [0.85, 0.15], [0.15, 0.85], [0.85, 0.85]] : [];
  let visible = 0, coveredBy = null;
  for (const [fx, fy] of points) {
    const x = r.left + r.width * fx, y = r.top + r.height * fy;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const hit = (el.getRootNode().elementFromPoint || document.elementFromPoint).call(el.getRootNode(), x, y);
    // Its own label is its face (a custom checkbox draws a box in the label over the transparent input).
    const ownLabel = hit && el.labels && [...el.labels].some((label) => label.contains(hit));
    if (hit && (hit === el || el.contains(hit) || hit.contains(el) || ownLabel)) visible++;
    else if (hit && !coveredBy) coveredBy = selectorOf(hit);
  }
  // Whether the element is drawn itself: a transparent or hairline one (an editor's hidden textarea, an input under
  // the face a widget draws) stands in for a control drawn by other elements, which may be what covers it.
  const drawn = r.width > 2 && r.height > 2 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  const docBox = b => ({ x: b.left + scrollX, y: b.top + scrollY, width: b.width, height: b.height });
  let mutated = false, index = null;
  const ancestors = [];
  if (walk) {
    const records = [...walk.records, ...walk.observer.takeRecords()];
    walk.records = [];
    const previous = walk.stops.length - 1;
    const { delta, other } = focusDelta(records, el, walk.stops[previous], walk.deltas.get(previous));
    mutated = other;
    index = walk.stops.push(el) - 1;
    if (delta.size) walk.deltas.set(index, delta);
    for (let a = el.parentNode || null; a; a = a.parentNode || a.host || null) {
      if (a.nodeType !== Node.ELEMENT_NODE) continue;
      if (a === document.body || a === document.documentElement) break;  // shared by every stop
      if (!walk.ids.has(a)) walk.ids.set(a, walk.ids.size + 1);  // identity: shared ancestors are told apart
      ancestors.push({ id: walk.ids.get(a), box: docBox(a.getBoundingClientRect()) });
      if (ancestors.length >= 40) break;
    }
  }
  // A field that takes typing draws a blinking caret where focus is, which WCAG counts as a focus indicator
  // (Understanding 2.4.7; technique G149) and screenshots leave out: unless it is transparent.
  const TEXT_TYPES = /^(text|search|email|url|tel|password|number|)$/;
  const types = (el.localName === "input" && TEXT_TYPES.test(el.type)) || el.localName === "textarea" || el.isContentEditable;
  const caretColour = getComputedStyle(el).caretColor;
  const caret = !!types && !el.readOnly && !isTransparent(caretColour);
  // Whether the reference capture (the whole page laid out at once, at its top) shows the element elsewhere than
  // the screen does now: inside a box the walk scrolled (a sidebar's list), inside a box pinned to the window
  // (fixed or sticky) while the window is scrolled, or inside a fixed box on the window's bottom edge (drawn at the
  // foot of the whole page in the reference). Its look is then compared with its own place, unfocused.
  const home = window.__uiagentScrollHome;
  const taller = document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth;
  let displaced = false;
  for (let a = el; a && !displaced; a = a.parentNode || a.host || null) {
    if (a.nodeType !== Node.ELEMENT_NODE || a === document.documentElement) continue;
    if (a !== el && a !== document.scrollingElement) {
      const [left, top] = (home && home.get(a)) || [0, 0];
      displaced = a.scrollLeft !== left || a.scrollTop !== top;
    }
    const position = getComputedStyle(a).position;
    if (!displaced && (position === "fixed" || position === "sticky")) {
      const box = a.getBoundingClientRect();
      displaced = scrollX !== 0 || scrollY !== 0 || (position === "fixed" && taller && box.top > 0 && box.bottom >= innerHeight - 1);
    }
  }
  // Whether the screen shows the view the walk noted when it last took focus away for a shot (walk.view, focus.py's
  // _BLUR_JS): the window and every box around the element scrolled as then. (Whether the DOM changed meanwhile is
  // `mutated`.)
  let sameView = false;
  const view = walk && walk.view;
  if (view && view.x === scrollX && view.y === scrollY) {
    sameView = true;
    for (let a = el; a && sameView; a = a.parentNode || a.host || null) {
      if (a.nodeType !== Node.ELEMENT_NODE || a === document.scrollingElement) continue;
      const [left, top] = view.boxes.get(a) || [0, 0];
      sameView = a.scrollLeft === left && a.scrollTop === top;
    }
  }
  // An element that cannot take focus itself yet holds it: the focus is inside its closed shadow root.
  const closedShadow = !el.shadowRoot && el.tabIndex < 0 && !el.hasAttribute("tabindex");
  return { selector: selectorOf(el), tag: el.localName, doc_box: docBox(r), visible_points: visible, covered_by: coveredBy, drawn, index, mutated, ancestors,
           closed_shadow: closedShadow, scroll: [scrollX, scrollY], caret, displaced, same_view: sameView };
}
