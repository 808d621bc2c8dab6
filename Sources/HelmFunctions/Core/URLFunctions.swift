// Sprig's `urlParse` and `urlJoin` (url.go) with Go's net/url parsing and escaping rules.
import Foundation
import GoTemplate


enum URLFunctions {
    static var all: [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [:]
        f["urlParse"] = function("urlParse") { a in
            try a.expect(1)
            let url: GoURL
            do {
                url = try GoURL.parse(try a.string(0))
            } catch let error as TemplateFunctionError {
                throw TemplateFunctionError("unable to parse url: \(error.message)")
            }
            return .map([
                "scheme": .string(url.scheme), "host": .string(url.host), "hostname": .string(url.hostname),
                "path": .string(url.path), "query": .string(url.rawQuery), "opaque": .string(url.opaque),
                "fragment": .string(url.fragment), "userinfo": .string(url.userinfo?.description ?? ""),
            ])
        }
        f["urlJoin"] = function("urlJoin") { a in
            try a.expect(1)
            let map = try a.map(0)
            func part(_ key: String) throws -> String {
                guard let value = map?[key] else { return "" }
                guard case .string(let s) = value else {
                    throw TemplateFunctionError(
                        "unable to parse \(key) key, must be of type string, but \(value.goTypeName) found")
                }
                return s
            }
            var url = GoURL()
            url.scheme = try part("scheme")
            url.host = try part("host")
            url.path = try part("path")
            url.rawQuery = try part("query")
            url.opaque = try part("opaque")
            url.fragment = try part("fragment")
            let userinfo = try part("userinfo")
            if !userinfo.isEmpty {
                do {
                    url.userinfo = try GoURL.parse("proto://\(userinfo)@host").userinfo
                } catch let error as TemplateFunctionError {
                    throw TemplateFunctionError("unable to parse userinfo in dict: \(error.message)")
                }
            }
            return .string(url.description)
        }
        return f
    }
}

/// The fields of Go's `url.URL` that Sprig reads and writes.
struct GoURL: CustomStringConvertible {
    struct UserInfo: CustomStringConvertible {
        var username: String
        var password: String?
        var description: String {
            var s = GoURL.escape(username, .userPassword)
            if let password { s += ":" + GoURL.escape(password, .userPassword) }
            return s
        }
    }

    var scheme = "", opaque = "", host = "", path = "", rawQuery = "", fragment = ""
    var userinfo: UserInfo?
    var forceQuery = false

    /// `Hostname()`: the host without port and IPv6 brackets.
    var hostname: String {
        var h = Substring(host)
        if h.hasPrefix("[") {
            if let close = h.firstIndex(of: "]") { return String(h[h.index(after: h.startIndex)..<close]) }
            return String(h.dropFirst())
        }
        if let colon = h.lastIndex(of: ":") { h = h[..<colon] }
        return String(h)
    }

    enum Mode { case path, host, userPassword, fragment, query }

