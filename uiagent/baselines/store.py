"""Where reference screenshots live: `__baselines__/<test module>/<test name>/<name>.png` beside the tests, each
with its facts (`<name>.json`, uiagent.baselines.facts) for the match levels that compare elements."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image
from pydantic import ValidationError

from uiagent.baselines.facts import BaselineFacts
from uiagent.errors import ConfigError

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$")


def safe_part(text: str) -> str:
    """A file-name part from a test name (parametrize ids can hold anything)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._")[:100] or "test"


def baseline_folder(module: Path, test_name: str) -> Path:
    """Where a test's baselines live; a scenario file is a module and its scenario ids are test names."""
    return module.parent / "__baselines__" / module.stem / safe_part(test_name)


class BaselineStore:
    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, name: str) -> Path:
        if not _SAFE_NAME.match(name) or ".." in name:
            raise ConfigError(f"baseline name {name!r}: use letters, digits, '.', '_' or '-' (it becomes a file name)")
        return self.folder / f"{name}.png"

    def load(self, name: str) -> Image.Image | None:
        path = self.path(name)
        return Image.open(path).convert("RGB") if path.exists() else None

    def facts_path(self, name: str) -> Path:
        return self.path(name).with_suffix(".json")

    def load_facts(self, name: str) -> BaselineFacts | None:
        """The baseline's facts, or None for a baseline recorded before they were kept."""
        path = self.facts_path(name)
        if not path.exists():
            return None
        try:
            return BaselineFacts.model_validate_json(path.read_text(encoding="utf-8"))
        except ValidationError as error:
            raise ConfigError(f"{path}: not a baseline facts file ({error.error_count()} problem(s)); re-record it "
                              "with --uiagent-update-baselines") from None

    def save(self, name: str, image: Image.Image, facts: BaselineFacts | None = None) -> Path:
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path, format="PNG", optimize=True)
        facts_path = self.facts_path(name)
        if facts is not None:
            # One element a line: a re-recorded baseline's diff in review shows which elements changed.
            lines = ",\n".join(element.model_dump_json() for element in facts.elements)
            head = facts.model_dump_json(exclude={"elements"})[:-1]
            facts_path.write_text(f'{head},"elements":[\n{lines}\n]}}\n', encoding="utf-8")
        else:
            facts_path.unlink(missing_ok=True)  # facts of the picture this one replaces would mislead
        return path
