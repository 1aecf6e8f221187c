"""ARIA roles and attributes where they may not be: global attributes a role prohibits (ACT kb1m8s) and roles
outside the context they require (ACT ff89c9).

Prohibited global attributes (ARIA 1.2, 5.2.5; ARIA 1.3 for the braille attributes). Some roles take no name
(generic, paragraph, code, emphasis...) and a few take no role description (generic, none): browsers may drop
such an attribute, so what the author meant to say never reaches assistive technology. The element's role is
its explicit role (the first valid token of its role attribute), else its native role: the HTML elements whose
native role is plain are listed here, and a custom element's role is Chromium's. Role none or presentation
gives way to the native role ("presentational roles conflict resolution") when the element is focusable or
carries a global ARIA attribute; the rule's own failed example keeps role none on an element whose only global
attribute is a braille one. The rule asks ARIA conformance: failing it does not in itself fail a WCAG success
criterion (1.3.1 is less strict, the rule says), so its findings name none.

Required context (ACT ff89c9, WCAG 1.3.1). An element given a role such as listitem, option or menuitem must sit
in an element of the role that gives it meaning (list; listbox or group; menu, menubar or group): its parent in
the accessibility tree, with aria-owns, shadow trees and ignored elements resolved. axe's aria-required-parent
skips every element without a role on the way up, so an exposed element between the two (a live region, a
focusable wrapper) goes unseen by it; this check reads the parent in Chromium's accessibility tree, where
generic elements Chromium keeps only for its own reasons (an id, a shadow host) are stepped over as axe steps
over them, and a generic element with a global ARIA attribute or a tabindex is not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.checks.frame_checks import in_every_frame
from uiagent.audit.findings import Finding
from uiagent.capture.frame_worlds import FrameWorld
from uiagent.capture.frames import FramePlace
from uiagent.capture.scripts import page_script

Status = Literal["passed", "violation", "needs-review"]

# Every role of ARIA 1.2 and 1.3, DPUB-ARIA and the Graphics module (abstract roles are not valid tokens).
ROLES = frozenset(["alert", "alertdialog", "application", "article", "banner", "blockquote", "button", "caption", "cell", "checkbox", "code", "columnheader", "combobox", "comment", "complementary", "contentinfo", "definition", "deletion", "dialog", "directory", "document", "emphasis", "feed", "figure", "form", "generic", "grid", "gridcell", "group", "heading", "image", "img", "insertion", "link", "list", "listbox", "listitem", "log", "main", "mark", "marquee", "math", "menu", "menubar", "menuitem", "menuitemcheckbox", "menuitemradio", "meter", "navigation", "none", "note", "option", "paragraph", "presentation", "progressbar", "radio", "radiogroup", "region", "row", "rowgroup", "rowheader", "scrollbar", "search", "searchbox", "separator", "slider", "spinbutton", "status", "strong", "subscript", "suggestion", "superscript", "switch", "tab", "table", "tablist", "tabpanel", "term", "textbox", "time", "timer", "toolbar", "tooltip", "tree", "treegrid", "treeitem", "doc-abstract", "doc-acknowledgments", "doc-afterword", "doc-appendix", "doc-backlink", "doc-biblioentry", "doc-bibliography", "doc-biblioref", "doc-chapter", "doc-colophon", "doc-conclusion", "doc-cover", "doc-credit", "doc-credits", "doc-dedication", "doc-endnote", "doc-endnotes", "doc-epigraph", "doc-epilogue", "doc-errata", "doc-example", "doc-footnote", "doc-foreword", "doc-glossary", "doc-glossref", "doc-index", "doc-introduction", "doc-noteref", "doc-notice", "doc-pagebreak", "doc-pagefooter", "doc-pageheader", "doc-pagelist", "doc-part", "doc-preface", "doc-prologue", "doc-pullquote", "doc-qna", "doc-subtitle", "doc-tip", "doc-toc", "graphics-document", "graphics-object", "graphics-symbol"])

GLOBAL_ATTRIBUTES = frozenset(["aria-atomic", "aria-braillelabel", "aria-brailleroledescription", "aria-busy", "aria-controls", "aria-current", "aria-describedby", "aria-description", "aria-details", "aria-disabled", "aria-dropeffect", "aria-errormessage", "aria-flowto", "aria-grabbed", "aria-haspopup", "aria-hidden", "aria-invalid", "aria-keyshortcuts", "aria-label", "aria-labelledby", "aria-live", "aria-owns", "aria-relevant", "aria-roledescription"])

PRESENTATIONAL = frozenset({"none", "presentation"})
# Roles whose name is prohibited (ARIA 1.2 "Name From: prohibited"), and those that take no role description.
UNNAMED_ROLES = frozenset({"caption", "code", "deletion", "emphasis", "generic", "insertion", "paragraph", "strong",
                           "subscript", "superscript"}) | PRESENTATIONAL
UNDESCRIBED_ROLES = frozenset({"generic"}) | PRESENTATIONAL
PROHIBITED_ON = {"aria-label": UNNAMED_ROLES, "aria-labelledby": UNNAMED_ROLES, "aria-braillelabel": UNNAMED_ROLES,
                 "aria-roledescription": UNDESCRIBED_ROLES, "aria-brailleroledescription": UNDESCRIBED_ROLES}
# The braille attributes do not make role none give way: the rule fails an h1 with role none whose only global
# attribute is aria-brailleroledescription (with its native heading role, the attribute would be allowed).
NOT_CONFLICT_TRIGGERS = frozenset({"aria-braillelabel", "aria-brailleroledescription"})
# HTML elements whose native role (HTML-AAM) prohibits one of the attributes, whatever their context.
NATIVE_ROLES = {**dict.fromkeys(("div", "span", "b", "i", "u", "small", "bdi", "bdo", "data", "pre", "q", "samp"),
                                "generic"),
                "p": "paragraph", "code": "code", "em": "emphasis", "strong": "strong", "del": "deletion",
                "s": "deletion", "ins": "insertion", "sub": "subscript", "sup": "superscript", "caption": "caption"}

# ARIA 1.2's required context roles.
_MENU_CONTEXT = ("group", "menu", "menubar")
REQUIRED_CONTEXT: dict[str, tuple[str, ...]] = {
    "caption": ("figure", "grid", "table", "treegrid"), "cell": ("row",), "columnheader": ("row",),
    "gridcell": ("row",), "rowheader": ("row",), "listitem": ("directory", "list"), "menuitem": _MENU_CONTEXT,
    "menuitemcheckbox": _MENU_CONTEXT, "menuitemradio": _MENU_CONTEXT, "option": ("group", "listbox"),
    "row": ("grid", "rowgroup", "table", "treegrid"), "rowgroup": ("grid", "table", "treegrid"), "tab": ("tablist",),
    "treeitem": ("group", "tree"),
}
DOCUMENT_ROLE = "RootWebArea"  # Chromium's node for the document: nothing above it gives context

ARIA_ATTRIBUTES_JS = page_script("aria_attributes.js")
ARIA_CONTEXT_JS = page_script("aria_context.js")
_ATTRIBUTES_ARG = {"attributes": sorted(PROHIBITED_ON), "roles": sorted(ROLES)}
_CONTEXT_ARG = {"context": REQUIRED_CONTEXT, "roles": sorted(ROLES)}


# Prohibited global attributes (kb1m8s)

@dataclass(frozen=True)
class Labelled:
    """An element carrying attributes some roles prohibit, as the page and Chromium describe it."""

    tag: str
    explicit_role: str | None  # the first valid token of its role attribute
    aria: frozenset[str]  # the aria-* attributes it carries, with or without a value
    valued: tuple[str, ...]  # which of the prohibitable attributes carry a value
    exposed_role: str | None  # the ARIA role Chromium exposes it with (None: an internal role of Chromium's)
    focusable: bool


def semantic_role(element: Labelled) -> str | None:
    """The element's role as the rule reads it; None when it cannot be told for sure (the native role of an
    element not listed, or Chromium exposing another role than the native one)."""
    if element.explicit_role in PRESENTATIONAL:
        gives_way = element.focusable or any(name in GLOBAL_ATTRIBUTES - NOT_CONFLICT_TRIGGERS
                                             for name in element.aria)
        # When role none gives way, the element is exposed with its native role: Chromium's.
        return element.exposed_role if gives_way else element.explicit_role
    if element.explicit_role:
        return element.explicit_role
    native = NATIVE_ROLES.get(element.tag)
    if native is None:  # a custom element: its role is what Chromium gives it, when plain
        return element.exposed_role if "-" in element.tag and element.exposed_role == "generic" else None
    return native if element.exposed_role == native else None


def prohibited_attributes(element: Labelled) -> tuple[str | None, list[str]]:
    """The element's role, and the attributes it carries that this role prohibits."""
    role = semantic_role(element)
    if role is None:
        return None, []
    return role, [name for name in element.valued if role in PROHIBITED_ON[name]]


