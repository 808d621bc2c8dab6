// swift-tools-version: 6.1
// The spegel component: a Helm-compatible renderer (`spegelctl`) and the node mirror daemon (`spegel`).
// Module layout and seams: docs/ARCHITECTURE.md.
import PackageDescription

let package = Package(
    name: "spegel-component",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "spegelctl", targets: ["spegelctl"]),
        .executable(name: "spegel", targets: ["spegel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // -- dependencies: engine --

        // -- dependencies: daemon --
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),

        // -- dependencies: bundle --

    ],
    targets: [
        // MARK: Engine

        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),

        .target(
            name: "GoTemplate"
        ),

        .target(
            name: "GoYAML",
            dependencies: ["CLibYAML", "GoTemplate"]
        ),

        .target(
            name: "HelmFunctions",
            dependencies: ["GoTemplate", "GoYAML"]
        ),

        .target(
            name: "HelmChart",
            dependencies: ["GoTemplate", "GoYAML"]
        ),

        .target(
            name: "HelmRendering",
            dependencies: ["GoTemplate", "GoYAML", "HelmFunctions", "HelmChart"]
        ),

        // MARK: Component

        .target(
            name: "SpegelComponent",
            dependencies: ["GoTemplate", "GoYAML", "HelmChart", "HelmRendering"],
            resources: [.copy("Chart")]
        ),

        // MARK: OCI and bundles

        .target(
            name: "OCI",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        .target(
            name: "AirGapBundle",
            dependencies: ["OCI", "SpegelComponent"]
        ),

        // MARK: Daemon

        .target(
            name: "MirrorRegistry",
            dependencies: [
                "OCI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        .target(
            name: "PeerRouting",
            dependencies: [
                "MirrorRegistry", "OCI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The routing logic runs 10^9 hash steps in spegel-sim; optimize it even in debug builds.
            swiftSettings: [.unsafeFlags(["-O"])]
        ),

        .target(
            name: "Containerd",
            dependencies: ["OCI", "MirrorRegistry"]
        ),

        .target(
            name: "ContainerdPrep"
        ),

        // MARK: Executables

        .executableTarget(
            name: "spegelctl",
            dependencies: [
                "GoTemplate", "GoYAML", "HelmFunctions", "HelmChart", "HelmRendering",
                "SpegelComponent", "AirGapBundle", "OCI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .executableTarget(
            name: "spegel",
            dependencies: [
                "MirrorRegistry", "Containerd", "ContainerdPrep", "OCI", "PeerRouting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // main.swift holds an @main type; without this, Swift treats main.swift as top-level code.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),

        .executableTarget(
            name: "spegel-sim",
            dependencies: ["PeerRouting", "MirrorRegistry"],
            swiftSettings: [.unsafeFlags(["-O"])]
        ),

        // MARK: Tests

        .testTarget(
            name: "GoTemplateTests",
            dependencies: ["GoTemplate"]
        ),

        .testTarget(
            name: "OCITests",
            dependencies: ["OCI"]
        ),

        .testTarget(
            name: "MirrorRegistryTests",
            dependencies: ["MirrorRegistry", "OCI", .product(name: "NIOCore", package: "swift-nio")]
        ),

        .testTarget(
            name: "PeerRoutingTests",
            dependencies: ["PeerRouting", "MirrorRegistry", "OCI", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),

    ],
    swiftLanguageModes: [.v5]
)
