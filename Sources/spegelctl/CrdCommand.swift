import ArgumentParser
import Foundation
import SpegelComponent

/// `spegelctl crd`: the CustomResourceDefinition of the `Spegel` resource.
struct CrdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crd",
        abstract: "Print the CustomResourceDefinition spegels.charts.saturncloud.io (OpenAPI v3 schema of the chart values).")

    func run() throws {
        FileHandle.standardOutput.write(Data(SpegelDocuments.customResourceDefinition().utf8))
    }
}
