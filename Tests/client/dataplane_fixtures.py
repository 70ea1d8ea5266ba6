"""The fixtures every data-plane suite shares: one `--data-plane on` server per test module, reset before each
test, and the shell and programs that run commands inside its instances and on its internet.

A suite imports them by name (`from dataplane_fixtures import ec2, programs, server, shell`), which is how pytest
finds fixtures defined outside a conftest.
"""

from __future__ import annotations

import pytest
import requests

import lvpc
from dataplane_helpers import Programs, Shell, data_plane_server


@pytest.fixture(scope="module")
def server(request, tmp_path_factory):
    srv = data_plane_server(tmp_path_factory, request.module.__name__.removeprefix("test_").replace("_", "-"))
    yield srv
    assert srv.stop() == 0, srv.log_text()


@pytest.fixture
def ec2(server):
    if not server.is_running():  # a restart test that failed half-way
        server.start(timeout=60)
    requests.post(server.endpoint + lvpc.RESET_PATH, timeout=60).raise_for_status()
    return lvpc.make_boto_client(server.endpoint)


@pytest.fixture
def shell(server, tmp_path):
    return Shell(server.endpoint, tmp_path)


@pytest.fixture
def programs(shell):
    started = Programs(shell)
    yield started
    started.stop_all()
