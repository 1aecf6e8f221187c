"""Table header cells that label no cell (ACT d0f69e, WCAG 1.3.1 Info and Relationships).

A header cell is there to tell which cells it describes: one that is assigned no cell says nothing to someone who
moves through the table with a screen reader, and usually means a missing column or a broken `headers`
reference. The rule applies to header cells (Chromium's role columnheader or rowheader) that show and are in the
accessibility tree, in a table, grid or treegrid that is in it too.

Which cells a header is assigned to:
- in a table element, HTML's algorithm for assigning header cells: a cell with a `headers` attribute is assigned
  to exactly the cells it names; any other cell to the headers met scanning left along its row and up its column
  (scope, header blocks and "opaque" headers decide which are kept), and to the row group headers of its group;
- in an ARIA table or grid, a column header to the other cells of its columns, a row header to the other cells of
  its rows.
axe's th-has-data-cells looks at table elements only and counts a cell under a header even when the cell's own
`headers` attribute assigns it elsewhere; this check runs HTML's algorithm.

HTML's algorithm assigns nothing to a header without scope whose row also holds a data cell (an empty corner td)
and whose column does too, while browsers announce such a header all the same: when the algorithm assigns a
header no cell but cells share its column (or row), the finding is needs-review, not a violation.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from uiagent.audit.checks.aria import ROLES
from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.checks.frame_checks import in_every_frame
from uiagent.audit.findings import Finding
from uiagent.capture.frame_worlds import FrameWorld
from uiagent.capture.frames import FramePlace
from uiagent.capture.scripts import page_script

Status = Literal["passed", "violation", "needs-review"]
Direction = Literal["column", "row"]

TABLE_HEADERS_JS = page_script("table_headers.js")
HEADER_ROLES = {"columnheader": "column", "rowheader": "row"}
TABLE_ROLES = frozenset({"table", "grid", "treegrid"})
_ROLES_ARG = {"roles": sorted(ROLES)}


@dataclass(frozen=True)
class Cell:
    """A cell on its table's grid of slots, as table_headers.js lays it out."""

    x: int
    y: int
    width: int = 1
    height: int = 1
    th: bool = False
    scope: str = "auto"  # a th's scope: row, col, rowgroup, colgroup or auto
    headers: tuple[int, ...] | None = None  # its headers attribute, as indices of cells (None: no such attribute)
    empty: bool = False  # no element and no text but white space
    group: int = 0  # its row group

    def columns(self) -> range:
        return range(self.x, self.x + self.width)

    def rows(self) -> range:
        return range(self.y, self.y + self.height)


