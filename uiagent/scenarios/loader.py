"""Reading scenario files: YAML to validated ScenarioSpecs. Every problem names the file, the line and the
field (`checkout.scenario.yaml:14: scenarios[0].steps[2].click: unknown field 'rol'`), and all problems of a
file are reported at once."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from uiagent.errors import ScenarioFileError
from uiagent.scenarios.model import ScenarioFile, ScenarioSpec, Step
from uiagent.scenarios.steps import StepKind

Location = tuple[str | int, ...]

# A scenario file is a person's writing: these bounds are far above any real one, and stop a file that expands
# its YAML aliases into millions of nodes ("billion laughs") or is megabytes of steps before it costs minutes.
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 100_000


class _TooLarge(Exception):
    pass


def load_scenarios(path: Path, kinds: Mapping[str, StepKind]) -> list[ScenarioSpec]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioFileError(path, [(1, f"the file is {size:,} bytes; a scenario file may have at most "
                                               f"{MAX_FILE_BYTES:,} (split it into several files)")])
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioFileError(path, [(1, f"cannot read the file: {error}")]) from None
    data, lines = _parse(path, text)
    problems: list[tuple[int, str]] = []

    def problem(location: Location, message: str) -> None:
        where = _dotted(location)
        problems.append((_line_of(location, lines), f"{where}: {message}" if where else message))

    try:
        parsed = ScenarioFile.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            problem(item["loc"], _message(item))
        raise ScenarioFileError(path, sorted(problems)) from None

    specs: list[ScenarioSpec] = []
    ids: dict[str, int] = {}
    for i, scenario in enumerate(parsed.scenarios):
        at: Location = ("scenarios", i)
        if scenario.id in ids:
            problem(at + ("name",), f"another scenario (line {ids[scenario.id]}) has the same name")
        ids[scenario.id] = _line_of(at, lines)
        steps = []
        for j, raw in enumerate(scenario.steps):
            step = _step(raw, j, at + ("steps", j), kinds, problem, lines)
            if step is not None:
                steps.append(step)
        specs.append(ScenarioSpec(
            path=path, name=scenario.name, id=scenario.id, line=_line_of(at, lines), description=scenario.description,
            url=scenario.url, base_url=parsed.base_url, viewport=scenario.viewport or parsed.viewport,
            device=scenario.device or parsed.device, steps=tuple(steps),
            device_line=_line_of(at + ("device",) if scenario.device else ("device",), lines)))
    if problems:
        raise ScenarioFileError(path, sorted(problems))
    return specs


def _step(raw: Any, index: int, at: Location, kinds: Mapping[str, StepKind], problem: Any,
          lines: dict[Location, int]) -> Step | None:
    if not isinstance(raw, dict) or len(raw) != 1:
        shown = ", ".join(map(str, raw)) if isinstance(raw, dict) else repr(raw)[:60]
        problem(at, f"a step is a mapping with one key, its kind (e.g. `- click: {{role: button, name: Pay}}`); "
                    f"got {shown or 'nothing'}")
        return None
    kind, value = next(iter(raw.items()))
    if kind not in kinds:
        close = difflib.get_close_matches(str(kind), list(kinds), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        problem(at + (kind,), f"unknown step type {kind!r}{hint} (known: {', '.join(sorted(kinds))})")
        return None
    try:
        args = kinds[kind].arguments.model_validate(value)
    except ValidationError as error:
        for item in error.errors():
            problem(at + (kind,) + tuple(item["loc"]), _message(item))
        return None
    return Step(index=index, kind=kind, args=args, line=_line_of(at, lines))


def _parse(path: Path, text: str) -> tuple[Any, dict[Location, int]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        cause = getattr(error, "problem", None) or str(error)
        raise ScenarioFileError(path, [((mark.line + 1) if mark else 1, f"not valid YAML: {cause}")]) from None
    if node is None:
        raise ScenarioFileError(path, [(1, "the file is empty (expected a mapping with `scenarios:`)")])
    problems: list[tuple[int, str]] = []
    lines: dict[Location, int] = {}
    try:
        _walk(node, (), lines, problems, [0])
    except _TooLarge:
        raise ScenarioFileError(path, [(1, f"the file expands to more than {MAX_NODES:,} values once its YAML "
                                           "aliases (*name) are expanded; a scenario file that large is refused")]) from None
    if problems:
        raise ScenarioFileError(path, problems)
    return yaml.SafeLoader("").construct_document(node), lines


def _walk(node: yaml.Node, at: Location, lines: dict[Location, int], problems: list[tuple[int, str]],
          count: list[int]) -> None:
    """Record the line of every mapping key and sequence item; report duplicate keys (YAML would keep the last).
    Aliases share their node, so the walk visits what the file expands to: `count` stops it at MAX_NODES."""
    count[0] += 1
    if count[0] > MAX_NODES:
        raise _TooLarge
    lines.setdefault(at, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.start_mark)
            if name in seen:
                problems.append((key.start_mark.line + 1, f"{_dotted(at + (name,))}: duplicate key {name!r}"))
            seen.add(name)
            lines[at + (name,)] = key.start_mark.line + 1
            _walk(value, at + (name,), lines, problems, count)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, at + (index,), lines, problems, count)


def _line_of(location: Location, lines: dict[Location, int]) -> int:
    """The line of the deepest part of `location` the file has (Pydantic adds parts the YAML does not have)."""
    found: Location = ()
    best = lines.get((), 1)
    for part in location:
        if found + (part,) in lines:
            found += (part,)
            best = lines[found]
    return best


def _dotted(location: Location) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field missing"
    return error["msg"].removeprefix("Value error, ")
