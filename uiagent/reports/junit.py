"""JUnit XML: a test suite per page, a test case per check or axe rule; violations are failures, summarized by
issue (uiagent.audit.groups): each cause once, with the elements it affects."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from uiagent.audit.findings import AuditReport
from uiagent.audit.groups import by_issue, cause_of

OCCURRENCES_LISTED = 20


def to_junit(report: AuditReport) -> str:
    suites = ET.Element("testsuites", name="uiagent accessibility audit")
    for page in report.pages:
        suite = ET.SubElement(suites, "testsuite", name=page.url)
        if page.status in ("error", "skipped"):
            case = ET.SubElement(suite, "testcase", classname=page.url, name="load")
            ET.SubElement(case, page.status, message=page.error or "page failed").text = page.error
            _count(suite)
            continue
        by_rule: dict[str, list] = {}
        for finding in page.findings:
            by_rule.setdefault(finding.rule, []).append(finding)
        names = [run.check for run in page.checks] + [rule for rule in by_rule if rule not in
                                                       {run.check for run in page.checks}]
        for name in names:
            case = ET.SubElement(suite, "testcase", classname=page.url, name=name)
            run = next((r for r in page.checks if r.check == name), None)
            if run is not None:
                case.set("time", f"{run.seconds:.3f}")
                if run.status == "error":
                    ET.SubElement(case, "error", message=run.detail[:200]).text = run.detail
                elif run.status == "skipped":
                    ET.SubElement(case, "skipped", message=run.detail)
            violations = [f for f in by_rule.get(name, []) if f.status == "violation"]
            if name == "axe":  # axe's findings get test cases of their own, one per rule
                continue
            if violations:
                issues = by_issue(violations)
                failure = ET.SubElement(case, "failure", message=f"{len(violations)} violation(s) in {len(issues)} "
                                        f"issue(s): {violations[0].message}"[:300])
                failure.text = "\n".join(
                    f"{len(found)} x {cause_of(found[0])}: {found[0].message}\n" +
                    "".join(f"  {f.selector}\n" for f in found[:OCCURRENCES_LISTED]) +
                    (f"  ... {len(found) - OCCURRENCES_LISTED} more\n" if len(found) > OCCURRENCES_LISTED else "")
                    for found in issues.values())
            reviews = [f for f in by_rule.get(name, []) if f.status == "needs-review"]
            if reviews:
                ET.SubElement(case, "system-out").text = "\n".join(f"needs review: {f.selector}: {f.message}"
                                                                   for f in reviews)
        if page.warnings:  # after the test cases, where the JUnit schema puts a suite's output
            ET.SubElement(suite, "system-out").text = "\n".join(f"warning: {w}" for w in page.warnings)
        _count(suite)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def _count(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(c.find("failure") is not None for c in cases)))
    suite.set("errors", str(sum(c.find("error") is not None for c in cases)))
    suite.set("skipped", str(sum(c.find("skipped") is not None for c in cases)))
