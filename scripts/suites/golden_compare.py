#!/usr/bin/env python3
"""Helpers of scripts/suites/golden.sh.

release HELM_OUTPUT RELEASE_YAML
    RELEASE_YAML must be a Namespace document followed by HELM_OUTPUT, byte for byte except on
    `image:` lines, whose references may only differ by the registry host/prefix (imageMirror).
structure FILE CRD_YAML
    Kinds kubernetes-validate has no schema for are checked here: each Spegel CR against the
    CRD's OpenAPI v3 schema (unknown fields rejected), each ServiceMonitor for its required fields.
"""
import re
import sys

import jsonschema
import yaml

IMAGE = re.compile(r'^(\s*(?:- )?image: )(["\']?)([^"\']+)\2\s*$')


def release(helm_path: str, release_path: str) -> int:
    helm = open(helm_path, encoding="utf-8").read()
    ours = open(release_path, encoding="utf-8").read()
    if not ours.startswith("---\n# Source: spegelctl/namespace.yaml\n"):
        print("release.yaml does not start with the Namespace document")
        return 1
    body = ours[ours.index("\n---\n", 4) + 1:]
    a, b = helm.split("\n"), body.split("\n")
    if len(a) != len(b):
        print(f"line counts differ: helm {len(a)}, release {len(b)}")
        return 1
    for n, (x, y) in enumerate(zip(a, b), 1):
        if x == y:
            continue
        mx, my = IMAGE.match(x), IMAGE.match(y)
        if not (mx and my and mx.group(1) == my.group(1) and mx.group(2) == my.group(2)):
            print(f"line {n} differs outside an image:\n  helm:    {x}\n  release: {y}")
            return 1
        src, dst = mx.group(3), my.group(3)
        tail = src.split("/", 1)[1] if "/" in src and ("." in src.split("/")[0] or ":" in src.split("/")[0]) else src
        tail = re.sub(r"^(library/)?", "", tail)
        if not dst.split("@")[0].split(":")[0].rstrip("/") or tail.split("@")[0] not in dst:
            print(f"line {n}: image {src} was rewritten to {dst}, which does not keep its path, tag and digest")
            return 1
    return 0


def strict(schema):
    """The OpenAPI schema as JSON schema with unknown fields rejected."""
    if isinstance(schema, dict):
        out = {k: strict(v) for k, v in schema.items() if not k.startswith("x-kubernetes")}
        if schema.get("type") == "object" and "properties" in schema and not schema.get("x-kubernetes-preserve-unknown-fields"):
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [strict(v) for v in schema]
    return schema


def structure(path: str, crd_path: str) -> int:
    crd = yaml.safe_load(open(crd_path, encoding="utf-8"))
    schema = strict(crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"])
    for doc in yaml.safe_load_all(open(path, encoding="utf-8")):
        if not isinstance(doc, dict):
            continue
        kind = doc.get("kind")
        if kind == "Spegel":
            if doc.get("apiVersion") != "charts.saturncloud.io/v1alpha1":
                print(f"{path}: Spegel has apiVersion {doc.get('apiVersion')}")
                return 1
            try:
                jsonschema.validate(doc, schema)
            except jsonschema.ValidationError as e:
                print(f"{path}: Spegel CR does not match the CRD: {e.message} at {list(e.absolute_path)}")
                return 1
        elif kind == "ServiceMonitor":
            md, spec = doc.get("metadata") or {}, doc.get("spec") or {}
            if not md.get("name") or not md.get("namespace") or not spec.get("endpoints") or not spec.get("selector"):
                print(f"{path}: ServiceMonitor lacks name, namespace, endpoints or selector")
                return 1
    return 0


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    sys.exit({"release": release, "structure": structure}[mode](*args))
