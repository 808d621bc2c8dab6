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
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),

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
            name: "OCI"
        ),

        .target(
            name: "AirGapBundle",
            dependencies: ["OCI", "SpegelComponent"]
        ),

        // MARK: Daemon

        .target(
            name: "MirrorRegistry",
            dependencies: ["OCI"]
        ),

        .target(
            name: "Containerd",
            dependencies: [
                "OCI", "MirrorRegistry",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["Generated/README.md"]
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
                "MirrorRegistry", "Containerd", "ContainerdPrep", "OCI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Tests

        .target(
            name: "IntegrationSupport",
            path: "Tests/IntegrationSupport"
        ),

        .testTarget(
            name: "ContainerdTests",
            dependencies: ["Containerd", "IntegrationSupport"]
        ),

        .testTarget(
            name: "GoTemplateTests",
            dependencies: ["GoTemplate"]
        ),

    ],
    swiftLanguageModes: [.v5]
)
