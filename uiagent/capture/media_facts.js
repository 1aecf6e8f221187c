// The audio and video elements of this document (open shadow roots walked) as the media checks need them
// (uiagent/audit/checks/media.py), and with arg.inventory what else the document offers beside them: text,
// named controls, embedded content and scripts, each as "maybe there" unless it is certainly not.
// Before answering it waits on media events, never on a fixed sleep: until every loading element has its
// metadata (at most arg.metadataMs), and until every unmuted autoplay element has played 3.5 s, stopped or
// been muted (at most arg.observeMs). A document without media answers null at once, unless asked for its
// inventory (a frame of a page whose media are elsewhere).
async (arg) => {
  const elements = [];
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll("*")) {
      elements.push(el);
      if (el.shadowRoot) roots.push(el.shadowRoot);
    }
  }
  const media = elements.filter((el) => el instanceof HTMLMediaElement);
  if (!media.length && !arg.inventory) return null;

  const OBSERVED_SECONDS = 3.5;  // enough played audio to tell "more than 3 s"
  const playedSeconds = (e) => {
    let total = 0;
    for (let i = 0; i < e.played.length; i++) total += e.played.end(i) - e.played.start(i);
    return total;
  };
  const loading = (e) => e.readyState === HTMLMediaElement.HAVE_NOTHING &&
    e.networkState === HTMLMediaElement.NETWORK_LOADING && !e.error;
  // An unmuted autoplay element whose first 3.5 s of sound are still to come: playing, or still loading
  // (autoplay starts once enough has loaded; at HAVE_ENOUGH_DATA and paused, it was not allowed to start).
  const observing = (e) => e.autoplay && !e.muted && e.volume > 0 && !e.error && !e.ended &&
    !(e.readyState >= HTMLMediaElement.HAVE_METADATA && e.duration <= 3) &&
    (e.paused ? e.played.length === 0 && e.readyState < HTMLMediaElement.HAVE_ENOUGH_DATA &&
                e.networkState === HTMLMediaElement.NETWORK_LOADING
              : playedSeconds(e) / (e.playbackRate || 1) < OBSERVED_SECONDS);
  const started = performance.now();
  await new Promise((resolve) => {
    const EVENTS = ["loadedmetadata", "timeupdate", "playing", "pause", "ended", "volumechange", "error",
                    "emptied", "canplaythrough", "suspend"];
    const timers = [];
    const check = () => {
      const elapsed = performance.now() - started;
      if (media.some((e) => (elapsed < arg.metadataMs && loading(e)) || (elapsed < arg.observeMs && observing(e)))) return;
      for (const e of media) for (const type of EVENTS) e.removeEventListener(type, check);
      timers.forEach(clearTimeout);
      resolve();
    };
    for (const e of media) for (const type of EVENTS) e.addEventListener(type, check);
    // The deadlines make the last checks: the wait is bounded even when no event ever comes.
    timers.push(setTimeout(check, arg.observeMs + 5), setTimeout(check, arg.metadataMs + 5));
    check();
  });
  const waited = (performance.now() - started) / 1000;

  const flatParent = (el) => el.assignedSlot || el.parentElement ||
    (el.parentNode instanceof ShadowRoot ? el.parentNode.host : null);
  const hiddenMemo = new Map();
  // aria-hidden="true" or inert on the element or an ancestor in the flat tree: out of the accessibility tree.
  function hiddenFromTree(el) {
    if (!el) return false;
    if (hiddenMemo.has(el)) return hiddenMemo.get(el);
    const hidden = el.getAttribute("aria-hidden") === "true" || el.hasAttribute("inert") || hiddenFromTree(flatParent(el));
    hiddenMemo.set(el, hidden);
    return hidden;
  }
  const inTreeMemo = new Map();
  function inTree(el) {
    if (!inTreeMemo.has(el)) {
      inTreeMemo.set(el, el.checkVisibility({ visibilityProperty: true }) && !hiddenFromTree(el));
    }
    return inTreeMemo.get(el);
  }
  // The part of a rect its own element and the ancestors that certainly contain it leave to be seen: an
  // overflow other than visible clips; an absolutely or fixed positioned box may escape the ancestors above it.
  // The body's and root's overflow clip the viewport, which scrolls: not counted.
  function unclippedArea(rect, el) {
    let [left, top, right, bottom] = [rect.left, rect.top, rect.right, rect.bottom];
    for (let a = el; a && a !== document.documentElement && a !== document.body; a = flatParent(a)) {
      const style = getComputedStyle(a);
      if (style.overflowX !== "visible" || style.overflowY !== "visible") {
        const box = a.getBoundingClientRect();
        left = Math.max(left, box.left); top = Math.max(top, box.top);
        right = Math.min(right, box.right); bottom = Math.min(bottom, box.bottom);
      }
      if (style.position === "absolute" || style.position === "fixed") break;
    }
    return Math.max(0, right - left) * Math.max(0, bottom - top);
  }
  // Certainly unseen: no area, entirely before the page's origin (where no scrolling reaches), clipped to at
  // most one pixel, transparent, or hidden. Anything else may be seen.
  function maybeSeen(rects, el) {
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    return rects.some((r) => r.width > 0 && r.height > 0 && r.right + scrollX > 0 && r.bottom + scrollY > 0 &&
                             unclippedArea(r, el) > 1);
  }
  const transparent = (colour) => /^rgba\(.*,\s*0\)$/.test(colour) || colour === "transparent";
  function inkless(el) {
    const style = getComputedStyle(el);
    return transparent(style.color) && transparent(style.webkitTextFillColor) && style.textShadow === "none" &&
      parseFloat(style.webkitTextStrokeWidth || "0") === 0 && style.backgroundClip !== "text" &&
      style.webkitBackgroundClip !== "text";
  }
  const box = (r) => ({ x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height });
  const ranges = (t) => Array.from({ length: t.length }, (_, i) => [t.start(i), t.end(i)]);

  const facts = media.map((e) => {
    const r = e.getBoundingClientRect();
    return {
      selector: selectorOf(e), tag: e.localName, box: box(r),
      autoplay: e.autoplay, loop: e.loop, controls: e.controls, muted: e.muted, volume: e.volume,
      paused: e.paused, ended: e.ended, played: ranges(e.played), current_time: e.currentTime,
      current_src: e.currentSrc,
      sources: [e.getAttribute("src") ? e.src : null,
                ...[...e.querySelectorAll("source[src]")].filter((s) => !s.type || e.canPlayType(s.type)).map((s) => s.src)]
        .filter(Boolean),
      duration: Number.isFinite(e.duration) ? e.duration : null, streaming: e.duration === Infinity,
      ready_state: e.readyState, network_state: e.networkState, error: e.error ? e.error.code : null,
      playback_rate: e.playbackRate, preload: e.preload,
      visible: e.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && r.width > 0 &&
        r.height > 0 && r.right + scrollX > 0 && r.bottom + scrollY > 0 && unclippedArea(r, e) > 1,
      in_tree: inTree(e), text_tracks: [...e.querySelectorAll("track")].map((t) => t.kind),
      waited: waited,
    };
  });
  if (!arg.inventory) return { media: facts, inventory: null };

  // Text: the first text in the accessibility tree, and the first that may also be seen. Text inside media
  // is fallback content (never rendered); names given by attributes count as text of their element.
  const SKIP = new Set(["script", "style", "template", "noscript", "title", "audio", "video"]);
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
  let text = null, visibleText = null;
  const found = (kind, value) => {
    if (kind === "any" && text === null) text = value.slice(0, 80);
    if (kind === "seen" && visibleText === null) visibleText = value.slice(0, 80);
  };
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node && visibleText === null; node = walker.nextNode()) {
      const parent = node.parentElement;
      const words = clean(node.data);
      if (!words || !parent || SKIP.has(parent.localName) || parent.closest("audio, video") || !inTree(parent)) continue;
      found("any", words);
      const range = document.createRange();
      range.selectNodeContents(node);
      if (!inkless(parent) && maybeSeen([...range.getClientRects()], parent)) found("seen", words);
    }
  }
  // Text that is no text node: names from attributes, an input's value, an SVG's title, generated content.
  const NAMING = ["aria-label", "alt", "title", "placeholder", "aria-labelledby"];
  const generated = (el) => ["::before", "::after"].map((p) => getComputedStyle(el, p).content)
    .find((content) => /^".*[^\s"].*"$/.test(content));
  for (const el of elements) {
    if (visibleText !== null) break;
    if (el instanceof HTMLMediaElement || !inTree(el)) continue;
    const words = NAMING.map((a) => clean(el.getAttribute(a))).find(Boolean) ||
      (el.localName === "input" && el.type !== "hidden" && clean(el.value)) ||
      (el.localName === "svg" && clean(el.querySelector("title")?.textContent)) || generated(el);
    if (!words) continue;
    found("any", words);
    if (maybeSeen([el.getBoundingClientRect()], el)) found("seen", words);
  }

  // Controls: links, widgets and named elements in the accessibility tree that may have a name. Elements
  // whose pointer cursor says "click me" count when they hold text, whatever their role.
  const WIDGET = "a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], " +
    "[contenteditable]:not([contenteditable=false]), [onclick], [aria-label], [aria-labelledby]";
  const NOT_WIDGET_ROLES = new Set(["presentation", "none", "generic", "paragraph"]);
  const hasText = (el) => [el, ...el.querySelectorAll("*")].some((n) =>
    [...n.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && clean(c.data)) && inTree(n));
  const pseudoContent = (el) => ["::before", "::after"].some((p) => !["none", "normal", '""'].includes(getComputedStyle(el, p).content));
  function maybeNamed(el) {
    if (NAMING.some((a) => clean(el.getAttribute(a))) || (el.labels && el.labels.length) || el.shadowRoot) return true;
    if (el.localName === "input" && ["submit", "reset", "image"].includes(el.type)) return true;  // default names
    if (el.localName === "input" && el.type === "button") return Boolean(clean(el.value));
    if (el.localName === "select") return true;
    if (el.querySelector("img[alt]:not([alt='']), svg title, [aria-label], [title]")) return true;
    return hasText(el) || pseudoContent(el);
  }
  let control = null;
  for (const el of elements) {
    if (el instanceof HTMLMediaElement || !inTree(el)) continue;
    const role = (el.getAttribute("role") || "").split(/\s+/)[0];
    if (!el.matches(WIDGET) && (!role || NOT_WIDGET_ROLES.has(role))) continue;
    if (maybeNamed(el)) { control = `${el.localName}${role ? `[role=${role}]` : ""} ${selectorOf(el)}`; break; }
  }
  for (let i = 0; i < elements.length && control === null; i++) {
    const el = elements[i];
    if (!(el instanceof HTMLMediaElement) && getComputedStyle(el).cursor === "pointer" && inTree(el) && hasText(el)) {
      control = `${el.localName} with a pointer cursor ${selectorOf(el)}`;
    }
  }
  const embedded = elements.filter((el) => el.matches("object, embed, [aria-busy=true]") && inTree(el))
    .map((el) => `${el.localName}${el.getAttribute("aria-busy") === "true" ? "[aria-busy]" : ""} ${selectorOf(el)}`);
  const scripts = [...document.scripts].filter((s) => !s.type || /javascript|ecmascript|module/i.test(s.type)).length +
    elements.filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length;
  return { media: facts, inventory: { text, visible_text: visibleText, control, embedded, scripts } };
}
