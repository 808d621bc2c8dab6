import ArgumentParser
import Foundation
import SpegelComponent

/// `spegelctl images`: the images the rendered component uses.
struct ImagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "List the images of the rendered spegel component, one per line, sorted and unique.")

    @OptionGroup var inputs: RenderInputs

    @Flag(help: "List the source images (before rewriting to imageMirror).")
    var source = false

    func run() throws {
        try reportingFailures {
            let rendered = try inputs.render()
            let references = try ManifestImages.references(in: source ? rendered.chartOutput : rendered.release)
            FileHandle.standardOutput.write(Data(references.map { $0 + "\n" }.joined().utf8))
        }
    }
}
