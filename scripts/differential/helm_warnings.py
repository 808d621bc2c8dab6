"""Helm's warnings on stderr against `spegelctl template`'s, for the cases of the charts that ship a
`warnings/` directory (values Helm skips while coalescing, conditions that are not booleans).

    /opt/helm-oracle/bin/python scripts/differential/helm_warnings.py [--spegelctl PATH] [CHART_DIR ...]

Helm's side is one `helm_install` in client dry-run mode (what `helm template` runs), in a child process
whose stderr is Go's logger. Lines are compared without their `2006/01/02 15:04:05 ` time stamps and in
sorted order: Go writes warnings found while iterating a map in random order. Prints one line per case
and `N passed, N failed`; exits non-zero on a failure. Written for this project."""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STAMP = re.compile(r"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} ")

# Runs in a child process: Go's logger writes to the process's file descriptor 2.
HELM_CHILD = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
import oracle
from helm_python import _native
values = oracle.user_values(files=json.loads(sys.argv[3]))
opts = {"namespace": "default", "dry_run": "client", "replace": True}
try:
    _native.call_string("helm_install", oracle.config()._raw(), _native.HANDLE(0), _native.HANDLE(0),
                        os.path.abspath(sys.argv[2]), "release-name", json.dumps(values) if values else None,
                        json.dumps(opts))
except Exception as e:
    sys.stderr.write("Error: %s\n" % e)
"""


def warning_lines(text: str) -> list[str]:
    return sorted(STAMP.sub("", line) for line in text.splitlines() if STAMP.match(line))


def case_files(chart: str) -> list[tuple[str, list[str]]]:
    cases = [("default", [])]
    for name in sorted(os.listdir(os.path.join(chart, "warnings"))):
        cases.append((name.rsplit(".", 1)[0], [os.path.join("warnings", name)]))
    return cases


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("charts", nargs="*")
    p.add_argument("--spegelctl", default=os.path.join(ROOT, ".build", "debug", "spegelctl"))
    a = p.parse_args(argv)
    charts = a.charts or sorted(os.path.join(ROOT, "Tests", "charts", d) for d in os.listdir(os.path.join(ROOT, "Tests", "charts"))
                                if os.path.isdir(os.path.join(ROOT, "Tests", "charts", d, "warnings")))
    passed = failed = 0
    for chart in charts:
        for name, files in case_files(chart):
            helm = subprocess.run([sys.executable, "-c", HELM_CHILD, HERE, ".", json.dumps(files)],
                                  cwd=chart, capture_output=True, text=True, timeout=120)
            flags = [arg for f in files for arg in ("-f", f)]
            ours = subprocess.run([a.spegelctl, "template", ".", *flags], cwd=chart, capture_output=True, text=True, timeout=120)
            expected, got = warning_lines(helm.stderr), warning_lines(ours.stderr)
            label = f"{os.path.basename(chart)}/{name}"
            if expected == got:
                passed += 1
                print(f"ok   {label}: {len(got)} warning(s)")
            else:
                failed += 1
                print(f"FAIL {label}\n  helm:      {expected}\n  spegelctl: {got}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
