"""Safe YAML parsing that keeps the line of every value, so problems can name it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from cardgen.errors import Problem


# libyaml's parser where PyYAML was built with it (its wheels are): the same nodes and marks,
# about ten times faster than the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
REJECTED = object()  # the value of a node whose problem was already reported


@dataclass(frozen=True)
class Located:
    """A parsed YAML value and the 1-based line it starts on.

    Mappings hold ``dict[str, Located]``, sequences ``list[Located]``, scalars plain values.
    """

    value: Any
    line: int


def parse_yaml(text: str, file: str, problems: list[Problem]) -> Located | None:
    """Parse ``text`` safely; on failure add a problem and return None."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        reason = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        problems.append(Problem(file, line, "", f"malformed YAML ({reason}). Check quoting and indentation."))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(file, 0, "", f"malformed YAML ({exc})."))
        return None
    if node is None:
        problems.append(Problem(file, 1, "", "the file is empty."))
        return None
    constructor = yaml.SafeLoader("")
    try:
        return _locate(node, file, "", constructor, problems)
    finally:
        constructor.dispose()


_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


def _locate(node: yaml.Node, file: str, path: str, constructor: yaml.SafeLoader, problems: list[Problem]) -> Located:
    line = node.start_mark.line + 1
    if node.tag not in _PLAIN_TAGS:
        problems.append(Problem(file, line, path, f"uses the YAML tag {node.tag}, which content may not use. Remove it."))
        return Located(REJECTED, line)
    if isinstance(node, yaml.MappingNode):
        items: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True) if isinstance(key_node, yaml.ScalarNode) else None
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                problems.append(Problem(file, key_line, path, f"keys must be text, not {key!r}."))
                continue
            child_path = f"{path}.{key}" if path else key
            if key in items:
                problems.append(Problem(file, key_line, child_path, f"duplicate key (first at line {items[key].line}). Keep one."))
                continue
            items[key] = _locate(value_node, file, child_path, constructor, problems)
        return Located(items, line)
    if isinstance(node, yaml.SequenceNode):
        return Located(
            [_locate(child, file, f"{path}[{i}]", constructor, problems) for i, child in enumerate(node.value)],
            line,
        )
    try:
        return Located(constructor.construct_object(node, deep=True), line)
    except yaml.YAMLError as exc:
        problems.append(Problem(file, line, path, f"unreadable value ({exc})."))
        return Located(REJECTED, line)
