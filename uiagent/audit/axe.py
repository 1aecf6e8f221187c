"""axe-core in every frame (cross-origin included, through axe.runPartial / axe.finishRun), normalized to findings.

axe is evaluated through the DevTools protocol, so a page's Content-Security-Policy cannot block it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page

from uiagent.audit.findings import Finding
from uiagent.audit.wcag import criterion_from_tag
from uiagent.capture.models import Box
from uiagent.capture.scripts import wrap_script

AXE_SOURCE = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = {"A": ["wcag2a", "wcag21a"], "AA": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
             "AAA": ["wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag21aaa", "wcag22aa"]}

# ACT rules an axe rule implements beyond those axe's own metadata names (a project-side addition). axe's `list`
# fails a ul or ol that holds children other than list items; ACT bc4a75 (ARIA required owned elements) fails that
# list too, and axe's aria-required-children, which looks only at elements with a role attribute, never sees it.
# axe's summary-name is the ACT rule 2t702h (a summary that opens its details needs a name), though axe 4.12's
# metadata names no ACT id for it.
EXTRA_ACT_IDS: dict[str, tuple[str, ...]] = {"list": ("bc4a75",), "summary-name": ("2t702h",)}


def act_ids(rule: str, axe_ids: list[str]) -> list[str]:
    """The ACT rules an axe rule implements: axe's own ids, in axe's order, and the project's additions."""
    return list(dict.fromkeys([*axe_ids, *EXTRA_ACT_IDS.get(rule, ())]))


@dataclass
class AxeOutcome:
    findings: list[Finding]
    version: str
    frames: int
    frames_failed: int
    rules_run: int
    notes: list[str] = field(default_factory=list)


def axe_options(level: str = "AA", best_practice: bool = False, skip_rules: tuple[str, ...] = ()) -> dict[str, Any]:
    tags = list(WCAG_TAGS[level]) + (["best-practice"] if best_practice else [])
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": tags},
                               "resultTypes": ["violations", "incomplete"]}
    if skip_rules:
        options["rules"] = {rule: {"enabled": False} for rule in skip_rules}
    return options


def restrict_to_act(page: Page, options: dict[str, Any], act: frozenset[str]) -> dict[str, Any] | None:
    """`options` narrowed to the axe rules that implement one of the ACT rules `act` (by axe's own rule
    metadata), or None when none does. Experimental rules and rules `options` turns off stay out."""
    _inject(page.main_frame)
    off = [rule for rule, setting in options.get("rules", {}).items() if not setting.get("enabled", True)]
    rules = page.main_frame.evaluate("""([tags, act, off, extra]) => axe.getRules(tags)
      .filter(r => !r.tags.includes('experimental') && !off.includes(r.ruleId)
                   && [...(r.actIds || []), ...(extra[r.ruleId] || [])].some(id => act.includes(id)))
      .map(r => r.ruleId)""", [options["runOnly"]["values"], sorted(act), off, EXTRA_ACT_IDS])
    return {**options, "runOnly": {"type": "rule", "values": rules}} if rules else None


_PENDING = "__uiagentAxeRun"  # where a started axe.run keeps its promise in the page
# axe's results as one JSON string, with each rule's ACT ids from axe's own rule metadata.
_WITH_ACT_IDS = "r => JSON.stringify({...r, actIds: Object.fromEntries(axe.getRules().map(x => [x.ruleId, x.actIds || []]))})"


def start_axe(page: Page, options: dict[str, Any], deadline: float | None = None) -> Callable[[], AxeOutcome]:
    """Start axe and return the function that waits for its outcome (and raises any failure of the run).

    On a page without frames axe runs in the page meanwhile, so the caller can take screenshots in the same
    time: their rasterizing and encoding happen outside the page's main thread. With frames, axe runs in each
    frame (axe.runPartial, then axe.finishRun) when the outcome is asked for."""
    if page.main_frame.child_frames:
        return lambda: _run_in_frames(page, options, deadline)
    try:
        _inject(page.main_frame)
        # The run starts in a later task, so this call returns at once and axe works while the caller does.
        # Results cross the protocol as one JSON string: a large object would be walked and validated field
        # by field on the Python side, which took longer than axe itself on a 10,000-element page.
        page.main_frame.evaluate(f"""options => {{
          window['{_PENDING}'] = new Promise(r => setTimeout(r)).then(() => axe.run(document, options)).then({_WITH_ACT_IDS});
        }}""", options)
    except PlaywrightError as error:
        return partial(_raise, error)

    def outcome() -> AxeOutcome:
        results = page.main_frame.evaluate(
            f"() => {{ const run = window['{_PENDING}']; delete window['{_PENDING}']; return run; }}")
        if results is None:
            raise RuntimeError("axe's run was lost: the page was reloaded while axe ran")
        return _outcome(page, json.loads(results), frames=1, frames_failed=0)
    return outcome


