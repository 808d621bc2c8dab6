#!/usr/bin/env python3
"""Writes the image set of the bundle benchmark as one OCI image layout.

    prepare.py DIR IMAGES LAYERS LAYER_MB

IMAGES images, each with LAYERS layers of LAYER_MB MiB: a gzip'd tar holding one file of pseudo-random
bytes (seeded by image and layer index, so every run writes the same bytes; incompressible, so gzip
stores them and the blob is a little larger than LAYER_MB). The gzip is a real one (stored blocks,
mtime 0): skopeo would recompress layers it does not recognise as compressed. Tags are bench-0 …
bench-(IMAGES-1). Prints "TAG MANIFEST_DIGEST TOTAL_BYTES" per image.
"""
import gzip
import hashlib
import io
import json
import os
import random
import sys
import tarfile

CHUNK = 4 << 20


def store(blobs, data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as out:
        out.write(data)
    return "sha256:" + digest, len(data)


def write_layer(blobs, seed, size):
    """A gzip'd tar with one file of `size` pseudo-random bytes; returns (digest, size, diff_id)."""
    generator = random.Random(seed)
    tmp = os.path.join(blobs, "layer.tmp")
    compressed, uncompressed = hashlib.sha256(), hashlib.sha256()

    class Tee(io.RawIOBase):
        """Hashes the tar stream on its way into gzip."""
        def __init__(self, sink):
            self.sink = sink
        def writable(self):
            return True
        def write(self, data):
            uncompressed.update(data)
            self.sink.write(data)
            return len(data)

    class Hashing(io.RawIOBase):
        def __init__(self, file):
            self.file = file
        def writable(self):
            return True
        def write(self, data):
            compressed.update(data)
            self.file.write(data)
            return len(data)

    class Random(io.RawIOBase):
        def __init__(self, remaining):
            self.remaining = remaining
        def readable(self):
            return True
        def readinto(self, buffer):
            count = min(len(buffer), self.remaining, CHUNK)
            if count == 0:
                return 0
            buffer[:count] = generator.randbytes(count)
            self.remaining -= count
            return count

    with open(tmp, "wb") as file:
        hashing = Hashing(file)
        with gzip.GzipFile(fileobj=hashing, mode="wb", compresslevel=0, mtime=0, filename="") as zipped:
            with tarfile.open(fileobj=Tee(zipped), mode="w|", format=tarfile.PAX_FORMAT) as tar:
                info = tarfile.TarInfo(f"data/{seed}.bin")
                info.size, info.mtime, info.mode = size, 0, 0o644
                tar.addfile(info, io.BufferedReader(Random(size), CHUNK))
    digest = "sha256:" + compressed.hexdigest()
    length = os.path.getsize(tmp)
    os.rename(tmp, os.path.join(blobs, digest[7:]))
    return digest, length, "sha256:" + uncompressed.hexdigest()


def main():
    directory, images, layers, layer_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    blobs = os.path.join(directory, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    index = []
    for image in range(images):
        descriptors, diff_ids = [], []
        for layer in range(layers):
            digest, size, diff_id = write_layer(blobs, f"bench-{image}-{layer}", layer_mb << 20)
            descriptors.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest, "size": size})
            diff_ids.append(diff_id)
        config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Entrypoint": ["/bin/true"]},
                             "rootfs": {"type": "layers", "diff_ids": diff_ids}}, separators=(",", ":")).encode()
        config_digest, config_size = store(blobs, config)
        manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                               "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                          "digest": config_digest, "size": config_size},
                               "layers": descriptors}, separators=(",", ":")).encode()
        manifest_digest, manifest_size = store(blobs, manifest)
        tag = f"bench-{image}"
        index.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest,
                      "size": manifest_size, "annotations": {"org.opencontainers.image.ref.name": tag}})
        total = sum(d["size"] for d in descriptors) + config_size + manifest_size
        print(tag, manifest_digest, total, flush=True)
    with open(os.path.join(directory, "oci-layout"), "w") as out:
        out.write('{"imageLayoutVersion":"1.0.0"}')
    with open(os.path.join(directory, "index.json"), "w") as out:
        json.dump({"schemaVersion": 2, "manifests": index}, out, separators=(",", ":"))


if __name__ == "__main__":
    main()
