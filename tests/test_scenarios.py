"""Scenarios: the file format's errors point at file, line and field; the runner's steps on real Chromium
(the demo site and fixture pages); model steps through the real Anthropic SDK against the simulator; the
CLI and pytest faces over the same runner; the editor schema; a plugin's step kind."""

from __future__ import annotations

import json
import socket
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml
from playwright.sync_api import Page

from uiagent.assertions import AssertionContext, Policy
from uiagent.baselines import BaselineStore
from uiagent.config import Settings
from uiagent.hooks import hookimpl, plugin_manager
from uiagent.scenarios import (
    ScenarioFileError,
    ScenarioResult,
    StepKind,
    StepRuntime,
    load_scenarios,
    run_scenario,
    step_kinds,
)
from uiagent.scenarios.model import Strict
from uiagent.scenarios.schema import scenario_json_schema
from uiagent.vlm import JudgeSession

from .test_cli import uiagent
from .vlm.conftest import answer, script

ROOT = Path(__file__).parent.parent
SCENARIOS = ROOT / "scenarios"


def write(tmp_path: Path, text: str, name: str = "flow.scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[tuple[int, str]]:
    with pytest.raises(ScenarioFileError) as caught:
        load_scenarios(write(tmp_path, text), step_kinds())
    assert str(caught.value).startswith(str(tmp_path / "flow.scenario.yaml") + ":")
    return caught.value.problems


# -- the file format ------------------------------------------------------------------------------------


def test_a_valid_file_gives_specs_with_the_files_settings_and_step_lines(tmp_path: Path) -> None:
    [first, second] = load_scenarios(write(tmp_path, """
        base_url: http://127.0.0.1:9/
        viewport: {width: 800, height: 600}
        scenarios:
          - name: Check out, quickly!
            url: cart.html
            steps:
              - click: "#pay"
              - press: Enter
              - audit:
          - name: On a phone
            device: phone
            viewport: {width: 400, height: 700}
            steps:
              - focus_order: ["#a", {role: button, name: Pay}]
        """), step_kinds())
    assert (first.id, first.line, first.base_url, first.viewport.width) == ("check-out-quickly", 4, "http://127.0.0.1:9/", 800)
    assert [(s.kind, s.line) for s in first.steps] == [("click", 7), ("press", 8), ("audit", 9)]
    assert first.steps[0].args.selector == "#pay" and first.steps[1].args.key == "Enter"
    assert first.steps[2].args.fail_on == "violation"
    assert (second.device, second.viewport.height) == ("phone", 700)
    assert [t.describe() for t in second.steps[0].args.order] == ["selector='#a'", "role='button' name='Pay'"]


def test_malformed_yaml_names_its_line(tmp_path: Path) -> None:
    [(line, message)] = problems(tmp_path, """
        scenarios:
          - name: broken
            steps:
              - click: {role: button
              - press: Enter
        """)
    assert line == 5 and "not valid YAML" in message


def test_an_unknown_step_type_is_named_with_a_suggestion(tmp_path: Path) -> None:
    [(line, message)] = problems(tmp_path, """
        scenarios:
          - name: typo
            steps:
              - goto: index.html
              - clik: "#buy"
        """)
    assert line == 5
    assert message.startswith("scenarios[0].steps[1].clik: unknown step type 'clik'; did you mean 'click'?")
    assert "known: " in message and "focus_order" in message


def test_every_problem_of_a_file_is_reported_with_line_and_field(tmp_path: Path) -> None:
    found = problems(tmp_path, """
        scenarios:
          - name: many problems
            steps:
              - click: {rol: button, name: Pay}
              - fill: {label: Email}
              - press: Enter
                click: "#x"
              - wait_for: {text: Done, url: "**/done"}
              - focus_order: []
              - click: {role: button, label: Pay}
        """)
    assert found == [
        (4, "scenarios[0].steps[0].click.rol: unknown field"),
        (5, "scenarios[0].steps[1].fill.value: required field missing"),
        (6, "scenarios[0].steps[2]: a step is a mapping with one key, its kind (e.g. `- click: {role: button, "
            "name: Pay}`); got press, click"),
        (8, "scenarios[0].steps[3].wait_for: give exactly one of text, target, url, load_state, seconds (got text, url)"),
        (9, "scenarios[0].steps[4].focus_order.order: List should have at least 1 item after validation, not 0"),
        (10, "scenarios[0].steps[5].click: give exactly one of role, label, text, placeholder, alt_text, title, "
             "test_id, selector (got role, label)"),
    ]
    # The click with `rol` also lacks a way to find its element: reported once, at the field that is wrong.
    assert len(found) == 6


def test_top_level_problems_and_duplicate_keys(tmp_path: Path) -> None:
    assert problems(tmp_path, "") == [(1, "the file is empty (expected a mapping with `scenarios:`)")]
    assert problems(tmp_path, """
        scenario:
          - name: x
        """) == [(1, "scenario: unknown field"), (1, "scenarios: required field missing")]
    assert problems(tmp_path, """
        scenarios:
          - name: twice
            name: again
            steps: [{press: Tab}]
        """) == [(3, "scenarios[0].name: duplicate key 'name'")]
    assert problems(tmp_path, """
        scenarios:
          - name: Same name
            steps: [{press: Tab}]
          - name: same  NAME
            steps: [{press: Tab}]
        """) == [(4, "scenarios[1].name: another scenario (line 2) has the same name")]


def test_the_published_schema_is_current_and_accepts_the_shipped_scenarios() -> None:
    schema = scenario_json_schema(step_kinds())
    assert json.loads((SCENARIOS / "scenario.schema.json").read_text()) == schema, \
        "scenarios/scenario.schema.json is stale: regenerate it with `uiagent run --schema`"
    validator = jsonschema.Draft202012Validator(schema)
    for path in SCENARIOS.glob("*.scenario.yaml"):
        validator.validate(yaml.safe_load(path.read_text()))
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"scenarios": [{"name": "x", "steps": [{"clik": "#a"}]}]})


