"""What the repository's check scripts (check-azd.py, check-security.py) share: the ok / FAIL lines, their exit code,
and compiling the templates."""

import json
import subprocess
import sys

failures = 0


def ok(msg):
    print(f"ok    {msg}")


def bad(msg):
    global failures
    failures += 1
    print(f"FAIL  {msg}")


def check(good, msg_ok, msg_bad):
    (ok if good else bad)(msg_ok if good else msg_bad)


def finish():
    """Exits 1 when any check failed."""
    sys.exit(1 if failures else 0)


def run_bicep(bicep, *args, env=None):
    """The JSON `bicep ARGS --stdout` prints, or None after a FAIL line naming bicep's error."""
    result = subprocess.run([bicep, *args, "--stdout"], capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        bad(f"bicep {' '.join(args)}: {result.stderr.strip()}")
        return None
    return json.loads(result.stdout)
