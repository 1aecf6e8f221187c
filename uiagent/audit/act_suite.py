"""The W3C ACT rules test cases as a conformance suite: the cases, each case's outcome from an audit, W3C's rating
of an implementation per rule, and the EARL report W3C's implementation pages take.

An audit finding belongs to an ACT rule when its check (or axe rule) declares that rule's id (`Finding.act`).
For one rule, a case's outcome is `failed` when a violation belongs to the rule, `cantTell` when only a
needs-review finding does, and `passed` otherwise; a page that could not be audited is `untested`.

The rating follows W3C's implementation mapper (act-rules/act-tools, "Understanding ACT consistency"):
- inconsistent: a passed or inapplicable case failed (a false positive), or nothing below applies;
- complete: no false positive, every case has an outcome, every failed case is failed or cannot-tell, and at
  least one failed case is failed;
- partial: no false positive, some failed case failed, but not complete;
- minimal: no false positive and no failed case failed, but some case is cannot-tell and every inapplicable
  case passed or was inapplicable (a rule only a person can finish, such as axe's bypass).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from playwright.sync_api import Browser
from pydantic import BaseModel, ValidationError

from uiagent.audit.findings import Finding, PageAudit
from uiagent.audit.wcag import criterion_slug
from uiagent.config import Settings
from uiagent.errors import ActSuiteError

Expected = Literal["passed", "failed", "inapplicable"]
Outcome = Literal["passed", "failed", "cantTell", "inapplicable", "untested"]
Rating = Literal["complete", "partial", "minimal", "inconsistent", "untested"]

if TYPE_CHECKING:
    from uiagent.audit.run import AuditOptions

TESTCASES_JSON = Path("WAI/content-assets/wcag-act-rules/testcases.json")


class ActCase(BaseModel):
    rule_id: str
    rule_name: str
    testcase_id: str
    title: str
    expected: Expected
    relative_path: str
    url: str
    approved: bool
    requirements: list[str]  # WCAG success criteria the rule maps to, e.g. "1.4.3"

    @property
    def path(self) -> str:
        """The case's path under the served folder."""
        return f"/{TESTCASES_JSON.parent.as_posix()}/{self.relative_path}"


def load_suite(folder: Path) -> list[ActCase]:
    """The test cases listed in `folder`'s testcases.json (the folder W3C publishes as its web root)."""
    listing = folder / TESTCASES_JSON
    if not listing.is_file():
        raise ActSuiteError(f"no ACT test cases at {folder}: {TESTCASES_JSON} is missing (point --testcases or "
                            "UIAGENT_ACT_DIR at a copy of W3C's wcag-act-rules content-assets folder)")
    try:
        raw = json.loads(listing.read_text(encoding="utf-8"))
        return [_case(entry) for entry in raw["testcases"]]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValidationError) as error:
        raise ActSuiteError(f"{listing}: not a readable ACT testcases.json ({type(error).__name__}: "
                            f"{str(error).splitlines()[0] if str(error) else ''})") from error


def _case(entry: dict[str, Any]) -> ActCase:
    requirements = sorted({match.group(1) for key, value in (entry.get("ruleAccessibilityRequirements") or {}).items()
                           if (match := re.fullmatch(r"wcag2\d:(\d+\.\d+\.\d+)", key)) and "secondary" not in value})
    return ActCase(rule_id=entry["ruleId"], rule_name=entry["ruleName"], testcase_id=entry["testcaseId"],
                    title=entry["testcaseTitle"], expected=entry["expected"], relative_path=entry["relativePath"],
                    url=entry["url"], approved=bool(entry.get("approved")), requirements=requirements)


def case_outcome(findings: Iterable[Finding] | None, case: ActCase, by: Literal["act", "criterion"] = "act") -> Outcome:
    """The outcome an audit gives the case's rule; None findings: the page could not be audited. `by="criterion"`
    counts every finding that names one of the rule's success criteria (a coarser mapping, for tools or versions
    whose findings carry no ACT ids)."""
    if findings is None:
        return "untested"
    if by == "criterion":
        statuses = {f.status for f in findings if set(f.wcag) & set(case.requirements)}
    else:
        statuses = {f.status for f in findings if case.rule_id in f.act}
    if "violation" in statuses:
        return "failed"
    return "cantTell" if "needs-review" in statuses else "passed"


class RuleResult(BaseModel):
    rule_id: str
    rule_name: str
    approved: bool
    rating: Rating
    cases: int
    failed_cases: int
    detected: int  # failed cases reported failed
    cannot_tell: int  # failed cases reported cantTell
    missed: int  # failed cases reported passed
    false_positives: int  # passed or inapplicable cases reported failed
    untested: int
    false_positive_cases: list[str] = []
    missed_cases: list[str] = []


