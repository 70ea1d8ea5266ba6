#!/usr/bin/env bash
# Runs every test LocalVPC has: the Swift unit tests, then the client-level suite, which starts the
# server and drives it with boto3 and the AWS CLI exactly as users do.
# Usage: scripts/test.sh            (from anywhere; installs boto3/awscli/pytest/ansible with pip when missing)
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
