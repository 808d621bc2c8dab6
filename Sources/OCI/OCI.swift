// The OCI module: digests, descriptors, media types, manifests, image layouts. See docs/ARCHITECTURE.md §2.
@_exported import Foundation
