"""Label in name (WCAG 2.5.3, ACT 2ee8b8): the decision on facts a page script would give, without a browser.

Parts stand for what label_in_name.js reads from a control: visible text, separators from block boxes and
<br>, text of uncertain visibility, icon-font text, CSS-generated text. Names stand for Chromium's accessible
name. The cases follow what the rule teaches (containment of whole words, in order, anywhere in the name;
what it ignores; what it leaves out), in this project's own examples.
"""

from __future__ import annotations

import pytest

from uiagent.audit.checks.label_in_name import (
    LABEL_IN_NAME,
    Part,
    applicable,
    contained,
    decide,
    decide_input_value,
    name_source,
    readings,
    reordered,
    strip_parentheses,
    tokens,
)
from uiagent.audit.run import run_timed

from .fakes import FakeFrame, context_for


def text(value: str, vis: str = "visible", at: tuple[float, float] | None = None, rtl: bool = False) -> Part:
    box = (at[0], at[1], 10.0 * len(value), 16.0) if at else None
    return Part(text=value, kind="text", vis=vis, start=box, end=box, rtl=rtl)  # type: ignore[arg-type]


def sep(value: str = " ") -> Part:
    return Part(text=value, kind="sep")


def icon(value: str, loaded: bool) -> Part:
    return Part(text=value, kind="icon", font_loaded=loaded)


def generated(value: str) -> Part:
    return Part(text=value, kind="generated")


def words(label: str) -> list[Part]:
    return [text(label)]


# Words

@pytest.mark.parametrize(("raw", "expected"), [
    ("Save  draft", ["save", "draft"]),
    ("SAVE Draft", ["save", "draft"]),
    ("Straße", ["strasse"]),  # case folding, not lower-casing
    ("\uff33\uff41\uff56\uff45 \ufb01le", ["save", "file"]),  # fullwidth letters, the fi ligature
    ("Next\u2026", ["next"]),
    (">> Send << \U0001F680", ["send"]),
    ("2\u00d73=6", ["2", "3", "6"]),
    ("Sort by date (newest first)", ["sort", "by", "date"]),
    ("Sizes (EU (metric)) chart", ["sizes", "chart"]),
    ("in\u00adcredible", ["incredible"]),  # a soft hyphen does not split a word
    ("Open\u00a0menu\n", ["open", "menu"]),
    ("", []),
])
def test_tokens_are_the_rules_words(raw: str, expected: list[str]) -> None:
    assert tokens(raw) == expected


def test_only_matched_brackets_take_their_content_with_them() -> None:
    assert tokens("Price) incl. tax") == ["price", "incl", "tax"]
    assert tokens("Price (incl. tax") == ["price", "incl", "tax"]
    assert strip_parentheses("a(b)c") == "a c"


@pytest.mark.parametrize(("label", "name", "expected"), [
    (["save"], ["save", "draft"], True),
    (["draft"], ["save", "draft"], True),
    (["save", "draft"], ["quickly", "save", "draft", "now"], True),
    (["save", "draft"], ["save", "the", "draft"], False),  # a gap
    (["draft", "save"], ["save", "draft"], False),  # another order
    (["save", "draft", "copy"], ["save", "draft"], False),
    (["sav"], ["save"], False),  # whole words only
    ([], ["anything"], True),
])
def test_containment_is_an_unbroken_run_of_whole_words(label: list[str], name: list[str], expected: bool) -> None:
    assert contained(label, name) is expected


# Decisions

def test_a_name_that_extends_the_label_passes() -> None:
    assert decide(words("Read more"), "Read more about the 2024 budget").status == "passed"
    assert decide(words("budget"), "Read more about the 2024 budget").status == "passed"


def test_a_name_unrelated_to_the_label_is_a_violation() -> None:
    decision = decide(words("Buy"), "Add to basket")
    assert decision.status == "violation" and decision.reasons == [] and decision.label == "Buy"


def test_a_word_added_inside_the_name_breaks_the_run() -> None:
    assert decide(words("Save draft"), "Save the draft").status == "violation"


def test_a_label_longer_than_the_name_is_a_violation() -> None:
    assert decide(words("Save draft now"), "save draft").status == "violation"


def test_hidden_text_is_not_part_of_the_label_but_aria_hidden_text_that_shows_is() -> None:
    # The page script reports visually hidden text as hidden; aria-hidden text that shows is plain text.
    hidden = [text("Read the "), text("printable", vis="hidden"), sep(), text(" parts list")]
    assert decide(hidden, "Read the parts list").status == "passed"
    shown = [text("Open "), text("account"), text(" settings")]
    assert decide(shown, "Open settings").status == "violation"


