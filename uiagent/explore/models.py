"""What an exploration produces: per page (at each viewport) and for the whole crawl, ranked."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from uiagent.audit.findings import AuditReport, CheckRun, Finding, PageAudit


class ViewportShot(BaseModel):
    name: str
    width: int
    height: int
    screenshot: str | None = Field(None, description="The full-page capture, kept only on request (keep_screenshots).")
    thumbnail: str | None = Field(None, description="A small image of the first screen.")
    content_hash: str = ""
    perceptual_hash: str = ""
    warnings: list[str] = Field(default_factory=list)
    error: str | None = None


class ExploredPage(BaseModel):
    url: str
    depth: int = 0
    found_on: str | None = Field(None, description="The page whose link led here.")
    status: Literal["ok", "partial", "error", "duplicate", "skipped"]
    error: str | None = Field(None, description="Why the page failed or was skipped, naming it.")
    duplicate_of: str | None = None
    title: str = ""
    perceptual_hash: str = Field("", description="256-bit pHash of the desktop viewport, for near-duplicates.")
    viewports: list[ViewportShot] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    checks: list[CheckRun] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list, description="In-scope links found here (kept so --resume can go on).")
    score: float = Field(0.0, description="Sum of its findings' scores: how much this page needs attention.")
    seconds: float = 0.0


class Skipped(BaseModel):
    url: str
    reason: str


class ExploreReport(BaseModel):
    tool: str = "uiagent explore"
    version: str
    start: list[str]
    pages: list[ExploredPage] = Field(description="Ranked: the page most in need of attention first.")
    findings: list[Finding] = Field(description="Ranked across pages: highest score first.")
    skipped: list[Skipped] = Field(default_factory=list, description="URLs seen but not visited, and why.")
    limits_reached: list[str] = Field(default_factory=list)
    workers: int = 1
    seconds: float = 0.0
    usage: dict[str, Any] = Field(default_factory=dict)

    def as_audit_report(self) -> AuditReport:
        """The same results in the findings contract, so every audit report format can render them."""
        pages = [PageAudit(url=p.url, title=p.title, status=p.status, error=p.error, findings=p.findings,
                           checks=p.checks, seconds=p.seconds,
                           screenshot=next((v.screenshot for v in p.viewports if v.screenshot), None),
                           thumbnail=next((v.thumbnail for v in p.viewports if v.thumbnail), None))
                 for p in self.pages if p.status in ("ok", "partial", "error")]
        return AuditReport(version=self.version, findings=self.findings, pages=pages, usage=self.usage)
