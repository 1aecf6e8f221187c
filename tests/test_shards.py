"""One run over several machines: `--shard i/n` partitions pages (and scenarios) stably, `--workers` audits pages
at once, and `uiagent report merge` joins the outputs into what one unsharded run gives."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from uiagent.audit import AuditOptions, audit_targets
from uiagent.audit.findings import Finding, PageAudit
from uiagent.audit.groups import group_findings
from uiagent.demo import demo_pages
from uiagent.demo.labels import SITE_DIR
from uiagent.errors import ConfigError
from uiagent.explore import CrawlLimits, ExploreOptions, explore
from uiagent.reports.merge import MergeMismatch, merge_outputs
from uiagent.reports.results import JOURNAL, RunManifest, write_manifest
from uiagent.shards import Shard

from .test_cli import uiagent
from .test_explore import FAST, QUICK_AUDIT

URLS = [f"https://example.org/docs/page-{n}.html" for n in range(1000)]


@pytest.mark.parametrize(("spec", "problem"), [("3/2", "must be from 1 to 2"), ("0/4", "must be from 1 to 4"),
                                               ("a/b", "expected i/n"), ("1/0", "at least one shard"),
                                               ("2", "expected i/n")])
def test_a_bad_shard_spec_names_the_problem(spec: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem):
        Shard.parse(spec)


def test_every_url_lands_in_exactly_one_shard_whatever_the_order() -> None:
    shards = [Shard.parse(f"{i}/4") for i in range(1, 5)]
    parts = [shard.select(URLS) for shard in shards]
    assert sorted(url for part in parts for url in part) == sorted(URLS)
    assert all(200 < len(part) < 300 for part in parts), [len(part) for part in parts]
    shuffled = random.Random(7).sample(URLS, len(URLS))
    assert [set(shard.select(shuffled)) for shard in shards] == [set(part) for part in parts]
    assert Shard.parse("1/1").select(URLS) == URLS


def _output(folder: Path, pages: list[PageAudit], shard: str | None, *, complete: bool = True,
            version: str = "1.0", level: str = "AA", usage: dict | None = None, targets: int | None = None) -> Path:
    write_manifest(folder, RunManifest(version=version, options={"level": level}, shard=shard, complete=complete,
                                       targets=len(pages) if targets is None else targets, usage=usage or {}))
    (folder / JOURNAL).write_text("".join(page.model_dump_json() + "\n" for page in pages))
    return folder


def _page(url: str, status: str = "ok", rules: tuple[str, ...] = ("image-alt",)) -> PageAudit:
    findings = [Finding(page=url, source=["axe"], rule=rule, status="violation", selector="img",
                        message="no alt").with_identity() for rule in rules]
    return PageAudit(url=url, status=status, findings=findings)  # type: ignore[arg-type]


def test_merged_outputs_count_pages_once_dedupe_findings_and_sum_usage(tmp_path: Path) -> None:
    one = _output(tmp_path / "s1", [_page("http://a/1"), _page("http://a/2", "error")], "1/2",
                  usage={"model_calls": 2, "estimated_cost_usd": 0.5, "model": "m"})
    two = _output(tmp_path / "s2", [_page("http://a/2"), _page("http://a/3", rules=("image-alt", "region"))], "2/2",
                  usage={"model_calls": 3, "estimated_cost_usd": 0.25, "model": "m"})
    merged = merge_outputs([one, two])
    assert [p.url for p in merged.pages] == ["http://a/1", "http://a/2", "http://a/3"]
    assert next(p for p in merged.pages if p.url == "http://a/2").status == "ok", "audited wins over failed"
    assert len(merged.findings) == 4 == len({f.fingerprint for f in merged.findings})
    assert merged.usage == {"model_calls": 5, "estimated_cost_usd": 0.75, "model": "m"}
    assert merged.notes == [] and merged.version == "1.0"


def test_a_missing_or_unfinished_shard_is_named_and_the_rest_merged(tmp_path: Path) -> None:
    one = _output(tmp_path / "s1", [_page("http://a/1")], "1/3")
    three = _output(tmp_path / "s3", [_page("http://a/3")], "3/3", complete=False, targets=4)
    merged = merge_outputs([one, tmp_path / "s2", three])
    assert [p.url for p in merged.pages] == ["http://a/1", "http://a/3"]
    notes = "\n".join(merged.notes)
    assert f"{tmp_path / 's2'}: not found" in notes
    assert "the run did not end (1 of 4 page(s))" in notes
    assert "shard(s) 2/3 missing" in notes


def test_outputs_of_different_versions_or_options_are_not_merged_unless_allowed(tmp_path: Path) -> None:
    one = _output(tmp_path / "s1", [_page("http://a/1")], "1/2", level="AA")
    two = _output(tmp_path / "s2", [_page("http://a/2")], "2/2", level="AAA")
    with pytest.raises(MergeMismatch, match="options differs"):
        merge_outputs([one, two])
    assert "different runs" in merge_outputs([one, two], allow_mismatch=True).notes[0]
    newer = _output(tmp_path / "s3", [_page("http://a/2")], "2/2", version="2.0")
    with pytest.raises(MergeMismatch, match="version differs: 1.0 in .*s1; 2.0 in .*s3"):
        merge_outputs([one, newer])


def test_two_shards_merged_equal_one_unsharded_run(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """On real pages: each shard audited with two workers, then merged by `uiagent report merge`."""
    every = [str(SITE_DIR / p.path) for p in demo_pages()]
    # Three pages of each shard, whichever they are here: the partition hashes the target, and a file's path depends
    # on where the checkout lives (six fixed pages left one shard empty in a clean clone under /tmp).
    halves = [[target for target in every if Shard.parse(f"{index}/2").owns(target)][:3] for index in (1, 2)]
    pages = halves[0] + halves[1]
    options = AuditOptions(skip=QUICK_AUDIT.skip)  # the checks that drive the page are not what this is about
    # (On this thread pytest-playwright's browser, if this worker has started one: a second sync Playwright on
    # the same thread refuses to start. The shards' workers are threads with browsers of their own.)
    whole = audit_targets(pages, FAST, options, tmp_path / "whole", browser=browser)
    for index in (1, 2):
        shard = audit_targets(pages, FAST, options, tmp_path / f"shard{index}", workers=2,
                              shard=Shard.parse(f"{index}/2"))
        assert 0 < len(shard.pages) < len(pages)
    merged = uiagent("report", "merge", str(tmp_path / "shard1"), str(tmp_path / "shard2"), "-o",
                     str(tmp_path / "merged"), "--format", "json,html,sarif,junit,md")
    assert merged.returncode == 0, merged.stderr
    both = json.loads((tmp_path / "merged" / "findings.json").read_text())
    assert sorted(p["url"] for p in both["pages"]) == sorted(p.url for p in whole.pages)
    assert sorted(f["fingerprint"] for f in both["findings"]) == sorted(f.fingerprint for f in whole.findings)
    assert both["findings"] and {g["id"] for g in both["groups"]} == {g.id for g in group_findings(whole.findings)}
    missing = uiagent("report", "merge", str(tmp_path / "shard1"), "-o", str(tmp_path / "half"))
    assert missing.returncode == 1 and "shard(s) 2/2 missing" in missing.stderr


def test_explore_shards_crawl_the_same_site_and_each_explores_its_own_pages(demo_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outputs, crawled = [], []
    for index in (1, 2):
        folder = tmp_path / f"shard{index}"
        options = ExploreOptions(viewports=("desktop",), audit=QUICK_AUDIT, shard=Shard.parse(f"{index}/2"))
        report = explore([demo_site.url("index.html")], FAST, options, folder, limits=CrawlLimits(max_pages=8))
        crawled.append(sorted(p.url for p in report.pages))
        (folder / "explore.json").write_text(report.model_dump_json())  # as the command writes it
        outputs.append(folder)
        explored = {p.url for p in report.pages if p.status == "ok"}
        assert explored and all(Shard.parse(f"{index}/2").owns(url) for url in explored)
        assert all("explored by another shard" in (p.error or "") for p in report.pages if p.status == "skipped")
    assert crawled[0] == crawled[1] and len(crawled[0]) == 8, "both shards crawl the same pages"
    merged = merge_outputs(outputs)
    assert merged.notes == []
    assert sorted(p.url for p in merged.pages) == crawled[0], "each page explored by exactly one shard"
