"""The state of one pytest run (one per xdist worker): settings, judges, records. The plugin's hooks delegate here."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from uiagent.assertions import AssertionContext, AssertionRecord, Policy
from uiagent.baselines import (
    as_selectors,
    match_level,
    safe_part,
)
from uiagent.config import Settings, load_settings
from uiagent.journal import append_record
from uiagent.vlm import JudgeSession
from uiagent.wiring import assertion_context, open_judge

SESSION = pytest.StashKey["PytestSession"]()  # on the config: the run's state
CONTEXT = pytest.StashKey[AssertionContext]()  # on a test item: its assertion context, made by its first fixture

# option name -> Settings field; each is also an ini key "uiagent_<name>"
SETTING_OPTIONS = {
    "provider": "provider", "cache_mode": "cache_mode", "votes": "votes",
    "budget_run_usd": "budget_run_usd", "budget_run_tokens": "budget_run_tokens",
    "budget_test_usd": "budget_test_usd", "budget_test_tokens": "budget_test_tokens",
    "chromium": "chromium", "browser_ws": "browser_ws_endpoint",
}
MARKER_KEYS = {"provider", "votes", "uncertain", "soft", "budget_usd", "budget_tokens", "threshold", "cache_mode",
               "match", "ignore", "dynamic"}


def option(config: pytest.Config, name: str) -> Any:
    value = config.getoption(f"uiagent_{name}", default=None)
    if value in (None, False):
        ini = config.getini(f"uiagent_{name}")
        value = ini if ini not in ("", None, []) else value
    return value


class PytestSession:
    def __init__(self, config: pytest.Config):
        self.config = config
        overrides = {field: option(config, name) for name, field in SETTING_OPTIONS.items()}
        self.settings = load_settings(**overrides)
        if not self.settings.cache_path.is_absolute():
            self.settings = self.settings.model_copy(update={"cache_path": config.rootpath / self.settings.cache_path})
        self.uncertain = option(config, "uncertain") or "fail"
        self.no_provider = option(config, "no_provider") or "skip"
        self.soft = _truthy(option(config, "soft"))
        self.update_baselines = bool(config.getoption("uiagent_update_baselines", default=False))
        self.output_dir = config.rootpath / (option(config, "output") or "uiagent-results")
        report = option(config, "report")
        self.report_path = (config.rootpath / report) if report else None
        self.records: list[AssertionRecord] = []
        self._judges: dict[str, JudgeSession] = {}
        self._lock = threading.Lock()

    def judge(self, provider: str | None) -> JudgeSession | None:
        """The judge for a provider selector (one per selector for the whole run), or None if none is set."""
        if not provider:
            return None
        with self._lock:
            if provider not in self._judges:
                judge = open_judge(self.settings.model_copy(update={"provider": provider}), check=False)
                assert judge is not None  # (a provider is set)
                self._judges[provider] = judge
            return self._judges[provider]

    def context(self, item: pytest.Item, provider: str | None) -> AssertionContext:
        marker = item.get_closest_marker("uiagent")
        overrides = dict(marker.kwargs) if marker else {}
        unknown = set(overrides) - MARKER_KEYS
        if unknown:
            raise pytest.UsageError(f"{item.nodeid}: unknown uiagent marker option(s) {sorted(unknown)}; "
                                    f"known: {sorted(MARKER_KEYS)}")
        settings = self.settings
        if "cache_mode" in overrides:
            settings = settings.model_copy(update={"cache_mode": overrides["cache_mode"]})
        judge = self.judge(overrides.get("provider", provider))
        budget = None
        if judge is not None and ("budget_usd" in overrides or "budget_tokens" in overrides):
            configured = judge.judge.test_budget().budget
            budget = configured.model_copy(update={
                "max_usd": overrides.get("budget_usd", configured.max_usd),
                "max_total_tokens": overrides.get("budget_tokens", configured.max_total_tokens)})
        policy = Policy(uncertain=overrides.get("uncertain", self.uncertain),
                        soft=overrides.get("soft", self.soft), votes=overrides.get("votes"),
                        update_baselines=self.update_baselines,
                        baseline_threshold=overrides.get("threshold", Policy.baseline_threshold),
                        baseline_match=match_level(overrides.get("match", Policy.baseline_match)),
                        baseline_ignore=as_selectors(overrides.get("ignore")),
                        baseline_dynamic=as_selectors(overrides.get("dynamic")))
        return assertion_context(item.nodeid, settings, policy, self.output_dir / safe_part(item.nodeid),
                                 source=Path(str(item.path)), name=item.name, judge=judge, budget=budget,
                                 on_record=self.add_record)

    def add_record(self, record: AssertionRecord) -> None:
        with self._lock:
            self.records.append(record)
            if self.report_path:
                append_record(self.report_path, record)

    def close(self) -> None:
        for judge in self._judges.values():
            judge.close()
        self._judges.clear()


def figures(records: list[AssertionRecord]) -> dict[str, Any]:
    outcomes = Counter(r.outcome for r in records)
    baselines = Counter(r.baseline_mode for r in records if r.kind == "baseline")
    return {
        "assertions": len(records), "pass": outcomes["pass"], "fail": outcomes["fail"],
        "uncertain": outcomes["uncertain"], "baselines": dict(baselines),
        "cache_hits": sum(r.cached for r in records), "model_calls": sum(r.calls for r in records),
        "tokens_in": sum(r.tokens_in for r in records), "tokens_out": sum(r.tokens_out for r in records),
        "estimated_cost_usd": round(sum(r.estimated_cost_usd for r in records), 6),
        "model_s": round(sum(r.model_ms for r in records) / 1000, 2),
    }


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true", "yes", "on")


__all__ = ["PytestSession", "Settings", "figures"]
