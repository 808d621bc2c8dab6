import GoTemplate

/// Helm's functions that would reach outside the chart, as `helm template` defines them:
/// `lookup` finds nothing (an empty map) without a cluster, and `getHostByName` returns ""
/// unless DNS lookups are enabled (`--enable-dns`, not supported here).
enum ClusterFunctions {
    static var all: [String: TemplateFunction] {
        [
            "lookup": { args in
                let arguments = try FunctionArguments("lookup", args, count: 4)
                for index in 0..<4 { _ = try arguments.string(index) }
                return .map([:])
            },
            "getHostByName": { args in
                _ = try FunctionArguments("getHostByName", args, count: 1).string(0)
                return .string("")
            },
        ]
    }
}
