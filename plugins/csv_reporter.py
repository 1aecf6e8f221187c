"""A reporter plugin: findings as CSV for spreadsheets (`uiagent audit ... --format csv`). Loaded from the
project's plugins/ folder through uiagent's hook API."""

from __future__ import annotations

import csv
import io

from uiagent import AuditReport, hookimpl

COLUMNS = ("page", "rule", "wcag", "status", "impact", "source", "agreement", "selector", "message", "fingerprint")


def to_csv(report: AuditReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for finding in report.findings:
        row = finding.model_dump()
        writer.writerow([" ".join(row[c]) if isinstance(row[c], list) else (row[c] or "") for c in COLUMNS])
    return buffer.getvalue()


@hookimpl
def uiagent_reporters() -> dict:
    return {"csv": ("findings.csv", to_csv)}
