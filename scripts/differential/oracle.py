"""Helm v4 oracle for the differential harness: what `helm template` prints, computed with Helm's
own Go SDK (helm-python-sdk: `helm_install` in client dry-run mode for the manifests, `helm_render`
for hooks). Written for this project."""
from __future__ import annotations

import fnmatch
import json
import os
import re

import helm_python as helm
from helm_python import _native
import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: x, cluster: {server: "https://127.0.0.1:9"}}]
contexts: [{name: x, context: {cluster: x, user: x}}]
current-context: x
users: [{name: x, user: {token: x}}]
"""

GO_SPACE = "\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
SPLIT = re.compile(r"(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*")
ORDER = ["PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
         "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
         "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
         "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding",
         "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
         "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
         "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]
RANK = {k: i for i, k in enumerate(ORDER)}
EVENTS = {"pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade", "post-upgrade",
          "pre-rollback", "post-rollback", "test", "test-success"}

_cfg = None


class OracleError(Exception):
    pass


def config():
    global _cfg
    if _cfg is None:
        _cfg = helm.Config(kubeconfig_content=KUBECONFIG, storage_driver="memory")
    return _cfg


def split_docs(text: str) -> list[str]:
    text = text.lstrip(GO_SPACE)
    return [d.lstrip(GO_SPACE) for d in SPLIT.split(text) if d.strip(GO_SPACE)]


def merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out


def values_file(path: str) -> dict:
    docs, buf = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh.read().splitlines(keepends=True):
            if line.startswith("---"):
                if buf:
                    docs.append("".join(buf))
                buf = []
                continue
            buf.append(line)
    if buf:
        docs.append("".join(buf))
    vals: dict = {}
    for d in docs:
        vals = merge(vals, helm.values_from_yaml(d))
    return vals


def user_values(files=(), set_json=(), sets=(), set_strings=(), set_files=()) -> dict:
    """values.Options.MergeValues order: files, --set-json, --set, --set-string, --set-file."""
    base: dict = {}
    for f in files:
        base = merge(base, values_file(f))
    for s in set_json:
        if s.strip().startswith("{"):
            base = merge(base, json.loads(s))
        else:
            base = merge(base, helm.parse_set_json(s))
    for flag, parse, items in (("--set", helm.parse_set_string, sets),
                               ("--set-string", helm.parse_set_string_values, set_strings),
                               ("--set-file", helm.parse_set_file, set_files)):
        for s in items:
            try:
                base = merge(base, parse(s))
            except helm.HelmError as e:  # Helm's values.Options wraps strvals errors like this
                raise OracleError(f"failed parsing {flag} data: {e}") from None
    return base


def kind_key(kind: str):
    return (0, RANK[kind], "") if kind in RANK else (1, 0, kind)


def _fold(name: str) -> str:
    return name.replace("\u212a", "k").replace("\u017f", "s").lower()


def _json_field(obj: dict, name: str):
    """encoding/json on SimpleHead: object keys in sorted order, field names matched ignoring case,
    the last matching key wins."""
    matches = [k for k in sorted(str(k) for k in obj) if _fold(k) == name.lower()]
    return obj[matches[-1]] if matches else None


def _go_float32(f: float) -> str:
    """strconv.FormatFloat(f, 'g', -1, 32)."""
    import math
    import struct
    f32 = struct.unpack("f", struct.pack("f", f))[0] if math.isfinite(f) and abs(f) < 3.5e38 else f
    if math.isnan(f32):
        return "NaN"
    if math.isinf(f32) or abs(f) >= 3.5e38:
        return "+Inf" if f > 0 else "-Inf"
    if f32 == 0:
        return "-0" if math.copysign(1, f32) < 0 else "0"
    for p in range(1, 10):  # the fewest significant digits that read back as the same float32
        text = f"{f32:.{p - 1}e}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == f32:
            break
    mantissa, _, exp_text = text.partition("e")
    sign = "-" if mantissa.startswith("-") else ""
    digits = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
    exp = int(exp_text)
    if exp < -4 or exp >= 6:  # Go's %e/%f choice for the shortest form
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{body}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if exp < 0:
        return f"{sign}0.{'0' * (-exp - 1)}{digits}"
    whole = digits[:exp + 1].ljust(exp + 1, "0")
    frac = digits[exp + 1:]
    return sign + whole + ("." + frac if frac else "")


def _go_string(v) -> str:
    """sigs.k8s.io/yaml's conversion of a scalar bound for a Go string."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return _go_float32(v)
    return str(v)