# -- the runner, in this process, on pytest-playwright's page -------------------------------------------


@pytest.fixture
def run_yaml(page: Page, tmp_path: Path, demo_site) -> Callable[..., ScenarioResult]:  # type: ignore[no-untyped-def]
    def run(text: str, *, judge: JudgeSession | None = None, no_provider: str = "skip",
            base_url: str | None = demo_site.base_url, kinds: dict | None = None) -> ScenarioResult:
        kinds = kinds or step_kinds()
        [spec] = load_scenarios(write(tmp_path, text), kinds)
        settings = Settings(navigation_timeout_s=5, network_idle_cap_s=0.3, stable_timeout_s=1.5)
        assertions = AssertionContext(test_id=spec.id, settings=settings, policy=Policy(), output_dir=tmp_path / "out",
                                      baselines=BaselineStore(tmp_path / "baselines"), judge=judge)
        runtime = StepRuntime(page=page, assertions=assertions, settings=settings, output_dir=tmp_path / "out",
                              base_url=base_url, root_dir=tmp_path, timeout_s=1.0, no_provider=no_provider)
        return run_scenario(spec, page, kinds, runtime)

    return run


def test_a_flow_on_the_demo_site_passes_step_by_step(run_yaml) -> None:  # type: ignore[no-untyped-def]
    result = run_yaml("""
        scenarios:
          - name: sign up
            url: index.html
            steps:
              - click: {role: link, name: Clean sign-up form}
              - wait_for: {url: "**/clean-form.html"}
              - fill: {label: Full name, value: Grace}
              - select: {label: Shoe size, option: "41"}
              - press: {key: Enter, target: {label: Full name}}
              - wait_for: Thanks for signing up, Grace. Size 41 noted.
              - screenshot: thanks
        """)
    assert result.status == "passed", result.failure
    assert [s.status for s in result.steps] == ["passed"] * 8
    assert result.url.endswith("/clean-form.html")
    assert any(note.startswith("screenshot thanks: ") for note in result.notes)


