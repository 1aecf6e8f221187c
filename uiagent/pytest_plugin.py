"""uiagent's pytest plugin: options and hooks only; state lives in PytestSession, fixtures beside it.

Loaded through the `pytest11` entry point wherever uiagent is installed.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page

from uiagent.assertions import (
    AssertionContext,
    AssertionRecord,
    VisualExpectation,
)
from uiagent.audit.findings import Finding
from uiagent.errors import UiagentError, Undecided, outcome_of
from uiagent.pytest_session import CONTEXT, SESSION, PytestSession, figures
from uiagent.vlm.simulator import VLMSimulator

WORKER_OUTPUT = "uiagent_records"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("uiagent", "uiagent: visual assertions and accessibility audits")

    def add(name: str, help: str, **kwargs: Any) -> None:
        flag = "--uiagent-" + name.replace("_", "-")
        group.addoption(flag, dest=f"uiagent_{name}", help=help, **kwargs)
        kind: Any = "bool" if kwargs.get("action") == "store_true" else None
        parser.addini(f"uiagent_{name}", help, type=kind, default=None)

    add("chromium", "Chromium binary for pytest-playwright tests (default: UIAGENT_CHROMIUM, then the system's "
        "chromium).", metavar="PATH")
    add("browser_ws", "Playwright server websocket endpoint: run the browser remotely (a grid).", metavar="URL")
    add("provider", "VLM provider, e.g. anthropic:claude-sonnet-4-6, openai:gpt-4o, "
        "openai-compatible:MODEL@http://host:port/v1 (default: UIAGENT_PROVIDER).", metavar="SELECTOR")
    add("cache_mode", "Verdict cache: read-write (default), read-only (a miss fails: CI without keys), refresh, "
        "off.", choices=("read-write", "read-only", "refresh", "off"))
    add("votes", "Ask up to N times per assertion; stop once a majority agrees.", type=int, metavar="N")
    add("uncertain", "What an 'uncertain' verdict does: fail (default), xfail or warn.",
        choices=("fail", "xfail", "warn"))
    add("no_provider", "Model assertions with no provider configured: skip (default) or fail.",
        choices=("skip", "fail"))
    add("soft", "Soft assertions everywhere: sent concurrently, all failures reported when the test ends.",
        action="store_true")
    add("budget_run_usd", "Stop model calls once the run's estimated cost would pass this.", type=float,
        metavar="USD")
    add("budget_run_tokens", "Stop model calls once the run's tokens would pass this.", type=int, metavar="N")
    add("budget_test_usd", "Per-test estimated cost limit.", type=float, metavar="USD")
    add("budget_test_tokens", "Per-test token limit.", type=int, metavar="N")
    add("report", "Append every visual assertion's result to this JSON-lines file.", metavar="PATH")
    add("output", "Folder for annotated screenshots and diffs (default uiagent-results).", metavar="DIR")
    parser.addini("uiagent_scenarios", "File name patterns of scenario files collected as test modules.",
                  type="linelist", default=["*.scenario.yaml", "*.scenario.yml"])
    parser.addini("uiagent_findings_baseline", "Findings baseline for the accessibility fixture "
                  "(default .uiagent/findings-baseline.json).", default=None)
    group.addoption("--uiagent-update-baselines", dest="uiagent_update_baselines", action="store_true",
                    help="Record (or re-record) every baseline screenshot from this run.")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "uiagent(provider=, votes=, uncertain=, soft=, budget_usd=, budget_tokens=, threshold=, cache_mode=, "
        "match=, ignore=, dynamic=): uiagent settings for one test or module",
    )
    try:
        config.stash[SESSION] = PytestSession(config)
    except (UiagentError, ValueError) as error:
        raise pytest.UsageError(f"uiagent: {error}") from error
    # Registered here, after every entry-point plugin, so these fixtures wrap pytest-playwright's own
    # (a fixture that requests its own name receives the definition registered before it).
    if config.pluginmanager.has_plugin("playwright") and not config.pluginmanager.has_plugin("uiagent.pytest_browser"):
        config.pluginmanager.import_plugin("uiagent.pytest_browser")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if any(fnmatch(file_path.name, pattern) for pattern in parent.config.getini("uiagent_scenarios")):
        from uiagent.scenarios.pytest_items import ScenarioModule

        return ScenarioModule.from_parent(parent, path=file_path)
    return None


@pytest.fixture(scope="session")
def uiagent_provider(pytestconfig: pytest.Config) -> str | None:
    """The VLM provider selector for the run. Override it in a conftest to choose one in code, for example
    `return f"openai-compatible:qwen2.5-vl-7b@{vlm_simulator.openai_base_url}"` for offline runs."""
    return pytestconfig.stash[SESSION].settings.provider


@pytest.fixture(scope="session")
def vlm_simulator() -> Generator[VLMSimulator, None, None]:
    """A loopback VLM simulator for the session (both wire protocols); add rules with `add_rule`."""
    with VLMSimulator() as simulator:
        yield simulator


@pytest.fixture
def uiagent_context(request: pytest.FixtureRequest, uiagent_provider: str | None) -> AssertionContext:
    """This test's assertion context (judge, policies, budget, evidence folder)."""
    if CONTEXT not in request.node.stash:
        try:
            request.node.stash[CONTEXT] = request.config.stash[SESSION].context(request.node, uiagent_provider)
        except UiagentError as error:
            pytest.fail(f"uiagent: {error}", pytrace=False)
    return request.node.stash[CONTEXT]