def check_prohibited_globals(context: CheckInput) -> list[Finding]:
    return in_every_frame(context, ARIA_ATTRIBUTES_JS, {"op": "any", **_ATTRIBUTES_ARG},
                          lambda world, location: _prohibited_in_frame(context, world, location))


def _prohibited_in_frame(context: CheckInput, world: FrameWorld, location: FramePlace) -> list[Finding]:
    elements = world.elements(ARIA_ATTRIBUTES_JS, {"op": "candidates", "prohibiting": sorted(UNNAMED_ROLES),
                                                    "implicit": sorted(NATIVE_ROLES), **_ATTRIBUTES_ARG})
    if not elements:
        return []
    facts_js = f"function (...elements) {{ return ({ARIA_ATTRIBUTES_JS})({{...{json.dumps(_ATTRIBUTES_ARG)}, " \
               "op: 'facts', elements}); }"
    findings = []
    for element, facts in zip(elements, world.call(facts_js, elements), strict=True):
        node = world.accessibility_node(element)
        if node is None or node.get("ignored"):
            continue  # not in the accessibility tree: out of the rule
        labelled = Labelled(tag=facts["tag"], explicit_role=facts["role"], aria=frozenset(facts["aria"]),
                            valued=tuple(facts["valued"]), exposed_role=_aria_role(node), focusable=_focusable(node))
        role, prohibited = prohibited_attributes(labelled)
        if not prohibited:
            continue
        findings.append(context.finding(
            ARIA_PROHIBITED_GLOBAL, "prohibited" if len(prohibited) == 1 else "prohibited-several",
            selector=location.prefix + facts["selector"], box=location.box(facts["box"]), role=role,
            attributes=prohibited, requirement="WAI-ARIA, prohibited states and properties (1.2, 5.2.5)"))
    return findings


