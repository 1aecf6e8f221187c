"""Table header cells assigned no cell (ACT d0f69e): HTML's header-assignment algorithm and the ARIA table reading
on grids of slots as table_headers.js lays them out, without a browser, in this project's own examples."""

from __future__ import annotations

from types import SimpleNamespace

from uiagent.audit.checks.base import CheckInput
from uiagent.audit.checks.tables import TABLE_HEADER_CELLS, Cell, Table, decide
from uiagent.config import Settings


def th(x: int, y: int, **more) -> Cell:  # type: ignore[no-untyped-def]
    return Cell(x, y, th=True, **more)


def td(x: int, y: int, **more) -> Cell:  # type: ignore[no-untyped-def]
    return Cell(x, y, **more)


def status(table: Table, index: int, role: str = "columnheader") -> str:
    return decide(table, index, role)[0]


def test_a_header_over_an_empty_column_labels_nothing() -> None:
    # Fruit | Price over a row with one cell: Price labels nothing.
    table = Table([th(0, 0), th(1, 0), td(0, 1)])
    assert status(table, 0) == "passed"
    assert decide(table, 1, "columnheader") == ("violation", "no cell shares its column")


def test_a_headers_attribute_moves_a_cell_away_from_the_header_above_it() -> None:
    # The cell under "Stock" names "Item" in its headers attribute: Stock is left with nothing.
    table = Table([th(0, 0), th(1, 0), td(0, 1), td(1, 1, headers=(0,))])
    assert status(table, 0) == "passed"
    status_, reason = decide(table, 1, "columnheader")
    assert status_ == "violation" and "headers attribute" in reason


def test_a_headers_attribute_can_also_be_what_assigns_a_header() -> None:
    # "Count" has no cell under it, but a cell in another column names it.
    table = Table([th(0, 0), th(1, 0), td(0, 1), td(0, 2, headers=(1,))])
    assert status(table, 1) == "passed"


def test_a_cell_spanning_two_columns_is_assigned_to_both_headers() -> None:
    table = Table([th(0, 0), th(1, 0), td(0, 1, width=2)])
    assert status(table, 0) == status(table, 1) == "passed"


def test_headers_of_headers_count_as_assigned_cells() -> None:
    # A corner header over a column of row headers: it labels the row headers.
    table = Table([th(0, 0), th(1, 0), th(0, 1), td(1, 1), th(0, 2), td(1, 2)])
    assert status(table, 0) == "passed"
    assert status(table, 2, "rowheader") == status(table, 4, "rowheader") == "passed"


def test_scope_makes_headers_beside_an_empty_corner_cell_count() -> None:
    corner = td(0, 0, empty=True)
    with_scope = Table([corner, th(1, 0, scope="col"), th(0, 1, scope="row"), td(1, 1)])
    assert status(with_scope, 1) == "passed" and status(with_scope, 2, "rowheader") == "passed"
    # Without scope, HTML's algorithm assigns such headers nothing (their row and column hold data cells), though
    # browsers announce them: left for review, not failed.
    without = Table([corner, th(1, 0), th(0, 1), td(1, 1)])
    assert status(without, 1) == "needs-review" and status(without, 2, "rowheader") == "needs-review"


def test_a_data_cell_between_header_blocks_makes_the_upper_header_opaque() -> None:
    # Two header rows apart, over one column: the lower one blocks the upper one for the cells below it, but the
    # upper one still labels the cell between them.
    table = Table([th(0, 0), td(0, 1), th(0, 2), td(0, 3)])
    assert status(table, 0) == status(table, 2) == "passed"
    assert table.scan_reaches(3, (0, 3), (0, -1), 0) is False
    assert table.scan_reaches(1, (0, 1), (0, -1), 0) is True


def test_row_group_headers_label_the_cells_of_their_group() -> None:
    table = Table([th(0, 0, scope="rowgroup", group=0), td(1, 0, group=0), td(1, 1, group=0),
                   th(0, 2, scope="rowgroup", group=1)])
    assert status(table, 0, "rowheader") == "passed"
    assert status(table, 3, "rowheader") == "violation"


def test_an_empty_header_is_assigned_nothing() -> None:
    table = Table([th(0, 0, empty=True), td(0, 1)])
    assert table.assigned_by_html(0) is False


def test_aria_grid_headers_label_the_cells_of_their_column_or_row() -> None:
    # Seat | Passenger over rows holding only a seat number.
    grid = Table([th(0, 0), th(1, 0), td(0, 1), td(0, 2)], native=False)
    assert status(grid, 0) == "passed"
    assert decide(grid, 1, "columnheader") == ("violation", "no cell shares its column")
    rows = Table([Cell(0, 0), Cell(0, 1), Cell(1, 1)], native=False)
    assert status(rows, 0, "rowheader") == "violation" and status(rows, 1, "rowheader") == "passed"


def test_aria_owns_rearranging_a_grid_leaves_an_empty_header_for_review() -> None:
    grid = Table([th(0, 0), th(1, 0), td(0, 1)], native=False, uncertain=True)
    assert status(grid, 1) == "needs-review"


def test_the_check_declares_its_rule() -> None:
    assert TABLE_HEADER_CELLS.act == ("d0f69e",) and TABLE_HEADER_CELLS.wcag == ("1.3.1",)
    assert TABLE_HEADER_CELLS.replaces == ()  # axe's th-has-data-cells keeps running beside it


def test_a_page_without_header_cells_costs_one_evaluate_per_frame() -> None:
    calls: list[str] = []
    frames = [SimpleNamespace(evaluate=lambda script, argument: calls.append(argument["op"]) or False)
              for _ in range(2)]
    page = SimpleNamespace(frames=frames, main_frame=frames[0])
    capture = SimpleNamespace(url="http://127.0.0.1/")
    context = CheckInput(page=page, capture=capture, settings=Settings())  # type: ignore[arg-type]
    assert TABLE_HEADER_CELLS.run(context) == [] and calls == ["any", "any"]
