"""Budgets that stop a runaway run before the call that would overspend, and the ledger of what was used."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, Field, model_validator

from uiagent.errors import BudgetExceededError, ConfigError
from uiagent.journal import append_record


class Budget(BaseModel):
    """Limits for one scope (a run, or one test). None means no limit."""

    max_image_tokens: int | None = Field(None, ge=0)
    max_total_tokens: int | None = Field(None, ge=0)
    max_usd: float | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _no_zero(self) -> Budget:
        for name in ("max_image_tokens", "max_total_tokens", "max_usd"):
            if getattr(self, name) == 0:
                raise ConfigError(f"budget {name} = 0 would stop every model call; leave it unset for no limit")
        return self


@dataclass
class Spend:
    image_tokens: int = 0
    total_tokens: int = 0
    usd: float = 0.0

    def __add__(self, other: Spend) -> Spend:
        return Spend(self.image_tokens + other.image_tokens, self.total_tokens + other.total_tokens,
                     self.usd + other.usd)

    def __sub__(self, other: Spend) -> Spend:
        return Spend(self.image_tokens - other.image_tokens, self.total_tokens - other.total_tokens,
                     self.usd - other.usd)


@dataclass
class BudgetTracker:
    """Spend against one Budget. `reserve` before a call (estimate), `settle` after it (actual)."""

    scope: str
    budget: Budget
    spent: Spend = field(default_factory=Spend)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reserve(self, estimate: Spend, label: str) -> None:
        with self._lock:
            after = self.spent + estimate
            for name, used, limit, unit in (
                ("image tokens", after.image_tokens, self.budget.max_image_tokens, ""),
                ("total tokens", after.total_tokens, self.budget.max_total_tokens, ""),
                ("estimated cost", after.usd, self.budget.max_usd, "$"),
            ):
                if limit is not None and used > limit:
                    raise BudgetExceededError(
                        f"{label}: {self.scope} budget for {name} would be exceeded "
                        f"({unit}{used:,.4g} > {unit}{limit:,}); no further model calls in this {self.scope}"
                    )
            self.spent = after

    def settle(self, estimate: Spend, actual: Spend) -> None:
        with self._lock:
            self.spent = self.spent - estimate + actual


class UsageRecord(BaseModel):
    label: str
    provider: str
    model: str
    cached: bool
    outcome: str
    tokens_in: int
    tokens_out: int
    image_tokens_estimated: int
    estimated_cost_usd: float
    latency_ms: float
    attempts: int
    error: str | None = None


@dataclass
class UsageLedger:
    """Every model call and cache hit, in memory and (when a path is set) appended as JSON lines."""

    path: Path | None = None
    records: list[UsageRecord] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, record: UsageRecord) -> None:
        with self._lock:
            self.records.append(record)
            if self.path:
                append_record(self.path, record)

    def totals(self) -> dict[str, float]:
        with self._lock:
            calls = [r for r in self.records if not r.cached]
            return {
                "assertions": len(self.records),
                "cache_hits": sum(r.cached for r in self.records),
                "model_calls": sum(r.attempts for r in calls),
                "tokens_in": sum(r.tokens_in for r in calls),
                "tokens_out": sum(r.tokens_out for r in calls),
                "image_tokens_estimated": sum(r.image_tokens_estimated for r in calls),
                "estimated_cost_usd": round(sum(r.estimated_cost_usd for r in calls), 6),
                "model_wall_ms": round(sum(r.latency_ms for r in calls), 1),
            }

    @staticmethod
    def read(path: Path) -> list[UsageRecord]:
        return [UsageRecord.model_validate(json.loads(line)) for line in path.read_text().splitlines() if line.strip()]
