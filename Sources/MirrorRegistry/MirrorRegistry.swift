// The MirrorRegistry module: the ContentStore and PeerRouter seams, the `/v2` mirror, metrics and the debug page.
// See docs/ARCHITECTURE.md §7 and the doc comments on `ContentStore` and `PeerRouter`.
@_exported import Foundation
@_exported import OCI
@_exported import Logging
