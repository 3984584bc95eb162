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
from typing import Annotated, Any, Literal, TypedDict

from babel import Locale
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
    field_validator,
)
from pydantic_core import PydanticUndefined

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
SessionKind = Literal[
    "small-group",
    "plenary",
    "expanded",
    "working-lunch",
    "dinner",
    "tete-a-tete",
    "phone-call",
    "video-call",
]

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LOCAL_TIME = re.compile(r"(\d{1,2}):(\d{2})")
# A meeting or session longer than a day is a typing mistake, not a summit.
MAX_MINUTES = 24 * 60
URL = re.compile(r"https?://[^\s/]+\S*")


class ValidationContext(TypedDict):
    """What the validators need beyond the value: see :func:`validation_context`."""

    known: tuple[str, ...]
    source_language: str | None
    languages: set[str] | None
    # The ids as the file gives them, not yet validated: anything YAML can hold.
    participant_ids: list[object]


def validation_context(data: Any, known: Collection[str]) -> ValidationContext:
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


def _context(info: ValidationInfo[ValidationContext | None]) -> ValidationContext:
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


def _local_time(value: Any) -> Any:
    # YAML 1.2 (ruamel, the YAML language server) reads 15:50 as the string "15:50",
    # quoted or not; a YAML 1.1 reader makes it 950 (base 60), which no file means.
    if isinstance(value, dt.time):
        return value
    found = LOCAL_TIME.fullmatch(value) if isinstance(value, str) else None
    if found is None:
        raise ValueError(f'expected a local time "HH:MM" such as "15:50", got {value!r}')
    hours, minutes = int(found[1]), int(found[2])
    if hours > 23 or minutes > 59:
        raise ValueError(f"'{value}' is not a time of day (00:00 to 23:59)")
    return dt.time(hours, minutes)


