import DialPlan
import RouteSim

/// The outcome of one case: the simulated call and the expectations it did not meet.
public struct CaseResult: Sendable {
    /// The case file the case comes from.
    public var source: String
    public var testCase: TestCase
    public var result: RouteResult
    public var failures: [ExpectationFailure]
    /// The records the call touched (for `through` and coverage).
    public var exercised: Set<RecordID>

    public var passed: Bool { failures.isEmpty }
}

/// Runs the cases of case files against one plan.
///
/// One routing model is built per set of assumptions the cases use, and reused.
public final class CaseRunner {
    public let snapshot: Snapshot
    private var simulators: [String: Simulator] = [:]

    /// A runner for a plan; refuses a plan with duplicate keys, as routing would be ambiguous.
    public init(snapshot: Snapshot) throws(SnapshotError) {
        try snapshot.requireUniqueKeys()
        self.snapshot = snapshot
    }

    /// Runs every case of `file`. A case that names something the plan lacks (a user, trunk or
    /// line to call from, a `through` record), or whose pattern PCRE2 cannot finish matching, is
    /// an error, not a failure: the file needs fixing.
    public func run(_ file: CaseFile) throws(CaseFileError) -> [CaseResult] {
        var results: [CaseResult] = []
        for testCase in file.cases {
            let reader = CaseReader(source: file.source).inCase(testCase.number, testCase.name)
            try checkOrigin(testCase, reader: reader)
            var resolved: [[Int]] = []
            for selector in testCase.expect.through ?? [] {
                let records = selector.matchingRecords(in: snapshot)
                if records.isEmpty {
                    throw CaseFileError(
                        source: file.source, line: selector.line, caseNumber: testCase.number, caseName: testCase.name,
                        field: selector.field, message: "the plan has no record \(selector.description)")
                }
                resolved.append(records)
            }
            let simulator = simulator(for: testCase.assumptions)
            let result: RouteResult
            do {
                result = try simulator.route(testCase.call)
            } catch {
                // A number the simulator cannot read (`TypedNumber`), or live state the plan lacks:
                // named by the field it came from.
                let field = error.kind == .invalidState ? "state" : error.role.map { $0 == .called ? "dial" : "from.caller" }
                throw CaseFileError(
                    source: file.source, line: testCase.line, caseNumber: testCase.number, caseName: testCase.name, field: field,
                    message: error.message)
            }
            let exercised = PlanCoverage.records(touchedBy: result, in: snapshot)
            let through = zip(testCase.expect.through ?? [], resolved).map { selector, indices in
                indices.map { RecordID(selector.table, $0) }
            }
            let failures: [ExpectationFailure]
            do {
                failures = try testCase.expect.check(result, exercised: exercised, through: through) {
                    simulator.sensitivity(of: testCase.call, answer: result) { self.simulator(for: $0) }
                }
            } catch {
                throw CaseFileError(
                    source: file.source, line: testCase.line, caseNumber: testCase.number, caseName: testCase.name,
                    field: "expect.\(error.field)", message: error.error.description)
            }
            results.append(CaseResult(source: file.source, testCase: testCase, result: result, failures: failures, exercised: exercised))
        }
        return results
    }

    /// The origin must exist in the plan: a case calling from a user the plan lacks is a typo.
    private func checkOrigin(_ testCase: TestCase, reader: CaseReader) throws(CaseFileError) {
        let line = testCase.line
        func missing(_ field: String, _ message: String) -> CaseFileError {
            CaseFileError(
                source: reader.source, line: line, caseNumber: testCase.number, caseName: testCase.name, field: field, message: message)
        }
        switch testCase.call.origin {
        case .localUser(let name):
            if !snapshot.localUsers.contains(where: { $0.name == name }) {
                throw missing("from.user", "the plan has no local user \(quoted(name))")
            }
        case .sipTrunk(let id, _):
            if !snapshot.sipTrunks.contains(where: { $0.id == id }) {
                throw missing("from.trunk", "the plan has no SIP trunk with servID \(id)")
            }
        case .externalLine(let name, _):
            if !snapshot.externalLines.contains(where: { $0.name == name }) {
                throw missing("from.line", "the plan has no external line \(quoted(name))")
            }
        case .caller:
            break
        }
    }

    /// The simulator of a set of assumptions: one model for the defaults, reused for every set
    /// it can serve (`Simulator.with(_:)`), one more per set that needs an index of its own.
    func simulator(for assumptions: Assumptions) -> Simulator {
        let key = assumptions.changedFromDefaults.joined(separator: "\n")
        if let simulator = simulators[key] { return simulator }
        let simulator: Simulator
        if key.isEmpty {
            // Keys were checked when the runner was made.
            simulator = Simulator(model: RoutingModel(unchecked: snapshot))
        } else {
            simulator = self.simulator(for: Assumptions()).with(assumptions)
        }
        simulators[key] = simulator
        return simulator
    }
}
