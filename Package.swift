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
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),

        // -- dependencies: daemon --
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),

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
            dependencies: [
                "GoTemplate", "GoYAML",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
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
            dependencies: ["GoTemplate", "GoYAML", "HelmChart", "HelmRendering", "OCI", "CLibYAML"],
            plugins: ["EmbedTemplates"]
        ),

        .executableTarget(
            name: "EmbedTemplatesTool",
            path: "Sources/EmbedTemplatesTool"
        ),

        .plugin(
            name: "EmbedTemplates",
            capability: .buildTool(),
            dependencies: ["EmbedTemplatesTool"]
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
            name: "ContainerdPrep",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // MARK: Executables

        .executableTarget(
            name: "spegelctl",
            dependencies: [
                "GoTemplate", "GoYAML", "HelmFunctions", "HelmChart", "HelmRendering",
                "SpegelComponent", "AirGapBundle", "OCI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // main.swift holds `@main`; with other files in the module it must be parsed as a library.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
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
            name: "HelmFunctionsCryptoTests",
            dependencies: [
                "HelmFunctions", "GoTemplate",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),

        .testTarget(
            name: "ContainerdPrepTests",
            dependencies: ["ContainerdPrep", .product(name: "TOMLKit", package: "TOMLKit")],
            exclude: ["Fixtures"]
        ),

        .testTarget(
            name: "SpegelComponentTests",
            dependencies: ["SpegelComponent", "OCI", "GoTemplate"]
        ),

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
            name: "HelmFunctionsCoreTests",
            dependencies: ["HelmFunctions", "GoTemplate"],
            exclude: ["Oracle"]
        ),

    ],
    swiftLanguageModes: [.v5]
)
