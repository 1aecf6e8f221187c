"""The uiagent pytest API as the README shows it, on the bundled demo shop."""

import pytest
from pydantic import BaseModel


def test_the_form_can_be_submitted(shop, expect_visual):
    expect_visual(shop).to_satisfy("there is a sign up button below the form")


def test_no_error_before_submitting(shop, expect_visual):
    expect_visual(shop.locator("form")).not_to_satisfy("an error message is shown")


class SizeChoice(BaseModel):
    sizes: list[str]
    default: str


def test_reading_values_off_the_screen(shop, expect_visual):
    choice = expect_visual(shop.locator("#size")).query("Which shoe sizes can be chosen?", SizeChoice)
    assert choice.default in choice.sizes


@pytest.mark.uiagent(soft=True)
def test_several_expectations_at_once(shop, expect_visual):
    # Soft: all are sent concurrently; the test fails at the end listing every failed one.
    expect_visual(shop).to_satisfy("there is a sign up button below the form")
    expect_visual(shop.locator("form")).not_to_satisfy("an error message is shown")


def test_the_form_looks_as_approved(shop, expect_visual):
    # Baselines live in __baselines__/ beside the test module; record them with --uiagent-update-baselines.
    expect_visual(shop.locator("form")).to_match_baseline("signup-form")