def head(doc: str):
    """(kind, annotations) as Helm reads them (yaml.Unmarshal into releaseutil.SimpleHead)."""
    obj = yaml.load(doc, Loader=_Loader)
    if not isinstance(obj, dict):
        return "", {}
    md = _json_field(obj, "metadata")
    ann = _json_field(md, "annotations") if isinstance(md, dict) else None
    ann = {str(k): _go_string(v) for k, v in ann.items()} if isinstance(ann, dict) else {}
    return _go_string(_json_field(obj, "kind")), ann


def sort_manifests(files: dict):
    hooks, generic = [], []
    for path in sorted(files):
        content = files[path]
        if os.path.basename(path).startswith("_") or not content.strip(GO_SPACE):
            continue
        for doc in split_docs(content):
            kind, ann = head(doc)
            if "helm.sh/hook" not in ann:
                generic.append({"path": path, "kind": kind, "content": doc})
                continue
            events = [e.strip().lower() for e in ann["helm.sh/hook"].split(",")]
            if any(e not in EVENTS for e in events):
                continue
            hooks.append({"path": path, "kind": kind, "content": doc, "events": events})
    hooks.sort(key=lambda h: kind_key(h["kind"]))
    generic.sort(key=lambda m: kind_key(m["kind"]))
    return hooks, generic


def write_file(out: list, directory: str, name: str, content: str, append: bool):
    path = directory + os.sep + name
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a" if append else "w", encoding="utf-8") as fh:
        fh.write(f"---\n# Source: {name}\n{content}\n")
    out.append(f"wrote {path}\n")


def template(chart: str, values: dict, *, name="release-name", namespace="default", kube_version=None,
             api_versions=(), include_crds=False, skip_tests=False, no_hooks=False, is_upgrade=False,
             show_only=(), output_dir=None, use_release_name=False) -> str:
    """What `helm template NAME CHART ...` prints on stdout; raises OracleError with Helm's message."""
    chart = os.path.abspath(chart)
    vjson = json.dumps(values) if values else None
    tweaks = {}
    if kube_version:
        tweaks["kube_version"] = kube_version
    if api_versions:
        tweaks["api_versions"] = list(api_versions)
    opts = {"namespace": namespace, "dry_run": "client", "replace": True, **tweaks}
    if is_upgrade:
        opts["is_upgrade"] = True
    try:
        rel = json.loads(_native.call_string("helm_install", config()._raw(), _native.HANDLE(0), _native.HANDLE(0),
                                             chart, name, vjson, json.dumps(opts)))
        with helm.Chart.load(chart) as ch:
            ropts = {"name": name, "namespace": namespace, "revision": 1, "is_install": not is_upgrade,
                     "is_upgrade": is_upgrade, **tweaks}
            files = json.loads(_native.call_string("helm_render", ch._raw(), vjson, json.dumps(ropts)))
            crds = ch.crds if include_crds else []
    except helm.HelmError as e:
        if kube_version and str(e).startswith(("could not parse", "illegal version string", "illegal zero-prefixed",
                                               "illegal non-numeric")):
            # helm template's CLI wraps common.ParseKubeVersion's error this way (pkg/cmd/template.go)
            raise OracleError(f"invalid kube version '{kube_version}': {e}") from None
        raise OracleError(str(e)) from None
    files = {k: v for k, v in files.items() if not k.endswith("NOTES.txt")}
    hooks, generic = sort_manifests(files)
    # Hooks are classified here (the C ABI does not return them); the documents left as manifests must
    # be Helm's own manifest, document for document (compared by source path and order: random functions
    # render differently in the second render), or this classification is wrong and the case cannot be judged.
    mine = [m["path"] for m in generic]
    # Each manifest starts "---\n# Source: PATH"; documents may carry "# Source:" comments of their own.
    helms = re.findall(r"^---\n# Source: (.*)$", rel.get("manifest", ""), flags=re.M)
    if mine != helms:
        raise OracleError("oracle: its hook/manifest split of the rendered documents disagrees with Helm's manifest")
    stdout: list[str] = []
    if output_dir is None:
        manifest = rel.get("manifest", "")
        if include_crds:
            manifest = "".join(f"---\n# Source: {c['filename']}\n{c['data']}\n" for c in crds) + manifest
    else:
        manifest = ""
        target = os.path.join(output_dir, name) if use_release_name else output_dir
        written = {}
        for c in crds:
            write_file(stdout, output_dir, c["filename"], c["data"], written.get(c["filename"], False))
            written[c["filename"]] = True
        for m in generic:
            write_file(stdout, target, m["path"], m["content"], written.get(m["path"], False))
            written[m["path"]] = True
    manifests = manifest.strip(GO_SPACE) + "\n"
    if not no_hooks:
        for h in hooks:
            if skip_tests and ("test" in h["events"] or "test-success" in h["events"]):
                continue
            if output_dir is None:
                manifests += f"---\n# Source: {h['path']}\n{h['content']}\n"
            else:
                target = os.path.join(output_dir, name) if use_release_name else output_dir
                exists = os.path.exists(os.path.join(target, h["path"]))
                write_file(stdout, target, h["path"], h["content"], exists)
    if show_only:
        docs = split_docs(manifests)
        chosen = []
        for pattern in show_only:
            missing = True
            for d in docs:
                m = re.search(r"# Source: [^/]+/(.+)", d)
                if not m:
                    continue
                if not go_match(pattern, m.group(1)):
                    continue
                chosen.append(d)
                missing = False
            if missing:
                raise OracleError(f"could not find template {pattern} in chart")
        stdout.extend(f"---\n{d}\n" for d in chosen)
    else:
        stdout.append(manifests)
    return "".join(stdout)


