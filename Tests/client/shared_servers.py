"""Several LocalVPC servers on one PostgreSQL database, for the client suite and the shared-state tests.

- `fresh_database(url)`: a new, empty database next to the one `url` names (the role creates it; `psql` from
  Debian's postgresql-client does the work, so the tests need no Python driver), and its URL; `drop_database`.
- `RoundRobinProxy`: an HTTP/1.1 proxy on 127.0.0.1 that sends each request to the next server in turn, so a
  client's consecutive requests (one boto3 client, one keep-alive connection) land on different servers. It
  forwards bytes as they came (Content-Length or chunked bodies), keeps one connection per client connection
  and server, and never rewrites a header.
- `SharedServers`: N `lvpc.ServerProcess`es started with `--database-url` on one database, behind a proxy; it
  looks like one `ServerProcess` to conftest (endpoint, is_running, log_text, stop).

Environment:
  LOCALVPC_TEST_DATABASE_URL  postgres://USER:PASS@HOST:PORT/DB of a role allowed to create databases
                              (scripts/postgres.sh prints one)
"""

from __future__ import annotations

import itertools
import os
import secrets
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

import lvpc

DATABASE_URL_ENV = "LOCALVPC_TEST_DATABASE_URL"


def database_url_from_env() -> str | None:
    return os.environ.get(DATABASE_URL_ENV) or None


