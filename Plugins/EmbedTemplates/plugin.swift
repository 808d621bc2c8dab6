import Foundation
import PackagePlugin

/// Embeds the package's `templates/` directory (the bundled chart and the operator defaults) into the
/// target it is applied to, as a generated Swift file: `spegelctl render` then needs no files on disk.
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let root = context.package.directoryURL.appending(path: "templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
        let inputs = Self.files(under: root)
        return [
            .buildCommand(
                displayName: "Embedding the templates directory into \(target.name)",
                executable: try context.tool(named: "EmbedTemplatesTool").url,
                arguments: [root.path(percentEncoded: false), output.path(percentEncoded: false)],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }

    /// Every regular file under `root`, recursively.
    static func files(under root: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var found: [URL] = []
        for case let url as URL in walker {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                found.append(url)
            }
        }
        return found.sorted { $0.path < $1.path }
    }
}
