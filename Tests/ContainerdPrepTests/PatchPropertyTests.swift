import Foundation
import Testing
@testable import ContainerdPrep

/// Properties every accepted fixture must have: idempotence, a result that parses (checked by
/// TOMLKit, an independent parser), and no change apart from the two keys.
@Suite struct PatchPropertyTests {
    /// Fixtures the patcher accepts, with their inputs.
    static let acceptedFixtures: [String] = fixtureNames.filter { name in
        guard let fixture = try? Fixture(name) else { return false }
        let outcome = ContainerdPrep.apply(
            fixture.request, fileSystem: MemoryFileSystem(files: fixture.files), restartRunner: CountingRestartRunner())
        return outcome.exitStatus == 0
    }

    @Test(arguments: acceptedFixtures)
    func applyingTwiceEqualsApplyingOnce(name: String) throws {
        let fixture = try Fixture(name)
        let fileSystem = MemoryFileSystem(files: fixture.files)
        let restarts = CountingRestartRunner()
        let first = ContainerdPrep.apply(fixture.request, fileSystem: fileSystem, restartRunner: restarts)
        let once = fileSystem.files[fixtureConfig]
        let second = ContainerdPrep.apply(fixture.request, fileSystem: fileSystem, restartRunner: restarts)
        #expect(first.exitStatus == 0 && second.exitStatus == 0)
        #expect(fileSystem.files[fixtureConfig] == once)
        #expect(second.output.hasPrefix("unchanged\n"))
        #expect(second.result?.changed == false)
        #expect(restarts.commands.count == (first.result?.changed == true ? 1 : 0))
    }

    @Test(arguments: acceptedFixtures)
    func resultParsesAndDiffersOnlyInTheTwoKeys(name: String) throws {
        let fixture = try Fixture(name)
        let input = String(decoding: fixture.input ?? [], as: UTF8.self)
        let result = try ContainerdConfigPatcher.patch(
            text: input,
            options: PatchOptions(
                configPath: fixture.request.configPath, versionForNewFile: fixture.request.versionForNewFile,
                fileName: fixtureConfig, importReader: MemoryFileSystem(files: fixture.files)))
        let version = result.version
        let keys = [version.configPathKey, version.discardUnpackedLayersKey]
        let after = try independentPlainValue(result.patched)
        if result.configPathSource == fixtureConfig {
            #expect(value(after, at: version.configPathKey) == .string(result.effectiveConfigPath))
        }
        if case .boolean(let discard)? = value(after, at: version.discardUnpackedLayersKey) {
            #expect(discard == false)
        }
        let inputIsBlank = try TOMLDocument(parsing: input).isBlank
        if !inputIsBlank {
            let before = try independentPlainValue(input)
            #expect(after.removing(keys) == before.removing(keys))
            #expect(try TOMLDocument(parsing: result.patched).root.plain.removing(keys) == before.removing(keys))
        }
    }

    @Test(arguments: fixtureNames)
    func ownParserAgreesWithTOMLKit(name: String) throws {
        let fixture = try Fixture(name)
        for (path, bytes) in fixture.files {
            let text = String(decoding: bytes, as: UTF8.self)
            let ours = try? TOMLDocument(parsing: text).root.plain
            let theirs = try? independentPlainValue(text)
            #expect(ours == theirs, "\(name): \(path)")
        }
    }

    private func value(_ plain: TOMLPlainValue, at path: [String]) -> TOMLPlainValue? {
        var current = plain
        for key in path {
            guard case .table(let members) = current, let next = members[key] else { return nil }
            current = next
        }
        return current
    }
}