def _psql(url: str, sql: str, *, timeout: float = 60) -> str:
    exe = shutil.which("psql")
    if exe is None:
        pytest.fail("psql is not on PATH (apt-get install postgresql-client)", pytrace=False)
    proc = subprocess.run(
        [exe, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA", "-d", url, "-c", sql],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"psql {sql!r} on {redact(url)} failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def fresh_database(url: str, prefix: str = "localvpc_client") -> str:
    """Creates an empty database named `<prefix>_<random>` and returns its URL."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    _psql(url, f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def drop_database(url: str, database_url: str) -> None:
    """Drops the database, ending the sessions still on it. On a server where the role may not signal an autovacuum
    worker (PostgreSQL 15 without `pg_signal_backend`, which scripts/postgres.sh grants), tries again for a while: the
    worker is done with a test database within moments."""
    name = urlsplit(database_url).path.lstrip("/")
    deadline = time.monotonic() + 15
    while True:
        try:
            _psql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except RuntimeError as error:
            if "must be a member of the role" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def query(database_url: str, sql: str) -> str:
    """One SQL statement's rows as psql prints them unaligned (for checks on the tables the servers keep)."""
    return _psql(database_url, sql)


# ---------------------------------------------------------------------------
# The round-robin proxy
# ---------------------------------------------------------------------------


class _Closed(Exception):
    pass


def _read_head(sock: socket.socket, buf: bytearray) -> bytes | None:
    while True:
        end = buf.find(b"\r\n\r\n")
        if end >= 0:
            head = bytes(buf[: end + 4])
            del buf[: end + 4]
            return head
        chunk = sock.recv(65536)
        if not chunk:
            if buf:
                raise _Closed("closed mid-head")
            return None
        buf += chunk


def _read_exact(sock: socket.socket, buf: bytearray, n: int) -> bytes:
    while len(buf) < n:
        chunk = sock.recv(max(65536, n - len(buf)))
        if not chunk:
            raise _Closed("closed mid-body")
        buf += chunk
    data = bytes(buf[:n])
    del buf[:n]
    return data


def _read_line(sock: socket.socket, buf: bytearray) -> bytes:
    while True:
        end = buf.find(b"\r\n")
        if end >= 0:
            line = bytes(buf[: end + 2])
            del buf[: end + 2]
            return line
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed("closed mid-chunk")
        buf += chunk


def _headers(head: bytes) -> tuple[str, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    fields: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip().lower()
    return lines[0], fields


def _read_body(sock: socket.socket, buf: bytearray, fields: dict[str, str], *, until_close: bool) -> bytes:
    if "chunked" in fields.get("transfer-encoding", ""):
        out = bytearray()
        while True:
            line = _read_line(sock, buf)
            out += line
            size = int(line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while True:  # trailers, then the empty line
                    trailer = _read_line(sock, buf)
                    out += trailer
                    if trailer == b"\r\n":
                        return bytes(out)
            out += _read_exact(sock, buf, size + 2)
    if "content-length" in fields:
        return _read_exact(sock, buf, int(fields["content-length"]))
    if not until_close:
        return b""
    out = bytearray(buf)
    buf.clear()
    while chunk := sock.recv(65536):
        out += chunk
    return bytes(out)


class RoundRobinProxy:
    """Each request to the next backend port in turn (one counter for all clients)."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = list(ports)
        self._counter = itertools.count()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(256)
        self.port = self._listener.getsockname()[1]
        self.requests_per_port: dict[int, int] = {p: 0 for p in self.ports}
        self._lock = threading.Lock()
        self._stopped = False
        threading.Thread(target=self._accept, name="lvpc-proxy", daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stopped = True
        try:
            self._listener.close()
        except OSError:
            pass

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _next_port(self) -> int:
        with self._lock:
            port = self.ports[next(self._counter) % len(self.ports)]
            self.requests_per_port[port] += 1
            return port

    def _serve(self, client: socket.socket) -> None:
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        upstream: dict[int, tuple[socket.socket, bytearray]] = {}
        cbuf = bytearray()
        try:
            while True:
                head = _read_head(client, cbuf)
                if head is None:
                    return
                request_line, fields = _headers(head)
                request = head + _read_body(client, cbuf, fields, until_close=False)
                port = self._next_port()
                response, close = self._exchange(upstream, port, request, request_line)
                client.sendall(response)
                if close or fields.get("connection") == "close":
                    return
        except (_Closed, OSError, ValueError):
            return
        finally:
            for sock, _ in upstream.values():
                sock.close()
            client.close()

    def _exchange(self, upstream, port: int, request: bytes, request_line: str) -> tuple[bytes, bool]:
        for attempt in (1, 2):
            fresh = port not in upstream
            if fresh:
                sock = socket.create_connection(("127.0.0.1", port), timeout=300)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                upstream[port] = (sock, bytearray())
            sock, buf = upstream[port]
            try:
                sock.sendall(request)
                head = _read_head(sock, buf)
                if head is None:
                    raise _Closed("closed before answering")
            except (_Closed, ConnectionResetError, BrokenPipeError):
                sock.close()
                del upstream[port]
                if fresh or attempt == 2:
                    raise
                continue  # a kept-alive connection the server closed while idle: once more on a new one
            status_line, fields = _headers(head)
            status = int(status_line.split(" ", 2)[1])
            no_body = request_line.startswith("HEAD ") or status in (204, 304) or 100 <= status < 200
            close = fields.get("connection") == "close" or status_line.startswith("HTTP/1.0")
            body = b"" if no_body else _read_body(sock, buf, fields, until_close=True)
            if close or ("content-length" not in fields and "chunked" not in fields.get("transfer-encoding", "") and not no_body):
                sock.close()
                del upstream[port]
            return head + body, close
        raise AssertionError("unreachable")


# ---------------------------------------------------------------------------
# Several servers, one database
# ---------------------------------------------------------------------------


class SharedServers:
    """N servers on one PostgreSQL database behind a round-robin proxy; quacks like one ServerProcess."""

    def __init__(self, root: Path, database_url: str, count: int, *, extra_args: list[str] | None = None) -> None:
        self.database_url = database_url
        self.servers = [
            lvpc.ServerProcess(
                root / f"state-{i}",
                log_path=root / f"server-{i}.log",
                extra_args=["--database-url", database_url, *(extra_args or [])],
            )
            for i in range(count)
        ]
        self.proxy: RoundRobinProxy | None = None
        self._root = root
        self._extra_args = list(extra_args or [])

    def start(self, timeout: float = 60) -> "SharedServers":
        for srv in self.servers:
            srv.start(timeout=timeout)
        self.proxy = RoundRobinProxy([s.port for s in self.servers])
        return self

    def add(self, timeout: float = 60) -> lvpc.ServerProcess:
        """One more server on the same database, started (not behind the proxy)."""
        i = len(self.servers)
        srv = lvpc.ServerProcess(
            self._root / f"state-{i}",
            log_path=self._root / f"server-{i}.log",
            extra_args=["--database-url", self.database_url, *self._extra_args],
        )
        self.servers.append(srv)
        return srv.start(timeout=timeout)

    def kill_all(self) -> None:
        if self.proxy is not None:
            self.proxy.close()
        for srv in self.servers:
            srv.kill()

    @property
    def endpoint(self) -> str:
        assert self.proxy is not None
        return self.proxy.endpoint

    def is_running(self) -> bool:
        return all(s.is_running() for s in self.servers)

    def log_text(self, limit: int = 20000) -> str:
        share = max(2000, limit // len(self.servers))
        return "\n".join(f"--- server {i} ({s.endpoint}) ---\n{s.log_text(share)}" for i, s in enumerate(self.servers))

    def stop(self, timeout: float = 20.0) -> int:
        if self.proxy is not None:
            self.proxy.close()
        codes = [s.stop(timeout) if s.proc is not None else 0 for s in self.servers]
        return next((c for c in codes if c != 0), 0)
