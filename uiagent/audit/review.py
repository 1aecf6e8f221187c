"""The VLM review: what only judgement can decide, asked once per page over a set-of-marks screenshot.

Marks go on images and interactive elements; the legend gives each one's role, accessible name or alt
text, so the model can compare what is shown with what is announced. Every answer is `needs-review`:
a model's claim is a lead for a person, unless a measurement confirms it (see reconcile).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from pydantic import BaseModel, Field

from uiagent.audit.checks.base import CheckInput
from uiagent.audit.findings import Finding
from uiagent.vlm import JudgeSession, MarkTarget, question_about

MAX_MARKS = 40


@dataclass(frozen=True)
class Judgement:
    """A kind of problem only judgement can find: the criterion it fails, the ACT rules that ask the same
    question, and what the model is asked to look for."""

    criterion: str
    act: tuple[str, ...]
    meaning: str


JUDGEMENTS: dict[str, Judgement] = {
    "image-name-not-descriptive": Judgement("1.1.1", ("qt1vmo",), "an image's accessible name (alt text) does not "
                                            "describe what the image shows or does"),
    "decorative-image-informative": Judgement("1.1.1", ("e88epe",), "an image hidden from assistive technology "
                                              "(empty alt, role none) that conveys information"),
    "page-title-not-descriptive": Judgement("2.4.2", ("c4a8a4",), "the page title does not describe the page's topic "
                                            "or purpose"),
    "heading-not-descriptive": Judgement("2.4.6", ("b49b2e",), "a heading that does not describe the content under it"),
    "link-not-descriptive": Judgement("2.4.4", ("5effbb", "aizyf1"), "a link whose purpose cannot be told from its "
                                      "text and context"),
    "label-not-descriptive": Judgement("2.4.6", ("cc0f0a",), "a form field's label that does not describe what to "
                                       "enter"),
    "sensory-instructions": Judgement("1.3.3", ("9bd38c",), "instructions that rely on shape, size, position or "
                                      "sound alone"),
    "error-message-unclear": Judgement("3.3.1", ("36b590",), "an error message that does not say what is wrong with "
                                       "the value entered"),
    "colour-only": Judgement("1.4.1", (), "colour is the only way some information is conveyed"),
    "label-not-in-name": Judgement("2.5.3", (), "a control's visible label is not part of its accessible name"),
    "unclear-icon-control": Judgement("4.1.2", (), "an icon-only control whose purpose is unclear"),
    "low-contrast": Judgement("1.4.3", (), "text that is hard to read against its background"),
}
Category = Literal[tuple(JUDGEMENTS)]  # type: ignore[valid-type]


class ReviewIssue(BaseModel):
    mark: int | None = Field(description="The number of the marked element, or null for the page as a whole.")
    category: Category  # type: ignore[valid-type]  # (a Literal built from JUDGEMENTS)
    explanation: str
    confidence: float


class ReviewAnswer(BaseModel):
    issues: list[ReviewIssue]


def review_prompt(title: str) -> str:
    kinds = "\n".join(f"- {name}: {judgement.meaning}" for name, judgement in JUDGEMENTS.items())
    return ("Review this web page for accessibility problems that need human judgement. Report only these kinds, "
            f"and only where the screenshot clearly shows them:\n{kinds}\nThe page's title is {title!r}. "
            "Return an empty list when there are none.")


def not_judged() -> str:
    """What is left unchecked when no model is configured: said in the page's checks, never passed or failed."""
    rules = sorted({f"{name} ({', '.join(j.act)})" for name, j in JUDGEMENTS.items() if j.act})
    return "not checked: needs a VLM provider to judge " + "; ".join(rules)


def review_page(context: CheckInput, judge: JudgeSession, found: list[Finding]) -> list[Finding]:
    dom = context.capture.dom
    targets = [MarkTarget(i.selector, i.box, f'img alt={i.alt!r}' if i.alt is not None else "img (no alt attribute)")
               for i in dom.images if i.loaded and i.box.area > 0]
    targets += [MarkTarget(f.selector, f.box, f'{f.role or f.tag} name={f.name!r}') for f in dom.focusables]
    targets += [MarkTarget(e.selector, e.box, f"heading {e.name!r}") for e in dom.elements
                if e.role == "heading" and e.box.area > 0]
    asked = question_about(context.capture, review_prompt(dom.title), judge.judge.prepare_options(),
                           marks=targets[:MAX_MARKS], label=f"accessibility review of {dom.url}")
    verdict = judge.ask(replace(asked, schema=ReviewAnswer))
    if verdict.data is None:
        raise RuntimeError(f"the VLM review gave no usable answer: {verdict.reason}")
    answer = ReviewAnswer.model_validate(verdict.data)
    boxes = {t.selector: t.box for t in targets}
    findings = []
    for issue in answer.issues:
        selector = asked.marks.get(issue.mark) if issue.mark is not None else None
        judgement = JUDGEMENTS[issue.category]
        findings.append(Finding(
            page=context.capture.url, source=["vlm"], rule=f"vlm-{issue.category}", wcag=[judgement.criterion],
            status="needs-review", impact="moderate", selector=selector, box=boxes.get(selector or ""),
            act=list(judgement.act), message=f"{judgement.meaning[0].upper()}{judgement.meaning[1:]}: {issue.explanation}",
            evidence={"model": f"{verdict.provider}:{verdict.model}", "confidence": issue.confidence,
                      "mark": issue.mark, "reason": issue.explanation},
        ))
    return findings
