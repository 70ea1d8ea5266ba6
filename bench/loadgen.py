"""Load generation for bench/compare.py: raw keep-alive HTTP/1.1 over 127.0.0.1, one connection per worker process.

The client is kept cheap on purpose (pre-encoded requests, no http.client header parsing, bodies read into
one buffer) so that the server, not the client, is what a phase measures. Each worker is a separate process
(no shared GIL) and reports the CPU time it used, so the report can show how busy the client side was.
"""
import multiprocessing
import re
import signal
import socket
import statistics
import time
import urllib.parse
from datetime import datetime, timezone

EC2_VERSION = "2016-11-15"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(port: int, process, timeout: float = 60) -> None:
    """Returns once something accepts connections on 127.0.0.1:`port`; exits if `process` ends or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.05)


def ec2_request(port: int, account: str, params: dict) -> bytes:
    """One EC2 Query API call as raw HTTP bytes. The SigV4 credential scope names us-east-1/ec2; the access key
    is the 12-digit account (LocalVPC reads the account from it) and x-moto-account-id says the same to moto.
    Neither server checks the signature, so it is a placeholder."""
    body = urllib.parse.urlencode({"Version": EC2_VERSION, **params}).encode()
    now = datetime.now(timezone.utc)
    head = (f"POST / HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n"
            f"X-Amz-Date: {now:%Y%m%dT%H%M%SZ}\r\n"
            f"Authorization: AWS4-HMAC-SHA256 Credential={account}/{now:%Y%m%d}/us-east-1/ec2/aws4_request, "
            f"SignedHeaders=content-type;host;x-amz-date, Signature={'0' * 64}\r\n"
            f"x-moto-account-id: {account}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode("ascii") + body


class EmptyReply(ConnectionError):
    """The server closed the connection before sending a byte of the response."""


class Connection:
    def __init__(self, port: int, timeout: float = 120):
        self.port = port
        self.timeout = timeout
        self.sock = None
        self.buf = bytearray()

    def close(self) -> None:
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None
        self.buf = bytearray()

    def _connect(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = sock
        self.buf = bytearray()

    def exchange(self, request: bytes) -> tuple[int, bytes]:
        """Sends one request and returns (status, body). A keep-alive connection the server closed while idle
        is reopened once; anything else raises."""
        fresh = self.sock is None
        if fresh:
            self._connect()
        try:
            self.sock.sendall(request)
            return self._read_response()
        except (EmptyReply, BrokenPipeError, ConnectionResetError):
            self.close()
            if fresh:
                raise
        self._connect()
        self.sock.sendall(request)
        return self._read_response()

    def _recv(self, want: int = 262144) -> None:
        chunk = self.sock.recv(min(max(want, 65536), 1 << 20))
        if not chunk:
            raise ConnectionError("connection closed mid-response")
        self.buf += chunk

    def _read_response(self) -> tuple[int, bytes]:
        first = True
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end >= 0:
                break
            try:
                chunk = self.sock.recv(262144)
            except ConnectionResetError:
                if first and not self.buf:
                    raise EmptyReply() from None
                raise
            if not chunk:
                if first and not self.buf:
                    raise EmptyReply()
                raise ConnectionError("connection closed mid-headers")
            first = False
            self.buf += chunk
        lines = bytes(self.buf[:end]).decode("latin-1").split("\r\n")
        del self.buf[:end + 4]
        version, status = lines[0][:8], int(lines[0].split(" ", 2)[1])
        length, chunked, close = None, False, version == "HTTP/1.0"
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding":
                chunked = "chunked" in value
            elif name == "connection":
                close = "close" in value or (version == "HTTP/1.0" and "keep-alive" not in value)
        if chunked:
            body = self._read_chunked()
        elif length is not None:
            while len(self.buf) < length:
                self._recv(length - len(self.buf))
            body = bytes(self.buf[:length])
            del self.buf[:length]
        else:
            while True:
                chunk = self.sock.recv(262144)
                if not chunk:
                    break
                self.buf += chunk
            body, close = bytes(self.buf), True
            self.buf = bytearray()
        if close:
            self.close()
        return status, body

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            while (end := self.buf.find(b"\r\n")) < 0:
                self._recv()
            size = int(bytes(self.buf[:end]).split(b";")[0], 16)
            del self.buf[:end + 2]
            while len(self.buf) < size + 2:
                self._recv(size + 2 - len(self.buf))
            body += self.buf[:size]
            del self.buf[:size + 2]
            if size == 0:
                # trailers (none expected) end with an empty line, already consumed with the last CRLF
                return bytes(body)


def _worker(pipe) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the coordinating process handles Ctrl-C and stops the workers
    connections: dict[int, Connection] = {}
    while True:
        try:
            message = pipe.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if message is None:
            return
        port, requests, pattern, start_at, deadline = message
        if port not in connections:
            connections[port] = Connection(port)
        conn = connections[port]
        rx = re.compile(pattern.encode()) if pattern else None
        latencies, ids, errors, first_error, done = [], [], 0, None, 0
        before = time.process_time()
        pause = start_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        for index, request in requests:
            began = time.monotonic()
            if began >= deadline:
                break
            done += 1
            try:
                status, body = conn.exchange(request)
            except OSError as error:
                errors += 1
                first_error = first_error or f"{type(error).__name__}: {error}"
                conn.close()
                continue
            elapsed = time.monotonic() - began
            if status != 200:
                errors += 1
                first_error = first_error or f"HTTP {status}: {body[:300].decode(errors='replace')}"
                continue
            latencies.append(elapsed)
            if rx is not None:
                match = rx.search(body)
                if match is None:
                    errors += 1
                    first_error = first_error or f"no {pattern} in: {body[:300].decode(errors='replace')}"
                else:
                    ids.append((index, match.group(1).decode()))
        ended = time.monotonic()
        cpu = time.process_time() - before
        connections = {port: conn}  # drop connections to servers of earlier runs
        pipe.send((latencies, ids, errors, first_error, done, ended, cpu))


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


class Pool:
    """Worker processes, each holding keep-alive connections, that run one phase at a time."""

    def __init__(self, size: int):
        self.size = size
        self.pipes = []
        self.processes = []
        context = multiprocessing.get_context("fork")
        for _ in range(size):
            ours, theirs = context.Pipe()
            process = context.Process(target=_worker, args=(theirs,), daemon=True)
            process.start()
            theirs.close()
            self.pipes.append(ours)
            self.processes.append(process)

    def run(self, port: int, requests: list[bytes], *, pattern: str | None = None, clients: int | None = None,
            max_seconds: float = 60, on_start=None) -> dict:
        """Sends `requests` (striped over `clients` workers, in order within each) until done or `max_seconds`.
        Returns counts, wall time, latencies, the ids matched by `pattern` by request index, and client CPU."""
        clients = max(1, min(self.size, clients or self.size))
        start_at = time.monotonic() + 0.1
        deadline = start_at + max_seconds
        indexed = list(enumerate(requests))
        for k in range(clients):
            self.pipes[k].send((port, indexed[k::clients], pattern, start_at, deadline))
        if on_start is not None:
            pause = start_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            on_start()
        latencies, ids, errors, first_error, done, end, cpu = [], {}, 0, None, 0, start_at, 0.0
        for k in range(clients):
            lat, got, err, first, n, ended, used = self.pipes[k].recv()
            latencies += lat
            ids.update(got)
            errors += err
            first_error = first_error or first
            done += n
            end = max(end, ended)
            cpu += used
        wall = max(end - start_at, 1e-9)
        return {
            "requested": len(requests), "done": done, "ok": len(latencies), "errors": errors,
            "first_error": first_error, "wall": wall, "rate": len(latencies) / wall,
            "p50": percentile(latencies, 0.50), "p99": percentile(latencies, 0.99),
            "mean": statistics.fmean(latencies) if latencies else float("nan"),
            "ids": ids, "client_cpu": cpu, "clients": clients, "capped": done < len(requests),
        }

    def close(self) -> None:
        for pipe in self.pipes:
            try:
                pipe.send(None)
            except OSError:
                pass
        for process in self.processes:
            process.join(2)
            if process.is_alive():
                process.terminate()
                process.join(2)
