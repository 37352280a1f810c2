"""The lockfiles `make install` uses still match pyproject.toml (else: run `make lock`)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
DEVTOOLS = tomllib.loads((ROOT / "devtools" / "pyproject.toml").read_text())
# What the developer tools need besides the bot itself, which is installed from this folder.
DEVTOOLS_REQUIREMENTS = [
    r
    for r in DEVTOOLS["project"]["dependencies"]
    if Requirement(r).name != PROJECT["project"]["name"]
]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pins(lockfile: str) -> dict[str, str]:
    """Package name → locked version."""
    text = (ROOT / "requirements" / lockfile).read_text()
    return {canonicalize_name(name): version for name, version in _PIN.findall(text)}


def unlocked(requirements: list[str], locked: dict[str, str]) -> list[str]:
    """The requirements the lock does not pin, or pins at a version they do not allow."""
    missing = []
    for line in requirements:
        requirement = Requirement(line)
        version = locked.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            missing.append(f"{line} (locked: {version})")
    return missing


@pytest.mark.parametrize(
    ("lockfile", "requirements"),
    [
        ("main.txt", PROJECT["project"]["dependencies"]),
        ("dev.txt", PROJECT["project"]["dependencies"]),
        ("dev.txt", PROJECT["project"]["optional-dependencies"]["dev"]),
        ("dev.txt", PROJECT["build-system"]["requires"]),
        # `make playground` runs the developer tools from the runtime lock; `make test` too.
        ("main.txt", DEVTOOLS_REQUIREMENTS),
        ("dev.txt", DEVTOOLS_REQUIREMENTS),
        ("dev.txt", DEVTOOLS["build-system"]["requires"]),
    ],
)
def test_every_requirement_is_locked_at_a_version_it_allows(
    lockfile: str, requirements: list[str]
) -> None:
    assert unlocked(requirements, pins(lockfile)) == [], "run `make lock`"


@pytest.mark.parametrize("project", [PROJECT, DEVTOOLS], ids=["bot", "devtools"])
def test_the_build_requirements_are_the_ones_pyproject_names(project: dict[str, Any]) -> None:
    lines = (ROOT / "requirements" / "build.in").read_text().splitlines()
    listed = {str(Requirement(line)) for line in lines if line and not line.startswith("#")}
    assert {str(Requirement(r)) for r in project["build-system"]["requires"]} <= listed


def test_the_test_environment_runs_what_deployments_run() -> None:
    runtime, dev = pins("main.txt"), pins("dev.txt")
    assert {name: dev.get(name) for name in runtime} == runtime


@pytest.mark.parametrize("lockfile", ["main.txt", "dev.txt"])
def test_every_locked_package_is_checked_against_hashes(lockfile: str) -> None:
    text = (ROOT / "requirements" / lockfile).read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert blocks
    assert [b.split(" ")[0] for b in blocks if "--hash=sha256:" not in b] == []
