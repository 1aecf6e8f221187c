"""The capture job over many pages: each bad page gets one clear error, the good ones still complete."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from uiagent.capture.batch import capture_targets
from uiagent.config import Settings

from .test_targets import _closed_port


def test_each_bad_page_gets_its_own_error_and_the_rest_complete(browser, fixture_site, tmp_path: Path) -> None:
    unreachable = f"http://127.0.0.1:{_closed_port()}/"
    targets = [
        fixture_site.url("dom-facts.html"),
        "http//not-a-url",
        str(tmp_path / "missing.html"),
        unreachable,
        fixture_site.url("__status/500"),
        fixture_site.url("nope.html"),
        fixture_site.url("never-loads.html"),
        fixture_site.url("script-error.html"),
    ]
    settings = Settings(navigation_timeout_s=1.5, network_idle_cap_s=0.3, stable_timeout_s=1)
    out = tmp_path / "out"
    results = capture_targets(targets, out, settings, browser=browser)

    by_target = {r.target: r for r in results}
    assert [r.status for r in results] == ["ok", "error", "error", "error", "error", "error", "ok", "ok"]
    # Its document arrived though a resource never finished: captured as it was, and the result says why.
    assert any("never finished loading" in w for w in by_target[fixture_site.url("never-loads.html")].warnings)
    expected_causes = {
        "http//not-a-url": "file does not exist",
        str(tmp_path / "missing.html"): "file does not exist",
        unreachable: "connection refused",
        fixture_site.url("__status/500"): "HTTP 500",
        fixture_site.url("nope.html"): "HTTP 404",
    }
    for target, cause in expected_causes.items():
        error = by_target[target].error
        assert cause in error and (target in error or target.strip("/") in error), error

    script_page = by_target[fixture_site.url("script-error.html")]
    assert any("undefinedFunctionCall" in w for w in script_page.warnings)

    good = by_target[fixture_site.url("dom-facts.html")]
    assert Image.open(out / good.files["viewport"]).size == (1280, 720)
    assert Image.open(out / good.files["full_page"]).width == 1280
    dom = json.loads((out / good.files["dom"]).read_text())
    assert dom["title"] == "DOM facts" and good.counts["focusables"] >= 5

    lines = (out / "results.jsonl").read_text().splitlines()
    assert [json.loads(line)["target"] for line in lines] == targets
