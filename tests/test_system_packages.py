"""`make brief` and `make test` on Debian and Ubuntu images, against a fake apt.

The install logic (.ci/system-packages.sh) runs with fake ``apt-get``,
``apt-cache``, ``dpkg-query``, ``id`` and ``sudo`` first on PATH and a fake
os-release, so each distribution's answers can be played without its image.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from browser import HOW_TO

CHECKOUT = Path(__file__).resolve().parent.parent
SCRIPT = CHECKOUT / ".ci" / "system-packages.sh"

# What the build path installs on every image.
BUILD = [
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "fontconfig",
    "fonts-noto-cjk",
    "fonts-noto-core",
    "python3-venv",
]
# What each image's archive offers as a deb (name → has a candidate). Ubuntu's
# chromium-browser is a transitional package that installs the snap.
COMMON = {
    *BUILD,
    "libharfbuzz0b",
    "poppler-utils",
    "shellcheck",
    "gettext",
}
ARCHIVES = {
    "debian 12": COMMON | {"libharfbuzz-subset0", "chromium"},
    "debian 13": COMMON | {"libharfbuzz-subset0", "chromium"},
    "ubuntu 22.04": COMMON | {"chromium-browser"},
    "ubuntu 24.04": COMMON | {"libharfbuzz-subset0", "chromium-browser"},
}

FAKES = {
    "apt-get": 'echo "apt-get $*" >> "$FAKE_LOG"\n',
    "apt-cache": """\
[ "$1" = policy ] || exit 2
if [[ " $FAKE_CANDIDATES " == *" $2 "* ]]; then
    printf '%s:\\n  Installed: (none)\\n  Candidate: 1.0-1\\n' "$2"
elif [[ " $FAKE_NO_CANDIDATE " == *" $2 "* ]]; then
    printf '%s:\\n  Installed: (none)\\n  Candidate: (none)\\n' "$2"
fi
""",
    "dpkg-query": """\
