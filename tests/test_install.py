"""``pip install .`` gives a working tool outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(CHECKOUT),
        ],
        check=True,
    )
    [built] = wheels.glob("summitbrief-*.whl")
    return built


def test_wheel_carries_templates_catalogs_and_sample(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for required in (
        "summitbrief/templates/memo.html.j2",
        "summitbrief/templates/css/memo.css",
        "summitbrief/locales/ko/LC_MESSAGES/messages.po",
        "summitbrief/locales/ja/LC_MESSAGES/messages.po",
        "summitbrief/samples/nara-2026.yaml",
        "summitbrief/samples/seoul-2024.yaml",
    ):
        assert required in names


def test_installed_wheel_builds_the_sample_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
    )
    # Dependencies come from the test environment (no network needed); its own
    # editable summitbrief is not on that path, so only the wheel can answer.
    purelib = sysconfig.get_paths()["purelib"]
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "dependencies.pth").write_text(purelib + "\n", encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import summitbrief.resources as r; print(r.TEMPLATES)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=work,
    ).stdout.strip()
    assert Path(where).is_relative_to(site)
    result = subprocess.run(
        [str(venv / "bin" / "summitbrief"), "build", "--lang", "ko"],
        capture_output=True,
        text=True,
        cwd=work,
    )
    assert result.returncode == 0, result.stderr
    pdf = work / "output" / "nara-2026" / "nara-2026.ko.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