@pytest.fixture
def expect_visual(uiagent_context: AssertionContext) -> Callable[..., VisualExpectation]:
    """`expect_visual(page_or_locator).to_satisfy("...")`; also not_to_satisfy, query, wait_for,
    to_match_baseline. Keyword options: full_page, soft, votes."""

    def expect(target: Page | Locator, *, full_page: bool = False, soft: bool | None = None,
               votes: int | None = None) -> VisualExpectation:
        return uiagent_context.expect(target, full_page=full_page, soft=soft, votes=votes)

    return expect


class AccessibilityCheck:
    """`accessibility.check(page)`: audit the page as it is now and fail on findings the baseline does not
    accept (the file `uiagent baseline accept` writes; by default .uiagent/findings-baseline.json)."""

    def __init__(self, context: AssertionContext, baseline: Path):
        self.context = context
        self.baseline = baseline

    def check(self, page: Page, *, fail_on: str = "violation", baseline: Path | None = None) -> list[Finding]:
        __tracebackhide__ = True  # a failure points at the user's line, not uiagent's
        from uiagent.audit import AuditOptions
        from uiagent.audit.gate import check_accessibility

        options = AuditOptions(judge=self.context.judge)
        return check_accessibility(page, options, self.context.settings, baseline or self.baseline, fail_on).findings


@pytest.fixture
def accessibility(uiagent_context: AssertionContext, pytestconfig: pytest.Config) -> AccessibilityCheck:
    """Accessibility audits inside a test, gated by the same findings baseline as `uiagent audit --baseline`."""
    configured = pytestconfig.getini("uiagent_findings_baseline") or ".uiagent/findings-baseline.json"
    return AccessibilityCheck(uiagent_context, pytestconfig.rootpath / configured)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    session = item.config.stash[SESSION]
    context = item.stash.get(CONTEXT, None)  # made by the expect_visual fixture, in the setup phase
    try:
        result = yield
        if context is not None:
            context.finish()  # soft assertions: fail once, listing every failed expectation
        return result
    except Undecided as undecided:  # neither passed nor failed: the session's policy says what it becomes
        if outcome_of(undecided) == "uncertain":
            pytest.xfail(f"uiagent: uncertain verdict\n{undecided}")
        if session.no_provider == "skip":
            pytest.skip(str(undecided))
        pytest.fail(str(undecided), pytrace=False)
    finally:
        if context is not None and context.records:
            figures_ = figures(context.records)
            for key in ("assertions", "fail", "uncertain", "cache_hits", "model_calls", "tokens_in", "tokens_out",
                        "estimated_cost_usd", "model_s"):
                item.user_properties.append((f"uiagent_{key}", figures_[key]))


def pytest_sessionfinish(session: pytest.Session) -> None:
    state = session.config.stash.get(SESSION, None)
    if state is None:
        return
    if hasattr(session.config, "workeroutput"):  # an xdist worker: hand the records to the controller
        session.config.workeroutput[WORKER_OUTPUT] = [r.model_dump() for r in state.records]
    state.close()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    state = node.config.stash.get(SESSION, None)
    if state is not None:
        state.records.extend(AssertionRecord.model_validate(r) for r in node.workeroutput.get(WORKER_OUTPUT, []))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    state = config.stash.get(SESSION, None)
    if state is None or not state.records or hasattr(config, "workerinput"):
        return
    f = figures(state.records)
    terminalreporter.section("uiagent")
    line = (f"visual assertions: {f['assertions']} (pass {f['pass']}, fail {f['fail']}, "
            f"uncertain {f['uncertain']})")
    if f["baselines"]:
        line += " · baselines: " + ", ".join(f"{n} {mode}" for mode, n in sorted(f["baselines"].items()))
    terminalreporter.write_line(line)
    terminalreporter.write_line(
        f"model calls: {f['model_calls']} · cache hits: {f['cache_hits']} · tokens: {f['tokens_in']:,} in / "
        f"{f['tokens_out']:,} out · estimated cost: ${f['estimated_cost_usd']:.4f} · model time: {f['model_s']:.1f} s")
    if state.report_path:
        terminalreporter.write_line(f"results: {state.report_path}")

