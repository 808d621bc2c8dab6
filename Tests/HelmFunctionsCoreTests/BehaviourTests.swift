// Behaviour that a single printed result cannot show: shared map mutation, object methods,
// deterministic key order, randomness and argument checking.
import Testing
@testable import HelmFunctions
import GoTemplate

private func call(_ name: String, _ arguments: [TemplateValue]) throws -> TemplateValue {
    try SprigCoreFunctions.all[name]!(arguments)
}

@Suite("Maps are shared references, as in Go")
struct MapReferenceTests {
    @Test func setChangesTheMapEveryHolderSees() throws {
        let shared = GoMap(["a": .int(1)])
        let context: TemplateValue = .map(["ctx": .map(shared)])
        _ = try call("set", [.map(shared), .string("b"), .int(2)])
        guard case .map(let outer) = context, case .map(let inner)? = outer["ctx"] else {
            Issue.record("context lost its map")
            return
        }
        #expect(inner["b"].map(GoFormat.value) == "2")
        #expect(inner === shared)
    }

    @Test func setReturnsTheSameMap() throws {
        let m = GoMap()
        guard case .map(let returned) = try call("set", [.map(m), .string("k"), .string("v")]) else {
            Issue.record("set did not return a map")
            return
        }
        #expect(returned === m)
    }

    @Test func unsetRemovesInPlace() throws {
        let m = GoMap(["a": .int(1), "b": .int(2)])
        _ = try call("unset", [.map(m), .string("a")])
        #expect(m.sortedKeys == ["b"])
    }

    @Test func mergeFillsTheDestinationInPlace() throws {
        let destination = GoMap(["a": .int(1), "nested": .map(["x": .int(1)])])
        let source = GoMap(["a": .int(9), "b": .int(2), "nested": .map(["y": .int(2)])])
        _ = try call("merge", [.map(destination), .map(source)])
        #expect(GoFormat.value(.map(destination)) == "map[a:1 b:2 nested:map[x:1 y:2]]")
    }

    @Test func mergeOverwriteReplacesInPlace() throws {
        let destination = GoMap(["a": .int(1), "keep": .string("k")])
        _ = try call("mergeOverwrite", [.map(destination), .map(["a": .int(9)])])
        #expect(GoFormat.value(.map(destination)) == "map[a:9 keep:k]")
    }

    @Test func deepCopyIsIndependent() throws {
        let original = GoMap(["n": .map(["x": .int(1)])])
        guard case .map(let copy) = try call("deepCopy", [.map(original)]),
              case .map(let nestedCopy)? = copy["n"] else {
            Issue.record("deepCopy did not return a map")
            return
        }
        nestedCopy.set("x", .int(2))
        #expect(GoFormat.value(.map(original)) == "map[n:map[x:1]]")
    }

    @Test func setOnNilMapFailsAsGo() {
        #expect(throws: TemplateFunctionError.self) { try call("set", [.null, .string("k"), .int(1)]) }
    }
}

@Suite("Deterministic order where Go's is random")
struct OrderTests {
    @Test func keysAreSortedWithinEachMap() throws {
        let keys = try call("keys", [.map(["b": .int(1), "a": .int(2)]), .map(["c": .int(3), "a": .int(4)])])
        #expect(GoFormat.value(keys) == "[a b a c]")
    }

    @Test func valuesFollowSortedKeys() throws {
        #expect(GoFormat.value(try call("values", [.map(["b": .int(1), "a": .int(2)])])) == "[2 1]")
    }

    @Test func shuffleKeepsTheCharacters() throws {
        let shuffled = try call("shuffle", [.string("abcdef")])
        #expect(shuffled.stringValue.map { String($0.sorted()) } == "abcdef")
    }
}

@Suite("semver objects")
struct SemverObjectTests {
    @Test func methodsMatchHelm() throws {
        guard case .object(let object) = try call("semver", [.string("v1.2.3-beta.1+m")]) else {
            Issue.record("semver did not return an object")
            return
        }
        #expect(object.goTypeName == "*semver.Version")
        #expect(object.goKind == "ptr")
        #expect(object.goDescription == "1.2.3-beta.1+m")
        #expect(try object.callMethod("Major", arguments: []).map(GoFormat.value) == "1")
        #expect(try object.callMethod("Minor", arguments: []).map(GoFormat.value) == "2")
        #expect(try object.callMethod("Patch", arguments: []).map(GoFormat.value) == "3")
        #expect(try object.callMethod("Prerelease", arguments: []).map(GoFormat.value) == "beta.1")
        #expect(try object.callMethod("Metadata", arguments: []).map(GoFormat.value) == "m")
        #expect(try object.callMethod("Original", arguments: []).map(GoFormat.value) == "v1.2.3-beta.1+m")
        let patched = try object.callMethod("IncPatch", arguments: [])
        #expect(patched?.goTypeName == "semver.Version")
        #expect(patched.map(GoFormat.value) == "1.2.3")
    }

    @Test func compareTakesAnotherVersion() throws {
        let a = try call("semver", [.string("1.2.3")]), b = try call("semver", [.string("1.2.4")])
        guard case .object(let object) = a else { return }
        #expect(try object.callMethod("Compare", arguments: [b]).map(GoFormat.value) == "-1")
        #expect(try object.callMethod("LessThan", arguments: [b]).map(GoFormat.value) == "true")
    }
}

@Suite("Arguments are checked like Go's")
struct ArgumentTests {
    @Test func wrongCountIsReported() {
        do {
            _ = try call("trunc", [.string("x")])
            Issue.record("trunc accepted one argument")
        } catch {
            #expect("\(error)" == "wrong number of args for trunc: want 2 got 1")
        }
    }

    @Test func wrongTypeIsReported() {
        do {
            _ = try call("upper", [.int(3)])
            Issue.record("upper accepted an int")
        } catch {
            #expect("\(error)" == "wrong type for value; expected string; got int")
        }
    }

    @Test func pipedValueComesLast() throws {
        #expect(try call("trunc", [.int(5), .string("hello world")]).stringValue == "hello")
    }

    @Test func registryHasEveryFamily() {
        let names = ["trunc", "toString", "add", "list", "dict", "regexMatch", "base", "urlParse", "semver",
                     "required", "fail", "lookup", "mustMerge", "sortAlpha", "camelcase", "b32dec"]
        for name in names { #expect(SprigCoreFunctions.all[name] != nil, "missing \(name)") }
        #expect(SprigCoreFunctions.all["env"] == nil)
    }
}