def test_an_element_that_is_not_there_fails_fast_naming_the_step_and_line(run_yaml) -> None:  # type: ignore[no-untyped-def]
    result = run_yaml("""
        scenarios:
          - name: missing button
            url: clean-form.html
            steps:
              - fill: {label: Full name, value: Ada}
              - click: {role: button, name: Buy now}
              - fill: {label: Email address, value: a@b.c}
        """)
    assert result.status == "failed"
    assert [s.status for s in result.steps] == ["passed", "passed", "failed", "skipped"]
    assert result.failure == (f"{result.file}:6: step 2 (click) failed: no element matches role='button' "
                              "name='Buy now' (waited 1s)")
    assert result.steps[2].seconds < 3
    assert any("screenshot at the failure" in note for note in result.notes)


def test_ambiguous_targets_and_relative_urls_without_a_base_fail_clearly(run_yaml) -> None:  # type: ignore[no-untyped-def]
    ambiguous = run_yaml("""
        scenarios:
          - name: ambiguous
            url: index.html
            steps:
              - click: {role: link}
        """)
    assert "matches 13 elements: make it more specific or add nth" in ambiguous.failure
    relative = run_yaml("""
        scenarios:
          - name: no base
            url: index.html
            steps: [{press: Tab}]
        """, base_url=None)
    assert relative.steps[0].status == "failed" and "is relative and no base URL is set" in relative.failure
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    unreachable = run_yaml(f"""
        scenarios:
          - name: unreachable
            url: http://127.0.0.1:{port}/
            steps: [{{press: Tab}}]
        """)
    assert unreachable.failure.endswith(f":2: the start URL failed: http://127.0.0.1:{port}/: connection refused "
                                        "(is the server running?) [ERR_CONNECTION_REFUSED]")


def test_focus_order_in_order_out_of_order_and_exact(run_yaml) -> None:  # type: ignore[no-untyped-def]
    def focus(order: str, exact: bool = False) -> ScenarioResult:
        return run_yaml(f"""
            scenarios:
              - name: focus
                url: clean-form.html
                steps:
                  - focus_order: {{order: {order}, exact: {str(exact).lower()}}}
            """)

    assert focus('[{label: Full name}, {label: Password}, {role: button, name: Sign up}]').status == "passed"
    wrong = focus('[{label: Password}, {label: Full name}]')
    assert wrong.status == "failed"
    assert "label='Full name' did not take focus after the ones before it" in wrong.failure
    assert 'Tab reached: a "uiagent demo shop", input#name, input#email, input#password' in wrong.failure
    # The header link comes first in the tab order, so "exactly these" fails, naming what Tab reached.
    exact = focus('[{label: Full name}, {label: Email address}]', exact=True)
    assert exact.status == "failed" and 'Tab reached a "uiagent demo shop", input#name' in exact.failure
    assert focus('[{role: link, name: uiagent demo shop}, {label: Full name}]', exact=True).status == "passed"


