import Foundation
import SwiftProtobuf

/// An OCI descriptor as containerd reports it.
public struct ContainerdDescriptor: Sendable, Equatable {
    public var mediaType: String
    public var digest: String
    public var size: Int64
    public var annotations: [String: String]

    init(_ message: Containerd_Types_Descriptor) {
        mediaType = message.mediaType
        digest = message.digest
        size = message.size
        annotations = message.annotations
    }
}

/// An image record of containerd's image store: a name (`registry/repo:tag` or `…@sha256:…`) and the
/// descriptor of its manifest or index.
public struct ContainerdImage: Sendable, Equatable {
    public var name: String
    public var labels: [String: String]
    public var target: ContainerdDescriptor

    init(_ message: Containerd_Services_Images_V1_Image) {
        name = message.name
        labels = message.labels
        target = ContainerdDescriptor(message.target)
    }
}

/// What containerd's content store knows of one blob.
public struct ContentInfo: Sendable, Equatable {
    public var digest: String
    public var size: Int64
    public var labels: [String: String]

    init(_ message: Containerd_Services_Content_V1_Info) {
        digest = message.digest
        size = message.size
        labels = message.labels
    }
}

/// An image or content event of containerd's event service.
public enum ContainerdEvent: Sendable, Equatable {
    case imageCreated(name: String)
    case imageUpdated(name: String)
    case imageDeleted(name: String)
    case contentCreated(digest: String)
    case contentDeleted(digest: String)

    /// Decodes an event envelope; `nil` for topics spegel does not act on.
    init?(_ envelope: Containerd_Services_Events_V1_Envelope) {
        let payload = envelope.event.value
        switch envelope.topic {
        case "/images/create":
            guard let e = try? Containerd_Events_ImageCreate(serializedBytes: payload) else { return nil }
            self = .imageCreated(name: e.name)
        case "/images/update":
            guard let e = try? Containerd_Events_ImageUpdate(serializedBytes: payload) else { return nil }
            self = .imageUpdated(name: e.name)
        case "/images/delete":
            guard let e = try? Containerd_Events_ImageDelete(serializedBytes: payload) else { return nil }
            self = .imageDeleted(name: e.name)
        case "/content/create":
            guard let e = try? Containerd_Events_ContentCreate(serializedBytes: payload) else { return nil }
            self = .contentCreated(digest: e.digest)
        case "/content/delete":
            guard let e = try? Containerd_Events_ContentDelete(serializedBytes: payload) else { return nil }
            self = .contentDeleted(digest: e.digest)
        default:
            return nil
        }
    }
}
