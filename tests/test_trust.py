"""Trust: no input loses the run, every usage error is one clear line (exit 2) found before the browser starts
where it can be, Ctrl-C keeps what was finished, work is bounded, and results say what they are. Each test is a
case a hostile page, a careless input or a failing model brought."""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page

from uiagent.assertions import AssertionContext, Policy, UncertainVerdictWarning, VisualAssertionError
from uiagent.audit import AuditOptions, audit_page, audit_targets
from uiagent.audit.findings import AuditReport, Finding, PageAudit
from uiagent.audit.reconcile import reconcile
from uiagent.baselines import BaselineStore
from uiagent.capture import load_page
from uiagent.capture.models import Box
from uiagent.config import Settings
from uiagent.reports import RENDERERS, write_reports
from uiagent.reports.markdown import to_markdown
from uiagent.vlm.cache import cache_key
from uiagent.vlm.images import PreparedImage

from .test_cli import UIAGENT, uiagent
from .vlm.conftest import answer, script

PAGES = Path(__file__).parent / "pages"
FAST = Settings(navigation_timeout_s=5, network_idle_cap_s=0.3, stable_timeout_s=1)


def findings_json(folder: Path) -> dict:
    return json.loads((folder / "findings.json").read_text())


# -- one bad thing loses nothing ----------------------------------------------------------------------------------

def test_a_zero_size_box_is_drawn_in_every_report(tmp_path: Path) -> None:
    done = uiagent("audit", str(PAGES / "hostile" / "empty-alt-404.html"), "--format", "html,json,sarif,md",
                   "-o", str(tmp_path))
    assert done.returncode == 1, done.stderr  # the broken image is a finding
    assert {p.name for p in tmp_path.iterdir()} >= {"report.html", "findings.json", "findings.sarif", "summary.md"}
    broken = next(f for f in findings_json(tmp_path)["findings"] if f["rule"] == "broken-image")
    assert broken["box"]["width"] == 0 and "base64" in (tmp_path / "report.html").read_text()


