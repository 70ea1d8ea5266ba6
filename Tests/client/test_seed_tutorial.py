"""The AWS CLI peering tutorial users follow (../shared/seeds/003_*.txt), run
verbatim by ../shared/acceptance/seed-tutorial.sh against the session server.

LOCALVPC_SEED_TUTORIAL overrides the script's path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import lvpc

SCRIPT = Path(
    os.environ.get(
        "LOCALVPC_SEED_TUTORIAL",
        str(lvpc.REPO_ROOT.parent / "shared" / "acceptance" / "seed-tutorial.sh"),
    )
)


def test_seed_tutorial_passes(endpoint, reset, tmp_path):
    if not SCRIPT.is_file():
        pytest.skip(f"{SCRIPT} not found (set LOCALVPC_SEED_TUTORIAL)")
    if shutil.which("aws") is None:
        pytest.fail("the AWS CLI (aws) is not on PATH", pytrace=False)
    reset()
    env = lvpc.cli_env(endpoint, "test", "us-east-1", tmp_path)
    proc = subprocess.run(
        ["bash", str(SCRIPT)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = f"exit {proc.returncode}\n--- stdout ---\n{proc.stdout[-4000:]}\n--- stderr ---\n{proc.stderr[-4000:]}"
    assert proc.returncode == 0, report
    lines = [line.strip() for line in proc.stdout.splitlines() if line.strip()]
    assert lines and lines[-1] == "1 passed, 0 failed", report
