"""Every error and outcome uiagent raises on purpose, in one tree (as httpx keeps its exceptions in one module).
Each says what went wrong and how to fix it, in one message a user can act on.

    Exception
    ├── UiagentError ................ the run cannot go on as asked
    │   ├── ConfigError ............. a setting, option or input file is wrong
    │   │   ├── ScenarioFileError ... a scenario file that cannot run (each problem with its line)
    │   │   ├── ProviderConfigError . a provider call that will fail again: bad key, unknown model, not a VLM API
    │   │   └── MergeMismatch ....... shard outputs of different versions or options
    │   ├── BrowserNotFoundError .... no Chromium to launch (every place tried is named)
    │   ├── TargetError ............. a page target that is malformed or missing: nothing was loaded
    │   ├── PageLoadError ........... a page that did not load (unreachable, HTTP error, no document)
    │   │   └── NotAWebPage ......... the address serves an image, a PDF, XML's source tree: skipped, not failed
    │   ├── ResultsError ............ saved results that cannot be read back
    │   ├── ActSuiteError ........... the ACT test-case folder is missing or corrupt
    │   └── ProviderError ........... the model provider gave no usable answer
    │       ├── ProviderFault ....... may pass if tried again (rate limit, overload, 5xx, reset, timeout)
    │       ├── ProviderUnreachableError  not reached at all, before any verdict
    │       ├── ImageTooLargeError .. no preparation makes the image acceptable
    │       ├── BudgetExceededError . the next call would go over a budget (no call was made)
    │       └── CacheMissError ...... read-only cache and no stored verdict
    ├── Undecided ................... neither passed nor failed: a person or a provider must decide
    │   ├── UncertainVerdict ........ the model could not decide (policy `xfail`)
    │   └── NoProviderConfigured .... a model assertion with no provider configured
    └── CheckSkipped ................ a check that cannot measure this page at all: skipped, with the reason
    AssertionError
    └── ExpectationFailed ........... what a test expected does not hold: a failure, shown at the user's line
        ├── VisualAssertionError .... a visual expectation
        ├── AccessibilityError ...... findings a baseline does not accept
        ├── StepFailure ............. a scenario step
        └── ScenarioFailed .......... a scenario (under pytest)
    UserWarning
    ├── UncertainVerdictWarning ..... the model could not decide (policy `warn`)
    ├── ScenarioStepSkipped ......... a scenario step that did not run; the scenario passed
    └── RecordingCutWarning ......... a recorded action outlived max_seconds: judged on what was recorded

`outcome_of` maps any of them to the outcome a face reports (the pytest plugin and the scenario runner both use
it), so that what is a failure, what is undecided and what is an error is decided here once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pathlib import Path

    from uiagent.audit.findings import PageAudit
    from uiagent.scenarios.runner import ScenarioResult

Outcome = Literal["failed", "uncertain", "no-provider", "error"]


class UiagentError(Exception):
    """Base of every error uiagent raises on purpose."""


class ConfigError(UiagentError):
    """A setting is missing, malformed or contradicts another."""


class BrowserNotFoundError(UiagentError):
    """No Chromium could be found; the message lists every place that was tried."""

    def __init__(self, tried: list[str]):
        self.tried = tried
        lines = "\n".join(f"  - {t}" for t in tried)
        super().__init__(
            "No Chromium browser found. Tried:\n"
            f"{lines}\n"
            "Fix: install one (Debian/Ubuntu: `sudo apt-get install chromium`, or run `make setup`), "
            "or point uiagent at a binary with UIAGENT_CHROMIUM=/path/to/chrome "
            "(pytest: --uiagent-chromium=/path)."
        )


class TargetError(UiagentError):
    """A page target (URL or file path) is malformed or does not exist: nothing was loaded."""

    def __init__(self, target: str, cause: str):
        self.target = target
        self.cause = cause
        super().__init__(f"{target}: {cause}")


class PageLoadError(UiagentError):
    """A page could not be loaded: unreachable, HTTP error status, or no document at all."""

    def __init__(self, url: str, cause: str):
        self.url = url
        self.cause = cause
        super().__init__(f"{url}: {cause}")


class NotAWebPage(PageLoadError):
    """The address serves something else than a document (an image, a PDF, a download): skipped, not failed."""


class ResultsError(UiagentError):
    """Saved results (a results folder, a findings JSON) cannot be read back."""


class ActSuiteError(UiagentError):
    """The ACT test-case folder is missing or its testcases.json cannot be read."""


class ScenarioFileError(ConfigError):
    """A scenario file that cannot be run; `problems` are (line, message) pairs."""

    def __init__(self, path: Path, problems: list[tuple[int, str]]):
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}:{line}: {message}" for line, message in problems))


class MergeMismatch(ConfigError):
    """The outputs to merge come from runs that differ in version or options."""


class ProviderConfigError(ConfigError):
    """A call failed in a way that will fail again: bad key, unknown model, an endpoint that is not a VLM API."""


class ProviderError(UiagentError):
    """The model provider gave no usable answer."""


class ProviderFault(ProviderError):
    """A call failed in a way that may pass if tried again (rate limit, overload, 5xx, reset, timeout)."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None,
                 connection_refused: bool = False):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        self.connection_refused = connection_refused


