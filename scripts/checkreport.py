"""The ok / FAIL lines of the repository's check scripts (check-azd.py, check-security.py), and their exit code."""

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
