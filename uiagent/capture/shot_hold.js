// Holds a frame still for a screenshot taken through the DevTools protocol, as Playwright's own screenshot does with
// animations "disabled" and caret "hide": finite CSS animations and transitions run to their end (and so do those
// that start meanwhile), infinite ones are cancelled until the release, which plays them again; text fields draw a
// transparent caret. `op` is "hold" or "release". The hold returns the document's size as Playwright measures it for a
// full-page screenshot (whose clip it trims to that size), or null without a body.
(op) => {
  const KEY = "__uiagentShotHold";
  if (op === "release") {
    const held = window[KEY];
    if (held) { delete window[KEY]; held(); }
    return null;
  }
  const body = document.body, root = document.documentElement;
  const size = body && root ? {
    width: Math.max(body.scrollWidth, root.scrollWidth, body.offsetWidth, root.offsetWidth, body.clientWidth, root.clientWidth),
    height: Math.max(body.scrollHeight, root.scrollHeight, body.offsetHeight, root.offsetHeight, body.clientHeight, root.clientHeight),
  } : null;
  if (window[KEY]) return size;  // (held already)
  // Shadow roots, and the documents of frames of this origin: held from here, never waiting on a frame still loading.
  // (A frame of another origin is out of a script's reach and is shot as it is.)
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const element of roots[i].querySelectorAll("*")) {
      if (element.shadowRoot) roots.push(element.shadowRoot);
      let inner = null;
      try { inner = element.contentDocument; } catch (e) { /* another origin */ }
      if (inner) roots.push(inner);
    }
  }
  const carets = new Map();
  for (const root of roots) {
    for (const field of root.querySelectorAll("input,textarea,[contenteditable]")) {
      carets.set(field, [field.style.getPropertyValue("caret-color"), field.style.getPropertyPriority("caret-color")]);
      field.style.setProperty("caret-color", "transparent", "important");
    }
  }
  const cancelled = new Set();
  const settle = (root) => {
    for (const animation of root.getAnimations()) {
      if (!animation.effect || animation.playbackRate === 0 || cancelled.has(animation)) continue;
      try {
        if (Number.isFinite(animation.effect.getComputedTiming().endTime)) animation.finish();
        else { animation.cancel(); cancelled.add(animation); }
      } catch (e) { /* (an animation that cannot finish is shot as it is) */ }
    }
  };
  const listeners = roots.map((root) => {
    const listener = () => settle(root);
    settle(root);
    root.addEventListener("transitionrun", listener);
    root.addEventListener("animationstart", listener);
    return [root, listener];
  });
  window[KEY] = () => {
    for (const [root, listener] of listeners) {
      root.removeEventListener("transitionrun", listener);
      root.removeEventListener("animationstart", listener);
    }
    for (const [field, [value, priority]] of carets) field.style.setProperty("caret-color", value, priority);
    for (const animation of cancelled) { try { animation.play(); } catch (e) { /* (gone meanwhile) */ } }
  };
  return size;
}
