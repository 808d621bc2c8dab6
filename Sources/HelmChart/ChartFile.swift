// The HelmChart module: charts loaded as Helm v4 loads them (pkg/chart/v2/loader), their values
// coalesced as Helm's chartutil does, dependencies processed as ProcessDependencies does.
@_exported import Foundation
@_exported import GoTemplate

/// One file of a chart, named by its path relative to the chart root with `/` separators.
public struct ChartFile: Sendable, Equatable {
    /// The path relative to the chart directory, e.g. `templates/deployment.yaml`.
    public var name: String
    /// The raw bytes (a leading UTF-8 byte order mark removed, as Helm does).
    public var data: [UInt8]

    public init(name: String, data: [UInt8]) {
        self.name = name
        self.data = data
    }

    /// The contents decoded as UTF-8 (invalid sequences replaced, as Go's string conversion prints them).
    public var text: String { GoBytes.string(data) }
}

/// An error loading or processing a chart; `description` is the message Helm prints after `Error: `.
public struct ChartError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
