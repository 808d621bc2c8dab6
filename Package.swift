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
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),

        // -- dependencies: bundle --
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),

    ],
    targets: [
        // MARK: Engine

        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),

        .target(
            name: "GoTemplate",
            // The executor's state is confined to one execution; dynamic exclusivity checks cost ~30%.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
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
            name: "OCI",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // The OCI distribution API client (pull and push); OCI itself stays free of HTTP.
        .target(
            name: "RegistryClient",
            dependencies: [
                "OCI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),

        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),

        .target(
            name: "ImageBuilding",
            dependencies: ["OCI", "CZlib"]
        ),

        .target(
            name: "AirGapBundle",
            dependencies: ["OCI", "RegistryClient", "SpegelComponent", "HelmChart", "CZlib", "CZstd"]
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
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
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
            dependencies: [
                "OCI", "MirrorRegistry",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
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
                "SpegelComponent", "AirGapBundle", "OCI", "RegistryClient", "ImageBuilding",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // main.swift holds `@main`; with other files in the module it must be parsed as a library.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
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

        .target(
            name: "IntegrationSupport",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/IntegrationSupport"
        ),

        .testTarget(
            name: "ContainerdTests",
            dependencies: ["Containerd", "IntegrationSupport", "MirrorRegistry", "OCI", .product(name: "NIOCore", package: "swift-nio")]
        ),

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
            dependencies: ["HelmRendering", "HelmChart", "IntegrationSupport"]
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

        .testTarget(
            name: "HelmFunctionsCoreTests",
            dependencies: ["HelmFunctions", "GoTemplate"],
            exclude: ["Oracle"]
        ),

        .testTarget(
            name: "AirGapBundleTests",
            dependencies: ["AirGapBundle", "IntegrationSupport", "OCI", "SpegelComponent"]
        ),

        .testTarget(
            name: "OCITests",
            dependencies: ["OCI"]
        ),

        .testTarget(
            name: "RegistryClientTests",
            dependencies: [
                "RegistryClient", "IntegrationSupport", "OCI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        .testTarget(
            name: "ImageBuildingTests",
            dependencies: ["ImageBuilding", "OCI", "IntegrationSupport"]
        ),

        .testTarget(
            name: "MirrorRegistryTests",
            dependencies: ["MirrorRegistry", "OCI", "IntegrationSupport", .product(name: "NIOCore", package: "swift-nio")]
        ),

        .testTarget(
            name: "PeerRoutingTests",
            dependencies: ["PeerRouting", "MirrorRegistry", "OCI", "IntegrationSupport", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),

    ],
    swiftLanguageModes: [.v5]
)
