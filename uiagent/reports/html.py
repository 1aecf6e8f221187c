"""One self-contained HTML report that opens offline: the findings grouped into issues (uiagent.audit.groups),
each with annotated JPEG crops of its first occurrences and a table of all of them, the agreement matrix,
filters. Everything a page supplied (titles, text, alt, URLs) is escaped, and a Content-Security-
Policy allows no script but the report's own, so nothing a page put there can run."""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from PIL import Image

from uiagent.audit.evidence import annotated, crop_around
from uiagent.audit.findings import AuditReport, Finding, FindingGroup
from uiagent.audit.groups import by_issue, with_groups
from uiagent.audit.wcag import CRITERIA, understanding_url
from uiagent.capture.models import Box
from uiagent.reports.hints import fix_hint
from uiagent.reports.markdown import AGREEMENTS

SHOWN_EVIDENCE = ("settled", "verified", "axe", "text", "ocr_text", "reason", "covered", "crowded_by",
                  "scroll_width", "changed_pixels", "src", "alt")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")

# A report of a large site stays small enough to open at once: a few annotated crops per issue, within a budget
# for the whole report, and at most so many occurrence rows (findings.json keeps every occurrence).
CROPS_PER_ISSUE = 3
CROP_BUDGET_BYTES = 6_000_000
ROWS_PER_ISSUE = 1_000
ROWS_PER_REPORT = 20_000

FILTER_SCRIPT = """
const filters = ["wcag", "source", "status"].map((name) => [name, document.getElementById("filter-" + name)]);
function apply() {
  let shown = 0;
  for (const issue of document.querySelectorAll(".group")) {
    const visible = filters.every(([name, select]) => !select.value || issue.dataset[name].split(" ").includes(select.value));
    issue.classList.toggle("hidden", !visible);
    shown += visible;
  }
  document.getElementById("shown").textContent = shown + " issue(s) shown";
}
for (const [, select] of filters) select.addEventListener("change", apply);
apply();
"""

_environment = Environment(loader=PackageLoader("uiagent.reports", "templates"), autoescape=select_autoescape(["j2"]))


def to_html(report: AuditReport) -> str:
    report = with_groups(report)
    members = by_issue(report.findings)
    screenshots = _Screenshots({page.url: page.screenshot for page in report.pages})
    matrix: dict[str, Counter[str]] = {}
    for finding in report.findings:
        if finding.status != "pass":
            for criterion in finding.wcag or ["layout"]:
                matrix.setdefault(criterion, Counter())[finding.agreement or "dom-only"] += 1
    budget = _Budget(crop_bytes=CROP_BUDGET_BYTES, rows=ROWS_PER_REPORT)
    script_hash = "sha256-" + base64.b64encode(hashlib.sha256(FILTER_SCRIPT.encode()).digest()).decode()
    return _environment.get_template("report.html.j2").render(
        version=report.version, level=report.wcag_level, pages=report.pages, usage=report.usage or None,
        notes=report.notes,
        counts=Counter(f.status for f in report.findings), agreements=AGREEMENTS, matrix=sorted(matrix.items()),
        criteria=sorted({c for f in report.findings for c in f.wcag}),
        issue_count=sum(g.status != "pass" for g in report.groups),
        groups=[_issue(group, members.get(group.id, []), screenshots, budget) for group in report.groups],
        script=FILTER_SCRIPT, script_hash=script_hash,
    )


@dataclass
class _Budget:
    crop_bytes: int
    rows: int


def _issue(group: FindingGroup, occurrences: list[Finding], screenshots: _Screenshots, budget: _Budget) -> dict[str, Any]:
    first = occurrences[0] if occurrences else None
    evidence = first.evidence if first else {}
    colours = None
    if _HEX.match(str(evidence.get("foreground", ""))) and _HEX.match(str(evidence.get("background", ""))):
        colours = (evidence["foreground"], evidence["background"])  # validated: they go into style attributes
    crops: list[str] = []
    for finding in occurrences:
        if len(crops) == CROPS_PER_ISSUE or budget.crop_bytes <= 0:
            break
        crop = screenshots.crop(finding)
        if crop is not None:
            crops.append(crop)
            budget.crop_bytes -= len(crop)
    shown = occurrences[:max(0, min(ROWS_PER_ISSUE, budget.rows))]
    budget.rows -= len(shown)
    agreements = {f.agreement for f in occurrences if f.agreement}
    return {
        "group": group, "first": first, "crops": crops, "colours": colours, "hint": fix_hint(group.rule),
        "sources": sorted({s for f in occurrences for s in f.source}),
        "agreement": ", ".join(sorted(agreements)), "occurrences": shown, "left_out": len(occurrences) - len(shown),
        "links": {c: understanding_url(c) for c in group.wcag},
        "names": {c: CRITERIA.get(c, ("", ""))[0] for c in group.wcag},
        "evidence": [(k, str(evidence[k])[:300]) for k in SHOWN_EVIDENCE if k in evidence],
    }


class _Screenshots:
    """The crop the audit kept for a finding (uiagent.audit.evidence), or one cut now from a kept full-page capture."""

    def __init__(self, paths: dict[str, str | None]):
        self._paths = paths
        self._open: dict[str, Image.Image | None] = {}

    def crop(self, finding: Finding) -> str | None:
        kept = Path(str(finding.evidence.get("crop", "")))
        if kept.suffix == ".jpg" and kept.is_file():
            return base64.b64encode(kept.read_bytes()).decode("ascii")
        if finding.box is None:
            return None
        # A finding measured on another capture (another viewport, in `uiagent explore`) names it.
        image = self._image(finding.evidence.get("screenshot") or self._paths.get(finding.page))
        region = None if image is None else crop_around(finding.box, Box(x=0, y=0, width=image.width, height=image.height))
        if image is None or region is None:
            return None
        rectangle = (int(region.x), int(region.y), int(region.right), int(region.bottom))
        return base64.b64encode(annotated(image.crop(rectangle), region, finding.box)).decode("ascii")

    def _image(self, path: str | None) -> Image.Image | None:
        if not path:
            return None
        if path not in self._open:
            self._open[path] = Image.open(path).convert("RGB") if Path(path).exists() else None
        return self._open[path]
