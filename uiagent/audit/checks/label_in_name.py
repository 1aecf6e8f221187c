"""The visible label of a control is part of its accessible name (WCAG 2.5.3 Label in Name, ACT rule 2ee8b8).

Someone using speech input says what they see: "click Download specification". That works only when the words
shown on the control appear, in that order, in the name assistive technology knows it by. The rule applies to
widgets whose role takes its name from content (buttons, links, tabs, options...) that show text and carry
`aria-label` or `aria-labelledby`: there an author wrote a name that may have drifted from what is shown.

Facts come from the page (label_in_name.js, in an isolated world of every frame): the visible inner text as
the rule defines it (hidden text left out, aria-hidden text that shows kept, block boxes separating words).
Role and accessible name come from Chromium's own accessibility tree (DevTools protocol), never from a script's
re-implementation. The decision is plain Python: both strings are cut into words (brackets dropped, case folded,
punctuation and symbols removed) and the label's words must appear in the name as one unbroken run.

A mismatch is a violation only when nothing could excuse it. The rule leaves out abbreviations and spelling or
hyphenation variants, and cannot know whether a lone letter is a symbol ("X" for close), whether an icon font
draws a word as a picture, or whether CSS shows the words in another order: each of these makes a mismatch
needs-review, with the reason named.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.findings import Finding
from uiagent.capture.frame_worlds import DevToolsUnavailable, FrameWorld, FrameWorlds, frame_worlds
from uiagent.capture.models import Box
from uiagent.capture.scripts import page_script
from uiagent.errors import CheckSkipped

LABEL_IN_NAME_JS = page_script("label_in_name.js")
# Called on the candidates kept after the accessibility tree was asked about them.
FACTS_JS = f"function (...elements) {{ return ({LABEL_IN_NAME_JS})({{op: 'facts', elements}}); }}"

# Widget roles that take their name from content (ARIA). searchbox, also listed by the rule's background, is a
# textbox: its name never comes from content.
ROLES = frozenset({"button", "checkbox", "gridcell", "link", "menuitem", "menuitemcheckbox", "menuitemradio",
                   "option", "radio", "switch", "tab", "treeitem"})
# Beyond this many parts whose visibility is uncertain, trying every combination is not worth it.
MAX_UNCERTAIN_PARTS = 4
# Label words times name words beyond which abbreviations are not looked for word by word (a second's work).
MAX_ALIGNMENTS = 40_000

Visibility = Literal["visible", "uncertain", "hidden"]
Status = Literal["passed", "violation", "needs-review"]

# Characters that never separate words on screen: soft hyphen, zero-width space and joiners, word joiner, BOM.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# Scripts written without spaces between words: splitting on whitespace does not find their words.
_NO_SPACE_SCRIPT = re.compile("[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff"
                              "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002ffff]")


def strip_parentheses(text: str) -> str:
    """Each outermost matched pair of round brackets, with what it holds, becomes one space; an unmatched
    bracket is dropped alone."""
    out: list[str] = []
    depth_starts: list[int] = []  # where each open bracket's pair would start in `out`
    for char in text:
        if char == "(":
            depth_starts.append(len(out))
            out.append(char)
        elif char == ")" and depth_starts:
            start = depth_starts.pop()
            if not depth_starts:
                del out[start:]
                out.append(" ")
            else:
                out.append(char)
        elif char == ")":
            continue
        else:
            out.append(char)
    result = "".join(out)
    # Brackets still open at the end had no partner: only they go.
    return result.replace("(", " ") if depth_starts else result


def tokens(text: str, parentheses: bool = True) -> list[str]:
    """The rule's words: brackets and what they hold dropped, case folded, compatibility forms unified, every
    character that is not a letter or digit a separator."""
    text = _INVISIBLE.sub("", text)
    if parentheses:
        text = strip_parentheses(text)
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c if unicodedata.category(c)[0] in "LN" else " " for c in text).split()


def contained(label: list[str], name: list[str]) -> bool:
    """The label's words appear in the name as one unbroken run, in order (no words: always)."""
    return not label or any(name[i:i + len(label)] == label for i in range(len(name) - len(label) + 1))


