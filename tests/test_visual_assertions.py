"""Visual assertions in real pytest runs (pytester subprocesses): real Chromium on the demo site, the real
Anthropic SDK against the loopback simulator."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from uiagent.vlm.simulator import Reply, Rule, VLMSimulator
from uiagent.vlm.simulator.script import Match

from .vlm.conftest import answer, script

Run = Callable[..., pytest.RunResult]


@pytest.fixture
def run(pytester: pytest.Pytester, simulator: VLMSimulator, demo_site) -> Run:  # type: ignore[no-untyped-def]
    provider = f"--uiagent-provider=anthropic:claude-sonnet-4-6@{simulator.anthropic_base_url}"

    def run(source: str, *args: str, rules: tuple[Rule, ...] = (), provider_option: bool = True,
            latency_s: float = 0) -> pytest.RunResult:
        simulator.reset(script(*rules, latency_s=latency_s))
        pytester.makepyfile(test_module=source.replace("DEMO/", demo_site.base_url))
        options = ["-p", "no:cacheprovider", "-rA", *([provider] if provider_option else []), *args]
        return pytester.runpytest_subprocess(*options)

    return run


def text(rule_answer: dict, contains: str | None = None, times: int | None = None) -> Rule:
    return Rule(when=Match(question_contains=contains), reply=Reply(text=json.dumps(rule_answer)), times=times)


PASS_AND_FAIL = """
def test_pass(page, expect_visual):
    page.goto("DEMO/clean-article.html")
    verdict = expect_visual(page).to_satisfy("the team photo is shown")
    assert verdict.outcome == "pass" and verdict.calls == 1

def test_fail(page, expect_visual):
    page.goto("DEMO/clean-article.html")
    expect_visual(page.locator("button")).to_satisfy("the contact button is green")

def test_negated(page, expect_visual):
    page.goto("DEMO/clean-article.html")
    expect_visual(page).not_to_satisfy("the team photo is shown")
"""


def test_pass_fail_and_negation_with_an_actionable_message(run: Run, simulator: VLMSimulator,
                                                           pytester: pytest.Pytester) -> None:
    result = run(PASS_AND_FAIL, rules=(
        answer("pass", contains="team photo"),
        answer("fail", contains="button is green", confidence=0.85, reason="The button is dark navy.",
               evidence=[{"label": "Contact us button", "box": [16, 16, 100, 40]}]),
    ))
    result.assert_outcomes(passed=1, failed=2)
    out = result.stdout.str()
    for part in ("Visual expectation failed: 'the contact button is green'", "verdict: fail (confidence 0.85)",
                 "reason: The button is dark navy.", "evidence: 'Contact us button' at", "usage: ", "tokens in",
                 "Visual expectation unexpectedly held: NOT 'the team photo is shown'"):
        assert part in out, part
    annotated = next(Path(pytester.path / "uiagent-results").rglob("*-annotated.png"))
    assert annotated.stat().st_size > 0 and str(annotated.name) in out
    # The locator assertion sent a crop of the button with its margin, not the page.
    locator_request = next(r for r in simulator.requests if "button is green" in r.question)
    width, height = locator_request.images[0].image().size
    assert width < 300 and height < 120


QUERY_AND_WAIT = """
from pydantic import BaseModel

class Badge(BaseModel):
    label: str
    count: int

def test_query(page, expect_visual):
    page.goto("DEMO/clean-article.html")
    badge = expect_visual(page).query("What does the cart badge say?", Badge)
    assert badge == Badge(label="Cart", count=3)

def test_wait_for(page, expect_visual):
    page.goto("DEMO/clean-article.html")
    # Late enough that the first poll sees the old heading even on a loaded machine (the first answer, "fail",
    # is cached for those pixels; only a change is asked again).
    page.evaluate("setTimeout(() => document.querySelector('h1').textContent = 'Ready', 2500)")
    expect_visual(page).wait_for("the heading says Ready", timeout=10, interval=0.2)

def test_wait_for_times_out(page, expect_visual):
    page.goto("DEMO/clean-article.html")
    expect_visual(page).wait_for("the moon is shown", timeout=1, interval=0.2)
"""


def test_query_and_wait_for(run: Run, simulator: VLMSimulator) -> None:
    result = run(QUERY_AND_WAIT, rules=(
        text({"label": "Cart", "count": 3}, contains="cart badge"),
        answer("fail", contains="says Ready", times=1),
        answer("pass", contains="says Ready"),
        answer("fail", contains="moon"),
    ))
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*Visual condition not reached within 1s: 'the moon is shown'*"])
    query = next(r for r in simulator.requests if "cart badge" in r.question)
    schema = query.body["output_config"]["format"]["schema"]
    assert set(schema["properties"]) == {"label", "count"} and schema["additionalProperties"] is False
    ready = [r for r in simulator.requests if "says Ready" in r.question]
    moon = [r for r in simulator.requests if "moon" in r.question]
    assert len(ready) == 2, "polling an unchanged page is answered from the cache; the change is asked again"
    assert len(moon) == 1


UNCERTAIN = """
def test_unsure(page, expect_visual):
    page.goto("DEMO/clean-article.html")
    expect_visual(page).to_satisfy("the hidden easter egg is visible")