@dataclass
class Table:
    cells: list[Cell]
    native: bool = True  # a table element (HTML's algorithm), else an ARIA table
    uncertain: bool = False  # aria-owns rearranges an ARIA table's cells

    def __post_init__(self) -> None:
        slots: dict[tuple[int, int], list[int]] = defaultdict(list)
        for index, cell in enumerate(self.cells):
            for x in cell.columns():
                for y in cell.rows():
                    slots[x, y].append(index)
        self.slots = dict(slots)  # the cells covering each slot
        self.width = max((cell.x + cell.width for cell in self.cells), default=0)
        self.height = max((cell.y + cell.height for cell in self.cells), default=0)
        self._data_rows = {y for (_, y), held in self.slots.items() if any(not self.cells[i].th for i in held)}
        self._data_columns = {x for (x, _), held in self.slots.items() if any(not self.cells[i].th for i in held)}
        self._referenced = {ref for i, cell in enumerate(self.cells) for ref in cell.headers or () if ref != i}
        self._assigned: dict[int, bool] = {}

    def is_column_header(self, index: int) -> bool:
        cell = self.cells[index]
        return cell.th and (cell.scope == "col" or (cell.scope == "auto" and not set(cell.rows()) & self._data_rows))

    def is_row_header(self, index: int) -> bool:
        cell = self.cells[index]
        return cell.th and (cell.scope == "row" or (cell.scope == "auto" and not self.is_column_header(index)
                            and not set(cell.columns()) & self._data_columns))

    def scan_reaches(self, principal: int, start: tuple[int, int], step: tuple[int, int], target: int) -> bool:
        """HTML's internal algorithm for scanning and assigning header cells, from `start` (a slot of the
        principal cell) by `step` (left or up): whether it adds `target` to the principal's header list. It stops
        once past the target, which nothing further can add."""
        (x, y), (dx, dy) = start, step
        goal = self.cells[target]
        in_block = self.cells[principal].th
        block: list[int] = [principal] if in_block else []
        opaque: list[int] = []
        while True:
            x, y = x + dx, y + dy
            if x < 0 or y < 0 or (dx and x < goal.x) or (dy and y < goal.y):
                return False
            held = self.slots.get((x, y), [])
            if len(held) != 1:
                continue
            current = held[0]
            cell = self.cells[current]
            if cell.th:
                in_block = True
                block.append(current)
                if dx == 0:
                    blocked = any(self.cells[o].x == cell.x and self.cells[o].width == cell.width for o in opaque) \
                        or not self.is_column_header(current)
                else:
                    blocked = any(self.cells[o].y == cell.y and self.cells[o].height == cell.height for o in opaque) \
                        or not self.is_row_header(current)
                if current == target:
                    return not blocked
            elif in_block:
                in_block = False
                opaque += block
                block = []

    def assigned_by_html(self, index: int) -> bool:
        """Whether HTML's algorithm for assigning header cells assigns cell `index` to some other cell."""
        if index not in self._assigned:
            self._assigned[index] = self._assign(index)
        return self._assigned[index]

    def _assign(self, index: int) -> bool:
        header = self.cells[index]
        if header.empty:
            return False  # empty cells are removed from every header list
        if index in self._referenced:
            return True
        if header.scope == "rowgroup" and any(
                principal != index and cell.headers is None and cell.group == header.group
                and cell.x + cell.width - 1 >= header.x and cell.y + cell.height - 1 >= header.y
                for principal, cell in enumerate(self.cells)):
            return True
        # Only cells below it (scanning up) or right of it (scanning left) can meet it; the nearest first.
        for y in range(header.y + header.height, self.height):
            for x in header.columns():
                if any(self._scans_to(principal, (x, y), (0, -1), index) for principal in self.slots.get((x, y), ())):
                    return True
        for x in range(header.x + header.width, self.width):
            for y in header.rows():
                if any(self._scans_to(principal, (x, y), (-1, 0), index) for principal in self.slots.get((x, y), ())):
                    return True
        return False

    def _scans_to(self, principal: int, slot: tuple[int, int], step: tuple[int, int], target: int) -> bool:
        """Whether the principal cell, when `slot` is where one of its scans starts (its anchor row scanning up,
        its anchor column scanning left), gets `target` from that scan. Cells with a headers attribute do not scan."""
        cell = self.cells[principal]
        starts_here = cell.y == slot[1] if step[0] == 0 else cell.x == slot[0]
        return (principal != target and cell.headers is None and starts_here
                and self.scan_reaches(principal, slot, step, target))

    def in_line(self, index: int, direction: Direction, with_headers_attribute: bool = False) -> list[int]:
        """The other cells sharing the header's columns (or rows). In a table element, only those below it (or
        right of it), where HTML's scan could meet it, and without those whose headers attribute names their
        headers themselves, unless `with_headers_attribute`."""
        header = self.cells[index]
        column = direction == "column"
        start = (header.y + header.height if column else header.x + header.width) if self.native else 0
        found: set[int] = set()
        for across in header.columns() if column else header.rows():
            for along in range(start, self.height if column else self.width):
                found.update(self.slots.get((across, along) if column else (along, across), ()))
        return sorted(i for i in found if i != index
                      and (with_headers_attribute or not (self.native and self.cells[i].headers is not None)))


