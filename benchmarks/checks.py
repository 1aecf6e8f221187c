"""Where the audit's time goes on pages you choose: each URL loaded and audited in turn (one browser, no model), each
check's seconds summed over the pages, and the rest (capture, axe, bookkeeping). For profiling on real sites: serve
a copy of one (a documentation folder, a static build) on loopback and list its pages. `--pages FILE` keeps one
JSON line per page (its seconds, each check's, its findings as rule|status|selector), so two revisions can be
compared page by page. Ends with one JSON line.
Run: .venv/bin/python benchmarks/checks.py URL... or @URLS or sitemap.xml (as `uiagent audit`) [--pages out.jsonl]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from uiagent.audit import AuditOptions, audit_page
from uiagent.browser import open_browser
from uiagent.capture import load_page
from uiagent.cli.audit import _expand as targets_of  # `uiagent audit`'s own reading of @lists and sitemaps
from uiagent.config import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+", help="URLs, @FILE (one URL a line, # comments) or a sitemap.xml, as `uiagent audit` takes them")
    parser.add_argument("--pages", type=Path, help="write one JSON line per page here")
    arguments = parser.parse_args()
    settings = Settings()
    checks: Counter[str] = Counter()
    total = 0.0
    rows = []
    with open_browser(settings) as browser:
        page = browser.new_page(viewport={"width": settings.viewport_width, "height": settings.viewport_height})
        for url in targets_of(tuple(arguments.urls)):
            load_page(page, url, settings.navigation_timeout_s)
            started = time.perf_counter()
            audit = audit_page(page, AuditOptions(), settings)
            seconds = time.perf_counter() - started
            total += seconds
            spent = {run.check: run.seconds for run in audit.checks if run.seconds}
            checks.update(spent)
            rows.append({"url": url, "seconds": round(seconds, 2), "elements": audit.elements, "checks": spent,
                         "findings": sorted(f"{f.rule}|{f.status}|{f.selector}" for f in audit.findings)})
            print(f"{seconds:6.2f} s  {len(audit.findings):4d} findings  {url}", flush=True)
    if arguments.pages:
        arguments.pages.write_text("".join(json.dumps(row) + "\n" for row in rows))
    rest = total - sum(checks.values())
    print(f"{len(rows)} pages, {total:.1f} s; capture, axe and the rest {rest:.1f} s; the costliest checks: "
          + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in checks.most_common(8)))
    print(json.dumps({"benchmark": "checks", "pages": len(rows), "seconds": round(total, 1),
                      "capture_axe_rest_s": round(rest, 1),
                      "checks_s": {name: round(seconds, 2) for name, seconds in checks.most_common()}}))


if __name__ == "__main__":
    main()
