"""The ACT conformance machinery without a browser: reading W3C's testcases.json, a case's outcome from findings,
W3C's rating of a rule (as its implementation mapper rates one), and the EARL report as JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyld import jsonld

from uiagent.audit.act_suite import (
    TESTCASES_JSON,
    ActSuiteError,
    ActCase,
    case_outcome,
    earl_report,
    load_suite,
    rate_rule,
)
from uiagent.audit.findings import Finding


def entry(rule: str = "afw4f7", expected: str = "failed", number: int = 1, **extra: object) -> dict:
    return {"ruleId": rule, "ruleName": "Text has minimum contrast", "testcaseId": f"{rule}{expected}{number:032d}",
            "testcaseTitle": f"{expected.title()} Example {number}", "expected": expected,
            "relativePath": f"testcases/{rule}/{number}.html", "approved": True,
            "url": f"https://www.w3.org/WAI/content-assets/wcag-act-rules/testcases/{rule}/{expected}{number}.html",
            "ruleAccessibilityRequirements": {"wcag20:1.4.3": {"forConformance": True},
                                              "wcag20:1.4.6": {"secondary": "more strict"}},
            **extra}


def write_suite(folder: Path, entries: list[dict] | str) -> Path:
    listing = folder / TESTCASES_JSON
    listing.parent.mkdir(parents=True)
    listing.write_text(entries if isinstance(entries, str) else json.dumps({"testcases": entries}))
    return folder


def test_the_suite_is_read_with_each_rules_own_criteria(tmp_path: Path) -> None:
    [case] = load_suite(write_suite(tmp_path, [entry()]))
    assert case.rule_id == "afw4f7" and case.expected == "failed" and case.approved
    assert case.requirements == ["1.4.3"]  # a secondary criterion is not the rule's own
    assert case.path == "/WAI/content-assets/wcag-act-rules/testcases/afw4f7/1.html"


@pytest.mark.parametrize(("content", "says"), [(None, "testcases.json is missing"), ("{not json", "JSONDecodeError"),
                                               ('{"testcases": [{"ruleId": 1}]}', "KeyError")])
def test_a_missing_or_broken_suite_is_one_clear_error(tmp_path: Path, content: str | None, says: str) -> None:
    folder = write_suite(tmp_path, content) if content is not None else tmp_path
    with pytest.raises(ActSuiteError, match=says):
        load_suite(folder)


def finding(status: str, act: list[str], wcag: tuple[str, ...] = ("1.4.3",)) -> Finding:
    return Finding(page="http://x/", source=["pixel"], rule="text-contrast", wcag=list(wcag), status=status,  # type: ignore[arg-type]
                   message="m", act=act)


def case(expected: str = "failed", number: int = 1) -> ActCase:
    return load_suite_entry(entry(expected=expected, number=number))


def load_suite_entry(raw: dict) -> ActCase:
    from uiagent.audit.act_suite import _case

    return _case(raw)


def test_a_cases_outcome_comes_from_the_findings_of_its_rule() -> None:
    failed = case()
    assert case_outcome([finding("violation", ["afw4f7"])], failed) == "failed"
    assert case_outcome([finding("needs-review", ["afw4f7"])], failed) == "cantTell"
    assert case_outcome([finding("violation", ["09o5cg"])], failed) == "passed"  # another rule's finding
    assert case_outcome([], failed) == "passed"
    assert case_outcome(None, failed) == "untested"  # the page could not be audited
    # Mapped by criterion instead (for findings without ACT ids): any finding naming the rule's criterion.
    assert case_outcome([finding("violation", [])], failed, by="criterion") == "failed"
    assert case_outcome([finding("violation", [], wcag=("1.4.6",))], failed, by="criterion") == "passed"


def rated(*outcomes: tuple[str, str]) -> str:
    return rate_rule([(case(expected, i), outcome) for i, (expected, outcome) in enumerate(outcomes)]).rating  # type: ignore[misc]


def test_rules_are_rated_as_w3cs_implementation_mapper_rates_them() -> None:
    assert rated(("failed", "failed"), ("failed", "cantTell"), ("passed", "passed"), ("inapplicable", "passed")) == "complete"
    # One false positive is enough to be inconsistent, whatever else holds.
    assert rated(("failed", "failed"), ("passed", "failed")) == "inconsistent"
    assert rated(("failed", "failed"), ("inapplicable", "failed")) == "inconsistent"
    # A missed failure, or a case without outcome, leaves it partial.
    assert rated(("failed", "failed"), ("failed", "passed"), ("passed", "passed")) == "partial"
    assert rated(("failed", "failed"), ("passed", "untested")) == "partial"
    # Nothing failed but a person is asked: minimal; nothing at all: inconsistent; never audited: untested.
    assert rated(("failed", "cantTell"), ("inapplicable", "passed")) == "minimal"
    assert rated(("failed", "passed"), ("passed", "passed")) == "inconsistent"
    assert rated(("failed", "untested"), ("passed", "untested")) == "untested"


def test_the_earl_report_is_json_ld_naming_every_case_with_its_outcome() -> None:
    outcomes = [(case("failed", 1), "failed"), (case("passed", 2), "passed"), (case("inapplicable", 3), "cantTell")]
    report = earl_report(outcomes, {"afw4f7": ["text-contrast", "color-contrast"]}, "9.9.9")  # type: ignore[arg-type]
    expanded = jsonld.expand(json.loads(json.dumps(report)))  # offline: the context is inline
    earl = "http://www.w3.org/ns/earl#"
    assertions = [node for node in jsonld.flatten(expanded) if f"{earl}Assertion" in node.get("@type", [])]
    assert len(assertions) == 3
    subjects = {node["@id"]: node for node in jsonld.flatten(expanded) if "http://purl.org/dc/terms/source" in node}
    sources = {node["http://purl.org/dc/terms/source"][0]["@id"] for node in subjects.values()}
    assert sources == {c.url for c, _ in outcomes}
    results = [node for node in jsonld.flatten(expanded) if f"{earl}outcome" in node]
    assert sorted(node[f"{earl}outcome"][0]["@id"] for node in results) == [
        f"{earl}cantTell", f"{earl}failed", f"{earl}passed"]
    tests = [node for node in jsonld.flatten(expanded) if "http://purl.org/dc/terms/isPartOf" in node]
    assert {part["@id"] for node in tests for part in node["http://purl.org/dc/terms/isPartOf"]} == {
        "https://www.w3.org/TR/WCAG/#contrast-minimum"}
