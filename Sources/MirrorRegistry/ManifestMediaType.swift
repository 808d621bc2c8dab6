import Foundation
import NIOCore

/// The media type of a manifest or index read from its own JSON, for content whose store does not know
/// it (containerd keeps no media type for blobs that no image record reaches, e.g. a manifest committed by
/// a pull that failed later). Without it containerd cannot use a manifest served as
/// `application/octet-stream`.
enum ManifestMediaType {
    /// The `mediaType` field of `json`; for OCI JSON without it, an index when it has `manifests`, a
    /// manifest when it has `config` and `layers`; nil when `json` is not a manifest or index.
    static func sniff(_ json: Data) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else { return nil }
        if let declared = object["mediaType"] as? String {
            return MediaType.isManifestOrIndex(declared) ? declared : nil
        }
        if object["manifests"] is [Any] { return MediaType.ociIndex }
        if object["config"] is [String: Any], object["layers"] is [Any] { return MediaType.ociManifest }
        return nil
    }

    /// `sniff` of a body read whole (at most `limit` bytes; nil for larger bodies).
    static func sniff(_ body: ContentBody, limit: Int64, chunkSize: Int) async throws -> String? {
        guard body.size <= limit else { return nil }
        var bytes = Data()
        for try await chunk in body.chunks(in: 0..<body.size, chunkSize: chunkSize) {
            bytes.append(contentsOf: chunk.readableBytesView)
            guard Int64(bytes.count) <= limit else { return nil }
        }
        return sniff(bytes)
    }
}
