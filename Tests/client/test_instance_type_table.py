"""The committed instance-type table is what Tools/instance-types/generate.py writes from the installed moto and
botocore: the test that fails when AWS's data moves on and the table was not regenerated."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_instance_type_table_is_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "Tools/instance-types/generate.py"), "--check"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
