"""Helpers for the data-plane suites: a server with `--data-plane on`, and commands run inside
instances and on LocalVPC's internet through `localvpc instance exec` / `localvpc internet exec`,
exactly as the README tells a user to.

The data plane needs root on Linux (network namespaces); the suites are skipped elsewhere.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

import lvpc
from compute_helpers import launch

requires_data_plane = pytest.mark.skipif(
    platform.system() != "Linux" or os.geteuid() != 0,
    reason="the data plane needs root on Linux (network namespaces)",
)


def data_plane_server(tmp_path_factory, name: str = "dataplane") -> lvpc.ServerProcess:
    root = tmp_path_factory.mktemp(name)
    return lvpc.ServerProcess(root / "state", log_path=root / "server.log", extra_args=["--data-plane", "on"]).start(timeout=60)


def settle(endpoint: str, timeout: float = 10) -> None:
    """Waits until the data plane has caught up with every change made so far: the API answers as soon as a change is
    in the state, and the host follows a few milliseconds later (`/_localvpc/health`: `dataPlane.stateVersion`
    reaches the server's `stateVersion`; it is missing until the host matches the state the server started with)."""
    target = None
    deadline = time.monotonic() + timeout
    while True:
        health = requests.get(endpoint + lvpc.HEALTH_PATH, timeout=5).json()
        target = health["stateVersion"] if target is None else target
        if health["dataPlane"].get("stateVersion", -1) >= target:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the data plane did not catch up with state version {target} within {timeout}s: {health}")
        time.sleep(0.005)


def fast_path_flows(endpoint: str) -> int:
    """How many flows the data plane's fast path was given to carry past the routers' stacks since the server started
    (`/_localvpc/health`: `dataPlane.fastPathFlows`)."""
    data_plane = requests.get(endpoint + lvpc.HEALTH_PATH, timeout=5).json()["dataPlane"]
    assert data_plane["fastPath"] is True, data_plane
    return data_plane["fastPathFlows"]


class Shell:
    """Runs `localvpc instance exec` / `localvpc internet exec` against one server, once its data plane has caught up
    with every change made so far (so a test sees the effect of the call it just made, never the state before)."""

    def __init__(self, endpoint: str, tmp: Path) -> None:
        self.endpoint = endpoint
        self.env = lvpc.cli_env(endpoint, "test", "us-east-1", tmp)

    def instance(self, instance: str, *command: str, timeout: float = 30) -> subprocess.CompletedProcess:
        return self._run(["instance", "exec", instance, "--", *command], timeout)

    def internet(self, *command: str, timeout: float = 30) -> subprocess.CompletedProcess:
        return self._run(["internet", "exec", "--", *command], timeout)

    def _run(self, args: list[str], timeout: float) -> subprocess.CompletedProcess:
        settle(self.endpoint)
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


# ---------------------------------------------------------------------------
# Programs started inside instances and on the internet (listeners, web servers, long-lived clients)
# ---------------------------------------------------------------------------

# A TCP listener on every address of the namespace: prints "ready" once listening, then "from ADDRESS PORT" for each
# connection; "close" closes each connection at once, "echo" sends back whatever it receives.
LISTENER = r"""
import socket, sys, threading
port, mode = int(sys.argv[1]), sys.argv[2]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", port))
s.listen(64)
print("ready", flush=True)
def serve(c):
    with c:
        while mode == "echo":
            data = c.recv(4096)
            if not data:
                return
            c.sendall(data)
while True:
    c, peer = s.accept()
    print("from", peer[0], peer[1], flush=True)
    threading.Thread(target=serve, args=(c,), daemon=True).start()
"""

# `python3 -m http.server`'s server, answering every GET with the address it came from (what a web server on the
# internet sees as the source). Prints "ready" once listening.
WEB_SERVER = r"""
import http.server, socket, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = self.client_address[0].encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
class Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
server = Server((sys.argv[1], int(sys.argv[2])), Handler)
print("ready", flush=True)
server.serve_forever()
"""

# A long-lived TCP connection: sends one byte every 0.3 s and prints "echoed N" each time the echo brings the total
# back to N bytes ("connected" first, "closed" if the other end goes away).
LONG_LIVED_CLIENT = r"""
import socket, sys, threading, time
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3)
s.settimeout(None)
print("connected", flush=True)
def read():
    total = 0
    while True:
        data = s.recv(4096)
        if not data:
            print("closed", flush=True)
            return
        total += len(data)
        print("echoed", total, flush=True)
threading.Thread(target=read, daemon=True).start()
while True:
    s.send(b"x")
    time.sleep(0.3)
"""


class Started:
    """A program running in one of LocalVPC's namespaces, its output lines read as they come (with their times)."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
        )
        self.lines: list[tuple[float, str]] = []
        self._condition = threading.Condition()
        self._ended = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._condition:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self._condition.notify_all()
        with self._condition:
            self._ended = True
            self._condition.notify_all()

    def expect(self, prefix: str, timeout: float = 10) -> str:
        """The first line that starts with `prefix`, waited for."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while True:
                for _, line in self.lines:
                    if line.startswith(prefix):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self._ended:
                    raise AssertionError(f"no line starting with {prefix!r} (exit {self.proc.poll()}): {self.output()}")
                self._condition.wait(min(left, 0.1))

    def output(self) -> list[str]:
        with self._condition:
            return [line for _, line in self.lines]

    def stop(self) -> None:
        """Ends the program, by its own pid."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


class Programs:
    """Starts programs inside instances and on the internet through `localvpc … exec`, and ends them all at the end of
    the test (a program left inside a namespace would keep it alive after the server removed it)."""

    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.started: list[Started] = []

    def instance(self, instance: str, *command: str) -> Started:
        return self._start(["instance", "exec", instance, "--", *command])

    def internet(self, *command: str) -> Started:
        return self._start(["internet", "exec", "--", *command])

    def _start(self, args: list[str]) -> Started:
        settle(self.shell.endpoint)
        started = Started([str(lvpc.localvpc_bin()), *args], self.shell.env)
        self.started.append(started)
        return started

    def listener(self, instance: str, port: int, mode: str = "close") -> Started:
        """A TCP listener in the instance, listening once this returns."""
        started = self.instance(instance, sys.executable, "-c", LISTENER, str(port), mode)
        started.expect("ready")
        return started

    def web_server(self, address: str = "203.0.113.10", port: int = 80) -> Started:
        """A web server on LocalVPC's internet that answers with the address each request came from."""
        started = self.internet(sys.executable, "-c", WEB_SERVER, address, str(port))
        started.expect("ready")
        return started

    def long_lived_client(self, instance: str, address: str, port: int) -> "Echoes":
        started = self.instance(instance, sys.executable, "-u", "-c", LONG_LIVED_CLIENT, address, str(port))
        started.expect("connected")
        return Echoes(started)

    def stop_all(self) -> None:
        for started in self.started:
            started.stop()
        self.started = []


class Echoes:
    """What a long-lived client has had echoed back so far."""

    def __init__(self, started: Started) -> None:
        self.started = started

    def total(self) -> int:
        counts = [int(line.split()[1]) for line in self.started.output() if line.startswith("echoed ")]
        return counts[-1] if counts else 0

    def grows(self, within: float) -> bool:
        """Whether more comes back within `within` seconds."""
        before = self.total()
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.total() > before:
                return True
            time.sleep(0.05)
        return False


def fetch(shell: Shell, instance: str, url: str, wait: float = 2) -> str | None:
    """The body `curl` gets from inside the instance, or None when it gets nothing within `wait` seconds."""
    done = shell.instance(instance, "curl", "-s", "--max-time", str(wait), url, timeout=wait + 30)
    return done.stdout if done.returncode == 0 else None


def addresses_inside(shell: Shell, instance: str, device: str | None = None) -> set[str]:
    """The IPv4 addresses the instance itself holds (`ip -4 addr` inside it), without loopback."""
    args = ["ip", "-4", "-o", "addr", "show"] + (["dev", device] if device else [])
    done = shell.instance(instance, *args)
    assert done.returncode == 0, done.stderr
    found = set()
    for line in done.stdout.splitlines():
        fields = line.split()
        if fields[1] != "lo":
            found.add(fields[fields.index("inet") + 1].split("/")[0])
    return found
