// Helpers shared by every script uiagent evaluates in a page.

// allElements(scope): every element of a document (or shadow root) and of the open shadow roots inside it, in
// tree order.
function* allElements(scope) {
  for (const el of scope.querySelectorAll("*")) {
    yield el;
    if (el.shadowRoot) yield* allElements(el.shadowRoot);
  }
}

// flatParent(node): the parent in the flat tree, where boxes are laid out: a slotted node's slot, a shadow root's
// host.
function flatParent(node) {
  if (node.assignedSlot) return node.assignedSlot;
  if (node.parentElement) return node.parentElement;
  return node.parentNode instanceof ShadowRoot ? node.parentNode.host : null;
}

// isTransparent(colour): whether a computed colour is fully transparent: `transparent`, rgba(…, 0), or a CSS Color 4
// colour (oklch(), lab(), color(), …, which Chromium computes as written) with an alpha of 0.
function isTransparent(colour) {
  return colour === "transparent" || /^rgba\(.*,\s*0\)$/.test(colour) || /\/\s*0\)$/.test(colour);
}

// inEditor(box): whether a box that clips text is part of an editor: a text field (a code editor's hidden textarea,
// contenteditable, role=textbox) is in it or beside it (a sibling: Ace and Monaco put theirs next to the box that
// clips the lines). An editor scrolls its text to the caret itself, a way to reach what the box cuts that CSS does
// not show.
function inEditor(box) {
  const FIELD = "textarea, [contenteditable]:not([contenteditable=false i]), [role=textbox]";
  return box.isContentEditable || !!box.querySelector(FIELD) ||
    [...(box.parentElement ? box.parentElement.children : [])].some((sibling) => sibling !== box && sibling.matches(FIELD));
}

// canPaint(el, options): whether what is inside `el` can be painted at all. False without a box, and inside content
// the browser skips: a closed <details>, hidden="until-found", content-visibility: hidden. Chromium lays skipped
// content out whenever a script asks for its geometry, so its boxes alone would place it on the page, over what is
// painted there. A `display: contents` element has no box of its own: its content is painted in its parent's.
// `options` are checkVisibility's (opacityProperty, visibilityProperty: transparent or hidden paints nothing either).
function canPaint(el, options) {
  while (el && getComputedStyle(el).display === "contents") el = flatParent(el);
  return !el || el.checkVisibility(options);
}

// paintsBackgroundOrBorder(s): whether a box of computed style `s` paints something of its own: a background
// colour or image, or a border that is drawn and not transparent.
function paintsBackgroundOrBorder(s) {
  return !isTransparent(s.backgroundColor) || s.backgroundImage !== "none" ||
    ["Top", "Right", "Bottom", "Left"].some((side) => parseFloat(s[`border${side}Width`]) > 0 &&
      s[`border${side}Style`] !== "none" && !isTransparent(s[`border${side}Color`]));
}

// clippedAway(s): whether a box's own `clip` or `clip-path` leaves nothing of it to paint or to point at: the
// visually-hidden pattern of text kept for screen readers (clip: rect(0 0 0 0), clip-path: inset(50%)).
function clippedAway(s) {
  const edges = clipEdges(s.clip);
  if (edges) {
    const [top, right, bottom, left] = edges.map((v) => v || 0);
    if (right - left < 2 || bottom - top < 2) return true;
  }
  return /^inset\(\s*50%/.test(s.clipPath || "");
}

// clipEdges(clip): the edges of a `clip: rect(top, right, bottom, left)` value in px, null for an `auto` edge; null
// for any other value.
function clipEdges(clip) {
  const edges = /^rect\(([^)]*)\)/.exec(clip || "");
  return edges ? edges[1].split(/[\s,]+/).map((v) => (v === "auto" ? null : parseFloat(v))) : null;
}

// clipRectOf(s, box): the region a box's `clip: rect()` leaves it, in the coordinates of `box` (its border box,
// {left, top, right, bottom}); an `auto` edge is the border box's. null: nothing is clipped (`clip` applies to
// absolutely positioned boxes only); undefined: a value not read here.
function clipRectOf(s, box) {
  if ((s.position !== "absolute" && s.position !== "fixed") || !s.clip || s.clip === "auto") return null;
  const edges = clipEdges(s.clip);
  if (!edges) return undefined;
  const [top, right, bottom, left] = edges;
  return { left: box.left + (left ?? 0), top: box.top + (top ?? 0),
           right: right === null ? box.right : box.left + right,
           bottom: bottom === null ? box.bottom : box.top + bottom };
}

// insetOf(clipPath, box): the region `clip-path: inset(t r b l)` (px or % of the border box; rounded corners
// ignored) leaves a box, in the coordinates of `box`; null for any other value.
function insetOf(clipPath, box) {
  const match = /^inset\(([^)]*?)(?:\s+round\s[^)]*)?\)$/.exec(clipPath);
  if (!match) return null;
  const parts = match[1].trim().split(/\s+/);
  if (parts.some((p) => !/^-?[\d.]+(px|%)?$/.test(p))) return null;
  const [t, r = t, b = t, l = r] = parts;
  const width = box.right - box.left, height = box.bottom - box.top;
  const length = (p, size) => (p.endsWith("%") ? (parseFloat(p) / 100) * size : parseFloat(p));
  return { left: box.left + length(l, width), top: box.top + length(t, height),
           right: box.right - length(r, width), bottom: box.bottom - length(b, height) };
}

