"""Saved audit results: a results folder (pages.jsonl, possibly from an interrupted run, and run.json, what the
run was: version, options, shard, whether it finished) or a findings JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from uiagent import __version__
from uiagent.audit.findings import AuditReport, PageAudit
from uiagent.errors import ResultsError

JOURNAL = "pages.jsonl"
MANIFEST = "run.json"


class RunManifest(BaseModel):
    """What an audit run was, beside its results, so that outputs can be merged only with their likes."""

    tool: str = "uiagent audit"
    version: str = __version__
    options: dict[str, Any] = Field(default_factory=dict, description="What changes the findings: level, best "
                                    "practices, axe's colour rules, viewport, checks skipped.")
    shard: str | None = Field(None, description="i/n when the run was one shard of several.")
    targets: int = Field(0, description="Pages this run (or shard) set out to audit.")
    complete: bool = Field(False, description="The run ended: not interrupted, not still running.")
    usage: dict[str, Any] = Field(default_factory=dict, description="Model usage of the run.")


def write_manifest(folder: Path, manifest: RunManifest) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_text(manifest.model_dump_json(indent=1), encoding="utf-8")


def record_usage(folder: Path, usage: dict[str, Any]) -> None:
    """The run's model usage, added to its run.json (which the merge of shards sums)."""
    manifest = read_manifest(folder)
    if manifest is not None:
        write_manifest(folder, manifest.model_copy(update={"usage": usage}))


def read_manifest(folder: Path) -> RunManifest | None:
    """The folder's run.json, or None when it has none (or an unreadable one)."""
    try:
        return RunManifest.model_validate_json((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValidationError):
        return None


def read_journal(path: Path) -> list[PageAudit]:
    """Every complete line of a pages.jsonl; a last line cut off by a crash is ignored, not fatal."""
    pages = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ResultsError(f"{path}: cannot be read as a results journal ({error})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            pages.append(PageAudit.model_validate_json(line))
        except ValidationError as error:
            if number == len(lines):
                break  # the line being written when the run stopped
            raise ResultsError(f"{path}:{number}: not a page result ({error.errors()[0]['msg']})") from None
    return pages


def load_results(path: Path) -> AuditReport:
    if path.is_dir():
        journal = path / JOURNAL
        if not journal.exists():
            raise ResultsError(f"{path}: no {JOURNAL} here; pass the folder an audit wrote, or its findings JSON")
        pages = read_journal(journal)
        manifest = read_manifest(path)
        return AuditReport(version=manifest.version if manifest else __version__,
                           wcag_level=str(manifest.options.get("level", "AA")) if manifest else "AA",
                           findings=[f for p in pages for f in p.findings], pages=pages,
                           usage=manifest.usage if manifest else {})
    if not path.exists():
        raise ResultsError(f"{path}: no such file or folder")
    if path.name == JOURNAL:
        return load_results(path.parent)
    try:
        return AuditReport.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, json.JSONDecodeError, UnicodeDecodeError, OSError) as error:
        raise ResultsError(f"{path}: not a uiagent findings JSON ({str(error).splitlines()[0]})") from None
