"""YAML front matter: split it from the body, keep each key's line, refuse risky YAML features."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from kmhub.cases import limits
from kmhub.errors import Problem


class _Loader(yaml.SafeLoader):
    """Safe loader that keeps dates as text, so impossible or Buddhist-Era dates reach our checks."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Split:
    data: dict[str, Any] | None
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)


def split(text: str, path: str) -> Split:
    """Separate the front matter from the body; parse it, recording each key's line."""
    lines = text.split("\n")

    def error(line: int, thai: str, english: str) -> Split:
        return Split(None, problems=[Problem(path, line, "error", thai, english)])

    if not lines or lines[0].strip() != "---":
        return error(
            1,
            "ไม่พบส่วนหัว YAML: บรรทัดแรกต้องเป็น ---",
            "missing front matter: the first line must be ---",
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return error(1, "ส่วนหัว YAML ไม่มี --- ปิดท้าย", "front matter is not closed by a --- line")
    yaml_text = "\n".join(lines[1:end])
    if len(yaml_text) > limits.MAX_FRONT_MATTER_CHARS:
        return error(
            1,
            f"ส่วนหัว YAML ยาวเกิน {limits.MAX_FRONT_MATTER_CHARS:,} ตัวอักษร",
            f"front matter is longer than {limits.MAX_FRONT_MATTER_CHARS:,} characters",
        )
    try:
        refused = _refuse_yaml_features(yaml_text)
        if refused is not None:
            return error(*refused)
        node = yaml.compose(yaml_text, Loader=_Loader)
        data = yaml.load(yaml_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return error(line, f"YAML ไม่ถูกต้อง: {reason}", f"invalid YAML: {reason}")
    if not isinstance(data, dict) or node is None:
        return error(
            2, "ส่วนหัว YAML ต้องเป็นชุด key: value", "front matter must be a key: value mapping"
        )
    result = Split(data, body="\n".join(lines[end + 1 :]), body_line=end + 2)
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 2
        if isinstance(value_node, yaml.SequenceNode):  # sources[0].url: the line of that item
            for i, item in enumerate(value_node.value):
                if isinstance(item, yaml.MappingNode):
                    for sub_key, _ in item.value:
                        result.lines[f"{key}[{i}].{sub_key.value}"] = sub_key.start_mark.line + 2
        if key in seen:
            result.problems.append(
                Problem(path, line, "error", f"ฟิลด์ '{key}' ซ้ำ", f"field '{key}' appears twice")
            )
        seen.add(key)
        result.lines.setdefault(key, line)
    return result


def _refuse_yaml_features(yaml_text: str) -> tuple[int, str, str] | None:
    """Line and reason when the YAML uses anchors, aliases or deep nesting; None when plain.

    Read from the event stream, before any value is built: an alias bomb of a few KB
    expands to gigabytes only when it is constructed, and deep nesting overflows the
    recursive composer.
    """
    depth = 0
    for event in yaml.parse(yaml_text, Loader=_Loader):
        line = event.start_mark.line + 2 if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            return (
                line,
                "ห้ามใช้ anchor และ alias ของ YAML (&ชื่อ, *ชื่อ) ให้เขียนค่าออกมาตรง ๆ",
                "YAML anchors and aliases (&name, *name) are not allowed; write the value out",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.MAX_YAML_DEPTH:
                return (
                    line,
                    f"ค่าซ้อนกันลึกเกิน {limits.MAX_YAML_DEPTH} ชั้น",
                    f"values nest deeper than {limits.MAX_YAML_DEPTH} levels",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None
