"""Secrets never leave the machine: password, card and chosen fields are black in what the model receives and in
every file uiagent writes, wherever they are on the page (top level, a same-origin frame, a cross-origin frame in
another process, a closed shadow root). Labelled page: tests/pages/secrets/index.html."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page

from uiagent.assertions import AssertionContext, Policy, VisualAssertionError
from uiagent.audit.evidence import crop_around, keep_crops
from uiagent.audit.findings import Finding
from uiagent.audit.run import AuditOptions, audit_page
from uiagent.baselines import BaselineStore
from uiagent.capture import capture, load_page
from uiagent.capture.models import Box
from uiagent.config import Settings
from uiagent.errors import ConfigError
from uiagent.vlm import question_about
from uiagent.vlm.simulator import VLMSimulator

from .conftest import answer, script

SETTINGS = Settings(network_idle_cap_s=0.5, stable_timeout_s=1, mask_selectors=["#chosen"])


def _open(page: Page, fixture_site) -> dict[str, Box]:  # type: ignore[no-untyped-def]
    """The secrets page, loaded with both frames, and the document box of each secret."""
    page.set_viewport_size({"width": 800, "height": 900})
    load_page(page, fixture_site.url("secrets/index.html"), timeout_s=10)
    page.frame_locator("#other").locator("#password").wait_for()

    def box(locator, offset=(0, 0)) -> Box:  # type: ignore[no-untyped-def]
        r = locator.evaluate("e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }")
        return Box(x=r[0] + offset[0], y=r[1] + offset[1], width=r[2], height=r[3])

    secrets = {"card": box(page.locator("#card")), "chosen": box(page.locator("#chosen")),
               "closed-root password": box(page.locator("#closed-host"))}
    for frame in ("same", "other"):
        # Where the frame's content starts: inside its 4 px border and 6 px padding. (Playwright's bounding_box
        # leaves these out for a frame in another process.)
        element = box(page.locator(f"#{frame}"))
        for field in ("#password", "#frame-card"):
            secrets[f"{frame} frame {field}"] = box(page.frame_locator(f"#{frame}").locator(field),
                                                    (element.x + 10, element.y + 10))
    return secrets


# A JPEG's blocks that straddle a mask's edge ring a little; an unmasked field would show its white background.
JPEG_RINGING = 40


def _assert_masked(pixels: np.ndarray, secrets: dict[str, Box], origin: Box | None = None, tolerance: int = 0) -> None:
    ox, oy = (origin.x, origin.y) if origin else (0, 0)
    for name, box in secrets.items():
        inside = pixels[int(box.y - oy) + 1:int(box.bottom - oy) - 1, int(box.x - ox) + 1:int(box.right - ox) - 1]
        assert inside.size and (inside <= tolerance).all(), f"{name} is not masked"


def _assert_public_text_shows(pixels: np.ndarray, page: Page) -> None:
    public = Box.model_validate(page.locator("#public").bounding_box())
    region = pixels[int(public.y):int(public.bottom), int(public.x):int(public.right)]
    assert (region != 0).any() and (region == 255).any(), "the control text was masked too"


def test_every_secret_is_black_in_what_the_model_receives(page: Page, fixture_site, simulator: VLMSimulator,
                                                           make_session) -> None:
    secrets = _open(page, fixture_site)
    shot = capture(page, "viewport", settings=SETTINGS)
    assert len(shot.masks) >= len(secrets)

    session = make_session("anthropic")
    session.ask(question_about(shot, "the checkout form is filled in", session.judge.prepare_options()))
    [uploaded] = simulator.requests[0].images
    pixels = np.asarray(uploaded.image().convert("RGB"))
    _assert_masked(pixels, secrets)
    _assert_public_text_shows(pixels, page)


def test_every_secret_is_black_in_the_files_uiagent_writes(page: Page, fixture_site, simulator: VLMSimulator,
                                                            make_session, tmp_path: Path) -> None:
    secrets = _open(page, fixture_site)

    # What an audit keeps for the reports: the page's thumbnail ...
    audit = audit_page(page, AuditOptions(skip=frozenset({"focus-visible", "reflow", "zoom-clip", "text-spacing"})),
                       SETTINGS, evidence_dir=tmp_path / "audit")
    assert audit.screenshot is None, "the full page is kept only when asked for"
    thumbnail = Image.open(audit.thumbnail or "").convert("RGB")
    scale = thumbnail.width / 800
    on_thumbnail = {name: Box(x=box.x * scale + 1, y=box.y * scale + 1, width=box.width * scale - 2,
                              height=box.height * scale - 2)
                    for name, box in secrets.items() if box.bottom * scale < thumbnail.height}
    assert len(on_thumbnail) >= 4
    _assert_masked(np.asarray(thumbnail), on_thumbnail, tolerance=JPEG_RINGING)

    # ... and the annotated crop of a finding on each secret. Its red outline lies on the box's inner edge and
    # JPEG bleeds red a few pixels into the mask: green and blue tell a masked field from a white one.
    shot = capture(page, "full_page", settings=SETTINGS)
    on_secrets = [Finding(page=page.url, source=["pixel"], rule="test", status="violation", selector=f"#s{index}",
                          box=box, message=name) for index, (name, box) in enumerate(secrets.items())]
    for finding in keep_crops(shot, on_secrets, tmp_path / "audit"):
        crop = Image.open(finding.evidence["crop"]).convert("RGB")
        box = finding.box
        assert box is not None
        region = crop_around(box, Box(x=0, y=0, width=shot.size[0], height=shot.size[1]))
        assert region is not None
        scale = crop.width / region.width  # (a crop larger than 480 x 300 is scaled down)
        inner = Box(x=(box.x - region.x) * scale + 3, y=(box.y - region.y) * scale + 3,
                    width=box.width * scale - 6, height=box.height * scale - 6)
        green_blue = np.asarray(crop)[..., 1:]
        _assert_masked(green_blue, {finding.message: inner}, tolerance=JPEG_RINGING)

    # ... a failed visual assertion's annotated screenshot, and a recorded screenshot baseline.
    simulator.reset(script(answer("fail", reason="not filled in")))
    context = AssertionContext(test_id="masking", settings=SETTINGS, policy=Policy(update_baselines=True),
                               output_dir=tmp_path / "results", baselines=BaselineStore(tmp_path / "baselines"),
                               judge=make_session("openai"))
    with pytest.raises(VisualAssertionError):
        context.expect(page).to_satisfy("the checkout form is filled in")
    [annotated] = (tmp_path / "results").glob("*-annotated.png")
    _assert_masked(np.asarray(Image.open(annotated).convert("RGB")), secrets)
    context.expect(page).to_match_baseline("checkout")
    [baseline] = (tmp_path / "baselines").glob("*.png")
    _assert_masked(np.asarray(Image.open(baseline).convert("RGB")), secrets)


def test_a_mask_selector_that_is_not_css_is_a_clear_error(page: Page, fixture_site) -> None:
    _open(page, fixture_site)
    with pytest.raises(ConfigError, match=r"mask_selectors: not a valid CSS selector: 'text=Order'"):
        capture(page, "viewport", settings=Settings(stable_timeout_s=1, mask_selectors=["text=Order"]))


def test_a_capture_without_secrets_sends_the_pixels_as_shot(page: Page, demo_site) -> None:  # type: ignore[no-untyped-def]
    load_page(page, demo_site.url("clean-article.html"), timeout_s=5)
    shot = capture(page, "viewport", settings=Settings(network_idle_cap_s=0, stable_timeout_s=1))
    assert shot.masks == []
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(shot.png)).convert("RGB")), shot.pixels())
