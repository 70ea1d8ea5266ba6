#!/usr/bin/env bash
# Runs every test LocalVPC has: the Swift unit tests, then the client-level suite, which starts the
# server and drives it with boto3 and the AWS CLI exactly as users do.
# Usage: scripts/test.sh            (from anywhere; installs boto3/awscli/pytest/ansible with pip when missing)
# With LOCALVPC_TEST_DATABASE_URL set (a PostgreSQL role that may create databases; scripts/postgres.sh prints one,
# .ci/run sets it), the client suite's Tests/client/test_shared_database.py runs (several servers on one database),
# and then the API slice below runs again against two servers sharing a fresh database, each request to the other.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 - <<'PY' || python3 -m pip install --quiet boto3 awscli pytest
import boto3, botocore, pytest, shutil, sys
sys.exit(0 if shutil.which("aws") else 1)
PY

# Ansible (ansible-core with the amazon.aws and ansible.posix collections) for Tests/client/test_ansible.py,
# which runs the playbooks in Tests/ansible against the server.
python3 - <<'PY' || python3 -m pip install --quiet ansible
import ansible, ansible_collections.amazon.aws, ansible_collections.ansible.posix, shutil, sys
sys.exit(0 if shutil.which("ansible-playbook") else 1)
PY

# Selenium for Tests/client/test_console.py, which drives the web console in headless Chromium (chromium and
# chromium-driver come from apt: .ci/run installs them; without them those tests say they are skipped).
python3 -c "import selenium" 2>/dev/null || python3 -m pip install --quiet selenium

swift build --build-tests
swift test --skip-build
swift build --product localvpc
LOCALVPC_BIN="$PWD/.build/debug/localvpc" python3 -m pytest -q Tests/client

if [ -n "${LOCALVPC_TEST_DATABASE_URL:-}" ]; then
  # The API suites (no data plane, no browser, no servers of their own), without their AWS CLI round trips, which
  # test the CLI rather than the store: about two minutes. Two servers, one database, requests alternating.
  shared_slice=(test_vpcs.py test_subnets.py test_route_tables.py test_internet_gateways.py test_peering_lifecycle.py
    test_peering_describe.py test_peering_routes.py test_network_interfaces.py test_security_group_rules.py
    test_tags.py test_elastic_ips.py test_instances.py test_network_acls.py test_dependencies.py test_nat_gateways.py
    test_transit_gateway.py)
  echo "== client suite slice against two servers sharing PostgreSQL"
  LOCALVPC_SHARED_SERVERS=2 LOCALVPC_BIN="$PWD/.build/debug/localvpc" \
    python3 -m pytest -q -m "not own_server" -k "not cli" "${shared_slice[@]/#/Tests/client/}"
fi
