"""Turn a summit file (YAML or JSON) into a validated :class:`Summit`.

Every problem of a file is collected and raised together as one DataError,
each located by line, column and field path.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from summitbrief.errors import DataError, Problem, display_name, format_path
from summitbrief.model import Summit, validation_context

Position = tuple[int, int]
Loc = tuple[str | int, ...]

# Summit files come from colleagues and outside contributors and are built
# unattended: these bound the memory and time one file can take, counted after
# YAML aliases are expanded (an alias is counted each time it is used). The
# sample is 25 KiB, ~700 values and ~40,000 characters, 6 levels deep, its
# longest text ~1,100 characters.
MAX_FILE_BYTES = 4 * 2**20
MAX_VALUES = 50_000
MAX_CHARACTERS = 2_000_000
MAX_DEPTH = 32
MAX_ITEMS = 2_000
MAX_TEXT = 20_000
MAX_DIGITS = 30

# The tags of YAML's core schema as ruamel resolves plain scalars; a file may
# not name any tag itself (!!int x, !!python/…, !foo).
CORE = "tag:yaml.org,2002:"
STRING = CORE + "str"
# Line feed and tab are text; other C0/C1 controls are refused written raw
# (the YAML reader) or escaped ("\x07", "\u0085").
TEXT_CONTROLS = frozenset("\n\t")


@dataclass(frozen=True)
class Source:
    """A summit file as it was read, once: its path and bytes."""

    path: Path
    data: bytes = field(repr=False)

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def load(path: str | Path, languages: Collection[str]) -> Summit:
    """Read, parse and validate one summit file; raise DataError listing every problem.

    ``languages`` are the tags a file may use (the press's registry).
    """
    return load_source(path, languages)[1]


def load_source(path: str | Path, languages: Collection[str]) -> tuple[Source, Summit]:
    """The file as read, and its summit: the file is read once."""
    path = Path(path)
    data = read_source(path)
    return Source(path, data), parse(data, display_name(path), languages)


def read_source(path: str | Path) -> bytes:
    """The bytes of a summit file, read once and bounded; a located DataError otherwise."""
    path = Path(path)
    name = display_name(path)
    try:
        # Non-blocking, so that a FIFO is refused rather than waited on.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as file:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise DataError([Problem(name, 1, 1, "", "not a regular file")])
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise DataError([Problem(name, 1, 1, "", f"cannot read file: {error.strerror}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 2**20
        raise DataError([Problem(name, 1, 1, "", f"the file is larger than {limit} MiB")])
    return raw


def parse(raw: bytes, name: str, languages: Collection[str]) -> Summit:
    """Validate the bytes of a summit file; ``name`` is used in error messages."""
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 2**20
        raise DataError([Problem(name, 1, 1, "", f"the file is larger than {limit} MiB")])
    text = _decode(raw, name)
    document, problems = _parse_yaml(text, name)
    positions: dict[Loc, Position] = {}
    key_positions: dict[Loc, Position] = {}
    texts: list[Problem] = []
    data = _plain(document, (), positions, key_positions, _TextCheck(name, texts))
    if texts:
        raise DataError(texts)
    if not isinstance(data, dict):
        kind = _kind(data)
        raise DataError(
            [Problem(name, 1, 1, "", f"expected a mapping of summit fields, got {kind}")]
        )
    problems += [
        Problem(name, *_one_based(positions[loc]), format_path(loc), message)
        for loc, message in _repeats(data)
    ]
    try:
        summit = Summit.model_validate(data, context=validation_context(data, languages))
    except ValidationError as error:
        details = error.errors()
        problems += [
            _problem(name, detail, positions, key_positions)
            for detail in details
            if not _consequence(detail, details)
        ]
    if problems:
        raise DataError(problems)
    return summit


def _consequence(detail: ErrorDetails, details: list[ErrorDetails]) -> bool:
    """A list reported too short only because its invalid items were dropped."""
    loc = tuple(detail["loc"])
    return detail["type"] == "too_short" and any(
        len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc for other in details
    )


def _decode(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise DataError([Problem(name, 1, 1, "", "the file is empty; expected a summit mapping")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError([Problem(name, 1, 1, "", "the file is UTF-16; save it as UTF-8")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = f"byte 0x{raw[error.start]:02x}"
        raise DataError(
            [_byte_problem(raw, error.start, name, f"{byte}, invalid in UTF-8")]
        ) from None
    if "\0" in text:
        raise DataError([_byte_problem(raw, raw.index(b"\0"), name, "a NUL byte")])
    return text


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _byte_problem(raw: bytes, offset: int, name: str, what: str) -> Problem:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return Problem(name, line, column, "", f"not a UTF-8 text file: {what}")


def _parse_yaml(text: str, name: str) -> tuple[Any, list[Problem]]:
    """The document, and its duplicate keys (reported with the other problems)."""
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = True
    yaml.Constructor = _Constructor
    syntax = "JSON" if name.endswith(".json") else "YAML"
    try:
        composed = yaml.compose(text)
        _check_document(name, composed, yaml.resolver)
        duplicates = list(_duplicate_keys(name, composed, ()))
        # Built from the nodes already composed: the text is parsed once.
        document = None if composed is None else yaml.constructor.construct_document(composed)
    except RecursionError:
        message = f"nested more than {MAX_DEPTH} levels deep"
        raise DataError([Problem(name, 1, 1, "", message)]) from None
    except ReaderError as error:
        line, column = _line_column(text, error.position)
        code = error.character if isinstance(error.character, int) else ord(error.character)
        problem = f"{syntax}: character U+{code:04X} is not allowed in YAML"
        raise DataError([Problem(name, line, column, "", problem)]) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (error.problem or "invalid syntax").replace("\n", " ")
        start = error.context_mark
        if error.context and start and start is not mark:
            where = f"line {start.line + 1}, column {start.column + 1}"
            problem += f" ({error.context} started at {where})"
        raise DataError([Problem(name, line, column, "", f"{syntax}: {problem}")]) from None
    if document is None:
        raise DataError([Problem(name, 1, 1, "", "the file is empty; expected a summit mapping")])
    return document, duplicates


class _Constructor(RoundTripConstructor):
    """Keeps dates as strings, so that the model parses them and a bad date is
    reported with its position (ruamel raises a bare ValueError otherwise)."""


# On a subclass: add_constructor changes the class, and ruamel's own would be
# changed for every other YAML reader in the process.
_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _check_document(name: str, root: Node | None, resolver: Any) -> None:
    """Refuse a document too large, too deep, too long in any text or list, or not plain YAML.

    Aliases are counted as often as they are used, on keys as on values, in
    values and in characters: a "billion laughs" of a few hundred bytes, or a
    small file whose aliases repeat a long text, is refused before anything
    is built from it. Keys are plain scalars, and no tag may be written.
    """
    sizes: dict[int, tuple[int, int]] = {}

    def refuse(node: Node, path: Loc, message: str) -> DataError:
        mark = node.start_mark
        where = (mark.line + 1, mark.column + 1)
        return DataError([Problem(name, *where, format_path(path), message)])

    def walk(node: Node, path: Loc, active: set[int]) -> tuple[int, int]:
        if id(node) in sizes:
            return sizes[id(node)]
        if id(node) in active:
            raise refuse(node, path, "a YAML alias refers to a value that holds it")
        if len(path) > MAX_DEPTH:
            raise refuse(node, path, f"nested more than {MAX_DEPTH} levels deep")
        values, characters = 1, 0
        if isinstance(node, ScalarNode):
            _check_scalar(node, path, refuse, resolver)
            characters = len(node.value)
        elif isinstance(node, SequenceNode | MappingNode):
            if len(node.value) > MAX_ITEMS:
                raise refuse(node, path, f"{len(node.value):,} entries; the limit is {MAX_ITEMS:,}")
            active.add(id(node))
            for child_path, child in _children(node, path, refuse):
                more_values, more_characters = walk(child, child_path, active)
                values += more_values
                characters += more_characters
            active.discard(id(node))
        if values > MAX_VALUES:
            raise refuse(
                node,
                path,
                f"expands to more than {MAX_VALUES:,} values (YAML aliases used over and over?)",
            )
        if characters > MAX_CHARACTERS:
            raise refuse(
                node,
                path,
                f"expands to more than {MAX_CHARACTERS:,} characters of text "
                "(YAML aliases used over and over?)",
            )
        sizes[id(node)] = (values, characters)
        return values, characters

    if root is not None:
        walk(root, (), set())


def _children(
    node: SequenceNode | MappingNode, path: Loc, refuse: Callable[[Node, Loc, str], DataError]
) -> Iterator[tuple[Loc, Node]]:
    """The children of a collection with their paths; keys are walked as values too."""
    if node.tag != CORE + ("seq" if isinstance(node, SequenceNode) else "map"):
        raise refuse(node, path, f"YAML tags are not supported (found {_shown(node.tag)})")
    if isinstance(node, SequenceNode):
        yield from (((*path, i), child) for i, child in enumerate(node.value))
        return
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            raise refuse(key, path, "a key must be a plain name, not a list or a mapping")
        if key.tag == CORE + "merge":
            raise refuse(key, path, "YAML merge keys (<<) are not supported: write the keys out")
        child = (*path, key.value)
        yield child, key
        yield child, value


def _shown(tag: object) -> str:
    """``tag:yaml.org,2002:int`` as it is written: ``!!int``."""
    text = str(tag)
    return "!!" + text.removeprefix(CORE) if text.startswith(CORE) else text


def _check_scalar(
    node: ScalarNode, path: Loc, refuse: Callable[[Node, Loc, str], DataError], resolver: Any
) -> None:
    """A scalar without a written tag, a bounded length, and a number of bounded size."""
    quoted = node.style in ('"', "'", "|", ">")
    # The document's own resolver: a %YAML 1.1 file reads 15:50 as a number, and says so.
    implicit = STRING if quoted else resolver.resolve(ScalarNode, node.value, (True, False))
    if node.tag != implicit:
        raise refuse(node, path, f"YAML tags are not supported (found {_shown(node.tag)})")
    if len(node.value) > MAX_TEXT:
        raise refuse(node, path, f"{len(node.value):,} characters; the limit is {MAX_TEXT:,}")
    if node.tag == CORE + "int" and len(node.value) > MAX_DIGITS:
        raise refuse(node, path, f"a number of {len(node.value):,} digits (at most {MAX_DIGITS})")


def _duplicate_keys(name: str, node: Node | None, loc: Loc) -> Iterator[Problem]:
    """Every key given twice in one mapping, at the second one, with its field path."""
    if isinstance(node, MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            label = str(key.value)
            child = (*loc, label)
            if label in first:
                mark = key.start_mark
                message = f"duplicate key (first given at line {first[label]})"
                yield Problem(name, mark.line + 1, mark.column + 1, format_path(child), message)
            else:
                first[label] = key.start_mark.line + 1
            yield from _duplicate_keys(name, value, child)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(name, item, (*loc, index))


def _one_based(position: Position) -> Position:
    return position[0] + 1, position[1] + 1


def _repeats(data: dict[str, Any]) -> Iterator[tuple[Loc, str]]:
    """Participant ids, item keys and languages given twice, located at the repeat."""
    ids = _field_values(data.get("participants"), ("participants",), "id")
    outcomes = data.get("outcomes")
    outcome_keys = _field_values(outcomes, ("outcomes",), "key")
    action_keys = [
        found
        for index, outcome in enumerate(outcomes if isinstance(outcomes, list) else [])
        if isinstance(outcome, dict)
        for found in _field_values(outcome.get("actions"), ("outcomes", index, "actions"), "key")
    ]
    paragraph_keys = {
        name: _field_values(data.get(name), (name,), "key") for name in ("background", "next_steps")
    }
    languages = data.get("languages")
    tags: list[tuple[Loc, Any]] = [
        (("languages", index), tag)
        for index, tag in enumerate(languages if isinstance(languages, list) else [])
    ]
    for items, message in (
        (ids, "participant id '{}' is already used by {}"),
        (outcome_keys, "key '{}' is already the key of {}"),
        (action_keys, "key '{}' is already the key of an action of {}"),
        (paragraph_keys["background"], "key '{}' is already the key of {}"),
        (paragraph_keys["next_steps"], "key '{}' is already the key of {}"),
        (tags, "language '{}' is listed twice (first at {})"),
    ):
        first: dict[str, Loc] = {}
        for loc, value in items:
            if not isinstance(value, str):
                continue
            if value in first:
                yield loc, message.format(value, format_path(first[value][:2]))
            else:
                first[value] = loc


@dataclass
class _TextCheck:
    """Finds what a YAML escape can smuggle into a text: lone surrogates and control characters."""

    name: str
    problems: list[Problem]

    def __call__(self, text: str, loc: Loc, position: Position) -> str:
        if text.isprintable() or _plain_text(text):
            return text
        # "\ud83d\ude00" is how JSON and many tools write 😀: pairs combine, as
        # JSON decoders do; a lone half cannot be printed or encoded.
        combined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        if combined.count("\ufffd") > text.count("\ufffd"):
            self._refuse(loc, position, "a lone surrogate escape (\\uD800–\\uDFFF)")
            return combined
        control = next(
            (c for c in combined if unicodedata.category(c) == "Cc" and c not in TEXT_CONTROLS),
            None,
        )
        if control is not None:
            self._refuse(loc, position, f"control character U+{ord(control):04X}")
        return combined

    def _refuse(self, loc: Loc, position: Position, what: str) -> None:
        where = _one_based(position)
        self.problems.append(Problem(self.name, *where, format_path(loc), f"{what} in a text"))


def _plain_text(text: str) -> bool:
    """Text with nothing but printable characters, line feeds and tabs."""
    return all(char.isprintable() or char in TEXT_CONTROLS or char == " " for char in text)


def _field_values(items: Any, loc: Loc, name: str) -> list[tuple[Loc, Any]]:
    """``(location, value)`` of the field ``name`` of every mapping in the list ``items``."""
    return [
        ((*loc, index, name), item.get(name))
        for index, item in enumerate(items if isinstance(items, list) else [])
        if isinstance(item, dict) and name in item
    ]


def _plain(
    node: Any,
    loc: Loc,
    positions: dict[Loc, Position],
    key_positions: dict[Loc, Position],
    check: _TextCheck,
) -> Any:
    """Plain dicts and lists, recording where each value and key stands (0-based)."""
    if isinstance(node, CommentedMap):
        positions.setdefault(loc, (node.lc.line, node.lc.col))
        result = {}
        for key, value in node.items():
            label = str(key)
            child = (*loc, label)
            key_positions[child] = node.lc.key(key)
            positions[child] = node.lc.value(key)
            label = check(label, child, key_positions[child])
            result[label] = _plain(value, child, positions, key_positions, check)
        return result
    if isinstance(node, CommentedSeq):
        positions.setdefault(loc, (node.lc.line, node.lc.col))
        items = []
        for index, value in enumerate(node):
            child = (*loc, index)
            positions[child] = node.lc.item(index)
            items.append(_plain(value, child, positions, key_positions, check))
        return items
    if isinstance(node, str):
        return check(str(node), loc, positions.get(loc, (0, 0)))
    return node


def _problem(
    name: str,
    detail: ErrorDetails,
    positions: dict[Loc, Position],
    key_positions: dict[Loc, Position],
) -> Problem:
    loc = tuple(detail["loc"])
    on_key = loc[-1:] == ("[key]",)
    if on_key:
        loc = loc[:-1]
    if detail["type"] == "extra_forbidden" or on_key:
        line, column = key_positions.get(loc, (0, 0))
    else:
        known = next(loc[:n] for n in range(len(loc), -1, -1) if loc[:n] in positions)
        line, column = positions[known]
    return Problem(name, line + 1, column + 1, format_path(loc), _message(detail, loc))


# By isinstance, bool before int: ruamel's round-trip values are subclasses
# (ScalarFloat, CommentedMap…) whose class names mean nothing to a user.
_KINDS = (
    (bool, "true/false"),
    (int | float, "a number"),
    (str, "a string"),
    (list, "a list"),
    (dict, "a mapping"),
)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return next((name for kind, name in _KINDS if isinstance(value, kind)), type(value).__name__)


def _message(detail: ErrorDetails, loc: Loc) -> str:
    kind = detail["type"]
    value = detail.get("input")
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        allowed = _field_names(loc[:-1])
        return f"unknown field (expected one of: {', '.join(allowed)})"
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "").replace("'", "")
        return f"{value!r} is not one of: {expected}"
    if kind in {"dict_type", "model_type"}:
        what = "a text (a string, or language: string pairs)" if _is_text(loc) else "a mapping"
        return f"expected {what}, got {_kind(value)}"
    if kind in {"list_type", "tuple_type"}:
        return f"expected a list, got {_kind(value)}"
    if kind == "string_type":
        return f"expected a string, got {_kind(value)}"
    if kind == "too_short":
        return "must not be empty"
    if kind == "value_error":
        return str(detail.get("ctx", {}).get("error", detail["msg"]))
    return f"{detail['msg']} (got {_kind(value)})"


def _model_at(loc: Loc) -> Any:
    """The type that validates the value at ``loc``, walking the Summit model."""
    annotation: Any = Summit
    for part in loc:
        if isinstance(part, int):
            args = [a for a in get_args(annotation) if a is not Ellipsis]
            annotation = args[0] if args else annotation
            continue
        annotation = _unwrap(annotation)
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        field = annotation.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
    return _unwrap(annotation)


def _unwrap(annotation: Any) -> Any:
    """``X | None`` → X, and ``Annotated[X, …]`` → X (an optional Text is both)."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    if (
        get_origin(annotation) is not None
        and len(args) == 1
        and get_origin(annotation) is not tuple
    ):
        annotation = args[0]
    if get_origin(annotation) is Annotated:
        return get_args(annotation)[0]
    return annotation


def _field_names(loc: Loc) -> list[str]:
    model = _model_at(loc)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _is_text(loc: Loc) -> bool:
    model = _model_at(loc)
    return get_origin(model) is not None and issubclass(get_origin(model) or object, Mapping)
