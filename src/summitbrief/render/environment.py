"""The Jinja environment memos are rendered in: sandboxed, bounded, over known folders only.

Themes come from whoever designs them, so their templates are not trusted
(known-pitfalls.md: a plain Environment reaches ``os`` through
``lipsum.__globals__``). Every template, built-in or a theme's, renders in
an ``ImmutableSandboxedEnvironment``:

- the loader reads only regular files inside the theme folder and the built-in
  templates folder: a symbolic link, or a name that resolves outside them, is
  refused;
- only the globals and filters a memo needs are there, and no template sees
  a path or a method that reads files;
- the work one render may do is bounded: loop iterations and calls
  (``{% for %}`` in ``{% for %}`` over ``range(100000)``), the size of numbers
  and strings an operator may make, the width a filter may pad to, and the
  size of the HTML.
"""

from __future__ import annotations

import contextvars
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePath
from typing import Any

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    FileSystemBytecodeCache,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
)
from jinja2.environment import Environment
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

from summitbrief.errors import RenderError, display_name
from summitbrief.i18n import format_width
from summitbrief.render.filters import FILTERS as MEMO_FILTERS
from summitbrief.toolchain import code_hash

BUILTIN_PREFIX = "builtin/"
TEMPLATE_SUFFIXES = (".j2", ".html", ".css", ".svg")
MAX_TEMPLATE_BYTES = 1 * 2**20

# Shared with extraction (catalogs/extract.py): other options give other msgids.
ENVIRONMENT_OPTIONS: dict[str, Any] = {
    "extensions": ["jinja2.ext.i18n"],
    "trim_blocks": True,
    "lstrip_blocks": True,
}

# One memo's rendering: the sample takes ~4,000 loop iterations and calls and
# makes ~100 KB of HTML; a 36-outcome memo about four times that.
MAX_STEPS = 2_000_000
MAX_OUTPUT = 32 * 2**20
MAX_NUMBER = 10**12
MAX_STRING = 1_000_000
MAX_WIDTH = 1_000
# Filters a memo's templates may use; numbers they take are bounded (MAX_WIDTH).
# No format, center, indent, truncate or wordwrap: each pads or formats to a
# width a template chooses.
FILTERS = (
    "abs", "batch", "capitalize", "count", "d", "default", "dictsort", "e", "escape",
    "first", "float", "forceescape", "groupby", "int", "items", "join", "last", "length",
    "list", "lower", "map", "max", "min", "reject", "rejectattr", "replace", "reverse",
    "round", "safe", "select", "selectattr", "slice", "sort", "string", "striptags", "sum",
    "title", "trim", "unique", "upper", "wordcount",
)  # fmt: skip

_budget: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "summitbrief_render_budget", default=None
)


def template_environment(
    templates: Path, theme: Path | None = None, cache: Path | None = None
) -> Environment:
    """The sandboxed environment of the built-in ``templates`` under an optional ``theme``.

    A template is looked up in the theme first, then in the built-in folder; a
    theme's template can still extend the built-in one as ``builtin/<name>``.
    ``cache`` keeps compiled templates between runs (a fifth of a cold build's
    own work); it must be a folder of this user's alone, for what it holds is code.
    """
    env = _SandboxedEnvironment(
        loader=FolderLoader(templates, theme),
        bytecode_cache=_bytecode_cache(cache),
        # select_autoescape() decides by suffix and leaves *.html.j2 unescaped.
        autoescape=True,
        undefined=StrictUndefined,
        # A theme edited during `preview` shows at the next request.
        auto_reload=True,
        **ENVIRONMENT_OPTIONS,
    )
    env.newstyle_gettext = True
    env.policies["ext.i18n.trimmed"] = True
    env.globals = {"range": env.globals["range"], "namespace": env.globals["namespace"]}
    env.filters = {name: _bounded(env.filters[name]) for name in FILTERS}
    env.filters.update({name: _bounded(f) for name, f in MEMO_FILTERS.items()})
    env.filters[_STEP_FILTER] = _counted
    return env


def _bytecode_cache(folder: Path | None) -> BytecodeCache | None:
    """Compiled templates under ``folder``, in a subfolder of this code's own (the
    step counting of ``_parse`` is in the code they hold); None when it cannot be made."""
    if folder is None:
        return None
    path = folder / f"templates-{code_hash()[:16]}"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None  # another user's folder, or one others may write in: never load from it
    return FileSystemBytecodeCache(str(path))


def render_bounded(render: Callable[[], Iterable[str]]) -> str:
    """Join what ``render`` yields, within the step and output budgets of one document."""
    budget = [MAX_STEPS]
    token = _budget.set(budget)
    try:
        parts, size = [], 0
        for part in render():
            size += len(part)
            if size > MAX_OUTPUT:
                raise RenderError(f"a template made more than {MAX_OUTPUT // 2**20} MiB of HTML")
            parts.append(part)
        return "".join(parts)
    finally:
        _budget.reset(token)


