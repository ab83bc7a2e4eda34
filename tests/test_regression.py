"""Regression tests that can fail, run in a scratch clone of the committed project, offline.

- A clean checkout rebuilds with `make -B` byte for byte: afterwards git sees no change, so the
  committed notebooks, figures and derived data are current and deterministic; then `make -q`
  says there is nothing to do.
- Four mutations each turn the check that should catch them red: tests/test_mutations.py.
- Everything runs inside a network namespace with only loopback: the build and the tests need
  no network.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import MAKE, OFFLINE, ROOT, offline

pytestmark = pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the project's git repository")

def test_network_is_really_off_inside():
    probe = subprocess.run([*OFFLINE, sys.executable, "-c",
                            "import socket; socket.create_connection(('1.1.1.1', 443), timeout=3)"],
                           capture_output=True, text=True)
    assert probe.returncode != 0 and "unreachable" in probe.stderr.lower(), probe.stderr


def test_clean_checkout_rebuilds_byte_for_byte_offline(fresh):
    build = offline(fresh, *MAKE, "-B", "-j2")
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert (build.stdout + build.stderr).count("Ran notebooks/") == len(list((fresh / "notebooks").rglob("*.ipynb")))
    status = subprocess.run(["git", "status", "--porcelain"], cwd=fresh, capture_output=True, text=True).stdout
    assert status == "", f"`make -B` on a clean checkout changed tracked files:\n{status}"
    assert offline(fresh, *MAKE, "-q").returncode == 0, "after a build, make still has work to do"
