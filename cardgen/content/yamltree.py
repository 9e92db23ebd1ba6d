"""Safe, bounded reading of input files that keeps the line of every value, so problems can name it.

Every YAML or TOML file a user gives cardgen (content, regions, glossaries, orders, profiles,
sheet files) goes through :func:`read_data_file` or :func:`parse_yaml`: size, node count and
nesting are bounded (cardgen.limits), aliases, merge keys and tags are refused (content never
needs them, and aliases are how a small file expands without bound), every value is checked
to be constructible (no impossible dates), and each problem names the file and line.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cardgen import limits
from cardgen.errors import Problem


# libyaml's parser where PyYAML was built with it (its wheels are): the same nodes and marks,
# about ten times faster than the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Rejected:
    """The value of a node whose problem was already reported; shown as such in messages."""

    def __repr__(self) -> str:
        return "(refused value)"


REJECTED = _Rejected()  # the value of a node whose problem was already reported


@dataclass(frozen=True)
class Located:
    """A parsed YAML value and the 1-based line it starts on.

    Mappings hold ``dict[str, Located]``, sequences ``list[Located]``, scalars plain values.
    """

    value: Any
    line: int


def read_data_file(path: Path, shown: str, problems: list[Problem]) -> Located | None:
    """Read a YAML file (or TOML, by its ``.toml`` suffix) under the limits; on failure add the
    problems (file too large, not UTF-8 with the line of the first bad byte, malformed, over
    the limits) and return None."""
    try:
        size = path.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            problems.append(Problem(shown, 0, "", f"is {size:,} bytes; input files may have at most {limits.MAX_FILE_BYTES:,}. Split it or remove what is not needed."))
            return None
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(shown, 0, "", "file not found."))
        return None
    except OSError as exc:
        problems.append(Problem(shown, 0, "", f"cannot be read ({exc.strerror or exc})."))
        return None
    text = decode_text(raw, shown, problems)
    if text is None:
        return None
    if path.suffix.lower() == ".toml":
        return parse_toml(text, shown, problems)
    return parse_yaml(text, shown, problems)


def decode_text(raw: bytes, shown: str, problems: list[Problem]) -> str | None:
    """``raw`` as UTF-8 text (a leading byte-order mark dropped); else a problem naming the
    line and column of the first byte that is not UTF-8, and None."""
    if len(raw) > limits.MAX_FILE_BYTES:
        problems.append(Problem(shown, 0, "", f"is {len(raw):,} bytes; input files may have at most {limits.MAX_FILE_BYTES:,}."))
        return None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(
            shown, line, "",
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02X} at column {column}). Save the file as UTF-8 (in most editors: Save As, encoding UTF-8).",
        ))
        return None


def parse_toml(text: str, file: str, problems: list[Problem]) -> Located | None:
    """Parse TOML ``text`` into the same Located tree as YAML (TOML keeps no lines: 0)."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(file, getattr(exc, "lineno", 0) or 0, "", f"malformed TOML ({str(exc).split(' (at')[0]})."))
        return None
    except (ValueError, RecursionError) as exc:  # impossible dates, too deep
        problems.append(Problem(file, 0, "", f"malformed TOML ({exc})."))
        return None
    budget = _Budget(file, problems)
    return _wrap(data, file, "", 0, budget)


def _wrap(value: Any, file: str, path: str, depth: int, budget: "_Budget") -> Located:
    if not budget.take(0, path, depth):
        return Located(REJECTED, 0)
    if isinstance(value, dict):
        return Located({str(k): _wrap(v, file, f"{path}.{k}" if path else str(k), depth + 1, budget) for k, v in value.items()}, 0)
    if isinstance(value, list):
        return Located([_wrap(v, file, f"{path}[{i}]", depth + 1, budget) for i, v in enumerate(value)], 0)
    if isinstance(value, datetime.time):
        budget.problems.append(Problem(file, 0, path, "is a time of day; no setting takes one."))
        return Located(REJECTED, 0)
    return Located(value, 0)


