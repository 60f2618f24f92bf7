"""Shared fixtures: the command line to compare with, and the repository's examples."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import cp_screen

ROOT = Path(__file__).resolve().parents[2]

# Messages (error_message) in English, in this process and in the command's.
cp_screen._native.choose_language("en")


def cli_path() -> str:
    found = os.environ.get("CP_SCREEN")
    if found:
        return found
    for profile in ("release", "debug"):
        candidate = ROOT / "target" / profile / "cp-screen"
        if candidate.exists():
            return str(candidate)
    found = shutil.which("cp-screen")
    if found:
        return found
    pytest.fail("no cp-screen binary: build it (cargo build) or set CP_SCREEN")


@pytest.fixture(scope="session")
def cli():
    """Runs `cp-screen ARGS...` and returns (stdout, exit code)."""
    binary = cli_path()

    def run(*args: str, stdin: bytes = b""):
        done = subprocess.run(
            [binary, "--lang", "en", *args],
            input=stdin,
            capture_output=True,
            cwd=ROOT,
        )
        assert done.returncode in (0, 1), done.stderr.decode()
        return done.stdout.decode("utf-8"), done.returncode

    return run


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
