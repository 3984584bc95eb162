"""The exceptions a user can see, and how they print.

Every error the CLI reports is a :class:`SummitbriefError`; anything else is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file: ``file:line:col: path: message``."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


def format_path(parts: Iterable[str | int]) -> str:
    """``('outcomes', 3, 'due')`` → ``outcomes[3].due``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class SummitbriefError(Exception):
    """Base of every error caused by input, options or the environment."""


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters shown as escapes."""
    return "".join(char if char.isprintable() or char == " " else repr(char)[1:-1] for char in text)


class DataError(SummitbriefError):
    """An input file that does not hold a valid summit; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        # A problem prints on one line whatever the file holds (a key with a newline).
        self.problems = sorted(
            replace(p, path=one_line(p.path), message=one_line(p.message)) for p in problems
        )
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(SummitbriefError):
    """Options or environment that make a build impossible (unknown language, missing font)."""


class RenderError(SummitbriefError):
    """A document that could not be rendered, or a strict build that found problems."""


def display_name(path: Path) -> str:
    """The file name as users typed it relative to the working directory, when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
