#!/usr/bin/env python3
"""Lays out the same blobs for the three servers of the benchmark.

  <work>/layout/            OCI image layout served by `spegel registry --store oci-layout:...`
  <work>/distribution/      docker-registry filesystem storage (repository "bench")
  <work>/nginx/v2/bench/blobs/sha256:<hex>   files nginx serves at the same URL paths

Prints `name digest size` for each blob.
"""
import hashlib, json, os, sys

work = sys.argv[1]
sizes = {"50mb": 50 * 1024 * 1024, "1mb": 1024 * 1024}

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)

blobs = {}
for name, size in sizes.items():
    data = os.urandom(size)
    blobs[name] = (hashlib.sha256(data).hexdigest(), data)

config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}, sort_keys=True).encode()
config_hex = hashlib.sha256(config).hexdigest()
manifest = json.dumps({
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + config_hex, "size": len(config)},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:" + h, "size": len(d)} for h, d in blobs.values()],
}, sort_keys=True).encode()
manifest_hex = hashlib.sha256(manifest).hexdigest()

everything = {h: d for h, d in blobs.values()}
everything[config_hex] = config
everything[manifest_hex] = manifest

# OCI layout
write(f"{work}/layout/oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
write(f"{work}/layout/index.json", json.dumps({"schemaVersion": 2, "manifests": [{
    "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + manifest_hex, "size": len(manifest),
    "annotations": {"org.opencontainers.image.ref.name": "docker.io/library/bench:1"}}]}).encode())
for h, d in everything.items():
    write(f"{work}/layout/blobs/sha256/{h}", d)

# docker-registry filesystem storage: blob data plus the repository's layer links
root = f"{work}/distribution/docker/registry/v2"
for h, d in everything.items():
    write(f"{root}/blobs/sha256/{h[:2]}/{h}/data", d)
    write(f"{root}/repositories/library/bench/_layers/sha256/{h}/link", ("sha256:" + h).encode())

# nginx: the same URL paths as plain files
for h, d in everything.items():
    write(f"{work}/nginx/v2/library/bench/blobs/sha256:{h}", d)

for name, (h, d) in blobs.items():
    print(name, "sha256:" + h, len(d))
