"""Pages per minute of `uiagent audit --workers N` against one worker, in the same run, on the same local pages.

Generates PAGES pages (articles with headings, paragraphs, link lists, a form, a table; every tenth with a
defect: faint text, an image without alt, an unlabelled field), serves them on loopback and audits them all with
one worker, then with N, through the audit the CLI runs (audit_targets: its own browser per worker, one
journal). Also checks that both runs found the same findings. Ends with one JSON line.
Run: .venv/bin/python benchmarks/workers.py [--pages 300] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from uiagent.audit import AuditOptions, audit_targets
from uiagent.config import Settings
from uiagent.demo import SiteServer


def page_html(n: int) -> str:
    defect = n % 10 == 0
    links = "".join(f'<li><a href="page-{(n + k) % 300}.html">Related page {k}</a></li>' for k in range(1, 9))
    rows = "".join(f"<tr><td>Item {r}</td><td>{r * n % 97} units</td></tr>" for r in range(6))
    faint = '<p style="color: #b0b0b0">Updated weekly.</p>' if defect else "<p>Updated weekly.</p>"
    image = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40">' if defect else ""
    field = '<input type="text">' if defect else '<label>Search <input type="search"></label>'
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page {n}</title>'
            '<style>body { font-family: "DejaVu Sans", sans-serif; margin: 24px; max-width: 40em; }</style></head>'
            f'<body><header><nav aria-label="Site"><a href="index.html">Home</a></nav></header><main>'
            f"<h1>Page {n}</h1><p>This page describes topic {n} in a few sentences, as documentation does. "
            "It links to related pages and has a small table.</p>" + faint + image +
            f"<h2>Related</h2><ul>{links}</ul><h2>Figures</h2><table><caption>Stock</caption>"
            f"<tr><th>Item</th><th>Count</th></tr>{rows}</table><form role=\"search\">{field}</form></main>"
            "<footer><p>Example documentation</p></footer></body></html>")


def timed_run(urls: list[str], workers: int, folder: Path) -> tuple[float, set[str]]:
    settings = Settings(network_idle_cap_s=0.5, stable_timeout_s=1.5)
    started = time.perf_counter()
    report = audit_targets(urls, settings, AuditOptions(), folder, workers=workers)
    seconds = time.perf_counter() - started
    assert all(page.status in ("ok", "partial") for page in report.pages), [p.error for p in report.pages if p.error]
    return len(urls) / seconds * 60, {f.fingerprint for f in report.findings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="uiagent-workers-") as scratch:
        site = Path(scratch) / "site"
        site.mkdir()
        for n in range(arguments.pages):
            (site / f"page-{n}.html").write_text(page_html(n), encoding="utf-8")
        with SiteServer(site) as server:
            urls = [server.url(f"page-{n}.html") for n in range(arguments.pages)]
            one, found_one = timed_run(urls, 1, Path(scratch) / "one")
            many, found_many = timed_run(urls, arguments.workers, Path(scratch) / "many")
    print(f"{arguments.pages} pages: 1 worker {one:.1f} pages/min, {arguments.workers} workers {many:.1f} pages/min "
          f"({many / one:.2f}x); same findings: {found_one == found_many}")
    print(json.dumps({"benchmark": "workers", "pages": arguments.pages, "workers": arguments.workers,
                      "pages_per_minute_1": round(one, 1), f"pages_per_minute_{arguments.workers}": round(many, 1),
                      "ratio": round(many / one, 2), "same_findings": found_one == found_many}))


if __name__ == "__main__":
    main()
