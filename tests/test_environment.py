"""The environment: the pip lock, environment.yml (for conda) and the running interpreter agree.

Conda channels cannot be reached from our machines, so environment.yml is never exercised here;
these tests are what keeps it from drifting away from requirements.txt.
"""
from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata

import yaml

from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s#;]+)")


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"requirements.txt: not an exact pin: {line!r}"
        pins[norm(match.group(1))] = match.group(2)
    return pins


def test_every_direct_requirement_is_locked():
    pins = lock()
    for line in (ROOT / "requirements.in").read_text().splitlines():
        name = line.split("#")[0].strip()
        if name:
            assert norm(name) in pins, f"{name} is in requirements.in but not locked in requirements.txt"


def test_environment_yml_installs_the_same_lock_on_the_same_python():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    pythons = [d for d in deps if isinstance(d, str) and d.startswith("python")]
    assert pythons == ["python=3.11"]
    pip_sections = [d["pip"] for d in deps if isinstance(d, dict)]
    assert pip_sections == [["-r requirements.txt", "-e ."]], (
        "environment.yml must install exactly the locked requirements and the project")
    assert "pip" in deps
    conda_packages = [d for d in deps if isinstance(d, str) and d not in ("pip", "python=3.11")]
    assert conda_packages == [], "every package comes from the lock, none from conda"


def test_one_python_version_everywhere():
    version = (ROOT / ".python-version").read_text().strip()
    assert version == "3.11"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == "==3.11.*"
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == version


def test_running_environment_matches_the_lock():
    """What is installed is what is locked: no package at another version."""
    wrong = {}
    for name, version in lock().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong[name] = (version, "missing")
            continue
        if installed != version:
            wrong[name] = (version, installed)
    assert wrong == {}, f"locked vs installed: {wrong}"
