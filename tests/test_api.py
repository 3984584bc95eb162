"""The public API, used as a library user would: imports from ``summitbrief`` only."""

from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import summitbrief
from summitbrief import (
    Artifact,
    BuildOptions,
    DataError,
    Html,
    build,
    load,
    make_artifact,
    open_press,
    parse,
    plan,
    render_document,
    render_html,
    render_pdf,
)

from helpers import MINIMAL, read_pdf, write_summit


def test_every_public_name_is_a_function_or_a_class_whichever_way_it_is_imported():
    program = textwrap.dedent(
        """
        import inspect, types
        # Submodules first: importing one sets an attribute on the package.
        import summitbrief.loader, summitbrief.planner, summitbrief.builder.batch
        import summitbrief.render.html, summitbrief.pdf.document, summitbrief.press
        import summitbrief
        for name in summitbrief.__all__:
            if name == "__version__":
                continue
            value = getattr(summitbrief, name)
            assert not isinstance(value, types.ModuleType), name
            assert inspect.isfunction(value) or inspect.isclass(value), (name, value)
        from summitbrief import build, load, plan
        assert inspect.isfunction(build) and inspect.isfunction(load) and inspect.isfunction(plan)
        print(len(summitbrief.__all__))
        """
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 20
    for name in summitbrief.__all__[1:]:
        value = getattr(summitbrief, name)
        assert not isinstance(value, types.ModuleType), name
        assert inspect.isfunction(value) or inspect.isclass(value), name


def test_help_does_not_import_weasyprint():
    program = "import sys; from summitbrief.cli import main\ntry:\n    main(['--help'])\n"
    program += "except SystemExit:\n    pass\nassert 'weasyprint' not in sys.modules"
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_memo_made_through_the_public_api(tmp_path):
    press = open_press()
    source = write_summit(tmp_path, MINIMAL)
    summit = load(source, press.languages)
    assert parse(source.read_bytes(), "again.yaml", press.languages) == summit
    [korean] = plan(summit, ["ko"])
    assert '<html lang="ko"' in render_html(korean, press)
    html = render_document(korean, press)
    assert isinstance(html, Html) and "성" in html.characters["ko"]
    printed = render_pdf(html, press)
    assert printed.pages == 1 and printed.data.startswith(b"%PDF")
    artifact = make_artifact(korean, press, BuildOptions(out=tmp_path / "one"))
    assert isinstance(artifact, Artifact) and artifact.data.startswith(b"%PDF")
    assert not artifact.path.exists()  # make_artifact writes nothing
    [built] = build([source], BuildOptions(out=tmp_path / "out", languages=("ja",)), press)
    assert "成果の文。" in read_pdf(built.path).text


def test_api_errors_are_the_documented_exceptions(tmp_path):
    press = open_press()
    bad = write_summit(tmp_path, MINIMAL.replace("status: agreed", "status: signed"))
    try:
        load(bad, press.languages)
    except DataError as error:
        [problem] = error.problems
        assert (problem.path, problem.line) == ("outcomes[0].status", 19)
    else:
        raise AssertionError("a bad status loaded")
    assert Path(summitbrief.__file__).parent.name == "summitbrief"