def test_an_audit_step_fails_on_findings_the_baseline_does_not_accept(run_yaml, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = """
        scenarios:
          - name: alt text
            url: missing-alt.html
            steps:
              - audit: {baseline: accepted.json, skip: [focus-visible, zoom-clip, text-spacing, reflow]}
        """
    failed = run_yaml(text)
    assert failed.status == "failed" and "image-alt (WCAG 1.1.1) on #team-photo" in failed.failure
    [audit] = failed.audits
    assert [f.rule for f in audit.findings if f.status == "violation"] == ["image-alt"]
    assert {run.check: run.status for run in audit.checks}["reflow"] == "skipped"
    from uiagent.reports.findings_baseline import accept

    accept(audit.findings, tmp_path / "accepted.json", reason="known")
    assert run_yaml(text).status == "passed"


EXPECTATIONS = """
    scenarios:
      - name: judged
        url: clean-form.html
        steps:
          - expect: {that: the sign-up form is shown, target: form}
          - expect_not: an error message is shown
          - expect: the page is pink
    """


def test_model_steps_go_through_the_sdk_and_a_failed_expectation_fails_the_step(run_yaml, judge, simulator) -> None:  # type: ignore[no-untyped-def]
    simulator.reset(script(answer("pass", contains="sign-up form is shown"), answer("fail", contains="error message"),
                           answer("fail", contains="pink", reason="The page is white.")))
    result = run_yaml(EXPECTATIONS, judge=judge)
    assert [s.status for s in result.steps] == ["passed", "passed", "passed", "failed"]
    assert "step 3 (expect) failed: Visual expectation failed: 'the page is pink'" in result.failure
    assert "The page is white." in result.failure
    asked = [r.question for r in simulator.requests]
    assert len(asked) == 3 and "sign-up form" in asked[0]


def test_model_steps_without_a_provider_are_skipped_or_fail_by_policy(run_yaml) -> None:  # type: ignore[no-untyped-def]
    skipped = run_yaml(EXPECTATIONS)
    assert skipped.status == "passed" and [s.status for s in skipped.steps] == ["passed", "skipped", "skipped", "skipped"]
    assert len(skipped.notes) == 3 and "needs a VLM provider" in skipped.notes[0]
    failed = run_yaml(EXPECTATIONS, no_provider="fail")
    assert failed.status == "failed" and "needs a VLM provider" in failed.failure


class Dismiss(Strict):
    text: str


def dismiss(step: Dismiss, runtime: StepRuntime) -> None:
    runtime.page.evaluate("text => document.body.dataset.dismissed = text", step.text)


class StepPlugin:
    @hookimpl
    def uiagent_scenario_steps(self):  # type: ignore[no-untyped-def]
        return [StepKind("dismiss", Dismiss, dismiss, "Mark a banner dismissed.")]


def test_a_plugin_adds_a_step_kind(run_yaml, page: Page) -> None:  # type: ignore[no-untyped-def]
    manager = plugin_manager("plugins")
    manager.register(StepPlugin())
    try:
        kinds = step_kinds()
        assert kinds["dismiss"].description == "Mark a banner dismissed."
        result = run_yaml("""
            scenarios:
              - name: plugin
                url: index.html
                steps: [{dismiss: {text: cookies}}]
            """, kinds=kinds)
        assert result.status == "passed" and page.evaluate("document.body.dataset.dismissed") == "cookies"
    finally:
        manager.unregister(name=next(n for n, p in manager.list_name_plugin() if isinstance(p, StepPlugin)))
    assert "dismiss" not in step_kinds()


# -- the two faces ----------------------------------------------------------------------------------------


def test_the_shipped_scenarios_run_green_from_the_cli(tmp_path: Path) -> None:
    done = uiagent("run", *map(str, sorted(SCENARIOS.glob("*.scenario.yaml"))), "--demo-site", "-o", str(tmp_path),
                   "--format", "json,sarif")
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in (tmp_path / "scenarios.jsonl").read_text().splitlines()]
    assert len(results) >= 2 and {r["status"] for r in results} == {"passed"}
    cases = ET.parse(tmp_path / "scenarios.xml").getroot().iter("testcase")
    assert sorted(c.get("name") for c in cases) == sorted(r["id"] for r in results)
    report = json.loads((tmp_path / "findings.json").read_text())
    accepted = json.loads((SCENARIOS / "accepted-findings.json").read_text())["entries"]
    assert len(report["pages"]) == 4  # one per audit step
    # The audits found the demo's known defects, which the scenario's baseline accepts, and nothing else.
    assert report["findings"] and {f["fingerprint"] for f in report["findings"]} == set(accepted)
    assert (tmp_path / "findings.sarif").exists()


