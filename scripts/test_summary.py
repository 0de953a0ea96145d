"""Sums the .NET, Python (and, when run, PowerKVM real lane) test results of scripts/test.sh into one line:
"N passed, N failed[, N skipped]".

.NET: every `dotnet test` per-assembly summary line
    "Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: ... - X.dll (net10.0)"
    "Failed!  - Failed:     1, Passed:    11, Skipped:     0, Total:    12, ..."
Python: unittest's "Ran N tests" and final "OK (...)"/"FAILED (...)" line; a test counts as failed
once however many of its subtests fail (the FAIL:/ERROR: headers are de-duplicated per test), and a
failed class or module fixture (setUpClass, setUpModule, ...) counts as one failure.
A runner that exits non-zero without any counted failure (crash, timeout, aborted run) adds one.
Exits 1 when anything failed.
"""

import argparse
import re
import sys

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
DOTNET_SUMMARY = re.compile(
    r"^\s*(?:Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+),\s+Total:\s+(\d+)")
DOTNET_ABORTED = re.compile(r"^\s*Test Run Aborted", re.IGNORECASE)
PY_RAN = re.compile(r"^Ran (\d+) tests? in ")
PY_RESULT = re.compile(r"^(OK|FAILED)(?: \((.*)\))?\s*$")
PY_HEADER = re.compile(r"^(FAIL|ERROR|UNEXPECTED SUCCESS): (\S+) \(([^)]*)\)")
PY_FIXTURES = {"setUpClass", "tearDownClass", "setUpModule", "tearDownModule"}


def read_lines(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return [ANSI.sub("", line.rstrip("\n")) for line in f]
    except OSError:
        return []


def dotnet_counts(lines, rc):
    passed = failed = skipped = 0
    for line in lines:
        m = DOTNET_SUMMARY.match(line)
        if m:
            failed += int(m.group(1))
            passed += int(m.group(2))
            skipped += int(m.group(3))
        elif DOTNET_ABORTED.match(line):
            failed += 1
    if rc != 0 and failed == 0:
        failed = 1
    return passed, failed, skipped


def python_counts(lines, rc):
    ran = skipped = unexpected = 0
    failing_tests, fixture_failures = set(), 0
    for line in lines:
        m = PY_RAN.match(line)
        if m:
            ran = int(m.group(1))
            continue
        m = PY_RESULT.match(line)
        if m and m.group(2):
            for part in m.group(2).split(","):
                key, _, value = part.strip().partition("=")
                if key == "skipped":
                    skipped = int(value)
                elif key == "unexpected successes":
                    unexpected = int(value)
            continue
        m = PY_HEADER.match(line)
        if m and m.group(1) != "UNEXPECTED SUCCESS":
            if m.group(2) in PY_FIXTURES:
                fixture_failures += 1
            else:
                failing_tests.add((m.group(2), m.group(3)))
    failed = len(failing_tests) + fixture_failures + unexpected
    passed = max(0, ran - len(failing_tests) - unexpected - skipped)
    if rc != 0 and failed == 0:
        failed = 1
    return passed, failed, skipped


def fmt(passed, failed, skipped):
    text = "%d passed, %d failed" % (passed, failed)
    return text + (", %d skipped" % skipped if skipped else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dotnet-log", required=True)
    ap.add_argument("--dotnet-rc", type=int, required=True)
    ap.add_argument("--python-log", required=True)
    ap.add_argument("--python-rc", type=int, required=True)
    ap.add_argument("--real-log", help="the PowerKVM real lane's output (optional)")
    ap.add_argument("--real-rc", type=int, default=0)
    args = ap.parse_args()

    d = dotnet_counts(read_lines(args.dotnet_log), args.dotnet_rc)
    p = python_counts(read_lines(args.python_log), args.python_rc)
    r = dotnet_counts(read_lines(args.real_log), args.real_rc) if args.real_log else (0, 0, 0)
    total = tuple(a + b + c for a, b, c in zip(d, p, r))
    print()
    print("test: .NET   %s (exit %d)" % (fmt(*d), args.dotnet_rc))
    print("test: Python %s (exit %d)" % (fmt(*p), args.python_rc))
    if args.real_log:
        print("test: real lane %s (exit %d)" % (fmt(*r), args.real_rc))
    print(fmt(*total))
    return 1 if total[1] > 0 or args.dotnet_rc != 0 or args.python_rc != 0 or args.real_rc != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
