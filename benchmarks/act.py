"""The W3C ACT rules test cases as the audit's conformance suite, with axe alone beside it in the same run.

Serves the ACT folder on 127.0.0.1 (--testcases DIR, else UIAGENT_ACT_DIR, else ../shared/act-rules beside the
repository), audits every case as `uiagent audit --level AAA --best-practice` does, and maps findings to the
case's rule through the ACT ids each check and axe rule declares. Prints per rule: failed cases detected /
cannot tell / missed, false positives and W3C's rating (complete, partial, inconsistent); totals for the approved
and the proposed rules; the same for axe alone (axe as the project runs it, its colour rules included); pages
per minute. Writes an EARL JSON-LD report (--earl) and every figure as JSON (--json). Ends with one JSON line.

Run: .venv/bin/python benchmarks/act.py [--rules afw4f7,oj04fd] [--earl reports/act/earl.jsonld] [--no-axe]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from playwright.sync_api import Page

from uiagent import __version__
from uiagent.audit import AuditOptions
from uiagent.audit.act_suite import (
    ActSuiteError,
    Outcome,
    RuleResult,
    ActCase,
    audit_cases,
    case_findings,
    case_outcome,
    earl_report,
    load_suite,
    rate_rule,
)
from uiagent.audit.axe import axe_options, run_axe
from uiagent.audit.findings import Finding, PageAudit
from uiagent.browser import open_browser
from uiagent.config import Settings
from uiagent.demo.server import SiteServer
from uiagent.page_runner import for_each_page

DEFAULT_FOLDER = Path(__file__).resolve().parents[1].parent / "shared" / "act-rules"


def axe_alone(cases: list[ActCase], folder: Path, settings: Settings, audit: AuditOptions,
              browser) -> list[tuple[ActCase, PageAudit]]:  # type: ignore[no-untyped-def]
    """axe by itself on every case, with the rules the audit's axe would run and its colour rules too."""
    options = axe_options(audit.level, audit.best_practice)

    def visit(target: str, page: Page, url: str, script_errors: list[str]) -> PageAudit:
        return PageAudit(url=url, status="ok", findings=run_axe(page, options).findings)

    def failed(target: str, url: str | None, message: str, skipped: bool = False) -> PageAudit:
        return PageAudit(url=url or target, status="skipped" if skipped else "error", error=message)

    with SiteServer(folder) as site, tempfile.TemporaryDirectory(prefix="uiagent-act-axe-") as scratch:
        urls = [site.url(case.path) for case in cases]
        pages = for_each_page(urls, settings, Path(scratch) / "pages.jsonl", visit, failed, browser=browser)
    return list(zip(cases, pages, strict=True))


def rate(audited: list[tuple[ActCase, PageAudit]],
         by: str = "act") -> tuple[dict[str, RuleResult], list[tuple[ActCase, Outcome]]]:
    outcomes: list[tuple[ActCase, Outcome]] = [(case, case_outcome(case_findings(page), case, by))  # type: ignore[arg-type]
                                                for case, page in audited]
    by_rule: dict[str, list[tuple[ActCase, Outcome]]] = {}
    for case, outcome in outcomes:
        by_rule.setdefault(case.rule_id, []).append((case, outcome))
    return {rule: rate_rule(results) for rule, results in by_rule.items()}, outcomes


def implemented(findings_per_case: list[list[Finding]], declared: set[str]) -> set[str]:
    return declared | {act for findings in findings_per_case for f in findings for act in f.act}