# Excuses: each applies only to a label that is not contained, and makes the mismatch needs-review.

def single_letters_excuse(label: list[str], name: list[str]) -> str | None:
    """A lone letter may be a symbol ("X" for close, "A A" for text size): non-text content the rule ignores."""
    kept = [t for t in label if not (len(t) == 1 and t.isalpha())]
    if len(kept) < len(label) and contained(kept, name):
        return "a lone letter may be a symbol (an 'X' for close), which is not text"
    return None


def parentheses_excuse(label_text: str, name_text: str) -> str | None:
    """The rule drops bracketed text, which fails for languages and names where brackets carry words."""
    if contained(tokens(label_text, parentheses=False), tokens(name_text, parentheses=False)):
        return "the label is in the name once bracketed text is kept"
    return None


def word_break_excuse(label: list[str], name: list[str]) -> str | None:
    """Same letters, other word breaks ("nonstandard" / "non-standard", "log in" / "login", "2021" / "20 21"):
    a spelling or hyphenation variant, which the rule leaves out."""
    joined = "".join(label)
    for start in range(len(name)):
        run = ""
        for end in range(start, len(name)):
            run += name[end]
            if run == joined:
                variant = " ".join(name[start:end + 1])
                return f"the same letters with other word breaks: {' '.join(label)!r} / {variant!r}"
            if not joined.startswith(run):
                break
    return None


def _abbreviates(short: str, long: str, short_side: list[str]) -> bool:
    """`short` may abbreviate `long` (ave / avenue, prev / previous): letters only, at least two, the same first
    letter, and its letters found in order in `long`. Not when `long` holds another word of the short one's side
    ("you" does not abbreviate "youhoware" beside "how" and "are")."""
    if not (short.isalpha() and long.isalpha() and 2 <= len(short) < len(long) and short[0] == long[0]):
        return False
    letters = iter(long)
    if not all(letter in letters for letter in short):
        return False
    return not any(other != short and len(other) >= 2 and other in long for other in short_side)


def _initials(token: str, run: list[str]) -> bool:
    return len(run) >= 2 and token.isalpha() and token == "".join(word[0] for word in run)


def _number_with_unit(token: str, run: list[str]) -> bool:
    """`token` is a number with an abbreviated unit that `run` spells out ("3h" / "3 hours", "5min" / "5
    minutes")."""
    number = re.fullmatch(r"(\d+)([^\W\d_]+)", token)
    if number is None or len(run) != 2 or run[0] != number.group(1) or not run[1].isalpha():
        return False
    unit, word = number.group(2), run[1]
    letters = iter(word)
    return len(unit) < len(word) and unit[0] == word[0] and all(letter in letters for letter in unit)


def abbreviation_excuse(label: list[str], name: list[str]) -> str | None:
    """The label's words line up with a run of the name's, word by word, where some word abbreviates the other
    side's, one word is the initials of several ("WCAG" / "Web Content Accessibility Guidelines"), or a number
    carries an abbreviated unit ("3h" / "3 hours"): the rule leaves out labels and names with abbreviations."""
    def steps(i: int, j: int) -> Iterator[tuple[int, int, str | None]]:
        """Ways to align label[i] onward with name[j] onward: words taken on each side, and the abbreviation."""
        if j >= len(name):
            return
        if label[i] == name[j]:
            yield 1, 1, None
        elif _abbreviates(label[i], name[j], label) or _abbreviates(name[j], label[i], name):
            yield 1, 1, f"{label[i]!r} / {name[j]!r}"
        words = len(label[i])  # the initials of as many words as the word has letters
        if _initials(label[i], name[j:j + words]):
            yield 1, words, f"{label[i]!r} / {' '.join(name[j:j + words])!r}"
        words = len(name[j])
        if _initials(name[j], label[i:i + words]):
            yield words, 1, f"{' '.join(label[i:i + words])!r} / {name[j]!r}"
        if _number_with_unit(label[i], name[j:j + 2]):
            yield 1, 2, f"{label[i]!r} / {' '.join(name[j:j + 2])!r}"
        if _number_with_unit(name[j], label[i:i + 2]):
            yield 2, 1, f"{' '.join(label[i:i + 2])!r} / {name[j]!r}"

    if len(label) * len(name) > MAX_ALIGNMENTS:
        return "too many words to look for abbreviations in (the rule leaves out abbreviations)"
    # Depth first over (label word, name word, the abbreviation met so far), from every start in the name.
    pending: list[tuple[int, int, str | None]] = [(0, start, None) for start in range(len(name) if label else 0)]
    seen: set[tuple[int, int, bool]] = set()
    while pending:
        i, j, abbreviation = pending.pop()
        if i == len(label):
            if abbreviation:
                return f"may be an abbreviation: {abbreviation} (the rule leaves out abbreviations)"
            continue
        if (i, j, abbreviation is None) in seen:
            continue
        seen.add((i, j, abbreviation is None))
        pending += [(i + taken_label, j + taken_name, abbreviation or step)
                    for taken_label, taken_name, step in steps(i, j)]
    return None