def go_match(pattern: str, name: str) -> bool:
    """filepath.Match for the simple globs the corpus uses (* and ? do not cross '/')."""
    rx = "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(rx, name) is not None


def add_template_flags(parser) -> None:
    """The `helm template` flags the oracle emulates (shared by oracle.py, run.py and compare-chart.py)."""
    parser.add_argument("-f", "--values", action="append", default=[])
    parser.add_argument("--set", action="append", default=[])
    parser.add_argument("--set-string", action="append", default=[])
    parser.add_argument("--set-json", action="append", default=[])
    parser.add_argument("--set-file", action="append", default=[])
    parser.add_argument("-n", "--namespace", default="default")
    parser.add_argument("--kube-version")
    parser.add_argument("-a", "--api-versions", action="append", default=[])
    parser.add_argument("--include-crds", action="store_true")
    parser.add_argument("--skip-tests", action="store_true")
    parser.add_argument("--no-hooks", action="store_true")
    parser.add_argument("--is-upgrade", action="store_true")
    parser.add_argument("-s", "--show-only", action="append", default=[])
    parser.add_argument("--output-dir")
    parser.add_argument("--release-name", action="store_true")


def template_with_flags(chart: str, flags, name: str, output_dir: str | None = None) -> str:
    """`template` with flags parsed by a parser from `add_template_flags` (paths relative to the cwd)."""
    vals = user_values([x for v in flags.values for x in v.split(",")], flags.set_json, flags.set,
                       flags.set_string, flags.set_file)
    return template(chart, vals, name=name, namespace=flags.namespace, kube_version=flags.kube_version,
                    api_versions=[x for v in flags.api_versions for x in v.split(",") if x],
                    include_crds=flags.include_crds, skip_tests=flags.skip_tests, no_hooks=flags.no_hooks,
                    is_upgrade=flags.is_upgrade, show_only=flags.show_only, output_dir=output_dir,
                    use_release_name=flags.release_name)


def main(argv=None) -> int:
    """`oracle.py CHART [--name N] [helm template flags]`: prints what `helm template` prints."""
    import argparse
    import sys
    parser = argparse.ArgumentParser(description="helm template, by Helm v4's own Go SDK")
    parser.add_argument("chart")
    parser.add_argument("--name", default="release-name")
    add_template_flags(parser)
    args = parser.parse_args(argv)
    try:
        out = template_with_flags(args.chart, args, args.name, args.output_dir)
    except Exception as error:  # Helm's errors come back as exceptions from the SDK
        print(f"Error: {error}", file=sys.stderr)
        return 1
    sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
