import Testing

/// The invariants of one structure, each checked under its own name, so that a failure says
/// which invariant broke rather than that "something" is false.
public struct InvariantChecks {
    /// The broken invariants: name, then what was found.
    public private(set) var broken: [String] = []

    public init() {}

    /// Checks one invariant; `found` says what was seen instead, when it does not hold.
    public mutating func check(_ invariant: String, _ holds: Bool, _ found: @autoclosure () -> String = "") {
        guard !holds else { return }
        let detail = found()
        broken.append(detail.isEmpty ? invariant : "\(invariant): \(detail)")
    }

    /// Runs a structure's own check, which throws an error that names the broken invariant (or
    /// returns normally when all hold).
    public mutating func check(_ invariant: String, throwing body: () throws -> Void) {
        do {
            try body()
        } catch {
            broken.append("\(invariant): \(error)")
        }
    }
}

/// Checks the invariants `checks` lists for `subject` (say what it is and how it was built: the
/// trial, the inserted rows) and records one issue per broken invariant at the caller's source
/// location. Returns whether all held.
@discardableResult
public func expectInvariants(
    of subject: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation,
    _ checks: (inout InvariantChecks) -> Void
) -> Bool {
    var invariants = InvariantChecks()
    checks(&invariants)
    for invariant in invariants.broken {
        Issue.record("invariant broken in \(subject()): \(invariant)", sourceLocation: sourceLocation)
    }
    return invariants.broken.isEmpty
}

/// Expects two texts to be equal; a failure shows the first line where they differ, with its
/// number, instead of two walls of text.
@discardableResult
public func expectSameLines(
    _ actual: String, _ expected: String, _ context: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    guard let difference = lineDifference(actual, expected) else { return true }
    let prefix = context().isEmpty ? "" : "\(context()): "
    Issue.record("\(prefix)\(difference)", sourceLocation: sourceLocation)
    return false
}

/// Where two texts first differ, line by line (nil when they are equal).
public func lineDifference(_ actual: String, _ expected: String) -> String? {
    guard actual != expected else { return nil }
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
    func show(_ lines: [Substring]) -> String { line < lines.count ? "\"\(lines[line])\"" : "(no line: \(lines.count) lines)" }
    return "the texts differ first at line \(line + 1)\n  got      \(show(a))\n  expected \(show(e))"
}
