"""The demo site's ground truth (defects.json) as typed data."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel

SITE_DIR = Path(str(resources.files("uiagent.demo").joinpath("site")))


class DemoDefect(BaseModel):
    id: str
    check: str
    wcag: list[str]
    selector: str
    description: str


class DemoPage(BaseModel):
    path: str
    title: str
    clean: bool
    defects: list[DemoDefect]


class _Labels(BaseModel):
    about: str
    pages: list[DemoPage]


@cache
def demo_pages() -> tuple[DemoPage, ...]:
    labels = _Labels.model_validate_json((SITE_DIR / "defects.json").read_text(encoding="utf-8"))
    return tuple(labels.pages)