def test_block_boxes_separate_words_and_inline_boxes_do_not() -> None:
    assert decide([sep("\n"), text("Sign"), sep("\n"), sep("\n"), text("up"), sep("\n")], "Sign up").status == "passed"
    joined = decide([text("Sign"), text("up")], "Sign up")
    assert joined.status == "needs-review" and "other word breaks" in joined.reasons[0]


def test_words_run_together_are_not_excused_as_an_abbreviation_of_themselves() -> None:
    # "gohome" is "go" and "home" glued: "go" must not pass for an abbreviation of it.
    assert decide([text("go"), text("home")], "home go").status == "violation"


def test_punctuation_symbols_and_bracketed_hints_are_ignored() -> None:
    assert decide(words("\u00bb Checkout \u00ab"), "\u2714 Checkout").status == "passed"
    assert decide(words("Search by date (from \u2013 to)"), "Search by date").status == "passed"


def test_keys_shown_beside_the_label_are_left_to_review() -> None:
    keys = [text("Search "), Part(text="Ctrl", kind="text", kbd=True), text(" + "), Part(text="K", kind="text", kbd=True)]
    decision = decide(keys, "Search")
    assert decision.status == "needs-review" and any("<kbd>" in reason for reason in decision.reasons)
    assert decide(keys, "Find").status == "violation"  # the label's own word is missing too
    assert decide(keys, "Search Ctrl K").status == "passed"


def test_digits_are_not_number_words() -> None:
    assert decide(words("3 rooms"), "three rooms").status == "violation"
    assert decide(words("7"), "7b").status == "violation"
    assert decide(words("7b"), "7 floors").status == "violation"  # not the unit's first letter


def test_regrouped_digits_and_hyphenation_are_spelling_variants_left_to_review() -> None:
    for label, name in (("0800 123", "08 00 12 3"), ("e-mail", "email"), ("log in", "login")):
        decision = decide(words(label), name)
        assert decision.status == "needs-review" and "other word breaks" in decision.reasons[0], (label, name)


@pytest.mark.parametrize(("label", "name"), [
    ("Contact dept.", "Contact department"),
    ("Main St.", "Main Street"),
    ("Prev", "Previous page"),
    ("ACT rules", "Accessibility Conformance Testing rules"),
    ("Web Content Accessibility Guidelines", "WCAG"),
    ("Posted 3h ago", "Posted 3 hours ago"),
    ("EN", "English"),
])
def test_abbreviations_are_left_out_by_the_rule_so_never_a_violation(label: str, name: str) -> None:
    decision = decide(words(label), name)
    assert decision.status == "needs-review" and "abbreviation" in decision.reasons[-1], decision


def test_very_long_labels_are_not_searched_for_abbreviations_word_by_word() -> None:
    decision = decide(words("step " * 300 + "end"), "step " * 300)
    assert decision.status == "needs-review" and "too many words" in decision.reasons[-1]


def test_an_abbr_element_in_the_label_is_named_as_the_reason() -> None:
    decision = decide(words("Dr"), "Dentist", has_abbr=True)
    assert decision.status == "needs-review" and any("<abbr>" in reason for reason in decision.reasons)


def test_a_lone_letter_may_be_a_symbol() -> None:
    for label, name in (("X", "Close dialog"), ("A A", "Larger text")):
        decision = decide(words(label), name)
        assert decision.status == "needs-review" and "symbol" in decision.reasons[0]


def test_kept_brackets_can_excuse_a_mismatch() -> None:
    decision = decide(words("Opening hours incl. holidays"), "Opening hours (incl. holidays)")
    assert decision.status == "needs-review" and "bracketed" in decision.reasons[0]
    assert decide(words("3"), "Basket (3 items)").status == "needs-review"  # a badge counted in brackets


def test_scripts_without_spaces_are_left_to_review() -> None:
    decision = decide(words("\u4fdd\u5b58\u3059\u308b"), "\u4fdd\u5b58")
    assert decision.status == "needs-review" and "without spaces" in decision.reasons[-1]


def test_icon_font_text_is_an_icon_once_the_font_loaded_and_uncertain_before() -> None:
    assert decide([icon("shopping_cart", loaded=True)], "Basket").status == "passed"
    decision = decide([icon("shopping_cart", loaded=False)], "Basket")
    assert decision.status == "needs-review" and decision.doubtful_parts == ["shopping_cart"]
    assert decide([icon("shopping_cart", loaded=False), sep(), text("Basket")], "Basket").status == "needs-review"


