/// How requests travel: concurrency, timeouts, retries, TLS.
public struct TransportOptions: Sendable, Equatable {
    /// Requests in flight at once (1 = one request at a time).
    public var maxInFlight = 8
    /// Seconds to establish a connection.
    public var connectTimeout = 5.0
    /// Seconds for a whole request, answer included (a stalled server fails after this).
    public var requestTimeout = 30.0
    public var retry = RetryPolicy()
    /// Skip certificate verification for HTTPS. Off by default.
    public var insecure = false
    /// A CA bundle (PEM) to verify the server's certificate with.
    public var caCertificatePath: String?
    /// The largest answer accepted, in bytes.
    public var maxResponseBytes = 64 << 20

    public init() {}

    /// The longest timeout libcurl is given, in seconds (a week): longer ones, infinity included,
    /// are cut to it rather than overflow the milliseconds libcurl takes.
    public static let longestTimeout = 7 * 86_400.0

    /// `seconds` as libcurl's milliseconds: at least 1, at most `longestTimeout`; NaN counts as the longest.
    static func milliseconds(_ seconds: Double) -> Int {
        if seconds.isNaN { return Int(longestTimeout * 1000) }
        return Int((min(max(seconds, 0.001), longestTimeout) * 1000).rounded(.up))
    }
}

/// Bounded retries with exponential back-off, for transient failures and busy servers.
///
/// Transient: connection refused or reset, timeouts, an answer cut short, HTTP 5xx. Never
/// retried: HTTP 4xx but 429 (the request itself is wrong, e.g. a bad syskey), a 200 with a bad
/// body, TLS and name-resolution failures.
///
/// A busy server (HTTP 503 or 429) is waited for rather than given up on: as long as its
/// `Retry-After` says (at most `maxRetryAfter`), else the back-off, and a request may be answered
/// busy `maxBusyRetries` times. Every retry of a fetch counts against one budget: `budget`, plus
/// one for every two answers that succeeded, so a server busy now and then is fetched whole and
/// one that is always busy is given up on.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt for a transient failure (0 = no retry).
    public var maxRetries = 2
    /// The first back-off, in seconds; it doubles each retry.
    public var initialBackoff = 0.2
    /// The longest back-off, in seconds.
    public var maxBackoff = 2.0
    /// Busy answers (HTTP 503, 429) one request may get before the fetch gives up.
    public var maxBusyRetries = 10
    /// Retries of the whole fetch beyond one per two successful answers.
    public var budget = 100
    /// The longest `Retry-After` waited for, in seconds (a longer one is cut to it).
    public var maxRetryAfter = 30.0

    public init(maxRetries: Int = 2, initialBackoff: Double = 0.2, maxBackoff: Double = 2.0) {
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// Whether a request that has failed `attempts` times with `failure` (`busyAnswers` of them
    /// busy) is tried again.
    public func shouldRetry(_ failure: TransferFailure, attempts: Int, busyAnswers: Int = 0) -> Bool {
        if failure.isBusy { return busyAnswers <= maxBusyRetries }
        return failure.isTransient && attempts - busyAnswers <= maxRetries
    }

    /// Whether `retries` retries so far fit the fetch's budget, after `successes` good answers.
    public func withinBudget(retries: Int, successes: Int) -> Bool {
        retries <= budget + successes / 2
    }

    /// Seconds to wait before attempt `attempts + 1`; `jitter` in 0...1 spreads retries out
    /// (half the delay is fixed, half scaled by it). A server's `Retry-After` wins when given.
    public func backoff(afterAttempts attempts: Int, jitter: Double, retryAfter: Double? = nil) -> Double {
        if let retryAfter, retryAfter.isFinite, retryAfter >= 0 { return min(retryAfter, maxRetryAfter) }
        let exponent = Double(min(max(0, attempts - 1), 62))
        let full = min(maxBackoff, initialBackoff * pow2(exponent))
        return full * (0.5 + 0.5 * min(max(jitter, 0), 1))
    }

    private func pow2(_ x: Double) -> Double {
        var result = 1.0
        var n = Int(x)
        while n > 0 { result *= 2; n -= 1 }
        return result
    }
}

/// Why one transfer failed, in the terms the retry policy and the messages need.
public enum TransferFailure: Sendable, Equatable, CustomStringConvertible {
    case connectionRefused(String)
    /// Reset, or closed before an answer (`GOT_NOTHING`), or a send/receive error.
    case connectionLost(String)
    case timedOut(String)
    /// The answer ended before the length it announced.
    case truncated(String)
    case tls(String)
    case nameResolution(String)
    case tooLarge(Int)
    /// Any other libcurl error.
    case other(String)
    /// An HTTP status other than 200, with the start of the body (scrubbed).
    case status(Int, String)

    public var isTransient: Bool {
        switch self {
        case .connectionRefused, .connectionLost, .timedOut, .truncated: return true
        case .status(let code, _): return (500...599).contains(code) || code == 429
        case .tls, .nameResolution, .tooLarge, .other: return false
        }
    }

    /// The server said it is busy: HTTP 503 (service unavailable) or 429 (too many requests).
    public var isBusy: Bool {
        if case .status(let code, _) = self { return code == 503 || code == 429 }
        return false
    }

    public var description: String {
        switch self {
        case .connectionRefused(let m), .connectionLost(let m), .timedOut(let m), .truncated(let m),
            .tls(let m), .nameResolution(let m), .other(let m):
            return m
        case .tooLarge(let limit): return "the answer is larger than \(limit >> 20) MiB"
        case .status(let code, let excerpt):
            return excerpt.isEmpty ? "HTTP \(code)" : "HTTP \(code) (\(excerpt))"
        }
    }
}
