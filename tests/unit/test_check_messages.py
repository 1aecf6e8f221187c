"""What a check's findings say, and how much they matter, are data on the check (as axe-core's checks carry
`impact` and `messages`): a finding's message is its check's template filled from the finding's own evidence, and
its rule, criteria and impact are the message's where it names them, else the check's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import get_args

import pytest

from plugins.heading_order import HEADING_ORDER
from uiagent.audit.checks import BUILTIN_CHECKS, Check, CheckInput
from uiagent.audit.checks.base import CheckMessage
from uiagent.audit.checks.focus import FOCUS
from uiagent.audit.checks.frame_tab_order import FRAME_TAB_ORDER
from uiagent.audit.checks.images_of_text import IMAGES_OF_TEXT
from uiagent.audit.checks.keyboard_trap import KEYBOARD_TRAP
from uiagent.audit.checks.label_in_name import LABEL_IN_NAME
from uiagent.audit.checks.meta_viewport import META_VIEWPORT_ZOOM
from uiagent.audit.findings import Impact
from uiagent.audit.wcag import CRITERIA
from uiagent.config import Settings

UIAGENT = str(Path(sys.executable).parent / "uiagent")


def context() -> CheckInput:
    capture = SimpleNamespace(url="http://127.0.0.1/page.html")
    return CheckInput(page=None, capture=capture, settings=Settings())  # type: ignore[arg-type]


@pytest.mark.parametrize("check", [*BUILTIN_CHECKS, HEADING_ORDER], ids=lambda check: check.id)
def test_every_check_declares_what_its_findings_say_and_under_which_criteria(check: Check) -> None:
    assert check.messages, f"{check.id} says nothing"
    assert check.impact in get_args(Impact)
    for key in check.messages:
        said = check.message(key)
        assert said.fields() or "{" not in said.text  # parses; a fixed sentence needs no evidence
        assert said.impact is None or said.impact in get_args(Impact)
        # A message names criteria of its own check (or none: an ACT input rule that fails no criterion alone).
        assert set(said.wcag or ()) <= set(check.wcag)
        assert all(c in CRITERIA for c in check.wcag)


def test_a_finding_says_its_template_filled_from_its_evidence_under_the_messages_rule() -> None:
    obscured = context().finding(FOCUS, "obscured", selector="#save", box=None, covered_by="#cookie-banner")
    assert obscured.message == "The focused element is hidden under #cookie-banner"
    assert (obscured.rule, obscured.wcag, obscured.impact) == ("focus-not-obscured", ["2.4.11"], "serious")
    assert obscured.evidence == {"covered_by": "#cookie-banner"}

    faint = context().finding(FOCUS, "faint", selector="#save", box=None, status="needs-review", changed_pixels=40,
                              change_contrast=1.234, colour_difference=0.051, changed_elsewhere=False)
    assert faint.message == ("No visible focus indicator: focusing this element changes only faintly (contrast 1.23:1, "
                             "colour difference 0.05)")
    assert (faint.rule, faint.wcag, faint.status) == ("focus-visible", ["2.4.7"], "needs-review")


def test_impact_is_the_checks_unless_the_message_gives_its_own() -> None:
    problems = ["user-scalable=no disables zoom", "maximum-scale=1 limits zoom to under 2x"]
    failed = context().finding(META_VIEWPORT_ZOOM, "stops-zoom", selector="meta", box=None, problems=problems)
    unsure = context().finding(META_VIEWPORT_ZOOM, "may-stop-zoom", selector="meta", box=None, status="needs-review",
                               problems=problems[:1])
    assert (failed.impact, unsure.impact) == ("critical", "moderate")
    # A list reads as words, with the separator the template gives ("; " here, ", " by default).
    assert failed.message.endswith("browsers: user-scalable=no disables zoom; maximum-scale=1 limits zoom to under 2x")
    frame = context().finding(FRAME_TAB_ORDER, "out-of-order", selector="iframe", box=None, tabindex="-1",
                              focus_stops=["#first", "#second"])
    assert "must reach (#first, #second):" in frame.message
    assert frame.evidence["focus_stops"] == ["#first", "#second"]


def test_the_keyboard_traps_input_rules_fail_no_criterion_by_themselves() -> None:
    evidence = {"standard_reason": "Tab and Shift+Tab only cycle here", "instructions_reason": "nothing explains"}
    standard = context().finding(KEYBOARD_TRAP, "standard-failed", selector="#a", box=None, **evidence)
    criterion = context().finding(KEYBOARD_TRAP, "criterion-failed", selector="#a", box=None, **evidence)
    assert (standard.rule, standard.wcag, standard.impact) == ("keyboard-trap-standard", [], "critical")
    assert (criterion.rule, criterion.wcag) == ("keyboard-trap", ["2.1.2"])
    assert criterion.message == "Keyboard trap: Tab and Shift+Tab only cycle here, and nothing explains"
    assert KEYBOARD_TRAP.rules == ("keyboard-trap", "keyboard-trap-standard", "keyboard-trap-instructions")


def test_a_cue_that_an_image_of_text_may_be_a_logo_is_named_in_its_message() -> None:
    finding = context().finding(IMAGES_OF_TEXT, "cue", selector="img", box=None, status="needs-review",
                                ocr_text="NORTHWIND TEAS " * 10, cue="it sits in the site's banner")
    assert finding.message == ("Image shows text ('" + ("NORTHWIND TEAS " * 10)[:80] + "'): it sits in the site's "
                               "banner; otherwise use real text styled with CSS")


def test_a_message_without_its_evidence_or_an_unknown_message_is_an_error_naming_them() -> None:
    with pytest.raises(ValueError, match=r"check 'label-in-name', message 'not-in-name': the finding has no "
                                         r"evidence 'accessible_name'"):
        context().finding(LABEL_IN_NAME, "not-in-name", selector="#b", box=None, visible_label="Send")
    with pytest.raises(ValueError, match=r"check 'label-in-name' has no message 'typo' \(its messages: not-in-name, "
                                         r"maybe-not-in-name\)"):
        context().finding(LABEL_IN_NAME, "typo", selector="#b", box=None)


def test_a_template_that_does_not_parse_fails_where_the_check_is_declared() -> None:
    with pytest.raises(ValueError, match=r"check 'broken', message 'oops': unmatched '\{'"):
        Check("broken", (), "A check whose message cannot be said.", lambda context: [],
              messages={"oops": CheckMessage("Contrast {ratio:1")})


def test_uiagent_checks_lists_every_check_as_data_with_the_options_it_runs_with() -> None:
    env = {**os.environ, "UIAGENT_CHECK_OPTIONS": json.dumps({"target-size": {"minimum_px": 44}})}
    done = subprocess.run([UIAGENT, "checks", "--json"], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    listed = {check["id"]: check for check in json.loads(done.stdout)}
    assert set(listed) >= {check.id for check in BUILTIN_CHECKS}
    assert listed["target-size"]["options"] == {"minimum_px": 44}  # the settings' value, not the check's 24
    assert listed["focus-visible"]["messages"]["obscured"] == {
        "text": "The focused element is hidden under {covered_by}", "rule": "focus-not-obscured", "wcag": ["2.4.11"],
        "impact": "serious"}
    table = subprocess.run([UIAGENT, "checks"], capture_output=True, text=True, timeout=120, env=env)
    assert table.returncode == 0
    assert "keyboard-trap" in table.stdout
    assert "minimum_px=44" in table.stdout

    env["UIAGENT_CHECK_OPTIONS"] = json.dumps({"target-sise": {"minimum_px": 44}})
    bad = subprocess.run([UIAGENT, "checks"], capture_output=True, text=True, timeout=120, env=env)
    assert bad.returncode == 2
    assert "no check 'target-sise'" in bad.stdout + bad.stderr