def summary(results: dict[str, RuleResult], claimed: set[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for group, approved in (("approved", True), ("proposed", False)):
        rules = [r for r in results.values() if r.approved == approved]
        ratings = Counter(r.rating if r.rule_id in claimed else "untested" for r in rules)
        out[group] = {"rules": len(rules), **{k: ratings[k] for k in ("complete", "partial", "minimal", "inconsistent", "untested")},
                      "failed_cases": sum(r.failed_cases for r in rules),
                      "detected": sum(r.detected for r in rules if r.rule_id in claimed),
                      "cannot_tell": sum(r.cannot_tell for r in rules if r.rule_id in claimed),
                      "false_positives": sum(r.false_positives for r in rules)}
    return out


def print_table(title: str, results: dict[str, RuleResult], claimed: set[str]) -> None:
    print(f"\n{title}")
    print(f"{'rule':8} {'':2} {'rating':12} {'fail':>4} {'det':>4} {'ct':>3} {'miss':>4} {'FP':>3} {'err':>3}  name")
    for rule in sorted(results.values(), key=lambda r: (not r.approved, r.rule_id)):
        rating = rule.rating if rule.rule_id in claimed else "-"
        print(f"{rule.rule_id:8} {'A' if rule.approved else 'P':2} {rating:12} {rule.failed_cases:4} {rule.detected:4} "
              f"{rule.cannot_tell:3} {rule.missed:4} {rule.false_positives:3} {rule.untested:3}  {rule.rule_name[:60]}")
        for title_ in rule.false_positive_cases:
            print(f"{'':13} false positive: {title_}")
        if rule.rule_id in claimed:
            for title_ in rule.missed_cases:
                print(f"{'':13} missed: {title_}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--testcases", type=Path, default=None, help="The ACT folder (its WAI/ is the web root).")
    parser.add_argument("--rules", default="", help="Only these rule ids, comma-separated.")
    parser.add_argument("--earl", type=Path, default=None, help="Write the EARL JSON-LD report here.")
    parser.add_argument("--json", type=Path, default=None, help="Write every figure here.")
    parser.add_argument("--no-axe", action="store_true", help="Skip the axe-alone comparison.")
    parser.add_argument("--level", choices=("A", "AA", "AAA"), default="AAA", help="The audit's WCAG level.")
    parser.add_argument("--no-best-practice", action="store_true", help="Leave axe's best-practice rules out.")
    parser.add_argument("--map", choices=("act", "criterion"), default="act",
                        help="How findings map to a case's rule: their ACT ids (default), or any violation naming one "
                        "of the rule's success criteria (for versions whose findings carry no ACT ids).")
    parser.add_argument("--pages", type=Path, default=None,
                        help="Write each case with its audited page as JSON lines here (to rate it again otherwise).")
    arguments = parser.parse_args()
    folder = arguments.testcases or Path(os.environ.get("UIAGENT_ACT_DIR") or DEFAULT_FOLDER)
    try:
        cases = load_suite(folder)
    except ActSuiteError as error:
        print(f"act: {error}", file=sys.stderr)
        sys.exit(2)
    wanted = {r for r in arguments.rules.split(",") if r}
    cases = [c for c in cases if not wanted or c.rule_id in wanted]
    settings = Settings()
    options = AuditOptions(level=arguments.level, best_practice=not arguments.no_best_practice)
    count = 0

    def progress(case: ActCase, page: PageAudit) -> None:
        nonlocal count
        count += 1
        if page.status == "error":
            print(f"  error: {case.rule_id} {case.title}: {page.error}", file=sys.stderr, flush=True)
        if count % 50 == 0:
            print(f"  {count}/{len(cases)} cases", file=sys.stderr, flush=True)

    with open_browser(settings) as browser:
        started = time.perf_counter()
        audited = audit_cases(cases, folder, options, settings, browser=browser, on_case=progress)
        audit_s = time.perf_counter() - started
        if arguments.pages:
            arguments.pages.parent.mkdir(parents=True, exist_ok=True)
            with arguments.pages.open("w", encoding="utf-8") as stream:
                for case, page in audited:
                    stream.write(json.dumps({"case": case.model_dump(), "page": page.model_dump(mode="json")}) + "\n")
        axe = None
        if not arguments.no_axe:
            started = time.perf_counter()
            axe = axe_alone(cases, folder, settings, options, browser)
            axe_s = time.perf_counter() - started
    declared = {act for check in options.checks for act in getattr(check, "act", ())}
    results, outcomes = rate(audited, arguments.map)
    claimed = (implemented([page.findings for _, page in audited], declared) if arguments.map == "act"
               else {case.rule_id for case in cases})
    print_table(f"uiagent audit (--level {options.level}{' --best-practice' if options.best_practice else ''}, "
                f"findings mapped by {arguments.map})", results, claimed)
    figures: dict[str, object] = {"benchmark": "act", "cases": len(cases), "uiagent": summary(results, claimed),
                                  "pages_per_minute": round(len(cases) / audit_s * 60, 1),
                                  "errors": sum(page.status == "error" for _, page in audited)}
    if axe is not None:
        axe_results, _ = rate(axe, arguments.map)
        axe_claimed = (implemented([page.findings for _, page in axe], set()) if arguments.map == "act"
                       else {case.rule_id for case in cases})
        print_table("axe-core alone", axe_results, axe_claimed)
        figures["axe"] = summary(axe_results, axe_claimed)
        figures["axe_pages_per_minute"] = round(len(cases) / axe_s * 60, 1)
    for name in ("uiagent", "axe"):
        if name in figures:
            for group, row in figures[name].items():  # type: ignore[union-attr]
                print(f"{name:8} {group:9} " + ", ".join(f"{k} {v}" for k, v in row.items()))
    print(f"pages per minute: audit {figures['pages_per_minute']}"
          + (f", axe alone {figures['axe_pages_per_minute']}" if axe is not None else ""))
    if arguments.earl:
        procedures: dict[str, list[str]] = {}
        for check in options.checks:
            for act in check.act:
                procedures.setdefault(act, []).append(check.id)
        for _, page in audited:
            for finding in page.findings:
                for act in finding.act:
                    if finding.rule not in procedures.setdefault(act, []):
                        procedures[act].append(finding.rule)
        arguments.earl.parent.mkdir(parents=True, exist_ok=True)
        arguments.earl.write_text(json.dumps(earl_report(outcomes, procedures, __version__), indent=1))
    if arguments.json:
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        arguments.json.write_text(json.dumps({**figures, "rules": {k: v.model_dump() for k, v in results.items()}},
                                             indent=1))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