def no_space_script_excuse(label_text: str, name_text: str) -> str | None:
    if _NO_SPACE_SCRIPT.search(label_text) or _NO_SPACE_SCRIPT.search(name_text):
        return "written in a script without spaces between words, which splitting on spaces cannot cut into words"
    return None


@dataclass(frozen=True)
class Part:
    """A piece of the visible inner text, in document order."""

    text: str
    kind: Literal["text", "icon", "generated", "sep"]
    vis: Visibility = "visible"
    font_loaded: bool = False  # icon parts: the icon font is loaded, so the text draws icons, not letters
    start: tuple[float, float, float, float] | None = None  # first and last line box (x, y, width, height)
    end: tuple[float, float, float, float] | None = None
    rtl: bool = False
    kbd: bool = False  # inside a <kbd>: a key, as in the shortcut hint a search button shows ("Ctrl K")

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Part:
        return cls(text=raw["text"], kind=raw["kind"], vis=raw.get("vis", "visible"),
                   font_loaded=bool(raw.get("font_loaded")), start=tuple(raw["start"]) if raw.get("start") else None,
                   end=tuple(raw["end"]) if raw.get("end") else None, rtl=bool(raw.get("rtl")),
                   kbd=bool(raw.get("kbd")))

    @property
    def uncertain(self) -> bool:
        """Text that may or may not be part of what is seen: of uncertain visibility, or drawn in an icon font
        that did not load (its letters may be a ligature's icon, or shown as letters)."""
        unloaded_icon = self.kind == "icon" and not self.font_loaded
        return self.kind in ("text", "icon") and (self.vis == "uncertain" or unloaded_icon)


@dataclass
class Decision:
    status: Status
    label: str  # the visible label as read (uncertain parts included)
    reasons: list[str] = field(default_factory=list)
    doubtful_parts: list[str] = field(default_factory=list)  # text that may not show, or may not be text


def applicable(parts: list[Part]) -> bool:
    """Some visible (or possibly visible) text shows in the element."""
    return any(p.kind in ("text", "icon") and p.vis != "hidden" and p.text.strip() for p in parts)


def reordered(parts: list[Part]) -> bool:
    """Whether text appears on screen in another order than in the document (CSS order, reversed flex
    directions, positioning): the rule assumes it does not."""
    lines = [(p.start, p.end, p.rtl) for p in parts if p.kind in ("text", "icon") and p.vis != "hidden"]
    shown = [(start, end, rtl) for start, end, rtl in lines if start is not None and end is not None]
    for (_, (bx, by, bw, bh), _), ((ax, ay, aw, ah), _, rtl) in itertools.pairwise(shown):
        if ay >= by + bh - 1:
            continue  # on a later line
        if ay + ah <= by + 1:
            return True  # on an earlier line
        if (ax + aw > bx + bw + 1) if rtl else (ax < bx - 1):
            return True  # on the same line, before it
    return False


