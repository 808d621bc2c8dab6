// The HelmFunctions module. Its layer and seams are described in docs/ARCHITECTURE.md.
@_exported import Foundation