// visuallyHidden(rect, s): a box hidden on purpose for sight and kept for screen readers: clipped away, or a box of
// at most 2 px (the 1 px visually-hidden box).
function visuallyHidden(rect, s) {
  return rect.width <= 2 || rect.height <= 2 || clippedAway(s);
}

// holdsFixed(s): whether a box of computed style `s` is the containing block of the fixed boxes inside it (a
// transform, a filter, containment), which then move with it instead of staying on the viewport.
function holdsFixed(s) {
  return ["transform", "translate", "rotate", "scale", "perspective", "filter"].some((p) => s[p] !== "none") ||
    /paint|layout|strict|content/.test(s.contain) || /transform|perspective|filter/.test(s.willChange);
}

// viewportLayer(): a test onViewport(el) of whether an element lies on the viewport's fixed layer: it is, or is
// inside, a fixed box whose containing block is the viewport. Such a box stays put while the page scrolls, and
// never widens or lengthens what scrolls. Each box is worked out once per test.
function viewportLayer() {
  const memo = new Map();
  const onViewport = (el) => {
    if (!el || el === document.documentElement) return false;
    if (memo.has(el)) return memo.get(el);
    let answer;
    if (getComputedStyle(el).position !== "fixed") answer = onViewport(flatParent(el));
    else {
      let holder = flatParent(el);
      while (holder && !holdsFixed(getComputedStyle(holder))) holder = flatParent(holder);
      answer = !holder || onViewport(holder);
    }
    memo.set(el, answer);
    return answer;
  };
  return onViewport;
}

// contentClips(): the window the boxes hiding (or scrolling) overflow around an element leave it, as
// clipOf(el, ownContent) -> {left, top, right, bottom} in viewport coordinates (unbounded sides are infinite), for
// `el`'s border box or, with `ownContent`, for content in its own flow such as its text. A box clips what its
// containing blocks lead to: an absolutely positioned box escapes the clipping of static ancestors between it and
// its containing block, a fixed one that of every ancestor but one that holds fixed boxes (a transform, a filter,
// containment). The root's and the body's overflow scroll the viewport: they clip nothing here. Each ancestor's
// part is worked out once per clipOf, so asking for every text of a page costs one walk of its tree.
function contentClips() {
  const root = document.documentElement, body = document.body;
  const viewportOverflow = getComputedStyle(root).overflowX === "visible" ? body : root;
  const EVERYWHERE = { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };
  const escaping = (position) => (position === "absolute" || position === "fixed" ? position : "static");
  const memo = new Map();  // box -> {static, absolute, fixed}: the clip of it and the boxes above, reached so
  function from(box, escapes) {
    if (!box || box === root) return EVERYWHERE;
    let known = memo.get(box);
    if (!known) memo.set(box, known = {});
    if (known[escapes]) return known[escapes];
    const s = getComputedStyle(box);
    const containing = escapes === "fixed" ? holdsFixed(s)
      : escapes === "absolute" ? s.position !== "static" || holdsFixed(s) : true;
    let clip = from(flatParent(box), containing ? escaping(s.position) : escapes);
    if (containing && box !== viewportOverflow && s.display !== "inline" && s.display !== "contents" &&
        (s.overflowX !== "visible" || s.overflowY !== "visible")) {
      const r = box.getBoundingClientRect();
      const innerLeft = r.left + box.clientLeft, innerTop = r.top + box.clientTop;
      clip = { ...clip };
      if (s.overflowX !== "visible") {
        clip.left = Math.max(clip.left, innerLeft); clip.right = Math.min(clip.right, innerLeft + box.clientWidth);
      }
      if (s.overflowY !== "visible") {
        clip.top = Math.max(clip.top, innerTop); clip.bottom = Math.min(clip.bottom, innerTop + box.clientHeight);
      }
    }
    known[escapes] = clip;
    return clip;
  }
  return (el, ownContent) => ownContent ? from(el, "static")
    : from(flatParent(el), escaping(getComputedStyle(el).position));
}

// shownRect(rect, el, ownContent, clipOf): the part of `rect` (a viewport rectangle of `el`'s border box, or with
// `ownContent` of content in `el`'s own flow) that the boxes hiding overflow around it let show, or null when
// none (see contentClips; `clipOf` is one of its walkers, shared by many calls).
function shownRect(rect, el, ownContent, clipOf = contentClips()) {
  const clip = clipOf(el, ownContent);
  const left = Math.max(rect.left, clip.left), top = Math.max(rect.top, clip.top);
  const right = Math.min(rect.right, clip.right), bottom = Math.min(rect.bottom, clip.bottom);
  if (right <= left || bottom <= top) return null;
  return { left, top, right, bottom, width: right - left, height: bottom - top };
}
