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
  # test the CLI rather than the store (its time: README, Tests). Two servers, one database, requests alternating.
  shared_slice=(test_vpcs.py test_subnets.py test_route_tables.py test_internet_gateways.py test_peering_lifecycle.py
    test_peering_describe.py test_peering_routes.py test_peering_options.py test_peering_cross_account_region.py
    test_network_interfaces.py test_security_group_rules.py test_sg_references.py test_tags.py test_elastic_ips.py
    test_instances.py test_instance_options.py test_network_acls.py test_dependencies.py test_nat_gateways.py
    test_transit_gateway.py test_transit_gateway_reachability.py test_describe_filters_pagination.py test_ipv6.py
    test_prefix_lists.py test_vpc_endpoints.py test_dhcp_options.py test_egress_only_internet_gateways.py
    test_launch_templates.py test_volumes.py test_timestamps.py test_accounts_regions.py test_default_vpc.py
    test_errors_and_malformed.py test_key_pairs.py test_images.py test_instance_types.py test_network_insights.py
    test_flow_logs.py test_admin_routes.py test_defaults.py test_http_status.py test_filter_names.py
    test_account_attributes.py test_client_tokens.py)
  echo "== client suite slice against two servers sharing PostgreSQL"
  LOCALVPC_SHARED_SERVERS=2 LOCALVPC_BIN="$PWD/.build/debug/localvpc" \
    python3 -m pytest -q -m "not own_server" -k "not cli" "${shared_slice[@]/#/Tests/client/}"
fi
