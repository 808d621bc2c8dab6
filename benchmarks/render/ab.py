#!/usr/bin/env python3
"""Two spegelctl builds side by side (an A/B of an engine change), on the machine state of one run.

Usage: python3 benchmarks/render/ab.py BASE_SPEGELCTL NEW_SPEGELCTL [PAIRS]

For each test chart and scope (engine, pipeline; see bench.py), PAIRS times (default 9): 300 renders in
one process with BASE, then with NEW. Prints the lowest median of each and two ratios: of the lowest
medians, and the median of the per-pair ratios (both sides of a pair ran seconds apart). Build BASE from
another commit with `git worktree add /tmp/base COMMIT && (cd /tmp/base && swift build -c release
--product spegelctl)`.
"""
import os
import statistics
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CHARTS = ["Tests/charts/basic-app", "Tests/charts/big-chart"]


def per_render(spegelctl: str, chart: str, scope: str, n: int = 300) -> float:
    p = subprocess.run([spegelctl, "template", chart, "--benchmark-iterations", str(n), "--benchmark-scope", scope],
                       capture_output=True, text=True, check=True)
    return float(dict(kv.split("=") for kv in p.stderr.split())["median_ms"])


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    base, new = sys.argv[1], sys.argv[2]
    pairs = int(sys.argv[3]) if len(sys.argv) > 3 else 9
    print("| chart | scope | base (ms) | new (ms) | base/new (lowest medians) | base/new (median of pairs) |")
    print("|---|---|---|---|---|---|")
    for rel in CHARTS:
        chart = os.path.join(ROOT, rel)
        for scope in ("engine", "pipeline"):
            bs, ns = [], []
            for _ in range(pairs):
                bs.append(per_render(base, chart, scope))
                ns.append(per_render(new, chart, scope))
            ratios = [b / n for b, n in zip(bs, ns)]
            print(f"| {os.path.basename(rel)} | {scope} | {min(bs):.3f} | {min(ns):.3f} | {min(bs) / min(ns):.2f}× "
                  f"| {statistics.median(ratios):.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
