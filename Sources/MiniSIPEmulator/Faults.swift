import RouteSimRandom
import Synchronization

/// A way the emulated server misbehaves, for testing clients.
public enum FaultKind: String, Sendable, CaseIterable {
    /// HTTP 500 with a JSON error body.
    case error
    /// HTTP 200 whose body is not valid JSON (the real answer cut in half, correctly framed).
    case malformed
    /// HTTP 200 announcing the whole answer's length, sending half of it, then closing.
    case truncate
    /// Accepts the request and never answers.
    case stall
    /// HTTP 200 with JSON of the wrong shape (an object where a list belongs, and so on).
    case shape
    /// HTTP 503 with `Retry-After` (`FaultOptions.retryAfterSeconds`): a busy server.
    case busy
    /// `list` answers page 0 whatever `pageIndex` asks for: a server that ignores paging.
    case ignorePage = "ignore-page"
    /// `list` answers every page with 20 made-up records: a table that never ends.
    case endless
    /// HTTP 500 whose body echoes the request's query string (the syskey in it) in the encodings
    /// careless servers use: percent-encoded in lower case, `+` for a space, JSON with `\/` and
    /// `\uXXXX` escapes, HTML entities. For testing that a client never prints it.
    case echo
}

/// One fault rule: `KIND[:OBJECT[/OPERATION][@PAGE]][%EVERY][*TIMES]`.
///
/// `error:anacldnbr/list@1` answers every request for page 1 of `anacldnbr/list` with a 500;
/// `error:anacldnbr/list@1*1` only the first one; `stall` stalls every request;
/// `truncate:localuser/query` cuts every `localuser/query` answer short; `busy%3` answers every
/// third request with a 503.
public struct FaultRule: Sendable, Equatable, CustomStringConvertible {
    public var kind: FaultKind
    public var object: String?
    public var operation: String?
    public var page: Int?
    /// The rule hits every `every`-th matching request only (nil: each one).
    public var every: Int?
    /// How many matching requests the rule hits (nil: all).
    public var times: Int?

    public init(
        kind: FaultKind, object: String? = nil, operation: String? = nil, page: Int? = nil, every: Int? = nil, times: Int? = nil
    ) {
        self.kind = kind
        self.object = object
        self.operation = operation
        self.page = page
        self.every = every
        self.times = times
    }

    /// Parses a rule (the syntax above); a failure says why.
    public static func parse(_ text: String) -> Result<FaultRule, FaultSyntaxError> {
        var rest = Substring(text)
        var times: Int?
        if let star = rest.lastIndex(of: "*") {
            guard let n = Int(rest[rest.index(after: star)...]), n > 0 else {
                return .failure(FaultSyntaxError(text: text, reason: "*TIMES must be a positive integer"))
            }
            times = n
            rest = rest[..<star]
        }
        var every: Int?
        if let percent = rest.lastIndex(of: "%") {
            guard let n = Int(rest[rest.index(after: percent)...]), n > 0 else {
                return .failure(FaultSyntaxError(text: text, reason: "%EVERY must be a positive integer"))
            }
            every = n
            rest = rest[..<percent]
        }
        let kindText = rest.prefix { $0 != ":" }
        guard let kind = FaultKind(rawValue: String(kindText)) else {
            let kinds = FaultKind.allCases.map(\.rawValue).joined(separator: ", ")
            return .failure(FaultSyntaxError(text: text, reason: "the kind must be one of \(kinds)"))
        }
        var rule = FaultRule(kind: kind, every: every, times: times)
        rest = rest.dropFirst(kindText.count)
        guard !rest.isEmpty else { return .success(rule) }
        rest = rest.dropFirst()  // ':'
        if let at = rest.firstIndex(of: "@") {
            guard let page = Int(rest[rest.index(after: at)...]), page >= 0 else {
                return .failure(FaultSyntaxError(text: text, reason: "@PAGE must be an integer from 0"))
            }
            rule.page = page
            rest = rest[..<at]
        }
        let path = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(path.count), !path[0].isEmpty, path.allSatisfy({ !$0.isEmpty }) else {
            return .failure(FaultSyntaxError(text: text, reason: "the target must be OBJECT or OBJECT/OPERATION"))
        }
        rule.object = String(path[0])
        rule.operation = path.count == 2 ? String(path[1]) : nil
        return .success(rule)
    }

