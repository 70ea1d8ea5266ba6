"""Issue 12, item 5: the data-plane benchmark (Benchmarks/dataplane/bench.py) runs here once as a smoke run.

Tiny settings, the debug build: it must set up the veth pair and LocalVPC side by side, ping both in alternating
rounds, measure both sides' throughput and new connections, print the figures as JSON, and leave nothing of its own
behind. Its figures and goals are not judged here (exit status 0 or 1 both mean it ran; 2 means it could not).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dataplane_helpers import namespaces, requires_data_plane
from lvpc import localvpc_bin

REPO = Path(__file__).resolve().parents[2]
PINGS, ROUNDS = 20, 2

pytestmark = [
    requires_data_plane,
    pytest.mark.skipif(
        not shutil.which("iperf3") or not any(map(shutil.which, ("cc", "gcc", "clang"))), reason="the benchmark needs iperf3 and a C compiler"),
]


def test_the_data_plane_benchmark_runs_both_sides_in_alternating_rounds_and_cleans_up():
    before = namespaces()
    result = subprocess.run(
        [sys.executable, str(REPO / "Benchmarks" / "dataplane" / "bench.py"), "--localvpc", str(localvpc_bin()), "--json",
         "--seconds", "1", "--flow-seconds", "1", "--pings", str(PINGS), "--ping-rounds", str(ROUNDS)],
        capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert "ping: 2 rounds of 20, veth pair and localvpc in turn" in result.stderr, result.stderr
    for side in ("veth", "localvpc"):
        figures = report[side]
        assert PINGS * ROUNDS - 1 <= figures["rtt_samples"] <= PINGS * ROUNDS, figures  # a ping lost to a busy second
        assert len(figures["rtt_round_p50s_ms"]) == ROUNDS, figures
        assert 0 < figures["rtt_p50_ms"] <= figures["rtt_p99_ms"], figures
        assert figures["throughput_gbps"] > 0 and figures["flows_accepted"] > 0, figures
    assert report["localvpc"]["flows_queued"] >= report["localvpc"]["flows_accepted"], report["localvpc"]
    assert {goal["metric"] for goal in report["goals"]} == {
        "TCP throughput, one stream", "ping round trip p50", "ping round trip p99", "new TCP connections"}
    left = {name for name in namespaces() - before if name.startswith("lvpc-")}
    assert not left, f"the benchmark left namespaces behind: {sorted(left)}"
