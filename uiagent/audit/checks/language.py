"""Whether a `lang` attribute names the language its text is in (WCAG 3.1.1 Language of Page: ACT ucwvc8, for the
page's <html>; 3.1.2 Language of Parts: ACT off6ek, for elements in the body).

A screen reader speaks text with the voice and pronunciation of the language `lang` names: English read by a
Danish voice is hard to follow. axe checks only that a tag is well formed; this check reads the text. The text an
element speaks for is what the ACT rules call "text inheriting its programmatic language" from it (language_text.js:
the text that shows or is in the accessibility tree, and names from attributes, with code left out). The language
it is in is fastText's reading of its words (text_language.py), and the tag must name a most likely one:
- a violation when the model gives the tag's language (with its kin) at most `max_declared_share` (1 in 100) while
  another language is likelier than all others together (`min_detected_share`), over at least `min_words`;
- for review when the text is shorter (down to `review_min_words`) or the tag's language is merely unlikely (at
  most `review_max_declared_share`): short texts, names and words shared by languages are where the model errs;
- nothing otherwise, nor for a tag that names no language the model knows (an unknown tag is another rule's).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.checks.text_language import language_of_tag, read_language
from uiagent.audit.findings import Finding
from uiagent.capture.models import Box
from uiagent.capture.scripts import page_script

LANGUAGE_TEXT_JS = page_script("language_text.js")


def _language_texts(context: CheckInput) -> list[dict[str, Any]]:
    """Each `lang` element's text in the top document, read once for both checks."""
    if "language_texts" not in context.measurements:
        context.measurements["language_texts"] = context.page.evaluate(LANGUAGE_TEXT_JS, None)
    texts: list[dict[str, Any]] = context.measurements["language_texts"]
    return texts


def verdict(lang: str | None, text: str, options: Mapping[str, float]) -> tuple[str, dict[str, Any]] | None:
    """Whether `lang` names the language of `text`: None when it does (or cannot be told), else the message key
    ("mismatch": a violation; "may-mismatch": for review) and the evidence."""
    declared = language_of_tag(lang)
    reading = read_language(text) if declared else None
    if declared is None or reading is None:
        return None
    detected, detected_share = reading.likeliest()
    declared_share = reading.share_of(declared)
    if detected_share < options["min_detected_share"] or declared_share >= detected_share:
        return None
    if declared_share <= options["max_declared_share"] and reading.words >= options["min_words"]:
        key, doubt = "mismatch", None
    elif declared_share <= options["review_max_declared_share"] and reading.words >= options["review_min_words"]:
        key = "may-mismatch"
        doubt = (f"only {reading.words} words" if reading.words < options["min_words"]
                 else f'"{declared}" is unlikely, not ruled out')
    else:
        return None
    sample = text if len(text) <= 80 else text[:79].rstrip() + "…"
    evidence = {"lang": lang, "declared": declared, "detected": detected, "detected_share": round(detected_share, 3),
                "declared_share": round(declared_share, 4), "words": reading.words, "sample": sample}
    return key, evidence if doubt is None else {**evidence, "doubt": doubt}


def _judge(context: CheckInput, check: Check, text: dict[str, Any]) -> Finding | None:
    judged = verdict(text["lang"], text["text"], context.options(check))
    if judged is None:
        return None
    key, evidence = judged
    box = Box(**text["box"]) if text.get("box") else None
    return context.finding(check, key, selector=text["selector"], box=box,
                           status="violation" if key == "mismatch" else "needs-review", **evidence)


def check_page_language(context: CheckInput) -> list[Finding]:
    return [finding for text in _language_texts(context) if text["root"]
            if (finding := _judge(context, PAGE_LANGUAGE, text))]


def check_parts_language(context: CheckInput) -> list[Finding]:
    return [finding for text in _language_texts(context) if not text["root"]
            if (finding := _judge(context, PARTS_LANGUAGE, text))]


OPTIONS = {"min_words": 5, "min_detected_share": 0.5, "max_declared_share": 0.01, "review_min_words": 2,
           "review_max_declared_share": 0.05}
READS_AS = ("reads as \"{detected}\" ({detected_share:.0%} likely, \"{declared}\" {declared_share:.1%}) over its "
            "{words} words, which begin: {sample}")
PAGE_LANGUAGE = Check(
    "html-lang-matches-text", ("3.1.1",), "The page's lang attribute must name the language its text is in.",
    check_page_language, act=("ucwvc8",), options=OPTIONS, messages={
        "mismatch": "The page says lang=\"{lang}\", but its text " + READS_AS,
        "may-mismatch": "The page says lang=\"{lang}\", but its text " + READS_AS +
                        " ({doubt}: check which language it is in)"})
PARTS_LANGUAGE = Check(
    "lang-matches-text", ("3.1.2",), "An element's lang attribute must name the language its text is in.",
    check_parts_language, act=("off6ek",), options=OPTIONS, impact="moderate", messages={
        "mismatch": "This element says lang=\"{lang}\", but its text " + READS_AS,
        "may-mismatch": "This element says lang=\"{lang}\", but its text " + READS_AS +
                        " ({doubt}: check which language it is in)"})
