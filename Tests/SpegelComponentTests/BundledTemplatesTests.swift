import Foundation
import Testing
@testable import SpegelComponent

@Suite struct BundledTemplatesTests {
    /// The package root (…/Tests/SpegelComponentTests/ThisFile.swift → …).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func embeddedFilesMatchTheTemplatesDirectory() throws {
        let root = Self.packageRoot.appendingPathComponent("templates")
        var onDisk: [String: [UInt8]] = [:]
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            onDisk[relative] = [UInt8](try Data(contentsOf: url))
        }
        #expect(!onDisk.isEmpty)
        #expect(BundledTemplates.files == onDisk)
    }

    @Test func chartFilesAreRelativeToTheChart() {
        let chart = BundledTemplates.chartFiles
        #expect(chart["Chart.yaml"] != nil)
        #expect(chart["values.yaml"] != nil)
        #expect(chart["templates/daemonset.yaml"] != nil)
        #expect(BundledTemplates.operatorDefaults.contains("saturnComponents:"))
    }
}
