"""How a suite runs offline: override `uiagent_provider` to point at the bundled simulator.

With a real model, delete this file and set UIAGENT_PROVIDER (e.g. anthropic:claude-sonnet-4-6) and the key.
The simulator does not look at the screenshots: these rules script its answers, so the example shows
the API and the plumbing, not a model's judgement.
"""

import pytest

from uiagent.vlm.simulator import Reply, Rule
from uiagent.vlm.simulator.script import Match


def answer(contains: str, **reply: object) -> Rule:
    return Rule(when=Match(question_contains=contains), reply=Reply(**reply))


@pytest.fixture(scope="session")
def uiagent_provider(vlm_simulator):
    vlm_simulator.reset()
    for rule in [
        answer("sign up button", answer={"outcome": "pass", "reason": "a navy 'Sign up' button below the form"}),
        answer("error message", answer={"outcome": "fail", "reason": "no error is shown"}),
        answer("shoe sizes", text='{"sizes": ["40", "41", "42"], "default": "40"}'),
        answer("approved baseline", answer={"outcome": "pass", "reason": "same content"}),
    ]:
        vlm_simulator.add_rule(rule)
    return f"openai-compatible:qwen2.5-vl-7b@{vlm_simulator.openai_base_url}"


@pytest.fixture
def shop(page, demo_site):
    page.goto(demo_site.url("clean-form.html"))
    return page
