"""Helpers for the data-plane suites: a server with `--data-plane on`, and commands run inside
instances and on LocalVPC's internet through `localvpc instance exec` / `localvpc internet exec`,
exactly as the README tells a user to.

The data plane needs root on Linux (network namespaces); the suites are skipped elsewhere.
"""

from __future__ import annotations

import os
import platform
import subprocess
import time
from pathlib import Path

import pytest

import lvpc
from compute_helpers import launch

requires_data_plane = pytest.mark.skipif(
    platform.system() != "Linux" or os.geteuid() != 0,
    reason="the data plane needs root on Linux (network namespaces)",
)


def data_plane_server(tmp_path_factory, name: str = "dataplane") -> lvpc.ServerProcess:
    root = tmp_path_factory.mktemp(name)
    return lvpc.ServerProcess(root / "state", log_path=root / "server.log", extra_args=["--data-plane", "on"]).start(timeout=60)


class Shell:
    """Runs `localvpc instance exec` / `localvpc internet exec` against one server."""

    def __init__(self, endpoint: str, tmp: Path) -> None:
        self.env = lvpc.cli_env(endpoint, "test", "us-east-1", tmp)

    def instance(self, instance: str, *command: str, timeout: float = 30) -> subprocess.CompletedProcess:
        return self._run(["instance", "exec", instance, "--", *command], timeout)

    def internet(self, *command: str, timeout: float = 30) -> subprocess.CompletedProcess:
        return self._run(["internet", "exec", "--", *command], timeout)

    def _run(self, args: list[str], timeout: float) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(lvpc.localvpc_bin()), *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def pings(self, instance: str, address: str, count: int = 1, wait: float = 1) -> bool:
        """Whether `ping` from the instance gets its replies (each waited for `wait` seconds)."""
        done = self.instance(instance, "ping", "-n", "-c", str(count), "-W", str(wait), address)
        return done.returncode == 0

    def connects(self, instance: str, address: str, port: int, wait: float = 2) -> bool:
        """Whether a TCP connection from the instance to address:port is accepted."""
        done = self.instance(instance, "nc", "-z", "-w", str(wait), address, str(port))
        return done.returncode == 0


def running(ec2, subnet_id: str, **kwargs) -> dict:
    """Launch one instance and wait until its namespace is ready (the instance is `running`)."""
    return launch(ec2, subnet_id, **kwargs)


def namespaces() -> set[str]:
    try:
        return set(os.listdir("/run/netns"))
    except FileNotFoundError:
        return set()


def wait_for(predicate, timeout: float = 10, interval: float = 0.1, desc: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {desc}")