name=${!#}
if [[ " $FAKE_INSTALLED " == *" $name "* ]]; then echo "install ok installed"; exit 0; fi
echo "dpkg-query: no packages found matching $name" >&2
exit 1
""",
    "id": 'echo "${FAKE_UID:-0}"\n',
    "sudo": 'echo "sudo $*" >> "$FAKE_LOG"\nexec "$@"\n',
}


class FakeSystem:
    """A fake Debian-like image: its os-release, its archive and what is installed."""

    def __init__(self, directory: Path, image: str) -> None:
        self.bin = directory / "bin"
        self.bin.mkdir()
        for name, body in FAKES.items():
            path = self.bin / name
            path.write_text(f"#!/usr/bin/env bash\n{body}", encoding="utf-8")
            path.chmod(0o755)
        distribution, version = image.split()
        self.os_release = directory / "os-release"
        like = "" if distribution == "debian" else "ID_LIKE=debian\n"
        self.os_release.write_text(
            f'ID={distribution}\n{like}VERSION_ID="{version}"\n', encoding="utf-8"
        )
        self.log = directory / "apt.log"
        self.log.touch()
        self.env = {
            **os.environ,
            "PATH": f"{self.bin}:{os.environ['PATH']}",
            "OS_RELEASE": str(self.os_release),
            "FAKE_LOG": str(self.log),
            "FAKE_NO_CANDIDATE": "",
            "FAKE_INSTALLED": "",
        }
        self.offer(ARCHIVES[image])

    def offer(self, packages: set[str]) -> None:
        """The packages the archive has a candidate for."""
        self.env["FAKE_CANDIDATES"] = " ".join(sorted(packages))

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, capture_output=True, text=True, env=self.env, cwd=CHECKOUT, timeout=60
        )

    def packages(self, role: str) -> subprocess.CompletedProcess[str]:
        return self.run("bash", str(SCRIPT), role)

    @property
    def calls(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()

    def installed(self) -> list[str]:
        """The package names every `apt-get install` was given."""
        return [
            name
            for call in self.calls
            if call.startswith("apt-get install")
            for name in call.split()[4:]
        ]


@pytest.fixture
def system(tmp_path: Path, request: pytest.FixtureRequest) -> FakeSystem:
    return FakeSystem(tmp_path, request.param)


@pytest.mark.parametrize("system", ["ubuntu 24.04"], indirect=True)
def test_make_system_on_ubuntu_installs_the_build_packages_and_no_browser(system):
    result = system.run("make", "--no-print-directory", "system")
    assert result.returncode == 0, result.stderr
    assert system.calls[0] == "apt-get update -qq"
    assert system.installed() == [*BUILD, "libharfbuzz-subset0"]
    assert "chromium" not in " ".join(system.calls)
    assert result.stdout == f"Installing ubuntu 24.04 packages: {' '.join(system.installed())}\n"


@pytest.mark.parametrize("system", ["ubuntu 22.04"], indirect=True)
def test_ubuntu_22_04_gets_the_subsetter_inside_libharfbuzz0b(system):
    result = system.packages("build")
    assert result.returncode == 0, result.stderr
    assert system.installed() == [*BUILD, "libharfbuzz0b"]


@pytest.mark.parametrize("system", ["ubuntu 22.04", "ubuntu 24.04"], indirect=True)
def test_on_ubuntu_the_test_packages_leave_chromium_to_playwright(system):
    result = system.packages("test")
    assert result.returncode == 0, result.stderr
    assert system.installed() == ["poppler-utils", "shellcheck", "gettext"]
    assert "Ubuntu's Chromium is a snap, not a deb: the preview test uses Playwright's" in (
        result.stdout
    )


@pytest.mark.parametrize("system", ["debian 12", "debian 13"], indirect=True)
def test_on_debian_the_test_packages_include_its_chromium(system):
    result = system.packages("test")
    assert result.returncode == 0, result.stderr
    assert system.installed() == ["poppler-utils", "shellcheck", "gettext", "chromium"]


@pytest.mark.parametrize("system", ["debian 13"], indirect=True)
def test_a_wanted_package_without_a_candidate_is_named_and_skipped(system):
    system.offer(ARCHIVES["debian 13"] - {"chromium"})
    system.env["FAKE_NO_CANDIDATE"] = "chromium"
    result = system.packages("test")
    assert result.returncode == 0, result.stderr
    assert "note: debian 13 has no package chromium; skipped" in result.stdout
    assert system.installed() == ["poppler-utils", "shellcheck", "gettext"]


@pytest.mark.parametrize("system", ["debian 12"], indirect=True)
def test_a_required_package_without_a_candidate_stops_with_one_line(system):
    system.offer(ARCHIVES["debian 12"] - {"fonts-noto-cjk"})
    result = system.packages("build")
    assert result.returncode == 1
    assert result.stderr == (
        "error: debian 12 has no package fonts-noto-cjk (needed to build); "
        "install it by another name, or see docs/release.md\n"
    )
    assert system.installed() == []


@pytest.mark.parametrize("system", ["debian 12"], indirect=True)
def test_as_a_user_apt_runs_through_sudo_with_debian_frontend_kept(system):
    system.env["FAKE_UID"] = "1000"
    result = system.packages("build")
    assert result.returncode == 0, result.stderr
    install = [call for call in system.calls if call.startswith("sudo env")]
    assert install == [
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
        + " ".join([*BUILD, "libharfbuzz-subset0"])
    ]
    assert "sudo apt-get update -qq" in system.calls


@pytest.mark.parametrize("system", ["ubuntu 24.04"], indirect=True)
def test_nothing_is_asked_of_apt_when_everything_is_installed(system):
    system.env["FAKE_INSTALLED"] = " ".join([*BUILD, "libharfbuzz0b"])
    result = system.packages("build")
    assert result.returncode == 0, result.stderr
    assert (result.stdout, system.calls) == ("", [])


@pytest.mark.parametrize("system", ["debian 12"], indirect=True)
def test_another_system_is_told_what_to_install(system):
    system.os_release.write_text("ID=fedora\nVERSION_ID=41\n", encoding="utf-8")
    result = system.packages("build")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("system packages: fedora 41 is not Debian or Ubuntu;")
    assert "libpango-1.0-0" in result.stdout
    assert system.calls == []


def test_without_any_chromium_the_preview_test_fails_and_says_how_to_get_one(tmp_path):
    # No chromium on PATH and an empty Playwright browser folder: what a
    # machine without a browser and without the network has.
    env = {
        **os.environ,
        "PATH": str(tmp_path),
        "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path),
        "PYTEST_ADDOPTS": "",
    }
    finder = subprocess.run(
        [sys.executable, "tests/browser.py"], capture_output=True, text=True, env=env, cwd=CHECKOUT
    )
    assert (finder.returncode, finder.stderr) == (1, f"warning: {HOW_TO}\n")
    test = "tests/test_preview.py::test_a_browser_shows_a_catalog_edit_and_a_data_edit"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-q",
            "-rfs",
            f"{test}_without_a_manual_reload",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=CHECKOUT,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout and "skipped" not in result.stdout
    assert HOW_TO in result.stdout
