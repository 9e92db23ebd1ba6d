"""Rewrite given strings of a YAML file and nothing else: every other byte stays as it was.

A round-trip dumper re-emits the whole document (``null`` becomes empty, folded text is wrapped
anew), so a translator's import would touch lines it never changed. Instead each string to
change is found by its node's position in the original text and only that span is replaced,
written in the style it had (plain, quoted or folded, at its indentation), falling back to
double quotes when the new text cannot be written plain. The result is parsed again and every
changed value compared, so a bad splice can never be written.
"""

from __future__ import annotations

import json
from typing import Mapping

import yaml

from cardgen.content.loader import normalise

Path_ = tuple[str, ...]  # keys from the top of the document to a scalar
WIDTH = 92  # columns a folded scalar's lines are wrapped to, as in the content files


class SpliceError(Exception):
    """A path that is not a scalar of the document (a programming error, not a user's)."""


def _find(node: yaml.Node, path: Path_) -> tuple[yaml.MappingNode, yaml.Node | None]:
    parent = node
    for depth, key in enumerate(path):
        if not isinstance(parent, yaml.MappingNode):
            raise SpliceError(f"{'.'.join(path[:depth])} is not a mapping")
        child = next((v for k, v in parent.value if k.value == key), None)
        if depth == len(path) - 1:
            return parent, child
        if child is None:
            raise SpliceError(f"{'.'.join(path[: depth + 1])} is missing")
        parent = child
    raise SpliceError("empty path")


def _indent_of(text: str, index: int) -> int:
    line_start = text.rfind("\n", 0, index) + 1
    line = text[line_start:index]
    return len(line) - len(line.lstrip(" "))


def _plain_ok(value: str) -> bool:
    try:
        return yaml.safe_load(f"k: {value}\n") == {"k": value} and "\n" not in value and value == value.strip()
    except yaml.YAMLError:
        return False


def _folded(value: str, indent: int) -> str:
    lines, line = [], ""
    for word in value.split(" "):
        if line and len(line) + 1 + len(word) > WIDTH - indent:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    pad = " " * indent
    return ">-\n" + "\n".join(pad + item for item in lines)


def scalar_text(value: str, style: str | None, indent: int) -> str:
    """``value`` written as a YAML scalar in ``style`` where it can be, else double-quoted."""
    if style == ">" and value and "  " not in value and value == value.strip():
        return _folded(value, indent)
    if style is None and _plain_ok(value):
        return value
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def replace_strings(text: str, changes: Mapping[Path_, str]) -> str:
    """``text`` with the scalar at each path replaced by its new value (a missing last key of an
    existing mapping is added at the mapping's end)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    spans: list[tuple[int, int, str]] = []
    for path, value in changes.items():
        parent, node = _find(root, path)
        if node is None:
            spans.append(_addition(text, parent, path[-1], value))
            continue
        if not isinstance(node, yaml.ScalarNode):
            raise SpliceError(f"{'.'.join(path)} is not a scalar")
        start, end = node.start_mark.index, node.end_mark.index
        span = text[start:end]
        trailing = span[len(span.rstrip()):] if node.style in ("|", ">") else ""
        indent = _content_indent(text, end, node) if node.style in ("|", ">") else 0
        spans.append((start, end, scalar_text(value, node.style, indent) + trailing))
    result = text
    for start, end, new in sorted(spans, reverse=True):
        result = result[:start] + new + result[end:]
    _verify(result, changes)
    return result


def _content_indent(text: str, end: int, node: yaml.Node) -> int:
    first_line = text.find("\n", node.start_mark.index) + 1
    return _indent_of(text, first_line + len(text[first_line:]) - len(text[first_line:].lstrip(" ")))


def _addition(text: str, parent: yaml.MappingNode, key: str, value: str) -> tuple[int, int, str]:
    if not parent.value:
        raise SpliceError(f"cannot add {key} to an empty mapping")
    last_key, last_value = parent.value[-1]
    indent = _indent_of(text, last_key.start_mark.index)
    end = last_value.end_mark.index
    if last_value.style in ("|", ">") and text[end - 1 : end] == "\n":
        at = end  # a block scalar's span already ends with its line break
    else:
        line_end = text.find("\n", end)
        at = len(text) if line_end < 0 else line_end + 1
    key_text = key if _plain_ok(key) else json.dumps(key, ensure_ascii=False)
    line = " " * indent + key_text + ": " + scalar_text(value, '"', 0) + "\n"
    return at, at, line if at == 0 or text[at - 1 : at] == "\n" else "\n" + line


def _verify(result: str, changes: Mapping[Path_, str]) -> None:
    data = yaml.safe_load(result)
    for path, value in changes.items():
        node = data
        for key in path:
            node = node[key]
        if normalise(node) != normalise(value):
            raise SpliceError(f"{'.'.join(path)} did not round-trip: {node!r} != {value!r}")
