"""A Markdown summary, for pull requests and for GitHub Actions' job summary ($GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

import html
import re
from collections import Counter

from uiagent.audit.findings import AuditReport
from uiagent.audit.groups import with_groups

AGREEMENTS = ("both", "dom-only", "pixel-only", "vlm-only", "contradicts")
ISSUES_SHOWN = 100


def to_markdown(report: AuditReport) -> str:
    open_findings = [f for f in report.findings if f.status != "pass"]
    statuses = Counter(f.status for f in open_findings)
    lines = ["## uiagent accessibility audit", "",
             f"{len(report.pages)} page(s), {statuses['violation']} violation(s), "
             f"{statuses['needs-review']} to review.", ""]
    if report.notes:
        lines += ["**This report is partial:**", *[f"- {_cell(note, 400)}" for note in report.notes], ""]
    errors = [p for p in report.pages if p.status == "error"]
    if errors:
        lines += ["**Pages that could not be audited:**", *[f"- {_cell(p.error or p.url, 400)}" for p in errors], ""]
    warned = [p for p in report.pages if p.warnings]
    if warned:
        lines += ["**Pages audited with warnings:**",
                  *[f"- {_cell(p.url)}: {_cell('; '.join(p.warnings), 400)}" for p in warned], ""]
    matrix: dict[str, Counter[str]] = {}
    for finding in open_findings:
        for criterion in finding.wcag or ["layout"]:
            matrix.setdefault(criterion, Counter())[finding.agreement or "dom-only"] += 1
    if matrix:
        lines += ["| criterion | " + " | ".join(AGREEMENTS) + " |", "|---|" + "---|" * len(AGREEMENTS)]
        for criterion in sorted(matrix):
            lines.append(f"| {criterion} | " + " | ".join(str(matrix[criterion][a]) for a in AGREEMENTS) + " |")
        lines.append("")
        issues = [g for g in with_groups(report).groups if g.status != "pass"]
        lines += [f"{len(issues)} issue(s): findings that share a rule and a cause.", "",
                  "| rule | WCAG | status | impact | occurrences | pages | cause | first element |",
                  "|---|---|---|---|---|---|---|---|"]
        first = {f.fingerprint: f for f in reversed(open_findings)}
        for g in issues[:ISSUES_SHOWN]:
            element = first[g.fingerprints[0]].selector if g.fingerprints[0] in first else None
            lines.append(f"| {_cell(g.rule)} | {', '.join(g.wcag)} | {g.status} | {g.impact or ''} | {g.occurrences} | "
                         f"{len(g.pages)} | {_cell(g.cause)} | {_cell(element or '')} |")
        if len(issues) > ISSUES_SHOWN:
            lines.append(f"\n{len(issues) - ISSUES_SHOWN} more issue(s) in findings.json.")
    if report.usage:
        lines += ["", f"Model: {report.usage.get('model_calls', 0)} call(s), estimated "
                      f"${report.usage.get('estimated_cost_usd', 0):.4f}."]
    return "\n".join(lines) + "\n"


def _cell(text: str, limit: int = 120) -> str:
    """Page text, URLs and selectors are hostile input: HTML-escaped (GitHub renders HTML in Markdown) and with
    Markdown's own markup characters escaped, on one line."""
    flat = " ".join(text.split())[:limit]
    return re.sub(r"([\\`*_\[\]|#~])", r"\\\1", html.escape(flat, quote=False))
