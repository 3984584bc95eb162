"""Turn a summit file's texts into a .po file for translators, and their .po back into the file.

Export writes one entry per text field: msgid is the source-language text,
msgctxt the field path (``outcomes[2].text``), an extracted comment says what
the field is. Import writes the translations into the YAML in place with
ruamel.yaml's round-trip mode, so comments, key order and formatting stay.

Knowing that a source text changed after it was translated: the .po file is
the record. When ``-o`` names an existing .po (the translator's file from the
last export), a translation in the summit file is compared with that file:
if the .po holds the same translation for another source text, the source
changed since, and the entry is exported fuzzy with the old source as the
previous msgid (Poedit shows the difference). Work in the .po that was never
imported is kept. Import refuses entries whose msgid is no longer the source
text (the source changed after export), as it refuses fuzzy ones, unless
``--fuzzy`` is given.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.catalog import Catalog, Message
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
)
from ruamel.yaml.util import load_yaml_guess_indent

from summitbrief.catalogs import pofile
from summitbrief.errors import ConfigError, DataError, Problem, display_name
from summitbrief.languages import Languages
from summitbrief.loader import load, parse
from summitbrief.model import Summit

Path_ = tuple[str | int, ...]

PATH_PART = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")

# What each kind of field is, for the translator (the extracted comment).
ROLES = {
    "title": "Title of the memo",
    "prepared_by": "Who prepared the memo",
    "location.city": "City where the meeting took place",
    "participants[].name": "Name of a participant",
    "participants[].office": "Office of a participant, printed with the name",
    "summary": "Bottom line: the summary at the top of the memo",
    "background[]": "A paragraph of the Background section",
    "previous_meetings[].location.city": "City of a previous meeting",
    "previous_meetings[].note": "What a previous meeting did",
    "outcomes[].area_label": "Heading of an area that is not one of the standard ones",
    "outcomes[].text": "An outcome of the meeting",
    "outcomes[].actions[].owner": "Who carries out a follow-up action",
    "outcomes[].actions[].text": "A follow-up action",
    "quotes[].text": "Words of a participant, quoted",
    "next_steps[]": "A next step",
    "sources[].title": "Title of a source document",
}

HEADER = """\
# {language} translation of the summit {id} ({file}).
# Made by `summitbrief i18n export`; translate, then run
# `summitbrief i18n import {po} {file}`. See docs/TRANSLATING.md.
#"""


@dataclass(frozen=True)
class Exported:
    """A .po file written from a summit file."""

    path: Path
    lang: str
    translated: int
    fuzzy: int
    untranslated: int
    # one line each: what a reader of the report should know
    notes: tuple[str, ...] = field(default=())

    @property
    def entries(self) -> int:
        return self.translated + self.fuzzy + self.untranslated


@dataclass(frozen=True)
class Imported:
    """Translations written into a summit file."""

    path: Path
    lang: str
    changed: int
    unchanged: int
    untranslated: int
    skipped_fuzzy: int
    skipped_stale: int
    written: bool


def export_content(source: Path, lang: str, out: Path, languages: Languages) -> Exported:
    """Write the texts of the summit file ``source`` as a .po catalog for ``lang``."""
    summit = load(source, languages)
    _check_language(summit, lang, source, languages)
    previous = pofile.read(out, lang) if out.exists() else None
    lines = _text_lines(source)
    name = display_name(source)
    catalog = Catalog(
        locale=pofile.locale_name(lang),
        # Import reads the summit id back from here: "summit <id>".
        project="summit",
        version=summit.id,
        header_comment=HEADER.format(
            language=Locale.parse(languages[lang].locale).english_name,
            id=summit.id,
            file=name,
            po=display_name(out),
        ),
        language_team=f"{lang} <summitbrief translators>",
        fuzzy=False,
    )
    history = _History(previous)
    notes = []
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for path, text in summit.texts():
        msgid = text.get(summit.source_language)
        if msgid is None:
            notes.append(f"{path}: no {summit.source_language} text to translate from; left out")
            continue
        message = Message(
            msgid,
            context=path,
            auto_comments=[_role(summit, path)],
            locations=[(name, lines.get(path, 1))],
        )
        history.fill(message, text.get(lang), notes)
        # Summit texts are prose, not format strings: "50% of" is not a placeholder.
        message.flags.discard("python-format")
        message.flags.add("no-python-format")
        catalog[msgid] = message
        kind = "fuzzy" if message.fuzzy else ("translated" if message.string else "untranslated")
        counts[kind] += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    pofile.write_dated(out, catalog, line_numbers=True)
    return Exported(out, lang, notes=tuple(notes), **counts)


