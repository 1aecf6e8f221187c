"""Text contrast as ACT rules afw4f7 / 09o5cg define it, on synthetic pixels (no browser): the highest possible
contrast of each character, plain runs judged by their colours, and the outcome rules (violation only when
every character fails)."""

from __future__ import annotations

import numpy as np
import pytest

from uiagent.audit.checks.base import CheckInput
from uiagent.audit.checks.contrast import (
    RunContrast,
    check_text_contrast,
    check_text_contrast_enhanced,
    highest_contrast,
    is_large_text,
    measure_painted,
    measure_plain,
)
from uiagent.capture.models import Box, Capture, DomFacts, TextRun
from uiagent.config import Settings

WHITE, BLACK, GREY_AAA = (255, 255, 255), (0, 0, 0), (170, 170, 170)


def run(**fields: object) -> TextRun:
    values = {"selector": "#t", "text": "Some text", "box": Box(x=0, y=0, width=40, height=10), "color": "rgb(0, 0, 0)",
              "background_color": "rgb(255, 255, 255)", "background_image": False, "font_size_px": 16,
              "font_weight": 400, "lines": [Box(x=0, y=0, width=40, height=10)], **fields}
    return TextRun.model_validate(values)


def line_image(text: tuple[int, int, int], background: tuple[int, int, int], width: int = 40) -> np.ndarray:
    """A 10 px line: background, three glyph strokes in the text colour with an anti-aliased edge beside each."""
    image = np.full((10, width, 3), background, dtype=np.uint8)
    blend = tuple((np.array(text) + np.array(background)) // 2)
    for x in (5, 15, 25):
        image[2:8, x] = text
        image[2:8, x + 1] = blend
    return image


def test_highest_contrast_takes_the_best_pair_of_colours() -> None:
    assert highest_contrast(np.array([BLACK]), np.array([WHITE])) == pytest.approx(21.0)
    # A halo: the background set holds the text's best partner even where most of it is grey.
    assert highest_contrast(np.array([BLACK]), np.array([(115, 115, 115), WHITE])) == pytest.approx(21.0)
    assert highest_contrast(np.array([(90, 90, 90)]), np.array([(90, 90, 90)])) == pytest.approx(1.0)


def test_large_text_is_24px_or_bold_at_14pt() -> None:
    assert is_large_text(24, 400) and is_large_text(18.6667, 700)
    assert not is_large_text(23.9, 400) and not is_large_text(18.6667, 600) and not is_large_text(18.5, 700)


def test_a_plain_run_is_judged_by_its_colours_once_the_pixels_confirm_them() -> None:
    measured = measure_plain(line_image(GREY_AAA, WHITE), run(color="rgb(170, 170, 170)"))
    assert measured is not None and measured.glyph_ratios == [pytest.approx(2.32, abs=0.01)]
    # Thin glyphs never reach their colour (#222 painted no darker than #c8c8c8): still judged by it, not by
    # their blurred edges.
    thin = measure_plain(line_image((200, 200, 200), WHITE), run(color="rgb(34, 34, 34)"))
    assert thin is not None and thin.glyph_ratios == [pytest.approx(15.9, abs=0.1)]
    # Something else painted on the line (a shadow in another colour): not plain, measured glyph by glyph.
    shadowed = line_image(BLACK, WHITE)
    shadowed[:, 30:36] = (255, 0, 0)
    assert measure_plain(shadowed, run()) is None
    # Text in the background's own colour paints nothing: not visible, not measured.
    assert measure_plain(line_image(WHITE, WHITE), run(color="rgb(255, 255, 255)")).skipped.startswith("not visible")
    # Transparency, effects and background images always take the two-shot path.
    assert measure_plain(line_image(BLACK, WHITE), run(opacity=0.3)) is None
    assert measure_plain(line_image(BLACK, WHITE), run(effects=["text-shadow"])) is None
    assert measure_plain(line_image(BLACK, WHITE), run(background_image=True)) is None


def characters(*xs: int) -> list[Box]:
    return [Box(x=x - 1, y=0, width=4, height=10) for x in xs]


def test_each_character_is_read_against_the_background_around_it() -> None:
    # Half the line on white, half on black, semi-dark grey text: each character fails on its own side.
    behind = np.full((10, 40, 3), WHITE, dtype=np.uint8)
    behind[:, 20:] = BLACK
    painted = behind.copy()
    painted[2:8, 5] = (75, 75, 75)   # on white: 8.7:1
    painted[2:8, 25] = (75, 75, 75)  # on black: 2.1:1
    measured = measure_painted(painted, behind, (0, 0), run(color="rgb(75, 75, 75)"), characters(5, 25))
    assert measured.glyph_ratios == [pytest.approx(8.72, abs=0.05), pytest.approx(2.4, abs=0.1)]


def test_a_neighbouring_glyph_is_never_read_as_the_background_around_a_character() -> None:
    # A thin dash, its pixels anti-aliased, and an X whose stroke lies within a pixel of it (as "-X" in a code link
    # on a grey code background): the dash is read against the grey, not against the X.
    grey, blue = (214, 214, 214), (0, 114, 170)
    behind = np.full((10, 40, 3), grey, dtype=np.uint8)
    painted = behind.copy()
    painted[5, 4:9] = (146, 182, 200)  # the dash, lighter than its colour, to the edge of its box
    painted[2:9, 9] = blue  # the X's stroke, in the pixel around the dash's box
    dash, x = Box(x=3, y=0, width=5, height=10), Box(x=9, y=0, width=5, height=10)
    measured = measure_painted(painted, behind, (0, 0), run(text="-X", color="rgb(0, 114, 170)"), [dash, x])
    assert tuple(measured.background) == grey
    assert measured.glyph_ratios == [pytest.approx(3.62, abs=0.01)] * 2


def test_a_shadow_in_its_own_colour_is_background_and_counts_for_the_text() -> None:
    behind = np.full((10, 40, 3), (115, 115, 115), dtype=np.uint8)
    behind[1:9, 3:8] = WHITE  # the halo, still there when the text is transparent
    painted = behind.copy()
    painted[2:8, 5] = BLACK
    measured = measure_painted(painted, behind, (0, 0), run(effects=["text-shadow"]), characters(5))
    assert measured.glyph_ratios == [pytest.approx(21.0)]


def test_transparent_text_is_composited_over_what_lies_behind_it() -> None:
    behind = np.full((10, 40, 3), WHITE, dtype=np.uint8)
    painted = behind.copy()
    painted[2:8, 5] = (179, 179, 179)  # black at 30% over white
    measured = measure_painted(painted, behind, (0, 0), run(color="rgba(0, 0, 0, 0.3)"), characters(5))
    assert measured.glyph_ratios == [pytest.approx(2.1, abs=0.05)]


def context_with(measured: list[RunContrast]) -> CheckInput:
    dom = DomFacts(url="http://x/", title="", lang="en", viewport_width=40, viewport_height=10, scroll_width=40,
                   scroll_height=10, elements=[], text_runs=[m.run for m in measured], focusables=[], images=[])
    capture = Capture.of(pixels=np.zeros((10, 40, 3), dtype=np.uint8), url="http://x/", kind="full_page",
                         origin=Box(x=0, y=0, width=40, height=10), stable=True, settle_ms=0, dom=dom)
    context = CheckInput(page=None, capture=capture, settings=Settings())  # type: ignore[arg-type]
    context.measurements["text_contrast_runs"] = measured
    return context


def statuses(findings) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {finding.selector: finding.status for finding in findings}


def test_a_violation_needs_every_character_to_fail_and_exceptions_are_not_measured() -> None:
    context = context_with([
        RunContrast(run(selector="#all-faint"), [2.3, 2.1, 3.0]),
        RunContrast(run(selector="#varies"), [2.3, 6.1]),
        RunContrast(run(selector="#fine"), [4.5, 12.0]),
        RunContrast(run(selector="#hidden-faint", aria_hidden=True), [1.6]),
        RunContrast(run(selector="#nearly-invisible"), [1.04]),
        RunContrast(run(selector="#large", font_size_px=24), [3.2]),
        RunContrast(run(selector="#disabled"), skipped="inactive: part of the disabled #archive"),
    ])
    assert statuses(check_text_contrast(context)) == {"#all-faint": "violation", "#varies": "needs-review",
                                                      "#hidden-faint": "needs-review", "#nearly-invisible": "needs-review"}
    assert context.measurements["text-contrast"]["#large"]["status"] == "pass"
    assert context.measurements["text-contrast"]["#disabled"] == {
        "status": "not-applicable", "reason": "inactive: part of the disabled #archive"}
    # 1.4.6 asks 7:1 (4.5:1 for large text), and reports what is below 4.5:1 too.
    assert statuses(check_text_contrast_enhanced(context)) == {
        "#all-faint": "violation", "#varies": "violation", "#fine": "needs-review", "#hidden-faint": "needs-review",
        "#nearly-invisible": "needs-review", "#large": "violation"}


def test_characters_are_counted_only_where_each_glyph_was_measured() -> None:
    context = context_with([RunContrast(run(selector="#plain", text="Opening hours"), [2.3]),
                            RunContrast(run(selector="#over-photo"), [2.3, 2.1, 5.0], by_glyph=True)])
    evidence = {f.selector: f.evidence for f in check_text_contrast(context)}
    assert "failing_characters" not in evidence["#plain"]  # one ratio for the run: no characters to count
    assert evidence["#over-photo"]["failing_characters"] == "2/3"


def test_ratios_are_floored_so_a_near_miss_never_reads_as_a_pass() -> None:
    context = context_with([RunContrast(run(selector="#near"), [4.4999])])
    [finding] = check_text_contrast(context)
    assert finding.status == "violation" and finding.evidence["ratio"] == 4.49
