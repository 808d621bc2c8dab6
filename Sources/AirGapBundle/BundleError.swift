/// Why a bundle operation stopped, with what to do about it.
public enum BundleError: Error, CustomStringConvertible {
    /// The values render no objects, so there is nothing to bundle.
    case nothingToBundle(reason: String)
    /// The values set no `imageMirror`, so the bundle would not know where its images go.
    case noImageMirror
    /// No manifest of an index matches the requested platforms.
    case platformMissing(image: String, requested: [String], available: [String])
    /// The bundle file is damaged or incomplete.
    case damaged(file: String, problems: [BundleProblem])
    /// The bundle file cannot be read as a bundle at all.
    case unreadable(file: String, reason: String)
    /// A push stopped part way; what is done stays done.
    case pushInterrupted(image: String, step: String, underlying: String)

    public var description: String {
        switch self {
        case .nothingToBundle(let reason):
            return "nothing to bundle: \(reason)"
        case .noImageMirror:
            return "imageMirror: not set; a bundle moves images to the site's registry, so set imageMirror "
                + "(e.g. --set imageMirror=harbor.example.com/spegel) in the values"
        case .platformMissing(let image, let requested, let available):
            return "\(image): no image for --platform \(requested.joined(separator: ", ")); it has "
                + (available.isEmpty ? "no platform information" : available.joined(separator: ", "))
        case .damaged(let file, let problems):
            return "\(file): the bundle is damaged (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n"
                + problems.map { "  " + $0.description }.joined(separator: "\n")
                + "\ncopy the bundle again, or export it again"
        case .unreadable(let file, let reason):
            return "\(file): not a readable bundle: \(reason)"
        case .pushInterrupted(let image, let step, let underlying):
            return "push of \(image) stopped while \(step): \(underlying)\n"
                + "run the same push again to resume: what is already in the registry is skipped"
        }
    }
}