def import_content(
    po: Path, target: Path, languages: Languages, use_fuzzy: bool = False
) -> Imported:
    """Write the translations of ``po`` into the summit file ``target``; nothing on any error."""
    name = display_name(target)
    if target.suffix.lower() == ".json":
        raise ConfigError(f"{name}: import writes YAML summit files only, not JSON")
    summit = load(target, languages)
    catalog = pofile.read(po)
    lang = _po_language(catalog, po, languages)
    _check_language(summit, lang, target, languages)
    if catalog.project == "summit" and catalog.version and catalog.version != summit.id:
        raise ConfigError(
            f"{display_name(po)} was exported from the summit '{catalog.version}', "
            f"not '{summit.id}' ({name})"
        )
    texts = dict(summit.texts())
    changes: dict[str, str] = {}
    problems = []
    counts = dict.fromkeys(("unchanged", "untranslated", "fuzzy", "stale"), 0)
    for message in catalog:
        if not message.id:
            continue
        where = (display_name(po), message.lineno or 1, 1)
        if not message.context or message.context not in texts:
            what = f"msgctxt '{message.context}'" if message.context else "an entry without msgctxt"
            problems.append(Problem(*where, "", f"{what} matches no text field of {name}"))
            continue
        string = message.string if isinstance(message.string, str) else message.string[0]
        text = texts[message.context]
        if not string.strip():
            counts["untranslated"] += 1
        elif message.fuzzy and not use_fuzzy:
            counts["fuzzy"] += 1
        elif message.id != text.get(summit.source_language) and not use_fuzzy:
            counts["stale"] += 1
        elif text.get(lang) == string:
            counts["unchanged"] += 1
        else:
            changes[message.context] = string
    if problems:
        raise DataError(problems)
    written = False
    if changes:
        data = _apply(target, summit, lang, changes, languages)
        written = pofile.write(target, data)
    return Imported(
        target,
        lang,
        changed=len(changes),
        unchanged=counts["unchanged"],
        untranslated=counts["untranslated"],
        skipped_fuzzy=counts["fuzzy"],
        skipped_stale=counts["stale"],
        written=written,
    )


class _History:
    """What the previous export of the same file says about each translation."""

    def __init__(self, previous: Catalog | None) -> None:
        messages = [m for m in previous or () if m.id and isinstance(m.string, str)]
        self.by_context = {m.context: m for m in messages}
        self.by_string: dict[str, list[Message]] = defaultdict(list)
        for message in messages:
            if message.string:
                self.by_string[message.string].append(message)

    def fill(self, message: Message, translation: str | None, notes: list[str]) -> None:
        """Give ``message`` its translation, fuzzy if its source changed since."""
        old = self.by_context.get(message.context)
        if old is not None:
            message.user_comments = list(old.user_comments)
        if translation:
            message.string = translation
            made_from = self.by_string.get(translation, [])
            if made_from and all(m.id != message.id for m in made_from):
                same_field = [m for m in made_from if m.context == message.context]
                self._fuzzy(message, (same_field or made_from)[0].id)
            elif old is not None and old.string and old.string != translation:
                notes.append(
                    f"{message.context}: the .po had another translation, not imported; "
                    "replaced by the summit file's"
                )
        elif old is not None and old.string:
            # Work in the .po that was never imported is kept.
            message.string = old.string
            if old.id != message.id:
                self._fuzzy(message, old.id)
            elif old.fuzzy:
                self._fuzzy(message, old.previous_id[0] if old.previous_id else None)

    @staticmethod
    def _fuzzy(message: Message, previous: str | None) -> None:
        message.flags.add("fuzzy")
        message.previous_id = [previous] if previous else []


def _check_language(summit: Summit, lang: str, source: Path, languages: Languages) -> None:
    languages.require(lang)
    name = display_name(source)
    if lang == summit.source_language:
        raise ConfigError(f"{name}: '{lang}' is the source language; nothing to translate")
    if lang not in summit.languages:
        declared = ", ".join(summit.languages)
        raise ConfigError(
            f"{name}: '{lang}' is not among the file's languages ({declared}); "
            "add it to `languages:` first"
        )


def _po_language(catalog: Catalog, po: Path, languages: Languages) -> str:
    locale = str(catalog.locale) if catalog.locale else ""
    for tag in languages:
        if pofile.locale_name(tag) == locale:
            return tag
    if not locale:
        raise ConfigError(f"{display_name(po)}: no Language header; export the file again")
    raise ConfigError(
        f"{display_name(po)}: its language '{locale}' is not one of {', '.join(languages)}"
    )


