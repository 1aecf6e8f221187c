"""One page per process, as a CI step runs it: `uiagent audit PAGE --format json` against a script that launches
the same Chromium, loads the page and runs axe-core (what a user of axe-playwright-python writes), alternating
pairs on the same pages; and `uiagent --help`. Ends with one JSON line.
Run: .venv/bin/python benchmarks/cli.py [--pairs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from uiagent.demo.labels import SITE_DIR

UIAGENT = str(Path(sys.executable).with_name("uiagent"))

AXE_SCRIPT = """
import sys
from pathlib import Path
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright
from uiagent.browser.launch import chromium_launch_args
from uiagent.config import Settings
with sync_playwright() as p:
    browser = p.chromium.launch(**chromium_launch_args(Settings()))  # the same Chromium, with the same flags
    page = browser.new_page()
    page.goto(Path(sys.argv[1]).as_uri())
    results = Axe().run(page)
    print(len(results.response["violations"]))
    browser.close()
"""

ONE_ELEMENT = '<!doctype html><html lang="en"><head><title>One</title></head><body><p>Hello</p></body></html>'


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args()
    rows = {}
    with tempfile.TemporaryDirectory() as folder:
        one = Path(folder) / "one.html"
        one.write_text(ONE_ELEMENT)
        pages = {"one-element": one, "demo clean-form": SITE_DIR / "clean-form.html",
                 "demo focus-invisible": SITE_DIR / "focus-invisible.html"}
        for name, path in pages.items():
            axe, audit = [], []
            for pair in range(args.pairs):
                axe.append(timed([sys.executable, "-c", AXE_SCRIPT, str(path)]))
                audit.append(timed([UIAGENT, "audit", str(path), "--format", "json", "-o", f"{folder}/{pair}.json"]))
            rows[name] = {"axe_s": round(statistics.median(axe), 2), "audit_s": round(statistics.median(audit), 2),
                          "ratio": round(statistics.median(audit) / statistics.median(axe), 2)}
            print(f"{name:22} axe in a fresh browser {rows[name]['axe_s']:.2f} s  uiagent audit "
                  f"{rows[name]['audit_s']:.2f} s  x{rows[name]['ratio']:.2f}", flush=True)
        help_s = statistics.median(timed([UIAGENT, "--help"]) for _ in range(5))
    print(f"uiagent --help {help_s:.2f} s")
    print(json.dumps({"benchmark": "cli", "pairs": args.pairs, "pages": rows, "help_s": round(help_s, 3)}))


if __name__ == "__main__":
    main()
