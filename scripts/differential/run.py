#!/usr/bin/env python3
"""Differential test: `spegelctl template` against Helm v4 (the oracle) on every chart of Tests/charts.

Run with the oracle's Python:  /opt/helm-oracle/bin/python scripts/differential/run.py [CHART_NAME_FILTER...]
Environment: SPEGELCTL (default .build/debug/spegelctl), DIFF_VERBOSE=1 to print passing cases.

Each chart directory may hold `cases.yaml`:
    cases:
      - name: prod                # case label
        args: [-f, prod.yaml, --set, a=b, --include-crds]   # spegelctl/helm template flags
        release: my-release       # release name (default release-name)
        expect: success           # or failure: both sides must fail (error texts compared as sorted lines)
        compare: bytes            # or structure: random/time functions; documents compared by shape
Without cases.yaml a chart has one case with no flags. Paths in args are relative to the chart.
"""
from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import oracle  # noqa: E402

DEBUG_HINT = "\n\nUse --debug flag to render out invalid YAML"


def parse_flags(args: list[str]):
    p = argparse.ArgumentParser(add_help=False)
    oracle.add_template_flags(p)
    return p.parse_args(args)


def run_oracle(chart: str, args: list[str], release: str, outdir: str | None):
    a = parse_flags(args)
    cwd = os.getcwd()
    os.chdir(chart)  # value files and --set-file paths are relative to the chart
    try:
        out = oracle.template_with_flags(chart, a, release, outdir if a.output_dir else None)
        return 0, out, ""
    except (oracle.OracleError, ValueError, OSError) as e:
        return 1, "", f"Error: {e}\n"
    finally:
        os.chdir(cwd)


def run_ours(spegelctl: str, chart: str, args: list[str], release: str, outdir: str | None):
    args = list(args)
    if outdir is not None:
        i = args.index("--output-dir")
        args[i + 1] = outdir
    cmd = [spegelctl, "template", chart, release] + args
    p = subprocess.run(cmd, cwd=chart, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def shape(v):
    if isinstance(v, dict):
        return {k: shape(x) for k, x in v.items()}
    if isinstance(v, list):
        return [shape(x) for x in v]
    return type(v).__name__


def structure(text: str):
    out = []
    for d in oracle.split_docs(text):
        src = d.splitlines()[0] if d.startswith("# Source:") else ""
        try:
            out.append((src, shape(yaml.load(d, Loader=oracle._Loader))))
        except yaml.YAMLError:
            out.append((src, "unparseable"))
    return out


def tree(directory: str) -> dict[str, str]:
    files = {}
    for base, _, names in os.walk(directory):
        for n in names:
            p = os.path.join(base, n)
            with open(p, encoding="utf-8", errors="replace") as fh:
                files[os.path.relpath(p, directory)] = fh.read()
    return files


def error_lines(stderr: str) -> list[str]:
    return sorted(stderr.replace(DEBUG_HINT, "").rstrip("\n").splitlines())


def diff(a: str, b: str, label_a="helm", label_b="spegelctl") -> str:
    return "".join(difflib.unified_diff(a.splitlines(True), b.splitlines(True), label_a, label_b, n=2))


def main() -> int:
    spegelctl = os.path.abspath(os.environ.get("SPEGELCTL", os.path.join(ROOT, ".build/debug/spegelctl")))
    filters = sys.argv[1:]
    charts_dir = os.path.join(ROOT, "Tests", "charts")
    passed = failed = 0
    verbose = os.environ.get("DIFF_VERBOSE") == "1"
    for name in sorted(os.listdir(charts_dir)):
        chart = os.path.join(charts_dir, name)
        if not os.path.isfile(os.path.join(chart, "Chart.yaml")):
            continue
        if filters and not any(f in name for f in filters):
            continue
        cases = [{"name": "default"}]
        cfile = os.path.join(chart, "cases.yaml")
        if os.path.exists(cfile):
            with open(cfile, encoding="utf-8") as fh:
                cases = (yaml.safe_load(fh) or {}).get("cases") or cases
        for case in cases:
            label = f"{name}/{case.get('name', 'default')}"
            args = [str(x) for x in case.get("args", [])]
            release = case.get("release", "release-name")
            expect = case.get("expect", "success")
            mode = case.get("compare", "bytes")
            tmp = tempfile.mkdtemp(prefix="diff-")
            try:
                with_dir = "--output-dir" in args
                o_dir = os.path.join(tmp, "helm") if with_dir else None
                s_dir = os.path.join(tmp, "ours") if with_dir else None
                orc, oout, oerr = run_oracle(chart, args, release, o_dir)
                src, sout, serr = run_ours(spegelctl, chart, args, release, s_dir)
                problems = []
                if expect == "failure":
                    if orc == 0:
                        problems.append("oracle unexpectedly succeeded")
                    if src == 0:
                        problems.append("spegelctl unexpectedly succeeded")
                    elif orc != 0 and error_lines(oerr) != error_lines(serr):
                        problems.append("error messages differ:\n" + diff("\n".join(error_lines(oerr)) + "\n",
                                                                          "\n".join(error_lines(serr)) + "\n"))
                else:
                    if orc != 0:
                        problems.append("oracle failed: " + oerr)
                    elif src != 0:
                        problems.append("spegelctl failed: " + serr)
                    elif with_dir:
                        oout = oout.replace(o_dir, "OUT")
                        sout = sout.replace(s_dir, "OUT")
                        if oout != sout:
                            problems.append(diff(oout, sout))
                        ot, st = tree(o_dir), tree(s_dir)
                        for f in sorted(set(ot) | set(st)):
                            if ot.get(f) != st.get(f):
                                problems.append(f"file {f}:\n" + diff(ot.get(f, ""), st.get(f, "")))
                    elif mode == "structure":
                        if structure(oout) != structure(sout):
                            problems.append("structure differs:\n" + diff(oout, sout))
                    elif oout != sout:
                        problems.append(diff(oout, sout))
                if problems:
                    failed += 1
                    print(f"FAIL {label}")
                    for p in problems:
                        print(p.rstrip("\n"))
                else:
                    passed += 1
                    if verbose:
                        print(f"ok   {label}")
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
