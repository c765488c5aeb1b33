import DialPlan
import Foundation
import RouteSim
import RouteSimTestSupport
import Testing

@testable import RouteSimCases

/// The assumption catalogue against the bundled cases: an assumption no bundled case depends on
/// is dead (nothing shows what it decides), and so is a value of it that changes nothing.
@Suite("Assumption catalogue against the corpus")
struct AssumptionCatalogTests {
    /// Every case of corpus/cases with the runner of its plan.
    static func corpusCases() throws -> [(runner: CaseRunner, testCase: TestCase, file: String)] {
        var runners: [String: CaseRunner] = [:]
        var cases: [(CaseRunner, TestCase, String)] = []
        for path in CaseSuite.expand([Corpus.cases.path]) {
            let file = try CaseFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), source: path)
            let plan = CaseSuite.resolve(file.plan, relativeTo: path)
            let runner = try runners[plan] ?? CaseSuite.loadPlan(plan, for: file)
            runners[plan] = runner
            for testCase in file.cases { cases.append((runner, testCase, path)) }
        }
        return cases
    }

    /// The result as far as a case can see it: no trace, no citations.
    static func answer(_ simulator: Simulator, _ call: Call) throws -> RouteResult {
        var result = try simulator.routeFast(call)
        result.cited = CitedAssumptions()
        return result
    }

    @Test("each assumption, flipped to each alternative, changes at least one bundled case's result")
    func noDeadAssumptions() throws {
        let cases = try Self.corpusCases()
        #expect(cases.count >= 90)
        // For each assumption, the alternatives (as NAME=VALUE) that changed some case, and one
        // such case each, for the message.
        var changed: [Assumptions.Name: [String: String]] = [:]
        var tried: [Assumptions.Name: Set<String>] = [:]
        for (runner, testCase, file) in cases {
            let base = runner.simulator(for: testCase.assumptions)
            let expected = try Self.answer(base, testCase.call)
            for info in Assumptions.catalog {
                // Every value but the default; dial-plan names: every plan of the case's plan.
                let values =
                    info.kind == .whatIf
                    ? Assumptions.UserState.allCases.map(\.rawValue)
                    : info.alternatives(to: Assumptions(), dialPlans: base.model.dialPlanNames)
                for value in values where value != info.value(in: Assumptions()) {
                    tried[info.id, default: []].insert(value)
                    var other = testCase.assumptions
                    try other.set(info.name, to: value)
                    if try Self.answer(runner.simulator(for: other), testCase.call) != expected {
                        changed[info.id, default: [:]][value] = "\(file): \(testCase.name)"
                    }
                }
            }
        }
        for info in Assumptions.catalog {
            let moved = changed[info.id] ?? [:]
            if info.alternatives(to: Assumptions(), dialPlans: []).isEmpty && info.kind != .whatIf {
                // A dial-plan name: some other plan must change some case.
                #expect(!moved.isEmpty, "\(info.name): no other dial plan changes any bundled case")
            } else {
                let dead = (tried[info.id] ?? []).subtracting(moved.keys).sorted()
                #expect(dead == [], "\(info.name): no bundled case changes with \(dead.map { "\(info.name)=\($0)" })")
            }
        }
    }
}