def reading(parts: list[Part], shown: set[int], with_generated: bool) -> str:
    """The label as read with the uncertain parts at indices `shown` (the others left out), with or without
    CSS-generated text."""
    texts = []
    for i, part in enumerate(parts):
        if part.kind == "sep":
            texts.append(part.text)
        elif part.kind == "generated":
            texts.append(part.text if with_generated else "")
        elif part.vis == "hidden":
            continue
        elif (part.uncertain and i not in shown) or (part.kind == "icon" and part.font_loaded):
            texts.append(" ")  # left out, or drawn by an icon font as a picture
        else:
            texts.append(part.text)
    return " ".join("".join(texts).split())


def readings(parts: list[Part]) -> list[str] | None:
    """Every reading of the visible label, the literal one first (uncertain parts shown, generated text not):
    with and without each uncertain part, with and without generated (::before / ::after) text. None when
    there are too many uncertain parts to try."""
    uncertain = [i for i, p in enumerate(parts) if p.uncertain]
    if len(uncertain) > MAX_UNCERTAIN_PARTS:
        return None
    generated = (False, True) if any(p.kind == "generated" and tokens(p.text) for p in parts) else (False,)
    return [reading(parts, {i for i, keep in zip(uncertain, included, strict=True) if keep}, with_generated)
            for included in itertools.product((True, False), repeat=len(uncertain)) for with_generated in generated]


def excuses(label_text: str, name_text: str) -> list[str]:
    """Why a label that is not contained in the name might still be fine (empty: nothing excuses it)."""
    label, name = tokens(label_text), tokens(name_text)
    found = [single_letters_excuse(label, name), parentheses_excuse(label_text, name_text),
             word_break_excuse(label, name), abbreviation_excuse(label, name),
             no_space_script_excuse(label_text, name_text)]
    return [reason for reason in found if reason]


def keys_excuse(parts: list[Part], name_tokens: list[str]) -> bool:
    """Every reading of the label is in the name once its keys (text in <kbd>) are left out, and something is left."""
    if not any(part.kbd for part in parts):
        return False
    without = [replace(part, vis="hidden") if part.kbd else part for part in parts]
    every = readings(without)
    return every is not None and all(tokens(label) and contained(tokens(label), name_tokens) for label in every)


def decide(parts: list[Part], name: str, *, has_abbr: bool = False, nested_control: bool = False,
           closed_shadow: bool = False) -> Decision:
    """Whether the visible label (`parts`) is contained in the accessible name `name`."""
    doubtful = [p.text.strip() for p in parts if p.uncertain or (p.kind == "generated" and tokens(p.text))]
    every = readings(parts)
    if every is None:
        label = reading(parts, set(range(len(parts))), with_generated=False)
        return Decision("needs-review", label, [f"more than {MAX_UNCERTAIN_PARTS} parts of the label may or may "
                                                "not show"], doubtful)
    name_tokens = tokens(name)
    failing = [label for label in every if not contained(tokens(label), name_tokens)]
    if not failing:
        return Decision("passed", every[0])
    reasons: list[str] = []
    if len(failing) < len(every):
        reasons.append("whether the label is in the name depends on text that may not show, or may not be text "
                       "(an icon font, CSS-generated content): " + ", ".join(map(repr, doubtful)))
    for label in failing:
        reasons += [reason for reason in excuses(label, name) if reason not in reasons]
    if has_abbr:
        reasons.append("the label holds an <abbr>: the rule leaves out abbreviations")
    if keys_excuse(parts, name_tokens):
        reasons.append("the words the name lacks are keys (<kbd>): a keyboard shortcut shown beside the label may not "
                       "be part of it")
    if nested_control:
        reasons.append("the control holds another control, whose text may not be taken as part of this label")
    if reordered(parts):
        reasons.append("CSS shows the label's words in another order than the document's")
    if closed_shadow:
        reasons.append("part of the label may be in a closed shadow root, which scripts cannot read")
    return Decision("needs-review" if reasons else "violation", every[0], reasons, doubtful)


def decide_input_value(value: str, name: str) -> Decision:
    """An input button shows its value from the browser's own shadow tree: not text of the page the rule
    measures, and its rendering cannot be checked, so a mismatch is only ever needs-review."""
    if contained(tokens(value), tokens(name)):
        return Decision("passed", value)
    return Decision("needs-review", value, ["the label is an input's value, drawn by the browser: check that it "
                                            "shows as read"])