def _minutes(value: Any) -> Any:
    if type(value) is not int:
        raise ValueError(f"expected a whole number of minutes, got {value!r}")
    if not 0 < value <= MAX_MINUTES:
        raise ValueError(f"expected a length of 1 to {MAX_MINUTES} minutes, got {value}")
    return value


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
def territories() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes of countries that CLDR names."""
    return frozenset(
        code
        for code in Locale("en").territories
        # Babel types its locale data's keys as str | int | None; these are strings.
        if isinstance(code, str)
        and len(code) == 2
        and code[0] not in "QXZ"
        and code not in NOT_COUNTRIES
    )


def _country(value: str) -> str:
    if value not in territories():
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code (e.g. KR, JP)")
    return value


# Placeholders that schema.py turns into references to definitions it adds: the
# language tags come from the registry of a run, not from this module (pydantic
# resolves a "$ref" itself, so the placeholder has a key of its own).
DEFINITION = "x-summitbrief-definition"


def _defined(name: str) -> WithJsonSchema:
    return WithJsonSchema({DEFINITION: name})


LANGUAGE_REF = _defined("LanguageTag")
LanguageTag = Annotated[str, AfterValidator(_known_language), LANGUAGE_REF]
DeclaredLanguage = Annotated[
    str, AfterValidator(_known_language), AfterValidator(_declared_language), LANGUAGE_REF
]
"""A language of this file: one of ``languages`` or the source language."""
Slug = Annotated[
    str,
    AfterValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": f"^{SLUG.pattern}$"}),
]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": f"^{ISO_DATE.pattern}$"}),
]
Pair = Annotated[
    tuple[str, str],
    BeforeValidator(_pair),
    _defined("Pair"),
]
"""Two languages side by side, written ``left+right`` (``ko+ja``)."""
Country = Annotated[str, AfterValidator(_country), _defined("Country")]
Text = Annotated[
    dict[
        Annotated[str, AfterValidator(_text_language)],
        Annotated[str, AfterValidator(_non_blank)],
    ],
    BeforeValidator(_plain_string_is_source_text),
    AfterValidator(_not_empty),
    _defined("Text"),
]
"""Text in several languages: language tag → plain text (never HTML)."""
LocalTime = Annotated[
    dt.time,
    BeforeValidator(_local_time),
    WithJsonSchema({"type": "string", "pattern": "^([01]?[0-9]|2[0-3]):[0-5][0-9]$"}),
]
"""A local time of day, ``"HH:MM"``."""
Minutes = Annotated[
    int,
    BeforeValidator(_minutes),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_MINUTES}),
]
Reading = Annotated[
    dict[DeclaredLanguage, Annotated[str, AfterValidator(_non_blank)]],
    _defined("Reading"),
]
"""How a name is read, per language: ``{ja: イ・ジェミョン}``."""


class KeyedText(dict[str, str]):
    """A text of a list that may carry a stable ``key:`` among its languages.

    The key names the item in translators' .po files, so that inserting or
    moving a paragraph does not move its translation (issue 14).
    """

    key: str | None = None


def _keyed(value: Any, handler: ValidatorFunctionWrapHandler) -> KeyedText:
    key = None
    if isinstance(value, dict) and "key" in value:
        value = dict(value)
        key = value.pop("key")
        if not isinstance(key, str) or not SLUG.fullmatch(key):
            raise ValueError(
                f"key {key!r} is not a slug (lowercase letters, digits and single hyphens)"
            )
    text = KeyedText(handler(value))
    text.key = key
    return text


Paragraph = Annotated[Text, WrapValidator(_keyed), _defined("Paragraph")]
"""A text with an optional ``key:`` (background paragraphs, next steps)."""


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


def _field(description: str, example: Any, default: Any = PydanticUndefined) -> Any:
    """A field with its description and an example, for the schema editors read."""
    return Field(default, description=description, examples=[example])


CITY = {"en": "Seoul", "ko": "서울", "ja": "ソウル"}
OFFICE = {"en": "President", "ko": "대통령", "ja": "大統領"}


class Location(Model):
    """Where a meeting took place."""

    city: Text = _field("The city, in each language.", CITY)
    country: Country = _field("The country: an ISO 3166-1 alpha-2 code.", "KR")


class Participant(Model):
    """A leader or official at the table."""

    id: Slug = _field("A short name that quotes use as their speaker.", "yoon")
    country: Country = _field("The country the participant represents (ISO 3166-1).", "KR")
    role: Role = _field("The participant's rank.", "head-of-state")
    name: Text = _field("The name, in each language.", {"en": "Yoon Suk Yeol", "ja": "尹錫悦"})
    office: Text = _field("The office held, in each language.", OFFICE)
    reading: Reading | None = _field(
        "How the name is read, per language: printed after the name at its first mention "
        "(尹錫悦（ユン・ソンニョル）).",
        {"ja": "ユン・ソンニョル"},
        default=None,
    )


class Member(Model):
    """One member of a delegation."""

    name: Text = _field("The name, in each language.", {"en": "Cho Tae-yul", "ja": "趙兌烈"})
    office: Text = _field(
        "The office held, in each language.",
        {"en": "Minister of Foreign Affairs", "ja": "外交部長官"},
    )
    reading: Reading | None = _field(
        "How the name is read, per language, printed after the name.",
        {"ja": "チョ・テヨル"},
        default=None,
    )


class Delegation(Model):
    """The officials of one country present besides its leader."""

    country: Country = _field("The country of the delegation (ISO 3166-1).", "KR")
    members: tuple[Member, ...] = Field(
        min_length=1,
        description="The members, in protocol order.",
        examples=[[{"name": "Cho Tae-yul", "office": "Minister of Foreign Affairs"}]],
    )


class Session(Model):
    """One part of the meeting, as readouts list them."""

    kind: SessionKind = _field("What kind of session.", "small-group")
    time: LocalTime | None = _field(
        "Local start time, HH:MM (quoted or not).", "15:35", default=None
    )
    duration_minutes: Minutes | None = _field("Length in minutes.", 45, default=None)


def _sessions_within(
    sessions: tuple[Session, ...], start: dt.time | None, length: int | None
) -> tuple[Session, ...]:
    """The sessions, if they fit in the meeting's time and length."""
    if length is not None:
        total = sum(s.duration_minutes or 0 for s in sessions)
        if total > length:
            raise ValueError(
                f"the sessions last {total} minutes in all, longer than the meeting "
                f"(duration_minutes: {length})"
            )
    # Readouts give lengths as "approximately" (3:50 p.m. for about 105 minutes,
    # then 40 from 3:50 and 65 from 4:35): a session's end is not checked
    # against the meeting's, only the sum of the lengths and each start.
    for index, session in enumerate(sessions):
        if start is not None and session.time is not None and session.time < start:
            raise ValueError(
                f"sessions[{index}] starts at {session.time:%H:%M}, before the meeting "
                f"(time: {start:%H:%M})"
            )
    return sessions


