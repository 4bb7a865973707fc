"""Shared fixtures: the repository, the native CLI, the corpus the JS parity test uses."""

import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("TARIFF_CLI", ROOT / "target" / "release" / "tariff"))


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


def native_lines(texts, args=()):
    """Each request text through `tariff estimate --lines`: one JSON line out per line in."""
    assert CLI.exists(), f"build the CLI first: {CLI}"
    out = subprocess.run(
        [str(CLI), *args, "estimate", "--lines"],
        input="\n".join(texts) + "\n",
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return out.rstrip("\n").split("\n")


def corpus(n=1500, seed=20261122, catalog=None):
    """The JS parity test's generated corpus ([{text, object}]), made by the same generator."""
    script = (
        "import { generate } from './tests/js/corpus.mjs';"
        "import { readFileSync } from 'node:fs';"
        f"const c = {json.dumps(str(catalog)) if catalog else 'null'};"
        f"const out = c ? generate({n}, {seed}, JSON.parse(readFileSync(c, 'utf8'))) : generate({n}, {seed});"
        "process.stdout.write(JSON.stringify(out));"
    )
    text = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(text)