def name_source(node: dict[str, Any]) -> str | None:
    """Where the accessible name came from: aria-labelledby, aria-label, contents..."""
    for source in node.get("name", {}).get("sources", []):
        if "value" in source and not source.get("superseded"):
            return source.get("attribute") or source.get("nativeSource") or source.get("type")
    return None


def check_label_in_name(context: CheckInput) -> list[Finding]:
    page = context.page
    if not any(_may_apply(frame) for frame in page.frames):
        return []
    findings: list[Finding] = []
    try:
        with frame_worlds(page) as worlds:
            for world in worlds.worlds:
                findings += _check_frame(context, worlds, world)
    except DevToolsUnavailable as error:
        raise CheckSkipped(f"needs Chromium's accessibility tree: {error}") from None
    return findings


def _may_apply(frame: Frame) -> bool:
    """Whether some element of the frame carries aria-label or aria-labelledby (one evaluate; a frame that
    cannot answer is looked at through the protocol all the same)."""
    try:
        return bool(frame.evaluate(LABEL_IN_NAME_JS, {"op": "any"}))
    except PlaywrightError:
        return True


def _check_frame(context: CheckInput, worlds: FrameWorlds, world: FrameWorld) -> list[Finding]:
    elements = world.elements(LABEL_IN_NAME_JS, {"op": "candidates", "roles": sorted(ROLES)})
    nodes: dict[str, dict[str, Any]] = {}
    for element in elements:
        node = world.accessibility_node(element)
        role = (node or {}).get("role", {})
        if node is not None and not node.get("ignored") and role.get("type") == "role" and role.get("value") in ROLES:
            nodes[element] = node
    if not nodes:
        return []
    location = worlds.location(world)
    if location is None:
        return []
    findings = []
    for element, facts in zip(nodes, world.call(FACTS_JS, list(nodes)), strict=True):
        node = nodes[element]
        name = node.get("name", {}).get("value", "")
        if facts["input_value"] is not None:
            decision = decide_input_value(facts["input_value"], name)
        else:
            parts = [Part.of(raw) for raw in facts["parts"]]
            if not applicable(parts):
                continue
            decision = decide(parts, name, has_abbr=facts["has_abbr"], nested_control=facts["nested_control"])
            if decision.status == "violation" and context.capture.closed_shadow_roots \
                    and world.hosts_closed_shadow_root(element):
                decision = decide(parts, name, has_abbr=facts["has_abbr"], nested_control=facts["nested_control"],
                                  closed_shadow=True)
        if decision.status == "passed":
            continue
        findings.append(_finding(context, decision, name, node, location.prefix + facts["selector"],
                                 location.box(facts["box"])))
    return findings


def _finding(context: CheckInput, decision: Decision, name: str, node: dict[str, Any], selector: str,
             box: Box) -> Finding:
    label = decision.label
    evidence = {"visible_label": label, "accessible_name": name, "name_source": name_source(node),
                "role": node["role"]["value"], "label_tokens": tokens(label), "name_tokens": tokens(name),
                "reasons": decision.reasons, "doubtful_parts": decision.doubtful_parts}
    return context.finding(LABEL_IN_NAME, "not-in-name" if decision.status == "violation" else "maybe-not-in-name",
                           selector=selector, box=box, status=decision.status, **evidence)


LABEL_IN_NAME = Check("label-in-name", ("2.5.3",), "Controls named with aria-label or aria-labelledby must keep "
                      "the words they show, in order, in their accessible name (Chromium's own).",
                      check_label_in_name, act=("2ee8b8",), replaces=("label-content-name-mismatch",), messages={
    "not-in-name": "The visible label {visible_label!r} is not part of the accessible name {accessible_name!r}: "
                   "someone who says the label to a speech-input tool will not reach this control",
    "maybe-not-in-name": "The visible label {visible_label!r} is not plainly part of the accessible name "
                         "{accessible_name!r}; check it by hand: {reasons:; }",
})