# Required context role (ff89c9)

@dataclass(frozen=True)
class AxAncestor:
    """An ancestor in Chromium's accessibility tree."""

    role: str
    internal: bool  # one of Chromium's own roles (the document, layout tables), not an ARIA role
    ignored: bool = False
    plain: bool = False  # a generic element with no global ARIA attribute and no tabindex: ARIA steps over it


def context_outcome(role: str, ancestors: Iterable[AxAncestor]) -> tuple[Status, str | None]:
    """Whether the first ancestor that counts has one of the roles `role` requires; and that ancestor's role."""
    for ancestor in ancestors:
        if ancestor.ignored or (ancestor.role == "generic" and ancestor.plain):
            continue
        if not ancestor.internal and ancestor.role in REQUIRED_CONTEXT[role]:
            return "passed", ancestor.role
        if ancestor.internal and ancestor.role != DOCUMENT_ROLE:
            return "needs-review", ancestor.role  # how Chromium's own roles map to ARIA is not this check's to say
        return "violation", ancestor.role
    return "violation", None


def check_required_context(context: CheckInput) -> list[Finding]:
    return in_every_frame(context, ARIA_CONTEXT_JS, {"op": "any", **_CONTEXT_ARG},
                          lambda world, location: _context_in_frame(context, world, location))


