"""Turn the templates and the model's label keys into the message template (POT).

Extraction parses the templates with the options of the runtime Jinja
environment, read from :func:`summitbrief.render.environment.template_environment` itself: other
options give other msgids, and lookups then fail silently (jinja #1925).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast, get_args

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS
from babel.messages.extract import extract as babel_extract_file
from jinja2 import Environment
from jinja2.ext import babel_extract

from summitbrief import __version__, model
from summitbrief.catalogs import pofile
from summitbrief.errors import DataError, Problem, display_name
from summitbrief.render.environment import template_environment

if TYPE_CHECKING:
    from babel.messages.extract import _CallableExtractionMethod

COMMENT_TAG = "Translators:"
TEMPLATE_SUFFIX = ".j2"
# Where the label keys are defined, as the location comment of their messages.
MODEL_LOCATION = "src/summitbrief/model.py"

HEADER = """\
# Translations template for summitbrief.
# Made by `summitbrief i18n extract` from the templates and the label keys of
# the summit format: edit those, not this file. See docs/TRANSLATING.md.
#"""

# The label keys of the summit format are looked up as pgettext(context, key)
# with a variable key, which no extractor can see: they come from the model.
LABELS: dict[str, tuple[tuple[str, ...], str]] = {
    "area": (
        model.AREAS,
        "The area of an outcome: a heading of the Outcomes section (outcomes[].area).",
    ),
    "status": (
        get_args(model.Status),
        "How far an outcome went, printed above its text (outcomes[].status).",
    ),
    "kind": (get_args(model.Kind), "The kind of meeting, in the Format row (kind)."),
    "classification": (
        get_args(model.Classification),
        "The classification banner at the top of every memo (classification).",
    ),
    "role": (get_args(model.Role), "A participant's role (participants[].role)."),
    "session": (
        get_args(model.SessionKind),
        "A part of the meeting, in the Sessions row of the memo header (sessions[].kind).",
    ),
}


@dataclass(frozen=True)
class Extracted:
    """The message template written by :func:`write_template`."""

    path: Path
    messages: int
    changed: bool


def extraction_options(env: Environment) -> dict[str, str]:
    """The options of Jinja's Babel extractor that reproduce ``env``'s parsing."""
    extensions = sorted(
        f"{type(ext).__module__}.{type(ext).__qualname__}" for ext in env.extensions.values()
    )

    def flag(value: object) -> str:
        return "true" if value else "false"

    options = {
        "extensions": ",".join(extensions),
        "block_start_string": env.block_start_string,
        "block_end_string": env.block_end_string,
        "variable_start_string": env.variable_start_string,
        "variable_end_string": env.variable_end_string,
        "comment_start_string": env.comment_start_string,
        "comment_end_string": env.comment_end_string,
        "trim_blocks": flag(env.trim_blocks),
        "lstrip_blocks": flag(env.lstrip_blocks),
        "keep_trailing_newline": flag(env.keep_trailing_newline),
        "trimmed": flag(env.policies.get("ext.i18n.trimmed")),
        "newstyle_gettext": flag(getattr(env, "newstyle_gettext", False)),
        # A template that does not parse must fail extraction, not yield
        # nothing (babel #1216).
        "silent": "false",
    }
    for key in ("line_statement_prefix", "line_comment_prefix"):
        value = getattr(env, key)
        if value:
            options[key] = value
    return options


def extract_messages(templates: Path, env: Environment | None = None) -> Catalog:
    """The message template of ``templates`` plus every label key, sorted."""
    env = env or template_environment(templates)
    options = extraction_options(env)
    root = templates.parent
    found: dict[tuple[str, str | None], Message] = {}
    problems = []
    for path in sorted(templates.rglob(f"*{TEMPLATE_SUFFIX}")):
        location = path.relative_to(root).as_posix()
        try:
            with path.open("rb") as file:
                # The extractor is passed as a function, not a name: Jinja's
                # unreleased 3.2 drops the entry point pybabel looks up. Jinja
                # annotates it with the raw tuples it yields, Babel an extractor
                # with the tuples extract() makes of them: the cast bridges the two.
                messages = list(
                    babel_extract_file(
                        cast("_CallableExtractionMethod", babel_extract),
                        file,
                        keywords=DEFAULT_KEYWORDS,
                        comment_tags=(COMMENT_TAG,),
                        options=options,
                        strip_comment_tags=True,
                    )
                )
        except Exception as error:  # Jinja's TemplateSyntaxError, a bad encoding
            line = getattr(error, "lineno", None) or 1
            message = getattr(error, "message", None) or str(error)
            problems.append(Problem(display_name(path), line, 1, "", f"template: {message}"))
            continue
        for _line, msgid, comments, context in messages:
            _add(found, msgid, context, (location, None), comments)
    if problems:
        raise DataError(problems)
    for context, (keys, comment) in LABELS.items():
        for key in keys:
            _add(found, key, context, (MODEL_LOCATION, None), [comment])
    catalog = _template_catalog()
    for message in sorted(found.values(), key=_order):
        catalog[message.id] = message
    return catalog


def write_template(catalog: Catalog, locales: Path, now: dt.datetime | None = None) -> Extracted:
    """Write ``catalog`` as ``locales/messages.pot`` if its messages changed."""
    path = pofile.template_path(locales)
    changed = pofile.write_dated(path, catalog, now)
    return Extracted(path, len(catalog), changed)


def _add(
    found: dict[tuple[str, str | None], Message],
    msgid: str | tuple[str, ...],
    context: str | None,
    location: tuple[str, int | None],
    comments: list[str],
) -> None:
    key = (msgid if isinstance(msgid, str) else msgid[0], context)
    message = found.get(key)
    if message is None:
        found[key] = Message(
            msgid,
            locations=pofile.babel_locations([location]),
            auto_comments=comments,
            context=context,
        )
        return
    if location not in message.locations:
        message.locations += pofile.babel_locations([location])
    message.auto_comments.extend(c for c in comments if c not in message.auto_comments)


def _order(message: Message) -> tuple[str, str]:
    """Interface strings first, then the labels grouped by context, each by msgid."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return (message.context or "", msgid)


def _template_catalog() -> Catalog:
    return Catalog(
        project="summitbrief",
        version=__version__,
        copyright_holder="summitbrief contributors",
        header_comment=HEADER,
        fuzzy=False,
    )
