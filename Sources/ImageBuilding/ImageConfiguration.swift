import OCI

/// An OCI image configuration (`application/vnd.oci.image.config.v1+json`), the fields this
/// package writes. Encoded with ``OCIJSON`` (sorted keys), so equal values give equal digests.
public struct ImageConfiguration: Codable, Equatable, Sendable {
    /// How a container of the image runs.
    public struct RunConfig: Codable, Equatable, Sendable {
        public var user: String?
        public var env: [String]?
        public var entrypoint: [String]?
        public var cmd: [String]?
        public var workingDir: String?
        public var labels: [String: String]?

        public init(user: String? = nil, env: [String]? = nil, entrypoint: [String]? = nil, cmd: [String]? = nil,
                    workingDir: String? = nil, labels: [String: String]? = nil) {
            self.user = user
            self.env = env
            self.entrypoint = entrypoint
            self.cmd = cmd
            self.workingDir = workingDir
            self.labels = labels
        }

        enum CodingKeys: String, CodingKey {
            case user = "User", env = "Env", entrypoint = "Entrypoint", cmd = "Cmd"
            case workingDir = "WorkingDir", labels = "Labels"
        }
    }

    /// The layers' uncompressed digests, in order.
    public struct RootFS: Codable, Equatable, Sendable {
        public var type: String
        public var diffIDs: [Digest]

        public init(diffIDs: [Digest]) {
            self.type = "layers"
            self.diffIDs = diffIDs
        }

        enum CodingKeys: String, CodingKey {
            case type
            case diffIDs = "diff_ids"
        }
    }

    /// One step that made a layer.
    public struct History: Codable, Equatable, Sendable {
        public var created: String?
        public var createdBy: String?
        public var comment: String?

        public init(created: String? = nil, createdBy: String? = nil, comment: String? = nil) {
            self.created = created
            self.createdBy = createdBy
            self.comment = comment
        }

        enum CodingKeys: String, CodingKey {
            case created, comment
            case createdBy = "created_by"
        }
    }

    public var created: String?
    public var architecture: String
    public var os: String
    public var config: RunConfig
    public var rootfs: RootFS
    public var history: [History]?

    public init(created: String? = nil, architecture: String, os: String, config: RunConfig, rootfs: RootFS, history: [History]? = nil) {
        self.created = created
        self.architecture = architecture
        self.os = os
        self.config = config
        self.rootfs = rootfs
        self.history = history
    }
}
