#!/usr/bin/env python3
"""Rendering benchmark: spegelctl's engine vs Helm v4's Go engine (helm-python-sdk `helm_render`).

Usage: /opt/helm-oracle/bin/python benchmarks/render/bench.py [-n ITERATIONS] [--spegelctl PATH]
Per-render: the same chart rendered N times in one process (chart loaded once for Helm; for
spegelctl the chart is re-read each iteration but only the render pipeline is timed:
dependencies, values, schema, templates, sorting, framing). Whole process: wall time of one
`spegelctl template CHART` vs one `helm-template.py CHART` (Python start-up and SDK load included).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CHARTS = {"small (basic-app, 2 docs)": "Tests/charts/basic-app", "large (big-chart, 42 docs)": "Tests/charts/big-chart"}


def helm_per_render(chart: str, n: int) -> float:
    import helm_python as helm
    from helm_python import _native
    opts = json.dumps({"name": "release-name", "namespace": "default", "revision": 1, "is_install": True})
    samples = []
    with helm.Chart.load(chart) as ch:
        for _ in range(n):
            t = time.perf_counter()
            _native.call_string("helm_render", ch._raw(), None, opts)
            samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def ours_per_render(spegelctl: str, chart: str, n: int) -> float:
    p = subprocess.run([spegelctl, "template", chart, "--benchmark-iterations", str(n)],
                       capture_output=True, text=True, check=True)
    fields = dict(kv.split("=") for kv in p.stderr.split())
    return float(fields["median_ms"])


def wall(cmd: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--spegelctl", default=os.path.join(ROOT, ".build/release/spegelctl"))
    a = ap.parse_args()
    oracle = ["/opt/helm-oracle/bin/python", "/work/shared/tools/helm-template.py"]
    rows = []
    for label, rel in CHARTS.items():
        chart = os.path.join(ROOT, rel)
        h = helm_per_render(chart, a.n)
        o = ours_per_render(a.spegelctl, chart, a.n)
        hw = wall(oracle + [chart], a.runs)
        ow = wall([a.spegelctl, "template", chart], a.runs)
        rows.append((label, h, o, hw, ow))
    print(f"| chart | Helm per render (ms) | spegelctl per render (ms) | ratio (spegelctl/Helm) | helm-template.py process (ms) | spegelctl process (ms) |")
    print("|---|---|---|---|---|---|")
    for label, h, o, hw, ow in rows:
        print(f"| {label} | {h:.3f} | {o:.3f} | {o / h:.2f} | {hw:.1f} | {ow:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
