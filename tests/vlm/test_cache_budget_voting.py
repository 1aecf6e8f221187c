"""Verdict cache (modes, corruption, several processes), budgets, the usage ledger and voting."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from uiagent.errors import ConfigError
from uiagent.vlm import Budget, BudgetExceededError, CacheMissError, VerdictCache
from uiagent.vlm.simulator import VLMSimulator
from uiagent.vlm.verdict import Verdict

from .conftest import answer, fault, question, script, ui_image


def test_identical_question_and_pixels_are_answered_from_the_cache(simulator: VLMSimulator, make_session) -> None:
    simulator.reset(script(answer("pass")))
    session = make_session("anthropic")
    first = session.ask(question(session))
    again = session.ask(question(session))
    assert not first.cached and again.cached and again.outcome == "pass"
    assert len(simulator.requests) == 1
    # Whitespace in the question does not matter; different pixels or wording do.
    session.ask(question(session, "the   button is visible "))
    assert len(simulator.requests) == 1
    session.ask(question(session, image=ui_image(801, 600)))
    session.ask(question(session, "the button is hidden"))
    assert len(simulator.requests) == 3
    totals = session.judge.ledger.totals()
    assert totals["cache_hits"] == 2 and totals["model_calls"] == 3


def test_the_cache_is_shared_across_sessions_and_modes(simulator: VLMSimulator, make_session) -> None:
    simulator.reset(script(answer("fail")))
    make_session("openai").ask(question(make_session("openai")))
    assert len(simulator.requests) == 1

    read_only = make_session("openai", cache_mode="read-only")
    assert read_only.ask(question(read_only)).cached
    with pytest.raises(CacheMissError, match="test: the door is open.*read-only"):
        read_only.ask(question(read_only, "the door is open"))
    assert len(simulator.requests) == 1, "a read-only miss makes no call"

    refresh = make_session("openai", cache_mode="refresh")
    assert not refresh.ask(question(refresh)).cached
    off = make_session("openai", cache_mode="off")
    assert not off.ask(question(off)).cached
    assert len(simulator.requests) == 3


def test_faults_are_never_cached(simulator: VLMSimulator, make_session) -> None:
    simulator.reset(script(fault("server_error", times=4), answer("pass")))
    session = make_session("anthropic", max_retries=3)
    assert session.ask(question(session)).outcome == "uncertain"
    assert session.ask(question(session)).outcome == "pass", "the fault was not stored"


def test_a_corrupt_cache_file_is_set_aside_never_trusted(tmp_path: Path) -> None:
    path = tmp_path / "verdicts.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = VerdictCache(path)
    assert cache.set_aside is not None and cache.set_aside.exists()
    assert cache.get("anything") is None
    cache.put("k", Verdict(outcome="pass", confidence=1, reason="r"), "q")
    assert cache.get("k").outcome == "pass"


def test_an_unreadable_entry_is_a_miss_not_a_pass(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path / "v.sqlite")
    cache.put("k", Verdict(outcome="pass", confidence=1, reason="r"), "q")
    cache._connection.execute("UPDATE verdicts SET verdict = '{\"outcome\": \"pass\"'")
    assert cache.get("k") is None


WRITER = textwrap.dedent("""
    import sys
    from uiagent.vlm.cache import VerdictCache
    from uiagent.vlm.verdict import Verdict
    cache = VerdictCache(sys.argv[1])
    for i in range(300):
        cache.put(f"{sys.argv[2]}-{i}", Verdict(outcome="fail", confidence=0.5, reason=str(i)), f"question {i}")
""")


def test_two_processes_can_write_the_cache_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    VerdictCache(path).close()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name], stderr=subprocess.PIPE)
               for name in ("a", "b")]
    for writer in writers:
        assert writer.wait(timeout=60) == 0, writer.stderr.read().decode()
    stats = VerdictCache(path).stats()
    assert stats.entries == 600


def test_cache_stats_prune_and_clear(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path / "v.sqlite")
    for i in range(3):
        cache.put(f"k{i}", Verdict(outcome="pass", confidence=1, reason="r", provider="anthropic", model="m"), "q")
    assert cache.stats().entries == 3 and cache.stats().by_model == {"anthropic:m": 3}
    assert cache.prune(older_than_s=3600) == 0
    assert cache.clear() == 3 and cache.stats().entries == 0


def test_run_budget_stops_further_calls_and_keeps_earlier_verdicts(simulator: VLMSimulator, make_session) -> None:
    simulator.reset(script(answer("pass")))
    session = make_session("anthropic", budget_run_tokens=4000, cache_mode="off")
    kept = [session.ask(question(session, f"item {i}")) for i in range(2)]
    with pytest.raises(BudgetExceededError, match="run budget for total tokens would be exceeded"):
        for i in range(2, 10):
            kept.append(session.ask(question(session, f"item {i}")))
    assert all(v.outcome == "pass" for v in kept) and len(kept) == len(simulator.requests)


def test_test_budget_applies_to_its_own_scope(simulator: VLMSimulator, make_session) -> None:
    simulator.reset(script(answer("pass")))
    session = make_session("anthropic", budget_test_image_tokens=700, cache_mode="off")
    budget = session.judge.test_budget("test test_checkout")
    session.ask(question(session, image=ui_image(400, 300), budgets=(budget,)))  # 160 image tokens
    with pytest.raises(BudgetExceededError, match="test test_checkout budget for image tokens"):
        session.ask(question(session, image=ui_image(800, 600), budgets=(budget,)))  # 640 more
    assert session.ask(question(session, image=ui_image(800, 600))).outcome == "pass", "other tests unaffected"


def test_a_zero_budget_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="budget max_usd = 0 would stop every model call"):
        Budget(max_usd=0)


def test_the_ledger_is_written_as_json_lines(simulator: VLMSimulator, make_session, tmp_path: Path) -> None:
    from uiagent.vlm import UsageLedger

    simulator.reset(script(answer("pass")))
    session = make_session("openai", ledger_path=tmp_path / "usage.jsonl")
    session.ask(question(session))
    session.ask(question(session))
    records = UsageLedger.read(tmp_path / "usage.jsonl")
    assert [r.cached for r in records] == [False, True]
    assert records[0].tokens_in > 0 and records[0].estimated_cost_usd > 0 and records[1].estimated_cost_usd == 0


def test_voting_stops_early_once_a_majority_agrees(simulator: VLMSimulator, make_session) -> None:
    simulator.reset(script(answer("pass", confidence=0.9)))
    session = make_session("anthropic", votes=5, cache_mode="off")
    verdict = session.ask(question(session))
    assert verdict.outcome == "pass" and verdict.votes == ["pass"] * 3
    assert len(simulator.requests) == 3


def test_voting_disagreement_lowers_confidence(simulator: VLMSimulator, make_session) -> None:
    simulator.reset(script(answer("pass", times=1, confidence=0.9), answer("fail", confidence=0.9)))
    session = make_session("anthropic", votes=3, cache_mode="off", max_concurrency=1)
    verdict = session.ask(question(session))
    assert verdict.outcome == "fail" and sorted(verdict.votes) == ["fail", "fail", "pass"]
    assert verdict.confidence == pytest.approx(0.6)


def test_voting_without_a_majority_is_uncertain(simulator: VLMSimulator, make_session) -> None:
    simulator.reset(script(answer("pass", times=1), answer("fail", times=1), answer("uncertain")))
    session = make_session("anthropic", votes=3, cache_mode="off", max_concurrency=1)
    verdict = session.ask(question(session))
    assert verdict.outcome == "uncertain" and "samples disagree" in verdict.reason
