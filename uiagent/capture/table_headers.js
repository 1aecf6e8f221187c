// Facts for "table header cell has assigned cells" (ACT d0f69e) in one frame.
// arg.roles: every ARIA role (the first of them in a role attribute is the element's explicit role).
// arg.op "any": whether some th, or element with role columnheader or rowheader, sits in a table (the probe);
// arg.op "tables": the tables holding such header cells (the closest table element, or element with role table,
//   grid or treegrid, above each in the flat tree); arg.op "headers": the header cells in them;
// arg.op "model": for arg.elements, the tables then the header cells (the first arg.count are the tables), each
//   table's cells laid out on its grid of slots. A table element follows HTML's table model (row groups in order,
//   tfoot last, colspan, rowspan ending with its row group); an ARIA table its rows and their cells in the flat
//   tree (aria-colindex, aria-colspan, aria-rowspan). Each cell: its slot and size, whether it is a th, its
//   scope, its headers attribute as indices of cells of the same table, whether it is empty; a header cell also
//   its index in arg.elements, whether it shows, its text and where it is.
(arg) => {
  const root = document.documentElement;
  if (!root) return arg.op === "any" ? false : [];
  const roles = new Set(arg.roles);
  const explicitRole = (el) =>
    (el.getAttribute("role") || "").toLowerCase().split(/\s+/).find((token) => roles.has(token)) || null;
  const TABLE_ROLES = ["table", "grid", "treegrid"];
  const HEADER_ROLES = ["columnheader", "rowheader"];
  const CELL_ROLES = ["cell", "gridcell", "columnheader", "rowheader"];
  const isHeader = (el) => el.localName === "th" || HEADER_ROLES.includes(explicitRole(el));
  const isTable = (el) => el.localName === "table" || TABLE_ROLES.includes(explicitRole(el));
  const flatParent = (node) => {
    if (node.assignedSlot) return node.assignedSlot;
    const parent = node.parentNode;
    return parent instanceof ShadowRoot ? parent.host : parent instanceof Element ? parent : null;
  };
  const flatChildren = (el) => {
    if (el.localName === "slot" && el.getRootNode() instanceof ShadowRoot) {
      const assigned = el.assignedElements({ flatten: true });
      if (assigned.length) return assigned;
    }
    return [...(el.shadowRoot || el).children];
  };
  const tableOf = (el) => {
    for (let p = flatParent(el); p; p = flatParent(p)) if (isTable(p)) return p;
    return null;
  };

  if (arg.op === "any") {
    for (const el of allElements(document)) if (isHeader(el) && tableOf(el)) return true;
    return false;
  }
  if (arg.op === "tables" || arg.op === "headers") {
    const tables = new Set();
    const headers = [];
    for (const el of allElements(document)) {
      const table = isHeader(el) && tableOf(el);
      if (!table) continue;
      tables.add(table);
      headers.push(el);
    }
    return arg.op === "tables" ? [...tables] : headers;
  }

  const tables = arg.elements.slice(0, arg.count);
  const headerIndex = new Map(arg.elements.slice(arg.count).map((el, i) => [el, arg.count + i]));
  const scrollLeft = scrollX, scrollTop = scrollY;

  // HTML's table model: rows of thead and tbody in order, direct tr children as their own group, tfoot last.
  const nativeLayout = (table) => {
    const groups = [], feet = [];
    let loose = null;
    for (const child of table.children) {
      if (child.localName === "tr") {
        if (!loose) groups.push(loose = []);
        loose.push(child);
        continue;
      }
      loose = null;
      const rows = [...child.children].filter((row) => row.localName === "tr");
      if (child.localName === "thead" || child.localName === "tbody") groups.push(rows);
      else if (child.localName === "tfoot") feet.push(rows);
    }
    const cells = [], taken = new Set();
    let y = 0;
    [...groups, ...feet].forEach((rows, group) => {
      const end = y + rows.length;
      for (const row of rows) {
        let x = 0;
        for (const el of row.children) {
          if (el.localName !== "td" && el.localName !== "th") continue;
          while (taken.has(`${x},${y}`)) x++;
          const width = el.colSpan;  // already clamped to 1..1000
          const height = Math.min(el.rowSpan === 0 ? end - y : el.rowSpan, end - y);  // a cell ends with its group
          for (let i = 0; i < width; i++) for (let j = 0; j < height; j++) taken.add(`${x + i},${y + j}`);
          cells.push({ el, x, y, width, height, group });
          x += width;
        }
        y++;
      }
    });
    return cells;
  };

  // Elements of `want` below `el` in the flat tree, not looking inside them, nor inside nested tables.
  const below = (el, want, into = []) => {
    for (const child of flatChildren(el)) {
      if (want(child)) into.push(child);
      else if (!isTable(child)) below(child, want, into);
    }
    return into;
  };
  const whole = (el, name) => {
    const value = parseInt(el.getAttribute(name), 10);
    return Number.isFinite(value) && value >= 0 ? value : null;
  };
  // An ARIA table: its rows, their cells; aria-colindex places a cell, else the next free slot does.
  const ariaLayout = (table) => {
    const isRow = (el) => explicitRole(el) === "row";
    const rows = below(table, isRow);
    const cells = [], taken = new Set();
    rows.forEach((row, y) => {
      let x = 0;
      for (const el of below(row, (child) => CELL_ROLES.includes(explicitRole(child)) || isRow(child))) {
        if (isRow(el)) continue;
        const index = whole(el, "aria-colindex");
        if (index) x = index - 1;
        else while (taken.has(`${x},${y}`)) x++;
        const width = whole(el, "aria-colspan") || 1;
        const spanned = whole(el, "aria-rowspan");
        const height = spanned === 0 ? rows.length - y : spanned || 1;
        for (let i = 0; i < width; i++) for (let j = 0; j < height; j++) taken.add(`${x + i},${y + j}`);
        cells.push({ el, x, y, width, height, group: 0 });
        x += width;
      }
    });
    return cells;
  };

  const inside = (el, table) => {
    for (let p = el; p; p = flatParent(p)) if (p === table) return true;
    return false;
  };
  const owners = [];
  for (const el of allElements(document)) if (el.hasAttribute("aria-owns")) owners.push(el);
  // aria-owns moving elements in or out of an ARIA table changes its rows and cells in ways not modelled here.
  const owns = (owner, table) => owner.getAttribute("aria-owns").split(/\s+/).some((id) => {
    const target = id && owner.getRootNode().getElementById(id);
    return target && inside(target, table);
  });
  const rearranged = (table) => owners.some((owner) => inside(owner, table) || owns(owner, table));

  const shows = (el) => {
    const r = el.getBoundingClientRect();
    return el.checkVisibility({ checkVisibilityCSS: true, visibilityProperty: true })
      && r.width > 1 && r.height > 1 && r.right + scrollLeft > 0 && r.bottom + scrollTop > 0
      && (/\S/.test(el.innerText || "")
          || el.querySelector("img, svg, canvas, picture, video, object, input") !== null);
  };
  const SCOPES = ["row", "col", "rowgroup", "colgroup"];

  return tables.map((table) => {
    const native = table.localName === "table";
    const placed = native ? nativeLayout(table) : ariaLayout(table);
    const indexOf = new Map(placed.map((cell, i) => [cell.el, i]));
    const cells = placed.map(({ el, x, y, width, height, group }) => {
      const scope = (el.getAttribute("scope") || "").trim().toLowerCase();
      const cell = { x, y, width, height, group, th: el.localName === "th",
                     scope: el.localName === "th" && SCOPES.includes(scope) ? scope : "auto",
                     empty: el.children.length === 0 && !/\S/.test(el.textContent), headers: null, element: null };
      if (native && el.hasAttribute("headers")) {
        const rootNode = el.getRootNode();
        cell.headers = el.getAttribute("headers").split(/\s+/).filter(Boolean)
          .map((id) => indexOf.get(rootNode.getElementById(id))).filter((i) => i !== undefined);
      }
      if (headerIndex.has(el)) {
        const r = el.getBoundingClientRect();
        Object.assign(cell, { element: headerIndex.get(el), shows: shows(el),
                              text: (el.innerText || "").trim().slice(0, 80), selector: selectorOf(el),
                              box: { x: r.left, y: r.top, width: r.width, height: r.height } });
      }
      return cell;
    });
    return { native, selector: selectorOf(table), uncertain: !native && rearranged(table), cells };
  });
}
