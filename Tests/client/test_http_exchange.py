"""HTTP/1.1 as the server speaks it on a connection (`HTTP1ExchangeHandler`), seen over raw sockets.

Requests a client pipelines are answered in order; `Expect: 100-continue` is answered before the body is sent; HEAD
gets GET's head alone (an event stream's too, without starting the stream); an HTTP/1.0 client is answered and the
connection closed; a body over the limit is answered 413 and the connection goes on; a stream of unknown length is
chunked; every answer carries `Date` and `Server`.
"""

from __future__ import annotations

import calendar
import re
import socket
import time

from lvpc import HEALTH_PATH, sign_headers

V = "Version=2016-11-15"


class Reader:
    """Answers read one at a time from one connection, framed by Content-Length or chunked encoding."""

    def __init__(self, sock: socket.socket, timeout: float = 10):
        self.sock = sock
        self.sock.settimeout(timeout)
        self.buffer = b""

    def _fill(self) -> bool:
        chunk = self.sock.recv(65536)
        self.buffer += chunk
        return bool(chunk)

    def _take_until(self, marker: bytes) -> bytes:
        while marker not in self.buffer:
            assert self._fill(), f"connection closed before {marker!r}: {self.buffer[:300]!r}"
        taken, self.buffer = self.buffer.split(marker, 1)
        return taken

    def _take(self, count: int) -> bytes:
        while len(self.buffer) < count:
            assert self._fill(), f"connection closed {count - len(self.buffer)} bytes short"
        taken, self.buffer = self.buffer[:count], self.buffer[count:]
        return taken

    def head(self) -> tuple[int, dict[str, str]]:
        lines = self._take_until(b"\r\n\r\n").decode().split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        assert lines[0].startswith("HTTP/1.1 "), lines[0]
        return status, {name.lower(): value.strip() for name, value in (line.split(":", 1) for line in lines[1:])}

    def answer(self, *, bodyless: bool = False) -> tuple[int, dict[str, str], bytes]:
        status, headers = self.head()
        if bodyless:
            return status, headers, b""
        if headers.get("transfer-encoding") == "chunked":
            body = b""
            while (size := int(self._take_until(b"\r\n"), 16)) > 0:
                body += self._take(size)
                assert self._take(2) == b"\r\n"
            assert self._take(2) == b"\r\n"
            return status, headers, body
        return status, headers, self._take(int(headers.get("content-length", "0")))

    def closed(self, within: float = 5) -> bool:
        """Whether the server closes the connection (with nothing more said) within `within` seconds."""
        self.sock.settimeout(within)
        try:
            return not self._fill() and self.buffer == b""
        except socket.timeout:
            return False


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def describe_vpcs_request(endpoint: str, extra: str = "", body: bytes | None = None) -> bytes:
    body = body if body is not None else f"Action=DescribeVpcs&{V}".encode()
    headers = sign_headers(endpoint + "/", body)
    lines = ["POST / HTTP/1.1", f"Host: {endpoint.removeprefix('http://')}"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n" + extra + f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def health_request(method: str = "GET", version: str = "HTTP/1.1") -> bytes:
    return f"{method} {HEALTH_PATH} {version}\r\nHost: localvpc\r\n\r\n".encode()


def page_request(method: str = "GET") -> bytes:
    """The console's page: the same bytes every time."""
    return f"{method} / HTTP/1.1\r\nHost: localvpc\r\n\r\n".encode()


def test_pipelined_requests_are_answered_in_order_on_one_connection(server, endpoint):
    with connect(server.port) as s:
        s.sendall(describe_vpcs_request(endpoint) + health_request() + describe_vpcs_request(endpoint))
        reader = Reader(s)
        first, second, third = reader.answer(), reader.answer(), reader.answer()
    assert first[0] == 200 and b"<DescribeVpcsResponse" in first[2], first
    assert second[0] == 200 and b'"status":"ok"' in second[2], second
    assert third[0] == 200 and b"<DescribeVpcsResponse" in third[2], third


def test_expect_100_continue_is_answered_before_the_body_is_sent(server, endpoint):
    request = describe_vpcs_request(endpoint, extra="Expect: 100-continue\r\n")
    head, body = request.split(b"\r\n\r\n", 1)
    with connect(server.port) as s:
        s.sendall(head + b"\r\n\r\n")
        reader = Reader(s, timeout=2)
        status, _ = reader.head()  # curl waits a second for this, then sends the body anyway
        assert status == 100
        s.sendall(body)
        status, headers, answer = reader.answer()
    assert status == 200 and b"<DescribeVpcsResponse" in answer, answer[:300]


def test_head_gets_the_head_alone_and_the_connection_goes_on(server):
    """HEAD is answered as GET would be (RFC 9110, 9.3.2): the same status and header fields, Content-Length the GET
    body's, and no body, so the next answer on the connection is read from the very next byte. Of the health check,
    whose document changes from one answer to the next (its uptime), and of the console's page, whose bytes do not."""
    with connect(server.port) as s:
        s.sendall(health_request() + health_request("HEAD") + health_request())
        reader = Reader(s)
        status, got, body = reader.answer()
        assert status == 200 and b'"status":"ok"' in body
        status, headed, _ = reader.answer(bodyless=True)
        assert status == 200, status
        assert headed["content-type"] == got["content-type"]
        assert int(headed["content-length"]) > 0 and "transfer-encoding" not in headed
        status, _, body = reader.answer()
    assert status == 200 and b'"status":"ok"' in body
    with connect(server.port) as s:
        s.sendall(page_request() + page_request("HEAD") + page_request())
        reader = Reader(s)
        status, got, first = reader.answer()
        assert status == 200 and b"<html" in first.lower(), first[:200]
        status, headed, _ = reader.answer(bodyless=True)
        assert status == 200 and headed["content-type"] == got["content-type"]
        status, _, again = reader.answer()
    assert status == 200 and again == first
    assert int(headed["content-length"]) == len(first), (headed, len(first))


def test_head_of_an_unknown_path_is_not_found_without_a_body(server):
    with connect(server.port) as s:
        s.sendall(b"HEAD /nowhere HTTP/1.1\r\nHost: localvpc\r\n\r\n" + health_request())
        reader = Reader(s)
        status, headers, _ = reader.answer(bodyless=True)
        assert status == 404, status
        status, _, body = reader.answer()
    assert status == 200 and b'"status":"ok"' in body


def test_head_of_an_event_stream_is_answered_at_once_and_the_stream_not_started(server):
    with connect(server.port) as s:
        s.sendall(b"HEAD /_localvpc/events HTTP/1.1\r\nHost: localvpc\r\n\r\n" + health_request())
        reader = Reader(s, timeout=5)
        status, headers, _ = reader.answer(bodyless=True)
        assert status == 200 and headers["content-type"] == "text/event-stream", (status, headers)
        status, _, body = reader.answer()
    assert status == 200 and b'"status":"ok"' in body


def test_an_http_1_0_client_is_answered_and_the_connection_closed(server):
    with connect(server.port) as s:
        s.sendall(health_request(version="HTTP/1.0"))
        reader = Reader(s)
        status, headers, body = reader.answer()
        assert status == 200 and b'"status":"ok"' in body
        assert headers["connection"] == "close"
        assert reader.closed()


def test_connection_close_is_honoured_after_the_answer(server):
    with connect(server.port) as s:
        s.sendall(f"GET {HEALTH_PATH} HTTP/1.1\r\nHost: localvpc\r\nConnection: close\r\n\r\n".encode())
        reader = Reader(s)
        status, headers, _ = reader.answer()
        assert status == 200 and headers["connection"] == "close"
        assert reader.closed()


def test_a_body_over_the_limit_is_answered_413_and_the_connection_goes_on(server, endpoint):
    body = f"Action=DescribeVpcs&{V}&Filter.1.Name=vpc-id&Filter.1.Value.1=".encode() + b"x" * (5 << 20)
    with connect(server.port) as s:
        s.sendall(describe_vpcs_request(endpoint, body=body) + health_request())
        reader = Reader(s, timeout=30)
        status, headers, answer = reader.answer()
        assert status == 413 and b"<Code>RequestEntityTooLarge</Code>" in answer, answer[:300]
        assert "connection" not in headers
        status, _, answer = reader.answer()  # the rest of the large body was read and dropped
    assert status == 200 and b'"status":"ok"' in answer


def test_a_stream_of_unknown_length_is_chunked(server, endpoint):
    with connect(server.port) as s:
        s.sendall(b"GET /_localvpc/events HTTP/1.1\r\nHost: localvpc\r\n\r\n")
        reader = Reader(s)
        status, headers = reader.head()
        assert status == 200 and headers["transfer-encoding"] == "chunked" and "content-length" not in headers
        assert headers["content-type"] == "text/event-stream"
        size = int(reader._take_until(b"\r\n"), 16)
        first = reader._take(size)
    assert first.startswith(b"retry: 1000\nevent: hello\n"), first


def test_every_answer_says_its_date_and_server(server):
    with connect(server.port) as s:
        s.sendall(health_request() + b"GET /nowhere HTTP/1.1\r\nHost: localvpc\r\n\r\n")
        reader = Reader(s)
        for _ in range(2):
            _, headers, _ = reader.answer()
            assert headers["server"] == "LocalVPC"
            assert re.fullmatch(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT", headers["date"]), headers["date"]
            stamped = calendar.timegm(time.strptime(headers["date"], "%a, %d %b %Y %H:%M:%S GMT"))
            assert abs(stamped - time.time()) < 5


def test_a_request_line_that_is_not_http_is_a_bare_400_and_the_connection_closed(server):
    with connect(server.port) as s:
        s.sendall(b"THIS IS NOT HTTP\r\n\r\n")
        reader = Reader(s)
        status, headers = reader.head()
        assert status == 400 and headers["connection"] == "close"
        assert reader.closed()
