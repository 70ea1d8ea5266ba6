"""`localvpc-server`: the server alone, with the same options and answers as `localvpc serve`,
but without the client commands' HTTP and XML libraries in the process.

These tests start their own servers (own state dir, own port), never the shared session server.
"""

import pytest

from lvpc import ServerProcess, create_vpc, localvpc_bin, make_boto_client

pytestmark = pytest.mark.own_server

CLIENT_ONLY_LIBRARIES = ("libcurl", "libxml2", "libFoundationNetworking", "libFoundationXML")


def server_bin():
    return localvpc_bin().with_name("localvpc-server")


def mapped_files(pid: int) -> set[str]:
    with open(f"/proc/{pid}/maps") as f:
        return {line.split()[-1] for line in f if "/" in line}


def test_it_serves_the_ec2_api_durably_like_localvpc_serve(tmp_path):
    srv = ServerProcess(tmp_path / "state", binary=server_bin()).start()
    try:
        ec2 = make_boto_client(srv.endpoint)
        vpc = create_vpc(ec2, "10.0.0.0/16")
        srv.stop()
        srv.start()
        found = make_boto_client(srv.endpoint).describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"]
        assert [v["CidrBlock"] for v in found] == ["10.0.0.0/16"]
    finally:
        srv.stop()


def test_it_loads_none_of_the_client_libraries_that_localvpc_serve_carries(tmp_path):
    lean = ServerProcess(tmp_path / "lean", binary=server_bin()).start()
    full = ServerProcess(tmp_path / "full").start()
    try:
        lean_files = mapped_files(lean.proc.pid)
        full_files = mapped_files(full.proc.pid)
        assert any(lib in path for path in full_files for lib in CLIENT_ONLY_LIBRARIES), "the check would see them"
        assert not [path for path in lean_files if any(lib in path for lib in CLIENT_ONLY_LIBRARIES)]
    finally:
        lean.stop()
        full.stop()
