"""A Markdown summary, for pull requests and for GitHub Actions' job summary ($GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

from collections import Counter

from uiagent.audit.findings import AuditReport

AGREEMENTS = ("both", "dom-only", "pixel-only", "vlm-only", "contradicts")


def to_markdown(report: AuditReport) -> str:
    open_findings = [f for f in report.findings if f.status != "pass"]
    statuses = Counter(f.status for f in open_findings)
    lines = ["## uiagent accessibility audit", "",
             f"{len(report.pages)} page(s), {statuses['violation']} violation(s), "
             f"{statuses['needs-review']} to review.", ""]
    errors = [p for p in report.pages if p.status == "error"]
    if errors:
        lines += ["**Pages that could not be audited:**", *[f"- {p.error}" for p in errors], ""]
    matrix: dict[str, Counter[str]] = {}
    for finding in open_findings:
        for criterion in finding.wcag or ["layout"]:
            matrix.setdefault(criterion, Counter())[finding.agreement or "dom-only"] += 1
    if matrix:
        lines += ["| criterion | " + " | ".join(AGREEMENTS) + " |", "|---|" + "---|" * len(AGREEMENTS)]
        for criterion in sorted(matrix):
            lines.append(f"| {criterion} | " + " | ".join(str(matrix[criterion][a]) for a in AGREEMENTS) + " |")
        lines.append("")
        lines += ["| page | rule | WCAG | status | judges | element |", "|---|---|---|---|---|---|"]
        for f in open_findings[:200]:
            lines.append(f"| {_cell(f.page)} | {f.rule} | {', '.join(f.wcag)} | {f.status} | {'+'.join(f.source)} | "
                         f"`{_cell(f.selector or '')}` |")
    if report.usage:
        lines += ["", f"Model: {report.usage.get('model_calls', 0)} call(s), estimated "
                      f"${report.usage.get('estimated_cost_usd', 0):.4f}."]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("`", "'")[:120]
