"""The message catalogs: complete, consistent with the templates and the model."""

from __future__ import annotations

import re
from typing import get_args

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from summitbrief.i18n import Gettext
from summitbrief.model import AREAS, Classification, Kind, Role, Status
from summitbrief.paths import catalog_path
from summitbrief.planner import plan
from summitbrief.render import html as render
from summitbrief.resources import LOCALES, SAMPLE

from helpers import default_press, load_summit

LANGUAGES = list(default_press().languages)

LABELS = {
    "area": AREAS,
    "status": get_args(Status),
    "kind": get_args(Kind),
    "classification": get_args(Classification),
    "role": get_args(Role),
}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def catalog(lang: str) -> Catalog:
    with catalog_path(LOCALES, lang).open("rb") as po:
        return read_po(po, locale=lang)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_label_key_has_a_translation(lang):
    messages = catalog(lang)
    for context, keys in LABELS.items():
        for key in keys:
            message = messages.get(key, context=context)
            assert message is not None and message.string, (context, key)
            assert message.string != key, (context, key)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_catalog_is_complete_and_placeholders_match(lang):
    for message in catalog(lang):
        if not message.id:
            continue
        assert message.string, message.id
        assert not message.fuzzy, message.id
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(
            PLACEHOLDER.findall(message.id)
        ), message.id


class Recorder:
    """Translations that note every lookup."""

    def __init__(self, translations):
        self.translations = translations
        self.seen: set[tuple[str | None, str]] = set()

    def gettext(self, message):
        self.seen.add((None, message))
        return self.translations.gettext(message)

    def pgettext(self, context, message):
        self.seen.add((context, message))
        return self.translations.pgettext(context, message)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_message_looked_up_while_rendering_exists_in_the_catalog(lang, monkeypatch):
    recorders = []

    def recording(translations, tag, *rest):
        recorders.append(Recorder(translations))
        return Gettext(recorders[-1], tag, *rest)

    monkeypatch.setattr(render, "Gettext", recording)
    render.render_html(plan(load_summit(SAMPLE), [lang])[0], default_press())
    messages = catalog(lang)
    seen = recorders[0].seen
    assert len(seen) > 30
    missing = [key for key in seen if messages.get(key[1], context=key[0]) is None]
    assert not missing
