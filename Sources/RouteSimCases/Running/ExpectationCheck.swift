import DialPlan
import RouteSim
import RouteSimPatterns

/// One expectation a simulated call did not meet.
public struct ExpectationFailure: Sendable, Equatable, CustomStringConvertible {
    /// The expectation, as a path inside `expect` (`called`, `attempts[1].caller`, `through[0]`).
    public var field: String
    public var expected: String
    public var actual: String

    /// `called: expected /^0086\d+$/, got "0123"`.
    public var description: String { "\(field): expected \(expected), got \(actual)" }
}

/// An expectation that could not be decided: PCRE2 gave up on a pattern (`field` is its path
/// inside `expect`).
struct UndecidedExpectation: Error {
    var field: String
    var error: RegularExpressionMatchError
}

extension Expectations {
    /// Compares a simulated call with what was expected; `exercised` holds the records its trace
    /// touched (see `PlanCoverage.records(touchedBy:in:)`), for `through`. Throws when a pattern
    /// cannot be matched at all. `sensitivity` is asked only when `robust` is expected.
    func check(
        _ result: RouteResult, exercised: Set<RecordID>, through resolved: [[RecordID]], sensitivity: () -> Sensitivity
    ) throws(UndecidedExpectation) -> [ExpectationFailure] {
        var failures: [ExpectationFailure] = []
        func fail(_ field: String, _ expected: String, _ actual: String) {
            failures.append(ExpectationFailure(field: field, expected: expected, actual: actual))
        }
        func meets(_ expectation: NumberExpectation, _ number: String, _ field: String) throws(UndecidedExpectation) -> Bool {
            do { return try expectation.matches(number) } catch { throw UndecidedExpectation(field: field, error: error) }
        }
        if let outcome, outcome != result.outcome {
            fail("outcome", outcome.rawValue, result.outcome.rawValue + (result.release.map { " (\($0.reason.rawValue))" } ?? ""))
        }
        if let target, target != result.target {
            fail("target", target.text, result.target?.text ?? "no target (outcome \(result.outcome.rawValue))")
        }
        if let dialPlan, dialPlan != result.dialPlan { fail("dialPlan", quoted(dialPlan), quoted(result.dialPlan)) }
        if let caller, try !meets(caller, result.caller, "caller") { fail("caller", caller.description, quoted(result.caller)) }
        if let called, try !meets(called, result.called, "called") { fail("called", called.description, quoted(result.called)) }
        if let attempts {
            if attempts.count != result.attempts.count {
                fail("attempts", Self.count(attempts.map(\.via)), Self.count(result.attempts.map(\.via)))
            } else {
                for (i, (expected, actual)) in zip(attempts, result.attempts).enumerated() {
                    let field = "attempts[\(i)]"
                    if expected.via != actual.via {
                        fail(field, expected.via.text, actual.via.text)
                        continue
                    }
                    if let called = expected.called, try !meets(called, actual.called, "\(field).called") {
                        fail("\(field).called", called.description, quoted(actual.called))
                    }
                    if let caller = expected.caller, try !meets(caller, actual.caller, "\(field).caller") {
                        fail("\(field).caller", caller.description, quoted(actual.caller))
                    }
                    if let failover = expected.failover, failover != actual.isFailover {
                        fail("\(field).failover", String(failover), String(actual.isFailover))
                    }
                    if let blocked = expected.blocked, blocked != actual.blocked {
                        fail("\(field).blocked", blocked?.rawValue ?? "none", actual.blocked?.rawValue ?? "none")
                    }
                }
            }
        }
        if let reason, reason != result.release?.reason {
            fail("reason", reason.rawValue, result.release.map(\.reason.rawValue) ?? "none (outcome \(result.outcome.rawValue))")
        }
        if let operators, operators != result.huntingGroup?.operators {
            fail(
                "operators", Self.list(operators),
                result.huntingGroup.map { Self.list($0.operators) } ?? "none (outcome \(result.outcome.rawValue))")
        }
        if let maxDuration, maxDuration != result.maxDuration { fail("maxDuration", String(maxDuration), String(result.maxDuration)) }
        if let ringing, ringing != result.ringGroup?.ringing {
            fail(
                "ringing", Self.list(ringing),
                result.ringGroup.map { Self.list($0.ringing) } ?? "no ring group (outcome \(result.outcome.rawValue))")
        }
        if let followMe { checkFollowMe(followMe, result.followMe, fail: fail) }
        if let robust {
            let report = sensitivity()
            if report.holds != robust {
                let actual =
                    report.holds
                    ? "true (it holds under all \(report.alternatives.count) alternatives)"
                    : "false ("
                        + report.changing.map { "with \($0.setting): \($0.changes.joined(separator: "; "))" }.joined(separator: "; ") + ")"
                fail("robust", String(robust), actual)
            }
        }
        if let through {
            for (i, (reference, records)) in zip(through, resolved).enumerated() where !records.contains(where: exercised.contains) {
                fail("through[\(i)]", reference.description, "a trace that never touches it")
            }
        }
        return failures
    }

    func checkFollowMe(_ expected: [FollowMeExpectation], _ actual: FollowMe?, fail: (String, String, String) -> Void) {
        guard let actual else {
            fail("followMe", Self.list(expected.map(\.number)), "no follow-me")
            return
        }
        guard expected.map(\.number) == actual.destinations.map(\.number) else {
            fail("followMe", Self.list(expected.map(\.number)), Self.list(actual.destinations.map(\.number)))
            return
        }
        for (i, (e, a)) in zip(expected, actual.destinations).enumerated() {
            if let after = e.after, after != a.after { fail("followMe[\(i)].after", String(after), String(a.after)) }
            if let outcome = e.outcome, outcome != a.outcome { fail("followMe[\(i)].outcome", outcome.rawValue, a.outcome.rawValue) }
            if let target = e.target, target != a.target { fail("followMe[\(i)].target", target.text, a.target?.text ?? "no target") }
        }
    }

    static func count(_ vias: [Via]) -> String {
        let n = vias.count
        return "\(n) attempt\(n == 1 ? "" : "s")" + (vias.isEmpty ? "" : " (\(vias.map(\.text).joined(separator: ", ")))")
    }

    static func list(_ items: [String]) -> String { "[" + items.map(quoted).joined(separator: ", ") + "]" }
}
