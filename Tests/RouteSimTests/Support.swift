import DialPlan
import Foundation
import RouteSim
import RouteSimTestSupport
import Testing

/// A simulator over a snapshot written inline as JSON.
func simulator(_ json: String, _ assume: [String] = []) throws -> Simulator {
    let snapshot = try Snapshot(json: Array(json.utf8), source: "inline.json")
    var assumptions = Assumptions()
    for a in assume { try assumptions.set(a) }
    return try checkedSimulator(snapshot, assumptions)
}

/// A simulator over a bundled plan of `corpus/plans`.
func bundledSimulator(_ name: String, _ assume: [String] = []) throws -> Simulator {
    let url = Corpus.plan(name)
    let data = try Data(contentsOf: url)
    let snapshot = try Snapshot(json: [UInt8](data), source: url.path)
    var assumptions = Assumptions()
    for a in assume { try assumptions.set(a) }
    return try checkedSimulator(snapshot, assumptions)
}

/// A simulator whose model passed its invariant check.
func checkedSimulator(_ snapshot: Snapshot, _ assumptions: Assumptions) throws -> Simulator {
    let model = try RoutingModel(snapshot: snapshot, assumptions: assumptions)
    try model._checkInvariants()
    return Simulator(model: model)
}

extension Simulator {
    /// Routes with the trace and checks that the fast path gives the same answer.
    func check(_ origin: Origin, _ called: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> RouteResult {
        let traced = try route(Call(origin: origin, called: called))
        var fast = try routeFast(Call(origin: origin, called: called))
        #expect(fast.steps.isEmpty && fast.cited.isEmpty, sourceLocation: sourceLocation)
        fast.steps = traced.steps
        fast.cited = traced.cited
        #expect(fast == traced, "fast path and traced path disagree", sourceLocation: sourceLocation)
        // The citing path records the same assumptions as the trace, without the steps.
        let citing = try routeCiting(Call(origin: origin, called: called))
        #expect(citing.steps.isEmpty, sourceLocation: sourceLocation)
        #expect(citing.cited == traced.cited, "citing path and traced path cite differently", sourceLocation: sourceLocation)
        let named = Set(traced.steps.flatMap { $0.assumptions.map { String($0.prefix { $0 != "=" }) } })
        #expect(
            named == Set(traced.cited.names.map(\.text)), "the steps cite other assumptions than the result", sourceLocation: sourceLocation
        )
        return traced
    }
}

extension RouteResult {
    /// Attempts as `via:called:caller` strings, for compact exact comparisons.
    var attemptList: [String] {
        attempts.map { a in
            let via: String
            switch a.via {
            case .externalLine(let name): via = "line \(name)"
            case .sipTrunk(let id): via = "trunk \(id)"
            }
            return "\(via): \(a.called) from \(a.caller)\(a.isFailover ? " (failover)" : "")"
        }
    }

    /// The stages of the trace, in order.
    var stages: [Stage] { steps.map(\.stage) }

    /// The step of a stage (the first one), for checking what it recorded.
    func step(_ stage: Stage) -> TraceStep? { steps.first { $0.stage == stage } }
}
