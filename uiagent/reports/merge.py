"""Merging the outputs of a run's shards (`uiagent report merge DIR... -o OUT`) into one report.

Pages are counted once (a page in two outputs keeps its best result: audited over failed), findings are
deduplicated by fingerprint, model usage is summed. Outputs of different uiagent versions or options would not
add up to one run: that is an error naming them, unless the caller allows it (then the report says so). A
folder that is missing, holds no results, or whose run did not end is named in the report's notes, and what
there is is merged: the report is then partial.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from uiagent import __version__
from uiagent.audit.findings import AuditReport, Finding, PageAudit
from uiagent.errors import MergeMismatch, UiagentError
from uiagent.explore.models import ExploreReport
from uiagent.reports.results import JOURNAL, ResultsError, RunManifest, read_journal, read_manifest

EXPLORE_REPORT = "explore.json"

PAGE_PREFERENCE = {"ok": 0, "partial": 1, "skipped": 2, "error": 3}


def merge_outputs(folders: list[Path], allow_mismatch: bool = False) -> AuditReport:
    notes: list[str] = []
    outputs: list[tuple[Path, RunManifest | None, list[PageAudit]]] = []
    for folder in folders:
        if not folder.is_dir():
            notes.append(f"{folder}: not found; its pages are missing")
            continue
        try:
            pages = _pages_of(folder)
        except UiagentError as error:
            notes.append(f"{error}; its pages are missing")
            continue
        manifest = read_manifest(folder)
        if manifest is None:
            notes.append(f"{folder}: no run.json, so neither its version nor its options are known")
        elif not manifest.complete or len(pages) < manifest.targets:
            notes.append(f"{folder}: the run did not end ({len(pages)} of {manifest.targets} page(s)); merged as is")
        outputs.append((folder, manifest, pages))
    manifests = [(folder, manifest) for folder, manifest, _ in outputs if manifest is not None]
    mismatch = _mismatch(manifests)
    if mismatch:
        if not allow_mismatch:
            raise MergeMismatch(f"these outputs are not of one run: {mismatch} (merge them anyway with "
                                "--allow-mismatch)")
        notes.append(f"merged outputs of different runs: {mismatch}")
    notes += _missing_shards([manifest for _, manifest in manifests])
    pages = _pages_once([page for _, _, found in outputs for page in found])
    first = manifests[0][1] if manifests else None
    return AuditReport(version=first.version if first else __version__,
                       wcag_level=str(first.options.get("level", "AA")) if first else "AA",
                       findings=_once([f for page in pages for f in page.findings]), pages=pages,
                       usage=_summed([manifest.usage for _, manifest in manifests]), notes=notes)


def _pages_of(folder: Path) -> list[PageAudit]:
    """An audit's journal, or an exploration's explore.json (written when it ended)."""
    if (folder / EXPLORE_REPORT).exists():
        try:
            explored = ExploreReport.model_validate_json((folder / EXPLORE_REPORT).read_text(encoding="utf-8"))
        except (ValidationError, OSError, UnicodeDecodeError) as error:
            raise ResultsError(f"{folder / EXPLORE_REPORT}: not an exploration's results "
                               f"({str(error).splitlines()[0]})") from None
        return explored.as_audit_report().pages
    if not (folder / JOURNAL).exists():
        raise ResultsError(f"{folder}: no {JOURNAL} or {EXPLORE_REPORT} (neither an audit nor an exploration ran "
                           "there)")
    return read_journal(folder / JOURNAL)


def _mismatch(manifests: list[tuple[Path, RunManifest]]) -> str:
    for field in ("version", "options"):
        values = {str(getattr(manifest, field)): folder for folder, manifest in manifests}
        if len(values) > 1:
            return f"{field} differs: " + "; ".join(f"{value} in {folder}" for value, folder in values.items())
    return ""


def _missing_shards(manifests: list[RunManifest]) -> list[str]:
    shards = [manifest.shard for manifest in manifests if manifest.shard]
    if not shards:
        return []
    totals = {shard.split("/")[1] for shard in shards}
    if len(totals) > 1:
        return [f"shards of different splits: {', '.join(sorted(shards))}"]
    total = int(totals.pop())
    have = Counter(int(shard.split("/")[0]) for shard in shards)
    missing = [f"{index}/{total}" for index in range(1, total + 1) if index not in have]
    twice = [f"{index}/{total}" for index, count in have.items() if count > 1]
    return ([f"shard(s) {', '.join(missing)} missing: their pages are not in this report"] if missing else []) + \
           ([f"shard(s) {', '.join(twice)} given more than once (their pages are counted once)"] if twice else [])


def _pages_once(pages: list[PageAudit]) -> list[PageAudit]:
    best: dict[str, PageAudit] = {}
    for page in pages:
        kept = best.get(page.url)
        if kept is None or PAGE_PREFERENCE[page.status] < PAGE_PREFERENCE[kept.status]:
            best[page.url] = page
    return list(best.values())


def _once(findings: list[Finding]) -> list[Finding]:
    kept: dict[str, Finding] = {}
    for index, finding in enumerate(findings):
        kept.setdefault(finding.fingerprint or str(index), finding)
    return list(kept.values())


def _summed(usages: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {}
    for usage in usages:
        for key, value in usage.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                total[key] = total.get(key, 0) + value
            else:
                total.setdefault(key, value)
    return total