def _context_in_frame(context: CheckInput, world: FrameWorld, location: FramePlace) -> list[Finding]:
    elements = world.elements(ARIA_CONTEXT_JS, {"op": "candidates", **_CONTEXT_ARG})
    if not elements:
        return []
    facts_js = f"function (...elements) {{ return ({ARIA_CONTEXT_JS})({{...{json.dumps(_CONTEXT_ARG)}, " \
               "op: 'facts', elements}); }"
    findings = []
    for element, facts in zip(elements, world.call(facts_js, elements), strict=True):
        nodes = world.session.send("Accessibility.getPartialAXTree", {"objectId": element, "fetchRelatives": True})
        chain = nodes.get("nodes", [])
        if not chain or chain[0].get("ignored"):
            continue  # not in the accessibility tree: out of the rule
        role = facts["role"]
        status, parent = context_outcome(role, _ancestors(world, chain))
        if status == "passed":
            continue
        message = "unsure-parent" if status == "needs-review" else \
            "wrong-parent" if parent and parent != DOCUMENT_ROLE else "no-parent"
        findings.append(context.finding(
            ARIA_REQUIRED_CONTEXT, message,
            selector=location.prefix + facts["selector"], box=location.box(facts["box"]), status=status, role=role,
            required_context=list(REQUIRED_CONTEXT[role]), accessibility_parent=parent))
    return findings


def _ancestors(world: FrameWorld, chain: list[dict[str, Any]]) -> Iterator[AxAncestor]:
    """The ancestors of chain[0] (an element and its relatives, as Chromium lists them), nearest first; whether a
    generic one is plain is asked of the DOM only when it is reached."""
    by_id = {node["nodeId"]: node for node in chain}
    node = by_id.get(chain[0].get("parentId"))
    while node is not None:
        role = node.get("role", {})
        generic = role.get("value") == "generic" and not node.get("ignored")
        yield AxAncestor(role=role.get("value", ""), internal=role.get("type") != "role",
                         ignored=bool(node.get("ignored")), plain=generic and _plain(world, node))
        node = by_id.get(node.get("parentId"))


def _plain(world: FrameWorld, node: dict[str, Any]) -> bool:
    """A generic node whose element carries no global ARIA attribute and was not made focusable by its author
    (Chromium also makes some scroll containers focusable on its own: that does not make them part of a widget)."""
    if "backendDOMNodeId" not in node:
        return False
    described = world.session.send("DOM.describeNode", {"backendNodeId": node["backendDOMNodeId"]})["node"]
    attributes = described.get("attributes", [])[::2]  # name, value, name, value...
    return not any(name in GLOBAL_ATTRIBUTES or name in ("tabindex", "contenteditable") for name in attributes)


def _aria_role(node: dict[str, Any]) -> str | None:
    role = node.get("role", {})
    return role.get("value") if role.get("type") == "role" else None


def _focusable(node: dict[str, Any]) -> bool:
    return any(p.get("name") == "focusable" and p.get("value", {}).get("value") for p in node.get("properties", []))


PROHIBITED = ("{names} {verb} prohibited on an element with role {{role}} (WAI-ARIA): browsers may drop it, and what "
              "it says never reaches assistive technology. Give the element a role that allows it, or put the text in "
              "the content")
NO_CONTEXT = ("This element has role {{role}}, which means something only inside an element with role "
              "{{required_context: or }}; {where}, so assistive technology cannot tell what it belongs to")
ARIA_PROHIBITED_GLOBAL = Check(
    "aria-prohibited-global", (), "Global ARIA attributes that the element's role prohibits (a name on a generic "
    "element or a paragraph, a role description on role none) are not used.", check_prohibited_globals,
    act=("kb1m8s",), best_practice=True, messages={
        "prohibited": PROHIBITED.format(names="{attributes}", verb="is"),
        "prohibited-several": PROHIBITED.format(names="{attributes: and }", verb="are")})
ARIA_REQUIRED_CONTEXT = Check(
    "aria-required-context", ("1.3.1",), "Elements whose role needs a context role (listitem, option, menuitem, "
    "tab...) have it as their parent in the accessibility tree (Chromium's).", check_required_context,
    act=("ff89c9",), messages={
        "wrong-parent": NO_CONTEXT.format(where="its parent in the accessibility tree has role {accessibility_parent}"),
        "no-parent": NO_CONTEXT.format(where="it has no such parent in the accessibility tree"),
        "unsure-parent": NO_CONTEXT.format(where="its parent in the accessibility tree has role {accessibility_parent}")
        + " (Chromium gives that parent a role of its own: check what it is exposed as)"})
