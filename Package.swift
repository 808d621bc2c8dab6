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

        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),

        .target(
            name: "HelmChart",
            dependencies: ["GoTemplate", "GoYAML", "CZlib"]
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
                "MirrorRegistry", "Containerd", "ContainerdPrep", "OCI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Tests

        .testTarget(
            name: "HelmChartTests",
            dependencies: ["HelmChart"]
        ),

        .testTarget(
            name: "HelmRenderingTests",
            dependencies: ["HelmRendering", "HelmChart"]
        ),

        .testTarget(
            name: "GoTemplateTests",
            dependencies: ["GoTemplate"]
        ),

        .testTarget(
            name: "GoYAMLTests",
            dependencies: ["GoYAML", "GoTemplate"],
            resources: [.copy("Fixtures")]
        ),

    ],
    swiftLanguageModes: [.v5]
)
