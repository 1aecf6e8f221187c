"""Baselines with match levels in real Chromium, on tests/pages/baseline-match.html (its changes are labelled there):
a table of labelled changes x match level, each with its expected outcome; ignore and dynamic regions; the facts
file beside the PNG; the marker and the scenario step passing match, ignore and dynamic through; the usage errors.
No model is involved: the strict cells run with ask_model=False, the other levels never ask one."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from uiagent.assertions import AssertionContext, Policy, VisualAssertionError
from uiagent.baselines import BaselineStore
from uiagent.config import Settings
from uiagent.demo import SiteServer
from uiagent.errors import ConfigError, ScenarioFileError
from uiagent.scenarios.kinds import step_kinds
from uiagent.scenarios.loader import load_scenarios
from uiagent.scenarios.runner import ScenarioResult, run_scenario
from uiagent.scenarios.steps import StepRuntime

SETTINGS = Settings(navigation_timeout_s=5, network_idle_cap_s=0.3, stable_timeout_s=1.5)
PAGE = "baseline-match.html"
LEVELS = ("strict", "layout", "ignore-colors", "content")

# label: (the page's ?change=, the assertion's options, the outcome under strict, layout, ignore-colors, content).
TABLE = {
    "unchanged": ("", {}, "PPPP"),
    "text changed": ("text", {}, "FPFF"),
    "colour changed": ("colour", {}, "FPPP"),
    "moved 4 px": ("moved", {}, "FFFP"),
    "removed": ("removed", {}, "FFFF"),
    "avatar swapped": ("avatar", {}, "FPFF"),
    "date changed in a dynamic region": ("date", {"dynamic": ["#date"]}, "PPPP"),
    # Beyond the table: the same date change undeclared (what `dynamic` saves), an ignored region, and a
    # dynamic region whose box moved (content, where no position counts, only asks that it is still there).
    "date changed, not declared dynamic": ("date", {}, "FPFF"),
    "avatar swapped in an ignored region": ("avatar", {"ignore": ["#avatar"]}, "PPPP"),
    "dynamic region moved 12 px": ("date-moved", {"dynamic": ["#date"]}, "FFFP"),
}

# What a failure must say, for the cells where one line says it all (CSS px: the card's content starts at 41,41).
SAYS = {
    ("text changed", "content"): "text of #title changed from 'Autumn collection' to 'Spring sale ends soon'",
    ("text changed", "ignore-colors"): "edges changed in #title: ",
    ("moved 4 px", "layout"): "#buy moved from (41,197) to (45,197)",
    ("moved 4 px", "ignore-colors"): "edges changed in #buy: ",
    ("removed", "layout"): "#buy removed (was at (41,197) 140x44)",
    ("removed", "content"): "text 'Buy now' of #buy is gone",
    ("avatar swapped", "content"): "image #avatar changed (src '",
    ("avatar swapped", "ignore-colors"): "edges changed in #avatar: ",
    ("date changed, not declared dynamic", "content"): "text of #date changed from 'Updated 3 April 2026' to "
                                                       "'Updated 30 December 2026'",
    ("dynamic region moved 12 px", "strict"): "dynamic region #date moved from (41,85) to (53,85)",
    ("dynamic region moved 12 px", "layout"): "dynamic region #date moved from (41,85) to (53,85)",
}


@pytest.fixture(scope="module")
def card(browser: Browser, fixture_site: SiteServer) -> Iterator[Page]:
    """One page at a fixed viewport for the module (the baseline and every comparison alike)."""
    context = browser.new_context(viewport={"width": 800, "height": 600})
    yield context.new_page()
    context.close()


def assertions(folder: Path, *, update: bool = False, **policy: object) -> AssertionContext:
    return AssertionContext(test_id="match", settings=SETTINGS, policy=Policy(update_baselines=update, **policy),
                            output_dir=folder / "out", baselines=BaselineStore(folder / "baselines"))


@pytest.fixture(scope="module")
def recorded(card: Page, fixture_site: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the baseline `card` (PNG and facts) of the unchanged page."""
    folder = tmp_path_factory.mktemp("match")
    card.goto(fixture_site.url(PAGE))
    assertions(folder, update=True).expect(card).to_match_baseline("card")
    return folder


def outcome(card: Page, site: SiteServer, folder: Path, change: str, level: str, **options: object) -> tuple[str, str]:
    """'P' or 'F' for the page with `change`, compared with the baseline at `level`, and the failure's message."""
    card.goto(site.url(f"{PAGE}?change={change}" if change else PAGE))
    context = assertions(folder)
    try:
        context.expect(card).to_match_baseline("card", match=level, ask_model=False, **options)  # type: ignore[arg-type]
    except VisualAssertionError as failure:
        return "F", str(failure)
    [record] = context.records
    assert record.baseline_match == level and record.baseline_mode in (
        ("identical", "pixel") if level == "strict" else (level,))
    return "P", ""


