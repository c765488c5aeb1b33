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
}

/// Bounded retries with exponential back-off, for transient failures only.
///
/// Transient: connection refused or reset, timeouts, an answer cut short, HTTP 5xx. Never
/// retried: HTTP 4xx (the request itself is wrong, e.g. a bad syskey), a 200 with a bad body,
/// TLS and name-resolution failures.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt (0 = no retry).
    public var maxRetries = 2
    /// The first back-off, in seconds; it doubles each retry.
    public var initialBackoff = 0.2
    /// The longest back-off, in seconds.
    public var maxBackoff = 2.0

    public init(maxRetries: Int = 2, initialBackoff: Double = 0.2, maxBackoff: Double = 2.0) {
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// Whether a request that has failed `attempts` times with `failure` is tried again.
    public func shouldRetry(_ failure: TransferFailure, attempts: Int) -> Bool {
        failure.isTransient && attempts <= maxRetries
    }

    /// Seconds to wait before attempt `attempts + 1`; `jitter` in 0...1 spreads retries out
    /// (half the delay is fixed, half scaled by it).
    public func backoff(afterAttempts attempts: Int, jitter: Double) -> Double {
        let exponent = Double(max(0, attempts - 1))
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
        case .status(let code, _): return (500...599).contains(code)
        case .tls, .nameResolution, .tooLarge, .other: return false
        }
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
