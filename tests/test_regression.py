"""Regression tests that can fail, run in a scratch clone of the committed project, offline.

- A clean checkout rebuilds byte for byte: .ci/run, after make test, runs make in the fresh clone
  it tests and fails if any committed notebook, figure or README changes (a full build, paid once,
  outside the two-minute test run).
- Four mutations each turn the check that should catch them red: tests/test_mutations.py.
- Everything runs inside a network namespace with only loopback (checked here): the build and the
  tests need no network.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import OFFLINE, ROOT

pytestmark = pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the project's git repository")

def test_network_is_really_off_inside():
    probe = subprocess.run([*OFFLINE, sys.executable, "-c",
                            "import socket; socket.create_connection(('1.1.1.1', 443), timeout=3)"],
                           capture_output=True, text=True)
    assert probe.returncode != 0 and "unreachable" in probe.stderr.lower(), probe.stderr