def test_text_of_uncertain_visibility_is_tried_both_ways() -> None:
    parts = [text("Save "), text("as copy", vis="uncertain")]
    assert decide(parts, "Save as copy").status == "passed"
    assert decide(parts, "Save").status == "needs-review"
    assert decide(parts, "Delete").status == "violation"  # fails with or without it
    assert readings(parts) == ["Save as copy", "Save"]


def test_generated_text_is_tried_with_and_without() -> None:
    parts = [generated("New: "), text("arrivals")]
    assert readings(parts) == ["arrivals", "New: arrivals"]
    assert decide(parts, "arrivals this week").status == "needs-review"
    assert decide(parts, "New arrivals").status == "passed"
    assert decide([generated("\uf07a"), text("Basket")], "Basket").status == "passed"  # an icon glyph: no words


def test_too_many_uncertain_parts_are_not_all_tried() -> None:
    parts = [text(f"w{i} ", vis="uncertain") for i in range(5)]
    decision = decide(parts, "other")
    assert decision.status == "needs-review" and "more than 4" in decision.reasons[0]


def test_text_shown_in_another_order_than_the_documents_is_left_to_review() -> None:
    parts = [text("later", at=(120, 10)), sep(), text("first", at=(10, 10))]
    assert reordered(parts)
    assert decide(parts, "first later").status == "needs-review"
    assert not reordered([text("one", at=(10, 10)), text("two", at=(60, 10)), text("three", at=(10, 40))])
    assert reordered([text("below", at=(10, 40)), text("above", at=(10, 10))])
    assert not reordered([text("\u05d0", at=(100, 10), rtl=True), text("\u05d1", at=(60, 10), rtl=True)])


def test_a_closed_shadow_root_makes_a_mismatch_uncertain() -> None:
    assert decide(words("Buy"), "Add to basket", closed_shadow=True).status == "needs-review"


def test_a_control_inside_the_control_makes_a_mismatch_uncertain() -> None:
    # A tree item's visible text includes its child items': the rule counts them, people may not.
    parts = [text("Fruit"), sep("\n"), text("Apples"), sep("\n"), text("Pears")]
    assert decide(parts, "Fruit").status == "violation"
    decision = decide(parts, "Fruit", nested_control=True)
    assert decision.status == "needs-review" and "another control" in decision.reasons[0]


def test_the_rule_applies_only_to_text_that_shows() -> None:
    assert applicable(words("Buy"))
    assert applicable([icon("menu", loaded=True)])
    assert not applicable([text("hidden", vis="hidden"), sep()])
    assert not applicable([sep("\n"), generated("More")])


def test_an_input_buttons_value_is_only_ever_needs_review() -> None:
    assert decide_input_value("Send", "Send message").status == "passed"
    decision = decide_input_value("Send", "Submit form")
    assert decision.status == "needs-review" and "value" in decision.reasons[0]


def test_the_name_source_is_the_one_chromium_used() -> None:
    node = {"name": {"value": "Basket", "sources": [
        {"type": "relatedElement", "attribute": "aria-labelledby"},
        {"type": "attribute", "attribute": "aria-label", "value": {"type": "computedString", "value": "Basket"}},
        {"type": "contents", "value": {"type": "computedString", "value": "Buy"}, "superseded": True}]}}
    assert name_source(node) == "aria-label"


# The check on a page, without a browser: what it asks of the page

def test_a_page_without_aria_names_costs_one_evaluate() -> None:
    frame = FakeFrame(answer=False)
    assert LABEL_IN_NAME.run(context_for([frame])) == []
    assert frame.calls == 1


def test_without_the_devtools_protocol_the_check_is_skipped_not_passed() -> None:
    found, run = run_timed(LABEL_IN_NAME.id, lambda: LABEL_IN_NAME.run(context_for([FakeFrame(answer=True)])))
    assert found == [] and run.status == "skipped" and "accessibility tree" in run.detail


def test_the_check_declares_its_rule() -> None:
    assert LABEL_IN_NAME.act == ("2ee8b8",) and LABEL_IN_NAME.wcag == ("2.5.3",) and LABEL_IN_NAME.kind == "capture"
    assert "label-content-name-mismatch" in LABEL_IN_NAME.replaces
