// selectorOf(el): a CSS selector naming one element: "#id" when unique, else a child path from the nearest
// such ancestor; " >> " steps into an open shadow root. Shared by every script uiagent evaluates in a page.
const selectorCache = new Map();
// Each parent's children are numbered once (by tag), so naming every element of a long list stays linear.
const siblingPositions = new Map();
function positionAmongSiblings(el, parent) {
  let table = siblingPositions.get(parent);
  if (!table) {
    const counts = new Map();
    table = { index: new Map(), counts };
    for (const sibling of parent.children) {
      const n = (counts.get(sibling.localName) || 0) + 1;
      counts.set(sibling.localName, n);
      table.index.set(sibling, n);
    }
    siblingPositions.set(parent, table);
  }
  return [table.index.get(el), table.counts.get(el.localName)];
}
function selectorOf(el) {
  if (selectorCache.has(el)) return selectorCache.get(el);
  let sel;
  const root = el.getRootNode();
  if (el.id && root.querySelectorAll && root.querySelectorAll("#" + CSS.escape(el.id)).length === 1) {
    sel = "#" + CSS.escape(el.id);
  } else if (el === document.documentElement) {
    sel = el.localName;  // "html", or "svg" for an SVG document
  } else {
    const parent = el.parentElement;
    const tag = el.localName;
    if (!parent) {
      sel = tag;
    } else {
      const [index, count] = positionAmongSiblings(el, parent);
      const own = count > 1 ? `${tag}:nth-of-type(${index})` : tag;
      sel = `${selectorOf(parent)} > ${own}`;
    }
  }
  // Inside a shadow root, prefix the host so a reader can tell where the element lives.
  if (root instanceof ShadowRoot && !sel.includes(" >> ")) {
    sel = `${selectorOf(root.host)} >> ${sel}`;
  }
  selectorCache.set(el, sel);
  return sel;
}

