"""A printer's first moments: it never outlives, nor ignores, the run that started it."""

from __future__ import annotations

import signal
import subprocess
import sys

from helpers import MINIMAL, printers, write_summit

START = """
import os, signal, sys
from summitbrief.builder.printers import _start
_start(int(sys.argv[1]) if len(sys.argv) > 1 else os.getppid())
print(signal.getsignal(signal.SIGTERM) != signal.SIG_IGN)
print(signal.getsignal(signal.SIGINT) == signal.SIG_IGN)
"""


def _ignoring_sigterm() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def test_a_printer_whose_parent_is_gone_exits_at_once():
    # pid 1 is never the parent of a test's subprocess: as if the parent had ended.
    done = subprocess.run(
        [sys.executable, "-c", START, "1"], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_printer_started_ignoring_sigterm_can_still_be_stopped():
    done = subprocess.run(
        [sys.executable, "-c", START],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_ignoring_sigterm,
    )
    assert done.returncode == 0, done.stderr
    # SIGTERM stops it again; Ctrl+C is left to the parent, which stops the printers itself
    assert done.stdout.split() == ["True", "True"]


def test_a_build_of_one_memo_starts_one_printer_and_of_several_as_many_as_jobs(tmp_path):
    summit = write_summit(tmp_path, MINIMAL)
    seen = {}
    for languages in ("en", "en,ko,ja"):
        process = subprocess.Popen(
            [sys.executable, "-m", "summitbrief", "build", str(summit), "--lang", languages,
             "--jobs", "2", "--out", str(tmp_path / languages)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        started: set[int] = set()
        while process.poll() is None:
            started.update(printers(process.pid))
        assert process.wait() == 0, process.stderr.read() if process.stderr else ""
        seen[languages] = len(started)
    # a second printer would start importing WeasyPrint while the first memo renders
    assert seen == {"en": 1, "en,ko,ja": 2}
