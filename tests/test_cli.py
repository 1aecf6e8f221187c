"""The command line, run as the installed `uiagent` command: help, capture, exit codes and the demo job."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from uiagent.demo import demo_pages

PAGES = Path(__file__).parent / "pages"
UIAGENT = str(Path(sys.executable).parent / "uiagent")


def uiagent(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([UIAGENT, *args], capture_output=True, text=True, timeout=300)


def test_help_lists_the_commands() -> None:
    done = uiagent("--help")
    assert done.returncode == 0
    assert "capture" in done.stdout and "demo" in done.stdout


def test_help_imports_no_command_and_lists_each_ones_own_help() -> None:
    """Commands are imported when they run: `uiagent --help` must not pay for Playwright, the audit or the SDKs,
    and the help it lists (kept beside the lazy table) is each command's own first paragraph."""
    probe = ("import sys\nfrom uiagent.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('playwright', 'rich', 'pydantic', 'uiagent')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    loaded = done.stdout.strip().splitlines()[-1]
    assert "playwright" not in loaded and "rich" not in loaded and "pydantic" not in loaded, loaded
    import importlib

    from uiagent.cli.app import COMMANDS, main

    for name, (module, help_line) in COMMANDS.items():
        importlib.import_module(module)
        assert (main.commands[name].help or "").strip().split("\n\n")[0].replace("\n", " ") == help_line, name



def test_an_audit_without_a_model_loads_no_model_client_scenario_or_template_engine() -> None:
    """`uiagent audit` pays at each start for what it imports: the VLM clients, the assertions and scenarios, and
    Jinja2 load only when a provider is set, a scenario runs or an HTML report is written."""
    probe = ("import sys\nimport uiagent.cli.audit\nfrom uiagent.cli.audit import audit\n"
             "print(sorted(m for m in sys.modules if m.startswith(('uiagent.vlm', 'uiagent.assertions', "
             "'uiagent.scenarios', 'uiagent.explore', 'anthropic', 'openai', 'jinja2', 'yaml'))))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_loading_the_projects_plugins_loads_no_built_in_step_assertion_or_model_client() -> None:
    """Every command that loads plugins (an audit does, for their checks) pays for what they import: a plugin adding a
    step kind imports StepKind, which must not bring the built-in steps, the assertions and the model clients
    (a tenth of a second at each start)."""
    plugins = Path(__file__).parents[1] / "plugins"
    probe = (f"import sys\nfrom uiagent.hooks import plugin_manager\nmanager = plugin_manager({str(plugins)!r})\n"
             "print(len(manager.get_plugins()), sorted(m for m in sys.modules if m.startswith(('uiagent.vlm', "
             "'uiagent.assertions', 'uiagent.scenarios.kinds', 'uiagent.scenarios.actions', 'anthropic', 'openai'))))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    count, loaded = done.stdout.strip().splitlines()[-1].split(" ", 1)
    assert int(count) >= 3 and loaded == "[]", done.stdout + done.stderr


def test_the_audit_command_starts_the_browser_before_it_loads_the_engine() -> None:
    """`uiagent audit` starts Chromium while a thread imports the engine (the two overlap: a one-page run is about
    0.3 s shorter): the command's own module must not import Playwright, NumPy, Pydantic or the checks."""
    probe = ("import sys\nimport uiagent.cli.audit\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('playwright', 'numpy', 'pydantic') or "
             "m.startswith(('uiagent.audit.run', 'uiagent.audit.checks', 'uiagent.capture', 'uiagent.reports'))))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_capture_exit_code_says_whether_every_page_worked(tmp_path: Path) -> None:
    ok = uiagent("capture", str(PAGES / "dom-facts.html"), "-o", str(tmp_path / "a"), "--no-full-page")
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "a" / "results.jsonl").exists()

    mixed = uiagent("capture", str(PAGES / "dom-facts.html"), "missing.html", "-o", str(tmp_path / "b"), "--no-full-page")
    assert mixed.returncode == 1
    assert "missing.html: file does not exist" in mixed.stderr
    statuses = [json.loads(line)["status"] for line in (tmp_path / "b" / "results.jsonl").read_text().splitlines()]
    assert statuses == ["ok", "error"]


def test_missing_browser_is_an_environment_error(tmp_path: Path) -> None:
    done = uiagent("capture", str(PAGES / "dom-facts.html"), "--chromium", "/no/chrome", "-o", str(tmp_path))
    assert done.returncode == 2
    assert "No Chromium browser found" in done.stderr and "/no/chrome" in done.stderr


def test_demo_audits_every_page_and_scores_the_labels(demo_audit) -> None:  # type: ignore[no-untyped-def]
    tmp_path = demo_audit.folder
    assert demo_audit.returncode == 0, demo_audit.stderr
    labelled = sum(len(p.defects) for p in demo_pages())
    assert f"found by the check meant for them: {labelled}/{labelled}" in demo_audit.stderr
    assert "findings on clean control pages: 0" in demo_audit.stderr
    report = json.loads((tmp_path / "findings.json").read_text())
    assert [p["url"].rsplit("/", 1)[1] for p in report["pages"]] == [p.path for p in demo_pages()]
    assert all(Path(p["thumbnail"]).is_relative_to(tmp_path) and Path(p["thumbnail"]).exists() for p in report["pages"])
    assert all(p["screenshot"] is None for p in report["pages"]), "full pages are kept only with --keep-screenshots"
    cropped = [f for f in report["findings"] if "crop" in f["evidence"]]
    assert cropped and all(Path(f["evidence"]["crop"]).exists() for f in cropped)
    assert len((tmp_path / "pages.jsonl").read_text().splitlines()) == len(demo_pages())


def test_audit_writes_the_findings_json_and_exit_codes_gate(tmp_path: Path) -> None:
    from uiagent.demo.labels import SITE_DIR

    dirty = uiagent("audit", str(SITE_DIR / "missing-alt.html"), "--format", "json", "--output", str(tmp_path / "a.json"))
    assert dirty.returncode == 1, dirty.stderr
    report = json.loads((tmp_path / "a.json").read_text())
    [finding] = [f for f in report["findings"] if f["status"] == "violation"]
    assert finding["rule"] == "image-alt" and finding["wcag"] == ["1.1.1"] and finding["source"] == ["axe"]
    assert set(finding) >= {"id", "page", "source", "rule", "wcag", "status", "impact", "selector", "box", "message",
                            "evidence", "fingerprint"}

    clean = uiagent("audit", str(SITE_DIR / "clean-form.html"), "--output", str(tmp_path / "b.json"))
    assert clean.returncode == 0, clean.stderr
    missing = uiagent("audit", "nope.html", "--output", str(tmp_path / "c.json"))
    assert missing.returncode == 1 and "nope.html: file does not exist" in missing.stderr
    wrong = uiagent("audit", "x.html", "--format", "pdf")
    assert wrong.returncode == 2 and "unknown report format" in wrong.stderr


def test_audit_viewport_option(tmp_path: Path) -> None:
    from PIL import Image

    from uiagent.demo.labels import SITE_DIR

    done = uiagent("audit", str(SITE_DIR / "clean-form.html"), "--viewport", "390x844", "--keep-screenshots",
                   "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    [page] = json.loads((tmp_path / "findings.json").read_text())["pages"]
    assert Image.open(page["screenshot"]).width == 390
    bad = uiagent("audit", str(SITE_DIR / "clean-form.html"), "--viewport", "wide")
    assert bad.returncode == 2 and "expected WIDTHxHEIGHT" in bad.stderr
