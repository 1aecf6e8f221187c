"""The orientation-lock decisions (WCAG 1.3.4, ACT b33eff) on computed values, without a browser."""

from __future__ import annotations

import math
from typing import Any

import pytest

from uiagent.audit.checks.orientation import (
    angle_degrees,
    element_turn,
    is_quarter_turn,
    judge,
    matrix_angle,
    relative_turn,
    rotate_angle,
)


def state(rotate: str = "none", transform: str = "none", *, visible: bool = True, viewport_share: float = 0.0,
          text_share: float = 0.0) -> dict[str, Any]:
    return {"rotate": rotate, "transform": transform, "visible": visible, "viewport_share": viewport_share,
            "text_share": text_share, "box": {"x": 0, "y": 0, "width": 100, "height": 100}}


def element(loaded: dict[str, Any], turned: dict[str, Any], page_root: bool = False) -> dict[str, Any]:
    return {"selector": "#x", "page_root": page_root, "inside": [], "rules": [], "states": [loaded, turned]}


@pytest.mark.parametrize(("value", "degrees"), [("90deg", 90), ("1.5708rad", 90.0002), ("100grad", 90),
                                                ("0.25turn", 90), ("-1e-3turn", -0.36)])
def test_angles_in_every_unit(value: str, degrees: float) -> None:
    assert angle_degrees(value) == pytest.approx(degrees, abs=1e-4)


@pytest.mark.parametrize(("value", "degrees"), [
    ("none", 0.0), ("90deg", 90.0), ("z 45deg", 45.0), ("0 0 1 30deg", 30.0), ("0 0 -1 30deg", -30.0),
    ("0turn", 0.0), ("x 0deg", 0.0),
    ("x 45deg", None), ("1 1 0 30deg", None),  # tilted out of the screen's plane: no angle on the screen
])
def test_rotate_property_counts_turns_about_z_only(value: str, degrees: float | None) -> None:
    assert rotate_angle(value) == (degrees if degrees is None else pytest.approx(degrees))


def test_matrices_give_their_turn_on_the_screen() -> None:
    assert matrix_angle("none") == 0.0
    assert matrix_angle("matrix(0, 1, -1, 0, 0, 0)") == pytest.approx(90)
    # A full turn leaves rounding noise, not a turn: 1.22e-15 is not "rotated".
    assert matrix_angle("matrix(1, -1.22465e-15, 1.22465e-15, 1, 0, 0)") == pytest.approx(0, abs=1e-9)
    assert matrix_angle("matrix(2, 0, 0.5, 1, 10, 20)") == pytest.approx(0)  # scaled, skewed, moved: not turned
    flat_3d = "matrix3d(0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)"
    assert matrix_angle(flat_3d) == pytest.approx(-90)
    tilted = f"matrix3d(1, 0, 0, 0, 0, {math.cos(1)}, {math.sin(1)}, 0, 0, {-math.sin(1)}, {math.cos(1)}, 0, 0, 0, 0, 1)"
    assert matrix_angle(tilted) is None


def test_turns_compare_as_lines_with_a_tolerance() -> None:
    assert relative_turn(92.5, 2.5) == pytest.approx(90)  # relative, not absolute angles
    assert relative_turn(-90, 0) == pytest.approx(90)
    assert relative_turn(270, 0) == pytest.approx(90)
    assert relative_turn(180, 0) == pytest.approx(0)
    assert is_quarter_turn(90.0002) and is_quarter_turn(89.5)
    assert not is_quarter_turn(88.0) and not is_quarter_turn(0.0)


def test_the_page_turned_back_is_a_violation() -> None:
    outcome = judge(element(state(), state(transform="matrix(-3.67321e-06, 1, -1, -3.67321e-06, 0, 0)"),
                            page_root=True))
    assert outcome is not None and outcome.status == "violation"
    assert outcome.evidence["relative_turn"] == pytest.approx(90, abs=0.001)


def test_an_element_filling_the_viewport_or_holding_the_text_is_the_page() -> None:
    for turned in (state(rotate="-90deg", viewport_share=0.9), state(rotate="-90deg", text_share=0.8)):
        outcome = judge(element(state(), turned))
        assert outcome is not None and outcome.status == "violation"


def test_a_small_element_turned_is_left_to_a_person() -> None:
    outcome = judge(element(state(), state(rotate="90deg", viewport_share=0.01, text_share=0.05)))
    assert outcome is not None and outcome.status == "needs-review"


def test_no_finding_for_what_the_rule_passes() -> None:
    assert judge(element(state(), state(transform="matrix(1, 0, 0, 1, 0, 0)"), page_root=True)) is None  # 1turn
    assert judge(element(state(rotate="0deg"), state(), page_root=True)) is None
    assert judge(element(state(transform="matrix(1, 0, 0, 1, 100, 0)"), state(), page_root=True)) is None  # moved
    # Turned the same in both orientations (an unconditional rotation): the device turning does not turn it.
    same = "matrix(0, 1, -1, 0, 0, 0)"
    assert judge(element(state(transform=same), state(transform=same), page_root=True)) is None
    assert judge(element(state(), state(rotate="15deg"), page_root=True)) is None  # not a quarter turn


def test_only_the_state_it_is_turned_in_must_be_visible() -> None:
    hidden_when_turned = element(state(), state(rotate="90deg", visible=False), page_root=True)
    assert judge(hidden_when_turned) is None
    outcome = judge(element(state(visible=False), state(rotate="90deg"), page_root=True))
    assert outcome is not None and outcome.status == "violation"
    assert outcome.shown["rotate"] == "90deg"  # the finding's box is the element as turned


def test_a_turn_seen_only_across_a_viewport_change_is_never_a_violation() -> None:
    outcome = judge(element(state(), state(rotate="90deg"), page_root=True), attributable=False)
    assert outcome is not None and outcome.status == "needs-review"


def test_a_tilt_out_of_the_screen_that_changes_is_left_to_a_person() -> None:
    outcome = judge(element(state(), state(rotate="x 60deg"), page_root=True))
    assert outcome is not None and outcome.status == "needs-review"
    assert element_turn(element(state(), state(rotate="x 60deg"))) is None
    assert judge(element(state(rotate="x 60deg"), state(rotate="x 60deg"), page_root=True)) is None
