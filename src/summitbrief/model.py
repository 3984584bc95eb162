"""Summit format v1 as typed, frozen models.

Validation needs a context (see :func:`validation_context`): a plain string is
text in the file's source language, and cross-references (a quote's speaker)
are checked against the participants of the same file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator
from functools import cache
from typing import Annotated, Any, Literal

from babel import Locale
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from summitbrief.errors import format_path

FORMAT_VERSION = 1

AREAS = (
    "economic-security",
    "science-technology",
    "international-norms",
    "artificial-intelligence",
    "intellectual-property",
    "social-issues",
    "transnational-crime",
    "people-to-people",
    "regional-cooperation",
    "north-korea",
    "history",
    "future-relations",
)
Status = Literal["agreed", "reaffirmed", "proposed", "continuing", "noted"]
Role = Literal["head-of-state", "head-of-government", "minister", "official"]
Kind = Literal["bilateral-summit", "trilateral-summit", "ministerial", "working-level"]
Classification = Literal["unclassified", "internal", "restricted", "confidential"]

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
URL = re.compile(r"https?://[^\s/]+\S*")


def validation_context(data: Any, known: Collection[str]) -> dict[str, Any]:
    """What validating ``data`` needs to know: the ``known`` language tags, the rest of the file.

    When ``source_language`` or ``languages`` is itself invalid, the texts are
    not checked against it: that one error explains them all.
    """
    data = data if isinstance(data, dict) else {}
    source = data.get("source_language")
    languages = data.get("languages")
    participants = data.get("participants")
    ids = [
        p.get("id")
        for p in (participants if isinstance(participants, list) else [])
        if isinstance(p, dict)
    ]
    valid_languages = isinstance(languages, list) and all(
        isinstance(t, str) and t in known for t in languages
    )
    return {
        "known": tuple(known),
        "source_language": source if isinstance(source, str) and source in known else None,
        "languages": set(languages) if valid_languages else None,
        "participant_ids": ids,
    }


def _context(info: ValidationInfo) -> dict[str, Any]:
    if info.context is None:
        raise ValueError("validate with summitbrief.model.validation_context(data, known)")
    return info.context


def _known_language(tag: str, info: ValidationInfo) -> str:
    known = _context(info)["known"]
    if tag not in known:
        raise ValueError(f"unknown language '{tag}' (known: {', '.join(known)})")
    return tag


def _text_language(tag: str, info: ValidationInfo) -> str:
    return _declared_language(tag, info, "language ")


def _plain_string_is_source_text(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, str):
        return {_context(info)["source_language"] or "und": value}
    return value


def _not_empty(value: dict[str, str]) -> dict[str, str]:
    if not value:
        raise ValueError("empty text: give at least the source language")
    return value


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("empty text")
    return value


def _iso_date(value: Any) -> Any:
    # YAML 1.2 and JSON both hand dates over as strings here (see load.py); refusing
    # numbers stops pydantic from reading 20260113 as seconds since 1970.
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(f"'{value}' is not a valid date ({error})") from None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ValueError(f"expected an ISO date YYYY-MM-DD, got {value!r}")


def split_pair(text: str) -> tuple[str, str]:
    """``"ko+ja"`` → ``("ko", "ja")``; ValueError for anything that is not two languages."""
    left, plus, right = text.partition("+")
    if not plus or not left or not right or "+" in right or left == right:
        raise ValueError(f"'{text}' is not a pair of two languages such as ko+ja")
    return left, right


def _pair(value: Any, info: ValidationInfo) -> Any:
    if not isinstance(value, str):
        return value
    pair = split_pair(value)
    declared = _context(info)["languages"]
    for tag in pair:
        if declared is not None and tag not in declared:
            listed = ", ".join(sorted(declared))
            raise ValueError(f"'{tag}' in '{value}' is not one of this file's languages ({listed})")
    return pair


def _declared_language(tag: str, info: ValidationInfo, what: str = "") -> str:
    """``tag`` if the file declares it (in ``languages`` or as ``source_language``)."""
    context = _context(info)
    if context["languages"] is None or context["source_language"] is None:
        return tag
    declared = context["languages"] | {context["source_language"]}
    if tag not in declared:
        listed = ", ".join(sorted(declared))
        raise ValueError(f"{what}'{tag}' is not one of this file's languages ({listed})")
    return tag


def _no_repeats(value: tuple[str, ...]) -> tuple[str, ...]:
    repeated = next((tag for index, tag in enumerate(value) if tag in value[:index]), None)
    if repeated:
        raise ValueError(f"language '{repeated}' is listed twice")
    return value


# The id names the output files, <id>.<left>+<right>.<format>: with the longest
# language tags (12 characters, zh-Hant-TW) it must fit 255 bytes, the limit of
# every common file system.
MAX_ID = 200


def _file_name(value: str) -> str:
    if len(value) > MAX_ID:
        raise ValueError(
            f"an id of {len(value)} characters; at most {MAX_ID} (it names the output files)"
        )
    return value


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise ValueError(f"'{value}' is not a slug (lowercase letters, digits and single hyphens)")
    return value


# CLDR also names groupings and user-assigned codes (EU, UN, QO, XK, ZZ): not countries.
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN"})


@cache
def _territories() -> frozenset[str]:
    return frozenset(
        code
        for code in Locale("en").territories
        if len(code) == 2 and code[0] not in "QXZ" and code not in NOT_COUNTRIES
    )


def _country(value: str) -> str:
    if value not in _territories():
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code (e.g. KR, JP)")
    return value


LanguageTag = Annotated[str, AfterValidator(_known_language)]
DeclaredLanguage = Annotated[
    str, AfterValidator(_known_language), AfterValidator(_declared_language)
]
"""A language of this file: one of ``languages`` or the source language."""
Slug = Annotated[str, AfterValidator(_slug)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Pair = Annotated[tuple[str, str], BeforeValidator(_pair)]
"""Two languages side by side, written ``left+right`` (``ko+ja``)."""
Country = Annotated[str, AfterValidator(_country)]
Text = Annotated[
    dict[
        Annotated[str, AfterValidator(_text_language)],
        Annotated[str, AfterValidator(_non_blank)],
    ],
    BeforeValidator(_plain_string_is_source_text),
    AfterValidator(_not_empty),
]
"""Text in several languages: language tag → plain text (never HTML)."""


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class Location(Model):
    city: Text
    country: Country


class Participant(Model):
    id: Slug
    country: Country
    role: Role
    name: Text
    office: Text


class Action(Model):
    owner: Text
    due: IsoDate | None = None
    text: Text


class Outcome(Model):
    # area_label comes first so that the area check can see it.
    area_label: Text | None = None
    area: str
    status: Status
    text: Text
    actions: tuple[Action, ...] = ()

    @field_validator("area")
    @classmethod
    def _known_area(cls, value: str, info: ValidationInfo) -> str:
        if value not in AREAS and info.data.get("area_label") is None:
            raise ValueError(
                f"unknown area '{value}' (known: {', '.join(AREAS)}; "
                "or give the outcome an area_label)"
            )
        return value


class Quote(Model):
    speaker: str
    text: Text

    @field_validator("speaker")
    @classmethod
    def _is_participant(cls, value: str, info: ValidationInfo) -> str:
        ids = _context(info)["participant_ids"]
        if value not in ids:
            known = ", ".join(str(i) for i in ids) or "none"
            raise ValueError(f"speaker '{value}' is not a participant id (participants: {known})")
        return value


class PreviousMeeting(Model):
    date: IsoDate
    location: Location
    note: Text


class Source(Model):
    title: Text
    url: str

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not URL.fullmatch(value):
            raise ValueError(f"'{value}' is not an http(s) URL")
        return value


class Summit(Model):
    """One meeting, as described by one summit file."""

    summitbrief: int
    id: Annotated[Slug, AfterValidator(_file_name)]
    source_language: LanguageTag
    languages: tuple[LanguageTag, ...] = Field(min_length=1)
    title: Text
    date: IsoDate
    location: Location
    kind: Kind = "bilateral-summit"
    classification: Classification = "unclassified"
    prepared_by: Text | None = None
    participants: tuple[Participant, ...] = Field(min_length=1)
    summary: Text
    background: tuple[Text, ...] = ()
    previous_meetings: tuple[PreviousMeeting, ...] = ()
    outcomes: tuple[Outcome, ...] = Field(min_length=1)
    quotes: tuple[Quote, ...] = ()
    next_steps: tuple[Text, ...] = ()
    sources: tuple[Source, ...] = ()
    pairs: tuple[Pair, ...] = ()
    # The languages whose text is authoritative; a memo in any other language
    # says it is a provisional translation (None: the source language only).
    official_languages: (
        Annotated[tuple[DeclaredLanguage, ...], Field(min_length=1), AfterValidator(_no_repeats)]
        | None
    ) = None

    @field_validator("summitbrief", mode="before")
    @classmethod
    def _version(cls, value: Any) -> int:
        if isinstance(value, str) and value.strip() == str(FORMAT_VERSION):
            raise ValueError(
                f"expected the number {FORMAT_VERSION}, got the string {value!r} "
                "(write it without quotes)"
            )
        if type(value) is not int or value != FORMAT_VERSION:
            raise ValueError(
                f"unsupported format version {value!r} (this summitbrief reads version "
                f"{FORMAT_VERSION})"
            )
        return value

    def texts(self) -> Iterator[tuple[str, dict[str, str]]]:
        """Every text of the summit with its field path (``outcomes[2].text``), in file order."""
        return _texts(self, ())

    def is_official(self, lang: str) -> bool:
        """Whether the text in ``lang`` is authoritative rather than a provisional translation."""
        return lang in self.official()

    def official(self) -> tuple[str, ...]:
        """The languages whose text is authoritative: ``official_languages``, else the source."""
        return self.official_languages or (self.source_language,)

    def participant(self, participant_id: str) -> Participant:
        """The participant with this id (validation guarantees it exists)."""
        return next(p for p in self.participants if p.id == participant_id)


def _texts(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[str, dict[str, str]]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*path, name))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
    elif isinstance(value, dict):
        yield format_path(path), value