def test_a_broken_scenario_file_stops_the_cli_naming_file_and_line(tmp_path: Path) -> None:
    good = write(tmp_path, "scenarios: [{name: ok, steps: [{press: Tab}]}]\n", "good.scenario.yaml")
    bad = write(tmp_path, """
        scenarios:
          - name: bad
            steps:
              - click: {role: button}
              - hover: {rol: link}
        """, "bad.scenario.yaml")
    done = uiagent("run", str(good), str(bad), "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert f"{bad}:5: scenarios[0].steps[1].hover.rol: unknown field" in done.stderr
    failing = write(tmp_path, """
        scenarios:
          - name: fails
            url: clean-form.html
            steps:
              - click: {role: button, name: Nope}
        """, "fails.scenario.yaml")
    done = uiagent("run", str(good), str(failing), "--demo-site", "--step-timeout", "1", "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert f"{failing}:5: step 1 (click) failed: no element matches role='button' name='Nope'" in done.stderr
    assert len((tmp_path / "out" / "scenarios.jsonl").read_text().splitlines()) == 2  # the good one is kept


def test_pytest_collects_scenario_files_and_points_at_the_failing_line(pytester: pytest.Pytester, demo_site,  # type: ignore[no-untyped-def]
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makefile(".scenario.yaml", shop="""
        scenarios:
          - name: passes
            url: clean-form.html
            steps:
              - fill: {label: Full name, value: Ada}
          - name: fails
            url: clean-form.html
            steps:
              - fill: {label: Full name, value: Ada}
              - click: {role: button, name: Nope}
        """)
    pytester.makefile(".scenario.yaml", broken="scenarios:\n  - name: x\n    steps:\n      - clikc: '#a'\n")
    monkeypatch.setenv("UIAGENT_STEP_TIMEOUT_S", "1")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--base-url={demo_site.base_url}",
                                           "-o", "timeout=60", "--continue-on-collection-errors")
    result.assert_outcomes(passed=1, failed=1, errors=1)
    output = result.stdout.str()
    assert "broken.scenario.yaml:4: scenarios[0].steps[0].clikc: unknown step type 'clikc'; did you mean 'click'?" in output
    assert "shop.scenario.yaml:10: step 2 (click) failed: no element matches role='button' name='Nope'" in output


def test_devices_come_from_the_presets_or_playwrights_list(tmp_path: Path) -> None:
    from PIL import Image

    flow = write(tmp_path, """
        scenarios:
          - name: on an iPhone
            device: iPhone 13
            url: clean-form.html
            steps: [{screenshot: form}]
          - name: on a tablet held wide
            device: tablet
            viewport: {width: 1024, height: 768}
            url: clean-form.html
            steps: [{screenshot: form}]
          - name: on a phone nobody makes
            device: Nokia 3310
            url: clean-form.html
            steps: [{screenshot: form}]
        """)
    done = uiagent("run", str(flow), "--demo-site", "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    results = {r["id"]: r for r in map(json.loads, (tmp_path / "out" / "scenarios.jsonl").read_text().splitlines())}
    assert Image.open(tmp_path / "out" / "flow.scenario-on-an-iphone" / "form.png").size == (390, 664)
    assert Image.open(tmp_path / "out" / "flow.scenario-on-a-tablet-held-wide" / "form.png").size == (1024, 768)
    assert results["on-a-phone-nobody-makes"]["failure"] == (
        f"{flow}:12: unknown device 'Nokia 3310': use desktop, tablet, phone or a Playwright device name such as "
        "'iPhone 13' or 'Pixel 7'")


RECORDED = """
scenarios:
  - name: saving shows a toast, reloading shows a spinner then the list
    url: recording/toast.html
    steps:
      - record: 5
      - click: "#save"
      - recorded:
          shown: a toast saying the changes were saved
      - record: {max_seconds: 4, max_frames: 4}
      - click: "#reload"
      - recorded:
          in_order: [a loading spinner, the list with a third item]
      - record:
      - click: "#nothing"
"""


def test_record_and_recorded_steps_judge_what_the_page_showed_meanwhile(run_yaml, judge, simulator,  # type: ignore[no-untyped-def]
                                                                        fixture_site) -> None:
    simulator.reset(script(answer("pass")))
    result = run_yaml(RECORDED, judge=judge, base_url=fixture_site.base_url)
    assert [s.status for s in result.steps] == ["passed"] * 9
    # The last `record` was never judged: the scenario fails, naming the fix.
    assert result.status == "failed" and "a `record` step was never judged: add a `recorded` step" in result.failure
    shown, in_order = simulator.requests
    assert "Shown at some moment: a toast saying the changes were saved" in shown.question and len(shown.images) >= 2
    assert "1. a loading spinner\n2. the list with a third item" in in_order.question
    assert 2 <= len(in_order.images) <= 4
    misplaced = run_yaml(RECORDED.replace("      - record: 5\n", ""), judge=judge, base_url=fixture_site.base_url)
    assert "no recording is running: start one with a `record` step" in misplaced.failure
