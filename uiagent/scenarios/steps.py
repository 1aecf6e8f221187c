"""What a scenario step is: a kind (its YAML key), the model its arguments are validated with, and a function
that performs it on the page. Built-in kinds live in actions.py and checks.py; plugins add kinds through the
`uiagent_scenario_steps` hook, exactly the same way:

    from uiagent.hooks import hookimpl
    from uiagent.scenarios import StepKind

    @hookimpl
    def uiagent_scenario_steps():
        return [StepKind("dismiss_cookies", Dismiss, run_dismiss, "Close the cookie banner if it is shown.")]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pydantic import BaseModel

from uiagent.config import Settings
from uiagent.errors import StepFailure
from uiagent.scenarios.model import Target

if TYPE_CHECKING:  # (annotations only: a plugin that imports StepKind loads no assertion or audit engine)
    from uiagent.assertions import AssertionContext
    from uiagent.assertions.recording import Recording
    from uiagent.audit.findings import PageAudit


@dataclass
class StepRuntime:
    """What a step works with: the page, the scenario's assertion context, and where things go."""

    page: Page
    assertions: AssertionContext
    settings: Settings
    output_dir: Path
    base_url: str | None = None
    root_dir: Path = Path(".")  # the project: where the default findings baseline lives
    scenario_file: Path | None = None  # set by the runner: paths written in a step are relative to its folder
    timeout_s: float = 5.0
    no_provider: str = "skip"  # a model step with no provider: "skip" it (and say so) or "fail"
    audits: list[PageAudit] = field(default_factory=list)  # every audit step's result, for the reports
    notes: list[str] = field(default_factory=list)  # what the scenario's result should mention
    recording: Recording | None = None  # started by a `record` step, judged by `recorded`

    def url(self, url: str) -> str:
        if "://" in url or url.startswith(("about:", "data:")):
            return url
        if not self.base_url:
            raise StepFailure(f"URL {url!r} is relative and no base URL is set: give base_url in the file, "
                              "--base-url on the command line, or pytest's --base-url")
        return urljoin(self.base_url, url)

    def path(self, written: str) -> Path:
        """A path written in a step, relative to the scenario file's folder."""
        return (self.scenario_file.parent if self.scenario_file else self.root_dir) / written

    def locate(self, target: Target) -> Locator:
        """The one element `target` names, waiting up to the step timeout for it to appear. Fails clearly when
        nothing matches or, without `nth`, when several elements do."""
        locator = _locator(self.page, target)
        try:
            locator.first.wait_for(state="attached", timeout=self.timeout_s * 1000)
        except PlaywrightTimeout:
            raise StepFailure(f"no element matches {target.describe()} (waited {self.timeout_s:g}s)") from None
        if target.nth is not None:
            count = locator.count()
            if not -count <= target.nth < count:
                raise StepFailure(f"{target.describe()}: only {count} element(s) match")
            return locator.nth(target.nth)
        count = locator.count()
        if count > 1:
            raise StepFailure(f"{target.describe()} matches {count} elements: make it more specific or add nth")
        return locator


def _locator(page: Page, target: Target) -> Locator:
    exact = target.exact
    if target.role is not None:
        return page.get_by_role(target.role, name=target.name, exact=exact)  # type: ignore[arg-type]
    if target.label is not None:
        return page.get_by_label(target.label, exact=exact)
    if target.text is not None:
        return page.get_by_text(target.text, exact=exact)
    if target.placeholder is not None:
        return page.get_by_placeholder(target.placeholder, exact=exact)
    if target.alt_text is not None:
        return page.get_by_alt_text(target.alt_text, exact=exact)
    if target.title is not None:
        return page.get_by_title(target.title, exact=exact)
    if target.test_id is not None:
        return page.get_by_test_id(target.test_id)
    assert target.selector is not None
    return page.locator(target.selector)


@dataclass(frozen=True)
class StepKind:
    """A kind of step, as data: its YAML key, its arguments' model, what it does, and a line of help."""

    name: str
    arguments: type[BaseModel]
    run: Callable[[Any, StepRuntime], None]
    description: str
