// Go's `path` (and, on Linux, identical `path/filepath`) functions as Sprig exposes them.
import Foundation
import GoTemplate


enum PathFunctions {
    static var all: [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [:]
        for (plain, os) in [("base", "osBase"), ("dir", "osDir"), ("clean", "osClean"), ("ext", "osExt")] {
            let body: @Sendable (String) -> String
            switch plain {
            case "base": body = GoPath.base
            case "dir": body = GoPath.dir
            case "clean": body = GoPath.clean
            default: body = GoPath.ext
            }
            f[plain] = StringFunctions.stringToString(plain, body)
            f[os] = StringFunctions.stringToString(os, body)
        }
        for name in ["isAbs", "osIsAbs"] {
            f[name] = function(name) { a in
                try a.expect(1)
                return .bool(try a.string(0).hasPrefix("/"))
            }
        }
        return f
    }
}

/// Go's `path` package on slash-separated paths.
enum GoPath {
    /// `path.Clean`: the shortest equivalent path (`.`/`..` resolved, repeated slashes removed).
    static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `path.Base`: the last element, trailing slashes ignored.
    static func base(_ path: String) -> String {
        if path.isEmpty { return "." }
        var p = Substring(path)
        while p.count > 0 && p.hasSuffix("/") { p = p.dropLast() }
        if p.isEmpty { return "/" }
        if let slash = p.lastIndex(of: "/") { p = p[p.index(after: slash)...] }
        return p.isEmpty ? "/" : String(p)
    }

    /// `path.Dir`: all but the last element, cleaned.
    static func dir(_ path: String) -> String {
        let dir: Substring
        if let slash = path.lastIndex(of: "/") {
            dir = path[...slash]
        } else {
            dir = ""
        }
        return clean(String(dir))
    }

    /// `path.Ext`: the suffix from the last dot of the last element.
    static func ext(_ path: String) -> String {
        for (offset, c) in path.unicodeScalars.enumerated().reversed() {
            if c == "/" { return "" }
            if c == "." { return String(String.UnicodeScalarView(path.unicodeScalars.dropFirst(offset))) }
        }
        return ""
    }
}
