"""The verdict cache: identical questions about identical pixels are answered from SQLite.

Safe with several processes (pytest-xdist workers): WAL journal, a busy timeout, one short transaction
per write. A corrupt file is set aside and a fresh one started, never trusted. A hit returns only a
verdict stored for that exact key, so no image without a stored verdict can ever pass from here.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from uiagent.vlm.verdict import Verdict

CacheMode = Literal["off", "read-write", "read-only", "refresh"]
SCHEMA_VERSION = 1


def normalize_question(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def cache_key(*, provider: str, model: str, template_version: str, question: str, image_hashes: list[str],
              preparation: dict[str, Any], endpoint: str = "") -> str:
    """`endpoint` is the base URL a provider was reached at: the same model name on another server (a proxy, a
    self-hosted model, the simulator) is another judge, whose answers are not this one's."""
    payload = json.dumps(
        {"provider": provider, "model": model, "endpoint": endpoint, "template": template_version,
         "question": normalize_question(question), "images": image_hashes, "preparation": preparation},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class CacheStats:
    path: str
    entries: int
    bytes: int
    oldest: float | None
    newest: float | None
    by_model: dict[str, int]


class VerdictCache:
    def __init__(self, path: Path, mode: CacheMode = "read-write"):
        self.path = Path(path)
        self.mode = mode
        self.set_aside: Path | None = None
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        if mode != "off":
            self._connection = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect_and_check()
        except sqlite3.DatabaseError as error:
            # Never trust a damaged cache: move it aside (kept for inspection) and start afresh.
            self.set_aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            self.path.rename(self.set_aside)
            for suffix in ("-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            connection = self._connect_and_check()
            self.corruption = str(error)
            return connection

    def _connect_and_check(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        try:
            connection.execute("PRAGMA busy_timeout = 30000")
            result = connection.execute("PRAGMA quick_check").fetchone()
            if result is None or result[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {result}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS verdicts (key TEXT PRIMARY KEY, verdict TEXT NOT NULL,"
                " provider TEXT NOT NULL, model TEXT NOT NULL, question TEXT NOT NULL, created REAL NOT NULL)"
            )
            connection.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            connection.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            version = connection.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()[0]
            if version != str(SCHEMA_VERSION):
                raise sqlite3.DatabaseError(f"unknown cache schema version {version}")
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    @property
    def reads(self) -> bool:
        return self.mode in ("read-write", "read-only")

    @property
    def writes(self) -> bool:
        return self.mode in ("read-write", "refresh")

    def get(self, key: str) -> Verdict | None:
        if not self.reads or self._connection is None:
            return None
        with self._lock:
            row = self._connection.execute("SELECT verdict FROM verdicts WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            verdict = Verdict.model_validate_json(row[0])
        except ValidationError:
            return None  # an unreadable entry is a miss, never a pass
        return verdict.model_copy(update={"cached": True})

    def put(self, key: str, verdict: Verdict, question: str) -> None:
        if not self.writes or self._connection is None or not verdict.judged:
            return
        stored = verdict.model_copy(update={"cached": False}).model_dump_json()
        with self._lock:
            self._connection.execute(
                "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?, ?)",
                (key, stored, verdict.provider, verdict.model, normalize_question(question), time.time()),
            )

    def stats(self) -> CacheStats:
        connection = self._connection or self._connect_and_check()
        count, oldest, newest = connection.execute("SELECT COUNT(*), MIN(created), MAX(created) FROM verdicts").fetchone()
        by_model = dict(connection.execute("SELECT provider || ':' || model, COUNT(*) FROM verdicts GROUP BY 1"))
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if ".corrupt-" not in p.name)
        return CacheStats(str(self.path), count, size, oldest, newest, by_model)

    def prune(self, older_than_s: float) -> int:
        connection = self._connection or self._connect_and_check()
        with self._lock:
            return connection.execute("DELETE FROM verdicts WHERE created < ?", (time.time() - older_than_s,)).rowcount

    def clear(self) -> int:
        connection = self._connection or self._connect_and_check()
        with self._lock:
            removed = connection.execute("DELETE FROM verdicts").rowcount
            connection.execute("VACUUM")
        return removed

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
