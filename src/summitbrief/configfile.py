"""Read a TOML configuration file (theme.toml, languages.toml) into a pydantic model.

Configuration comes from themes and catalogs other people write: the file is
bounded in size and nesting, and every problem is one ``file: key.path:
message`` line in a single ConfigError.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, RootModel, ValidationError

from summitbrief.errors import ConfigError, display_name, format_path, one_line

MAX_CONFIG_BYTES = 256 * 1024
MAX_CONFIG_DEPTH = 8

ModelT = TypeVar("ModelT", bound=BaseModel)


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """The tables of a TOML file, or a ConfigError naming the file and what it is for."""
    name = display_name(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"{name}: cannot read the {what}: {error.strerror}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{name}: larger than {MAX_CONFIG_BYTES // 1024} KiB")
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{name}: not UTF-8 text ({error.reason})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{name}: not a valid TOML file: {one_line(str(error))}") from None
    except RecursionError:
        raise ConfigError(f"{name}: nested too deeply") from None
    if _depth(data) > MAX_CONFIG_DEPTH:
        raise ConfigError(f"{name}: nested more than {MAX_CONFIG_DEPTH} levels deep")
    return data


def validate(model: type[ModelT], data: Any, path: Path, context: Any = None) -> ModelT:
    """``data`` as ``model``; every problem as one ``file: key.path: message`` line."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        name = display_name(path)
        lines = [_line(name, model, detail) for detail in error.errors()]
        raise ConfigError("\n".join(dict.fromkeys(lines))) from None


def _line(name: str, model: type[BaseModel], detail: Any) -> str:
    loc = [part for part in detail["loc"] if part != "[key]"]
    where = format_path(loc)
    kind = detail["type"]
    if kind == "extra_forbidden":
        keys = _keys(model, loc[:-1])
        message = f"unknown key (expected one of: {', '.join(keys)})" if keys else "unknown key"
    elif kind == "missing":
        message = "missing required key"
    elif kind in ("model_type", "dict_type"):
        # pydantic would name the model class, which means nothing to whoever wrote the file
        message = f"should be a table (got {detail.get('input')!r:.60})"
    elif kind == "literal_error":
        expected = str(detail.get("ctx", {}).get("expected", "")).replace("'", "")
        message = f"{detail.get('input')!r:.60} is not one of: {expected.replace(' or ', ', ')}"
    elif kind == "value_error":
        message = str(detail.get("ctx", {}).get("error", detail["msg"]))
    else:
        message = f"{detail['msg']} (got {detail.get('input')!r:.60})"
    return one_line(f"{name}: {where}: {message}" if where else f"{name}: {message}")


def _keys(model: type[BaseModel], loc: list[str | int]) -> list[str]:
    """The keys the table at ``loc`` may have, when a model describes it."""
    current: Any = model
    for part in loc:
        if isinstance(current, type) and issubclass(current, RootModel):
            # a table of tables keyed by name (languages.toml): any key leads to its value type
            current = get_args(current.model_fields["root"].annotation)[-1]
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            return []
        current = fields[part].annotation
    return list(getattr(current, "model_fields", {}))


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0