def rate_rule(results: list[tuple[ActCase, Outcome]]) -> RuleResult:
    """W3C's rating of one implementation of one rule from its outcomes on the rule's cases."""
    case = results[0][0]
    failed = [(c, o) for c, o in results if c.expected == "failed"]
    false_positives = [c for c, o in results if c.expected != "failed" and o == "failed"]
    detected = sum(o == "failed" for _, o in failed)
    untested = sum(o == "untested" for _, o in results)
    missed = [c for c, o in failed if o in ("passed", "inapplicable")]
    if untested == len(results):
        rating: Rating = "untested"
    elif false_positives:
        rating = "inconsistent"
    elif detected and not untested and not missed:
        rating = "complete"
    elif detected:
        rating = "partial"
    elif any(o == "cantTell" for _, o in results) and all(o in ("passed", "inapplicable", "untested")
                                                           for c, o in results if c.expected == "inapplicable"):
        rating = "minimal"
    else:
        rating = "inconsistent"
    return RuleResult(rule_id=case.rule_id, rule_name=case.rule_name, approved=case.approved, rating=rating,
                      cases=len(results), failed_cases=len(failed), detected=detected,
                      cannot_tell=sum(o == "cantTell" for _, o in failed), missed=len(missed),
                      false_positives=len(false_positives), untested=untested,
                      false_positive_cases=[f"{c.title} ({c.testcase_id[:8]})" for c in false_positives],
                      missed_cases=[f"{c.title} ({c.testcase_id[:8]})" for c in missed])


EARL_CONTEXT: dict[str, Any] = {
    "@vocab": "http://www.w3.org/ns/earl#", "earl": "http://www.w3.org/ns/earl#", "WCAG": "https://www.w3.org/TR/WCAG/#",
    "dct": "http://purl.org/dc/terms/", "sch": "https://schema.org/", "doap": "http://usefulinc.com/ns/doap#",
    "foaf": "http://xmlns.com/foaf/spec/#", "WebPage": "sch:WebPage", "source": {"@id": "dct:source", "@type": "@id"},
    "title": "dct:title", "description": "dct:description", "isPartOf": {"@id": "dct:isPartOf", "@type": "@id"},
    "assertedBy": {"@id": "earl:assertedBy", "@type": "@id"}, "outcome": {"@id": "earl:outcome", "@type": "@id"},
    "mode": {"@id": "earl:mode", "@type": "@id"}, "assertions": {"@reverse": "earl:subject"},
    "name": "doap:name", "release": "doap:release", "revision": "doap:revision", "vendor": "doap:vendor",
}


def earl_report(outcomes: list[tuple[ActCase, Outcome]], procedures: dict[str, list[str]], version: str) -> dict[str, Any]:
    """An EARL JSON-LD report: one test subject per case, one assertion for the case's rule, whose test is named
    after the checks and axe rules (`procedures[rule_id]`) that implement it."""
    assertor = {"@id": "_:uiagent", "@type": ["earl:Assertor", "earl:Software", "doap:Project"],
                "name": "uiagent", "release": {"revision": version}}
    graph = []
    for case, outcome in outcomes:
        names = procedures.get(case.rule_id) or [f"uiagent-{case.rule_id}"]
        graph.append({
            "@type": ["earl:TestSubject", "WebPage"], "source": case.url, "title": f"{case.rule_name}: {case.title}",
            "assertions": [{
                "@type": "earl:Assertion", "assertedBy": assertor["@id"], "mode": "earl:automatic",
                "test": {"@type": "earl:TestCase", "title": "+".join(names),
                         "isPartOf": [f"WCAG:{criterion_slug(sc)}" for sc in case.requirements]},
                "result": {"@type": "earl:TestResult", "outcome": f"earl:{outcome}"},
            }],
        })
    return {"@context": EARL_CONTEXT, "@graph": [assertor, *graph]}


def audit_cases(cases: list[ActCase], folder: Path, options: AuditOptions, settings: Settings,
                browser: Browser | None = None,
                on_case: Callable[[ActCase, PageAudit], None] | None = None) -> list[tuple[ActCase, PageAudit]]:
    """Audit every case as `uiagent audit` audits a page (`audit_targets`, one fresh context per page), with
    `folder` served on 127.0.0.1 as the web root its pages expect."""
    from uiagent.audit.run import audit_targets
    from uiagent.demo.server import SiteServer

    pending = iter(cases)  # pages come back in the order of their cases

    def done(page: PageAudit) -> None:
        case = next(pending)
        if on_case is not None:
            on_case(case, page)

    with SiteServer(folder) as site, tempfile.TemporaryDirectory(prefix="uiagent-act-") as scratch:
        report = audit_targets([site.url(case.path) for case in cases], settings, options, Path(scratch),
                               on_page=done, browser=browser)
    return list(zip(cases, report.pages, strict=True))


def case_findings(page: PageAudit) -> list[Finding] | None:
    """A case page's findings, or None when it could not be audited (it failed to load, or the audit failed)."""
    return None if page.status == "error" else page.findings
