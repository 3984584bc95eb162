"""Property tests: no input makes the loader or the renderer crash or hang.

Derandomized, so that CI runs the same examples every time; run with
``--hypothesis-seed=random`` locally to explore further.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from summitbrief.errors import DataError
from summitbrief.fonts.glyphs import missing_glyphs
from summitbrief.model import Summit
from summitbrief.pdf.document import render_pdf
from summitbrief.planner import plan
from summitbrief.render.html import render_html

from helpers import MINIMAL, default_press, parse_summit

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

BASE: dict[str, Any] = json.loads(json.dumps(YAML(typ="safe").load(MINIMAL), default=str))

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.sampled_from(["en", "ko", "KR", "agreed", "history", "2026-02-30", "2026-01-13", "a"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.sampled_from(list(BASE)), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def near_summits(draw: st.DrawFn) -> dict[str, Any]:
    """The minimal summit with a few of its values replaced, removed or added."""
    document = json.loads(json.dumps(BASE))
    for _ in range(draw(st.integers(1, 4))):
        target = document
        path = draw(st.lists(st.integers(0, 5), min_size=0, max_size=3))
        for step in path:
            children = list(target.items()) if isinstance(target, dict) else list(enumerate(target))
            containers = [(k, v) for k, v in children if isinstance(v, dict | list)]
            if not containers:
                break
            target = containers[step % len(containers)][1]
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if keys and action != "add":
            key = keys[draw(st.integers(0, len(keys) - 1))]
            if action == "delete":
                del target[key]
            else:
                target[key] = draw(values)
        elif isinstance(target, dict):
            target[draw(st.text(min_size=1, max_size=8))] = draw(values)
        else:
            target.append(draw(values))
    return document


def dumped(document: dict[str, Any], as_json: bool) -> bytes:
    if as_json:
        return json.dumps(document, ensure_ascii=False).encode("utf-8")
    stream = io.StringIO()
    YAML(typ="safe", pure=True).dump(document, stream)
    return stream.getvalue().encode("utf-8")


def loads_or_locates(raw: bytes) -> None:
    try:
        assert isinstance(parse_summit(raw, "fuzz.yaml"), Summit)
    except DataError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1
            assert problem.message and "\n" not in problem.message


@settings(FUZZ, max_examples=300)
@given(near_summits(), st.booleans())
def test_documents_near_the_schema_give_a_summit_or_located_errors(document, as_json):
    loads_or_locates(dumped(document, as_json))


@settings(FUZZ, max_examples=300)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_any_bytes_give_a_summit_or_located_errors(raw):
    loads_or_locates(raw)


hard_text = st.text(
    alphabet=st.one_of(
        st.characters(categories=["Mn", "Me"]),  # combining marks
        st.characters(min_codepoint=0x0590, max_codepoint=0x06FF),  # Hebrew, Arabic
        st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
        st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u00ad"]),
        st.characters(min_codepoint=0xE000, max_codepoint=0xF8FF),  # private use
        st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # Hangul
        st.sampled_from(list("漢字かなカナ \n、。")),
        st.characters(categories=["L", "N", "P", "Z"]),
    ),
    min_size=1,
    max_size=200,
).filter(lambda t: t.strip())


@settings(FUZZ, max_examples=12)
@given(hard_text)
def test_hard_unicode_renders_and_uncovered_characters_are_warnings(text):
    summit = parse_summit(MINIMAL.encode("utf-8"), "fuzz.yaml")
    summary = {"en": text, "ko": text, "ja": text}
    summit = summit.model_copy(update={"summary": summary})
    for edition in plan(summit, ["ko"], [("en", "ja")]):
        # Nothing a summit's text holds may stop a render: characters no font
        # covers are warnings (with their code points), never an exception.
        warnings = missing_glyphs(edition, default_press())
        assert all(re.search(r"U\+[0-9A-F]{4,6}", warning) for warning in warnings), warnings
        printed = render_pdf(render_html(edition, default_press()), default_press())
        assert printed.data.startswith(b"%PDF-") and printed.pages >= 1
