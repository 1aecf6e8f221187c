"""Password fields and user selectors are masked in the pixels that are actually uploaded."""

from __future__ import annotations

import numpy as np
from playwright.sync_api import Page

from uiagent.capture import capture, load_page
from uiagent.capture.models import Box
from uiagent.config import Settings
from uiagent.vlm import question_about
from uiagent.vlm.simulator import VLMSimulator


def test_password_and_chosen_fields_are_black_in_the_uploaded_image(page: Page, demo_site, simulator: VLMSimulator,
                                                                   make_session) -> None:
    load_page(page, demo_site.url("clean-form.html"), timeout_s=5)
    page.fill("#password", "hunter2-secret")
    page.fill("#email", "someone@example.org")
    shot = capture(page, "viewport", settings=Settings(network_idle_cap_s=0, stable_timeout_s=1))
    email = Box.model_validate(page.locator("#email").bounding_box())
    password = next(e.box for e in shot.dom.elements if e.sensitive)

    session = make_session("anthropic")
    session.ask(question_about(shot, "the form is filled in", session.judge.prepare_options(), masks=[email]))
    [uploaded] = simulator.requests[0].images
    pixels = np.asarray(uploaded.image().convert("RGB"))
    for box in (password, email):
        region = pixels[int(box.y) + 1:int(box.bottom) - 1, int(box.x) + 1:int(box.right) - 1]
        assert region.size and (region == 0).all(), box
    # The rest of the page is untouched: the "Email address" label above the field is still there.
    label = pixels[int(email.y) - 20:int(email.y) - 4, int(email.x):int(email.x) + 100]
    assert (label != 0).any()
