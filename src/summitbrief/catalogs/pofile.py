"""Read and write the project's .po and .pot files, one way for every step.

Every catalog is written the same way (no wrapping, no line numbers, previous
msgids kept), and only when its bytes change, so that re-running a step on
unchanged sources leaves the tree as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape, write_po

from summitbrief.errors import DataError, Problem, display_name
from summitbrief.files import write_atomically
from summitbrief.i18n import DOMAIN

TEMPLATE = f"{DOMAIN}.pot"


def template_path(locales: Path) -> Path:
    """The message template (POT) of a locales directory."""
    return locales / TEMPLATE


def locale_name(tag: str) -> str:
    """The locale Babel reads for a language tag: ``zh-Hans`` → ``zh_Hans``."""
    return tag.replace("-", "_")


def read(path: Path, tag: str | None = None) -> Catalog:
    """A catalog file, or a DataError located at the line that is not valid PO."""
    name = display_name(path)
    try:
        with path.open("rb") as file:
            catalog = read_po(file, locale=locale_name(tag) if tag else None, abort_invalid=True)
    except OSError as error:
        raise DataError([Problem(name, 1, 1, "", f"cannot read: {error.strerror}")]) from None
    except PoFileError as error:
        message = str(error).rsplit(" on ", 1)[0]
        line = error.lineno if isinstance(error.lineno, int) else 1
        raise DataError([Problem(name, line, 1, "", f"not a valid PO file: {message}")]) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise DataError([Problem(name, 1, 1, "", f"not a valid PO file: {error}")]) from None
    for message in [*catalog, *catalog.obsolete.values()]:
        _previous_msgid(message)
    return catalog


def _previous_msgid(message: Message) -> None:
    """Move ``#| msgid`` lines from the user comments to ``previous_id``.

    Babel reads them as translator comments, and would write them back as
    ``# | msgid``, losing what Poedit shows as "previous source text".
    """
    comments, previous = [], []
    target: list[str] | None = None
    for comment in message.user_comments:
        if not comment.startswith("|"):
            comments.append(comment)
            continue
        body = comment[1:].strip()
        keyword, _, value = body.partition(" ")
        if keyword in ("msgid", "msgid_plural"):
            previous.append(unescape(value))
            target = previous
        elif keyword == "msgctxt":
            target = None
        elif body.startswith('"') and target:
            target[-1] += unescape(body)
    message.user_comments = comments
    if previous:
        message.previous_id = previous


def render(catalog: Catalog, *, line_numbers: bool = False) -> bytes:
    """The bytes of a catalog as every step writes it."""
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        # No wrapping: a reworded string changes one line of the diff, and
        # Poedit's own wrapping is undone by the next update.
        width=None,  # type: ignore[arg-type]
        include_previous=True,
        # Line numbers move with every template edit; file names are enough to
        # find a string and do not churn.
        include_lineno=line_numbers,
    )
    return buffer.getvalue()


def write_dated(
    path: Path, catalog: Catalog, now: dt.datetime | None = None, *, line_numbers: bool = False
) -> bool:
    """Write ``catalog`` with a creation date that moves only when its messages do.

    An unchanged catalog is not rewritten, so re-running a step never churns
    the POT-Creation-Date line of a diff.
    """
    if path.exists():
        # A file that no longer parses is simply replaced below.
        with contextlib.suppress(DataError):
            catalog.creation_date = read(path).creation_date
        if path.read_bytes() == render(catalog, line_numbers=line_numbers):
            return False
    catalog.creation_date = (now or dt.datetime.now(dt.UTC)).replace(second=0, microsecond=0)
    return write(path, render(catalog, line_numbers=line_numbers))


def write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomically(path, data)
    return True