    func matches(_ call: OpenAPICall) -> Bool {
        if let object, object != call.object { return false }
        if let operation, operation != (call.operation ?? "query") { return false }
        if let page, page != call.pageIndex { return false }
        return true
    }

    public var description: String {
        var text = kind.rawValue
        if let object {
            text += ":\(object)"
            if let operation { text += "/\(operation)" }
            if let page { text += "@\(page)" }
        }
        if let every { text += "%\(every)" }
        if let times { text += "*\(times)" }
        return text
    }
}

/// A fault rule that does not parse: the text and why.
///
/// The message names the rule by what the caller calls it: `description` says "fault rule", the
/// command line says `--fault` (`message(naming:)`).
public struct FaultSyntaxError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String

    /// `SUBJECT TEXT: REASON (syntax …, e.g. …)`, where `subject` names the thing that held the rule.
    public func message(naming subject: String) -> String {
        "\(subject) \(text): \(reason) (syntax KIND[:OBJECT[/OPERATION][@PAGE]][%EVERY][*TIMES], e.g. error:anacldnbr/list@1)"
    }

    /// `fault rule boom: the kind must be one of … (syntax …)`.
    public var description: String { message(naming: "fault rule") }
}

/// Every way the emulator is told to misbehave, decided per request.
public struct FaultOptions: Sendable {
    public var rules: [FaultRule] = []
    /// Fraction (0…1) of requests answered with HTTP 500, drawn from `seed`.
    public var errorRate = 0.0
    /// Fraction (0…1) of requests answered with a body that is not JSON.
    public var malformedRate = 0.0
    public var seed: UInt64 = 1
    /// Milliseconds added before every answer (at most `maxLatencyMilliseconds`).
    public var latencyMilliseconds = 0
    /// The `Retry-After` of a `busy` answer, in seconds.
    public var retryAfterSeconds = 1

    public init() {}

    /// The longest latency the emulator adds: ten minutes.
    public static let maxLatencyMilliseconds = 600_000
}

/// Decides, request by request, which fault (if any) applies. Thread-safe and deterministic
/// for a given seed and request order.
final class FaultInjector: Sendable {
    private struct State {
        var used: [Int]
        /// Matching requests seen per rule (for `every`).
        var seen: [Int]
        /// Draws for the error and malformed rates: the same seed gives the same faults.
        var random: SeededGenerator
    }

    let options: FaultOptions
    private let state: Mutex<State>

    init(options: FaultOptions) {
        self.options = options
        let zeros = Array(repeating: 0, count: options.rules.count)
        self.state = Mutex(State(used: zeros, seen: zeros, random: SeededGenerator(seed: options.seed)))
    }

    func fault(for call: OpenAPICall?) -> FaultKind? {
        state.withLock { state in
            if let call {
                for (i, rule) in options.rules.enumerated() where rule.matches(call) {
                    if let times = rule.times, state.used[i] >= times { continue }
                    state.seen[i] += 1
                    if let every = rule.every, state.seen[i] % every != 0 { continue }
                    state.used[i] += 1
                    return rule.kind
                }
            } else if let rule = options.rules.first(where: { $0.object == nil && $0.times == nil && $0.every == nil }) {
                return rule.kind
            }
            if options.errorRate > 0, state.random.fraction() < options.errorRate { return .error }
            if options.malformedRate > 0, state.random.fraction() < options.malformedRate { return .malformed }
            return nil
        }
    }
}
