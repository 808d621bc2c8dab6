// The AirGapBundle module: `spegelctl bundle export|verify|inspect|push`. Images come from an
// ``ImageSource`` and go to an ``ImageDestination`` (the two seams); the bundle is a deterministic tar
// holding an OCI image layout, the pinned manifests, the chart and the values. See docs/ARCHITECTURE.md §6.
@_exported import Foundation
