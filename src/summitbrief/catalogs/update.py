"""Turn each language's catalog into one that matches the current template.

Translations are kept; a message whose source text changed is matched to its
old translation, marked fuzzy and given the previous msgid, so Poedit shows
the change; obsolete messages are kept at the end unless asked to drop them.
Babel's own update matches fuzzily across message contexts (babel PR #1330),
which would offer a status label as the translation of an area label; this
one matches only within a context.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from summitbrief.catalogs import pofile
from summitbrief.errors import ConfigError, display_name
from summitbrief.languages import read_languages
from summitbrief.paths import catalog_path

Key = tuple[str, str | None]

# difflib's default: close enough that the old translation is a useful start.
SIMILARITY = 0.6


@dataclass(frozen=True)
class Updated:
    """What updating one language's catalog did."""

    lang: str
    path: Path
    changed: bool
    added: int
    fuzzy: int
    obsolete: int
    dropped: int


def read_template(locales: Path) -> Catalog:
    """The template of ``locales``, or a ConfigError saying how to make it."""
    path = pofile.template_path(locales)
    if not path.exists():
        raise ConfigError(
            f"no message template {display_name(path)}: run `summitbrief i18n extract` first"
        )
    return pofile.read(path).catalog


def update_catalogs(
    locales: Path, languages: Sequence[str] = (), drop_obsolete: bool = False
) -> list[Updated]:
    """Merge the template into the catalog of every registered language (or ``languages``)."""
    template = read_template(locales)
    registered = read_languages(locales)
    tags = list(languages) or list(registered)
    for tag in tags:
        if tag not in registered:
            known = ", ".join(registered)
            raise ConfigError(f"unknown language '{tag}' (known: {known})")
    catalogs = {}
    for tag in tags:
        path = catalog_path(locales, tag)
        if not path.exists():
            raise ConfigError(
                f"no catalog for '{tag}' ({display_name(path)}): run `summitbrief i18n init {tag}`"
            )
        catalogs[tag] = (path, pofile.read(path, tag))
    results = []
    for tag, (path, po) in catalogs.items():
        added, fuzzy, obsolete, dropped = merge(po.catalog, template, drop_obsolete)
        # The file's own headers (Poedit's) and line endings stay as they are.
        changed = pofile.write(path, pofile.render(po.catalog, po.layout))
        results.append(Updated(tag, path, changed, added, fuzzy, obsolete, dropped))
    return results


def merge(
    catalog: Catalog, template: Catalog, drop_obsolete: bool = False
) -> tuple[int, int, int, int]:
    """Make ``catalog`` hold the template's messages; (added, fuzzy, obsoleted, dropped)."""
    current = {_key(m): m for m in catalog if m.id}
    previous = {_key(m): m for m in catalog.obsolete.values()}
    for key in current:
        catalog.delete(*key)
    catalog.obsolete.clear()
    wanted = [m for m in template if m.id]
    matched: dict[Key, Message] = {}
    for message in wanted:
        key = _key(message)
        # An obsolete translation comes back when its message does.
        old = current.pop(key, None) or previous.pop(key, None)
        if old is not None:
            matched[key] = old
    added = fuzzy = 0
    candidates = {k: m for k, m in current.items() if m.string}
    for message in wanted:
        key = _key(message)
        merged = message.clone()
        merged.string = "" if not isinstance(merged.id, tuple) else ("",) * catalog.num_plurals
        old = matched.get(key)
        if old is not None:
            _carry(merged, old, fuzzy=old.fuzzy, previous_id=old.previous_id)
        else:
            close = _closest(key, candidates)
            if close is None:
                added += 1
            else:
                old = candidates.pop(close)
                current.pop(close, None)
                _carry(merged, old, fuzzy=True, previous_id=_ids(old))
                fuzzy += 1
        catalog[merged.id] = merged
    obsoleted = 0 if drop_obsolete else len(current)
    dropped = len(current) + len(previous) if drop_obsolete else 0
    if not drop_obsolete:
        for (msgid, context), old in [*previous.items(), *current.items()]:
            catalog.obsolete[pofile.obsolete_key(msgid, context)] = old
    catalog.creation_date = template.creation_date
    return added, fuzzy, obsoleted, dropped


def _key(message: Message) -> Key:
    return (pofile.first_id(message), message.context)


def _ids(message: Message) -> list[str]:
    return [message.id] if isinstance(message.id, str) else list(message.id)


def _carry(merged: Message, old: Message, fuzzy: bool, previous_id: list[str]) -> None:
    """Give ``merged`` the translation and translator comments of ``old``."""
    plural = isinstance(merged.id, tuple)
    string = old.string
    if plural != isinstance(string, tuple):
        fuzzy = True
        first = pofile.strings(old)[0]
        string = (first, *[""] * (len(merged.id) - 1)) if plural else first
    merged.string = string
    merged.user_comments = list(dict.fromkeys(old.user_comments))
    if fuzzy:
        merged.flags.add("fuzzy")
        merged.previous_id = list(previous_id)
    else:
        merged.flags.discard("fuzzy")
        merged.previous_id = []


def _closest(key: Key, candidates: dict[Key, Message]) -> Key | None:
    """The untaken old message most like ``key`` in the same context, if any is close."""
    same = {k[0]: k for k in candidates if k[1] == key[1]}
    found = difflib.get_close_matches(key[0], list(same), n=1, cutoff=SIMILARITY)
    return same[found[0]] if found else None
