"""What a check is: rule data (id, WCAG criteria, impact, the thresholds it holds pages to, the messages its findings
say) and one small function, as axe-core keeps its rules and checks."""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from playwright.sync_api import Page

from uiagent.audit.findings import Finding, Impact
from uiagent.audit.wcag import CRITERIA
from uiagent.capture.models import Box, Capture
from uiagent.capture.stabilize import Relayout
from uiagent.capture.tiles import Pixels
from uiagent.config import Settings
from uiagent.errors import ConfigError


@dataclass
class CheckInput:
    page: Page
    capture: Capture  # full page, 1 px per CSS px, origin (0, 0)
    settings: Settings
    measurements: dict[str, Any] = field(default_factory=dict)  # shared with reconciliation (e.g. contrast ratios)
    # The page's own layout, which the re-layout checks take away and the audit gives back once after them.
    relayout: Relayout = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.relayout = Relayout(self.page)

    def options(self, check: Check) -> Mapping[str, float]:
        """The check's thresholds under this audit's settings (Check.options_under)."""
        return check.options_under(self.settings)

    @property
    def pixels(self) -> Pixels:
        """The capture as a read-only RGB array (decoded once, shared by every check); a tall page's TiledPixels,
        read by slicing, as an array is."""
        return self.capture.pixels()

    def finding(self, check: Check, message: str, *, selector: str | None, box: Box | None,
                status: str = "violation", **evidence: Any) -> Finding:
        """A finding of `check`, saying its message `message` filled from `evidence`, under that message's rule,
        criteria and impact (Check.message)."""
        said = check.message(message)
        try:
            text = said.say(evidence)
        except KeyError as missing:
            raise ValueError(f"check {check.id!r}, message {message!r}: the finding has no evidence {missing}") \
                from None
        return Finding(page=self.capture.url, source=["pixel"], rule=said.rule, wcag=list(said.wcag or ()),
                       status=status, impact=said.impact, selector=selector, box=box, message=text, evidence=evidence)


class _Say(string.Formatter):
    """str.format, with lists read as words: {stops} of ["#a", "#b"] says "#a, #b"; a list's format spec is the
    separator ({reasons:; } says "first; second")."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, list | tuple):
            return (format_spec or ", ").join(map(str, value))
        return super().format_field(value, format_spec)


_SAY = _Say()


@dataclass(frozen=True)
class CheckMessage:
    """What a finding says: a `str.format` template over its evidence (as axe-core's check messages read
    `${data.x}`), so the message states only what the finding records. A check whose findings fall under
    several rules (focus-visible and focus-not-obscured, say) names the rule, criteria and impact here."""

    text: str
    rule: str | None = None
    wcag: tuple[str, ...] | None = None
    impact: Impact | None = None

    def fields(self) -> set[str]:
        """The evidence names the template reads (a ValueError for a template that does not parse)."""
        return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(self.text) if name}

    def say(self, evidence: Mapping[str, Any]) -> str:
        """The template filled from `evidence` (a KeyError names what it lacks)."""
        return _SAY.vformat(self.text, (), evidence)


@dataclass(frozen=True)
class Check:
    id: str
    wcag: tuple[str, ...]
    description: str
    run: Callable[[CheckInput], list[Finding]]
    # "capture": reads the capture and may query the page; "background": reads only the capture, never the
    # page, so it runs in a worker thread while the main thread drives the browser (pixel measurements, OCR);
    # "interactive": drives the page (keyboard, viewport, styles), so it runs after the others and restores
    # what it changed, unless it is a re-layout check.
    kind: Literal["capture", "background", "interactive"] = "capture"
    # A re-layout check: an interactive one that changes the viewport or the styles through CheckInput.relayout and
    # leaves the page so. The audit gives the page its own layout back once, before the next check that is not one.
    relayout: bool = False
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
    # How much a failure stands in a person's way (axe-core's impact), unless a message says otherwise.
    impact: Impact = "serious"
    # What its findings say, by key: a template (or a CheckMessage naming its own rule) filled from each finding's
    # evidence. A report, a translation or `uiagent checks` reads them here, not from the check's code.
    messages: Mapping[str, str | CheckMessage] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        for key in self.messages:  # a template that does not parse fails where the check is declared
            try:
                self.message(key).fields()
            except ValueError as error:
                raise ValueError(f"check {self.id!r}, message {key!r}: {error}") from None

    def message(self, key: str) -> CheckMessage:
        """Its message `key`, with the check's own rule id, criteria and impact where the message names none."""
        if key not in self.messages:
            raise ValueError(f"check {self.id!r} has no message {key!r} (its messages: {', '.join(self.messages)})")
        said = self.messages[key]
        if isinstance(said, str):
            return CheckMessage(said, self.id, self.wcag, self.impact)
        return replace(said, rule=said.rule or self.id, wcag=self.wcag if said.wcag is None else said.wcag,
                       impact=said.impact or self.impact)

    def options_under(self, settings: Settings) -> dict[str, float]:
        """Its thresholds: its own, each replaced where the settings' `check_options` give one."""
        return {**self.options, **settings.check_options.get(self.id, {})}

    def metadata(self, options: Mapping[str, float] | None = None) -> dict[str, Any]:
        """Everything the check is, as data (axe.getRules gives the like): what `uiagent checks --json` prints.
        `options`: the thresholds it runs with (options_under), if not its own."""
        return {"id": self.id, "rules": list(self.rules), "wcag": list(self.wcag), "level": self.level,
                "act": list(self.act), "replaces": list(self.replaces), "best_practice": self.best_practice,
                "kind": self.kind, "impact": self.impact, "options": dict(options or self.options),
                "description": self.description,
                "messages": {key: asdict(self.message(key)) for key in self.messages}}

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule ids its findings carry: those its messages name, its own for the others."""
        return tuple(dict.fromkeys(str(self.message(key).rule) for key in self.messages)) or (self.id,)

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