    /// Go's `shouldEscape`.
    static func shouldEscape(_ c: UInt8, _ mode: Mode) -> Bool {
        if (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) { return false }
        if mode == .host {
            if "!$&'()*+,;=:[]<>\"".utf8.contains(c) { return false }
        }
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"): return false
        case UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "/"),
             UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "@"):
            switch mode {
            case .path: return c == UInt8(ascii: "?")
            case .userPassword: return c == UInt8(ascii: "@") || c == UInt8(ascii: "/") || c == UInt8(ascii: "?") || c == UInt8(ascii: ":")
            case .query: return true
            case .fragment: return false
            case .host: return true
            }
        default: break
        }
        if mode == .fragment && "!()*".utf8.contains(c) { return false }
        return true
    }

    static func escape(_ s: String, _ mode: Mode) -> String {
        var out: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        for c in s.utf8 {
            if shouldEscape(c, mode) {
                out += [UInt8(ascii: "%"), hex[Int(c >> 4)], hex[Int(c & 15)]]
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unescape(_ s: String, _ mode: Mode) throws -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        func hexValue(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: return b - 0x30
            case 0x41...0x46: return b - 0x41 + 10
            case 0x61...0x66: return b - 0x61 + 10
            default: return nil
            }
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) else {
                    let end = min(i + 3, bytes.count)
                    throw TemplateFunctionError("invalid URL escape \(GoFormat.quote(String(decoding: bytes[i..<end], as: UTF8.self)))")
                }
                out.append(h << 4 | l)
                i += 3
            } else {
                if mode == .host && bytes[i] >= 0x80 { }
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Go's `parseHost`: port digits checked, invalid host characters rejected, escapes decoded.
    static func parseHost(_ host: String) throws -> String {
        if !host.hasPrefix("["), let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            if !port.allSatisfy({ $0.isASCII && $0.isNumber }) {
                throw TemplateFunctionError("invalid port \(GoFormat.quote(String(host[colon...]))) after host")
            }
        }
        for b in host.utf8 where b < 0x80 && b != UInt8(ascii: "%") && shouldEscape(b, .host) {
            throw TemplateFunctionError("invalid character \(GoFormat.quote(String(UnicodeScalar(b)))) in host name")
        }
        return try unescape(host, .host)
    }

    /// `url.Parse`.
    static func parse(_ raw: String) throws -> GoURL {
        var url = GoURL()
        var rest = raw
        var frag: String?
        if let hash = raw.firstIndex(of: "#") {
            rest = String(raw[..<hash])
            frag = String(raw[raw.index(after: hash)...])
        }
        if rest.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw TemplateFunctionError("parse \(GoFormat.quote(raw)): net/url: invalid control character in URL")
        }
        do {
            try url.parseMain(rest)
        } catch let error as TemplateFunctionError {
            throw TemplateFunctionError("parse \(GoFormat.quote(rest)): \(error.message)")
        }
        do {
            if let frag { url.fragment = try unescape(frag, .fragment) }
        } catch let error as TemplateFunctionError {
            throw TemplateFunctionError("parse \(GoFormat.quote(raw)): \(error.message)")
        }
        return url
    }

    private mutating func parseMain(_ raw: String) throws {
        var rest = Substring(raw)
        if raw == "*" { path = "*"; return }
        // scheme
        for (offset, c) in raw.utf8.enumerated() {
            let isLetter = (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A)
            if isLetter { continue }
            if (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") {
                if offset == 0 { break }
                continue
            }
            if c == UInt8(ascii: ":") {
                if offset == 0 { throw TemplateFunctionError("missing protocol scheme") }
                scheme = String(raw.prefix(offset)).lowercased()
                rest = rest.dropFirst(offset + 1)
            }
            break
        }
        if rest.hasSuffix("?") && rest.filter({ $0 == "?" }).count == 1 {
            forceQuery = true
            rest = rest.dropLast()
        } else if let q = rest.firstIndex(of: "?") {
            rawQuery = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        if !rest.hasPrefix("/") {
            if !scheme.isEmpty {
                opaque = String(rest)
                return
            }
            let segment = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            if segment.contains(":") { throw TemplateFunctionError("first path segment in URL cannot contain colon") }
        }
        if (!scheme.isEmpty || !rest.hasPrefix("///")) && rest.hasPrefix("//") {
            var authority = rest.dropFirst(2)
            var remainder: Substring = ""
            if let slash = authority.firstIndex(of: "/") {
                remainder = authority[slash...]
                authority = authority[..<slash]
            }
            if let at = authority.lastIndex(of: "@") {
                let info = authority[..<at]
                let allowed = Set("-._:~!$&'()*+,;=%@".utf8)
                for b in info.utf8 where !((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || allowed.contains(b)) {
                    throw TemplateFunctionError("net/url: invalid userinfo")
                }
                if let colon = info.firstIndex(of: ":") {
                    userinfo = UserInfo(username: try Self.unescape(String(info[..<colon]), .userPassword),
                                        password: try Self.unescape(String(info[info.index(after: colon)...]), .userPassword))
                } else {
                    userinfo = UserInfo(username: try Self.unescape(String(info), .userPassword), password: nil)
                }
                authority = authority[authority.index(after: at)...]
            }
            host = try Self.parseHost(String(authority))
            rest = remainder
        }
        path = try Self.unescape(String(rest), .path)
    }

    /// `URL.String()`.
    var description: String {
        var out = ""
        if !scheme.isEmpty { out += scheme + ":" }
        if !opaque.isEmpty {
            out += opaque
        } else {
            if !scheme.isEmpty || !host.isEmpty || userinfo != nil {
                if !host.isEmpty || !path.isEmpty || userinfo != nil { out += "//" }
                if let userinfo { out += userinfo.description + "@" }
                if !host.isEmpty { out += Self.escape(host, .host) }
            }
            let escapedPath = path == "*" ? "*" : Self.escape(path, .path)
            if !escapedPath.isEmpty && !escapedPath.hasPrefix("/") && !host.isEmpty { out += "/" }
            if out.isEmpty {
                let segment = escapedPath.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                if segment.contains(":") { out += "./" }
            }
            out += escapedPath
        }
        if forceQuery || !rawQuery.isEmpty { out += "?" + rawQuery }
        if !fragment.isEmpty { out += "#" + Self.escape(fragment, .fragment) }
        return out
    }
}
