"""The VLM review: what only judgement can decide, asked once per page over a set-of-marks screenshot.

Marks go on images and interactive elements; the legend gives each one's role, accessible name or alt
text, so the model can compare what is shown with what is announced. Every answer is `needs-review`:
a model's claim is a lead for a person, unless a measurement confirms it (see reconcile).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, Field

from uiagent.audit.checks.base import CheckInput
from uiagent.audit.findings import Finding
from uiagent.vlm import JudgeSession, MarkTarget, question_about

MAX_MARKS = 40
CATEGORIES: dict[str, tuple[str, str]] = {
    "alt-text-mismatch": ("1.1.1", "an image's alt text does not describe what the image shows"),
    "colour-only": ("1.4.1", "colour is the only way some information is conveyed"),
    "label-not-in-name": ("2.5.3", "a control's visible label is not part of its accessible name"),
    "unclear-icon-control": ("4.1.2", "an icon-only control whose purpose is unclear"),
    "sensory-instructions": ("1.3.3", "instructions that rely on shape, size, position or sound alone"),
    "low-contrast": ("1.4.3", "text that is hard to read against its background"),
}

Category = Literal["alt-text-mismatch", "colour-only", "label-not-in-name", "unclear-icon-control",
                   "sensory-instructions", "low-contrast"]


class ReviewIssue(BaseModel):
    mark: int | None = Field(description="The number of the marked element, or null for the page as a whole.")
    category: Category
    explanation: str
    confidence: float


class ReviewAnswer(BaseModel):
    issues: list[ReviewIssue]


def review_prompt() -> str:
    kinds = "\n".join(f"- {name}: {meaning}" for name, (_, meaning) in CATEGORIES.items())
    return ("Review this web page for accessibility problems that need human judgement. Report only these kinds, "
            f"and only where the screenshot clearly shows them:\n{kinds}\nReturn an empty list when there are none.")


def review_page(context: CheckInput, judge: JudgeSession, found: list[Finding]) -> list[Finding]:
    dom = context.capture.dom
    targets = [MarkTarget(i.selector, i.box, f'img alt={i.alt!r}' if i.alt is not None else "img (no alt attribute)")
               for i in dom.images if i.loaded and i.box.area > 0]
    targets += [MarkTarget(f.selector, f.box, f'{f.role or f.tag} name={f.name!r}') for f in dom.focusables]
    asked = question_about(context.capture, review_prompt(), judge.judge.prepare_options(), marks=targets[:MAX_MARKS],
                           label=f"accessibility review of {dom.url}")
    verdict = judge.ask(replace(asked, schema=ReviewAnswer))
    if verdict.data is None:
        raise RuntimeError(f"the VLM review gave no usable answer: {verdict.reason}")
    answer = ReviewAnswer.model_validate(verdict.data)
    boxes = {t.selector: t.box for t in targets}
    findings = []
    for issue in answer.issues:
        selector = asked.marks.get(issue.mark) if issue.mark is not None else None
        criterion, meaning = CATEGORIES[issue.category]
        findings.append(Finding(
            page=context.capture.url, source=["vlm"], rule=f"vlm-{issue.category}", wcag=[criterion],
            status="needs-review", impact="moderate", selector=selector, box=boxes.get(selector or ""),
            message=f"{meaning[0].upper()}{meaning[1:]}: {issue.explanation}",
            evidence={"model": f"{verdict.provider}:{verdict.model}", "confidence": issue.confidence,
                      "mark": issue.mark, "reason": issue.explanation},
        ))
    return findings
