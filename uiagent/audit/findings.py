"""The findings contract every face and report reads (DESIGN.md, "Findings JSON")."""

from __future__ import annotations

import hashlib
import re
from typing import Any, Literal

from pydantic import BaseModel, Field

from uiagent.capture.models import Box

Source = Literal["axe", "pixel", "vlm"]
Status = Literal["violation", "needs-review", "pass"]
Impact = Literal["critical", "serious", "moderate", "minor"]
Agreement = Literal["both", "dom-only", "pixel-only", "vlm-only", "contradicts"]
IMPACT_WEIGHT = {"critical": 4, "serious": 3, "moderate": 2, "minor": 1, None: 1}


class Finding(BaseModel):
    id: str = ""
    page: str
    source: list[Source]
    rule: str
    wcag: list[str] = Field(default_factory=list, description="Success criteria such as '1.4.3'.")
    status: Status
    impact: Impact | None = None
    selector: str | None = None
    box: Box | None = Field(None, description="CSS px in the document.")
    message: str
    evidence: dict[str, Any] = Field(default_factory=dict)
    agreement: Agreement | None = None
    fingerprint: str = ""
    act: list[str] = Field(default_factory=list, description="The W3C ACT rule ids its rule implements.")

    def with_identity(self) -> Finding:
        """Fill `fingerprint` (stable across runs: page path, rule, element; not boxes or wording) and `id`."""
        page = re.sub(r"^https?://[^/]+", "", self.page) or "/"
        key = "|".join([page, self.rule, self.selector or "", ",".join(sorted(self.wcag))])
        fingerprint = hashlib.sha256(key.encode()).hexdigest()[:16]
        return self.model_copy(update={"fingerprint": fingerprint, "id": f"{self.rule}-{fingerprint[:8]}"})


class CheckRun(BaseModel):
    """What one check did on one page: so a report can say what was checked, and what could not be."""

    check: str
    status: Literal["ok", "error", "skipped"]
    seconds: float = 0.0
    detail: str = ""


class PageAudit(BaseModel):
    url: str = Field(description="The page as asked for (what --resume and reports key on).")
    final_url: str | None = Field(None, description="Where the page ended up, when a redirect or script moved it.")
    title: str = ""
    status: Literal["ok", "partial", "error", "skipped"]
    error: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    checks: list[CheckRun] = Field(default_factory=list)
    screenshot: str | None = Field(None, description="The full-page capture, kept only on request (keep_screenshots).")
    thumbnail: str | None = Field(None, description="A small image of the page's first screen.")
    warnings: list[str] = Field(default_factory=list, description="What may have affected the result: a page that "
                                "never settled, uncaught script errors, navigation the audit held back.")
    elements: int = 0
    seconds: float = 0.0


class FindingGroup(BaseModel):
    """One issue: the occurrences of a rule that share a cause, on every page they were found (uiagent.audit.groups)."""

    id: str
    rule: str
    status: Status
    impact: Impact | None = None
    wcag: list[str] = Field(default_factory=list)
    act: list[str] = Field(default_factory=list)
    cause: str = Field(description="What the occurrences share: a colour pair, axe's failure summary, a component.")
    message: str = Field(description="The first occurrence's message.")
    occurrences: int
    pages: list[str]
    fingerprints: list[str] = Field(description="Every occurrence's fingerprint, in the findings' order.")

    @property
    def reach(self) -> float:
        """Impact times the pages it reaches: the order a team should fix things in."""
        return IMPACT_WEIGHT[self.impact] * len(self.pages)


class AuditReport(BaseModel):
    """`uiagent audit --format json`: findings of all pages at the top, per-page data beside them."""

    tool: str = "uiagent"
    version: str
    wcag_level: str = "AA"
    findings: list[Finding]
    pages: list[PageAudit]
    usage: dict[str, Any] = Field(default_factory=dict)
    groups: list[FindingGroup] = Field(default_factory=list, description="The findings grouped into issues, "
                                       "violations first, then by impact times the pages they reach.")
    notes: list[str] = Field(default_factory=list, description="What the report lacks: shards missing or cut short "
                             "when outputs were merged, and the like.")
