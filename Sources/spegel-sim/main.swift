import Foundation

// spegel-sim: the real DHT logic (`RoutingNode`) on an in-process transport with a simulated clock.
// Usage: spegel-sim [--nodes N] [--keys K] [--keys-per-node k] [--replication R] [--minutes M]
//                   [--churn F] [--ttl SECONDS] [--membership-interval SECONDS] [--lookups-per-second L] [--seed S]

var parameters = SimulationParameters()
var arguments = Array(CommandLine.arguments.dropFirst())
func value(_ flag: String) -> String {
    guard !arguments.isEmpty else {
        FileHandle.standardError.write(Data("spegel-sim: \(flag) needs a value\n".utf8))
        exit(2)
    }
    return arguments.removeFirst()
}
while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    let text = value(flag)
    let number = Double(text)
    guard let number else {
        FileHandle.standardError.write(Data("spegel-sim: \(flag) \"\(text)\" is not a number\n".utf8))
        exit(2)
    }
    switch flag {
    case "--nodes": parameters.nodes = Int(number)
    case "--keys": parameters.keys = Int(number)
    case "--keys-per-node": parameters.keysPerNode = Int(number)
    case "--replication": parameters.replication = Int(number)
    case "--minutes": parameters.minutes = Int(number)
    case "--churn": parameters.churnPerMinute = number
    case "--ttl": parameters.ttl = number
    case "--membership-interval": parameters.membershipInterval = number
    case "--lookups-per-second": parameters.lookupsPerSecond = Int(number)
    case "--seed": parameters.seed = UInt64(number)
    default:
        FileHandle.standardError.write(Data("spegel-sim: unknown flag \(flag)\n".utf8))
        exit(2)
    }
}

let result = Simulation(parameters).run(progress: true)
let p = parameters
print("nodes=\(p.nodes) keys=\(p.keys) keysPerNode=\(p.keysPerNode) R=\(p.replication) minutes=\(p.minutes) churn=\(p.churnPerMinute)/min ttl=\(Int(p.ttl))s membershipInterval=\(Int(p.membershipInterval))s")
print(String(format: "lookups=%d success=%.4f%% requestsPerLookup=%.3f failedRequests=%d staleProviders=%d",
             result.lookups, result.successRate * 100, result.requestsPerLookup, result.failedLookupRequests, result.staleProvidersReturned))
print(String(format: "advertiseMessagesPerNodeMinute=%.1f advertisedKeysPerNodeMinute=%.1f", result.messagesPerNodeMinute, result.keysPerNodeMinute))
print(String(format: "recordsPerNode avg=%.0f max=%d recordArrayBytesPerNode=%.0f providedKeysPerNode=%.0f residentBytesPerNode=%.0f placements=%d wallSeconds=%.1f",
             result.recordsPerNode.average, result.recordsPerNode.maximum, result.recordBytesPerNode, result.providedPerNode, result.residentBytesPerNode,
             result.placementsBuilt, result.seconds))
