import DialPlan
import RouteSim

/// The changes a reviewer intends (`routesim diff --expect FILE`): the diff passes when every
/// change it found is one of them and each of them happened.
///
/// One intended change a line; `#` starts a comment:
///
/// ```
/// 9…    from user:100  to outcome:rejected   # 100 loses outside calls
/// 0044… to trunk:3                           # UK calls move to trunk 3, from every origin
/// origin user:103                            # a new user
/// ```
///
/// A numbers pattern (as `--numbers` takes it, without `but not`), then optionally `from
/// ORIGIN` (`user:NAME`, `trunk:ID`, `line:NAME`, `caller:NUMBER`), `dial-plan NAME` and `to
/// WHERE` (what the new signature must reach: `trunk:3`, `line:L`, `group:4`, `user:101`,
/// `hunt:1` or `outcome:NAME`). `origin user:NAME` (or `trunk:ID`, `line:NAME`) expects an origin
/// added or removed.
public struct ChangeIntent: Sendable {
    public struct Change: Sendable {
        /// The line of the file (1-based) and its text.
        public var line: Int
        public var text: String
        public var numbers: NumberRegion
        public var origins: OriginFilter
        /// What the new signature must reach (`SignatureTarget.spec` or `outcome:NAME`).
        public var target: String?
    }

    public var changes: [Change] = []
    /// Origins expected in one plan only, by spec (`user:103`), with their lines.
    public var oneSided: [(line: Int, spec: String)] = []

    /// Reads the file's text; a line it cannot use throws a message naming the line.
    public init(text: String, maxLength: Int) throws(SpaceError) {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let body = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let words = body.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let first = words.first else { continue }
            func fail(_ what: String) -> SpaceError { SpaceError(message: "line \(line): \(what)") }
            if first == "origin" {
                guard words.count == 2, ["user", "trunk", "line"].contains(words[1].split(separator: ":").first.map(String.init) ?? "")
                else { throw fail("write `origin user:NAME`, `origin trunk:ID` or `origin line:NAME`") }
                oneSided.append((line, words[1]))
                continue
            }
            if words.count > 1 && words[1] == "but" { throw fail("'but not' patterns cannot be expected; list the parts") }
            let numbers: NumberRegion
            do { numbers = try NumberRegion(pattern: first, maxLength: maxLength) } catch { throw fail(error.description) }
            var change = Change(line: line, text: body.trimmed, numbers: numbers, origins: OriginFilter(), target: nil)
            var i = 1
            while i < words.count {
                guard i + 1 < words.count else { throw fail("'\(words[i])' needs a value") }
                let value = words[i + 1]
                switch words[i] {
                case "from": change.origins.origin = try Self.origin(value, fail)
                case "dial-plan": change.origins.dialPlan = value
                case "to":
                    let kinds = ["trunk", "line", "group", "user", "hunt", "outcome"]
                    guard let kind = value.split(separator: ":").first, kinds.contains(String(kind)), value.contains(":") else {
                        throw fail("`to \(value)`: write \(kinds.map { "\($0):…" }.joined(separator: ", "))")
                    }
                    if kind == "outcome" && Outcome(rawValue: String(value.dropFirst(8))) == nil {
                        throw fail("`to \(value)`: the outcomes are \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    change.target = value
                default:
                    throw fail("'\(words[i])': after the numbers come `from ORIGIN`, `dial-plan NAME` and `to WHERE`")
                }
                i += 2
            }
            changes.append(change)
        }
    }

    static func origin(_ spec: String, _ fail: (String) -> SpaceError) throws(SpaceError) -> OriginFilter.Origin {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty else {
            throw fail("`from \(spec)`: write user:NAME, trunk:ID, line:NAME or caller:NUMBER")
        }
        switch parts[0] {
        case "user": return .user(parts[1])
        case "line": return .line(parts[1], caller: nil)
        case "caller": return .caller(parts[1])
        case "trunk":
            guard let id = Int(parts[1]) else { throw fail("`from \(spec)`: a trunk is its servID, a number") }
            return .trunk(TrunkID(id), caller: nil)
        default: throw fail("`from \(spec)`: write user:NAME, trunk:ID, line:NAME or caller:NUMBER")
        }
    }
}

/// What `--expect` found: the changes nobody intended, and the intended changes that did not
/// happen.
public struct IntentCheck: Sendable {
    /// Rows (or the classes of a row) no intended change covers.
    public var unexpected: [DiffRow] = []
    public var unexpectedOrigins: [OneSidedOrigin] = []
    public var missing: [ChangeIntent.Change] = []
    public var missingOrigins: [(line: Int, spec: String)] = []

    public var passes: Bool { unexpected.isEmpty && unexpectedOrigins.isEmpty && missing.isEmpty && missingOrigins.isEmpty }
}

extension SpaceDiff {
    /// Checks the diff against the intended changes, both ways.
    ///
    /// A row's class is expected when an intended change's numbers hold every number of the row,
    /// its origins include the class, and the new signature reaches its `to`. An intended change
    /// happened when some row of a class it includes shares a number with it and reaches its `to`.
    public func check(_ intent: ChangeIntent) -> IntentCheck {
        var result = IntentCheck()
        var happened = Array(repeating: false, count: intent.changes.count)
        for row in rows {
            var left: [Int] = []
            for c in row.classes {
                var covered = false
                for (k, change) in intent.changes.enumerated() {
                    guard catalog.matches(catalog.classes[c], change.origins), change.target.map(row.new.reaches) ?? true else { continue }
                    if change.numbers.covers(row.region) { covered = true }
                    if !happened[k] && change.numbers.overlaps(row.region) { happened[k] = true }
                }
                if !covered { left.append(c) }
            }
            if !left.isEmpty {
                var part = row
                part.classes = left
                result.unexpected.append(part)
            }
        }
        result.missing = intent.changes.indices.filter { !happened[$0] }.map { intent.changes[$0] }
        let expectedOrigins = Set(intent.oneSided.map(\.spec))
        result.unexpectedOrigins = oneSided.filter { !expectedOrigins.contains($0.spec) }
        let found = Set(oneSided.map(\.spec))
        result.missingOrigins = intent.oneSided.filter { !found.contains($0.spec) }
        return result
    }
}

extension RouteSignature {
    /// Whether the call gets to `spec`: `outcome:NAME`, or a target or attempt named as
    /// `SignatureTarget.spec` names it (`trunk:3`, `line:L`, `group:4`, `user:101`, `hunt:1`),
    /// a user its ring group rings, or a follow-me destination's target or attempt.
    public func reaches(_ spec: String) -> Bool {
        if spec.hasPrefix("outcome:") { return outcome.rawValue == spec.dropFirst(8) }
        if target?.spec == spec || attempts.contains(where: { $0.via.spec == spec }) { return true }
        if let ringGroup, spec.hasPrefix("user:"), ringGroup.ringing.contains(String(spec.dropFirst(5))) { return true }
        return followMe?.destinations.contains { d in d.target?.spec == spec || d.attempts.contains { $0.via.spec == spec } } ?? false
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
