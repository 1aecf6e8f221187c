"""Reading saved audit results back: a results folder (pages.jsonl, possibly from an interrupted run) or a
findings JSON file."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from uiagent import __version__
from uiagent.audit.findings import AuditReport, PageAudit
from uiagent.errors import UiagentError

JOURNAL = "pages.jsonl"


class ResultsError(UiagentError):
    pass


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
        return AuditReport(version=__version__, findings=[f for p in pages for f in p.findings], pages=pages)
    if not path.exists():
        raise ResultsError(f"{path}: no such file or folder")
    if path.name == JOURNAL:
        return load_results(path.parent)
    try:
        return AuditReport.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, json.JSONDecodeError, UnicodeDecodeError, OSError) as error:
        raise ResultsError(f"{path}: not a uiagent findings JSON ({str(error).splitlines()[0]})") from None
