/// Renders `/debug/web/`: node, peers, advertised content, recent requests and the hit ratio.
enum DebugPage {
    struct Model {
        var node: String
        var peers: [PeerAddress]
        var images: [StoredImage]
        var digests: [Digest]
        var requests: [RequestRecord]
        var hits: Int
        var misses: Int
        var containerdConfig: ContainerdConfigMonitor.Status = .unchecked
        var router: RouterStatistics?
        var peerTally: [PeerTally.Entry] = []
        /// Peers caught serving wrong bytes, skipped for now.
        var penalized: [PeerAddress] = []
    }

    static func render(_ model: Model) -> String {
        let total = model.hits + model.misses
        let ratio = total == 0 ? "n/a" : String(format: "%.1f%%", Double(model.hits) * 100 / Double(total))
        var html = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>spegel \(escape(model.node))</title>
        <style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}code{font-size:90%}</style>
        </head><body>
        <h1>spegel on \(escape(model.node))</h1>
        \(containerdSection(model.containerdConfig))
        <h2>Hit ratio</h2><p id="hit-ratio">\(ratio) (\(model.hits) hits, \(model.misses) misses)</p>
        <h2>Peers (\(model.peers.count))</h2><ul id="peers">
        """
        for peer in model.peers { html += "<li>\(escape(peer.description))</li>" }
        html += "</ul>\n"
        if let router = model.router {
            html += "<h2>Router</h2><p id=\"router\">\(router.lookups) lookups, \(router.lookupRequests) lookup requests, "
                + "\(router.messagesSent) messages sent, \(router.messagesFailed) failed, \(router.membershipChanges) membership changes</p>\n"
        }
        html += "<h2>Answers from peers</h2><table id=\"peer-tally\"><tr><th>peer</th><th>hits</th><th>not found</th><th>failures</th></tr>"
        for entry in model.peerTally {
            html += "<tr><td>\(escape(entry.peer.description))</td><td>\(entry.hits)</td><td>\(entry.notFound)</td><td>\(entry.failures)</td></tr>"
        }
        html += "</table>\n<h2>Skipped for serving wrong bytes (\(model.penalized.count))</h2><ul id=\"penalized\">"
        for peer in model.penalized { html += "<li>\(escape(peer.description))</li>" }
        html += "</ul>\n<h2>Advertised images (\(model.images.count))</h2><table id=\"images\"><tr><th>reference</th><th>digest</th></tr>"
        for image in model.images {
            html += "<tr><td>\(escape(image.reference.description))</td><td><code>\(image.digest)</code></td></tr>"
        }
        html += "</table>\n<h2>Advertised digests (\(model.digests.count))</h2><details><summary>show</summary><ul id=\"digests\">"
        for digest in model.digests { html += "<li><code>\(digest)</code></li>" }
        html += "</ul></details>\n<h2>Recent requests</h2><table id=\"requests\"><tr><th>time</th><th>method</th><th>request</th><th>status</th><th>result</th><th>from</th><th>latency</th></tr>"
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for record in model.requests {
            let milliseconds = Double(record.duration.components.seconds) * 1000 + Double(record.duration.components.attoseconds) / 1e15
            html += "<tr><td>\(formatter.string(from: record.time))</td><td>\(record.method)</td><td>\(escape(record.subject))</td>"
            html += "<td>\(record.status)</td><td>\(record.outcome.rawValue)</td><td>\(record.fromPeer ? "peer" : "containerd")</td>"
            html += "<td>\(String(format: "%.2f ms", milliseconds))</td></tr>"
        }
        html += "</table>\n</body></html>\n"
        return html
    }

    static func containerdSection(_ status: ContainerdConfigMonitor.Status) -> String {
        switch status {
        case .unchecked:
            return "<h2>containerd</h2><p id=\"containerd-config\">not checked</p>"
        case .ok:
            return "<h2>containerd</h2><p id=\"containerd-config\">configured to use the mirror</p>"
        case .misconfigured(let problems):
            return "<h2>containerd: misconfigured</h2><ul id=\"containerd-config\" style=\"color:#b00\">"
                + problems.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
