"""Shared fixtures: the command-line tool (the numbers the module must reproduce) and the
tests' input files."""
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI_INPUTS = ROOT / "tests" / "cli"


def _cli_path():
    path = os.environ.get("SGC_CLI")
    if path:
        return path
    candidate = ROOT / "build" / "bin" / "sgc"
    return str(candidate) if candidate.exists() else None


@pytest.fixture
def cli():
    """cli(*args) runs `sgc args...` and returns its JSON output (CSV for --csv, trace)."""
    path = _cli_path()
    if path is None or not os.path.exists(path):
        pytest.skip("the sgc command-line tool was not built (SGC_CLI is not set)")

    def run(*args):
        out = subprocess.run([path, *map(str, args)], check=True, capture_output=True, text=True).stdout
        return out if ("--csv" in args or args[0] == "trace") else json.loads(out)

    return run


@pytest.fixture
def inputs():
    """The directory of the CLI tests' traces and pattern files."""
    return CLI_INPUTS
