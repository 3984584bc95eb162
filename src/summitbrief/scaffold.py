"""Turn a few answers (id, date, place, languages, participants) into a new summit file.

The file is commented section by section, starts with the line that points
editors at the schema, and validates as written: it is checked with the
loader before anything is written, and an existing file is never replaced
unless asked.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from summitbrief.errors import ConfigError, DataError
from summitbrief.files import write_atomically
from summitbrief.languages import Languages
from summitbrief.loader import parse
from summitbrief.model import AREAS, Classification, Kind, Role, SessionKind, Status

SCHEMA_LINE = "# yaml-language-server: $schema={}"
COMMENT_WIDTH = 88
# Which option gave the value at a field path, to report a bad answer by its option.
OPTIONS = (
    ("id", "--id"),
    ("date", "--date"),
    ("languages", "--lang"),
    ("source_language", "--lang"),
    ("title", "--title"),
    ("location.city", "--city"),
    ("location.country", "--country"),
    ("participants", "--participant"),
)


@dataclass(frozen=True)
class Attendee:
    """A participant as given on the command line: ``KR,head-of-state,Name,Office``."""

    country: str
    role: str
    name: str
    office: str

    @classmethod
    def parse(cls, text: str) -> Attendee:
        """``COUNTRY,ROLE,NAME,OFFICE`` (the office may hold commas)."""
        parts = [part.strip() for part in text.split(",", 3)]
        if len(parts) != 4 or not all(parts):
            raise ConfigError(
                f"--participant: '{text}' is not COUNTRY,ROLE,NAME,OFFICE "
                "(e.g. KR,head-of-state,Yoon Suk Yeol,President)"
            )
        return cls(*parts)


@dataclass(frozen=True)
class Draft:
    """What a new summit file says to begin with."""

    id: str
    title: str
    date: str
    city: str
    country: str
    languages: tuple[str, ...]
    participants: tuple[Attendee, ...]
    schema: str = "summit.schema.json"


def slug(text: str, fallback: str) -> str:
    """``"Yoon Suk Yeol"`` → ``yoon-suk-yeol``; ``fallback`` when nothing ASCII is left."""
    found = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return found or fallback


def _quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: any text is safe in it.
    return json.dumps(text, ensure_ascii=False)


def _choices(values: Sequence[str]) -> str:
    return ", ".join(values)


def _comment(text: str) -> list[str]:
    return [f"# {line}" for line in textwrap.wrap(text, COMMENT_WIDTH - 2)]


def _participants(attendees: Sequence[Attendee]) -> list[str]:
    lines, used = [], set()
    for number, person in enumerate(attendees, start=1):
        ident = slug(person.name, f"participant-{number}")
        if ident in used:
            ident = f"{ident}-{number}"
        used.add(ident)
        lines += [
            f"  - id: {ident}",
            f"    country: {_quoted(person.country)}",
            f"    role: {_quoted(person.role)}",
            f"    name: {_quoted(person.name)}",
            f"    office: {_quoted(person.office)}",
        ]
    return lines


def render(draft: Draft) -> str:
    """The text of the new summit file."""
    source = draft.languages[0]
    languages = ", ".join(draft.languages)
    lines = [
        SCHEMA_LINE.format(draft.schema),
        "# A summit file for summitbrief, format 1 (docs/summit-format.md). Editors with the",
        "# YAML language server complete and check it as you type, from the schema above.",
        "# Check it with `summitbrief validate FILE`; build memos with `summitbrief build FILE`.",
        "",
        "summitbrief: 1",
        "# The file's name in output folders: lowercase letters, digits and hyphens.",
        f"id: {_quoted(draft.id)}",
        "# The language the texts are written in (first), and every language of the memos.",
        f"source_language: {source}",
        f"languages: [{languages}]",
        "",
        "# A text is a string in the source language, or one line per language:",
        "#   title:",
        f"#     {source}: ...",
        "title: " + _quoted(draft.title),
        "date: " + _quoted(draft.date),
        *_comment(
            'The local start time, "HH:MM", and the length in minutes; then the parts of '
            "the meeting, in order, together no longer than the meeting. Kinds of session: "
            f"{_choices(get_args(SessionKind))}."
        ),
        '# time: "15:35"',
        "# duration_minutes: 100",
        "# sessions:",
        "#   - kind: small-group",
        '#     time: "15:35"',
        "#     duration_minutes: 45",
        "",
        "location:",
        "  city: " + _quoted(draft.city),
        "  # An ISO 3166-1 alpha-2 code: KR, JP, US…",
        "  country: " + _quoted(draft.country),
        "",
        f"# {_choices(get_args(Kind))}",
        "kind: bilateral-summit",
        f"# {_choices(get_args(Classification))}",
        "classification: unclassified",
        "",
        *_comment(
            f"The leaders and officials at the table; roles: {_choices(get_args(Role))}. "
            "A reading, per language, is printed after the name where the memo first names "
            "the person: reading: {ja: ユン・ソンニョル}"
        ),
        "participants:",
        *_participants(draft.participants),
        "",
        "# Who else was present, per country, in protocol order.",
        "# delegations:",
        "#   - country: KR",
        "#     members:",
        "#       - name: ...",
        "#         office: ...",
        "",
        "# The bottom line: what a reader must know if they read nothing else.",
        'summary: "Write the bottom line here."',
        "",
        *_comment(
            f"What the meeting produced. Areas: {_choices(AREAS)}; or an area of your own "
            f"with an area_label. Statuses: {_choices(get_args(Status))}. Actions (owner, "
            "text, due) make the follow-up table."
        ),
        "outcomes:",
        "  - area: future-relations",
        "    status: noted",
        '    text: "Write the first outcome here."',
        "",
        "# Also: background, previous_meetings, quotes, next_steps, sources, pairs,",
        "# official_languages, prepared_by (docs/summit-format.md).",
    ]
    return "\n".join(lines) + "\n"


def create(path: Path, draft: Draft, languages: Languages, *, force: bool = False) -> Path:
    """Write a new summit file at ``path`` from ``draft``; ConfigError for bad answers.

    ``languages`` is the registry the file's languages must be in.
    """
    if path.exists() and not force:
        raise ConfigError(f"{path} already exists; pass --force to replace it")
    text = render(draft)
    try:
        parse(text.encode("utf-8"), str(path), languages)
    except DataError as error:
        raise ConfigError(
            "\n".join(_by_option(p.path, p.message) for p in error.problems)
        ) from None
    write_atomically(path, text.encode("utf-8"))
    return path


def _by_option(field: str, message: str) -> str:
    option = next((name for prefix, name in OPTIONS if field.startswith(prefix)), None)
    return f"{option}: {message}" if option else f"{field}: {message}"


def today() -> str:
    """Today's date, the default date of a new file."""
    return dt.date.today().isoformat()
