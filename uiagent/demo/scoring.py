"""Scoring an audit of the demo site against its labels: each defect found by the check meant for it, and
nothing reported on the clean controls."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from uiagent.audit.findings import AuditReport
from uiagent.demo.labels import demo_pages


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    false_on_clean: int = 0
    missed: list[str] = field(default_factory=list)
    clean_findings: list[str] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        return self.found == self.expected and self.false_on_clean == 0


def score(report: AuditReport) -> Score:
    result = Score()
    by_path = {urlsplit(page.url).path.lstrip("/"): page for page in report.pages}
    for demo_page in demo_pages():
        page = by_path.get(demo_page.path)
        reported = [f for f in (page.findings if page else []) if f.status != "pass"]
        if demo_page.clean:
            result.false_on_clean += len(reported)
            result.clean_findings += [f"clean page {demo_page.path}: {f.rule} on {f.selector}" for f in reported]
            continue
        for defect in demo_page.defects:
            result.expected += 1
            # A check reports under its own id as rule (image-alt is axe's rule id, and the label's check).
            if any(f.rule == defect.check and f.selector == defect.selector for f in reported):
                result.found += 1
            else:
                result.missed.append(f"missed {defect.id} ({defect.check} on {defect.selector}) in {demo_page.path}")
    return result
