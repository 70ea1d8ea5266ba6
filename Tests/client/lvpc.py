"""Helpers shared by the LocalVPC client-level tests.

Everything here talks to a LocalVPC server over HTTP exactly as a user's
tools do: boto3, the AWS CLI, or raw EC2 Query requests. Nothing here knows
how the server is implemented.
"""

from __future__ import annotations

import contextlib
import datetime
import http.client
import ipaddress
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlencode

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BIN = REPO_ROOT / ".build" / "debug" / "localvpc"
EC2_API_VERSION = "2016-11-15"
DEFAULT_ACCOUNT = "000000000000"
HEALTH_PATH = "/_localvpc/health"
RESET_PATH = "/_localvpc/reset"
CLOCK_PATH = "/_localvpc/clock"
MOTO_RESET_PATH = "/moto-api/reset"


def localvpc_bin() -> Path:
    return Path(os.environ.get("LOCALVPC_BIN", str(DEFAULT_BIN)))


# ---------------------------------------------------------------------------
# Server process
# ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def thread_dump(pid: int) -> str:
    """Every thread's stack in process `pid`, from gdb (installed by CI), to tell why it hangs; what failed otherwise."""
    gdb = shutil.which("gdb")
    if gdb is None:
        return "(no gdb on this machine)"
    try:
        out = subprocess.run(
            [gdb, "-p", str(pid), "-batch", "-nx", "-ex", "set pagination off", "-ex", "thread apply all bt 40"],
            capture_output=True, text=True, timeout=60,
        )
    except subprocess.TimeoutExpired:
        return "(gdb did not finish within 60 s)"
    return out.stdout[-200_000:] + out.stderr[-2_000:]