class _Budget:
    """Counts the values of one file against the node and depth limits; reports once."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file, self.problems, self.nodes, self.exhausted = file, problems, 0, False
        self.alias_reported = False

    def take(self, line: int, path: str, depth: int) -> bool:
        if self.exhausted:
            return False
        self.nodes += 1
        if depth > limits.MAX_DEPTH:
            self.problems.append(Problem(self.file, line, path, f"is nested more than {limits.MAX_DEPTH} levels deep. No cardgen file needs that: check the indentation."))
            self.exhausted = True
        elif self.nodes > limits.MAX_NODES:
            self.problems.append(Problem(self.file, line, path, f"the file has more than {limits.MAX_NODES:,} values, the most an input file may have."))
            self.exhausted = True
        return not self.exhausted


def parse_yaml(text: str, file: str, problems: list[Problem]) -> Located | None:
    """Parse ``text`` safely; on failure add a problem and return None."""
    if len(text) > limits.MAX_FILE_BYTES:
        problems.append(Problem(file, 0, "", f"is {len(text):,} characters; input files may have at most {limits.MAX_FILE_BYTES:,}."))
        return None
    for separator, name in (("\u2028", "LINE SEPARATOR"), ("\u2029", "PARAGRAPH SEPARATOR"), ("\x85", "NEXT LINE")):
        if (at := text.find(separator)) >= 0:
            problems.append(Problem(
                file, text.count("\n", 0, at) + 1, "",
                f"contains U+{ord(separator):04X} {name}, which YAML reads as a line break in the middle of the line. Replace it with a space, or write \\n for a new line.",
            ))
            return None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except RecursionError:
        problems.append(Problem(file, 0, "", f"is nested too deeply to read (more than {limits.MAX_DEPTH} levels). Check the indentation."))
        return None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else 0
        code = exc.character if isinstance(exc.character, int) else ord(exc.character) if isinstance(exc.character, str) and exc.character else 0
        problems.append(Problem(file, line, "", f"contains the control character U+{code:04X}, which YAML files may not hold. Delete it (it is often pasted in invisibly)."))
        return None
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
        return _locate(node, file, "", constructor, problems, _Budget(file, problems), set(), 0)
    finally:
        constructor.dispose()


def shown(value: Any, limit: int = 60) -> str:
    """A value as a message shows it: plain Python (no Located wrappers), shortened."""
    if isinstance(value, Located):
        value = plain(value)
    elif isinstance(value, dict):
        value = {key: plain(child) if isinstance(child, Located) else child for key, child in value.items()}
    elif isinstance(value, list):
        value = [plain(child) if isinstance(child, Located) else child for child in value]
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def plain(node: Located | None) -> Any:
    """The plain Python value of a Located tree (lines dropped)."""
    if node is None:
        return None
    if isinstance(node.value, dict):
        return {key: plain(child) for key, child in node.value.items()}
    if isinstance(node.value, list):
        return [plain(child) for child in node.value]
    return node.value


_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_MERGE = "tag:yaml.org,2002:merge"


def _construct(node: yaml.Node, constructor: yaml.SafeLoader) -> tuple[Any, str | None]:
    """The value of a scalar node, or (None, why it cannot be read)."""
    try:
        return constructor.construct_object(node, deep=True), None
    except ValueError as exc:  # 2023-02-30, 2023-13-01, 25:00: PyYAML passes them to datetime
        if node.tag.endswith(":timestamp"):
            return None, f"'{node.value}' is not a real date or time ({exc}). Write a date as YYYY-MM-DD, or quote the value to keep it as text."
        return None, f"'{node.value}' cannot be read ({exc}). Quote it to keep it as text."
    except (yaml.YAMLError, TypeError, OverflowError) as exc:
        return None, f"'{node.value}' cannot be read ({exc}). Quote it to keep it as text."


def _locate(node: yaml.Node, file: str, path: str, constructor: yaml.SafeLoader, problems: list[Problem], budget: _Budget, seen: set[int], depth: int) -> Located:
    line = node.start_mark.line + 1
    if id(node) in seen:  # the composer gives an alias the very node of its anchor
        if not budget.alias_reported:
            problems.append(Problem(file, line, path, "uses a YAML alias (*name); so may later lines. Write the values out in full: cardgen files may not use anchors and aliases."))
            budget.alias_reported = True
        return Located(REJECTED, line)
    if not budget.take(line, path, depth):
        return Located(REJECTED, line)
    seen.add(id(node))  # every node, scalars too: an alias of a plain value is refused as well
    if node.tag not in _PLAIN_TAGS:
        problems.append(Problem(file, line, path, f"uses the YAML tag {node.tag}, which cardgen files may not use. Remove it."))
        return Located(REJECTED, line)
    if isinstance(node, yaml.MappingNode):
        items: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE:
                problems.append(Problem(file, key_line, path, "uses a YAML merge key (<<). Write the keys out in full: cardgen files may not use merge keys."))
                continue
            key, why = _construct(key_node, constructor) if isinstance(key_node, yaml.ScalarNode) and key_node.tag in _PLAIN_TAGS else (None, None)
            if why:
                problems.append(Problem(file, key_line, path, f"the key {why}"))
                continue
            if not isinstance(key, str):
                shown_key = repr(key) if isinstance(key_node, yaml.ScalarNode) and key is not None else "a list or mapping"
                problems.append(Problem(file, key_line, path, f"keys must be text, not {shown_key}. Quote the key."))
                continue
            child_path = f"{path}.{key}" if path else key
            if key in items:
                problems.append(Problem(file, key_line, child_path, f"duplicate key (first at line {items[key].line}). Keep one."))
                continue
            items[key] = _locate(value_node, file, child_path, constructor, problems, budget, seen, depth + 1)
        return Located(items, line)
    if isinstance(node, yaml.SequenceNode):
        return Located(
            [_locate(child, file, f"{path}[{i}]", constructor, problems, budget, seen, depth + 1) for i, child in enumerate(node.value)],
            line,
        )
    value, why = _construct(node, constructor)
    if why:
        problems.append(Problem(file, line, path, why))
        return Located(REJECTED, line)
    return Located(value, line)