class FolderLoader(BaseLoader):
    """Loads regular files under the theme and built-in folders; refuses anything else."""

    def __init__(self, templates: Path, theme: Path | None) -> None:
        self.templates = templates.resolve()
        self.theme = theme.resolve() if theme else None

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if template.startswith(BUILTIN_PREFIX):
            return self._read(self.templates, template.removeprefix(BUILTIN_PREFIX))
        if self.theme is not None:
            try:
                return self._read(self.theme, template)
            except TemplateNotFound:
                pass
        return self._read(self.templates, template)

    def _read(self, root: Path, name: str) -> tuple[str, str, Callable[[], bool]]:
        parts = PurePath(name).parts
        if not name or "\0" in name or any(part in ("..", "/") for part in parts):
            raise TemplateNotFound(name)
        path = root.joinpath(*parts)
        try:
            info = _regular_file_inside(root, path)
        except FileNotFoundError:
            raise TemplateNotFound(name) from None
        if info.st_size > MAX_TEMPLATE_BYTES:
            raise RenderError(f"{display_name(path)}: a template larger than 1 MiB")
        source = path.read_text(encoding="utf-8")
        mtime = info.st_mtime_ns
        return source, str(path), lambda: _mtime(path) == mtime

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for root in (self.theme, self.templates):
            if root is not None:
                for directory, _, names in os.walk(root):
                    base = Path(directory).relative_to(root)
                    found.update((base / name).as_posix() for name in names)
        return sorted(found)


def _regular_file_inside(root: Path, path: Path) -> os.stat_result:
    """The stat of ``path``: a regular file, no symbolic link on the way, inside ``root``."""
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        info = current.lstat()
        if stat.S_ISLNK(info.st_mode):
            raise RenderError(
                f"{display_name(current)}: a symbolic link; templates must be files in "
                f"{display_name(root)}"
            )
    if not stat.S_ISREG(info.st_mode):
        raise FileNotFoundError(path)
    return info


def _mtime(path: Path) -> int | None:
    try:
        return path.lstat().st_mtime_ns
    except OSError:
        return None


_STEP_FILTER = "summitbrief_step"


def _step(count: int = 1) -> None:
    budget = _budget.get()
    if budget is None:
        return
    budget[0] -= count
    if budget[0] < 0:
        raise RenderError(
            f"the templates did more than {MAX_STEPS:,} loop steps and calls for one memo "
            "(a loop that never ends?)"
        )


def _counted(iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        _step()
        yield item


class _SandboxedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with calls and operators bounded, and no path or model internals."""

    intercepted_binops = frozenset({"*", "**", "+", "//", "%"})
    # Set by the i18n extension (Environment.extend), which Jinja's annotations do not declare.
    newstyle_gettext: bool

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """The template's tree, with every ``{% for %}`` loop's steps counted against the budget."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            if loop.recursive:
                raise TemplateSyntaxError(
                    "recursive loops are not allowed in memo templates", loop.lineno, name, filename
                )
            loop.iter = nodes.Filter(
                loop.iter, _STEP_FILTER, [], [], None, None, lineno=loop.lineno
            )
        return tree

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step()
        _check_arguments(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _step()
        if operator == "%" and isinstance(left, str):
            wide = format_width(left)
            if wide is not None:
                raise RenderError(f"a template formats to a width of {wide} (at most 100)")
        if operator == "**" and _number(right) and abs(right) > 64:
            raise RenderError(f"a template raised a number to the power {right}")
        if operator == "*":
            for count, other in ((left, right), (right, left)):
                sized = _number(count) and isinstance(other, str | list | tuple)
                if sized and count * len(other) > MAX_STRING:
                    raise RenderError("a template made a string or list too long")
        result = super().call_binop(context, operator, left, right)
        if _number(result) and abs(result) > MAX_NUMBER**2:
            raise RenderError("a template made a number too large")
        if isinstance(result, str | list | tuple) and len(result) > MAX_STRING:
            raise RenderError("a template made a string or list too long")
        return result

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, PurePath) or isinstance(value, PurePath):
            return False
        if isinstance(obj, BaseModel) and attr.startswith("model_"):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if _number(value) and abs(value) > MAX_NUMBER:
            raise RenderError(f"a template passed the number {value:.3g}; too large")


def _bounded(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` refusing numbers past MAX_WIDTH (``center(10**9)``) and counted as a step."""

    # The filtered value comes after the context or environment a filter may ask for.
    skip = 2 if hasattr(function, "jinja_pass_arg") else 1

    def bounded(*args: Any, **kwargs: Any) -> Any:
        _step()
        for value in (*args[skip:], *kwargs.values()):
            if _number(value) and abs(value) > MAX_WIDTH:
                raise RenderError(f"a template passed {value} to a filter (at most {MAX_WIDTH})")
        return function(*args, **kwargs)

    for marker in ("jinja_pass_arg",):
        if hasattr(function, marker):
            setattr(bounded, marker, getattr(function, marker))
    bounded.__name__ = getattr(function, "__name__", "filter")
    return bounded
