"""What a check is: rule data (id, WCAG criteria, what it checks, the thresholds it holds pages to) and one small
function, as axe-core keeps its rules and checks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from playwright.sync_api import Page

from uiagent.audit.findings import Finding
from uiagent.audit.wcag import CRITERIA
from uiagent.capture.models import Box, Capture
from uiagent.config import Settings
from uiagent.errors import ConfigError


@dataclass
class CheckInput:
    page: Page
    capture: Capture  # full page, 1 px per CSS px, origin (0, 0)
    settings: Settings
    measurements: dict[str, Any] = field(default_factory=dict)  # shared with reconciliation (e.g. contrast ratios)

    def options(self, check: Check) -> Mapping[str, float]:
        """The check's thresholds: its own, each replaced where the settings' `check_options` give one."""
        return {**check.options, **self.settings.check_options.get(check.id, {})}

    @property
    def pixels(self) -> np.ndarray:
        """The capture as a read-only RGB array (decoded once, shared by every check)."""
        return self.capture.pixels()

    def finding(self, rule: str, wcag: list[str], message: str, *, selector: str | None, box: Box | None,
                impact: str = "serious", status: str = "violation", **evidence: Any) -> Finding:
        return Finding(page=self.capture.url, source=["pixel"], rule=rule, wcag=wcag, status=status,
                       impact=impact, selector=selector, box=box, message=message,
                       evidence=evidence)


@dataclass(frozen=True)
class Check:
    id: str
    wcag: tuple[str, ...]
    description: str
    run: Callable[[CheckInput], list[Finding]]
    # "capture": reads the capture and may query the page; "background": reads only the capture, never the
    # page, so it runs in a worker thread while the main thread drives the browser (pixel measurements, OCR);
    # "interactive": drives the page (keyboard, viewport, styles), so it runs after the others and restores
    # what it changed.
    kind: Literal["capture", "background", "interactive"] = "capture"
    # The W3C ACT rules this check implements (their applicability, expectations and the criterion's
    # exceptions), as axe-core's rule metadata lists them: its findings carry these ids.
    act: tuple[str, ...] = ()
    # axe rules this check replaces (it implements the same ACT rules, measured): off while the check runs.
    replaces: tuple[str, ...] = ()
    # What it finds fails no success criterion by itself (an ARIA authoring rule, say): like axe's best-practice
    # rules, it runs only when best practices are asked for, so it never fails a WCAG gate by default.
    best_practice: bool = False
    # The thresholds it holds a page to (a criterion's numbers, and where a measurement stops being noise), by
    # name, as axe-core's checks carry `options`: read through CheckInput.options, so the settings' `check_options`
    # can replace them; the findings say which value they were held to.
    options: Mapping[str, float] = field(default_factory=dict, hash=False)  # (a check stays hashable)

    @property
    def level(self) -> str:
        """The lowest WCAG level among its criteria: the check runs in audits at that level and above."""
        levels = [CRITERIA[criterion][1] for criterion in self.wcag if criterion in CRITERIA]
        return min(levels, key=len) if levels else "A"


def validate_check_options(given: Mapping[str, Mapping[str, float]], checks: tuple[Check, ...]) -> None:
    """`check_options` name only checks that run here and options they have, or a ConfigError says which does not."""
    known = {check.id: check for check in checks}
    for check_id, values in given.items():
        if check_id not in known:
            raise ConfigError(f"check_options: no check {check_id!r} (checks with options: "
                              f"{', '.join(sorted(c.id for c in checks if c.options))})")
        unknown = sorted(set(values) - set(known[check_id].options))
        if unknown:
            raise ConfigError(f"check_options[{check_id!r}]: no option {', '.join(map(repr, unknown))} (its options: "
                              f"{', '.join(known[check_id].options) or 'none'})")
