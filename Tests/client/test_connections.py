"""Issue 16, item 4: connections are reclaimed.

Idle keep-alive connections, clients that send their headers a byte at a time (slowloris) and bodies that stall are
closed after `serve`'s timeouts; beyond `--max-connections` (and near the descriptor limit) the server stops
accepting instead of failing or spinning, and serves again once clients go away. CPU is measured as the server
process's own CPU time (/proc/PID/stat), not wall clock.

Every test starts its own server (short timeouts) and talks to it over raw sockets on 127.0.0.1 only; every wait is
bounded.
"""

from __future__ import annotations

import os
import resource
import selectors
import signal
import socket
import time

import pytest
import requests

from lvpc import HEALTH_PATH, ServerProcess

pytestmark = pytest.mark.own_server

HEALTH_REQUEST = b"GET /_localvpc/health HTTP/1.1\r\nHost: localvpc\r\n\r\n"


def start(tmp_path, *args: str) -> ServerProcess:
    return ServerProcess(tmp_path / "state", log_path=tmp_path / "server.log", extra_args=["--ephemeral", *args]).start()


def cpu_seconds(pid: int) -> float:
    """The process's user + system CPU time so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_over_one_second(pid: int) -> float:
    before = cpu_seconds(pid)
    time.sleep(1.0)
    return cpu_seconds(pid) - before


def wait_until_no_connection(port: int, timeout: float = 10) -> None:
    """Until the server's side of every TCP connection to `port` on 127.0.0.1 is closed (the kernel's table,
    /proc/net/tcp): it holds no connection, so the tests that count its connections or descriptors start from zero."""
    local = f"0100007F:{port:04X}"
    deadline = time.monotonic() + timeout
    while True:
        with open("/proc/net/tcp") as f:
            rows = [line.split() for line in f.readlines()[1:]]
        # The states in which the server still holds the connection's descriptor: ESTABLISHED and CLOSE_WAIT.
        if not any(row[1] == local and row[3] in ("01", "08") for row in rows):
            return
        assert time.monotonic() < deadline, f"connections to port {port} still open after {timeout} s"
        time.sleep(0.05)


def count_answered(clients: list[socket.socket], quiet: float = 1.0, timeout: float = 10) -> int:
    """How many of `clients` receive an HTTP 200 head: waits for the first answer (at most `timeout`), then until no
    more arrive for `quiet` seconds. Timing-independent: no client is given up on because an answer is slow."""
    answered = 0
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as waiting:
        for s in clients:
            waiting.register(s, selectors.EVENT_READ)
        while waiting.get_map():
            wait = deadline - time.monotonic() if answered == 0 else quiet
            ready = waiting.select(wait) if wait > 0 else []
            if not ready:
                break
            for key, _ in ready:
                waiting.unregister(key.fileobj)
                try:
                    if key.fileobj.recv(65536).startswith(b"HTTP/1.1 200"):
                        answered += 1
                except ConnectionResetError:
                    pass
    return answered


def read_answer(sock: socket.socket, timeout: float = 5) -> bytes:
    """One HTTP answer (head and Content-Length body) from `sock`, or what arrived before it closed or `timeout`."""
    sock.settimeout(timeout)
    data = b""
    while True:
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0)
            if len(body) >= length:
                return data
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


def closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed `sock` (EOF or reset), or None if it was still open after `seconds`."""
    began = time.monotonic()
    sock.settimeout(0.1)
    while time.monotonic() - began < seconds:
        try:
            if sock.recv(65536) == b"":
                return time.monotonic() - began
        except socket.timeout:
            continue
        except ConnectionResetError:
            return time.monotonic() - began
    return None


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=5)


def test_an_idle_keep_alive_connection_is_closed_after_the_idle_timeout(tmp_path):
    srv = start(tmp_path, "--idle-timeout", "1", "--request-head-timeout", "30", "--body-read-timeout", "30")
    with connect(srv.port) as s:
        s.sendall(HEALTH_REQUEST)
        assert read_answer(s).startswith(b"HTTP/1.1 200")
        closed = closed_within(s, 5)
        assert closed is not None, "an idle keep-alive connection was kept past 5 s with --idle-timeout 1"
        assert 0.7 < closed < 3, closed
    assert srv.stop() == 0


def test_a_connection_in_use_is_kept(tmp_path):
    # Requests every 0.5 s on a 1 s idle timeout: the timeout counts from the last answer, never from the start.
    srv = start(tmp_path, "--idle-timeout", "1")
    with connect(srv.port) as s:
        for _ in range(6):
            s.sendall(HEALTH_REQUEST)
            assert read_answer(s).startswith(b"HTTP/1.1 200")
            time.sleep(0.5)
    assert srv.stop() == 0


