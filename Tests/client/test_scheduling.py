"""Issue 16, item 3: the server's threads that every request waits for run ahead of its long work.

Run as root on Linux, `serve` (with `--realtime auto`, the default) puts its event loops, the cloud's thread, the
store's and the hand-back thread at real-time priority (SCHED_FIFO), so that a thread preempted on a busy core is moved
to the other at once instead of waiting for the scheduler's next tick; its long-read and reclaiming threads stay
fair-scheduled, below them. `--realtime off` keeps every thread fair-scheduled. The log says which.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from lvpc import ServerProcess, raw_post

SCHED_OTHER, SCHED_FIFO = 0, 1
PROMPT = ("NIO-SGLTN-", "localvpc-cloud", "localvpc-store", "localvpc-resume")
LONG = ("localvpc-read-", "localvpc-drop")

pytestmark = [
    pytest.mark.own_server,
    pytest.mark.skipif(not sys.platform.startswith("linux") or os.geteuid() != 0, reason="real-time priority needs root on Linux"),
]


def thread_policies(pid: int) -> dict[str, tuple[int, int]]:
    """Each thread's name: (scheduling policy, real-time priority), from /proc (stat fields 40 and 41)."""
    policies = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        name = (task / "comm").read_text().strip()
        fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        # After the name, field 3 is the state: rt_priority (40) and policy (41) are at 37 and 38 here.
        policies[name] = (int(fields[38]), int(fields[37]))
    return policies


def started(tmp_path: Path, *args: str) -> ServerProcess:
    srv = ServerProcess(tmp_path / "state", log_path=tmp_path / "server.log", extra_args=["--ephemeral", *args]).start()
    # A write, so that every thread of a request's path has started (the cloud's on its first command).
    answer = raw_post(srv.endpoint, {"Version": "2016-11-15", "Action": "CreateVpc", "CidrBlock": "10.0.0.0/16"})
    assert answer.status_code == 200, answer.text
    return srv


def test_the_threads_every_request_waits_for_run_at_realtime_priority(tmp_path):
    srv = started(tmp_path)
    try:
        policies = thread_policies(srv.proc.pid)
        prompt = {name: p for name, p in policies.items() if name.startswith(PROMPT)}
        assert {"localvpc-cloud", "localvpc-store"} <= prompt.keys(), policies
        loops = [p for name, p in prompt.items() if name.startswith("NIO-SGLTN-")]
        assert loops and all(p == (SCHED_FIFO, 1) for p in loops), policies
        # The cloud's and the store's threads one above the loops: their short parts of a request come first.
        assert prompt["localvpc-cloud"] == (SCHED_FIFO, 2) and prompt["localvpc-store"] == (SCHED_FIFO, 2), policies
        long_work = {name: p for name, p in policies.items() if name.startswith(LONG)}
        assert long_work and all(p[0] == SCHED_OTHER for p in long_work.values()), policies
        assert 'request-threads="real-time priority"' in srv.log_text()
    finally:
        assert srv.stop() == 0


def test_realtime_off_keeps_every_thread_fair_scheduled(tmp_path):
    srv = started(tmp_path, "--realtime", "off")
    try:
        policies = thread_policies(srv.proc.pid)
        assert all(p[0] == SCHED_OTHER for p in policies.values()), policies
        assert 'request-threads="fair, short slices (--realtime off)"' in srv.log_text()
    finally:
        assert srv.stop() == 0