class ServerProcess:
    """One `localvpc serve` process on a free port, logging to a file.

    Every server started is listed in `started`, so that one a test body starts and does not stop (it failed first)
    is stopped at the test's end (conftest's `pytest_runtest_call`)."""

    started: list["ServerProcess"] = []

    def __init__(
        self,
        state_dir: Path,
        *,
        binary: Path | None = None,
        port: int | None = None,
        extra_env: dict[str, str] | None = None,
        log_path: Path | None = None,
        extra_args: list[str] | None = None,
    ) -> None:
        self.binary = Path(binary or localvpc_bin())
        self.state_dir = Path(state_dir)
        self.port = port or free_port()
        self.extra_env = dict(extra_env or {})
        self.extra_args = list(extra_args or [])
        self.log_path = Path(log_path or (self.state_dir.parent / f"localvpc-{self.port}.log"))
        self.proc: subprocess.Popen | None = None
        self._log_file = None
        self.startup_seconds: float | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> "ServerProcess":
        if not self.binary.exists():
            pytest.fail(
                f"LocalVPC binary not found at {self.binary}. Build it (swift build) "
                f"or point LOCALVPC_BIN at it.",
                pytrace=False,
            )
        self.state_dir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env.update(self.extra_env)
        self._log_file = open(self.log_path, "ab")
        cmd = [
            str(self.binary),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--state-dir",
            str(self.state_dir),
            # The API suites run without the data plane (instances run at once, no namespaces);
            # the data-plane suites ask for it with extra_args=["--data-plane", "on"].
            *([] if any(a.startswith("--data-plane") for a in self.extra_args) else ["--data-plane", "off"]),
            *self.extra_args,
        ]
        started = time.monotonic()
        ServerProcess.started.append(self)
        self.proc = subprocess.Popen(
            cmd,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        self._wait_healthy(timeout)
        self.startup_seconds = time.monotonic() - started
        return self

    @contextlib.contextmanager
    def running(self, timeout: float = 60.0):
        """Started for a `with` block and stopped after it, which must end it cleanly (exit status 0): one run of a
        server in a test that restarts it on the same state."""
        self.start(timeout=timeout)
        try:
            yield self
        finally:
            assert self.stop() == 0, self.log_text()

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last_error: Exception | str | None = None
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                pytest.fail(
                    f"localvpc exited with code {self.proc.returncode} before becoming "
                    f"healthy.\n--- server log ({self.log_path}) ---\n{self.log_text()}",
                    pytrace=False,
                )
            # http.client, closed at once: the probe leaves no connection behind in the server (requests' lingered
            # in a reference cycle until collected, and tests that count the server's connections saw it).
            probe = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
            try:
                probe.request("GET", HEALTH_PATH)
                r = probe.getresponse()
                body = r.read()
                if r.status == 200:
                    return
                last_error = f"HTTP {r.status}: {body[:200]!r}"
            except (OSError, http.client.HTTPException) as e:  # not listening yet
                last_error = e
            finally:
                probe.close()
            time.sleep(0.05)
        self.kill()
        pytest.fail(
            f"localvpc did not answer {HEALTH_PATH} with 200 within {timeout}s "
            f"(last: {last_error}).\n--- server log ({self.log_path}) ---\n{self.log_text()}",
            pytrace=False,
        )

    def log_text(self, limit: int = 20000) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "<no log>"
        return text[-limit:]

    def is_running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 20.0) -> int:
        """SIGTERM and wait; returns the exit code (kills with SIGKILL on timeout)."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                threads = thread_dump(self.proc.pid)
                self.proc.kill()
                self.proc.wait(timeout=10)
                self._close_log()
                pytest.fail(
                    f"localvpc did not exit within {timeout}s of SIGTERM.\n"
                    f"--- server log ---\n{self.log_text()}\n"
                    f"--- where its threads were ---\n{threads}",
                    pytrace=False,
                )
        self._close_log()
        return self.proc.returncode

    def stop_quietly(self, timeout: float = 15.0) -> None:
        """SIGTERM, then SIGKILL if it has not exited within `timeout`; never fails the test (for clean-up)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._close_log()

    def kill(self) -> None:
        """kill -9, by our own pid only."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        self._close_log()

    def _close_log(self) -> None:
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


# ---------------------------------------------------------------------------
# The server's clock (POST/GET /_localvpc/clock)
# ---------------------------------------------------------------------------


def parse_iso8601(text: str) -> datetime.datetime:
    """An ISO 8601 timestamp as an aware UTC datetime ("Z" or an offset)."""
    value = datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc)


def _clock_answer(resp: requests.Response, what: str) -> datetime.datetime:
    assert resp.status_code == 200, f"{what} answered HTTP {resp.status_code}: {resp.text[:300]}"
    body = resp.json()
    assert "now" in body, f"{what} answered {body!r}, expected {{\"now\": ...}}"
    return parse_iso8601(body["now"])


def server_clock(endpoint: str) -> datetime.datetime:
    """The server's now (GET /_localvpc/clock), which moves only forward."""
    return _clock_answer(requests.get(endpoint + CLOCK_PATH, timeout=10), f"GET {CLOCK_PATH}")


def advance_server_clock(endpoint: str, seconds: float) -> datetime.datetime:
    """Move the server's clock forward by `seconds`; returns the server's new now."""
    resp = requests.post(endpoint + CLOCK_PATH, json={"advanceSeconds": seconds}, timeout=10)
    return _clock_answer(resp, f"POST {CLOCK_PATH}")


# ---------------------------------------------------------------------------
# Clients
# ---------------------------------------------------------------------------


def client_config(**overrides: Any) -> Config:
    base = dict(
        retries={"max_attempts": 1, "mode": "standard"},
        connect_timeout=5,
        read_timeout=60,
    )
    base.update(overrides)
    return Config(**base)


def make_boto_client(
    endpoint: str,
    service: str = "ec2",
    *,
    region: str = "us-east-1",
    access_key: str = "test",
    secret_key: str = "test",
    headers: dict[str, str] | None = None,
    **config: Any,
):
    session = boto3.session.Session()
    client = session.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=client_config(**config),
    )
    if headers:
        def add_headers(request, **_kwargs):
            for k, v in headers.items():
                request.headers[k] = v

        client.meta.events.register_first(f"before-sign.{service}.*", add_headers)
    return client


# ---------------------------------------------------------------------------
# AWS CLI
# ---------------------------------------------------------------------------


class CliError(Exception):
    def __init__(self, args: list[str], returncode: int, stdout: str, stderr: str) -> None:
        super().__init__(
            f"aws {' '.join(args)} exited {returncode}\nstdout: {stdout}\nstderr: {stderr}"
        )
        self.cli_args = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr


def cli_env(endpoint: str, access_key: str, region: str, tmpdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID=access_key,
        AWS_SECRET_ACCESS_KEY="test",
        AWS_DEFAULT_REGION=region,
        AWS_REGION=region,
        AWS_PAGER="",
        AWS_EC2_METADATA_DISABLED="true",
        AWS_CONFIG_FILE=str(tmpdir / "aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmpdir / "aws-credentials"),
        AWS_MAX_ATTEMPTS="1",
        AWS_RETRY_MODE="standard",
    )
    return env


def run_cli(
    args: Iterable[str],
    *,
    endpoint: str,
    tmpdir: Path,
    access_key: str = "test",
    region: str = "us-east-1",
    timeout: float = 60,
) -> Any:
    exe = shutil.which("aws")
    if exe is None:
        pytest.fail("the AWS CLI (aws) is not on PATH", pytrace=False)
    args = [str(a) for a in args]
    full = [exe, *args, "--output", "json"]
    proc = subprocess.run(
        full,
        env=cli_env(endpoint, access_key, region, tmpdir),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise CliError(args, proc.returncode, proc.stdout, proc.stderr)
    out = proc.stdout.strip()
    return json.loads(out) if out else None


# ---------------------------------------------------------------------------
# Error assertions
# ---------------------------------------------------------------------------


@dataclass
class ErrorInfo:
    code: str | None = None
    message: str | None = None
    http_status: int | None = None
    response: dict | None = None
    stderr: str | None = None


@contextlib.contextmanager
def raises_code(*codes: str, message: str | None = None):
    """Expect an AWS error whose code is exactly one of `codes`.

    Works for boto3 (botocore ClientError, Error.Code compared exactly) and
    for the AWS CLI helper (non-zero exit, `(Code)` in stderr). `message`,
    when given, is a regex searched in the error message.
    """
    assert codes, "give at least one expected error code"
    info = ErrorInfo()
    try:
        yield info
    except ClientError as e:
        err = e.response.get("Error", {})
        info.code = err.get("Code")
        info.message = err.get("Message")
        info.http_status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        info.response = e.response
        assert info.code in codes, (
            f"expected error code {' or '.join(codes)}, got {info.code!r}: {info.message!r}"
        )
        if info.http_status is not None:
            assert 400 <= info.http_status < 500, (
                f"{info.code} came with HTTP {info.http_status}; client errors must be 4xx"
            )
        if message is not None:
            assert info.message and re.search(message, info.message), (
                f"error message {info.message!r} does not match {message!r}"
            )
        return
    except CliError as e:
        info.stderr = e.stderr
        assert e.returncode != 0
        found = [c for c in codes if f"({c})" in e.stderr]
        assert found, f"expected ({' or '.join(codes)}) in AWS CLI stderr, got:\n{e.stderr}"
        info.code = found[0]
        if message is not None:
            assert re.search(message, e.stderr), (
                f"CLI stderr {e.stderr!r} does not match {message!r}"
            )
        return
    pytest.fail(f"expected AWS error {' or '.join(codes)}, but the call succeeded")


# ---------------------------------------------------------------------------
# Raw EC2 Query requests
# ---------------------------------------------------------------------------


def sign_headers(
    url: str,
    body: bytes,
    *,
    region: str = "us-east-1",
    service: str = "ec2",
    access_key: str = "test",
    content_type: str | None = "application/x-www-form-urlencoded; charset=utf-8",
    extra_headers: dict[str, str] | None = None,
    method: str = "POST",
) -> dict[str, str]:
    headers: dict[str, str] = {}
    if content_type is not None:
        headers["Content-Type"] = content_type
    headers.update(extra_headers or {})
    req = botocore.awsrequest.AWSRequest(method=method, url=url, data=body, headers=headers)
    creds = botocore.credentials.Credentials(access_key, "test")
    botocore.auth.SigV4Auth(creds, service, region).add_auth(req)
    return dict(req.headers.items())


def stale_sigv4_headers(
    *,
    region: str,
    access_key: str = "test",
    service: str = "ec2",
    when: datetime.datetime = datetime.datetime(2015, 3, 1, 12, 0, 0),
) -> dict[str, str]:
    """An Authorization header as a client would have produced long ago.

    The signature itself is bogus: LocalVPC does not verify signatures yet,
    it reads account and region from the credential scope.
    """
    stamp = when.strftime("%Y%m%dT%H%M%SZ")
    day = when.strftime("%Y%m%d")
    return {
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "X-Amz-Date": stamp,
        "Authorization": (
            f"AWS4-HMAC-SHA256 Credential={access_key}/{day}/{region}/{service}/aws4_request, "
            f"SignedHeaders=content-type;host;x-amz-date, Signature={'0' * 64}"
        ),
    }


def raw_post(
    endpoint: str,
    body: bytes | str | dict | list,
    *,
    sign: bool = True,
    region: str = "us-east-1",
    access_key: str = "test",
    content_type: str | None = "application/x-www-form-urlencoded; charset=utf-8",
    headers: dict[str, str] | None = None,
    path: str = "/",
    timeout: float = 30,
) -> requests.Response:
    if isinstance(body, (dict, list)):
        body = urlencode(body)
    if isinstance(body, str):
        body = body.encode("utf-8")
    url = endpoint + path
    if sign:
        hdrs = sign_headers(
            url,
            body,
            region=region,
            access_key=access_key,
            content_type=content_type,
            extra_headers=headers,
        )
    else:
        hdrs = dict(headers or {})
        if content_type is not None:
            hdrs["Content-Type"] = content_type
    return requests.post(url, data=body, headers=hdrs, timeout=timeout)


def _strip_ns(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(elem: ET.Element, *path: str) -> ET.Element | None:
    cur: ET.Element | None = elem
    for name in path:
        if cur is None:
            return None
        cur = next((c for c in cur if _strip_ns(c.tag) == name), None)
    return cur


@dataclass
class XmlError:
    code: str
    message: str | None
    request_id: str | None
    status: int


def assert_aws_xml_error(resp: requests.Response, *codes: str) -> XmlError:
    """The response is a 4xx carrying AWS's EC2 XML error document."""
    ctype = resp.headers.get("Content-Type", "")
    assert 400 <= resp.status_code < 500, (
        f"expected a 4xx AWS error, got HTTP {resp.status_code} ({ctype}): {resp.text[:500]!r}"
    )
    assert "html" not in ctype.lower(), f"error answered as HTML ({ctype}): {resp.text[:300]!r}"
    body = resp.content.strip()
    assert not body.lower().startswith((b"<!doctype html", b"<html")), body[:300]
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise AssertionError(f"error body is not XML ({e}): {body[:500]!r}") from None
    assert _strip_ns(root.tag) == "Response", f"root element is <{root.tag}>, not <Response>"
    code_el = _find(root, "Errors", "Error", "Code")
    assert code_el is not None and (code_el.text or "").strip(), (
        f"no <Response><Errors><Error><Code>: {body[:500]!r}"
    )
    msg_el = _find(root, "Errors", "Error", "Message")
    rid_el = _find(root, "RequestID")
    if rid_el is None:
        rid_el = _find(root, "RequestId")
    code = code_el.text.strip()
    if codes:
        assert code in codes, f"expected {' or '.join(codes)}, got {code}: {body[:500]!r}"
    return XmlError(
        code=code,
        message=msg_el.text if msg_el is not None else None,
        request_id=rid_el.text if rid_el is not None else None,
        status=resp.status_code,
    )


def xml_root(resp: requests.Response) -> ET.Element:
    return ET.fromstring(resp.content)


def xml_texts(root: ET.Element, name: str) -> list[str]:
    return [(e.text or "") for e in root.iter() if _strip_ns(e.tag) == name]


# ---------------------------------------------------------------------------
# Small resource helpers
# ---------------------------------------------------------------------------


def tag_spec(resource_type: str, **tags: str) -> list[dict]:
    return [
        {
            "ResourceType": resource_type,
            "Tags": [{"Key": k, "Value": v} for k, v in tags.items()],
        }
    ]


def tags_of(resource: dict) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in resource.get("Tags", []) or []}


def wait_until(
    fn: Callable[[], Any],
    *,
    timeout: float = 10.0,
    interval: float = 0.05,
    desc: str = "condition",
) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        last = fn()
        if last:
            return last
        if time.monotonic() >= deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {desc} (last value: {last!r})")
        time.sleep(interval)


def describe_vpc(ec2, vpc_id: str) -> dict:
    vpcs = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"]
    assert len(vpcs) == 1, vpcs
    return vpcs[0]


def describe_subnet(ec2, subnet_id: str) -> dict:
    subnets = ec2.describe_subnets(SubnetIds=[subnet_id])["Subnets"]
    assert len(subnets) == 1, subnets
    return subnets[0]


def describe_route_table(ec2, rtb_id: str) -> dict:
    rts = ec2.describe_route_tables(RouteTableIds=[rtb_id])["RouteTables"]
    assert len(rts) == 1, rts
    return rts[0]


def describe_igw(ec2, igw_id: str) -> dict:
    igws = ec2.describe_internet_gateways(InternetGatewayIds=[igw_id])["InternetGateways"]
    assert len(igws) == 1, igws
    return igws[0]


def create_vpc(ec2, cidr: str = "10.0.0.0/16", name: str | None = None, **kwargs) -> dict:
    if name is not None:
        kwargs.setdefault("TagSpecifications", tag_spec("vpc", Name=name))
    vpc = ec2.create_vpc(CidrBlock=cidr, **kwargs)["Vpc"]
    assert vpc["VpcId"].startswith("vpc-"), vpc
    return vpc


def create_subnet(ec2, vpc_id: str, cidr: str, **kwargs) -> dict:
    subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr, **kwargs)["Subnet"]
    assert subnet["SubnetId"].startswith("subnet-"), subnet
    return subnet


def create_attached_igw(ec2, vpc_id: str) -> str:
    igw_id = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    return igw_id


def main_route_table(ec2, vpc_id: str) -> dict:
    rts = ec2.describe_route_tables(
        Filters=[
            {"Name": "vpc-id", "Values": [vpc_id]},
            {"Name": "association.main", "Values": ["true"]},
        ]
    )["RouteTables"]
    assert len(rts) == 1, f"expected exactly one main route table for {vpc_id}: {rts}"
    return rts[0]


def main_association(rt: dict) -> dict:
    mains = [a for a in rt.get("Associations", []) if a.get("Main")]
    assert len(mains) == 1, rt
    return mains[0]


def route_to(rt: dict, destination: str) -> dict | None:
    for r in rt.get("Routes", []):
        if destination in (r.get("DestinationCidrBlock"), r.get("DestinationIpv6CidrBlock"), r.get("DestinationPrefixListId")):
            return r
    return None


def ids(items: Iterable[dict], key: str) -> list[str]:
    return [i[key] for i in items]


def vpc_ids(ec2, **kwargs) -> set[str]:
    return set(ids(ec2.describe_vpcs(**kwargs)["Vpcs"], "VpcId"))


def filters(**kv: str | list[str]) -> list[dict]:
    """filters(**{"tag:Name": "x", "vpc-id": ["a", "b"]})"""
    out = []
    for name, values in kv.items():
        if isinstance(values, str):
            values = [values]
        out.append({"Name": name, "Values": list(values)})
    return out


def delete_default_vpc(ec2):
    """Deletes the default VPC after its dependencies, as a user must: subnets, then the internet gateway."""
    [vpc] = ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"]
    vpc_id = vpc["VpcId"]
    for subnet in ec2.describe_subnets(Filters=filters(**{"vpc-id": vpc_id}))["Subnets"]:
        ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    for igw in ec2.describe_internet_gateways(Filters=filters(**{"attachment.vpc-id": vpc_id}))["InternetGateways"]:
        ec2.detach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vpc_id)
        ec2.delete_internet_gateway(InternetGatewayId=igw["InternetGatewayId"])
    ec2.delete_vpc(VpcId=vpc_id)
    return vpc_id


def is_ipv6_cidr(text: str, prefix: int | None = None) -> bool:
    try:
        net = ipaddress.IPv6Network(text)
    except ValueError:
        return False
    return prefix is None or net.prefixlen == prefix


UNKNOWN_IDS = {
    # Well-formed (prefix + 17 hex digits) but never issued.
    "vpc": "vpc-0123456789abcdef0",
    "subnet": "subnet-0123456789abcdef0",
    "rtb": "rtb-0123456789abcdef0",
    "igw": "igw-0123456789abcdef0",
    "rtbassoc": "rtbassoc-0123456789abcdef0",
}