def decide(table: Table, index: int, role: str) -> tuple[Status, str]:
    """Whether header cell `index`, exposed with `role` (columnheader or rowheader), is assigned a cell; and why
    not, when it is not."""
    direction: Direction = HEADER_ROLES[role]  # type: ignore[assignment]
    header = table.cells[index]
    if table.native:
        if table.assigned_by_html(index):
            return "passed", ""
        if header.scope == "colgroup":
            return "needs-review", "a column group header: which cells its column group holds is not measured here"
        if table.in_line(index, direction):
            if header.th and header.scope == "auto" and not (table.is_column_header(index)
                                                             or table.is_row_header(index)):
                why = ("without scope, a header whose row and column both hold data cells is neither a column nor a "
                       "row header")
            else:
                why = (f"its scope, or another block of headers between it and the cells of its {direction}, keeps "
                       "them from it")
            return "needs-review", (f"HTML's header-assignment algorithm assigns it no cell ({why}), though cells "
                                    f"share its {direction}: give it the scope it needs, or check how screen readers "
                                    "announce it")
        if table.in_line(index, direction, with_headers_attribute=True):
            return "violation", (f"the cells of its {direction} name other headers in their headers attribute, "
                                 "and no cell names it")
        return "violation", f"no cell shares its {direction}"
    if table.in_line(index, direction):
        return "passed", ""
    if table.uncertain:
        return "needs-review", f"no cell shares its {direction}, but aria-owns rearranges this table's cells"
    return "violation", f"no cell shares its {direction}"


def check_table_headers(context: CheckInput) -> list[Finding]:
    return in_every_frame(context, TABLE_HEADERS_JS, {"op": "any", **_ROLES_ARG},
                          lambda world, location: _headers_in_frame(context, world, location))


def _headers_in_frame(context: CheckInput, world: FrameWorld, location: FramePlace) -> list[Finding]:
    tables = world.elements(TABLE_HEADERS_JS, {"op": "tables", **_ROLES_ARG})
    if not tables:
        return []
    headers = world.elements(TABLE_HEADERS_JS, {"op": "headers", **_ROLES_ARG})
    elements = tables + headers
    model_js = (f"function (...elements) {{ return ({TABLE_HEADERS_JS})({{...{json.dumps(_ROLES_ARG)}, "
                f"op: 'model', count: {len(tables)}, elements}}); }}")
    findings = []
    for table_id, facts in zip(tables, world.call(model_js, elements), strict=True):
        table = Table([Cell(x=c["x"], y=c["y"], width=c["width"], height=c["height"], th=c["th"], scope=c["scope"],
                            headers=None if c["headers"] is None else tuple(c["headers"]), empty=c["empty"],
                            group=c["group"]) for c in facts["cells"]], native=facts["native"],
                      uncertain=facts["uncertain"])
        table_node: dict[str, Any] | None = None
        for index, cell in enumerate(facts["cells"]):
            if cell["element"] is None or not cell["shows"]:
                continue
            if all(decide(table, index, role)[0] == "passed" for role in HEADER_ROLES):
                continue  # assigned a cell, whichever header Chromium takes it for
            node = world.accessibility_node(elements[cell["element"]])
            role = (node or {}).get("role", {}).get("value")
            if node is None or node.get("ignored") or role not in HEADER_ROLES:
                continue  # not a header in the accessibility tree: out of the rule
            status, reason = decide(table, index, role)
            if status == "passed":
                continue
            if table_node is None:
                table_node = world.accessibility_node(table_id) or {}
            if table_node.get("ignored") or table_node.get("role", {}).get("value") not in TABLE_ROLES:
                break  # the table itself is not a table in the accessibility tree: out of the rule
            findings.append(_finding(context, location, cell, facts, role, status, reason))
    return findings


def _finding(context: CheckInput, location: FramePlace, facts: dict[str, Any], table: dict[str, Any], role: str,
             status: Status, reason: str) -> Finding:
    header = ("column" if role == "columnheader" else "row") + " header"
    if facts.get("text"):
        header += f" {facts['text']!r}"
    return context.finding(TABLE_HEADER_CELLS, "labels-nothing" if status == "violation" else "may-label-nothing",
                           selector=location.prefix + facts["selector"], box=location.box(facts["box"]),
                           status=status, role=role, header=header, table=location.prefix + table["selector"],
                           reason=reason)


TABLE_HEADER_CELLS = Check(
    "table-header-cells", ("1.3.1",), "Every column or row header of a table or grid is assigned at least one cell "
    "(HTML's header-assignment algorithm for table elements).", check_table_headers, act=("d0f69e",), messages={
        "labels-nothing": "The {header} labels no cell: {reason}; assistive technology announces it for nothing. Add "
                          "its cells, or fix the headers attributes",
        "may-label-nothing": "The {header} labels no cell: {reason}"})