class Action(Model):
    """A follow-up an outcome commits someone to."""

    key: Slug | None = _field(
        "A stable name for translators' .po files, unique among the file's actions.",
        "first-meeting",
        default=None,
    )
    owner: Text = _field("Who is to act, in each language.", {"en": "Governments of both"})
    due: IsoDate | None = _field("When it is due (YYYY-MM-DD).", "2026-06-30", default=None)
    text: Text = _field("What is to be done, in each language.", {"en": "Hold consultations."})


class Outcome(Model):
    """One result of the meeting."""

    model_config = ConfigDict(
        # As the area check below: a file's own area needs an area_label.
        json_schema_extra={
            "anyOf": [{"required": ["area_label"]}, {"properties": {"area": {"enum": list(AREAS)}}}]
        }
    )

    key: Slug | None = _field(
        "A stable name for translators' .po files, unique among the outcomes.",
        "ai-dialogue",
        default=None,
    )
    # area_label comes first so that the area check can see it.
    area_label: Text | None = _field(
        "The heading of an area of the file's own (needed when area is not a known one).",
        {"en": "Energy"},
        default=None,
    )
    area: str = _field(
        f"The area: one of {', '.join(AREAS)}, or a slug of your own with an area_label.",
        "economic-security",
    )
    status: Status = _field("How far the outcome went.", "agreed")
    text: Text = _field("What was agreed or said, in each language.", {"en": "The leaders agreed."})
    actions: tuple[Action, ...] = _field(
        "Follow-ups, listed in the memo's follow-up table.",
        [{"owner": "Both governments", "text": "Hold consultations."}],
        default=(),
    )

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
    """A remark quoted in the memo."""

    speaker: str = _field("The id of the participant who said it.", "yoon")
    text: Text = _field("The words, in each language.", {"en": "We agree."})

    @field_validator("speaker")
    @classmethod
    def _is_participant(cls, value: str, info: ValidationInfo) -> str:
        ids = _context(info)["participant_ids"]
        if value not in ids:
            known = ", ".join(str(i) for i in ids) or "none"
            raise ValueError(f"speaker '{value}' is not a participant id (participants: {known})")
        return value


class PreviousMeeting(Model):
    """An earlier meeting, a point of the memo's timeline."""

    date: IsoDate = _field("When it took place (YYYY-MM-DD).", "2023-05-07")
    location: Location = _field("Where it took place.", {"city": CITY, "country": "KR"})
    note: Text = _field("What happened, in each language.", {"en": "Shuttle diplomacy resumed."})


