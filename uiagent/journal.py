"""JSON-lines journals (pages.jsonl, the scenario and assertion results, the usage ledger): one record a line,
appended the moment it is done, so a run that is interrupted keeps everything that finished."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel


def append_record(path: Path, record: BaseModel) -> None:
    """Append `record` to the journal at `path` as one line of JSON (creating the folder and file if need be).
    Callers that write from several threads hold their own lock around it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as stream:
        stream.write(record.model_dump_json() + "\n")
