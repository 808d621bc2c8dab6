#!/usr/bin/env python3
"""Rendering benchmark: spegelctl's engine vs Helm v4's Go engine (helm-python-sdk `helm_render`).

Usage: /opt/helm-oracle/bin/python benchmarks/render/bench.py [-n ITERATIONS] [--spegelctl PATH]

Two per-render scopes, each the same work on both sides, N renders in one process:
- engine: dependencies, values (coalescing, schema) and template execution. Helm: `helm_render`
  (ProcessDependencies, ToRenderValues, engine.Render) on a chart loaded once. spegelctl:
  `--benchmark-scope engine` (chart loaded outside the timed part).
- pipeline: everything `helm template` does: load the chart directory, the above, sorting and framing.
  Helm: `helm_install` in client dry-run mode (the code path of `helm template`) on the chart directory.
  spegelctl: `--benchmark-scope pipeline`.
Whole process: wall time of one `spegelctl template CHART` vs one `helm-template.py CHART` (Python
start-up and SDK load included).

The development machine is shared and its speed comes in phases of seconds; each per-render time is
the lowest median of --rounds rounds (default 5), Helm's and ours taken alternately in every round, and
each per-render ratio is the median over rounds of that round's Helm/ours ratio (both sides of a ratio
measured seconds apart, so a slow phase tends to slow both).
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


DUMMY_KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "https://127.0.0.1:9"}}]
contexts: [{name: none, context: {cluster: none, user: none}}]
current-context: none
users: [{name: none, user: {}}]
"""


def helm_pipeline(chart: str, n: int) -> float:
    import helm_python as helm
    from helm_python import _native
    cfg = helm.Config(kubeconfig_content=DUMMY_KUBECONFIG, storage_driver="memory")
    opts = json.dumps({"namespace": "default", "dry_run": "client", "replace": True})
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        _native.call_string("helm_install", cfg._raw(), _native.HANDLE(0), _native.HANDLE(0), chart,
                            "release-name", None, opts)
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def ours_per_render(spegelctl: str, chart: str, n: int, scope: str) -> float:
    p = subprocess.run([spegelctl, "template", chart, "--benchmark-iterations", str(n), "--benchmark-scope", scope],
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
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--spegelctl", default=os.path.join(ROOT, ".build/release/spegelctl"))
    a = ap.parse_args()
    oracle = ["/opt/helm-oracle/bin/python", "/work/shared/tools/helm-template.py"]
    rows = []
    for label, rel in CHARTS.items():
        chart = os.path.join(ROOT, rel)
        he = oe = hp = op = float("inf")
        engine_ratios, pipeline_ratios = [], []
        for _ in range(a.rounds):
            h, o = helm_per_render(chart, a.n), ours_per_render(a.spegelctl, chart, a.n, "engine")
            he, oe = min(he, h), min(oe, o)
            engine_ratios.append(h / o)
            h, o = helm_pipeline(chart, a.n), ours_per_render(a.spegelctl, chart, a.n, "pipeline")
            hp, op = min(hp, h), min(op, o)
            pipeline_ratios.append(h / o)
        hw = wall(oracle + [chart], a.runs)
        ow = wall([a.spegelctl, "template", chart], a.runs)
        rows.append((label, he, oe, statistics.median(engine_ratios), hp, op, statistics.median(pipeline_ratios), hw, ow))
    print("| chart | engine: Helm (ms) | engine: spegelctl (ms) | Helm/spegelctl | pipeline: Helm (ms) | pipeline: spegelctl (ms) "
          "| Helm/spegelctl | Helm process (ms) | spegelctl process (ms) | Helm/spegelctl |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, he, oe, er, hp, op, pr, hw, ow in rows:
        print(f"| {label} | {he:.3f} | {oe:.3f} | {er:.2f}× | {hp:.3f} | {op:.3f} | {pr:.2f}× | {hw:.1f} | {ow:.1f} | {hw / ow:.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
