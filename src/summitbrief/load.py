"""Turn a summit file (YAML or JSON) into a validated :class:`Summit`.

Every problem of a file is collected and raised together as one DataError,
each located by line, column and field path.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from summitbrief.errors import DataError, Problem, display_name, format_path
from summitbrief.model import Summit, validation_context

Position = tuple[int, int]
Loc = tuple[str | int, ...]


def load(path: str | Path) -> Summit:
    """Read, parse and validate one summit file; raise DataError listing every problem."""
    path = Path(path)
    name = display_name(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError([Problem(name, 1, 1, "", f"cannot read file: {error.strerror}")]) from None
    return parse(raw, name)


def parse(raw: bytes, name: str) -> Summit:
    """Validate the bytes of a summit file; ``name`` is used in error messages."""
    text = _decode(raw, name)
    document = _parse_yaml(text, name)
    positions: dict[Loc, Position] = {}
    key_positions: dict[Loc, Position] = {}
    data = _plain(document, (), positions, key_positions)
    if not isinstance(data, dict):
        kind = _kind(data)
        raise DataError(
            [Problem(name, 1, 1, "", f"expected a mapping of summit fields, got {kind}")]
        )
    try:
        return Summit.model_validate(data, context=validation_context(data))
    except ValidationError as error:
        details = error.errors()
        raise DataError(
            _problem(name, detail, positions, key_positions)
            for detail in details
            if not _consequence(detail, details)
        ) from None


def _consequence(detail: ErrorDetails, details: list[ErrorDetails]) -> bool:
    """A list reported too short only because its invalid items were dropped."""
    loc = tuple(detail["loc"])
    return detail["type"] == "too_short" and any(
        len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc
        for other in details
    )


def _decode(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise DataError([Problem(name, 1, 1, "", "the file is empty; expected a summit mapping")])
    if b"\0" in raw:
        raise DataError([_byte_problem(raw, raw.index(b"\0"), name, "a NUL byte")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = f"byte 0x{raw[error.start]:02x}"
        raise DataError(
            [_byte_problem(raw, error.start, name, f"{byte}, invalid in UTF-8")]
        ) from None


def _byte_problem(raw: bytes, offset: int, name: str, what: str) -> Problem:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return Problem(name, line, column, "", f"not a UTF-8 text file: {what}")


def _parse_yaml(text: str, name: str) -> Any:
    yaml = YAML(typ="rt", pure=True)
    # Keep dates as strings so that the model parses them and a bad date is
    # reported with its position (ruamel raises a bare ValueError otherwise).
    yaml.constructor.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
    )
    try:
        document = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (error.problem or "invalid YAML").replace("\n", " ")
        if "duplicate key" in problem:
            original = error.context_mark.line + 1 if error.context_mark else "?"
            problem = f"{problem.split(' with value')[0]} (the mapping starts at line {original})"
        raise DataError([Problem(name, line, column, "", f"YAML: {problem}")]) from None
    if document is None:
        raise DataError([Problem(name, 1, 1, "", "the file is empty; expected a summit mapping")])
    return document


def _plain(
    node: Any, loc: Loc, positions: dict[Loc, Position], key_positions: dict[Loc, Position]
) -> Any:
    """Plain dicts and lists, recording where each value and key stands (0-based)."""
    if isinstance(node, CommentedMap):
        positions.setdefault(loc, (node.lc.line, node.lc.col))
        result = {}
        for key, value in node.items():
            child = (*loc, str(key))
            key_positions[child] = node.lc.key(key)
            positions[child] = node.lc.value(key)
            result[str(key)] = _plain(value, child, positions, key_positions)
        return result
    if isinstance(node, CommentedSeq):
        positions.setdefault(loc, (node.lc.line, node.lc.col))
        items = []
        for index, value in enumerate(node):
            child = (*loc, index)
            positions[child] = node.lc.item(index)
            items.append(_plain(value, child, positions, key_positions))
        return items
    if isinstance(node, str):
        return str(node)
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


_KINDS = {dict: "a mapping", list: "a list", str: "a string", bool: "true/false", int: "a number"}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return _KINDS.get(type(value), type(value).__name__)


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
    """``X | None`` → X."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    if (
        get_origin(annotation) is not None
        and len(args) == 1
        and get_origin(annotation) is not tuple
    ):
        return args[0]
    return annotation


def _field_names(loc: Loc) -> list[str]:
    model = _model_at(loc)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _is_text(loc: Loc) -> bool:
    model = _model_at(loc)
    return get_origin(model) is not None and issubclass(get_origin(model) or object, Mapping)
