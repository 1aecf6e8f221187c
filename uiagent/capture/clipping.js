// Elements that hide overflowing content while holding text that overflows: text cut off after a
// change (text spacing overridden), compared with the page as it was. Also reports whether the page scrolls sideways.
() => {
  const out = [];
  for (const el of (document.body || document.documentElement).querySelectorAll("*")) {  // .svg: no body
    const s = getComputedStyle(el);
    const hidesX = ["hidden", "clip"].includes(s.overflowX), hidesY = ["hidden", "clip"].includes(s.overflowY);
    if (!hidesX && !hidesY) continue;
    if (!canPaint(el)) continue;  // laid out on request, never painted (a closed <details>)
    if (!el.textContent.trim() || ["select", "option", "input", "textarea"].includes(el.localName)) continue;
    const overX = hidesX && el.scrollWidth > el.clientWidth + 1;
    const overY = hidesY && el.scrollHeight > el.clientHeight + 1;
    if (!overX && !overY) continue;
    const r = el.getBoundingClientRect();
    // Text hidden on purpose for screen readers cuts its text off by design (a menu's toggle that a script shows
    // only once the text spacing widens the menu brings its visually-hidden label along).
    if (visuallyHidden(r, s)) continue;  // (as is a box under 1 px: visuallyHidden takes in 2 px)
    out.push({ selector: selectorOf(el), text: el.textContent.trim().slice(0, 120),
               box: { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height },
               client: [el.clientWidth, el.clientHeight], scroll: [el.scrollWidth, el.scrollHeight], cut_below: overY,
               editor: inEditor(el) });
  }
  return out;
}
