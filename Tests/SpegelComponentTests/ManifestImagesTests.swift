import Testing
@testable import SpegelComponent

@Suite struct ManifestImagesTests {
    static let manifests = """
    ---
    # Source: x/templates/a.yaml
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: ds   # café ☕ keeps its bytes
    spec:
      template:
        spec:
          initContainers:
            - name: init
              image: "ghcr.io/saturncloud/spegel:v1"
          containers:
            - name: main
              image: busybox:1.36
              args: ["image: not-me:1"]
    ---
    apiVersion: batch/v1
    kind: CronJob
    metadata: {name: cj}
    spec:
      jobTemplate:
        spec:
          template:
            spec:
              containers:
              - name: c
                image: 'quay.io/x/y@sha256:\(String(repeating: "0", count: 64))'
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: p
    spec:
      ephemeralContainers:
        - name: debug
          image: harbor.corp.example/mirror/library/alpine:3
      containers:
        - {name: c, image: nginx}
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: cm
    data:
      image: "ignored:1"

    """

    @Test func findsImagesOfEveryWorkloadKind() throws {
        let found = try ManifestImages.occurrences(in: Self.manifests)
        #expect(found.map(\.written) == [
            "ghcr.io/saturncloud/spegel:v1", "busybox:1.36",
            "quay.io/x/y@sha256:" + String(repeating: "0", count: 64),
            "nginx", "harbor.corp.example/mirror/library/alpine:3",
        ])
        #expect(found[0].object == "DaemonSet/ds")
        #expect(found[0].keyPath == "spec.template.spec.initContainers[0].image")
        #expect(found[2].keyPath == "spec.jobTemplate.spec.template.spec.containers[0].image")
    }

    @Test func rewritesOnlyTheImageScalars() throws {
        let (text, mapping) = try ManifestImages.rewrite(Self.manifests, mirror: "harbor.corp.example/mirror")
        let expected = Self.manifests
            .replacingOccurrences(of: "\"ghcr.io/saturncloud/spegel:v1\"", with: "\"harbor.corp.example/mirror/saturncloud/spegel:v1\"")
            .replacingOccurrences(of: "image: busybox:1.36", with: "image: harbor.corp.example/mirror/library/busybox:1.36")
            .replacingOccurrences(of: "'quay.io/x/y@", with: "'harbor.corp.example/mirror/x/y@")
            .replacingOccurrences(of: "image: nginx}", with: "image: harbor.corp.example/mirror/library/nginx:latest}")
        #expect(text == expected)
        #expect(mapping["docker.io/library/busybox:1.36"] == "harbor.corp.example/mirror/library/busybox:1.36")
        #expect(mapping.count == 4)
    }

    @Test func collidingSourcesAreAnError() {
        let text = """
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - {name: a, image: ghcr.io/team/app:1}
            - {name: b, image: quay.io/team/app:1}
        """
        #expect(throws: ManifestImageError.collision(
            target: "m.example/team/app:1", first: "ghcr.io/team/app:1", second: "quay.io/team/app:1")) {
            try ManifestImages.rewrite(text, mirror: "m.example")
        }
    }

    @Test func invalidImagesNameTheirObjectAndPath() {
        let text = "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: Bad/Name}\n"
        #expect {
            try ManifestImages.rewrite(text, mirror: "m.example")
        } throws: { error in
            "\(error)".hasPrefix("Pod/p: spec.containers[0].image: invalid image reference \"Bad/Name\"")
        }
    }

    @Test func listsNormalisedReferences() throws {
        #expect(try ManifestImages.references(in: Self.manifests) == [
            "docker.io/library/busybox:1.36", "docker.io/library/nginx:latest",
            "ghcr.io/saturncloud/spegel:v1", "harbor.corp.example/mirror/library/alpine:3",
            "quay.io/x/y@sha256:" + String(repeating: "0", count: 64),
        ])
    }
}