"""


@pytest.mark.parametrize(("policy", "outcome"), [("fail", {"failed": 1}), ("xfail", {"xfailed": 1}),
                                                 ("warn", {"passed": 1})])
def test_uncertain_policy(run: Run, policy: str, outcome: dict) -> None:
    result = run(UNCERTAIN, f"--uiagent-uncertain={policy}", rules=(answer("uncertain", reason="too small to see"),))
    result.assert_outcomes(**outcome)
    assert "could not be decided" in result.stdout.str()
    assert ("UncertainVerdictWarning: Visual expectation" in result.stdout.str()) == (policy == "warn")


SOFT = """
def test_soft(page, expect_visual):
    page.goto("DEMO/clean-article.html")
    soft = lambda target: expect_visual(target, soft=True)
    soft(page).to_satisfy("one: the heading is visible")
    soft(page).to_satisfy("two: the photo is in colour")
    soft(page.locator("button")).to_satisfy("three: the button is round")
"""


def test_soft_mode_sends_concurrently_and_lists_every_failure(run: Run, simulator: VLMSimulator) -> None:
    result = run(SOFT, latency_s=1.5, rules=(answer("pass", contains="one:"), answer("fail", contains="two:"),
                                             answer("fail", contains="three:")))
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "2 visual expectations failed" in out and "'two: the photo is in colour'" in out
    assert "'three: the button is round'" in out and "'one: the heading is visible'" not in out
    assert simulator.max_in_flight == 3, "all three were in flight at once"


BASELINE = """
import pytest

def test_home(page, expect_visual):
    page.goto("DEMO/clean-article.html")
    if CHANGE:
        page.evaluate(CHANGE)
    expect_visual(page).to_match_baseline("article")
"""


def test_baselines_create_pass_pixel_pass_model_judged_and_update(run: Run, pytester: pytest.Pytester,
                                                                   simulator: VLMSimulator) -> None:
    def with_change(js: str | None) -> str:
        return BASELINE.replace("CHANGE", repr(js))

    missing = run(with_change(None))
    missing.assert_outcomes(failed=1)
    missing.stdout.fnmatch_lines(["*No baseline 'article' at *article.png*", "*Run with --uiagent-update-baselines*"])

    run(with_change(None), "--uiagent-update-baselines").assert_outcomes(passed=1)
    # One folder per test id, browser included: renderings differ between browsers.
    stored = pytester.path / "__baselines__" / "test_module" / "test_home_chromium" / "article.png"
    assert stored.exists()

    identical = run(with_change(None))
    identical.assert_outcomes(passed=1)
    assert "baselines: 1 identical" in identical.stdout.str() and simulator.requests == []

    tiny = "document.querySelector('p').style.color = 'rgb(40, 40, 40)'"
    run(with_change(tiny)).assert_outcomes(passed=1)  # a few hundred pixels: under the 0.1% threshold
    assert simulator.requests == []

    big = "document.querySelector('h1').textContent = 'Meet our wonderful new team of shoe experts'"
    judged_ok = run(with_change(big), rules=(answer("pass", contains="approved baseline"),))
    judged_ok.assert_outcomes(passed=1)
    assert "1 model" in judged_ok.stdout.str()
    compare = simulator.requests[0]
    assert len(compare.images) == 3, "baseline, current and the diff overlay"

    # Same pixels and question: the cached "pass" would answer, so ask afresh for the failing judgement.
    judged_bad = run(with_change(big), "--uiagent-cache-mode=refresh",
                     rules=(answer("fail", contains="approved baseline", reason="heading changed"),))
    judged_bad.assert_outcomes(passed=0, failed=1)
    judged_bad.stdout.fnmatch_lines(["*does not match baseline 'article'*", "*reason: heading changed*",
                                     "*pixels changed*region(s)*", "*screenshot:*baseline-article-diff.png*"])

    no_model = run(with_change(big), provider_option=False)
    no_model.assert_outcomes(failed=1)
    assert "no model judged the change" in no_model.stdout.str()

    before = stored.read_bytes()
    run(with_change(big), "--uiagent-update-baselines").assert_outcomes(passed=1)
    assert stored.read_bytes() != before


NO_PROVIDER = """
def test_model(page, expect_visual):
    page.goto("DEMO/clean-article.html")
    expect_visual(page).to_satisfy("anything")
