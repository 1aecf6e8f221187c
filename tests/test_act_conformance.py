"""The W3C ACT rules test cases as the audit's conformance test: every rule the project claims
(tests/act/claims.json) keeps its rating (W3C's: complete, or partial) on its own test cases.

The cases are not part of the repository: set UIAGENT_ACT_DIR to a copy of W3C's wcag-act-rules content (the
folder holding WAI/content-assets/wcag-act-rules/testcases.json); by default ../shared/act-rules beside the
repository is used, and without it these tests are skipped. Each case is audited with the audit users run,
narrowed to what implements the case's rule (`AuditOptions.only_act`): the case is scored on that rule alone.

Every claimed case is more than `make test` can give on two cores (keyboard traps are studied and autoplaying
media listened to for seconds), so by default each rule is held to two of its cases: the first expected to fail,
and the first expected to pass or not to apply. UIAGENT_ACT_CASES=all runs every claimed case
(`make act`); benchmarks/act.py runs the whole audit on all 1,213 cases, with axe alone beside it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TypeVar

import pytest

from uiagent.audit import AuditOptions
from uiagent.audit.act_suite import ActCase, audit_cases, case_findings, case_outcome, load_suite
from uiagent.config import Settings

ROOT = Path(__file__).resolve().parents[1]
ACT_DIR = Path(os.environ.get("UIAGENT_ACT_DIR") or ROOT.parent / "shared" / "act-rules")
CLAIMS: dict[str, str] = json.loads((ROOT / "tests" / "act" / "claims.json").read_text())["rules"]
EVERY_CASE = os.environ.get("UIAGENT_ACT_CASES") == "all"
SPREAD = 1  # cases of each expectation per rule when not every case runs
SETTINGS = Settings(network_idle_cap_s=1.0, stable_timeout_s=1.5)
T = TypeVar("T")


def spread(items: list[T], count: int) -> list[T]:
    """`count` items evenly spaced from the first to the last (all of them when there are no more)."""
    if len(items) <= count:
        return items
    if count == 1:
        return items[:1]
    return [items[round(i * (len(items) - 1) / (count - 1))] for i in range(count)]


def claimed_cases() -> list[ActCase]:
    if not (ACT_DIR / "WAI").is_dir():
        return []
    suite = load_suite(ACT_DIR)
    cases: list[ActCase] = []
    for rule_id in sorted(CLAIMS):
        own = [case for case in suite if case.rule_id == rule_id]
        assert own, f"{rule_id} is claimed but the suite has no test case of it"
        if not EVERY_CASE:
            own = (spread([c for c in own if c.expected == "failed"], SPREAD)
                   + spread([c for c in own if c.expected != "failed"], SPREAD))
        cases.extend(own)
    return cases


pytestmark = pytest.mark.skipif(
    not (ACT_DIR / "WAI").is_dir(),
    reason=f"W3C's ACT test cases are not at {ACT_DIR}: set UIAGENT_ACT_DIR to a copy of the wcag-act-rules "
           "content folder (the one holding WAI/content-assets/wcag-act-rules/testcases.json)")


@pytest.mark.parametrize("case", claimed_cases(), ids=lambda case: f"{case.rule_id}-{case.title}")
def test_claimed_act_rule_decides_its_case_as_w3c_does(case: ActCase, browser) -> None:  # type: ignore[no-untyped-def]
    """W3C's ratings, case by case: a rule rated complete or partial never fails a case expected to pass or not
    to apply (that is a false alarm, and makes it inconsistent); a complete one never passes a case expected to
    fail (it may say it cannot tell)."""
    options = AuditOptions(level="AAA", best_practice=True, only_act=frozenset({case.rule_id}))
    [(_, page)] = audit_cases([case], ACT_DIR, options, SETTINGS, browser=browser)
    outcome = case_outcome(case_findings(page), case)
    claim = f"{case.rule_id} ({case.rule_name}) is claimed {CLAIMS[case.rule_id]}"
    assert outcome != "untested", f"{claim}, but its case could not be audited: {page.error}"
    found = [f"{f.status} {f.rule} {f.selector}: {f.message}" for f in page.findings if case.rule_id in f.act]
    if case.expected == "failed":
        assert CLAIMS[case.rule_id] != "complete" or outcome in ("failed", "cantTell"), (
            f"{claim}, but passes a case W3C expects to fail: {case.url}")
    else:
        assert outcome != "failed", f"{claim}, but fails a case W3C expects to {case.expected}: {case.url}; {found}"
