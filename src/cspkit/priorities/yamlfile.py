"""Reading the YAML files people write (templates, candidates, themes) so errors can name a line.

Plain ``yaml.safe_load`` forgets where each value came from. Here every mapping and list
remembers the line of each of its keys and items, and :class:`Place` turns a path such as
``dimensions.physical_harm.scale`` plus that line into a one-line error a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cspkit.errors import InputError


class YamlMap(dict):
    """A mapping read from YAML, knowing the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]


class YamlList(list):
    """A list read from YAML, knowing the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml where built: a fifth of the time
    """A safe loader whose mappings and lists carry line numbers."""


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    result = YamlMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise InputError(
                loader.name, f"'{key}' is written twice in the same section", line=key_node.start_mark.line + 1
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_list(loader: _LineLoader, node: yaml.SequenceNode) -> YamlList:
    result = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)


def read_yaml(path: str | Path, text: str | None = None) -> Any:
    """Parse a YAML file (or ``text`` attributed to ``path``) keeping line numbers.

    Syntax errors become an :class:`InputError` naming the line, not a parser trace.
    """
    source = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(source, "file not found") from None
        except UnicodeDecodeError:
            raise InputError(source, "not a UTF-8 text file; save it as UTF-8") from None
    loader = _LineLoader(text)
    loader.name = source
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(source, f"not valid YAML: {exc.problem or exc.context}", line=line) from None
    except yaml.YAMLError as exc:
        raise InputError(source, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Place:
    """Where a value sits in a YAML file: the file, a dotted path and its line."""

    source: str
    path: str
    line: int | None

    def child(self, container: Any, key: Any) -> Place:
        """The place of ``container[key]`` (a key of a mapping or an index of a list)."""
        line = self.line
        if isinstance(container, YamlMap):
            line = container.key_lines.get(key, container.line)
        elif isinstance(container, YamlList) and isinstance(key, int) and key < len(container.item_lines):
            line = container.item_lines[key]
        if isinstance(container, list):
            label = f"{self.path}[{key + 1}]"  # items are counted from 1, as people count them
        else:
            label = f"{self.path}.{key}" if self.path else str(key)
        return Place(self.source, label, line)

    def error(self, problem: str) -> InputError:
        """An error naming the file, the line and the place, e.g. ``dimensions.trend.scale[2].value``."""
        where = f"{self.path}: " if self.path else ""
        return InputError(self.source, f"{where}{problem}", line=self.line)


def root_place(source: str | Path, document: Any) -> Place:
    return Place(str(source), "", getattr(document, "line", 1))