"""


@pytest.mark.parametrize(("mode", "outcome"), [("skip", {"skipped": 1}), ("fail", {"failed": 1})])
def test_without_a_provider_model_assertions_skip_or_fail_clearly(run: Run, mode: str, outcome: dict,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UIAGENT_PROVIDER", raising=False)
    result = run(NO_PROVIDER, f"--uiagent-no-provider={mode}", provider_option=False)
    result.assert_outcomes(**outcome)
    assert "needs a VLM provider" in result.stdout.str() and "--uiagent-provider" in result.stdout.str()


SUMMARY = """
def test_a(page, expect_visual):
    page.goto("DEMO/clean-article.html")
    expect_visual(page).to_satisfy("the team photo is shown")
    expect_visual(page.locator("h1")).to_satisfy("the heading is bold")

def test_b(page, expect_visual):
    page.goto("DEMO/clean-form.html")
    expect_visual(page).to_satisfy("the form has a sign up button")
"""


def test_terminal_summary_and_junit_properties(run: Run, pytester: pytest.Pytester) -> None:
    result = run(SUMMARY, "--junitxml=junit.xml", "--uiagent-report=results.jsonl", rules=(answer("pass"),))
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*= uiagent =*", "visual assertions: 3 (pass 3, fail 0, uncertain 0)",
                                 "model calls: 3 · cache hits: 0 · tokens: * in / * out · estimated cost: $0.0* · "
                                 "model time: *"])
    cases = ET.parse(pytester.path / "junit.xml").getroot().iter("testcase")
    properties = {case.get("name"): {p.get("name"): p.get("value") for p in case.iter("property")} for case in cases}
    assert properties["test_a[chromium]"]["uiagent_assertions"] == "2"
    assert properties["test_b[chromium]"]["uiagent_model_calls"] == "1"
    assert float(properties["test_a[chromium]"]["uiagent_estimated_cost_usd"]) > 0
    lines = (pytester.path / "results.jsonl").read_text().splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["outcome"] == "pass"

    again = run(SUMMARY, rules=(answer("pass"),))
    again.stdout.fnmatch_lines(["model calls: 0 · cache hits: 3 *"])


def test_xdist_workers_share_the_cache_and_merge_their_figures(run: Run, simulator: VLMSimulator) -> None:
    first = run(SUMMARY, "-n", "2", rules=(answer("pass"),))
    first.assert_outcomes(passed=2)
    first.stdout.fnmatch_lines(["visual assertions: 3 (pass 3, fail 0, uncertain 0)", "model calls: 3 · cache hits: 0*"])
    second = run(SUMMARY, "-n", "2", rules=(answer("pass"),))
    second.stdout.fnmatch_lines(["model calls: 0 · cache hits: 3*"])
    assert simulator.requests == []


MARKERS = """
import pytest

@pytest.mark.uiagent(votes=3, uncertain="xfail")
def test_votes(page, expect_visual):
    page.goto("DEMO/clean-article.html")
    verdict = expect_visual(page).to_satisfy("voted question")
    assert verdict.votes == ["pass", "pass"]

@pytest.mark.uiagent(budget_tokens=10)
def test_budget(page, expect_visual):
    page.goto("DEMO/clean-article.html")
    expect_visual(page).to_satisfy("too expensive")

@pytest.mark.uiagent(colour="blue")
def test_bad_marker(page, expect_visual):
    pass
"""


def test_marker_overrides_per_test(run: Run, simulator: VLMSimulator) -> None:
    result = run(MARKERS, rules=(answer("pass"),))
    result.assert_outcomes(passed=1, failed=1, errors=1)
    out = result.stdout.str()
    assert "budget for total tokens would be exceeded" in out
    assert "unknown uiagent marker option(s) ['colour']" in out
    assert len([r for r in simulator.requests if "voted question" in r.question]) == 2


ACCESSIBILITY = """
def test_form(page, accessibility):
    page.goto("DEMO/clean-form.html")
    accessibility.check(page)

def test_missing_alt(page, accessibility):
    page.goto("DEMO/missing-alt.html")
    accessibility.check(page)
"""


def test_accessibility_fixture_uses_the_findings_baseline(run: Run, pytester: pytest.Pytester, demo_site) -> None:
    from .test_cli import uiagent

    first = run(ACCESSIBILITY, provider_option=False)
    first.assert_outcomes(passed=1, failed=1)
    first.stdout.fnmatch_lines(["*1 accessibility finding(s) not in the baseline on *missing-alt.html*",
                                "*violation: image-alt (WCAG 1.1.1) on #team-photo*"])
    # Accept the known finding the way a user would. (The CLI, not an in-process audit: pytester drops
    # modules first imported inside a test, and numpy's lazily imported parts cannot load twice.)
    audited = uiagent("audit", demo_site.url("missing-alt.html"), "-o", str(pytester.path / "audit"))
    assert audited.returncode == 1, audited.stderr
    accepted = uiagent("baseline", "accept", str(pytester.path / "audit"), "--reason", "ticket A11Y-7",
                       "--file", str(pytester.path / ".uiagent" / "findings-baseline.json"))
    assert accepted.returncode == 0, accepted.stderr
    run(ACCESSIBILITY, provider_option=False).assert_outcomes(passed=2)
