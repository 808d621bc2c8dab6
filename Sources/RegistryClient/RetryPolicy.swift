/// When and how often a failed request is tried again: connection errors, 429 and 5xx (except 501)
/// are retried with exponential backoff and jitter; other 4xx never are.
public struct RetryPolicy: Sendable {
    /// How many times a request is sent at most (1 = no retries).
    public var maximumAttempts: Int
    /// The delay before the first retry.
    public var initialDelay: Duration
    /// The longest delay between attempts (also caps a registry's `Retry-After`).
    public var maximumDelay: Duration
    /// The factor by which the delay grows after each failed attempt.
    public var multiplier: Double
    /// The fraction of each delay that is random (0 = fixed delays, 1 = anywhere from 0 to the delay).
    public var jitter: Double

    /// A policy; the defaults try 4 times over about 2 seconds.
    public init(maximumAttempts: Int = 4, initialDelay: Duration = .milliseconds(250), maximumDelay: Duration = .seconds(10),
                multiplier: Double = 2, jitter: Double = 0.5) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = max(1, multiplier)
        self.jitter = min(1, max(0, jitter))
    }

    /// Send every request once.
    public static let never = RetryPolicy(maximumAttempts: 1)

    /// Whether a response with `status` is worth sending again: 408, 429 and every 5xx but 501
    /// (Not Implemented and the like do not change by retrying).
    public static func isRetryable(status: Int) -> Bool {
        switch status {
        case 408, 429: return true
        case 501, 505: return false
        case 500...599: return true
        default: return false
        }
    }

    /// The delay after failed attempt number `attempt` (1-based); `retryAfter` (from the registry's
    /// `Retry-After`) is honoured up to ``maximumDelay``.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration? = nil) -> Duration {
        var base = initialDelay.seconds * pow(multiplier, Double(max(0, attempt - 1)))
        base = min(base, maximumDelay.seconds)
        let jittered = base * (1 - jitter) + base * jitter * Double.random(in: 0...1)
        var chosen = jittered
        if let retryAfter { chosen = max(chosen, min(retryAfter.seconds, maximumDelay.seconds)) }
        return .nanoseconds(Int64(chosen * 1e9))
    }
}
