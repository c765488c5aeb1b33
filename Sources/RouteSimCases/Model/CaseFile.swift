import DialPlan
import RouteSim
import RouteSimPatterns

/// A case file: the plan it tests, and calls with the outcome each must have.
public struct CaseFile: Sendable {
    /// The case file as the user named it.
    public var source: String
    /// The plan as written in the file: a path relative to the case file's folder.
    public var plan: String
    /// The cases, in file order.
    public var cases: [TestCase]
}

/// One call and what must come of it.
public struct TestCase: Sendable {
    /// The 1-based position in the file's `cases` list.
    public var number: Int
    public var name: String
    /// The line where the case starts, when known.
    public var line: Int?
    public var call: Call
    /// The file's `assume`, then the case's own `assume` on top.
    public var assumptions: Assumptions
    public var expect: Expectations
}

/// What a case expects; a field left out is not checked.
public struct Expectations: Sendable {
    public var outcome: Outcome?
    public var target: Target?
    /// The dial plan in force when analysis ended.
    public var dialPlan: String?
    /// The caller number after analysis and refine caller number.
    public var caller: NumberExpectation?
    /// The called number after analysis, before any per-line refine.
    public var called: NumberExpectation?
    /// The whole ordered list of outgoing attempts, failovers included.
    public var attempts: [AttemptExpectation]?
    /// The reason of a release or rejection.
    public var reason: ReleaseReason?
    /// A hunting group's operators in the order the first call tries them.
    public var operators: [String]?
    /// The maximum call duration in seconds (0: none).
    public var maxDuration: Int?
    /// Records the trace must pass through, in any order.
    public var through: [RecordSelector]?
    /// Who rings when the call reaches a member of a ring group, in order.
    public var ringing: [String]?
    /// The follow-me destinations, in order.
    public var followMe: [FollowMeExpectation]?
    /// The answer holds under every alternative of every assumption it cites (true), or some
    /// alternative changes it (false).
    public var robust: Bool?

    /// True when nothing is expected.
    var isEmpty: Bool {
        outcome == nil && target == nil && dialPlan == nil && caller == nil && called == nil && attempts == nil
            && reason == nil && operators == nil && maxDuration == nil && through == nil && ringing == nil && followMe == nil
            && robust == nil
    }
}

/// One expected follow-me destination: its number, and optionally when it rings and where it goes.
public struct FollowMeExpectation: Sendable {
    public var number: String
    /// Seconds after the call reaches the user.
    public var after: Int?
    public var outcome: Outcome?
    public var target: Target?
}

/// A number a case expects: the exact string, or a PCRE2 regular expression written `/…/`.
public enum NumberExpectation: Sendable, CustomStringConvertible {
    case exact(String)
    /// Unanchored, as `grep -P`: write `/^…$/` to match the whole number.
    case pattern(RegularExpression)

    /// Whether `number` meets the expectation; throws when PCRE2 cannot finish the match (the
    /// answer is unknown, which is never reported as a mismatch).
    public func matches(_ number: String) throws(RegularExpressionMatchError) -> Bool {
        switch self {
        case .exact(let expected): return number == expected
        case .pattern(let re): return try re.matches(number)
        }
    }

    /// `"0086123"` or `/^0086\d+$/`, as failure lines show it.
    public var description: String {
        switch self {
        case .exact(let expected): return quoted(expected)
        case .pattern(let re): return re.description
        }
    }
}

/// One expected outgoing attempt: where it leaves, and optionally the numbers sent on it.
public struct AttemptExpectation: Sendable {
    public var via: Via
    public var called: NumberExpectation?
    public var caller: NumberExpectation?
    /// Whether the attempt is reached through a failover chain; nil: not checked.
    public var failover: Bool?
    /// Whether the live state blocks the attempt (`down`, `closed`), `.some(nil)` for `none`;
    /// nil: not checked.
    public var blocked: Attempt.Blocked??
}

/// Records named by their table and (some of) their key fields, as `through` selects them.
public struct RecordSelector: Sendable {
    public var table: Table
    /// Key fields and values as written; a subset of the table's key fields.
    public var key: [KeyField]
    /// Where the selector is written, for errors: the field path and line.
    var field: String
    var line: Int?

    /// `refinecldnbr (groupID 1, calledPrefix "0")`.
    public var description: String {
        let described = table.keyText(key)
        return described.isEmpty ? table.rawValue : "\(table.rawValue) (\(described))"
    }

    /// The indices of the records of `snapshot` the selector names.
    public func matchingRecords(in snapshot: Snapshot) -> [Int] {
        (0..<snapshot.count(of: table)).filter { index in
            let recordKey = snapshot.key(of: table, at: index)
            return key.allSatisfy { field in
                recordKey.contains { $0.name == field.name && Self.same($0.value, field.value) }
            }
        }
    }

    /// Key values compare as written, except that integers compare as numbers (`01` is `1`).
    static func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        if let x = Int(a), let y = Int(b) { return x == y }
        return false
    }
}