class Source(Model):
    """A public account the file was written from."""

    title: Text = _field(
        "The source's name, in each language.", {"en": "Ministry of Foreign Affairs"}
    )
    url: str = Field(
        json_schema_extra={"pattern": f"^{URL.pattern}$"},
        description="Its http(s) address.",
        examples=["https://www.mofa.go.jp/"],
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not URL.fullmatch(value):
            raise ValueError(f"'{value}' is not an http(s) URL")
        return value


class Summit(Model):
    """One meeting, as described by one summit file."""

    model_config = ConfigDict(title="summitbrief summit file, format 1")

    summitbrief: int = Field(
        description="The format version: 1.",
        examples=[FORMAT_VERSION],
        json_schema_extra={"const": FORMAT_VERSION},
    )
    id: Annotated[Slug, AfterValidator(_file_name)] = Field(
        description="The file's id, used in output names.",
        examples=["seoul-2024"],
        json_schema_extra={"maxLength": MAX_ID},
    )
    source_language: LanguageTag = _field("The language the texts were written in.", "ja")
    languages: tuple[LanguageTag, ...] = Field(
        min_length=1,
        json_schema_extra={"uniqueItems": True},
        description="The languages of the memos, in order.",
        examples=[["en", "ko", "ja"]],
    )
    title: Text = _field("The memo's title, in each language.", {"en": "Korea–Japan Summit"})
    date: IsoDate = _field("The day of the meeting (YYYY-MM-DD).", "2024-09-06")
    time: LocalTime | None = _field(
        'Local start time, "HH:MM" (15:50 and "15:50" both work).', "15:35", default=None
    )
    duration_minutes: Minutes | None = _field(
        "How long the meeting lasted, in minutes.", 100, default=None
    )
    location: Location = _field("Where the meeting took place.", {"city": CITY, "country": "KR"})
    kind: Kind = _field("The kind of meeting.", "bilateral-summit", default="bilateral-summit")
    classification: Classification = _field(
        "The classification banner.", "unclassified", default="unclassified"
    )
    prepared_by: Text | None = _field(
        "Who wrote the memo.", {"en": "Northeast Asia Division"}, default=None
    )
    participants: tuple[Participant, ...] = Field(
        min_length=1,
        description="The leaders and officials at the table.",
        examples=[
            [
                {
                    "id": "yoon",
                    "country": "KR",
                    "role": "head-of-state",
                    "name": "Yoon Suk Yeol",
                    "office": "President",
                }
            ]
        ],
    )
    sessions: tuple[Session, ...] = _field(
        "The parts of the meeting, in order; together no longer than duration_minutes.",
        [{"kind": "small-group", "time": "15:35", "duration_minutes": 45}],
        default=(),
    )
    delegations: tuple[Delegation, ...] = _field(
        "Who else was present, per country.",
        [{"country": "KR", "members": [{"name": "Cho Tae-yul", "office": "Foreign Minister"}]}],
        default=(),
    )
    summary: Text = _field("The bottom line, in each language.", {"en": "The leaders met."})
    background: tuple[Paragraph, ...] = _field(
        "Paragraphs of background, each with an optional key: for translators' .po files.",
        [{"key": "shuttle", "en": "The visit continued shuttle diplomacy."}],
        default=(),
    )
    previous_meetings: tuple[PreviousMeeting, ...] = _field(
        "Earlier meetings, for the timeline.",
        [
            {
                "date": "2023-05-07",
                "location": {"city": "Seoul", "country": "KR"},
                "note": "Shuttle diplomacy resumed.",
            }
        ],
        default=(),
    )
    outcomes: tuple[Outcome, ...] = Field(
        min_length=1,
        description="What the meeting produced.",
        examples=[[{"area": "history", "status": "agreed", "text": "The leaders agreed."}]],
    )
    quotes: tuple[Quote, ...] = _field(
        "Remarks quoted in the memo.", [{"speaker": "yoon", "text": "We agree."}], default=()
    )
    next_steps: tuple[Paragraph, ...] = _field(
        "What happens next, numbered in the memo; each with an optional key:.",
        [{"en": "Hold consultations."}],
        default=(),
    )
    sources: tuple[Source, ...] = _field(
        "The public accounts the file was written from.",
        [{"title": "Ministry of Foreign Affairs", "url": "https://www.mofa.go.jp/"}],
        default=(),
    )
    pairs: tuple[Pair, ...] = _field(
        "Bilingual memos to build, LEFT+RIGHT (default: every pair).", ["ko+ja"], default=()
    )
    # The languages whose text is authoritative; a memo in any other language
    # says it is a provisional translation (None: the source language only).
    official_languages: (
        Annotated[
            tuple[DeclaredLanguage, ...],
            Field(min_length=1, json_schema_extra={"uniqueItems": True}),
            AfterValidator(_no_repeats),
        ]
        | None
    ) = _field(
        "The languages whose text is authoritative (default: the source).", ["ja"], default=None
    )

    @field_validator("sessions")
    @classmethod
    def _within_meeting(cls, value: tuple[Session, ...], info: ValidationInfo) -> Any:
        return _sessions_within(value, info.data.get("time"), info.data.get("duration_minutes"))

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
            # A reading is how a name sounds in one language, not a text to translate.
            if name != "reading":
                yield from _texts(getattr(value, name), (*path, name))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
    elif isinstance(value, dict):
        yield format_path(path), value
