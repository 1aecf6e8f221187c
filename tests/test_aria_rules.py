"""ARIA roles and attributes where they may not be: prohibited global attributes (ACT kb1m8s) and required context
roles (ACT ff89c9); and axe's `list` counted for required owned elements (ACT bc4a75). The decisions on facts a
page script and Chromium's accessibility tree would give, without a browser, in this project's own examples."""

from __future__ import annotations

import pytest

from uiagent.audit.axe import act_ids
from uiagent.audit.checks.aria import (
    ARIA_PROHIBITED_GLOBAL,
    ARIA_REQUIRED_CONTEXT,
    AxAncestor,
    Labelled,
    context_outcome,
    prohibited_attributes,
    semantic_role,
)
from uiagent.audit.checks.base import Check
from uiagent.audit.run import run_timed

from .fakes import FakeFrame, context_for


def labelled(tag: str, *valued: str, role: str | None = None, exposed: str | None = None, aria: tuple[str, ...] = (),
             focusable: bool = False) -> Labelled:
    return Labelled(tag=tag, explicit_role=role, aria=frozenset(valued) | frozenset(aria), valued=valued,
                    exposed_role=exposed, focusable=focusable)


# Prohibited global attributes (kb1m8s)

@pytest.mark.parametrize(("element", "role", "prohibited"), [
    # A name on a price built from generic text, a paragraph, emphasis: prohibited.
    (labelled("span", "aria-label", exposed="generic"), "generic", ["aria-label"]),
    (labelled("p", "aria-labelledby", exposed="paragraph"), "paragraph", ["aria-labelledby"]),
    (labelled("em", "aria-braillelabel", exposed="emphasis"), "emphasis", ["aria-braillelabel"]),
    # A role description on a generic wrapper: prohibited; on a paragraph it is allowed.
    (labelled("div", "aria-roledescription", exposed="generic"), "generic", ["aria-roledescription"]),
    (labelled("p", "aria-roledescription", exposed="paragraph"), "paragraph", []),
    # An explicit role decides, whatever the element.
    (labelled("section", "aria-label", role="generic", exposed="generic"), "generic", ["aria-label"]),
    (labelled("div", "aria-label", role="note", exposed="note"), "note", []),
    (labelled("div", "aria-braillelabel", role="heading", exposed="heading"), "heading", []),
    # A custom element is generic when Chromium says so; one with a role of its own is left alone.
    (labelled("price-tag", "aria-label", exposed="generic"), "generic", ["aria-label"]),
    (labelled("star-rating", "aria-label", exposed="img"), None, []),
])
def test_prohibited_attributes_follow_the_role(element: Labelled, role: str | None, prohibited: list[str]) -> None:
    assert prohibited_attributes(element) == (role, prohibited)


def test_a_native_role_chromium_does_not_confirm_is_not_guessed() -> None:
    # An editable div may be exposed as a text field: its name is then not prohibited.
    assert semantic_role(labelled("div", "aria-label", exposed="textbox")) is None


def test_role_none_gives_way_to_the_native_role_when_focusable_or_globally_described() -> None:
    # A heading marked presentational but named: browsers expose the heading, which may be named.
    assert prohibited_attributes(labelled("h2", "aria-label", role="none", exposed="heading")) == ("heading", [])
    # A generic wrapper marked presentational: its name is prohibited either way.
    assert prohibited_attributes(labelled("div", "aria-label", role="presentation", exposed="generic")) == \
        ("generic", ["aria-label"])
    # Focusable: the native role stands.
    assert semantic_role(labelled("h3", "aria-brailleroledescription", role="none", exposed="heading",
                                  focusable=True)) == "heading"
    # Another global attribute (a live region) makes role none give way too.
    assert semantic_role(labelled("h3", "aria-braillelabel", role="none", exposed="heading",
                                  aria=("aria-live",))) == "heading"


def test_braille_attributes_alone_keep_role_none() -> None:
    element = labelled("h3", "aria-brailleroledescription", role="none", exposed="heading")
    assert prohibited_attributes(element) == ("none", ["aria-brailleroledescription"])


# Required context role (ff89c9)

LIST = AxAncestor("list", internal=False)
DOCUMENT = AxAncestor("RootWebArea", internal=True)


def generic(plain: bool) -> AxAncestor:
    return AxAncestor("generic", internal=False, plain=plain)


def test_an_item_in_its_list_passes_through_ignored_and_plain_wrappers() -> None:
    ignored = AxAncestor("none", internal=False, ignored=True)
    assert context_outcome("listitem", [LIST, DOCUMENT]) == ("passed", "list")
    assert context_outcome("listitem", [ignored, generic(plain=True), LIST]) == ("passed", "list")
    assert context_outcome("menuitemradio", [AxAncestor("group", internal=False), AxAncestor("menu", internal=False)]) \
        == ("passed", "group")


def test_an_exposed_wrapper_or_another_role_breaks_the_context() -> None:
    # A live region (generic with a global attribute) between the menu and its items.
    assert context_outcome("menuitem", [generic(plain=False), AxAncestor("menu", internal=False)]) == \
        ("violation", "generic")
    assert context_outcome("option", [AxAncestor("region", internal=False), AxAncestor("listbox", internal=False)]) \
        == ("violation", "region")
    assert context_outcome("tab", [generic(plain=True), DOCUMENT]) == ("violation", "RootWebArea")
    assert context_outcome("treeitem", []) == ("violation", None)


def test_a_parent_with_one_of_chromiums_own_roles_is_left_for_review() -> None:
    assert context_outcome("row", [AxAncestor("LayoutTable", internal=True)]) == ("needs-review", "LayoutTable")


# axe rules counted for ACT rules their metadata does not name (list: bc4a75; summary-name: 2t702h)

def test_axe_rules_count_for_the_act_rules_they_implement() -> None:
    assert act_ids("list", []) == ["bc4a75"]
    assert act_ids("summary-name", []) == ["2t702h"], "axe 4.12 names no ACT id for it"
    assert act_ids("aria-required-children", ["ff89c9", "bc4a75"]) == ["ff89c9", "bc4a75"], "in axe's own order"
    assert act_ids("region", []) == []


# The checks on a page, without a browser

@pytest.mark.parametrize("check", [ARIA_PROHIBITED_GLOBAL, ARIA_REQUIRED_CONTEXT])
def test_a_page_where_the_rule_applies_nowhere_costs_one_evaluate_per_frame(check: Check) -> None:
    frames = [FakeFrame(answer=False), FakeFrame(answer=False)]
    assert check.run(context_for(frames)) == []
    assert [frame.calls for frame in frames] == [1, 1]


@pytest.mark.parametrize("check", [ARIA_PROHIBITED_GLOBAL, ARIA_REQUIRED_CONTEXT])
def test_without_the_devtools_protocol_the_check_is_skipped_not_passed(check: Check) -> None:
    found, run = run_timed(check.id, lambda: check.run(context_for([FakeFrame(answer=True)])))
    assert found == [] and run.status == "skipped" and "accessibility tree" in run.detail


def test_the_checks_declare_their_rules() -> None:
    assert ARIA_PROHIBITED_GLOBAL.act == ("kb1m8s",) and ARIA_PROHIBITED_GLOBAL.wcag == ()
    assert ARIA_REQUIRED_CONTEXT.act == ("ff89c9",) and ARIA_REQUIRED_CONTEXT.wcag == ("1.3.1",)
    assert ARIA_REQUIRED_CONTEXT.replaces == ()  # axe's aria-required-parent keeps running beside it