@pytest.mark.parametrize(("label", "level"), [(label, level) for label in TABLE for level in LEVELS])
def test_match_levels_table(card: Page, fixture_site: SiteServer, recorded: Path, label: str, level: str) -> None:
    change, options, expected = TABLE[label]
    got, message = outcome(card, fixture_site, recorded, change, level, **options)
    assert got == expected[LEVELS.index(level)], f"{label} under {level}: expected {expected}, got {got}\n{message}"
    if got == "F":
        heading = f"Screenshot does not match baseline 'card' ({recorded / 'baselines' / 'card.png'})"
        # Strict's pixel diff says no model judged it; a moved dynamic region and the other levels are decided
        # by rule, with no model to ask.
        assert message.startswith(heading) and ("no model judged the change" in message) == (
            level == "strict" and change != "date-moved"), message
        evidence = Path(message.rsplit("screenshot: ", 1)[1].strip())
        assert evidence.name.endswith("-baseline-card-diff.png") and evidence.exists()
    if (label, level) in SAYS:
        assert SAYS[label, level] in message, message


def test_the_facts_file_holds_boxes_texts_and_picture_hashes_but_nothing_masked(recorded: Path) -> None:
    text = (recorded / "baselines" / "card.json").read_text()
    by = {element["selector"]: element for element in json.loads(text)["elements"]}
    assert by["#title"]["text"] == "Autumn collection" and by["#title"]["box"] == {
        "x": 41.0, "y": 41.0, "width": 520.0, "height": 36.0}
    assert len(by["#avatar"]["image"]) == 16 and by["#avatar"]["src"].endswith("/baseline-match/avatar-a.svg")
    assert by["#account"]["text"] == "" and "4242" not in text, "a masked element's text stays on the page"


def test_levels_and_regions_are_recorded_for_the_summary(card: Page, fixture_site: SiteServer,
                                                         recorded: Path) -> None:
    card.goto(fixture_site.url(f"{PAGE}?change=colour"))
    context = assertions(recorded)
    context.expect(card).to_match_baseline("card", match="layout")
    context.expect(card).to_match_baseline("card", ignore="#buy")  # one selector as a plain string
    assert [(r.baseline_match, r.baseline_mode, r.outcome) for r in context.records] == [
        ("layout", "layout", "pass"), ("strict", "identical", "pass")]


def test_an_unknown_level_is_a_usage_error_naming_the_known_ones(card: Page, recorded: Path) -> None:
    with pytest.raises(ConfigError, match="unknown baseline match level 'fuzzy': use one of 'strict', 'layout', "
                                          "'ignore-colors', 'content'"):
        assertions(recorded).expect(card).to_match_baseline("card", match="fuzzy")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="not a valid CSS selector: '#date\\['"):
        assertions(recorded).expect(card).to_match_baseline("card", dynamic=["#date["])


def test_a_baseline_recorded_before_the_facts_works_strict_and_says_to_re_record_otherwise(
        card: Page, fixture_site: SiteServer, recorded: Path, tmp_path: Path) -> None:
    old = tmp_path / "baselines"
    old.mkdir()
    shutil.copy(recorded / "baselines" / "card.png", old / "card.png")  # no card.json: as recorded before
    card.goto(fixture_site.url(PAGE))
    assertions(tmp_path).expect(card).to_match_baseline("card")
    assertions(tmp_path).expect(card).to_match_baseline("card", ignore=["#avatar"])
    for options in ({"match": "layout"}, {"dynamic": ["#date"]}):
        with pytest.raises(ConfigError) as error:
            assertions(tmp_path).expect(card).to_match_baseline("card", **options)  # type: ignore[arg-type]
        assert "has no facts file beside it (card.json)" in str(error.value)
        assert "Re-record it with --uiagent-update-baselines" in str(error.value)
    assertions(tmp_path, update=True).expect(card).to_match_baseline("card")
    assertions(tmp_path).expect(card).to_match_baseline("card", match="layout")


def test_a_locator_baseline_compares_the_elements_in_its_crop(card: Page, fixture_site: SiteServer,
                                                              tmp_path: Path) -> None:
    card.goto(fixture_site.url(PAGE))
    assertions(tmp_path, update=True).expect(card.locator("#buy")).to_match_baseline("button")
    card.goto(fixture_site.url(f"{PAGE}?change=colour"))
    assertions(tmp_path).expect(card.locator("#buy")).to_match_baseline("button", match="content")
    with pytest.raises(VisualAssertionError):
        assertions(tmp_path).expect(card.locator("#buy")).to_match_baseline("button", ask_model=False)


def test_marker_defaults_apply_to_a_test_s_baselines(card: Page, fixture_site: SiteServer, recorded: Path) -> None:
    card.goto(fixture_site.url(f"{PAGE}?change=avatar,date"))
    marked = assertions(recorded, baseline_match="strict", baseline_ignore=("#avatar",), baseline_dynamic=("#date",))
    marked.expect(card).to_match_baseline("card")
    card.goto(fixture_site.url(f"{PAGE}?change=colour"))
    assertions(recorded, baseline_match="layout").expect(card).to_match_baseline("card")
    with pytest.raises(VisualAssertionError):  # the assertion's own level wins over the marker's
        assertions(recorded, baseline_match="layout").expect(card).to_match_baseline("card", match="strict",
                                                                                     ask_model=False)


