"""The one reader of YAML files: frameworks, composite build specifications and VARY files.

``yaml.safe_load`` alone builds no objects from tags, but it still stops with errors of its own,
not ``yaml.YAMLError``, on input a person can type: an integer of more than 4,300 digits
(``ValueError``), a date such as ``2024-02-30``, brackets nested a thousand deep
(``RecursionError``). And anchors and aliases (``&a`` … ``*a``) may nest so that a small file
stands for billions of values, which every check that walks the document would then visit. Here
all of these become one :class:`~stocktake.errors.FileError` naming the file and, where YAML knows
it, the line and column.

This module sits beside :mod:`stocktake.errors` at the bottom of the core rather than inside
:mod:`stocktake.io`, because :mod:`stocktake.io` reads answers files against frameworks while the
framework loader needs this reader: one layer cannot be both above and below frameworks.
:mod:`stocktake.io` offers the same two functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, SequenceNode

from stocktake.errors import FileError, StocktakeError

MAX_VALUES = 1_000_000
"""The most values a document may stand for once its aliases are expanded (the bundled frameworks
use anchors for repeated level labels and stand for some thousands)."""


class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with every value error turned into a YAML error at its place."""

    def compose_document(self) -> Node | None:
        node = super().compose_document()
        if node is not None:
            _check_expansion(node)
        return node

    def construct_yaml_int(self, node: Any) -> int:
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            raise ConstructorError(
                None,
                None,
                f"the whole number has {len(str(node.value))} digits, too many to be a value",
                node.start_mark,
            ) from None

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise ConstructorError(
                None, None, f"'{node.value}' is not a valid date ({exc})", node.start_mark
            ) from None


_SafeLoader.add_constructor("tag:yaml.org,2002:int", _SafeLoader.construct_yaml_int)
_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _SafeLoader.construct_yaml_timestamp)


def parse_yaml(text: str, *, source: str | None = None) -> Any:
    """The data of one YAML document; ``None`` for an empty one.

    Raises
    ------
    FileError
        ``the file is not valid YAML at line …, column …: …`` with the YAML parser's reason, for
        bad syntax, several documents in one file, values no program could use, or aliases that
        expand to more than :data:`MAX_VALUES` values or refer to themselves.
    """
    try:
        return yaml.load(text, Loader=_SafeLoader)  # a SafeLoader subclass
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise FileError(
            f"the file is not valid YAML at line {line}: it holds the control character "
            f"#x{code:04x}, which YAML does not allow; remove it",
            source=source,
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "an unknown place"
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FileError(f"the file is not valid YAML at {where}: {reason}", source=source) from None
    except RecursionError:
        raise FileError(
            "the file is not valid YAML at an unknown place: its brackets or indentation nest "
            "too deeply to read",
            source=source,
        ) from None
    except (ValueError, OverflowError) as exc:
        raise FileError(
            f"the file is not valid YAML at an unknown place: {exc}", source=source
        ) from None


def read_yaml(path: str | Path) -> Any:
    """Read a UTF-8 YAML file with :func:`parse_yaml`; a missing or unreadable file is refused."""
    return parse_yaml(read_yaml_text(path), source=str(path))


def read_yaml_text(path: str | Path) -> str:
    """The text of a UTF-8 file, refused as :func:`read_yaml` refuses it (to find lines in)."""
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise FileError("there is no such file", source=source)
    if path.is_dir():
        raise FileError("this is a folder, not a file", source=source)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise FileError(
            f"the file is not UTF-8 text (line {line}); save it again as UTF-8", source=source
        ) from None
    except OSError as exc:
        raise FileError(f"the file could not be read ({exc.strerror})", source=source) from None
    return text


def read_yaml_as(path: str | Path, *, what: str, error: type[StocktakeError]) -> Any:
    """:func:`read_yaml`, failing with ``error`` in the words of a file named ``what``.

    A file that cannot be opened reads ``the spec file <path> could not be read (there is no
    such file)``; one that is no YAML reads ``<path> is not valid YAML at line 2, column 1: …``.
    """
    try:
        return read_yaml(path)
    except FileError as exc:
        detail = exc.detail
        if detail.startswith("the file "):
            raise error(f"{path} {detail.removeprefix('the file ')}") from None
        raise error(f"the {what} {path} could not be read ({detail})") from None


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, SequenceNode):
        yield from node.value
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _check_expansion(root: Node) -> None:
    """Refuse a document whose aliases expand past :data:`MAX_VALUES` or refer to themselves.

    Each node's expanded size is computed once (in time linear in the nodes written, whatever
    the expansion), depth first without recursion.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_VALUES:
                raise ConstructorError(
                    None,
                    None,
                    f"its anchors and aliases (& and *) stand for more than {MAX_VALUES:,} "
                    "values; write the repeated parts out, or repeat them fewer times",
                    node.start_mark,
                )
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise ConstructorError(
                None, None, "an alias (*) refers to the value it stands in", node.start_mark
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def line_of(text: str, path: str) -> int | None:
    """The line (from 1) of the value at ``path`` in a YAML document, or of its nearest parent
    that is there; None when not even its first key is.

    ``path`` is dotted with list indices in brackets, as problems name places
    (``reword.GOV-03.levels.2.zh-Hant``, ``add[0].id``); keys may hold dots themselves, so the
    longest key that fits is taken.
    """
    try:
        node = yaml.compose(text, Loader=_SafeLoader)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    line = None
    rest = path
    while node is not None and rest:
        node, rest = _step(node, rest)
        if node is not None:
            line = node.start_mark.line + 1
    return line


def _step(node: Node, rest: str) -> tuple[Node | None, str]:
    """The child of ``node`` that ``rest`` starts with, and what is left of ``rest``."""
    if isinstance(node, SequenceNode) and rest.startswith("["):
        index, _, tail = rest[1:].partition("]")
        if index.isdigit() and int(index) < len(node.value):
            return node.value[int(index)], tail.removeprefix(".")
        return None, ""
    if isinstance(node, MappingNode):
        fits = [
            (key, value)
            for key, value in node.value
            if isinstance(key.value, str)
            and (rest == key.value or rest.startswith((f"{key.value}.", f"{key.value}[")))
        ]
        if fits:
            key, value = max(fits, key=lambda pair: len(pair[0].value))
            return value, rest[len(key.value) :].removeprefix(".")
    return None, ""
