import Testing
import OCI

@Suite struct ImageReferenceTests {
    @Test(arguments: [
        ("busybox:1.36", "docker.io/library/busybox:1.36"),
        ("nginx", "docker.io/library/nginx:latest"),
        ("library/nginx", "docker.io/library/nginx:latest"),
        ("index.docker.io/nginx:1", "docker.io/library/nginx:1"),
        ("docker.io/bitnami/redis:7", "docker.io/bitnami/redis:7"),
        ("ghcr.io/saturncloud/spegel:v1", "ghcr.io/saturncloud/spegel:v1"),
        ("localhost/app", "localhost/app:latest"),
        ("localhost:5000/a/b:t", "localhost:5000/a/b:t"),
        ("Registry/app:1", "Registry/app:1"),
        ("foo/bar", "docker.io/foo/bar:latest"),
        ("reg.io:443/x/y_z.w--q:t-1.0_a", "reg.io:443/x/y_z.w--q:t-1.0_a"),
    ])
    func normalises(input: String, expected: String) throws {
        #expect(try ImageReference(parsing: input).description == expected)
    }

    @Test func keepsTagAndDigest() throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let ref = try ImageReference(parsing: "quay.io/a/b:v1@" + digest)
        #expect(ref.registry == "quay.io")
        #expect(ref.repository == "a/b")
        #expect(ref.tag == "v1")
        #expect(ref.digest == digest)
        #expect(ref.description == "quay.io/a/b:v1@" + digest)
        let digestOnly = try ImageReference(parsing: "alpine@" + digest)
        #expect(digestOnly.description == "docker.io/library/alpine@" + digest)
    }

    @Test(arguments: ["", "UPPER", "a//b", "a/b:", "a/b:-x", "a@sha256:abc", "ghcr.io/a/B", "a/b@sha256:" + String(repeating: "A", count: 64), "a_/b"])
    func rejects(input: String) {
        #expect(throws: ImageReferenceError.self) { try ImageReference(parsing: input) }
    }

    @Test func mirrorsUnderAHostAndPrefix() throws {
        let mirror = "harbor.corp.example/mirror"
        #expect(try ImageReference(parsing: "ghcr.io/saturncloud/spegel:v1").mirrored(to: mirror).description
                == "harbor.corp.example/mirror/saturncloud/spegel:v1")
        #expect(try ImageReference(parsing: "busybox:1.36").mirrored(to: mirror).description
                == "harbor.corp.example/mirror/library/busybox:1.36")
        #expect(try ImageReference(parsing: "busybox").mirrored(to: "reg.local:5000").description
                == "reg.local:5000/library/busybox:latest")
        let already = try ImageReference(parsing: "harbor.corp.example/mirror/library/busybox:1.36")
        #expect(already.mirrored(to: mirror) == already)
        #expect(already.mirrored(to: mirror + "/") == already)
        #expect(try ImageReference(parsing: "harbor.corp.example/mirrorx/a:1").isUnder(mirror: mirror) == false)
    }
}
