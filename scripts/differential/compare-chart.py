"""Renders one chart with Helm v4 (the oracle) and with `spegelctl template`, and prints where they differ.

    /opt/helm-oracle/bin/python scripts/differential/compare-chart.py CHART [--name RELEASE]
        [helm template flags: -f, --set, --set-string, --set-json, --set-file, -n, --kube-version, -a,
         --include-crds, --skip-tests, --no-hooks, --is-upgrade, -s] [--spegelctl PATH] [--exact]

For charts that are not in the corpus (a `helm pull --untar` of a public chart, a chart of your own):
the exit status is 0 when both outputs agree, 1 when they differ (a unified diff is printed), 2 when only
one side fails. Passwords, keys and certificates made by random functions differ on every render; they
are masked before comparing unless `--exact` is given: a token of 10 or more base64 characters with
both cases (and a digit, an `=` ending or 10+ characters), and 40–64-digit lowercase hex (checksums of such
content). Dependencies must already be in the chart's `charts/` directory (`helm dependency build`).
Written for this project."""
from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = re.compile(r"[A-Za-z0-9+/_=-]{10,}")
HEX = re.compile(r"\b[0-9a-f]{40,64}\b")


def looks_random(token: str) -> bool:
    """Mixed-case base64 text: what randAlphaNum, genCA, genPrivateKey and b64enc of them produce."""
    return any(c.isupper() for c in token) and any(c.islower() for c in token)


def mask(text: str) -> str:
    text = HEX.sub("<hex>", text)
    return TOKEN.sub(lambda m: "<random>" if looks_random(m.group(0)) else m.group(0), text)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("chart")
    p.add_argument("--name", default="release-name")
    p.add_argument("--spegelctl", default=os.path.join(ROOT, ".build", "release", "spegelctl"))
    p.add_argument("--exact", action="store_true", help="compare bytes without masking random values")
    a, helm_flags = p.parse_known_args(argv)
    flags_parser = argparse.ArgumentParser(prog="helm template flags")
    oracle.add_template_flags(flags_parser)
    flags = flags_parser.parse_args(helm_flags)
    if flags.output_dir:
        p.error("--output-dir is not compared; compare stdout")

    try:
        helm_out, helm_error = oracle.template_with_flags(a.chart, flags, a.name), None
    except oracle.OracleError as e:
        helm_out, helm_error = None, str(e)
    ours = subprocess.run([a.spegelctl, "template", a.name, a.chart, *helm_flags], capture_output=True, text=True)
    if helm_error is not None or ours.returncode != 0:
        if helm_error is not None and ours.returncode != 0:
            print(f"both fail\n  helm:      {helm_error}\n  spegelctl: {ours.stderr.strip().splitlines()[0]}")
            return 0
        print("only " + ("Helm" if helm_error is not None else "spegelctl") + " fails:\n"
              + (helm_error or ours.stderr.strip()))
        return 2
    left, right = (helm_out, ours.stdout) if a.exact else (mask(helm_out), mask(ours.stdout))
    diff = list(difflib.unified_diff(left.splitlines(), right.splitlines(), "helm", "spegelctl", lineterm=""))
    if diff:
        print("\n".join(diff))
        return 1
    masked = "" if a.exact or helm_out == ours.stdout else " (random values masked)"
    print(f"identical: {len(helm_out)} bytes, {helm_out.count(chr(10) + '---')} documents{masked}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
