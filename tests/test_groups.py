"""Findings grouped into issues (uiagent.audit.groups), browser-free: one cause is one issue, on every page and in
every format; different causes stay apart; a baseline accepts a whole issue; a large report stays small."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from uiagent.audit.findings import AuditReport, Finding, PageAudit
from uiagent.audit.groups import cause_of, component, group_findings, group_of
from uiagent.capture.models import Box
from uiagent.errors import ConfigError
from uiagent.reports import write_reports
from uiagent.reports.findings_baseline import accept, compare, load_findings_baseline


def finding(page: str = "http://site/a.html", rule: str = "target-size", selector: str | None = "#nav > a",
            status: str = "violation", impact: str = "serious", source: tuple[str, ...] = ("pixel",),
            **evidence: object) -> Finding:
    return Finding(page=page, source=list(source), rule=rule, wcag=["2.5.8"], status=status, impact=impact,  # type: ignore[arg-type]
                   selector=selector, box=Box(x=10, y=10, width=20, height=12), message=f"{rule} on {selector}",
                   evidence=dict(evidence)).with_identity()


def test_every_link_of_one_list_is_one_issue_and_another_component_is_another() -> None:
    toc = [finding(selector=f"#toc > ul > li:nth-of-type({n}) > ul > li:nth-of-type({m}) > a")
           for n in range(1, 4) for m in range(1, 5)]
    other = finding(selector="#footer > a:nth-child(2)")
    groups = group_findings([*toc, other])
    assert [g.occurrences for g in groups] == [12, 1]
    assert groups[0].cause == "component #toc > ul > li > ul > li > a"
    assert component("#section-12 > p:nth-of-type(3) > a") == "#section-N > p > a"


def test_one_colour_pair_is_one_issue_across_pages_and_another_pair_is_another() -> None:
    grey = [finding(page=f"http://site/{n}.html", rule="text-contrast", selector=f"#p{n}", foreground="#777777",
                    background="#FFFFFF") for n in range(5)]
    blue = finding(rule="text-contrast", selector="#p0", foreground="#5555ff", background="#ffffff")
    groups = group_findings([*grey, blue])
    assert [(g.cause, g.occurrences, len(g.pages)) for g in groups] == [
        ("colours #777777 on #ffffff", 5, 5), ("colours #5555ff on #ffffff", 1, 1)]


def test_axe_findings_group_by_failure_summary_with_numbers_left_out() -> None:
    def axe(summary: str, selector: str) -> Finding:
        return finding(rule="region", selector=selector, source=("axe",), axe=summary)
    same = [axe("Fix any of the following:\n  Some page content is not contained by landmarks (3 nodes)", s)
            for s in ("#a", "#b > p")]
    other = axe("Fix any of the following:\n  Element has no landmark parent", "#c")
    groups = group_findings([*same, other])
    assert [g.occurrences for g in groups] == [2, 1]
    assert "(N nodes)" in groups[0].cause
    assert cause_of(finding(rule="text-contrast", foreground="#777", background="#fff")) == "colours #777 on #fff"


def test_violations_and_findings_to_review_never_share_an_issue_and_order_is_by_impact_times_reach() -> None:
    review = finding(status="needs-review")
    minor_wide = [finding(page=f"http://site/{n}.html", rule="a-rule", impact="minor") for n in range(3)]
    critical_one = finding(rule="b-rule", impact="critical")
    serious_two = [finding(page=f"http://site/{n}.html", rule="c-rule") for n in range(2)]
    groups = group_findings([review, *minor_wide, critical_one, serious_two[0], serious_two[1]])
    assert [(g.rule, g.status) for g in groups] == [("c-rule", "violation"), ("b-rule", "violation"),
                                                   ("a-rule", "violation"), ("target-size", "needs-review")]
    assert group_of(review) != group_of(finding())


def test_an_issue_id_is_the_same_in_every_run_and_on_every_page() -> None:
    one = group_findings([finding(page="http://a/x.html", selector="#toc > li:nth-of-type(2) > a")])[0]
    two = group_findings([finding(page="http://b/y.html", selector="#toc > li:nth-of-type(9) > a")])[0]
    assert one.id == two.id and one.id.startswith("target-size~")


def test_a_baseline_accepts_a_whole_issue_and_nothing_else(tmp_path: Path) -> None:
    toc = [finding(selector=f"#toc > li:nth-of-type({n}) > a") for n in range(1, 4)]
    issue = group_of(toc[0])
    path = tmp_path / "baseline.json"
    accept(toc, path, reason="the table of contents is redesigned next quarter", issues=[issue],
           today=dt.date(2026, 12, 1))
    baseline = load_findings_baseline(path)
    assert list(baseline.issues) == [issue] and baseline.entries == {}
    later = [*toc, finding(page="http://site/new.html", selector="#toc > li:nth-of-type(7) > a"),
             finding(selector="#footer > a"), finding(selector="#toc > li:nth-of-type(2) > a", status="needs-review")]
    comparison = compare(later, baseline, today=dt.date(2026, 12, 2))
    assert len(comparison.still_present) == 4, "every occurrence of the accepted cause, on any page"
    assert [f.selector for f in comparison.new] == ["#footer > a", "#toc > li:nth-of-type(2) > a"]
    assert compare([], baseline).fixed_issues[0].issue == issue
    with pytest.raises(ConfigError, match="no such issue in these results: target-size~nope"):
        accept(toc, path, issues=["target-size~nope"])


@pytest.fixture
def large_report(tmp_path: Path) -> AuditReport:
    """5,000 occurrences on 50 pages, in 3 causes, every one with a box on a real screenshot."""
    shot = tmp_path / "page.png"
    Image.new("RGB", (1280, 4000), "white").save(shot)
    pages, findings = [], []
    for p in range(50):
        url = f"http://site/{p}.html"
        found = [finding(page=url, selector=f"#toc > li:nth-of-type({n}) > a") for n in range(90)]
        found += [finding(page=url, rule="text-contrast", selector=f"#p{n}", foreground="#767676",
                          background="#ffffff") for n in range(9)]
        found.append(finding(page=url, rule="region", selector="#main > div", source=("axe",),
                             axe="Some page content is not contained by landmarks"))
        pages.append(PageAudit(url=url, status="ok", findings=found, screenshot=str(shot)))
        findings += found
    return AuditReport(version="test", findings=findings, pages=pages)


def test_every_format_is_written_with_the_issues(large_report: AuditReport, tmp_path: Path) -> None:
    written = write_reports(large_report, ["json", "html", "sarif", "junit", "md"], tmp_path / "out")
    assert not written.failed
    data = json.loads(written["json"].read_text())
    assert len(data["findings"]) == 5000, "every occurrence is kept"
    assert [(g["rule"], g["occurrences"], len(g["pages"])) for g in data["groups"]] == [
        ("target-size", 4500, 50), ("text-contrast", 450, 50), ("region", 50, 50)]
    results = json.loads(written["sarif"].read_text())["runs"][0]["results"]
    assert len(results) == 5000, "one SARIF result per occurrence"
    assert {r["partialFingerprints"]["uiagentIssue/v1"] for r in results} == {g["id"] for g in data["groups"]}
    summary = written["md"].read_text()
    assert "3 issue(s)" in summary and "| target-size | 2.5.8 | violation | serious | 4500 | 50 |" in summary
    suite = ET.parse(written["junit"]).getroot().find("testsuite")
    failure = next(c for c in suite.findall("testcase") if c.get("name") == "target-size").find("failure")
    assert "90 violation(s) in 1 issue(s)" in failure.get("message") and "... 70 more" in failure.text
    html = written["html"].read_text()
    assert html.count('class="group"') == 3
    assert html.count('class="finding"') == 1000 + 450 + 50, "an issue lists at most 1,000 occurrences"
    assert "3500 more occurrence(s) in findings.json" in html


def test_a_report_of_5000_occurrences_stays_under_10_mb(large_report: AuditReport, tmp_path: Path) -> None:
    path = write_reports(large_report, ["html"], tmp_path / "report.html")["html"]
    assert path.stat().st_size < 10_000_000
    assert path.read_text().count("data:image/jpeg") <= 3 * 3, "a few crops per issue, not one per occurrence"


def test_the_command_line_accepts_an_issue_by_its_id(tmp_path: Path) -> None:
    from .test_cli import uiagent

    toc = [finding(selector=f"#toc > li:nth-of-type({n}) > a") for n in range(1, 4)]
    results = tmp_path / "findings.json"
    results.write_text(AuditReport(version="test", findings=toc, pages=[]).model_dump_json())
    baseline = tmp_path / "baseline.json"
    done = uiagent("baseline", "accept", str(results), "--file", str(baseline), "--issue", group_of(toc[0]))
    assert done.returncode == 0 and "0 accepted finding(s) and 1 accepted issue(s)" in done.stderr, done.stderr
    wrong = uiagent("baseline", "accept", str(results), "--file", str(baseline), "--issue", "region~0000000000")
    assert wrong.returncode == 2 and "no such issue in these results: region~0000000000" in wrong.stderr
    diff = uiagent("baseline", "diff", str(results), "--file", str(baseline))
    assert diff.returncode == 0 and "0 new" in diff.stderr and "3 still present" in diff.stderr
