"""A check's thresholds are data on the check (as axe-core's checks carry `options`): the settings' `check_options`
replace them, the findings say which value they were held to, and a name that matches nothing is a clear error."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from uiagent.audit import AuditOptions, audit_page
from uiagent.audit.checks import BUILTIN_CHECKS, CheckInput
from uiagent.audit.checks.base import validate_check_options
from uiagent.audit.checks.meta_viewport import judge_viewport
from uiagent.audit.checks.target_size import TARGET_SIZE
from uiagent.capture.models import Box, Focusable
from uiagent.config import Settings
from uiagent.errors import ConfigError


def two_buttons(size: float) -> CheckInput:
    """Two `size` px buttons side by side, 4 px apart (a capture with only the facts target-size reads)."""
    buttons = [Focusable(selector=f"#b{i}", tag="button", tabindex=0, box=Box(x=10 + i * (size + 4), y=10,
                                                                                width=size, height=size))
               for i in range(2)]
    capture = SimpleNamespace(url="http://127.0.0.1/buttons.html", dom=SimpleNamespace(focusables=buttons))
    return CheckInput(page=None, capture=capture, settings=Settings())  # type: ignore[arg-type]


def test_a_check_reads_its_own_thresholds_unless_the_settings_replace_them() -> None:
    context = two_buttons(30)
    assert context.options(TARGET_SIZE) == {"minimum_px": 24.0}
    assert TARGET_SIZE.run(context) == []  # 30 px passes 2.5.8's 24 px

    context.settings = Settings(check_options={"target-size": {"minimum_px": 44}})  # 2.5.5 (AAA) asks for 44 px
    found = TARGET_SIZE.run(context)
    assert [f.selector for f in found] == ["#b0", "#b1"]
    assert "under 44x44" in found[0].message and found[0].evidence["minimum_px"] == 44


def test_the_thresholds_of_a_criterion_are_options_of_its_check() -> None:
    options = {check.id: dict(check.options) for check in BUILTIN_CHECKS if check.options}
    assert options["text-contrast"] == {"normal": 4.5, "large": 3.0}
    assert options["text-contrast-enhanced"] == {"normal": 7.0, "large": 4.5}
    assert options["link-in-text-block"] == {"min_contrast": 3.0}
    assert options["meta-refresh"] == {"max_delay_s": 72_000}
    assert options["meta-viewport-zoom"] == {"scale_minimum": 2.0}
    assert options["inline-spacing"] == {"letter_spacing": 0.12, "word_spacing": 0.16, "line_height": 1.5}
    assert len(set(BUILTIN_CHECKS)) == len(BUILTIN_CHECKS)  # options or not, checks stay hashable


def test_a_viewport_is_judged_against_the_scale_it_is_given() -> None:
    allowed = judge_viewport("maximum-scale=2")
    assert allowed is not None and allowed.outcome == "ok"
    stricter = judge_viewport("maximum-scale=2", scale_minimum=5.0)
    assert stricter is not None and stricter.outcome == "fail" and "under 5x" in stricter.reasons[0]


def test_options_that_name_no_check_or_no_option_are_an_error_naming_them() -> None:
    validate_check_options({"target-size": {"minimum_px": 44}}, BUILTIN_CHECKS)
    with pytest.raises(ConfigError, match=r"no check 'target-sizes'.*target-size"):
        validate_check_options({"target-sizes": {"minimum_px": 44}}, BUILTIN_CHECKS)
    with pytest.raises(ConfigError, match=r"no option 'minimum'.*its options: minimum_px"):
        validate_check_options({"target-size": {"minimum": 44}}, BUILTIN_CHECKS)
    with pytest.raises(ConfigError, match="no check 'nope'"):  # an audit says so before it touches a page
        audit_page(None, AuditOptions(), Settings(check_options={"nope": {"x": 1}}))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="check_options"):
        Settings(check_options={"target-size": {"minimum_px": "large"}})