class ProviderUnreachableError(ProviderError):
    """The provider could not be reached at all: raised before any verdict exists, so nothing is lost."""


class ImageTooLargeError(ProviderError):
    """No preparation can make the image acceptable to the provider (extreme size or aspect ratio)."""


class BudgetExceededError(ProviderError):
    """The next call would go over a budget; no call was made."""


class CacheMissError(ProviderError):
    """Read-only cache mode and no stored verdict: the assertion would need a model call."""


class Undecided(Exception):
    """Neither passed nor failed: a person, or a provider, must decide."""


class UncertainVerdict(Undecided):
    """The model could not decide and the uncertain policy is `xfail`."""


class NoProviderConfigured(Undecided):
    """A model assertion ran with no VLM provider configured."""

    HOW = ("configure one with --uiagent-provider, UIAGENT_PROVIDER or `provider` under [tool.uiagent] "
           "(e.g. anthropic:claude-sonnet-4-6), or run offline against `uiagent simulate`")


class ExpectationFailed(AssertionError):
    """What a test expected does not hold. pytest reports it as a failure (not an error)."""


class VisualAssertionError(ExpectationFailed):
    """A visual expectation does not hold (or, by policy, could not be decided)."""


class AccessibilityError(ExpectationFailed):
    """Findings the baseline does not accept; `audit` holds the page's whole result."""

    def __init__(self, message: str, audit: PageAudit):
        super().__init__(message)
        self.audit = audit


class StepFailure(ExpectationFailed):
    """A step could not be done, or what it checks does not hold. The message says which and why."""


class ScenarioFailed(ExpectationFailed):
    """A scenario failed under pytest; `result` holds every step's outcome."""

    def __init__(self, result: ScenarioResult):
        self.result = result
        super().__init__("\n".join([result.failure or "scenario failed", *result.notes]))


class CheckSkipped(Exception):
    """Raised by a check that cannot measure this page at all (say, it needs a browser feature this one lacks):
    the check is recorded as skipped, with the reason, rather than as passed."""


class UncertainVerdictWarning(UserWarning):
    """The model could not decide and the uncertain policy is `warn`."""


class ScenarioStepSkipped(UserWarning):
    """A scenario step did not run (a model step with no provider configured); the scenario still passed."""


class RecordingCutWarning(UserWarning):
    """A recorded action outlived max_seconds: what came later was not recorded, and is not judged."""


def outcome_of(error: BaseException) -> Outcome:
    """What a face reports for an exception a test or a step raised: `failed` for an expectation that does not
    hold (any AssertionError), `uncertain` and `no-provider` for the undecided (each face applies its policy:
    xfail or warn, skip or fail), `error` for anything else (a browser error, a configuration error)."""
    if isinstance(error, UncertainVerdict):
        return "uncertain"
    if isinstance(error, NoProviderConfigured):
        return "no-provider"
    if isinstance(error, AssertionError):
        return "failed"
    return "error"
