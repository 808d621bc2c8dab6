import Foundation
import OCI

extension ExecutableImage {
    /// Writes the image as an OCI image layout at `directory`, replacing a layout that is there.
    ///
    /// The layout is written beside `directory` and renamed into place, so a failed run leaves what
    /// was there before. `index.json` lists the manifest (with its platform) under
    /// `org.opencontainers.image.ref.name` = ``reference``. A `directory` that exists and is neither
    /// empty nor a layout is refused.
    public func writeLayout(to directory: URL) throws {
        let fileManager = FileManager.default
        let target = directory.standardizedFileURL
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if exists {
            let contents = (try? fileManager.contentsOfDirectory(atPath: target.path)) ?? ["?"]
            guard isDirectory.boolValue,
                  contents.isEmpty || fileManager.fileExists(atPath: target.appendingPathComponent("oci-layout").path) else {
                throw ImageBuildError.outputNotALayout(path: target.path)
            }
        }
        let parent = target.deletingLastPathComponent()
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(pid)")
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
            try? fileManager.removeItem(at: staging)
            var writer = try OCILayoutWriter(root: staging)
            try writer.addBlob(Data(layer), mediaType: layerDescriptor.mediaType)
            try writer.addBlob(configBytes, mediaType: MediaType.ociConfig)
            try writer.addBlob(manifestBytes, mediaType: MediaType.ociManifest)
            writer.tag(manifestDescriptor, refName: reference)
            try writer.finish()
            if exists {
                try? fileManager.removeItem(at: previous)
                try fileManager.moveItem(at: target, to: previous)
                do {
                    try fileManager.moveItem(at: staging, to: target)
                } catch {
                    try? fileManager.moveItem(at: previous, to: target)
                    throw error
                }
                try? fileManager.removeItem(at: previous)
            } else {
                try fileManager.moveItem(at: staging, to: target)
            }
        } catch let error as ImageBuildError {
            try? fileManager.removeItem(at: staging)
            throw error
        } catch {
            try? fileManager.removeItem(at: staging)
            throw ImageBuildError.writeFailed(path: target.path, detail: "\(error.localizedDescription)")
        }
    }
}
