import DialPlan
import RouteSim
import RouteSimGenerator
import Testing

@testable import RouteSimCases

/// The fast path makes a call's outgoing attempts in a loop of its own when nothing is recorded
/// or observed and no live state is given (`CallRun.leanAttempts`); the traced path makes them
/// step by step. These tests hold the two to the same answers wherever an assumption could set
/// them apart.
@Suite("Fast path agreement")
struct FastPathAgreementTests {
    /// The traced result without its steps and citations, or the error it threw.
    static func traced(_ simulator: Simulator, _ call: Call) -> Result<RouteResult, CallError> {
        Result { () throws(CallError) in
            var result = try simulator.route(call)
            result.steps = []
            result.cited = CitedAssumptions()
            return result
        }
    }

    static func fast(_ simulator: Simulator, _ call: Call) -> Result<RouteResult, CallError> {
        Result { () throws(CallError) in try simulator.routeFast(call) }
    }

    /// Every value of every assumption but the what-ifs, the default included (nil), as
    /// NAME=VALUE settings on top of `base`.
    static func variants(of base: Assumptions, dialPlans: [String]) throws -> [Assumptions] {
        var variants = [base]
        for info in Assumptions.catalog where info.kind != .whatIf {
            for value in info.alternatives(to: base, dialPlans: dialPlans) where value != info.value(in: base) {
                var other = base
                try other.set(info.name, to: value)
                variants.append(other)
            }
        }
        return variants
    }

    @Test("every bundled case, under every value of every assumption, with and without its live state")
    func bundledCases() throws {
        let cases = try AssumptionCatalogTests.corpusCases()
        #expect(cases.count >= 90)
        var compared = 0
        for (runner, testCase, file) in cases {
            let dialPlans = runner.simulator(for: testCase.assumptions).model.dialPlanNames
            for assumptions in try Self.variants(of: testCase.assumptions, dialPlans: dialPlans) {
                let simulator = runner.simulator(for: assumptions)
                var bare = testCase.call
                bare.state = LiveState()
                for call in [testCase.call, bare] {
                    let expected = Self.traced(simulator, call)
                    let fast = Self.fast(simulator, call)
                    #expect(fast == expected, "\(file): \(testCase.name), \(assumptions.settingsText)")
                    compared += 1
                }
            }
        }
        #expect(compared > 5_000)
    }

    @Test("a generated plan's calls, through routing groups and failover chains, under every value of every assumption")
    func generatedPlan() throws {
        let plan = PlanGenerator.generate(.init(rows: 1_000, seed: 42)).snapshot
        let calls = CallWorkload.calls(in: plan, count: 300, seed: 11)
        let model = try RoutingModel(snapshot: plan)
        var attempts = 0
        var failovers = 0
        for assumptions in try Self.variants(of: Assumptions(), dialPlans: model.dialPlanNames) {
            let simulator = Simulator(model: try RoutingModel(snapshot: plan, assumptions: assumptions))
            for call in calls {
                let expected = Self.traced(simulator, call)
                #expect(Self.fast(simulator, call) == expected, "\(call), \(assumptions.settingsText)")
                if case .success(let result) = expected {
                    attempts += result.attempts.count
                    failovers += result.attempts.filter(\.isFailover).count
                }
            }
        }
        // The calls went out on lines and trunks, through failover chains.
        #expect(attempts > 10_000 && failovers > 1_000, "\(attempts) attempts, \(failovers) failovers")
    }
}

extension Assumptions {
    /// The settings that differ from the defaults, for a message.
    fileprivate var settingsText: String {
        let defaults = Assumptions()
        let changed = Assumptions.catalog.filter { $0.value(in: self) != $0.value(in: defaults) }
        return changed.isEmpty ? "default assumptions" : changed.map { "\($0.name)=\($0.value(in: self))" }.joined(separator: " ")
    }
}