# -- the scenario step ------------------------------------------------------------------------------------------


@pytest.fixture
def run_step(card: Page, fixture_site: SiteServer, recorded: Path,
             tmp_path: Path) -> Callable[[str, str], ScenarioResult]:
    """run_step(change, baseline step) -> the result of a one-step scenario on the page with that change."""

    def run(change: str, step: str) -> ScenarioResult:
        kinds = step_kinds()
        path = tmp_path / "match.scenario.yaml"
        path.write_text(textwrap.dedent(f"""\
            base_url: {fixture_site.base_url}
            scenarios:
              - name: card
                url: {PAGE}?change={change}
                steps:
                  - baseline: {step}
            """))
        [spec] = load_scenarios(path, kinds)
        context = assertions(recorded)
        runtime = StepRuntime(page=card, assertions=context, settings=SETTINGS, output_dir=tmp_path / "out",
                              base_url=fixture_site.base_url, root_dir=tmp_path, timeout_s=1.0)
        return run_scenario(spec, card, kinds, runtime)

    return run


def test_the_scenario_step_passes_match_ignore_and_dynamic_through(run_step) -> None:  # type: ignore[no-untyped-def]
    assert run_step("avatar,date", "{name: card, ignore: ['#avatar'], dynamic: ['#date']}").status == "passed"
    assert run_step("avatar,date", "card").status == "failed", "the same change, strict without regions"
    assert run_step("colour,text", "{name: card, match: layout}").status == "passed"
    assert run_step("moved", "{name: card, match: content}").status == "passed"
    moved = run_step("moved", "{name: card, match: layout}")
    assert moved.status == "failed" and "#buy moved from (41,197) to (45,197)" in (moved.failure or "")
    assert "at match='layout'" in (moved.failure or "")


def test_an_unknown_level_in_a_scenario_file_is_reported_with_its_line(run_step) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ScenarioFileError) as error:
        run_step("", "{name: card, match: fuzzy}")
    assert ":6: " in str(error.value) and "'strict', 'layout', 'ignore-colors' or 'content'" in str(error.value)


# -- the marker, in a real pytest run ---------------------------------------------------------------------------

MARKED = """
import pytest

URL = "SITE/baseline-match.html"

@pytest.mark.uiagent(match="layout")
def test_layout(page, expect_visual):
    page.goto(URL + ("?change=colour" if CHANGED else ""))
    expect_visual(page).to_match_baseline("card")

@pytest.mark.uiagent(ignore="#avatar", dynamic=["#date"])
def test_regions(page, expect_visual):
    page.goto(URL + ("?change=avatar,date" if CHANGED else ""))
    expect_visual(page).to_match_baseline("card")

def test_unmarked(page, expect_visual):
    page.goto(URL + ("?change=colour" if CHANGED else ""))
    expect_visual(page).to_match_baseline("card")

@pytest.mark.uiagent(match="fuzzy")
def test_unknown_level(page, expect_visual):
    pass
"""


def test_the_marker_passes_match_ignore_and_dynamic_through(pytester: pytest.Pytester, fixture_site: SiteServer,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UIAGENT_PROVIDER", raising=False)  # no model: strict fails on any real change

    def run(changed: bool, *args: str) -> pytest.RunResult:
        source = MARKED.replace("SITE/", fixture_site.base_url).replace("CHANGED", repr(changed))
        pytester.makepyfile(test_module=source)
        return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA", "--uiagent-report=results.jsonl",
                                             *args)

    recording = run(False, "--uiagent-update-baselines")
    recording.assert_outcomes(passed=3, errors=1)
    assert "unknown baseline match level 'fuzzy'" in recording.stdout.str()
    assert (pytester.path / "__baselines__" / "test_module" / "test_layout_chromium" / "card.json").exists()

    compared = run(True)
    compared.assert_outcomes(passed=2, failed=1, errors=1)
    compared.stdout.fnmatch_lines(["*baselines: * 1 layout*"])
    assert "test_unmarked" in compared.stdout.str() and "no model judged the change" in compared.stdout.str()
    lines = [json.loads(line) for line in (pytester.path / "results.jsonl").read_text().splitlines()]
    last = {line["test"].split("::")[1]: line for line in lines[-3:]}
    assert (last["test_layout[chromium]"]["baseline_match"], last["test_layout[chromium]"]["outcome"]) == (
        "layout", "pass")
    assert (last["test_regions[chromium]"]["baseline_match"], last["test_regions[chromium]"]["baseline_mode"]) == (
        "strict", "identical")
    assert last["test_unmarked[chromium]"]["outcome"] == "fail"
