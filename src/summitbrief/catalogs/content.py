"""Turn a summit file's texts into a .po file for translators, and their .po back into the file.

Export writes one entry per text field: msgid is the source-language text,
msgctxt names the field by keys, not positions (``outcomes[ai-dialogue].text``:
an item's ``key:``, a participant's id, else a short hash of the item's source
text), so inserting, deleting or reordering items moves no translation; an
extracted comment says what the field is. Import writes the translations into
the YAML in place with ruamel.yaml's round-trip mode, so comments, key order,
formatting and line endings stay.

Knowing that a source text changed after it was translated: the .po file is
the record. When ``-o`` names an existing .po (the translator's file from the
last export), each entry is matched to its previous one (same msgctxt, else
the most alike source text of the same kind of field): a translation made for
another source text comes out fuzzy with the old source as the previous msgid
(Poedit shows the difference), a fuzzy entry stays fuzzy until a person
clears the flag, work in the .po that was never imported is kept, and entries
no text takes any more are kept as obsolete ones (``#~``), never dropped.
Import refuses entries whose msgid is no longer the source text (the source
changed after export), as it refuses fuzzy ones, unless ``--fuzzy`` is given,
and lists each one it skipped.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
)
from ruamel.yaml.util import load_yaml_guess_indent

from summitbrief.catalogs import pofile
from summitbrief.catalogs.pofile import BOM
from summitbrief.catalogs.update import SIMILARITY
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
    "delegations[].members[].name": "Name of a member of a delegation",
    "delegations[].members[].office": "Office of a member of a delegation",
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
    # entries kept for work no text of the file takes any more
    obsolete: int = 0

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
    # entries that match no text of the file any more (their item was deleted)
    unmatched: int = 0
    # one line each, located in the .po: what was not imported, and why
    skipped: tuple[str, ...] = ()


def export_content(source: Path, lang: str, out: Path, languages: Languages) -> Exported:
    """Write the texts of the summit file ``source`` as a .po catalog for ``lang``."""
    summit = load(source, languages)
    _check_language(summit, lang, source, languages)
    previous = pofile.read(out, lang) if out.exists() else None
    lines = text_lines(source)
    name = display_name(source)
    catalog = Catalog(
        locale=pofile.locale_name(lang),
        # Import reads the summit id back from here: "summit <id>".
        project="summit",
        version=summit.id,
        header_comment=HEADER.format(
            language=pofile.english_name(lang, languages[lang].locale),
            id=summit.id,
            file=name,
            po=display_name(out),
        ),
        language_team=f"{lang} <summitbrief translators>",
        fuzzy=False,
    )
    history = _History(previous.catalog if previous else None)
    notes = []
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for entry in entries(summit):
        msgid = entry.text.get(summit.source_language)
        if msgid is None:
            notes.append(
                f"{entry.path}: no {summit.source_language} text to translate from; left out"
            )
            continue
        message = Message(
            msgid,
            context=entry.context,
            auto_comments=[_role(summit, entry.path)],
            locations=[(name, lines.get(entry.path, 1))],
        )
        history.fill(message, entry.text.get(lang), notes)
        # Summit texts are prose, not format strings: "50% of" is not a placeholder.
        message.flags.discard("python-format")
        message.flags.add("no-python-format")
        catalog[msgid] = message
        kind = "fuzzy" if message.fuzzy else ("translated" if message.string else "untranslated")
        counts[kind] += 1
    # A translator's work that no text of the file takes any more is kept, obsolete.
    for old in history.leftovers():
        catalog.obsolete[pofile.obsolete_key(pofile.first_id(old), old.context)] = old
    out.parent.mkdir(parents=True, exist_ok=True)
    layout = previous.layout if previous else None
    pofile.write_dated(out, catalog, layout=layout, line_numbers=True)
    return Exported(out, lang, notes=tuple(notes), obsolete=len(catalog.obsolete), **counts)


def import_content(
    po: Path, target: Path, languages: Languages, use_fuzzy: bool = False
) -> Imported:
    """Write the translations of ``po`` into the summit file ``target``; nothing on any error."""
    name = display_name(target)
    if target.suffix.lower() == ".json":
        raise ConfigError(f"{name}: import writes YAML summit files only, not JSON")
    summit = load(target, languages)
    catalog = pofile.read(po).catalog
    lang = _po_language(catalog, po, languages)
    _check_language(summit, lang, target, languages)
    if catalog.project == "summit" and catalog.version and catalog.version != summit.id:
        raise ConfigError(
            f"{display_name(po)} was exported from the summit '{catalog.version}', "
            f"not '{summit.id}' ({name})"
        )
    current = {entry.context: entry for entry in entries(summit)}
    taken: set[str] = set()
    changes: dict[str, str] = {}
    problems = []
    skipped: list[str] = []
    counts = dict.fromkeys(("unchanged", "untranslated", "fuzzy", "stale", "unmatched"), 0)
    for message in catalog:
        if not message.id:
            continue
        where = f"{display_name(po)}:{message.lineno or 1}: {message.context}"
        if not message.context or _generic(message.context) not in ROLES:
            what = f"msgctxt '{message.context}'" if message.context else "an entry without msgctxt"
            problems.append(
                Problem(display_name(po), message.lineno or 1, 1, "", f"{what} is no text field")
            )
            continue
        string = pofile.strings(message)[0]
        entry = current.get(message.context) or _relocated(message, current, taken)
        if not string.strip():
            counts["untranslated"] += 1
            continue
        if entry is None:
            counts["unmatched"] += 1
            skipped.append(f"{where}: matches no text of {name} (deleted?); not imported")
            continue
        taken.add(entry.context)
        if message.fuzzy and not use_fuzzy:
            counts["fuzzy"] += 1
            skipped.append(f"{where}: fuzzy, not imported (review it, or pass --fuzzy)")
        elif message.id != entry.text.get(summit.source_language) and not use_fuzzy:
            counts["stale"] += 1
            skipped.append(f"{where}: the source text changed since the export; not imported")
        elif entry.text.get(lang) == string:
            counts["unchanged"] += 1
        else:
            changes[entry.path] = string
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
        unmatched=counts["unmatched"],
        skipped=tuple(skipped),
    )


@dataclass(frozen=True)
class Entry:
    """One text of a summit file as a .po entry: its stable msgctxt and its field path."""

    context: str
    path: str
    text: dict[str, str]


def entries(summit: Summit) -> list[Entry]:
    """Every text of ``summit`` with a msgctxt that survives inserting and moving list items.

    A list item is named by its ``key:`` (or a participant by its id), else by
    a short hash of its source text: ``outcomes[ai-dialogue].actions[5d41a0].text``.
    """
    keys = _item_keys(summit)
    found = []
    for path, text in summit.texts():
        parts = _parse_path(path)
        context = ""
        prefix: Path_ = ()
        for part in parts:
            if isinstance(part, int):
                context += f"[{keys[(*prefix, part)]}]"
            else:
                context += f".{part}" if context else part
            prefix = (*prefix, part)
        found.append(Entry(context, path, text))
    return found


def _item_keys(summit: Summit) -> dict[Path_, str]:
    """The name of every list item of ``summit``, at any depth, by its position."""
    keys: dict[Path_, str] = {}

    def walk(model: BaseModel, prefix: Path_) -> None:
        for field_name in type(model).model_fields:
            items = getattr(model, field_name)
            if not (isinstance(items, tuple) and items and isinstance(items[0], BaseModel | dict)):
                continue
            taken: dict[str, int] = {}
            for index, item in enumerate(items):
                key = _item_key(item, summit.source_language)
                taken[key] = taken.get(key, 0) + 1
                keys[(*prefix, field_name, index)] = (
                    key if taken[key] == 1 else f"{key}-{taken[key]}"
                )
                if isinstance(item, BaseModel):
                    walk(item, (*prefix, field_name, index))

    walk(summit, ())
    return keys


def _item_key(item: Any, source: str) -> str:
    # A delegation is named by its country, as a participant by its id.
    explicit = next(
        (getattr(item, name) for name in ("key", "id", "country") if getattr(item, name, None)),
        None,
    )
    if explicit:
        return str(explicit)
    text = item
    for attribute in ("text", "note", "title"):
        text = getattr(item, attribute, text)
    words = text.get(source) or next(iter(text.values())) if isinstance(text, dict) else str(text)
    return hashlib.sha1(words.encode("utf-8")).hexdigest()[:6]


def _generic(context: str) -> str:
    return re.sub(r"\[[^\]]*\]", "[]", context)


def _relocated(message: Message, current: dict[str, Entry], taken: set[str]) -> Entry | None:
    """The one text of the entry's kind whose source is the entry's msgid (its item moved)."""
    kind = _generic(message.context or "")
    same = [
        entry
        for entry in current.values()
        if _generic(entry.context) == kind
        and entry.context not in taken
        and message.id in entry.text.values()
    ]
    return same[0] if len(same) == 1 else None


class _History:
    """What the previous export of the same file says about each translation."""

    def __init__(self, previous: Catalog | None) -> None:
        self.unmatched = {m.context: m for m in previous or () if m.id and m.context}
        self.obsolete = list(previous.obsolete.values()) if previous else []
        self.by_string: dict[str, list[Message]] = defaultdict(list)
        for message in self.unmatched.values():
            if isinstance(message.string, str) and message.string:
                self.by_string[message.string].append(message)

    def fill(self, message: Message, translation: str | None, notes: list[str]) -> None:
        """Give ``message`` its translation, fuzzy if its source changed since."""
        old = self._match(message)
        if old is not None:
            message.user_comments = list(old.user_comments)
        if translation:
            message.string = translation
            made_from = self.by_string.get(translation, [])
            if old is not None and old.string == translation:
                self._carry(message, old)
            elif made_from and all(m.id != message.id for m in made_from):
                same_field = [m for m in made_from if m.context == message.context]
                self._fuzzy(message, pofile.first_id((same_field or made_from)[0]))
            elif old is not None and old.string and old.string != translation:
                notes.append(
                    f"{message.context}: the .po had another translation, not imported; "
                    "replaced by the summit file's"
                )
        elif old is not None and old.string:
            # Work in the .po that was never imported is kept.
            message.string = old.string
            self._carry(message, old)

    def leftovers(self) -> list[Message]:
        """The translated entries no text took, and the obsolete ones of before."""
        left = [m for m in self.unmatched.values() if any(pofile.strings(m))]
        return [*self.obsolete, *left]

    def _match(self, message: Message) -> Message | None:
        """The previous entry of this text: same msgctxt, else the most alike of its kind.

        A hash-named item is renamed when its source text changes; its
        entry is found again by the likeness of the texts (as msgmerge's fuzzy
        matching, within one kind of field).
        """
        old = self.unmatched.pop(message.context or "", None)
        if old is not None:
            return old
        kind = _generic(message.context or "")
        alike = {pofile.first_id(m): c for c, m in self.unmatched.items() if _generic(c) == kind}
        found = difflib.get_close_matches(
            pofile.first_id(message), list(alike), n=1, cutoff=SIMILARITY
        )
        return self.unmatched.pop(alike[found[0]]) if found else None

    def _carry(self, message: Message, old: Message) -> None:
        """Keep ``old``'s review state: fuzzy stays fuzzy until a person clears it."""
        if old.id != message.id:
            self._fuzzy(message, pofile.first_id(old))
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


def text_lines(source: Path) -> dict[str, int]:
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
    """The bytes of ``target`` with ``changes`` (field path → translation) written in.

    The file keeps its line endings and byte-order mark: an editor on Windows
    saved it so, and a diff of the import shows only the new translations.
    """
    raw = target.read_bytes()
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
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
    data = buffer.getvalue()
    if b"\r\n" in raw.split(b"\n", 1)[0] + b"\n":
        data = data.replace("\n", "\r\n")
    encoded = (BOM if raw.startswith(BOM) else b"") + data.encode("utf-8")
    _verify(encoded, target, lang, changes, languages)
    return encoded


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