def _role(summit: Summit, path: str) -> str:
    """What the field at ``path`` is, with the facts that place it."""
    parts = _parse_path(path)
    generic = re.sub(r"\[\d+\]", "[]", path)
    role = ROLES.get(generic, path)
    facts = []
    if parts[0] == "participants" and isinstance(parts[1], int):
        person = summit.participants[parts[1]]
        facts.append(f"{person.id}, {person.country}, {person.role}")
    elif parts[0] == "outcomes" and isinstance(parts[1], int):
        outcome = summit.outcomes[parts[1]]
        facts.append(f"area {outcome.area}, {outcome.status}")
    elif parts[0] == "quotes" and isinstance(parts[1], int):
        facts.append(f"speaker {summit.quotes[parts[1]].speaker}")
    return f"{role} ({'; '.join(facts)})" if facts else role


def _parse_path(path: str) -> Path_:
    return tuple(int(index) if index else name for name, index in PATH_PART.findall(path))


def _yaml(text: str) -> tuple[YAML, Any]:
    """A round-trip YAML set to write ``text`` back in its own layout, and its document."""
    _data, sequence, offset = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    # Long lines stay long: rewrapping plain scalars would touch untranslated lines.
    yaml.width = 4096
    yaml.indent(mapping=_mapping_indent(text), sequence=sequence or 2, offset=offset or 0)
    return yaml, yaml.load(text)


def _mapping_indent(text: str) -> int:
    """The indentation of nested mappings in ``text`` (ruamel does not guess it)."""
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    for line, following in itertools.pairwise(lines):
        if re.fullmatch(r"\s*[^\s:#-][^:]*:\s*", line):
            inner = len(following) - len(following.lstrip())
            outer = len(line) - len(line.lstrip())
            if inner > outer and not following.lstrip().startswith("- "):
                return inner - outer
    return 2


def _text_lines(source: Path) -> dict[str, int]:
    """The 1-based line of every text field in ``source``, by field path."""
    document = _yaml(source.read_text(encoding="utf-8-sig"))[1]
    lines: dict[str, int] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, CommentedMap):
            for key in node:
                child = f"{path}.{key}" if path else str(key)
                lines[child] = node.lc.key(key)[0] + 1
                walk(node[key], child)
        elif isinstance(node, CommentedSeq):
            for index, item in enumerate(node):
                child = f"{path}[{index}]"
                lines[child] = node.lc.item(index)[0] + 1
                walk(item, child)

    walk(document, "")
    return lines


def _apply(
    target: Path, summit: Summit, lang: str, changes: dict[str, str], languages: Languages
) -> bytes:
    """The bytes of ``target`` with ``changes`` (field path → translation) written in."""
    text = target.read_text(encoding="utf-8-sig")
    yaml, document = _yaml(text)
    order = [summit.source_language, *summit.languages]
    for path, translation in changes.items():
        parts = _parse_path(path)
        parent = document
        for part in parts[:-1]:
            parent = parent[part]
        node = parent[parts[-1]]
        if isinstance(node, CommentedMap):
            _set_translation(node, lang, translation, order)
        else:
            # A plain string is source-language text; it becomes a mapping.
            mapping = CommentedMap()
            mapping[summit.source_language] = node
            mapping[lang] = _styled(translation, node)
            # The comment after the plain string stays after it, not after the key.
            comment = parent.ca.items.pop(parts[-1], None)
            if comment is not None:
                mapping.ca.items[summit.source_language] = comment
            parent[parts[-1]] = mapping
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    data = buffer.getvalue().encode("utf-8")
    _verify(data, target, lang, changes, languages)
    return data


def _set_translation(node: CommentedMap, lang: str, value: str, order: list[str]) -> None:
    if lang in node:
        node[lang] = _styled(value, node[lang])
        return
    source = next((node[k] for k in order if k in node), None)
    styled = _styled(value, source)
    # The new language goes where the file's language list puts it.
    rank = order.index(lang)
    position = sum(1 for key in node if key in order and order.index(key) < rank)
    node.insert(position, lang, styled)


def _styled(value: str, like: Any) -> Any:
    """``value`` in the scalar style of ``like`` (folded, literal, quoted or plain)."""
    if isinstance(like, FoldedScalarString) and "\n" in value.strip("\n"):
        return LiteralScalarString(value)
    if isinstance(like, ScalarString):
        return type(like)(value)
    return value


def _verify(
    data: bytes, target: Path, lang: str, changes: dict[str, str], languages: Languages
) -> None:
    """Read the new file back: it must be valid and hold exactly the translations."""
    summit = parse(data, display_name(target), languages)
    texts = dict(summit.texts())
    wrong = [path for path, value in changes.items() if texts.get(path, {}).get(lang) != value]
    if wrong:
        raise DataError(
            [
                Problem(
                    display_name(target), 1, 1, path, "could not write this translation exactly"
                )
                for path in wrong
            ]
        )