def test_a_report_format_that_fails_is_named_and_the_others_are_kept(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(report: AuditReport) -> str:
        raise ValueError("x1 must be greater than or equal to x0")

    monkeypatch.setitem(RENDERERS, "html", ("report.html", broken))
    report = AuditReport(version="0", findings=[], pages=[PageAudit(url="http://x/", status="ok")])
    written = write_reports(report, ["html", "json", "sarif"], tmp_path)
    assert set(written) == {"json", "sarif"} and (tmp_path / "findings.json").exists()
    assert written.failed == {"html": "ValueError: x1 must be greater than or equal to x0"}


def test_an_inverted_box_in_a_model_answer_still_gives_a_verdict(page: Page, demo_site, simulator, make_session,
                                                                  tmp_path: Path) -> None:
    image = PreparedImage(data=b"", media_type="image/png", width=100, height=100, scale=1.0, origin_x=0, origin_y=0,
                          estimated_tokens=0)
    assert image.to_css([60, 50, -40, -20]) == Box(x=20, y=30, width=40, height=20)  # the same rectangle
    simulator.reset(script(answer("fail", reason="no badge", evidence=[{"label": "badge", "box": [300, 200, -120, -40]}])))
    load_page(page, demo_site.url("index.html"), timeout_s=5)
    context = AssertionContext(test_id="inverted", settings=FAST, policy=Policy(), output_dir=tmp_path,
                               baselines=BaselineStore(tmp_path / "b"), judge=make_session("anthropic"))
    with pytest.raises(VisualAssertionError, match="reason: no badge"):
        context.expect(page).to_satisfy("a badge is shown")
    assert list(tmp_path.glob("*-annotated.png"))


def test_a_malformed_url_is_one_line_and_the_other_pages_are_audited(tmp_path: Path) -> None:
    done = uiagent("audit", "http://[::1", str(PAGES / "dom-facts.html"), "-o", str(tmp_path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "http://[::1: malformed URL" in done.stderr
    assert [p["status"] for p in findings_json(tmp_path)["pages"]] == ["error", "ok"]


# -- usage and environment errors: one line, exit 2, before the browser ---------------------------------------

def test_bad_inputs_are_usage_errors_named_before_anything_runs(tmp_path: Path) -> None:
    binary = tmp_path / "urls.txt"
    binary.write_bytes(b"\xff\xfe\x00http://x\n")
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text("<urlset><url><loc>http://x/</loc></url>")  # not closed
    a_file = tmp_path / "taken"
    a_file.write_text("")
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"entries": [{')
    binary_baseline = tmp_path / "baseline.json"
    binary_baseline.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    page = str(PAGES / "dom-facts.html")
    cases = [
        (["@" + str(binary)], "not a UTF-8 text file"),
        ([str(sitemap)], "not a readable sitemap"),
        ([page, "-o", str(a_file)], f"output {a_file} is a file, not a folder"),
        ([page, "-o", str(a_file / "inside")], "cannot be written"),
        ([page, "-o", str(tmp_path / "a"), "--baseline", str(corrupt)], "not a uiagent findings baseline"),
        ([page, "-o", str(tmp_path / "b"), "--baseline", str(binary_baseline)], "a binary file, not UTF-8 JSON"),
    ]
    for arguments, says in cases:
        done = uiagent("audit", *arguments)
        assert done.returncode == 2, (arguments, done.stderr)
        assert says in done.stderr and "Traceback" not in done.stderr, (arguments, done.stderr)
    # The output folder and baseline are checked first: no page was audited for them.
    assert not (tmp_path / "a" / "pages.jsonl").exists() and not (tmp_path / "b" / "pages.jsonl").exists()


def test_an_unusable_provider_is_refused_once_before_any_page(tmp_path: Path, fixture_site) -> None:
    page = str(PAGES / "dom-facts.html")
    unreachable = uiagent("audit", page, "-o", str(tmp_path / "a"), "--provider",
                          "anthropic:claude-sonnet-4-6@http://127.0.0.1:9")
    assert unreachable.returncode == 2 and "connection failed" in unreachable.stderr
    not_a_vlm = uiagent("audit", page, "-o", str(tmp_path / "b"), "--provider",
                        f"openai:gpt-4o@{fixture_site.base_url}v1")
    assert not_a_vlm.returncode == 2 and "does not speak the OpenAI Chat Completions API" in not_a_vlm.stderr
    assert not (tmp_path / "a" / "pages.jsonl").exists() and not (tmp_path / "b" / "pages.jsonl").exists()


def _as_from_a_terminal() -> None:
    # Ctrl-C in a shell reaches a process whose SIGINT is at its default. A process inherits an ignored SIGINT
    # from its parent, and Python then never raises KeyboardInterrupt: a test worker that ignores it (as one
    # does, late in a full xdist run) must not hand that on to the command under test.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt_when_a_page_is_done(arguments: list[str], journal: Path) -> subprocess.CompletedProcess[str]:
    process = subprocess.Popen([UIAGENT, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_as_from_a_terminal)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (journal.exists() and journal.read_text().strip()):
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_ctrl_c_during_an_audit_keeps_and_reports_what_was_finished(tmp_path: Path, demo_site) -> None:
    from uiagent.demo import demo_pages

    urls = [demo_site.url(p.path) for p in demo_pages()]
    done = interrupt_when_a_page_is_done(["audit", *urls, "--format", "json,md", "-o", str(tmp_path)],
                                         tmp_path / "pages.jsonl")
    assert done.returncode == 130, done.stderr
    assert "interrupted" in done.stderr and "--resume" in done.stderr and "Traceback" not in done.stderr
    finished = findings_json(tmp_path)["pages"]
    assert 1 <= len(finished) < len(urls) and (tmp_path / "summary.md").exists()


def test_an_error_in_the_browser_drivers_event_dispatch_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    # Ctrl-C reaches the driver and the browser too (the whole process group): a page closing under an event
    # listener is logged by Playwright with its traceback, which a command prints as one line instead.
    from uiagent.cli.app import _browser_driver_errors_in_one_line

    driver = logging.getLogger("playwright")
    handlers, propagate = list(driver.handlers), driver.propagate
    try:
        _browser_driver_errors_in_one_line()
        try:
            raise RuntimeError("Target page, context or browser has been closed\nCall log: ...")
        except RuntimeError as error:
            logging.getLogger("playwright._impl._connection").error("Error occurred in event listener", exc_info=error)
    finally:
        driver.handlers[:], driver.propagate = handlers, propagate
    assert capsys.readouterr().err == ("warning: browser driver: Error occurred in event listener: RuntimeError: "
                                       "Target page, context or browser has been closed\n")


def test_ctrl_c_during_a_scenario_run_keeps_the_scenarios_finished(tmp_path: Path, demo_site) -> None:
    flow = tmp_path / "many.scenario.yaml"
    flow.write_text("scenarios:\n" + "".join(
        f"  - name: visit {i}\n    url: {demo_site.url('index.html')}\n    steps:\n      - wait_for: \"Shoes\"\n"
        for i in range(12)))
    done = interrupt_when_a_page_is_done(["run", str(flow), "-o", str(tmp_path / "out")],
                                         tmp_path / "out" / "scenarios.jsonl")
    assert done.returncode == 130 and "interrupted" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "out" / "scenarios.xml").exists()


# -- bounded work -------------------------------------------------------------------------------------------------

def test_a_scenario_file_that_expands_without_bound_is_refused(tmp_path: Path, pytester: pytest.Pytester) -> None:
    laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
    bomb = tmp_path / "laughs.scenario.yaml"
    bomb.write_text(laughs + "scenarios: *i\n")
    big = tmp_path / "big.scenario.yaml"
    big.write_text("scenarios:\n  - name: a\n    url: about:blank\n    steps:\n" + "      - press: Tab\n" * 200_000)
    for path, says in ((bomb, "once its YAML aliases (*name) are expanded"), (big, "a scenario file may have at most")):
        started = time.monotonic()
        done = uiagent("run", str(path), "-o", str(tmp_path / "out"))
        assert done.returncode == 2 and says in done.stderr, done.stderr
        assert time.monotonic() - started < 60
    # pytest collecting it: a collection error, not minutes of work.
    pytester.makefile(".scenario.yaml", laughs=laughs + "scenarios: *i\n")
    result = pytester.runpytest_subprocess("--collect-only", "-q", "-p", "no:cacheprovider")
    assert "once its YAML aliases" in result.stdout.str()


def test_a_page_that_takes_too_long_is_partial_with_what_was_done(page: Page, tmp_path: Path) -> None:
    frames = "".join(f'<iframe title="frame {i}" srcdoc="<p>frame {i}</p>"></iframe>' for i in range(60))
    (tmp_path / "frames.html").write_text(f'<!doctype html><html lang="en"><title>Many frames</title><body>{frames}')
    load_page(page, (tmp_path / "frames.html").as_uri(), timeout_s=10)
    audit = audit_page(page, AuditOptions(), FAST.model_copy(update={"page_timeout_s": 1.0}))
    assert audit.status == "partial"
    assert any("time limit" in run.detail for run in audit.checks if run.status == "error"), audit.checks


# -- results say what they are --------------------------------------------------------------------------------------

def test_the_keyboard_walks_own_starting_point_is_never_reported(page: Page) -> None:
    # A page that swallows Tab leaves focus where the walk put it, on uiagent's own starting element: that
    # element is not the page's, so it is never a stop of the focus check.
    page.set_content('<html lang="en"><title>Tab swallowed</title><body><a href="#a">A link</a><script>'
                     'addEventListener("keydown", e => { if (e.key === "Tab") e.preventDefault(); }, true)'
                     '</script></body></html>')
    audit = audit_page(page, AuditOptions(only_act=frozenset({"oj04fd"})), Settings(network_idle_cap_s=0.2))
    assert [run.status for run in audit.checks if run.check == "focus-visible"] == ["ok"]
    assert [f for f in audit.findings if f.rule == "focus-visible"] == []


def test_a_page_is_recorded_under_the_url_asked_for_and_resume_keeps_it(browser, fixture_site, tmp_path: Path) -> None:
    asked = fixture_site.url("hostile/moves-on.html")
    first = audit_targets([asked], FAST, AuditOptions(skip=frozenset({"focus-visible"})), tmp_path, browser=browser)
    [page] = first.pages
    assert page.url == asked and page.status != "error"
    # Either it had moved on before the audit began (the URL it ended at is beside the one asked for), or the
    # audit held it in place and says so.
    moved = page.final_url is not None and page.final_url.endswith("dom-facts.html")
    assert moved or any("navigate" in w for w in page.warnings), (page.final_url, page.warnings)
    again = audit_targets([asked], FAST, AuditOptions(), tmp_path, browser=browser, resume=True)
    assert again.pages[0].seconds == page.seconds  # kept from the journal, not audited again


def test_a_response_that_is_not_a_web_page_is_skipped_with_its_type(browser, fixture_site, tmp_path: Path) -> None:
    report = audit_targets([fixture_site.url("__html-as-png")], FAST, AuditOptions(), tmp_path, browser=browser)
    [page] = report.pages
    assert page.status == "skipped" and "not a web page: the server sent image/png" in (page.error or "")
    assert page.findings == []


def test_xml_the_browser_shows_as_its_source_tree_is_skipped_and_styled_xml_is_audited(browser, fixture_site,
                                                                                          tmp_path: Path) -> None:
    # Chromium's XML viewer is an HTML page of its own (no lang, no title): auditing it reported the author for it.
    report = audit_targets([fixture_site.url("__unstyled-xml"), fixture_site.url("__xhtml-as-xml")], FAST,
                           AuditOptions(), tmp_path, browser=browser)
    unstyled, xhtml = report.pages
    assert unstyled.status == "skipped" and "source tree" in (unstyled.error or "") and unstyled.findings == []
    assert xhtml.status in ("ok", "partial") and {f.rule for f in xhtml.findings} >= {"html-has-lang"}


def test_a_page_cut_by_the_height_cap_is_partial_and_says_where(page: Page, fixture_site) -> None:
    load_page(page, fixture_site.url("tall.html"), timeout_s=10)
    audit = audit_page(page, AuditOptions(skip=frozenset({"focus-visible", "reflow", "zoom-clip", "text-spacing"})),
                       FAST.model_copy(update={"max_full_page_height": 1500}))
    assert audit.status == "partial"
    [cut] = [run for run in audit.checks if run.check == "capture"]
    assert "only its first 1,500 px were captured" in cut.detail


def test_capture_warnings_reach_the_audit_result(browser, fixture_site, tmp_path: Path) -> None:
    report = audit_targets([fixture_site.url("script-error.html"), fixture_site.url("never-loads.html")],
                           FAST.model_copy(update={"navigation_timeout_s": 1.5}), AuditOptions(), tmp_path,
                           browser=browser)
    errors, never = report.pages
    assert any(w.startswith("uncaught script error") for w in errors.warnings), errors.warnings
    assert never.status != "error" and any("never finished loading" in w for w in never.warnings), never
    assert "never finished loading" in to_markdown(report)


def test_the_markdown_summary_escapes_what_pages_and_inputs_say() -> None:
    hostile = "<svg onload=alert(1)>"
    report = AuditReport(version="0", pages=[PageAudit(url=f"http://x/{hostile}", status="error",
                                                       error=f"{hostile}: file does not exist")],
                         findings=[Finding(page="http://x/", source=["axe"], rule=f"r{hostile}", status="violation",
                                           message="m", selector=f"#a{hostile}|`b`")])
    summary = to_markdown(report)
    assert "<svg" not in summary and "&lt;svg onload=alert(1)&gt;" in summary and "\\|" in summary


# -- judgement -----------------------------------------------------------------------------------------------------

def test_query_under_the_warn_policy_warns_and_returns_nothing(page: Page, demo_site, simulator, make_session,
                                                               tmp_path: Path) -> None:
    from pydantic import BaseModel

    class Badge(BaseModel):
        count: int

    simulator.reset(script(answer("uncertain", reason="cannot read it")))
    load_page(page, demo_site.url("index.html"), timeout_s=5)
    context = AssertionContext(test_id="warn", settings=FAST, policy=Policy(uncertain="warn"), output_dir=tmp_path,
                               baselines=BaselineStore(tmp_path / "b"), judge=make_session("openai"))
    with pytest.warns(UncertainVerdictWarning):
        assert context.expect(page).query("How many items does the badge show?", Badge) is None


def test_a_models_contrast_claim_is_checked_against_the_threshold_its_text_needs() -> None:
    claim = Finding(page="http://x/", source=["vlm"], rule="vlm-low-contrast", wcag=["1.4.3"], status="needs-review",
                    message="looks faint", selector="#headline")
    large_passing = {"text-contrast": {"#headline": {"status": "pass", "ratio": 3.4, "required": 3.0}}}
    [refuted] = reconcile([claim], large_passing)
    assert (refuted.status, refuted.agreement) == ("pass", "contradicts")
    assert refuted.evidence["verified"] == "refuted by pixel contrast 3.4:1 against 3:1"


def test_the_verdict_cache_keeps_answers_of_different_servers_apart() -> None:
    same = {"provider": "openai", "model": "gpt-4o", "template_version": "1", "question": "q", "image_hashes": ["h"],
            "preparation": {}}
    assert cache_key(**same, endpoint="http://127.0.0.1:8000/v1") != cache_key(**same, endpoint="https://api.openai.com/v1")
    assert cache_key(**same, endpoint="") == cache_key(**same, endpoint="")