def test_slow_headers_are_closed_after_the_request_head_timeout(tmp_path):
    # Slowloris: a byte of the head every 0.2 s, which an idle timeout alone (30 s here) would never end.
    srv = start(tmp_path, "--idle-timeout", "30", "--request-head-timeout", "1")
    head = b"POST / HTTP/1.1\r\nHost: localvpc\r\nX-Slow: " + b"a" * 200
    with connect(srv.port) as s:
        began = time.monotonic()
        closed_at = None
        for byte in head:
            try:
                s.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed_at = time.monotonic() - began
                break
            if closed_within(s, 0.2) is not None:
                closed_at = time.monotonic() - began
                break
            if time.monotonic() - began > 6:
                break
        assert closed_at is not None, "a client sending its head a byte at a time was kept for 6 s with --request-head-timeout 1"
        assert closed_at < 3, closed_at
    # The server is fine and serves the next client.
    assert requests.get(srv.endpoint + HEALTH_PATH, timeout=5).status_code == 200
    assert srv.stop() == 0


def test_a_stalled_body_is_closed_after_the_body_read_timeout(tmp_path):
    srv = start(tmp_path, "--idle-timeout", "30", "--body-read-timeout", "1")
    body = b"Action=DescribeVpcs&Version=2016-11-15"
    with connect(srv.port) as s:
        s.sendall(b"POST / HTTP/1.1\r\nHost: localvpc\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  + f"Content-Length: {len(body)}\r\n\r\n".encode() + body[:5])
        closed = closed_within(s, 5)
        assert closed is not None, "a body stalled after 5 bytes was waited on for 5 s with --body-read-timeout 1"
        assert closed < 3, closed
    assert srv.stop() == 0


def test_a_slow_but_steady_body_is_read(tmp_path):
    # A pause shorter than the body read timeout between each piece: the whole request is answered.
    srv = start(tmp_path, "--body-read-timeout", "1", "--request-head-timeout", "1")
    body = b"Action=DescribeVpcs&Version=2016-11-15"
    with connect(srv.port) as s:
        s.sendall(b"POST / HTTP/1.1\r\nHost: localvpc\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  + f"Content-Length: {len(body)}\r\n\r\n".encode())
        for i in range(0, len(body), 8):
            time.sleep(0.4)
            s.sendall(body[i:i + 8])
        answer = read_answer(s)
        assert answer.startswith(b"HTTP/1.1 200"), answer[:300]
        assert b"DescribeVpcsResponse" in answer
    assert srv.stop() == 0


def test_stopping_waits_for_requests_in_flight_at_most_the_shutdown_timeout(tmp_path):
    # SIGTERM while two clients send their bodies a byte at a time, each pause within --body-read-timeout: the one that
    # finishes within --shutdown-timeout is answered, the one that would never finish is closed at its end, and the
    # server exits 0. Before the timeout existed, the trickling client kept the server running for as long as it liked.
    srv = start(tmp_path, "--shutdown-timeout", "3", "--body-read-timeout", "5")
    body = b"Action=DescribeVpcs&Version=2016-11-15"
    head = (b"POST / HTTP/1.1\r\nHost: localvpc\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode())
    with connect(srv.port) as finishing, connect(srv.port) as endless:
        finishing.sendall(head + body[:10])
        endless.sendall(head + body[:10])
        time.sleep(0.5)
        srv.proc.send_signal(signal.SIGTERM)
        stopping = time.monotonic()
        time.sleep(1)
        finishing.sendall(body[10:])
        answer = read_answer(finishing)
        assert answer.startswith(b"HTTP/1.1 200") and b"DescribeVpcsResponse" in answer, answer[:300]
        for byte in body[10:]:  # a byte every 0.5 s: the body would take 14 s more
            if srv.proc.poll() is not None:
                break
            try:
                endless.sendall(bytes([byte]))
            except OSError:  # closed by the server
                pass
            time.sleep(0.5)
        assert srv.proc.wait(timeout=10) == 0, srv.log_text()
        waited = time.monotonic() - stopping
        assert 2.5 < waited < 6, f"the server stopped {waited:.1f} s after SIGTERM (--shutdown-timeout 3)"
        assert b"did not finish within the shutdown timeout" in srv.log_path.read_bytes()
    assert srv.stop() == 0


def test_an_open_console_event_stream_ends_at_sigterm_without_waiting_for_the_shutdown_timeout(tmp_path):
    # A console page holds /_localvpc/events open for as long as it is open. SIGTERM (Ctrl-C on `localvpc serve`)
    # ends the stream at once and the server exits; it used to wait the whole shutdown timeout for it.
    srv = start(tmp_path, "--shutdown-timeout", "30")
    with requests.get(f"{srv.endpoint}/_localvpc/events", stream=True, timeout=40) as stream:
        lines = stream.iter_lines(decode_unicode=True)
        assert next(lines) == "retry: 1000"
        srv.proc.send_signal(signal.SIGTERM)
        stopping = time.monotonic()
        rest = list(lines)  # ends when the server ends the stream
        assert srv.proc.wait(timeout=35) == 0, srv.log_text()
        waited = time.monotonic() - stopping
    assert waited < 10, f"the server stopped {waited:.1f} s after SIGTERM (--shutdown-timeout 30)"
    assert rest[:2] == ["event: hello", 'data: {"version":0}'], rest
    assert b"did not finish within the shutdown timeout" not in srv.log_path.read_bytes()
    assert srv.stop() == 0


def test_beyond_max_connections_new_clients_wait_and_are_served_once_one_closes(tmp_path):
    srv = start(tmp_path, "--max-connections", "4", "--idle-timeout", "30")
    wait_until_no_connection(srv.port)
    held = [connect(srv.port) for _ in range(4)]
    try:
        for s in held:
            s.sendall(HEALTH_REQUEST)
            assert read_answer(s).startswith(b"HTTP/1.1 200")
        with connect(srv.port) as waiting:  # the kernel completes the handshake; the server does not accept it yet
            waiting.sendall(HEALTH_REQUEST)
            waiting.settimeout(1.0)
            with pytest.raises(socket.timeout):
                waiting.recv(65536)
            assert cpu_over_one_second(srv.proc.pid) < 0.2, "the server spins while at --max-connections"
            held.pop().close()
            answer = read_answer(waiting, timeout=5)
            assert answer.startswith(b"HTTP/1.1 200"), answer[:300]
    finally:
        for s in held:
            s.close()
    assert srv.stop() == 0


# 72: the cap (the limit less its reserve of 64) stops accepting first, after 64 or so. 8: the reserve is what the
# server held at start and 8 more, so the cap is one connection: one client is answered, the rest wait unaccepted.
# Either way the server never meets EMFILE, whose accept loop would spin (ConnectionLimit).
@pytest.mark.parametrize("room", [72, 8])
def test_at_the_descriptor_limit_the_server_neither_spins_nor_dies_and_serves_again(tmp_path, room):
    srv = start(tmp_path)
    wait_until_no_connection(srv.port)
    pid = srv.proc.pid
    open_now = len(os.listdir(f"/proc/{pid}/fd"))
    soft, hard = resource.prlimit(pid, resource.RLIMIT_NOFILE)
    limit = open_now + room
    resource.prlimit(pid, resource.RLIMIT_NOFILE, (limit, hard))
    clients = []
    try:
        for _ in range(150):
            try:
                s = socket.create_connection(("127.0.0.1", srv.port), timeout=2)
            except OSError:  # the listen backlog is full: the kernel refuses, which is the point
                break
            s.sendall(HEALTH_REQUEST)
            clients.append(s)
        answered = count_answered(clients)
        assert 0 < answered < len(clients), (answered, len(clients))
        assert srv.is_running(), srv.log_text()
        cpu = cpu_over_one_second(pid)
        assert cpu < 0.2, f"the server used {cpu:.2f} s of CPU in one second at the descriptor limit"
        assert len(os.listdir(f"/proc/{pid}/fd")) <= limit
    finally:
        for s in clients:
            s.close()
    # The clients went away: the server serves again (after NIO's accept backoff, if it met EMFILE at all).
    deadline = time.monotonic() + 10
    while True:
        try:
            if requests.get(srv.endpoint + HEALTH_PATH, timeout=3).status_code == 200:
                break
        except requests.RequestException:
            pass
        assert time.monotonic() < deadline, f"no answer 10 s after the clients closed:\n{srv.log_text()}"
        time.sleep(0.2)
    assert cpu_over_one_second(pid) < 0.2
    assert srv.is_running()
    resource.prlimit(pid, resource.RLIMIT_NOFILE, (soft, hard))
    assert srv.stop() == 0


@pytest.mark.parametrize(
    "option", ["--idle-timeout", "--request-head-timeout", "--body-read-timeout", "--shutdown-timeout", "--max-connections"]
)
def test_timeouts_and_the_cap_must_be_positive(tmp_path, option):
    import subprocess

    from lvpc import localvpc_bin

    result = subprocess.run([str(localvpc_bin()), "serve", "--ephemeral", option, "0"], capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert option in result.stderr, result.stderr
