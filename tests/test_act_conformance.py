"""The W3C ACT rules test cases as the audit's conformance test: every rule the project claims
(tests/act/claims.json) keeps its rating (W3C's: complete, or partial) on its own test cases.

The cases are not part of the repository: set UIAGENT_ACT_DIR to a copy of W3C's wcag-act-rules content (the
folder holding WAI/content-assets/wcag-act-rules/testcases.json); by default ../shared/act-rules beside the
repository is used, and without it these tests are skipped. Each case is audited with the audit users run,
narrowed to what implements the case's rule (`AuditOptions.only_act`): the case is scored on that rule alone.
benchmarks/act.py runs the whole audit on all 1,213 cases, with axe alone beside it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from uiagent.audit import AuditOptions
from uiagent.audit.act_suite import audit_cases, case_findings, case_outcome, load_suite, rate_rule
from uiagent.config import Settings

ROOT = Path(__file__).resolve().parents[1]
ACT_DIR = Path(os.environ.get("UIAGENT_ACT_DIR") or ROOT.parent / "shared" / "act-rules")
CLAIMS: dict[str, str] = json.loads((ROOT / "tests" / "act" / "claims.json").read_text())["rules"]
SETTINGS = Settings(network_idle_cap_s=1.0, stable_timeout_s=1.5)
RANK = {"complete": 2, "partial": 1, "inconsistent": 0, "untested": 0}

pytestmark = pytest.mark.skipif(
    not (ACT_DIR / "WAI").is_dir(),
    reason=f"W3C's ACT test cases are not at {ACT_DIR}: set UIAGENT_ACT_DIR to a copy of the wcag-act-rules "
           "content folder (the one holding WAI/content-assets/wcag-act-rules/testcases.json)")


@pytest.fixture(scope="module")
def suite():  # type: ignore[no-untyped-def]
    return load_suite(ACT_DIR)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("rule_id", sorted(CLAIMS))
def test_claimed_act_rule_keeps_its_rating(rule_id: str, suite, browser) -> None:  # type: ignore[no-untyped-def]
    cases = [case for case in suite if case.rule_id == rule_id]
    assert cases, f"{rule_id} is claimed but the suite has no test case of it"
    options = AuditOptions(level="AAA", best_practice=True, only_act=frozenset({rule_id}))
    audited = audit_cases(cases, ACT_DIR, options, SETTINGS, browser=browser)
    result = rate_rule([(case, case_outcome(case_findings(page), case)) for case, page in audited])
    errors = [f"{case.title}: {page.error}" for case, page in audited if page.status == "error"]
    assert RANK[result.rating] >= RANK[CLAIMS[rule_id]], (
        f"{rule_id} ({result.rule_name}) is claimed {CLAIMS[rule_id]} but rates {result.rating}: "
        f"false positives on {result.false_positive_cases}, missed {result.missed_cases}, errors {errors}")