def run_axe(page: Page, options: dict[str, Any]) -> AxeOutcome:
    return start_axe(page, options)()


def _raise(error: Exception) -> AxeOutcome:
    raise error


def _run_in_frames(page: Page, options: dict[str, Any], deadline: float | None = None) -> AxeOutcome:
    """axe in every frame, depth first, until `deadline` (time.perf_counter()): frames left then count as frames
    axe could not run in."""
    partials = _run_partial(page.main_frame, {"exclude": []}, options, deadline)
    results = json.loads(page.main_frame.evaluate(
        "([partials, options]) => axe.finishRun(partials.map(p => p && JSON.parse(p)), options)"
        f".then({_WITH_ACT_IDS})", [partials, options]))
    return _outcome(page, results, frames=len(partials), frames_failed=sum(p is None for p in partials))


def _outcome(page: Page, results: dict[str, Any], frames: int, frames_failed: int) -> AxeOutcome:
    """axe's results as findings, and what ran where."""
    findings: list[Finding] = []
    for result_type, status in (("violations", "violation"), ("incomplete", "needs-review")):
        for rule in results.get(result_type, []):
            wcag = sorted({c for c in map(criterion_from_tag, rule.get("tags", [])) if c})
            act = act_ids(rule["id"], results.get("actIds", {}).get(rule["id"], []))
            for node in rule.get("nodes", []):
                findings.append(Finding(
                    page=page.url, source=["axe"], rule=rule["id"], wcag=wcag, status=status,
                    impact=node.get("impact") or rule.get("impact"), selector=_selector(node.get("target")),
                    message=rule.get("help", rule["id"]), act=act,
                    evidence={"axe": (node.get("failureSummary") or "").strip(), "help_url": rule.get("helpUrl"),
                              "html": (node.get("html") or "")[:300]},
                ))
    notes = ([f"axe could not run in {frames_failed} frame(s) (navigated away, script blocked, or the page's "
              "time limit)"]
             if frames_failed else [])
    return AxeOutcome(findings=_with_boxes(page, findings), version=results.get("testEngine", {}).get("version", ""),
                      frames=frames, frames_failed=frames_failed,
                      rules_run=len({r["id"] for key in ("violations", "incomplete", "passes", "inapplicable")
                                     for r in results.get(key, [])}), notes=notes)


def _inject(frame: Frame) -> None:
    if not frame.evaluate("() => typeof window.axe === 'object' && typeof window.axe.runPartial === 'function'"):
        frame.evaluate(AXE_SOURCE)


def _run_partial(frame: Frame, context: Any, options: dict[str, Any], deadline: float | None = None) -> list[Any]:
    """This frame's partial result, then its child frames' depth first: the order axe.finishRun expects."""
    if deadline is not None and time.perf_counter() > deadline:
        return [None]
    try:
        _inject(frame)
        frame_contexts = frame.evaluate("context => axe.utils.getFrameContexts(context)", context)
        partial = frame.evaluate("([context, options]) => axe.runPartial(context, options).then(JSON.stringify)",
                                 [context, options])
    except PlaywrightError:
        return [None]
    results = [partial]
    for frame_context in frame_contexts:
        try:
            handle = frame.evaluate_handle("selector => axe.utils.shadowSelect(selector)", frame_context["frameSelector"])
            element = handle.as_element()
            child = element.content_frame() if element else None
        except PlaywrightError:
            child = None
        results.extend(_run_partial(child, frame_context["frameContext"], options, deadline) if child else [None])
    return results


def _selector(target: Any) -> str | None:
    """axe targets: ['#a'] in the page, ['iframe', '#b'] inside a frame, [['#host', 'button']] in shadow DOM."""
    if not target:
        return None
    parts = [" >> ".join(t) if isinstance(t, list) else str(t) for t in target]
    return " >> internal:control=enter-frame >> ".join(parts) if len(parts) > 1 else parts[0]


_LOCATE_JS = wrap_script("""selectors => selectors.map(s => {
  let e = null;
  try { e = document.querySelector(s); } catch (error) { return null; }
  if (!e) return null;
  const r = e.getBoundingClientRect();
  return {selector: selectorOf(e), box: {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}};
})""")


def _with_boxes(page: Page, findings: list[Finding]) -> list[Finding]:
    """For findings in the top document: the box, and uiagent's own selector for the element (so the DOM and
    pixel judges name it alike and reconcile), in one round trip. axe's own target stays in the evidence."""
    selectors = [f.selector for f in findings if f.selector and ">>" not in f.selector]
    if not selectors:
        return findings
    located = dict(zip(selectors, page.evaluate(_LOCATE_JS, selectors), strict=True))
    out = []
    for finding in findings:
        where = located.get(finding.selector or "")
        if where:
            finding = finding.model_copy(update={
                "selector": where["selector"], "box": Box.model_validate(where["box"]),
                "evidence": {**finding.evidence, "axe_target": finding.selector}})
        out.append(finding)
    return out
